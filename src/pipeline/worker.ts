/**
 * Worker thread of the coding pipeline (code-sources.ts): reads, segments, codes and
 * formats whole sources (source-job.ts), or finishes sources the calling thread read
 * (when two threads share the work by stage), and posts back their pieces.
 * - in  `{ type: 'init', ctx }` → out `{ type: 'ready' }` (or `{ type: 'error' }`)
 * - in  `{ type: 'job', job }` → out `{ type: 'done', result }` (errors inside result.error)
 * - in  `{ type: 'finish', wire, text }` (a PreparedSource, wire.ts) → out `{ type: 'done', result }`
 *   (`text`: with the record's codings, write its text too; see stagedLane)
 */
import { parentPort } from 'node:worker_threads';
import { QdaInputError } from '../model/errors.js';
import { compileForBothLanguages, isPrepared, isRecordRest, makeSourceStages, type SourceJobContext, type SourceJob, type SourceResult, type SourceStages } from './source-job.js';
import { fromWire, type WirePrepared } from './wire.js';
import { encodeRecordTextUtf8 } from '../model/codings-format.js';
import type { Codebook } from '../codebook/types.js';
import type { Lang } from '../model/types.js';
import type { CompiledCodebook } from '../coding/compile-codebook.js';

const port = parentPort!;
let stages: SourceStages | undefined;
let pieceBytes = false;
let format: 'json' | 'jsonl' = 'json';
/** The codebooks sent ahead (`sendBooksAhead`), compiled for both languages, under their key. */
let ahead: { key: string; compiled: Map<Lang, CompiledCodebook[]> } | undefined;
const encoder = new TextEncoder();

/** Post a result; a text piece for a sink that takes bytes is encoded here and moved, not copied. */
function post(result: SourceResult, ms?: number): void {
  const extra = ms === undefined ? {} : { ms };
  const piece = result.piece;
  if (piece instanceof Uint8Array) port.postMessage({ type: 'done', result, ...extra }, [piece.buffer as ArrayBuffer]);
  else if (isRecordRest(piece)) port.postMessage({ type: 'done', result, ...extra }, piece.text ? [piece.rest.buffer as ArrayBuffer, piece.text.buffer as ArrayBuffer] : [piece.rest.buffer as ArrayBuffer]);
  else if (Array.isArray(piece) && piece.every((p) => p instanceof Uint8Array)) {
    // (CSV rows: chunks of bytes already, each with its own buffer)
    port.postMessage({ type: 'done', result, ...extra }, (piece as Uint8Array[]).map((b) => b.buffer as ArrayBuffer));
  } else if (typeof piece === 'string' && pieceBytes) {
    const bytes = encoder.encode(piece);
    port.postMessage({ type: 'done', result: { ...result, piece: bytes }, ...extra }, [bytes.buffer as ArrayBuffer]);
  } else if (Array.isArray(piece) && pieceBytes) {
    // (a CSV piece in several spool lines)
    const parts = (piece as readonly string[]).map((p) => encoder.encode(p));
    port.postMessage({ type: 'done', result: { ...result, piece: parts }, ...extra }, parts.map((b) => b.buffer as ArrayBuffer));
  } else port.postMessage({ type: 'done', result, ...extra });
}

function failed(k: number, e: unknown): SourceResult {
  const err = e as Error;
  return { k, diagnostics: [], skipped: true, error: { message: err.message, stack: err.stack, ...(e instanceof QdaInputError ? { diagnostics: [...e.diagnostics] } : {}) } };
}

// the jobs sent run side by side (one is read by the thread pool while another is coded; the
// coding itself is synchronous, so they never interleave there)
port.on('message', (msg: { type: 'books'; key: string; books: Codebook[] } | { type: 'init'; ctx: SourceJobContext } | { type: 'job'; job: SourceJob } | { type: 'finish'; wire: WirePrepared; text?: boolean }) => {
  if (msg.type === 'books') {
    // (as the pipeline compiles them; an error here is left for the pipeline, which compiled
    // them first and says so)
    try {
      ahead = { key: msg.key, compiled: compileForBothLanguages(msg.books) };
    } catch {
      ahead = undefined;
    }
    return;
  }
  if (msg.type === 'init') {
    try {
      stages = makeSourceStages(msg.ctx, ahead && msg.ctx.booksKey === ahead.key ? ahead.compiled : undefined);
      ahead = undefined;
      pieceBytes = !!msg.ctx.pieceBytes;
      format = msg.ctx.piece === 'jsonl' ? 'jsonl' : 'json';
      port.postMessage({ type: 'ready' });
    } catch (e) {
      port.postMessage({ type: 'error', message: (e as Error).message, stack: (e as Error).stack });
    }
    return;
  }
  if (msg.type === 'finish') {
    let result: SourceResult;
    const t0 = performance.now();
    try {
      const p = fromWire(msg.wire);
      result = stages!.finish(p);
      const piece = result.piece;
      if (msg.text && isRecordRest(piece)) result = { ...result, piece: { rest: piece.rest, text: encodeRecordTextUtf8(p.source, format) } };
    } catch (e) {
      result = failed(msg.wire.p.k, e);
    }
    // (how long it took: the calling thread weighs the two halves with it, see stagedLane)
    post(result, performance.now() - t0);
    return;
  }
  const job = msg.job;
  void (async () => {
    let result: SourceResult;
    try {
      const p = await stages!.prepare(job);
      result = isPrepared(p) ? stages!.finish(p) : p;
    } catch (e) {
      result = failed(job.k, e);
    }
    post(result);
  })();
});
