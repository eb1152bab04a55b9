/**
 * A decisions file of qda review holds the log of every decision (rejections, memos; with
 * codingsStore: inline its codings are in the sources, so the file holds nothing `qda code` counts
 * as a human coding). `qda code … -o qda-decisions.json` (or any other command's -o) wrote over it
 * without a word: every decision was gone and the next review asked the rejected suggestions
 * again. Now any output that is a decisions file stops the command (exit 2), the file untouched;
 * qda review itself writes it as before.
 */
import { describe, it, expect } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/review');

describe('an output that is a decisions file of qda review', () => {
  it('inline store: qda code -o and qda segments -o over it stop (exit 2), the file byte-identical; review goes on writing it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-out-decisions-'));
    for (const f of ['codebook.yaml', 'gesprek-a.txt']) copyFileSync(join(fixtures, f), join(dir, f));
    writeFileSync(join(dir, 'qda.yaml'), 'codingsStore: inline\n');
    expect(await main(['review', 'gesprek-a.txt', '-c', 'codebook.yaml', '--accept-above', '0.9'], memoryIo(dir))).toBe(0);
    const decisions = readFileSync(join(dir, 'qda-decisions.json'), 'utf8');
    const n = JSON.parse(decisions).decisions.length;
    expect(n).toBeGreaterThan(0);
    for (const args of [['code', 'gesprek-a.txt', '-c', 'codebook.yaml', '-o', 'qda-decisions.json'], ['segments', 'gesprek-a.txt', '-o', 'qda-decisions.json']]) {
      const io = memoryIo(dir);
      expect(await main(args, io), args.join(' ')).toBe(2);
      expect(io.err()).toContain(`qda-decisions.json: error: -o qda-decisions.json is a decisions file of qda review (${n} decision${n === 1 ? '' : 's'}): written over, ${n === 1 ? 'it' : 'they'} would be lost (and the suggestions rejected there asked again); nothing was written [cli:output-is-decisions-file]`);
      expect(readFileSync(join(dir, 'qda-decisions.json'), 'utf8')).toBe(decisions);
    }
    expect(await main(['review', 'gesprek-a.txt', '-c', 'codebook.yaml', '--accept-above', '0.5'], memoryIo(dir))).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'qda-decisions.json'), 'utf8')).decisions.length).toBeGreaterThan(n);
  });
});
