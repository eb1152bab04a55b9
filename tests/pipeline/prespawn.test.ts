/**
 * The worker started ahead (prespawn.ts): taken by the pipeline when it is for the same script
 * and alive, replaced when it died before it was taken, stopped when not needed; and the quick
 * guess of the inputs' size that decides whether one is started.
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { dropSpareWorker, inputsLikelyLarge, prespawnWorker, takeWorker } from '../../src/pipeline/prespawn.js';

const script = (body: string): URL => {
  const dir = mkdtempSync(join(tmpdir(), 'qda-prespawn-'));
  const f = join(dir, 'w.mjs');
  writeFileSync(f, body);
  return pathToFileURL(f);
};
const echo = `import { parentPort } from 'node:worker_threads'; parentPort.on('message', (m) => parentPort.postMessage(m + '!'));`;
const ask = (w: import('node:worker_threads').Worker, m: string) => new Promise<string>((res, rej) => { w.once('message', res); w.once('error', rej); w.postMessage(m); });

describe('a worker started ahead', () => {
  it('is taken once for its own script, a new one is started for another or the second time', async () => {
    const url = script(echo);
    prespawnWorker(url);
    const a = takeWorker(url);
    const b = takeWorker(url);
    expect(a).not.toBe(b);
    expect(await ask(a, 'x')).toBe('x!');
    expect(await ask(b, 'y')).toBe('y!');
    await Promise.all([a.terminate(), b.terminate()]);
    prespawnWorker(url);
    const other = takeWorker(script(echo));
    expect(await ask(other, 'z')).toBe('z!');
    await other.terminate();
    await dropSpareWorker();
  });

  it('that failed before it was taken is replaced by a new one (whose failure the taker sees)', async () => {
    const url = script(`throw new Error('boom at load');`);
    prespawnWorker(url);
    await new Promise((r) => setTimeout(r, 300));
    const w = takeWorker(url);
    const err = await new Promise<Error>((res) => w.once('error', res));
    expect(err.message).toMatch(/boom at load/);
    await w.terminate();
  });

  it('is stopped when not needed, and none is started for a script that is not there', async () => {
    const url = script(echo);
    prespawnWorker(url);
    await dropSpareWorker();
    // (a second drop: nothing to stop)
    await dropSpareWorker();
    prespawnWorker(new URL('file:///nonexistent/qda-worker.js'));
    const w = takeWorker(url);
    expect(await ask(w, 'a')).toBe('a!');
    await w.terminate();
  });
});

describe('inputsLikelyLarge', () => {
  it('adds up files and what folders hold, until the threshold', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-prespawn-'));
    mkdirSync(join(dir, 'a/b'), { recursive: true });
    writeFileSync(join(dir, 'a/one.txt'), 'x'.repeat(600));
    writeFileSync(join(dir, 'a/b/two.txt'), 'x'.repeat(600));
    expect(inputsLikelyLarge(['a'], dir, 1000)).toBe(true);
    expect(inputsLikelyLarge(['a'], dir, 1300)).toBe(false);
    expect(inputsLikelyLarge(['a/one.txt'], dir, 1000)).toBe(false);
    expect(inputsLikelyLarge(['a/one.txt', 'a/b/two.txt'], dir, 1000)).toBe(true);
    expect(inputsLikelyLarge(['missing', 'a/one.txt'], dir, 1000)).toBe(false);
    // no inputs (the project's sources) or more entries than it looks at: large
    expect(inputsLikelyLarge([], dir, 1000)).toBe(true);
    expect(inputsLikelyLarge(['a'], dir, 10_000, 2)).toBe(true);
  });
});
