import { describe, it, expect } from 'vitest';
import { statSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { writeFileAtomic } from '../../src/export/write-file-atomic.js';

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
});
