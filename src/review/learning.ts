/**
 * The review loop that learns (pure): every decision becomes a label for the
 * suggester, which retrains the decided code(s) at once and re-scores the
 * remaining suggestions; the queue is reordered (most likely first, or the most
 * uncertain first), and the agreement of the model with the researcher's
 * decisions is tracked (what the model predicted just BEFORE each decision).
 *
 * `simulateReview` replays decisions from gold codings without a terminal and
 * measures the learning curve: F1 on the segments not reviewed yet after 10,
 * 20, 50, … decisions.
 */
import type { Segment } from '../model/types.js';
import { toCoding, type Suggester } from '../coding/suggest.js';
import { prf, type CodeQuality } from '../coding/learn.js';
import { keyOf, type Decision, type Suggestion } from './state.js';

export type LearnOrder = 'likely' | 'uncertain';

/** Labels a decision gives: (segment, code) → 1 accepted/changed-to/added/split, 0 rejected/changed-from. */
export function decisionLabels(d: Decision): Array<{ segment: string; code: string; value: 0 | 1 }> {
  switch (d.decision) {
    case 'accept':
    case 'split':
      return [{ segment: d.segment, code: d.code, value: 1 }];
    case 'reject':
      return [{ segment: d.segment, code: d.originalCode, value: 0 }];
    case 'change':
      return [
        { segment: d.segment, code: d.originalCode, value: 0 },
        { segment: d.segment, code: d.code, value: 1 },
      ];
    case 'add':
      return [{ segment: d.segment, code: d.code, value: 1 }];
    default:
      return [];
  }
}

export interface AgreementPoint {
  /** Decisions so far (this one included). */
  readonly decisions: number;
  /** Share of the last `window` decisions on which the model agreed (its probability ≥ threshold iff the code was kept). */
  readonly agreement: number;
}

export class ReviewLearner {
  private readonly agree: boolean[] = [];
  /** Time spent retraining, per decision (ms), for `npm run bench`. */
  readonly retrainMs: number[] = [];

  constructor(
    readonly suggester: Suggester,
    readonly threshold: number,
    readonly order: LearnOrder,
    private readonly now: () => number = () => 0,
  ) {}

  /** Codes retrained since the last `risen` (their suggestions may have changed). */
  private readonly touched = new Set<string>();

  /** Record a decision: note whether the model agreed, label, retrain the codes it touches. */
  apply(d: Decision): void {
    const labels = decisionLabels(d);
    for (const l of labels) {
      const p = this.suggester.probability(l.segment, l.code);
      this.agree.push(p >= this.threshold === (l.value === 1));
    }
    const t0 = this.now();
    for (const l of labels) this.suggester.label(l.segment, l.code, l.value);
    for (const c of new Set(labels.map((l) => l.code))) {
      this.suggester.retrain(c);
      this.touched.add(c);
    }
    this.retrainMs.push(this.now() - t0);
  }

  /**
   * What the model has learned to suggest that the queue does not hold: for the codes retrained
   * since the last call, every segment where the code's probability now reaches the threshold,
   * unless that (segment, code) is in `items` already, or decided or coded by hand (`taken`), or
   * the segment was reviewed completely.
   * These become suggestions of coder `model` (with the words that carried them), so that a code
   * the researcher keeps adding where nothing suggested it is put forward on the segments like
   * those. Segments in the order given, codes sorted.
   */
  risen(items: readonly Suggestion[], segments: readonly Segment[], taken: (key: string) => boolean, only?: ReadonlySet<string>): Suggestion[] {
    const t0 = this.now();
    const codes = [...this.touched].filter((c) => !only || only.has(c)).sort();
    this.touched.clear();
    if (!codes.length) return [];
    const inQueue = new Set(items.map((it) => it.key));
    const out: Suggestion[] = [];
    for (const seg of segments) {
      // a segment reviewed completely is not suggested on again
      if (this.suggester.isComplete(seg.id)) continue;
      for (const code of codes) {
        const key = keyOf(seg.id, code);
        if (inQueue.has(key) || taken(key)) continue;
        if (this.suggester.probability(seg.id, code) < this.threshold) continue;
        const p = this.suggester.predict(seg.id, code);
        if (!p) continue;
        out.push({ key, segment: seg, coding: toCoding(seg, p, `learned from your decisions; threshold ${this.threshold}`) });
      }
    }
    if (this.retrainMs.length) this.retrainMs[this.retrainMs.length - 1] += this.now() - t0;
    return out;
  }

  /**
   * A segment whose suggestions are all decided is reviewed completely: the codes the researcher did
   * not keep there become negatives of every code (`done`), or stop being so when a decision on it
   * is taken back (`done` false). Retrains every code when that changes.
   */
  complete(segmentId: string, done: boolean): void {
    const t0 = this.now();
    if (this.suggester.complete(segmentId, done)) {
      for (const c of this.suggester.retrainCompleted(segmentId)) this.touched.add(c);
      if (this.retrainMs.length) this.retrainMs[this.retrainMs.length - 1] += this.now() - t0;
    }
  }

