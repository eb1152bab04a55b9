/**
 * A worker thread started ahead of time: the CLI starts one as soon as it knows it will code
 * (before it loads the codebooks and plans the inputs), so that the worker loads its modules
 * while this thread does that work; the pipeline takes it when the inputs are large enough to
 * code on several threads, and stops it otherwise (`dropSpareWorker`, also at the end of every
 * run, so a spare is never left behind). Light on purpose (node:worker_threads only): it is
 * imported before anything else of the pipeline.
 */
import { Worker } from 'node:worker_threads';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

interface Spare {
  readonly href: string;
  readonly worker: Worker;
  /** It failed or stopped before it was taken: a new one is started instead (which says why, if it fails again). */
  dead: boolean;
}

let spare: Spare | undefined;

/** The pipeline's own worker script. */
export const defaultWorkerUrl = (): URL => new URL('./worker.js', import.meta.url);

/** Start a worker for `url` (default: the pipeline's) unless one is waiting already or the script is not there. */
export function prespawnWorker(url: URL = defaultWorkerUrl()): void {
  if (spare || (url.protocol === 'file:' && !existsSync(fileURLToPath(url)))) return;
  const worker = new Worker(url);
  // (not keeping the process alive while it waits; its failures are the taker's business)
  worker.unref();
  const s: Spare = { href: url.href, worker, dead: false };
  worker.on('error', () => void (s.dead = true));
  worker.on('exit', () => void (s.dead = true));
  spare = s;
}

/** Is a worker for `url` (default: the pipeline's) started ahead and waiting? */
export function spareWaiting(url: URL = defaultWorkerUrl()): boolean {
  return !!spare && !spare.dead && spare.href === url.href;
}

/** A worker for `url`: the one started ahead when it is for the same script and alive, else a new one. */
export function takeWorker(url: URL): Worker {
  const s = spare;
  if (s && s.href === url.href && !s.dead) {
    spare = undefined;
    s.worker.removeAllListeners('error');
    s.worker.removeAllListeners('exit');
    s.worker.ref();
    return s.worker;
  }
  return new Worker(url);
}

let aheadCount = 0;

/**
 * Send the codebooks to the worker started ahead, for it to compile them (both languages) while
 * this thread plans the inputs (else it compiles them only when the pipeline's context comes,
 * ≈ 45 ms before it can code). Returns the key to put in the context (`booksKey`), or undefined
 * when no worker waits. The worker uses what it compiled only for a context with the same key.
 */
export function sendBooksAhead(books: readonly unknown[]): string | undefined {
  const s = spare;
  if (!s || s.dead) return undefined;
  const key = `${process.pid}:${++aheadCount}`;
  s.worker.postMessage({ type: 'books', key, books });
  return key;
}

/** Stop the worker started ahead, if it was not taken. */
export async function dropSpareWorker(): Promise<void> {
  const s = spare;
  spare = undefined;
  if (s) await s.worker.terminate();
}

/**
 * A quick guess whether the inputs hold at least `minBytes` (files and what folders hold, by
 * size only): up to `maxEntries` entries are looked at; no inputs (the project's sources), or
 * more entries than that, count as large. Only decides whether a worker is started ahead; the
 * pipeline plans the inputs properly and decides the threads itself.
 */
export function inputsLikelyLarge(inputs: readonly string[], cwd: string, minBytes: number, maxEntries = 5000): boolean {
  if (!inputs.length) return true;
  let bytes = 0;
  let seen = 0;
  const stack = inputs.map((i) => resolve(cwd, i));
  while (stack.length) {
    const p = stack.pop()!;
    if (++seen > maxEntries) return true;
    try {
      const st = statSync(p);
      if (st.isDirectory()) for (const e of readdirSync(p)) stack.push(join(p, e));
      else bytes += st.size;
    } catch {
      // (a missing or unreadable input: the pipeline says so)
    }
    if (bytes >= minBytes) return true;
  }
  return false;
}
