/**
 * Intercoder agreement statistics on plain rating data (pure).
 *
 * Formulas as in anchors §4.1: κ-type coefficients are (Po − Pe)/(1 − Pe).
 * Every function returns `null` where the coefficient is undefined
 * (no pairable data, or chance agreement of 1), never NaN.
 */

import { maxOf } from '../model/arrays.js';

export type Rating = string | number | null | undefined;

const isMissing = (v: Rating): v is null | undefined => v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));

function kappaLike(po: number, pe: number): number | null {
  if (!Number.isFinite(po) || !Number.isFinite(pe)) return null;
  if (1 - pe <= 1e-12) return null;
  return (po - pe) / (1 - pe);
}

/** Pairs of values where both coders rated the unit (missing values are dropped pairwise). */
function pairs(a: readonly Rating[], b: readonly Rating[]): Array<[string, string]> {
  if (a.length !== b.length) throw new RangeError(`coders rated different numbers of units (${a.length} vs ${b.length})`);
  const out: Array<[string, string]> = [];
  for (let i = 0; i < a.length; i++) {
    if (isMissing(a[i]) || isMissing(b[i])) continue;
    out.push([String(a[i]), String(b[i])]);
  }
  return out;
}

/** Percent agreement (as a proportion 0..1) over units both coders rated. */
export function percentAgreement(a: readonly Rating[], b: readonly Rating[]): number | null {
  const p = pairs(a, b);
  if (p.length === 0) return null;
  let agree = 0;
  for (const [x, y] of p) if (x === y) agree++;
  return agree / p.length;
}

/** Cohen's κ for two coders: Pe = Σ_k p_A,k · p_B,k (each coder's own marginals). */
export function cohenKappa(a: readonly Rating[], b: readonly Rating[]): number | null {
  const p = pairs(a, b);
  const n = p.length;
  if (n === 0) return null;
  const ma = new Map<string, number>();
  const mb = new Map<string, number>();
  let agree = 0;
  for (const [x, y] of p) {
    if (x === y) agree++;
    ma.set(x, (ma.get(x) ?? 0) + 1);
    mb.set(y, (mb.get(y) ?? 0) + 1);
  }
  let pe = 0;
  for (const [k, ca] of ma) pe += (ca / n) * ((mb.get(k) ?? 0) / n);
  return kappaLike(agree / n, pe);
}

/**
 * Over the units both coders rated: their number, how many agree, and the pooled
 * category counts of both coders (each unit counted twice), as Scott's π and Gwet's AC1 use.
 */
function pooledCounts(a: readonly Rating[], b: readonly Rating[]): { n: number; agree: number; m: Map<string, number> } | null {
  const p = pairs(a, b);
  if (p.length === 0) return null;
  const m = new Map<string, number>();
  let agree = 0;
  for (const [x, y] of p) {
    if (x === y) agree++;
    m.set(x, (m.get(x) ?? 0) + 1);
    m.set(y, (m.get(y) ?? 0) + 1);
  }
  return { n: p.length, agree, m };
}

/** Scott's π for two coders: Pe = Σ_k p̄_k² (pooled marginals). */
export function scottPi(a: readonly Rating[], b: readonly Rating[]): number | null {
  const t = pooledCounts(a, b);
  if (!t) return null;
  const { n, agree, m } = t;
  let pe = 0;
  for (const c of m.values()) pe += (c / (2 * n)) ** 2;
  return kappaLike(agree / n, pe);
}

/** Brennan & Prediger's κ_n: chance uniform over q categories, κ_n = (Po − 1/q)/(1 − 1/q). */
export function brennanPrediger(a: readonly Rating[], b: readonly Rating[], q: number): number | null {
  if (!(q >= 2)) throw new RangeError(`Brennan–Prediger needs q ≥ 2 categories (got ${q})`);
  const po = percentAgreement(a, b);
  return po === null ? null : kappaLike(po, 1 / q);
}

/** Gwet's AC1 for two coders: Pe = (1/(q − 1)) Σ_k π_k(1 − π_k), π_k the mean proportion in category k. */
export function gwetAC1(a: readonly Rating[], b: readonly Rating[], q?: number): number | null {
  const t = pooledCounts(a, b);
  if (!t) return null;
  const { n, agree, m } = t;
  const cats = Math.max(q ?? 0, m.size, 2);
  let s = 0;
  for (const c of m.values()) {
    const pi = c / (2 * n);
    s += pi * (1 - pi);
  }
  return kappaLike(agree / n, s / (cats - 1));
}

