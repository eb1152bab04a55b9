/**
 * The reader's one-pass replacements give what the regular expressions they replaced give
 * (issue 16: `qda segments` speed). Each is checked against the expression itself on random
 * text with the characters that matter (white space of every kind, digits, colons, letters
 * outside ASCII, astral characters, lone surrogates).
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { headerKey } from '../../src/model/page-debris.js';
import { gluedLabel } from '../../src/ingest/parse-blocks.js';

const PIECES = ['a', 'B', 'é', 'Ü', '1', '42', ' ', '  ', '\t', '\f', '\n', '\r', '\v', '\u00a0', '\u2003', '\u3000', '\ufeff', '\u2028', '\u200b', ':', ' :', '-', '#', '😀', '\ud800', '\udc00', '٣', 'Anna', 'Bram', 'An', 'Anna de Vries', 'ANNA', '(', '.'];
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }).map((a) => a.join(''));

describe('headerKey in one pass', () => {
  const reference = (l: string) => l.replace(/\f/g, '').trim().replace(/\s+/g, ' ').replace(/\d+/g, '#');
  it('equals the four replacements it stands for', () => {
    fc.assert(fc.property(text, (s) => {
      expect(headerKey(s)).toBe(reference(s));
    }), { numRuns: 3000 });
  });
  it('for every UTF-16 code unit between letters', () => {
    for (let c = 0; c < 0x10000; c++) {
      const s = `a${String.fromCharCode(c)}b ${String.fromCharCode(c)}`;
      if (headerKey(s) !== reference(s)) expect(headerKey(s), `U+${c.toString(16)}`).toBe(reference(s));
    }
  });
});

describe('glued speaker labels found from the colons', () => {
  const FORMS = ['Anna de Vries', 'Anna', 'Bram', 'ANNA', 'An', 'Ü', '😀x'];
  const escape = (f: string) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  it('finds the matches of the regular expression it replaced, in order', () => {
    fc.assert(
      fc.property(text, fc.subarray(FORMS, { minLength: 1 }), fc.nat(5), (s, forms0, from0) => {
        const forms = [...forms0].sort((a, b) => b.length - a.length);
        const re = new RegExp(String.raw`(?<=[^\p{L}\p{N}])(?:${forms.map(escape).join('|')})[ \t]*:(?=[ \t]|$)`, 'gu');
        const from = Math.min(from0, s.length);
        const want: Array<[number, number]> = [];
        re.lastIndex = from;
        for (let m = re.exec(s); m; m = re.exec(s)) want.push([m.index, m.index + m[0].length]);
        const got: Array<[number, number]> = [];
        const next = gluedLabel(forms);
        for (let m = next(s, from); m; m = next(s, m[1])) got.push(m);
        expect(got).toEqual(want);
      }),
      { numRuns: 5000 },
    );
  });
});
