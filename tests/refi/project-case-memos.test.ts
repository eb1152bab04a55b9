/**
 * The memos of the project, of cases, of variables and of sets (their <Description>, the project's NoteRefs)
 * travel through qda refi import → qda refi export → qda refi import. Before: the import said them
 * (description-not-imported) and dropped them, so a round trip lost every one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync, unzipSync, strToU8, strFromU8 } from 'fflate';
import { validateXML } from 'xmllint-wasm';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { readCodings } from '../../src/ingest/read-codings.js';

const G = (n: number) => `d0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const XML = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Wijkteams">
<Users><User guid="${G(900)}" name="fem"/></Users>
<CodeBook><Codes><Code guid="${G(1)}" name="Overleg" isCodable="true"/></Codes></CodeBook>
<Variables>
<Variable guid="${G(600)}" name="wijk" typeOfVariable="Text"><Description>de wijk van het team</Description></Variable>
<Variable guid="${G(601)}" name="leeftijd" typeOfVariable="Integer"><Description>niemand heeft een leeftijd</Description></Variable>
</Variables>
<Cases>
<Case guid="${G(700)}" name="Team Noord"><Description>Twee coördinatoren, één vacature</Description><VariableValue><VariableRef targetGUID="${G(600)}"/><TextValue>Noord</TextValue></VariableValue><SourceRef targetGUID="${G(10)}"/><SourceRef targetGUID="${G(11)}"/></Case>
<Case guid="${G(701)}" name="Team Zuid"><Description>Nog niet gesproken</Description></Case>
</Cases>
<Sources>
<TextSource guid="${G(10)}" name="noord-1" plainTextPath="internal://${G(10)}.txt">
<PlainTextSelection guid="${G(20)}" name="we overleggen" startPosition="6" endPosition="19" creatingUser="${G(900)}"><Coding guid="${G(30)}" creatingUser="${G(900)}"><CodeRef targetGUID="${G(1)}"/></Coding></PlainTextSelection>
</TextSource>
<TextSource guid="${G(11)}" name="noord-2" plainTextPath="internal://${G(11)}.txt"/>
</Sources>
<Notes><Note guid="${G(800)}" name="Opzet" creationDateTime="2024-02-01T00:00:00Z"><PlainTextContent>Vier teams, twee rondes</PlainTextContent></Note></Notes>
<Sets><Set guid="${G(500)}" name="pilot"><Description>de teams van de eerste ronde</Description><MemberSource targetGUID="${G(11)}"/></Set></Sets>
<Description>Evaluatie van de wijkteams</Description>
<NoteRef targetGUID="${G(800)}"/>
</Project>`;
const line = (n: number) => XML.split('\n').findIndex((l) => l.includes(`guid="${G(n)}"`)) + 1;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-refi-project-memos-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const run = async (args: string[]) => {
  const io = memoryIo(dir);
  expect(await main(args, io), io.err()).toBe(0);
  return io;
};

describe('refi: memos of the project, cases, variables and sets', () => {
  it('are kept in the meta of their sources, written back into their elements (valid against Project.xsd) and kept again', async () => {
    const bytes = zipSync({ 'project.qde': strToU8(XML), [`sources/${G(10)}.txt`]: strToU8('Bram: we overleggen elke week.\n'), [`sources/${G(11)}.txt`]: strToU8('Cor: soms.\n') });
    writeFileSync(join(dir, 'a.qdpx'), bytes);
    const one = await run(['refi', 'import', 'a.qdpx', '-o', 'one']);
    expect(Buffer.compare(readFileSync(join(dir, 'a.qdpx')), Buffer.from(bytes))).toBe(0);
    // what has no source to keep it is said, with the line of the first
    expect(one.err()).toContain(
      `a.qdpx:project.qde:${line(701)}: warning: the description (memo) of 1 case ("Team Zuid"), of 1 variable ("leeftijd") is not imported: qdakit keeps such a memo in the meta of the sources it belongs to (caseMemo, variableMemos, projectMemos), and these have no source imported (a case without its sources, a variable or set no source has a value for) [ingest:description-not-imported]`,
    );
    expect(one.err()).not.toContain('unattached-note');
    const doc = await readCodings('one/codings.json', { cwd: dir });
    const meta = (id: string) => doc.sources.find((s) => s.id === id)!.meta;
    expect(meta('noord-1')).toEqual({ projectMemos: ['Evaluatie van de wijkteams', 'Vier teams, twee rondes'], caseMemo: 'Twee coördinatoren, één vacature', variableMemos: { wijk: 'de wijk van het team' }, refiName: 'noord-1' });
    expect(meta('noord-2')).toEqual({ projectMemos: ['Evaluatie van de wijkteams', 'Vier teams, twee rondes'], caseMemo: 'Twee coördinatoren, één vacature', variableMemos: { wijk: 'de wijk van het team', pilot: 'de teams van de eerste ronde' }, refiName: 'noord-2' });

    await run(['refi', 'export', 'one/codings.json', '-c', 'one/codebook.yaml', '-o', 'b.qdpx']);
    const xml = strFromU8(unzipSync(new Uint8Array(readFileSync(join(dir, 'b.qdpx'))))['project.qde']);
    expect(xml).toContain('<Variable guid="' + xml.match(/<Variable guid="([^"]+)" name="wijk"/)![1] + '" name="wijk" typeOfVariable="Text">\n      <Description>de wijk van het team</Description>\n    </Variable>');
    expect(xml).toMatch(/name="pilot" typeOfVariable="Text">\n {6}<Description>de teams van de eerste ronde<\/Description>/);
    expect(xml).toMatch(/<Case guid="[^"]+" name="Team Noord">\n {6}<Description>Twee coördinatoren, één vacature<\/Description>/);
    expect(xml).toContain('  <Description>Evaluatie van de wijkteams\n\nVier teams, twee rondes</Description>\n</Project>');
    const schema = readFileSync(join(__dirname, '../../schemas/refi-qda/Project.xsd'), 'utf8');
    const v = await validateXML({ xml: [{ fileName: 'project.qde', contents: xml }], schema: [schema], maxMemoryPages: 4096 });
    expect(v.errors).toEqual([]);

    const two = await run(['refi', 'import', 'b.qdpx', '-o', 'two']);
    expect(two.err()).toBe('');
    const again = await readCodings('two/codings.json', { cwd: dir });
    const m2 = again.sources.find((s) => s.id === 'noord-2')!.meta!;
    expect(m2.caseMemo).toBe('Twee coördinatoren, één vacature');
    expect(m2.variableMemos).toEqual({ wijk: 'de wijk van het team', pilot: 'de teams van de eerste ronde' });
    // (the project's Description and its note come back as one memo: REFI-QDA's Description is one text)
    expect(m2.projectMemos).toEqual(['Evaluatie van de wijkteams\n\nVier teams, twee rondes']);
  });
});
