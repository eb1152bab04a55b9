/**
 * Learned suggestions for a corpus (pure): training examples from a coded
 * document (`--learn-from`), the codebook prior, the model's suggestions, and
 * the `Suggester` the review loop retrains after every decision.
 *
 * Training text comes from the coded document itself (the JSON document's
 * segments, a codings CSV's `text` column), so that learning from two coded
 * interviews works for any other interviews; only when the document carries no
 * text are the coded sources looked up among the inputs. Marker text
 * (`Code: …`, `{{…}}`) is masked before learning and predicting: a model must
 * not learn the code from its own label.
 */
import type { Codebook } from '../codebook/types.js';
import type { CodeRef, Coding, CodingsDocument, Corpus, Diagnostic, Lang, Segment } from '../model/types.js';
import { inputError } from '../model/errors.js';
import { applyMask } from './tokenize.js';
import { findMarkers, labelKey, markerMask, mayHaveMarkers } from './markers.js';
import { codeResolver, mapImportedCodings } from './human-codings.js';
import {
  DEFAULT_THRESHOLD,
  FeatureSpace,
  THRESHOLD_GRID,
  codePrior,
  ruleRelative,
  codebookPrior,
  fitCode,
  labelOf,
  predictRow,
  resolvePrior,
  trainModel,
  tune,
  LEARN_SETTINGS,
  type CodeModel,
  type Example,
  type Prediction,
  type Prior,
  type PriorSpec,
  type Quality,
} from './learn.js';

/** The text without inline marker text (same length: offsets keep). */
export function withoutMarkers(text: string): string {
  if (!mayHaveMarkers(text)) return text;
  const m = findMarkers(text);
  return m.length ? applyMask(text, markerMask(m)) : text;
}

const isAuto = (c: Coding) => c.coder === 'rules' || c.coder === 'model';

export interface TrainingSet {
  readonly examples: Example[];
  /** Corpus segment id → codes the researcher coded there in the document (no suggestion is made for these). */
  readonly coded: Map<string, Set<string>>;
  /** Human codings in the document, and how many of them became training labels. */
  readonly humanCodings: number;
  readonly used: number;
  /** `document` (its own segment texts) or `inputs` (the coded sources among the inputs). */
  readonly textFrom: 'document' | 'inputs';
  readonly sources: number;
  readonly diagnostics: Diagnostic[];
  /** Document segments per source (for running the rules on them). */
  readonly segments: Segment[];
}

/**
 * The examples of a coded document: every segment with text of every source
 * that has at least one human coding (uncoded segments of a coded source are
 * negatives; interviewer segments only when coded or with `speakers: 'all'`),
 * with the codes of the human codings on it. Exit 2 (input error) when the
 * document has no human codings, or no text for them.
 */
