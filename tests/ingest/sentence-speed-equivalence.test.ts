/**
 * splitParagraphs and splitSentences were made faster (issue 16: qda segments --unit sentence;
 * white space by char code instead of a regular expression per character, the word before a
 * dot made only when it can be an abbreviation, an initial or a dotted word, a range without a
 * blank line not searched for one). They give the ranges the former code gave (kept in
 * speed-reference/sentences.ts), on random texts of every piece they decide on, at random ranges.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { splitParagraphs, splitSentences } from '../../src/ingest/segment.js';
import { splitParagraphsRef, splitSentencesRef } from './speed-reference/sentences.js';

const PIECES = [
  'Zin', 'zin', 'Anna', 'J', 'É', 'é', 'İ', 'ß', 'x', 'O.a', 'o.a', 'e.g', 'i.e', 'd.w.z', 'm.b.t', 'abc.defg', 'bijv', 'Bijv', 'dr', 'Dr', 'enz', 'etc',
  'approx', 'Approxi', 'circa', 'p', 'A', 'Ü', '😀', '𝒳', '\ud800', '\udc00', '12', '3.5',
  '.', '.', '..', '...', '!', '?', '?!', '…', '."', ".'", '.”', '.’', '.»', '.)', '.]', '!)', '"', '(', ')',
  ' ', ' ', '  ', '\t', '\n', '\n', '\r\n', '\r', '\n\n', '\n \n', '\r\n\r\n', '\u00a0', '\u2028', '\u3000', '\ufeff', '\v', '\f',
  '{{', '}}', '{{code}}', 'Code: x', 'codes: a, b', 'CODE:\tx', 'Codes :x', 'code', ':',
];
const textArb = fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }).map((a) => a.join(''));
const caseArb = textArb.chain((t) =>
  fc.tuple(fc.constant(t), fc.nat(t.length), fc.nat(t.length)).map(([text, x, y]) => ({ text, from: Math.min(x, y), to: Math.max(x, y) })),
);

describe('sentences and paragraphs as before', () => {
  it('splitParagraphs and splitSentences give the former ranges, on random texts and ranges', () => {
    fc.assert(
      fc.property(caseArb, ({ text, from, to }) => {
        expect(splitParagraphs(text, from, to)).toEqual(splitParagraphsRef(text, from, to));
        expect(splitSentences(text, from, to)).toEqual(splitSentencesRef(text, from, to));
        // (as eachSegment uses them: the sentences of each paragraph of a turn)
        const paras = splitParagraphsRef(text, from, to);
        expect(paras.flatMap(([a, z]) => splitSentences(text, a, z))).toEqual(paras.flatMap(([a, z]) => splitSentencesRef(text, a, z)));
      }),
      { numRuns: 20000 },
    );
  });

  it('the cases each shortcut decides on', () => {
    const cases = [
      'Hij zei dat bijv. Anna komt. Dr. Jansen niet.',
      'Zie o.a. Jansen. E.g. dit. J. de Vries kwam. Approx. tien. Approxi. Tien.',
      'Het kost 3.5 euro. Dat is veel! Echt? Ja… Nee."  Goed.) Klaar.',
      'Eerste zin. {{code}} Tweede zin.\nCode: x\nDerde. codes: a, b\nVierde.',
      'Eén regel zonder lege regel.\nTweede regel. Met zinnen.',
      'Alinea één.\n\nAlinea twee.\r\n \r\nAlinea drie.',
      '  \u00a0Spaties\u3000eromheen.\u2028Nieuwe zin.\ufeff ',
      'Etc. Zo gaat het. Enz. Klaar. İ. Punt.',
    ];
    for (const text of cases) {
      for (const [from, to] of [[0, text.length], [1, text.length - 1], [3, 20]]) {
        expect(splitParagraphs(text, from, to)).toEqual(splitParagraphsRef(text, from, to));
        expect(splitSentences(text, from, to)).toEqual(splitSentencesRef(text, from, to));
      }
    }
    // (the ranges say what they split: a reader of this test can see the decisions)
    const t = cases[1];
    expect(splitSentences(t, 0, t.length).map(([a, z]) => t.slice(a, z))).toEqual(['Zie o.a. Jansen.', 'E.g. dit.', 'J. de Vries kwam.', 'Approx. tien.', 'Approxi.', 'Tien.']);
  });
});
