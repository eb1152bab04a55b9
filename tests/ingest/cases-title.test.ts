import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCases } from '../../src/ingest/read-cases.js';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import type { Diagnostic } from '../../src/model/types.js';

/**
 * A cases table with a title above its header (`Overzicht respondenten 2024`, a blank line, then
 * `source;groep`), as a sheet made for reading has: it stopped as "the cases file has no source
 * column", with the hint to add the column it has. Now the header is found below the title, the
 * title said (`table-title`), each row kept on its own line; in a workbook too. Each test fails on
 * the old code. Notes of a label and its value above the header (`Bron: | Enquête 2024`) are such a
 * title too: in an answers table they were the header, and the real header row an answer
 * "antwoord" of a respondent "row 3", every respondent id lost, without a word. Content invented.
 */
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qda-cases-title-'));
  writeFileSync(join(dir, 'cases.csv'), '\uFEFFOverzicht respondenten 2024\r\n\r\nsource;groep\r\nr1;Noord\r\nr2;Zuid\r\n');
  writeFileSync(join(dir, 'cells.csv'), 'Overzicht respondenten 2024;;\n;;\nbron;groep;wijk\nr1;Noord;"De\nBuurt"\nr2;Zuid;Oost\n');
  writeFileSync(join(dir, 'antw.csv'), 'Bron:;Enquête 2024\n\nrespondent;antwoord\nR1;Goed overleg.\nR2;Slecht contact.\n');
  const { default: ExcelJS } = await import('exceljs');
  const aw = new ExcelJS.Workbook();
  const as = aw.addWorksheet('Antw');
  as.addRow(['Bron:', 'Enquête 2024']);
  as.addRow(['Datum:', 'maart']);
  as.addRow([]);
  as.addRow(['respondent', 'antwoord']);
  as.addRow(['R1', 'Goed overleg.']);
  as.addRow(['R2', 'Slecht contact.']);
  await aw.xlsx.writeFile(join(dir, 'antw.xlsx'));
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Cases');
  ws.addRow(['Overzicht respondenten 2024']);
  ws.addRow([]);
  ws.addRow(['source', 'groep']);
  ws.addRow(['r1', 'Noord']);
  ws.addRow(['r2', 'Zuid']);
  await wb.xlsx.writeFile(join(dir, 'cases.xlsx'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a title above the header of a cases table', () => {
  it('CSV: read from the header below it, the title said (was "no source column")', async () => {
    const diags: Diagnostic[] = [];
    const t = await readCases('cases.csv', { cwd: dir, report: (d) => diags.push(d) });
    expect(t.rows.map((r) => [r.key, r.attributes.groep, r.line])).toEqual([
      ['r1', 'Noord', 4],
      ['r2', 'Zuid', 5],
    ]);
    const d = diags.find((x) => x.ruleId === 'table-title');
    expect(d).toMatchObject({ severity: 'warning', file: 'cases.csv' });
    expect(d!.message).toContain('("Overzicht respondenten 2024") stand above the header of line 3 and are read as a title, not as rows of the table');
  });

  it('CSV: a title typed in a sheet and saved with the separators of the empty cells beside it', async () => {
    const diags: Diagnostic[] = [];
    const t = await readCases('cells.csv', { cwd: dir, report: (d) => diags.push(d) });
    expect(t.rows.map((r) => [r.key, r.attributes.wijk, r.line])).toEqual([
      ['r1', 'De\nBuurt', 4],
      ['r2', 'Oost', 6],
    ]);
    expect(diags.some((x) => x.ruleId === 'table-title')).toBe(true);
  });

  it('a workbook: read from the header row, the title row said', async () => {
    const diags: Diagnostic[] = [];
    const t = await readCases('cases.xlsx', { cwd: dir, report: (d) => diags.push(d) });
    expect(t.rows.map((r) => [r.key, r.attributes.groep, r.line])).toEqual([
      ['r1', 'Noord', 4],
      ['r2', 'Zuid', 5],
    ]);
    const d = diags.find((x) => x.ruleId === 'table-title');
    expect(d!.message).toContain('stands above the header of row 3 in sheet "Cases" and is read as a title, not as rows of the table');
  });
});

describe('notes of a label and its value above the header of an answers table', () => {
  for (const name of ['antw.csv', 'antw.xlsx']) {
    it(`${name}: read as a title, the respondents kept (was an answer "antwoord" of "row 3")`, async () => {
      const diags: Diagnostic[] = [];
      const { corpus } = await readCorpus([name], { cwd: dir, report: (d) => void diags.push(d) });
      expect(corpus.segments.map((x) => [x.speaker, x.text])).toEqual([
        ['R1', 'Goed overleg.'],
        ['R2', 'Slecht contact.'],
      ]);
      const d = diags.find((x) => x.ruleId === 'table-title');
      expect(d!.message).toContain('Bron: Enquête 2024');
    });
  }
});
