import { describe, it, expect } from 'vitest';
import {
  DEFAULT_THRESHOLD,
  FeatureSpace,
  MIN_POSITIVES_TO_TUNE,
  THRESHOLD_GRID,
  codebookPrior,
  evaluateHeldOut,
  fitCode,
  predict,
  resolvePrior,
  trainModel,
  tune,
  type Example,
} from '../../src/coding/learn.js';
import { Suggester, withoutMarkers } from '../../src/coding/suggest.js';
import type { Codebook } from '../../src/codebook/types.js';
import type { Segment } from '../../src/model/types.js';

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

const book: Codebook = {
  id: 'mini',
  name: { nl: 'Mini', en: 'Mini' },
  language: 'nl',
  codes: [
    {
      id: 'overleg',
      name: { nl: 'Overleg', en: 'Consultation' },
      definition: { nl: 'Collega’s bespreken samen een casus.', en: 'Colleagues discuss a case together.' },
      indicators: { nl: ['casusoverleg', 'intervisie'], en: ['case meeting'] },
      rules: [{ kind: 'keywords', id: 'overleg/r1', terms: { nl: ['overleg*', 'korte lijntjes'], en: ['consult*'] } }],
    },
    {
      id: 'geld',
      name: { nl: 'Financiën', en: 'Money' },
      definition: { nl: 'Budget, subsidie en kosten van de inzet.', en: 'Budget, subsidy and cost.' },
      exclude: { nl: ['Het inkomen van de cliënt (uitkering).'], en: ['The client’s income.'] },
      rules: [{ kind: 'keywords', id: 'geld/r1', terms: { nl: ['budget*', 'subsidie*'], en: ['budget*'] } }],
    },
  ],
};

