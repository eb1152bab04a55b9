/**
 * Every export format fed hostile text (formula prefixes, markup, LaTeX specials,
 * control characters, lone surrogates, RTL overrides) in source text, code names and
 * attribute values: formulas neutralised (read back with papaparse / exceljs), HTML and
 * SVG escaped, LaTeX escaped (balanced braces, no data-made environment ends), XML
 * well-formed (fast-xml-parser XMLValidator), JSON lossless.
 */
import { xlsxTextCells } from '../helpers/xlsx-text.js';
import { describe, expect, it } from 'vitest';
import { XMLValidator } from 'fast-xml-parser';
import { unzipSync, strFromU8 } from 'fflate';
import { LATEX_TABLE_PX, renderTables, splitWideTable } from '../../src/export/render-table.js';
import { parseCodebook } from '../../src/codebook/parse-codebook.js';
import { renderCodebookMarkdown } from '../../src/export/codebook-md.js';
import { renderCodebookHtml } from '../../src/export/codebook-html.js';
import { renderCodebookLatex } from '../../src/export/codebook-latex.js';
import { renderCodebookCsv } from '../../src/export/codebook-csv.js';
import { renderCodebookDocx } from '../../src/export/codebook-docx.js';
import { renderCodebookQdc } from '../../src/export/codebook-qdc.js';
import { buildRefiProject, zipRefiProject } from '../../src/export/refi-project.js';
import { parseRefiProject } from '../../src/ingest/read-refi.js';
import { renderBarChartSvg } from '../../src/export/chart-bar.js';
import { renderHeatmapSvg } from '../../src/export/chart-heatmap.js';
import type { Table } from '../../src/model/types.js';
import { mkSource, codeWords } from '../refi/helpers.js';

export const HOSTILE = [
  `=cmd|' /C calc'!A0`,
  '+1+1',
  '-2',
  '@SUM(1)',
  '<script>alert(1)</script>',
  '</table>',
  '\\end{longtable}',
  '100% & {x} "q"',
  '}{',
  'nul\u0000bel\u0007esc\u001b',
  'lone \ud800 and \udfff',
  'rtl \u202eevil\u202c',
  '\tTAB',
  '\r=CR',
  ']]>',
  '$x^2_1$ #~',
];
const FORMULA = /^[=+\-@\t\r]/;

const table: Table = {
  title: 'Matrix <script>alert(1)</script> \\end{longtable}',
  caption: '100% {caption} & </table>',
  columns: [
    { key: 'code', label: '=label <b>' },
    ...HOSTILE.map((h, i) => ({ key: `c${i}`, label: h, align: 'right' as const, heat: true })),
    { key: 'txt', label: 'Text' },
  ],
  rows: HOSTILE.map((h, i) => ({ code: h, txt: h, ...Object.fromEntries(HOSTILE.map((_, j) => [`c${j}`, (i * 7 + j) % 5])) })),
  notes: HOSTILE,
};

/** Strip the escaped forms, then count braces: LaTeX output must balance. */
function latexBalanced(tex: string): boolean {
  const s = tex.replace(/\\[\\{}]/g, '');
  let depth = 0;
  for (const c of s) {
    if (c === '{') depth++;
    else if (c === '}' && --depth < 0) return false;
  }
  return depth === 0;
}

function checkLatex(tex: string, envs: number): void {
  expect(latexBalanced(tex)).toBe(true);
  // \end{longtable} / \end{tabular} only as many times as the renderer opened them
  const ends = tex.match(/\\end\{(longtable|tabular|table|document)\}/g) ?? [];
  const begins = tex.match(/\\begin\{(longtable|tabular|table|document)\}/g) ?? [];
  expect(ends.length).toBe(begins.length);
  expect(begins.length).toBeLessThanOrEqual(envs);
  // every % is escaped (an unescaped one would comment out the rest of the line)
  // (lines starting with % are the renderer's own comments)
  const body = tex.split('\n').filter((l) => !l.startsWith('%')).join('\n');
  expect(body.replace(/\\\\/g, '').match(/(^|[^\\])%/gm) ?? []).toEqual([]);
  expect(tex).not.toContain('\u0000');
}

