import type { Lang } from '../model/types.js';

const NL = new Set('de het een en van ik je jij we wij zij ze niet dat die dit is zijn was waren met voor op aan er maar ook als dan wel nog heel bij naar om uit hoe wat wie waar omdat want dus toch gewoon echt zo heb hebben heeft kan kunnen moet moeten wordt worden gaat gaan zou zou mijn onze ons hun geen meer'.split(' '));
const EN = new Set('the a an and of i you we they he she it not that this is are was were with for on at to but also if then well still very by from how what who where because so just really have has had can could must should will would my our their no more do does did been being'.split(' '));

const LETTER = /^[\p{L}']$/u;

/** The stop words (all ASCII lower case), their languages (1 Dutch, 2 English, 3 both) and an open-addressing table of them by hash. */
const STOP = [...new Set([...NL, ...EN])];
const STOP_LANG = STOP.map((w) => (NL.has(w) ? 1 : 0) | (EN.has(w) ? 2 : 0));
// bounded: the fixed list of stop words above
const MAX_STOP = Math.max(...STOP.map((w) => w.length));
const STOP_SLOTS = new Int16Array(1024).fill(-1);
function stopHash(s: string, from: number, to: number): number {
  let h = 0;
  for (let k = from; k < to; k++) {
    const c = s.charCodeAt(k);
    h = (Math.imul(h, 31) + (c >= 65 && c <= 90 ? c | 32 : c)) | 0;
  }
  return h & 1023;
}
STOP.forEach((w, k) => {
  let slot = stopHash(w, 0, w.length);
  while (STOP_SLOTS[slot] >= 0) slot = (slot + 1) & 1023;
  STOP_SLOTS[slot] = k;
});
/** The lower case of ASCII letters and the apostrophe, 0 for every other byte (also 128–255). */
const ASCII_LOWER = new Uint8Array(256);
for (let c = 0; c < 128; c++) ASCII_LOWER[c] = c >= 65 && c <= 90 ? c | 32 : (c >= 97 && c <= 122) || c === 39 ? c : 0;

/** 1 for ASCII letters and the apostrophe. */
const ASCII_WORD = new Uint8Array(128);
for (let c = 0; c < 128; c++) ASCII_WORD[c] = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 39 ? 1 : 0;

/** The code point at i of a text cut at n (a high surrogate at n - 1 stands alone). */
function cpAt(s: string, i: number, n: number): number {
  const c = s.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff || i + 1 >= n) return c;
  return s.codePointAt(i)!;
}

/** Width (1 or 2 UTF-16 units) of the word character (letter or apostrophe) at i of a text cut at n, or 0. */
function wordCharAt(s: string, i: number, n: number): number {
  const c = s.charCodeAt(i);
  if (c < 128) return ASCII_WORD[c];
  const cp = cpAt(s, i, n);
  return LETTER.test(String.fromCodePoint(cp)) ? (cp > 0xffff ? 2 : 1) : 0;
}

/** Languages of the ASCII word b[from, to) of UTF-8 bytes lower-cased (`hash`: its stopHash; at most MAX_STOP long), when it is a stop word, else 0. */
function stopLangBytes(b: Uint8Array, from: number, to: number, hash: number): number {
  const len = to - from;
  for (let slot = hash & 1023; ; slot = (slot + 1) & 1023) {
    const k = STOP_SLOTS[slot];
    if (k < 0) return 0;
    const w = STOP[k];
    if (w.length !== len) continue;
    let j = 0;
    while (j < len) {
      const c = b[from + j];
      if ((c >= 65 && c <= 90 ? c | 32 : c) !== w.charCodeAt(j)) break;
      j++;
    }
    if (j === len) return STOP_LANG[k];
  }
}

