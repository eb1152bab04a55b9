/**
 * Rule coding across CPU cores. The calling thread codes batches itself and
 * `threads − 1` worker threads code the others: sources go in batches (of
 * about `batchBytes` of text) to whichever lane is free, so a lane that is
 * slower (a worker still compiling the codebooks and stemming its first words)
 * simply takes fewer batches, and the batches coded here are never copied or
 * packed. Results are put back in source order, so the output is identical to
 * the single-threaded `applyCodebook` (tested).
 *
 * This file and worker.ts are the only ones in src/coding that touch
 * process/worker APIs; `codeCorpus` stays pure and single-threaded, the CLI
 * decides when to go parallel (`shouldParallelise`).
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { Codebook } from '../codebook/types.js';
import type { Coding, Corpus, Lang, Segment, Source, Unit } from '../model/types.js';
import { RuleCoder, segmentsBySource } from './apply-codebook.js';
import { compileCodebook, type CompiledCodebook } from './compile-codebook.js';
import { stemsSince } from './stem.js';
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
  /** Threads in all, this one included (default: available parallelism); workers = threads − 1, at most one per other batch. */
  readonly threads?: number;
  /** Code batches on this thread too (default true; false: `threads` workers do all the work, e.g. to test them). */
  readonly here?: boolean;
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
  const batches: Array<{ sources: Source[] }> = [];
  let cur: { sources: Source[] } | undefined;
  let size = 0;
  for (const s of sources) {
    if (!cur || size >= limit) {
      batches.push((cur = { sources: [] }));
      size = 0;
    }
    cur.sources.push(s);
    size += s.text.length;
  }
  const orphans = corpus.segments.filter((g) => !seen.has(g.sourceId));
  if (orphans.length) throw new Error('codeRulesParallel: segments of sources not in the corpus');
  /** The segments sent with a batch: texts that are slices of their source are not sent but re-sliced in the worker (half the copying). */
  const wireSegments = (b: { sources: Source[] }): Segment[] => {
    const out: Segment[] = [];
    for (const s of b.sources) {
      const map = hasSurrogates(s.text) ? new OffsetMap(s.text) : undefined;
      for (const g of bySource.get(s.id) ?? []) out.push(isSlice(s.text, g, map) ? ({ ...g, text: undefined } as unknown as Segment) : g);
    }
    return out;
  };
  const results: Coding[][] = new Array(batches.length);
  const threads = Math.max(1, opts.threads ?? availableParallelism());
  const useHere = opts.here !== false;
  const nWorkers = useHere ? Math.max(0, Math.min(threads - 1, batches.length - 1)) : Math.max(1, Math.min(threads, batches.length));
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
      batches[k] = { sources: srcs };
      chain = chain.then(() => (failure ? undefined : opts.onBatch!(srcs, codings))).catch((e: unknown) => {
        failure ??= e;
      });
    }
  };
  const complete = (k: number, codings: Coding[]) => {
    results[k] = codings;
    doneSources += batches[k].sources.length;
    opts.onProgress?.(doneSources, sources.length);
    flush();
  };
  // this thread's lane: compiles the codebooks (input errors surface here first) and codes
  // one batch at a time, yielding between batches so the workers' results are taken in
  const compiled: CompiledCodebook[] = useHere ? books.flatMap((b) => opts.langs.map((l) => compileCodebook(b, l))) : [];
  const here = async (): Promise<void> => {
    const coder = new RuleCoder(compiled, { unit: opts.unit, speakers: opts.speakers ?? 'respondent', hasSegmentsFor: otherUnits });
    const seg = otherUnits ? (await import('../ingest/segment.js')).segmentSource : undefined;
    while (next < batches.length && failure === undefined) {
      const k = next++;
      const codings: Coding[] = [];
      for (const s of batches[k].sources) {
        const at = seg ? (u: Unit) => seg(s, u, { interviewers: opts.interviewers }) : undefined;
        for (const c of coder.codeSource(s, bySource.get(s.id) ?? [], at)) codings.push(c);
      }
      complete(k, codings);
      await new Promise<void>((r) => setImmediate(r));
    }
  };
  const workers: Worker[] = [];
  const lane = () =>
    new Promise<void>((resolve, reject) => {
      const w = new Worker(url);
      workers.push(w);
      let current = -1;
      // the words this thread has stemmed go along with each batch, so the worker need not stem them again
      const stemCursor = compiled.map(() => 0);
      const stemDeltas = () => {
        const out: Array<{ book: number; words: string[]; stems: string[] }> = [];
        compiled.forEach((c, k) => {
          const d = stemsSince(c.stem, stemCursor[k]);
          stemCursor[k] = d.next;
          if (d.words.length) out.push({ book: k, words: d.words, stems: d.stems });
        });
        return out;
      };
      const send = () => {
        if (next >= batches.length || failure !== undefined) {
          current = -1;
          resolve();
          return;
        }
        current = next++;
        const b = batches[current];
        w.postMessage({ type: 'batch', id: current, sources: b.sources, segments: wireSegments(b), stems: stemDeltas() });
      };
      w.on('message', (m: { type: string; id?: number; packed?: PackedCodings; message?: string; stack?: string }) => {
        if (m.type === 'ready') send();
        else if (m.type === 'done') {
          complete(m.id!, unpackCodings(m.packed!));
          send();
        } else if (m.type === 'error') {
          const e = new Error(m.message);
          if (m.stack) e.stack = m.stack;
          reject(e);
        }
      });
      w.on('error', reject);
      w.on('exit', (code) => {
        if (current >= 0 && results[current] === undefined) reject(new Error(`coding worker stopped (exit code ${code})`));
      });
      w.postMessage({ type: 'init', books, langs: opts.langs, unit: opts.unit, speakers: opts.speakers ?? 'respondent', interviewers: opts.interviewers, otherUnits });
    });
  try {
    const lanes = [...(useHere ? [here()] : []), ...Array.from({ length: nWorkers }, lane)];
    await Promise.all(lanes.map((p) => p.catch((e: unknown) => {
      failure ??= e;
    })));
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
