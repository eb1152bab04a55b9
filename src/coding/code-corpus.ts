/**
 * codeCorpus (pure): the whole coding step. Merges, into one codings document,
 * 1. human codings: inline markers in the sources and codings files from other tools,
 * 2. rule codings (coder `rules`) from the codebooks,
 * 3. learned suggestions (coder `model`) from `learnFrom` human codings.
 * Automatic steps only add codings: human codings are kept exactly as read.
 */
import type { Codebook } from '../codebook/types.js';
import { isBuiltinCodebookId } from '../codebook/builtins.js';
import type { CodeRef, Coding, CodingsDocument, Corpus, Diagnostic, Lang, Segment, Unit } from '../model/types.js';
import type { Report } from '../model/errors.js';
import { compileCodebook, type CompiledCodebook } from './compile-codebook.js';
import { applyCodebook } from './apply-codebook.js';
import { ambiguousCodes, extractHumanCodings, listBooks, mapImportedCodings } from './human-codings.js';
import { L2_GRID, THRESHOLD_GRID, makeFeaturizer, predict, trainModel, tune, type Example, type Quality } from './learn.js';
import { pushAll } from '../model/arrays.js';

export const CODINGS_SCHEMA_URL = 'https://qdakit.dev/schemas/codings.schema.json';

export interface ImportedCodings {
  readonly doc: CodingsDocument;
  readonly file: string;
  /** Segment refs are 1-based turn numbers (a CSV with a `turn` column). */
  readonly turnNumbers?: boolean;
}

export interface CodeCorpusOptions {
  readonly unit?: Unit;
  readonly speakers?: 'respondent' | 'all';
  /** Run the codebook rules (default true). */
  readonly rules?: boolean;
  /** Rule codings computed elsewhere (e.g. by worker threads, `codeRulesParallel`): used instead of running the rules here. */
  readonly ruleCodings?: readonly Coding[];
  /** Read inline markers from the sources (default true). */
  readonly inline?: boolean;
  readonly codings?: readonly ImportedCodings[];
  readonly learnFrom?: ImportedCodings;
  /** Minimum probability of a learned suggestion (default: chosen on the training codings by cross-validated F1). */
  readonly minScore?: number;
  readonly segmentsFor?: (unit: Unit) => readonly Segment[];
  readonly version: string;
  readonly command?: string;
  readonly options?: Readonly<Record<string, unknown>>;
  readonly report?: Report;
  /** Report code ids that two codebooks define (default true; false when the caller reported them once already). */
  readonly warnCollisions?: boolean;
  /** Called with the held-out quality of the learned model. */
  readonly onQuality?: (q: Quality & { trainedOn: number; skipped: readonly string[] }) => void;
}

export function codebookCodeRefs(book: Codebook): CodeRef[] {
  return book.codes.map((c) => ({
    id: c.id,
    name: c.name,
    ...(c.parent ? { parent: c.parent } : {}),
    codebook: book.id,
    ...(c.level !== undefined ? { level: c.level } : {}),
    ...(c.definition ? { definition: c.definition } : {}),
  }));
}

/**
 * One warning per code id that two or more of the codebooks define. Both codes stay in
 * the codings document (each with its codebook); a rule coding belongs to its rule's
 * codebook, a marker or imported coding to the first codebook (as `doc.codes` lists it).
 */
export function codeIdCollisions(books: readonly Codebook[]): Diagnostic[] {
  const builtin = (b: Codebook) => isBuiltinCodebookId(b.id) && b.file === `codebooks/${b.id}.yaml`;
  const byId = new Map(books.map((b) => [b.id, b]));
  const out: Diagnostic[] = [];
  for (const [code, ids] of ambiguousCodes(books.flatMap(codebookCodeRefs))) {
    const own = ids.map((id) => byId.get(id)!).filter((b) => b.file && !builtin(b));
    const mine = own[own.length - 1];
    out.push({
      severity: 'warning',
      source: 'coding',
      ruleId: 'code-id-collision',
      message: `code id "${code}" is defined in ${ids.length === 2 ? 'both ' : ''}${listBooks(ids)}; rule codings keep their own codebook, but markers and imported codings with this id are counted under ${ids[0]} (the first loaded)`,
      ...(mine?.file ? { file: mine.file } : {}),
      hint: mine
        ? `give the code a new id in your codebook ${mine.file} (e.g. "${mine.id}-${code}"), and use that id in markers`
        : `load only one of these codebooks, or copy one into your own codebook with a new id for "${code}" (qda codebook export ${ids[ids.length - 1]} --format yaml -o my-codebook.yaml)`,
      expected: [...ids],
    });
  }
  return out;
}

