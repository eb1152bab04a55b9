import type { Cell, Table } from '../model/types.js';
import { escapeHtml, escapeLatex, escapeMarkdown, neutraliseFormula, xmlSafeDeep } from './escape.js';
import { maxOf, minOf, pushAll } from '../model/arrays.js';

export type TableFormat = 'json' | 'csv' | 'md' | 'html' | 'latex' | 'xlsx' | 'docx';
export const TABLE_FORMATS: readonly TableFormat[] = ['json', 'csv', 'md', 'html', 'latex', 'xlsx', 'docx'];

export interface RenderTableOptions {
  /** For html: wrap in a complete, self-contained page (default true when rendering a file). */
  readonly standalone?: boolean;
  readonly lang?: 'nl' | 'en';
}

/**
 * A cell as text for people: numbers with a decimal comma in Dutch output (csv, json and xlsx keep
 * numbers as they are). Every writer of text for people (md, html, latex, docx, the appendices)
 * writes numbers through this, so that one table reads "33,3" in each of them.
 */
export function cellText(v: Cell | undefined, lang?: 'nl' | 'en'): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return lang === 'nl' ? formatNumber(v).replace('.', ',') : formatNumber(v);
  return v;
}

/**
 * Numbers: integers as is; others with up to 4 decimals, no trailing zeros, '.' decimal point. A
 * value that is not 0 is never written 0: below 0.00005 it keeps two significant digits (0.000012).
 */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? '' : v > 0 ? '∞' : '-∞';
  if (Number.isInteger(v)) return String(v);
  const r = Math.round(v * 10000) / 10000;
  if (r !== 0) return String(r);
  // (toFixed, not String: String writes such a number as 1.2e-7)
  return v.toFixed(Math.min(20, 1 - Math.floor(Math.log10(Math.abs(v))))).replace(/0+$/, '');
}

/**
 * One CSV cell as `renderTables(…, 'csv')` writes it, without papaparse (for rows written by
 * the thousand): numbers formatted, formulas neutralised, quoted when it holds a quote, comma,
 * line break or BOM, or starts or ends with a space (tested equal to the papaparse rendering).
 */
