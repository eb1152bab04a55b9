import { describe, it, expect } from 'vitest';
import { chao2, chao2FromFrequencies } from '../../src/analysis/richness.js';
import { fitLowe } from '../../src/analysis/saturation-lowe.js';
import { computeSaturation } from '../../src/analysis/saturation.js';
import { saturationMethodsText, saturationTables, loweSentence } from '../../src/analysis/saturation-text.js';
import { compareGroups } from '../../src/analysis/compare.js';
import { fisherExact } from '../../src/analysis/fisher.js';
import { parseCodingsCsv } from '../../src/ingest/read-codings.js';

/** Small statistics fixes found by an independent cross-check (SpadeR, scipy). */

describe('Chao2 when Q1 ≤ 1: an interval from Chao’s variance of the observed richness (as SpadeR)', () => {
  it('Q1 = 1, Q2 = 0: hand-computed SpadeR values, not a zero-width interval', () => {
    // 5 codes in m = t = 5 sources with incidences 1, 3, 3, 4, 5: D = 5, Q1 = 1, Q2 = 0, Q3 = 2, Q4 = 1, Q5 = 1.
    // SpadeR SpecInciChao2, last branch:
    //   var = Σ Q_i (e^-i − e^-2i) − (Σ i e^-i Q_i)² / t
    //       = (0.36787944 − 0.13533528) + 2(0.04978707 − 0.00247875) + (0.01831564 − 0.00033546) + (0.00673795 − 0.00004540)
    //         − (0.36787944 + 2·3·0.04978707 + 4·0.01831564 + 5·0.00673795)² / 5
    //       = 0.35183353 − 0.77355417² / 5 = 0.35183353 − 0.11967721 = 0.23215632   (s.e. 0.48182602)
    //   P = Σ Q_i e^-i / D = (0.36787944 + 2·0.04978707 + 0.01831564 + 0.00673795) / 5 = 0.09850143
    //   CI = [max(D, D/(1−P) − 1.96·0.48182602/(1−P)), D/(1−P) + 1.96·0.48182602/(1−P)]
    //      = [max(5, 5.54632 − 1.04757), 5.54632 + 1.04757] = [5, 6.59389]
    const r = chao2FromFrequencies([1, 3, 3, 4, 5], 5);
    expect(r.form).toBe('observed');
    expect(r.estimate).toBe(5);
    expect(r.variance).toBeCloseTo(0.23215632, 7);
    expect(r.se).toBeCloseTo(0.48182602, 7);
    expect(r.ci95[0]).toBe(5);
    expect(r.ci95[1]).toBeCloseTo(6.59389, 4);
  });
  it('Q1 = 0: the same branch (SpadeR), and it says which form in the sentence', () => {
    // incidences 2, 3, 3, 4, 5 over 5 sources: Q1 = 0, Q2 = 1 → SpadeR's last branch too (its classic branch needs Q1 > 0)
    const r = chao2FromFrequencies([2, 3, 3, 4, 5], 5);
    expect(r.form).toBe('observed');
    expect(r.ci95[1]).toBeGreaterThan(5);
    const rows = ['source,code', 'a,x', 'a,y', 'b,y', 'b,z', 'c,z', 'c,x'];
    const res = computeSaturation(parseCodingsCsv(rows.join('\n'), 's.csv'), { base: 1, run: 1 });
    expect(res.overall.richness.q1).toBe(0);
    expect(saturationMethodsText(res, 'en').join(' ')).toMatch(/Q1 ≤ 1: estimate = observed number, 95% CI from Chao’s variance of the observed number as in SpadeR/);
  });
  it('the classic and bias-corrected forms are unchanged (anchors worked example: 45.76 and 44.2)', () => {
    expect(chao2(40, 8, 5, 10).estimate).toBeCloseTo(45.76, 10);
    expect(chao2(40, 8, 0, 10).form).toBe('bias-corrected');
    // bias-corrected with Q2 = 0: 40 + 0.9·8·7/2 = 65.2
    expect(chao2(40, 8, 0, 10).estimate).toBeCloseTo(65.2, 10);
  });
});

describe('Lowe et al. (2018) fit: "no finite asymptote" instead of the edge of its search grid', () => {
  it('a straight mean curve has no finite asymptote; the sentence and table say so', () => {
    const f = fitLowe([2, 4, 6, 8, 10, 12, 14, 16])!;
    expect(f.finite).toBe(false);
    const rows: string[] = ['source,code'];
    for (let s = 1; s <= 8; s++) for (let k = 0; k < 2; k++) rows.push(`s${s},c${s}-${k}`);
    const res = computeSaturation(parseCodingsCsv(rows.join('\n'), 'lin.csv'), { permutations: 20, seed: 1, base: 2, run: 1 });
    expect(res.overall.lowe?.finite).toBe(false);
    expect(loweSentence(res.overall, 'nl')).toMatch(/geen eindige asymptoot/);
    expect(loweSentence(res.overall, 'en')).not.toMatch(/T = \d/);
    const summary = saturationTables(res, 'en')[0];
    expect(summary.rows[0].loweTotal).toBe('no finite asymptote');
    expect(summary.rows[0].loweN95).toBeNull();
  });
  it('a levelling curve keeps its finite fit', () => {
    const f = fitLowe([5, 8, 10, 11, 11.5, 11.8])!;
    expect(f.finite).toBe(true);
    expect(f.total).toBeGreaterThan(11.8);
    expect(f.total).toBeLessThan(14);
  });
});

describe('numbers printed as given', () => {
  it('a threshold is printed with the precision given (0.0999 → 9,99%)', () => {
    const rows = ['source,code'];
    for (let s = 1; s <= 6; s++) rows.push(`s${s},c${s % 3}`);
    const res = computeSaturation(parseCodingsCsv(rows.join('\n'), 't.csv'), { threshold: 0.0999 });
    const text = saturationMethodsText(res, 'nl').join(' ');
    expect(text).toMatch(/drempel 9,99%/);
    expect(text).not.toMatch(/drempel 10%/);
    expect(saturationMethodsText(computeSaturation(parseCodingsCsv(rows.join('\n'), 't.csv'), { threshold: 0.05 }), 'en').join(' ')).toMatch(/threshold 5%/);
  });
  it('Fisher p below 0.0001 prints as "< 0,0001", not 0', () => {
    // 10 respondents in A all mention x, none of 10 in B: p = 2 / C(20, 10) = 2 / 184756 = 1.0825e-5 (scipy.stats.fisher_exact)
    expect(fisherExact(10, 0, 0, 10)).toBeCloseTo(2 / 184756, 12);
    const rows = ['source,group,code'];
    for (let s = 1; s <= 10; s++) rows.push(`a${s},A,x`, `b${s},B,y`);
    const doc = parseCodingsCsv(rows.join('\n'), 'f.csv');
    const nl = compareGroups(doc, { by: 'group', lang: 'nl' }).tables[0];
    expect(nl.rows.find((r) => r.code === 'x')!.p).toBe('< 0,0001');
    expect(compareGroups(doc, { by: 'group', lang: 'en' }).tables[0].rows.find((r) => r.code === 'x')!.p).toBe('< 0.0001');
  });
});
