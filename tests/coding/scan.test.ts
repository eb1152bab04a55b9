import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { scanTypes, TokenBuffer, TypeTable, WORD_PATTERN, applyMask } from '../../src/coding/tokenize.js';

/** The engine's hand-written scanner must find exactly the tokens of WORD_PATTERN. */
function viaRegex(text: string, from = 0, to = text.length): Array<[string, number]> {
  const sub = text.slice(from, to);
  return [...sub.matchAll(new RegExp(WORD_PATTERN.source, 'gu'))].map((m) => [m[0], m.index! + from]);
}
function viaScanner(text: string, types: TypeTable, buf: TokenBuffer, from?: number, to?: number): Array<[string, number]> {
  const n = scanTypes(text, types, buf, from, to);
  const out: Array<[string, number]> = [];
  for (let i = 0; i < n; i++) {
    expect(types.strs[buf.type[i]]).toBe(text.slice(buf.start[i], buf.end[i]));
    out.push([types.strs[buf.type[i]], buf.start[i]]);
  }
  return out;
}

describe('scanTypes', () => {
  const alphabet = ['a', 'b', 'Z', '9', 'é', 'ë', 'ï', 'ß', ' ', '.', ',', "'", '’', '-', '--', '\n', '😀', '𝒜', '👩‍👩‍👧', 'ن', '中', '\u0301', '_', '{{', '}}', 'ﬁ'];
  const textArb = fc.array(fc.constantFrom(...alphabet), { maxLength: 60 }).map((a) => a.join(''));

  it('agrees with WORD_PATTERN on random texts (astral letters, marks, joiners) and interns spellings once', () => {
    const types = new TypeTable();
    const buf = new TokenBuffer();
    fc.assert(
      fc.property(textArb, (text) => {
        expect(viaScanner(text, types, buf)).toEqual(viaRegex(text));
      }),
      { numRuns: 400 },
    );
    expect(new Set(types.strs).size).toBe(types.strs.length);
  });

  it('scans a range of a text like the slice itself', () => {
    const types = new TypeTable();
    const buf = new TokenBuffer();
    fc.assert(
      fc.property(textArb, fc.nat(), fc.nat(), (text, a, b) => {
        let from = Math.min(a, b) % (text.length + 1);
        let to = Math.max(a, b) % (text.length + 1);
        if (from > to) [from, to] = [to, from];
        expect(viaScanner(text, types, buf, from, to)).toEqual(viaRegex(text, from, to));
      }),
      { numRuns: 300 },
    );
  });

  it('grows its buffers and hash table on large inputs', () => {
    const words = Array.from({ length: 30000 }, (_, i) => `w${i.toString(36)}x`);
    const text = words.join(' ') + ' ' + words.join(' ');
    const types = new TypeTable();
    const buf = new TokenBuffer();
    const seen: number[] = [];
    const t2 = new TypeTable((id) => seen.push(id));
    expect(scanTypes(text, types, buf)).toBe(60000);
    expect(types.size).toBe(30000);
    expect(buf.type[30000 + 123]).toBe(buf.type[123]);
    scanTypes(text, t2, buf);
    expect(seen.length).toBe(30000);
    expect(applyMask('ab {{x}} cd', [[3, 8]])).toBe('ab       cd');
  });
});