/** The languages each codebook is compiled for: the sources' languages (both nl and en for a source without one), sorted. */
export function rulesLanguages(corpus: Corpus): Lang[] {
  const langs = new Set<Lang>();
  for (const s of corpus.sources) {
    if (s.language) langs.add(s.language);
    else {
      langs.add('nl');
      langs.add('en');
    }
  }
  return [...langs].sort();
}

export function codeCorpus(corpus: Corpus, books: readonly Codebook[], opts: CodeCorpusOptions): CodingsDocument {
  const report = opts.report ?? (() => {});
  const codes: CodeRef[] = books.flatMap(codebookCodeRefs);
  const seen = new Set(codes.map((c) => c.id));
  const addExtra = (extra: readonly CodeRef[]) => {
    for (const c of extra) if (!seen.has(c.id)) {
      seen.add(c.id);
      codes.push(c);
    }
  };
  const diag = (ds: readonly Diagnostic[]) => ds.forEach((d) => report(d));
  if (opts.warnCollisions !== false) diag(codeIdCollisions(books));
  const human: Coding[] = [];
  if (opts.inline !== false) {
    const h = extractHumanCodings(corpus, codes);
    diag(h.diagnostics);
    addExtra(h.extraCodes);
    pushAll(human, h.codings);
  }
  for (const imp of opts.codings ?? []) {
    const h = mapImportedCodings(imp.doc, corpus, codes, { file: imp.file, turnNumbers: imp.turnNumbers });
    diag(h.diagnostics);
    addExtra(h.extraCodes);
    pushAll(human, h.codings);
  }

  const auto: Coding[] = [];
  if (opts.ruleCodings) {
    if (opts.rules !== false) for (const c of opts.ruleCodings) auto.push(c);
  } else if (opts.rules !== false && books.length) {
    const compiled: CompiledCodebook[] = [];
    for (const b of books) for (const l of rulesLanguages(corpus)) compiled.push(compileCodebook(b, l));
    pushAll(auto, applyCodebook(corpus, compiled, { unit: opts.unit, speakers: opts.speakers, segmentsFor: opts.segmentsFor }));
  }

  let quality: (Quality & { trainedOn: number; skipped: readonly string[] }) | undefined;
  if (opts.learnFrom) {
    const lf = mapImportedCodings(opts.learnFrom.doc, corpus, codes, { file: opts.learnFrom.file, turnNumbers: opts.learnFrom.turnNumbers });
    diag(lf.diagnostics);
    addExtra(lf.extraCodes);
    const res = learnAndSuggest(corpus, lf.codings, { minScore: opts.minScore, speakers: opts.speakers, ...(auto.length ? { ruleFeatures: ruleFeatures(auto) } : {}) });
    quality = res.quality;
    pushAll(auto, res.codings);
    opts.onQuality?.(res.quality);
  }

  // unique ids for human codings (two markers may code the same span with the same code)
  const ids = new Map<string, number>();
  const uniq = (c: Coding): Coding => {
    const n = ids.get(c.id) ?? 0;
    ids.set(c.id, n + 1);
    return n ? { ...c, id: `${c.id}#${n + 1}` } : c;
  };
  const order = new Map(corpus.sources.map((s, i) => [s.id, i]));
  const coderRank = (c: string) => (c === 'rules' ? 1 : c === 'model' ? 2 : 0);
  const all = [...human, ...auto]
    .sort(
      (a, b) =>
        (order.get(a.sourceId) ?? 1e9) - (order.get(b.sourceId) ?? 1e9) ||
        (a.sourceId < b.sourceId ? -1 : a.sourceId > b.sourceId ? 1 : 0) ||
        a.start - b.start ||
        a.end - b.end ||
        (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) ||
        coderRank(a.coder) - coderRank(b.coder) ||
        (a.coder < b.coder ? -1 : a.coder > b.coder ? 1 : 0),
    )
    .map(uniq);

  return {
    $schema: CODINGS_SCHEMA_URL,
    provenance: {
      tool: 'qdakit',
      version: opts.version,
      ...(opts.command ? { command: opts.command } : {}),
      options: { ...(opts.options ?? {}), ...(quality ? { learnQuality: quality } : {}) },
    },
    codebooks: books.map((b) => ({ id: b.id, name: b.name, ...(b.version !== undefined ? { version: b.version } : {}), ...(b.sha256 ? { sha256: b.sha256 } : {}) })),
    codes,
    sources: corpus.sources,
    segments: corpus.segments,
    codings: all,
  };
}

