import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs } from '../helpers/inputs-untouched.js';
import { readCases } from '../../src/ingest/read-cases.js';
import type { Diagnostic } from '../../src/model/types.js';

/**
 * Cells merged over several rows in a sheet of answers or cases: exceljs gives every cell of the
 * range the first cell's value, so an answer merged over two rows was read, and coded, as the
 * answer of both respondents, and a team merged over three rows as each row's team, without a
 * word (a reader that reads the first cell only leaves the others empty). Now said with the range,
 * its value and the number of cells. All content is invented.
 */
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qda-merged-'));
  const { default: ExcelJS } = await import('exceljs');
  const a = new ExcelJS.Workbook();
  const s = a.addWorksheet('Open');
  s.addRow(['Enquête voorjaar']);
  s.addRow(['respondent', 'antwoord', 'team']);
  s.addRow(['R1', 'De fietsenstalling bij het station is altijd vol.', 'Oost']);
  s.addRow(['R2', null, null]);
  s.addRow(['R3', 'Meer bankjes in het park graag.', null]);
  s.mergeCells('A1:C1'); // a title over the columns: not data, not said
  s.mergeCells('B3:B4'); // one answer over two respondents
  s.mergeCells('C3:C5'); // one team over three rows
  await a.xlsx.writeFile(join(dir, 'open.xlsx'));
  const plain = new ExcelJS.Workbook();
  const p = plain.addWorksheet('Open');
  p.addRow(['respondent', 'antwoord']);
  p.addRow(['R1', 'Het gras wordt te weinig gemaaid in de zomer.']);
  p.addRow(['R2', 'Prima zo.']);
  p.mergeCells('A1:A1');
  await plain.xlsx.writeFile(join(dir, 'plain.xlsx'));
  const c = new ExcelJS.Workbook();
  const cs = c.addWorksheet('Bronnen');
  cs.addRow(['source', 'team']);
  cs.addRow(['int-01', 'Noord']);
  cs.addRow(['int-02', null]);
  cs.mergeCells('B2:B3');
  await c.xlsx.writeFile(join(dir, 'cases.xlsx'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('xlsx: cells merged over several rows', () => {
  it('an answers sheet: the ranges below the header are said with their values and cells; the answer is still read in both rows; the file is left as it was', async () => {
    const r = await qdaLeavingInputs(dir, ['segments', 'open.xlsx', '-f', 'json']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(
      'open.xlsx:3: warning: sheet "Open" has 2 merged ranges of cells with a value below the header (B3:B4 "De fietsenstalling bij het station is al…", C3:C5 "Oost"): the value of the first cell is read in each of the 5 cells they span (an answer merged over two rows is read as the answer of both) [ingest:merged-cells-read]\n' +
        '  hint: if the value belongs to the first row only, unmerge the cells (Merge & Center > Unmerge Cells) and save: the other cells are then empty; if every row it spans has that value, nothing needs doing (or unmerge and fill it in)',
    );
    const segs = (JSON.parse(r.out) as { segments: Array<{ speaker: string; text: string; meta: Record<string, string> }> }).segments;
    expect(segs.map((x) => [x.speaker, x.meta.team])).toEqual([
      ['R1', 'Oost'],
      ['R2', 'Oost'],
      ['R3', 'Oost'],
    ]);
    expect(segs[1].text).toBe(segs[0].text);
  });

  it('a sheet whose only merge is in the header is not said', async () => {
    const r = await qdaLeavingInputs(dir, ['segments', 'plain.xlsx']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).not.toContain('merged-cells-read');
  });

  it('a cases workbook: said with the range', async () => {
    const diags: Diagnostic[] = [];
    const t = await readCases('cases.xlsx', { cwd: dir, report: (d) => diags.push(d) });
    expect(t.rows.map((x) => x.attributes.team)).toEqual(['Noord', 'Noord']);
    const d = diags.find((x) => x.ruleId === 'merged-cells-read');
    expect(d?.message).toContain('sheet "Bronnen" has 1 merged range of cells with a value below the header (B2:B3 "Noord"): the value of the first cell is read in each of the 2 cells it spans');
    expect(d?.file).toBe('cases.xlsx');
    expect(d?.line).toBe(2);
  });
});
