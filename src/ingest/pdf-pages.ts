/**
 * The pages of a PDF's text layer (pure): each page's text as pdf.js gives it (its items, a line
 * end after an item that ends a line, as unpdf's extractText joins them), the pages merged as
 * extractText merges them, and what the layout tells that the text read does not: pages with no
 * text (a scanned page, an image, a blank page), lines that hold two columns side by side (read
 * across both, line by line), and pages whose lines are stored from the bottom of the page up.
 */
import type { Diagnostic } from '../model/types.js';

/** A text item of pdf.js's getTextContent (the fields read here). */
export interface PdfTextItem {
  readonly str: string;
  /** [a, b, c, d, e, f]: e and f the place of the text's start on the page, d about its size. */
  readonly transform: readonly number[];
  readonly width: number;
  readonly hasEOL?: boolean;
}

export interface PdfPage {
  readonly text: string;
  /** Lines holding two or more runs of text of 4 words or more, far apart (columns side by side). */
  readonly sideBySide: number;
  /** The first such line, its runs apart by ` | `, and its line on the page (lines with text counted from the top of the text layer). */
  readonly firstSideBySide?: string;
  readonly firstSideBySideLine?: number;
  /** Steps from a line to the next that go up the page, and down it. */
  readonly up: number;
  readonly down: number;
  /** The words of its annotations (comments, text boxes, form fields): not in the text layer. */
  annotations?: string[];
}

/** An annotation of pdf.js's getAnnotations (the fields read here). */
export interface PdfAnnotation {
  readonly subtype?: string;
  readonly contentsObj?: { readonly str?: string };
  readonly fieldValue?: unknown;
}

/**
 * The words of a page's annotations that hold any: a comment (sticky note), a text box
 * (FreeText), a markup's note, a filled-in form field. pdf.js's text layer has none of them. A
 * popup (it repeats its comment's words) and a link are passed over.
 */
export function annotationWords(annots: readonly PdfAnnotation[]): string[] {
  const out: string[] = [];
  for (const a of annots) {
    if (a.subtype === 'Popup' || a.subtype === 'Link') continue;
    const v = a.fieldValue;
    const words = [a.contentsObj?.str ?? '', typeof v === 'string' ? v : Array.isArray(v) ? v.filter((x) => typeof x === 'string').join(' ') : ''].join(' ').replace(/\s+/g, ' ').trim();
    if (/[\p{L}\p{N}]/u.test(words)) out.push(words);
  }
  return out;
}

/** One page of pdf.js text items, read (see PdfPage). */
export function readPdfPage(items: readonly PdfTextItem[]): PdfPage {
  let text = '';
  let sideBySide = 0;
  let firstSideBySide: string | undefined;
  let firstSideBySideLine: number | undefined;
  let lineNo = 0;
  let up = 0;
  let down = 0;
  let prevY: number | undefined;
  let line: PdfTextItem[] = [];
  const endLine = () => {
    const words = line.filter((x) => x.str.trim());
    if (!words.length) {
      line = [];
      return;
    }
    lineNo++;
    const size = Math.max(1, Math.abs(words[0].transform[3]) || 10);
    const y = words[0].transform[5];
    if (prevY !== undefined) {
      if (y > prevY + size / 2) up++;
      else if (y < prevY - size / 2) down++;
    }
    prevY = y;
    // runs of text apart by a gap of 3 characters' size or more (a space item that wide, or none)
    const runs: string[] = [];
    let run = '';
    let end: number | undefined;
    for (const x of line) {
      const blank = !x.str.trim();
      const gap = blank ? x.width : end === undefined ? 0 : x.transform[4] - end;
      if (gap >= 3 * size && run.trim()) {
        runs.push(run.trim());
        run = '';
      }
      if (!blank) {
        run += (run && end !== undefined && x.transform[4] - end > size / 10 ? ' ' : '') + x.str;
        end = x.transform[4] + x.width;
      } else run += ' ';
    }
    if (run.trim()) runs.push(run.trim());
    const long = runs.filter((r) => r.split(/\s+/).length >= 4);
    if (long.length >= 2) {
      sideBySide++;
      if (firstSideBySide === undefined) {
        firstSideBySide = runs.join(' | ');
        firstSideBySideLine = lineNo;
      }
    }
    line = [];
  };
  for (const it of items) {
    text += it.str + (it.hasEOL ? '\n' : '');
    line.push(it);
    if (it.hasEOL) endLine();
  }
  endLine();
  return { text, sideBySide, ...(firstSideBySide !== undefined ? { firstSideBySide, firstSideBySideLine } : {}), up, down };
}

/** The pages' texts as one, as unpdf's extractText merges them (`mergePages: true`). */
export function mergePdfPages(texts: readonly string[]): string {
  return texts.join('\n').replace(/[^\S\n]+/g, ' ').replace(/ ?\n ?/g, '\n').replace(/\n{3,}/g, '\n\n');
}

/**
 * Where a line of the merged text (1-based) stands in the PDF: its page and its line there (the
 * page's lines with text, counted from the top of its text layer); undefined for a blank line.
 * (The merge leaves out blank lines only, so the lines with text of the pages and of the merged
 * text are one for one, in order.) Worked out at the first call.
 */