export function trainingSet(
  doc: CodingsDocument,
  corpus: Corpus,
  codes: readonly CodeRef[],
  opts: { file: string; turnNumbers?: boolean; speakers?: 'respondent' | 'all' },
): TrainingSet {
  const human = doc.codings.filter((c) => !isAuto(c));
  if (!human.length) {
    const auto = doc.codings.length;
    throw inputError('coding', 'learn-no-codings', `${opts.file} has no human codings to learn from${auto ? ` (its ${auto} codings are all suggestions of the rules or the model)` : ''}`, {
      file: opts.file,
      hint: 'code a few sources by hand first (markers such as {{code}} in the sources, or qda review, then qda code … -o coded.json), and learn from that document; or use --suggest to rank segments from the codebook alone',
    });
  }
  const resolve = codeResolver(codes);
  const codeOf = (label: string) => resolve.get(labelKey(label)) ?? (codes.length ? labelKey(label) : label);
  const eligible = (s: Segment) => opts.speakers === 'all' || s.role !== 'interviewer';
  // pairs coded in the document, mapped onto the inputs (sources in both)
  const mapped = mapImportedCodings({ ...doc, codings: human }, corpus, codes, { file: opts.file, turnNumbers: opts.turnNumbers });
  const coded = new Map<string, Set<string>>();
  const inCorpus = new Set(corpus.segments.map((s) => s.id));
  for (const c of mapped.codings) if (c.segmentId && inCorpus.has(c.segmentId)) (coded.get(c.segmentId) ?? coded.set(c.segmentId, new Set()).get(c.segmentId)!).add(c.code);
  const diagnostics = mapped.diagnostics.filter((d) => d.ruleId !== 'codings-unknown-source');

  // 1. the document's own segment texts
  const codedSources = new Set(human.map((c) => c.sourceId));
  const segs = doc.segments.filter((s) => codedSources.has(s.sourceId) && s.text.trim() !== '');
  if (segs.length) {
    const bySeg = new Map<string, Set<string>>();
    const bySource = new Map<string, Segment[]>();
    for (const s of segs) (bySource.get(s.sourceId) ?? bySource.set(s.sourceId, []).get(s.sourceId)!).push(s);
    let used = 0;
    for (const c of human) {
      let target: Segment[] = [];
      const own = c.segmentId ? segs.find((s) => s.id === c.segmentId) : undefined;
      if (own) target = [own];
      else if (c.end > c.start) target = (bySource.get(c.sourceId) ?? []).filter((s) => s.start < c.end && s.end > c.start);
      if (!target.length) continue;
      used++;
      for (const s of target) (bySeg.get(s.id) ?? bySeg.set(s.id, new Set()).get(s.id)!).add(codeOf(c.code));
    }
    if (used) {
      const lang = new Map<string, Lang | undefined>(doc.sources.map((s) => [s.id, s.language]));
      const questions = questionBefore(doc.segments);
      const examples: Example[] = [];
      const kept: Segment[] = [];
      for (const s of segs) {
        const codesHere = bySeg.get(s.id);
        if (!codesHere && !eligible(s)) continue;
        kept.push(s);
        const q = questions.get(s.id);
        examples.push({ text: withoutMarkers(s.text), lang: lang.get(s.sourceId) ?? guessLang(corpus), codes: codesHere ?? new Set(), group: s.sourceId, ...(q ? { context: withoutMarkers(q.text) } : {}) });
      }
      if (used < human.length) {
        diagnostics.push({
          severity: 'warning',
          source: 'coding',
          ruleId: 'learn-codings-without-text',
          message: `${human.length - used} of the ${human.length} human codings in ${opts.file} are on no segment with text in it; they are not learned from`,
          file: opts.file,
          hint: 'write the document with qda code (its segments carry the texts), or fill the text column of the CSV',
        });
      }
      return { examples, coded, humanCodings: human.length, used, textFrom: 'document', sources: new Set(kept.map((s) => s.sourceId)).size, diagnostics, segments: kept };
    }
  }

  // 2. the coded sources among the inputs
  const bySeg = new Map<string, Set<string>>();
  const trainSources = new Set<string>();
  const corpusSegs = new Set(corpus.segments.map((s) => s.id));
  for (const c of mapped.codings) {
    if (!c.segmentId || !corpusSegs.has(c.segmentId)) continue;
    trainSources.add(c.sourceId);
    (bySeg.get(c.segmentId) ?? bySeg.set(c.segmentId, new Set()).get(c.segmentId)!).add(c.code);
  }
  if (!trainSources.size) {
    throw inputError('coding', 'learn-no-text', `${opts.file} has ${human.length} human coding${human.length === 1 ? '' : 's'} but no text to learn from: it carries no segment texts, and its sources are not among the inputs`, {
      file: opts.file,
      hint: 'learn from the document written by qda code (qda code coded/ -o coded.json carries the texts), add a text column to the CSV, or give the coded sources as inputs too',
    });
  }
  const lang = new Map(corpus.sources.map((s) => [s.id, s.language]));
  const questions = questionBefore(corpus.segments);
  const examples: Example[] = [];
  const kept: Segment[] = [];
  for (const s of corpus.segments) {
    if (!trainSources.has(s.sourceId)) continue;
    const codesHere = bySeg.get(s.id);
    if (!codesHere && !eligible(s)) continue;
    kept.push(s);
    const q = questions.get(s.id);
    examples.push({ text: withoutMarkers(s.text), lang: lang.get(s.sourceId), codes: codesHere ?? new Set(), group: s.sourceId, ...(q ? { context: withoutMarkers(q.text) } : {}) });
  }
  return { examples, coded, humanCodings: human.length, used: mapped.codings.filter((c) => c.segmentId && corpusSegs.has(c.segmentId)).length, textFrom: 'inputs', sources: trainSources.size, diagnostics, segments: kept };
}

