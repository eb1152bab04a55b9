/**
 * Layout of DOCX tables (appendices, codebooks, matrix and comparison tables): page geometry
 * and column widths from the content. No imports of the renderers (they all use it).
 */
import type { Cell, Table } from '../model/types.js';
import { maxOf } from '../model/arrays.js';

/** A cell as text, for measuring (numbers as they are written, up to 4 decimals). */
function cellText(v: Cell | undefined): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'number' ? (Number.isInteger(v) ? String(v) : String(Math.round(v * 10000) / 10000)) : v;
}

/** DOCX page geometry (twips: 1/1440 inch): A4 with 2 cm margins. */
const A4_SHORT = 11906;
const A4_LONG = 16838;
const MARGIN = 1134;
/** A4 and the margins (twips) the DOCX tables are laid out for. */
export const DOCX_PAGE = { short: A4_SHORT, long: A4_LONG, margin: MARGIN } as const;
/** Average width of a character of the table text (9 pt, Arial or its substitutes) in twips. */
const DOCX_CHAR = 105;
/** Bold header text is wider. */
const DOCX_BOLD = 1.2;
/** A cell's left and right margins (108 twips each), in characters. */
const DOCX_CELL_PAD = 2.5;

/**
 * Column widths of a DOCX table from its content, in twips, and whether it needs a landscape
 * page. Each column gets at least its longest word (headers in bold); a table whose lines fit
 * the page gets its natural widths, stretched. Otherwise the width left after the minimums goes,
 * a character at a time, to the column where it saves the most printed lines over all rows: ids
 * and numbers stay narrow, quotes and definitions get the room, and the table is as short as
 * this simple search finds.
 */
/** Per column the least width (its longest word, up to 30 characters, and its header's) and its natural width (its longest line), in characters. */
function columnNeeds(t: Table, cells: number[][][]): Array<{ min: number; natural: number }> {
  return t.columns.map((c, j) => {
    const texts = t.rows.map((r) => cellText(r[c.key]));
    const longestLine = Math.max(0, maxOf(cells.flatMap((row) => row[j])));
    const longestWord = Math.min(30, Math.max(0, maxOf(texts.flatMap((x) => x.split(/\s+/)).map((w) => [...w].length))));
    // (a header breaks after a hyphen too: "wijkcoach-" / "01")
    const labelWord = Math.max(0, maxOf(c.label.split(/\s+|(?<=-)/).map((w) => [...w].length))) * DOCX_BOLD;
    const min = Math.max(3, longestWord, labelWord) + DOCX_CELL_PAD;
    return { min, natural: Math.max(min, longestLine + DOCX_CELL_PAD) };
  });
}

const lineLengths = (t: Table): number[][][] => t.rows.map((r) => t.columns.map((c) => cellText(r[c.key]).split('\n').map((x) => [...x].length)));

/** The least width of each column (characters): below it a number or a header word is broken over lines. */
export function docxMinWidths(t: Table): number[] {
  return columnNeeds(t, lineLengths(t)).map((c) => c.min);
}

/** Characters across a landscape A4 page within the margins. */
export const DOCX_LANDSCAPE_CHARS = (A4_LONG - 2 * MARGIN) / DOCX_CHAR;

export function docxColumnWidths(t: Table, orientation?: 'portrait' | 'landscape'): { widths: number[]; landscape: boolean } {
  const cells = lineLengths(t);
  const cols = columnNeeds(t, cells);
  const naturalTotal = cols.reduce((a, c) => a + c.natural, 0);
  const portrait = (A4_SHORT - 2 * MARGIN) / DOCX_CHAR;
  const landscape = orientation ? orientation === 'landscape' : naturalTotal > portrait * 1.15;
  const avail = ((landscape ? A4_LONG : A4_SHORT) - 2 * MARGIN) / DOCX_CHAR;
  let chars: number[];
  if (naturalTotal <= avail) chars = cols.map((c) => c.natural);
  else {
    chars = cols.map((c) => c.min);
    // printed lines of column j's cell in every row at width w (memoised)
    const memo = new Map<string, number[]>();
    const linesAt = (j: number, w: number) => {
      const key = `${j}:${w}`;
      let v = memo.get(key);
      if (!v) memo.set(key, (v = cells.map((row) => row[j].reduce((n, len) => n + Math.max(1, Math.ceil(len / Math.max(1, w - DOCX_CELL_PAD))), 0))));
      return v;
    };
    let left = Math.floor(avail - chars.reduce((a, b) => a + b, 0));
    // each round: per column, the smallest widening that saves a line; take the best lines saved per character
    while (left > 0) {
      const cur = chars.map((w, j) => linesAt(j, w));
      const rowMax = cells.map((_, r) => Math.max(1, maxOf(cur.map((l) => l[r]))));
      let best = -1;
      let bestRate = 0;
      let bestStep = 0;
      for (let j = 0; j < chars.length; j++) {
        // the row heights without column j
        const others = cells.map((_, r) => Math.max(1, maxOf(cur.map((l, i) => (i === j ? 1 : l[r])))));
        for (let k = 1; k <= left && chars[j] + k <= cols[j].natural; k++) {
          const next = linesAt(j, chars[j] + k);
          let gain = 0;
          for (let r = 0; r < cells.length; r++) gain += rowMax[r] - Math.max(others[r], next[r]);
          if (gain > 0) {
            if (gain / k > bestRate) [best, bestRate, bestStep] = [j, gain / k, k];
            break;
          }
        }
      }
      if (best < 0) break;
      chars[best] += bestStep;
      left -= bestStep;
    }
  }
  const sum = chars.reduce((a, b) => a + b, 0);
  return { widths: chars.map((w) => Math.floor((w * (avail * DOCX_CHAR)) / sum)), landscape };
}
