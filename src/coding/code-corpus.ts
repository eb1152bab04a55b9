/**
 * codeCorpus (pure): the whole coding step. Merges, into one codings document,
 * 1. human codings: inline markers in the sources and codings files from other tools,
 * 2. rule codings (coder `rules`) from the codebooks,
 * 3. learned suggestions (coder `model`) from `learnFrom` human codings.
 * Automatic steps only add codings: human codings are kept exactly as read.
 */
import type { Codebook } from '../codebook/types.js';
import { isBuiltinCodebookId } from '../codebook/builtins.js';
import type { CodeRef, CodebookRef, Coding, CodingsDocument, Corpus, Diagnostic, Lang, Provenance, RelationRef, Segment, Unit } from '../model/types.js';
import { isHumanCoder } from '../model/types.js';
import { resolveLinks } from './links.js';
import type { Report } from '../model/errors.js';
import { ruleLanguageGaps } from './rule-languages.js';
import { compileCodebook, type CompiledCodebook } from './compile-codebook.js';
import { applyCodebook } from './apply-codebook.js';
import { ambiguousCodes, extractHumanCodings, listBooks, mapImportedCodings, type MarkerAccounting } from './human-codings.js';
import { LabelResolver, codebookAliases, type LabelAlias } from './label-resolver.js';
import type { Example } from './learn.js';
import { suggestCodings, trainingSet, type LearnQuality } from './suggest.js';
import { CLARIFICATION_MAX_WORDS, withoutClarifications } from './clarification.js';
import { pushAll } from '../model/arrays.js';

export { CODINGS_SCHEMA_URL } from '../model/codings-format.js';
import { CODINGS_SCHEMA_URL } from '../model/codings-format.js';

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
  /**
   * The inline markers' codings read already (by `readInlineCodings` with the same codebooks,
   * e.g. on another thread): used instead of reading the markers here (their diagnostics and
   * accounting were given where they were read).
   */
  readonly inlineCodings?: InlineCodings;
  readonly codings?: readonly ImportedCodings[];
  readonly learnFrom?: ImportedCodings;
  /** Learned suggestions from the codebook alone (no `learnFrom`): the codebook prior ranks segments per code. */
  readonly suggest?: boolean;
  /** Minimum probability of a learned suggestion (default: chosen on the training codings, see `tune`). */
  readonly minScore?: number;
  readonly segmentsFor?: (unit: Unit) => readonly Segment[];
  readonly version: string;
  readonly command?: string;
  readonly options?: Readonly<Record<string, unknown>>;
  /**
   * Receives each diagnostic as it is made. Warnings and notes are also kept in the document's
   * `warnings` (after `warnings` given), with or without this: a library caller that gives no
   * report lost them all (21 unknown-code warnings on the samples' markers), and the document
   * `qda code --codings` wrote had none of its sources' warnings for later commands to say again.
   */
  readonly report?: Report;
  /** Warnings said before (e.g. while reading the sources): the document's `warnings` start with them. */
  readonly warnings?: readonly Diagnostic[];
  /** Report code ids that two codebooks define (default true; false when the caller reported them once already). */
  readonly warnCollisions?: boolean;
  /** Called with the training examples read from `learnFrom` (with the rules' codes as features). */
  readonly onTraining?: (examples: readonly Example[]) => void;
  /**
   * The marker labels' resolver, when the caller codes many sources one at a time: made by
   * `labelResolverFor(books, aliases)` (the same as made here), it keeps what it resolved.
   */
  readonly resolver?: LabelResolver;
  /** Aliases from an alias file (`qda code --aliases`: label → code id; they come before the codes' own names). */
  readonly aliases?: readonly LabelAlias[];
  /** Called with what became of the inline markers' labels (found, read, resolved, unknown, …). */
  readonly onMarkers?: (a: MarkerAccounting) => void;
  /**
   * Check the links between codings once all are made (dangling targets, labels used
   * twice, relations and verdicts the codebooks do not define; warnings to `report`).
   * Default true; false when coding one source of many (a link may point to another source).
   */
  readonly checkLinks?: boolean;
  /**
   * `skip` (default): no automatic codings on a short respondent turn that only asks the
   * interviewer what they mean (see `isClarifyingQuestion`; reported as info, per source);
   * `keep`: code them like any turn.
   */
  readonly clarifications?: 'skip' | 'keep';
  /** Called with the held-out quality of the learned model (when it learned from codings). */
  readonly onQuality?: (q: LearnQuality & { textFrom: 'document' | 'inputs'; sources: number; humanCodings: number; used: number }) => void;
}