  /** Take a decision back (undo). */
  undo(d: Decision): void {
    const labels = decisionLabels(d);
    for (const l of labels) this.suggester.label(l.segment, l.code, undefined);
    for (const c of new Set(labels.map((l) => l.code))) {
      this.suggester.retrain(c);
      this.touched.add(c);
    }
    this.agree.splice(Math.max(0, this.agree.length - labels.length), labels.length);
  }

  score(it: Suggestion): number {
    return this.suggester.probability(it.segment.id, it.coding.code);
  }

  /** Sort key: higher first. */
  private key(p: number): number {
    return this.order === 'likely' ? p : -Math.abs(p - this.threshold);
  }

  /**
   * The queue with its items from `from` on re-sorted by the current model
   * (items before `from` keep their place: they were shown or decided).
   */
  reorder(items: readonly Suggestion[], from: number): Suggestion[] {
    const head = items.slice(0, from);
    const tail = items.slice(from).map((it, i) => ({ it, i, k: this.key(this.score(it)) }));
    tail.sort((a, b) => b.k - a.k || a.i - b.i);
    return [...head, ...tail.map((x) => x.it)];
  }

  /** Agreement of the model with the decisions, per block of `block` labels. */
  curve(block = 10): AgreementPoint[] {
    const out: AgreementPoint[] = [];
    for (let i = 0; i < this.agree.length; i += block) {
      const part = this.agree.slice(i, i + block);
      out.push({ decisions: Math.min(this.agree.length, i + block), agreement: part.filter(Boolean).length / part.length });
    }
    return out;
  }

  get labels(): number {
    return this.agree.length;
  }
}

export interface SimulationPoint {
  readonly decisions: number;
  /** Segments reviewed (all their suggestions decided). */
  readonly reviewed: number;
  /** Segments left to measure on. */
  readonly remaining: number;
  /** Learned suggestions alone on the remaining segments. */
  readonly model: CodeQuality;
  /** Rule codings and learned suggestions together on the remaining segments. */
  readonly both: CodeQuality;
  /** Accepted suggestions so far / suggestions decided so far. */
  readonly accepted: number;
}

export type SimulationOrder = 'source' | LearnOrder;

export interface SimulationInput {
  /** The segments under review (eligible ones), in source order. */
  readonly segments: readonly Segment[];
  readonly suggester: Suggester;
  /** Gold codes per segment id (absent: no code). */
  readonly gold: ReadonlyMap<string, ReadonlySet<string>>;
  /** Codes measured and suggested. */
  readonly codes: readonly string[];
  readonly threshold: number;
  /** Which segment is reviewed next: the next in the source (default), the one with the most likely suggestion, or the most uncertain one. */
  readonly order?: SimulationOrder;
  /** Rule codings per segment: suggested too, and part of the `both` measure. */
  readonly rules?: ReadonlyMap<string, ReadonlySet<string>>;
  readonly checkpoints?: readonly number[];
  readonly maxDecisions?: number;
  /** False: decisions are replayed but the suggester is not retrained (the baseline the learning is compared with). */
  readonly learn?: boolean;
  /**
   * Segment ids that are never reviewed and on which every checkpoint is measured (e.g. the second
   * half of the transcript). Without it the measure is taken on the segments not reviewed yet, a set
   * that shrinks and changes with every checkpoint; with it the points of a curve, and of curves in
   * different orders, are measured on the same segments.
   */
  readonly heldOut?: ReadonlySet<string>;
  /**
   * False: a segment whose suggestions were all decided and whose missing codes were added is not
   * taken as coded completely (only the decided pairs are labels). Default true: every code the
   * reviewer did not keep there becomes a negative label.
   */
  readonly completeSegments?: boolean;
}

export const CHECKPOINTS: readonly number[] = [0, 10, 20, 50, 100, 200, 500, 1000];

/**
 * Replay a reviewer who follows the gold codings, one segment at a time (in
 * source order, or the segment with the most likely / most uncertain
 * suggestion first): each suggestion on the segment (a rule coding, or a
 * learned probability ≥ threshold) is accepted when the gold has it, else
 * rejected; then each gold code still missing on the segment is added. Every
 * accept, reject and add is one decision, and the suggester retrains the
 * decided code after each. At each checkpoint (number of decisions):
 * precision, recall and F1 on the segments not reviewed yet. (The measure is
 * taken on the segments still to come, so in `likely` order it falls as the
 * easy segments are taken first; `source` order measures the learning itself.)
 */
