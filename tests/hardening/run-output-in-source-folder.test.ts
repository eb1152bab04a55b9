/**
 * (session 17) `qda run src -o src` wrote its outputs into the source folder; a later `qda run src
 * -o out` skipped them as sources (right) but said "13 files that qda run wrote in out/ earlier":
 * the folder of this run, where none of them is. Now each is counted in the folder that holds it.
 */
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

describe('qda run: outputs of an earlier run in a source folder', () => {
  it('are skipped and said as written in that folder, not in the new output folder', { timeout: 120_000 }, async () => {
    const d = mkdtempSync(join(tmpdir(), 'qda-run-src-out-'));
    mkdirSync(join(d, 'src'));
    writeFileSync(join(d, 'src/r1.txt'), 'Interviewer: Hoe werken jullie samen?\nAnna: We overleggen elke week samen in het team en delen informatie.\n');
    const first = memoryIo(d);
    expect(await main(['run', 'src', '-c', 'coordination-collaboration', '-o', 'src'], first), first.err()).toBe(0);
    const n = Number(/wrote (\d+) files to src\//.exec(first.out())![1]);
    const io = memoryIo(d);
    expect(await main(['run', 'src', '-c', 'coordination-collaboration', '-o', 'out'], io), io.err()).toBe(0);
    expect(io.out()).toMatch(/qda run: 1 sources,/);
    // (the manifest lists every file it wrote; those the folder walk would read are skipped)
    expect(io.out()).toMatch(/not read as sources: \d+ files that qda run wrote in src\/ earlier/);
    expect(io.out()).not.toContain('wrote in out/ earlier');
    expect(n).toBeGreaterThan(0);
  });
});
