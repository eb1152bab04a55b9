/**
 * Worker thread of the coding pipeline (code-sources.ts): reads, segments, codes and
 * formats whole sources (source-job.ts) and posts back their pieces.
 * - in  `{ type: 'init', ctx }` → out `{ type: 'ready' }` (or `{ type: 'error' }`)
 * - in  `{ type: 'job', job }` → out `{ type: 'done', result }` (errors inside result.error)
 */
import { parentPort } from 'node:worker_threads';
import { QdaInputError } from '../model/errors.js';
import { makeSourceRunner, type SourceJobContext, type SourceJob, type SourceResult } from './source-job.js';

const port = parentPort!;
let runner: ((job: SourceJob) => Promise<SourceResult>) | undefined;
let pieceBytes = false;
const encoder = new TextEncoder();
// the jobs sent run side by side (one is read by the thread pool while another is coded; the
// coding itself is synchronous, so they never interleave there)

port.on('message', (msg: { type: 'init'; ctx: SourceJobContext } | { type: 'job'; job: SourceJob }) => {
  if (msg.type === 'init') {
    try {
      runner = makeSourceRunner(msg.ctx);
      pieceBytes = !!msg.ctx.pieceBytes;
      port.postMessage({ type: 'ready' });
    } catch (e) {
      port.postMessage({ type: 'error', message: (e as Error).message, stack: (e as Error).stack });
    }
    return;
  }
  const job = msg.job;
  void (async () => {
    let result: SourceResult;
    try {
      result = await runner!(job);
    } catch (e) {
      const err = e as Error;
      result = { k: job.k, diagnostics: [], skipped: true, error: { message: err.message, stack: err.stack, ...(e instanceof QdaInputError ? { diagnostics: [...e.diagnostics] } : {}) } };
    }
    // a text piece for a sink that takes bytes: encoded here and moved to the calling thread
    // without a copy (instead of a string copied, then encoded by the writer there)
    const piece = result.piece;
    if (piece instanceof Uint8Array) port.postMessage({ type: 'done', result }, [piece.buffer as ArrayBuffer]);
    else if (Array.isArray(piece) && piece.every((p) => p instanceof Uint8Array)) {
      // (CSV rows: chunks of bytes already, each with its own buffer)
      port.postMessage({ type: 'done', result }, (piece as Uint8Array[]).map((b) => b.buffer as ArrayBuffer));
    }
    else if (typeof piece === 'string' && pieceBytes) {
      const bytes = encoder.encode(piece);
      port.postMessage({ type: 'done', result: { ...result, piece: bytes } }, [bytes.buffer as ArrayBuffer]);
    } else if (Array.isArray(piece) && pieceBytes) {
      // (a CSV piece in several spool lines)
      const parts = (piece as readonly string[]).map((p) => encoder.encode(p));
      port.postMessage({ type: 'done', result: { ...result, piece: parts } }, parts.map((b) => b.buffer as ArrayBuffer));
    } else port.postMessage({ type: 'done', result });
  })();
});
