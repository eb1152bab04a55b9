import { describe, it, expect } from 'vitest';
import { guestSaturation, guestPoint } from '../../src/analysis/saturation-guest.js';
import { computeSaturation } from '../../src/analysis/saturation.js';
import { docFrom } from './helpers.js';

// Hand-computed example (invented):
//   s1 {a,b,c}  s2 {b,d}  s3 {e}  s4 {a,f}  | base b=4 → 6 unique codes
//   s5 {g} new 1   s6 {} new 0   s7 {a} new 0   s8 {h} new 1
// cumulative: 3 4 5 6 7 7 7 8
// ρ(4) = (new5+new6)/6 = 1/6 ; ρ(5) = (new6+new7)/6 = 0 → "5+2" ; ρ(6) = (0+1)/6
const EIGHT: [string, string[]][] = [
  ['s1', ['a', 'b', 'c']],
  ['s2', ['b', 'd']],
  ['s3', ['e']],
  ['s4', ['a', 'f']],
  ['s5', ['g']],
  ['s6', []],
  ['s7', ['a']],
  ['s8', ['h']],
];

describe('Guest, Namey & Chen (2020) rule', () => {
  it('matches the hand-computed ratios and the "k+r" notation', () => {
    const g = guestSaturation([3, 4, 5, 6, 7, 7, 7, 8], { base: 4, run: 2, threshold: 0.05 });
    expect(g.baseCodes).toBe(6);
    expect(g.ratios.map((r) => [r.k, r.newInRun])).toEqual([
      [4, 1],
      [5, 0],
      [6, 1],
    ]);
    expect(g.ratios[0].ratio).toBeCloseTo(1 / 6, 12);
    expect(g.reached).toBe(true);
    expect(g.point).toBe(5);
    expect(g.notation).toBe('5+2');
    expect(g.ratio).toBe(0);
    expect(guestPoint([3, 4, 5, 6, 7, 7, 7, 8], 0, 8, 4, 2, 0.05)).toBe(5);
  });

  it('keeps the base denominator fixed at the first b interviews (not rolling)', () => {
    // base {1..10} = 10 codes; then the run adds 1 of 10 → 10% > 5%, and 0 → saturation
    // if the denominator rolled forward (11 codes), 1/11 would still be > 5% — the point is the same;
    // use a threshold between 1/11 and 1/10 to tell them apart.
    const cum = [10, 10, 10, 10, 11, 11, 11];
    const fixed = guestSaturation(cum, { base: 4, run: 1, threshold: 0.095 });
    // ρ(4) = 1/10 = 0.1 > 0.095; ρ(5) = 0 → 5+1. A rolling base (1/11 = 0.0909) would give 4+1.
    expect(fixed.notation).toBe('5+1');
  });

  it('threshold is inclusive (ratio ≤ τ)', () => {
    // base 20 codes, run adds exactly 1 → 1/20 = 0.05 ≤ 0.05
    const g = guestSaturation([5, 10, 15, 20, 21, 21], { base: 4, run: 2, threshold: 0.05 });
    expect(g.notation).toBe('4+2');
    expect(g.ratio).toBe(0.05);
  });

  it('not reached: threshold never met, reports the lowest ratio', () => {
    const g = guestSaturation([2, 4, 6, 8, 9, 10, 11], { base: 4, run: 2, threshold: 0.05 });
    expect(g.reached).toBe(false);
    expect(g.reason).toBe('threshold-not-met');
    expect(g.minRatio).toEqual({ k: 4, newInRun: 2, ratio: 0.25 });
  });

  it('too few sources (base larger than n, or no full run) and a single source', () => {
    expect(guestSaturation([3, 4, 5], { base: 4, run: 2, threshold: 0.05 }).reason).toBe('too-few-sources');
    expect(guestSaturation([3, 4, 5, 6, 6], { base: 4, run: 2, threshold: 0.05 }).reason).toBe('too-few-sources');
    const one = guestSaturation([3], { base: 4, run: 2, threshold: 0.05 });
    expect(one.reached).toBe(false);
    expect(one.reason).toBe('too-few-sources');
    expect(one.baseCodes).toBe(0);
    expect(guestPoint([3], 0, 1, 4, 2, 0.05)).toBe(-1);
    // exactly b + r sources: one run
    expect(guestSaturation([3, 4, 5, 6, 6, 6], { base: 4, run: 2, threshold: 0.05 }).notation).toBe('4+2');
  });

  it('no codes in the base', () => {
    const g = guestSaturation([0, 0, 0, 0, 1, 2], { base: 4, run: 2, threshold: 0.05 });
    expect(g.reason).toBe('no-codes-in-base');
    expect(g.reached).toBe(false);
  });
});

