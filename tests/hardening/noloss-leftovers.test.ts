/**
 * Leftover silent losses and automatic resolutions, each now said (file, place, count, fix) or
 * made impossible; each test checks the message, the exit code and that every input file is
 * byte-identical after the run:
 * - a case table (qda.yaml `cases:` / --cases) that gives a source another value than its own
 *   front matter: the table wins (as documented), now with a warning naming the source, both
 *   values and where each came from (was silent on every path: one thread, workers, one file).
 * - a .docx: footnotes, endnotes, comments, headers/footers, tracked deletions and equations were
 *   left out by mammoth without a word; now each kind is said with its count and the first's
 *   words (text boxes are read where they stand; a page number in a footer is not "text").
 * - qda run wrote matrix-case.csv, matrix-group.csv and saturation.csv without the notes that
 *   the report and the .xlsx carry (what is counted, who is left out, small groups …); now
 *   X.notes.md beside each CSV whose tables have notes, named in the run's summary.
 * - an .xlsx with several sheets: the warning named the sheets not read but not how to read one;
 *   now it says which sheet is read and how to choose another. A cases file as .xlsx was refused
 *   as "a binary file" (while the hint offered .xlsx); now read like a cases CSV (first visible
 *   sheet, the others named).
 * - an .odt with tracked changes: the deleted words were read as a paragraph of their own before
 *   the text, without a word; now left out (the text as if every change were accepted) and said.
 *   Its header/footer text (styles.xml) was not read without a word; now named.
 * - survey data with a column without a name: its values were not read, unsaid (a cases file
 *   already said so); now a warning with the column and the lines.
 * - an answers table with two columns of sentences (two open questions side by side): only one
 *   was coded, the other's answers became attributes, unsaid; now a warning names it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs, writeProject } from '../helpers/inputs-untouched.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-noloss-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const qda = qdaLeavingInputs;

const project = (name: string, files: Record<string, string | Uint8Array>) => writeProject(dir, name, files);

const TRANSCRIPT = 'Interviewer: Hoe werkt u samen?\nAnna: We overleggen elke week.\nInterviewer: En verder?\nAnna: Niets meer.\n';

describe('a case table that overrides a source’s own front matter', () => {
  const files = {
    'iv/r1.txt': `---\nteam: noord\nrole: lead\n---\n${TRANSCRIPT}`,
    'iv/r2.txt': TRANSCRIPT,
    'cases.csv': 'source,team,role\nr1.txt,zuid,lead\nr2,oost,x\n',
  };
  const msg =
    'cases.csv:2: warning: 1 source(s) have a "team" of their own that the case table gives another value; the table\'s value is used: source "r1" "noord" (front matter of iv/r1.txt) then "zuid" (cases.csv:2) [ingest:case-table-overrides-source]';

  it('qda segments / code (one thread and workers) / one file given: the table wins, said once per attribute with both values and places', async () => {
    const d = project('fm-override', files);
    for (const [args, env] of [
      [['segments', 'iv', '--cases', 'cases.csv'], {}],
      [['segments', 'iv/r1.txt', '--cases', 'cases.csv'], {}],
      [['code', 'iv', '-c', 'coordination-collaboration', '--cases', 'cases.csv', '-o', 'c.json'], { QDA_THREADS: '1' }],
      [['code', 'iv', '-c', 'coordination-collaboration', '--cases', 'cases.csv', '-o', 'c.json'], { QDA_THREADS: '2' }],
    ] as Array<[string[], Record<string, string>]>) {
      const r = await qda(d, args, ['c.json'], env);
      expect(r.code, r.err).toBe(0);
      expect(r.err).toContain(msg);
      expect(r.err).toContain('hint: make them agree: correct "team" in the case table or in the source\'s front matter, or leave it out of one of them (where both give it, the case table wins)');
      // once, and not for the attribute that agrees (role "lead") or a source without front matter
      expect(r.err.split('case-table-overrides-source').length - 1, r.err).toBe(1);
    }
    const doc = JSON.parse(readFileSync(join(d, 'c.json'), 'utf8')) as { sources: Array<{ id: string; attributes: Record<string, string> }> };
    expect(doc.sources.map((s) => [s.id, s.attributes.team])).toEqual([
      ['r1', 'zuid'],
      ['r2', 'oost'],
    ]);
  }, 120_000);

  it('qda run CODINGS --cases: a value the codings document gives its source is said as "in the codings"; one the codings rows carry is said by the codings check alone', async () => {
    const d = project('fm-override-codings', {
      ...files,
      'cases-b.csv': 'source,team\nr1,west\n',
      'flat.csv': 'source,code,coder,team\nr1,collaboration,anna,noord\n',
    });
    expect((await qda(d, ['code', 'iv', '-c', 'coordination-collaboration', '-o', 'c.json'], ['c.json'])).code).toBe(0);
    const r = await qda(d, ['run', 'c.json', '-c', 'coordination-collaboration', '--cases', 'cases-b.csv', '-o', 'out'], ['out']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('cases-b.csv:2: warning: 1 source(s) have a "team" of their own that the case table gives another value; the table\'s value is used: source "r1" "noord" (in the codings) then "west" (cases-b.csv:2) [ingest:case-table-overrides-source]');
    expect(r.err).toContain('hint: make them agree: correct "team" in the case table or in the codings, or leave it out');
    const f = await qda(d, ['run', 'flat.csv', '-c', 'coordination-collaboration', '--cases', 'cases-b.csv', '-o', 'out2'], ['out2']);
    expect(f.code, f.err).toBe(0);
    expect(f.err).not.toContain('case-table-overrides-source');
    expect(f.err).toContain('cases-differ-from-codings');
  }, 120_000);

  it('qda.yaml cases: map: the place is qda.yaml', async () => {
    const d = project('fm-override-yaml', { ...files, 'qda.yaml': 'sources: [iv]\ncases:\n  r1:\n    team: west\n' });
    const r = await qda(d, ['segments']);
    expect(r.code, r.err).toBe(0);
    // (the line of the source in the map: its cases are read as a table's rows)
    expect(r.err).toContain('qda.yaml:3: warning: 1 source(s) have a "team" of their own that the case table gives another value; the table\'s value is used: source "r1" "noord" (front matter of iv/r1.txt) then "west" (qda.yaml:3) [ingest:case-table-overrides-source]');
  }, 60_000);
});

describe('a .docx with parts mammoth leaves out', () => {
  /** A transcript with a footnote, an endnote, a comment, a header, a footer (text and a page number), a tracked deletion and insertion, a text box and an equation. */
  async function hostileDocx(): Promise<Uint8Array> {
    const d = await import('docx');
    const doc = new d.Document({
      comments: { children: [{ id: 0, author: 'Coder', date: new Date(0), children: [new d.Paragraph('dit is vertrouwen')] }] },
      footnotes: { 1: { children: [new d.Paragraph('Spreker lacht hier.')] } },
      endnotes: { 1: { children: [new d.Paragraph('Eindnoot over de opname.')] } },
      sections: [
        {
          headers: { default: new d.Header({ children: [new d.Paragraph('Interview 3 vertrouwelijk')] }) },
          footers: { default: new d.Footer({ children: [new d.Paragraph({ children: [new d.TextRun({ children: [d.PageNumber.CURRENT] })] })] }) },
          children: [
            new d.Paragraph('Interviewer: Hoe werkt u samen?'),
            new d.Paragraph({ children: [new d.TextRun('Anna: We overleggen'), new d.FootnoteReferenceRun(1), new d.TextRun(' elke week. '), new d.CommentRangeStart(0), new d.TextRun('Vertrouwen.'), new d.CommentRangeEnd(0), new d.TextRun({ children: [new d.CommentReference(0)] })] }),
            new d.Paragraph('Interviewer: En verder?'),
            new d.Paragraph({ children: [new d.TextRun('Anna: '), new d.DeletedTextRun({ text: 'Niets weggehaald.', id: 1, author: 'x', date: '2020-01-01T00:00:00Z' }), new d.InsertedTextRun({ text: 'Niets meer.', id: 2, author: 'x', date: '2020-01-01T00:00:00Z' })] }),
            new d.Textbox({ alignment: d.AlignmentType.LEFT, style: { width: '200pt', height: 'auto' }, children: [new d.Paragraph('Anna: Tekst in een kader.')] }),
            new d.Paragraph({ children: [new d.Math({ children: [new d.MathRun('2+2')] })] }),
          ],
        },
      ],
    });
    return new Uint8Array(await d.Packer.toBuffer(doc));
  }

  it('each kind is said with its count, the first’s words and its paragraph (number and first words, to find it in Word; not for a header); the text boxes and insertions are read; exit 0; the file untouched', async () => {
    const d = project('docx-parts', { 'iv/r1.docx': await hostileDocx() });
    const r = await qda(d, ['segments', 'iv/r1.docx', '--format', 'json']);
    expect(r.code, r.err).toBe(0);
    for (const line of [
      'iv/r1.docx: warning: 1 footnote and 1 endnote are not read as text (the first: "Spreker lacht hier.", its mark in paragraph 2 ("Anna: We overleggen elke week. Vertrouwen.")) [ingest:docx-notes-not-read]',
      'iv/r1.docx: warning: 1 comment is not read as text (the first: "dit is vertrouwen", on paragraph 2 ("Anna: We overleggen elke week. Vertrouwen.")) [ingest:docx-comments-not-read]',
      'iv/r1.docx: warning: 1 header/footer text is not read as text: "Interview 3 vertrouwelijk" [ingest:docx-headers-not-read]',
      'iv/r1.docx: warning: this document has tracked changes that are not accepted or rejected; it is read as if all were accepted: 1 deletion left out (the first: "Niets weggehaald.", in paragraph 4 ("Anna: Niets meer.")), 1 insertion read (the first in paragraph 4 ("Anna: Niets meer.")) [ingest:docx-tracked-changes]',
      'iv/r1.docx: warning: 1 part of the text could not be read and is left out: equation <m:oMath> ×1, in paragraph 6 ("2+2") [ingest:docx-elements-not-read]',
    ]) expect(r.err).toContain(line);
    expect(r.err).toContain('hint: accept or reject the changes in Word or LibreOffice (Review) and save it again');
    const text = (JSON.parse(r.out) as { segments: Array<{ text: string }> }).segments.map((g) => g.text).join('\n');
    expect(text).toContain('Niets meer.');
    expect(text).toContain('Tekst in een kader.');
    expect(text).not.toContain('weggehaald');
    // qda code says the same (one thread)
    const c = await qda(d, ['code', 'iv', '-c', 'coordination-collaboration', '-o', 'c.json'], ['c.json']);
    expect(c.code, c.err).toBe(0);
    expect(c.err).toContain('[ingest:docx-notes-not-read]');
  }, 60_000);

  it('a plain .docx (the sample) gives none of these warnings', async () => {
    const d = project('docx-plain', { 'w.docx': readFileSync(join(__dirname, '../../samples/interviews/wijkcoach-02.docx')) });
    const r = await qda(d, ['segments', 'w.docx']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).not.toMatch(/docx-(notes|comments|headers|tracked|elements)/);
  }, 60_000);
});

