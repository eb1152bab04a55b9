import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { Io } from '../io.js';
import type { Coding, CodingsDocument, Diagnostic, Lang, Segment, Source } from '../../model/types.js';
import { OffsetMap } from '../../model/codepoints.js';
import { lineNumbers } from '../../ingest/parse-blocks.js';
import { setCodingPlace, takeRecordedText } from '../../ingest/coding-places.js';
import { QdaInputError, formatDiagnostic, inputError } from '../../model/errors.js';
import { VERSION } from '../../version.js';
import { resolveLang } from '../lang.js';
import type { Codebook } from '../../codebook/types.js';
import { buildQueue, current, initialState, isOpen, keyToAction, openCount, orderSuggestions, reduce, type CodeOption, type Decision, type Effect, type ReviewContext, type ReviewState } from '../../review/state.js';
import type { ReviewLearner } from '../../review/learning.js';
import type { Example } from '../../coding/learn.js';
import { addDecision, decisionsAgainstCodebooks, emptyDecisions, parseDecisions, placeDecisions, removeDecision, shiftOffsets, staleDecisions, type DecisionsDocument } from '../../review/decisions.js';
import { formatSummary } from '../../review/summary.js';
import { makeRenderContext, renderScreen, type RenderContext } from '../../review/render.js';
import { markerText, planInlineMarker } from '../../review/inline.js';
import type { AtomicWriteOptions, WriteTransaction } from '../../export/write-file-atomic.js';
import { maxOf, pushAll } from '../../model/arrays.js';

interface ReviewOpts {
  inputs: string[];
  codebook?: string[];
  only?: string[];
  coder?: 'rules' | 'model';
  order?: 'confidence' | 'source' | 'likely' | 'uncertain';
  simulate?: string;
  heldOut?: string;
  learnFrom?: string;
  decisions?: string;
  acceptAbove?: string;
  exportDecisions?: string;
  store?: 'inline' | 'file';
  cases?: string;
  config?: string;
  lang?: string;
}

/** `qda review`: review suggested codes one by one; every decision is saved at once. */
export async function run(raw: Record<string, unknown>, io: Io): Promise<number> {
  const held: { release?: () => Promise<void> } = {};
  try {
    return await reviewRun(raw, io, held);
  } finally {
    await held.release?.();
  }
}

/**
 * While a review may write its decisions file, a lock beside it (`FILE.qda-lock`, output-lock.ts):
 * each review holds its decisions in memory and writes them whole, so two at once on the same file
 * (two terminals, two coders in one folder) each wrote over the other's decisions without a word.
 * A lock whose process is gone (killed) is taken over, and said.
 */
async function lockDecisions(path: string, shown: string, report: (d: Diagnostic) => void): Promise<() => Promise<void>> {
  const { lockBeside } = await import('../output-lock.js');
  return lockBeside(path, shown, {
    command: 'qda review',
    report,
    inUse: (pid) =>
      inputError('cli', 'decisions-file-in-use', `another qda review (process ${pid ?? '?'}) is saving its decisions in ${shown} now: two reviews at once on one decisions file would each write over the other's decisions; nothing was read or written`, {
        file: shown,
        hint: `finish that review first, or give this one its own decisions file (--decisions OTHER.json; qda code reads it with --codings); if no qda review is running, delete ${shown}.qda-lock`,
      }),
  });
}

