/**
 * A formula whose saved result is empty text (=IF(A2="";"";A2) on an empty cell): Excel saves it
 * as t="str" with an empty <v>, which exceljs reads as no result, so it was said as a formula
 * "without a saved result" to be opened and saved in Excel (which changes nothing). Now said as a
 * formula with an empty result (info); a formula never calculated is still said as before.
 * Fails on the old code: C2 was among the formulas without a result. Invented content.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCases } from '../../src/ingest/read-cases.js';
import type { Diagnostic } from '../../src/model/types.js';

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qda-formula-empty-'));
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Bronnen');
  ws.addRow(['source', 'team', 'opmerking']);
  ws.addRow(['int-01', 'Noord', { formula: 'IF(B2="Zuid","let op","")', result: '' } as never]);
  ws.addRow(['int-02', 'Zuid', { formula: 'IF(B3="Zuid","let op","")' } as never]);
  writeFileSync(join(dir, 'cases.xlsx'), Buffer.from(await wb.xlsx.writeBuffer()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a formula whose saved result is empty text', () => {
  it('is said as an empty result, not as a formula without a saved result', async () => {
    const diags: Diagnostic[] = [];
    const t = await readCases('cases.xlsx', { cwd: dir, report: (d) => diags.push(d) });
    expect(t.rows.map((r) => r.attributes.opmerking ?? '')).toEqual(['', '']);
    const empty = diags.find((d) => d.ruleId === 'formula-empty-result');
    expect(empty).toMatchObject({ severity: 'info', file: 'cases.xlsx', line: 2 });
    expect(empty!.message).toContain('1 cell is a formula whose saved result is empty text (C2) in sheet "Bronnen": read as empty');
    const none = diags.find((d) => d.ruleId === 'formula-without-result');
    expect(none!.message).toContain('(C3)');
    expect(none!.message).not.toContain('C2');
  });
});
