/**
 * `qda code … --format csv -o FILE` on worker threads: each worker does the whole
 * job of a source (read, segment, code, format its CSV rows: stream-job.ts); this
 * thread only expands the inputs, hands out file paths, puts the results back in
 * source order and writes them. Output and warnings are those of the
 * single-threaded readCorpusStream path (tested byte-identical).
 *
 * The input expansion and the end-of-stream checks repeat those of
 * src/ingest/read-corpus-stream.ts (which does not export them).
 */
import { Worker } from 'node:worker_threads';
import { stat } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import type { Source, Unit } from '../model/types.js';
import { QdaInputError, inputError, type Report } from '../model/errors.js';
import { displayPath } from '../ingest/read-source.js';
import type { ProjectConfig } from '../ingest/read-project.js';
import { applyCases, type CaseTable } from '../ingest/read-cases.js';
import { planInputs } from '../ingest/read-corpus-stream.js';
import type { StreamContext, StreamJob, StreamResult } from './stream-job.js';

/** Bytes of source files below which the stream is coded on this thread (worker warm-up would not pay off). */
export const STREAM_WORKERS_MIN_BYTES = 12 * 1024 * 1024;

/** Bytes of files that may be coded ahead of the first one whose result is not back yet (at least two per worker). */
export const STREAM_AHEAD_BYTES = 64 * 1024 * 1024;

export interface StreamPlan {
  readonly cwd: string;
  readonly files: Array<{ path: string; explicit: boolean; size: number }>;
  readonly bytes: number;
  readonly tables: CaseTable[];
  readonly interviewers: string[];
  readonly unit: Unit;
  readonly fromFolders: boolean;
  readonly given: readonly string[];
  readonly base: string;
  readonly project?: ProjectConfig;
}

/** The files readCorpusStream would read, in its order, with the same errors and folder warnings; and the case tables. */
export async function planStream(
  inputs: readonly string[],
  opts: { cwd: string; unit?: Unit; cases?: string; interviewers?: string[]; project?: ProjectConfig | null; report: Report },
): Promise<StreamPlan> {
  const cwd = opts.cwd;
  const project = opts.project ?? undefined;
  const plan = await planInputs(inputs, { cwd, project, cases: opts.cases, interviewers: opts.interviewers, report: opts.report });
  const { fromFolders, given, base, tables, interviewers } = plan;
  const unique = plan.files.map((f) => ({ ...f, size: 0 }));
  let bytes = 0;
  for (const f of unique) {
    f.size = (await stat(f.path).catch(() => undefined))?.size ?? 0;
    bytes += f.size;
  }
  return { cwd, files: unique, bytes, tables, interviewers, unit: opts.unit ?? 'turn', fromFolders, given, base, project };
}

export interface StreamWorkersOptions {
  /** The job context without what the plan gives (cwd, unit, interviewers, tables, project language). */
  readonly ctx: Omit<StreamContext, 'cwd' | 'unit' | 'interviewers' | 'tables' | 'projectLanguage'>;
  readonly threads: number;
  readonly report: Report;
  /** Called with each source's result, in source order (skipped sources are not passed). */
  readonly onSource: (r: StreamResult) => void | Promise<void>;
  /** Where the worker script is (default: stream-worker.js next to this file). */
  readonly workerUrl?: URL;
}

