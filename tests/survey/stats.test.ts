import { describe, it, expect } from 'vitest';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { betaI, cronbachAlpha, describe as describeValues, mannWhitney, mannWhitneyCounts, normalCdf, permutationTest, studentTCdf, studentTQuantile, welch } from '../../src/analysis/survey-stats.js';

const RSCRIPT = ['/usr/bin/Rscript', '/usr/local/bin/Rscript'].find((p) => existsSync(p));

/** Run R code that prints one number per line (format %.15g); returns them. */
function r(code: string): number[] {
  const res = spawnSync(RSCRIPT!, ['--vanilla', '-e', code], { encoding: 'utf8', timeout: 60_000 });
  if (res.status !== 0) throw new Error(res.stderr);
  return res.stdout.trim().split(/\s+/).map(Number);
}
const vec = (x: readonly number[]) => `c(${x.join(',')})`;

describe('survey statistics, hand-computed', () => {
  it('describe: n, mean, SD (n − 1), median, share at or above the midpoint', () => {
    // a = 4 3 3 2 4: mean 16/5 = 3.2; squared deviations .64 .04 .04 1.44 .64 = 2.8, var 2.8/4 = 0.7
    const d = describeValues([4, 3, 3, 2, 4], 2);
    expect(d.n).toBe(5);
    expect(d.mean).toBeCloseTo(3.2, 12);
    expect(d.sd).toBeCloseTo(Math.sqrt(0.7), 12);
    expect(d.median).toBe(3);
    expect(d.atOrAbove).toBe(1);
    // 2 1 3 2 2 1 3: median 2, 5 of 7 at or above 2
    const e = describeValues([2, 1, 3, 2, 2, 1, 3], 2);
    expect(e.median).toBe(2);
    expect(e.atOrAbove).toBeCloseTo(5 / 7, 12);
    expect(describeValues([1, 4], 2).median).toBe(2.5);
    expect(describeValues([3], 2).sd).toBeNull();
    expect(describeValues([], 2).mean).toBeNull();
  });

  it('Welch: difference 1.2 with df 8.63 for 4 3 3 2 4 vs 2 1 3 2 2 1 3', () => {
    // var a = 0.7 (n 5), var b = 4/6 (n 7): se² = 0.14 + 0.0952381 = 0.2352381
    // df = se⁴ / (0.14²/4 + 0.0952381²/6) = 0.0553370 / 0.0064117 = 8.6306
    const w = welch([4, 3, 3, 2, 4], [2, 1, 3, 2, 2, 1, 3]);
    expect(w.diff).toBeCloseTo(1.2, 12);
    expect(w.df!).toBeCloseTo(8.6306, 3);
    const se = Math.sqrt(0.14 + 4 / 6 / 7);
    expect((w.hi! - w.lo!) / 2 / se).toBeCloseTo(studentTQuantile(0.975, w.df!), 10);
    // no variance in either group: no interval
    expect(welch([2, 2], [3, 3]).lo).toBeNull();
  });

  it('Mann–Whitney exact: 1.5 3.2 2.8 vs 0.4 1.1 2.0 0.9 gives U = 11, p = 4/35', () => {
    // pooled ranks: 0.4→1 0.9→2 1.1→3 1.5→4 2.0→5 2.8→6 3.2→7; ranks of a 4+7+6 = 17, U = 17 − 6 = 11
    // of the C(7,3) = 35 splits, U = 12 once and U = 11 once: P(U ≥ 11) = 2/35, two-sided 4/35
    const m = mannWhitney([1.5, 3.2, 2.8], [0.4, 1.1, 2.0, 0.9]);
    expect(m.u).toBe(11);
    expect(m.method).toBe('exact');
    expect(m.p).toBeCloseTo(4 / 35, 12);
    // the counts of U for m = 2, n = 2: U = 0 1 2 3 4 occur 1 1 2 1 1 times (C(4,2) = 6)
    expect([...mannWhitneyCounts(2, 2)]).toEqual([1, 1, 2, 1, 1]);
  });

  it('Mann–Whitney with ties uses the normal approximation and says so', () => {
    const m = mannWhitney([4, 3, 3, 2, 4], [2, 1, 3, 2, 2, 1, 3]);
    expect(m.method).toBe('normal');
    expect(m.ties).toBe(true);
  });

  it('permutation test: exact for 1 2 vs 3 4 (2 of 6 splits as extreme: p = 1/3); seeded Monte Carlo is reproducible', () => {
    // splits {1,2} −2, {1,3} −1, {1,4} 0, {2,3} 0, {2,4} 1, {3,4} 2: |d| ≥ 2 twice
    const p = permutationTest([1, 2], [3, 4], { permutations: 1000, seed: 1 });
    expect(p.method).toBe('exact');
    expect(p.permutations).toBe(6);
    expect(p.p).toBeCloseTo(1 / 3, 12);
    const a = Array.from({ length: 20 }, (_, i) => (i * 7) % 5);
    const b = Array.from({ length: 20 }, (_, i) => ((i * 3) % 5) + 0.5);
    const x = permutationTest(a, b, { permutations: 2000, seed: 7 });
    const y = permutationTest(a, b, { permutations: 2000, seed: 7 });
    expect(x.method).toBe('monte-carlo');
    expect(x.p).toBe(y.p);
    expect(x.p).toBeGreaterThan(0);
  });

  it("Cronbach's α: 0.953271 for a hand-worked 4 × 3 example", () => {
    // item variances 5/3, 11/12, 2/3 (sum 3.25); sums 5 7 9 12, variance 26.75/3
    // α = 3/2 · (1 − 3.25 / 8.916667) = 0.953271
    const a = cronbachAlpha([[1, 2, 2], [2, 2, 3], [3, 3, 3], [4, 4, 4], [1, null, 2]], 3);
    expect(a.n).toBe(4);
    expect(a.alpha!).toBeCloseTo(1.5 * (1 - 3.25 / (26.75 / 3)), 12);
    expect(a.alpha!).toBeCloseTo(0.953271, 6);
    expect(cronbachAlpha([[1, 1], [1, 1]], 2).alpha).toBeNull();
  });

  it('distribution functions: known values', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 12);
    expect(normalCdf(-8)).toBeCloseTo(6.22096057427178e-16, 25);
    expect(studentTCdf(0, 3)).toBeCloseTo(0.5, 14);
    // t with 1 df is Cauchy: P(T ≤ 1) = 3/4
    expect(studentTCdf(1, 1)).toBeCloseTo(0.75, 12);
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.706204736174698, 8);
    expect(betaI(0.5, 2, 2)).toBeCloseTo(0.5, 14);
  });
});

