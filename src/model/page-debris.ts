/**
 * Page-break debris in text copied from a PDF (pure): what a page break leaves
 * between two lines of running text.
 */
import { minOf } from './arrays.js';

/** A lone page number: `74`, `- 74 -`, `(74)`, `Page 3 of 9`, `pagina 4`, `blz. 4`, `p. 12`, `3/9`. */
export const PAGE_NUMBER_LINE = /^[ \t\f]*(?:(?:page|pagina|blz\.?|p\.)[ \t]*)?[-–—(]?[ \t]*\d{1,4}[ \t]*(?:(?:\/|of|van)[ \t]*\d{1,4})?[ \t]*[-–—)]?[ \t\f]*$/i;

/**
 * `PAGE_NUMBER_LINE.test(s)`, with most lines turned down without the expression: a page
 * number line holds, after its spaces, tabs and form feeds, `p`, `b` (page, pagina, blz., p.),
 * a dash, `(` or a digit first. (Tested equal.)
 */
export function isPageNumberLine(s: string): boolean {
  const n = s.length;
  let i = 0;
  while (i < n && (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 9 || s.charCodeAt(i) === 12)) i++;
  if (i === n) return false;
  const c = s.charCodeAt(i);
  if (!((c >= 48 && c <= 57) || c === 112 || c === 80 || c === 98 || c === 66 || c === 45 || c === 40 || c === 0x2013 || c === 0x2014)) return false;
  return PAGE_NUMBER_LINE.test(s);
}

/** Does `s` hold an ASCII digit or a `#`? */
function digitOrHash(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 48 && c <= 57) || c === 35) return true;
  }
  return false;
}