/** Code the plan's files on `threads` worker threads; results in source order, as readCorpusStream + code.ts would give them. */
export async function codeStreamWorkers(plan: StreamPlan, opts: StreamWorkersOptions): Promise<void> {
  const ctx: StreamContext = { ...opts.ctx, cwd: plan.cwd, unit: plan.unit, interviewers: plan.interviewers, tables: plan.tables, projectLanguage: plan.project?.language };
  // ids as readCorpusStream gives them (the file name without extension; later duplicates -2, -3, …),
  // predicted assuming every file is read; a result whose id turns out otherwise is coded again
  const idsFrom = (used: Map<string, number>, id0: string) => {
    const n = (used.get(id0.toLowerCase()) ?? 0) + 1;
    used.set(id0.toLowerCase(), n);
    if (n === 1) return id0;
    let id = `${id0}-${n}`;
    while (used.has(id.toLowerCase())) id = `${id}-${n}`;
    used.set(id.toLowerCase(), 1);
    return id;
  };
  const predicted = new Map<string, number>();
  const jobs: StreamJob[] = plan.files.map((f, k) => ({ k, path: f.path, explicit: f.explicit, id: idsFrom(predicted, basename(f.path, extname(f.path))) }));
  const queue: StreamJob[] = [...jobs];
  /** Bytes of the files before file k. */
  const before = new Float64Array(jobs.length + 1);
  plan.files.forEach((f, k) => (before[k + 1] = before[k] + f.size));
  const results = new Map<number, StreamResult>();
  const used = new Map<string, number>();
  const stubs: Source[] = [];
  let emitted = 0;
  let failure: unknown;
  let writing: Promise<void> = Promise.resolve();
  let writeFailed = false;
  const nWorkers = Math.max(1, Math.min(opts.threads, jobs.length));
  const url = opts.workerUrl ?? new URL('./stream-worker.js', import.meta.url);
  const workers: Worker[] = [];
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
        const want = new Map(used);
        const id = idsFrom(want, r.id0!);
        if (id !== r.id) {
          // a file before this one was skipped: code it again under its real id (first in the queue)
          queue.unshift({ ...jobs[emitted], id });
          kick();
          return;
        }
        used.clear();
        for (const [a, b] of want) used.set(a, b);
        stubs.push({ id: r.id, path: r.path, case: r.case, attributes: {} } as unknown as Source);
      }
      emitted++;
      const diags = r.diagnostics;
      // (the warnings of the sources before a failing one are still reported, as on one thread)
      writing = writing.then(async () => {
        if (writeFailed) return;
        for (const d of diags) opts.report(d);
        if (!r.skipped) await opts.onSource(r);
      }).catch((e: unknown) => {
        writeFailed = true;
        failure ??= e;
      });
    }
  };
  const lane = () =>
    new Promise<void>((resolveLane, reject) => {
      const w = new Worker(url);
      workers.push(w);
      let inFlight = 0;
      let finished = false;
      const finish = () => {
        if (!finished) {
          finished = true;
          resolveLane();
        }
      };
      // two jobs in flight per worker: the next one is there when the current one is done
      const feed = () => {
        while (inFlight < 2 && queue.length && failure === undefined) {
          // do not run far ahead of the writer (the results after a slow source wait in memory)
          const k = queue[0].k;
          if (k - emitted >= 2 * nWorkers && before[k] - before[emitted] > STREAM_AHEAD_BYTES) break;
          const job = queue.shift()!;
          inFlight++;
          w.postMessage({ type: 'job', job });
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
      w.on('message', (m: { type: string; result?: StreamResult; message?: string; stack?: string }) => {
        if (m.type === 'ready') feed();
        else if (m.type === 'done') {
          inFlight--;
          results.set(m.result!.k, m.result!);
          drain();
          // the other lanes may be waiting (for a re-coded job, or for the writer to catch up)
          kick();
          feed();
          if (failure !== undefined && inFlight === 0) finish();
        } else if (m.type === 'error') reject(Object.assign(new Error(m.message), { stack: m.stack }));
      });
      w.on('error', reject);
      w.on('exit', (code) => {
        if (!finished) reject(new Error(`coding worker stopped (exit code ${code})`));
      });
      w.postMessage({ type: 'init', ctx });
    });
  try {
    const lanes = Array.from({ length: nWorkers }, lane);
    await Promise.all(lanes.map((p) => p.catch((e: unknown) => {
      failure ??= e;
      kick();
    })));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  await writing;
  if (failure !== undefined) throw failure;
  if (stubs.length === 0) {
    throw inputError('ingest', 'no-sources', 'no readable sources among the inputs', {
      file: plan.given.length === 1 ? displayPath(plan.cwd, resolve(plan.base, plan.given[0])) : undefined,
      hint: 'see the warnings above; give transcripts (.txt, .md, .docx, .odt, .vtt, .srt), documents (.pdf) or answer tables (.csv, .xlsx)',
    });
  }
  if (plan.tables.length && plan.fromFolders) applyCases(stubs, plan.tables, opts.report, true);
}

