import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSurveyTable } from '../../src/ingest/read-survey.js';
import type { Diagnostic } from '../../src/model/types.js';

/**
 * A totals or averages row under the respondents (`Gemiddelde` with AVERAGE(C2:C5) in each item
 * column) was read as a respondent: in survey data a group "Gemiddelde" of one, in a cases table a
 * source of its own, without a word. Now said with its row and formulas (`totals-row-read`); a
 * formula over a respondent's own row (AVERAGE(C2:D2), a score) is no total. Fails on the old
 * code. Content invented.
 */
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qda-totals-'));
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Data');
  ws.addRow(['respondent', 'groep', 'V1', 'V2', 'score']);
  for (const [i, g, a, b] of [[1, 'A', 3, 4], [2, 'B', 2, 1], [3, 'A', 4, 4], [4, 'B', 1, 2]] as const) {
    ws.addRow([i, g, a, b, { formula: `AVERAGE(C${i + 1}:D${i + 1})`, result: (a + b) / 2 }]);
  }
  ws.addRow(['', 'Gemiddelde', { formula: 'AVERAGE(C2:C5)', result: 2.5 }, { formula: 'SUBTOTAL(101,$D$2:$D$5)', result: 2.75 }]);
  await wb.xlsx.writeFile(join(dir, 'data.xlsx'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('xlsx: a totals row under the data', () => {
  it('is said with its row and formulas; per-row formulas are not', async () => {
    const diags: Diagnostic[] = [];
    const t = await readSurveyTable(['data.xlsx'], { cwd: dir, report: (d) => diags.push(d) });
    expect(t.rows).toHaveLength(5);
    const said = diags.filter((d) => d.ruleId === 'totals-row-read');
    expect(said).toHaveLength(1);
    expect(said[0]).toMatchObject({ severity: 'warning', file: 'data.xlsx', line: 6 });
    expect(said[0].message).toContain('sheet "Data" has a row with formulas that sum up a column of other rows (row 6: C6 AVERAGE(C2:C5), D6 SUBTOTAL(D2:D5)): read as a row of data like the others');
  });
});
