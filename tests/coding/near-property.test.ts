/**
 * Near rules against a brute-force reading of their definition, on random turns: the rule
 * fires when at least `min` distinct (A term, B term) pairs have an A hit and a B hit at most
 * `distance` words apart (at least 1; 0 when they overlap), and its evidence is every hit in such a pair.
 * (The engine looks only at the B hits within reach of each A hit, in scratch arrays.)
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { compileCodebook } from '../../src/coding/compile-codebook.js';
import { applyCodebook } from '../../src/coding/apply-codebook.js';
import { book, corpusOf, source } from './helpers.js';
import type { Rule } from '../../src/codebook/types.js';

const A = ['xalp', 'brom kwet'];
const B = ['drul', 'fips kwet'];
const WORDS = ['xalp', 'brom', 'kwet', 'drul', 'fips', 'ba', 'do'];

/** Hits of phrase terms on words: [term index, first word, last word]. */
function hits(words: string[], terms: string[]): Array<[number, number, number]> {
  const out: Array<[number, number, number]> = [];
  for (let i = 0; i < words.length; i++)
    terms.forEach((t, k) => {
      const tw = t.split(' ');
      if (tw.every((w, j) => words[i + j] === w)) out.push([k, i, i + tw.length - 1]);
    });
  return out;
}

function reference(words: string[], distance: number, min: number): string[] | undefined {
  const as = hits(words, A);
  const bs = hits(words, B);
  const pairs = new Set<string>();
  const used = new Set<string>();
  for (const x of as)
    for (const y of bs) {
      const gap = y[1] > x[2] ? y[1] - x[2] : x[1] > y[2] ? x[1] - y[2] : 0;
      if (gap <= distance) {
        pairs.add(`${x[0]}/${y[0]}`);
        used.add(`${x[1]},${x[2]}`);
        used.add(`${y[1]},${y[2]}`);
      }
    }
  if (pairs.size < min) return undefined;
  return [...used]
    .map((u) => u.split(',').map(Number))
    .sort((p, q) => p[0] - q[0] || p[1] - q[1])
    .map(([s, e]) => words.slice(s, e + 1).join(' '));
}

describe('near rules', () => {
  it('fire, and give their evidence, as the brute-force reading of the definition', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 40 }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 3 }), (words, distance, min) => {
        const rule = { kind: 'near', id: 'x/r1', a: { nl: A }, b: { nl: B }, distance, minMatches: min, stem: false } as unknown as Rule;
        const corpus = corpusOf([source('s', `R: ${words.join(' ')}.`)]);
        const codings = applyCodebook(corpus, compileCodebook(book([{ id: 'x', rules: [rule] }]), 'nl'));
        // (a distance below 1 is read as 1: compileCodebook)
        const want = reference(words, Math.max(1, distance), min);
        if (!want) expect(codings).toEqual([]);
        else {
          expect(codings.length).toBe(1);
          expect(codings[0].evidence?.matches?.map((m) => m.term)).toEqual(want);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
