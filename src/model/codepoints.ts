/**
 * Code-point helpers. JavaScript strings index UTF-16 code units; the model
 * counts Unicode code points. Texts without surrogates take the fast path.
 */

const SURROGATE = /[\uD800-\uDFFF]/;

/** The last long text asked about and the answer (a source's text is asked about by each stage: reader, segmenter, coders, writer). */
let lastText: string | undefined;
let lastAnswer = false;

export function hasSurrogates(text: string): boolean {
  if (text.length < 4096) return SURROGATE.test(text);
  // (the same string: a pointer comparison; an equal one has the same answer)
  if (text === lastText) return lastAnswer;
  lastAnswer = SURROGATE.test(text);
  lastText = text;
  return lastAnswer;
}

/**
 * Tell the cache that `text` has no surrogates, when its reader knows (e.g. UTF-8 bytes without
 * a 4-byte sequence), so that the text is not searched for them.
 */
export function knownWithoutSurrogates(text: string): void {
  if (text.length < 4096) return;
  lastText = text;
  lastAnswer = false;
}

/** A high surrogate followed by a low one: one astral character (two UTF-16 units). */
const PAIR = /[\uD800-\uDBFF](?=[\uDC00-\uDFFF])/g;

export function cpLength(text: string): number {
  if (!hasSurrogates(text)) return text.length;
  let pairs = 0;
  PAIR.lastIndex = 0;
  while (PAIR.exec(text) !== null) pairs++;
  return text.length - pairs;
}

/**
 * Converts between UTF-16 indices and code-point offsets for one text.
 * Build once per source; conversions are O(log n).
 */
export class OffsetMap {
  /** UTF-16 indices of the high surrogate of each astral character, ascending. */
  private readonly astral: number[] = [];
  readonly text: string;
  constructor(text: string) {
    this.text = text;
    if (!hasSurrogates(text)) return;
    // native regex scan (astral characters are usually sparse)
    PAIR.lastIndex = 0;
    for (let m = PAIR.exec(text); m !== null; m = PAIR.exec(text)) this.astral.push(m.index);
  }

  /** UTF-16 index → code-point offset. */
  toCp(utf16: number): number {
    if (this.astral.length === 0) return utf16;
    // number of astral chars that start strictly before utf16
    let lo = 0;
    let hi = this.astral.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.astral[mid] < utf16) lo = mid + 1;
      else hi = mid;
    }
    return utf16 - lo;
  }

  /** Code-point offset → UTF-16 index. */
  toUtf16(cp: number): number {
    if (this.astral.length === 0) return cp;
    // each astral char before position adds one unit
    let lo = 0;
    let hi = this.astral.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      // code-point offset of astral[mid] = astral[mid] - mid
      if (this.astral[mid] - mid < cp) lo = mid + 1;
      else hi = mid;
    }
    return cp + lo;
  }

  /** Slice by code-point offsets, half-open. */
  slice(start: number, end: number): string {
    return this.text.slice(this.toUtf16(start), this.toUtf16(end));
  }
}

/**
 * An OffsetMap that lives as long as the process, so that the shape (hidden class) of its
 * instances does too. V8 keeps the shape a constructor's fields give an instance only while
 * some object has it; the readers make an OffsetMap per source and drop it, so a full GC
 * between two sources freed the shape and threw away the optimised code of every function
 * that had inlined one (parseBlocks, segmentSource, speakerTallies, readSource: "deoptimizing,
 * reason: weak objects" in --trace-deopt), which then ran slower until compiled again.
 */
export const KEEP_OFFSET_MAP_SHAPE = new OffsetMap('');

/** Slice a text by code-point offsets (convenience; build an OffsetMap for repeated use). */
export function cpSlice(text: string, start: number, end: number): string {
  if (!hasSurrogates(text)) return text.slice(start, end);
  return new OffsetMap(text).slice(start, end);
}

/**
 * Line starts of a text (CR, LF and CRLF are breaks), for 1-based line/column
 * display. Works on UTF-16 indices; convert with OffsetMap where needed.
 */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    let cr = text.indexOf('\r');
    if (cr < 0) {
      // (LF only: found by indexOf)
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
      return;
    }
    // CR, LF and CRLF (one break), both found by indexOf (a CRLF file has as many CRs as LFs):
    // the same starts as `lineStartsByUnit` (tested)
    let nl = text.indexOf('\n');
    while (nl >= 0 || cr >= 0) {
      if (cr >= 0 && (nl < 0 || cr < nl)) {
        if (nl === cr + 1) {
          this.starts.push(nl + 1);
          nl = text.indexOf('\n', nl + 1);
        } else this.starts.push(cr + 1);
        cr = text.indexOf('\r', cr + 1);
      } else {
        this.starts.push(nl + 1);
        nl = text.indexOf('\n', nl + 1);
      }
    }
  }
  get lineCount(): number {
    return this.starts.length;
  }
  /** 0-based index → { line (1-based), column (1-based) }. */
  toPoint(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo] + 1 };
  }
  /** 1-based line → 0-based offset of its first character. */
  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))];
  }
}

/** How many values of an ascending array are below `x` (binary search). */
export function countBelow(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * CRLF and lone CR → LF, with the code-point offsets of the removed CRs (those of CRLF pairs,
 * ascending) and a map from an offset in the original text to one in the LF text.
 */
export function toLf(text: string): { text: string; removed: readonly number[]; map: (cp: number) => number } {
  if (!text.includes('\r')) return { text, removed: [], map: (o) => o };
  const om = new OffsetMap(text);
  const removed: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) === 10) removed.push(om.toCp(i));
  }
  const lf = text.replace(/\r\n/g, '\n').replace(/\r/g, '\n');
  return { text: lf, removed, map: (o) => o - countBelow(removed, o) };
}

/** The starts of the lines of `text` (CR, LF and CRLF are breaks), unit by unit: the simple form of LineIndex's (a test compares them). */
export function lineStartsByUnit(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}
