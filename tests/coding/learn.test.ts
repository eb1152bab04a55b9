import { describe, it, expect } from 'vitest';
import { evaluateHeldOut, predict, trainModel, tune, THRESHOLD_GRID, type Example } from '../../src/coding/learn.js';

/** A deterministic synthetic set: code "budget" segments talk about money words, "team" about colleagues. */
function synthetic(): Example[] {
  let a = 7; // mulberry32
  const rnd = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T,>(a: T[]) => a[Math.floor(rnd() * a.length)];
  const filler = ['vandaag', 'gesprek', 'wijk', 'bewoner', 'situatie', 'moment', 'week', 'vraag', 'huis', 'straat', 'school', 'avond'];
  const money = ['budget', 'geld', 'subsidie', 'financiering', 'kosten', 'begroting'];
  const team = ['collega', 'teamoverleg', 'samenwerking', 'afstemming', 'overleg', 'collega’s'];
  const out: Example[] = [];
  for (let i = 0; i < 120; i++) {
    const codes = new Set<string>();
    const words: string[] = [];
    for (let k = 0; k < 12; k++) words.push(pick(filler));
    if (i % 3 === 0) { codes.add('budget'); words.push(pick(money), pick(money)); }
    if (i % 4 === 0) { codes.add('team'); words.push(pick(team), pick(team)); }
    out.push({ text: words.join(' '), lang: 'nl', codes, group: i < 60 ? 'a' : 'b' });
  }
  return out;
}

describe('learned suggestions', () => {
  it('beats the trivial baseline (always predict the majority class) on a separable set', () => {
    const ex = synthetic();
    const q = evaluateHeldOut(ex, 0.5);
    expect(q.method).toBe('leave-one-source-out');
    // trivial baseline: never predicting a code has F1 0; always predicting it has F1 = 2p/(1+p)
    const prevalence = ex.filter((e) => e.codes.has('budget')).length / ex.length;
    const always = (2 * prevalence) / (1 + prevalence);
    const budget = q.perCode.find((c) => c.code === 'budget')!;
    expect(budget.f1).toBeGreaterThan(always + 0.15);
    expect(q.micro.f1).toBeGreaterThan(0.7);
  });

  it('is deterministic and explains predictions with n-grams', () => {
    const ex = synthetic();
    const a = trainModel(ex);
    const b = trainModel(ex);
    const pa = predict(a, 'de begroting en de subsidie voor de wijk', 'nl');
    expect(pa).toEqual(predict(b, 'de begroting en de subsidie voor de wijk', 'nl'));
    const budget = pa.find((p) => p.code === 'budget')!;
    expect(budget.probability).toBeGreaterThan(0.5);
    expect(budget.features.some((f) => f.startsWith('begrot') || f.startsWith('subsidie'))).toBe(true);
  });

  it('tunes threshold and penalty by cross-validation, deterministically, never worse than the default on the folds', () => {
    const ex = synthetic();
    const a = tune(ex);
    expect(tune(ex)).toEqual(a);
    expect(THRESHOLD_GRID).toContain(a.threshold);
    const atDefault = evaluateHeldOut(ex, 0.5, { l2: 0.01 });
    expect(a.quality.micro.f1).toBeGreaterThanOrEqual(atDefault.micro.f1);
  });

  it('uses extra features (the rules\' codes) when they carry the signal', () => {
    // text says nothing; only the extra feature tells the code
    const ex: Example[] = Array.from({ length: 60 }, (_, i) => ({
      text: `gesprek nummer ${['een', 'twee', 'drie'][i % 3]} over de wijk`,
      lang: 'nl' as const,
      codes: new Set(i % 4 === 0 ? ['x'] : []),
      group: i < 30 ? 'a' : 'b',
      extra: i % 4 === 0 ? ['rule=x'] : [],
    }));
    const q = tune(ex);
    expect(q.quality.micro.f1).toBe(1);
    const m = trainModel(ex, { l2: q.l2 });
    expect(predict(m, 'gesprek over de wijk', 'nl', undefined, ['rule=x'])[0].probability).toBeGreaterThan(q.threshold);
    expect(predict(m, 'gesprek over de wijk', 'nl')[0].probability).toBeLessThan(q.threshold);
  });
});
