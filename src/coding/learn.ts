/**
 * Learned code suggestions (pure, deterministic): one-vs-rest logistic
 * regression with L2 penalty and balanced class weights over binary features
 * (stemmed unigrams and bigrams of content words), trained by full-batch
 * gradient descent with a fixed number of epochs (no randomness: the same
 * inputs give byte-identical models).
 *
 * Why this method: with a few hundred coded segments and thousands of
 * n-grams, a linear model with a penalty is the standard, robust choice; its
 * weights are readable, so every suggestion lists the n-grams that drove it.
 */
import type { Lang } from '../model/types.js';
import { fold, WORD_PATTERN } from './tokenize.js';
import { makeStemmer, type StemFn } from './stem.js';

export interface Example {
  readonly text: string;
  readonly lang?: Lang;
  /** Codes present (empty for negatives). */
  readonly codes: ReadonlySet<string>;
  /** Group for leave-one-group-out evaluation (the source id). */
  readonly group?: string;
  /** Extra binary features, e.g. `rule=<code>` when the codebook rules coded the segment with that code. */
  readonly extra?: readonly string[];
}

export interface LearnOptions {
  readonly epochs?: number;
  readonly l2?: number;
  readonly learningRate?: number;
  /** Codes with fewer positive examples are not learned. */
  readonly minPositives?: number;
  /** Add bigrams to the unigram features (default true). */
  readonly bigrams?: boolean;
}

export interface CodeModel {
  readonly code: string;
  readonly bias: number;
  readonly weights: ReadonlyMap<number, number>;
  readonly positives: number;
}

export interface Model {
  readonly vocab: ReadonlyMap<string, number>;
  readonly names: readonly string[];
  readonly codes: readonly CodeModel[];
  /** Codes seen with too few examples to learn. */
  readonly skipped: readonly string[];
}

export interface Prediction {
  readonly code: string;
  readonly probability: number;
  /** Top contributing n-grams. */
  readonly features: readonly string[];
}

const STOP_NL = new Set(
  'de het een en van ik je jij u we wij ze zij hij die dat dit deze is zijn was waren wordt worden werd ben bent heb hebt heeft hebben had in op aan met voor naar om te bij uit als of maar dan dus ook nog wel niet geen al er hier daar waar wat wie hoe ja nee nou oke oké zo even heel echt gewoon eigenlijk beetje toch want omdat mijn mijn jouw ons onze hun haar zijn kan kun kunnen moet moeten zal zou zouden gaat gaan ga doen doet gedaan mee meer veel ook uhu eh ehm hè weet weten zeg zeggen zegt zei iets niks alles elkaar men mij me jullie hen wel zelf'.split(' '),
);
const STOP_EN = new Set(
  'the a an and or but of to in on at for with from by as is are was were be been being have has had do does did i you he she it we they me him her us them my your our their this that these those there here what which who how not no yes so then than also just very really well can could will would should may might must about into up out if because um uh like know'.split(' '),
);

export interface Featurizer {
  (text: string, lang?: Lang): string[];
}

/** Stemmed content-word unigrams and bigrams (deduplicated, sorted). */
export function makeFeaturizer(bigrams = true): Featurizer {
  const stems: Partial<Record<Lang, StemFn>> = {};
  return (text: string, lang: Lang = 'nl') => {
    const st = (stems[lang] ??= makeStemmer(lang));
    const stop = lang === 'nl' ? STOP_NL : STOP_EN;
    const words: string[] = [];
    const re = new RegExp(WORD_PATTERN.source, 'gu');
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const w = fold(m[0]);
      if (w.length < 3 || stop.has(w) || /^\d+$/.test(w)) {
        words.push('');
        continue;
      }
      words.push(st(w));
    }
    const out = new Set<string>();
    for (let i = 0; i < words.length; i++) {
      if (!words[i]) continue;
      out.add(words[i]);
      if (bigrams && words[i + 1]) out.add(`${words[i]} ${words[i + 1]}`);
    }
    return [...out].sort();
  };
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

