/**
 * Two qda review runs at once on one decisions file (two terminals, two coders in one folder:
 * both default to qda-decisions.json there) each held the decisions in memory and wrote them
 * whole: each wrote over the other's decisions without a word. Now a review that may save
 * decisions holds a lock beside the file (FILE.qda-lock, its process id); a second one stops
 * (exit 2) before reading or writing anything; a lock whose process is gone is taken over; the
 * lock is gone when the review ends.
 */
import { describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import { main } from '../../src/cli/main.js';
import { alive } from '../../src/export/write-file-atomic.js';
import { memoryIo } from '../../src/cli/io.js';

const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/review');
function project() {
  const dir = mkdtempSync(join(tmpdir(), 'qda-review-lock-'));
  for (const f of ['codebook.yaml', 'gesprek-a.txt', 'gesprek-b.txt']) copyFileSync(join(fixtures, f), join(dir, f));
  return dir;
}

describe('qda review: one review at a time on a decisions file', () => {
  it('a review running on the same decisions file (its lock held by a live process): exit 2, the decisions file byte-identical', async () => {
    const dir = project();
    expect(await main(['review', 'gesprek-a.txt', '-c', 'codebook.yaml', '--accept-above', '0.9'], memoryIo(dir))).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['codebook.yaml', 'gesprek-a.txt', 'gesprek-b.txt', 'qda-decisions.json']);
    const saved = readFileSync(join(dir, 'qda-decisions.json'), 'utf8');
    // (another review, in another terminal, on the other transcript in the same folder)
    writeFileSync(join(dir, 'qda-decisions.json.qda-lock'), `${process.ppid}\n`);
    const io = memoryIo(dir);
    expect(await main(['review', 'gesprek-b.txt', '-c', 'codebook.yaml', '--accept-above', '0.5'], io)).toBe(2);
    expect(io.err()).toContain(`qda-decisions.json: error: another qda review (process ${process.ppid}) is saving its decisions in qda-decisions.json now: two reviews at once on one decisions file would each write over the other's decisions; nothing was read or written [cli:decisions-file-in-use]`);
    expect(io.err()).toContain('hint: finish that review first, or give this one its own decisions file (--decisions OTHER.json; qda code reads it with --codings); if no qda review is running, delete qda-decisions.json.qda-lock');
    expect(readFileSync(join(dir, 'qda-decisions.json'), 'utf8')).toBe(saved);
    expect(readFileSync(join(dir, 'qda-decisions.json.qda-lock'), 'utf8')).toBe(`${process.ppid}\n`);
  });

  it('a lock left by a review that was killed (its process gone) is taken over and removed at the end', async () => {
    const dir = project();
    writeFileSync(join(dir, 'qda-decisions.json.qda-lock'), '99999999\n');
    const io = memoryIo(dir);
    expect(await main(['review', 'gesprek-b.txt', '-c', 'codebook.yaml', '--accept-above', '0.5'], io)).toBe(0);
    // (was: taken over without a word)
    expect(io.err()).toContain('qda-decisions.json: info: qda-decisions.json.qda-lock was left by a qda run (process 99999999) that is no longer running (stopped or killed before it finished): taken over (qda-decisions.json holds what that run saved last, if anything) [cli:lock-taken-over]');
    expect(existsSync(join(dir, 'qda-decisions.json.qda-lock'))).toBe(false);
    expect(JSON.parse(readFileSync(join(dir, 'qda-decisions.json'), 'utf8')).decisions.length).toBeGreaterThan(0);
  });

  it.skipIf(process.platform !== 'linux')('a process killed a moment ago and not yet reaped (a zombie) counts as gone: its lock is taken over (was: the review killed in a terminal held it, and the restart stopped; needs Linux /proc, skipped elsewhere)', async () => {
    const child = spawn('sleep', ['30']);
    await new Promise((r) => setTimeout(r, 200));
    expect(alive(child.pid!)).toBe(true);
    process.kill(child.pid!, 'SIGKILL');
    // (no turn of the event loop: node does not reap it meanwhile)
    const until = Date.now() + 300;
    while (Date.now() < until) {
      // wait
    }
    expect(alive(child.pid!)).toBe(false);
  });
});
