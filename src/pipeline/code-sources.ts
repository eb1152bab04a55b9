/**
 * The coding pipeline: sources → segments → codings → a sink, one source at a time, with
 * bounded memory. The inputs are planned first (files in order, case tables, interviewers:
 * as readCorpusStream); each file is then read, segmented, coded and turned into the piece
 * its sink wants by a source job (source-job.ts), on worker threads for a large enough input
 * or on this thread; the results come back in source order and go to the sink. Output and
 * warnings are the same with any number of threads (tested byte-identical).
 *
 * Held in memory: the sources being coded (one per thread, and the results of at most about
 * STREAM_AHEAD_BYTES of files waiting for an earlier one), the compiled codebooks, the
 * coders' word memos and each source's id, path, case and attributes; not the corpus, the
 * codings nor the output (the sink writes or spools it).
 */
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Codebook } from '../codebook/types.js';
import type { CodeRef, CodebookRef, Coding, Diagnostic, Lang, Provenance, RelationRef, Source, Unit } from '../model/types.js';
import { QdaInputError, inputError, type Report } from '../model/errors.js';
import type { RuleIndex } from '../model/codings-format.js';
import { displayPath } from '../ingest/read-source.js';
import type { ProjectConfig } from '../ingest/read-project.js';
import { applyCases, type CaseTable } from '../ingest/read-cases.js';
import { duplicateIdWarning, findProject, planInputs } from '../ingest/read-corpus-stream.js';
import type { CompiledCodebook } from '../coding/compile-codebook.js';
import { codeIdCollisions, codebookCodeRefs, codebookRefs, codebookRelationRefs, provenanceOf } from '../coding/code-corpus.js';
import type { MarkerAccounting } from '../coding/human-codings.js';
import type { LabelAlias } from '../coding/label-resolver.js';
import { resolveLinks } from '../coding/links.js';
import { ruleIndexFor } from '../coding/rule-index.js';
import { SameTextCheck } from '../ingest/same-text.js';
import { ruleLanguageGaps } from '../coding/rule-languages.js';
import { isPrepared, isRecordRest, makeSourceRunner, makeSourceStages, type PieceKind, type PreparedSource, type SourceJob, type SourceJobContext, type SourceResult, type SourceStages } from './source-job.js';
import { toWire, wireTransfer } from './wire.js';
import { encodeRecordStartUtf8, encodeRecordTextUtf8, recordPieces } from '../model/codings-format.js';
import { defaultWorkerUrl, dropSpareWorker, sendBooksAhead, takeWorker } from './prespawn.js';

/** Bytes of source files below which the sources are coded on this thread (worker warm-up would not pay off). */
export const WORKERS_MIN_BYTES = 12 * 1024 * 1024;

/** Bytes of files that may be coded ahead of the first one whose result is not back yet (at least two per worker). */
export const STREAM_AHEAD_BYTES = 64 * 1024 * 1024;

/** Jobs a worker thread is given ahead (this thread's lane: 2). */
export const WORKER_DEPTH = 4;

/** Jobs in flight when two threads share each source by stage (read here, finished by the worker). */
export const STAGED_DEPTH = 6;

/**
 * When this thread finishes a source itself instead of sending it to the busier worker (two
 * threads by stage, see stagedLane): with `atWorker` sources waiting there, once the worker has
 * finished `warmUp` (not counted: it compiles meanwhile) + `measure` sources, and only when its half
 * takes `ratio` times as long as this thread's (a rules-heavy codebook; on the realistic corpus
 * the ratio is ≈ 1.2, on a dense 2,000-keyword codebook ≈ 13). `local` counts the sources finished
 * here (for tests, which also lower the thresholds to run this path on small inputs).
 * JSON / JSON Lines: this thread writes a source's text when `textAt` or more sources wait at the
 * worker, else the worker does (`textHere` counts the texts written here; tests set `textAt` to
 * 0 or a large number to run either path). 5: the worker writes them unless it is far behind (a
 * rules-heavy codebook): since the worker no longer finds the markers again it has the time, and
 * the text's writing code is then compiled on one thread only (realistic corpus, alternating runs:
 * JSON 2.05 → 1.93 s and 1.83 → 1.74 s against 3, JSON Lines 1.85 → 1.79 s; dense 6.42 → 6.35 s).
 */
