/**
 * `qda run` prints every warning with its place on stderr, also when stderr is not a terminal
 * (a log of `qda run 2> log`, CI). Before, off a terminal only a count was printed ("2 warnings
 * (run `qda code` on the inputs to see them)"), and a qda.yaml read twice counted its warning twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-run-warnings-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('qda run off a terminal', () => {
  it('prints each warning once, with its file and line, and counts it once', async () => {
    const yaml = 'codebooks: [coordination-collaboration]\ninterviewers: [Sanne]\noutput: verslag\n';
    const transcript = 'Sanne: Hoe gaat het overleg met het wijkteam?\n\nKees: We hebben elke week overleg met de collega\'s van het wijkteam en maken samen een plan.\n\nSanne: En met de school?\n\nKees: Daar bel ik de mentor als er iets speelt.\n';
    writeFileSync(join(dir, 'qda.yaml'), yaml);
    writeFileSync(join(dir, 'kees.txt'), transcript);
    const io = memoryIo(dir);
    const code = await main(['run', 'kees.txt', '-o', 'out', '--lang', 'en'], io);
    const err = io.err();
    expect(code, err).toBe(0);
    const lines = err.split('\n').filter((l) => l.includes('[ingest:unused-project-key]'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^qda\.yaml:3:\d+: warning: "output: verslag" is not used/);
    expect(io.out() + err).toContain('1 warning (on stderr)');
    expect(io.out() + err).not.toContain('to see them');
    // the inputs are untouched
    expect(readFileSync(join(dir, 'qda.yaml'), 'utf8')).toBe(yaml);
    expect(readFileSync(join(dir, 'kees.txt'), 'utf8')).toBe(transcript);
  });
});