function guessLang(corpus: Corpus): Lang | undefined {
  return corpus.sources.find((s) => s.language)?.language;
}

/** The interviewer's question before each segment (the previous interviewer segment of the same source), if any. */
export function questionBefore(segments: readonly Segment[]): Map<string, Segment> {
  const out = new Map<string, Segment>();
  let last: Segment | undefined;
  let src = '';
  for (const s of segments) {
    if (s.sourceId !== src) {
      src = s.sourceId;
      last = undefined;
    }
    if (s.role === 'interviewer') last = s;
    else if (last) out.set(s.id, last);
  }
  return out;
}

export interface SuggestOptions {
  /** Training examples (may be empty: the codebook alone). */
  readonly examples: readonly Example[];
  readonly books: readonly Codebook[];
  /** Extra features of corpus segments (`rule=<code>`). */
  readonly ruleFeatures?: ReadonlyMap<string, readonly string[]>;
  readonly speakers?: 'respondent' | 'all';
  /** (segment id → codes) not to suggest: what a researcher coded there. */
  readonly skip?: ReadonlyMap<string, ReadonlySet<string>>;
  /** Fixed threshold; default: chosen on the examples (see `tune`), or DEFAULT_THRESHOLD without them. */
  readonly minScore?: number;
  /** Only these codes (default: the codebooks' codes and the examples' codes). */
  readonly codes?: readonly string[];
}

export interface LearnQuality extends Quality {
  readonly trainedOn: number;
  readonly skipped: readonly string[];
  /** Positive codings among the examples. */
  readonly positives: number;
}

/**
 * Suggestions (coder `model`) for the eligible corpus segments: every (segment,
 * code) whose probability reaches the threshold, except pairs in `skip`.
 * With examples, the threshold is chosen on them and the held-out quality is
 * returned; without, the codebook prior alone ranks (quality undefined).
 */
export function suggestCodings(corpus: Corpus, opts: SuggestOptions): { codings: Coding[]; quality?: LearnQuality; threshold: number; thresholdReason: string } {
  const prior = codebookPrior(opts.books);
  const eligible = (s: Segment) => opts.speakers === 'all' || s.role !== 'interviewer';
  const lang = new Map(corpus.sources.map((s) => [s.id, s.language]));
  const targets = corpus.segments.filter(eligible);
  const questions = questionBefore(corpus.segments);
  const ctx = (s: Segment) => {
    const q = questions.get(s.id);
    return q ? withoutMarkers(q.text) : undefined;
  };
  const unlabelled = targets.map((s) => ({ text: withoutMarkers(s.text), lang: lang.get(s.sourceId), extra: opts.ruleFeatures?.get(s.id), context: ctx(s) }));
  const examples = opts.examples;
  const positives = examples.reduce((n, e) => n + e.codes.size, 0);
  let threshold = opts.minScore ?? DEFAULT_THRESHOLD;
  let reason = opts.minScore !== undefined ? `${opts.minScore} (given)` : `${DEFAULT_THRESHOLD} (default: no coded examples, the codebook alone ranks)`;
  let quality: LearnQuality | undefined;
  const learnOpts = { prior, unlabelled };
  const model = trainModel(examples, learnOpts);
  if (examples.length) {
    const groups = new Set(examples.map((e) => e.group ?? '')).size;
    const tuned = tune(examples, learnOpts, undefined, opts.minScore !== undefined ? [opts.minScore] : THRESHOLD_GRID);
    threshold = tuned.threshold;
    reason = tuned.reason;
    quality = {
      ...tuned.quality,
      ...(opts.minScore === undefined ? { chosenThreshold: threshold } : {}),
      thresholdReason: reason,
      trainedOn: examples.length,
      skipped: model.skipped,
      positives,
    };
    void groups;
  }
  const only = opts.codes ? new Set(opts.codes) : undefined;
  const desc = `logistic regression from the codebook${examples.length ? ` and ${examples.length} coded segments` : ' alone'}${opts.ruleFeatures ? ' with the rules\' codes' : ''}; threshold ${threshold}`;
  const codings: Coding[] = [];
  for (const s of targets) {
    const ids = model.space.lookup(withoutMarkers(s.text), lang.get(s.sourceId), opts.ruleFeatures?.get(s.id), ctx(s));
    const skip = opts.skip?.get(s.id);
    for (const cm of model.codes) {
      if (only && !only.has(cm.code)) continue;
      if (skip?.has(cm.code)) continue;
      const p = predictRow(model, cm, ids);
      if (p.probability < threshold) continue;
      codings.push(toCoding(s, p, desc));
    }
  }
  return { codings, ...(quality ? { quality } : {}), threshold, thresholdReason: reason };
}