describe.skipIf(!RSCRIPT)('survey statistics against R (stats::t.test, wilcox.test, pnorm, qt; α by its formula in R) (skipped: Rscript is not installed; apt-get install r-base-core)', () => {
  const sets: Array<[number[], number[]]> = [
    [[4, 3, 3, 2, 4], [2, 1, 3, 2, 2, 1, 3]],
    [[1.5, 3.2, 2.8], [0.4, 1.1, 2.0, 0.9]],
    [[3.25, 2.5, 4, 3.75, 1.5, 2.75, 3.5, 3.1], [1.2, 2.25, 0.5, 2.6, 1.75, 3.3, 0.8]],
    [[0, 1, 1, 2, 2, 2, 3, 3, 4, 4, 4, 4], [1, 1, 2, 0, 0, 3, 2, 1, 1, 2]],
    // 50+ values: normal approximation without ties
    [Array.from({ length: 55 }, (_, i) => Math.sin(i + 1) * 2 + 0.3), Array.from({ length: 52 }, (_, i) => Math.cos(i * 1.7) * 2)],
  ];
  it.each(sets.map((s, i) => [i, s]))('set %i: Welch CI, df, p; Mann–Whitney W and p', (_i, [a, b]) => {
    const out = r(`a <- ${vec(a)}; b <- ${vec(b)}; t <- t.test(a, b); w <- suppressWarnings(wilcox.test(a, b)); cat(sprintf('%.15g', c(t$conf.int, t$parameter, t$p.value, w$statistic, w$p.value)), sep='\\n')`);
    const w = welch(a, b);
    expect(w.lo!).toBeCloseTo(out[0], 9);
    expect(w.hi!).toBeCloseTo(out[1], 9);
    expect(w.df!).toBeCloseTo(out[2], 9);
    expect(w.p!).toBeCloseTo(out[3], 10);
    const m = mannWhitney(a, b);
    expect(m.u).toBeCloseTo(out[4], 10);
    expect(m.p).toBeCloseTo(out[5], 10);
  });

  it('pnorm and qt over a grid', () => {
    const zs = [-9, -5.5, -2.3, -0.7, 0.01, 1.1, 3.9, 6.2];
    const dfs = [1, 2.5, 4, 8.63, 30, 200];
    const out = r(`cat(sprintf('%.15g', c(pnorm(${vec(zs)}), ${dfs.map((d) => `qt(c(0.9, 0.975, 0.995), ${d})`).join(', ')}, ${dfs.map((d) => `pt(c(-3.1, 0.4, 2.2), ${d})`).join(', ')})), sep='\\n')`);
    zs.forEach((z, i) => expect(normalCdf(z) / out[i]).toBeCloseTo(1, 9));
    let k = zs.length;
    for (const d of dfs) for (const p of [0.9, 0.975, 0.995]) expect(studentTQuantile(p, d)).toBeCloseTo(out[k++], 8);
    for (const d of dfs) for (const t of [-3.1, 0.4, 2.2]) expect(studentTCdf(t, d)).toBeCloseTo(out[k++], 11);
  });

  it('exact permutation p equals the share of all splits enumerated in R with combn', () => {
    const a = [4, 3, 3, 2, 4, 1];
    const b = [2, 1, 3, 2, 2, 1, 3, 0];
    const out = r(`a <- ${vec(a)}; b <- ${vec(b)}; x <- c(a, b); cmb <- combn(length(x), length(a)); d <- apply(cmb, 2, function(i) mean(x[i]) - mean(x[-i])); cat(sprintf('%.15g', mean(abs(d) >= abs(mean(a) - mean(b)) - 1e-9)))`);
    const p = permutationTest(a, b, { permutations: 10_000, seed: 1 });
    expect(p.method).toBe('exact');
    expect(p.permutations).toBe(3003);
    expect(p.p).toBeCloseTo(out[0], 12);
  });

  it("Cronbach's α equals R's k/(k−1)·(1 − Σ var(item)/var(rowSums)) on complete cases", () => {
    const rows = Array.from({ length: 23 }, (_, i) => [i % 5, (i * 3) % 5, (i * 2 + 1) % 5, Math.round(2 + Math.sin(i) * 2)]);
    const out = r(`m <- matrix(c(${rows.flat().join(',')}), ncol = 4, byrow = TRUE); k <- ncol(m); cat(sprintf('%.15g', k/(k-1) * (1 - sum(apply(m, 2, var)) / var(rowSums(m)))))`);
    expect(cronbachAlpha(rows, 4).alpha!).toBeCloseTo(out[0], 12);
  });
});

