import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs } from '../helpers/inputs-untouched.js';
import { readSurveyTable } from '../../src/ingest/read-survey.js';

/**
 * Numbers a sheet shows with leading zeros (format `000`: respondent 007, source 001): read as the
 * bare number (7, 1), so a cases workbook's row "001" matched no source 001.txt (its attributes
 * not used) and an answer's respondent was 7, not 007 as the sheet shows. Now read as shown.
 * All content is invented.
 */
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qda-xlsx-zeros-'));
  const { default: ExcelJS } = await import('exceljs');
  const a = new ExcelJS.Workbook();
  const s = a.addWorksheet('Open');
  s.addRow(['respondent', 'antwoord', 'leeftijd']);
  s.addRow([7, 'De speeltuin is te klein voor alle kinderen.', 41]);
  s.getCell('A2').numFmt = '000';
  await a.xlsx.writeFile(join(dir, 'open.xlsx'));
  const c = new ExcelJS.Workbook();
  const cs = c.addWorksheet('Bronnen');
  cs.addRow(['source', 'team']);
  cs.addRow([1, 'Noord']);
  cs.getCell('A2').numFmt = '000';
  await c.xlsx.writeFile(join(dir, 'cases.xlsx'));
  const v = new ExcelJS.Workbook();
  const vs = v.addWorksheet('Data');
  vs.addRow(['respondent', 'groep', 'Q1']);
  vs.addRow([7, 'a', 3]);
  vs.getCell('A2').numFmt = '000';
  vs.getCell('C2').numFmt = '00';
  await v.xlsx.writeFile(join(dir, 'survey.xlsx'));
  writeFileSync(join(dir, '001.txt'), 'Interviewer: Hoe gaat het?\nRespondent: Het overleg met de buurt gaat goed.\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('xlsx: numbers shown with leading zeros', () => {
  it('an answer\'s respondent reads as shown (007); a number without that format as before (41)', async () => {
    const r = await qdaLeavingInputs(dir, ['segments', 'open.xlsx', '-f', 'json']);
    expect(r.code, r.err).toBe(0);
    const segs = (JSON.parse(r.out) as { segments: Array<{ speaker: string; meta: Record<string, string> }> }).segments;
    expect(segs.map((x) => [x.speaker, x.meta.leeftijd])).toEqual([['007', '41']]);
  });

  it('a cases workbook\'s source 001 names 001.txt: its team is applied, no unknown source said; the files are left as they were', async () => {
    const r = await qdaLeavingInputs(dir, ['segments', '001.txt', '--cases', 'cases.xlsx', '-f', 'json']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).not.toContain('unknown-case-source');
    expect((JSON.parse(r.out) as { sources: Array<{ attributes: Record<string, string> }> }).sources[0].attributes).toEqual({ team: 'Noord' });
  });

  it('survey data: a respondent id reads as shown (007; was 7), an item formatted 00 is still its number', async () => {
    const t = await readSurveyTable(['survey.xlsx'], { cwd: dir });
    expect(t.rows.map((r) => [r.cells.respondent, Number(r.cells.Q1)])).toEqual([['007', 3]]);
  });
});