export function toCoding(s: Segment, p: Prediction, desc: string): Coding {
  return {
    id: `${s.id}:${p.code}:model`,
    sourceId: s.sourceId,
    segmentId: s.id,
    code: p.code,
    coder: 'model',
    start: s.start,
    end: s.end,
    score: p.probability,
    evidence: { rule: desc, features: p.features, because: explainContributions(p) },
  };
}

const PART_NAMES: Record<string, string> = {
  rules: 'rule terms',
  name: 'code name',
  indicators: 'indicators',
  examples: 'examples',
  include: 'inclusion criteria',
  definition: 'definition',
  exclude: 'exclusion criteria',
  'rule-exclude': 'rule exclusions',
};

/** `overleg (rule terms, indicators) +0.81; rule=x (rules fired) +2.5; casus (learned) +0.4`. */
export function explainContributions(p: Pick<Prediction, 'contributions'>): string {
  return p.contributions
    .map((c) => {
      const from = c.feature.startsWith('rule=') ? 'the codebook rules coded it' : c.parts.length ? `codebook: ${c.parts.map((x) => PART_NAMES[x] ?? x).join(', ')}` : 'learned from codings';
      return `${c.feature} (${from}) +${c.weight.toFixed(2)}`;
    })
    .join('; ');
}

// ---------------------------------------------------------------------------
// The review loop's suggester: retrains one code after each decision

export interface SuggesterItem {
  readonly segmentId: string;
  readonly code: string;
}

/**
 * An incremental suggester over a fixed set of segments (the corpus being
 * reviewed plus the training examples). `label(segment, code, 0|1)` records a
 * decision; `retrain(code)` refits that code's model from its current weights
 * (a few passes: milliseconds); `probability(segment, code)` scores.
 */
/** See `Suggester.retrainCompleted`. */
export const COMPLETE_RETRAIN_MIN = 0.05;

export class Suggester {
  private readonly space: FeatureSpace;
  private readonly prior: Prior;
  private readonly rows = new Map<string, number[]>();
  private readonly models = new Map<string, CodeModel>();
  /** Training rows and their labels per code: base examples first, then decisions (segment id → label). */
  private readonly baseX: number[][];
  private readonly base: readonly Example[];
  private readonly decisions = new Map<string, Map<string, 0 | 1>>();
  /** Segments reviewed completely (see `complete`). */
  private readonly done = new Set<string>();
  readonly codes: readonly string[];

  constructor(
    segments: readonly Segment[],
    opts: {
      books: readonly Codebook[];
      examples?: readonly Example[];
      ruleFeatures?: ReadonlyMap<string, readonly string[]>;
      langOf?: (s: Segment) => Lang | undefined;
      codes?: readonly string[];
      /** All segments of the sources, interviewer turns included (for the question before a turn); default `segments`. */
      context?: readonly Segment[];
    },
  ) {
    this.space = new FeatureSpace(true);
    this.base = opts.examples ?? [];
    this.baseX = this.base.map((e) => this.space.add(e.text, e.lang, e.extra, e.context));
    const questions = questionBefore(opts.context ?? segments);
    for (const s of segments) {
      const q = questions.get(s.id);
      this.rows.set(s.id, this.space.add(withoutMarkers(s.text), opts.langOf?.(s), opts.ruleFeatures?.get(s.id), q ? withoutMarkers(q.text) : undefined));
    }
    const spec: PriorSpec = codebookPrior(opts.books);
    this.prior = resolvePrior(spec, this.space);
    const codes = new Set([...spec.codes.map((c) => c.code), ...(opts.codes ?? [])]);
    for (const e of this.base) for (const c of e.codes) codes.add(c);
    this.codes = [...codes].sort();
    for (const c of this.codes) this.fit(c, 30);
  }