async function reviewRun(raw: Record<string, unknown>, io: Io, held: { release?: () => Promise<void> }): Promise<number> {
  const opts = raw as unknown as ReviewOpts;
  const warnings: Diagnostic[] = [];
  // each distinct warning once; while the full screen is open they wait until it has closed
  const printed = new Set<string>();
  let later: string[] | undefined;
  const report = (d: Diagnostic) => {
    const text = formatDiagnostic(d);
    if (printed.has(text)) return;
    printed.add(text);
    warnings.push(d);
    if (later) later.push(text);
    else io.stderr.write(text + '\n');
  };
  let acceptAbove: number | undefined;
  if (opts.acceptAbove !== undefined) {
    acceptAbove = Number(opts.acceptAbove);
    if (!Number.isFinite(acceptAbove) || acceptAbove < 0 || acceptAbove > 1) {
      throw inputError('cli', 'bad-accept-above', `--accept-above must be a number between 0 and 1, not "${opts.acceptAbove}"`, { hint: 'e.g. --accept-above 0.9' });
    }
  }
  let heldOut: number | undefined;
  if (opts.heldOut !== undefined) {
    heldOut = Number(opts.heldOut);
    if (opts.simulate === undefined) throw inputError('cli', 'held-out-without-simulate', '--held-out only applies to --simulate', { hint: 'e.g. qda review interview.txt -c BOOK --simulate interview.gold.csv --held-out 0.5' });
    if (!Number.isFinite(heldOut) || heldOut <= 0 || heldOut >= 1) {
      throw inputError('cli', 'bad-held-out', `--held-out must be a share between 0 and 1 (exclusive), not "${opts.heldOut}"`, { hint: 'e.g. --held-out 0.5: the second half of each source is measured, the first half reviewed' });
    }
  }
  const stdin = io.stdin as (NodeJS.ReadStream & { setRawMode?: (b: boolean) => void }) | undefined;
  const interactive = acceptAbove === undefined && opts.exportDecisions === undefined && opts.simulate === undefined;
  if (interactive && !(stdin?.isTTY && io.stdout.isTTY && typeof stdin.setRawMode === 'function')) {
    throw inputError('cli', 'not-a-terminal', 'qda review needs an interactive terminal', {
      hint: 'run it in a terminal, or use --accept-above 0.9 (accept suggestions with a high score) and/or --export-decisions decisions.csv in scripts',
    });
  }

  // project settings: store, decisions file, coder name
  const { readProject } = await import('../../ingest/read-project.js');
  let project = await readProject(io.cwd, opts.config, () => {});
  if (!project && opts.inputs.length) {
    // the nearest qda.yaml above the inputs (`qda review samples/interviews` from the repository root)
    const { nearestProjectFile } = await import('../lang.js');
    const near = await nearestProjectFile(io, undefined, opts.inputs);
    if (near) project = await readProject(io.cwd, near, () => {}).catch(() => undefined);
  }
  // the language: --lang, QDA_LANG, this project's (or the nearest qda.yaml above the inputs), English
  const lang: Lang = await resolveLang(io, opts, opts.inputs, project?.file ? { language: project.language, file: project.file } : undefined);
  const store: 'inline' | 'file' = opts.store ?? project?.codingsStore ?? 'file';
  const coder = await coderName(io, project?.file ? resolve(io.cwd, project.file) : undefined);
  // (the decisions file that qda code, qda run and qda report read with the sources: cli/decisions-file)
  const { decisionsPathOf } = await import('../decisions-file.js');
  const decisionsPath = await decisionsPathOf(io.cwd, project, opts.inputs, opts.decisions);
  const shownDecisions = displayPath(io.cwd, decisionsPath);
  // (a review that may save decisions: on screen, or --accept-above)
  if (!opts.simulate && (interactive || acceptAbove !== undefined)) held.release = await lockDecisions(decisionsPath, shownDecisions, report);
  let doc: DecisionsDocument = emptyDecisions(VERSION);
  // a simulation starts afresh: earlier decisions are not read (and nothing is written)
  if (!opts.simulate) try {
    doc = parseDecisions(await readFile(decisionsPath, 'utf8'), shownDecisions, VERSION);
  } catch (e) {
    if (e instanceof QdaInputError) throw e;
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }

  // codebooks, corpus, suggestions
  const { readCodebook } = await import('../../ingest/read-codebook.js');
  const bookIds = opts.codebook?.length ? opts.codebook : project?.codebooks ?? [];
  if (!bookIds.length && opts.coder !== 'model') {
    throw inputError('cli', 'no-codebook', 'qda review needs a codebook to suggest codes from', { hint: 'add -c ID|FILE (e.g. -c coordination-collaboration), or list codebooks: in qda.yaml' });
  }
  const books: Codebook[] = [];
  const { readNamedByProject } = await import('../../ingest/read-project.js');
  const { addCodebookOnce } = await import('../../ingest/read-codebook.js');
  for (const [i, id] of bookIds.entries()) addCodebookOnce(books, await readNamedByProject(opts.codebook?.length ? undefined : project, `/codebooks/${i}`, () => readCodebook(id, { cwd: io.cwd, report })), id, report);
  const { readCorpus } = await import('../../ingest/read-corpus.js');
  const { corpus } = await readCorpus(opts.inputs, { cwd: io.cwd, unit: 'turn', cases: opts.cases, config: opts.config ?? (project ? resolve(project.dir, basename(project.file)) : undefined), report });
  const { readCodings } = await import('../../ingest/read-codings.js');
  const learnFrom = opts.learnFrom ? { doc: await readCodings(opts.learnFrom, { cwd: io.cwd, report }), file: opts.learnFrom } : undefined;
  const { codeCorpus, ruleFeatures } = await import('../../coding/code-corpus.js');
  const examples: Example[] = [];
  const coded: CodingsDocument = codeCorpus(corpus, books, {
    unit: 'turn',
    speakers: 'respondent',
    // (each coding's recorded passage read as from the file: a source edited since is found out)
    codings: doc.codings.length ? [{ doc: { ...doc, codings: doc.codings.map((c, i) => placed(takeRecordedText(c), `/codings/${i}`)) }, file: shownDecisions }] : [],
    learnFrom,
    suggest: opts.coder === 'model' && !learnFrom,
    onTraining: (e) => void pushAll(examples, e),
    version: VERSION,
    command: 'qda review',
    report,
  });
  const knownCodes = new Set(coded.codes.map((c) => c.id));
  for (const o of opts.only ?? []) {
    if (!knownCodes.has(o)) {
      throw inputError('cli', 'unknown-code', `--only names a code that is in no codebook: "${o}"`, { expected: [...knownCodes].slice(0, 20), hint: 'give a code id of the codebook' });
    }
  }
  const segments = new Map(coded.segments.map((s) => [s.id, s]));
  const sourceOrder = new Map(coded.sources.map((s, i) => [s.id, i]));
  // earlier decisions on a source edited since: moved to where their passage stands now, or, when
  // it cannot be placed, kept in the file but applied to nothing (said, either way)
  const placedDecisions = placeDecisions(doc, new Map(coded.sources.map((s) => [s.id, s])), coded.segments);
  doc = placedDecisions.doc;
  for (const d of placedDecisions.diagnostics) report({ ...d, file: shownDecisions });
  const applied = doc.decisions.filter((_, i) => !placedDecisions.notApplied.has(i));
  for (const d of staleDecisions(doc.decisions, segments, sourceOrder, placedDecisions.notApplied)) report({ ...d, file: shownDecisions });
  // earlier decisions on codes renamed or removed since, or on suggestions of rules that changed
  for (const d of decisionsAgainstCodebooks(doc.decisions, books, placedDecisions.notApplied)) report({ ...d, file: shownDecisions });

  // the suggester that learns from every decision: the codebook, --learn-from, earlier decisions
  const order = opts.order ?? (opts.simulate ? 'source' : 'likely');
  const { Suggester } = await import('../../coding/suggest.js');
  const { ReviewLearner, decisionLabels } = await import('../../review/learning.js');
  const { DEFAULT_THRESHOLD } = await import('../../coding/learn.js');
  const langOf = new Map(coded.sources.map((s) => [s.id, s.language]));
  const eligible = coded.segments.filter((s) => s.role !== 'interviewer');
  const suggester = new Suggester(eligible, {
    books,
    examples,
    ruleFeatures: ruleFeatures(coded.codings),
    langOf: (s) => langOf.get(s.sourceId),
    context: coded.segments,
  });
  const touched = new Set<string>();
  for (const d of applied) for (const l of decisionLabels(d)) {
    suggester.label(l.segment, l.code, l.value);
    touched.add(l.code);
  }
  for (const c of touched) suggester.retrain(c, 30);
  const suggestions = (coded.provenance.options as { suggestions?: { threshold?: number } } | undefined)?.suggestions;
  const threshold = suggestions?.threshold ?? DEFAULT_THRESHOLD;
  const learner = new ReviewLearner(suggester, threshold, order === 'uncertain' ? 'uncertain' : 'likely', () => performance.now());

  if (opts.simulate) {
    const { simulate } = await import('./review-simulate.js');
    return simulate(io, { file: opts.simulate, corpus, books, coded, eligible, suggester, threshold, order: order === 'confidence' ? 'likely' : order, lang, learnedFrom: opts.learnFrom, trainedOn: examples.length, ...(heldOut !== undefined ? { heldOut } : {}) });
  }

  const queue = buildQueue({ codings: coded.codings, segments, coder: opts.coder ?? 'rules', only: opts.only, decisions: applied, order: order === 'confidence' ? 'confidence' : 'source', sourceOrder });
  // segments whose suggestions were all decided in an earlier session count as coded completely
  const before0 = initialState(queue.items, { decided: queue.decided, coded: queue.coded, coder });
  let completed = false;
  for (const seg of new Set(applied.map((d) => d.segment))) if (!queue.items.some((it) => it.segment.id === seg && isOpen(before0, it))) completed = suggester.complete(seg) || completed;
  if (completed) suggester.retrainAll(30);
  const dynamic = order === 'likely' || order === 'uncertain';
  let state = initialState(dynamic ? learner.reorder(queue.items, 0) : queue.items, { decided: queue.decided, coded: queue.coded, coder });
  /** After a saved (or taken back) decision: retrain, and reorder what is still to come. */
  const onlyCodes = opts.only?.length ? new Set(opts.only) : undefined;
  const learn = (e: Effect, s: ReviewState): ReviewState => {
    if (e.type === 'save') learner.apply(e.decision);
    else learner.undo(e.decision);
    // every suggestion on the segment decided: it counts as coded completely (what was not kept is absent)
    learner.complete(e.decision.segment, !s.items.some((it) => it.segment.id === e.decision.segment && isOpen(s, it)));
    // on screen, what the model has learned to suggest joins the queue (not in the batch modes: they decide the suggestions there were)
    const risen = interactive ? learner.risen(s.items, eligible, (key) => s.decided.has(key) || s.coded.has(key), onlyCodes) : [];
    if (risen.length) {
      const tail = [...s.items.slice(s.pos), ...risen];
      s = { ...s, items: [...s.items.slice(0, s.pos), ...(dynamic ? tail : orderSuggestions(tail, order === 'confidence' ? 'confidence' : 'source', sourceOrder))] };
    }
    if (!dynamic) return s;
    const items = learner.reorder(s.items, s.pos);
    let pos = s.pos;
    const next = { ...s, items };
    while (pos < items.length && !isOpen(next, items[pos])) pos++;
    return { ...next, pos };
  };
  const { uniqueCodeNames } = await import('../../analysis/hierarchy.js');
  const unique = uniqueCodeNames(coded);
  const codes = codeOptions(books, coded, lang, unique);
  const ctx: ReviewContext = { codes, lang };

  const persister = new Persister(io, doc, decisionsPath, shownDecisions, store, coded.sources, segments, report);
  const before = doc.decisions.length;

  if (!interactive) {
    let accepted = 0;
    if (acceptAbove !== undefined) {
      // all or nothing: a failure (full disk, …) puts the sources and the decisions file back as they were
      await persister.begin();
      try {
        while (current(state)) {
          const it = current(state)!;
          const action = (it.coding.score ?? 0) >= acceptAbove ? ({ type: 'accept' } as const) : ({ type: 'skip' } as const);
          const r = reduce(state, action, ctx);
          let next = r.state;
          for (const e of r.effects) {
            await persister.apply(e);
            next = learn(e, next);
          }
          if (action.type === 'accept') accepted++;
          state = next;
        }
      } catch (err) {
        try {
          await persister.finish(false);
        } catch (rb) {
          if (rb instanceof QdaInputError) for (const d of rb.diagnostics) io.stderr.write(formatDiagnostic(d) + '\n');
          throw err;
        }
        io.stderr.write(lang === 'nl' ? `qda review: niets opgeslagen: ${store === 'inline' ? `de bronnen en ${shownDecisions} zijn` : `${shownDecisions} is`} zoals voor deze run\n` : `qda review: nothing was saved: ${store === 'inline' ? `the sources and ${shownDecisions} are` : `${shownDecisions} is`} as before this run\n`);
        throw err;
      }
      await persister.finish(true);
      io.stderr.write(
        lang === 'nl'
          ? `qda review: ${accepted} ${accepted === 1 ? 'suggestie' : 'suggesties'} met score ≥ ${String(acceptAbove).replace('.', ',')} geaccepteerd (opgeslagen in ${store === 'inline' ? 'de bronnen en ' : ''}${shownDecisions})\n`
          : `qda review: accepted ${accepted} suggestion${accepted === 1 ? '' : 's'} with score ≥ ${acceptAbove} (saved in ${store === 'inline' ? 'the sources and ' : ''}${shownDecisions})\n`,
      );
    }
    if (opts.exportDecisions) {
      const { decisionsTable } = await import('../../review/decisions.js');
      const { renderTables } = await import('../../export/render-table.js');
      const { emit } = await import('../output.js');
      await emit(io, (await renderTables([decisionsTable(persister.doc.decisions)], 'csv')) as string, opts.exportDecisions, 'decisions CSV');
    }
    if (acceptAbove !== undefined) io.stdout.write(formatSummary(persister.doc.decisions, persister.doc.decisions.length - before, openCount(state), lang) + learningSummary(learner, lang));
    return 0;
  }

  const rctx = makeRenderContext({
    lang,
    codes,
    codeRefs: unique.codes,
    sources: coded.sources,
    segments: coded.segments,
    humanCodings: coded.codings.filter((c) => c.coder !== 'rules' && c.coder !== 'model'),
  });
  // the warnings about the sources were printed above: the researcher reads them before the screen covers them
  if (warnings.length && !(await confirmStart(io, stdin!, warnings.length, lang))) {
    io.stderr.write(lang === 'nl' ? 'qda review: gestopt voordat de beoordeling begon; niets veranderd\n' : 'qda review: stopped before the review began; nothing was changed\n');
    return 0;
  }
  later = [];
  try {
    state = await interactiveLoop(io, stdin!, state, ctx, rctx, persister, learn);
  } finally {
    for (const text of later) io.stderr.write(text + '\n');
    later = undefined;
  }
  io.stdout.write(formatSummary(persister.doc.decisions, persister.doc.decisions.length - before, openCount(state), lang) + learningSummary(learner, lang));
  if (persister.fallbacks) io.stderr.write(lang === 'nl' ? `qda review: ${persister.fallbacks} beslissing(en) konden niet als inline markering worden geschreven en staan in ${shownDecisions}\n` : `qda review: ${persister.fallbacks} decision(s) could not be written as inline markers and were saved in ${shownDecisions}\n`);
  return 0;
}

