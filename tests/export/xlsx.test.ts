import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { renderTables, XLSX_FONT } from '../../src/export/render-table.js';
import type { Table } from '../../src/model/types.js';

const SOFFICE = spawnSync('sh', ['-c', 'command -v soffice']).status === 0;
const POPPLER = spawnSync('sh', ['-c', 'command -v pdftotext && command -v pdfinfo']).status === 0;

/** A comparison-like table: counts and shares per group, a long text column, a total row and notes. */
const groups = ['alpha', 'beta', 'gamma', 'delta'];
const table: Table = {
  title: 'Comparison by team',
  columns: [
    { key: 'code', label: 'Code' },
    { key: 'label', label: 'Name' },
    ...groups.flatMap((g) => [
      { key: `segments:${g}`, label: `${g}: segments`, align: 'right' as const },
      { key: `respondents:${g}`, label: `${g}: respondents (N=7)`, align: 'right' as const },
      { key: `share:${g}`, label: `${g}: %`, align: 'right' as const, heat: true },
    ]),
    { key: 'difference', label: 'Difference max − min (pp)', align: 'right' },
    { key: 'kappa', label: "Cohen's κ", align: 'right' },
    { key: 'summary', label: 'In words' },
  ],
  rows: [
    ...Array.from({ length: 30 }, (_, i) => ({
      code: `code-${i}`,
      label: `A fairly long name of code number ${i} that wraps`,
      ...Object.fromEntries(groups.flatMap((g, k) => [[`segments:${g}`, (i * (k + 3)) % 17], [`respondents:${g}`, (i + k) % 8], [`share:${g}`, (100 * ((i + k) % 8)) / 7]])),
      difference: ((i * 13) % 100) + 0.25,
      kappa: i % 2 ? 0.5605 : '0.75', // a number that reached the table as text
      summary: groups.map((g, k) => `${(i + k) % 8} of 7 (${g})`).join(' vs ') + ' and more words to make the column wrap',
    })),
    { code: 'Total', label: '', difference: null, kappa: null, summary: '' },
  ],
  totalRows: [30],
  notes: ['Segments = distinct coded segments; respondents = distinct respondents who mention the code; % = respondents / N of the group. A long note that must wrap within the printed page rather than widen it.'],
};

