/**
 * The tokeniser of the coding engine (pure). One pass over the text with a
 * Unicode word pattern: letters and digits, with inner apostrophes and
 * hyphens kept (`café-overleg`, `collega's`). Tokens are folded (lower case,
 * diacritics removed) so that `ideeën` and `ideeen` match the same way.
 *
 * Offsets: `start`/`end` of a token are UTF-16 indices into the text given;
 * convert with `OffsetMap` (see `toCodePoints`) at the boundary.
 */
import { OffsetMap } from '../model/codepoints.js';
import { fromCharCodes } from '../model/arrays.js';

export interface Token {
  /** The token as written. */
  readonly raw: string;
  /** Lower-cased, diacritics removed. */
  readonly folded: string;
  /** UTF-16 indices into the tokenised text, half-open. */
  readonly start: number;
  readonly end: number;
}

/**
 * A word: letters and digits, with inner apostrophes and hyphens, and inner soft hyphens (U+00AD:
 * where a word may be broken at a line end, no character of it), zero-width characters (U+200B–
 * U+200D, U+2060: not seen) and non-breaking hyphens (U+2011),
 * so that `buurt\u00adapp` is the word `buurtapp` and `e\u2011mail` the word `e-mail` (see fold):
 * a text file keeps them as written, its offsets those of its text (the .docx and .odt readers
 * read them as Word and LibreOffice show them). A hyphen at a line end before a lower-case letter
 * on the next line (`samen-⏎werking`: a word broken over two lines, as text from a PDF has it) is
 * inside the word too (fold joins it: `samenwerking`; the engine also matches it as `samen-werking`).
 */
