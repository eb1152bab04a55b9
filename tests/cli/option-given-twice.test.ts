/**
 * A one-value option given twice (`--measure coverage --measure sources`, `-o a.json -o b.json`):
 * commander keeps the last value, so the first measure was never counted and the first output
 * never written, without a word. Now it stops with exit 2 before any work, naming the option and
 * both values; the same value twice loses nothing and runs; repeatable options (-c, --coder)
 * still collect every value.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

const TEXT = 'Interviewer: Hoe gaat het overleg?\n\nAnna: We hebben elke week overleg met de school en we delen informatie.\n';

describe('a one-value option given twice', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qda-option-twice-'));
  writeFileSync(join(dir, 'anna.txt'), TEXT);

  it('qda code -o a.json -o b.json: exit 2, nothing written, both values named', async () => {
    const io = memoryIo(dir);
    expect(await main(['code', 'anna.txt', '-c', 'coordination-collaboration', '-o', 'a.json', '--out', 'b.json'], io)).toBe(2);
    expect(io.err()).toContain('error: qda code: --out was given 2 times ("a.json", "b.json"); it takes one value, and only the last would have been used [cli:option-given-twice]');
    expect(io.err()).toContain('hint: give --out once');
    expect(existsSync(join(dir, 'a.json'))).toBe(false);
    expect(existsSync(join(dir, 'b.json'))).toBe(false);
  });

  it('qda matrix --measure coverage --measure sources: exit 2; the same value twice runs; -c twice collects', async () => {
    const io = memoryIo(dir);
    expect(await main(['code', 'anna.txt', '-c', 'coordination-collaboration', '-c', 'kaats-opheij', '-o', 'c.json'], io), io.err()).toBe(0);
    expect((JSON.parse(readFileSync(join(dir, 'c.json'), 'utf8')) as { codebooks: Array<{ id: string }> }).codebooks.map((b) => b.id)).toEqual(['coordination-collaboration', 'kaats-opheij']);
    const twice = memoryIo(dir);
    expect(await main(['matrix', 'c.json', '--measure', 'coverage', '--measure', 'sources'], twice)).toBe(2);
    expect(twice.err()).toContain('--measure was given 2 times ("coverage", "sources")');
    const same = memoryIo(dir);
    expect(await main(['matrix', 'c.json', '--measure', 'sources', '--measure', 'sources'], same), same.err()).toBe(0);
    expect(same.out()).toContain('number of distinct sources');
  });
});
