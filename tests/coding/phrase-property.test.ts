/**
 * Phrase terms against a brute-force reading of their definition (consecutive words), on
 * random turns over a vocabulary of more than 32 words: the engine skips a phrase's
 * remaining words when a bit set of the next token's atoms (bit `atom & 31`) does not meet
 * that of the phrases' second atoms, a filter that must never skip a phrase that matches
 * (with more than 32 atoms, different atoms share bits).
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { compileCodebook } from '../../src/coding/compile-codebook.js';
import { applyCodebook } from '../../src/coding/apply-codebook.js';
import { book, corpusOf, kw, source } from './helpers.js';

const WORDS = Array.from({ length: 40 }, (_, i) => `w${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}q`);
/** Phrases whose second words' atoms share bits with other words' atoms (ids 32 apart). */
const PHRASES = [`${WORDS[0]} ${WORDS[33]}`, `${WORDS[1]} ${WORDS[1]}`, `${WORDS[2]} ${WORDS[34]} ${WORDS[3]}`, `${WORDS[33]} ${WORDS[0]}`, `${WORDS[5]} ${WORDS[37]}`, `${WORDS[39]} ${WORDS[7]} ${WORDS[39]}`];
const TERMS = [...WORDS.slice(0, 36), ...PHRASES];

function reference(words: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  TERMS.forEach((t, k) => {
    const tw = t.split(' ');
    for (let i = 0; i + tw.length <= words.length; i++)
      if (tw.every((w, j) => words[i + j] === w)) (out.get(`c${k}`) ?? out.set(`c${k}`, []).get(`c${k}`)!).push(t);
  });
  return out;
}

describe('phrase terms', () => {
  it('match as the brute-force reading of consecutive words, whatever atoms share filter bits', () => {
    const compiled = compileCodebook(book(TERMS.map((t, k) => ({ id: `c${k}`, rules: [kw(`c${k}/r`, [t], { stem: false })] }))), 'nl');
    expect(compiled.atomCount).toBeGreaterThan(32);
    const pick = fc.constantFrom(...WORDS.slice(0, 8), WORDS[33], WORDS[34], WORDS[37], WORDS[39], ...WORDS.slice(36, 39));
    fc.assert(
      fc.property(fc.array(pick, { minLength: 1, maxLength: 40 }), (words) => {
        const codings = applyCodebook(corpusOf([source('s', `R: ${words.join(' ')}.`)]), compiled);
        const got = new Map(codings.map((c) => [c.code, c.evidence!.matches!.map((m) => m.term!)]));
        expect(got).toEqual(reference(words));
      }),
      { numRuns: 1500 },
    );
  });
});
