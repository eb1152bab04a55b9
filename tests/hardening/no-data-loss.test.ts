/**
 * No data loss: source files and human codings are never modified by any command
 * (hashed before and after on a temp copy of the samples), and concurrent runs writing
 * the same output path leave one complete file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

const root = resolve(__dirname, '../..');
const samples = join(root, 'samples');
const bin = join(root, 'bin/qda.js');
const haveDist = existsSync(join(root, 'dist/cli/main.js'));

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'qda-noloss-'));
  cpSync(samples, join(work, 'samples'), { recursive: true });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function hashTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(relative(dir, p), createHash('sha256').update(readFileSync(p)).digest('hex') + ':' + statSync(p).mtimeMs);
    }
  };
  walk(dir);
  return out;
}

describe('sources and human codings are never modified', () => {
  it('code, segments, matrix, anonymize, refi export, run: the samples are byte-identical afterwards', { timeout: 120_000 }, async () => {
    const s = join(work, 'samples');
    const before = hashTree(s);
    expect(before.size).toBeGreaterThan(15);
    const runs: Array<{ args: string[]; ok: number[] }> = [
      { args: ['segments', 'samples', '--format', 'json', '-o', 'out/segments.json'], ok: [0] },
      { args: ['code', 'samples', '-c', 'coordination-collaboration', '--codings', 'samples/codings/anna.csv', '-o', 'out/codings.json'], ok: [0] },
      { args: ['code', 'samples/interviews', '-c', 'kaats-opheij', '--format', 'csv', '-o', 'out/codings.csv'], ok: [0] },
      { args: ['matrix', 'samples/codings/anna.csv', '-o', 'out/matrix.xlsx'], ok: [0] },
      { args: ['anonymize', 'samples/interviews', '-o', 'out/anon', '--key', 'out/key.csv', '--codings', 'out/codings.json'], ok: [0] },
      { args: ['refi', 'export', 'out/codings.json', '-o', 'out/project.qdpx'], ok: [0] },
      // may not be implemented yet (exit 2 "not-implemented"); either way it must not touch the samples
      { args: ['run', 'samples', '-o', 'out/run'], ok: [0, 2] },
    ];
    for (const r of runs) {
      const io = memoryIo(work);
      const code = await main(r.args, io);
      expect(r.ok, `qda ${r.args.join(' ')}: ${io.err()}`).toContain(code);
    }
    // anonymize refuses to write into its input folder
    const io = memoryIo(work);
    expect(await main(['anonymize', 'samples/interviews', '-o', 'samples/interviews'], io)).toBe(2);
    expect(hashTree(s)).toEqual(before);
    expect(existsSync(join(work, 'out/project.qdpx'))).toBe(true);
  });
});

function runQda(args: string[], cwd: string): Promise<{ code: number | null; err: string }> {
  return new Promise((res) => {
    const c = spawn(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    c.stderr.on('data', (d) => (err += d));
    c.on('exit', (code) => res({ code, err }));
  });
}

describe.skipIf(!haveDist)('concurrent runs on the same output (bin/qda.js; needs npm run build)', () => {
  it('two `qda segments … -o same.json` at once, three times: one complete file, same as a single run', { timeout: 120_000 }, async () => {
    const args = (o: string) => ['segments', 'samples', '--format', 'json', '-o', o];
    expect((await runQda(args('single.json'), work)).code).toBe(0);
    const single = readFileSync(join(work, 'single.json'), 'utf8');
    for (let i = 0; i < 3; i++) {
      const [a, b] = await Promise.all([runQda(args('same.json'), work), runQda(args('same.json'), work)]);
      expect([a.code, b.code], a.err + b.err).toEqual([0, 0]);
      const text = readFileSync(join(work, 'same.json'), 'utf8');
      expect(() => JSON.parse(text)).not.toThrow();
      expect(text).toBe(single);
    }
    expect(readdirSync(work).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