/**
 * After the messages about the sources or the decisions file (a lock taken over is one): wait for Enter (start the review) or q / Esc / Ctrl-C
 * (stop), so that the full screen does not hide the warnings before they were read.
 */
async function confirmStart(io: Io, stdin: NodeJS.ReadStream & { setRawMode?: (b: boolean) => void }, n: number, lang: Lang): Promise<boolean> {
  io.stderr.write(
    lang === 'nl'
      ? `qda review: ${n} ${n === 1 ? 'melding' : 'meldingen'} hierboven. Enter: beoordeling beginnen · q: stoppen\n`
      : `qda review: ${n} message${n === 1 ? '' : 's'} above. Enter: start the review · q: stop\n`,
  );
  const readline = await import('node:readline');
  readline.emitKeypressEvents(stdin);
  stdin.setRawMode!(true);
  stdin.resume();
  try {
    return await new Promise<boolean>((done) => {
      const onKey = (str: string | undefined, key: { name?: string; ctrl?: boolean } | undefined) => {
        const name = key?.name;
        const yes = name === 'return' || name === 'enter';
        const no = name === 'escape' || str === 'q' || str === 'Q' || (key?.ctrl && (name === 'c' || name === 'd'));
        if (!yes && !no) return;
        stdin.off('keypress', onKey);
        stdin.off('end', onEnd);
        done(yes);
      };
      const onEnd = () => {
        stdin.off('keypress', onKey);
        done(false);
      };
      stdin.on('keypress', onKey);
      stdin.once('end', onEnd);
    });
  } finally {
    stdin.setRawMode!(false);
    stdin.pause();
  }
}