function checkHtml(html: string): void {
  expect(html).not.toMatch(/<script/i);
  expect(html.match(/<table/g)?.length ?? 0).toBe(html.match(/<\/table>/g)?.length ?? 0);
  expect(html).not.toContain('\u0000');
}

const hostileBook = () =>
  parseCodebook(
    JSON.stringify({
      id: 'hostile',
      name: { nl: HOSTILE[4], en: HOSTILE[0] },
      language: 'nl',
      description: { nl: HOSTILE.join(' | '), en: HOSTILE.join(' | ') },
      codes: HOSTILE.map((h, i) => ({
        id: `c${i}`,
        name: { nl: h, en: h },
        definition: { nl: `def ${h}`, en: `def ${h}` },
        examples: { nl: [h], en: [h] },
        include: { nl: [h] },
      })),
    }),
    { file: 'hostile.json', format: 'json' },
  );

describe('hostile text in table exports (matrix, compare, agreement, saturation tables)', () => {
  it('csv: formulas neutralised, read back by papaparse', async () => {
    const csv = (await renderTables([table], 'csv')) as string;
    const Papa = (await import('papaparse')).default;
    const rows = Papa.parse<string[]>(csv, { skipEmptyLines: true }).data;
    const cells = rows.flat();
    for (const c of cells) expect(FORMULA.test(c), `unneutralised cell ${JSON.stringify(c)}`).toBe(false);
    expect(cells).toContain(`'=cmd|' /C calc'!A0`);
    expect(cells).toContain(`'-2`);
  });

  it('xlsx: no formula cells, strings neutralised, read back by exceljs', async () => {
    const bytes = (await renderTables([table], 'xlsx')) as Uint8Array;
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    let strings = 0;
    wb.eachSheet((ws) =>
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
          expect(typeof cell.value === 'object' && cell.value !== null && 'formula' in (cell.value as object)).toBe(false);
          if (typeof cell.value === 'string') strings++;
        }),
      ),
    );
    expect(strings).toBeGreaterThan(HOSTILE.length);
    // a text that starts like a formula is in a cell the spreadsheet keeps as text (quotePrefix),
    // as typed: no ' shown in front of it
    const { cells, formulas } = xlsxTextCells(bytes);
    expect(formulas).toBe(0);
    const risky = cells.filter((c) => FORMULA.test(c.text));
    expect(risky.length).toBeGreaterThan(2);
    for (const c of risky) expect(c.quotePrefix, `unneutralised cell ${c.ref} ${JSON.stringify(c.text)}`).toBe(true);
    expect(cells.map((c) => c.text)).toContain(`=cmd|' /C calc'!A0`);
  });

  it('html: escaped, no script, one table', async () => {
    const html = (await renderTables([table], 'html')) as string;
    checkHtml(html);
    expect(html).toContain('&lt;script&gt;');
  });

  it('latex: escaped, braces balanced, no data-made \\end{longtable}', async () => {
    // (a table wider than the page is split into parts, a longtable each)
    checkLatex((await renderTables([table], 'latex')) as string, splitWideTable(table, LATEX_TABLE_PX).length);
  });

  it('md: one row per table row, pipes escaped, no raw markup', async () => {
    const md = (await renderTables([table], 'md')) as string;
    expect(md).not.toMatch(/<script/i);
    const lines = md.split('\n').filter((l) => l.startsWith('|'));
    const cols = (l: string) => l.replace(/\\\|/g, '').split('|').length;
    for (const l of lines) expect(cols(l)).toBe(cols(lines[0]));
    expect(lines.length).toBe(HOSTILE.length + 2);
  });

  it('json: lossless', async () => {
    const json = JSON.parse((await renderTables([table], 'json')) as string);
    expect(JSON.stringify(json)).toContain(JSON.stringify(HOSTILE[0]).slice(1, -1));
    expect(json.rows.map((r: Record<string, unknown>) => r.txt ?? r.Text)).toEqual(HOSTILE);
  });
});