/** The resolver of marker labels codeCorpus makes for these codebooks and aliases (to reuse over many calls). */
export function labelResolverFor(books: readonly Codebook[], aliases: readonly LabelAlias[] = []): LabelResolver {
  return new LabelResolver(books.flatMap(codebookCodeRefs), [...aliases, ...codebookAliases(books)]);
}

/** The provenance of a codings document written with these options. */
export function provenanceOf(opts: Pick<CodeCorpusOptions, 'version' | 'command' | 'options'>, extra?: Record<string, unknown>): Provenance {
  return {
    tool: 'qdakit',
    version: opts.version,
    ...(opts.command ? { command: opts.command } : {}),
    options: { ...(opts.options ?? {}), ...(extra ?? {}) },
  };
}

/** The codebooks section of a codings document. */
export function codebookRefs(books: readonly Codebook[]): CodebookRef[] {
  return books.map((b) => ({ id: b.id, name: b.name, ...(b.version !== undefined ? { version: b.version } : {}), ...(b.sha256 ? { sha256: b.sha256 } : {}) }));
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

/** The codebooks' codes (codebookCodeRefs), made once per list of codebooks (a run codes many sources, one at a time, with the same list). */
const bookCodesMemo = new WeakMap<readonly Codebook[], { books: Codebook[]; codes: CodeRef[] }>();
function bookCodes(books: readonly Codebook[]): CodeRef[] {
  const m = bookCodesMemo.get(books);
  if (m && m.books.length === books.length && m.books.every((b, i) => b === books[i])) return [...m.codes];
  const codes = books.flatMap(codebookCodeRefs);
  bookCodesMemo.set(books, { books: [...books], codes: [...codes] });
  return codes;
}

/** The codings of a corpus's inline markers and the codes they use that no codebook defines. */
export interface InlineCodings {
  readonly codings: Coding[];
  readonly extraCodes: CodeRef[];
  /** Per source with markers, the ranges of its text they take up (extractHumanCodings' `masks`): the rules skip them. */
  readonly masks?: ReadonlyMap<string, readonly number[]>;
}

/**
 * Human codings that two places give alike (same source, segment, code and coder): a codings
 * export of what the inline markers say, or two files with the same rows. Both are kept (neither
 * is the one to drop), so they count twice wherever codings are counted: one warning per pair of
 * places, with the count and the first.
 */
export function repeatedAcrossOrigins(human: readonly Coding[], origin: ReadonlyMap<Coding, string>): Diagnostic[] {
  const first = new Map<string, string>();
  const pairs = new Map<string, { a: string; b: string; n: number; example: Coding }>();
  for (const c of human) {
    const o = origin.get(c);
    if (o === undefined) continue;
    const key = `${c.sourceId}\u0000${c.segmentId ?? `${c.start}-${c.end}`}\u0000${c.code}\u0000${c.coder}`;
    const had = first.get(key);
    if (had === undefined) first.set(key, o);
    else if (had !== o) {
      const k = `${had}\u0000${o}`;
      const p = pairs.get(k);
      if (p) p.n++;
      else pairs.set(k, { a: had, b: o, n: 1, example: c });
    }
  }
  return [...pairs.values()].map((p) => ({
    severity: 'warning' as const,
    source: 'coding',
    ruleId: 'repeated-human-coding',
    message: `${p.n} coding(s) repeat ${p.a} (same segment, code and coder; the first: source "${p.example.sourceId}"${p.example.segmentId ? `, segment ${p.example.segmentId}` : ''}, code "${p.example.code}" by ${p.example.coder}): both are kept, so each counts twice where codings are counted`,
    ...(p.b === 'the inline markers' ? {} : { file: p.b }),
    hint: 'remove the repeated codings from one of the two, or give one of them a coder of its own',
  }));
}

/**
 * The inline markers of `corpus` read as codeCorpus reads them (the first step of codeCorpus,
 * on its own: the pipeline reads markers on one thread and codes the rules on another); pass
 * the result as `inlineCodings` to codeCorpus with the same codebooks.
 */
export function readInlineCodings(
  corpus: Corpus,
  books: readonly Codebook[],
  opts: { resolver?: LabelResolver; aliases?: readonly LabelAlias[] } = {},
): InlineCodings & { diagnostics: Diagnostic[]; markers: MarkerAccounting } {
  const codes = bookCodes(books);
  const resolver = opts.resolver ?? new LabelResolver(codes, [...(opts.aliases ?? []), ...codebookAliases(books)]);
  return extractHumanCodings(corpus, codes, { resolver });
}

/**
 * Codes found in a codings file that no codebook holds, with their place in the file's own code
 * table (its parent, and the parent's parents, before them); as they are when the table lacks them.
 */
export function withOwnTree(extra: readonly CodeRef[], table: readonly CodeRef[]): CodeRef[] {
  if (!table.length) return [...extra];
  const byId = new Map(table.map((c) => [c.id, c]));
  const out: CodeRef[] = [];
  const seen = new Set<string>();
  const add = (c: CodeRef): void => {
    if (seen.has(c.id)) return;
    seen.add(c.id);
    const own = byId.get(c.id);
    const ref = own && own.parent !== undefined && c.parent === undefined ? { ...c, parent: own.parent } : c;
    const parent = ref.parent !== undefined ? byId.get(ref.parent) : undefined;
    if (parent) add(parent);
    out.push(ref);
  };
  for (const c of extra) add(c);
  return out;
}

export function codeCorpus(corpus: Corpus, books: readonly Codebook[], opts: CodeCorpusOptions): CodingsDocument {
  const given = opts.report;
  const warnings: Diagnostic[] = opts.warnings ? [...opts.warnings] : [];
  const report: Report = (d) => {
    if (d.severity !== 'error') warnings.push(d);
    given?.(d);
  };
  const codes: CodeRef[] = bookCodes(books);
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
  let aliasList: LabelAlias[] | undefined;
  const aliases = () => (aliasList ??= [...(opts.aliases ?? []), ...codebookAliases(books)]);
  const resolver = opts.resolver ?? new LabelResolver(codes, aliases());
  // the text the markers read take up, per source: the rules skip exactly that
  let masks: ReadonlyMap<string, readonly number[]> | undefined;
  if (opts.inlineCodings) {
    addExtra(opts.inlineCodings.extraCodes);
    pushAll(human, opts.inlineCodings.codings);
    masks = opts.inlineCodings.masks;
  } else if (opts.inline !== false) {
    const h = extractHumanCodings(corpus, codes, { resolver });
    diag(h.diagnostics);
    addExtra(h.extraCodes);
    pushAll(human, h.codings);
    masks = h.masks;
    opts.onMarkers?.(h.markers);
  }
  // where each human coding came from, to say when two places give the same one
  const origin = new Map<Coding, string>();
  for (const c of human) origin.set(c, 'the inline markers');
  const filesRead = new Set<string>();
  for (const imp of opts.codings ?? []) {
    if (filesRead.has(imp.file)) {
      report({ severity: 'warning', source: 'coding', ruleId: 'codings-file-twice', message: 'this codings file is given twice: read once (twice, each of its codings would count double)', file: imp.file, hint: 'give each codings file once' });
      continue;
    }
    filesRead.add(imp.file);
    const h = mapImportedCodings(imp.doc, corpus, codes, { file: imp.file, turnNumbers: imp.turnNumbers, aliases: aliases() });
    diag(h.diagnostics);
    // (with the file's own code table: parents from `Ouder > Kind` paths or a parent column, for the
    // codes the codebooks do not hold; each was kept flat, its parents gone, without a word)
    addExtra(withOwnTree(h.extraCodes, imp.doc.codes));
    pushAll(human, h.codings);
    for (const c of h.codings) origin.set(c, imp.file);
  }
  diag(repeatedAcrossOrigins(human, origin));

  const auto: Coding[] = [];
  if (opts.ruleCodings) {
    if (opts.rules !== false) for (const c of opts.ruleCodings) auto.push(c);
  } else if (opts.rules !== false && books.length) {
    const compiled: CompiledCodebook[] = [];
    for (const b of books) for (const l of rulesLanguages(corpus)) compiled.push(compileCodebook(b, l));
    pushAll(auto, applyCodebook(corpus, compiled, { unit: opts.unit, speakers: opts.speakers, segmentsFor: opts.segmentsFor, ...(masks ? { masks } : {}) }));
    // (codes whose rules cannot fire in a language of the sources: said once per run, here or by the pipeline)
    if (opts.warnCollisions !== false) {
      const byLang = new Map<Lang, string[]>();
      for (const src of corpus.sources) if (src.language) (byLang.get(src.language) ?? byLang.set(src.language, []).get(src.language)!).push(src.id);
      diag(ruleLanguageGaps(books, byLang));
    }
  }

  // a codings file's codings of the rules that this run's rules make again (a qda code output read
  // back with --codings): both kept, so each counted twice; said per file (was: without a word)
  if (auto.length && origin.size) {
    const key = (c: Coding) => `${c.sourceId}\u0000${c.segmentId ?? `${c.start}-${c.end}`}\u0000${c.code}\u0000${c.coder}`;
    const made = new Set(auto.map(key));
    const perFile = new Map<string, { n: number; example: Coding }>();
    for (const c of human) {
      const o = origin.get(c);
      if (o === undefined || o === 'the inline markers' || isHumanCoder(c.coder) || !made.has(key(c))) continue;
      const x = perFile.get(o);
      if (x) x.n++;
      else perFile.set(o, { n: 1, example: c });
    }
    for (const [file, x] of perFile) {
      report({
        severity: 'warning',
        source: 'coding',
        ruleId: 'repeated-rule-coding',
        message: `${x.n} coding(s) of coder ${x.example.coder} in this file are the ones the codebook's rules make in this run (same segment and code; the first: source "${x.example.sourceId}"${x.example.segmentId ? `, segment ${x.example.segmentId}` : ''}, code "${x.example.code}"): both are kept, so each counts twice where codings are counted`,
        file,
        hint: 'a codings file that qda code wrote holds its rules\' codings: read it with --no-rules (its rules\' codings then stand for this run\'s), or leave those rows out of it',
      });
    }
  }

  let quality: LearnQuality | undefined;
  let suggestInfo: Record<string, unknown> | undefined;
  if (opts.learnFrom || opts.suggest) {
    const ruleFeats = auto.length ? ruleFeatures(auto) : undefined;
    let examples: Example[] = [];
    const skip = new Map<string, Set<string>>();
    const noteSkip = (seg: string, code: string) => (skip.get(seg) ?? skip.set(seg, new Set()).get(seg)!).add(code);
    for (const h of human) if (h.segmentId) noteSkip(h.segmentId, h.code);
    let ts: ReturnType<typeof trainingSet> | undefined;
    if (opts.learnFrom) {
      const l = learningExamples(corpus, books, codes, opts.learnFrom, { speakers: opts.speakers, unit: opts.unit, ruleFeatures: ruleFeats });
      ts = l.training;
      examples = l.examples;
      diag(ts.diagnostics);
      for (const [seg, cs] of ts.coded) for (const c of cs) noteSkip(seg, c);
      for (const e of examples) for (const c of e.codes) addExtra([{ id: c, name: { en: c, nl: c } }]);
      opts.onTraining?.(examples);
    }
    const res = suggestCodings(corpus, { examples, books, ruleFeatures: ruleFeats, speakers: opts.speakers, skip, minScore: opts.minScore });
    pushAll(auto, res.codings);
    suggestInfo = { threshold: res.threshold, thresholdReason: res.thresholdReason, ...(ts ? { learnedFrom: { file: opts.learnFrom!.file, segments: ts.examples.length, humanCodings: ts.humanCodings, used: ts.used, textFrom: ts.textFrom } } : { learnedFrom: 'codebook only' }) };
    if (res.quality && ts) {
      quality = res.quality;
      opts.onQuality?.({ ...res.quality, textFrom: ts.textFrom, sources: ts.sources, humanCodings: ts.humanCodings, used: ts.used });
    }
  }

  if (opts.clarifications !== 'keep' && auto.length) {
    const c = withoutClarifications(auto, corpus.segments);
    if (c.dropped.length) {
      auto.length = 0;
      pushAll(auto, c.kept);
      const bySource = new Map<string, { turns: Segment[]; codings: number }>();
      for (const t of c.turns) (bySource.get(t.sourceId) ?? bySource.set(t.sourceId, { turns: [], codings: 0 }).get(t.sourceId)!).turns.push(t);
      for (const d of c.dropped) bySource.get(d.sourceId)!.codings++;
      for (const [src, x] of bySource) {
        const path = corpus.sources.find((s) => s.id === src)?.path ?? src;
        const where = x.turns.map((t) => (t.line ? `line ${t.line}` : `turn ${(t.turn ?? t.index) + 1}`)).join(', ');
        report({
          severity: 'info',
          source: 'coding',
          ruleId: 'clarifying-question',
          message: `${x.codings} automatic coding${x.codings === 1 ? '' : 's'} not made on ${x.turns.length} respondent turn${x.turns.length === 1 ? '' : 's'} that only ask${x.turns.length === 1 ? 's' : ''} the interviewer what they mean (${where}; at most ${CLARIFICATION_MAX_WORDS} words)`,
          file: path,
          ...(x.turns[0].line ? { line: x.turns[0].line } : {}),
          hint: 'code such a turn by hand if it does say something (human codings are kept as they are)',
        });
      }
    }
  }

  // unique ids for human codings (two markers may code the same span with the same code)
  // (an id seen first: one look-up, the set's size tells; the n-th time: `#n`)
  const seenIds = new Set<string>();
  const repeats = new Map<string, number>();
  const uniq = (c: Coding): Coding => {
    const size = seenIds.size;
    seenIds.add(c.id);
    if (seenIds.size > size) return c;
    const n = (repeats.get(c.id) ?? 1) + 1;
    repeats.set(c.id, n);
    return { ...c, id: `${c.id}#${n}` };
  };
  const order = new Map(corpus.sources.map((s, i) => [s.id, i]));
  const coderRank = (c: string) => (c === 'rules' ? 1 : c === 'model' ? 2 : 0);
  const all = [...human, ...auto]
    .sort(
      (a, b) =>
        // (the same source, as all are when one source is coded: no look-ups)
        (a.sourceId === b.sourceId ? 0 : (order.get(a.sourceId) ?? 1e9) - (order.get(b.sourceId) ?? 1e9) || (a.sourceId < b.sourceId ? -1 : 1)) ||
        a.start - b.start ||
        a.end - b.end ||
        (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) ||
        coderRank(a.coder) - coderRank(b.coder) ||
        (a.coder < b.coder ? -1 : a.coder > b.coder ? 1 : 0),
    )
    .map(uniq);

  const relations = codebookRelationRefs(books);
  if (opts.checkLinks !== false && all.some((c) => c.ref !== undefined || c.links?.length)) {
    diag(resolveLinks({ codings: all, sources: corpus.sources }, { relations }).diagnostics);
  }

  return {
    $schema: CODINGS_SCHEMA_URL,
    provenance: provenanceOf(opts, { ...(suggestInfo ? { suggestions: suggestInfo } : {}), ...(quality ? { learnQuality: quality } : {}) }),
    codebooks: codebookRefs(books),
    codes,
    sources: corpus.sources,
    segments: corpus.segments,
    codings: all,
    ...(relations.length ? { relations } : {}),
    ...(warnings.length ? { warnings } : {}),
  };
}

/** The relations of the codebooks as the codings document carries them (first codebook wins an id). */
export function codebookRelationRefs(books: readonly Codebook[]): RelationRef[] {
  const out: RelationRef[] = [];
  const seen = new Set<string>();
  for (const b of books) {
    for (const r of b.relations ?? []) {
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      out.push({ id: r.id, name: r.name, codebook: b.id, ...(r.verdicts?.length ? { verdicts: r.verdicts.map((v) => ({ id: v.id, name: v.name })) } : {}) });
    }
  }
  return out;
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
 * The training examples of a coded document (`--learn-from`, see `trainingSet`), with the
 * rules' codes on each training segment as features (run on the document's own segments when
 * its text comes from the document), as on the corpus.
 */
export function learningExamples(
  corpus: Corpus,
  books: readonly Codebook[],
  codes: readonly CodeRef[],
  learnFrom: ImportedCodings,
  opts: { speakers?: 'respondent' | 'all'; unit?: Unit; ruleFeatures?: ReadonlyMap<string, readonly string[]> },
): { training: ReturnType<typeof trainingSet>; examples: Example[] } {
  const ts = trainingSet(learnFrom.doc, corpus, codes, { file: learnFrom.file, turnNumbers: learnFrom.turnNumbers, speakers: opts.speakers });
  let trainRules: ReadonlyMap<string, readonly string[]> | undefined;
  if (opts.ruleFeatures) {
    if (ts.textFrom === 'inputs') trainRules = opts.ruleFeatures;
    else {
      const compiled: CompiledCodebook[] = [];
      const langs = [...new Set([...rulesLanguages(corpus), ...ts.examples.map((e) => e.lang ?? 'nl')])].sort();
      for (const b of books) for (const l of langs) compiled.push(compileCodebook(b, l));
      const docSources = learnFrom.doc.sources.filter((s) => typeof s.text === 'string' && s.text.length > 0);
      trainRules = ruleFeatures(applyCodebook({ sources: docSources, segments: ts.segments }, compiled, { unit: ts.segments[0]?.unit ?? opts.unit, speakers: opts.speakers }));
    }
  }
  const examples = ts.examples.map((e, i) => {
    const x = trainRules?.get(ts.segments[i].id);
    return x ? { ...e, extra: x } : e;
  });
  return { training: ts, examples };
}

/**
 * Learned suggestions for `corpus` from training examples and the codebooks (see
 * `suggestCodings`); kept for library callers of earlier versions.
 */
export function learnAndSuggest(
  corpus: Corpus,
  books: readonly Codebook[],
  examples: readonly Example[],
  opts: { minScore?: number; speakers?: 'respondent' | 'all'; ruleFeatures?: ReadonlyMap<string, readonly string[]>; skip?: ReadonlyMap<string, ReadonlySet<string>> } = {},
): ReturnType<typeof suggestCodings> {
  return suggestCodings(corpus, { examples, books, ...opts });
}
