import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCases } from '../../src/ingest/read-cases.js';
import { readSurveyTable } from '../../src/ingest/read-survey.js';
import { codingKey, humanCodingCounts } from '../../src/ingest/coder-counts.js';
import type { Diagnostic } from '../../src/model/types.js';

/**
 * Columns whose names differ only in capitals were read apart without a word: a cases table with
 * `Groep` and `groep` gave two attributes (a grouping used one, the other's values were not
 * compared), `Source` and `source` one source column and an attribute "source"; survey data with
 * `V1` and `v1` two columns, of which a spec item reads one. Now said (`columns-differ-in-case`),
 * with both columns and what each is read as. Before: no warning (each test fails on the old code).
 * Also: the guard against writing over a codings workbook read a hyperlink cell whose text has
 * formatting as "[object Object]" (in its message); now its words. All content is invented.
 */
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-case-cols-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cases(name: string, csv: string) {
  writeFileSync(join(dir, name), csv);
  const diags: Diagnostic[] = [];
  const t = await readCases(name, { cwd: dir, report: (d) => diags.push(d) });
  return { rows: t.rows, said: diags.filter((d) => d.ruleId === 'columns-differ-in-case') };
}

describe('columns whose names differ only in capitals', () => {
  it('cases: Groep and groep are two attributes, said with both columns', async () => {
    const { rows, said } = await cases('c1.csv', 'source,Groep,groep\nr1,A,Noord\nr2,B,Zuid\n');
    expect(rows[0].attributes).toEqual({ Groep: 'A', groep: 'Noord' });
    expect(said).toHaveLength(1);
    expect(said[0]).toMatchObject({ severity: 'warning', file: 'c1.csv', line: 1 });
    expect(said[0].message).toContain('two columns have names that differ only in capitals: column 2 "Groep" and column 3 "groep": read column 2 "Groep" as an attribute "Groep", column 3 "groep" as an attribute "groep"');
    expect(said[0].message).toContain('uses that column only');
    expect(said[0].hint).toMatch(/rename one of the columns/);
  });

  it('cases: Source and source: the first is the source column, the other an attribute', async () => {
    const { rows, said } = await cases('c2.csv', 'Source,source,groep\nr1,x1,A\nr2,x2,B\n');
    expect(rows[0]).toMatchObject({ key: 'r1', attributes: { source: 'x1', groep: 'A' } });
    expect(said).toHaveLength(1);
    expect(said[0].message).toContain('column 1 "Source" as the source column, column 2 "source" as an attribute "source"');
  });

  it('cases: names that differ in more than capitals: nothing to say', async () => {
    expect((await cases('c3.csv', 'source,groep,team\nr1,A,x\n')).said).toEqual([]);
  });

  it('survey: V1 and v1 in one file are said with their columns', async () => {
    writeFileSync(join(dir, 's.csv'), 'respondent,groep,V1,v1\n1,A,3,1\n2,B,2,0\n');
    const diags: Diagnostic[] = [];
    const t = await readSurveyTable(['s.csv'], { cwd: dir, report: (d) => diags.push(d) });
    expect(t.columns).toEqual(['respondent', 'groep', 'V1', 'v1']);
    const said = diags.filter((d) => d.ruleId === 'columns-differ-in-case');
    expect(said).toHaveLength(1);
    expect(said[0]).toMatchObject({ severity: 'warning', file: 's.csv', line: 1 });
    expect(said[0].message).toContain('two columns have names that differ only in capitals: "V1" (column 3) and "v1" (column 4); read as different columns');
  });

  it('survey: xlsx columns are named by their letters', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Data');
    ws.addRow(['groep', 'Q1', 'q1']);
    ws.addRow(['A', 1, 2]);
    await wb.xlsx.writeFile(join(dir, 's.xlsx'));
    const diags: Diagnostic[] = [];
    await readSurveyTable(['s.xlsx'], { cwd: dir, report: (d) => diags.push(d) });
    expect(diags.find((d) => d.ruleId === 'columns-differ-in-case')?.message).toContain('"Q1" (column B) and "q1" (column C)');
  });
});

describe('the guard against writing over a codings workbook', () => {
  it('reads a hyperlink cell with formatted text as its words (was "[object Object]")', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Codings');
    ws.addRow(['source', 'code', 'coder']);
    ws.addRow([
      { text: { richText: [{ text: 'r' }, { text: '1', font: { bold: true } }] }, hyperlink: 'file:///r1.txt' },
      { text: { richText: [{ text: 'samen' }, { text: 'werking', font: { bold: true } }] }, hyperlink: 'https://example.org' },
      'anna',
    ]);
    await wb.xlsx.writeFile(join(dir, 'c.xlsx'));
    const m = await humanCodingCounts(join(dir, 'c.xlsx'));
    expect(Object.fromEntries(m!)).toEqual({ anna: 1 });
    expect([...m!.detail!.keys()]).toEqual([codingKey('anna', 'r1', 'samenwerking')]);
  });
});
