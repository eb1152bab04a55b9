import { describe, it, expect } from 'vitest';
import { packBitsets, permutationBand } from '../../src/analysis/saturation-permutations.js';
import { guestSaturation } from '../../src/analysis/saturation-guest.js';
import { mulberry32, shuffleInPlace } from '../../src/analysis/prng.js';
import { computeSaturation } from '../../src/analysis/saturation.js';
import { docFrom } from './helpers.js';

function randomSets(nSources: number, nCodes: number, seed: number): number[][] {
  const rng = mulberry32(seed);
  return Array.from({ length: nSources }, () => {
    const s: number[] = [];
    for (let c = 0; c < nCodes; c++) if (rng() < 0.5 / (1 + c / 5)) s.push(c);
    return s;
  });
}

/** Independent, slow reference: Set-based cumulative curve. */
function curveOf(sets: number[][], order: number[]): number[] {
  const seen = new Set<number>();
  return order.map((i) => {
    for (const c of sets[i]) seen.add(c);
    return seen.size;
  });
}

function quantile7(sorted: number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

describe('mulberry32 and Fisher–Yates', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
    const arr = [0, 1, 2, 3, 4, 5, 6, 7];
    shuffleInPlace(arr, mulberry32(1));
    expect([...arr].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});

describe('permutation band', () => {
  const sets = randomSets(30, 70, 9);
  const nCodes = 70;
  const { bits, words } = packBitsets(sets, nCodes);
  const opts = { permutations: 400, seed: 5, base: 4, run: 2, threshold: 0.05, keepCurves: true };
  const band = permutationBand(bits, words, sets.length, nCodes, opts);
  const total = new Set(sets.flat()).size;

  it('every permuted curve equals the Set-based reference for the same order, and ends at the total', () => {
    // recover each order's curve independently: curves must be monotone and end at the total
    for (let p = 0; p < opts.permutations; p++) {
      const row = Array.from(band.curves!.subarray(p * sets.length, (p + 1) * sets.length));
      expect(row[row.length - 1]).toBe(total);
      for (let i = 1; i < row.length; i++) expect(row[i]).toBeGreaterThanOrEqual(row[i - 1]);
    }
    // the first permuted order reproduced with the same PRNG sequence
    const order = sets.map((_, i) => i);
    const rng = mulberry32(5);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    expect(Array.from(band.curves!.subarray(0, sets.length))).toEqual(curveOf(sets, order));
  });

  it('p5 ≤ median ≤ p95, and they equal the type-7 quantiles of the curves', () => {
    for (let i = 0; i < sets.length; i++) {
      expect(band.p5[i]).toBeLessThanOrEqual(band.median[i]);
      expect(band.median[i]).toBeLessThanOrEqual(band.p95[i]);
      const col = Array.from({ length: opts.permutations }, (_, p) => band.curves![p * sets.length + i]).sort((a, b) => a - b);
      expect(band.median[i]).toBeCloseTo(quantile7(col, 0.5), 12);
      expect(band.p5[i]).toBeCloseTo(quantile7(col, 0.05), 12);
      expect(band.p95[i]).toBeCloseTo(quantile7(col, 0.95), 12);
    }
    expect(band.p5[sets.length - 1]).toBe(total);
    expect(band.p95[sets.length - 1]).toBe(total);
  });

  it('share saturated by n agrees with the Guest rule applied to each curve', () => {
    const doneBy = new Array(sets.length + 1).fill(0);
    let reached = 0;
    for (let p = 0; p < opts.permutations; p++) {
      const g = guestSaturation(band.curves!.subarray(p * sets.length, (p + 1) * sets.length), opts);
      if (g.reached) {
        reached++;
        doneBy[g.point! + opts.run]++;
      }
    }
    let acc = 0;
    for (let n = 1; n <= sets.length; n++) {
      acc += doneBy[n];
      expect(band.shareSaturated[n - 1]).toBeCloseTo(acc / opts.permutations, 12);
    }
    expect(band.shareReached).toBeCloseTo(reached / opts.permutations, 12);
    for (let i = 1; i < sets.length; i++) expect(band.shareSaturated[i]).toBeGreaterThanOrEqual(band.shareSaturated[i - 1]);
  });

  it('same seed → same band; another seed may differ', () => {
    const again = permutationBand(bits, words, sets.length, nCodes, opts);
    expect(Array.from(again.median)).toEqual(Array.from(band.median));
    expect(Array.from(again.shareSaturated)).toEqual(Array.from(band.shareSaturated));
    const other = permutationBand(bits, words, sets.length, nCodes, { ...opts, seed: 6 });
    expect(Array.from(other.curves!)).not.toEqual(Array.from(band.curves!));
  });

  it('handles more than 32 codes per word boundary and empty sources', () => {
    const s = [[0, 31, 32, 63, 64], [], [1, 64, 99]];
    const { bits: b, words: w } = packBitsets(s, 100);
    expect(w).toBe(4);
    const r = permutationBand(b, w, 3, 100, { permutations: 50, seed: 1, base: 1, run: 1, threshold: 0, keepCurves: true });
    for (let p = 0; p < 50; p++) expect(r.curves![p * 3 + 2]).toBe(7);
  });
});

describe('computeSaturation with permutations', () => {
  const doc = docFrom(randomSets(12, 25, 3).map((s, i) => [`s${String(i + 1).padStart(2, '0')}`, s.map((c) => `c${c}`)] as [string, string[]]));
  it('is deterministic with a seed; the band ends at the observed total', () => {
    const a = computeSaturation(doc, { order: 'file', permutations: 200, seed: 11 });
    const b = computeSaturation(doc, { order: 'file', permutations: 200, seed: 11 });
    expect(JSON.stringify(a, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v))).toBe(
      JSON.stringify(b, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v)),
    );
    const band = a.overall.band!;
    expect(band.median[11]).toBe(a.overall.totalCodes);
    expect(band.p5[11]).toBe(a.overall.totalCodes);
  });
});
