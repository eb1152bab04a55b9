/**
 * qda refi import → qda refi export → qda refi import keeps the memos and categories a project
 * brought in. Before: codebook.yaml left out a code's memos and that a category is not codable
 * (both kept only in memory), qda refi export wrote no source memo and no code memo, and a
 * category came back codable (isCodable="true").
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
import { codingsDocumentText } from '../../src/export/codings-document.js';
import { codeWords, mkSource } from './helpers.js';

const G = (n: number) => `e0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const XML = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Memo's">
<Users><User guid="${G(900)}" name="fem"/><User guid="${G(901)}" name="bas"/></Users>
<CodeBook><Codes>
<Code guid="${G(1)}" name="Relatie" isCodable="false"><Description>Alles over de relatie</Description>
<Code guid="${G(2)}" name="Vertrouwen" isCodable="true" color="#00ff00"><NoteRef targetGUID="${G(802)}"/></Code>
</Code>
</Codes></CodeBook>
<Sources>
<TextSource guid="${G(10)}" name="gesprek" plainTextPath="internal://${G(10)}.txt">
<Description>Gesprek op kantoor, rumoerig</Description>
<PlainTextSelection guid="${G(20)}" name="we vertrouwen elkaar" startPosition="6" endPosition="26" creatingUser="${G(900)}"><Description>Sterk gezegd</Description><Coding guid="${G(30)}" creatingUser="${G(900)}"><CodeRef targetGUID="${G(2)}"/></Coding></PlainTextSelection>
<PlainTextSelection guid="${G(21)}" name="we vertrouwen elkaar" startPosition="6" endPosition="26" creatingUser="${G(901)}"><Coding guid="${G(31)}" creatingUser="${G(901)}"><CodeRef targetGUID="${G(2)}"/></Coding></PlainTextSelection>
</TextSource>
</Sources>
<Notes><Note guid="${G(802)}" creationDateTime="2024-01-01T00:00:00Z"><PlainTextContent>Let op: ook wantrouwen</PlainTextContent></Note></Notes>
</Project>`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-refi-rt-memos-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = async (args: string[]) => {
  const io = memoryIo(dir);
  const code = await main(args, io);
  expect(code, io.err()).toBe(0);
  return io;
};

describe('refi import → export → import: memos of sources and codes, and categories', () => {
  it('keeps them all, the codings and their coders, and writes a project valid against Project.xsd', async () => {
    const bytes = zipSync({ 'project.qde': strToU8(XML), [`sources/${G(10)}.txt`]: strToU8('Anna: we vertrouwen elkaar.\n') });
    writeFileSync(join(dir, 'a.qdpx'), bytes);
    await run(['refi', 'import', 'a.qdpx', '-o', 'one']);
    const yaml = readFileSync(join(dir, 'one', 'codebook.yaml'), 'utf8');
    expect(yaml).toContain('  - id: relatie\n    name:\n      en: Relatie\n      nl: Relatie\n    definition: Alles over de relatie\n    codable: false\n');
    expect(yaml).toContain('    color: "#00ff00"\n    meta:\n      memos:\n        - "Let op: ook wantrouwen"\n');
    await run(['codebook', 'validate', 'one/codebook.yaml']);

    await run(['refi', 'export', 'one/codings.json', '-c', 'one/codebook.yaml', '-o', 'b.qdpx']);
    const files = unzipSync(new Uint8Array(readFileSync(join(dir, 'b.qdpx'))));
    const xml = strFromU8(files['project.qde']);
    expect(xml).toMatch(/<Code guid="[^"]+" name="Relatie" isCodable="false">/);
    expect(xml).toContain('<Description>Gesprek op kantoor, rumoerig</Description>');
    // (a code's memo: in its Description after a line with its date, where QualCoder reads a code's memo; not a Note)
    expect(xml).toContain('<Description>[memo 1 of 1, created 2024-01-01T00:00:00Z]\nLet op: ook wantrouwen\nqdakit-codebook: refi-import</Description>');
    expect(xml).not.toContain('<PlainTextContent>Let op: ook wantrouwen</PlainTextContent>');
    const schema = readFileSync(join(__dirname, '../../schemas/refi-qda/Project.xsd'), 'utf8');
    const v = await validateXML({ xml: [{ fileName: 'project.qde', contents: xml }], schema: [schema] });
    expect(v.errors).toEqual([]);

    const again = await run(['refi', 'import', 'b.qdpx', '-o', 'two']);
    expect(again.err()).toBe('');
    const one = await readCodings('one/codings.json', { cwd: dir });
    const two = await readCodings('two/codings.json', { cwd: dir });
    const view = (d: typeof one) => d.codings.map((c) => [c.code, c.coder, c.start, c.end, c.memo ?? '']).sort();
    expect(view(two)).toEqual(view(one));
    expect(view(one)).toEqual([
      ['vertrouwen', 'bas', 6, 26, ''],
      ['vertrouwen', 'fem', 6, 26, 'Sterk gezegd'],
    ]);
    expect(two.sources[0].meta?.memos).toEqual(['Gesprek op kantoor, rumoerig']);
    expect(readFileSync(join(dir, 'two', 'codebook.yaml'), 'utf8')).toContain('    codable: false\n');
    expect(readFileSync(join(dir, 'two', 'codebook.yaml'), 'utf8')).toContain('      memos:\n        - "Let op: ook wantrouwen"\n');
    expect(Buffer.compare(readFileSync(join(dir, 'a.qdpx')), Buffer.from(bytes))).toBe(0);
  });
});

describe("refi export → import: a codebook's criteria", () => {
  it('travel in the Code\'s Description as a .qdc export writes them, and come back as include, exclude, indicators and examples (were left out)', async () => {
    writeFileSync(
      join(dir, 'boek.yaml'),
      [
        'id: boek',
        'name: Boek',
        'language: nl',
        'codes:',
        '  - id: overleg',
        '    name: Overleg',
        '    definition: Afstemming tussen partners.',
        '    include: [gezamenlijke vergadering, "afspraken: wie doet wat"]',
        '    exclude: [informeel contact]',
        '    indicators: [agenda]',
        '    examples: [We zitten elke week samen.]',
        '',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'gesprek.txt'), 'Anna: We hebben overleg elke week.\n');
    await run(['refi', 'export', 'gesprek.txt', '-c', 'boek.yaml', '--lang', 'nl', '-o', 'c.qdpx']);
    const xml = strFromU8(unzipSync(new Uint8Array(readFileSync(join(dir, 'c.qdpx'))))['project.qde']);
    expect(xml).toContain('<Description>Afstemming tussen partners.\n\nInclusie:\n- gezamenlijke vergadering\n- afspraken: wie doet wat\n\nExclusie:\n- informeel contact\n\nIndicatoren:\n- agenda\n\nVoorbeelden:\n- We zitten elke week samen.\nqdakit-codebook: boek</Description>');
    await run(['refi', 'import', 'c.qdpx', '-o', 'three']);
    const yaml = readFileSync(join(dir, 'three', 'codebook.yaml'), 'utf8');
    expect(yaml).toContain(
      '    definition: Afstemming tussen partners.\n    include:\n      - gezamenlijke vergadering\n      - "afspraken: wie doet wat"\n    exclude:\n      - informeel contact\n    indicators:\n      - agenda\n    examples:\n      - We zitten elke week samen.\n',
    );
    await run(['codebook', 'validate', 'three/codebook.yaml']);
  });
});

describe("refi export → import: a coding's own attributes", () => {
  it('travel in a Note of their own (the memo in its selection\'s Description) and come back (were left out of the .qdpx without a word)', async () => {
    const s = mkSource('enquete', 'Anna: De gemeente luistert niet.\nAnna: Het budget is op.\n');
    const doc = {
      provenance: { tool: 'qdakit', version: '0' },
      codebooks: [],
      codes: [{ id: 'kritiek' }],
      sources: [s],
      segments: [],
      codings: [
        codeWords(s, 'De gemeente luistert niet.', 'kritiek', 'fem', { attributes: { houder: 'gemeente', vraag: 'Q3' }, memo: 'Scherp.' }),
        codeWords(s, 'Het budget is op.', 'kritiek', 'fem', { attributes: { houder: 'wijkteam' } }),
      ],
    };
    writeFileSync(join(dir, 'eigen.json'), codingsDocumentText(doc));
    await run(['refi', 'export', 'eigen.json', '-o', 'd.qdpx']);
    const xml = strFromU8(unzipSync(new Uint8Array(readFileSync(join(dir, 'd.qdpx'))))['project.qde']);
    expect(xml).toContain('<Description>Scherp.</Description>');
    expect(xml).toContain('<PlainTextContent>qdakit-attributes: {&quot;houder&quot;:&quot;gemeente&quot;,&quot;vraag&quot;:&quot;Q3&quot;}</PlainTextContent>');
    const io = await run(['refi', 'import', 'd.qdpx', '-o', 'four']);
    expect(io.err()).toBe('');
    const back = await readCodings('four/codings.json', { cwd: dir });
    expect(back.codings.map((c) => [c.start, c.end, c.memo ?? '', c.attributes])).toEqual([
      [6, 32, 'Scherp.', { houder: 'gemeente', vraag: 'Q3' }],
      [39, 56, '', { houder: 'wijkteam' }],
    ]);
  });
});
