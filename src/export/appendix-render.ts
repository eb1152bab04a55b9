import type { Cell, Table } from '../model/types.js';
import type { AppendixDocument } from '../analysis/appendix.js';
import { escapeHtml, escapeLatex, escapeMarkdown, xmlSafeDeep } from './escape.js';
import { BASE_CSS, cellText, latexColumnShares, renderHtmlTable, renderLatexWithShares, renderTables } from './render-table.js';
import { pushAll } from '../model/arrays.js';

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
  const out: string[] = [`# ${escapeMarkdown(doc.title, 'heading')}`, ''];
  for (const p of doc.paragraphs) out.push(escapeMarkdown(p), '');
  for (const s of doc.sections) {
    out.push(`${'#'.repeat(s.level)} ${escapeMarkdown(s.heading, 'heading')}`, '');
    for (const p of s.paragraphs ?? []) out.push(escapeMarkdown(p), '');
    if (s.table) {
      // a line break in a cell (quotes one a line, a definition's paragraphs) is a <br> there
      // (escapeMarkdown), as in the codebook export; it was a space, the paragraphs run together
      out.push((await renderTables([untitled(s.table)], 'md', { lang: doc.lang })) as string);
    }
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n');
}

/** The appendix body as HTML (sections with h2/h3, tables with captions). */
export function appendixHtmlBody(doc: AppendixDocument, headingShift = 0): string {
  const h = (n: number) => `h${Math.min(6, n + headingShift)}`;
  const out: string[] = [];
  for (const p of doc.paragraphs) out.push(`<p>${escapeHtml(p)}</p>`);
  // ids made from names can meet ("Samenwerking" and "samenwerking", two non-Latin names): each
  // section keeps an id of its own, so that no heading labels another's section
  const used = new Set<string>();
  for (const s of doc.sections) {
    let id = s.id;
    for (let k = 2; used.has(id); k++) id = `${s.id}-${k}`;
    used.add(id);
    out.push(`<section aria-labelledby="${escapeHtml(id)}"><${h(s.level)} id="${escapeHtml(id)}">${escapeHtml(s.heading)}</${h(s.level)}>`);
    for (const p of s.paragraphs ?? []) out.push(`<p>${escapeHtml(p)}</p>`);
    if (s.table) out.push(renderHtmlTable(s.table, { lang: doc.lang }));
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

/**
 * The code appendix's example quotes in LaTeX: under their code's row, over the width of the
 * table (a sixth column of a portrait page, ≈ 18 characters a line, they were hard to read, as
 * narrow as the code's name beside them).
 */
const QUOTES_BELOW = 'quotes';

async function renderLatexDoc(doc: AppendixDocument): Promise<string> {
  const out: string[] = ['% requires \\usepackage{booktabs}, \\usepackage{longtable} and \\usepackage{array}', `\\section*{${escapeLatex(doc.title)}}`, ''];
  for (const p of doc.paragraphs) out.push(escapeLatex(p), '');
  // (paragraph columns of widths from the content, so the table fits the page: one set of widths
  // for all tables of the same columns, from all their rows, so the columns of one code's table
  // stand under those of the next one's, and the quotes get the room of the rows they fill)
  const shape = (t: Table) => t.columns.map((c) => `${c.key}\u0000${c.label}\u0000${c.align ?? ''}`).join('\u0001');
  const sharesOf = new Map<string, number[]>();
  for (const s of doc.sections) {
    if (!s.table || sharesOf.has(shape(s.table))) continue;
    const alike = doc.sections.flatMap((x) => (x.table && shape(x.table) === shape(s.table!) ? x.table.rows : []));
    sharesOf.set(shape(s.table), latexColumnShares({ ...s.table, columns: s.table.columns.filter((c) => c.key !== QUOTES_BELOW), rows: alike }));
  }
  for (const s of doc.sections) {
    out.push(`\\${s.level === 2 ? 'subsection' : 'subsubsection'}*{${escapeLatex(s.heading)}}`, '');
    for (const p of s.paragraphs ?? []) out.push(escapeLatex(p), '');
    if (s.table) out.push(renderLatexWithShares(untitled(s.table), sharesOf.get(shape(s.table))!, doc.lang, s.table.columns.some((c) => c.key === QUOTES_BELOW) ? QUOTES_BELOW : undefined));
  }
  return out.join('\n');
}

export { docxColumnWidths, DOCX_PAGE } from './docx-layout.js';
import { docxColumnWidths, DOCX_PAGE } from './docx-layout.js';
const { short: A4_SHORT, long: A4_LONG, margin: MARGIN } = DOCX_PAGE;

async function renderDocx(input: AppendixDocument): Promise<Uint8Array> {
  const doc = xmlSafeDeep(input);
  const d = await import('docx');
  const { Document, Packer, Paragraph, Table: DTable, TableRow, TableCell, TextRun, HeadingLevel, WidthType, PageOrientation, TableLayoutType } = d;
  const para = (text: string, bold = false, align?: 'right') =>
    text.split('\n').map((line) => new Paragraph({ ...(align ? { alignment: d.AlignmentType.RIGHT } : {}), children: [new TextRun({ text: line, bold, size: 18 })] }));
  type Block = InstanceType<typeof Paragraph> | InstanceType<typeof DTable>;
  // landscape when a table needs it (the whole appendix: one orientation reads better than a mix)
  const layouts = doc.sections.map((s) => (s.table ? docxColumnWidths(s.table) : undefined));
  const landscape = layouts.some((l) => l?.landscape);
  const children: Block[] = [new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(doc.title)] }), ...doc.paragraphs.map((p) => new Paragraph({ children: [new TextRun(p)] }))];
  const add = (...blocks: Block[]) => pushAll(children, blocks);
  doc.sections.forEach((s, i) => {
    const layout = layouts[i];
    add(new Paragraph({ heading: s.level === 2 ? HeadingLevel.HEADING_2 : HeadingLevel.HEADING_3, keepNext: true, children: [new TextRun(s.heading)] }));
    for (const p of s.paragraphs ?? []) add(new Paragraph({ children: [new TextRun(p)] }));
    if (!s.table || !layout) return;
    const t = s.table;
    const { widths } = docxColumnWidths(t, landscape ? 'landscape' : 'portrait');
    const cellW = (j: number) => ({ size: widths[j], type: WidthType.DXA });
    const header = new TableRow({
      tableHeader: true,
      cantSplit: true,
      children: t.columns.map((c, j) => new TableCell({ width: cellW(j), shading: { fill: 'E8E8E8' }, children: para(c.label, true, c.align === 'right' ? 'right' : undefined) })),
    });
    const rows = t.rows.map((r) => new TableRow({ children: t.columns.map((c, j) => new TableCell({ width: cellW(j), children: para(cellText(r[c.key], doc.lang), false, c.align === 'right' ? 'right' : undefined) })) }));
    add(new DTable({ width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA }, columnWidths: widths, layout: TableLayoutType.FIXED, rows: [header, ...rows] }));
    // (a table's notes, as the Markdown, HTML and LaTeX of the appendix write them)
    for (const n of t.notes ?? []) add(new Paragraph({ children: [new TextRun({ text: n, italics: true, size: 18 })] }));
    add(new Paragraph({ children: [] }));
  });
  const document = new Document({
    creator: 'qdakit',
    title: doc.title,
    styles: { default: { document: { run: { font: 'Arial' } } } },
    sections: [
      {
        properties: {
          page: {
            size: { orientation: landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT, width: A4_SHORT, height: A4_LONG },
            margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
          },
        },
        children,
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}
