/**
 * Guest, Namey & Chen (2020), PLoS ONE 15(5):e0232076 — base size, run length,
 * new-information threshold (anchors §3.3, [G20][G20b][QP-prog]).
 *
 * With new(d) the number of codes first seen in interview d (in the order
 * given) and S(d) the cumulative count:
 *   base b:      the first b interviews; the denominator |⋃_{d≤b} C_d| = S(b)
 *                is FIXED (it does not roll forward with the run);
 *   run r:       the r consecutive interviews after interview k;
 *   ratio:       ρ(k) = Σ_{d=k+1}^{k+r} new(d) / S(b) = (S(k+r) − S(k)) / S(b),
 *                for k = b, b+1, …, N − r (only full runs count);
 *   saturation:  the smallest k ≥ b with ρ(k) ≤ τ, reported as "k+r"
 *                ("saturation was indicated at 6+2", [G20b]).
 * Not reached when there are fewer than b + r interviews, when the base holds
 * no codes, or when no full run meets the threshold — and we say which
 * (as qdaPy's `saturation_ratio` does, [QP-prog]).
 */

export interface GuestOptions {
  readonly base: number;
  readonly run: number;
  readonly threshold: number;
}

export interface GuestRatio {
  /** Interviews before the run (the run is k+1..k+r). */
  readonly k: number;
  readonly newInRun: number;
  readonly ratio: number;
}

export type GuestReason = 'reached' | 'too-few-sources' | 'no-codes-in-base' | 'threshold-not-met';

export interface GuestVerdict extends GuestOptions {
  readonly sources: number;
  /** Unique codes in the base (the denominator); 0 when there are fewer than b sources. */
  readonly baseCodes: number;
  readonly reached: boolean;
  readonly reason: GuestReason;
  /** k of the saturation point, or null. */
  readonly point: number | null;
  /** "k+r", or null. */
  readonly notation: string | null;
  /** ρ at the saturation point, or null. */
  readonly ratio: number | null;
  readonly newInRun: number | null;
  /** Every full run from k = b to N − r. */
  readonly ratios: readonly GuestRatio[];
  /** The lowest ratio seen (first one on ties), when not reached but ratios exist. */
  readonly minRatio: GuestRatio | null;
}

/**
 * The Guest et al. verdict from the cumulative curve: `cumulative[i]` is S(i+1),
 * the number of distinct codes after i+1 interviews.
 */
export function guestSaturation(cumulative: ArrayLike<number>, opts: GuestOptions): GuestVerdict {
  const { base: b, run: r, threshold: t } = opts;
  const N = cumulative.length;
  const S = (n: number) => (n <= 0 ? 0 : cumulative[n - 1]);
  const baseCodes = N >= b ? S(b) : 0;
  const ratios: GuestRatio[] = [];
  let point: GuestRatio | null = null;
  let minRatio: GuestRatio | null = null;
  if (N >= b + r && baseCodes > 0) {
    for (let k = b; k + r <= N; k++) {
      const newInRun = S(k + r) - S(k);
      const g: GuestRatio = { k, newInRun, ratio: newInRun / baseCodes };
      ratios.push(g);
      if (!point && g.ratio <= t) point = g;
      if (!minRatio || g.ratio < minRatio.ratio) minRatio = g;
    }
  }
  const reason: GuestReason = N < b + r ? 'too-few-sources' : baseCodes === 0 ? 'no-codes-in-base' : point ? 'reached' : 'threshold-not-met';
  return {
    base: b,
    run: r,
    threshold: t,
    sources: N,
    baseCodes,
    reached: point !== null,
    reason,
    point: point ? point.k : null,
    notation: point ? `${point.k}+${r}` : null,
    ratio: point ? point.ratio : null,
    newInRun: point ? point.newInRun : null,
    ratios,
    minRatio: point ? null : minRatio,
  };
}

/**
 * Fast form for permutations: the saturation point k over `cum[off .. off+N)`
 * (cumulative counts), or −1. Same rule as `guestSaturation`.
 */
export function guestPoint(cum: ArrayLike<number>, off: number, N: number, b: number, r: number, t: number): number {
  if (N < b + r) return -1;
  const baseCodes = cum[off + b - 1];
  if (baseCodes <= 0) return -1;
  for (let k = b; k + r <= N; k++) {
    const newInRun = cum[off + k + r - 1] - cum[off + k - 1];
    if (newInRun / baseCodes <= t) return k;
  }
  return -1;
}
