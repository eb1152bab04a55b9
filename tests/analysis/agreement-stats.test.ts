import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  BinaryAgreement,
  brennanPrediger,
  byUnit,
  cohenKappa,
  fleissKappa,
  gwetAC1,
  krippendorffAlphaNominal,
  percentAgreement,
  scottPi,
} from '../../src/analysis/agreement.js';

// Published reference vectors: anchors-qda-tools-and-methods.md §4.6.
const _ = null;

describe('Krippendorff α nominal (anchors §4.6)', () => {
  it('4 coders × 12 units with missing values: α = 0.743', () => {
    const coders = [
      [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
      [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
      [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
      [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
    ];
    expect(krippendorffAlphaNominal(byUnit(coders))).toBeCloseTo(0.743, 3);
    // more digits from the independent recomputation: 0.7434…
    expect(krippendorffAlphaNominal(byUnit(coders))!.toFixed(4)).toBe('0.7434');
  });

  it('3 coders × 15 units: α = 0.691358', () => {
    const coders = [
      [_, _, _, _, _, 3, 4, 1, 2, 1, 1, 3, 3, _, 3],
      [1, _, 2, 1, 3, 3, 4, 3, _, _, _, _, _, _, _],
      [_, _, 2, 1, 3, 4, 4, _, 2, 1, 1, 3, 3, _, 4],
    ];
    expect(krippendorffAlphaNominal(byUnit(coders))).toBeCloseTo(0.691358, 6);
  });

  it('string labels: α = 0.722222', () => {
    const coders = [
      ['pos', 'neg', 'neu', _],
      ['pos', 'neg', 'neu', 'pos'],
      ['pos', 'neg', 'pos', 'pos'],
    ];
    expect(krippendorffAlphaNominal(byUnit(coders))).toBeCloseTo(0.722222, 6);
  });
});

describe('binary 2 coders × 10 segments (ATLAS.ti example)', () => {
  const A = [1, 1, 0, 0, 0, 0, 0, 0, 0, 0];
  const B = [0, 1, 1, 0, 0, 1, 0, 1, 0, 0];
  it('matches the published values to 4 decimals', () => {
    expect(percentAgreement(A, B)).toBeCloseTo(0.6, 10);
    expect(cohenKappa(A, B)!.toFixed(4)).toBe('0.0909');
    expect(scottPi(A, B)!.toFixed(4)).toBe('0.0476');
    expect(brennanPrediger(A, B, 2)!.toFixed(4)).toBe('0.2000');
    expect(gwetAC1(A, B)!.toFixed(4)).toBe('0.3103');
    expect(krippendorffAlphaNominal(byUnit([A, B]))!.toFixed(4)).toBe('0.0952');
    expect(fleissKappa(byUnit([A, B]).map(([a, b]) => [Number(a === 1) + Number(b === 1), Number(a === 0) + Number(b === 0)]))!.toFixed(4)).toBe('0.0476');
  });
  it('the sufficient-statistics path gives the same numbers', () => {
    const acc = new BinaryAgreement(2);
    for (let i = 0; i < A.length; i++) acc.add(2, A[i] + B[i], 1, A[i] === 1, B[i] === 1);
    expect(acc.percentAgreement()).toBeCloseTo(0.6, 10);
    expect(acc.cohenKappa()!.toFixed(4)).toBe('0.0909');
    expect(acc.fleissKappa()!.toFixed(4)).toBe('0.0476');
    expect(acc.brennanPrediger()!.toFixed(4)).toBe('0.2000');
    expect(acc.gwetAC1()!.toFixed(4)).toBe('0.3103');
    expect(acc.krippendorffAlpha()!.toFixed(4)).toBe('0.0952');
  });
  it('quica example 2 × 6: κ = 0.666667, π = Fleiss = 0.657143, α = 0.685714', () => {
    const a = [0, 1, 0, 1, 0, 1];
    const b = [0, 1, 0, 1, 0, 0];
    expect(cohenKappa(a, b)).toBeCloseTo(0.666667, 6);
    expect(scottPi(a, b)).toBeCloseTo(0.657143, 6);
    expect(krippendorffAlphaNominal(byUnit([a, b]))).toBeCloseTo(0.685714, 6);
    const acc = new BinaryAgreement(2);
    a.forEach((x, i) => acc.add(2, x + b[i], 1, x === 1, b[i] === 1));
    expect(acc.fleissKappa()).toBeCloseTo(0.657143, 6);
    expect(acc.krippendorffAlpha()).toBeCloseTo(0.685714, 6);
  });
});

describe("Fleiss' κ (classic 10 subjects × 14 raters × 5 categories)", () => {
  it('κ = 0.2099', () => {
    const t = [
      [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
    ];
    expect(fleissKappa(t)!.toFixed(4)).toBe('0.2099');
  });
  it('rejects unequal numbers of ratings with a clear message', () => {
    expect(() => fleissKappa([[1, 1], [2, 1]])).toThrow(/same number of ratings/);
  });
});

const ratingsArb = fc.integer({ min: 2, max: 30 }).chain((n) =>
  fc.tuple(fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: n, maxLength: n }), fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: n, maxLength: n })),
);

describe('properties', () => {
  it('perfect agreement gives 1 where defined', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('x', 'y', 'z'), { minLength: 1, maxLength: 40 }), (a) => {
        expect(percentAgreement(a, a)).toBe(1);
        expect(brennanPrediger(a, a, 3)).toBeCloseTo(1, 12);
        const k = cohenKappa(a, a);
        const al = krippendorffAlphaNominal(byUnit([a, a, a]));
        const distinct = new Set(a).size;
        if (distinct > 1) {
          expect(k).toBeCloseTo(1, 12);
          expect(al).toBeCloseTo(1, 12);
        } else {
          expect(k).toBeNull();
          expect(al).toBeNull();
        }
      }),
    );
  });
  it('symmetric in the coders; α ≤ 1; percent agreement in [0,1]', () => {
    fc.assert(
      fc.property(ratingsArb, ([a, b]) => {
        const pa = percentAgreement(a, b)!;
        expect(pa).toBeGreaterThanOrEqual(0);
        expect(pa).toBeLessThanOrEqual(1);
        expect(percentAgreement(b, a)).toBe(pa);
        const k1 = cohenKappa(a, b);
        const k2 = cohenKappa(b, a);
        if (k1 === null) expect(k2).toBeNull();
        else expect(k2).toBeCloseTo(k1, 12);
        const al = krippendorffAlphaNominal(byUnit([a, b]));
        const al2 = krippendorffAlphaNominal(byUnit([b, a]));
        if (al === null) expect(al2).toBeNull();
        else {
          expect(al2).toBeCloseTo(al, 12);
          expect(al).toBeLessThanOrEqual(1 + 1e-12);
        }
      }),
    );
  });
  it('the binary accumulator equals the generic functions for any m coders with missing values', () => {
    const cell = fc.constantFrom<0 | 1 | null>(0, 1, null);
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 4 }).chain((m) => fc.array(fc.array(cell, { minLength: m, maxLength: m }), { minLength: 1, maxLength: 25 })), (units) => {
        const m = units[0].length;
        const acc = new BinaryAgreement(m);
        for (const u of units) {
          const rated = u.filter((v) => v !== null) as number[];
          acc.add(rated.length, rated.reduce((s, x) => s + x, 0), 1, u[0] === 1, u[1] === 1);
        }
        const alpha = krippendorffAlphaNominal(units);
        if (alpha === null) expect(acc.krippendorffAlpha()).toBeNull();
        else expect(acc.krippendorffAlpha()).toBeCloseTo(alpha, 10);
        const complete = units.filter((u) => u.every((v) => v !== null)) as number[][];
        const fk = complete.length ? fleissKappa(complete.map((u) => [u.filter((x) => x === 1).length, u.filter((x) => x === 0).length])) : null;
        if (fk === null) expect(acc.fleissKappa()).toBeNull();
        else expect(acc.fleissKappa()).toBeCloseTo(fk, 10);
        if (m === 2) {
          const a = units.map((u) => u[0]);
          const b = units.map((u) => u[1]);
          const ck = cohenKappa(a, b);
          if (ck === null) expect(acc.cohenKappa()).toBeNull();
          else expect(acc.cohenKappa()).toBeCloseTo(ck, 10);
        }
      }),
    );
  });
});