export function pdfLinePlaces(pages: readonly PdfPage[], merged: string): (line: number) => { readonly page: number; readonly line: number } | undefined {
  let byLine: Map<number, { page: number; line: number }> | undefined;
  return (line) => {
    if (!byLine) {
      const at: Array<{ page: number; line: number }> = [];
      pages.forEach((p, i) => {
        let k = 0;
        for (const l of p.text.split('\n')) if (l.trim()) at.push({ page: i + 1, line: ++k });
      });
      byLine = new Map();
      let j = 0;
      const ls = merged.split('\n');
      for (let i = 0; i < ls.length && j < at.length; i++) if (ls[i].trim()) byLine.set(i + 1, at[j++]);
    }
    return byLine.get(line);
  };
}

/**
 * A diagnostic about the merged text of a PDF with each `line N` its message names given its page
 * and its line there (`line 6 (page 2, line 1)`): the merged text's lines are found nowhere in the PDF.
 */
export function withPdfPlaces<D extends { readonly message: string }>(d: D, place: (line: number) => { readonly page: number; readonly line: number } | undefined): D {
  if (d.message.indexOf('line ') === -1) return d;
  const message = d.message.replace(/\bline (\d+)\b(?! \(page)/g, (m, n: string) => {
    const p = place(Number(n));
    return p ? `${m} (page ${p.page}, line ${p.line})` : m;
  });
  return message === d.message ? d : { ...d, message };
}

const pageList = (ps: readonly number[]) => (ps.length > 8 ? `${ps.slice(0, 8).join(', ')}, …` : ps.join(', '));
const quote = (s: string) => `"${s.length > 80 ? s.slice(0, 80) + '…' : s}"`;

/** What the pages' layout tells that the text read does not, said with the pages and counts. */
export function pdfPageNotes(pages: readonly PdfPage[], file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const total = pages.length;
  const empty = pages.flatMap((p, i) => (p.text.trim() ? [] : [i + 1]));
  if (empty.length && empty.length < total) {
    const n = empty.length;
    out.push({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'pdf-pages-without-text',
      message: `${n} of the ${total} pages ${n === 1 ? 'has' : 'have'} no text layer (page ${pageList(empty)}): a scanned page or a picture (or a blank page); nothing on ${n === 1 ? 'it' : 'them'} is read (the text read runs on past ${n === 1 ? 'it' : 'them'})`,
      file,
      hint: 'if those pages hold text, run OCR on the PDF (e.g. ocrmypdf, or Adobe Acrobat\'s Recognize Text) and read it again, or give the text as .txt/.docx; a blank page loses nothing',
    });
  }
  const side = pages.flatMap((p, i) => (p.sideBySide >= 3 ? [{ page: i + 1, p }] : []));
  if (side.length) {
    const f = side[0];
    const lines = side.reduce((a, s) => a + s.p.sideBySide, 0);
    out.push({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'pdf-columns-side-by-side',
      message: `${lines} line${lines === 1 ? '' : 's'} on ${side.length} page${side.length === 1 ? '' : 's'} (page ${pageList(side.map((s) => s.page))}) hold text in columns side by side, stored across the columns line by line (the first: ${quote(f.p.firstSideBySide ?? '')}, page ${f.page}${f.p.firstSideBySideLine !== undefined ? `, line ${f.p.firstSideBySideLine}` : ''}): they are read across, so that the sentences of the columns are interleaved and a turn may hold words of the column beside it`,
      file,
      hint: 'give the text as .txt or .docx (copy each column in its reading order), or make the PDF again from its source (Word, LibreOffice) so that its text runs column by column',
    });
  }
  const notes = pages.flatMap((p, i) => (p.annotations ?? []).map((words) => ({ page: i + 1, words })));
  if (notes.length) {
    const n = notes.length;
    out.push({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'pdf-annotations-not-read',
      message: `${n} annotation${n === 1 ? '' : 's'} with words (a comment, a text box, a form field) on ${[...new Set(notes.map((x) => x.page))].length === 1 ? `page ${notes[0].page}` : `pages ${pageList([...new Set(notes.map((x) => x.page))])}`} ${n === 1 ? 'is' : 'are'} not read as text (the first: ${quote(notes[0].words)}, page ${notes[0].page}): the text layer does not hold ${n === 1 ? 'it' : 'them'}`,
      file,
      hint: 'if an annotation holds words to code (a text box on the page, a filled-in field), put them in the text itself; a coder\'s comment needs nothing (codings go in with --codings or as inline markers)',
    });
  }
  const upward = pages.flatMap((p, i) => (p.up >= 2 && p.up > p.down ? [{ page: i + 1, p }] : []));
  if (upward.length) {
    const f = upward[0];
    out.push({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'pdf-text-order',
      message: `on ${upward.length} page${upward.length === 1 ? '' : 's'} (page ${pageList(upward.map((u) => u.page))}) the text layer stores the lines mostly from the bottom of the page up (page ${f.page}: ${f.p.up} of ${f.p.up + f.p.down} steps from a line to the next go up): they are read in the order stored, not in the order they stand on the page`,
      file,
      hint: 'check the turns with `qda segments FILE`; give the text as .txt or .docx, or make the PDF again from its source (Word, LibreOffice) so that its text is stored in reading order',
    });
  }
  return out;
}