/**
 * Fleiss' κ from a units × categories table of counts n_ij (every unit must
 * have the same number of ratings n ≥ 2). P_i = (Σ_j n_ij² − n)/(n(n − 1)),
 * P̄ = mean P_i, p_j = Σ_i n_ij/(N n), Pe = Σ_j p_j².
 */
export function fleissKappa(counts: readonly (readonly number[])[]): number | null {
  const r = fleissParts(counts);
  return r ? kappaLike(r.pBar, r.pe) : null;
}

export function fleissParts(counts: readonly (readonly number[])[]): { pBar: number; pe: number; n: number; units: number } | null {
  const N = counts.length;
  if (N === 0) return null;
  const n = counts[0].reduce((s, x) => s + x, 0);
  if (n < 2) return null;
  const k = counts[0].length;
  const colSums = new Float64Array(k);
  let pSum = 0;
  for (let i = 0; i < N; i++) {
    const row = counts[i];
    if (row.length !== k) throw new RangeError(`row ${i + 1} has ${row.length} categories, expected ${k}`);
    let tot = 0;
    let sq = 0;
    for (let j = 0; j < k; j++) {
      tot += row[j];
      sq += row[j] * row[j];
      colSums[j] += row[j];
    }
    if (tot !== n) throw new RangeError(`Fleiss' κ needs the same number of ratings per unit: unit ${i + 1} has ${tot}, unit 1 has ${n}`);
    pSum += (sq - n) / (n * (n - 1));
  }
  let pe = 0;
  for (let j = 0; j < k; j++) pe += (colSums[j] / (N * n)) ** 2;
  return { pBar: pSum / N, pe, n, units: N };
}

/**
 * Krippendorff's α, nominal metric, via the coincidence matrix.
 * `units[u]` holds the values the coders gave unit u (null/undefined = missing);
 * units with fewer than 2 values are not pairable and are skipped.
 */
export function krippendorffAlphaNominal(units: readonly (readonly Rating[])[]): number | null {
  const o = new Map<string, Map<string, number>>();
  const add = (c: string, k: string, w: number) => {
    let row = o.get(c);
    if (!row) o.set(c, (row = new Map()));
    row.set(k, (row.get(k) ?? 0) + w);
  };
  for (const unit of units) {
    const vals = unit.filter((v) => !isMissing(v)).map(String);
    const m = vals.length;
    if (m < 2) continue;
    const w = 1 / (m - 1);
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) if (i !== j) add(vals[i], vals[j], w);
  }
  const nc = new Map<string, number>();
  let n = 0;
  let observedDisagreement = 0;
  for (const [c, row] of o) {
    let s = 0;
    for (const [k, v] of row) {
      s += v;
      if (k !== c) observedDisagreement += v;
    }
    nc.set(c, s);
    n += s;
  }
  if (n <= 1) return null;
  let sumSq = 0;
  for (const v of nc.values()) sumSq += v * v;
  const expectedDisagreement = n * n - sumSq; // Σ_{c≠k} n_c n_k
  if (expectedDisagreement <= 1e-12) return null;
  return 1 - ((n - 1) * observedDisagreement) / expectedDisagreement;
}

/** Transpose coders × units to units × coders (the published vectors are given per coder). */
export function byUnit<T>(coders: readonly (readonly T[])[]): T[][] {
  const nUnits = Math.max(0, maxOf(coders.map((c) => c.length)));
  const out: T[][] = [];
  for (let u = 0; u < nUnits; u++) out.push(coders.map((c) => c[u]));
  return out;
}

// ---------------------------------------------------------------------------
// Binary (present/absent) ratings from sufficient statistics: fast for millions of units.

/**
 * Accumulates binary ratings of m coders. Each unit is described by which
 * coders rated it (`raters`, count m_u) and how many of them said "present"
 * (`ones`); for two coders also which one. Adding `weight` identical units at once
 * is allowed, so absent-everywhere units can be added in bulk.
 */
