/**
 * Crash safety of writeFileAtomic: a child process writing a large file is SIGKILLed at
 * random moments; the target is always absent or one complete generation (hash checked),
 * never older than the last generation the child reported done. Stray `.name.*.tmp` files
 * may remain after a kill but never take the target's name. Concurrent writers: the file
 * is always one writer's complete content.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const dist = join(root, 'dist/export/write-file-atomic.js');
const writer = join(root, 'tests/fixtures/hardening/atomic-writer.mjs');
const haveDist = existsSync(dist);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-atomic-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Parse a generation file; throws when it is not complete. */
function generationOf(bytes: Buffer): { n: number; tag: string } {
  const nl = bytes.indexOf(10);
  const head = bytes.subarray(0, nl).toString('utf8');
  const m = /^QDA-GEN (\d+) ([0-9a-f]{64})$/.exec(head);
  if (!m) throw new Error(`bad header: ${head.slice(0, 80)}`);
  const body = bytes.subarray(nl + 1);
  const sha = createHash('sha256').update(body).digest('hex');
  if (sha !== m[2]) throw new Error(`partial or mixed file: generation ${m[1]}, ${bytes.length} bytes`);
  return { n: Number(m[1]), tag: body.subarray(0, body.indexOf(103)).toString('utf8') };
}

function startWriter(target: string, start: number, size: number, tag = '', env: Record<string, string> = {}): { child: ChildProcess; done: () => number; exited: Promise<number | null>; ready: Promise<void> } {
  const child = spawn(process.execPath, [writer, dist, target, String(start), String(size), tag], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let last = -1;
  let buf = '';
  let onReady: () => void = () => {};
  const ready = new Promise<void>((res) => (onReady = res));
  child.stdout!.on('data', (d) => {
    buf += d.toString();
    if (buf.startsWith('ready\n')) onReady();
    for (const m of buf.matchAll(/done (\d+)\n/g)) last = Math.max(last, Number(m[1]));
  });
  let err = '';
  child.stderr!.on('data', (d) => (err += d.toString()));
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  void exited.then((code) => {
    if (code !== null && code !== 0) throw new Error(`writer failed: ${err}`);
  });
  void exited.then(() => onReady());
  return { child, done: () => last, exited, ready };
}

/** A deterministic pseudo-random sequence (no Math.random in tests that must be reproducible). */
function* delays(seed: number): Generator<number> {
  let s = seed;
  for (;;) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    yield 5 + (s % 250);
  }
}

describe.skipIf(!haveDist)('writeFileAtomic under SIGKILL (needs dist/: npm run build)', () => {
  it('the target is always absent or one whole generation, never older than the last reported', { timeout: 90_000 }, async () => {
    const target = join(dir, 'big.json');
    let next = 0;
    let lastDone = -1;
    const d = delays(7);
    for (let round = 0; round < 12; round++) {
      const w = startWriter(target, next, 3 * 1024 * 1024);
      await w.ready;
      await new Promise((r) => setTimeout(r, d.next().value as number));
      w.child.kill('SIGKILL');
      await w.exited;
      lastDone = Math.max(lastDone, w.done());
      if (existsSync(target)) {
        const g = generationOf(readFileSync(target));
        expect(g.n).toBeGreaterThanOrEqual(lastDone);
        next = g.n + 1;
      } else {
        expect(lastDone).toBe(-1);
      }
      // temp files: hidden `.big.json.<pid>.<hex>.tmp`, never the target name itself
      for (const f of readdirSync(dir)) {
        if (f === 'big.json') continue;
        expect(f).toMatch(/^\.big\.json\.\d+\.[0-9a-f]+\.tmp$/);
      }
    }
    expect(existsSync(target)).toBe(true);
  });

  it('two concurrent writers of the same path: always one complete file', { timeout: 90_000 }, async () => {
    const target = join(dir, 'shared.json');
    const env = { QDA_WRITER_MAX: '15' };
    const a = startWriter(target, 0, 1024 * 1024, 'A-', env);
    const b = startWriter(target, 0, 1024 * 1024, 'B-', env);
    const seen = new Set<string>();
    let checks = 0;
    const poll = setInterval(() => {
      if (!existsSync(target)) return;
      seen.add(generationOf(readFileSync(target)).tag);
      checks++;
    }, 15);
    const [ca, cb] = await Promise.all([a.exited, b.exited]);
    clearInterval(poll);
    expect([ca, cb]).toEqual([0, 0]);
    const g = generationOf(readFileSync(target));
    expect(g.n).toBe(15);
    expect(['A-', 'B-']).toContain(g.tag);
    expect(checks).toBeGreaterThan(0);
    expect(readdirSync(dir).filter((f) => f.startsWith('.shared.json'))).toEqual([]);
  });
});
