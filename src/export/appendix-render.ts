import type { Cell, Table } from '../model/types.js';
import type { AppendixDocument } from '../analysis/appendix.js';
import { escapeHtml, escapeLatex, escapeMarkdownCell } from './escape.js';
import { BASE_CSS, formatNumber, renderHtmlTable, renderTables } from './render-table.js';

export type AppendixFormat = 'md' | 'html' | 'latex' | 'docx';
export const APPENDIX_FORMATS: readonly AppendixFormat[] = ['md', 'html', 'latex', 'docx'];

/** Render an appendix document (codebook appendix or labelschema). docx → bytes, others → text. */
export async function renderAppendix(doc: AppendixDocument, format: AppendixFormat): Promise<string | Uint8Array> {
  switch (format) {
    case 'md':
      return renderMd(doc);
    case 'html':
      return appendixHtmlPage(doc);
    case 'latex':
      return renderLatexDoc(doc);
    case 'docx':
      return renderDocx(doc);
  }
}

const untitled = (t: Table): Table => ({ ...t, title: undefined });

async function renderMd(doc: AppendixDocument): Promise<string> {
  const out: string[] = [`# ${escapeMarkdownCell(doc.title)}`, ''];
  for (const p of doc.paragraphs) out.push(escapeMarkdownCell(p), '');
  for (const s of doc.sections) {
    out.push(`${'#'.repeat(s.level)} ${escapeMarkdownCell(s.heading)}`, '');
    for (const p of s.paragraphs ?? []) out.push(escapeMarkdownCell(p), '');
    if (s.table) {
      // Markdown cells hold one line: multi-line cells (several quotes) are joined with a space
      const t = untitled(s.table);
      const rows = t.rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' ? v.replace(/\s*\n\s*/g, ' ') : v])));
      out.push((await renderTables([{ ...t, rows }], 'md')) as string);
    }
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n');
}

/** The appendix body as HTML (sections with h2/h3, tables with captions). */
export function appendixHtmlBody(doc: AppendixDocument, headingShift = 0): string {
  const h = (n: number) => `h${Math.min(6, n + headingShift)}`;
  const out: string[] = [];
  for (const p of doc.paragraphs) out.push(`<p>${escapeHtml(p)}</p>`);
  for (const s of doc.sections) {
    out.push(`<section aria-labelledby="${escapeHtml(s.id)}"><${h(s.level)} id="${escapeHtml(s.id)}">${escapeHtml(s.heading)}</${h(s.level)}>`);
    for (const p of s.paragraphs ?? []) out.push(`<p>${escapeHtml(p)}</p>`);
    if (s.table) out.push(renderHtmlTable(s.table));
    out.push('</section>');
  }
  return out.join('\n');
}

export const APPENDIX_CSS = '.qda-table td{white-space:pre-line}';

function appendixHtmlPage(doc: AppendixDocument): string {
  return `<!DOCTYPE html>
<html lang="${doc.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.title)}</title>
<style>${BASE_CSS}
${APPENDIX_CSS}</style>
</head>
<body>
<main>
<h1>${escapeHtml(doc.title)}</h1>
${appendixHtmlBody(doc)}
</main>
</body>
</html>
`;
}

async function renderLatexDoc(doc: AppendixDocument): Promise<string> {
  const out: string[] = ['% requires \\usepackage{booktabs} and \\usepackage{longtable}', `\\section*{${escapeLatex(doc.title)}}`, ''];
  for (const p of doc.paragraphs) out.push(escapeLatex(p), '');
  for (const s of doc.sections) {
    out.push(`\\${s.level === 2 ? 'subsection' : 'subsubsection'}*{${escapeLatex(s.heading)}}`, '');
    for (const p of s.paragraphs ?? []) out.push(escapeLatex(p), '');
    if (s.table) {
      // long text columns get paragraph columns so the table fits the page
      const wide = new Set(['definition', 'criteria', 'quotes', 'anchor']);
      const t = s.table;
      const spec = t.columns.map((c) => (wide.has(c.key) ? 'p{0.22\\linewidth}' : c.align === 'right' ? 'r' : 'l')).join('');
      const body = ((await renderTables([untitled(t)], 'latex')) as string).replace(/\\begin\{longtable\}\{[^}]*\}/, `\\begin{longtable}{${spec}}`);
      out.push(body);
    }
  }
  return out.join('\n');
}

function cellText(v: Cell | undefined): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'number' ? formatNumber(v) : v;
}

async function renderDocx(doc: AppendixDocument): Promise<Uint8Array> {
  const d = await import('docx');
  const { Document, Packer, Paragraph, Table: DTable, TableRow, TableCell, TextRun, HeadingLevel, WidthType, PageOrientation } = d;
  const para = (text: string, bold = false) =>
    text.split('\n').map((line) => new Paragraph({ children: [new TextRun({ text: line, bold, size: 18 })] }));
  const children: Array<InstanceType<typeof Paragraph> | InstanceType<typeof DTable>> = [
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(doc.title)] }),
    ...doc.paragraphs.map((p) => new Paragraph({ children: [new TextRun(p)] })),
  ];
  for (const s of doc.sections) {
    children.push(new Paragraph({ heading: s.level === 2 ? HeadingLevel.HEADING_2 : HeadingLevel.HEADING_3, children: [new TextRun(s.heading)] }));
    for (const p of s.paragraphs ?? []) children.push(new Paragraph({ children: [new TextRun(p)] }));
    if (!s.table) continue;
    const t = s.table;
    const w = Math.floor(100 / t.columns.length);
    const header = new TableRow({
      tableHeader: true,
      children: t.columns.map((c) => new TableCell({ width: { size: w, type: WidthType.PERCENTAGE }, shading: { fill: 'E8E8E8' }, children: para(c.label, true) })),
    });
    const rows = t.rows.map((r) => new TableRow({ children: t.columns.map((c) => new TableCell({ width: { size: w, type: WidthType.PERCENTAGE }, children: para(cellText(r[c.key])) })) }));
    children.push(new DTable({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [header, ...rows] }));
    children.push(new Paragraph({ children: [] }));
  }
  const document = new Document({
    creator: 'qdakit',
    title: doc.title,
    sections: [{ properties: { page: { size: { orientation: PageOrientation.LANDSCAPE } } }, children }],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}