/** Is the UTF-16 code `c` white space as `\s` and `trim()` take it (spaces, line ends, no-break and Unicode spaces, BOM)? */
export function isSpaceCode(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * The form a running header or footer keeps from page to page: digits as `#`, spaces collapsed.
 * (As `line.replace(/\f/g, '').trim().replace(/\s+/g, ' ').replace(/\d+/g, '#')`, in one pass.)
 * With `limit`: its first `limit` characters only (the whole form when shorter).
 */
export function headerKey(line: string, limit = Infinity): string {
  let out = '';
  /** Start of the run of characters copied as they are (-1: none). */
  let run = -1;
  let space = false;
  let digits = false;
  let any = false;
  const n = line.length;
  for (let i = 0; i < n; i++) {
    const c = line.charCodeAt(i);
    if (c === 12 || isSpaceCode(c) || (c >= 48 && c <= 57)) {
      if (run >= 0) {
        out += line.slice(run, i);
        run = -1;
        if (out.length >= limit) return out.slice(0, limit);
      }
      if (c === 12) continue; // (form feeds are removed, not read as space)
      if (c >= 48 && c <= 57) {
        if (space) out += ' ';
        space = false;
        if (!digits) out += '#';
        digits = true;
        any = true;
      } else if (any) {
        space = true;
        digits = false;
      }
      continue;
    }
    if (space) out += ' ';
    space = false;
    digits = false;
    any = true;
    if (run < 0) run = i;
  }
  if (run >= 0) out += run === 0 ? line : line.slice(run);
  return out.length > limit ? out.slice(0, limit) : out;
}

/**
 * Indices of running headers and footers among `lines`: short lines (at most 80
 * characters, with a letter) that repeat at least 3 times and stand next to a page number
 * (or a form feed) at least twice, or that repeat with a number that changes (`Appendix C 74`,
 * `Appendix C 75`) where the page breaks show: each stands next to a page number or a form feed,
 * or the number goes with the pages (at least 3, 1 higher each time, at a regular spacing; see
 * pageApart) and the text runs on over one of them (the line before ends no sentence, the one
 * after starts in lower case). Lines that differ by a number without that (`Stelling 1`,
 * `Stelling 2`, `Stelling 3` read out in an interview) are text. Lines for which `skip` is true are never headers;
 * lines for which `weak` is true (e.g. they start like a speaker label) are headers only
 * by the page-break evidence, never by a changing number alone (`Anna: punt 12`).
 *
 * Without a page break (no form feed, no page-number line) no line stands next to one, so only
 * a numbered group (one whose form holds `#`) can be headers, and each of its lines holds a
 * digit or a `#`: the other lines are passed over before their key is made (the same groups are
 * found; `skip` is not asked about them). A caller that knows there is no page break can give
 * the lines that can then be headers (`candidates`: ascending indices, at least those with an
 * ASCII digit or a `#` for which `skip` is false), so that the others are not looked at at all.
 * A caller that knows which lines are page numbers (pageNumberLines) gives them as `pages`: the
 * other lines that look like one (a year said on its own line) are then no page break.
 */
export function runningHeaders(
  lines: LineTexts,
  skip: (i: number) => boolean = () => false,
  weak: (i: number) => boolean = () => false,
  candidates?: readonly number[],
  pages?: ReadonlySet<number>,
): Set<number> {
  const n = lines.length;
  const line = (i: number): string => lines.at(i)!;
  const isPage = pages ? (i: number) => pages.has(i) : (i: number) => isPageNumberLine(line(i));
  let breaks = false;
  if (!candidates) {
    for (let i = 0; i < n && !breaks; i++) breaks = line(i).includes('\f') || isPage(i);
  }
  const groups = new Map<string, number[]>();
  const consider = (l: string, i: number) => {
    const t = l.trim();
    if (!t || t.length > 80 || (!breaks && !digitOrHash(t)) || !/\p{L}/u.test(t) || skip(i) || isPageNumberLine(t)) return;
    const k = headerKey(t);
    (groups.get(k) ?? groups.set(k, []).get(k)!).push(i);
  };
  if (candidates) for (const i of candidates) consider(line(i), i);
  else for (let i = 0; i < n; i++) consider(line(i), i);
  const nextContent = (i: number, step: 1 | -1): number => {
    for (let j = i + step; j >= 0 && j < n; j += step) if (line(j).trim()) return j;
    return -1;
  };
  const nearPageBreak = (i: number) => {
    if (line(i).includes('\f')) return true;
    for (const step of [1, -1] as const) {
      const j = nextContent(i, step);
      if (j >= 0 && (isPage(j) || line(j).includes('\f'))) return true;
    }
    return false;
  };
  // (the text runs on over line i: the line before it ends no sentence, the one after starts in lower case)
  const runsOver = (i: number) => {
    const a = nextContent(i, -1);
    const b = nextContent(i, 1);
    return a >= 0 && b >= 0 && !/[.!?…:;"”’')\]]\s*$/u.test(line(a)) && /^\s*\p{Ll}/u.test(line(b));
  };
  const out = new Set<number>();
  for (const [k, idx] of groups) {
    if (idx.length < 2) continue;
    const numbered = k.includes('#') && new Set(idx.map((i) => line(i).trim().replace(/\s+/g, ' '))).size > 1;
    const byBreaks = idx.length >= 3 && idx.filter(nearPageBreak).length >= 2;
    // (lines that differ by a number are a header only where the page breaks show: each stands
    // next to one, or the number goes with the pages and the text runs on over one of them;
    // `Stelling 1`, `Stelling 2` read out in an interview are speech)
    const byNumber = numbered && !idx.some(weak) && (idx.every(nearPageBreak) || (idx.some(runsOver) && pageApart(lines, idx, changingNumbers(idx.map(line)))));
    if (byBreaks || byNumber) for (const i of idx) out.add(i);
  }
  return out;
}

/** The lines `runningHeaders` reads: an array of them, or their number and the text of each by index (read only where needed). */
export interface LineTexts {
  readonly length: number;
  at(i: number): string | undefined;
}

/** A page-number line that says it is one: `Page 3`, `pagina 4`, `blz. 4`, `p. 12` (with or without `of 9`). */
const WORDED_PAGE_NUMBER = /^[ \t\f]*(?:page|pagina|blz\.?|p\.)/i;

/** Is `n` a year as speech names one (1900–2099)? Never a page number by its own line alone. */
export function isYearLike(n: number): boolean {
  return n >= 1900 && n <= 2099;
}

/** The number a page-number line shows (its first), or NaN. */
function pageValue(s: string): number {
  const m = /\d{1,4}/.exec(s);
  return m ? Number(m[0]) : NaN;
}

/**
 * Which of the lines that look like a lone page number (`found`: ascending indices of lines for
 * which isPageNumberLine is true) are page numbers, and not a number said on a line of its own
 * (`2017` as an answer, `in` ⏎ `2017` at the end of a turn, `7` on a scale):
 * - a line that names the page (`Page 3 of 9`, `pagina 4`, `blz. 4`, `p. 12`) is one;
 * - a year (1900–2099) written alone is never one;
 * - any other number is one only where the document shows the pattern page numbers make: it
 *   is next to a form feed, or one of at least 3 such lines whose numbers go up by 1 (or 2: a
 *   page without its number) from one to the next, each at least two lines of text after the one
 *   before, at a regular spacing (each distance but the last within half and twice the usual one;
 *   the last page may be short; one distance in four may be off, as on a page with a figure).
 */
export function pageNumberLines(lines: LineTexts, found: readonly number[]): Set<number> {
  const out = new Set<number>();
  if (found.length === 0) return out;
  const n = lines.length;
  const line = (i: number): string => lines.at(i)!;
  const content = (i: number) => {
    const t = line(i);
    for (let k = 0; k < t.length; k++) if (!isSpaceCode(t.charCodeAt(k)) && t.charCodeAt(k) !== 12) return true;
    return false;
  };
  const nextContent = (i: number, step: 1 | -1): number => {
    for (let j = i + step; j >= 0 && j < n; j += step) if (content(j)) return j;
    return -1;
  };
  const byFormFeed = (i: number) => {
    if (line(i).includes('\f')) return true;
    for (const step of [1, -1] as const) {
      const j = nextContent(i, step);
      if (j >= 0 && line(j).includes('\f')) return true;
    }
    return false;
  };
  // chains of numbers that go up by 1 or 2, in the order of the lines
  interface Chain {
    readonly at: number[];
    last: number;
  }
  const ends = new Map<number, Chain>();
  const chains: Chain[] = [];
  for (const i of found) {
    const t = line(i);
    const v = pageValue(t);
    // (a line that names the page is one, and carries on the chain of the numbers before it)
    if (WORDED_PAGE_NUMBER.test(t)) out.add(i);
    else if (Number.isNaN(v) || isYearLike(v)) continue;
    else if (byFormFeed(i)) out.add(i);
    if (Number.isNaN(v)) continue;
    const prev = ends.get(v - 1) ?? ends.get(v - 2);
    if (prev) {
      ends.delete(prev.last);
      prev.at.push(i);
      prev.last = v;
      ends.set(v, prev);
    } else {
      const c: Chain = { at: [i], last: v };
      chains.push(c);
      ends.set(v, c);
    }
  }
  for (const { at } of chains) if (pageApart(lines, at, at.map((i) => pageValue(line(i))))) for (const i of at) out.add(i);
  return out;
}

/**
 * Do the lines `at` (ascending indices), numbered `values`, stand as the pages of a document
 * do: at least 3, each number 1 (or 2: a page without it) above the one before, each line at
 * least `minText` lines of text after the one before, at a regular spacing (each distance per page
 * within half and twice the usual one, the last page may be short; one distance in four may be
 * off, as on a page with a figure)?
 */
function pageApart(lines: LineTexts, at: readonly number[], values: readonly number[], minText = 2): boolean {
  if (at.length < 3) return false;
  const content = (i: number) => {
    const t = lines.at(i)!;
    for (let k = 0; k < t.length; k++) if (!isSpaceCode(t.charCodeAt(k)) && t.charCodeAt(k) !== 12) return true;
    return false;
  };
  const perPage: number[] = [];
  for (let k = 1; k < at.length; k++) {
    const step = values[k] - values[k - 1];
    if (step !== 1 && step !== 2) return false;
    let texts = 0;
    for (let j = at[k - 1] + 1; j < at[k] && texts < minText; j++) if (content(j)) texts++;
    if (texts < minText) return false;
    // (each distance per page: a step of 2 spans two pages)
    perPage.push((at[k] - at[k - 1]) / step);
  }
  const usual = perPage.slice(0, -1).sort((a, b) => a - b)[Math.floor((perPage.length - 1) / 2)];
  const off = perPage.filter((g, k) => g > 2 * usual || (k < perPage.length - 1 && g < usual / 2)).length;
  return off <= Math.floor((perPage.length - 1) / 4);
}

/**
 * The number that changes between lines of one header form (`Bijlage 3 - Transcript 12`,
 * `… 13`: the last number that is not the same on all of them), for each line.
 */
function changingNumbers(texts: readonly string[]): number[] {
  const runs = texts.map((t) => (t.match(/\d+/g) ?? []).map(Number));
  const n = minOf(runs.map((r) => r.length));
  for (let p = n - 1; p >= 0; p--) if (runs.some((r) => r[p] !== runs[0][p])) return runs.map((r) => r[p]);
  return runs.map(() => NaN);
}
