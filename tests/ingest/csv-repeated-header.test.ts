import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs } from '../helpers/inputs-untouched.js';
import { parseCsvRecords } from '../../src/ingest/csv-records.js';

/**
 * Two CSV exports joined one under the other (`cat anna.csv bram.csv > codings.csv`), or two
 * exports pasted under each other in a sheet: the second file's header, byte order mark and all, was read
 * as a row: a source "source" with a code "code" counted in the matrix and in N, an answer
 * "antwoord" of a respondent "respondent". Now the repeated header is not read and said with its
 * line; a reader that has no way to say it (an alias or names list) stops. Invented content.
 */
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qda-repeated-header-'));
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Samen');
  ws.addRow(['respondent', 'antwoord', 'team']);
  ws.addRow(['R1', 'De stoep ligt vol met losse tegels.', 'Noord']);
  ws.addRow(['respondent ', 'antwoord', 'team']);
  ws.addRow(['R2', 'Het park wordt goed onderhouden.', 'Zuid']);
  await wb.xlsx.writeFile(join(dir, 'samen.xlsx'));
  writeFileSync(join(dir, 'codings.csv'), 'source,segment,speaker,code,coder\nint-01,2,Sanne,overleg,anna\nint-02,4,Piet,budget,anna\n\uFEFFsource,segment,speaker,code,coder\nint-01,2,Sanne,overleg,bram\n');
  writeFileSync(join(dir, 'antwoorden.csv'), 'respondent;antwoord\nR1;Het contact met de wijk gaat prima zo.\nrespondent;antwoord\nR2;Te weinig tijd voor de bewoners hier.\nrespondent ; antwoord\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a CSV or sheet with its header repeated further down', () => {
  it('a codings CSV: the repeated header is said and not read (no source "source", no code "code"); the file is left as it was', async () => {
    const r = await qdaLeavingInputs(dir, ['matrix', 'codings.csv', '-f', 'csv']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(
      'codings.csv:4: warning: line 4 repeats the header of line 1 ("source,segment,speaker,code,coder"), as two files joined one under the other do: not read as a row (its names would be values: a source, code or answer of that name) [ingest:repeated-header]\n' +
        '  hint: nothing to do if the files were joined; delete the repeated header line to silence this',
    );
    expect(r.out).not.toMatch(/(^|,)source(,|$)/m);
    expect(r.out).not.toMatch(/^code,/m);
  });

  it('an answers CSV: both repeats said with their lines; no answer "antwoord"', async () => {
    const r = await qdaLeavingInputs(dir, ['segments', 'antwoorden.csv']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('antwoorden.csv:3: warning: 2 lines (3, 5) repeat the header of line 1 ("respondent;antwoord")');
    expect(r.out).not.toContain('| antwoord |');
    expect(r.out).toContain('Te weinig tijd voor de bewoners hier.');
  });

  it('a sheet: the repeated header row is said and not read', async () => {
    const r = await qdaLeavingInputs(dir, ['segments', 'samen.xlsx']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(
      'samen.xlsx:3: warning: row 3 repeats the header of row 1 ("respondent, antwoord, team") in sheet "Samen", as two exports pasted one under the other do: not read as a row (its names would be values: a source, group or answer of that name) [ingest:repeated-header]',
    );
    expect(r.out).not.toContain('| antwoord |');
    expect(r.out).toContain('Het park wordt goed onderhouden.');
  });

  it('a reader without a report (an alias or names list) stops with the line', () => {
    expect(() => parseCsvRecords('label,code\nallignment,aligning\nlabel,code\n', 'aliases.csv')).toThrow(/line 3 repeats the header of line 1 \("label,code"\), as two files joined one under the other do: read as a row, its names would be values/);
  });
});
