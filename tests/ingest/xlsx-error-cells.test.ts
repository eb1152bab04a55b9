import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs } from '../helpers/inputs-untouched.js';
import { readCases } from '../../src/ingest/read-cases.js';
import { readSurveyTable } from '../../src/ingest/read-survey.js';
import type { Diagnostic } from '../../src/model/types.js';

/**
 * Cells of a sheet that hold an error value (a lookup that found nothing: #N/A; #DIV/0!, #REF!),
 * as a value or as a formula's saved result: read as that text without a word, so "#N/A" was a
 * respondent's answer (coded) or a team (a group of its own), and a formula's error as
 * "[object Object]". Now read as Excel shows it (#REF!) and said with the cells and the kinds of
 * error. All content is invented.
 */
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qda-xlsx-errors-'));
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Antwoorden');
  ws.addRow(['respondent', 'antwoord', 'team']);
  ws.addRow(['R1', 'De afvalbakken worden te laat geleegd.', { formula: 'VLOOKUP(A2,Teams!A:B,2,0)', result: { error: '#N/A' } }]);
  ws.addRow(['R2', { formula: 'Ruw!B3', result: { error: '#REF!' } }, 'Zuid']);
  ws.addRow(['R3', 'Er is te weinig verlichting op straat.', { error: '#N/A' }]);
  await wb.xlsx.writeFile(join(dir, 'antwoorden.xlsx'));
  const c = new ExcelJS.Workbook();
  const cs = c.addWorksheet('Bronnen');
  cs.addRow(['source', 'team']);
  cs.addRow(['int-01', { error: '#N/A' }]);
  await c.xlsx.writeFile(join(dir, 'cases.xlsx'));
  const sv = new ExcelJS.Workbook();
  const ss = sv.addWorksheet('Data');
  ss.addRow(['groep', 'Q1', 'gemiddelde']);
  ss.addRow(['a', 3, { formula: 'B2/0', result: { error: '#DIV/0!' } }]);
  await sv.xlsx.writeFile(join(dir, 'survey.xlsx'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('xlsx: cells with an error value', () => {
  it('an answers sheet: said with the cells and kinds; read as the text Excel shows; the file is left as it was', async () => {
    const r = await qdaLeavingInputs(dir, ['segments', 'antwoorden.xlsx', '-f', 'json']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(
      'antwoorden.xlsx:2: warning: 3 cells hold error values (#N/A, #REF!) in sheet "Antwoorden": C2 #N/A, B3 #REF!, C4 #N/A; read as that text, as Excel shows it [ingest:error-cells-read]\n' +
        '  hint: correct the formula (a lookup that finds nothing: give it a value for that case, e.g. IFERROR(…; "")) or clear the cell, and save',
    );
    const segs = (JSON.parse(r.out) as { segments: Array<{ text: string; meta: Record<string, string> }> }).segments;
    expect(segs.map((s) => s.text)).toContain('#REF!');
  });

  it('survey data: a formula whose result is an error reads as that error (was "[object Object]"), and is said', async () => {
    const diags: Diagnostic[] = [];
    const t = await readSurveyTable(['survey.xlsx'], { cwd: dir, report: (d) => diags.push(d) });
    expect(t.rows[0].cells.gemiddelde).toBe('#DIV/0!');
    expect(diags.find((x) => x.ruleId === 'error-cells-read')?.message).toBe('1 cell holds an error value (#DIV/0!) in sheet "Data": C2; read as that text, as Excel shows it');
  });

  it('a cases workbook: said with the cell', async () => {
    const diags: Diagnostic[] = [];
    await readCases('cases.xlsx', { cwd: dir, report: (d) => diags.push(d) });
    const d = diags.find((x) => x.ruleId === 'error-cells-read');
    expect(d).toMatchObject({ file: 'cases.xlsx', line: 2, message: '1 cell holds an error value (#N/A) in sheet "Bronnen": B2; read as that text, as Excel shows it' });
  });
});