export function trainModel(examples: readonly Example[], opts: LearnOptions = {}): Model {
  const featurize = makeFeaturizer(opts.bigrams ?? true);
  const vocab = new Map<string, number>();
  const names: string[] = [];
  // keep features seen in at least 2 examples (plus all when the set is tiny)
  const df = new Map<string, number>();
  const feats = examples.map((e) => withExtra(featurize(e.text, e.lang), e.extra));
  for (const f of feats) for (const x of f) df.set(x, (df.get(x) ?? 0) + 1);
  const minDf = examples.length >= 50 ? 2 : 1;
  for (const [x, n] of [...df].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (n >= minDf) {
      vocab.set(x, names.length);
      names.push(x);
    }
  }
  const X = feats.map((f) => f.map((x) => vocab.get(x)).filter((i): i is number => i !== undefined));
  const allCodes = [...new Set(examples.flatMap((e) => [...e.codes]))].sort();
  const minPos = opts.minPositives ?? 2;
  const epochs = opts.epochs ?? 200;
  const l2 = opts.l2 ?? 0.01;
  const lr = opts.learningRate ?? 2;
  const codes: CodeModel[] = [];
  const skipped: string[] = [];
  const n = examples.length;
  for (const code of allCodes) {
    const y = examples.map((e) => (e.codes.has(code) ? 1 : 0));
    const pos = y.reduce<number>((a, b) => a + b, 0);
    if (pos < minPos || pos === n) {
      skipped.push(code);
      continue;
    }
    // balanced class weights
    const wPos = n / (2 * pos);
    const wNeg = n / (2 * (n - pos));
    const w = new Float64Array(names.length);
    let b = 0;
    const grad = new Float64Array(names.length);
    for (let ep = 0; ep < epochs; ep++) {
      grad.fill(0);
      let gb = 0;
      for (let i = 0; i < n; i++) {
        let z = b;
        for (const j of X[i]) z += w[j];
        const err = (sigmoid(z) - y[i]) * (y[i] ? wPos : wNeg);
        gb += err;
        for (const j of X[i]) grad[j] += err;
      }
      for (let j = 0; j < w.length; j++) w[j] -= (lr * (grad[j] / n + l2 * w[j]));
      b -= (lr * gb) / n;
    }
    const weights = new Map<number, number>();
    for (let j = 0; j < w.length; j++) if (Math.abs(w[j]) > 1e-6) weights.set(j, w[j]);
    codes.push({ code, bias: b, weights, positives: pos });
  }
  return { vocab, names, codes, skipped };
}

function withExtra(f: string[], extra: readonly string[] | undefined): string[] {
  return extra && extra.length ? [...new Set([...f, ...extra])].sort() : f;
}

export function predict(model: Model, text: string, lang?: Lang, featurize: Featurizer = makeFeaturizer(), extra?: readonly string[]): Prediction[] {
  const ids = withExtra(featurize(text, lang), extra).map((x) => model.vocab.get(x)).filter((i): i is number => i !== undefined);
  return model.codes.map((cm) => {
    let z = cm.bias;
    const contrib: Array<[number, number]> = [];
    for (const j of ids) {
      const wj = cm.weights.get(j);
      if (wj !== undefined) {
        z += wj;
        if (wj > 0) contrib.push([j, wj]);
      }
    }
    contrib.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    return { code: cm.code, probability: Math.round(sigmoid(z) * 10000) / 10000, features: contrib.slice(0, 5).map(([j]) => model.names[j]) };
  });
}