/** How the model's agreement with the decisions grew (blocks of 10), and the retraining time. */
function learningSummary(learner: ReviewLearner, lang: Lang): string {
  const pts = learner.curve(10);
  if (!pts.length) return '';
  const blocks = pts.map((p, i) => `${i * 10 + 1}–${p.decisions} ${Math.round(p.agreement * 100)}%`).join(', ');
  const ms = learner.retrainMs;
  const mean = ms.reduce((a, b) => a + b, 0) / Math.max(1, ms.length);
  return lang === 'nl'
    ? `het model leert van elke beslissing; overeenstemming met uw beslissingen vóór elke beslissing: ${blocks} (opnieuw trainen: gemiddeld ${mean.toFixed(1)} ms, hoogstens ${Math.max(maxOf(ms), 0).toFixed(1)} ms)\n`
    : `the model learns from every decision; its agreement with your decisions, just before each: ${blocks} (retraining: ${mean.toFixed(1)} ms on average, at most ${Math.max(maxOf(ms), 0).toFixed(1)} ms)\n`;
}

/** Coder name: QDA_CODER, else `coder:` in qda.yaml, else `human`. */
async function coderName(io: Io, projectFile: string | undefined): Promise<string> {
  let name = io.env.QDA_CODER?.trim();
  if (!name && projectFile) {
    try {
      const YAML = await import('yaml');
      // (decoded as readProject decodes it: a Windows-1252 "José" was "Jos\uFFFD" in every marker written)
      const { decodeBytes } = await import('../../ingest/decode.js');
      const js = YAML.parse((await decodeBytes(new Uint8Array(await readFile(projectFile)), { file: projectFile })).text) as Record<string, unknown> | null;
      if (js && typeof js.coder === 'string') name = js.coder.trim();
    } catch {
      // readProject reports YAML errors
    }
  }
  if (!name) return 'human';
  if (!/^[^\s,@{}|\[\]]+$/.test(name) || name === 'rules' || name === 'model') {
    throw inputError('cli', 'bad-coder', `the coder name "${name}" cannot be used (no spaces, commas, @, braces or brackets; not "rules" or "model")`, { hint: 'set QDA_CODER to a short name, e.g. QDA_CODER=anna' });
  }
  return name;
}

