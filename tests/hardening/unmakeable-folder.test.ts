/**
 * An output whose folder cannot be made: exit 2 with the folder and what to do, at once. Node's own
 * recursive mkdir never returns where a folder exists but refuses a new one with ENOENT, as /proc
 * does: `qda code … -o /proc/x/out.csv` (and JSON, and `qda run -o /proc/x/out`) hung for ever at
 * full CPU. makeFolders makes missing folders one at a time and says which one fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { makeFolders } from '../../src/export/write-file-atomic.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-unmakeable-'));
  writeFileSync(join(dir, 'a.txt'), 'Interviewer: Hoe werkt de samenwerking?\nAnna: We hebben wekelijks overleg met de gemeente.\n');
  writeFileSync(join(dir, 'book.yaml'), 'id: b\nname: {nl: B, en: B}\nlanguage: nl\ncodes:\n  - id: overleg\n    name: {nl: Overleg, en: Consultation}\n    rules:\n      - keywords: {nl: [overleg]}\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('an output folder that cannot be made', () => {
  it('makeFolders: nested folders made, an existing one is fine, a file in the way is ENOTDIR', async () => {
    await makeFolders(join(dir, 'x', 'y', 'z'));
    expect(statSync(join(dir, 'x', 'y', 'z')).isDirectory()).toBe(true);
    await makeFolders(join(dir, 'x', 'y'));
    writeFileSync(join(dir, 'f'), '');
    await expect(makeFolders(join(dir, 'f', 'g'))).rejects.toMatchObject({ code: 'ENOTDIR' });
    // (two writers making the same folders at once: both succeed)
    await Promise.all([makeFolders(join(dir, 'p', 'q', 'r')), makeFolders(join(dir, 'p', 'q', 'r'))]);
    expect(statSync(join(dir, 'p', 'q', 'r')).isDirectory()).toBe(true);
  });

  const proc = process.platform === 'linux' && existsSync('/proc/self');
  for (const [what, args] of [
    ['qda code -o …/out.json', ['code', 'a.txt', '-c', 'book.yaml', '-o', '/proc/qdakit-no-such/out.json']],
    ['qda code --format csv -o …/out.csv', ['code', 'a.txt', '-c', 'book.yaml', '--format', 'csv', '-o', '/proc/qdakit-no-such/out.csv']],
    ['qda run -o …/out', ['run', 'a.txt', '-c', 'book.yaml', '-o', '/proc/qdakit-no-such/out']],
  ] as const) {
    it.skipIf(!proc)(`${what} under /proc: exit 2 at once, naming the folder (skipped: no /proc)`, async () => {
      const io = memoryIo(dir);
      const before = readFileSync(join(dir, 'a.txt'));
      const t0 = Date.now();
      const code = await main([...args], io);
      expect(code, io.err()).toBe(2);
      expect(Date.now() - t0).toBeLessThan(20_000);
      expect(io.err()).toMatch(/\/proc\/qdakit-no-such/);
      expect(io.err()).toMatch(/cannot be made/);
      expect(io.err()).not.toMatch(/internal error|\n\s+at /i);
      expect(readFileSync(join(dir, 'a.txt')).equals(before)).toBe(true);
    }, 30_000);
  }
  it('a folder made on the way is made (the usual case)', async () => {
    const io = memoryIo(dir);
    expect(await main(['code', 'a.txt', '-c', 'book.yaml', '-o', join(dir, 'new', 'deeper', 'out.json')], io), io.err()).toBe(0);
    expect(statSync(join(dir, 'new', 'deeper', 'out.json')).isFile()).toBe(true);
  });
});