export const stagedTuning = { atWorker: STAGED_DEPTH - 1, warmUp: 16, measure: 16, ratio: 1.5, local: 0, textAt: 5, textHere: 0 };

/** Word types a coder memoises before starting afresh (a real corpus has far fewer). */
export const MAX_TYPES = 250_000;

export interface CodingPlan {
  readonly cwd: string;
  readonly files: Array<{ path: string; explicit: boolean; size: number }>;
  readonly bytes: number;
  readonly tables: CaseTable[];
  /** See InputPlan.usedTables. */
  readonly usedTables: string[];
  readonly interviewers: string[];
  readonly fromFolders: boolean;
  readonly given: readonly string[];
  readonly base: string;
  readonly project?: ProjectConfig;
}

/** The files the pipeline reads, in order, with the same errors and folder warnings as readCorpusStream; the case tables; the interviewers. */
export async function planCoding(
  inputs: readonly string[],
  opts: { cwd: string; cases?: string; interviewers?: string[]; project?: ProjectConfig | null; report: Report; exclude?: ReadonlyMap<string, string> },
): Promise<CodingPlan> {
  const cwd = opts.cwd;
  const project = opts.project ?? undefined;
  const plan = await planInputs(inputs, { cwd, project, cases: opts.cases, interviewers: opts.interviewers, report: opts.report, ...(opts.exclude ? { exclude: opts.exclude } : {}) });
  const files = plan.files.map((f) => ({ ...f, size: 0 }));
  let bytes = 0;
  // (synchronously: the same system call without a promise and a trip through the thread pool
  // for each of hundreds of files, ≈ 30 → 8 ms for 760)
  for (const f of files) {
    try {
      f.size = statSync(f.path).size;
    } catch {
      f.size = 0;
    }
    bytes += f.size;
  }
  return { cwd, files, bytes, tables: plan.tables, usedTables: plan.usedTables, interviewers: plan.interviewers, fromFolders: plan.fromFolders, given: plan.given, base: plan.base, project };
}

/** What the sink gets first: the document's head. */
export interface PipelineHead {
  readonly provenance: Provenance;
  readonly codebooks: CodebookRef[];
  /** The codebooks' codes. */
  readonly codes: CodeRef[];
  readonly rules: RuleIndex;
  readonly unit: Unit;
  /** The codebooks' relations (links between codings), when there are any. */
  readonly relations?: RelationRef[];
}

/** What was read and coded. */
export interface CodingSummary {
  readonly sources: number;
  readonly segments: number;
  readonly codings: number;
  /** Codings per coder. */
  readonly coders: Record<string, number>;
  /** Codes human codings use that no codebook defines (sorted by id). */
  readonly codesFound: CodeRef[];
  /** Bytes of the source files read. */
  readonly bytes: number;
  /** Sources with case attributes: id → attributes. */
  readonly attributes: ReadonlyMap<string, Readonly<Record<string, string>>>;
  /** The warnings said while reading and coding (also given to `report` as they came), for the document's `warnings`. */
  readonly warnings: readonly Diagnostic[];
}

/** Where the pipeline's output goes: see sinks.ts (JSON document, JSON Lines, CSV, in memory). */
export interface CodingsSink {
  /** The piece each source job makes for this sink. */
  readonly piece: PieceKind;
  /** The sink takes a text piece (json, jsonl, csv) as its UTF-8 bytes as well as a string. */
  readonly bytes?: boolean;
  begin(head: PipelineHead): void | Promise<void>;
  /** One source (not skipped), in source order. */
  source(r: SourceResult): void | Promise<void>;
  end(summary: CodingSummary): void | Promise<void>;
}

