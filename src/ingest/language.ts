import type { Lang } from '../model/types.js';

const NL = new Set('de het een en van ik je jij we wij zij ze niet dat die dit is zijn was waren met voor op aan er maar ook als dan wel nog heel bij naar om uit hoe wat wie waar omdat want dus toch gewoon echt zo heb hebben heeft kan kunnen moet moeten wordt worden gaat gaan zou zou mijn onze ons hun geen meer'.split(' '));
const EN = new Set('the a an and of i you we they he she it not that this is are was were with for on at to but also if then well still very by from how what who where because so just really have has had can could must should will would my our their no more do does did been being'.split(' '));

const LETTER = /^[\p{L}']$/u;

/**
 * The stop words (all ASCII lower case) as an automaton over bytes: the trie of the words, read
 * one letter at a time (a word ends in its languages in one table read, where a hash of it had to
 * be looked up and compared). States: 0 the root (no letter yet), 1 dead (no stop word starts
 * so), 2… the trie's nodes; columns: 1–26 the letters a–z of either case, 27 the apostrophe.
 */
const STOP = [...new Set([...NL, ...EN])];
/** The column of each byte (0: not an ASCII letter or apostrophe, also 128–255). */
const COL = new Uint8Array(256);
for (let c = 65; c <= 90; c++) COL[c] = COL[c | 32] = c - 64;
COL[39] = 27;
const DEAD = 1;
const stopStates: number[][] = [[], []];
const stopAccept: number[] = [0, 0];
for (const w of STOP) {
  let st = 0;
  for (let k = 0; k < w.length; k++) {
    const col = COL[w.charCodeAt(k)];
    let next = stopStates[st][col];
    if (next === undefined) {
      next = stopStates.length;
      stopStates.push([]);
      stopAccept.push(0);
      stopStates[st][col] = next;
    }
    st = next;
  }
  stopAccept[st] = (NL.has(w) ? 1 : 0) | (EN.has(w) ? 2 : 0);
}
/** NEXT[state * 32 + column]: the state after one more letter (a letter not in the trie: dead, and dead stays dead). */
const NEXT = new Uint16Array(stopStates.length * 32);
stopStates.forEach((row, st) => {
  for (let col = 1; col <= 27; col++) NEXT[st * 32 + col] = row[col] ?? DEAD;
});
/** The languages of the word that ends in each state (1 Dutch, 2 English, 3 both, 0 no stop word). */
const ACCEPT = Uint8Array.from(stopAccept);

/** 1 for ASCII letters and the apostrophe. */
const ASCII_WORD = new Uint8Array(128);
for (let c = 0; c < 128; c++) ASCII_WORD[c] = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 39 ? 1 : 0;

/** The code point at i of a text cut at n (a high surrogate at n - 1 stands alone). */
function cpAt(s: string, i: number, n: number): number {
  const c = s.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff || i + 1 >= n) return c;
  return s.codePointAt(i)!;
}

/** For each character of the BMP beyond ASCII that is no surrogate: 0 not asked yet, 1 a letter (LETTER), 2 not (the expression is tried once per character). */
const BMP_LETTER = new Uint8Array(0x10000);

