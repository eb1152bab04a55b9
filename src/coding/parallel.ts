/**
 * Rule coding across CPU cores (worker threads). Sources are sent in batches
 * (of about `batchBytes` of text) to whichever worker is free; every worker
 * compiles the codebooks once. Results are put back in source order, so the
 * output is identical to the single-threaded `applyCodebook` (tested).
 *
 * This file and worker.ts are the only ones in src/coding that touch
 * process/worker APIs; `codeCorpus` stays pure and single-threaded, the CLI
 * decides when to go parallel (`shouldParallelise`).
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { Codebook } from '../codebook/types.js';
import type { Coding, Corpus, Lang, Segment, Source, Unit } from '../model/types.js';
import { segmentsBySource } from './apply-codebook.js';
import { unpackCodings, type PackedCodings } from './pack.js';
import { hasSurrogates, OffsetMap } from '../model/codepoints.js';

/** Is seg.text the slice of `text` at the segment's offsets? (length and three characters) */
function isSlice(text: string, g: Segment, map: OffsetMap | undefined): boolean {
  const f = map ? map.toUtf16(g.start) : g.start;
  const e = map ? map.toUtf16(g.end) : g.end;
  const t = g.text;
  const n = t.length;
  if (e - f !== n || e > text.length) return false;
  return n === 0 || (text.charCodeAt(f) === t.charCodeAt(0) && text.charCodeAt(e - 1) === t.charCodeAt(n - 1) && text.charCodeAt(f + (n >> 1)) === t.charCodeAt(n >> 1));
}

export interface ParallelOptions {
  readonly unit: Unit;
  readonly speakers?: 'respondent' | 'all';
  /** Languages to compile each codebook for (as codeCorpus does: `rulesLanguages(corpus)`). */
  readonly langs: readonly Lang[];
  /** Interviewer labels, for rules with their own unit (segments re-made in the worker). */
  readonly interviewers?: string[];
  /** Worker count (default: available parallelism, at most one per batch). */
  readonly threads?: number;
  /** Text per batch in UTF-16 units (default 2 M). */
  readonly batchBytes?: number;
  /** Where the worker script is (default: worker.js next to this file). */
  readonly workerUrl?: URL;
  /** Called after each batch with (sources done, sources total). */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * Streaming: called with each batch's sources and their codings, in source
   * order (later batches that finish early wait); the codings are then not
   * kept and the function returns an empty array.
   */
  readonly onBatch?: (sources: readonly Source[], codings: Coding[]) => void | Promise<void>;
}

/**
 * Text size (UTF-16 units) above which the CLI codes with worker threads. Each
 * worker pays a warm-up (JIT, and folding/stemming/looking up every word type
 * once: about half a second for a 30,000-word vocabulary), so small corpora
 * are faster on one thread.
 */
export const PARALLEL_MIN_CHARS = 20_000_000;

export function shouldParallelise(corpus: Corpus, threads = availableParallelism()): boolean {
  if (threads < 2 || corpus.sources.length < 2) return false;
  let n = 0;
  for (const s of corpus.sources) n += s.text.length;
  return n > PARALLEL_MIN_CHARS;
}

export function defaultThreads(): number {
  return availableParallelism();
}

/** Rule codings of `corpus`, coded by worker threads; same result as `applyCodebook` on the compiled books. */
export async function codeRulesParallel(corpus: Corpus, books: readonly Codebook[], opts: ParallelOptions): Promise<Coding[]> {
  const bySource = segmentsBySource(corpus.segments);
  const seen = new Set<string>();
  const sources = corpus.sources.filter((s) => (seen.has(s.id) ? false : (seen.add(s.id), true)));
  const limit = opts.batchBytes ?? 2_000_000;
  const batches: Array<{ sources: Source[]; segments: Segment[] }> = [];
  let cur: { sources: Source[]; segments: Segment[] } | undefined;
  let size = 0;
  for (const s of sources) {
    if (!cur || size >= limit) {
      batches.push((cur = { sources: [], segments: [] }));
      size = 0;
    }
    cur.sources.push(s);
    // segment texts are slices of the source (the model's contract, checked cheaply): they are
    // not sent but re-sliced in the worker, which halves what is copied between threads
    const map = hasSurrogates(s.text) ? new OffsetMap(s.text) : undefined;
    for (const g of bySource.get(s.id) ?? []) cur.segments.push(isSlice(s.text, g, map) ? ({ ...g, text: undefined } as unknown as Segment) : g);
    size += s.text.length;
  }
  const orphans = corpus.segments.filter((g) => !seen.has(g.sourceId));
  if (orphans.length) throw new Error('codeRulesParallel: segments of sources not in the corpus');
  const results: Coding[][] = new Array(batches.length);
  const n = Math.max(1, Math.min(opts.threads ?? availableParallelism(), batches.length));
  const otherUnits = books.some((b) => b.codes.some((c) => (c.rules ?? []).some((r) => r.unit && r.unit !== opts.unit)));
  const url = opts.workerUrl ?? new URL('./worker.js', import.meta.url);
  let next = 0;
  let doneSources = 0;
  let emitted = 0;
  let chain: Promise<void> = Promise.resolve();
  let failure: unknown;
  const flush = () => {
    while (opts.onBatch && emitted < batches.length && results[emitted] !== undefined) {
      const k = emitted++;
      const codings = results[k];
      results[k] = [];
      const srcs = batches[k].sources;
      batches[k] = { sources: srcs, segments: [] };
      chain = chain.then(() => (failure ? undefined : opts.onBatch!(srcs, codings))).catch((e: unknown) => {
        failure ??= e;
      });
    }
  };
  const workers: Worker[] = [];
  try {
    await Promise.all(
      Array.from({ length: n }, () =>
        new Promise<void>((resolve, reject) => {
          const w = new Worker(url);
          workers.push(w);
          let current = -1;
          const send = () => {
            if (next >= batches.length) {
              resolve();
              return;
            }
            current = next++;
            const b = batches[current];
            w.postMessage({ type: 'batch', id: current, sources: b.sources, segments: b.segments });
          };
          w.on('message', (m: { type: string; id?: number; packed?: PackedCodings; message?: string; stack?: string }) => {
            if (m.type === 'ready') send();
            else if (m.type === 'done') {
              results[m.id!] = unpackCodings(m.packed!);
              doneSources += batches[m.id!].sources.length;
              opts.onProgress?.(doneSources, sources.length);
              flush();
              send();
            } else if (m.type === 'error') {
              const e = new Error(m.message);
              if (m.stack) e.stack = m.stack;
              reject(e);
            }
          });
          w.on('error', reject);
          w.on('exit', (code) => {
            if (current < batches.length && results[current] === undefined && current >= 0) reject(new Error(`coding worker stopped (exit code ${code})`));
          });
          w.postMessage({ type: 'init', books, langs: opts.langs, unit: opts.unit, speakers: opts.speakers ?? 'respondent', interviewers: opts.interviewers, otherUnits });
        }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  await chain;
  if (failure) throw failure;
  if (opts.onBatch) return [];
  const out: Coding[] = [];
  for (const r of results) for (const c of r) out.push(c);
  return out;
}
