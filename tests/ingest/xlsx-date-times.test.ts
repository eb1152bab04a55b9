import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs } from '../helpers/inputs-untouched.js';
import { readSurveyTable } from '../../src/ingest/read-survey.js';

/**
 * Date and time cells in a spreadsheet of answers or survey data: a form's time stamp
 * (`01-03-2024 14:30`) was read as its date only, a column of times (`14:30`, formatted h:mm) as
 * `1899-12-30` on every row, and a formula whose result is a date as JavaScript's text of it
 * (`Fri Mar 01 2024 00:00:00 GMT+0000 …`), without a word. Now: the date, its time when it has
 * one, a time alone as the time. All content is invented.
 */
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qda-xlsx-dates-'));
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Formulier');
  ws.addRow(['Tijdstempel', 'tijd', 'dag', 'berekend', 'antwoord']);
  ws.addRow([45352.6041666667, 0.6041666667, 45352, { formula: 'C2+1', result: new Date(Date.UTC(2024, 2, 2)) }, 'De buurtbus rijdt te weinig in het weekend.']);
  ws.addRow([45352.75, 0.7506944444, 45353, { formula: 'C3+1', result: new Date(Date.UTC(2024, 2, 3)) }, 'Het buurthuis is een fijne plek om te komen.']);
  for (const r of [2, 3]) {
    ws.getCell(`A${r}`).numFmt = 'dd-mm-yyyy hh:mm';
    ws.getCell(`B${r}`).numFmt = 'hh:mm';
    ws.getCell(`C${r}`).numFmt = 'dd-mm-yyyy';
    ws.getCell(`D${r}`).numFmt = 'dd-mm-yyyy';
  }
  await wb.xlsx.writeFile(join(dir, 'formulier.xlsx'));
  const sv = new ExcelJS.Workbook();
  const s = sv.addWorksheet('Data');
  s.addRow(['groep', 'ingevuld', 'Q1']);
  s.addRow(['a', 45352.6041666667, 3]);
  s.addRow(['b', 45353, 2]);
  s.getCell('B2').numFmt = 'dd-mm-yyyy hh:mm';
  s.getCell('B3').numFmt = 'dd-mm-yyyy hh:mm';
  await sv.xlsx.writeFile(join(dir, 'survey.xlsx'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('xlsx: dates with a time, times alone, formulas with a date result', () => {
  it('an answers sheet keeps the time of a time stamp, a time alone, and a formula date as a date; the file is left as it was', async () => {
    const r = await qdaLeavingInputs(dir, ['segments', 'formulier.xlsx', '-f', 'json']);
    expect(r.code, r.err).toBe(0);
    const segs = (JSON.parse(r.out) as { segments: Array<{ meta: Record<string, string> }> }).segments;
    expect(segs.map((x) => x.meta)).toEqual([
      { row: '2', Tijdstempel: '2024-03-01 14:30', tijd: '14:30', dag: '2024-03-01', berekend: '2024-03-02' },
      { row: '3', Tijdstempel: '2024-03-01 18:00', tijd: '18:01', dag: '2024-03-02', berekend: '2024-03-03' },
    ]);
  });

  it('survey data keep the time too', async () => {
    const t = await readSurveyTable(['survey.xlsx'], { cwd: dir });
    expect(t.rows.map((x) => x.cells.ingevuld)).toEqual(['2024-03-01 14:30', '2024-03-02']);
  });
});