/** UTF-8 bytes of text[from, to) of a text cut at n, as Buffer#write encodes it (a lone surrogate as U+FFFD: 3 bytes). */
function utf8Length(text: string, from: number, to: number, n: number): number {
  let bytes = 0;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && k + 1 < n) {
      const d = text.charCodeAt(k + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        bytes += 4;
        k++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** Stop words counted by `slowStep` (Dutch, English). */
const slowCounts = new Int32Array(2);

/**
 * From text[i] (a character beyond ASCII, or an ASCII word that goes on in a letter beyond
 * ASCII): a non-letter is skipped; a word is lower-cased and its runs of letters counted as
 * stop words (in slowCounts). Returns where the next character starts.
 */
function slowStep(text: string, i: number, n: number): number {
  let c = text.charCodeAt(i);
  if (c >= 128 && wordCharAt(text, i, n) === 0) {
    // (a non-letter: an astral one takes two units)
    return i + ((c & 0xfc00) === 0xd800 && cpAt(text, i, n) > 0xffff ? 2 : 1);
  }
  const start = i;
  for (;;) {
    i += c < 128 ? 1 : wordCharAt(text, i, n);
    if (i >= n) break;
    c = text.charCodeAt(i);
    if (c < 128 ? ASCII_WORD[c] === 0 : wordCharAt(text, i, n) === 0) break;
  }
  const w = text.slice(start, i).toLowerCase();
  // (lower-casing may turn a letter into a letter and a mark: İ → i̇)
  for (const m of w.matchAll(/[\p{L}']+/gu)) {
    if (NL.has(m[0])) slowCounts[0]++;
    if (EN.has(m[0])) slowCounts[1]++;
  }
  return i;
}

/**
 * The UTF-8 bytes of the part of the text read (kept between calls: the first 20,000 characters
 * take at most 60,000). Never undefined, so that the size check below runs from the first call
 * on: V8 compiles guessLanguage during its first long text (on-stack replacement), and a branch
 * without type feedback then would deoptimise it on the second call (it was compiled 4 times).
 */
let scratch: Buffer = Buffer.alloc(0);

/**
 * Guess Dutch vs English by counting stop words in (the first 20,000 characters of) a text:
 * the runs of letters and apostrophes, lower-cased (as splitting the lower-cased text between
 * them). The ASCII words are read from the UTF-8 bytes of the text (typed-array reads are
 * cheaper than a string's), anything beyond ASCII from the text itself (tested equal to the definition).
 */
export function guessLanguage(text: string): Lang | undefined {
  const n = Math.min(text.length, 20000);
  if (scratch.length < 3 * n + 1) scratch = Buffer.allocUnsafe(Math.max(3 * n + 1, 4096));
  const b = scratch;
  const len = b.write(n === text.length ? text : text.slice(0, n), 0);
  slowCounts[0] = 0;
  slowCounts[1] = 0;
  let nl = 0;
  let en = 0;
  // i: UTF-16 index in the text; j: the byte where its character starts
  let i = 0;
  let j = 0;
  // (a NUL after the last byte ends the last word: no bounds check per byte)
  b[len] = 0;
  while (j < len) {
    let c = b[j];
    if (c < 128) {
      if (ASCII_LOWER[c] === 0) {
        i++;
        j++;
        continue;
      }
      // an ASCII word (the hash of stopHash made on the way), unless it goes on in a letter beyond ASCII
      const si = i;
      const sj = j;
      let h = 0;
      let t = ASCII_LOWER[c];
      do {
        h = (Math.imul(h, 31) + t) | 0;
        c = b[++j];
        t = ASCII_LOWER[c];
      } while (t !== 0);
      i = si + (j - sj);
      if (j >= len || c < 128 || wordCharAt(text, i, n) === 0) {
        const l = j - sj > MAX_STOP ? 0 : stopLangBytes(b, sj, j, h);
        if (l & 1) nl++;
        if (l & 2) en++;
        continue;
      }
      i = si;
      j = sj;
    }
    const from = i;
    i = slowStep(text, i, n);
    j += utf8Length(text, from, i, n);
  }
  nl += slowCounts[0];
  en += slowCounts[1];
  if (nl + en < 3) return undefined;
  return nl >= en ? 'nl' : 'en';
}

// Two calls on a short text when the module loads, through every path of the loop (ASCII stop
// words, words with a letter beyond ASCII, punctuation and U+FFFD beyond ASCII, an astral
// character): V8 compiles guessLanguage while its first long text is read (on-stack
// replacement), and what had not run with type feedback by then (the code before and after the
// loop, a rare branch) made it throw the compiled code away and compile again (4 compiles).
// (Feedback is collected from some way into the first call on: hence a text of some length, twice.)
{
  const sample = "de café x's the … \ufffd \ud83d\ude00 İs. ".repeat(24);
  for (let k = 0; k < 2; k++) guessLanguage(sample);
}
