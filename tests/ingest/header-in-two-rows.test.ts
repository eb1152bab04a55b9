/**
 * A header in two rows: a name over several columns (a merged `Vraag 1` over B1:C1; in a CSV, a
 * name followed by empty header cells) with a name per column below it (`antwoord`,
 * `toelichting`; `A`, `B`, `C`). The second row was read as data: an answer "antwoord" of a
 * respondent "row 2" (coded), a respondent without a group in survey data. Now the two rows are
 * one header (`Vraag 1 antwoord`), said (`header-in-two-rows`). Fails on the old code.
 * Invented answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import { readSurveyTable } from '../../src/ingest/read-survey.js';
import { secondHeaderRow } from '../../src/ingest/read-table.js';
import type { Diagnostic } from '../../src/model/types.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-two-rows-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a header in two rows', () => {
  it('an answers workbook: the row under a merged header cell names its columns, and is no answer', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Antwoorden');
    ws.addRow(['respondent', 'Vraag 1', '']);
    ws.mergeCells('B1:C1');
    ws.addRow(['', 'antwoord', 'toelichting']);
    ws.addRow(['r1', 'Het gaat goed met de buurt, woord-alfa.', 'meer uitleg']);
    writeFileSync(join(dir, 'two.xlsx'), Buffer.from(await wb.xlsx.writeBuffer()));
    const diags: Diagnostic[] = [];
    const { corpus } = await readCorpus(['two.xlsx'], { cwd: dir, report: (d) => void diags.push(d) });
    expect(corpus.segments.map((s) => [s.speaker, s.text, s.meta?.row])).toEqual([['r1', 'Het gaat goed met de buurt, woord-alfa.', '3']]);
    const d = diags.find((x) => x.ruleId === 'header-in-two-rows');
    expect(d).toMatchObject({ file: 'two.xlsx', line: 2 });
    expect(d!.message).toContain('the columns named "Vraag 1 antwoord" (column B), "Vraag 1 toelichting" (column C); row 2 is not read as data');
  });

  it('survey data in a CSV: a name followed by empty header cells above a name per column', async () => {
    writeFileSync(join(dir, 'two.csv'), 'respondent;groep;Vraag 4;;\n;;A;B;C\nr1;x;1;2;3\nr2;y;2;3;4\n');
    const diags: Diagnostic[] = [];
    const t = await readSurveyTable(['two.csv'], { cwd: dir, report: (d) => diags.push(d) });
    expect(t.columns).toEqual(['respondent', 'groep', 'Vraag 4 A', 'Vraag 4 B', 'Vraag 4 C']);
    expect(t.rows.map((r) => r.cells.respondent)).toEqual(['r1', 'r2']);
    expect(diags.find((x) => x.ruleId === 'header-in-two-rows')).toMatchObject({ file: 'two.csv', line: 2 });
  });

  it('a first row of data under such a header is data (its id lies outside the span; numbers are no names)', () => {
    expect(secondHeaderRow(['respondent', 'Vraag 4', '', ''], ['r1', '1', '2', '3'], [{ from: 1, to: 3 }])).toBeUndefined();
    expect(secondHeaderRow(['respondent', 'Vraag 4', '', ''], ['', '1', '2', '3'], [{ from: 1, to: 3 }])).toBeUndefined();
    expect(secondHeaderRow(['respondent', 'antwoord', ''], ['r1', 'ja', ''], [{ from: 1, to: 2 }])).toBeUndefined();
  });
});

describe('a cases CSV with a header in two lines', () => {
  it('reads the second line as the names of the columns under the first (it was a row of a source "")', async () => {
    const { readCases } = await import('../../src/ingest/read-cases.js');
    writeFileSync(join(dir, 'cases.csv'), 'source;Kenmerken;\n;team;wijk\nint-01;Noord;West\n');
    const diags: Diagnostic[] = [];
    const t = await readCases('cases.csv', { cwd: dir, report: (d) => diags.push(d) });
    expect(t.rows.map((r) => [r.key, r.attributes])).toEqual([['int-01', { 'Kenmerken team': 'Noord', 'Kenmerken wijk': 'West' }]]);
    expect(diags.find((d) => d.ruleId === 'header-in-two-rows')).toMatchObject({ file: 'cases.csv', line: 2 });
  });
});

/**
 * After Excel's `sep=;` first line the header is line 2 and its second row line 3: the warning said
 * "lines 1 and 2" (the second line number the first row of the header). Fails on the old code.
 */
describe('a header in two lines below an Excel sep= line', () => {
  it('names the header\'s own lines in the survey, cases and answers readers', async () => {
    const { readCases } = await import('../../src/ingest/read-cases.js');
    writeFileSync(join(dir, 'sep-survey.csv'), 'sep=;\nrespondent;groep;Vraag 4;;\n;;A;B;C\nr1;x;1;2;3\n');
    writeFileSync(join(dir, 'sep-cases.csv'), 'sep=;\nsource;Kenmerken;\n;team;wijk\nint-01;Noord;West\n');
    writeFileSync(join(dir, 'sep-answers.csv'), 'sep=;\nrespondent;Vraag 1;\n;antwoord;toelichting\nr1;Het gaat goed met de buurt;meer\n');
    const diags: Diagnostic[] = [];
    await readSurveyTable(['sep-survey.csv'], { cwd: dir, report: (d) => diags.push(d) });
    await readCases('sep-cases.csv', { cwd: dir, report: (d) => diags.push(d) });
    await readCorpus(['sep-answers.csv'], { cwd: dir, report: (d) => void diags.push(d) });
    const two = diags.filter((d) => d.ruleId === 'header-in-two-rows');
    expect(two.map((d) => [d.file, d.line, d.message.slice(0, 14)])).toEqual([
      ['sep-survey.csv', 3, 'lines 2 and 3 '],
      ['sep-cases.csv', 3, 'lines 2 and 3 '],
      ['sep-answers.csv', 3, 'lines 2 and 3 '],
    ]);
  });
});