export const WORD_PATTERN = /[\p{L}\p{N}]+(?:(?:['’\-\u00ad\u2011\u200b-\u200d\u2060]|-\r?\n(?=\p{Ll}))[\p{L}\p{N}]+)*/gu;

const NON_ASCII = /[^\x00-\x7f]/;
const MARKS = /\p{M}/gu;

/** Ligatures (ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ, ĳ, ǆ ǉ ǌ and their capitals): each is its letters (NFKC), in lower case. */
const LIGATURE = /[\ufb00-\ufb06\u0132\u0133\u01c4-\u01cc]/g;

/**
 * A text as a reader sees it: without the characters that show nothing (soft hyphen U+00AD,
 * zero-width space and joiners U+200B–U+200D, word joiner U+2060) and with a word broken at a line
 * end joined (`Fat-⏎ima` → `Fatima`, `samen-⏎werking` → `samenwerking`: a letter or digit before
 * the hyphen, the next line going on in lower case, and not beginning with a one-word label such
 * as `interviewer:`). `at(i)` is the index in the text of index i of the folded one. Undefined when
 * there is nothing to fold. (The coder's words, asRead and fold, the regex rules and the names of
 * qda anonymize read the text so.)
 */
export function foldHidden(text: string): { text: string; at: (i: number) => number } | undefined {
  if (!mayHide(text)) return undefined;
  // (breakpoints: from folded index pos[k] on, add shift[k] to reach the text's index)
  const pos: number[] = [];
  const shift: number[] = [];
  let removed = 0;
  let out = '';
  let last = 0;
  for (const m of text.matchAll(HIDDEN)) {
    out += text.slice(last, m.index);
    removed += m[0].length;
    pos.push(out.length);
    shift.push(removed);
    last = m.index! + m[0].length;
  }
  if (!pos.length) return undefined;
  out += text.slice(last);
  const at = (i: number): number => {
    let lo = 0;
    let hi = pos.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pos[mid] <= i) lo = mid + 1;
      else hi = mid;
    }
    return i + (lo ? shift[lo - 1] : 0);
  };
  return { text: out, at };
}
const HIDDEN = /[\u00ad\u200b-\u200d\u2060]|(?<=[\p{L}\p{N}])-[ \t]*\r?\n[ \t]*(?=\p{Ll})(?!\p{L}+:)/gu;
const LINE_END_HYPHEN = /-[ \t]*\r?\n/;

/**
 * Whether foldHidden may fold anything in `s` (as `/[\u00ad\u200b-\u200d\u2060]|-[ \t]*\r?\n/`, by
 * native searches: a regex rule's segment is asked once, and most hold none of them).
 */
function mayHide(s: string): boolean {
  return s.indexOf('\u00ad') !== -1 || s.indexOf('\u200b') !== -1 || s.indexOf('\u200c') !== -1 || s.indexOf('\u200d') !== -1 || s.indexOf('\u2060') !== -1 || (s.indexOf('\n') !== -1 && LINE_END_HYPHEN.test(s));
}

/**
 * A word (or a passage) as it reads, case and accents kept: foldHidden's text (a word broken at a
 * line end joined, `samen-⏎werking` → `samenwerking`; soft hyphens and zero-width characters left
 * out), and a non-breaking hyphen (U+2011) `-`. What `fold` folds, what is shown of a matched word,
 * and what quotes show.
 */
export function asRead(word: string): string {
  const w = foldHidden(word)?.text ?? word;
  return w.indexOf('\u2011') === -1 ? w : w.replace(/\u2011/g, '-');
}

/**
 * Lower-case, NFD, strip combining marks, and map typographic apostrophes to `'`, of the word as
 * it reads (see asRead: `samen-⏎werking` joined, soft hyphens and zero-width characters left out,
 * a non-breaking hyphen `-`); a ligature (`ﬁ`, `ﬂ`, `ĳ`: text copied from a PDF, or a keyword)
 * is its letters, so that `buurt\u00adapp`, `e\u2011mail` and `ﬁnanciën` fold as `buurtapp`,
 * `e-mail` and `financien` (the text itself is not changed).
 */
export function fold(word: string): string {
  const lower = asRead(word).toLowerCase();
  if (!NON_ASCII.test(lower)) return lower;
  return lower.replace(LIGATURE, (l) => l.normalize('NFKC').toLowerCase()).normalize('NFD').replace(MARKS, '').replace(/’/g, "'").normalize('NFC');
}

/**
 * Tokenise `text`. A `mask` (UTF-16 ranges, half-open, sorted or not) hides
 * marker text: tokens that start inside a masked range are dropped.
 */
export function tokenize(text: string, mask?: ReadonlyArray<readonly [number, number]>): Token[] {
  const src = mask && mask.length ? applyMask(text, mask) : text;
  const out: Token[] = [];
  WORD_PATTERN.lastIndex = 0;
  for (let m = WORD_PATTERN.exec(src); m !== null; m = WORD_PATTERN.exec(src)) {
    const raw = m[0];
    out.push({ raw, folded: fold(raw), start: m.index, end: m.index + raw.length });
  }
  return out;
}

/** Replace masked ranges by spaces (same length, so offsets are unchanged). */
export function applyMask(text: string, mask: ReadonlyArray<readonly [number, number]>): string {
  if (!mask.length) return text;
  const sorted = [...mask].sort((a, b) => a[0] - b[0]);
  let out = '';
  let pos = 0;
  for (const [s0, e0] of sorted) {
    const s = Math.max(s0, pos);
    const e = Math.min(Math.max(e0, s), text.length);
    if (s >= text.length) break;
    out += text.slice(pos, s) + ' '.repeat(e - s);
    pos = e;
  }
  return out + text.slice(pos);
}

/** Tokens with code-point offsets into `text` (fast path when it has no surrogates). */
export function tokenizeCodePoints(text: string, mask?: ReadonlyArray<readonly [number, number]>): Token[] {
  const toks = tokenize(text, mask);
  const map = new OffsetMap(text);
  return toks.map((t) => ({ ...t, start: map.toCp(t.start), end: map.toCp(t.end) }));
}

const LETTER = /[\p{L}\p{N}]/u;

// ---------------------------------------------------------------------------
// The engine's hot path: a scanner that interns token TYPES while it scans.
// No string and no object is created per token: each token is a type id plus
// UTF-16 start/end in parallel typed arrays; a new type costs one slice.

/** 1 for ASCII letters and digits. */
const ASCII_WORD = new Uint8Array(128);
for (let c = 0; c < 128; c++) ASCII_WORD[c] = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) ? 1 : 0;

/**
 * Interned token types (the raw spelling of a token) in an open-addressing hash
 * table keyed by a hash computed during the scan. `onNew` is told about each new
 * type once (the engine folds, stems and looks it up there, once per run); what it
 * returns is the type's `flag` (the scanner lists the tokens whose type has a flag:
 * `TokenBuffer.cand`).
 */
