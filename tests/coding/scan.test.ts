import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { scanTypes, scanUnits, TokenBuffer, TypeTable, Units, WORD_PATTERN, applyMask } from '../../src/coding/tokenize.js';

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
  const alphabet = ['a', 'b', 'Z', '9', 'é', 'ë', 'ï', 'ß', ' ', '.', ',', "'", '’', '-', '--', '\n', '😀', '𝒜', '👩‍👩‍👧', 'ن', '中', '\u0301', '_', '{{', '}}', 'ﬁ', '\u00ad', '\u2011', 'a\u00adb', 'b-\nc', '-\r\n', 'é-\nÉ', '-\n𝒶', '\u200b', 'a\u200db', '\u2060', '\n', '\ud800', '\udc00', '\ud835', 'a-𝒜', "x'\ud835"];
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

  it('copies units natively like one by one (lone surrogates too), and scans a range of the whole copy like a copy of the range', () => {
    const lone = ['\uD800', '\uDC00', '\uDBFF\uDBFF', 'a\uDFFFb'];
    const arb = fc.array(fc.constantFrom(...alphabet, ...lone), { maxLength: 60 }).map((a) => a.join(''));
    const native = new Units();
    const loop = new Units(false);
    const types = new TypeTable((id) => id % 3 === 0);
    const b1 = new TokenBuffer(2);
    const b2 = new TokenBuffer(2);
    fc.assert(
      fc.property(arb, fc.nat(), fc.nat(), (text, a, b) => {
        let from = Math.min(a, b) % (text.length + 1);
        let to = Math.max(a, b) % (text.length + 1);
        if (from > to) [from, to] = [to, from];
        const want = Array.from({ length: to - from }, (_, k) => text.charCodeAt(from + k));
        expect([...native.load(text, from, to).subarray(0, to - from)]).toEqual(want);
        expect([...loop.load(text, from, to).subarray(0, to - from)]).toEqual(want);
        // the whole text copied once, a range scanned (the engine's path for a segment of a source)
        const n1 = scanUnits(native.load(text), from, to, 0, types, b1);
        const n2 = scanTypes(text, types, b2, from, to);
        expect(n1).toBe(n2);
        expect([...b1.type.subarray(0, n1)]).toEqual([...b2.type.subarray(0, n2)]);
        expect([...b1.start.subarray(0, n1)]).toEqual([...b2.start.subarray(0, n2)]);
        expect([...b1.end.subarray(0, n1)]).toEqual([...b2.end.subarray(0, n2)]);
        // the candidates: exactly the tokens whose type is flagged, in order
        const flagged = [];
        for (let i = 0; i < n2; i++) if (types.flag[b2.type[i]]) flagged.push(i);
        expect([...b1.cand.subarray(0, b1.nCand)]).toEqual(flagged);
        expect([...b2.cand.subarray(0, b2.nCand)]).toEqual(flagged);
        expect(viaScanner(text, types, b2, from, to)).toEqual(viaRegex(text, from, to));
      }),
      { numRuns: 400 },
    );
  });
});
