/**
 * Rule precision against evaluation data (pure): run a codebook's rules on the
 * segments of a gold coding and count, per code and per rule, how often they
 * fire and how often the researcher coded the same code on that segment.
 * A code whose rules fire more than `minFired` times with a precision below
 * `minPrecision` is flagged (warning `low-precision`), naming its rules with
 * their own counts, so that the rules can be tightened or the code reviewed by
 * hand (`qda codebook validate --lint --gold FILE`). The rules are counted as `qda code` applies
 * them: no automatic codes on a respondent turn that only asks the interviewer what they mean.
 */
import type { Codebook } from '../codebook/types.js';
import type { Coding, Corpus, Diagnostic, Lang } from '../model/types.js';
import { compileCodebook } from './compile-codebook.js';
import { applyCodebook } from './apply-codebook.js';
import { withoutClarifications } from './clarification.js';

export interface RulePrecision {
  readonly rule: string;
  /** Segments where this rule contributed to a coding of its code. */
  readonly fired: number;
  /** …of which the gold has the code. */
  readonly correct: number;
}

export interface CodePrecision {
  readonly code: string;
  /** Segments the rules coded with this code. */
  readonly fired: number;
  readonly tp: number;
  /** Gold segments with the code. */
  readonly gold: number;
  readonly precision: number;
  readonly recall: number;
  readonly rules: readonly RulePrecision[];
  readonly flagged: boolean;
}

export interface LintOptions {
  /** Flag codes that fire more than this many times … (default 5) */
  readonly minFired?: number;
  /** … with a precision below this (default 0.5). */
  readonly minPrecision?: number;
  readonly file?: string;
  readonly goldFile?: string;
  readonly speakers?: 'respondent' | 'all';
  /** 'keep': count the rules' codings on clarifying questions too (`qda code` skips them; default 'skip'). */
  readonly clarifications?: 'skip' | 'keep';
}

/**
 * `gold`: human codings with segment ids of `corpus`. Only segments of sources that have at least
 * one gold coding are measured (an uncoded source says nothing about precision).
 */
export function lintRules(book: Codebook, corpus: Corpus, gold: readonly Coding[], opts: LintOptions = {}): { codes: CodePrecision[]; diagnostics: Diagnostic[]; segments: number } {
  const minFired = opts.minFired ?? 5;
  const minPrecision = opts.minPrecision ?? 0.5;
  const goldSources = new Set(gold.filter((c) => c.segmentId).map((c) => c.sourceId));
  const measured = { sources: corpus.sources.filter((s) => goldSources.has(s.id)), segments: corpus.segments.filter((s) => goldSources.has(s.sourceId)) };
  const bySeg = new Map<string, Set<string>>();
  for (const c of gold) if (c.segmentId) (bySeg.get(c.segmentId) ?? bySeg.set(c.segmentId, new Set()).get(c.segmentId)!).add(c.code);
  const langs = [...new Set(measured.sources.map((s) => s.language).filter((l): l is Lang => !!l))];
  const compiled = (langs.length ? langs : (['nl', 'en'] as Lang[])).map((l) => compileCodebook(book, l));
  const applied = applyCodebook(measured, compiled, { unit: measured.segments[0]?.unit ?? 'turn', speakers: opts.speakers });
  const rules = opts.clarifications === 'keep' ? applied : withoutClarifications(applied, measured.segments).kept;
  const stats = new Map<string, { fired: Set<string>; tp: number; rules: Map<string, { fired: number; correct: number }> }>();
  const of = (code: string) => stats.get(code) ?? stats.set(code, { fired: new Set(), tp: 0, rules: new Map() }).get(code)!;
  for (const c of rules) {
    if (!c.segmentId) continue;
    const st = of(c.code);
    if (st.fired.has(c.segmentId)) continue;
    st.fired.add(c.segmentId);
    const ok = bySeg.get(c.segmentId)?.has(c.code) ?? false;
    if (ok) st.tp++;
    for (const r of (c.evidence?.ruleId ?? '').split(',').filter(Boolean)) {
      const rs = st.rules.get(r) ?? st.rules.set(r, { fired: 0, correct: 0 }).get(r)!;
      rs.fired++;
      if (ok) rs.correct++;
    }
  }
  const goldCount = new Map<string, number>();
  for (const set of bySeg.values()) for (const c of set) goldCount.set(c, (goldCount.get(c) ?? 0) + 1);
  const codes: CodePrecision[] = [];
  const diagnostics: Diagnostic[] = [];
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  for (const c of book.codes) {
    if (!(c.rules ?? []).length) continue;
    const st = stats.get(c.id);
    const fired = st?.fired.size ?? 0;
    const tp = st?.tp ?? 0;
    const g = goldCount.get(c.id) ?? 0;
    const precision = fired ? tp / fired : 0;
    const flagged = fired > minFired && precision < minPrecision;
    const ruleRows = [...(st?.rules ?? new Map<string, { fired: number; correct: number }>())].map(([rule, x]) => ({ rule, ...x })).sort((a, b) => b.fired - b.correct - (a.fired - a.correct) || (a.rule < b.rule ? -1 : 1));
    codes.push({ code: c.id, fired, tp, gold: g, precision: r3(precision), recall: r3(g ? tp / g : 0), rules: ruleRows, flagged });
    if (flagged) {
      const worst = ruleRows.filter((r) => r.fired > r.correct).slice(0, 3).map((r) => `${r.rule} ${r.correct}/${r.fired}`);
      diagnostics.push({
        severity: 'warning',
        source: 'codebook',
        ruleId: 'low-precision',
        ...(opts.file ? { file: opts.file } : {}),
        message: `code "${c.id}": its rules fired on ${fired} segments of ${opts.goldFile ?? 'the evaluation data'} and ${tp} of them carry the code in the gold (precision ${precision.toFixed(2)} < ${minPrecision})${worst.length ? `; most wrong: ${worst.join(', ')}` : ''}`,
        hint: 'tighten these rules (a second term nearby with NEAR, min: 2, an exclude term, negation: true), or review this code by hand (qda review --only CODE)',
      });
    }
  }
  return { codes, diagnostics, segments: measured.segments.length };
}
