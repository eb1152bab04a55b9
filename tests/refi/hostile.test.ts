/**
 * Hostile REFI-QDA projects: every loss or automatic resolution of `qda refi import` reaches the
 * user as a warning with its place (project.qde and the line of the element), and the .qdpx is
 * left byte-identical. Before, several were silent: a source in two cases (imported under the
 * last), two sources of one name (the second renamed), a code without a name (an empty name in
 * codebook.yaml), a passage with a memo but no code, a note attached to nothing, a code's memo
 * (all dropped); a selection outside its text and the codings of a missing source file were
 * clamped with a warning that had no place (those of a missing file to offset 0). A value of a
 * variable <Variables> does not define (an attribute named by a GUID), a case or source without a
 * name (named by its GUID) were silent; recordings, links and unknown users were counted without
 * a name or a place: now each names what the user recognises, with the GUID and the line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { parseRefiProject } from '../../src/ingest/read-refi.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { readCodings } from '../../src/ingest/read-codings.js';
import type { Diagnostic } from '../../src/model/types.js';

const G = (n: number) => `b0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** An invented project with one of each hostile thing; `lineOf(guid)` = its line in project.qde. */
const XML = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Vijandig">
  <Users><User guid="${G(900)}" name="Fem"/></Users>
  <CodeBook><Codes>
    <Code guid="${G(1)}" name="Overleg" isCodable="true"><NoteRef targetGUID="${G(802)}"/></Code>
    <Code guid="${G(2)}" name="" isCodable="true"/>
  </Codes></CodeBook>
  <Variables><Variable guid="${G(600)}" name="team" typeOfVariable="Text"/></Variables>
  <Cases>
    <Case guid="${G(700)}" name="P1"><VariableValue><VariableRef targetGUID="${G(600)}"/><TextValue>noord</TextValue></VariableValue><SourceRef targetGUID="${G(10)}"/></Case>
    <Case guid="${G(701)}" name="P2"><SourceRef targetGUID="${G(10)}"/><SourceRef targetGUID="${G(99)}"/></Case>
    <Case guid="${G(702)}" name="P3"/>
  </Cases>
  <Sources>
    <TextSource guid="${G(10)}" name="gesprek" plainTextPath="internal://${G(10)}.txt">
      <VariableValue><VariableRef targetGUID="${G(600)}"/><TextValue>zuid</TextValue></VariableValue>
      <PlainTextSelection guid="${G(20)}" startPosition="5" endPosition="500"><Coding guid="${G(30)}"><CodeRef targetGUID="${G(1)}"/></Coding></PlainTextSelection>
      <PlainTextSelection guid="${G(21)}" startPosition="0" endPosition="4"><Coding guid="${G(31)}"><CodeRef targetGUID="${G(55)}"/></Coding></PlainTextSelection>
      <PlainTextSelection guid="${G(22)}" startPosition="0" endPosition="4"><NoteRef targetGUID="${G(801)}"/></PlainTextSelection>
      <PlainTextSelection guid="${G(23)}" startPosition="0" endPosition="4"><Coding guid="${G(32)}"><CodeRef targetGUID="${G(2)}"/></Coding></PlainTextSelection>
      <PlainTextSelection guid="${G(26)}" startPosition="x" endPosition="4"><Coding guid="${G(35)}"><CodeRef targetGUID="${G(1)}"/></Coding></PlainTextSelection>
    </TextSource>
    <TextSource guid="${G(11)}" name="gesprek" plainTextPath="internal://${G(11)}.txt">
      <PlainTextSelection guid="${G(24)}" startPosition="0" endPosition="4"><Coding guid="${G(33)}"><CodeRef targetGUID="${G(1)}"/></Coding></PlainTextSelection>
    </TextSource>
    <TextSource guid="${G(12)}" name="weg" plainTextPath="internal://${G(12)}.txt">
      <PlainTextSelection guid="${G(25)}" startPosition="3" endPosition="9"><Coding guid="${G(34)}"><CodeRef targetGUID="${G(1)}"/></Coding></PlainTextSelection>
    </TextSource>
  </Sources>
  <Notes>
    <Note guid="${G(800)}"><PlainTextContent>Losse notitie over het project</PlainTextContent></Note>
    <Note guid="${G(801)}"><PlainTextContent>Bij een passage zonder code</PlainTextContent></Note>
    <Note guid="${G(802)}"><PlainTextContent>Memo bij de code Overleg</PlainTextContent></Note>
  </Notes>
  <Sets><Set guid="${G(500)}" name="Set A"/></Sets>