export class BinaryAgreement {
  /** Coincidences o_00, o_01 (= o_10), o_11 over pairable units (α). */
  o00 = 0;
  o01 = 0;
  o11 = 0;
  /** Units rated by all m coders (Fleiss, percent agreement, BP, AC1). */
  complete = 0;
  /** Σ over complete units of P_i·m(m−1) = n1(n1−1) + n0(n0−1). */
  agreePairs = 0;
  /** Σ over complete units of n1 (ratings "present"). */
  onesComplete = 0;
  /** Two coders: 2×2 table over units both rated: [both 1, A only, B only, neither]. */
  readonly t2 = [0, 0, 0, 0];
  /** Pairable units (≥ 2 ratings). */
  pairable = 0;
  /** Per coder: units rated "present". */
  readonly present: number[];

  constructor(readonly m: number) {
    this.present = new Array(m).fill(0);
  }

  /**
   * `ratersCount` coders rated the unit, `ones` of them "present".
   * For m = 2 and a complete unit, `aOne`/`bOne` say which coder said present.
   */
  add(ratersCount: number, ones: number, weight = 1, aOne = false, bOne = false): void {
    if (weight === 0) return;
    if (ratersCount >= 2) {
      const zeros = ratersCount - ones;
      const w = weight / (ratersCount - 1);
      this.o11 += ones * (ones - 1) * w;
      this.o00 += zeros * (zeros - 1) * w;
      this.o01 += ones * zeros * w;
      this.pairable += weight;
    }
    if (ratersCount === this.m && this.m >= 2) {
      const zeros = this.m - ones;
      this.complete += weight;
      this.agreePairs += (ones * (ones - 1) + zeros * (zeros - 1)) * weight;
      this.onesComplete += ones * weight;
      if (this.m === 2) this.t2[aOne ? (bOne ? 0 : 1) : bOne ? 2 : 3] += weight;
    }
  }

  merge(other: BinaryAgreement): void {
    this.o00 += other.o00;
    this.o01 += other.o01;
    this.o11 += other.o11;
    this.complete += other.complete;
    this.agreePairs += other.agreePairs;
    this.onesComplete += other.onesComplete;
    this.pairable += other.pairable;
    for (let i = 0; i < 4; i++) this.t2[i] += other.t2[i];
    for (let i = 0; i < this.m; i++) this.present[i] += other.present[i];
  }

  /** Mean pairwise agreement over complete units (= percent agreement for two coders). */
  percentAgreement(): number | null {
    if (this.complete === 0) return null;
    return this.agreePairs / (this.complete * this.m * (this.m - 1));
  }

  cohenKappa(): number | null {
    if (this.m !== 2) return null;
    const [a, b, c, d] = this.t2;
    const n = a + b + c + d;
    if (n === 0) return null;
    const pe = ((a + b) / n) * ((a + c) / n) + ((c + d) / n) * ((b + d) / n);
    return kappaLike((a + d) / n, pe);
  }

  /** Fleiss' κ on complete units (= Scott's π for two coders). */
  fleissKappa(): number | null {
    const po = this.percentAgreement();
    if (po === null) return null;
    const p1 = this.onesComplete / (this.complete * this.m);
    return kappaLike(po, p1 * p1 + (1 - p1) * (1 - p1));
  }

  brennanPrediger(q = 2): number | null {
    const po = this.percentAgreement();
    return po === null ? null : kappaLike(po, 1 / q);
  }

  gwetAC1(): number | null {
    const po = this.percentAgreement();
    if (po === null) return null;
    const p1 = this.onesComplete / (this.complete * this.m);
    return kappaLike(po, 2 * p1 * (1 - p1));
  }

  krippendorffAlpha(): number | null {
    const n0 = this.o00 + this.o01;
    const n1 = this.o11 + this.o01;
    const n = n0 + n1;
    if (n <= 1 || n0 * n1 <= 1e-12) return null;
    return 1 - ((n - 1) * this.o01) / (n0 * n1);
  }

  /** Two coders, B the reference: precision, recall and F1 of A against B. */
  precisionRecall(): { tp: number; fp: number; fn: number; precision: number | null; recall: number | null; f1: number | null } | null {
    if (this.m !== 2) return null;
    const [tp, fp, fn] = this.t2;
    const precision = tp + fp > 0 ? tp / (tp + fp) : null;
    const recall = tp + fn > 0 ? tp / (tp + fn) : null;
    const f1 = tp + fp + fn > 0 ? (2 * tp) / (2 * tp + fp + fn) : null;
    return { tp, fp, fn, precision, recall, f1 };
  }
}
