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
/** Languages of the ASCII word s[from, to) lower-cased (`hash`: its stopHash), when it is a stop word (no string made), else 0. */
function stopLang(s: string, from: number, to: number, hash: number): number {
  const len = to - from;
  if (len > MAX_STOP) return 0;
  for (let slot = hash & 1023; ; slot = (slot + 1) & 1023) {
    const k = STOP_SLOTS[slot];
    if (k < 0) return 0;
    const w = STOP[k];
    if (w.length !== len) continue;
    let j = 0;
    while (j < len) {
      const c = s.charCodeAt(from + j);
      if ((c >= 65 && c <= 90 ? c | 32 : c) !== w.charCodeAt(j)) break;
      j++;
    }
    if (j === len) return STOP_LANG[k];
  }
}

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

/** Guess Dutch vs English by counting stop words in (the first 20,000 characters of) a text. */
export function guessLanguage(text: string): Lang | undefined {
  // (the text itself, read up to n: a slice of it is slower to read character by character)
  const n = Math.min(text.length, 20000);
  let nl = 0;
  let en = 0;
  // the runs of letters and apostrophes, lower-cased (as splitting the lower-cased text between
  // them; ASCII is classified by code, anything else by the letter class)
  let i = 0;
  while (i < n) {
    let c = text.charCodeAt(i);
    if (c < 128) {
      if (ASCII_WORD[c] === 0) {
        i++;
        continue;
      }
      // an ASCII word (the hash of stopHash made on the way), unless it goes on in a letter beyond ASCII
      const start = i;
      let h = 0;
      do {
        h = (Math.imul(h, 31) + (c >= 65 && c <= 90 ? c | 32 : c)) | 0;
        i++;
        if (i >= n) break;
        c = text.charCodeAt(i);
      } while (c < 128 && ASCII_WORD[c] === 1);
      if (i >= n || c < 128 || wordCharAt(text, i, n) === 0) {
        const l = stopLang(text, start, i, h);
        if (l & 1) nl++;
        if (l & 2) en++;
        continue;
      }
      i = start;
      c = text.charCodeAt(i);
    }
    if (c >= 128 && wordCharAt(text, i, n) === 0) {
      // (a non-letter: an astral one takes two units)
      i += c >= 0xd800 && c <= 0xdbff && cpAt(text, i, n) > 0xffff ? 2 : 1;
      continue;
    }
    // a word with letters beyond ASCII
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
      if (NL.has(m[0])) nl++;
      if (EN.has(m[0])) en++;
    }
  }
  if (nl + en < 3) return undefined;
  return nl >= en ? 'nl' : 'en';
}
