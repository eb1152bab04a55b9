/**
 * Hostile tables (answer tables as sources, codings and cases CSVs, survey data): a row typed with
 * another separator, values the header does not name, a one-column table with commas, blank rows,
 * several sheets, formulas without a result. Every value ends up in the output or in a diagnostic
 * with its file and line; the inputs stay byte-identical. All content is invented.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs } from '../helpers/inputs-untouched.js';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import { readCases } from '../../src/ingest/read-cases.js';
import { readSurveyTable } from '../../src/ingest/read-survey.js';
import type { Diagnostic } from '../../src/model/types.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-tables-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const put = (name: string, content: string | Buffer) => writeFileSync(join(dir, name), content);

async function readAnswers(name: string) {
  const diags: Diagnostic[] = [];
  const r = await readCorpus([name], { cwd: dir, report: (d) => diags.push(d), project: null });
  return { ...r, diags };
}

describe('a row typed with another separator than the rest (Dutch Excel ";" and a row with ",")', () => {
  it('a codings CSV stops with the line and the fix (before: the row became a source "r2,budget,2" without codings, said as info)', async () => {
    put('mixed-codings.csv', 'source;code;segment\nr1;planning;1\nr2,budget,2\nr3;budget;4\n');
    const r = await qdaLeavingInputs(dir, ['matrix', 'mixed-codings.csv']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('mixed-codings.csv:3: error: line 3 has no ";" (the separator of the first row and the other rows) but "," between its values: read so, its 3 values would be one cell ("r2,budget,2")');
    expect(r.err).toContain('[ingest:mixed-separators]');
    expect(r.err).toContain('write this row with ";" between the values');
  });

  it('a cases CSV stops with the line (before: a source "r2,Zuid" with no attributes, and r2 in no group)', async () => {
    put('mixed-cases.csv', 'source;team\nr1;Noord\n\nr2,Zuid\n');
    await expect(readCases('mixed-cases.csv', { cwd: dir })).rejects.toMatchObject({ diagnostics: [expect.objectContaining({ ruleId: 'mixed-separators', line: 4 })] });
  });

  it('an answers CSV stops with the line (before: the answer was read as the respondent, the row dropped)', async () => {
    put('mixed-answers.csv', 'respondent;antwoord\nr1;Goed, prima\nr2,Te weinig tijd\n');
    const r = await qdaLeavingInputs(dir, ['segments', 'mixed-answers.csv', '--strict']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('mixed-answers.csv:3: error: line 3 has no ";"');
  });

  it('survey data stops with the line', async () => {
    put('mixed-survey.csv', 'id;groep;q1\na;x;3\nb,y,4\n');
    await expect(readSurveyTable(['mixed-survey.csv'], { cwd: dir })).rejects.toMatchObject({ diagnostics: [expect.objectContaining({ ruleId: 'mixed-separators', line: 3 })] });
  });

  it('a row pasted whole into the first cell (the separators after it empty) is a warning with its line', async () => {
    const diags: Diagnostic[] = [];
    put('pasted-cases.csv', 'source;team;gender\nr1;Noord;v\nr2,Zuid,m;;\n');
    const t = await readCases('pasted-cases.csv', { cwd: dir, report: (d) => diags.push(d) });
    expect(t.rows.map((x) => x.key)).toEqual(['r1', 'r2,Zuid,m']);
    expect(diags.find((d) => d.ruleId === 'row-in-one-cell')).toMatchObject({ line: 3, file: 'pasted-cases.csv' });
  });

  it('a value in double quotes that holds the other separator is one value, not a mixed row', async () => {
    put('quoted.csv', 'respondent;antwoord\nr1;"Goed, prima"\nr2;"Ook, goed"\n');
    const { corpus } = await readAnswers('quoted.csv');
    expect(corpus.segments.map((g) => g.text)).toEqual(['Goed, prima', 'Ook, goed']);
    // (a row of that one quoted value alone is one value, not two: short of the header's two, it stops)
    put('quoted-short.csv', 'respondent;antwoord\nr1;"Goed, prima"\n"Alleen, dit"\n');
    await expect(readAnswers('quoted-short.csv')).rejects.toThrow(/line 3 has 1 value, but the header names 2 columns/);
  });
});

describe('answer tables (.csv, .xlsx) as sources', () => {
  it('a one-column table keeps the whole line (before: "Goed, heel goed" was read as "Goed")', async () => {
    put('one-column.csv', 'antwoord\nGoed, heel goed\nTe duur; te ver\n');
    const { corpus } = await readAnswers('one-column.csv');
    expect(corpus.segments.map((g) => g.text)).toEqual(['Goed, heel goed', 'Te duur; te ver']);
  });

  it('a row with more values than the header names stops with its line (before: the values after the last column were lost)', async () => {
    put('wide.csv', 'respondent,antwoord\nr1,Prima\nr2,Goed, maar traag\n');
    const r = await qdaLeavingInputs(dir, ['segments', 'wide.csv', '--strict']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('wide.csv:3: error: line 3 has 3 values, but the header names 2 columns: " maar traag" would be lost');
  });

  it('rows keep their own line after blank lines and line breaks inside quotes; a row without an answer is said', async () => {
    put('gaps.csv', 'respondent,antwoord,team\nr1,"Eerste regel\ntweede regel",Noord\n\nr2,,Zuid\nr3,Laatste,Zuid\n');
    const { corpus, diags } = await readAnswers('gaps.csv');
    expect(corpus.segments.map((g) => [g.speaker, g.meta?.row])).toEqual([
      ['r1', '2'],
      ['r3', '6'],
    ]);
    expect(diags.find((d) => d.ruleId === 'rows-without-answer')).toMatchObject({ severity: 'info', line: 5, file: 'gaps.csv' });
  });

  it('a column named "row" keeps its values beside the row number; two columns of one name both kept and said', async () => {
    put('names.csv', 'respondent,antwoord,row,team,team\nr1,Ja,A7,Noord,Oost\n');
    const { corpus, diags } = await readAnswers('names.csv');
    expect(corpus.segments[0].meta).toMatchObject({ row: '2', 'row (column 3)': 'A7', team: 'Noord', 'team (column 5)': 'Oost' });
    expect(diags.find((d) => d.ruleId === 'duplicate-column')?.message).toContain('"team" (columns 4 and 5)');
  });

  it('xlsx: the first visible sheet is read (not a hidden one before it), other sheets and formulas without a result are said, rows keep their numbers', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    const hidden = wb.addWorksheet('Opzoeklijst');
    hidden.state = 'hidden';
    hidden.addRow(['respondent', 'antwoord']);
    hidden.addRow(['x', 'een hulpwaarde']);
    const ws = wb.addWorksheet('Antwoorden');
    ws.addRow(['respondent', 'antwoord']);
    ws.addRow(['r1', 'Meer overleg']);
    ws.getRow(4).values = ['r2', 'Na een lege rij'];
    ws.getRow(5).values = ['r3', { formula: 'B2&"!"' } as never];
    const second = wb.addWorksheet('Vraag 2');
    second.addRow(['respondent', 'antwoord']);
    second.addRow(['r1', 'Op een tweede blad']);
    put('sheets.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    const { corpus, diags } = await readAnswers('sheets.xlsx');
    // before: the hidden sheet's one row was read, "Antwoorden" and "Vraag 2" not, without a word
    expect(corpus.segments.map((g) => [g.speaker, g.meta?.row, g.text])).toEqual([
      ['r1', '2', 'Meer overleg'],
      ['r2', '4', 'Na een lege rij'],
    ]);
    const sheets = diags.find((d) => d.ruleId === 'sheets-not-read')!;
    expect(sheets.message).toContain('only "Antwoorden" is read, not "Opzoeklijst" (2 rows, hidden), "Vraag 2" (2 rows)');
    expect(diags.find((d) => d.ruleId === 'formula-without-result')?.message).toContain('(B5)');
    expect(diags.find((d) => d.ruleId === 'rows-without-answer')).toMatchObject({ line: 5 });
  });
});

describe('survey data', () => {
  it('a row with more values than the header names stops with its line (before: the extra values were lost)', async () => {
    put('wide-survey.csv', 'id,groep,q1\na,x,3\nb,y,4,5\n');
    await expect(readSurveyTable(['wide-survey.csv'], { cwd: dir })).rejects.toMatchObject({ diagnostics: [expect.objectContaining({ ruleId: 'too-many-values', line: 3 })] });
  });
});