export class TypeTable {
  readonly strs: string[] = [];
  /**
   * Open addressing, 4 ints per slot: hash, type id + 1 (0 = empty), pool offset, length;
   * a probe reads one cache line, the spelling's units only when hash and length agree.
   */
  private slots: Int32Array;
  private mask: number;
  /** type id → 1 when `onNew` returned a truthy value for it (the scanner lists its tokens in `TokenBuffer.cand`), else 0. */
  flag: Uint8Array;
  /** The spellings' UTF-16 units, back to back (compared with typed-array reads). */
  private pool: Uint16Array;
  private poolTop = 0;
  /** `capacity`: types before the first growth (a power of 2). */
  constructor(
    private readonly onNew: (id: number, type: string) => number | void = () => 0,
    capacity = 2048,
  ) {
    this.slots = new Int32Array(capacity * 4);
    this.mask = capacity - 1;
    this.flag = new Uint8Array(capacity);
    this.pool = new Uint16Array(capacity * 32);
  }

  get size(): number {
    return this.strs.length;
  }

  /** The id of the type spelled u[s, e) with hash h (computed as in `scanUnits`). */
  intern(u: Uint16Array, s: number, e: number, h: number): number {
    const len = e - s;
    const pool = this.pool;
    const slots = this.slots;
    const mask = this.mask;
    let i = h & mask;
    for (;;) {
      const b = i << 2;
      const slot = slots[b + 1];
      if (slot === 0) return this.add(u, s, e, h, i);
      if (slots[b] === h && slots[b + 3] === len) {
        let o = slots[b + 2];
        let k = s;
        while (k < e && pool[o] === u[k]) {
          k++;
          o++;
        }
        if (k === e) return slot - 1;
      }
      i = (i + 1) & mask;
    }
  }

  /** A new type, at free slot i. */
  private add(u: Uint16Array, s: number, e: number, h: number, i: number): number {
    const len = e - s;
    const id = this.strs.length;
    if (this.poolTop + len > this.pool.length) {
      const b = new Uint16Array(Math.max(this.pool.length * 2, this.poolTop + len));
      b.set(this.pool);
      this.pool = b;
    }
    const top = this.poolTop;
    this.pool.set(u.subarray(s, e), top);
    this.poolTop = top + len;
    // (a flat string: never a view that would keep a source text alive)
    const str = fromCharCodes(this.pool.subarray(top, top + len));
    this.strs.push(str);
    const b = i << 2;
    this.slots[b] = h;
    this.slots[b + 1] = id + 1;
    this.slots[b + 2] = top;
    this.slots[b + 3] = len;
    if ((id + 1) * 2 > this.mask) this.grow();
    if (id >= this.flag.length) {
      const f = new Uint8Array(this.flag.length * 2);
      f.set(this.flag);
      this.flag = f;
    }
    this.flag[id] = this.onNew(id, str) ? 1 : 0;
    return id;
  }

  private grow(): void {
    const old = this.slots;
    const size = (this.mask + 1) * 2;
    const slots = new Int32Array(size * 4);
    const mask = size - 1;
    for (let b = 0; b < old.length; b += 4) {
      if (old[b + 1] === 0) continue;
      let i = old[b] & mask;
      while (slots[(i << 2) + 1] !== 0) i = (i + 1) & mask;
      slots.set(old.subarray(b, b + 4), i << 2);
    }
    this.slots = slots;
    this.mask = mask;
  }
}

/** Parallel token arrays, grown on demand and reused across segments. */
export class TokenBuffer {
  type: Int32Array;
  start: Int32Array;
  end: Int32Array;
  /** The indices of the tokens whose type has a `TypeTable.flag`, ascending, and how many (set by each scan). */
  cand: Int32Array;
  nCand = 0;
  constructor(capacity = 4096) {
    this.type = new Int32Array(capacity);
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
    this.cand = new Int32Array(capacity);
  }
  grow(): void {
    const n = this.type.length * 2;
    const g = (a: Int32Array) => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.type = g(this.type);
    this.start = g(this.start);
    this.end = g(this.end);
    this.cand = g(this.cand);
  }
}

/** Is this machine little-endian (Buffer's utf16le bytes, read as Uint16, are then the units)? */
const LITTLE_ENDIAN = new Uint16Array(Uint8Array.of(1, 0).buffer)[0] === 1;

