import { describe, it, expect } from 'vitest';
import { renderTable } from '../../src/export/render-table.js';
import type { Table } from '../../src/model/types.js';
import { xlsxTextCells } from '../helpers/xlsx-text.js';

const hostile: Table = {
  title: 'Matrix <b>',
  columns: [
    { key: 'code', label: 'Code' },
    { key: 'a', label: 'Team A', align: 'right', heat: true },
  ],
  rows: [
    { code: '=HYPERLINK("http://x")', a: 3 },
    { code: '<script>alert(1)</script> & 50% {x}_$', a: 0.12345 },
    { code: 'Total', a: 3 },
  ],
  totalRows: [2],
};

describe('renderTable', () => {
  it('neutralises formulas in CSV and keeps numbers as numbers', async () => {
    const csv = (await renderTable(hostile, 'csv')) as string;
    const { default: Papa } = await import('papaparse');
    const parsed = Papa.parse<string[]>(csv.trim()).data;
    expect(parsed[1][0]).toBe(`'=HYPERLINK("http://x")`);
    expect(parsed[1][1]).toBe('3');
    expect(parsed[2][1]).toBe('0.1235');
  });

  it('escapes HTML', async () => {
    const html = (await renderTable(hostile, 'html')) as string;
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('<th scope="col"');
  });

  it('escapes LaTeX and uses booktabs rules', async () => {
    const tex = (await renderTable(hostile, 'latex')) as string;
    expect(tex).toContain('\\toprule');
    expect(tex).toContain('50\\% \\{x\\}\\_\\$');
    expect(tex).not.toMatch(/[^\\]%\s*\{x/);
  });

  it('writes an XLSX that exceljs reads back, with formulas neutralised', async () => {
    const bytes = (await renderTable(hostile, 'xlsx')) as Uint8Array;
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    // (the text as typed, in a cell the spreadsheet keeps as text: quotePrefix, see xlsx-text.ts)
    expect(ws.getCell('A2').value).toBe(`=HYPERLINK("http://x")`);
    const { cells, formulas } = xlsxTextCells(bytes);
    expect(formulas).toBe(0);
    expect(cells.find((c) => c.ref === 'A2')).toMatchObject({ text: '=HYPERLINK("http://x")', quotePrefix: true });
    expect(cells.find((c) => c.ref === 'A4')).toMatchObject({ text: 'Total', quotePrefix: false });
    expect(ws.getCell('B2').value).toBe(3);
    expect(ws.getCell('A1').font?.bold).toBe(true);
  });

  it('renders markdown with escaped pipes', async () => {
    const md = (await renderTable({ columns: [{ key: 'x', label: 'X' }], rows: [{ x: 'a|b' }] }, 'md')) as string;
    expect(md).toContain('a\\|b');
  });
});

describe('escapeMarkdown', () => {
  it('turns line breaks into <br> after escaping < (so the break survives and tags do not)', async () => {
    const { escapeMarkdown } = await import('../../src/export/escape.js');
    expect(escapeMarkdown('a\nb <script>')).toBe('a<br>b &lt;script>');
  });
});

describe('escapeLatex and Unicode', () => {
  it('writes symbols pdfLaTeX cannot typeset as commands, keeps Dutch diacritics, and never lets an unknown character through', async () => {
    const { escapeLatex } = await import('../../src/export/escape.js');
    expect(escapeLatex('κ ≥ 0,8 − α → π')).toBe('$\\kappa$ $\\geq$ 0,8 -- $\\alpha$ $\\rightarrow$ $\\pi$');
    expect(escapeLatex('ideeën, geïnterviewd, “café” – €5')).toBe('ideeën, geïnterviewd, “café” – €5');
    expect(escapeLatex('ide\u0065\u0308en')).toBe('ide\u00eben'); // a decomposed ë is composed first
    expect(escapeLatex('ok 👍 中')).toBe('ok \\ifdefined\\Umathcode 👍\\else[U+1F44D]\\fi{} \\ifdefined\\Umathcode 中\\else[U+4E2D]\\fi{}');
  });
});

describe('code-point helpers for offsets', () => {
  it('countBelow and toLf map offsets of a CRLF text to its LF version', async () => {
    const { countBelow, toLf } = await import('../../src/model/codepoints.js');
    expect(countBelow([2, 5, 9], 5)).toBe(1);
    expect(countBelow([2, 5, 9], 10)).toBe(3);
    const t = toLf('a😀\r\nb\r\nc');
    expect(t.text).toBe('a😀\nb\nc');
    expect(t.removed).toEqual([2, 5]);
    expect(t.map(4)).toBe(3); // "b" after one removed CR
    expect(t.map(7)).toBe(5); // "c" after two
  });
});

describe('csvCell (CSV rows without papaparse)', () => {
  it('is the cell renderTables writes, for any string or number (quotes, commas, line breaks, BOM, spaces, formulas)', async () => {
    const fc = (await import('fast-check')).default;
    const { csvCell, renderTables } = await import('../../src/export/render-table.js');
    const piece = fc.constantFrom('a', ' ', '"', ',', '\n', '\r', '\ufeff', '=', '+1', '-', '@', '\t', 'é', '😀', ';', "'", '\\');
    const cell = fc.oneof(fc.array(piece, { maxLength: 8 }).map((p) => p.join('')), fc.double(), fc.integer(), fc.constant(null));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 6 }), async (rows) => {
        const table = { columns: ['a', 'b', 'c'].map((k) => ({ key: k, label: k })), rows: rows.map((r) => ({ a: r[0], b: r[1], c: r[2] })) };
        const want = (await renderTables([table], 'csv')) as string;
        const got = 'a,b,c\n' + rows.map((r) => r.map((v) => csvCell(v)).join(',')).join('\n') + '\n';
        expect(got).toBe(want);
      }),
      { numRuns: 500 },
    );
  });
});
