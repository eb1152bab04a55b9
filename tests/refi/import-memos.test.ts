/**
 * What a REFI-QDA project keeps outside codings, as QualCoder (and others) write it: a source's memo in
 * its <Description>, a PDF's memo, values and case on the PDFSource (not on its text representation),
 * memos of the project, cases and variables, codings of a whole picture or in a note's text, cases
 * made of passages, notes whose text file is missing. Before, each was dropped without a word (the PDF's
 * text went to a case of its own), and a coding's memo that `qda refi export` also lists under the
 * source (for QualCoder) came back as a memo of the whole source as well.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { parseRefiProject } from '../../src/ingest/read-refi.js';
import { buildRefiProject, zipRefiProject } from '../../src/export/refi-project.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import type { Diagnostic } from '../../src/model/types.js';
import { codeWords, mkSource } from './helpers.js';

const G = (n: number) => `c0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const XML = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="QualCoder-achtig">
<Users><User guid="${G(900)}" name="fem"/></Users>
<CodeBook><Codes><Code guid="${G(1)}" name="Gevoel" isCodable="true"/></Codes></CodeBook>
<Variables><Variable guid="${G(600)}" name="leeftijd" typeOfVariable="Float"><Description>in jaren</Description></Variable></Variables>
<Cases>
<Case guid="${G(700)}" name="Anna"><Description>Anna is coördinator</Description><SourceRef targetGUID="${G(10)}"/><SourceRef targetGUID="${G(11)}"/></Case>
<Case guid="${G(701)}" name="Fragmenten"><SelectionRef targetGUID="${G(20)}"/><CodeRef targetGUID="${G(1)}"/></Case>
</Cases>
<Sources>
<TextSource guid="${G(10)}" name="interview.txt" plainTextPath="internal://${G(10)}.txt">
<Description>Gesprek op kantoor</Description>
<PlainTextSelection guid="${G(20)}" startPosition="0" endPosition="4"><Coding guid="${G(30)}" creatingUser="${G(900)}"><CodeRef targetGUID="${G(1)}"/></Coding></PlainTextSelection>
<PlainTextSelection guid="${G(25)}" startPosition="11" endPosition="15"><Description>Herhaling!</Description></PlainTextSelection>
<NoteRef targetGUID="${G(803)}"/>
</TextSource>
<PDFSource guid="${G(11)}" name="nota.pdf" path="internal://${G(11)}.pdf">
<Description>De nota van de gemeente</Description>
<Representation guid="${G(12)}" plainTextPath="internal://${G(12)}.txt" name="nota.pdf">
<PlainTextSelection guid="${G(21)}" startPosition="0" endPosition="4"><Coding guid="${G(31)}"><CodeRef targetGUID="${G(1)}"/></Coding></PlainTextSelection>
</Representation>
<NoteRef targetGUID="${G(801)}"/>
<VariableValue><VariableRef targetGUID="${G(600)}"/><FloatValue>12</FloatValue></VariableValue>
</PDFSource>
<PictureSource guid="${G(13)}" name="foto.png" path="internal://${G(13)}.png">
<Coding guid="${G(32)}"><CodeRef targetGUID="${G(1)}"/></Coding>
<Coding guid="${G(33)}"><CodeRef targetGUID="${G(1)}"/></Coding>
</PictureSource>
</Sources>
<Notes>
<Note guid="${G(800)}" name="Dagboek" plainTextPath="internal://${G(800)}.txt" creationDateTime="2024-01-01T00:00:00Z"/>
<Note guid="${G(801)}" creationDateTime="2024-01-01T00:00:00Z"><PlainTextContent>Nota gelezen op 3 mei</PlainTextContent></Note>
<Note guid="${G(803)}" creationDateTime="2024-01-01T00:00:00Z"><PlainTextContent>Zegt ze lachend</PlainTextContent><PlainTextSelection guid="${G(26)}" startPosition="6" endPosition="10"/></Note>
<Note guid="${G(802)}" creationDateTime="2024-01-01T00:00:00Z"><PlainTextContent>Over het dagboek</PlainTextContent><PlainTextSelection guid="${G(24)}" startPosition="0" endPosition="4"><Coding guid="${G(35)}"><CodeRef targetGUID="${G(1)}"/></Coding></PlainTextSelection></Note>
</Notes>
<Description>Project over samenwerking in de wijk</Description>
</Project>`;
const line = (n: number) => XML.split('\n').findIndex((l) => l.includes(`guid="${G(n)}"`)) + 1;
const zip = () =>
  zipSync({
    'project.qde': strToU8(XML),
    [`sources/${G(10)}.txt`]: strToU8('Goed, echt goed.\n'),
    [`sources/${G(12)}.txt`]: strToU8('Nota over de wijk.\n'),
  });

describe('refi import: memos, values and codings outside the passages of a text', () => {
  let diags: Diagnostic[];
  let imp: Awaited<ReturnType<typeof parseRefiProject>>;
  beforeAll(async () => {
    diags = [];
    imp = await parseRefiProject(zip(), 'qc.qdpx', { report: (d) => diags.push(d) });
  });
  const by = (rule: string) => {
    const d = diags.filter((x) => x.ruleId === rule);
    expect(d.length, `${rule} in ${diags.map((x) => x.ruleId).join(', ')}`).toBe(1);
    return d[0];
  };

  it("a source's <Description> is its memo (was dropped); a passage's memo without a code is kept on the source after its passage, and said (an annotation was a source memo without its place, a quotation's memo was dropped)", () => {
    expect(imp.doc.sources.find((s) => s.id === 'interview')!.meta).toEqual({
      memos: ['Gesprek op kantoor', 'On "echt" (characters 6–10): Zegt ze lachend', 'On "goed" (characters 11–15): Herhaling!'],
      // (the annotation's date, beside it)
      memoNotes: [{}, { created: '2024-01-01T00:00:00Z' }, {}],
      // (the memos of the project and of its case, kept for qda refi export)
      projectMemos: ['Project over samenwerking in de wijk'],
      caseMemo: 'Anna is coördinator',
      refiName: 'interview.txt',
    });
    expect(by('passage-memo-on-source').line).toBe(line(25));
    expect(by('passage-memo-on-source').message).toBe('2 memo(s) of passages without a code (annotations, memos of quotations) are kept as memos of their source, each after the passage it was on (On "…" (characters a–b): …): qdakit keeps memos of codings and sources');
    expect(by('selection-without-coding').message).toBe('1 selection(s) carry no coding (quotations, or passages with only a memo) and are not imported; their 1 memo(s) are kept as memos of their source');
  });

  it("a PDF's memo, note, values and case are those of its text (were dropped; the text was a case of its own)", () => {
    const pdf = imp.doc.sources.find((s) => s.id === 'nota')!;
    expect(pdf.meta).toEqual({ memos: ['De nota van de gemeente', 'Nota gelezen op 3 mei'], memoNotes: [{}, { created: '2024-01-01T00:00:00Z' }], projectMemos: ['Project over samenwerking in de wijk'], caseMemo: 'Anna is coördinator', variableMemos: { leeftijd: 'in jaren' }, variableTypes: { leeftijd: 'Float' }, refiName: 'nota.pdf' });
    expect(pdf.case).toBe('Anna');
    expect(pdf.attributes).toEqual({ leeftijd: '12' });
    expect(imp.cases.find((c) => c.source === 'nota')).toEqual({ source: 'nota', case: 'Anna', attributes: { leeftijd: '12' } });
    expect(diags.filter((d) => d.ruleId === 'case-unknown-source')).toEqual([]);
    expect(diags.filter((d) => d.ruleId === 'unattached-note' && d.message.includes('Nota gelezen'))).toEqual([]);
  });

  it("codings of a whole picture and in a note's text: counted by where they stand, and placed (were dropped without a word)", () => {
    const d = diags.filter((x) => x.ruleId === 'coding-not-imported');
    expect(d.map((x) => [x.file, x.line, x.message])).toEqual([
      ['qc.qdpx:project.qde', line(32), '2 coding(s) in <Sources> <PictureSource> are not imported (qdakit imports codings of passages of a text: PlainTextSelection; the first at this line)'],
      ['qc.qdpx:project.qde', line(35), '1 coding(s) in <Notes> <Note> <PlainTextSelection> are not imported (qdakit imports codings of passages of a text: PlainTextSelection; the first at this line)'],
    ]);
  });

  it('memos of the project, a case and a variable: kept in the meta of their sources (were said and dropped), so nothing is said', () => {
    expect(diags.filter((d) => d.ruleId === 'description-not-imported')).toEqual([]);
  });

  it('a case made of a passage and a code: said (was dropped)', () => {
    const d = by('case-parts-not-imported');
    expect(d.line).toBe(line(701));
    expect(d.message).toBe('1 case(s) ("Fragmenten") hold 2 code(s) or passage(s) (CodeRef, SelectionRef) that are not imported: a qdakit case is a group of whole sources');
  });

  it('a note whose text file is not in the archive: said (was an empty memo)', () => {
    const d = by('note-without-text');
    expect(d.line).toBe(line(800));
    expect(d.message).toBe(`1 note(s) (memos) have their text in a file the archive does not hold: "Dagboek" (internal://${G(800)}.txt); imported without their text`);
  });

  it('qda refi import prints them with file:line and leaves the .qdpx byte-identical', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-refi-memos-'));
    try {
      const bytes = zip();
      writeFileSync(join(dir, 'qc.qdpx'), bytes);
      const io = memoryIo(dir);
      expect(await main(['refi', 'import', 'qc.qdpx', '-o', 'imp'], io), io.err()).toBe(0);
      expect(Buffer.compare(readFileSync(join(dir, 'qc.qdpx')), Buffer.from(bytes))).toBe(0);
      for (const rule of ['coding-not-imported', 'case-parts-not-imported', 'note-without-text']) {
        expect(io.err(), rule).toMatch(new RegExp(`qc\\.qdpx:project\\.qde:\\d+: warning: .*\\[ingest:${rule}\\]`));
      }
      expect(readFileSync(join(dir, 'imp', 'codings.json'), 'utf8')).toContain('"memos":["Gesprek op kantoor","On \\"echt\\" (characters 6–10): Zegt ze lachend","On \\"goed\\" (characters 11–15): Herhaling!"]');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('refi export → import: a coding memo stays the coding\'s', () => {
  it('is not also a memo of its source (the Note qda refi export lists under the TextSource for QualCoder)', async () => {
    const s = mkSource('int-01', 'Anna: we overleggen elke week.\n');
    const doc = { provenance: { tool: 'qdakit', version: '0' }, codebooks: [], codes: [{ id: 'overleg' }], sources: [s], segments: [], codings: [codeWords(s, 'we overleggen', 'overleg', 'fem', { memo: 'Wekelijks.' })] };
    const bytes = await zipRefiProject(buildRefiProject(doc));
    const back = await parseRefiProject(bytes, 'rt.qdpx');
    expect(back.doc.codings.map((c) => c.memo)).toEqual(['Wekelijks.']);
    expect(back.doc.sources[0].meta).toEqual({ refiName: 'int-01' });
    expect(back.diagnostics).toEqual([]);
  });
});