export interface CodeQuality {
  readonly code: string;
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

export interface Quality {
  /** `leave-one-source-out` or `5-fold by position`. */
  readonly method: string;
  readonly threshold: number;
  /** The threshold chosen on the training data (cross-validated F1), when it was chosen automatically. */
  readonly chosenThreshold?: number;
  readonly perCode: readonly CodeQuality[];
  readonly micro: CodeQuality;
}

export function prf(code: string, tp: number, fp: number, fn: number): CodeQuality {
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  const r = (x: number) => Math.round(x * 10000) / 10000;
  return { code, tp, fp, fn, precision: r(precision), recall: r(recall), f1: r(f1) };
}

/** Folds: leave-one-group-out when there are ≥ 2 groups, else 5 folds by position (i mod 5). */
function makeFolds(examples: readonly Example[]): { method: string; folds: number[][] } {
  const groups = [...new Set(examples.map((e) => e.group ?? ''))].sort();
  const folds: number[][] = [];
  if (groups.length >= 2) {
    for (const g of groups) folds.push(examples.map((e, i) => ((e.group ?? '') === g ? i : -1)).filter((i) => i >= 0));
    return { method: 'leave-one-source-out', folds };
  }
  for (let k = 0; k < 5; k++) folds.push(examples.map((_, i) => (i % 5 === k ? i : -1)).filter((i) => i >= 0));
  return { method: '5-fold by position', folds };
}

/** Out-of-fold probabilities: for each example, code → probability from a model not trained on it. */
export function outOfFold(examples: readonly Example[], opts: LearnOptions = {}): { method: string; probs: Array<Map<string, number>> } {
  const { method, folds } = makeFolds(examples);
  const probs: Array<Map<string, number>> = examples.map(() => new Map());
  const featurize = makeFeaturizer(opts.bigrams ?? true);
  for (const test of folds) {
    const inTest = new Set(test);
    const model = trainModel(examples.filter((_, i) => !inTest.has(i)), opts);
    for (const i of test) {
      const e = examples[i];
      for (const p of predict(model, e.text, e.lang, featurize, e.extra)) probs[i].set(p.code, p.probability);
    }
  }
  return { method, probs };
}

function qualityAt(examples: readonly Example[], probs: ReadonlyArray<ReadonlyMap<string, number>>, threshold: number, method: string): Quality {
  const counts = new Map<string, { tp: number; fp: number; fn: number }>();
  const get = (c: string) => counts.get(c) ?? counts.set(c, { tp: 0, fp: 0, fn: 0 }).get(c)!;
  examples.forEach((e, i) => {
    const predicted = new Set<string>();
    for (const [c, p] of probs[i]) if (p >= threshold) predicted.add(c);
    for (const c of [...predicted].sort()) if (e.codes.has(c)) get(c).tp++; else get(c).fp++;
    for (const c of [...e.codes].sort()) if (!predicted.has(c)) get(c).fn++;
  });
  const perCode = [...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([c, x]) => prf(c, x.tp, x.fp, x.fn));
  const tot = perCode.reduce((a, q) => ({ tp: a.tp + q.tp, fp: a.fp + q.fp, fn: a.fn + q.fn }), { tp: 0, fp: 0, fn: 0 });
  return { method, threshold, perCode, micro: prf('(micro)', tot.tp, tot.fp, tot.fn) };
}

/** Held-out quality: leave-one-group-out when there are ≥ 2 groups, else 5 folds by position (i mod 5). */
export function evaluateHeldOut(examples: readonly Example[], threshold = 0.5, opts: LearnOptions = {}): Quality {
  const { method, probs } = outOfFold(examples, opts);
  return qualityAt(examples, probs, threshold, method);
}

export const L2_GRID: readonly number[] = [0.003, 0.01, 0.03, 0.1];
export const THRESHOLD_GRID: readonly number[] = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7];

export interface Tuned {
  readonly l2: number;
  readonly threshold: number;
  /** Cross-validated quality at the chosen settings (optimistic: the settings were chosen on the same folds). */
  readonly quality: Quality;
}

/**
 * Choose the L2 penalty and the probability threshold on the training data:
 * the pair with the best cross-validated micro F1 (ties: the stronger penalty,
 * then the higher threshold). Deterministic (grids, fixed folds).
 */
export function tune(examples: readonly Example[], opts: LearnOptions = {}, l2Grid: readonly number[] = L2_GRID, thresholds: readonly number[] = THRESHOLD_GRID): Tuned {
  let best: Tuned | undefined;
  for (const l2 of [...l2Grid].sort((a, b) => b - a)) {
    const { method, probs } = outOfFold(examples, { ...opts, l2 });
    for (const t of [...thresholds].sort((a, b) => b - a)) {
      const q = qualityAt(examples, probs, t, method);
      if (!best || q.micro.f1 > best.quality.micro.f1 + 1e-9) best = { l2, threshold: t, quality: q };
    }
  }
  return best!;
}
