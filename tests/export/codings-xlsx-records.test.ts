/**
 * `qda code -o codings.xlsx`: its sheet holds one row per coding and nothing else. A text longer
 * than a cell went on in "(continued)" rows below it and the notes in rows under the table, which
 * a pivot table, a filter or a count of rows took for codings. Now such a text goes on in columns
 * of its own row (`text (2)`), which the codings reader joins again, and notes are on a sheet of
 * their own.
 */
import { describe, it, expect } from 'vitest';
import { codingsTable } from '../../src/export/codings-csv.js';
import { renderTables, XLSX_CELL_MAX } from '../../src/export/render-table.js';
import { parseCodingsCsv } from '../../src/ingest/read-codings.js';
import { buildDoc, CODES } from '../fixtures/analysis/build.js';

async function load(bytes: Uint8Array) {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return wb;
}

const words = (n: number) => Array.from({ length: n }, (_, i) => `woord${i}`).join(' ');

describe('codings workbook: one row per coding', () => {
  const long = words(9000); // ≈ 80,000 characters: three cells
  const doc = buildDoc(
    [
      { id: 's1', case: 'p1', turns: [['Int', 'interviewer', 'Vertel.'], ['Anna', 'respondent', long, ['coop']], ['Anna', 'respondent', 'Kort.', ['trust']]] },
      { id: 's2', case: 'p2', turns: [['Bob', 'respondent', '=SUM(A1)', ['trust']]] },
    ],
    CODES,
  );

  it('no "(continued)" rows and no note rows in the codings sheet; the text whole in its row; notes on a sheet of their own', async () => {
    const table = codingsTable(doc);
    const bytes = (await renderTables([table], 'xlsx', { lang: 'en' })) as Uint8Array;
    const wb = await load(bytes);
    const ws = wb.worksheets[0];
    expect(ws.rowCount).toBe(1 + doc.codings.length);
    const header = (ws.getRow(1).values as unknown[]).slice(1).map(String);
    expect(header).toContain('text (2)');
    expect(header).toContain('text (3)');
    const col = (h: string) => header.indexOf(h) + 1;
    const rows = Array.from({ length: doc.codings.length }, (_, k) => ws.getRow(k + 2));
    for (const r of rows) expect(String(r.getCell(col('code')).value ?? '')).not.toBe('');
    const coop = rows.find((r) => r.getCell(col('code')).value === 'coop')!;
    const joined = ['text', 'text (2)', 'text (3)'].map((h) => String(coop.getCell(col(h)).value ?? '')).join('');
    expect(joined).toBe(long);
    for (const h of ['text', 'text (2)', 'text (3)']) expect(String(coop.getCell(col(h)).value ?? '').length).toBeLessThanOrEqual(XLSX_CELL_MAX);
    // the formula-like text stays text
    const f = rows.find((r) => r.getCell(col('source')).value === 's2')!;
    expect(f.getCell(col('text')).value).toBe('=SUM(A1)');
    const notes = wb.worksheets[1];
    expect(notes.name).toBe('Notes');
    const noteText = notes.getColumn(1).values.slice(1).map(String).join('\n');
    expect(noteText).toContain('Notes to the sheet');
    expect(noteText).toMatch(/1 cell\(s\) hold more than the 32,767 characters .* columns "… \(2\)" after the last column of its own row/);
    expect(noteText).not.toContain('(continued');
    const nl = await load((await renderTables([table], 'xlsx', { lang: 'nl' })) as Uint8Array);
    expect(nl.worksheets[1].name).toBe('Toelichting');
    expect(nl.worksheets[1].getColumn(1).values.slice(1).map(String).join('\n')).toContain('loopt door in de kolommen "… (2)"');
  });

  it('read back (the sheet saved as CSV): the continued columns are one text, no attribute "text (2)"', async () => {
    const wb = await load((await renderTables([codingsTable(doc)], 'xlsx', { lang: 'en' })) as Uint8Array);
    const ws = wb.worksheets[0];
    const q = (v: unknown) => `"${String(v ?? '').replace(/"/g, '""')}"`;
    const lines: string[] = [];
    ws.eachRow((r) => lines.push((r.values as unknown[]).slice(1).map(q).join(',')));
    // (a short row leaves its last cells out, as a sheet does)
    const read = parseCodingsCsv(lines.join('\n') + '\n', 'codings.csv');
    expect(read.codings).toHaveLength(doc.codings.length);
    for (const c of read.codings) expect(Object.keys(c.attributes ?? {})).not.toContain('text (2)');
    for (const s of read.sources) expect(Object.keys(s.attributes ?? {})).not.toContain('text (2)');
  });

  it('a codings workbook without long texts has one sheet, as before', async () => {
    const short = buildDoc([{ id: 's1', case: 'p1', turns: [['Anna', 'respondent', 'Kort.', ['trust']]] }], CODES);
    const wb = await load((await renderTables([codingsTable(short)], 'xlsx', { lang: 'en' })) as Uint8Array);
    expect(wb.worksheets.map((w) => w.name)).toHaveLength(1);
    expect(wb.worksheets[0].rowCount).toBe(2);
  });
});