export function csvCell(v: Cell | undefined): string {
  const s = typeof v === 'number' ? formatNumber(v) : neutraliseFormula(cellText(v));
  if (s.includes('"')) return '"' + s.replace(/"/g, '""') + '"';
  if (s.includes(',') || s.includes('\n') || s.includes('\r') || s.includes('\ufeff') || s.charCodeAt(0) === 32 || s.charCodeAt(s.length - 1) === 32) return '"' + s + '"';
  return s;
}

/**
 * Render tables in a text or binary format. Several tables go into one output
 * (sections in md/html/latex, sheets in xlsx, a blank line between CSV blocks,
 * an array in JSON).
 */
export async function renderTables(
  tables: readonly Table[],
  format: TableFormat,
  opts: RenderTableOptions = {},
): Promise<string | Uint8Array> {
  switch (format) {
    case 'json':
      return JSON.stringify(tables.length === 1 ? tableToJson(tables[0]) : tables.map(tableToJson), null, 2) + '\n';
    case 'csv':
      return (await Promise.all(tables.map(renderCsv))).join('\n');
    case 'md':
      return tables.map((t) => renderMarkdown(t, opts.lang)).join('\n');
    case 'html': {
      const body = tables.map((t) => renderHtmlTable(t, { lang: opts.lang })).join('\n');
      return opts.standalone === false ? body : htmlPage(tables[0]?.title ?? 'qdakit', body, opts.lang ?? 'en');
    }
    case 'latex':
      return tables.map((t) => renderLatex(t, opts.lang)).join('\n');
    case 'xlsx':
      return renderXlsx(tables, opts.lang ?? 'en');
    case 'docx':
      return renderDocx(tables, opts.lang ?? 'en');
  }
}

export function renderTable(table: Table, format: TableFormat, opts?: RenderTableOptions): Promise<string | Uint8Array> {
  return renderTables([table], format, opts);
}

function tableToJson(t: Table): unknown {
  return {
    title: t.title,
    caption: t.caption,
    columns: t.columns.map((c) => ({ key: c.key, label: c.label })),
    rows: t.rows,
    notes: t.notes ?? [],
  };
}

async function renderCsv(t: Table): Promise<string> {
  const { default: Papa } = await import('papaparse');
  const data = [
    t.columns.map((c) => neutraliseFormula(c.label)),
    ...t.rows.map((r) => t.columns.map((c) => {
      const v = r[c.key];
      return typeof v === 'number' ? formatNumber(v) : neutraliseFormula(cellText(v));
    })),
  ];
  return Papa.unparse(data, { newline: '\n' }) + '\n';
}

function renderMarkdown(t: Table, lang?: 'nl' | 'en'): string {
  const out: string[] = [];
  if (t.title) out.push(`### ${escapeMarkdown(t.title, 'heading')}`, '');
  if (t.caption) out.push(escapeMarkdown(t.caption), '');
  const totals = new Set(t.totalRows ?? []);
  out.push('| ' + t.columns.map((c) => escapeMarkdown(c.label, 'inline')).join(' | ') + ' |');
  out.push('|' + t.columns.map((c) => (c.align === 'right' ? ' ---: ' : ' --- ')).join('|') + '|');
  t.rows.forEach((r, i) => {
    const cells = t.columns.map((c) => {
      const s = escapeMarkdown(cellText(r[c.key], lang), 'inline');
      return totals.has(i) && s ? `**${s}**` : s;
    });
    out.push('| ' + cells.join(' | ') + ' |');
  });
  if (t.notes?.length) out.push('', ...t.notes.map((n) => `*${escapeMarkdown(n, 'inline')}*`));
  out.push('');
  return out.join('\n');
}

/** Colour for a heat-map cell: white → blue, text stays readable (and prints in greyscale). */
export function heatColour(v: number, max: number): string {
  if (!(max > 0) || !(v > 0)) return '#ffffff';
  const t = Math.min(1, v / max);
  const from = [255, 255, 255];
  const to = [33, 102, 172];
  const c = from.map((f, i) => Math.round(f + (to[i] - f) * t));
  return '#' + c.map((x) => x.toString(16).padStart(2, '0')).join('');
}

/** A column label "group: measure" (as in the comparison table): the group, and what is measured. */
function splitLabel(label: string): [string, string] | undefined {
  const m = /^(.+?): (.+)$/.exec(label);
  return m ? [m[1], m[2]] : undefined;
}

/** Runs of consecutive columns whose labels share a "group: " prefix (two or more columns each). */
export function columnGroups(t: Table): Array<{ from: number; to: number; group?: string }> {
  const out: Array<{ from: number; to: number; group?: string }> = [];
  let i = 0;
  while (i < t.columns.length) {
    const g = splitLabel(t.columns[i].label)?.[0];
    let j = i + 1;
    if (g !== undefined) while (j < t.columns.length && splitLabel(t.columns[j].label)?.[0] === g) j++;
    if (g !== undefined && j - i >= 2) out.push({ from: i, to: j, group: g });
    else out.push({ from: i, to: (j = i + 1) });
    i = j;
  }
  return out;
}

const CHAR_PX = 8.6; // average glyph width at the table's .92rem (bold headers, DejaVu Sans), in CSS px
const CELL_PAD_PX = 18; // padding and borders of one cell
/** A text column whose longest cell exceeds this many characters wraps, with a minimum width. */
export const LONG_TEXT_CHARS = 40;
/** Minimum width of a long text column (CSS px; 15rem on screen, see BASE_CSS). */
const LONG_MIN_PX = 240;

/** Estimated rendered width of each column in CSS px (wrapping headers at spaces, long text at its minimum width). */
export function estimateColumnWidths(t: Table): number[] {
  const grouped = new Set(columnGroups(t).filter((g) => g.group !== undefined).flatMap((g) => Array.from({ length: g.to - g.from }, (_, k) => g.from + k)));
  return t.columns.map((c, j) => {
    const label = grouped.has(j) ? splitLabel(c.label)![1] : c.label;
    // (capitals of a bold header are wider than the average glyph: "JW1", "OBS1" measured ≈ 1.3×)
    const headWord = Math.max(0, maxOf(label.split(/\s+/).map((w) => [...w].length + 0.3 * (w.match(/\p{Lu}/gu)?.length ?? 0))));
    const cells = t.rows.map((r) => cellText(r[c.key]));
    const longest = Math.max(0, maxOf(cells.map((x) => [...x].length)));
    const longestWord = Math.max(0, maxOf(cells.flatMap((x) => x.split(/\s+/).map((w) => [...w].length))));
    let chars: number;
    if (c.align === 'right') chars = Math.max(longest, headWord);
    else if (longest > LONG_TEXT_CHARS) return Math.max(LONG_MIN_PX, longestWord * CHAR_PX) + CELL_PAD_PX;
    else chars = Math.max(longestWord, Math.min(longest, 24), headWord);
    return chars * CHAR_PX + CELL_PAD_PX;
  });
}

/** Estimated width of the whole table in CSS px. */
export function estimateTableWidth(t: Table): number {
  return estimateColumnWidths(t).reduce((a, b) => a + b, 0);
}

/**
 * A table too wide for `maxPx` split into column groups: each part repeats the leading label
 * columns (up to the first numeric column, at most two) and takes as many of the other columns
 * as fit, never cutting a "group: measure" run. Rows, totals and values are unchanged; the parts
 * say which part they are, and the notes go with the last part. Fits already: the table itself.
 */
/** Tables with fewer columns wrap their text instead of being split. */
const MIN_SPLIT_COLUMNS = 8;

export function splitWideTable(t: Table, maxPx: number, lang: 'nl' | 'en' = 'en', widths: readonly number[] = estimateColumnWidths(t)): Table[] {
  if (widths.reduce((a, b) => a + b, 0) <= maxPx || t.columns.length < MIN_SPLIT_COLUMNS) return [t];
  let nKey = 0;
  while (nKey < Math.min(2, t.columns.length - 1) && t.columns[nKey].align !== 'right') nKey++;
  if (nKey === 0) nKey = 1;
  let keyW = widths.slice(0, nKey).reduce((a, b) => a + b, 0);
  if (nKey === 2 && keyW > maxPx / 2) {
    nKey = 1;
    keyW = widths[0];
  }
  const units = columnGroups({ ...t, columns: t.columns.slice(nKey) }).map((g) => ({ from: g.from + nKey, to: g.to + nKey }));
  const unitW = units.map((u) => widths.slice(u.from, u.to).reduce((a, b) => a + b, 0));
  // the units in parts of at most `cap` px each (with the label columns), one after another
  const fill = (cap: number) => {
    const parts: Array<{ from: number; to: number }[]> = [];
    let cur: { from: number; to: number }[] = [];
    let w = keyW;
    units.forEach((u, k) => {
      if (cur.length && w + unitW[k] > cap) {
        parts.push(cur);
        cur = [];
        w = keyW;
      }
      cur.push(u);
      w += unitW[k];
    });
    if (cur.length) parts.push(cur);
    return parts;
  };
  let parts = fill(maxPx);
  if (parts.length < 2) return [t];
  // as many parts, but alike in width: each cut at the unit boundary nearest its share of the
  // whole (the last part was what the others left: an agreement table's F1 alone in "part 4 of
  // 4"); kept when every part still fits
  const k = parts.length;
  const cum = unitW.reduce<number[]>((a, x) => (a.push(a[a.length - 1] + x), a), [0]);
  const cuts = [0];
  for (let i = 1; i < k; i++) {
    const goal = (cum[cum.length - 1] * i) / k;
    let best = cuts[i - 1] + 1;
    for (let b = best; b <= units.length - (k - i); b++) if (Math.abs(cum[b] - goal) < Math.abs(cum[best] - goal)) best = b;
    cuts.push(best);
  }
  cuts.push(units.length);
  const even = cuts.slice(1).map((to, i) => units.slice(cuts[i], to));
  if (even.every((p, i) => p.length && keyW + cum[cuts[i + 1]] - cum[cuts[i]] <= maxPx)) parts = even;
  return parts.map((units, i) => {
    const cols = [...t.columns.slice(0, nKey), ...units.flatMap((u) => t.columns.slice(u.from, u.to))];
    const part = lang === 'nl' ? `deel ${i + 1} van ${parts.length}` : `part ${i + 1} of ${parts.length}`;
    const { notes: _notes, ...rest } = t;
    return {
      ...rest,
      caption: t.caption ? `${t.caption} (${part})` : `(${part})`,
      columns: cols,
      ...(i === parts.length - 1 && t.notes ? { notes: t.notes } : {}),
    };
  });
}

export function renderHtmlTable(t: Table, opts: { id?: string; lang?: 'nl' | 'en' } = {}): string {
  const heatCols = t.columns.filter((c) => c.heat);
  const totals = new Set(t.totalRows ?? []);
  let max = 0;
  t.rows.forEach((r, i) => {
    if (totals.has(i)) return;
    for (const c of heatCols) {
      const v = r[c.key];
      if (typeof v === 'number' && v > max) max = v;
    }
  });
  const long = t.columns.map((c) => c.align !== 'right' && t.rows.some((r) => [...cellText(r[c.key])].length > LONG_TEXT_CHARS));
  const cls = (j: number, extra: string[] = []) => {
    const list = [...(t.columns[j].align === 'right' ? ['num'] : []), ...(long[j] ? ['long'] : []), ...extra];
    return list.length ? ` class="${list.join(' ')}"` : '';
  };
  const out: string[] = [];
  out.push(`<table${opts.id ? ` id="${escapeHtml(opts.id)}"` : ''} class="qda-table">`);
  if (t.title || t.caption) {
    out.push(`<caption>${t.title ? `<strong>${escapeHtml(t.title)}</strong>` : ''}${t.caption ? ` ${escapeHtml(t.caption)}` : ''}</caption>`);
  }
  // "group: measure" labels: the group once over its columns, the measures below it
  const groups = columnGroups(t);
  if (groups.some((g) => g.group !== undefined)) {
    const top = groups.map((g) =>
      g.group !== undefined
        ? `<th scope="colgroup" colspan="${g.to - g.from}" class="group">${escapeHtml(g.group)}</th>`
        : `<th scope="col" rowspan="2"${cls(g.from)}>${escapeHtml(t.columns[g.from].label)}</th>`,
    );
    const sub = groups.flatMap((g) =>
      g.group !== undefined ? t.columns.slice(g.from, g.to).map((c, k) => `<th scope="col"${cls(g.from + k)} title="${escapeHtml(c.label)}">${escapeHtml(splitLabel(c.label)![1])}</th>`) : [],
    );
    out.push(`<thead><tr>${top.join('')}</tr><tr>${sub.join('')}</tr></thead>`);
  } else {
    out.push('<thead><tr>' + t.columns.map((c, j) => `<th scope="col"${cls(j)}>${escapeHtml(c.label)}</th>`).join('') + '</tr></thead>');
  }
  out.push('<tbody>');
  t.rows.forEach((r, i) => {
    const cells = t.columns.map((c, j) => {
      const v = r[c.key];
      const text = escapeHtml(cellText(v, opts.lang));
      const numCls = c.align === 'right' ? ' class="num"' : '';
      if (j === 0) return `<th scope="row"${numCls}>${text}</th>`;
      if (c.heat && typeof v === 'number' && !totals.has(i)) {
        const bg = heatColour(v, max);
        const dark = max > 0 && v / max > 0.55;
        return `<td${numCls} style="background:${bg}${dark ? ';color:#fff' : ''}">${text}</td>`;
      }
      return `<td${numCls}>${text}</td>`;
    });
    out.push(`<tr${totals.has(i) ? ' class="total"' : ''}>${cells.join('')}</tr>`);
  });
  out.push('</tbody></table>');
  if (t.notes?.length) out.push(t.notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('\n'));
  return out.join('\n');
}

export const BASE_CSS = `body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.45}
table.qda-table{border-collapse:collapse;margin:1rem 0;font-size:.92rem}
.qda-table th,.qda-table td{border:1px solid #bbb;padding:.25rem .5rem;vertical-align:top;text-align:left}
.qda-table thead th{background:#f0f0f0}
.qda-table .num{text-align:right;font-variant-numeric:tabular-nums}
.qda-table thead th.group{text-align:center;border-bottom:1px solid #888}
.qda-table th.long{min-width:15rem}
.qda-table tr.total th,.qda-table tr.total td{font-weight:bold;border-top:2px solid #444}
.qda-table caption{text-align:left;margin-bottom:.3rem}
p.note{font-size:.85rem;color:#444;margin:.2rem 0}
@media print{body{max-width:none;margin:0}.qda-table{page-break-inside:auto}.qda-table thead{display:table-header-group}.qda-table tr{page-break-inside:avoid}}`;

export function htmlPage(title: string, body: string, lang: 'nl' | 'en'): string {
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${BASE_CSS}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/**
 * The width (in the screen px of estimateColumnWidths) that a LaTeX table may take: the text
 * width of a one-column article in \\footnotesize (≈ 75 characters). A wider table is split
 * into column groups as in the report (label columns repeated, "part 1 of 2"); every column is
 * a paragraph column of its share of \\linewidth, so headers and long text wrap and no column
 * runs off the page (with l columns a comparison table lost all but two columns in the PDF).
 */
export const LATEX_TABLE_PX = 720;

function renderLatex(t: Table, lang?: 'nl' | 'en'): string {
  // (split by the widths the LaTeX columns take, number columns narrower than on screen: by the
  // screen's, a comparison of 5 groups was split in two, its code column half the line)
  return splitWideTable(t, LATEX_TABLE_PX, lang ?? 'en', latexNaturalWidths(t)).map((part) => renderLatexPart(part, lang)).join('\n');
}

/**
 * A LaTeX table (one `renderTables(…, 'latex')` writes) with its columns' widths given, as shares
 * of \\linewidth (see latexColumnShares): the tables of one appendix, a code each, all alike.
 * Not split: the caller's table fits (its shares sum to 1 at most). `below`: the key of a column
 * of running text (the appendix's quotes) written under its row over the whole width, after its
 * label in italics, not as a column (`shares` are then those of the other columns).
 */
export function renderLatexWithShares(t: Table, shares: readonly number[], lang?: 'nl' | 'en', below?: string): string {
  return renderLatexPart(t, lang, shares, below);
}

/**
 * The widths of a LaTeX table's columns as shares of \\linewidth (4 decimals, rounded down):
 * number columns as narrow as their numbers and half a long header word, the long text columns
 * the rest, by the text each holds (see shareLongColumns).
 */
export function latexColumnShares(t: Table): number[] {
  let widths = latexNaturalWidths(t);
  const long = t.columns.map((c) => c.align !== 'right' && t.rows.some((r) => [...cellText(r[c.key])].length > LONG_TEXT_CHARS));
  if (long.some(Boolean)) {
    // the long text columns share the room the others leave, by the text of the rows each makes
    // tallest: the appendix's quotes were a fifth of the width, as wide as the code's name beside
    // them (each long column alike), and a comparison table used two thirds of the line; when
    // the room is too little, all shrink alike
    const fixed = widths.reduce((a, w, j) => a + (long[j] ? 0 : w), 0);
    const room = LATEX_TABLE_PX - fixed;
    if (room >= 80 * long.filter(Boolean).length) widths = shareLongColumns(t, widths, long, room);
  }
  const total = Math.max(LATEX_TABLE_PX, widths.reduce((a, b) => a + b, 0));
  return widths.map((w) => Math.floor((w / total) * 10000) / 10000);
}

/** The widths of a LaTeX table's columns in px before they share the line (see latexColumnShares). */
function latexNaturalWidths(t: Table): number[] {
  // (a LaTeX cell's padding, 2\\tabcolsep, is wider than the estimate's: 8 px more a column)
  // (a number column needs no more than half of a long header word: the header is hyphenated,
  // "Seg-menten", "Respon-denten", and the room goes to the text columns, the quotes among them)
  return estimateColumnWidths(t).map((w, j) => {
    const c = t.columns[j];
    if (c.align !== 'right') return w + 8;
    const head = Math.max(0, maxOf(c.label.split(/\s+/).map((x) => [...x].length)));
    const cells = Math.max(0, maxOf(t.rows.map((r) => [...cellText(r[c.key])].length)));
    return Math.min(w, Math.max(cells, head > 8 ? Math.ceil(head / 2) + 1 : head) * CHAR_PX + CELL_PAD_PX) + 8;
  });
}

function renderLatexPart(whole: Table, lang?: 'nl' | 'en', given?: readonly number[], below?: string): string {
  const under = below !== undefined ? whole.columns.find((c) => c.key === below) : undefined;
  const t = under ? { ...whole, columns: whole.columns.filter((c) => c !== under) } : whole;
  const shares = given ?? latexColumnShares(t);
  const spec = t.columns
    .map((c, j) => `>{${c.align === 'right' ? '\\raggedleft' : '\\raggedright'}\\arraybackslash}p{\\dimexpr ${shares[j].toFixed(4)}\\linewidth-2\\tabcolsep\\relax}`)
    .join('');
  const totals = new Set(t.totalRows ?? []);
  const perLine = t.columns.map((_, j) => latexCharsPerLine(shares[j]));
  // (\\hspace{0pt} before a cell's text whose first word may not fit its column: TeX does not
  // hyphenate the first word of a paragraph, so a header or a code name wider than its column
  // ("Voorbeeldcitaten", "Samenwerking") ran into the next column or off the page; `wider`: bold)
  const mayHyphenate = (text: string, j: number, wider: number) => {
    const first = /^\S*/u.exec(text.trimStart())![0];
    return [...first].length * wider > perLine[j] ? '\\hspace{0pt}' : '';
  };
  const out: string[] = [];
  out.push('% requires \\usepackage{booktabs}, \\usepackage{longtable} and \\usepackage{array}');
  out.push('\\begingroup\\footnotesize');
  out.push(`\\begin{longtable}{${spec}}`);
  if (t.title || t.caption) out.push(`\\caption{${escapeLatex([t.title, t.caption].filter(Boolean).join('. '))}}\\\\`);
  out.push('\\toprule');
  // "group: measure" labels: the group once over its columns (as in HTML), the measures below it
  const groups = columnGroups(t);
  const grouped = groups.some((g) => g.group !== undefined);
  const measure = (c: Table['columns'][number], j: number) => (grouped && groups.some((g) => g.group !== undefined && j >= g.from && j < g.to) ? splitLabel(c.label)![1] : c.label);
  const headRows = [
    ...(grouped
      ? [
          groups.map((g) => (g.group !== undefined ? `\\multicolumn{${g.to - g.from}}{c}{\\textbf{${escapeLatex(g.group)}}}` : '')).join(' & ') + ' \\\\',
          groups.filter((g) => g.group !== undefined).map((g) => `\\cmidrule(lr){${g.from + 1}-${g.to}}`).join(''),
        ]
      : []),
    t.columns.map((c, j) => `${mayHyphenate(measure(c, j), j, 1.25)}\\textbf{${escapeLatex(measure(c, j))}}`).join(' & ') + ' \\\\',
  ];
  // bounded: two or three header rows
  out.push(...headRows, '\\midrule', '\\endfirsthead', '\\toprule', ...headRows, '\\midrule', '\\endhead');
  // a row cannot break over a page in a longtable: a cell taller than the page ran off its foot
  // and was cut from the PDF (a quote of 150 words in the appendix's quote column), and one
  // taller than TeX's largest dimension stopped the compilation. A long text goes on in the rows
  // below it, at most LATEX_PIECE_LINES lines a row, the first column marked "(continued)".
  t.rows.forEach((r, i) => {
    if (totals.has(i)) out.push('\\midrule');
    const texts = t.columns.map((c) => cellText(r[c.key], lang));
    // (a line break in a cell — quotes one a line, a definition's paragraphs — is a line break,
    // \newline{}, as in the codebook export; it was a space, the quotes and paragraphs run together)
    const pieces = texts.map((x, j) => latexCellPieces(x, perLine[j], LATEX_PIECE_LINES, true));
    // bounded: the cells of one row
    const n = Math.max(1, ...pieces.map((p) => p.length));
    for (let k = 0; k < n; k++) {
      const cells = pieces.map((p, j) => (p[k] ? `${mayHyphenate(p[k], j, 1)}${latexLines(p[k])}` : ''));
      if (k > 0 && pieces[0].length <= k) cells[0] = `\\textit{${tr(lang ?? 'en', `(continued ${k + 1}/${n})`, `(vervolg ${k + 1}/${n})`)}}`;
      out.push(cells.join(' & ') + ' \\\\');
    }
    // the running text of `below` under the row, over all columns (in pieces, as a long cell)
    const text = under ? cellText(r[under.key], lang) : '';
    if (under && text.trim()) {
      const all = `p{\\dimexpr\\linewidth-2\\tabcolsep\\relax}`;
      const full = latexCellPieces(text, latexCharsPerLine(1), LATEX_PIECE_LINES, true);
      full.forEach((p, k) => {
        const head = `\\textit{${escapeLatex(k === 0 ? `${under.label}:` : tr(lang ?? 'en', `(${under.label}, continued ${k + 1}/${full.length})`, `(${under.label}, vervolg ${k + 1}/${full.length})`))}}\\newline{}`;
        out.push(`\\multicolumn{${t.columns.length}}{>{\\raggedright\\arraybackslash}${all}}{${head}${latexLines(p)}} \\\\`);
      });
    }
    if (under && i < t.rows.length - 1) out.push('\\addlinespace');
  });
  out.push('\\bottomrule');
  out.push('\\end{longtable}');
  out.push('\\endgroup');
  // bounded: a few notes
  if (t.notes?.length) out.push(...t.notes.map((n) => `\\par\\footnotesize ${escapeLatex(n)}\\normalsize`));
  out.push('');
  return out.join('\n');
}

/**
 * The widths of the long text columns in `room` (px) that make the table shortest: a row is as
 * tall as its fullest cell (its text over its column's width), so each column gets room by the
 * text of the rows it makes tallest (w ∝ √ of that text, where the gain of a little more width
 * is alike for all; a few damped rounds), none below what its longest word (up to 9
 * characters, 14 in the first column, the row's name; a longer one is hyphenated) or 80 px takes. The appendix's quotes, the tallest
 * cell of the rows with quotes, were a fifth of the width, as wide as the code's name beside them.
 */
function shareLongColumns(t: Table, widths: readonly number[], long: readonly boolean[], room: number): number[] {
  const idx = long.flatMap((l, j) => (l ? [j] : []));
  const len = t.rows.map((r) => idx.map((j) => [...cellText(r[t.columns[j].key])].length));
  let floor = idx.map((j) => Math.max(80, Math.min(j === 0 ? 14 : 9, Math.max(0, maxOf(t.rows.flatMap((r) => cellText(r[t.columns[j].key]).split(/\s+/).map((w) => [...w].length))))) * CHAR_PX + CELL_PAD_PX));
  const floors = floor.reduce((a, b) => a + b, 0);
  if (floors > room) floor = floor.map((f) => (f / floors) * room);
  // start: by the text each holds
  const sums = idx.map((_, k) => Math.max(1, len.reduce((a, l) => a + l[k], 0)));
  const fit = (want: readonly number[]): number[] => {
    // scale to `room`, raising those below their floor (bounded: a pass per column)
    const w = [...want];
    const fixed = new Set<number>();
    for (let pass = 0; pass <= idx.length; pass++) {
      const left = room - [...fixed].reduce((a, k) => a + floor[k], 0);
      const total = w.reduce((a, x, k) => a + (fixed.has(k) ? 0 : x), 0);
      let changed = false;
      for (let k = 0; k < w.length; k++) {
        if (fixed.has(k)) continue;
        const v = total > 0 ? (w[k] / total) * left : left / (w.length - fixed.size);
        if (v < floor[k]) {
          fixed.add(k);
          changed = true;
        }
      }
      if (!changed) return w.map((x, k) => (fixed.has(k) ? floor[k] : total > 0 ? (x / total) * left : left / (w.length - fixed.size)));
    }
    return floor.slice();
  };
  let w = fit(sums);
  // bounded: 12 rounds over the rows
  for (let round = 0; round < 12; round++) {
    const bind = idx.map(() => 0);
    for (const l of len) {
      let best = 0;
      for (let k = 1; k < l.length; k++) if (l[k] / w[k] > l[best] / w[best]) best = k;
      bind[best] += l[best];
    }
    const target = fit(bind.map((b) => Math.sqrt(b)));
    w = fit(w.map((x, k) => (x + target[k]) / 2));
  }
  const out = [...widths];
  idx.forEach((j, k) => (out[j] = w[k]));
  return out;
}

/**
 * The most lines of a LaTeX table cell in one row: 30 lines of \\footnotesize take ≈ 290 pt, half
 * the text height of an article (and less than that of the smaller pages of thesis classes), so
 * that a row always fits below the repeated header of a page.
 */
export const LATEX_PIECE_LINES = 40;
/** \\linewidth of an article in pt (a wider text block only makes a row shorter). */
const LATEX_LINE_PT = 345;
/** Width of one character of \\footnotesize text in pt, generously (Latin Modern 8 pt averages ≈ 3.8 pt). */
const LATEX_CHAR_PT = 4.4;

/** Characters a line of a paragraph column of `fraction` × \\linewidth holds (at least 4), in a font of `charPt` a character. */
export function latexCharsPerLine(fraction: number, charPt = LATEX_CHAR_PT): number {
  return Math.max(4, Math.floor((fraction * LATEX_LINE_PT - 12) / charPt));
}

/**
 * A cell's text in LaTeX with its line breaks as \newline{} (at most one empty line in a row; none
 * at its start or end, where \newline{} stops pdfLaTeX: "There's no line here to end").
 */
function latexLines(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').replace(/^\n+|\n+$/g, '').split('\n');
  return lines.map(escapeLatex).join('\\newline{}');
}

/** Width of a character in pdfLaTeX output, in characters: one it writes as its code point ("[U+05E9]") counts 8. */
function latexCharWidth(c: string): number {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u024f\u2010-\u2027\u2030-\u203a\u20ac\u2122]/.test(c) ? 1 : 8;
}

/**
 * A cell's text cut into pieces of at most `maxLines` lines of `perLine` characters each (as a
 * paragraph column fills them, one word after another), at spaces: the lines of the text (the
 * quotes of a cell) kept whole in a piece where they fit, a longer one cut into pieces of about
 * equal length; a word longer than a whole piece is cut inside. In a piece a line of the text
 * begins after "\n" (render-table and the codebook write it as \\newline; with
 * `lineBreaks` each begins a line of its own in the estimate). A text that fits: itself.
 */
export function latexCellPieces(s: string, perLine: number, maxLines = LATEX_PIECE_LINES, lineBreaks = false): string[] {
  // (a quick bound first: most cells are far shorter than a piece)
  if (s.length * 8 <= perLine * maxLines * 0.5 && (!lineBreaks || s.split('\n').length <= maxLines / 2)) return [s];
  const limit = perLine * maxLines;
  type Word = { w: string; width: number; starts: boolean };
  // the lines of the text, each a list of words with their widths
  const paras: Word[][] = [];
  for (const line of s.split(/\r?\n/)) {
    const para: Word[] = [];
    for (let w of line.split(/\s+/)) {
      if (!w) continue;
      let width = 0;
      for (const c of w) width += latexCharWidth(c);
      // a word longer than a whole piece: cut inside it (a long run without spaces)
      while (width > limit) {
        let head = '';
        let hw = 0;
        for (const c of w) {
          const cw = latexCharWidth(c);
          if (hw + cw > limit) break;
          head += c;
          hw += cw;
        }
        para.push({ w: head, width: hw, starts: !para.length });
        w = w.slice(head.length);
        width -= hw;
      }
      if (w) para.push({ w, width, starts: !para.length });
    }
    if (para.length) paras.push(para);
  }
  // lines a run of words takes, filled one word after another (a word wider than the column is
  // hyphenated or runs over: its lines counted)
  const lines = (run: readonly Word[]): number => {
    let n = 0;
    let used = 0;
    for (const x of run) {
      const wl = Math.max(1, Math.ceil(x.width / perLine));
      if (n > 0 && !(lineBreaks && x.starts) && used + 1 + x.width <= perLine) used += 1 + x.width;
      else {
        n += wl;
        used = x.width - (wl - 1) * perLine;
      }
    }
    return n;
  };
  const out: Word[][] = [];
  let cur: Word[] = [];
  for (const para of paras) {
    if (lines([...cur, ...para]) <= maxLines) {
      pushAll(cur, para);
      continue;
    }
    if (cur.length) out.push(cur);
    cur = [];
    const total = lines(para);
    if (total <= maxLines) {
      cur = [...para];
      continue;
    }
    // a line of the text longer than a piece: pieces of about equal length (no last piece of one word)
    const per = Math.min(maxLines, Math.ceil(total / Math.ceil(total / maxLines)) + 1);
    for (const x of para) {
      if (cur.length && lines([...cur, x]) > per) {
        out.push(cur);
        cur = [];
      }
      cur.push(x);
    }
  }
  if (cur.length) out.push(cur);
  if (out.length <= 1) return [s];
  return out.map((run) => run.map((y, k) => (k === 0 ? '' : y.starts ? '\n' : ' ') + y.w).join(''));
}

const tr = (lang: 'nl' | 'en', en: string, nl: string): string => (lang === 'nl' ? nl : en);

/** The font of every cell of an XLSX (Excel and LibreOffice both have it or a metric twin). */
export const XLSX_FONT = 'Arial';
const XLSX_FONT_SIZE = 10;
/** A number written as text in a numeric column ("42.9", "42,9", "95%"): its value, else undefined. */
function numericText(v: string): number | undefined {
  const m = /^\s*(-?\d+)(?:[.,](\d+))?\s*%?\s*$/.exec(v);
  return m ? Number(`${m[1]}.${m[2] ?? '0'}`) : undefined;
}

/**
 * Number format of a numeric column: integers as such, shares and percentage points with one
 * decimal, other fractions (κ, α, p) with up to four. The decimal separator is the reader's
 * (Excel and LibreOffice show "42,9" in a Dutch locale): the value stays a number.
 */
function xlsxNumFmt(label: string, values: readonly number[]): string {
  if (/%|\(pp\)|\bpp\b/.test(label)) return '0.0';
  if (values.every((v) => Number.isInteger(v))) return '0';
  return '0.0###';
}

/** The most characters (UTF-16 units) a cell of Excel or LibreOffice Calc holds. */
export const XLSX_CELL_MAX = 32767;
/** The tallest row Excel accepts (points). */
const XLSX_ROW_MAX_PT = 409;

/**
 * A text longer than a spreadsheet cell holds, cut into pieces of at most `max` UTF-16 units
 * (never inside a surrogate pair), preferably after a space or line break in the last tenth.
 */
export function splitCellText(s: string, max = XLSX_CELL_MAX): string[] {
  const out: string[] = [];
  let rest = s;
  while (rest.length > max) {
    let cut = max;
    const soft = Math.max(rest.lastIndexOf(' ', max - 1), rest.lastIndexOf('\n', max - 1));
    if (soft >= max * 0.9) cut = soft + 1;
    else {
      const c = rest.charCodeAt(cut - 1);
      if (c >= 0xd800 && c <= 0xdbff) cut--;
    }
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  out.push(rest);
  return out;
}

/**
 * The name of a table's sheet: its title without the characters a sheet name may not hold
 * ([ ] : * ? / \), at most 31 characters, unique (case-insensitive) in the workbook. A
 * shortened name keeps its end when the start would name another sheet.
 */
export function sheetNames(titles: readonly (string | undefined)[]): string[] {
  const used = new Set<string>();
  return titles.map((title, ti) => {
    const clean = (title ?? `Table ${ti + 1}`).replace(/[\\/?*[\]:]/g, ' ').replace(/\s+/g, ' ').replace(/^'+|'+$/g, '').trim() || `Table ${ti + 1}`;
    const cps = [...clean];
    let name = cps.length <= 31 ? clean : cps.slice(0, 31).join('').trim();
    if (used.has(name.toLowerCase()) && cps.length > 31) {
      // the start is taken: start and end, so that "… per dimension" and "… per item" stay apart
      const tail = cps.slice(-14).join('').trim();
      name = `${cps.slice(0, 31 - 1 - [...tail].length).join('').trim()}…${tail}`;
    }
    for (let k = 2; used.has(name.toLowerCase()); k++) {
      const suffix = ` (${k})`;
      name = `${[...name.replace(/ \(\d+\)$/, '')].slice(0, 31 - suffix.length).join('').trim()}${suffix}`;
    }
    if (name.toLowerCase() === 'history') name = `${name} (table)`; // a name Excel keeps for itself
    used.add(name.toLowerCase());
    return name;
  });
}

/**
 * A records table (one row per record) whose texts are longer than a cell holds: each such text
 * goes on in columns of its own row, `text (2)`, `text (3)` after the last column (the codings
 * reader joins them again), so that every row of the sheet stays one record. Which cells, in a note.
 */
function spreadLongCells(t: Table, lang: 'nl' | 'en'): { table: Table; note?: string } {
  const parts = t.columns.map(() => 1);
  let any = false;
  for (const r of t.rows) {
    t.columns.forEach((c, j) => {
      const v = r[c.key];
      // (one unit of room for the ' a formula-like piece gets, as for the rows below)
      if (typeof v === 'string' && v.length > XLSX_CELL_MAX - 1) {
        parts[j] = Math.max(parts[j], splitCellText(v, XLSX_CELL_MAX - 1).length);
        any = true;
      }
    });
  }
  if (!any) return { table: t };
  const keys = new Set(t.columns.map((c) => c.key));
  const extraKey = (key: string, k: number) => {
    let x = `${key} (${k})`;
    while (keys.has(x)) x += "'";
    return x;
  };
  const extra = t.columns.flatMap((c, j) => Array.from({ length: parts[j] - 1 }, (_, i) => ({ key: extraKey(c.key, i + 2), label: `${c.label} (${i + 2})` })));
  const cells: string[] = [];
  const rows = t.rows.map((r, i) => {
    const out: Record<string, Cell> = { ...r };
    t.columns.forEach((c, j) => {
      const v = r[c.key];
      if (parts[j] === 1 || typeof v !== 'string' || v.length <= XLSX_CELL_MAX - 1) return;
      const pieces = splitCellText(v, XLSX_CELL_MAX - 1);
      out[c.key] = pieces[0];
      pieces.slice(1).forEach((p, k) => (out[extraKey(c.key, k + 2)] = p));
      cells.push(`${colLetter(j + 1)}${i + 2} (${v.length.toLocaleString(lang)} ${tr(lang, 'characters', 'tekens')})`);
    });
    return out;
  });
  const cols = t.columns.filter((_, j) => parts[j] > 1).map((c) => `"${c.label}"`).join(', ');
  const list = `${cells.slice(0, 10).join(', ')}${cells.length > 10 ? tr(lang, `, and ${cells.length - 10} more`, `, en nog ${cells.length - 10}`) : ''}`;
  const note = tr(
    lang,
    `${cells.length} cell(s) hold more than the ${XLSX_CELL_MAX.toLocaleString('en')} characters a spreadsheet cell can: each text goes on in the columns "… (2)" after the last column of its own row (of ${cols}), so that every row stays one coding: ${list}. qda reads such columns back as one text (also from a CSV saved from this sheet); the CSV, JSON and Markdown outputs hold each text in one cell.`,
    `${cells.length} cel(len) bevatten meer dan de ${XLSX_CELL_MAX.toLocaleString('nl')} tekens die een cel van een spreadsheet kan bevatten: elke tekst loopt door in de kolommen "… (2)" na de laatste kolom van de eigen rij (van ${cols}), zodat elke rij één codering blijft: ${list}. qda leest zulke kolommen terug als één tekst (ook uit een CSV die van dit blad is opgeslagen); de CSV-, JSON- en Markdown-uitvoer houden elke tekst in één cel.`,
  );
  return { table: { ...t, columns: [...t.columns, ...extra], rows }, note };
}

async function renderXlsx(input: readonly Table[], lang: 'nl' | 'en'): Promise<Uint8Array> {
  const spread = xmlSafeDeep(input).map((t) => (t.records ? spreadLongCells(t, lang) : { table: t }));
  const tables = spread.map((x) => x.table);
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'qdakit';
  // deterministic output: fixed dates
  wb.created = new Date(0);
  wb.modified = new Date(0);
  const font = (extra: Partial<{ bold: boolean; color: { argb: string } }> = {}) => ({ name: XLSX_FONT, size: XLSX_FONT_SIZE, ...extra });
  // (a records table's notes go on a sheet of their own, after it: its sheet holds the records only)
  const notesTitle = tr(lang, 'Notes', 'Toelichting');
  const allNames = sheetNames([...tables.map((t) => t.title), ...tables.filter((t) => t.records).map((t) => (tables.length > 1 ? `${notesTitle} ${t.title ?? ''}` : notesTitle))]);
  const names = allNames.slice(0, tables.length);
  const notesNames = allNames.slice(tables.length);
  let notesSheet = 0;
  tables.forEach((t, ti) => {
    const name = names[ti];
    // the label columns (up to the first numeric one, at most two) stay in view when scrolling
    let nKey = 0;
    while (nKey < Math.min(2, t.columns.length - 1) && t.columns[nKey].align !== 'right') nKey++;
    const ws = wb.addWorksheet(name, {
      views: [{ state: 'frozen', xSplit: Math.max(1, nKey), ySplit: 1 }],
      // landscape A4, as wide as one page, as long as it needs; the header row on every page
      pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1', margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 } },
      headerFooter: { oddFooter: '&L&A&R&P / &N' },
    });
    const numeric = t.columns.map((c) => c.align === 'right');
    const value = (c: (typeof t.columns)[number], j: number, v: Cell | undefined): string | number | null => {
      if (typeof v === 'number') return Number.isFinite(v) ? v : null;
      if (v === null || v === undefined) return null;
      // a number that reached a numeric column as text is written as the number it is
      if (numeric[j]) {
        const n = numericText(v);
        if (n !== undefined) return n;
      }
      return neutraliseFormula(v);
    };
    const header = ws.addRow(t.columns.map((c) => neutraliseFormula(c.label)));
    header.font = font({ bold: true });
    header.eachCell((cell, j) => {
      textAsTyped(cell);
      cell.alignment = { wrapText: true, vertical: 'top', horizontal: numeric[j - 1] ? 'right' : 'left' };
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF0F0F0' } };
      cell.border = { bottom: { style: 'thin', color: { argb: 'FF444444' } } };
    });
    const totals = new Set(t.totalRows ?? []);
    // a text longer than a cell holds goes on in the rows below it (nothing is cut off), marked
    // "(continued)" in the first column, and a note says which rows
    const sheetRows: Array<{ vals: Array<string | number | null>; of: number; cont: boolean }> = [];
    const overflow: Array<{ row: number; col: string; chars: number; pieces: number }> = [];
    t.rows.forEach((r, i) => {
      const vals = t.columns.map((c, j) => value(c, j, r[c.key]));
      // (a piece after the first that begins with = + - @ gets a ' in front, neutraliseFormula: one unit of room for it)
      const pieces = vals.map((v) => (typeof v === 'string' && v.length > XLSX_CELL_MAX ? splitCellText(v, XLSX_CELL_MAX - 1) : undefined));
      // bounded: the cells of one row
      const extra = Math.max(0, ...pieces.map((p) => (p ? p.length - 1 : 0)));
      const first = sheetRows.length + 2;
      sheetRows.push({ vals: vals.map((v, j) => (pieces[j] ? pieces[j]![0] : v)), of: i, cont: false });
      for (let k = 1; k <= extra; k++) {
        const cont = vals.map((_, j) => (pieces[j] && k < pieces[j]!.length ? neutraliseFormula(pieces[j]![k]) : null));
        if (!pieces[0]) cont[0] = `${typeof vals[0] === 'string' ? `${vals[0]} ` : ''}${tr(lang, `(continued ${k + 1}/${extra + 1})`, `(vervolg ${k + 1}/${extra + 1})`)}`;
        sheetRows.push({ vals: cont, of: i, cont: true });
      }
      pieces.forEach((p, j) => p && overflow.push({ row: first, col: `${colLetter(j + 1)}${first}`, chars: (vals[j] as string).length, pieces: p.length }));
    });
    const cellValues = sheetRows.map((x) => x.vals);
    const fmts = t.columns.map((c, j) => (numeric[j] ? xlsxNumFmt(c.label, cellValues.map((row) => row[j]).filter((x): x is number => typeof x === 'number')) : undefined));
    const long = t.columns.map((_, j) => !numeric[j] && cellValues.some((row) => typeof row[j] === 'string' && [...(row[j] as string)].length > (j < nKey ? XLSX_LABEL_CHARS : XLSX_WRAP_CHARS)));
    // widths from content: numbers as formatted, text up to a cap (longer text wraps), headers wrap at spaces
    const widths = t.columns.map((c, j) => {
      const labelWord = Math.max(0, maxOf(c.label.split(/\s+/).map((w) => [...w].length)));
      const cells = cellValues.map((row) => row[j]).map((v) => (typeof v === 'number' ? formatNumber(v).length + 1 : v === null ? 0 : [...v].length));
      const longest = Math.max(0, maxOf(cells));
      const w = numeric[j] ? Math.max(labelWord, longest, Math.min([...c.label].length, 10)) : long[j] ? (j < nKey ? XLSX_LABEL_CHARS : XLSX_WRAP_CHARS) : Math.min(XLSX_LABEL_CHARS, Math.max(labelWord, longest));
      return Math.max(6, w + 2);
    });
    widths.forEach((w, j) => (ws.getColumn(j + 1).width = w));
    // a table much wider than the page prints over a few pages side by side, its label columns repeated on each
    const totalWidth = widths.reduce((a, b) => a + b, 0);
    const pagesWide = totalWidth <= XLSX_PAGE_CHARS * 1.4 ? 1 : Math.ceil(totalWidth / XLSX_PAGE_CHARS);
    if (pagesWide > 1) {
      ws.pageSetup.fitToWidth = pagesWide;
      ws.pageSetup.printTitlesColumn = `A:${colLetter(Math.max(1, nKey))}`;
    }
    // row heights for wrapped text (neither Excel nor LibreOffice grows a row on opening the file)
    // (a column-width unit is the width of a digit; average text in Arial is a little narrower)
    const lines = (text: string, width: number) => text.split('\n').reduce((n, para) => n + Math.max(1, Math.ceil([...para].length / Math.max(1, (width - 1) * 1.05))), 0);
    const LINE_PT = 12.75;
    header.height = maxOf(t.columns.map((c, j) => lines(c.label, widths[j]))) * LINE_PT + 3;
    // a text taller than the tallest row shows only its start, on screen and on paper (the cell
    // holds it whole): named in a note. (The estimate of lines runs ≈ 1.4× the lines LibreOffice
    // draws; a cell is named from 1.3× the lines a row holds.)
    const clipped: Array<{ cell: string; chars: number }> = [];
    sheetRows.forEach(({ vals, of: i, cont }) => {
      const row = ws.addRow(vals);
      const cellLines = vals.map((v, j) => (long[j] && typeof v === 'string' ? lines(v, widths[j]) : 1));
      // bounded: the cells of one row
      const n = Math.max(1, ...cellLines);
      if (n > 1) row.height = Math.min(XLSX_ROW_MAX_PT, n * LINE_PT + 3);
      cellLines.forEach((l, j) => {
        if (l * LINE_PT + 3 > XLSX_ROW_MAX_PT * 1.3) clipped.push({ cell: `${colLetter(j + 1)}${row.number}`, chars: (vals[j] as string).length });
      });
      row.font = font({ bold: totals.has(i) && !cont });
      row.eachCell({ includeEmpty: true }, (cell, j) => {
        if (fmts[j - 1] && typeof cell.value === 'number') cell.numFmt = fmts[j - 1]!;
        textAsTyped(cell);
        if (long[j - 1]) cell.alignment = { wrapText: true, vertical: 'top' };
        else cell.alignment = { vertical: 'top' };
        if (totals.has(i) && !cont) cell.border = { top: { style: 'thin', color: { argb: 'FF444444' } } };
      });
    });
    // heat map: one 2-colour scale over the heat columns only (one measure), data rows only,
    // with white text where the fill is dark
    const heatIdx = t.columns.map((c, j) => (c.heat ? j + 1 : 0)).filter((j) => j > 0);
    const dataRows = sheetRows.map((_, k) => k).filter((k) => !totals.has(sheetRows[k].of));
    if (heatIdx.length && dataRows.length) {
      const lastRow = maxOf(dataRows) + 2;
      const ref = heatIdx.map((j) => `${colLetter(j)}2:${colLetter(j)}${lastRow}`).join(' ');
      const heatValues = dataRows.flatMap((i) => heatIdx.map((j) => cellValues[i][j - 1])).filter((x): x is number => typeof x === 'number');
      const min = minOf(heatValues);
      const max = maxOf(heatValues);
      ws.addConditionalFormatting({
        ref,
        rules: [
          { type: 'colorScale', priority: 2, cfvo: [{ type: 'min' }, { type: 'max' }], color: [{ argb: 'FFFFFFFF' }, { argb: 'FF2166AC' }] },
          ...(max > min ? [{ type: 'cellIs' as const, operator: 'greaterThan' as const, priority: 1, formulae: [String(Math.round((min + 0.55 * (max - min)) * 10000) / 10000)], style: { font: { color: { argb: 'FFFFFFFF' } } } }] : []),
        ],
      });
    }
    // what the sheet does not show otherwise: the title when the sheet name is not all of it,
    // the caption, and where a text went on in the rows below
    const notes = [
      ...(t.title !== undefined && t.title !== name ? [`${tr(lang, 'Table', 'Tabel')}: ${t.title}`] : []),
      ...(t.caption ? [t.caption] : []),
      ...(spread[ti].note ? [spread[ti].note!] : []),
      ...(overflow.length
        ? [
            tr(
              lang,
              `${overflow.length} cell(s) hold more than the ${XLSX_CELL_MAX.toLocaleString('en')} characters a spreadsheet cell can; each goes on in the row(s) below it, marked "(continued)": ${overflow.map((o) => `${o.col} (${o.chars.toLocaleString('en')} characters, ${o.pieces} rows)`).join(', ')}. The CSV, JSON and Markdown outputs hold such a text in one cell.`,
              `${overflow.length} cel(len) bevatten meer dan de ${XLSX_CELL_MAX.toLocaleString('nl')} tekens die een cel van een spreadsheet kan bevatten; de tekst loopt door in de rij(en) eronder, gemarkeerd "(vervolg)": ${overflow.map((o) => `${o.col} (${o.chars.toLocaleString('nl')} tekens, ${o.pieces} rijen)`).join(', ')}. De CSV-, JSON- en Markdown-uitvoer houden zo'n tekst in één cel.`,
            ),
          ]
        : []),
      ...(clipped.length
        ? [
            tr(
              lang,
              `${clipped.length} cell(s) hold more text than a row shows (a row is at most ${XLSX_ROW_MAX_PT} pt high in Excel and LibreOffice): on screen and on paper the end of the text is cut off; the whole text is in the cell (its formula bar) and in the CSV, JSON and Markdown outputs: ${clipped.slice(0, 10).map((c) => `${c.cell} (${c.chars.toLocaleString('en')} characters)`).join(', ')}${clipped.length > 10 ? `, and ${clipped.length - 10} more` : ''}.`,
              `${clipped.length} cel(len) bevatten meer tekst dan een rij toont (een rij is ten hoogste ${XLSX_ROW_MAX_PT} pt hoog in Excel en LibreOffice): op het scherm en op papier valt het eind van de tekst weg; de hele tekst staat in de cel (de formulebalk) en in de CSV-, JSON- en Markdown-uitvoer: ${clipped.slice(0, 10).map((c) => `${c.cell} (${c.chars.toLocaleString('nl')} tekens)`).join(', ')}${clipped.length > 10 ? `, en nog ${clipped.length - 10}` : ''}.`,
            ),
          ]
        : []),
      ...(t.notes ?? []),
    ];
    if (t.records) {
      // a sheet of notes beside the records (the records' sheet holds one row per record only)
      const notesName = notesNames[notesSheet++];
      if (!notes.length) return;
      const ns = wb.addWorksheet(notesName, { pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
      ns.getColumn(1).width = 100;
      const head = ns.addRow([neutraliseFormula(tr(lang, `Notes to the sheet "${name}"`, `Toelichting bij het blad "${name}"`))]);
      head.font = font({ bold: true });
      for (const note of notes) {
        for (const n of splitCellText(note, XLSX_CELL_MAX - 1)) {
          const row = ns.addRow([neutraliseFormula(n)]);
          row.font = font();
          row.getCell(1).alignment = { wrapText: true, vertical: 'top' };
          textAsTyped(row.getCell(1));
          row.height = Math.min(XLSX_ROW_MAX_PT, lines(n, 100) * LINE_PT + 3);
        }
      }
      return;
    }
    if (notes.length) {
      // each note spans the table's width and wraps, so it neither widens the printed page nor runs off it
      ws.addRow([]);
      // across the columns of the first printed page (a merged cell is not split over pages)
      const scale = Math.min(1, (pagesWide * XLSX_PAGE_CHARS) / totalWidth);
      let span = 0;
      let spanWidth = 0;
      while (span < widths.length && (spanWidth + widths[span]) * scale <= XLSX_PAGE_CHARS * 0.95) spanWidth += widths[span++];
      span = Math.max(1, span);
      const total = Math.max(spanWidth, widths[0]);
      for (const note of notes) {
        for (const n of splitCellText(note, XLSX_CELL_MAX - 1)) {
          const row = ws.addRow([neutraliseFormula(n)]);
          row.font = font({ color: { argb: 'FF444444' } });
          row.getCell(1).alignment = { wrapText: true, vertical: 'top' };
          textAsTyped(row.getCell(1));
          row.height = Math.min(XLSX_ROW_MAX_PT, lines(n, total) * LINE_PT + 3);
          if (span > 1) ws.mergeCells(row.number, 1, row.number, span);
        }
      }
    }
  });
  const buf = await wb.xlsx.writeBuffer();
  return quotePrefixTextCells(new Uint8Array(buf as ArrayBuffer));
}

/**
 * A text cell that starts with = + - @ (or a tab or CR): neutraliseFormula put a ' in front of
 * it, which a spreadsheet shows as part of the text (a quote `- ja, klopt` read `'- ja, klopt`).
 * In an XLSX the cell holds the text as it is, in the Text number format (`@`), which
 * quotePrefixTextCells turns into the spreadsheets' own guard (`quotePrefix`: shown as typed,
 * never taken for a formula, not even when edited). A text that itself starts with ' before
 * such a character keeps its extra ' (the codings reader takes one off).
 */
function textAsTyped(cell: { value: unknown; numFmt: string }): void {
  const v = cell.value;
  if (typeof v === 'string' && v.charCodeAt(0) === 39 && /^'[=+\-@\t\r]/.test(v)) {
    cell.value = v.slice(1);
    cell.numFmt = '@';
  }
}

/** The cell formats in Text format (`@`, numFmtId 49: only textAsTyped's cells) get quotePrefix (exceljs does not write it). */
async function quotePrefixTextCells(xlsx: Uint8Array): Promise<Uint8Array> {
  const { unzipSync, zipSync, strFromU8, strToU8 } = await import('fflate');
  const files = unzipSync(xlsx);
  const name = 'xl/styles.xml';
  if (!files[name]) throw new Error('XLSX without xl/styles.xml: the Text cells cannot be marked as typed text');
  const xml = strFromU8(files[name]);
  const a = xml.indexOf('<cellXfs');
  const b = xml.indexOf('</cellXfs>', a);
  if (a < 0 || b < 0) throw new Error('XLSX styles without cellXfs: the Text cells cannot be marked as typed text');
  const xfs = xml.slice(a, b).replace(/<xf\b([^>]*?)(\/?)>/g, (m, attrs: string, close: string) => (/\bnumFmtId="49"/.test(attrs) && !/\bquotePrefix=/.test(attrs) ? `<xf${attrs} quotePrefix="1"${close}>` : m));
  if (xfs === xml.slice(a, b)) return xlsx;
  files[name] = strToU8(xml.slice(0, a) + xfs + xml.slice(b));
  // (a fixed time: the same tables give the same bytes)
  return zipSync(files, { level: 6, mtime: new Date(1980, 0, 1) });
}

/**
 * Tables as a Word document: per table a heading (its title), the caption, a real table
 * (header row repeated on every page, total rows bold, line breaks kept as paragraphs)
 * and the notes. Landscape when a table has more than six columns.
 */
async function renderDocx(input: readonly Table[], lang: 'nl' | 'en'): Promise<Uint8Array> {
  const { docxColumnWidths, docxMinWidths, DOCX_PAGE, DOCX_LANDSCAPE_CHARS } = await import('./docx-layout.js');
  // a table wider than a landscape page at its columns' least widths is split into column groups,
  // as in LaTeX and the report (label columns repeated, "part 1 of 2"): squeezed onto one page,
  // a matrix of 19 sources broke its counts over lines, 36 as a 3 above a 6, and its headers a
  // letter a line
  const tables = xmlSafeDeep(input).flatMap((t) => splitWideTable(t, DOCX_LANDSCAPE_CHARS, lang, docxMinWidths(t)));
  const d = await import('docx');
  const { Document, Packer, Paragraph, Table: DTable, TableRow, TableCell, TextRun, HeadingLevel, WidthType, PageOrientation, AlignmentType, TableLayoutType } = d;
  // column widths from the content (counts narrow, text wide), as in the appendices; one
  // orientation for the document: landscape when a table needs it
  const wide = tables.some((t) => docxColumnWidths(t).landscape);
  const para = (text: string, o: { bold?: boolean; italics?: boolean; right?: boolean } = {}) =>
    new Paragraph({ ...(o.right ? { alignment: AlignmentType.RIGHT } : {}), children: [new TextRun({ text, bold: o.bold, italics: o.italics, size: 18 })] });
  const lines = (v: Cell | undefined) => cellText(v, lang).split(/\r?\n/);
  const children: Array<InstanceType<typeof Paragraph> | InstanceType<typeof DTable>> = [];
  for (const t of tables) {
    if (t.title) children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(t.title)] }));
    if (t.caption) children.push(new Paragraph({ children: [new TextRun(t.caption)] }));
    const totals = new Set(t.totalRows ?? []);
    const { widths } = docxColumnWidths(t, wide ? 'landscape' : 'portrait');
    const cellW = (j: number) => ({ size: widths[j], type: WidthType.DXA });
    const header = new TableRow({
      tableHeader: true,
      children: t.columns.map((c, j) => new TableCell({ width: cellW(j), shading: { fill: 'E8E8E8' }, children: [para(c.label, { bold: true, right: c.align === 'right' })] })),
    });
    const rows = t.rows.map(
      (r, i) =>
        new TableRow({
          children: t.columns.map((c, j) => new TableCell({ width: cellW(j), children: lines(r[c.key]).map((x) => para(x, { bold: totals.has(i), right: c.align === 'right' })) })),
        }),
    );
    children.push(new DTable({ width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA }, columnWidths: widths, layout: TableLayoutType.FIXED, rows: [header, ...rows] }));
    for (const n of t.notes ?? []) children.push(para(n, { italics: true }));
    children.push(new Paragraph({ children: [] }));
  }
  const doc = new Document({
    creator: 'qdakit',
    title: tables[0]?.title ?? 'qdakit',
    sections: [
      {
        properties: {
          page: {
            size: { orientation: wide ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT, width: DOCX_PAGE.short, height: DOCX_PAGE.long },
            margin: { top: DOCX_PAGE.margin, bottom: DOCX_PAGE.margin, left: DOCX_PAGE.margin, right: DOCX_PAGE.margin },
          },
        },
        children,
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}
/** Text columns wider than this many characters wrap in the XLSX; label columns (code, name) at a narrower width. */
const XLSX_WRAP_CHARS = 44;
const XLSX_LABEL_CHARS = 28;
/** Characters (column-width units, Arial 10) across landscape A4 with the margins used. */
const XLSX_PAGE_CHARS = 150;

function colLetter(n: number): string {
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
