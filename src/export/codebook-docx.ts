import { xmlSafeDeep } from './escape.js';
import type { Lang } from '../model/types.js';
import type { Codebook } from '../codebook/types.js';
import { codebookAppendix, cellContent, textLines, textParagraphs, type AppendixRow, type AppendixColumn, type AppendixOptions } from './codebook-sections.js';

const WIDTHS: Record<string, number> = { code: 3, level: 1, definition: 5, include: 4, exclude: 4, indicators: 4, examples: 4, source: 2 };
/** Relative width of a column (meta columns: 2). */
const WIDTH = (c: AppendixColumn): number => WIDTHS[c] ?? 2;

/**
 * The codebook as a Word document: a heading per top-level category and a real
 * table (repeated header row) with code, definition, criteria, indicators and
 * examples. Landscape when the table has more than four columns.
 */
export async function renderCodebookDocx(book: Codebook, lang: Lang, opts: AppendixOptions = {}): Promise<Uint8Array> {
  const d = await import('docx');
  const { Document, Packer, Paragraph, Table, TableRow, TableCell, TextRun, HeadingLevel, WidthType, PageOrientation } = d;
  const a = xmlSafeDeep(codebookAppendix(book, lang, opts));
  const total = a.columns.reduce((s, c) => s + WIDTH(c), 0);
  const width = (c: AppendixColumn) => ({ size: Math.round((WIDTH(c) / total) * 100), type: WidthType.PERCENTAGE });
  const para = (text: string, opts: { bold?: boolean; italics?: boolean; font?: string; indent?: number } = {}) =>
    new Paragraph({
      ...(opts.indent ? { indent: { left: opts.indent * 240 } } : {}),
      children: [new TextRun({ text, bold: opts.bold, italics: opts.italics, size: 18, ...(opts.font ? { font: opts.font } : {}) })],
    });
  // a codebook text a paragraph a line, as written (a blank line an empty paragraph; Word showed a
  // line break inside a run as a space); a list item's bullet on its first line
  const textParas = (text: string, bullet: string) => {
    const ls = textLines(text);
    return ls.length ? ls.map((l, i) => para(i === 0 ? `${bullet}${l}` : l, bullet && i > 0 ? { indent: 0.5 } : {})) : [para(bullet)];
  };
  const cellParas = (r: AppendixRow, c: AppendixColumn) => {
    switch (c) {
      case 'code':
        return [para(r.name, { bold: true, indent: r.depth }), para(r.id, { font: 'Consolas', indent: r.depth })];
      case 'level':
        return [para(r.level === undefined ? '' : String(r.level))];
      case 'definition':
        return textParas(r.definition, '');
      default: {
        const { lines, bullets } = cellContent(r, c);
        return lines.length ? lines.flatMap((x) => textParas(x, bullets ? '• ' : '')) : [para('')];
      }
    }
  };
  const children: Array<InstanceType<typeof Paragraph> | InstanceType<typeof Table>> = [
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(`${a.labels.codebook}: ${a.title}`)] }),
  ];
  for (const p of textParagraphs(a.description)) children.push(new Paragraph({ children: p.map((l, i) => new TextRun({ text: l, ...(i > 0 ? { break: 1 } : {}) })) }));
  if (a.reference) children.push(new Paragraph({ children: [new TextRun({ text: `${a.labels.reference}: `, italics: true }), new TextRun(a.reference)] }));
  if (a.version) children.push(new Paragraph({ children: [new TextRun({ text: `${a.labels.version}: `, italics: true }), new TextRun(a.version)] }));
  for (const s of a.sections) {
    if (a.sections.length > 1) children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(s.title)] }));
    const header = new TableRow({
      tableHeader: true,
      children: a.columns.map((c) => new TableCell({ width: width(c), shading: { fill: 'E8E8E8' }, children: [para(a.labels[c], { bold: true })] })),
    });
    const rows = s.rows.map((r) => new TableRow({ cantSplit: false, children: a.columns.map((c) => new TableCell({ width: width(c), children: cellParas(r, c) })) }));
    children.push(new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [header, ...rows] }));
    children.push(new Paragraph({ children: [] }));
  }
  const doc = new Document({
    creator: 'qdakit',
    title: `${a.labels.codebook}: ${a.title}`,
    sections: [
      {
        properties: a.columns.length > 4 ? { page: { size: { orientation: PageOrientation.LANDSCAPE } } } : {},
        children,
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}