/**
 * A reusable copy of UTF-16 code units of a text, for the scanner: it reads a Uint16Array,
 * about twice as fast as charCodeAt on a string (measured on the realistic corpus). The
 * copy is native (`Buffer#write`, utf16le: every unit as it is, lone surrogates too), one
 * unit at a time on a big-endian machine; `load(text, from, to)` equals
 * `Uint16Array.from(text.slice(from, to), c => c.charCodeAt(0))` either way (tested).
 */
export class Units {
  private bytes: Buffer = Buffer.allocUnsafeSlow(1 << 16);
  u: Uint16Array = new Uint16Array(this.bytes.buffer, 0, 1 << 15);
  constructor(private readonly native = LITTLE_ENDIAN) {}

  /** text[from, to) into `u[0, to − from)`; returns `u`. */
  load(text: string, from = 0, to = text.length): Uint16Array {
    const n = to - from;
    if (n > this.u.length) {
      this.bytes = Buffer.allocUnsafeSlow(Math.max(2 * n, this.bytes.length * 2));
      this.u = new Uint16Array(this.bytes.buffer, 0, this.bytes.length >> 1);
    }
    const u = this.u;
    if (this.native) this.bytes.write(from === 0 && to === text.length ? text : text.substring(from, to), 0, 2 * n, 'utf16le');
    else for (let k = 0; k < n; k++) u[k] = text.charCodeAt(from + k);
    return u;
  }

  /** Let go of a large copy (after a large text), keeping memory bounded. */
  shrink(limit: number): void {
    if (this.u.length > limit) {
      this.bytes = Buffer.allocUnsafeSlow(1 << 16);
      this.u = new Uint16Array(this.bytes.buffer, 0, 1 << 15);
    }
  }
}

/** Word-character class of each BMP code unit: 0 not yet known, 1 word, 2 not a word, 3 high surrogate. */
const UNIT = new Uint8Array(65536);
for (let c = 0; c < 128; c++) UNIT[c] = ASCII_WORD[c] ? 1 : 2;
for (let c = 0xd800; c <= 0xdbff; c++) UNIT[c] = 3;
for (let c = 0xdc00; c <= 0xdfff; c++) UNIT[c] = 2;
function classify(c: number): number {
  return (UNIT[c] = LETTER.test(String.fromCharCode(c)) ? 1 : 2);
}
/** Length in UTF-16 units of the word character at u[i] (1 or 2), or 0; `n` ends the text. */
function wordAt(u: Uint16Array, i: number, n: number): number {
  const c = u[i];
  let k = UNIT[c];
  if (k === 0) k = classify(c);
  if (k === 1) return 1;
  if (k === 3 && i + 1 < n) {
    const d = u[i + 1];
    if (d < 0xdc00 || d > 0xdfff) return 0;
    const cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
    return LETTER.test(String.fromCodePoint(cp)) ? 2 : 0;
  }
  return 0;
}

/** Lower-case class of each BMP code unit: 0 not yet known, 1 a lower-case letter, 2 not. */
const LOWER = new Uint8Array(65536);
const LOWER_LETTER = /\p{Ll}/u;
/** Is u[i] (with the unit after it, for an astral letter) a lower-case letter? */
function lowerAt(u: Uint16Array, i: number, n: number): boolean {
  const c = u[i];
  if (c >= 0xd800 && c <= 0xdbff) {
    if (i + 1 >= n) return false;
    const d = u[i + 1];
    if (d < 0xdc00 || d > 0xdfff) return false;
    return LOWER_LETTER.test(String.fromCodePoint(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000));
  }
  let k = LOWER[c];
  if (k === 0) k = LOWER[c] = LOWER_LETTER.test(String.fromCharCode(c)) ? 1 : 2;
  return k === 1;
}

const scratch = new Units();

/**
 * Tokenise `text[from, to)` into `buf` (same token definition as WORD_PATTERN),
 * interning each token's spelling in `types`. Returns the number of tokens;
 * offsets are UTF-16 indices into `text`.
 */
export function scanTypes(text: string, types: TypeTable, buf: TokenBuffer, from = 0, to = text.length): number {
  return scanUnits(scratch.load(text, from, to), 0, to - from, from, types, buf);
}

/**
 * Tokenise the units u[from, to) (see `Units`) into `buf`, interning each token's spelling
 * in `types`: the same tokens as WORD_PATTERN on the text they were copied from. Offsets
 * in `buf` are the units' indices plus `offset` (the copy's place in its text). Also lists
 * the tokens whose type has a flag in `buf.cand`.
 */