describe('qda run: the notes of the tables written as CSV', () => {
  it('matrix-case.csv, matrix-group.csv (and saturation.csv) get X.notes.md beside them with every note of their tables; the summary names them', async () => {
    const files: Record<string, string> = { 'qda.yaml': 'sources: [iv]\ncodebooks: [coordination-collaboration]\n' };
    for (let i = 1; i <= 3; i++) files[`iv/r${i}.txt`] = `---\nteam: ${i === 3 ? 'zuid' : 'noord'}\n---\n${TRANSCRIPT}`;
    files['iv/notitie.md'] = '---\nkind: document\n---\n# Notitie\n\nWe overleggen met het team over afspraken.\n';
    const d = project('run-csv-notes', files);
    const r = await qda(d, ['run', '--by', 'team', '-o', 'out', '--lang', 'en'], ['out']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/notes the CSVs cannot hold: matrix-case\.notes\.md, matrix-group\.notes\.md/);
    const caseNotes = readFileSync(join(d, 'out/matrix-case.notes.md'), 'utf8');
    expect(caseNotes).toContain('# Notes to matrix-case.csv');
    expect(caseNotes).toContain('matrix-case.csv holds the rows only; these notes belong to its table (report.html shows them under the table).');
    const groupNotes = readFileSync(join(d, 'out/matrix-group.notes.md'), 'utf8');
    expect(groupNotes).toMatch(/## .*segments/i);
    expect(groupNotes).toMatch(/## .*respondents/i);
    // the same notes as the library's tables (qda matrix --format json), every one of them
    const m = await qda(d, ['matrix', 'out/codings.json', '--cols', 'team', '--measure', 'respondents', '--format', 'json', '--lang', 'en'], ['out']);
    expect(m.code, m.err).toBe(0);
    const notes = (JSON.parse(m.out) as { notes?: string[] }).notes ?? [];
    expect(notes.length).toBeGreaterThan(0);
    for (const n of notes) expect(groupNotes).toContain(`- ${n}`);
    // the CSV itself is rows only (as before)
    expect(readFileSync(join(d, 'out/matrix-group.csv'), 'utf8')).not.toContain('Measure');
  }, 120_000);
});

describe('.xlsx with more than one sheet', () => {
  async function workbook(sheets: Array<{ name: string; rows: string[][]; hidden?: boolean }>): Promise<Uint8Array> {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    for (const sh of sheets) {
      const ws = wb.addWorksheet(sh.name, sh.hidden ? { state: 'hidden' } : {});
      for (const r of sh.rows) ws.addRow(r);
    }
    return new Uint8Array(await wb.xlsx.writeBuffer());
  }
  const hint =
    'hint: the first visible sheet is read: to read another one instead, move it to the front (or hide the sheets before it) and save; to read several, save each as its own .xlsx or .csv file and give them all; delete the sheets that hold nothing to read to silence this warning';

  it('an answers table: the sheets not read named with their rows, and how to choose one; exit 0; the file untouched', async () => {
    const d = project('xlsx-sheets', {
      'antw.xlsx': await workbook([
        { name: 'Oud', rows: [['respondent', 'antwoord'], ['R0', 'Weg.']], hidden: true },
        { name: 'A', rows: [['respondent', 'antwoord'], ['R1', 'We overleggen elke week.']] },
        { name: 'B', rows: [['respondent', 'antwoord'], ['R2', 'Nooit.'], ['R3', 'Soms.']] },
      ]),
    });
    const r = await qda(d, ['segments', 'antw.xlsx']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('antw.xlsx: warning: this workbook has 3 sheets with data; only "A" is read, not "Oud" (2 rows, hidden), "B" (3 rows) [ingest:sheets-not-read]');
    expect(r.err).toContain(hint);
    expect(r.out).toContain('We overleggen elke week.');
    expect(r.out).not.toContain('Nooit.');
  }, 60_000);

  it('a cases file as .xlsx is read (first visible sheet; the others named); before: refused as a binary file', async () => {
    const d = project('xlsx-cases', {
      'iv/r1.txt': TRANSCRIPT,
      'iv/r2.txt': TRANSCRIPT,
      'cases.xlsx': await workbook([
        { name: 'cases', rows: [['source', 'team'], ['r1.txt', 'noord'], ['r2', 'zuid']] },
        { name: 'oud', rows: [['source', 'team'], ['r1.txt', 'oost']] },
      ]),
    });
    const r = await qda(d, ['code', 'iv', '-c', 'coordination-collaboration', '--cases', 'cases.xlsx', '-o', 'c.json'], ['c.json']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('cases.xlsx: warning: this workbook has 2 sheets with data; only "cases" is read, not "oud" (2 rows) [ingest:sheets-not-read]');
    const doc = JSON.parse(readFileSync(join(d, 'c.json'), 'utf8')) as { sources: Array<{ id: string; attributes: Record<string, string> }> };
    expect(doc.sources.map((s) => [s.id, s.attributes.team])).toEqual([
      ['r1', 'noord'],
      ['r2', 'zuid'],
    ]);
  }, 60_000);
});

describe('an .odt with tracked changes and a header', () => {
  it('the deleted words are not read as text (they were, as a paragraph of their own); the changes and the header are said; exit 0; the file untouched', async () => {
    const { zipSync, strToU8 } = await import('fflate');
    const ns = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"';
    const content = `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content ${ns} office:version="1.2"><office:body><office:text>
<text:tracked-changes>
<text:changed-region text:id="ct1"><text:deletion><office:change-info><dc:creator>x</dc:creator><dc:date>2020-01-01T00:00:00</dc:date></office:change-info><text:p>Anna: Dit was geschrapt.</text:p></text:deletion></text:changed-region>
<text:changed-region text:id="ct2"><text:insertion><office:change-info><dc:creator>x</dc:creator><dc:date>2020-01-01T00:00:00</dc:date></office:change-info></text:insertion></text:changed-region>
</text:tracked-changes>
<text:p>Interviewer: Hoe werkt u samen?</text:p>
<text:p>Anna: We overleggen <text:change text:change-id="ct1"/><text:change-start text:change-id="ct2"/>elke week<text:change-end text:change-id="ct2"/>.</text:p>
<text:p>Interviewer: En verder?</text:p>
<text:p>Anna: Niets meer.</text:p>
</office:text></office:body></office:document-content>`;
    const styles = `<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles ${ns} office:version="1.2"><office:master-styles><style:master-page style:name="Standard">
<style:header><text:p>Interview 4 vertrouwelijk</text:p></style:header>
<style:footer><text:p><text:page-number text:select-page="current">1</text:page-number></text:p></style:footer>
</style:master-page></office:master-styles></office:document-styles>`;
    const odt = zipSync({ mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }], 'content.xml': strToU8(content), 'styles.xml': strToU8(styles) }, { mtime: new Date(2020, 0, 1) });
    const d = project('odt-changes', { 'r1.odt': odt });
    const r = await qda(d, ['segments', 'r1.odt', '--format', 'json']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('r1.odt: warning: this document has tracked changes that are not accepted or rejected; it is read as if all were accepted: 1 deletion left out (the first: "Anna: Dit was geschrapt."), 1 insertion read [ingest:odt-tracked-changes]');
    expect(r.err).toContain('r1.odt: warning: 1 header/footer text is not read as text: "Interview 4 vertrouwelijk" [ingest:odt-headers-not-read]');
    const text = (JSON.parse(r.out) as { segments: Array<{ text: string }> }).segments.map((g) => g.text).join('\n');
    expect(text).not.toContain('geschrapt');
    expect(text).toContain('We overleggen elke week.');
  }, 60_000);
});

describe('survey data with a column without a name', () => {
  it('its values are said as not read, with the column and lines; exit 0; the files untouched', async () => {
    const d = project('survey-unnamed', {
      'data.csv': 'respondent,groep,1A,,1B\nW01,wijkcoach,2,4,3\nW02,wijkcoach,1,,2\nJ01,jongerenwerker,3,1,4\n',
      'spec.yaml': 'group: groep\nid: respondent\nscale: 0..4\nitems:\n  1A: {nl: Eerste, en: First}\n  1B: {nl: Tweede, en: Second}\n',
    });
    const r = await qda(d, ['survey', 'data.csv', '--spec', 'spec.yaml']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('data.csv:1: warning: column 4 has no name in the header (line 1); its 2 value(s) (lines 2, 4) are not read [ingest:unnamed-column]');
    expect(r.err).toContain('hint: give the column a name in the header row (the item or attribute it holds), or delete it');
  }, 60_000);
});

describe('an answers table with a second column of sentences', () => {
  it('the column not coded is named (its answers are attributes); a short attribute column and the question column are not; exit 0', async () => {
    const d = project('answers-two-text', {
      'antw.csv':
        'respondent,vraag,team,wat helpt,wat hindert\n' +
        'R1,Wat helpt en wat hindert u in de samenwerking?,noord,We overleggen elke week met de school en dat helpt echt.,De privacyregels houden ons soms tegen bij het delen.\n' +
        'R2,Wat helpt en wat hindert u in de samenwerking?,zuid,Korte lijnen met de wijkagent werken goed voor ons allemaal.,Te weinig tijd voor casusoverleg en te veel formulieren.\n',
    });
    const r = await qda(d, ['segments', 'antw.csv']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/antw\.csv:1: warning: column "wat (helpt|hindert)" holds text too \(2 values, \d+ words on average\), but only "wat (helpt|hindert)" is read as the answers that are coded: its values are kept as an attribute of each answer, not coded \[ingest:second-text-column\]/);
    expect(r.err.split('second-text-column').length - 1).toBe(1);
    expect(r.err).not.toContain('"team" holds text');
    expect(r.err).not.toContain('"vraag" holds text');
  }, 60_000);
});
