/**
 * A source given twice (by name and in a folder given too, or named twice) is read once, as one
 * source: that was done without a word. Now it is said (info, input-given-twice), once per file.
 */
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

describe('an input given twice', () => {
  it('is read once and said', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-input-twice-'));
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'a.txt'), 'Interviewer: Hoe gaat het?\n\nAnna: Goed, we hebben elke week overleg.\n');
    writeFileSync(join(dir, 'sub', 'b.txt'), 'Interviewer: Hoe gaat het?\n\nBram: Prima, we delen informatie.\n');
    const io = memoryIo(dir);
    expect(await main(['segments', 'sub', 'sub/a.txt', './sub/a.txt', '--format', 'csv'], io), io.err()).toBe(0);
    expect(io.out().split('\n').filter((l) => l.startsWith('a#')).length).toBe(2);
    expect(io.err()).toContain('sub/a.txt: info: among the inputs more than once (named, and in a folder given, or named twice): read once, as one source [ingest:input-given-twice]');
    expect(io.err().match(/input-given-twice/g)).toHaveLength(1);
    const once = memoryIo(dir);
    expect(await main(['segments', 'sub', '--format', 'csv'], once)).toBe(0);
    expect(once.err()).not.toContain('input-given-twice');
  });
});
