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
// jobs run one after another (a worker may be sent the next job before this one is done)
let chain: Promise<void> = Promise.resolve();

port.on('message', (msg: { type: 'init'; ctx: SourceJobContext } | { type: 'job'; job: SourceJob }) => {
  if (msg.type === 'init') {
    try {
      runner = makeSourceRunner(msg.ctx);
      port.postMessage({ type: 'ready' });
    } catch (e) {
      port.postMessage({ type: 'error', message: (e as Error).message, stack: (e as Error).stack });
    }
    return;
  }
  const job = msg.job;
  chain = chain.then(async () => {
    let result: SourceResult;
    try {
      result = await runner!(job);
    } catch (e) {
      const err = e as Error;
      result = { k: job.k, diagnostics: [], skipped: true, error: { message: err.message, stack: err.stack, ...(e instanceof QdaInputError ? { diagnostics: [...e.diagnostics] } : {}) } };
    }
    port.postMessage({ type: 'done', result });
  });
});
