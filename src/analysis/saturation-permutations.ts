import { mulberry32, type Rng } from './prng.js';
import { guestPoint } from './saturation-guest.js';

/**
 * Order-permutation band for the cumulative code curve (Lowe et al. 2018 style;
 * Guest et al. 2020 validated their rule by re-ordering interviews too):
 * N random interview orders (Fisher–Yates with a seeded PRNG), and at each
 * position n the median and 5th/95th percentiles of S(n) over the orders,
 * plus the share of orders whose Guest et al. verdict is known by n, i.e.
 * whose saturation point k has k + r ≤ n.
 *
 * Sources are bitsets over codes (Uint32Array words); the running union is
 * updated with OR and new codes counted with popcount, so one order costs
 * O(N · words). Percentiles are read from a per-position histogram of the
 * integer counts (no sorting), with R's default type-7 interpolation.
 */

export interface PermutationOptions {
  readonly permutations: number;
  readonly seed: number;
  readonly base: number;
  readonly run: number;
  readonly threshold: number;
  /** Keep every permuted curve (P × N, row-major) — for tests. */
  readonly keepCurves?: boolean;
}

export interface PermutationBand {
  readonly permutations: number;
  readonly seed: number;
  readonly median: Float64Array;
  readonly p5: Float64Array;
  readonly p95: Float64Array;
  readonly mean: Float64Array;
  /** Share of orders with a Guest et al. saturation point whose run ended by n (k + r ≤ n). */
  readonly shareSaturated: Float64Array;
  /** Share of orders that reach saturation within the data. */
  readonly shareReached: number;
  /** Median saturation point k over the orders that reach it (type 7), or null. */
  readonly pointMedian: number | null;
  /** Count of orders by saturation point k (index k; index 0 unused). */
  readonly pointCounts: Uint32Array;
  readonly curves?: Int32Array;
}

/** Pack code-index sets into one row-major bitset array (N × words). */
export function packBitsets(sets: readonly (readonly number[])[], nCodes: number): { bits: Uint32Array; words: number } {
  const words = Math.max(1, Math.ceil(nCodes / 32));
  const bits = new Uint32Array(sets.length * words);
  sets.forEach((s, i) => {
    for (const c of s) bits[i * words + (c >>> 5)] |= 1 << (c & 31);
  });
  return { bits, words };
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Type-7 quantile from a histogram of integer values 0..width−1. */
function histQuantile(hist: Uint32Array, off: number, width: number, total: number, p: number): number {
  const h = (total - 1) * p;
  const lo = Math.floor(h);
  const a = kth(hist, off, width, lo);
  const b = lo + 1 < total ? kth(hist, off, width, lo + 1) : a;
  return a + (h - lo) * (b - a);
}

function kth(hist: Uint32Array, off: number, width: number, k: number): number {
  let acc = 0;
  for (let v = 0; v < width; v++) {
    acc += hist[off + v];
    if (acc > k) return v;
  }
  return width - 1;
}

export function permutationBand(bits: Uint32Array, words: number, nSources: number, nCodes: number, opts: PermutationOptions): PermutationBand {
  const P = Math.max(0, Math.floor(opts.permutations));
  const N = nSources;
  const W = words;
  const width = nCodes + 1;
  const rng: Rng = mulberry32(opts.seed);
  const order = new Int32Array(N);
  for (let i = 0; i < N; i++) order[i] = i;
  const seen = new Uint32Array(W);
  const cum = new Int32Array(N);
  const hist = new Uint32Array(N * width);
  const sum = new Float64Array(N);
  const pointCounts = new Uint32Array(N + 1);
  const doneBy = new Uint32Array(N + 1);
  const curves = opts.keepCurves ? new Int32Array(P * N) : undefined;
  const { base: b, run: r, threshold: t } = opts;
  let reached = 0;
  for (let p = 0; p < P; p++) {
    // Fisher–Yates on the previous order (a uniform shuffle of any order is uniform)
    for (let i = N - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      const tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
    }
    seen.fill(0);
    let c = 0;
    for (let i = 0; i < N; i++) {
      const o = order[i] * W;
      for (let w = 0; w < W; w++) {
        const x = bits[o + w] & ~seen[w];
        if (x !== 0) {
          c += popcount(x);
          seen[w] |= x;
        }
      }
      cum[i] = c;
      hist[i * width + c]++;
      sum[i] += c;
    }
    if (curves) curves.set(cum, p * N);
    const k = guestPoint(cum, 0, N, b, r, t);
    if (k >= 0) {
      reached++;
      pointCounts[k]++;
      doneBy[k + r]++;
    }
  }
  const median = new Float64Array(N);
  const p5 = new Float64Array(N);
  const p95 = new Float64Array(N);
  const mean = new Float64Array(N);
  const shareSaturated = new Float64Array(N);
  let acc = 0;
  for (let i = 0; i < N; i++) {
    acc += doneBy[i + 1];
    if (P > 0) {
      median[i] = histQuantile(hist, i * width, width, P, 0.5);
      p5[i] = histQuantile(hist, i * width, width, P, 0.05);
      p95[i] = histQuantile(hist, i * width, width, P, 0.95);
      mean[i] = sum[i] / P;
      shareSaturated[i] = acc / P;
    }
  }
  let pointMedian: number | null = null;
  if (reached > 0) {
    const h = (reached - 1) * 0.5;
    const lo = Math.floor(h);
    const at = (k: number) => {
      let a = 0;
      for (let v = 0; v <= N; v++) {
        a += pointCounts[v];
        if (a > k) return v;
      }
      return N;
    };
    const va = at(lo);
    const vb = lo + 1 < reached ? at(lo + 1) : va;
    pointMedian = va + (h - lo) * (vb - va);
  }
  return {
    permutations: P,
    seed: opts.seed,
    median,
    p5,
    p95,
    mean,
    shareSaturated,
    shareReached: P > 0 ? reached / P : 0,
    pointMedian,
    pointCounts,
    ...(curves ? { curves } : {}),
  };
}
