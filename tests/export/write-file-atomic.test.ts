import { describe, it, expect } from 'vitest';
import { statSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { writeFileSync } from 'node:fs';
import { QdaInputError } from '../../src/model/errors.js';
import { realAtomicFs, setAtomicFsForTests, writeFileAtomic, writeStreamAtomic } from '../../src/export/write-file-atomic.js';

describe('writeFileAtomic', () => {
  it('writes through to a character device instead of replacing it (-o /dev/null stays a device)', async () => {
    await writeFileAtomic('/dev/null', 'discarded');
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('replaces a regular file whole and leaves no temp file behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-atomic-'));
    try {
      const p = join(dir, 'out.json');
      await writeFileAtomic(p, 'first');
      await writeFileAtomic(p, 'second');
      expect(readFileSync(p, 'utf8')).toBe('second');
      expect(readdirSync(dir)).toEqual(['out.json']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // a large file is synced while it is written (so the last fsync is short); a failed background
  // sync fails the write like the last one: target untouched, temp file gone, exit-2 error
  const chunks = (n: number) => async (write: (c: Uint8Array) => Promise<void>) => {
    for (let i = 0; i < n; i++) await write(new Uint8Array(1 << 20).fill(65 + (i % 26)));
  };
  it('a 20 MB stream is synced in the background as it grows, and the file is whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-atomic-'));
    let syncs = 0;
    const restore = setAtomicFsForTests({
      open: async (p, f, m) => {
        const h = await realAtomicFs.open(p, f, m);
        return { write: (...a) => h.write(...a), sync: () => (syncs++, h.sync()), close: () => h.close() };
      },
    });
    try {
      const p = join(dir, 'big.csv');
      await writeStreamAtomic(p, chunks(20));
      expect(statSync(p).size).toBe(20 << 20);
      expect(readFileSync(p).subarray((19 << 20) + 5, (19 << 20) + 6).toString()).toBe('T');
      expect(syncs).toBeGreaterThanOrEqual(3);
      expect(readdirSync(dir)).toEqual(['big.csv']);
    } finally {
      restore();
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('a background sync that fails (EIO) fails the write: the old file stays, no temp file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-atomic-'));
    let syncs = 0;
    const restore = setAtomicFsForTests({
      open: async (p, f, m) => {
        const h = await realAtomicFs.open(p, f, m);
        return { write: (...a) => h.write(...a), sync: () => (++syncs === 1 ? Promise.reject(Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' })) : h.sync()), close: () => h.close() };
      },
    });
    try {
      const p = join(dir, 'big.csv');
      writeFileSync(p, 'old');
      const err = await writeStreamAtomic(p, chunks(12)).then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(QdaInputError);
      expect(String((err as Error).message)).toMatch(/EIO|i\/o/i);
      expect(readFileSync(p, 'utf8')).toBe('old');
      expect(readdirSync(dir)).toEqual(['big.csv']);
    } finally {
      restore();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