describe('learned suggestions: the model', () => {
  it('learns codes without a codebook from examples alone, held out by source, well above always-predicting', () => {
    const ex = synthetic();
    const t = tune(ex);
    const q = t.quality;
    expect(q.method).toBe('leave-one-source-out');
    // trivial baseline: never predicting a code has F1 0; always predicting it has F1 = 2p/(1+p)
    const prevalence = ex.filter((e) => e.codes.has('budget')).length / ex.length;
    const always = (2 * prevalence) / (1 + prevalence);
    expect(q.perCode.find((c) => c.code === 'budget')!.f1).toBeGreaterThan(always + 0.15);
    expect(q.micro.f1).toBeGreaterThan(0.7);
  });

  it('is deterministic and explains predictions with readable words', () => {
    const ex = synthetic();
    const a = trainModel(ex);
    const b = trainModel(ex);
    const pa = predict(a, 'de begroting en de subsidie voor de wijk', 'nl');
    expect(pa).toEqual(predict(b, 'de begroting en de subsidie voor de wijk', 'nl'));
    const budget = pa.find((p) => p.code === 'budget')!;
    expect(budget.probability).toBeGreaterThan(0.5);
    expect(budget.features).toContain('subsidie');
    // a feature learned from codings names no codebook part
    expect(budget.contributions.find((c) => c.feature === 'subsidie')!.parts).toEqual([]);
  });

  it('fits the penalised logistic regression: one feature, compared with an independent 2-D Newton solution', () => {
    // x ∈ {0,1}: 10 rows with the feature (7 positive), 20 without (2 positive); l2 = 1 on w and b, prior 0
    const X: number[][] = [];
    const y: Array<0 | 1> = [];
    for (let i = 0; i < 10; i++) { X.push([0]); y.push(i < 7 ? 1 : 0); }
    for (let i = 0; i < 20; i++) { X.push([]); y.push(i < 2 ? 1 : 0); }
    const fit = fitCode(X, y, { l2: 1, bias0: 0, prior: new Map(), positiveWeight: 1, epochs: 200 });
    // Newton on (w, b) for Σ logloss + (w² + b²)/2
    let w = 0;
    let b = 0;
    const sig = (z: number) => 1 / (1 + Math.exp(-z));
    for (let it = 0; it < 100; it++) {
      const p1 = sig(w + b);
      const p0 = sig(b);
      const gw = 10 * p1 - 7 + w;
      const gb = 10 * p1 - 7 + 20 * p0 - 2 + b;
      const h11 = 10 * p1 * (1 - p1) + 1;
      const h12 = 10 * p1 * (1 - p1);
      const h22 = 10 * p1 * (1 - p1) + 20 * p0 * (1 - p0) + 1;
      const det = h11 * h22 - h12 * h12;
      w -= (h22 * gw - h12 * gb) / det;
      b -= (h11 * gb - h12 * gw) / det;
    }
    expect(fit.weights.get(0)!).toBeCloseTo(w, 4);
    expect(fit.bias).toBeCloseTo(b, 4);
  });

  it('the codebook is a prior: with no coded example it ranks segments that use the code\'s terms first', () => {
    const texts = [
      'We hebben elke week casusoverleg met de wijkcoach, korte lijntjes.',
      'Het budget voor de inzet komt uit een subsidie.',
      'Ik fiets naar kantoor en drink koffie.',
      'De cliënt heeft een uitkering en weinig inkomen.',
    ];
    const m = trainModel([], { prior: codebookPrior([book]), unlabelled: texts.map((text) => ({ text, lang: 'nl' as const })) });
    expect(m.codes.map((c) => c.code)).toEqual(['geld', 'overleg']);
    const p = (t: string, c: string) => predict(m, t, 'nl').find((x) => x.code === c)!.probability;
    expect(p(texts[0], 'overleg')).toBeGreaterThan(p(texts[2], 'overleg'));
    expect(p(texts[0], 'overleg')).toBeGreaterThan(p(texts[1], 'overleg'));
    expect(p(texts[1], 'geld')).toBeGreaterThan(p(texts[0], 'geld'));
    // the exclusion criterion (the client's income) counts against the code
    expect(p(texts[3], 'geld')).toBeLessThan(p(texts[2], 'geld'));
    const why = predict(m, texts[0], 'nl').find((x) => x.code === 'overleg')!;
    expect(why.contributions.find((c) => c.feature === 'casusoverleg')!.parts).toContain('indicators');
  });

  it('resolves wildcard terms against the words of the texts, and Dutch compounds of a long stem', () => {
    const space = new FeatureSpace();
    space.add('overleggen en teamoverleg', 'nl');
    space.add('afstemmingsoverleg', 'nl');
    space.add('iets anders', 'nl');
    const prior = resolvePrior(codebookPrior([book]), space);
    const w = prior.weights.get('overleg')!;
    const has = (f: string) => w.has(space.ids.get(f)!);
    expect(has(space.featurize('overleggen', 'nl')[0])).toBe(true); // overleg* matches overleggen
    expect(has(space.featurize('teamoverleg', 'nl')[0])).toBe(false); // a prefix term does not match inside a word
    expect(has(space.featurize('anders', 'nl')[0])).toBe(false);
  });

  it('coded examples move the model away from the prior', () => {
    const unl = ['we hebben een koffiemoment met collega’s', 'koffiemoment op vrijdag', 'de tuin is mooi'].map((text) => ({ text, lang: 'nl' as const }));
    const ex: Example[] = [
      { text: 'op vrijdag is er een koffiemoment met het hele team', lang: 'nl', codes: new Set(['overleg']) },
      { text: 'elk koffiemoment bespreken we lastige situaties', lang: 'nl', codes: new Set(['overleg']) },
      { text: 'de tuin van het kantoor is mooi', lang: 'nl', codes: new Set() },
      { text: 'ik woon in een dorp', lang: 'nl', codes: new Set() },
    ];
    const prior = codebookPrior([book]);
    const before = trainModel([], { prior, unlabelled: [...unl, ...ex] });
    const after = trainModel(ex, { prior, unlabelled: unl });
    const p = (m: typeof before) => predict(m, 'koffiemoment op vrijdag', 'nl').find((x) => x.code === 'overleg')!.probability;
    expect(p(after)).toBeGreaterThan(p(before) + 0.1);
  });

  it('partial labels (review decisions) count only for the codes they name', () => {
    const ex: Example[] = [
      { text: 'subsidie aangevraagd', lang: 'nl', codes: new Set(['geld']), negatives: new Set() },
      { text: 'subsidie besproken in het overleg', lang: 'nl', codes: new Set(), negatives: new Set(['geld']) },
    ];
    const m = trainModel(ex, { prior: codebookPrior([book]) });
    const geld = m.codes.find((c) => c.code === 'geld')!;
    const overleg = m.codes.find((c) => c.code === 'overleg')!;
    expect([geld.positives, geld.negatives]).toEqual([1, 1]);
    expect([overleg.positives, overleg.negatives]).toEqual([0, 0]);
  });

  it('chooses the threshold only with enough coded examples, and never below 0.3', () => {
    expect(Math.min(...THRESHOLD_GRID)).toBeGreaterThanOrEqual(0.3);
    const ex = synthetic();
    const a = tune(ex);
    expect(tune(ex)).toEqual(a);
    expect(THRESHOLD_GRID).toContain(a.threshold);
    expect(a.reason).toMatch(/cross-validated/);
    const atDefault = evaluateHeldOut(ex, DEFAULT_THRESHOLD);
    expect(a.quality.micro.f1).toBeGreaterThanOrEqual(atDefault.micro.f1);
    // few positives: the default, and the reason says so
    const few = ex.filter((e) => e.codes.size === 0).slice(0, 30).concat(ex.filter((e) => e.codes.size > 0).slice(0, 8));
    expect(few.reduce((n, e) => n + e.codes.size, 0)).toBeLessThan(MIN_POSITIVES_TO_TUNE);
    const t = tune(few);
    expect(t.threshold).toBe(DEFAULT_THRESHOLD);
    expect(t.reason).toMatch(/default/);
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
    const m = trainModel(ex);
    expect(predict(m, 'gesprek over de wijk', 'nl', undefined, ['rule=x'])[0].probability).toBeGreaterThan(q.threshold);
    expect(predict(m, 'gesprek over de wijk', 'nl')[0].probability).toBeLessThan(q.threshold);
  });
});