function displayPath(cwd: string, full: string): string {
  const base = resolve(cwd) + '/';
  return full.startsWith(base) ? full.slice(base.length) : full;
}

/**
 * The codebook tree, flattened (pre-order), with names in `lang` (qualified by their codebook or parent
 * where two codes share a name, as in tables: `uniqueCodeNames`); uncategorised codes after it. The filter also finds a code by its name in the other language and its aliases.
 */
function codeOptions(books: readonly Codebook[], doc: CodingsDocument, lang: Lang, unique: CodingsDocument): CodeOption[] {
  const out: CodeOption[] = [];
  const seen = new Set<string>();
  const other: Lang = lang === 'nl' ? 'en' : 'nl';
  const shown = new Map(unique.codes.map((c) => [`${c.codebook ?? ''}\u0000${c.id}`, c.name]));
  const option = (id: string, name: { nl?: string; en?: string } | undefined, depth: number, book?: string, aliases?: { nl?: readonly string[]; en?: readonly string[] }): CodeOption => {
    const u = shown.get(`${book ?? ''}\u0000${id}`) ?? name;
    const label = u?.[lang] ?? u?.[other] ?? name?.[lang] ?? name?.[other] ?? id;
    const also = [...new Set([u?.[other], name?.[lang], name?.[other], ...(aliases?.nl ?? []), ...(aliases?.en ?? [])].filter((x): x is string => !!x && x !== label))];
    return also.length ? { id, name: label, depth, also } : { id, name: label, depth };
  };
  for (const b of books) {
    const kids = new Map<string, typeof b.codes[number][]>();
    const ids = new Set(b.codes.map((c) => c.id));
    for (const c of b.codes) {
      const p = c.parent && ids.has(c.parent) ? c.parent : '';
      kids.set(p, [...(kids.get(p) ?? []), c]);
    }
    const walk = (parent: string, depth: number) => {
      for (const c of kids.get(parent) ?? []) {
        if (seen.has(c.id)) continue;
        seen.add(c.id);
        if (c.codable !== false) out.push(option(c.id, c.name, depth, b.id, c.aliases));
        walk(c.id, depth + 1);
      }
    };
    walk('', 0);
    for (const c of b.codes) if (!seen.has(c.id)) {
      seen.add(c.id);
      if (c.codable !== false) out.push(option(c.id, c.name, 0, b.id, c.aliases));
    }
  }
  for (const c of doc.codes) if (!seen.has(c.id)) {
    seen.add(c.id);
    out.push(option(c.id, c.name, 0, c.codebook));
  }
  return out;
}

