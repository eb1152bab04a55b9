/**
 * JSON text straight to UTF-8 bytes. `Utf8Out` is a growing byte buffer with writers for the
 * parts of a JSON record: `str(s)` gives the bytes of `JSON.stringify(s)` (tested byte for
 * byte), `num(x)` those of `JSON.stringify(x)` for a number, `raw(s)` the UTF-8 of a string
 * as it is. The codings document's source records are written with it in one pass, instead of
 * a JSON string per segment and coding, their concatenation, and then its encoding (a
 * source's text is most of what a codings document holds, its codings most of its records).
 * Escapes as JSON.stringify makes them: `\"`, `\\`, `\b \t \n \f \r`, other control
 * characters and lone surrogates as lower-case `\u00xx` / `\udxxx`.
 */

const encoder = new TextEncoder();
const HEX = '0123456789abcdef';
/** A rest of a string this long or longer is written by `strRuns` (shorter: unit by unit). */
const LONG = 256;
/** The units `strRuns` writes itself: those JSON escapes, and surrogates (a pair is encoded, a lone one escaped). */
const SPECIAL = /["\\\x00-\x1f\ud800-\udfff]/g;

/** A byte buffer that grows, with writers for JSON. `bytes()`: what was written. */
export class Utf8Out {
  buf: Uint8Array;
  pos = 0;
  constructor(size = 1 << 16) {
    this.buf = new Uint8Array(size);
  }

  /** The buffer, with room for `n` more bytes after `pos`. */
  room(n: number): Uint8Array {
    if (this.pos + n > this.buf.length) {
      const b = new Uint8Array(Math.max(this.pos + n, this.buf.length * 2));
      b.set(this.buf.subarray(0, this.pos));
      this.buf = b;
    }
    return this.buf;
  }

  /** What was written (a view of the buffer). */
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }

  /** A string as it is (e.g. JSON made elsewhere), as UTF-8. */
  raw(s: string): void {
    const n = s.length;
    const b = this.room(3 * n);
    let pos = this.pos;
    // (short ASCII strings, most of what is written this way: byte by byte; else the encoder)
    if (n <= 64) {
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        b[pos + i] = c;
      }
      if (i === n) {
        this.pos = pos + n;
        return;
      }
    }
    pos += encoder.encodeInto(s, b.subarray(pos)).written;
    this.pos = pos;
  }

  /** One ASCII byte (a bracket, comma, quote). */
  byte(c: number): void {
    this.room(1)[this.pos++] = c;
  }

  /** The bytes of JSON.stringify(x) for a number (`null` when not finite). */
  num(x: number): void {
    // a whole number below 2^31: its digits, else String(x) (what JSON.stringify writes for a finite number)
    if ((x | 0) === x && x >= 0) {
      let digits = 1;
      for (let y = x; y >= 10; y = (y / 10) | 0) digits++;
      const b = this.room(digits);
      let p = this.pos + digits;
      this.pos = p;
      let y = x;
      do {
        b[--p] = 48 + (y % 10);
        y = (y / 10) | 0;
      } while (y > 0);
      return;
    }
    this.raw(Number.isFinite(x) ? String(x) : 'null');
  }

  /** The bytes of JSON.stringify(s) for a string. */
  str(s: string): void {
    const n = s.length;
    const b = this.room(3 * n + 2);
    let pos = this.pos;
    b[pos++] = 0x22;
    // (ASCII that needs no escape, byte for byte: the short strings (codes, words, keys) are
    // often only that, and this loop is small enough to be inlined where it is called; the
    // rest, from the first other unit, in `strFrom`)
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c >= 0x80 || c === 0x22 || c === 0x5c) {
        this.pos = pos;
        this.strFrom(s, i);
        return;
      }
      b[pos++] = c;
    }
    b[pos++] = 0x22;
    this.pos = pos;
  }

  /**
   * The rest of `str(s)` from unit `i`, and the closing quote. The buffer has room for 3 bytes
   * per unit; the only units written wider, as 6 bytes (`\u00xx` and a lone surrogate: rare),
   * make room first (a pair is 4 bytes for 2 units, an escape like `\n` 2 bytes).
   */
  private strFrom(s: string, i: number): void {
    const n = s.length;
    if (n - i >= LONG) {
      this.strRuns(s, i);
      return;
    }
    let out = this.buf;
    let pos = this.pos;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) {
        if (c >= 0x20 && c !== 0x22 && c !== 0x5c) {
          out[pos++] = c;
          continue;
        }
        this.pos = pos;
        this.escape(c, n - i - 1);
        out = this.buf;
        pos = this.pos;
      } else if (c < 0x800) {
        out[pos++] = 0xc0 | (c >> 6);
        out[pos++] = 0x80 | (c & 63);
      } else if (c < 0xd800 || c > 0xdfff) {
        out[pos++] = 0xe0 | (c >> 12);
        out[pos++] = 0x80 | ((c >> 6) & 63);
        out[pos++] = 0x80 | (c & 63);
      } else {
        this.pos = pos;
        i += this.surrogate(s, i, c) - 1;
        out = this.buf;
        pos = this.pos;
      }
    }
    out[pos++] = 0x22;
    this.pos = pos;
  }

  /**
   * `strFrom` for a long rest (a source's text: most of a codings document's bytes): the runs
   * between the units that JSON escapes or that are surrogates (found by a regular expression)
   * are encoded by the native encoder, about a third faster than the loop unit by unit on
   * transcripts; the units found are written as `strFrom` writes them. The same bytes (tested
   * against JSON.stringify): a run holds no unit that is escaped and no surrogate, so its UTF-8
   * is what the loop writes, and it fits (3 bytes a unit are free).
   */
  private strRuns(s: string, i: number): void {
    const n = s.length;
    let out = this.buf;
    let pos = this.pos;
    let p = i;
    SPECIAL.lastIndex = i;
    for (let m = SPECIAL.exec(s); m !== null; m = SPECIAL.exec(s)) {
      const k = m.index;
      if (k > p) pos += encoder.encodeInto(s.substring(p, k), out.subarray(pos)).written;
      const c = s.charCodeAt(k);
      p = k + 1;
      this.pos = pos;
      if (c < 0x80) this.escape(c, n - p);
      else if (this.surrogate(s, k, c) === 2) SPECIAL.lastIndex = ++p;
      out = this.buf;
      pos = this.pos;
    }
    if (p < n) pos += encoder.encodeInto(p === 0 ? s : s.substring(p), out.subarray(pos)).written;
    out[pos++] = 0x22;
    this.pos = pos;
  }

  /**
   * `"`, `\\` or a control character at `pos`, escaped as JSON.stringify does (`rest`: the units
   * after it, for room: `\\u00xx` is the one escape wider than 3 bytes). Shared by `strFrom` and
   * `strRuns`; it may grow the buffer.
   */
  private escape(c: number, rest: number): void {
    let out = this.buf;
    let pos = this.pos;
    out[pos++] = 0x5c;
    if (c === 0x22 || c === 0x5c) out[pos++] = c;
    else if (c === 10) out[pos++] = 0x6e;
    else if (c === 13) out[pos++] = 0x72;
    else if (c === 9) out[pos++] = 0x74;
    else if (c === 8) out[pos++] = 0x62;
    else if (c === 12) out[pos++] = 0x66;
    else {
      this.pos = pos;
      out = this.room(5 + 3 * rest + 1);
      pos = hex4(out, pos, c);
    }
    this.pos = pos;
  }

  /**
   * The surrogate `c` at unit `k` of `s` at `pos`: with the low surrogate after it, the pair's
   * 4 UTF-8 bytes (returns 2, the units used); alone, escaped as JSON.stringify does (returns 1).
   */
  private surrogate(s: string, k: number, c: number): number {
    let out = this.buf;
    let pos = this.pos;
    const d = c <= 0xdbff && k + 1 < s.length ? s.charCodeAt(k + 1) : 0;
    if (d >= 0xdc00 && d <= 0xdfff) {
      const cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
      out[pos++] = 0xf0 | (cp >> 18);
      out[pos++] = 0x80 | ((cp >> 12) & 63);
      out[pos++] = 0x80 | ((cp >> 6) & 63);
      out[pos++] = 0x80 | (cp & 63);
      this.pos = pos;
      return 2;
    }
    // a lone surrogate: escaped, as JSON.stringify does
    out = this.room(6 + 3 * (s.length - k - 1) + 1);
    out[pos++] = 0x5c;
    this.pos = hex4(out, pos, c);
    return 1;
  }

  /** The bytes of JSON.stringify(v) for any value (`undefined` as the word, as string concatenation writes it). */
  json(v: unknown): void {
    if (typeof v === 'string') this.str(v);
    else if (typeof v === 'number') this.num(v);
    else this.raw(String(JSON.stringify(v)));
  }
}

/**
 * The UTF-8 bytes of `before + JSON.stringify(text) + after`, in one pass over the text
 * instead of a JSON string of it and then its encoding.
 */
export function jsonPieceUtf8(before: string, text: string, after: string): Uint8Array {
  const out = new Utf8Out(3 * before.length + 3 * text.length + 2 + 3 * after.length);
  out.raw(before);
  out.str(text);
  out.raw(after);
  return out.bytes();
}

/** `u` and 4 lower-case hex digits. */
function hex4(out: Uint8Array, pos: number, c: number): number {
  out[pos++] = 0x75;
  out[pos++] = HEX.charCodeAt((c >> 12) & 15);
  out[pos++] = HEX.charCodeAt((c >> 8) & 15);
  out[pos++] = HEX.charCodeAt((c >> 4) & 15);
  out[pos++] = HEX.charCodeAt(c & 15);
  return pos;
}
