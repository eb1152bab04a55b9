import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCases } from '../../src/ingest/read-cases.js';
import { readSurveyTable } from '../../src/ingest/read-survey.js';
import type { Diagnostic } from '../../src/model/types.js';

/**
 * A cell with a logical value (a checkbox column "toestemming", a formula =C2>3) shows TRUE/FALSE
 * in Excel (WAAR/ONWAAR in a Dutch Excel) and was read "true"/"false" without a word. Now read
 * TRUE and FALSE, in a cases workbook and in survey data alike, and said with the cells
 * (`boolean-cells-read`). A formula whose saved result is FALSE or 0 (=D3>3, =B2-3) was read as a
 * formula without a saved result, an empty cell (exceljs leaves such results out of `cell.value`):
 * read as FALSE and 0. Each test fails on the old code. Content invented.
 */
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qda-bool-'));
  const { default: ExcelJS } = await import('exceljs');
  const cw = new ExcelJS.Workbook();
  const cs = cw.addWorksheet('Cases');
  cs.addRow(['source', 'toestemming', 'ervaren', 'jaren', 'rest']);
  cs.addRow(['r1', true, { formula: 'D2>3', result: true }, 5, { formula: 'D2-5', result: 0 }]);
  cs.addRow(['r2', false, { formula: 'D3>3', result: false }, 2, { formula: 'D3-5', result: -3 }]);
  await cw.xlsx.writeFile(join(dir, 'cases.xlsx'));
  const sw = new ExcelJS.Workbook();
  const ss = sw.addWorksheet('Data');
  ss.addRow(['respondent', 'groep', 'akkoord', 'Q1', 'Q2']);
  ss.addRow([1, 'A', true, 3, { formula: 'D2-3', result: 0 }]);
  ss.addRow([2, 'B', false, 4, { formula: 'D3-3', result: 1 }]);
  await sw.xlsx.writeFile(join(dir, 'survey.xlsx'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('xlsx: cells with a logical value', () => {
  it('a cases workbook reads TRUE and FALSE (was true, false), said with the cells', async () => {
    const diags: Diagnostic[] = [];
    const t = await readCases('cases.xlsx', { cwd: dir, report: (d) => diags.push(d) });
    expect(t.rows.map((r) => r.attributes)).toEqual([
      { toestemming: 'TRUE', ervaren: 'TRUE', jaren: '5', rest: '0' },
      { toestemming: 'FALSE', ervaren: 'FALSE', jaren: '2', rest: '-3' },
    ]);
    expect(diags.filter((x) => x.ruleId === 'formula-without-result')).toEqual([]);
    const d = diags.find((x) => x.ruleId === 'boolean-cells-read');
    expect(d).toMatchObject({ severity: 'info', file: 'cases.xlsx', line: 2 });
    expect(d!.message).toContain('4 cells hold logical values in sheet "Cases" (B2, C2, B3, C3): read as TRUE and FALSE');
    expect(d!.message).toContain('WAAR and ONWAAR');
  });

  it('survey data read them so too (was true, false)', async () => {
    const diags: Diagnostic[] = [];
    const t = await readSurveyTable(['survey.xlsx'], { cwd: dir, report: (d) => diags.push(d) });
    expect(t.rows.map((r) => r.cells.akkoord)).toEqual(['TRUE', 'FALSE']);
    // (a computed answer 0 was a missing answer)
    expect(t.rows.map((r) => r.cells.Q2)).toEqual(['0', '1']);
    expect(diags.some((x) => x.ruleId === 'boolean-cells-read')).toBe(true);
  });
});