interface SourceEdit {
  readonly abs: string;
  readonly source: Source;
  bytes: Uint8Array;
  text: string;
  readonly orig: OffsetMap;
  /** Insertions of this session, in order: UTF-16 position in the text at that time, and length. */
  inserts: Array<{ at: number; len: number }>;
}

/**
 * Saves decisions at once: the decisions file (always) and, for the inline
 * store, a marker in the source. Keeps an undo stack of what each save changed.
 */
class Persister {
  doc: DecisionsDocument;
  fallbacks = 0;
  private readonly edits = new Map<string, SourceEdit>();
  private readonly undo: Array<{ decision: Decision; doc: DecisionsDocument; source?: { edit: SourceEdit; bytes: Uint8Array; text: string; inserts: number } }> = [];
  private readonly sources: Map<string, Source>;
  constructor(
    private readonly io: Io,
    doc: DecisionsDocument,
    private readonly path: string,
    private readonly shown: string,
    private readonly store: 'inline' | 'file',
    sources: readonly Source[],
    private readonly segments: ReadonlyMap<string, Segment>,
    private readonly report: (d: Diagnostic) => void,
  ) {
    this.doc = doc;
    this.sources = new Map(sources.map((s) => [s.id, s]));
  }

  /**
   * For `--accept-above`: one transaction for the whole run (begin/finish), so that a
   * failure leaves every source and the decisions file as they were before the run.
   */
  private batch?: WriteTransaction;

  async begin(): Promise<void> {
    const { WriteTransaction } = await import('../../export/write-file-atomic.js');
    this.batch = new WriteTransaction();
  }

  /** Keep what the run wrote (ok) or put every file back as before the run. */
  async finish(ok: boolean): Promise<void> {
    const tx = this.batch;
    this.batch = undefined;
    if (tx) await (ok ? tx.commit() : tx.rollback());
  }

  /**
   * The message to show, if any. Throws when nothing could be saved: then the sources and
   * the decisions file are byte-identical to before this decision (and, in a batch, to
   * before the run).
   */
  async apply(e: Effect): Promise<string | undefined> {
    const { WriteTransaction } = await import('../../export/write-file-atomic.js');
    const tx = this.batch ?? new WriteTransaction();
    const memory = { doc: this.doc, fallbacks: this.fallbacks };
    try {
      const r = await this.applyIn(e, tx);
      if (!this.batch) await tx.commit();
      return r;
    } catch (err) {
      if (!this.batch) await tx.rollback();
      this.doc = memory.doc;
      this.fallbacks = memory.fallbacks;
      throw err;
    }
  }

