/**
 * Worker thread of `codeStreamWorkers` (stream-workers.ts): reads, segments, codes
 * and formats whole sources (stream-job.ts) and posts back their CSV spool lines.
 * - in  `{ type: 'init', ctx }` → out `{ type: 'ready' }` (or `{ type: 'error' }`)
 * - in  `{ type: 'job', job }` → out `{ type: 'done', result }` (errors inside result.error)
 */
import { parentPort } from 'node:worker_threads';
import { QdaInputError } from '../model/errors.js';
import { makeStreamRunner, type StreamContext, type StreamJob, type StreamResult } from './stream-job.js';

const port = parentPort!;
let runner: ((job: StreamJob) => Promise<StreamResult>) | undefined;
// jobs run one after another (a worker may be sent the next job before this one is done)
let chain: Promise<void> = Promise.resolve();

port.on('message', (msg: { type: 'init'; ctx: StreamContext } | { type: 'job'; job: StreamJob }) => {
  if (msg.type === 'init') {
    try {
      runner = makeStreamRunner(msg.ctx);
      port.postMessage({ type: 'ready' });
    } catch (e) {
      port.postMessage({ type: 'error', message: (e as Error).message, stack: (e as Error).stack });
    }
    return;
  }
  const job = msg.job;
  chain = chain.then(async () => {
    let result: StreamResult;
    try {
      result = await runner!(job);
    } catch (e) {
      const err = e as Error;
      result = { k: job.k, diagnostics: [], skipped: true, error: { message: err.message, stack: err.stack, ...(e instanceof QdaInputError ? { diagnostics: [...e.diagnostics] } : {}) } };
    }
    port.postMessage({ type: 'done', result });
  });
});
