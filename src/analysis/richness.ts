/**
 * Richness estimation for the total number of codes, treating sources
 * (interviews) as sampling units and codes as "species" observed present or
 * absent per source: the incidence-based Chao2 estimator.
 *
 * Formulas (anchors §3.6, [CH17]; Chao 1987):
 *   m  = number of sampling units (sources), S_obs = codes observed,
 *   Q1 = codes found in exactly one source, Q2 = codes found in exactly two,
 *   A  = (m − 1) / m.
 *   classic (used when Q2 > 0):        Ŝ = S_obs + A · Q1² / (2 Q2)
 *   bias-corrected (used when Q2 = 0): Ŝ = S_obs + A · Q1 (Q1 − 1) / (2 (Q2 + 1))
 * Variance (Chao 1987, as in EstimateS and Chao & Chiu's SpadeR):
 *   classic:        var = Q2 · [ A/2·(Q1/Q2)² + A²·(Q1/Q2)³ + A²/4·(Q1/Q2)⁴ ]
 *   bias-corrected (Q2 = 0, Q1 > 0):
 *                   var = A·Q1(Q1−1)/2 + A²·Q1(2Q1−1)²/4 − A²·Q1⁴/(4 Ŝ)
 * 95% confidence interval, log-normal (Chao 1987): with T = Ŝ − S_obs > 0,
 *   K = exp(1.96 · sqrt(ln(1 + var / T²))),  CI = [S_obs + T/K, S_obs + T·K].
 * Q1 ≤ 1 and Q2 = 0 (or Q1 = 0): Ŝ = S_obs, and the interval is not collapsed to a point but
 * uses Chao's variance of the observed richness, as SpadeR (Chao & Chiu) does in that case
 * (form "observed"), with Q_i = codes found in exactly i sources and t = m:
 *   var = Σ_i Q_i (e^−i − e^−2i) − (Σ_i i e^−i Q_i)² / t,   P = Σ_i Q_i e^−i / S_obs,
 *   CI = [max(S_obs, S_obs/(1 − P) − 1.96 √var/(1 − P)),  S_obs/(1 − P) + 1.96 √var/(1 − P)].
 * Incidence coverage (Good–Turing form, anchors §3.6, "verify"):
 *   Ĉ = 1 − (Q1/U) · ((m−1)Q1 / ((m−1)Q1 + 2Q2)), U = total incidences.
 */

export interface Chao2Estimate {
  /** Sampling units (sources). */
  readonly m: number;
  readonly observed: number;
  readonly q1: number;
  readonly q2: number;
  /** Total incidences (sum over codes of the number of sources they occur in). */
  readonly incidences: number;
  /** Which form was used for `estimate` ("observed": Q1 ≤ 1 and Q2 = 0, see above). */
  readonly form: 'classic' | 'bias-corrected' | 'observed';
  readonly estimate: number;
  /** Both forms, for reference. */
  readonly classic: number | null;
  readonly biasCorrected: number;
  readonly variance: number;
  readonly se: number;
  readonly ci95: readonly [number, number];
  /** estimate − observed. */
  readonly unseen: number;
  /** Sample coverage estimate (null when there are no incidences). */
  readonly coverage: number | null;
}

/**
 * Chao2 from incidence counts: `frequencies[i]` = in how many of the m sources
 * code i occurs (codes with 0 are ignored).
 */
export function chao2FromFrequencies(frequencies: readonly number[], m: number): Chao2Estimate {
  let observed = 0;
  let q1 = 0;
  let q2 = 0;
  let incidences = 0;
  const counts = new Map<number, number>();
  for (const f of frequencies) {
    if (f <= 0) continue;
    observed++;
    incidences += f;
    counts.set(f, (counts.get(f) ?? 0) + 1);
    if (f === 1) q1++;
    else if (f === 2) q2++;
  }
  return chao2(observed, q1, q2, m, incidences, counts);
}

/**
 * Chao2 from the summary numbers. `incidences` only feeds the coverage estimate; `counts`
 * (frequency i → Q_i, the number of codes found in exactly i sources) gives the interval when
 * Q1 ≤ 1 and Q2 = 0 (without it that interval collapses to the observed number).
 */
export function chao2(observed: number, q1: number, q2: number, m: number, incidences?: number, counts?: ReadonlyMap<number, number>): Chao2Estimate {
  const A = m > 0 ? (m - 1) / m : 0;
  const biasCorrected = observed + (A * q1 * (q1 - 1)) / (2 * (q2 + 1));
  const classic = q2 > 0 ? observed + (A * q1 * q1) / (2 * q2) : null;
  const form: Chao2Estimate['form'] = q2 > 0 && q1 > 0 ? 'classic' : q1 > 1 ? 'bias-corrected' : 'observed';
  const estimate = classic ?? biasCorrected;
  let variance = 0;
  if (q1 > 0) {
    if (q2 > 0) {
      const r = q1 / q2;
      variance = q2 * ((A / 2) * r ** 2 + A * A * r ** 3 + ((A * A) / 4) * r ** 4);
    } else {
      variance = (A * q1 * (q1 - 1)) / 2 + (A * A * q1 * (2 * q1 - 1) ** 2) / 4 - (A * A * q1 ** 4) / (4 * estimate);
      if (variance < 0) variance = 0;
    }
  }
  const T = estimate - observed;
  let ci95: [number, number] = [observed, observed];
  if (form === 'observed' && counts && observed > 0 && m > 0) {
    // SpadeR's interval for Q1 ≤ 1 (see above): Chao's variance of the observed richness
    let v = 0;
    let s1 = 0;
    let p = 0;
    for (const [i, qi] of counts) {
      v += qi * (Math.exp(-i) - Math.exp(-2 * i));
      s1 += i * Math.exp(-i) * qi;
      p += qi * Math.exp(-i);
    }
    variance = Math.max(0, v - (s1 * s1) / m);
    const P = p / observed;
    const half = (1.96 * Math.sqrt(variance)) / (1 - P);
    ci95 = [Math.max(observed, observed / (1 - P) - half), observed / (1 - P) + half];
  } else if (T > 0 && variance > 0) {
    const K = Math.exp(1.96 * Math.sqrt(Math.log(1 + variance / (T * T))));
    ci95 = [observed + T / K, observed + T * K];
  } else if (T > 0) {
    ci95 = [estimate, estimate];
  }
  const U = incidences ?? 0;
  const coverage = U > 0 ? 1 - (q1 / U) * ((m - 1) * q1 + 2 * q2 > 0 ? ((m - 1) * q1) / ((m - 1) * q1 + 2 * q2) : 0) : null;
  return {
    m,
    observed,
    q1,
    q2,
    incidences: U,
    form,
    estimate,
    classic,
    biasCorrected,
    variance,
    se: Math.sqrt(variance),
    ci95,
    unseen: estimate - observed,
    coverage,
  };
}
