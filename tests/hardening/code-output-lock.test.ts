/**
 * Two `qda code -o FILE` runs at once on one FILE: the guard of human codings of the one that
 * refused put the old file back over the other's new output (no human codings lost, but the other
 * run's "→ FILE" line was untrue). Now a run holds a lock beside its output (FILE.qda-lock, as qda
 * review on its decisions file: src/cli/output-lock.ts); a second run stops (exit 2) before it
 * writes, naming the process; a lock whose process is gone is taken over and said with its id.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeR1, oneSourceProject } from '../helpers/code-run.js';

const TEXT = 'Interviewer: Hoe werken jullie samen?\nAnna: We overleggen elke week samen in het team.\n';

describe('qda code -o FILE while another run writes FILE', () => {
  it('a live run holds the lock: exit 2 naming its process, FILE and the lock byte-identical', async () => {
    const dir = oneSourceProject('qda-out-lock-', TEXT);
    expect((await codeR1(dir, '-o', 'c.csv')).rc).toBe(0);
    const before = readFileSync(join(dir, 'c.csv'), 'utf8');
    // (another qda code, in another terminal: a live process)
    writeFileSync(join(dir, 'c.csv.qda-lock'), `${process.ppid} qda code\n`);
    const { rc, err } = await codeR1(dir, '--no-rules', '-o', 'c.csv');
    expect(rc).toBe(2);
    expect(err).toContain(`c.csv: error: another qda code (process ${process.ppid}) is writing c.csv now: two runs at once on one output would each write over the other's (and one keeping the file as it was would put the old one back over the other's new one); nothing was written [cli:output-in-use]`);
    expect(err).toContain('hint: wait until that run has finished, or write this one elsewhere (-o OTHER); if no qda run is writing it, delete c.csv.qda-lock');
    expect(readFileSync(join(dir, 'c.csv'), 'utf8')).toBe(before);
    expect(readFileSync(join(dir, 'c.csv.qda-lock'), 'utf8')).toBe(`${process.ppid} qda code\n`);
    expect(readdirSync(dir).sort()).toEqual(['c.csv', 'c.csv.qda-lock', 'r1.txt']);
  });

  it('a lock left by a run that was killed is taken over, said with its process id, and gone at the end', async () => {
    const dir = oneSourceProject('qda-out-lock-', TEXT);
    writeFileSync(join(dir, 'c.json.qda-lock'), '99999999 qda code\n');
    const { rc, err } = await codeR1(dir, '-o', 'c.json');
    expect(rc, err).toBe(0);
    expect(err).toContain('c.json: info: c.json.qda-lock was left by qda code (process 99999999) that is no longer running (stopped or killed before it finished): taken over (c.json holds what that run saved last, if anything) [cli:lock-taken-over]');
    expect(err).toContain('→ c.json');
    expect(existsSync(join(dir, 'c.json.qda-lock'))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['c.json', 'r1.txt']);
  });

  it('-o to a device (/dev/null) takes no lock beside it', async () => {
    const dir = oneSourceProject('qda-out-lock-', TEXT);
    const { rc, err } = await codeR1(dir, '-o', '/dev/null');
    expect(rc, err).toBe(0);
    expect(existsSync('/dev/null.qda-lock')).toBe(false);
  });
});