describe('XLSX a reviewer can use', () => {
  let bytes: Uint8Array;
  let ws: import('exceljs').Worksheet;
  beforeAll(async () => {
    bytes = (await renderTables([table], 'xlsx')) as Uint8Array;
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    ws = wb.worksheets[0];
  });

  it('writes numbers as numbers with a number format, never as text', () => {
    const col = (label: string) => table.columns.findIndex((c) => c.label === label) + 1;
    const share = ws.getCell(4, col('alpha: %'));
    expect(typeof share.value).toBe('number');
    expect(share.value).toBeCloseTo(200 / 7, 10); // the full value; the format shows one decimal
    expect(share.numFmt).toBe('0.0');
    expect(ws.getCell(2, col('alpha: segments')).numFmt).toBe('0');
    expect(ws.getCell(2, col('Difference max − min (pp)')).numFmt).toBe('0.0');
    expect(ws.getCell(2, col("Cohen's κ")).value).toBe(0.75); // "0.75" became 0.75
    expect(ws.getCell(3, col("Cohen's κ")).numFmt).toBe('0.0###');
    for (let r = 2; r <= 31; r++) for (let c = 3; c <= col("Cohen's κ"); c++) expect(typeof ws.getCell(r, c).value, `row ${r} col ${c}`).toBe('number');
  });

  it('uses one named font in every cell (headers included)', () => {
    let cells = 0;
    ws.eachRow((row) => row.eachCell((cell) => {
      expect(cell.font?.name, `${cell.address}`).toBe(XLSX_FONT);
      cells++;
    }));
    expect(cells).toBeGreaterThan(500);
    expect(ws.getCell('A1').font?.bold).toBe(true);
  });

  it('puts the heat map over the share columns only, with white text on dark cells', () => {
    const cf = (ws as unknown as { conditionalFormattings: Array<{ ref: string; rules: Array<{ type: string; operator?: string; formulae?: string[]; style?: { font?: { color?: { argb?: string } } } }> }> }).conditionalFormattings;
    expect(cf).toHaveLength(1);
    const shareCols = table.columns.map((c, j) => (c.heat ? j + 1 : 0)).filter(Boolean).map((j) => String.fromCharCode(64 + j));
    expect(cf[0].ref.split(' ')).toEqual(shareCols.map((c) => `${c}2:${c}31`));
    expect(cf[0].rules.map((r) => r.type).sort()).toEqual(['cellIs', 'colorScale']);
    const white = cf[0].rules.find((r) => r.type === 'cellIs')!;
    expect(white.operator).toBe('greaterThan');
    expect(white.style?.font?.color?.argb).toBe('FFFFFFFF');
    expect(Number(white.formulae![0])).toBeCloseTo(0.55 * 100, 5); // 0 … 100: the dark part of the scale
  });

  it('prints landscape A4, as wide as the page (or a few pages with the label columns repeated), header row repeated, panes frozen', () => {
    const ps = ws.pageSetup;
    expect(ps.orientation).toBe('landscape');
    expect(ps.paperSize).toBe(9);
    expect(ps.fitToPage).toBe(true);
    expect(ps.fitToHeight).toBe(0);
    expect(ps.fitToWidth).toBeGreaterThanOrEqual(1);
    if (ps.fitToWidth! > 1) expect(ps.printTitlesColumn).toBe('A:B');
    expect(ps.printTitlesRow).toBe('1:1');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', xSplit: 2, ySplit: 1 });
  });

  it('sizes columns from their content: ids and numbers narrow, the text column wide and wrapped', () => {
    // (a width equal to exceljs' default of 9 is not written, and reads back as undefined)
    const w = (label: string) => ws.getColumn(table.columns.findIndex((c) => c.label === label) + 1).width ?? 9;
    expect(w('Code')).toBeLessThan(12);
    expect(w('alpha: %')).toBeLessThan(14);
    expect(w('In words')).toBeGreaterThan(30);
    const summaryCell = ws.getCell(2, table.columns.length);
    expect(summaryCell.alignment?.wrapText).toBe(true);
    expect(ws.getRow(2).height).toBeGreaterThan(15); // the wrapped text gets its lines
  });

  describe.skipIf(!SOFFICE || !POPPLER)('converted by LibreOffice headless (skipped: needs soffice and pdftotext; apt-get install libreoffice-calc poppler-utils)', () => {
    it('prints every column and every row, numbers formatted, on few landscape pages', () => {
      const dir = mkdtempSync(join(tmpdir(), 'qda-xlsx-'));
      writeFileSync(join(dir, 't.xlsx'), bytes);
      const r = spawnSync('soffice', [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, join(dir, 't.xlsx')], { encoding: 'utf8', timeout: 180_000 });
      expect(r.status, r.stderr).toBe(0);
      const pdf = join(dir, 't.pdf');
      const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout;
      const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
      expect(pages).toBeLessThanOrEqual(6); // 2 pages wide × 3 long (rows of 3 lines), not dozens
      const [w, h] = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info)!.slice(1).map(Number);
      expect(w).toBeGreaterThan(h);
      const text = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).stdout;
      for (const g of groups) expect(text).toContain(g);
      expect(text).toContain('In words');
      for (let i = 0; i < 30; i++) expect(text).toContain(`code-${i}`);
      expect(text).toMatch(/28[.,]6/); // 200/7 with one decimal
      expect(text).not.toContain('28.571428');
      expect(text).toContain('must wrap within the printed page');
    }, 200_000);
  });
});