describe('hostile text in codebook exports', () => {
  it('md, html, latex, csv', async () => {
    const book = hostileBook();
    const html = renderCodebookHtml(book, 'nl');
    checkHtml(html);
    checkLatex(renderCodebookLatex(book, 'en'), 20);
    const md = renderCodebookMarkdown(book, 'nl');
    expect(md).not.toMatch(/<script/i);
    const Papa = (await import('papaparse')).default;
    const cells = Papa.parse<string[]>(await renderCodebookCsv(book, 'nl'), { skipEmptyLines: true }).data.flat();
    for (const c of cells) expect(FORMULA.test(c), `unneutralised cell ${JSON.stringify(c)}`).toBe(false);
  });

  it('docx and .qdc: well-formed XML', async () => {
    const book = hostileBook();
    const docx = unzipSync(await renderCodebookDocx(book, 'nl'));
    const xml = strFromU8(docx['word/document.xml']);
    expect(XMLValidator.validate(xml)).toBe(true);
    const qdc = renderCodebookQdc(book, 'en');
    expect(XMLValidator.validate(qdc)).toBe(true);
    // the names survive a round trip through the .qdc (control characters XML forbids are dropped)
    const back = parseCodebook(qdc, { file: 'h.qdc', format: 'qdc', id: 'h' });
    expect(back.codes.length).toBeGreaterThanOrEqual(HOSTILE.length);
  });
});

describe('hostile text in a REFI-QDA project (.qdpx)', () => {
  it('source text, code names and attribute values: well-formed project.qde, text round-trips', async () => {
    const text = `Interviewer: ${HOSTILE.join('\n')}\nAnna: we =SUM(1) vertrouwen <b>elkaar</b> & 100%.\n`;
    const src = mkSource('hostile-01', text, { attributes: { team: HOSTILE[0], note: HOSTILE[4], ctrl: HOSTILE[9] } });
    const doc = {
      provenance: { tool: 'qdakit', version: '0.0.0' },
      codebooks: [{ id: 'h' }],
      codes: HOSTILE.map((h, i) => ({ id: `c${i}`, name: { en: h, nl: h } })),
      sources: [src],
      segments: [],
      codings: [codeWords(src, 'we =SUM(1) vertrouwen', 'c0', 'human', { memo: HOSTILE.join(' ') }), codeWords(src, '<b>elkaar</b>', 'c4', 'rules')],
    };
    const bytes = await zipRefiProject(buildRefiProject(doc as never));
    const files = unzipSync(bytes);
    const qde = strFromU8(files['project.qde']);
    expect(XMLValidator.validate(qde)).toBe(true);
    expect(qde).not.toContain('<script');
    const back = await parseRefiProject(bytes, 'h.qdpx');
    const s = back.doc.sources[0];
    expect(s.text).toContain('we =SUM(1) vertrouwen <b>elkaar</b> & 100%.');
    expect(back.doc.codings.length).toBe(2);
  });
});

describe('hostile text in SVG charts', () => {
  it('bar chart and heat map: well-formed, no script', async () => {
    const bar = await renderBarChartSvg({ title: HOSTILE[4], categories: HOSTILE, series: [{ name: HOSTILE[5], values: HOSTILE.map((_, i) => i) }], valueLabel: HOSTILE[6], categoryLabel: HOSTILE[7], desc: HOSTILE.join(' ') });
    const heat = await renderHeatmapSvg({ title: HOSTILE[0], rows: HOSTILE, cols: HOSTILE.slice(0, 5), values: HOSTILE.map((_, i) => [i, null, 1, 2, 3]), rowLabel: HOSTILE[8], colLabel: HOSTILE[9], desc: HOSTILE.join(' ') });
    for (const svg of [bar, heat]) {
      expect(XMLValidator.validate(svg)).toBe(true);
      expect(svg).not.toMatch(/<script/i);
      expect(svg).not.toContain('\u0000');
    }
  });
});
