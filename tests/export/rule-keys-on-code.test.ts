/**
 * The codings document's writer remembers, per rule, whether its key would read as relative to
 * a coding's code (`keysOnCode`), and writes each coding's score from a table of the 4-decimal
 * scores: what it writes equals what it wrote when it asked every time (the rule in full where
 * the key is taken by `<code>/<key>`, compact elsewhere, and again after the table got a new rule)
 * and reads back to the same coding.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { CodingIds, RuleIndex, decodeCoding, encodeLooseCoding } from '../../src/model/codings-format.js';
import type { Coding } from '../../src/model/types.js';

const coding = (code: string, score: number): Coding => ({
  id: `s1#0:${code}:rules`,
  sourceId: 's1',
  segmentId: 's1#0',
  code,
  coder: 'rules',
  start: 0,
  end: 5,
  score,
  evidence: { codebook: 'cb', ruleId: 'r1', rule: 'the rule', matches: [{ start: 0, end: 5, term: 'words' }] },
});

describe('keysOnCode and the score table', () => {
  it('gives the rule in full only on a coding whose code makes its key relative, also when the code changes back and forth and after a new rule', () => {
    const rules = new RuleIndex();
    expect(rules.add({ id: 'r1', codebook: 'cb', text: 'the rule' })).toBe('r1');
    const ev = coding('a', 0.5).evidence!;
    expect(rules.keysOnCode(ev, 'a')).toBe('r1');
    // `a/r1` becomes a key: on code a the key r1 would read as a/r1
    expect(rules.add({ id: 'a/r1', codebook: 'cb', text: 'another rule' })).toBe('a/r1');
    expect(rules.keysOnCode(ev, 'a')).toBeUndefined();
    expect(rules.keysOnCode(ev, 'b')).toBe('r1');
    expect(rules.keysOnCode(ev, 'a')).toBeUndefined();
    expect(rules.keysFor(ev)).toBe('r1');
    const a = encodeLooseCoding(coding('a', 0.5), new CodingIds(), rules);
    const b = encodeLooseCoding(coding('b', 0.5), new CodingIds(), rules);
    expect(a).toContain('"evidence":{"codebook":"cb","ruleId":"r1","rule":"the rule"');
    expect(b).toContain('"rule":"r1"');
    expect(b).not.toContain('"evidence"');
  });

  it('writes any score as JSON.stringify does and reads it back', () => {
    const rules = new RuleIndex();
    rules.add({ id: 'r1', codebook: 'cb', text: 'the rule' });
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 0, max: 10000 }).map((k) => k / 10000), fc.double({ min: -2, max: 2, noNaN: true }), fc.constantFrom(0, 1, -0, 1e-7, 0.1 + 0.2, 0.99995, 5e-324)), (score) => {
        const text = encodeLooseCoding(coding('a', score), new CodingIds(), rules);
        expect(text).toContain(`"score":${JSON.stringify(score)},`);
        const back = decodeCoding(JSON.parse(text), 'c', undefined, [], new CodingIds(), rules, 100, false);
        // (as JSON reads it: -0 is written 0, as JSON.stringify writes it)
        expect(back.score).toBe(JSON.parse(JSON.stringify(score)));
      }),
      { numRuns: 3000 },
    );
  });
});