describe('learned suggestions: markers and the review suggester', () => {
  it('masks inline markers so that a model never learns a code from its label', () => {
    const t = 'We overleggen veel. Code: joint-measure En {{overleg}} klaar';
    const m = withoutMarkers(t);
    expect(m).toHaveLength(t.length);
    expect(m).toMatch(/^We overleggen veel\. +En +klaar$/);
    expect(withoutMarkers('geen markers')).toBe('geen markers');
  });

  it('retrains one code per decision and moves its probability the decided way', () => {
    const seg = (i: number, text: string): Segment => ({ id: `s#${i}`, sourceId: 's', index: i, unit: 'turn', speaker: 'R', role: 'respondent', start: 0, end: text.length, text });
    const segs = [seg(0, 'we hebben vaak overleg over de subsidie'), seg(1, 'overleg met de buurvrouw over de tuin'), seg(2, 'de tuin is groot')];
    const s = new Suggester(segs, { books: [book] });
    const p0 = s.probability('s#1', 'overleg');
    s.label('s#1', 'overleg', 0);
    s.retrain('overleg');
    const p1 = s.probability('s#1', 'overleg');
    expect(p1).toBeLessThan(p0);
    expect(s.decided).toBe(1);
    // the other code is untouched
    const g = s.probability('s#0', 'geld');
    s.label('s#2', 'overleg', 1);
    s.retrain('overleg');
    expect(s.probability('s#0', 'geld')).toBe(g);
    expect(s.probability('s#2', 'overleg')).toBeGreaterThan(0);
    // taking the decisions back returns close to where it started
    s.label('s#1', 'overleg', undefined);
    s.label('s#2', 'overleg', undefined);
    s.retrain('overleg', 60);
    expect(s.probability('s#1', 'overleg')).toBeCloseTo(p0, 2);
  });
});
