import { mulberry32, seedFrom } from './prng.js';

/**
 * Statistics for questionnaire scores (pure: no fs, clock or Math.random).
 *
 * - describe: n, mean, sample SD (n − 1), median, share at or above a midpoint.
 * - welch: difference of means with a Welch (unequal variances) t confidence interval, as R's
 *   `t.test(a, b)`.
 * - mannWhitney: Wilcoxon rank-sum / Mann–Whitney U, as R's `wilcox.test(a, b)`: exact when both
 *   groups have fewer than 50 values and there are no ties, else the normal approximation with
 *   tie correction and continuity correction.
 * - permutationTest: difference of means, two-sided; every split enumerated when there are at
 *   most `permutations` of them (exact), else `permutations` random splits from a seeded PRNG
 *   with p = (b + 1) / (R + 1).
 * - cronbachAlpha: k/(k − 1) · (1 − Σ item variances / variance of the sum), complete cases.
 *
 * Distribution functions (normal, Student t) come from the regularised incomplete gamma and beta
 * functions (series and continued fractions, Numerical Recipes §6.2 and §6.4), accurate to about
 * 1e-12, checked against R in the tests.
 */

export interface Describe {
  readonly n: number;
  readonly mean: number | null;
  /** Sample standard deviation (n − 1); null for n < 2. */
  readonly sd: number | null;
  readonly median: number | null;
  /** Share (0..1) of values ≥ the midpoint; null for n = 0. */
  readonly atOrAbove: number | null;
}

export function mean(x: readonly number[]): number {
  let s = 0;
  for (const v of x) s += v;
  return s / x.length;
}

/** Sample variance (n − 1), two-pass. */
export function variance(x: readonly number[]): number {
  const m = mean(x);
  let s = 0;
  for (const v of x) s += (v - m) * (v - m);
  return s / (x.length - 1);
}

export function median(x: readonly number[]): number {
  const s = [...x].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

export function describe(x: readonly number[], midpoint: number): Describe {
  const n = x.length;
  if (!n) return { n: 0, mean: null, sd: null, median: null, atOrAbove: null };
  return {
    n,
    mean: mean(x),
    sd: n >= 2 ? Math.sqrt(variance(x)) : null,
    median: median(x),
    // a tiny tolerance: a dimension score of 2 computed as a mean of items is "at" 2
    atOrAbove: x.filter((v) => v >= midpoint - 1e-9).length / n,
  };
}

// ---------------------------------------------------------------------------
// Special functions

const LANCZOS = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];

/** log Γ(x) for x > 0 (Lanczos, g = 7). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  x -= 1;
  let a = LANCZOS[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

const EPS = 1e-15;
const TINY = 1e-300;

/** Regularised lower incomplete gamma P(a, x). */
export function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  if (x < a + 1) {
    let ap = a;
    let sum = 1 / a;
    let del = sum;
    for (let n = 0; n < 1000; n++) {
      ap += 1;
      del *= x / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * EPS) break;
    }
    return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
  }
  return 1 - gammaQcf(a, x);
}

/** Regularised upper incomplete gamma Q(a, x) by continued fraction (x ≥ a + 1). */
function gammaQcf(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

/** Regularised upper incomplete gamma Q(a, x) = 1 − P(a, x), accurate in the upper tail. */
export function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  return x < a + 1 ? 1 - gammaP(a, x) : gammaQcf(a, x);
}

/** Standard normal distribution function Φ(z), accurate in both tails (Φ(z) = ½ Q(½, z²/2) for z < 0). */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return NaN;
  const q = 0.5 * gammaQ(0.5, (z * z) / 2);
  return z >= 0 ? 1 - q : q;
}

/** Regularised incomplete beta I_x(a, b). */
export function betaI(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const bt = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  if (x < (a + 1) / (a + b + 2)) return (bt * betaCf(x, a, b)) / a;
  return 1 - (bt * betaCf(1 - x, b, a)) / b;
}

