import { describe, it, expect } from 'vitest';
import { computeCooccurrence } from '../../src/analysis/cooccurrence.js';
import { twoTeams } from '../fixtures/analysis/build.js';

describe('computeCooccurrence', () => {
  it('within segment: counts and c-coefficient (Jaccard on units)', () => {
    const r = computeCooccurrence(twoTeams(), { within: 'segment' });
    const k = r.codes.length;
    const at = (a: string, b: string, m: Float64Array) => m[r.codes.indexOf(a) * k + r.codes.indexOf(b)];
    expect(r.codes).toEqual(['coop', 'coop.meet', 'coop.share', 'trust']);
    // meet on s1#1, s3#1, fg#1, fg#2; share on s1#1, s2#1 → together once
    expect(at('coop.meet', 'coop.share', r.counts)).toBe(1);
    expect(at('coop.meet', 'coop.share', r.coefficient)).toBeCloseTo(1 / (4 + 2 - 1), 10);
    expect(at('coop.share', 'coop.meet', r.coefficient)).toBeCloseTo(0.2, 10);
    expect(at('trust', 'coop.meet', r.counts)).toBe(0);
    expect(r.n).toEqual([1, 4, 2, 2]);
    expect(r.tables[1].notes!.join(' ')).toMatch(/c = n12 \/ \(n1 \+ n2 − n12\).*Jaccard/);
    expect(r.tables[0].rows[1]['coop.meet']).toBeNull(); // diagonal left empty
  });
  it('within source: codes in the same source co-occur', () => {
    const r = computeCooccurrence(twoTeams(), { within: 'source' });
    const k = r.codes.length;
    const i = r.codes.indexOf('trust');
    const j = r.codes.indexOf('coop.share');
    expect(r.counts[i * k + j]).toBe(2); // s1 and s2
    expect(r.units).toBe(4); // s1, s2, s3, fg
  });
});
