/**
 * Terminal text helpers (pure): graphemes, display width, truncation and word
 * wrapping that never exceed a column budget. Wide (East Asian, emoji) graphemes
 * count two columns; combining marks and zero-width characters count none.
 */

const segmenter = typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : undefined;

/** Split a text into grapheme clusters (falls back to code points). */
export function graphemes(text: string): string[] {
  if (!segmenter) return Array.from(text);
  const out: string[] = [];
  for (const s of segmenter.segment(text)) out.push(s.segment);
  return out;
}

const ZERO = /^[\p{Mn}\p{Me}\p{Cf}\u200B-\u200F\uFE00-\uFE0F]$/u;
const WIDE = /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]|[\u{1F300}-\u{1F64F}\u{1F900}-\u{1F9FF}\u{20000}-\u{3FFFD}]/u;

/** Columns a grapheme occupies in a terminal (0, 1 or 2). Control characters are shown as one column. */
export function graphemeWidth(g: string): number {
  if (g === '') return 0;
  const first = String.fromCodePoint(g.codePointAt(0)!);
  if (ZERO.test(first) && g.length <= 2) return 0;
  if (WIDE.test(first) || /\p{Extended_Pictographic}\uFE0F/u.test(g)) return 2;
  return 1;
}

export function displayWidth(text: string): number {
  let w = 0;
  for (const g of graphemes(text)) w += graphemeWidth(g);
  return w;
}

/** Replace control characters (tabs, CR, LF, ESC…) so they cannot move the cursor. */
export function sanitize(text: string): string {
  return text.replace(/\t/g, ' ').replace(/[\u0000-\u001F\u007F-\u009F]/g, ' ');
}

/** Truncate to at most `width` columns, ending with `…` when cut. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  if (displayWidth(text) <= width) return text;
  let out = '';
  let w = 0;
  for (const g of graphemes(text)) {
    const gw = graphemeWidth(g);
    if (w + gw > width - 1) break;
    out += g;
    w += gw;
  }
  return out + '…';
}

/** Pad with spaces to exactly `width` columns (truncating first). */
export function padTo(text: string, width: number): string {
  const t = truncate(text, width);
  return t + ' '.repeat(Math.max(0, width - displayWidth(t)));
}

/** A run of text with a style (rendered by the caller). */
export interface Run {
  readonly text: string;
  readonly style?: 'match' | 'dim' | 'bold' | 'inverse' | 'selected' | 'accent' | 'warn';
}

/** A grapheme with its style. */
interface Cell {
  readonly g: string;
  readonly w: number;
  readonly style?: Run['style'];
}

function cellsOf(runs: readonly Run[]): Cell[] {
  const out: Cell[] = [];
  for (const r of runs) for (const g of graphemes(sanitize(r.text))) out.push({ g, w: graphemeWidth(g), style: r.style });
  return out;
}

function runsOf(cells: readonly Cell[]): Run[] {
  const out: Array<{ text: string; style?: Run['style'] }> = [];
  for (const c of cells) {
    const last = out[out.length - 1];
    if (last && last.style === c.style) last.text += c.g;
    else out.push({ text: c.g, ...(c.style ? { style: c.style } : {}) });
  }
  return out;
}

/** Width of styled runs in columns. */
export function runsWidth(runs: readonly Run[]): number {
  let w = 0;
  for (const c of cellsOf(runs)) w += c.w;
  return w;
}

/** Truncate styled runs to `width` columns (an ellipsis marks the cut). */
export function truncateRuns(runs: readonly Run[], width: number): Run[] {
  const cells = cellsOf(runs);
  let total = 0;
  for (const c of cells) total += c.w;
  if (total <= width) return runsOf(cells);
  const out: Cell[] = [];
  let w = 0;
  for (const c of cells) {
    if (w + c.w > width - 1) break;
    out.push(c);
    w += c.w;
  }
  if (width >= 1) out.push({ g: '…', w: 1 });
  return runsOf(out);
}

/**
 * Word-wrap styled runs into lines of at most `width` columns. Breaks at spaces;
 * a word longer than the width is broken by graphemes. Newlines in the text break lines.
 */
export function wrapRuns(runs: readonly Run[], width: number): Run[][] {
  if (width < 1) return [];
  const lines: Cell[][] = [];
  // split into paragraphs at newlines first (before sanitising them away)
  const paras: Run[][] = [[]];
  for (const r of runs) {
    const parts = r.text.split(/\r\n|\r|\n/);
    parts.forEach((p, i) => {
      if (i > 0) paras.push([]);
      if (p) paras[paras.length - 1].push({ text: p, ...(r.style ? { style: r.style } : {}) });
    });
  }
  for (const para of paras) {
    const cells = cellsOf(para);
    // words: maximal runs of non-space cells, with the spaces that follow
    let line: Cell[] = [];
    let lineW = 0;
    let i = 0;
    const flush = () => {
      while (line.length && line[line.length - 1].g === ' ' && !line[line.length - 1].style) line.pop();
      lines.push(line);
      line = [];
      lineW = 0;
    };
    while (i < cells.length) {
      let j = i;
      while (j < cells.length && cells[j].g !== ' ') j++;
      const word = cells.slice(i, j);
      const wordW = word.reduce((s, c) => s + c.w, 0);
      if (lineW > 0 && lineW + wordW > width) flush();
      if (wordW > width) {
        for (const c of word) {
          if (lineW + c.w > width) flush();
          line.push(c);
          lineW += c.w;
        }
      } else {
        // bounded: a word that fits on one screen line
        line.push(...word);
        lineW += wordW;
      }
      // following spaces
      while (j < cells.length && cells[j].g === ' ') {
        if (lineW + cells[j].w <= width) {
          if (lineW > 0) {
            line.push(cells[j]);
            lineW += cells[j].w;
          }
        } else flush();
        j++;
      }
      i = j;
    }
    flush();
  }
  return lines.map(runsOf);
}

/** Fold case and diacritics for type-to-filter matching. */
export function foldForFilter(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}
