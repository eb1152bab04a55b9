import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { JsonMemberScanner, JsonScanError } from '../../src/ingest/json-members.js';

const keys = new Set(['a', 'sources']);

/** Scan `text` fed in pieces of the given sizes; members and elements parsed back. */
function scan(text: string, cuts: number[]): Record<string, unknown> {
  const got: Record<string, unknown> = {};
  const sc = new JsonMemberScanner(keys, {
    member: (k, j) => void (got[k] = JSON.parse(j)),
    element: (k, i, j) => void (((got[k] ??= []) as unknown[])[i] = JSON.parse(j)),
  });
  let p = 0;
  let ci = 0;
  while (p < text.length) {
    const n = cuts[ci++ % cuts.length];
    sc.push(text.slice(p, p + n));
    p += n;
  }
  sc.end();
  return got;
}

describe('JsonMemberScanner: the members of a large JSON object one by one', () => {
  it('gives back what JSON.parse gives, for any object, layout and chunking (also inside strings and escapes)', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('a', 'b', 'sources', 'x y', 'q"\\', 'é😀'), fc.jsonValue()),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 50 }),
        fc.boolean(),
        (obj, cuts, pretty) => {
          const text = JSON.stringify(obj, null, pretty ? 2 : undefined);
          const got = scan(text, cuts);
          const want = JSON.parse(text) as Record<string, unknown>;
          for (const k of keys) if (Array.isArray(want[k]) && (want[k] as unknown[]).length === 0) got[k] ??= [];
          expect(got).toEqual(want);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('rejects malformed or truncated JSON with a line and column', () => {
    for (const bad of ['{"a":[1,]}', '{"a":[,1]}', '{"a":[1 2]}', '{"a":1', '{"a":"x', '[1]', '{"a":1}x', '{"a":{"b":1}', '{"b":1 "c":2}', '{"a":[{"x":1}', '']) {
      let err: unknown;
      try {
        scan(bad, [3]);
      } catch (e) {
        err = e;
      }
      expect(err, bad).toBeInstanceOf(JsonScanError);
      expect((err as JsonScanError).line).toBeGreaterThanOrEqual(1);
    }
  });
});