describe('computeSaturation', () => {
  it('new codes, cumulative curve and verdict on the hand-computed example (a source with no codes adds 0)', () => {
    const res = computeSaturation(docFrom(EIGHT), { order: 'file' });
    const pts = res.overall.points;
    expect(pts.map((p) => p.newCodes.length)).toEqual([3, 1, 1, 1, 1, 0, 0, 1]);
    expect(pts.map((p) => p.cumulative)).toEqual([3, 4, 5, 6, 7, 7, 7, 8]);
    expect(pts[1].newCodes).toEqual(['d']);
    expect(pts[5].codes).toEqual([]);
    expect(pts.map((p) => p.ratio)).toEqual([null, null, null, 1 / 6, 0, 1 / 6, null, null]);
    expect(res.overall.guest.notation).toBe('5+2');
    expect(res.overall.totalCodes).toBe(8);
  });

  it('orders by a numeric attribute, ties broken by source id', () => {
    const doc = docFrom([
      ['z', ['x'], { order: '2' }],
      ['b', ['y'], { order: '10' }],
      ['a', ['x', 'w'], { order: '2' }],
      ['m', ['q'], {}],
    ]);
    const res = computeSaturation(doc, {});
    expect(res.order).toEqual({ attribute: 'order', type: 'numeric' });
    // 2 (a), 2 (z), 10 (b) numerically (not "10" < "2"), then the one without a value
    expect(res.overall.points.map((p) => p.sourceId)).toEqual(['a', 'z', 'b', 'm']);
    expect(res.overall.points.map((p) => p.newCodes.length)).toEqual([2, 0, 1, 1]);
  });

  it('defaults to date order (ISO) when there is no order attribute', () => {
    const doc = docFrom([
      ['s1', ['a'], { date: '2024-03-01' }],
      ['s2', ['b'], { date: '2023-12-31' }],
      ['s3', ['a', 'c'], { date: '2024-01-15' }],
    ]);
    const res = computeSaturation(doc);
    expect(res.order).toEqual({ attribute: 'date', type: 'date' });
    expect(res.overall.points.map((p) => p.sourceId)).toEqual(['s2', 's3', 's1']);
  });

  it('a single source works', () => {
    const res = computeSaturation(docFrom([['only', ['a', 'b']]]));
    expect(res.overall.points).toHaveLength(1);
    expect(res.overall.totalCodes).toBe(2);
    expect(res.overall.guest.reason).toBe('too-few-sources');
    expect(res.overall.richness.m).toBe(1);
    // Q1 = 2, Q2 = 0, (m−1)/m = 0 → estimate = observed
    expect(res.overall.richness.estimate).toBe(2);
  });

  it('levels: category = top-level ancestor, label = display name', () => {
    const codes = [
      { id: 'trust', name: { en: 'Trust', nl: 'Vertrouwen' } },
      { id: 'trust-high', parent: 'trust', name: { en: 'High trust', nl: 'Veel vertrouwen' } },
      { id: 'trust-high-x', parent: 'trust-high' },
      { id: 'roles', name: { en: 'Roles', nl: 'Rollen' } },
      { id: 'roles-2', parent: 'roles', name: { en: 'Roles', nl: 'Rollen' } },
    ];
    const doc = docFrom(
      [
        ['s1', ['trust-high-x', 'roles']],
        ['s2', ['trust', 'roles-2']],
      ],
      { codes },
    );
    const cat = computeSaturation(doc, { level: 'category', order: 'file' });
    expect(cat.overall.points.map((p) => p.codes)).toEqual([['roles', 'trust'], ['roles', 'trust']]);
    expect(cat.overall.points[1].newCodes).toEqual([]);
    const lab = computeSaturation(doc, { level: 'label', order: 'file', lang: 'nl' });
    expect(lab.overall.points[0].codes).toEqual(['Rollen', 'trust-high-x']);
    expect(lab.overall.points[1].newCodes).toEqual(['Vertrouwen']);
  });

  it('filters coders and source kinds (default: transcripts/surveys only when present)', () => {
    const doc = docFrom(
      [
        ['i1', ['a']],
        ['obs', ['z']],
        ['i2', ['b']],
      ],
      { kinds: { obs: 'observation' }, coder: (_s, c) => (c === 'b' ? 'rules' : 'anna') },
    );
    const res = computeSaturation(doc, { order: 'file' });
    expect(res.overall.points.map((p) => p.sourceId)).toEqual(['i1', 'i2']);
    expect(res.excluded).toEqual([{ id: 'obs', kind: 'observation' }]);
    const all = computeSaturation(doc, { order: 'file', kinds: 'all', coders: ['anna'] });
    expect(all.overall.points.map((p) => p.newCodes)).toEqual([['a'], ['z'], []]);
  });

  it('groups with --by, each with its own curve and verdict', () => {
    const doc = docFrom([
      ['a1', ['x', 'y'], { team: 'A' }],
      ['b1', ['x'], { team: 'B' }],
      ['a2', ['x'], { team: 'A' }],
      ['b2', ['z'], { team: 'B' }],
    ]);
    const res = computeSaturation(doc, { by: 'team', order: 'file', base: 1, run: 1 });
    expect(res.groups.map((g) => g.group)).toEqual(['A', 'B']);
    expect(res.groups[0].points.map((p) => p.cumulative)).toEqual([2, 2]);
    expect(res.groups[0].guest.notation).toBe('1+1');
    expect(res.groups[1].points.map((p) => p.cumulative)).toEqual([1, 2]);
    expect(res.groups[1].guest.reached).toBe(false);
    expect(res.overall.points.map((p) => p.cumulative)).toEqual([2, 2, 2, 3]);
  });

  it('bad options and unknown attributes throw input errors that list what is available', () => {
    const doc = docFrom([['s1', ['a'], { team: 'A', date: '2024-01-01' }]]);
    expect(() => computeSaturation(doc, { base: 0 })).toThrow(/--base must be a whole number/);
    expect(() => computeSaturation(doc, { threshold: 1.5 })).toThrow(/--threshold/);
    expect(() => computeSaturation(doc, { threshold: -0.1 })).toThrow(/--threshold/);
    expect(() => computeSaturation(doc, { permutations: 2.5 })).toThrow(/--permutations/);
    try {
      computeSaturation(doc, { order: 'volgorde' });
      expect.unreachable();
    } catch (e) {
      const d = (e as { diagnostics: { expected?: string[]; ruleId: string }[] }).diagnostics[0];
      expect(d.ruleId).toBe('unknown-order-attribute');
      expect(d.expected).toEqual(['date', 'team', 'file']);
    }
    expect(() => computeSaturation(doc, { by: 'wijk' })).toThrow(/group by/);
  });
});