export function simulateReview(input: SimulationInput): SimulationPoint[] {
  const { suggester, threshold, codes } = input;
  const order = input.order ?? 'source';
  const segs = input.segments;
  const reviewed = new Set<number>();
  const held = new Set<number>();
  if (input.heldOut) segs.forEach((s, i) => input.heldOut!.has(s.id) && held.add(i));
  // held-out segments are never picked for review
  const unavailable = held.size ? { has: (i: number) => reviewed.has(i) || held.has(i) } : reviewed;
  const score = new Map<string, Float64Array>();
  const rescore = (code: string) => {
    const a = new Float64Array(segs.length);
    segs.forEach((s, i) => (a[i] = suggester.probability(s.id, code)));
    score.set(code, a);
  };
  for (const c of codes) rescore(c);
  const checkpoints = [...(input.checkpoints ?? CHECKPOINTS)].sort((a, b) => a - b);
  const max = input.maxDecisions ?? Infinity;
  const out: SimulationPoint[] = [];
  let accepted = 0;
  let suggestedDecided = 0;
  let n = 0;
  const measure = (at: number) => {
    const m = { tp: 0, fp: 0, fn: 0 };
    const b = { tp: 0, fp: 0, fn: 0 };
    let remaining = 0;
    segs.forEach((s, i) => {
      if (held.size ? !held.has(i) : reviewed.has(i)) return;
      remaining++;
      const g = input.gold.get(s.id);
      const r = input.rules?.get(s.id);
      for (const c of codes) {
        const pm = score.get(c)![i] >= threshold;
        const gi = g?.has(c) ?? false;
        count(m, pm, gi);
        count(b, pm || (r?.has(c) ?? false), gi);
      }
    });
    out.push({ decisions: at, reviewed: reviewed.size, remaining, model: prf('(micro)', m.tp, m.fp, m.fn), both: prf('(micro)', b.tp, b.fp, b.fn), accepted: suggestedDecided ? Math.round((accepted / suggestedDecided) * 1000) / 1000 : 0 });
  };
  let next = 0;
  const passCheckpoints = () => {
    while (next < checkpoints.length && checkpoints[next] <= n) {
      if (checkpoints[next] === n || out.length === 0 || out[out.length - 1].decisions !== n) measure(n);
      next++;
    }
  };
  passCheckpoints();
  while (n < max && reviewed.size + held.size < segs.length) {
    const i = pick(order, segs.length, unavailable, codes, score, threshold);
    reviewed.add(i);
    const seg = segs[i];
    const g = input.gold.get(seg.id);
    const r = input.rules?.get(seg.id);
    const suggested = codes.filter((c) => score.get(c)![i] >= threshold || (r?.has(c) ?? false));
    const decide = (code: string, value: 0 | 1) => {
      if (input.learn !== false) {
        suggester.label(seg.id, code, value);
        suggester.retrain(code);
        rescore(code);
      }
      n++;
      passCheckpoints();
    };
    for (const c of suggested) {
      if (n >= max) break;
      suggestedDecided++;
      if (g?.has(c)) accepted++;
      decide(c, g?.has(c) ? 1 : 0);
    }
    let all = true;
    for (const c of [...(g ?? [])].filter((c) => codes.includes(c) && !suggested.includes(c)).sort()) {
      if (n >= max) {
        all = false;
        break;
      }
      decide(c, 1);
    }
    // the segment is reviewed completely: what the reviewer did not keep there is absent
    if (all && n <= max && input.learn !== false && input.completeSegments !== false && suggester.complete(seg.id)) {
      for (const c of suggester.retrainCompleted(seg.id)) if (score.has(c)) rescore(c);
    }
  }
  // the last point: after the last segment (turns reviewed after the last decision, e.g. without any suggestion, count too)
  if (out.length && out[out.length - 1].decisions === n && out[out.length - 1].reviewed !== reviewed.size) out.pop();
  if (!out.length || out[out.length - 1].decisions !== n) measure(n);
  return out;
}

/** The next segment to review. */
function pick(order: SimulationOrder, n: number, reviewed: { has(i: number): boolean }, codes: readonly string[], score: ReadonlyMap<string, Float64Array>, threshold: number): number {
  if (order === 'source') {
    for (let i = 0; i < n; i++) if (!reviewed.has(i)) return i;
    return -1;
  }
  let best = -1;
  let bestKey = -Infinity;
  for (let i = 0; i < n; i++) {
    if (reviewed.has(i)) continue;
    let k = -Infinity;
    for (const c of codes) {
      const p = score.get(c)![i];
      k = Math.max(k, order === 'likely' ? p : -Math.abs(p - threshold));
    }
    if (k > bestKey) {
      bestKey = k;
      best = i;
    }
  }
  return best;
}

function count(x: { tp: number; fp: number; fn: number }, p: boolean, g: boolean): void {
  if (p && g) x.tp++;
  else if (p) x.fp++;
  else if (g) x.fn++;
}