export function scanUnits(u: Uint16Array, from: number, to: number, offset: number, types: TypeTable, buf: TokenBuffer): number {
  const n = to;
  let count = 0;
  let nc = 0;
  let i = from;
  let bt = buf.type;
  let bs = buf.start;
  let be = buf.end;
  let bc = buf.cand;
  while (i < n) {
    let c = u[i];
    let k = UNIT[c];
    // w: the length in units of the word character at u[i] (2: an astral letter)
    let w = 1;
    if (k !== 1) {
      w = k === 2 ? 0 : wordAt(u, i, n);
      if (w === 0) {
        i++;
        continue;
      }
    }
    const start = i;
    let h = 0x811c9dc5 | 0;
    for (;;) {
      // u[i] (= c) is a word character of w units
      h = Math.imul(h ^ c, 0x01000193);
      i++;
      if (w === 2) {
        h = Math.imul(h ^ u[i], 0x01000193);
        i++;
      }
      // a run of BMP word characters (one table look-up each, no other test)
      while (i < n) {
        c = u[i];
        k = UNIT[c];
        if (k !== 1) break;
        h = Math.imul(h ^ c, 0x01000193);
        i++;
      }
      if (i >= n) break;
      // u[i] (= c) is not a known BMP word character: an astral letter or one not classified yet?
      if (k !== 2) {
        w = wordAt(u, i, n);
        if (w !== 0) continue;
      }
      // inner apostrophe / hyphen (a soft or non-breaking one too) followed by a word character
      if (i + 1 < n && (c === 39 || c === 0x2019 || c === 45 || c === 0xad || c === 0x2011 || (c >= 0x200b && c <= 0x200d) || c === 0x2060)) {
        const d = u[i + 1];
        const kd = UNIT[d];
        w = kd === 1 ? 1 : kd === 2 ? 0 : wordAt(u, i + 1, n);
        if (w !== 0) {
          h = Math.imul(h ^ c, 0x01000193);
          i++;
          c = d;
          continue;
        }
      }
      // a hyphen at a line end (LF or CRLF) before a lower-case letter: a word broken over two lines
      if (c === 45 && i + 2 < n) {
        let j = i + 1;
        if (u[j] === 13 && j + 2 < n && u[j + 1] === 10) j++;
        if (u[j] === 10 && lowerAt(u, j + 1, n)) {
          for (let k = i; k <= j; k++) h = Math.imul(h ^ u[k], 0x01000193);
          i = j + 1;
          c = u[i];
          w = wordAt(u, i, n);
          continue;
        }
      }
      break;
    }
    if (count === bt.length) {
      buf.grow();
      bt = buf.type;
      bs = buf.start;
      be = buf.end;
      bc = buf.cand;
    }
    const id = types.intern(u, start, i, h);
    bt[count] = id;
    bs[count] = start + offset;
    be[count] = i + offset;
    // (branch-free: the flag is 0 or 1, and a listed token is overwritten by the next unless flagged)
    bc[nc] = count;
    nc += types.flag[id];
    count++;
  }
  buf.nCand = nc;
  return count;
}

/**
 * Type feedback for every path of the scanner before it gets hot: a short text with a
 * non-ASCII letter, an astral letter, an apostrophe, a hyphen, into tables that must grow.
 * Without it, V8 compiles `scanUnits` for the paths seen in the first segments (ASCII words)
 * and throws that code away at the first accented letter to compile it again (each thread
 * paid that twice); the same for a table that grows its pool of spellings for the first time
 * (on the realistic corpus after some files: code that assumed the pool never changes is
 * thrown away, the scanner's and the engine's). Only the scanner's own tables are touched.
 */
function prime(): void {
  const types = new TypeTable((id) => id & 1, 2);
  const buf = new TokenBuffer(1);
  // (and enough types for the tables to grow again once V8 records what happens: it starts
  // recording a function's type feedback only after some calls of it)
  let text = "één café-overleg collega's coöperatie \u{1D49C}x 9 één, gaat’ie";
  for (let k = 0; k < 80; k++) text += ' w' + k.toString(36) + (k & 1 ? 'é' : '');
  for (let k = 0; k < 2; k++) scanUnits(new Units().load(text), 0, text.length, 0, types, buf);
}
prime();
