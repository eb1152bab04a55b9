import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { guessLanguage } from '../../src/ingest/language.js';

/**
 * The definition: stop words among the runs of letters and apostrophes of the lower-cased text,
 * of a text of up to 20,000 characters; of a longer one, of five parts of 4,000 characters: the
 * first at its start, the last at its end, the others evenly between; each starts and ends at a
 * white space (within 200 characters of where it would).
 */
function parts(text: string): string[] {
  if (text.length <= 20000) return [text];
  const space = (i: number) => {
    for (let k = i; k < Math.min(text.length, i + 200); k++) if (text.charCodeAt(k) <= 32) return k;
    return i;
  };
  return [0, 1, 2, 3, 4].map((k) => {
    const s = k === 0 ? 0 : space(Math.floor((k * (text.length - 4000)) / 4));
    return text.slice(s, k === 4 ? text.length : space(s + 4000));
  });
}
function reference(text: string): 'nl' | 'en' | undefined {
  const NL = new Set('de het een en van ik je jij we wij zij ze niet dat die dit is zijn was waren met voor op aan er maar ook als dan wel nog heel bij naar om uit hoe wat wie waar omdat want dus toch gewoon echt zo heb hebben heeft kan kunnen moet moeten wordt worden gaat gaan zou zou mijn onze ons hun geen meer'.split(' '));
  const EN = new Set('the a an and of i you we they he she it not that this is are was were with for on at to but also if then well still very by from how what who where because so just really have has had can could must should will would my our their no more do does did been being'.split(' '));
  let nl = 0;
  let en = 0;
  for (const part of parts(text)) {
    for (const m of part.toLowerCase().matchAll(/[\p{L}']+/gu)) {
      if (NL.has(m[0])) nl++;
      if (EN.has(m[0])) en++;
    }
  }
  return nl + en < 3 ? undefined : nl >= en ? 'nl' : 'en';
}

describe('guessLanguage', () => {
  it('counts the same stop words as matching runs of letters in the lower-cased text (any text: accents, astral letters, the Kelvin sign, apostrophes)', () => {
    const word = fc.constantFrom('de', 'De', 'HET', 'the', 'The', 'and', "don't", 'kan', '\u212Aan', 'één', 'café', '𝒜and', 'a😀the', 'x', ' ', '\n', '.', ',', "'", 'İs', 'ﬁ', 'wij', 'it');
    fc.assert(fc.property(fc.array(word, { maxLength: 60 }).map((w) => w.join(' ')), (t) => {
      expect(guessLanguage(t)).toBe(reference(t));
    }), { numRuns: 2000 });
    // (long texts: 30,000 characters of Dutch, then 60,000 of English: the parts spread over it read both)
    const long = 'het is de zaak '.repeat(2000) + 'the and the and the '.repeat(3000);
    expect(guessLanguage(long)).toBe(reference(long));
    expect(guessLanguage(long)).toBe('en');
    fc.assert(fc.property(fc.array(word, { minLength: 4000, maxLength: 9000 }).map((w) => w.join(' ')), (t) => {
      expect(guessLanguage(t)).toBe(reference(t));
    }), { numRuns: 40 });
  });
});

describe('guessLanguage: what it takes for granted about lower-casing', () => {
  it('every letter beyond ASCII lower-cases to letters beyond ASCII, except İ (U+0130) and the Kelvin sign (U+212A)', () => {
    const letter = /^[\p{L}']$/u;
    const odd: number[] = [];
    for (let cp = 128; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const s = String.fromCodePoint(cp);
      if (!letter.test(s)) continue;
      for (const ch of s.toLowerCase()) {
        if (ch.codePointAt(0)! < 128 || !letter.test(ch)) {
          odd.push(cp);
          break;
        }
      }
    }
    expect(odd).toEqual([0x130, 0x212a]);
  });
  it('counts the stop words of words with İ or the Kelvin sign in them', () => {
    for (const t of ['İs İt the', 'xİs the de', 'the \u212Aan de', 'aİb de het', 'İ İ İ', 'İSİ it the']) expect(guessLanguage(t), t).toBe(reference(t));
  });
});
