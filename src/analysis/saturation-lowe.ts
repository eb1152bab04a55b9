/**
 * Lowe, Norris, Farris & Babbage (2018), "Quantifying thematic saturation",
 * Field Methods 30(3):191–207 — the model as summarised in anchors §3.4
 * (marked "verify against the paper" there): each of T themes is seen in any
 * one observation independently with probability p, so
 *   E[S(n)] = T · (1 − (1 − p)^n),   saturation s(n) = 1 − (1 − p)^n,
 *   observations needed for saturation s*:  n* = ⌈ln(1 − s*) / ln(1 − p)⌉.
 * (T, p) are fitted by least squares to the accumulation curve averaged over
 * random orders (the permutation mean). For fixed p the best T is closed-form
 * (T = Σ y·g / Σ g², g = 1 − (1 − p)^n); p is found by a grid over logit(p)
 * refined by golden-section search. Pure and deterministic.
 */

export interface LoweFit {
  /**
   * False when the least-squares p runs to the lower edge of the search (p → 0, T → ∞): the mean
   * curve still rises (about) linearly and the model has no finite asymptote. Then `total`, `p`,
   * `saturation`, `n90` and `n95` describe the edge of the search, not an estimate: do not report them.
   */
  readonly finite: boolean;
  readonly total: number;
  readonly p: number;
  /** s(N) at the number of observations N. */
  readonly saturation: number;
  /** n* for 90% and 95% saturation (null when p is 0). */
  readonly n90: number | null;
  readonly n95: number | null;
  /** Root mean squared error of the fit. */
  readonly rmse: number;
}

function bestT(y: ArrayLike<number>, p: number): { T: number; sse: number } {
  let sg = 0;
  let sgg = 0;
  const q = 1 - p;
  let qn = 1;
  for (let i = 0; i < y.length; i++) {
    qn *= q;
    const g = 1 - qn;
    sg += y[i] * g;
    sgg += g * g;
  }
  const T = sgg > 0 ? sg / sgg : 0;
  let sse = 0;
  qn = 1;
  for (let i = 0; i < y.length; i++) {
    qn *= q;
    const d = y[i] - T * (1 - qn);
    sse += d * d;
  }
  return { T, sse };
}

export function observationsFor(target: number, p: number): number | null {
  if (!(p > 0) || target <= 0) return null;
  if (p >= 1) return 1;
  return Math.max(1, Math.ceil(Math.log(1 - target) / Math.log(1 - p) - 1e-9));
}

const GRID_LOW = -12;

/** Fit the model to a mean accumulation curve y[n−1] = S̄(n), n = 1..N. */
export function fitLowe(y: ArrayLike<number>): LoweFit | null {
  const N = y.length;
  if (N < 2 || y[N - 1] <= 0) return null;
  const sig = (z: number) => 1 / (1 + Math.exp(-z));
  const f = (z: number) => bestT(y, sig(z)).sse;
  let bestZ = GRID_LOW;
  let bestF = Infinity;
  for (let z = GRID_LOW; z <= 12; z += 0.1) {
    const v = f(z);
    if (v < bestF) {
      bestF = v;
      bestZ = z;
    }
  }
  let a = bestZ - 0.1;
  let b = bestZ + 0.1;
  const gr = (Math.sqrt(5) - 1) / 2;
  let c = b - gr * (b - a);
  let d = a + gr * (b - a);
  let fc = f(c);
  let fd = f(d);
  for (let i = 0; i < 80; i++) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - gr * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + gr * (b - a);
      fd = f(d);
    }
  }
  const z = (a + b) / 2;
  const p = sig(z);
  const { T, sse } = bestT(y, p);
  return {
    // the best grid point is the lowest one, and the refinement stayed there: p → 0 fits best
    finite: !(bestZ <= GRID_LOW + 1e-9 && z <= GRID_LOW + 0.1),
    total: T,
    p,
    saturation: 1 - (1 - p) ** N,
    n90: observationsFor(0.9, p),
    n95: observationsFor(0.95, p),
    rmse: Math.sqrt(sse / N),
  };
}