export interface CodeSourcesOptions {
  /** Files and folders (relative to cwd); none: the project's `sources:`. */
  readonly inputs: readonly string[];
  readonly cwd: string;
  readonly books: readonly Codebook[];
  readonly unit?: Unit;
  readonly speakers?: 'respondent' | 'all';
  /** Run the codebook rules (default true). */
  readonly rules?: boolean;
  /** Read inline markers (default true). */
  readonly inline?: boolean;
  readonly cases?: string;
  readonly config?: string;
  /** Interviewer labels for reading (default: the project's, else the usual ones). */
  readonly interviewers?: string[];
  /** Interviewer labels for rules at another unit (default: `interviewers`, else the project's). */
  readonly ruleInterviewers?: string[];
  readonly encoding?: string;
  readonly strict?: boolean;
  readonly maxSourceBytes?: number;
  /** Files found in folders that are not sources (absolute path → why), e.g. qdakit's own output; each skip is reported. */
  readonly exclude?: ReadonlyMap<string, string>;
  /** The project file as found by findProject (null: none; default: found here). */
  readonly project?: ProjectConfig | null;
  /** Threads that code (default: the available cores for inputs of WORKERS_MIN_BYTES or more, else 1 = this thread). */
  readonly threads?: number;
  /**
   * How two threads share the work: `stages` (default for a file sink): this thread reads,
   * segments and reads markers, the worker codes the rules and makes the pieces, so that each
   * compiles only its half of the code; `sources`: each thread does whole sources (the way
   * three or more threads always share it). The output is the same either way (tested).
   */
  readonly split?: 'sources' | 'stages';
  /** Aliases of code labels for the markers (`qda code --aliases`), before the codebooks' own. */
  readonly aliases?: LabelAlias[];
  /** Called per source with what became of its markers' labels (when it has markers). */
  readonly onMarkers?: (a: MarkerAccounting) => void;
  /** Inputs smaller than this are coded on this thread when `threads` is not given (default WORKERS_MIN_BYTES). */
  readonly workersMinBytes?: number;
  /** The worker script (default: worker.js next to this file; without it, this thread codes). */
  readonly workerUrl?: URL;
  readonly version: string;
  readonly command?: string;
  readonly options?: Readonly<Record<string, unknown>>;
  readonly report?: Report;
  /** Once the inputs are planned: files and bytes to read. */
  readonly onPlan?: (files: number, bytes: number) => void;
  /** After each source (or skipped file): files done, bytes done. */
  readonly onProgress?: (files: number, bytes: number) => void;
}

/**
 * Read, segment and code the inputs source by source into `sink`. Input errors (missing
 * input, unreadable file given explicitly, bad codebook, no readable source) are
 * QdaInputError, before the sink has finished (a file sink then leaves its target alone).
 */
export async function codeSources(opts: CodeSourcesOptions, sink: CodingsSink): Promise<CodingSummary> {
  try {
    return await codeAll(opts, sink);
  } finally {
    // (a worker started ahead by the caller and not needed: stopped)
    await dropSpareWorker();
  }
}

