import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

/**
 * An Excel sheet of responses where the researcher hid rows (a filter leaving out test responses)
 * or a column: qda reads every row, hidden or not, and counted them as respondents without a word.
 * Now said, with the rows and columns.
 */
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qda-survey-hidden-'));
  writeFileSync(join(dir, 'spec.yaml'), 'group: groep\nid: respondent\nattributes: [notitie]\nscale: 0..4\ndimensions:\n  d: [Q1, Q2]\n');
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Antwoorden');
  ws.addRow(['respondent', 'groep', 'Q1', 'Q2', 'notitie']);
  ws.addRow(['R1', 'a', 3, 4, '']);
  ws.addRow(['test', 'a', 0, 0, 'testrespons']);
  ws.addRow(['R2', 'a', 2, 3, '']);
  ws.addRow(['R3', 'b', 1, 1, '']);
  ws.addRow(['R4', 'b', 0, 2, 'x']);
  ws.getRow(3).hidden = true;
  ws.getColumn(5).hidden = true;
  await wb.xlsx.writeFile(join(dir, 'antwoorden.xlsx'));
  const plain = new ExcelJS.Workbook();
  const p = plain.addWorksheet('Antwoorden');
  p.addRow(['respondent', 'groep', 'Q1', 'Q2']);
  p.addRow(['R1', 'a', 3, 4]);
  p.addRow(['R2', 'b', 1, 1]);
  await plain.xlsx.writeFile(join(dir, 'plain.xlsx'));
});

async function survey(file: string) {
  const io = memoryIo(dir);
  const code = await main(['survey', file, '--spec', 'spec.yaml', '-f', 'md'], io);
  return { code, out: io.out(), err: io.err() };
}

describe('survey: rows and columns hidden in Excel', () => {
  it('are read, and said with their rows and columns; the file is left as it was', async () => {
    const before = readFileSync(join(dir, 'antwoorden.xlsx'));
    const r = await survey('antwoorden.xlsx');
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(
      'antwoorden.xlsx:3: warning: sheet "Antwoorden" has 1 hidden row (3) and 1 hidden column (E) with data: they are read like every other row and column (a filter or hiding in Excel leaves nothing out) [ingest:hidden-rows-read]\n' +
        '  hint: to leave rows or columns out, delete them (unhide them first to see what they hold) and save; if they belong to the data, nothing needs doing',
    );
    expect(readFileSync(join(dir, 'antwoorden.xlsx')).equals(before)).toBe(true);
  });

  it('a sheet without hidden rows is not said', async () => {
    const r = await survey('plain.xlsx');
    expect(r.code, r.err).toBe(0);
    expect(r.err).not.toContain('hidden-rows-read');
  });
});