  private async applyIn(e: Effect, tx: WriteTransaction): Promise<string | undefined> {
    const { writeDecisions } = await import('../../review/write-decisions.js');
    const write = (path: string, data: string | Uint8Array, opts: AtomicWriteOptions) => tx.write(path, data, opts);
    if (e.type === 'unsave') {
      const top = this.undo[this.undo.length - 1];
      if (!top) return undefined;
      await writeDecisions(this.path, top.doc, write, this.shown);
      if (top.source) {
        const { writeRestoredSource } = await import('../../review/write-inline-marker.js');
        await writeRestoredSource(top.source.edit.abs, { expected: top.source.edit.bytes, previous: top.source.bytes, file: top.source.edit.source.path, write });
        top.source.edit.bytes = top.source.bytes;
        top.source.edit.text = top.source.text;
        top.source.edit.inserts.length = top.source.inserts;
      }
      this.undo.pop();
      this.doc = top.doc;
      return undefined;
    }
    const d = e.decision;
    const before = this.doc;
    if (d.decision === 'reject' || this.store === 'file') {
      // (offsets in the source text as it is now: with the markers this session put in before it)
      const edit = this.edits.get(d.source);
      const dd = edit ? this.inText(edit, d) : d;
      const next = addDecision(this.doc, dd, d.decision === 'reject' ? undefined : 'file', this.passage(d.source, dd.start, dd.end));
      await writeDecisions(this.path, next, write, this.shown);
      this.doc = next;
      this.undo.push({ decision: d, doc: before });
      return undefined;
    }
    // inline store
    const edit = await this.editFor(d.source);
    let reason: string | undefined;
    if (edit) {
      const seg = this.segments.get(d.segment);
      const s16 = this.map(edit, d.start, false);
      const e16 = this.map(edit, d.end, true);
      const turn = seg ? { start: this.map(edit, seg.start, false), end: this.map(edit, seg.end, true) } : { start: s16, end: e16 };
      const marker = markerText(d.code, d.coder, d.memo);
      const plan = marker ? planInlineMarker(edit.text, { start: s16, end: e16 }, turn, marker) : { reason: /->|#/.test(d.code) ? `the code id "${d.code}" holds "${d.code.includes('->') ? '->' : '#'}", which a marker reads as a link or a label (the coding would be read back as another code)` : 'the code id cannot be written in a marker' };
      if ('inserts' in plan) {
        const { writeInlineMarker } = await import('../../review/write-inline-marker.js');
        const prev = { bytes: edit.bytes, text: edit.text, inserts: edit.inserts.length };
        let res;
        try {
          res = await writeInlineMarker(edit.abs, { expected: edit.bytes, text: edit.text, encoding: edit.source.encoding, inserts: plan.inserts, file: edit.source.path, write });
        } catch (err) {
          // (a disk that is full or failing is no reason to save elsewhere: the run stops, nothing changed)
          if (!(err instanceof QdaInputError) || err.diagnostics[0]?.source === 'io' || err.diagnostics[0]?.ruleId === 'marker-verify') throw err;
          reason = err.diagnostics[0]?.message ?? err.message;
        }
        if (res) {
          // offsets in the decisions file follow the source text as it is now
          const oldMap = new OffsetMap(edit.text);
          let next = this.doc;
          for (const ins of [...plan.inserts].sort((a, b) => b.at - a.at)) next = shiftOffsets(next, d.source, oldMap.toCp(ins.at), Array.from(ins.text).length, ins.text);
          const newMap = new OffsetMap(res.text);
          const startCp = newMap.toCp(s16 + plan.inserts.filter((i) => i.at <= s16).reduce((s, i) => s + i.text.length, 0));
          const endCp = newMap.toCp(e16 + plan.inserts.filter((i) => i.at < e16).reduce((s, i) => s + i.text.length, 0));
          next = addDecision(next, { ...d, start: startCp, end: endCp }, 'inline', newMap.slice(startCp, endCp));
          for (const ins of [...plan.inserts].sort((a, b) => a.at - b.at)) edit.inserts.push({ at: ins.at + edit.inserts.slice(prev.inserts).reduce((s, x) => s + (x.at <= ins.at ? x.len : 0), 0), len: ins.text.length });
          edit.bytes = res.bytes;
          edit.text = res.text;
          try {
            await writeDecisions(this.path, next, write, this.shown);
          } catch (err) {
            // the two stores stay consistent: apply() puts the source back (the transaction)
            edit.bytes = prev.bytes;
            edit.text = prev.text;
            edit.inserts.length = prev.inserts;
            throw err;
          }
          this.doc = next;
          this.undo.push({ decision: d, doc: before, source: { edit, ...prev } });
          return undefined;
        }
      } else reason = plan.reason;
    } else reason = `${this.sources.get(d.source)?.format ?? 'this'} sources cannot hold inline markers`;
    // fall back to the decisions file, with offsets in the source text as it is now
    const dd = edit ? this.inText(edit, d) : d;
    const next = addDecision(this.doc, dd, 'file', this.passage(d.source, dd.start, dd.end));
    await writeDecisions(this.path, next, write, this.shown);
    this.doc = next;
    this.undo.push({ decision: d, doc: before });
    this.fallbacks++;
    const msg = `saved in ${this.shown}, not inline: ${reason}`;
    // (with the line of the passage: three passages of a file fell back under one warning, without which)
    const text = this.sources.get(d.source)?.text;
    const line = text === undefined ? undefined : lineNumbers(text, [new OffsetMap(text).toUtf16(d.start)])[0];
    this.report({ severity: 'warning', source: 'cli', ruleId: 'inline-fallback', message: line === undefined ? msg : `${msg} (the passage ${d.segment}, coded ${d.code})`, file: this.sources.get(d.source)?.path, ...(line !== undefined ? { line } : {}) });
    return msg;
  }

  /** The decision with its offsets in the source text as it is now (with this session's markers; the decision's are in the text as read). */
  private inText(edit: SourceEdit, d: Decision): Decision {
    const cur = new OffsetMap(edit.text);
    return { ...d, start: cur.toCp(this.map(edit, d.start, false)), end: cur.toCp(this.map(edit, d.end, true)) };
  }

  /** Code points start–end of a source's text as it is now (with this session's markers), or undefined for a source not read. */
  private passage(sourceId: string, start: number, end: number): string | undefined {
    const text = this.edits.get(sourceId)?.text ?? this.sources.get(sourceId)?.text;
    return text === undefined ? undefined : new OffsetMap(text).slice(start, end);
  }

  /** Original code point → UTF-16 index in the current text (an end lies before text inserted at it). */
  private map(edit: SourceEdit, cp: number, isEnd: boolean): number {
    let u = edit.orig.toUtf16(cp);
    for (const ins of edit.inserts) if (isEnd ? ins.at < u : ins.at <= u) u += ins.len;
    return u;
  }

  private async editFor(sourceId: string): Promise<SourceEdit | undefined> {
    const have = this.edits.get(sourceId);
    if (have) return have;
    const src = this.sources.get(sourceId);
    if (!src || (src.format !== 'txt' && src.format !== 'md') || src.encoding === 'binary-container') return undefined;
    const abs = resolve(this.io.cwd, src.path);
    const bytes = new Uint8Array(await readFile(abs));
    const { createHash } = await import('node:crypto');
    if (src.sha256 && createHash('sha256').update(bytes).digest('hex') !== src.sha256) {
      throw inputError('cli', 'source-changed', 'the source file changed on disk since it was read', { file: src.path, hint: 'restart qda review' });
    }
    const edit: SourceEdit = { abs, source: src, bytes, text: src.text, orig: new OffsetMap(src.text), inserts: [] };
    this.edits.set(sourceId, edit);
    return edit;
  }
}

const ESC = '\u001b[';

/** `c`, which stands at `path` of its file (named in the warnings about it). */
function placed(c: Coding, path: string): Coding {
  setCodingPlace(c, { path });
  return c;
}

/** The full-screen loop: raw keys in, a redraw after every (saved) decision. */
async function interactiveLoop(
  io: Io,
  stdin: NodeJS.ReadStream & { setRawMode?: (b: boolean) => void },
  start: ReviewState,
  ctx: ReviewContext,
  rctx: RenderContext,
  persister: Persister,
  learn: (e: Effect, s: ReviewState) => ReviewState,
): Promise<ReviewState> {
  const out = io.stdout as NodeJS.WriteStream;
  const color = !io.env.NO_COLOR && io.env.TERM !== 'dumb';
  let state = start;
  const size = () => ({ width: Math.max(20, out.columns || 80), height: Math.max(10, out.rows || 24) });
  const draw = () => {
    const { width, height } = size();
    const lines = renderScreen(state, rctx, { width, height, color });
    let buf = `${ESC}?25l`;
    lines.forEach((l, i) => (buf += `${ESC}${i + 1};1H${l}${ESC}0m${ESC}K`));
    out.write(buf);
  };
  const readline = await import('node:readline');
  readline.emitKeypressEvents(stdin);
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    try {
      stdin.setRawMode?.(false);
    } catch {
      // the terminal may be gone
    }
    stdin.pause();
    out.write(`${ESC}0m${ESC}?25h${ESC}?1049l`);
  };
  const onSignal = (sig: NodeJS.Signals) => {
    restore();
    process.kill(process.pid, sig);
  };
  const onCrash = (err: unknown) => {
    restore();
    io.stderr.write(`qda review: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exit(1);
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
  process.once('SIGINT', onSignal);
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  process.on('exit', restore);
  out.write(`${ESC}?1049h${ESC}?25l${ESC}2J`);
  stdin.setRawMode!(true);
  stdin.resume();
  const onResize = () => {
    out.write(`${ESC}2J`);
    draw();
  };
  out.on('resize', onResize);
  draw();
  try {
    await new Promise<void>((done) => {
      let chain = Promise.resolve();
      const onKey = (str: string | undefined, key: { name?: string; ctrl?: boolean; meta?: boolean; shift?: boolean } | undefined) => {
        chain = chain.then(async () => {
          if (state.quit) return;
          const action = keyToAction(state.mode.kind, str, key ?? {});
          if (!action) return;
          const r = reduce(state, action, ctx);
          let message: string | undefined;
          let next = r.state;
          try {
            // save first, then show: a crash after this point loses nothing
            for (const e of r.effects) {
              message = (await persister.apply(e)) ?? message;
              next = learn(e, next);
            }
          } catch (err) {
            const m = err instanceof QdaInputError ? err.diagnostics.map((d) => d.message).join('; ') : (err as Error).message;
            state = { ...state, message: `NOT SAVED: ${m}` };
            draw();
            return;
          }
          state = message ? { ...next, message } : next;
          if (state.quit) {
            stdin.off('keypress', onKey);
            done();
            return;
          }
          draw();
        });
      };
      stdin.on('keypress', onKey);
      stdin.once('end', () => {
        state = { ...state, quit: true };
        done();
      });
    });
  } finally {
    out.off('resize', onResize);
    restore();
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    process.off('SIGINT', onSignal);
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
    process.off('exit', restore);
  }
  return state;
}

export type { Coding };
