import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCases } from '../../src/ingest/read-cases.js';

/**
 * A duration in a cell formatted as elapsed time (`[h]:mm`: an interview of 25 hours of fieldwork,
 * 1.0625 days) was read as a date, "1899-12-31 01:30", and one of 12.5 hours formatted `[h]:mm:ss` as
 * "12:30" without its seconds: read as the sheet shows them (found by hunttable, session 19).
 * Content invented.
 */
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qda-elapsed-'));
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Cases');
  ws.addRow(['source', 'groep', 'duur']);
  const rows: Array<[string, string, number, string]> = [
    ['interview-1', 'wijkcoach', 1.0625, '[h]:mm'],
    ['interview-2', 'wijkcoach', 12.5 / 24, '[h]:mm:ss'],
    ['interview-3', 'jongerenwerker', 45 / 1440, '[mm]:ss'],
    ['interview-4', 'jongerenwerker', 0.5, 'hh:mm'],
  ];
  for (const [s, g, v, f] of rows) ws.addRow([s, g, v]).getCell(3).numFmt = f;
  await wb.xlsx.writeFile(join(dir, 'cases.xlsx'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('elapsed-time cells of a workbook', () => {
  it('are read as shown: hours past 24, seconds when the format has them; a time of day as before', async () => {
    const t = await readCases(join(dir, 'cases.xlsx'), { cwd: dir, report: () => {} });
    const duur = Object.fromEntries(t.rows.map((r) => [r.key, r.attributes.duur]));
    expect(duur).toEqual({ 'interview-1': '25:30', 'interview-2': '12:30:00', 'interview-3': '45:00', 'interview-4': '12:00' });
  });
});