/** Width (1 or 2 UTF-16 units) of the word character (letter or apostrophe) at i of a text cut at n, or 0. */
function wordCharAt(s: string, i: number, n: number): number {
  const c = s.charCodeAt(i);
  if (c < 128) return ASCII_WORD[c];
  if ((c & 0xf800) !== 0xd800) {
    let k = BMP_LETTER[c];
    if (k === 0) BMP_LETTER[c] = k = LETTER.test(String.fromCharCode(c)) ? 1 : 2;
    return k === 1 ? 1 : 0;
  }
  const cp = cpAt(s, i, n);
  return LETTER.test(String.fromCodePoint(cp)) ? (cp > 0xffff ? 2 : 1) : 0;
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

/** Texts up to this length are read whole; longer ones in WINDOWS_N parts of WINDOW characters. */
const WHOLE = 20000;
const WINDOW = 4000;
const WINDOWS_N = 5;

/** The stop words the last guess counted (Dutch, English): see mixedLanguage. */
const lastCounts = new Int32Array(2);
/** Of a long text (see WINDOWS): the stop words per part (Dutch, English, …) and where each part starts. */
const partCounts = new Int32Array(2 * WINDOWS_N);
const partStarts = new Int32Array(WINDOWS_N);
/** How many parts the last guess read (0: the whole text, it was short). */
let lastParts = 0;

/**
 * A text guessed as one language that has much of the other too (the last guessLanguage's counts,
 * read right after it, synchronously): the other language's stop words are at least
 * MIXED_SHARE of the guessed one's and at least MIXED_MIN; or, of a long text, one of the parts
 * read is in the other language (its stop words at least twice the guessed one's, and at least
 * PART_MIN): `part` is where that part starts (UTF-16). Text in one language has the other's
 * 5–13 % (words both have: we, is, was; English code labels in a Dutch thesis text); a transcript
 * where a quarter of the speech is in the other language has about a third.
 */
export function mixedLanguage(guessed: Lang | undefined): { other: Lang; share: number; part?: number } | undefined {
  if (!guessed) return undefined;
  const g = guessed === 'nl' ? 0 : 1;
  const mine = lastCounts[g];
  const theirs = lastCounts[1 - g];
  let part: number | undefined;
  for (let k = 0; k < lastParts && part === undefined; k++) {
    const o = partCounts[2 * k + 1 - g];
    if (o >= PART_MIN && o >= 2 * partCounts[2 * k + g]) part = partStarts[k];
  }
  if (part === undefined && (theirs < MIXED_MIN || theirs < MIXED_SHARE * mine)) return undefined;
  return { other: guessed === 'nl' ? 'en' : 'nl', share: theirs / (mine + theirs), ...(part !== undefined ? { part } : {}) };
}
const MIXED_SHARE = 0.3;
const MIXED_MIN = 30;
const PART_MIN = 15;

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
  let special = false;
  for (;;) {
    if (c === 0x130 || c === 0x212a) special = true;
    i += c < 128 ? 1 : wordCharAt(text, i, n);
    if (i >= n) break;
    c = text.charCodeAt(i);
    if (c < 128 ? ASCII_WORD[c] === 0 : wordCharAt(text, i, n) === 0) break;
  }
  // The word holds a letter beyond ASCII. Lower-casing turns every letter beyond ASCII into
  // letters beyond ASCII (tested for every code point), except İ (U+0130: `i` and a mark) and
  // the Kelvin sign (U+212A: `k`): without these the lower-cased word is one run of letters with
  // one beyond ASCII, which is no stop word (they are ASCII), and it need not be made.
  if (!special) return i;
  const w = text.slice(start, i).toLowerCase();
  // (lower-casing may turn a letter into a letter and a mark: İ → i̇)
  for (const m of w.matchAll(/[\p{L}']+/gu)) {
    if (NL.has(m[0])) slowCounts[0]++;
    if (EN.has(m[0])) slowCounts[1]++;
  }
  return i;
}

/**
 * The UTF-8 bytes of the text or part read (kept between calls: 20,000 characters at most
 * take at most 60,000). Never undefined, so that the size check below runs from the first call
 * on: V8 compiles guessLanguage during its first long text (on-stack replacement), and a branch
 * without type feedback then would deoptimise it on the second call (it was compiled 4 times).
 */
let scratch: Buffer = Buffer.alloc(0);

/**
 * Guess Dutch vs English by counting stop words in a text (one of up to 20,000 characters whole;
 * a longer one in five parts of about 4,000 characters spread over it, WINDOWS, so that a part in
 * the other language after the first pages is counted and said):
 * the runs of letters and apostrophes, lower-cased (as splitting the lower-cased text between
 * them). The ASCII words are read from the UTF-8 bytes of the text (typed-array reads are
 * cheaper than a string's), anything beyond ASCII from the text itself (tested equal to the definition).
 */
export function guessLanguage(text: string): Lang | undefined {
  if (!primed) prime();
  if (text.length <= WHOLE) {
    lastParts = 0;
    return guess(text);
  }
  let nl = 0;
  let en = 0;
  const span = text.length - WINDOW;
  for (let k = 0; k < WINDOWS_N; k++) {
    // (from and to a white space, so that no word, and no surrogate pair, is cut)
    const s = k === 0 ? 0 : toSpace(text, Math.floor((k * span) / (WINDOWS_N - 1)));
    const e = k === WINDOWS_N - 1 ? text.length : toSpace(text, s + WINDOW);
    guess(text.slice(s, e));
    partStarts[k] = s;
    partCounts[2 * k] = lastCounts[0];
    partCounts[2 * k + 1] = lastCounts[1];
    nl += lastCounts[0];
    en += lastCounts[1];
  }
  lastParts = WINDOWS_N;
  lastCounts[0] = nl;
  lastCounts[1] = en;
  if (nl + en < 3) return undefined;
  return nl >= en ? 'nl' : 'en';
}

/** The index of the first white space at or after i (within 200 characters; else i). */
function toSpace(text: string, i: number): number {
  const n = Math.min(text.length, i + 200);
  for (let k = i; k < n; k++) if (text.charCodeAt(k) <= 32) return k;
  return i;
}

function guess(text: string): Lang | undefined {
  const n = text.length;
  if (scratch.length < 3 * n + 1) scratch = Buffer.allocUnsafe(Math.max(3 * n + 1, 4096));
  const b = scratch;
  const len = b.write(text, 0);
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
      let col = COL[c];
      if (col === 0) {
        i++;
        j++;
        continue;
      }
      // an ASCII word (read by the stop-word automaton on the way), unless it goes on in a letter beyond ASCII
      const si = i;
      const sj = j;
      let st = 0;
      do {
        st = NEXT[(st << 5) | col];
        c = b[++j];
        col = COL[c];
      } while (col !== 0 && st !== DEAD);
      // (dead stays dead: the rest of the word is skipped without the table, which is most of
      // the letters read — no stop word is longer than 7 letters, and most words leave the trie early)
      if (col !== 0) {
        do c = b[++j];
        while (COL[c] !== 0);
      }
      i = si + (j - sj);
      if (j >= len || c < 128 || wordCharAt(text, i, n) === 0) {
        const l = ACCEPT[st];
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
  lastCounts[0] = nl;
  lastCounts[1] = en;
  if (nl + en < 3) return undefined;
  return nl >= en ? 'nl' : 'en';
}

// Two calls on a short text before the first text is read, through every path of the loop (ASCII
// stop words, words with a letter beyond ASCII, punctuation and U+FFFD beyond ASCII, an astral
// character): V8 compiles the guess while its first long text is read (on-stack replacement),
// and what had not run with type feedback by then (the code before and after the loop, a rare
// branch) made it throw the compiled code away and compile again (4 compiles).
// (Feedback is collected from some way into the first call on: hence a text of some length, twice.)
// Made at the first call, not when the module loads: a reader that guesses no language (qda
// segments --format csv) does not pay for it.
let primed = false;
function prime(): void {
  primed = true;
  const sample = "de café x's the … \ufffd \ud83d\ude00 İs. ".repeat(24);
  for (let k = 0; k < 2; k++) guess(sample);
}