</Project>`;
const lineOf = (n: number) => XML.split('\n').findIndex((l) => l.includes(`guid="${G(n)}"`)) + 1;
const TEXT = 'Anna: we overleggen.\nAnna: klaar.\n';
const zip = () => zipSync({ 'project.qde': strToU8(XML), [`sources/${G(10)}.txt`]: strToU8(TEXT), [`sources/${G(11)}.txt`]: strToU8('Bert: ja.\n') });

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-refi-hostile-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('refi import of a hostile project: every loss is a warning with its place', () => {
  let diags: Diagnostic[];
  let imp: Awaited<ReturnType<typeof parseRefiProject>>;
  beforeAll(async () => {
    diags = [];
    imp = await parseRefiProject(zip(), 'h.qdpx', { report: (d) => diags.push(d) });
  });
  const find = (rule: string) => {
    const d = diags.filter((x) => x.ruleId === rule);
    expect(d.length, `${rule} in ${diags.map((x) => x.ruleId).join(', ')}`).toBeGreaterThan(0);
    return d;
  };

  it('a selection outside its text: clamped, said with the line, the offsets before and after', () => {
    const [d] = find('bad-offsets').filter((x) => x.message.includes('[5, 500)'));
    expect(d.file).toBe('h.qdpx:project.qde');
    expect(d.line).toBe(lineOf(20));
    expect(d.message).toBe(`a selection in "gesprek" [5, 500) lies outside the text (length ${TEXT.length}); its 1 coding(s) are imported at [5, ${TEXT.length})`);
  });

  it('a selection without numeric offsets: its codings not imported, said with the line and the count', () => {
    const [d] = find('bad-offsets').filter((x) => x.message.includes('"x"'));
    expect(d.line).toBe(lineOf(26));
    expect(d.message).toContain('its 1 coding(s) are not imported');
  });

  it('a code GUID the CodeBook does not define: kept under the GUID, with the count and the place', () => {
    const [d] = find('unknown-code');
    expect(d.line).toBe(lineOf(31));
    expect(d.message).toBe(`1 coding(s) (the first in "gesprek") refer to code ${G(55)}, which the CodeBook does not define; kept under that id`);
    expect(imp.doc.codings.some((c) => c.code === G(55))).toBe(true);
  });

  it('two sources with one name: the second renamed, and said so (was silent)', () => {
    const [d] = find('duplicate-source-name');
    expect(d.line).toBe(lineOf(11));
    expect(d.message).toContain('two sources are named "gesprek"');
    expect(d.message).toContain('imported as "gesprek-2"');
    expect(imp.doc.sources.map((s) => s.id)).toEqual(['gesprek', 'gesprek-2', 'weg']);
  });

  it('a source file missing from the archive: said with the line; its codings keep their offsets (were clamped to 0)', () => {
    expect(find('missing-source-file')[0].line).toBe(lineOf(12));
    const [d] = find('codings-without-text');
    expect(d.message).toBe('source "weg" has no text: its 1 coding(s) are imported with their offsets as given (not checked, no segment)');
    const c = imp.doc.codings.find((x) => x.sourceId === 'weg')!;
    expect([c.start, c.end]).toEqual([3, 9]);
    expect(diags.filter((x) => x.ruleId === 'bad-offsets' && x.message.includes('"weg"'))).toEqual([]);
  });

  it('a code without a name: named by its id, and said so (was an empty name)', () => {
    const [d] = find('code-without-name');
    expect(d.line).toBe(lineOf(2));
    expect(imp.codebook.codes.find((c) => c.id === 'code-2')!.name).toEqual({ en: 'code-2', nl: 'code-2' });
  });

  it('a source in two cases: the first case kept, and said with both (was the last, silently)', () => {
    const [d] = find('source-in-two-cases');
    expect(d.line).toBe(lineOf(701));
    expect(d.message).toContain(`source "gesprek" is in two cases, "P1" (line ${lineOf(700)}) and "P2"`);
    expect(imp.doc.sources[0].case).toBe('P1');
  });

  it('a case without sources, a case naming a source that is not there, source and case values that differ', () => {
    expect(find('case-without-source')[0].line).toBe(lineOf(702));
    expect(find('case-unknown-source')[0].message).toContain(`case "P2" → ${G(99)}`);
    const [d] = find('source-case-value-differs');
    expect(d.message).toBe('source "gesprek" has "team" = "zuid" and its case "P1" has "team" = "noord"; the source\'s value is kept');
    expect(imp.doc.sources[0].attributes.team).toBe('zuid');
  });

  it('a passage with only a memo, a note attached to nothing, Sets: reported; a code\'s memo is kept in its meta', () => {
    expect(find('selection-without-coding')[0].message).toBe('1 selection(s) carry no coding (quotations, or passages with only a memo) and are not imported; their 1 memo(s) are kept as memos of their source');
    expect(find('selection-without-coding')[0].line).toBe(lineOf(22));
    const [n] = find('unattached-note');
    expect(n.line).toBe(lineOf(800));
    expect(n.message).toContain('1 note(s)');
    expect(n.message).toContain('"Losse notitie over het project"');
    expect(find('not-imported')[0].message).toContain('1 Set(s)');
    expect(imp.codebook.codes.find((c) => c.id === 'overleg')!.meta).toEqual({ memos: ['Memo bij de code Overleg'] });
  });

  it('qda refi import prints every warning with file:line, says how many, leaves the .qdpx byte-identical, and writes a folder the commands read', async () => {
    const bytes = zip();
    writeFileSync(join(dir, 'h.qdpx'), bytes);
    const io = memoryIo(dir);
    const code = await main(['refi', 'import', 'h.qdpx', '-o', 'imp'], io);
    expect(code, io.err()).toBe(0);
    expect(Buffer.compare(readFileSync(join(dir, 'h.qdpx')), Buffer.from(bytes))).toBe(0);
    for (const rule of ['bad-offsets', 'unknown-code', 'duplicate-source-name', 'missing-source-file', 'codings-without-text', 'code-without-name', 'source-in-two-cases', 'case-unknown-source', 'selection-without-coding', 'unattached-note']) {
      expect(io.err(), rule).toMatch(new RegExp(`h\\.qdpx:project\\.qde:\\d+: warning: .*\\[ingest:${rule}\\]`));
    }
    expect(io.out()).toMatch(/warnings? above/);
    const doc = await readCodings('imp/codings.json', { cwd: dir });
    expect(doc.codings.length).toBe(imp.doc.codings.length);
    const v = memoryIo(dir);
    expect(await main(['codebook', 'validate', 'imp/codebook.yaml'], v), v.err()).toBe(0);
  });
});

describe('refi import: more passages that are not imported as written, each with its line', () => {
  const X = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Vijandig 2">
  <Users><User guid="${G(900)}" name="Fem"/></Users>
  <CodeBook><Codes><Code guid="${G(1)}" name="Overleg" isCodable="true"/></Codes></CodeBook>
  <Sources>
    <TextSource guid="${G(10)}" name="gesprek">
      <PlainTextContent>Anna: we overleggen elke week.</PlainTextContent>
      <PlainTextSelection guid="${G(20)}" startPosition="9" endPosition="0"><Coding guid="${G(30)}" creatingUser="${G(901)}"><CodeRef targetGUID="${G(1)}"/></Coding></PlainTextSelection>
      <PlainTextSelection guid="${G(21)}" name="iets heel anders" startPosition="0" endPosition="4"><Coding guid="${G(31)}"><CodeRef targetGUID="${G(1)}"/></Coding></PlainTextSelection>
    </TextSource>
    <PDFSource guid="${G(11)}" name="nota.pdf" path="internal://nota.pdf">
      <PDFSelection guid="${G(22)}" page="1" firstX="1" firstY="1" secondX="2" secondY="2"><Coding guid="${G(32)}"><CodeRef targetGUID="${G(1)}"/></Coding></PDFSelection>
      <Representation guid="${G(12)}" name="nota" plainTextPath="internal://${G(12)}.txt"/>
    </PDFSource>
    <PDFSource guid="${G(13)}" name="scan.pdf" path="internal://scan.pdf">
      <PDFSelection guid="${G(23)}" page="1" firstX="1" firstY="1" secondX="2" secondY="2"><Coding guid="${G(33)}"><CodeRef targetGUID="${G(1)}"/></Coding></PDFSelection>
    </PDFSource>
  </Sources>
</Project>`;
  const line = (n: number) => X.split('\n').findIndex((l) => l.includes(`guid="${G(n)}"`)) + 1;
  it('end before start, a quote that does not match, an unknown user, PDF regions, a PDF without text', async () => {
    const diags: Diagnostic[] = [];
    await parseRefiProject(zipSync({ 'project.qde': strToU8(X), [`sources/${G(12)}.txt`]: strToU8('Nota over overleg.') }), 'h2.qdpx', { report: (d) => diags.push(d) });
    const by = (rule: string) => diags.find((d) => d.ruleId === rule);
    expect(by('swapped-offsets')?.line).toBe(line(20));
    expect(by('swapped-offsets')?.message).toContain('1 selection(s) end before they start');
    expect(by('selection-mismatch')?.line).toBe(line(21));
    expect(by('unknown-user')?.message).toBe(`1 coding(s) name a creatingUser that <Users> does not list (${G(901)}; the first in source "gesprek"); their coder is that GUID`);
    expect(by('unknown-user')?.line).toBe(line(30));
    expect(by('pdf-regions')?.line).toBe(line(11));
    expect(by('pdf-regions')?.message).toContain('1 PDFSelection(s) (regions of a page) are not imported');
    const pdf = diags.find((d) => d.ruleId === 'unsupported-source');
    expect(pdf?.line).toBe(line(13));
    expect(pdf?.message).toBe('PDF source "scan.pdf" has no plain-text representation; skipped with its 1 selection(s)');
  });
});

