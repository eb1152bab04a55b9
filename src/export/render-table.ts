import type { Cell, Table } from '../model/types.js';
import { escapeHtml, escapeLatex, escapeMarkdownCell, neutraliseFormula } from './escape.js';
import { maxOf, minOf } from '../model/arrays.js';

export type TableFormat = 'json' | 'csv' | 'md' | 'html' | 'latex' | 'xlsx';
export const TABLE_FORMATS: readonly TableFormat[] = ['json', 'csv', 'md', 'html', 'latex', 'xlsx'];

export interface RenderTableOptions {
  /** For html: wrap in a complete, self-contained page (default true when rendering a file). */
  readonly standalone?: boolean;
  readonly lang?: 'nl' | 'en';
}

function cellText(v: Cell | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return formatNumber(v);
  return v;
}

/** Numbers: integers as is; others with up to 4 decimals, no trailing zeros, '.' decimal point. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? '' : v > 0 ? '∞' : '-∞';
  if (Number.isInteger(v)) return String(v);
  return String(Math.round(v * 10000) / 10000);
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
      return tables.map(renderMarkdown).join('\n');
    case 'html': {
      const body = tables.map((t) => renderHtmlTable(t)).join('\n');
      return opts.standalone === false ? body : htmlPage(tables[0]?.title ?? 'qdakit', body, opts.lang ?? 'en');
    }
    case 'latex':
      return tables.map(renderLatex).join('\n');
    case 'xlsx':
      return renderXlsx(tables);
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

function renderMarkdown(t: Table): string {
  const out: string[] = [];
  if (t.title) out.push(`### ${escapeMarkdownCell(t.title)}`, '');
  if (t.caption) out.push(escapeMarkdownCell(t.caption), '');
  const totals = new Set(t.totalRows ?? []);
  out.push('| ' + t.columns.map((c) => escapeMarkdownCell(c.label)).join(' | ') + ' |');
  out.push('|' + t.columns.map((c) => (c.align === 'right' ? ' ---: ' : ' --- ')).join('|') + '|');
  t.rows.forEach((r, i) => {
    const cells = t.columns.map((c) => {
      const s = escapeMarkdownCell(cellText(r[c.key]));
      return totals.has(i) && s ? `**${s}**` : s;
    });
    out.push('| ' + cells.join(' | ') + ' |');
  });
  if (t.notes?.length) out.push('', ...t.notes.map((n) => `*${escapeMarkdownCell(n)}*`));
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
    const headWord = Math.max(0, maxOf(label.split(/\s+/).map((w) => [...w].length)));
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

export function splitWideTable(t: Table, maxPx: number, lang: 'nl' | 'en' = 'en'): Table[] {
  const widths = estimateColumnWidths(t);
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
  const parts: Array<{ from: number; to: number }[]> = [];
  let cur: { from: number; to: number }[] = [];
  let w = keyW;
  for (const u of units) {
    const uw = widths.slice(u.from, u.to).reduce((a, b) => a + b, 0);
    if (cur.length && w + uw > maxPx) {
      parts.push(cur);
      cur = [];
      w = keyW;
    }
    cur.push(u);
    w += uw;
  }
  if (cur.length) parts.push(cur);
  if (parts.length < 2) return [t];
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

export function renderHtmlTable(t: Table, opts: { id?: string } = {}): string {
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
      const text = escapeHtml(cellText(v));
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

function renderLatex(t: Table): string {
  const spec = t.columns.map((c) => (c.align === 'right' ? 'r' : 'l')).join('');
  const totals = new Set(t.totalRows ?? []);
  const out: string[] = [];
  out.push('% requires \\usepackage{booktabs} and \\usepackage{longtable}');
  out.push(`\\begin{longtable}{${spec}}`);
  if (t.title || t.caption) out.push(`\\caption{${escapeLatex([t.title, t.caption].filter(Boolean).join('. '))}}\\\\`);
  out.push('\\toprule');
  const head = t.columns.map((c) => `\\textbf{${escapeLatex(c.label)}}`).join(' & ') + ' \\\\';
  out.push(head, '\\midrule', '\\endfirsthead', '\\toprule', head, '\\midrule', '\\endhead');
  t.rows.forEach((r, i) => {
    if (totals.has(i)) out.push('\\midrule');
    out.push(t.columns.map((c) => escapeLatex(cellText(r[c.key]))).join(' & ') + ' \\\\');
  });
  out.push('\\bottomrule');
  out.push('\\end{longtable}');
  // bounded: a few notes
  if (t.notes?.length) out.push(...t.notes.map((n) => `\\par\\footnotesize ${escapeLatex(n)}\\normalsize`));
  out.push('');
  return out.join('\n');
}

async function renderXlsx(tables: readonly Table[]): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'qdakit';
  // deterministic output: fixed dates
  wb.created = new Date(0);
  wb.modified = new Date(0);
  const used = new Set<string>();
  tables.forEach((t, ti) => {
    let name = (t.title ?? `Table ${ti + 1}`).replace(/[\\/?*[\]:]/g, ' ').slice(0, 31).trim() || `Table ${ti + 1}`;
    let k = 2;
    while (used.has(name.toLowerCase())) name = `${name.slice(0, 28)} ${k++}`;
    used.add(name.toLowerCase());
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }] });
    ws.addRow(t.columns.map((c) => neutraliseFormula(c.label)));
    ws.getRow(1).font = { bold: true };
    const totals = new Set(t.totalRows ?? []);
    t.rows.forEach((r, i) => {
      const row = ws.addRow(
        t.columns.map((c) => {
          const v = r[c.key];
          if (typeof v === 'number') return Number.isFinite(v) ? v : null;
          return v === null || v === undefined ? null : neutraliseFormula(v);
        }),
      );
      if (totals.has(i)) row.font = { bold: true };
    });
    t.columns.forEach((c, j) => {
      const col = ws.getColumn(j + 1);
      const longest = Math.max(c.label.length, maxOf(t.rows.map((r) => cellText(r[c.key]).length)));
      col.width = Math.min(60, Math.max(8, longest + 2));
    });
    // heat map: a 2-colour scale over the contiguous heat columns, data rows only
    const heatIdx = t.columns.map((c, j) => (c.heat ? j + 1 : 0)).filter((j) => j > 0);
    const dataRows = t.rows.map((_, i) => i).filter((i) => !totals.has(i));
    if (heatIdx.length && dataRows.length) {
      const first = minOf(heatIdx);
      const last = maxOf(heatIdx);
      const lastRow = maxOf(dataRows) + 2;
      ws.addConditionalFormatting({
        ref: `${colLetter(first)}2:${colLetter(last)}${lastRow}`,
        rules: [
          {
            type: 'colorScale',
            priority: 1,
            cfvo: [{ type: 'min' }, { type: 'max' }],
            color: [{ argb: 'FFFFFFFF' }, { argb: 'FF2166AC' }],
          },
        ],
      });
    }
    if (t.notes?.length) {
      ws.addRow([]);
      for (const n of t.notes) ws.addRow([neutraliseFormula(n)]);
    }
  });
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}

function colLetter(n: number): string {
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
