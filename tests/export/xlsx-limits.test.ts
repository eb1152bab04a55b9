import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { renderTables, sheetNames, splitCellText, XLSX_CELL_MAX } from '../../src/export/render-table.js';
import type { Table } from '../../src/model/types.js';

const SOFFICE = spawnSync('sh', ['-c', 'command -v soffice']).status === 0;

async function load(bytes: Uint8Array) {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return wb;
}

/** A quote longer than two spreadsheet cells hold (a long turn in an appendix or contrast table), with an emoji at each cut. */
function longText(n: number): string {
  const words: string[] = [];
  let len = 0;
  for (let i = 0; len < n; i++) {
    const w = i % 997 === 0 ? `w${i}😀` : `w${i}`;
    words.push(w);
    len += w.length + 1;
  }
  return words.join(' ');
}

describe('XLSX cells over the 32,767-character limit of Excel and LibreOffice', () => {
  const quote = longText(80_000);
  const table: Table = {
    title: 'Said vs. done',
    columns: [
      { key: 'case', label: 'Case' },
      { key: 'n', label: 'Pairs', align: 'right' },
      { key: 'quote', label: 'Quote' },
    ],
    rows: [
      { case: 'C1', n: 3, quote: 'short' },
      { case: 'C2', n: 1, quote },
      { case: 'C3', n: 2, quote: 'after' },
    ],
    notes: ['A note.'],
  };

  it('splits a text without losing a character, at word ends, never inside a surrogate pair', () => {
    const parts = splitCellText(quote);
    expect(parts.join('')).toBe(quote);
    expect(parts.length).toBe(3);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(XLSX_CELL_MAX);
      expect(/[\ud800-\udbff]$/.test(p)).toBe(false);
    }
    // no space to cut at: cut at the limit, a surrogate pair kept whole
    const emoji = '😀'.repeat(XLSX_CELL_MAX);
    const e = splitCellText(emoji);
    expect(e.join('')).toBe(emoji);
    for (const p of e) expect(p.length).toBeLessThanOrEqual(XLSX_CELL_MAX);
    expect(e.every((p) => !/[\ud800-\udbff]$/.test(p) && !/^[\udc00-\udfff]/.test(p))).toBe(true);
  });

  it('continues the text in the rows below, marked, every cell within the limit, with a note naming the cell', async () => {
    const wb = await load((await renderTables([table], 'xlsx')) as Uint8Array);
    const ws = wb.worksheets[0];
    const rows: string[][] = [];
    ws.eachRow({ includeEmpty: true }, (row) => {
      const vals: string[] = [];
      for (let c = 1; c <= 3; c++) {
        const v = row.getCell(c).value;
        vals.push(v === null || v === undefined ? '' : String(v));
        expect(vals[c - 1].length, `cell ${row.getCell(c).address}`).toBeLessThanOrEqual(XLSX_CELL_MAX);
      }
      rows.push(vals);
    });
    expect(rows[0]).toEqual(['Case', 'Pairs', 'Quote']);
    expect(rows[1]).toEqual(['C1', '3', 'short']);
    expect(rows[2][0]).toBe('C2');
    expect(rows[3][0]).toBe('C2 (continued 2/3)');
    expect(rows[4][0]).toBe('C2 (continued 3/3)');
    expect(rows[3][1]).toBe(''); // the count once: a sum over the column stays right
    expect(rows[2][2] + rows[3][2] + rows[4][2]).toBe(quote);
    expect(rows[5]).toEqual(['C3', '2', 'after']);
    const notes = rows.slice(6).map((r) => r[0]).filter(Boolean);
    const note = notes.find((n) => n.includes('32,767'))!;
    expect(note).toContain(`C3 (${quote.length.toLocaleString('en')} characters, 3 rows)`);
    expect(notes).toContain('A note.');
    for (let r = 1; r <= ws.rowCount; r++) expect(ws.getRow(r).height ?? 15).toBeLessThanOrEqual(409);
  });

  it('a piece that begins with "-" (its formula guard adds a \') stays within the limit, and the text reads back whole', async () => {
    // old: the second piece was the limit long before its ' and 32,768 long after it
    const text = `${'a'.repeat(32_700)} -${'c'.repeat(40_000)}`;
    const wb = await load((await renderTables([{ columns: [{ key: 'q', label: 'Quote' }], rows: [{ q: text }] }], 'xlsx')) as Uint8Array);
    const cells: string[] = [];
    wb.worksheets[0].eachRow((row) => cells.push(String(row.getCell(1).value ?? '')));
    for (const c of cells) expect(c.length).toBeLessThanOrEqual(XLSX_CELL_MAX);
    // (the piece that starts with - is in a quotePrefix cell, as typed: no ' in front)
    expect(cells[2].startsWith('-')).toBe(true);
    expect(cells[1] + cells[2] + cells[3]).toBe(text);
  });

  it('a text taller than the tallest row (409 pt) is named in a note: the sheet shows only its start', async () => {
    // old: the row was 409 pt high and the rest of a 6,000-character quote was not on screen or
    // paper (LibreOffice printed 52 of its 150 phrases), without a word
    const phrases = (n: number) => Array.from({ length: n }, (_, i) => `we spraken in overleg nr${i} over de wijk`).join(' ');
    const long = phrases(150);
    const t: Table = {
      title: 'Said vs. done',
      columns: [{ key: 'case', label: 'Case' }, { key: 'n', label: 'Pairs', align: 'right' }, { key: 'quote', label: 'Quote' }],
      rows: [{ case: 'C1', n: 3, quote: phrases(25) }, { case: 'C2', n: 1, quote: long }, { case: 'C3', n: 2, quote: 'kort' }],
    };
    const texts = async (lang: 'en' | 'nl') => {
      const wb = await load((await renderTables([t], 'xlsx', { lang })) as Uint8Array);
      const out: string[] = [];
      wb.worksheets[0].eachRow((row) => out.push(String(row.getCell(1).value ?? '')));
      expect(wb.worksheets[0].getCell('C3').value).toBe(long); // the cell holds it whole
      return out;
    };
    const en = (await texts('en')).filter((x) => x.includes('more text than a row shows'));
    expect(en).toEqual([
      `1 cell(s) hold more text than a row shows (a row is at most 409 pt high in Excel and LibreOffice): on screen and on paper the end of the text is cut off; the whole text is in the cell (its formula bar) and in the CSV, JSON and Markdown outputs: C3 (${long.length.toLocaleString('en')} characters).`,
    ]);
    // the 25-phrase quote fits its row: not named
    expect(en[0]).not.toContain('C2');
    expect((await texts('nl')).some((x) => x.startsWith('1 cel(len) bevatten meer tekst dan een rij toont'))).toBe(true);
  });

  it('in Dutch the marker and the note are Dutch', async () => {
    const wb = await load((await renderTables([table], 'xlsx', { lang: 'nl' })) as Uint8Array);
    const ws = wb.worksheets[0];
    expect(ws.getCell('A4').value).toBe('C2 (vervolg 2/3)');
  });

  describe.skipIf(!SOFFICE)('LibreOffice reads every character back (skipped: needs soffice; apt-get install libreoffice-calc)', () => {
    it('converted to CSV by soffice --headless, the quote is whole', () => {
      return (async () => {
        const dir = mkdtempSync(join(tmpdir(), 'qda-xlsx-limit-'));
        const file = join(dir, 'long.xlsx');
        writeFileSync(file, (await renderTables([table], 'xlsx')) as Uint8Array);
        const r = spawnSync('soffice', ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1', '--outdir', dir, file], { encoding: 'utf8', timeout: 120_000 });
        expect(r.status, r.stderr).toBe(0);
        const csv = readFileSync(join(dir, readdirSync(dir).find((f) => f.endsWith('.csv'))!), 'utf8');
        const { default: Papa } = await import('papaparse');
        const rows = Papa.parse<string[]>(csv.trim()).data;
        expect(rows[2][2] + rows[3][2] + rows[4][2]).toBe(quote);
      })();
    }, 180_000);
  });
});

