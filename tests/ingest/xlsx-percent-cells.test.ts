import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCases } from '../../src/ingest/read-cases.js';
import { readSurveyTable } from '../../src/ingest/read-survey.js';
import { percentShown } from '../../src/ingest/read-table.js';
import type { Diagnostic } from '../../src/model/types.js';

/**
 * A cell formatted as a percentage shows 75% and stores 0.75: it was read 0.75 without a word,
 * in a cases workbook (a group "0.75" where the sheet shows 75%) and in survey data (a scale
 * 0..100 took 0.75 as an answer near its bottom). Now a table of text reads it as shown ("75%",
 * "75.5%" with one decimal), and survey data as the percentage (75, every decimal kept), said
 * with the cells (`percent-cells-read`). Each test fails on the old code. Content invented.
 */
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qda-pct-'));
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Data');
  ws.addRow(['respondent', 'groep', 'score', 'Q2']);
  for (const [i, g, v, q] of [[1, 'A', 0.75, 3], [2, 'B', 0.255, 4]] as const) {
    const r = ws.addRow([i, g, v, q]);
    r.getCell(3).numFmt = '0%';
  }
  await wb.xlsx.writeFile(join(dir, 'survey.xlsx'));
  const cw = new ExcelJS.Workbook();
  const cs = cw.addWorksheet('Cases');
  cs.addRow(['source', 'aandeel', 'n']);
  const r1 = cs.addRow(['r1', 0.755, 12]);
  r1.getCell(2).numFmt = '0.0%';
  const r2 = cs.addRow(['r2', 0.3, 7]);
  r2.getCell(2).numFmt = '0%';
  await cw.xlsx.writeFile(join(dir, 'cases.xlsx'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('xlsx: cells formatted as a percentage', () => {
  it('a cases workbook reads them as shown (was 0.755 and 0.3)', async () => {
    const t = await readCases('cases.xlsx', { cwd: dir });
    expect(t.rows.map((r) => r.attributes)).toEqual([
      { aandeel: '75.5%', n: '12' },
      { aandeel: '30%', n: '7' },
    ]);
  });

  it('survey data read the percentage with all its decimals, said with the cells (was 0.75)', async () => {
    const diags: Diagnostic[] = [];
    const t = await readSurveyTable(['survey.xlsx'], { cwd: dir, report: (d) => diags.push(d) });
    expect(t.rows.map((r) => [r.cells.score, r.cells.Q2])).toEqual([
      ['75', '3'],
      ['25.5', '4'],
    ]);
    const d = diags.find((x) => x.ruleId === 'percent-cells-read');
    expect(d).toMatchObject({ severity: 'info', file: 'survey.xlsx', line: 2 });
    expect(d!.message).toContain('2 cells are formatted as a percentage (C2, C3) in sheet "Data": read as the percentage shown (75 for 75%), not as the fraction Excel stores (0.75)');
  });

  it('percentShown: formats with decimals, quoted text and colours; no percentage: undefined', () => {
    expect(percentShown(0.07, '0%')).toBe('7');
    expect(percentShown(0.12345, '0.00%')).toBe('12.35');
    expect(percentShown(0.12345, '0%', true)).toBe('12.345');
    expect(percentShown(0.5, '[Red]0%;-0%')).toBe('50');
    expect(percentShown(0.5, '0 "%"')).toBeUndefined();
    expect(percentShown(0.5, '0.00')).toBeUndefined();
    expect(percentShown(0.5, undefined)).toBeUndefined();
  });
});
