/**
 * A decisions file of qda review holds the log of every decision (rejections, memos; with
 * codingsStore: inline its codings are in the sources, so the file holds nothing `qda code` counts
 * as a human coding). `qda code … -o qda-decisions.json` (or any other command's -o) wrote over it
 * without a word: every decision was gone and the next review asked the rejected suggestions
 * again. Now any output that is a decisions file stops the command (exit 2), the file untouched;
 * qda review itself writes it as before.
 */
import { describe, it, expect } from 'vitest';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
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

describe('qda review --export-decisions onto its own decisions file', () => {
  it('the default decisions file (qda-decisions.json beside the input) and --export-decisions the same file: exit 2 before any work, nothing written', async () => {
    // old: review saved its decisions there, then wrote the CSV over them, and said "saved in qda-decisions.json"
    const dir = mkdtempSync(join(tmpdir(), 'qda-export-decisions-'));
    for (const f of ['codebook.yaml', 'gesprek-a.txt']) copyFileSync(join(fixtures, f), join(dir, f));
    const io = memoryIo(dir);
    expect(await main(['review', 'gesprek-a.txt', '-c', 'codebook.yaml', '--accept-above', '0.9', '--export-decisions', 'qda-decisions.json'], io)).toBe(2);
    expect(io.err()).toContain('qda-decisions.json: error: the decisions file of qda review qda-decisions.json and --export-decisions qda-decisions.json are the same file [cli:outputs-collide]');
    expect(readdirSync(dir).sort()).toEqual(['codebook.yaml', 'gesprek-a.txt']);
    // with decisions saved before: the file untouched
    expect(await main(['review', 'gesprek-a.txt', '-c', 'codebook.yaml', '--accept-above', '0.9'], memoryIo(dir))).toBe(0);
    const saved = readFileSync(join(dir, 'qda-decisions.json'), 'utf8');
    expect(await main(['review', 'gesprek-a.txt', '-c', 'codebook.yaml', '--accept-above', '0.5', '--export-decisions', './qda-decisions.json'], memoryIo(dir))).toBe(2);
    expect(readFileSync(join(dir, 'qda-decisions.json'), 'utf8')).toBe(saved);
    // another export path: as before
    expect(await main(['review', 'gesprek-a.txt', '-c', 'codebook.yaml', '--accept-above', '0.5', '--export-decisions', 'd.csv'], memoryIo(dir))).toBe(0);
    expect(readFileSync(join(dir, 'd.csv'), 'utf8')).toMatch(/^source,segment,start,end,code/);
  });
});

describe('an output file that is read-only', () => {
  it('qda code -o FILE over a write-protected FILE: exit 2, FILE untouched (was: replaced, since the atomic write renames a new file over it)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-out-readonly-'));
    for (const f of ['codebook.yaml', 'gesprek-a.txt']) copyFileSync(join(fixtures, f), join(dir, f));
    // (a table of the user's own, no codings file: only its protection keeps it)
    writeFileSync(join(dir, 'c.csv'), 'respondent,note\nA,called back twice\n');
    chmodSync(join(dir, 'c.csv'), 0o444);
    const io = memoryIo(dir);
    expect(await main(['code', 'gesprek-a.txt', '-c', 'codebook.yaml', '-o', 'c.csv'], io)).toBe(2);
    expect(io.err()).toContain('c.csv: error: -o c.csv is read-only (write-protected), so it is not written over; nothing was written [cli:out-read-only]');
    expect(io.err()).toContain('hint: choose another output path, or make it writable first (chmod u+w c.csv) if it may be replaced');
    expect(readFileSync(join(dir, 'c.csv'), 'utf8')).toBe('respondent,note\nA,called back twice\n');
    expect(statSync(join(dir, 'c.csv')).mode & 0o777).toBe(0o444);
  });
});
