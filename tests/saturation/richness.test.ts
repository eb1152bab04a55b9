import { describe, it, expect } from 'vitest';
import { chao2, chao2FromFrequencies } from '../../src/analysis/richness.js';
import { computeSaturation } from '../../src/analysis/saturation.js';
import { docFrom } from './helpers.js';

describe('Chao2 (incidence-based richness)', () => {
  it('matches the worked example of anchors §3.6 (m=10, S_obs=40, Q1=8, Q2=5)', () => {
    const r = chao2(40, 8, 5, 10);
    expect(r.form).toBe('classic');
    expect(r.estimate).toBeCloseTo(45.76, 10); // 40 + 0.9·64/10
    expect(r.biasCorrected).toBeCloseTo(44.2, 10); // 40 + 0.9·56/12
    expect(r.unseen).toBeCloseTo(5.76, 10);
    // variance by hand: A=0.9, Q1/Q2=1.6
    // 5·(0.45·2.56 + 0.81·4.096 + 0.2025·6.5536) = 5·(1.152 + 3.31776 + 1.327104) = 28.98432
    expect(r.variance).toBeCloseTo(28.98432, 8);
    // log-normal CI: T = 5.76, K = exp(1.96·sqrt(ln(1 + 28.98432/5.76²)))
    const K = Math.exp(1.96 * Math.sqrt(Math.log(1 + 28.98432 / 33.1776)));
    expect(r.ci95[0]).toBeCloseTo(40 + 5.76 / K, 8);
    expect(r.ci95[1]).toBeCloseTo(40 + 5.76 * K, 8);
    expect(r.ci95[0]).toBeCloseTo(41.219, 2);
    expect(r.ci95[1]).toBeCloseTo(67.22, 1);
  });

  it('uses the bias-corrected form when Q2 = 0, with its variance', () => {
    // m=5, S_obs=6, Q1=4, Q2=0: A=0.8; Ŝ = 6 + 0.8·4·3/2 = 10.8
    const r = chao2(6, 4, 0, 5);
    expect(r.form).toBe('bias-corrected');
    expect(r.classic).toBeNull();
    expect(r.estimate).toBeCloseTo(10.8, 12);
    // var = 0.8·12/2 + 0.64·4·49/4 − 0.64·256/(4·10.8) = 4.8 + 31.36 − 3.79259…
    expect(r.variance).toBeCloseTo(4.8 + 31.36 - (0.64 * 256) / 43.2, 10);
    expect(r.ci95[0]).toBeGreaterThan(6);
    expect(r.ci95[1]).toBeGreaterThan(r.estimate);
  });

  it('no singletons: nothing unseen, and the CI is not zero-width (Chao’s variance of the observed richness, as SpadeR)', () => {
    const r = chao2FromFrequencies([2, 3, 2, 4], 4);
    expect(r.observed).toBe(4);
    expect(r.q1).toBe(0);
    expect(r.q2).toBe(2);
    expect(r.estimate).toBe(4);
    expect(r.form).toBe('observed');
    // var = 2(e^-2 − e^-4) + (e^-3 − e^-6) + (e^-4 − e^-8) − (2·2e^-2 + 3e^-3 + 4e^-4)² / 4
    //     = 0.29932778 − 0.76396490² / 4 = 0.15341719;  P = (2e^-2 + e^-3 + e^-4) / 4 = 0.08469332
    //     CI = [max(4, 4/(1−P) − 1.96·√var/(1−P)), 4/(1−P) + 1.96·√var/(1−P)] = [4, 4.37013 + 0.83874] = [4, 5.20887]
    expect(r.variance).toBeCloseTo(0.15341719, 7);
    expect(r.ci95[0]).toBe(4);
    expect(r.ci95[1]).toBeCloseTo(5.20887, 4);
    expect(r.coverage).toBe(1);
  });

  it('counts Q1/Q2 from sources (incidence, not abundance)', () => {
    // code a appears 3× in s1 but only in one source → singleton
    const doc = docFrom([
      ['s1', ['a', 'a', 'a', 'b']],
      ['s2', ['b', 'c']],
      ['s3', ['c', 'd']],
    ]);
    const r = computeSaturation(doc, { order: 'file' }).overall.richness;
    expect([r.m, r.observed, r.q1, r.q2, r.incidences]).toEqual([3, 4, 2, 2, 6]);
    // classic: 4 + (2/3)·4/(2·2) = 4.6667
    expect(r.estimate).toBeCloseTo(4 + (2 / 3) * (4 / 4), 12);
    // coverage: 1 − (2/6)·((2·2)/(2·2 + 2·2)) = 1 − 1/6
    expect(r.coverage).toBeCloseTo(5 / 6, 12);
  });
});

import { fitLowe, observationsFor } from '../../src/analysis/saturation-lowe.js';

describe('Lowe et al. (2018) model fit', () => {
  it('n* = ⌈ln(1 − s*) / ln(1 − p)⌉: p = 0.2, s* = 0.95 → 14 (anchors §3.4 example)', () => {
    expect(observationsFor(0.95, 0.2)).toBe(14);
    expect(observationsFor(0.9, 0.2)).toBe(11); // ln 0.1 / ln 0.8 = 10.32
  });

  it('recovers T and p from an exact curve', () => {
    const y = Array.from({ length: 20 }, (_, i) => 50 * (1 - 0.8 ** (i + 1)));
    const fit = fitLowe(y)!;
    expect(fit.total).toBeCloseTo(50, 4);
    expect(fit.p).toBeCloseTo(0.2, 5);
    expect(fit.saturation).toBeCloseTo(1 - 0.8 ** 20, 5);
    expect(fit.n95).toBe(14);
    expect(fit.rmse).toBeLessThan(1e-4);
  });
});