function betaCf(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/** Student t distribution function P(T ≤ t) with `df` (real, > 0) degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  if (!Number.isFinite(t)) return t > 0 ? 1 : 0;
  const tail = 0.5 * betaI(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The p-quantile of Student's t with `df` degrees of freedom (bisection on the CDF, to 1e-13). */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError('studentTQuantile: p must be in (0, 1)');
  if (p === 0.5) return 0;
  let lo = -1;
  let hi = 1;
  while (studentTCdf(lo, df) > p) lo *= 2;
  while (studentTCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-13 * Math.max(1, Math.abs(lo)); i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

// ---------------------------------------------------------------------------
// Two-group comparisons

export interface WelchResult {
  /** mean(a) − mean(b). */
  readonly diff: number;
  /** Confidence interval of the difference; null when both groups have no variance. */
  readonly lo: number | null;
  readonly hi: number | null;
  readonly df: number | null;
  readonly t: number | null;
  /** Two-sided p of Welch's t test. */
  readonly p: number | null;
  readonly level: number;
}

/** Welch's two-sample t: the difference of means with its confidence interval (both groups n ≥ 2). */
export function welch(a: readonly number[], b: readonly number[], level = 0.95): WelchResult {
  if (a.length < 2 || b.length < 2) throw new RangeError('welch: each group needs at least 2 values');
  const diff = mean(a) - mean(b);
  const va = variance(a) / a.length;
  const vb = variance(b) / b.length;
  const se = Math.sqrt(va + vb);
  if (!(se > 0)) return { diff, lo: null, hi: null, df: null, t: null, p: null, level };
  const df = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  const q = studentTQuantile(1 - (1 - level) / 2, df);
  const t = diff / se;
  const p = Math.min(1, 2 * studentTCdf(-Math.abs(t), df));
  return { diff, lo: diff - q * se, hi: diff + q * se, df, t, p, level };
}

/** Mid-ranks of the values (ties share the mean of their ranks), and the sizes of the tie groups. */
export function midRanks(x: readonly number[]): { ranks: number[]; ties: number[] } {
  const idx = x.map((v, i) => [v, i] as const).sort((p, q) => p[0] - q[0]);
  const ranks = new Array<number>(x.length);
  const ties: number[] = [];
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && idx[j + 1][0] === idx[i][0]) j++;
    const r = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) ranks[idx[k][1]] = r;
    ties.push(j - i + 1);
    i = j + 1;
  }
  return { ranks, ties };
}

export interface MannWhitneyResult {
  /** U of the first group: Σ ranks(a) − nA(nA + 1)/2 (R's W). */
  readonly u: number;
  readonly p: number;
  /** `exact`: the permutation distribution of U (no ties, both n < 50); `normal`: approximation with tie and continuity correction. */
  readonly method: 'exact' | 'normal';
  readonly ties: boolean;
  /** z of the normal approximation (with continuity correction). */
  readonly z?: number;
}

/**
 * Number of arrangements with each value of U (U = 0 … m·n) for group sizes m and n, by the
 * recurrence f(i, j, u) = f(i − 1, j, u − j) + f(i, j − 1, u) (the largest value belongs to the
 * first group and beats the j values of the second, or to the second). Additions only.
 */
export function mannWhitneyCounts(m: number, n: number): Float64Array {
  // prev[i] = f(i, j − 1, ·), cur[i] = f(i, j, ·)
  let prev: Float64Array[] = [];
  for (let i = 0; i <= m; i++) prev.push(Float64Array.of(1)); // j = 0: only U = 0
  for (let j = 1; j <= n; j++) {
    const cur: Float64Array[] = [Float64Array.of(1)];
    for (let i = 1; i <= m; i++) {
      const f = new Float64Array(i * j + 1);
      const up = cur[i - 1]; // f(i − 1, j, ·)
      for (let u = 0; u < up.length; u++) f[u + j] += up[u];
      const left = prev[i]; // f(i, j − 1, ·)
      for (let u = 0; u < left.length; u++) f[u] += left[u];
      cur.push(f);
    }
    prev = cur;
  }
  return prev[m];
}

/** Two-sided Mann–Whitney test of a against b, as R's wilcox.test(a, b) (correct = TRUE). */
export function mannWhitney(a: readonly number[], b: readonly number[]): MannWhitneyResult {
  const m = a.length;
  const n = b.length;
  if (!m || !n) throw new RangeError('mannWhitney: both groups need values');
  const { ranks, ties } = midRanks([...a, ...b]);
  let ra = 0;
  for (let i = 0; i < m; i++) ra += ranks[i];
  const u = ra - (m * (m + 1)) / 2;
  const hasTies = ties.some((t) => t > 1);
  if (m < 50 && n < 50 && !hasTies) {
    const counts = mannWhitneyCounts(m, n);
    let total = 0;
    for (const c of counts) total += c;
    const cdf = (q: number) => {
      let s = 0;
      for (let k = 0; k <= Math.min(q, counts.length - 1); k++) s += counts[k];
      return s / total;
    };
    // as R: P(U ≥ u) when u is above the centre, else P(U ≤ u); doubled
    const p = u > (m * n) / 2 ? 1 - cdf(u - 1) : cdf(u);
    return { u, p: Math.min(1, 2 * p), method: 'exact', ties: false };
  }
  const N = m + n;
  const tieSum = ties.reduce((s, t) => s + (t * t * t - t), 0);
  const sigma = Math.sqrt(((m * n) / 12) * (N + 1 - tieSum / (N * (N - 1))));
  let z = u - (m * n) / 2;
  if (!(sigma > 0)) return { u, p: 1, method: 'normal', ties: hasTies, z: 0 };
  z = (z - Math.sign(z) * 0.5) / sigma;
  const p = Math.min(1, 2 * Math.min(normalCdf(z), 1 - normalCdf(z)));
  return { u, p, method: 'normal', ties: hasTies, z };
}

