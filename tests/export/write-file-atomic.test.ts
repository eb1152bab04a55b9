import { describe, it, expect } from 'vitest';
import { statSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { writeFileSync } from 'node:fs';
import { QdaInputError } from '../../src/model/errors.js';
import { openSpool, realAtomicFs, setAtomicFsForTests, writeFileAtomic, writeStreamAtomic } from '../../src/export/write-file-atomic.js';

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
  /** The file system with its fsyncs counted (`fail`: the first one fails with EIO). */
  const syncCounting = (fail: boolean) => {
    const seen = { syncs: 0 };
    const restore = setAtomicFsForTests({
      open: async (p, f, m) => {
        const h = await realAtomicFs.open(p, f, m);
        return { write: (...a) => h.write(...a), sync: () => (++seen.syncs === 1 && fail ? Promise.reject(Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' })) : h.sync()), close: () => h.close() };
      },
    });
    return { seen, restore };
  };
  it('a 20 MB stream is synced in the background as it grows, and the file is whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-atomic-'));
    const { seen, restore } = syncCounting(false);
    try {
      const p = join(dir, 'big.csv');
      await writeStreamAtomic(p, chunks(20));
      expect(statSync(p).size).toBe(20 << 20);
      expect(readFileSync(p).subarray((19 << 20) + 5, (19 << 20) + 6).toString()).toBe('T');
      expect(seen.syncs).toBeGreaterThanOrEqual(3);
      expect(readdirSync(dir)).toEqual(['big.csv']);
    } finally {
      restore();
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('a background sync that fails (EIO) fails the write: the old file stays, no temp file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-atomic-'));
    const { restore } = syncCounting(true);
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

  // a spool that becomes the file (`asFile`: qda segments and qda code to CSV) is synced as it
  // grows too; one that is read back is not; a failed background sync fails its commit likewise
  for (const asFile of [true, false]) {
    it(`a 20 MB spool ${asFile ? 'opened as the file is synced as it grows' : 'read back is not synced'}; committed, the file is whole`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'qda-atomic-'));
      const { seen, restore } = syncCounting(false);
      try {
        const p = join(dir, 'big.csv');
        const spool = await openSpool(p, { mode: 0o644, asFile });
        await chunks(20)((c) => spool.write(c));
        const before = seen.syncs;
        await spool.commit();
        // (one each 8 MB, unless the one before is still in flight: at least one)
        if (asFile) expect(before).toBeGreaterThanOrEqual(1);
        else expect(before).toBe(0);
        // (then the spool's last fsync, and the folder's after the rename)
        expect(seen.syncs).toBe(before + 2);
        expect(statSync(p).size).toBe(20 << 20);
        expect(readFileSync(p).subarray((19 << 20) + 5, (19 << 20) + 6).toString()).toBe('T');
        expect(readdirSync(dir)).toEqual(['big.csv']);
      } finally {
        restore();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
  it('a spool opened as the file whose background sync fails (EIO) is not committed: the old file stays, no spool', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-atomic-'));
    const { restore } = syncCounting(true);
    try {
      const p = join(dir, 'big.csv');
      writeFileSync(p, 'old');
      const spool = await openSpool(p, { mode: 0o644, asFile: true });
      await chunks(12)((c) => spool.write(c));
      const err = await spool.commit().then(() => undefined, (e: unknown) => e);
      await spool.remove();
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
