import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs } from '../helpers/inputs-untouched.js';
import { readSurveyTable } from '../../src/ingest/read-survey.js';

/**
 * A hyperlink whose shown text has formatting (a link with a word in bold, as pasted from a web
 * page) is stored with rich text: exceljs gives that object as the cell's text, and reading the
 * sheet stopped with an internal error ("x.trim is not a function", exit 1). Now its words are
 * read. All content is invented.
 */
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qda-rich-link-'));
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Open');
  ws.addRow(['respondent', 'antwoord', 'bron']);
  ws.addRow(['R1', 'Zie de website van de gemeente voor meer uitleg.', { text: { richText: [{ text: 'gemeente ', font: { bold: true } }, { text: 'site' }] }, hyperlink: 'https://example.org/wijk' }]);
  await wb.xlsx.writeFile(join(dir, 'open.xlsx'));
  const sv = new ExcelJS.Workbook();
  const s = sv.addWorksheet('Data');
  s.addRow(['groep', 'Q1', 'link']);
  s.addRow(['a', 3, { text: { richText: [{ text: 'formulier', font: { italic: true } }] }, hyperlink: 'https://example.org/f' }]);
  await sv.xlsx.writeFile(join(dir, 'survey.xlsx'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('xlsx: a hyperlink with rich text', () => {
  it('an answers sheet reads its words (was: internal error, exit 1); the file is left as it was', async () => {
    const r = await qdaLeavingInputs(dir, ['segments', 'open.xlsx', '-f', 'json']);
    expect(r.code, r.err).toBe(0);
    const segs = (JSON.parse(r.out) as { segments: Array<{ meta: Record<string, string> }> }).segments;
    expect(segs[0].meta.bron).toBe('gemeente site');
  });

  it('survey data read its words too', async () => {
    const t = await readSurveyTable(['survey.xlsx'], { cwd: dir });
    expect(t.rows[0].cells.link).toBe('formulier');
  });
});
