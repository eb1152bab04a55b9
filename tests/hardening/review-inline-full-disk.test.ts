/**
 * `qda review --store inline` edits sources in place (issue 13: on a nearly full disk it
 * truncated the transcript and the decisions file, exit 0). Now: the new transcript goes to
 * a temp file that is read back and verified before it replaces the source; the source and
 * the decisions file change together or not at all; with --accept-above the whole run is
 * all or nothing. Simulated with the injected fs layer of write-file-atomic.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { chmodSync, copyFileSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { realAtomicFs, setAtomicFsForTests, type AtomicFileHandle } from '../../src/export/write-file-atomic.js';

const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/review');
const project = () => {
  const dir = mkdtempSync(join(tmpdir(), 'qda-review-disk-'));
  for (const f of ['codebook.yaml', 'gesprek-a.txt', 'gesprek-b.txt']) copyFileSync(join(fixtures, f), join(dir, f));
  return dir;
};
const hashes = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, statSync(join(dir, f)).isFile() ? createHash('sha256').update(readFileSync(join(dir, f))).digest('hex') : 'dir']));
const args = ['review', 'gesprek-a.txt', 'gesprek-b.txt', '-c', 'codebook.yaml', '--store', 'inline', '--accept-above', '0.5'];

let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

/** A disk with `budget` bytes left for new files (short write, then ENOSPC). */
function fullDisk(budget: number): void {
  let left = budget;
  restore = setAtomicFsForTests({
    open: async (p, f, m) => {
      const fh = await realAtomicFs.open(p, f, m);
      if (f === 'r') return fh;
      const h: AtomicFileHandle = {
        write: async (buf, off, len) => {
          if (left <= 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
          const n = Math.min(len, left);
          left -= n;
          return fh.write(buf, off, n, null);
        },
        sync: () => fh.sync(),
        close: () => fh.close(),
      };
      return h;
    },
    free: async () => budget,
  });
}

describe('qda review --store inline: a source is edited completely or not at all', () => {
  it('reference: with space, markers go into both sources and the decisions file, and no hidden file is left', async () => {
    const dir = project();
    const io = memoryIo(dir);
    expect(await main(args, io), io.err()).toBe(0);
    expect(readFileSync(join(dir, 'gesprek-a.txt'), 'utf8')).toMatch(/\{\{[a-z-]+\}\}/);
    expect(JSON.parse(readFileSync(join(dir, 'qda-decisions.json'), 'utf8')).decisions.length).toBeGreaterThanOrEqual(5);
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('full disk at the first write: exit 2 naming the source; sources and decisions byte-identical; no temp file', async () => {
    const dir = project();
    const before = hashes(dir);
    fullDisk(10);
    const io = memoryIo(dir);
    expect(await main(args, io)).toBe(2);
    expect(io.err()).toMatch(/^gesprek-a\.txt: error: cannot write the output: the disk is full \(the output needs [\d.]+ (bytes|KB), 10 bytes free\); the existing file is unchanged \[io:enospc\]/m);
    expect(io.err()).toContain('qda review: nothing was saved: the sources and qda-decisions.json are as before this run');
    expect(hashes(dir)).toEqual(before);
  });

  it.each([600, 1500, 3000, 6000])('the disk fills up after %i bytes (some decisions saved first): the whole run is undone, byte-identical', async (budget) => {
    const dir = project();
    const before = hashes(dir);
    fullDisk(budget);
    const io = memoryIo(dir);
    expect(await main(args, io)).toBe(2);
    expect(io.err()).toMatch(/error: cannot write the output: the disk is full/);
    expect(hashes(dir)).toEqual(before);
  });

  it('the decisions file cannot be replaced after the marker was written: the source is put back', async () => {
    const dir = project();
    // a decisions file from an earlier session (one decision), which this run must leave as it is
    expect(await main(['review', 'gesprek-a.txt', '-c', 'codebook.yaml', '--accept-above', '0.9'], memoryIo(dir))).toBe(0);
    const before = hashes(dir);
    restore = setAtomicFsForTests({ rename: async (a, b) => (b.endsWith('qda-decisions.json') ? Promise.reject(Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' })) : realAtomicFs.rename(a, b)) });
    const io = memoryIo(dir);
    expect(await main(args, io)).toBe(2);
    expect(io.err()).toMatch(/^qda-decisions\.json: error: cannot write the output: the disk reported an input\/output error/m);
    expect(hashes(dir)).toEqual(before);
  });

  it('a new transcript that reads back differently is never renamed over the source', async () => {
    const dir = project();
    const before = hashes(dir);
    restore = setAtomicFsForTests({
      readFile: async (p) => {
        const b = await realAtomicFs.readFile(p);
        if (p.includes('gesprek-a.txt')) b[b.length - 2] ^= 0x20;
        return b;
      },
    });
    const io = memoryIo(dir);
    expect(await main(args, io)).toBe(2);
    expect(io.err()).toMatch(/gesprek-a\.txt: error: cannot write the output: the disk reported an input\/output error \(the file read back/);
    expect(hashes(dir)).toEqual(before);
  });

  it('a source behind a symbolic link: the file it points to is edited (mode kept), the link stays a link', async () => {
    const dir = project();
    const real = join(dir, 'archive');
    mkdirSync(real);
    copyFileSync(join(dir, 'gesprek-a.txt'), join(real, 'gesprek-a.txt'));
    chmodSync(join(real, 'gesprek-a.txt'), 0o600);
    const link = join(dir, 'gesprek-a.txt');
    // replace the copy by a link to the archived file
    const { rmSync } = await import('node:fs');
    rmSync(link);
    symlinkSync(join(real, 'gesprek-a.txt'), link);
    const io = memoryIo(dir);
    expect(await main(args, io), io.err()).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(real, 'gesprek-a.txt'), 'utf8')).toMatch(/\{\{[a-z-]+\}\}/);
    expect(statSync(join(real, 'gesprek-a.txt')).mode & 0o777).toBe(0o600);
    expect(readdirSync(real)).toEqual(['gesprek-a.txt']);
  });
});