describe('XLSX sheet names and titles', () => {
  it('two titles that share their first 31 characters get names that tell them apart, and the full title is in the sheet', async () => {
    const t = (title: string): Table => ({ title, columns: [{ key: 'a', label: 'A' }], rows: [{ a: 'x' }] });
    const titles = ['Differences between groups per dimension', 'Differences between groups per item', 'Items per group', 'Codes: [a]*b?/c\\d', 'Items per group', "'quoted'", 'History'];
    const names = sheetNames(titles);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
    for (const n of names) {
      expect([...n].length).toBeLessThanOrEqual(31);
      expect(n).not.toMatch(/[\\/?*[\]:]/);
      expect(n).not.toMatch(/^'|'$/);
    }
    expect(names[0]).toBe('Differences between groups per');
    expect(names[1]).toContain('per item');
    expect(names[4]).toBe('Items per group (2)');
    expect(names[6]).not.toBe('History');
    const wb = await load((await renderTables(titles.map(t), 'xlsx')) as Uint8Array);
    expect(wb.worksheets.map((w) => w.name)).toEqual(names);
    // a sheet whose name is not its whole title says the title below the table
    const texts = (i: number) => {
      const out: string[] = [];
      wb.worksheets[i].eachRow((row) => out.push(String(row.getCell(1).value)));
      return out;
    };
    expect(texts(1)).toContain('Table: Differences between groups per item');
    expect(texts(0)).toContain('Table: Differences between groups per dimension');
    expect(texts(2)).not.toContain('Table: Items per group');
  });

  it('writes the caption (it was left out of the sheet)', async () => {
    const wb = await load((await renderTables([{ title: 'Saturation', caption: 'Base 4, run 2, threshold 5%', columns: [{ key: 'a', label: 'A' }], rows: [{ a: 1 }] }], 'xlsx')) as Uint8Array);
    const out: string[] = [];
    wb.worksheets[0].eachRow((row) => out.push(String(row.getCell(1).value)));
    expect(out).toContain('Base 4, run 2, threshold 5%');
  });
});