  private fit(code: string, epochs: number): void {
    const X: number[][] = [];
    const y: Array<0 | 1> = [];
    const sw: number[] = [];
    this.base.forEach((e, i) => {
      const l = labelOf(e, code);
      if (l === undefined) return;
      X.push(this.baseX[i]);
      y.push(l);
      sw.push(1);
    });
    const decided = this.decisions.get(code);
    for (const [seg, l] of decided ?? []) {
      const r = this.rows.get(seg);
      if (!r) continue;
      X.push(r);
      y.push(l);
      sw.push(LEARN_SETTINGS.decisionWeight);
    }
    // a segment the researcher has reviewed completely is coded completely: every code not kept there is absent
    for (const seg of this.done) {
      if (decided?.has(seg)) continue;
      const r = this.rows.get(seg);
      if (!r) continue;
      X.push(r);
      y.push(0);
      sw.push(LEARN_SETTINGS.decisionWeight);
    }
    const prior = codePrior(this.prior, this.space, code);
    const hasPrior = this.prior.weights.has(code);
    const pos = y.reduce<number>((a, b) => a + b, 0);
    const prev = this.models.get(code);
    const rel = ruleRelative(this.prior, this.space, code);
    const fit = fitCode(X, y, { prior, epochs, sampleWeights: sw, ...(rel ? { relative: rel } : {}), bias0: hasPrior ? LEARN_SETTINGS.bias : Math.log((pos + 0.5) / (y.length - pos + 0.5)), ...(prev ? { start: prev } : {}) });
    this.models.set(code, { code, bias: fit.bias, weights: fit.weights, positives: pos, negatives: y.length - pos });
  }

  /** Record (or, with undefined, take back) a decision on a (segment, code) pair. */
  label(segmentId: string, code: string, value: 0 | 1 | undefined): void {
    let m = this.decisions.get(code);
    if (!m) this.decisions.set(code, (m = new Map()));
    if (value === undefined) m.delete(segmentId);
    else m.set(segmentId, value);
  }

  /**
   * Mark a segment as reviewed completely (all its suggestions decided, the missing codes added), or
   * take that back (`false`): its codes not decided as present become negatives of every code.
   * Returns whether anything changed (then every code needs a retrain, see `retrainAll`).
   */
  complete(segmentId: string, done = true): boolean {
    if (!this.rows.has(segmentId) || this.done.has(segmentId) === done) return false;
    if (done) this.done.add(segmentId);
    else this.done.delete(segmentId);
    return true;
  }

  /** Whether a segment is marked as reviewed completely. */
  isComplete(segmentId: string): boolean {
    return this.done.has(segmentId);
  }

  /** Refit every code (warm start, `epochs` passes). */
  retrainAll(epochs = 5): void {
    for (const c of this.codes) this.fit(c, epochs);
  }

  /**
   * After `complete(segmentId)`: refit the codes the segment now teaches something, those whose
   * probability there is at least COMPLETE_RETRAIN_MIN (a negative at a lower probability moves its
   * model by less than that; it is in the labels of the next refit of that code). Returns them.
   */
  retrainCompleted(segmentId: string, epochs = 5): string[] {
    const out = this.codes.filter((c) => this.probability(segmentId, c) >= COMPLETE_RETRAIN_MIN);
    for (const c of out) this.fit(c, epochs);
    return out;
  }

  /** Refit one code (warm start, `epochs` passes). */
  retrain(code: string, epochs = 10): void {
    this.fit(code, epochs);
  }

  probability(segmentId: string, code: string): number {
    const m = this.models.get(code);
    const r = this.rows.get(segmentId);
    if (!m || !r) return 0;
    // as predictRow's probability (rounded to 4 decimals), without building the explanation
    let z = m.bias;
    for (const j of r) z += m.weights.get(j) ?? 0;
    const p = z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    return Math.round(p * 10000) / 10000;
  }

  predict(segmentId: string, code: string): Prediction | undefined {
    const m = this.models.get(code);
    const r = this.rows.get(segmentId);
    if (!m || !r) return undefined;
    return predictRow({ space: this.space, prior: this.prior }, m, r);
  }

  /** How many decisions are recorded. */
  get decided(): number {
    let n = 0;
    for (const m of this.decisions.values()) n += m.size;
    return n;
  }
}