export interface PermutationResult {
  readonly diff: number;
  readonly p: number;
  /** `exact`: all splits enumerated; `monte-carlo`: `permutations` random splits (seeded). */
  readonly method: 'exact' | 'monte-carlo';
  /** Splits evaluated (all of them when exact). */
  readonly permutations: number;
  readonly seed: number;
}

/** log of the binomial coefficient. */
function logChoose(n: number, k: number): number {
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
}

/**
 * Two-sided permutation test of the difference of means (a − b): the share of splits of the
 * pooled values into groups of the same sizes whose |difference| is at least the observed one.
 */
export function permutationTest(a: readonly number[], b: readonly number[], opts: { permutations: number; seed: number | string }): PermutationResult {
  const m = a.length;
  const n = b.length;
  if (!m || !n) throw new RangeError('permutationTest: both groups need values');
  const pooled = [...a, ...b];
  const N = m + n;
  let total = 0;
  for (const v of pooled) total += v;
  const stat = (sumA: number) => Math.abs(sumA / m - (total - sumA) / n);
  const diff = mean(a) - mean(b);
  const obs = Math.abs(diff) - 1e-9 * Math.max(1, Math.abs(diff));
  const seed = seedFrom(opts.seed);
  const R = Math.max(1, Math.floor(opts.permutations));
  if (logChoose(N, m) <= Math.log(R) + 1e-9) {
    // every split: combinations of m indices out of N
    const idx = Array.from({ length: m }, (_, i) => i);
    let count = 0;
    let all = 0;
    for (;;) {
      let s = 0;
      for (const i of idx) s += pooled[i];
      all++;
      if (stat(s) >= obs) count++;
      let k = m - 1;
      while (k >= 0 && idx[k] === N - m + k) k--;
      if (k < 0) break;
      idx[k]++;
      for (let j = k + 1; j < m; j++) idx[j] = idx[j - 1] + 1;
    }
    return { diff, p: count / all, method: 'exact', permutations: all, seed };
  }
  const rng = mulberry32(seed);
  const work = pooled.slice();
  let count = 0;
  for (let r = 0; r < R; r++) {
    // a partial Fisher–Yates shuffle: the first m positions are a random subset
    let s = 0;
    for (let i = 0; i < m; i++) {
      const j = i + Math.floor(rng() * (N - i));
      const t = work[i];
      work[i] = work[j];
      work[j] = t;
      s += work[i];
    }
    if (stat(s) >= obs) count++;
  }
  return { diff, p: (count + 1) / (R + 1), method: 'monte-carlo', permutations: R, seed };
}

export interface AlphaResult {
  /** Null when it cannot be computed (fewer than 2 complete cases, or no variance in the sum). */
  readonly alpha: number | null;
  readonly k: number;
  /** Complete cases used. */
  readonly n: number;
}

/** Cronbach's α of `rows` (one array of k item scores per respondent; rows with a missing value are left out). */
export function cronbachAlpha(rows: ReadonlyArray<ReadonlyArray<number | null>>, k: number): AlphaResult {
  const complete = rows.filter((r) => r.length === k && r.every((v) => v !== null && Number.isFinite(v))) as number[][];
  const n = complete.length;
  if (k < 2 || n < 2) return { alpha: null, k, n };
  let sumItemVar = 0;
  for (let i = 0; i < k; i++) sumItemVar += variance(complete.map((r) => r[i]));
  const totalVar = variance(complete.map((r) => r.reduce((s, v) => s + v, 0)));
  if (!(totalVar > 0)) return { alpha: null, k, n };
  return { alpha: (k / (k - 1)) * (1 - sumItemVar / totalVar), k, n };
}
