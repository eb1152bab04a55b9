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
    expect(io.out() + err).toContain('1 warning (on stderr, and in report.html under Warnings)');
    expect(io.out() + err).not.toContain('to see them');
    // the inputs are untouched
    expect(readFileSync(join(dir, 'qda.yaml'), 'utf8')).toBe(yaml);
    expect(readFileSync(join(dir, 'kees.txt'), 'utf8')).toBe(transcript);
  });
});

describe('qda run: the warnings in the report', () => {
  it('lists each warning of the run in report.html (section Warnings, linked from the top), not only on stderr', async () => {
    const sub = join(dir, 'rep');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(sub);
    writeFileSync(join(sub, 'qda.yaml'), 'codebooks: [coordination-collaboration]\ninterviewers: [Sanne]\n');
    // a marker naming a code no codebook has, and a label behind a dash: both said, both in the report
    writeFileSync(join(sub, 'kees.txt'), 'Sanne: Hoe gaat het overleg?\n\nKees: We hebben elke week overleg <met> de school. Code: afstemmen & plannen\n- Kees: En we bellen de mentor.\n\nSanne: Dank je.\n');
    const io = memoryIo(sub);
    expect(await main(['run', 'kees.txt', '-o', 'out', '--lang', 'en'], io), io.err()).toBe(0);
    const html = readFileSync(join(sub, 'out', 'report.html'), 'utf8');
    const said = io.err().split('\n').filter((l) => /: warning: /.test(l));
    expect(said.length).toBeGreaterThanOrEqual(2);
    expect(html).toContain('<h2 id="warnings">Warnings</h2>');
    expect(html).toContain('<a href="#warnings">');
    expect(html).toContain('[coding:unknown-code]');
    expect(html).toContain('[ingest:label-after-list-number]');
    // each said warning, as the terminal showed it (escaped), is in the page
    for (const l of said) expect(html).toContain(l.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'));
    expect(io.out() + io.err()).toContain('(on stderr, and in report.html under Warnings)');
  });

  it('a run without warnings has no warnings section', async () => {
    const sub = join(dir, 'clean');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(sub);
    writeFileSync(join(sub, 'qda.yaml'), 'codebooks: [coordination-collaboration]\ninterviewers: [Sanne]\n');
    writeFileSync(join(sub, 'kees.txt'), 'Sanne: Hoe gaat het overleg?\n\nKees: We hebben elke week overleg met de school.\n\nSanne: Dank je.\n\nKees: Graag gedaan.\n');
    const io = memoryIo(sub);
    expect(await main(['run', 'kees.txt', '-o', 'out', '--lang', 'en'], io), io.err()).toBe(0);
    expect(io.err()).not.toMatch(/: warning: /);
    const html = readFileSync(join(sub, 'out', 'report.html'), 'utf8');
    expect(html).not.toContain('id="warnings"');
  });
});
