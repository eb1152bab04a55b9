/**
 * LineIndex finds its line starts with indexOf (for CR, LF and CRLF alike); the starts equal
 * those of the simple unit-by-unit scan (lineStartsByUnit) on random texts of line breaks; and
 * the codings document writes numbers as JSON.stringify does (qn, its fast path for numbers) and
 * recognises a segment id `<source id>#<index>` without making the string (isIndexedId).
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { LineIndex, lineStartsByUnit } from '../../src/model/codepoints.js';

const starts = (li: LineIndex) => Array.from({ length: li.lineCount }, (_, k) => li.lineStart(k + 1));

describe('LineIndex', () => {
  it('has the line starts of the unit-by-unit scan (CR, LF, CRLF, CR CR LF, text ending in CR)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'é', '\r', '\n', '\r\n', '\n\r', ' ', '\ud83d\ude00'), { maxLength: 60 }), (parts) => {
        const text = parts.join('');
        expect(starts(new LineIndex(text))).toEqual(lineStartsByUnit(text));
      }),
      { numRuns: 3000 },
    );
    for (const text of ['', '\r', '\n', '\r\n', 'a\r', 'a\rb\nc\r\nd', '\r\r\n\n', 'x\n\r']) expect(starts(new LineIndex(text))).toEqual(lineStartsByUnit(text));
    expect(new LineIndex('a\r\nb\rc\nd').toPoint(7)).toEqual({ line: 4, column: 1 });
  });
});

describe('qn (numbers of the codings document)', () => {
  it('writes what JSON.stringify writes, for any number (NaN, ±Infinity, -0, tiny and huge) and any other value', async () => {
    const { qn } = await import('../../src/model/codings-format.js');
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.integer(), fc.string(), fc.constantFrom(undefined, null, -0, 1e21, 5e-324, 0.1 + 0.2, true)), (v) => {
        expect(qn(v)).toBe(JSON.stringify(v));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('isIndexedId (segment ids of the codings document)', () => {
  it('is id === prefix + i, for ids near and far from it', async () => {
    const { isIndexedId } = await import('../../src/model/codings-format.js');
    const id = fc.oneof(
      fc.tuple(fc.constantFrom('s#', 'a-b#', '#', 'x##', ''), fc.nat({ max: 100000 }), fc.constantFrom('', '0', '#', 'x', ' ')).map(([p, n, t]) => p + n + t),
      fc.tuple(fc.constantFrom('s#', '0', ''), fc.constantFrom('00', '01', '-1', '1e3', '1.0', ' 1', '+1')).map(([p, t]) => p + t),
      fc.string({ maxLength: 8 }),
    );
    fc.assert(
      fc.property(id, fc.constantFrom('s#', 'a-b#', '#', 'x##', ''), fc.nat({ max: 100000 }), (g, prefix, i) => {
        expect(isIndexedId(g, prefix, i)).toBe(g === prefix + i);
        expect(isIndexedId(prefix + i, prefix, i)).toBe(true);
      }),
      { numRuns: 5000 },
    );
    for (const [g, p, i] of [['s#0', 's#', 0], ['s#10', 's#', 1], ['s#1', 's#', 10], ['s#', 's#', 0], ['x#12', 's#', 12], ['12', '', 12], [undefined, 's#', 0]] as const) expect(isIndexedId(g, p, i)).toBe(g === p + i);
  });
});
