/**
 * codeCorpus (pure): the whole coding step. Merges, into one codings document,
 * 1. human codings: inline markers in the sources and codings files from other tools,
 * 2. rule codings (coder `rules`) from the codebooks,
 * 3. learned suggestions (coder `model`) from `learnFrom` human codings.
 * Automatic steps only add codings: human codings are kept exactly as read.
 */
import type { Codebook } from '../codebook/types.js';
import type { CodeRef, Coding, CodingsDocument, Corpus, Diagnostic, Lang, Segment, Unit } from '../model/types.js';
import type { Report } from '../model/errors.js';
import { compileCodebook, type CompiledCodebook } from './compile-codebook.js';
import { applyCodebook } from './apply-codebook.js';
import { extractHumanCodings, mapImportedCodings } from './human-codings.js';
import { evaluateHeldOut, makeFeaturizer, predict, trainModel, type Example, type Quality } from './learn.js';

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
  /** Minimum probability of a learned suggestion (default 0.5). */
  readonly minScore?: number;
  readonly segmentsFor?: (unit: Unit) => readonly Segment[];
  readonly version: string;
  readonly command?: string;
  readonly options?: Readonly<Record<string, unknown>>;
  readonly report?: Report;
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
  const human: Coding[] = [];
  if (opts.inline !== false) {
    const h = extractHumanCodings(corpus, codes);
    diag(h.diagnostics);
    addExtra(h.extraCodes);
    human.push(...h.codings);
  }
  for (const imp of opts.codings ?? []) {
    const h = mapImportedCodings(imp.doc, corpus, codes, { file: imp.file, turnNumbers: imp.turnNumbers });
    diag(h.diagnostics);
    addExtra(h.extraCodes);
    human.push(...h.codings);
  }

  const auto: Coding[] = [];
  if (opts.ruleCodings) {
    if (opts.rules !== false) for (const c of opts.ruleCodings) auto.push(c);
  } else if (opts.rules !== false && books.length) {
    const compiled: CompiledCodebook[] = [];
    for (const b of books) for (const l of rulesLanguages(corpus)) compiled.push(compileCodebook(b, l));
    auto.push(...applyCodebook(corpus, compiled, { unit: opts.unit, speakers: opts.speakers, segmentsFor: opts.segmentsFor }));
  }

  let quality: (Quality & { trainedOn: number; skipped: readonly string[] }) | undefined;
  if (opts.learnFrom) {
    const lf = mapImportedCodings(opts.learnFrom.doc, corpus, codes, { file: opts.learnFrom.file, turnNumbers: opts.learnFrom.turnNumbers });
    diag(lf.diagnostics);
    addExtra(lf.extraCodes);
    const res = learnAndSuggest(corpus, lf.codings, opts);
    quality = res.quality;
    auto.push(...res.codings);
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

/** Train on segments of the sources that carry the given human codings; suggest for the others. */
export function learnAndSuggest(
  corpus: Corpus,
  training: readonly Coding[],
  opts: { minScore?: number; speakers?: 'respondent' | 'all' },
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
  const examples: Example[] = [];
  for (const s of corpus.segments) {
    if (!trainSources.has(s.sourceId)) continue;
    const codes = bySeg.get(s.id);
    if (!codes && !eligible(s)) continue;
    examples.push({ text: s.text, lang: lang.get(s.sourceId), codes: codes ?? new Set(), group: s.sourceId });
  }
  const threshold = opts.minScore ?? 0.5;
  const model = trainModel(examples);
  const quality = { ...evaluateHeldOut(examples, threshold), trainedOn: examples.length, skipped: model.skipped };
  const featurize = makeFeaturizer();
  const codings: Coding[] = [];
  const desc = `logistic regression over stemmed unigrams+bigrams, trained on ${examples.length} segments of ${trainSources.size} source(s)`;
  for (const s of corpus.segments) {
    if (trainSources.has(s.sourceId) || !eligible(s)) continue;
    for (const p of predict(model, s.text, lang.get(s.sourceId), featurize)) {
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
