import type { Lang } from '../model/types.js';

const NL = new Set('de het een en van ik je jij we wij zij ze niet dat die dit is zijn was waren met voor op aan er maar ook als dan wel nog heel bij naar om uit hoe wat wie waar omdat want dus toch gewoon echt zo heb hebben heeft kan kunnen moet moeten wordt worden gaat gaan zou zou mijn onze ons hun geen meer'.split(' '));
const EN = new Set('the a an and of i you we they he she it not that this is are was were with for on at to but also if then well still very by from how what who where because so just really have has had can could must should will would my our their no more do does did been being'.split(' '));

const LETTER = /^[\p{L}']$/u;

/** Longest stop word (all are ASCII lower case). */
const MAX_STOP = Math.max(...[...NL, ...EN].map((w) => w.length));
/** 1 at [length × 128 + first letter] when a stop word has that length and first letter: other ASCII words are not looked up. */
const MAY_STOP = new Uint8Array((MAX_STOP + 1) * 128);
for (const w of [...NL, ...EN]) MAY_STOP[w.length * 128 + w.charCodeAt(0)] = 1;

/** Guess Dutch vs English by counting stop words in (the first 20,000 characters of) a text. */
export function guessLanguage(text: string): Lang | undefined {
  const sample = text.length > 20000 ? text.slice(0, 20000) : text;
  let nl = 0;
  let en = 0;
  // the runs of letters and apostrophes, lower-cased (as splitting the lower-cased text between
  // them; ASCII is classified by code, anything else by the letter class)
  const n = sample.length;
  let start = -1;
  let ascii = true;
  for (let i = 0; i <= n; i++) {
    let inWord = false;
    let width = 1;
    if (i < n) {
      const c = sample.charCodeAt(i);
      if (c < 128) inWord = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 39;
      else {
        const cp = sample.codePointAt(i)!;
        if (cp > 0xffff) width = 2;
        inWord = LETTER.test(String.fromCodePoint(cp));
      }
    }
    if (inWord) {
      if (start < 0) start = i;
      if (i < n && sample.charCodeAt(i) >= 128) ascii = false;
    } else if (start >= 0) {
      if (ascii) {
        // (only a word that may be a stop word is sliced and looked up)
        const len = i - start;
        const c0 = sample.charCodeAt(start) | 32;
        if (len <= MAX_STOP && MAY_STOP[len * 128 + (c0 < 128 ? c0 : 0)]) {
          const w = sample.slice(start, i).toLowerCase();
          if (NL.has(w)) nl++;
          if (EN.has(w)) en++;
        }
      } else {
        const w = sample.slice(start, i).toLowerCase();
        // (lower-casing may turn a letter into a letter and a mark: İ → i̇)
        for (const m of w.matchAll(/[\p{L}']+/gu)) {
          if (NL.has(m[0])) nl++;
          if (EN.has(m[0])) en++;
        }
      }
      start = -1;
      ascii = true;
    }
    i += width - 1;
  }
  if (nl + en < 3) return undefined;
  return nl >= en ? 'nl' : 'en';
}