async function codeAll(opts: CodeSourcesOptions, sink: CodingsSink): Promise<CodingSummary> {
  const given: Report = opts.report ?? (() => {});
  // (each warning kept for the document's `warnings` as well: a later command can say it again)
  const warnings: Diagnostic[] = [];
  const report: Report = (d) => {
    if (d.severity !== 'error') warnings.push(d);
    given(d);
  };
  const cwd = opts.cwd;
  const unit = opts.unit ?? 'turn';
  const speakers = opts.speakers ?? 'respondent';
  const books = [...opts.books];
  const runRules = opts.rules !== false && books.length > 0;
  const project = opts.project === undefined ? await findProject(opts.inputs, { cwd, config: opts.config, report }) : opts.project ?? undefined;
  // the rules table first, which also checks every rule as compiling does: codebook errors (a bad
  // regex) surface before any work. The codebooks are compiled where they code: on the worker
  // (sent ahead: it compiles them while this thread plans the inputs), and on this thread only
  // for the languages of the sources it codes itself.
  const rules = ruleIndexFor(books);
  for (const d of codeIdCollisions(books)) report(d);
  const booksKey = runRules ? sendBooksAhead(books) : undefined;
  const plan = await planCoding(opts.inputs, { cwd, cases: opts.cases, interviewers: opts.interviewers, project: project ?? null, report, ...(opts.exclude ? { exclude: opts.exclude } : {}) });
  opts.onPlan?.(plan.files.length, plan.bytes);
  const ruleInterviewers = opts.ruleInterviewers ?? (opts.interviewers?.length ? opts.interviewers : project?.interviewers);
  const ctx: SourceJobContext = {
    cwd,
    unit,
    speakers,
    interviewers: plan.interviewers,
    ...(ruleInterviewers ? { ruleInterviewers } : {}),
    ...(opts.encoding ? { encoding: opts.encoding } : {}),
    ...(opts.strict ? { strict: true } : {}),
    ...(opts.maxSourceBytes ? { maxSourceBytes: opts.maxSourceBytes } : {}),
    tables: plan.tables,
    usedTables: plan.usedTables,
    ...(project?.language ? { projectLanguage: project.language } : {}),
    books,
    runRules,
    ...(opts.inline === false ? { inline: false } : {}),
    maxTypes: MAX_TYPES,
    piece: sink.piece,
    ...(sink.bytes ? { pieceBytes: true } : {}),
    ...(opts.aliases?.length ? { aliases: opts.aliases } : {}),
    ...(sink.piece === 'json' || sink.piece === 'jsonl' ? { rules: rules.toJSON() } : {}),
    ...(booksKey ? { booksKey } : {}),
  };
  const url = opts.workerUrl ?? defaultWorkerUrl();
  const workerExists = url.protocol !== 'file:' || existsSync(fileURLToPath(url));
  let threads = opts.threads ?? (plan.bytes >= (opts.workersMinBytes ?? WORKERS_MIN_BYTES) ? availableParallelism() : 1);
  if (!workerExists || plan.files.length < 2) threads = 1;
  if (threads === 1) void dropSpareWorker();
  const relations = codebookRelationRefs(books);
  await sink.begin({ provenance: provenanceOf(opts), codebooks: codebookRefs(books), codes: books.flatMap(codebookCodeRefs), rules, unit, ...(relations.length ? { relations } : {}) });
  // the codings with a label or links (and their sources' texts, for the line numbers): checked at the end
  const linked: Coding[] = [];
  const linkSources: Source[] = [];

  const coders: Record<string, number> = {};
  const extra = new Map<string, CodeRef>();
  const attributes = new Map<string, Readonly<Record<string, string>>>();
  // the sources per language they were coded in (codes whose rules have no keywords in it are said)
  const languages = new Map<Lang, string[]>();
  // (two sources with the same text: said)
  const sameText = new SameTextCheck();
  let nSources = 0;
  let nSegments = 0;
  let nCodings = 0;
  let done = 0;
  let doneBytes = 0;
  const stubs = await runJobs(plan, ctx, {
    threads,
    ...(opts.split ? { split: opts.split } : {}),
    url,
    report,
    onSkipped: (k) => {
      done++;
      doneBytes += plan.files[k].size;
      opts.onProgress?.(done, doneBytes);
    },
    onSource: async (r) => {
      const same = sameText.check({ id: r.id!, path: r.path!, sha256: r.sha256 }, r.fingerprint, r.passages);
      if (same) report(same);
      nSources++;
      nSegments += r.segments ?? 0;
      nCodings += r.codings ?? 0;
      for (const [c, n] of Object.entries(r.coders ?? {})) coders[c] = (coders[c] ?? 0) + n;
      for (const c of r.extraCodes ?? []) if (!extra.has(c.id)) extra.set(c.id, c);
      if (r.markers) opts.onMarkers?.(r.markers);
      if (r.links) {
        for (const c of r.links.codings) linked.push(c);
        linkSources.push({ id: r.id!, path: r.links.path, text: r.links.text } as unknown as Source);
      }
      if (r.attributes) attributes.set(r.id!, r.attributes);
      if (r.language) (languages.get(r.language) ?? languages.set(r.language, []).get(r.language)!).push(r.id!);
      await sink.source(r);
      done++;
      doneBytes += plan.files[r.k].size;
      opts.onProgress?.(done, doneBytes);
    },
  });
  if (stubs.length === 0) {
    throw inputError('ingest', 'no-sources', 'no readable sources among the inputs', {
      file: plan.given.length === 1 ? displayPath(plan.cwd, resolve(plan.base, plan.given[0])) : undefined,
      hint: 'see the warnings above; give transcripts (.txt, .md, .docx, .odt, .vtt, .srt), documents (.pdf) or answer tables (.csv, .xlsx)',
    });
  }
  // (rows naming no source are said when a folder was read; a table value that replaces a source's
  // own, and two tables that differ, always)
  if (plan.tables.length) applyCases(stubs, plan.tables, report, plan.fromFolders);
  // links between codings, over all sources (a link may point into another source); targets are
  // the labelled codings (a link to a coding's id in a source without labels or links is not seen)
  if (runRules) for (const d of ruleLanguageGaps(books, languages)) report(d);
  // (codes of the markers that a built-in codebook not given holds: said with the -c that reads them)
  if (extra.size) for (const d of await (await import('../ingest/codes-of-builtins.js')).codesOfOtherBuiltins([...extra.values()], books, cwd)) report(d);
  if (linked.length) for (const d of resolveLinks({ codings: linked, sources: linkSources }, { relations }).diagnostics) report(d);
  const sortedCoders = Object.fromEntries(Object.entries(coders).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const summary: CodingSummary = {
    sources: nSources,
    segments: nSegments,
    codings: nCodings,
    coders: sortedCoders,
    codesFound: [...extra.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    bytes: plan.bytes,
    attributes,
    warnings,
  };
  await sink.end(summary);
  return summary;
}

interface Lane {
  post(job: SourceJob): void;
  terminate(): Promise<void>;
}

/**
 * Run the plan's files as source jobs on `threads` threads (1: this one); results in
 * source order, as readCorpusStream would give the sources. Returns stubs of the sources
 * read (id, path, case) for the end-of-stream case check.
 */
async function runJobs(
  plan: CodingPlan,
  ctx: SourceJobContext,
  opts: { threads: number; url: URL; report: Report; onSource: (r: SourceResult) => Promise<void>; onSkipped: (k: number) => void; compiled?: ReadonlyMap<Lang, CompiledCodebook[]>; split?: 'sources' | 'stages' },
): Promise<Source[]> {
  // ids as readCorpusStream gives them (the file name without extension; later duplicates -2, -3, …),
  // predicted assuming every file is read; a result whose id turns out otherwise is coded again
  /** The id the next source read with reader id `id0` gets (used: lower-case ids taken → count); `take` records it. */
  const idFrom = (used: ReadonlyMap<string, number>, id0: string): { id: string; n: number } => {
    const n = (used.get(id0.toLowerCase()) ?? 0) + 1;
    if (n === 1) return { id: id0, n };
    let id = `${id0}-${n}`;
    while (used.has(id.toLowerCase())) id = `${id}-${n}`;
    return { id, n };
  };
  const take = (used: Map<string, number>, id0: string, x: { id: string; n: number }) => {
    used.set(id0.toLowerCase(), x.n);
    if (x.n > 1) used.set(x.id.toLowerCase(), 1);
  };
  const idsFrom = (used: Map<string, number>, id0: string) => {
    const x = idFrom(used, id0);
    take(used, id0, x);
    return x.id;
  };
  const predicted = new Map<string, number>();
  const jobs: SourceJob[] = plan.files.map((f, k) => ({ k, path: f.path, explicit: f.explicit, id: idsFrom(predicted, basename(f.path, extname(f.path))) }));
  const queue: SourceJob[] = [...jobs];
  /** Bytes of the files before file k. */
  const before = new Float64Array(jobs.length + 1);
  plan.files.forEach((f, k) => (before[k + 1] = before[k] + f.size));
  const results = new Map<number, SourceResult>();
  const used = new Map<string, number>();
  const firstPath = new Map<string, string>();
  const stubs: Source[] = [];
  let emitted = 0;
  let failure: unknown;
  let writing: Promise<void> = Promise.resolve();
  let writeFailed = false;
  const nLanes = Math.max(1, Math.min(opts.threads, jobs.length));
  const lanes: Lane[] = [];
  let wake: (() => void) | undefined;
  const kick = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  /** Take in the results that are next in source order. */
  const drain = () => {
    while (failure === undefined && results.has(emitted)) {
      const r = results.get(emitted)!;
      results.delete(emitted);
      if (r.error) {
        failure = r.error.diagnostics ? new QdaInputError(r.error.diagnostics) : Object.assign(new Error(r.error.message), { stack: r.error.stack });
        const diags = r.diagnostics;
        if (diags.length) writing = writing.then(() => (writeFailed ? undefined : diags.forEach((d) => opts.report(d))));
        return;
      }
      if (!r.skipped) {
        const x = idFrom(used, r.id0!);
        if (x.id !== r.id) {
          // a file before this one was skipped: code it again under its real id (first in the queue)
          queue.unshift({ ...jobs[emitted], id: x.id });
          kick();
          return;
        }
        take(used, r.id0!, x);
        // (a later source of the same name, read as r1-2: said, before its own warnings)
        if (x.n > 1) r.diagnostics.unshift(duplicateIdWarning(r.id0!, x.id, r.path ?? x.id, firstPath.get(r.id0!.toLowerCase())));
        else firstPath.set(r.id0!.toLowerCase(), r.path ?? r.id0!);
        stubs.push({ id: r.id, path: r.path, case: r.case, attributes: r.ownAttributes ?? {} } as unknown as Source);
      }
      emitted++;
      const diags = r.diagnostics;
      // (the warnings of the sources before a failing one are still reported)
      writing = writing
        .then(async () => {
          if (writeFailed) return;
          for (const d of diags) opts.report(d);
          if (!r.skipped) await opts.onSource(r);
          else opts.onSkipped(r.k);
        })
        .catch((e: unknown) => {
          writeFailed = true;
          failure ??= e;
        });
    }
  };
  const lane = (make: (onMessage: (m: LaneMessage) => void, reject: (e: unknown) => void) => Lane, depth = 2) =>
    new Promise<void>((resolveLane, reject) => {
      let inFlight = 0;
      let finished = false;
      const finish = () => {
        if (!finished) {
          finished = true;
          resolveLane();
        }
      };
      // `depth` jobs in flight per lane: the next one is there when the current one is done (a
      // worker gets more: this thread, busy coding too, takes its results and feeds it late)
      const feed = () => {
        while (inFlight < depth && queue.length && failure === undefined) {
          // do not run far ahead of the writer (the results after a slow source wait in memory)
          const k = queue[0].k;
          if (k - emitted >= 2 * nLanes && before[k] - before[emitted] > STREAM_AHEAD_BYTES) break;
          const job = queue.shift()!;
          inFlight++;
          l.post(job);
        }
        if (inFlight === 0) {
          if (failure !== undefined || (queue.length === 0 && emitted >= jobs.length)) finish();
          else {
            // a re-coded job may still come, or the writer must catch up: wait for news
            const prev = wake;
            wake = () => {
              prev?.();
              feed();
            };
          }
        }
      };
      const l = make((m) => {
        if (m.type === 'ready') feed();
        else if (m.type === 'done') {
          inFlight--;
          results.set(m.result.k, m.result);
          drain();
          // the other lanes may be waiting (for a re-coded job, or for the writer to catch up)
          kick();
          // (a slow sink: wait until the results taken in are written before feeding more)
          void writing.then(() => {
            kick();
            feed();
            if (failure !== undefined && inFlight === 0) finish();
          });
        } else reject(Object.assign(new Error(m.message), { stack: m.stack }));
      }, reject);
      lanes.push(l);
    });
  try {
    const all: Array<Promise<void>> = [];
    if (nLanes === 1 && opts.threads <= 1) all.push(lane((onMessage) => inlineLane(ctx, onMessage, opts.compiled)));
    else if (nLanes === 2 && (opts.split ?? (ctx.piece === 'parts' ? 'sources' : 'stages')) === 'stages') {
      // two threads share each source: this one reads it, segments it and reads its markers,
      // the worker codes the rules and makes its piece (each thread compiles only its half)
      all.push(lane((onMessage, reject) => stagedLane(opts.url, ctx, onMessage, reject, opts.compiled), STAGED_DEPTH));
    } else {
      // this thread codes too (it has the codebooks compiled; its writing is light): one worker
      // fewer to start, each of which loads the modules, compiles and warms the stemmers again
      all.push(lane((onMessage) => inlineLane(ctx, onMessage, opts.compiled)));
      for (let i = 1; i < nLanes; i++) all.push(lane((onMessage, reject) => workerLane(opts.url, ctx, onMessage, reject), WORKER_DEPTH));
    }
    await Promise.all(
      all.map((p) =>
        p.catch((e: unknown) => {
          failure ??= e;
          kick();
        }),
      ),
    );
  } finally {
    await Promise.all(lanes.map((l) => l.terminate()));
  }
  await writing;
  if (failure !== undefined) throw failure;
  return stubs;
}

type LaneMessage = { type: 'ready' } | { type: 'done'; result: SourceResult; ms?: number } | { type: 'error'; message: string; stack?: string };

/** A lane on this thread: set up in a microtask, then `ready` (or the error that stopped it). */
function readyLater(onMessage: (m: LaneMessage) => void, setUp: () => void): void {
  queueMicrotask(() => {
    try {
      setUp();
      onMessage({ type: 'ready' });
    } catch (e) {
      onMessage({ type: 'error', message: (e as Error).message, stack: (e as Error).stack });
    }
  });
}

/**
 * Jobs run on this thread. The jobs in flight run side by side: one is read (by the thread
 * pool) while another is coded; the coding itself is synchronous, so they never interleave there.
 */
function inlineLane(ctx: SourceJobContext, onMessage: (m: LaneMessage) => void, compiled?: ReadonlyMap<Lang, CompiledCodebook[]>): Lane {
  let runner: ((job: SourceJob) => Promise<SourceResult>) | undefined;
  const running = new Set<Promise<void>>();
  readyLater(onMessage, () => void (runner = makeSourceRunner(ctx, compiled)));
  return {
    post(job) {
      const p = (async () => {
        let result: SourceResult;
        // (reading is synchronous: without a turn of the event loop here, this lane would run
        // job after job in microtasks and the workers' messages would wait until it ran dry)
        await new Promise<void>((go) => setImmediate(go));
        try {
          result = await runner!(job);
        } catch (e) {
          if (!(e instanceof QdaInputError)) {
            onMessage({ type: 'error', message: (e as Error).message, stack: (e as Error).stack });
            return;
          }
          result = { k: job.k, diagnostics: [], skipped: true, error: { message: e.message, diagnostics: [...e.diagnostics] } };
        }
        onMessage({ type: 'done', result });
      })().finally(() => running.delete(p));
      running.add(p);
    },
    terminate: async () => {
      while (running.size) await Promise.all([...running]);
    },
  };
}

/**
 * Jobs shared by this thread and a worker by stage: each is prepared here (read, segmented,
 * markers read: `SourceStages.prepare`) and finished there (rules, piece); a file that is
 * skipped or cannot be read never goes to the worker. Results come back in the order sent.
 */
function stagedLane(url: URL, ctx: SourceJobContext, onMessage: (m: LaneMessage) => void, reject: (e: unknown) => void, compiled?: ReadonlyMap<Lang, CompiledCodebook[]>): Lane {
  const w = takeWorker(url);
  let stopping = false;
  let stages: SourceStages | undefined;
  const running = new Set<Promise<void>>();
  // (the worker's own `ready` is not waited for: what is posted before waits in its queue)
  // sources at the worker, and the time each half took (this thread's prepare, the worker's finish)
  let atWorker = 0;
  let prepareMs = 0;
  let prepared = 0;
  let finishMs = 0;
  let finished = 0;
  w.on('message', (m: LaneMessage) => {
    if (m.type === 'ready') return;
    if (m.type === 'done') {
      atWorker--;
      // (the worker's first sources, while it compiles, are not counted)
      if (m.ms !== undefined && ++finished > stagedTuning.warmUp) finishMs += m.ms;
    }
    if (m.type === 'done') {
      // (this thread's start and text of the record go around the worker's codings; a failed source has none)
      const mine = starts.get(m.result.k);
      starts.delete(m.result.k);
      if (isRecordRest(m.result.piece)) {
        if (!mine) return onMessage({ type: 'error', message: `the worker sent the codings of source ${m.result.k}'s record, whose start this thread did not write` });
        const text = mine.text ?? m.result.piece.text;
        if (!text) return onMessage({ type: 'error', message: `neither thread wrote the text of source ${m.result.k}'s record` });
        return onMessage({ type: 'done', result: { ...m.result, piece: recordPieces(mine.start, m.result.piece.rest, text, piece as 'json' | 'jsonl') } });
      }
    }
    onMessage(m);
  });
  w.on('error', reject);
  w.on('exit', (code) => {
    if (!stopping) reject(new Error(`coding worker stopped (exit code ${code})`));
  });
  // (the start of the record (fields, speakers, segments) of each source at the worker, by job:
  // this thread, which read and segmented it, writes it, the worker the codings. The text, most
  // of a record's bytes, goes to the thread with time to spare: this one while the worker has
  // sources waiting (it is the slower half: coding costs more than reading on the realistic
  // corpus), else the worker. Either way the record's bytes are the same.)
  const piece = ctx.piece;
  const apart = ctx.pieceBytes && (piece === 'json' || piece === 'jsonl');
  const starts = new Map<number, { start: Uint8Array; text?: Uint8Array }>();
  w.postMessage({ type: 'init', ctx: apart ? { ...ctx, recordApart: true } : ctx });
  readyLater(onMessage, () => void (stages = makeSourceStages(ctx, compiled)));
  return {
    post(job) {
      const p = (async () => {
        // (a turn of the event loop first, as in inlineLane: the worker's results are taken in between)
        await new Promise<void>((go) => setImmediate(go));
        let x: PreparedSource | SourceResult;
        const t0 = performance.now();
        try {
          x = await stages!.prepare(job);
        } catch (e) {
          if (!(e instanceof QdaInputError)) {
            onMessage({ type: 'error', message: (e as Error).message, stack: (e as Error).stack });
            return;
          }
          x = { k: job.k, diagnostics: [], skipped: true, error: { message: e.message, diagnostics: [...e.diagnostics] } };
        }
        if (!isPrepared(x)) return onMessage({ type: 'done', result: x });
        prepareMs += performance.now() - t0;
        prepared++;
        // (only when the worker's half costs clearly more than this thread's: else this thread
        // would compile the rules' code too, which costs more than the wait it saves)
        const tune = stagedTuning;
        if (atWorker >= tune.atWorker && finished >= tune.warmUp + tune.measure && finishMs / (finished - tune.warmUp) > tune.ratio * (prepareMs / prepared)) {
          tune.local++;
          // the worker is behind (a codebook whose rules cost more than reading): this thread
          // finishes the source itself rather than wait (the same code as on one thread)
          let result: SourceResult;
          try {
            result = stages!.finish(x);
          } catch (e) {
            onMessage({ type: 'error', message: (e as Error).message, stack: (e as Error).stack });
            return;
          }
          return onMessage({ type: 'done', result });
        }
        const textHere = apart && atWorker >= tune.textAt;
        if (textHere) tune.textHere++;
        atWorker++;
        if (apart) {
          // (this thread's share of the source's record, counted with its half)
          const t1 = performance.now();
          const format = piece as 'json' | 'jsonl';
          starts.set(x.k, { start: encodeRecordStartUtf8(x.source, x.segments, ctx.unit, format), ...(textHere ? { text: encodeRecordTextUtf8(x.source, format) } : {}) });
          prepareMs += performance.now() - t1;
        }
        const wire = toWire(x);
        w.postMessage({ type: 'finish', wire, text: apart && !textHere }, wireTransfer(wire));
      })().finally(() => running.delete(p));
      running.add(p);
    },
    terminate: async () => {
      while (running.size) await Promise.all([...running]);
      stopping = true;
      await w.terminate();
    },
  };
}

/** Jobs run on a worker thread (worker.ts). */
function workerLane(url: URL, ctx: SourceJobContext, onMessage: (m: LaneMessage) => void, reject: (e: unknown) => void): Lane {
  const w = takeWorker(url);
  let stopping = false;
  w.on('message', (m: LaneMessage) => onMessage(m));
  w.on('error', reject);
  w.on('exit', (code) => {
    if (!stopping) reject(new Error(`coding worker stopped (exit code ${code})`));
  });
  w.postMessage({ type: 'init', ctx });
  return {
    post: (job) => w.postMessage({ type: 'job', job }),
    terminate: async () => {
      stopping = true;
      await w.terminate();
    },
  };
}
