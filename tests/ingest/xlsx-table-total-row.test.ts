import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import type { Diagnostic } from '../../src/model/types.js';

/**
 * An answers sheet formatted as an Excel Table with its Total Row ticked: the row under the
 * answers has `Totaal` and SUBTOTAL(103,Antwoorden[antwoord]), a column of the table by name, not
 * a range. It was read as a respondent "Totaal" whose answer is "2", without a word (the totals
 * check knew A1 ranges only). Now said as a totals row, with its formulas (`totals-row-read`).
 * Fails on the old code (found by hunttable, session 20). Content invented.
 */
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qda-table-total-'));
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Data');
  ws.addTable({
    name: 'Antwoorden',
    ref: 'A1',
    headerRow: true,
    totalsRow: true,
    columns: [{ name: 'respondent', totalsRowLabel: 'Totaal' }, { name: 'groep' }, { name: 'score', totalsRowFunction: 'average' }, { name: 'antwoord', totalsRowFunction: 'count' }],
    rows: [
      ['R1', 'A', 3, 'Goed overleg met de school.'],
      ['R2', 'B', 4, 'Weinig contact met de wijk.'],
    ],
  });
  // (the results Excel saves with the formulas)
  ws.getCell('C4').value = { formula: 'SUBTOTAL(101,Antwoorden[score])', result: 3.5 };
  ws.getCell('D4').value = { formula: 'SUBTOTAL(103,Antwoorden[antwoord])', result: 2 };
  await wb.xlsx.writeFile(join(dir, 'antwoorden.xlsx'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("an Excel Table's total row", () => {
  it('is said with its row and formulas', async () => {
    const diags: Diagnostic[] = [];
    await readCorpus(['antwoorden.xlsx'], { cwd: dir, report: (d) => void diags.push(d) });
    const d = diags.find((x) => x.ruleId === 'totals-row-read');
    expect(d).toMatchObject({ severity: 'warning', file: 'antwoorden.xlsx', line: 4 });
    expect(d!.message).toContain('(row 4: C4 SUBTOTAL(Antwoorden[score]), D4 SUBTOTAL(Antwoorden[antwoord]))');
    expect(d!.hint).toContain('untick Total Row');
  });
});