/** Rule codings as extra learner features: segment id → `rule=<code>` for each code the rules gave it. */
export function ruleFeatures(codings: readonly Coding[]): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const c of codings) {
    if (c.coder !== 'rules' || !c.segmentId) continue;
    const l = m.get(c.segmentId) ?? m.set(c.segmentId, []).get(c.segmentId)!;
    const f = `rule=${c.code}`;
    if (!l.includes(f)) l.push(f);
  }
  for (const l of m.values()) l.sort();
  return m;
}

/**
 * Train on segments of the sources that carry the given human codings; suggest for the others.
 * Without `minScore`, the probability threshold (and the L2 penalty) are chosen on the
 * training data by cross-validated F1 (`tune`); `ruleFeatures` (segment → `rule=<code>`)
 * lets the model use the codebook rules' verdicts as evidence next to the n-grams.
 */
export function learnAndSuggest(
  corpus: Corpus,
  training: readonly Coding[],
  opts: { minScore?: number; speakers?: 'respondent' | 'all'; ruleFeatures?: ReadonlyMap<string, readonly string[]> },
): { codings: Coding[]; quality: Quality & { trainedOn: number; skipped: readonly string[] } } {
  const bySeg = new Map<string, Set<string>>();
  const trainSources = new Set<string>();
  for (const c of training) {
    if (!c.segmentId) continue;
    trainSources.add(c.sourceId);
    (bySeg.get(c.segmentId) ?? bySeg.set(c.segmentId, new Set()).get(c.segmentId)!).add(c.code);
  }
  const lang = new Map(corpus.sources.map((s) => [s.id, s.language]));
  const eligible = (s: Segment) => opts.speakers === 'all' || s.role !== 'interviewer';
  const extra = (s: Segment) => opts.ruleFeatures?.get(s.id);
  const examples: Example[] = [];
  for (const s of corpus.segments) {
    if (!trainSources.has(s.sourceId)) continue;
    const codes = bySeg.get(s.id);
    if (!codes && !eligible(s)) continue;
    const x = extra(s);
    examples.push({ text: s.text, lang: lang.get(s.sourceId), codes: codes ?? new Set(), group: s.sourceId, ...(x ? { extra: x } : {}) });
  }
  const tuned = tune(examples, {}, L2_GRID, opts.minScore !== undefined ? [opts.minScore] : THRESHOLD_GRID);
  const threshold = tuned.threshold;
  const model = trainModel(examples, { l2: tuned.l2 });
  const quality = { ...tuned.quality, ...(opts.minScore === undefined ? { chosenThreshold: threshold } : {}), trainedOn: examples.length, skipped: model.skipped };
  const featurize = makeFeaturizer();
  const codings: Coding[] = [];
  const desc = `logistic regression (L2 ${tuned.l2}, balanced class weights) over stemmed unigrams+bigrams${opts.ruleFeatures ? ' and the rules\' codes' : ''}, trained on ${examples.length} segments of ${trainSources.size} source(s); threshold ${threshold}`;
  for (const s of corpus.segments) {
    if (trainSources.has(s.sourceId) || !eligible(s)) continue;
    for (const p of predict(model, s.text, lang.get(s.sourceId), featurize, extra(s))) {
      if (p.probability < threshold) continue;
      codings.push({
        id: `${s.id}:${p.code}:model`,
        sourceId: s.sourceId,
        segmentId: s.id,
        code: p.code,
        coder: 'model',
        start: s.start,
        end: s.end,
        score: p.probability,
        evidence: { rule: desc, features: p.features },
      });
    }
  }
  return { codings, quality };
}