describe('refi import: warnings name what the user recognises (the name), with the GUID where it helps', () => {
  const X = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Namen">
  <CodeBook><Codes><Code guid="${G(1)}" name="Overleg" isCodable="true"><Code guid="${G(2)}" name="" isCodable="true"/></Code></Codes></CodeBook>
  <Variables><Variable guid="${G(600)}" name="team" typeOfVariable="Text"/></Variables>
  <Cases>
    <Case guid="${G(700)}" name="P1"><VariableValue><VariableRef targetGUID="${G(601)}"/><TextValue>noord</TextValue></VariableValue><SourceRef targetGUID="${G(10)}"/><SourceRef targetGUID="${G(40)}"/></Case>
    <Case guid="${G(701)}"><SourceRef targetGUID="${G(11)}"/></Case>
  </Cases>
  <Sources>
    <TextSource guid="${G(10)}" name="gesprek"><PlainTextContent>Anna: we overleggen.</PlainTextContent>
      <PlainTextSelection guid="${G(20)}" startPosition="0" endPosition="4"><Coding guid="${G(30)}"><CodeRef targetGUID="${G(2)}"/></Coding></PlainTextSelection>
    </TextSource>
    <TextSource guid="${G(11)}"><PlainTextContent>Bert: ja.</PlainTextContent></TextSource>
    <AudioSource guid="${G(40)}" name="opname-3.mp3" path="internal://a.mp3"><AudioSelection guid="${G(41)}" begin="0" end="9"><Coding guid="${G(42)}"><CodeRef targetGUID="${G(1)}"/></Coding></AudioSelection></AudioSource>
  </Sources>
  <Links><Link guid="${G(50)}" name="hoort bij" originGUID="${G(1)}" targetGUID="${G(10)}"/></Links>
</Project>`;
  const line = (n: number) => X.split('\n').findIndex((l) => l.includes(`guid="${G(n)}"`)) + 1;
  it('variables, cases, sources and links without a name or definition; recordings; each with the name and its line', async () => {
    const diags: Diagnostic[] = [];
    const imp = await parseRefiProject(zipSync({ 'project.qde': strToU8(X) }), 'n.qdpx', { report: (d) => diags.push(d) });
    const by = (rule: string) => diags.find((d) => d.ruleId === rule);
    // a value of an undefined variable became an attribute named by a GUID, without a word
    expect(by('unknown-variable')?.message).toBe(`1 value(s) (the first of case "P1") refer to variable ${G(601)}, which <Variables> does not define; imported under that GUID as the attribute's name`);
    expect(by('unknown-variable')?.line).toBe(line(700));
    // a case without a name: its sources' case was its GUID, without a word
    expect(by('case-without-name')?.message).toBe(`a case has no name; its sources get the case "${G(701)}" (its GUID)`);
    expect(by('case-without-name')?.line).toBe(line(701));
    // a source without a name: imported as sources/<GUID>.txt, without a word
    expect(by('source-without-name')?.message).toBe(`a text source has no name; imported as "${G(11)}" (its GUID)`);
    expect(by('source-without-name')?.line).toBe(line(11));
    expect(imp.doc.sources.map((s) => s.id)).toContain(G(11));
    // the code without a name says under which code it is
    expect(by('code-without-name')?.message).toContain(`a code (GUID ${G(2)}, under "Overleg") has no name`);
    // a recording: its name and its codings (was: "1 AudioSource element(s) skipped")
    expect(by('unsupported-source')?.message).toBe('1 AudioSource element(s) skipped ("opname-3.mp3") with their 1 coding(s): only text (and PDF text representations) are imported');
    expect(by('unsupported-source')?.line).toBe(line(40));
    // a case naming the recording: by its name (was the GUID only)
    expect(by('case-unknown-source')?.message).toContain(`case "P1" → AudioSource "opname-3.mp3" (${G(40)})`);
    // a Link between a code and a source: its name and line (was a count without a place)
    expect(by('unsupported-link')?.message).toBe('1 Link(s) between elements other than codings (codes, sources, notes) are not imported ("hoort bij")');
    expect(by('unsupported-link')?.line).toBe(line(50));
  });
});
