/**
 * (session 17) `-o tables/` (a path ending in a slash: a folder) wrote a file named "tables"; and
 * when a later output of a run failed (`--plot` after `-o`), the error said "no file was written"
 * of the failed one while the one written before stayed, not named. Now the slash is refused before
 * any work, and after an error every file the run wrote (whole) is named.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs as qda } from '../helpers/inputs-untouched.js';
import { codeR1, oneSourceProject } from '../helpers/code-run.js';

const CSV = 'source,segment,code,coder\nr1,1,exchange,anna\nr2,1,systems,anna\n';

describe('-o ending in a slash', () => {
  it('is refused (exit 2) before anything is written: no file of that name, the inputs byte-identical', async () => {
    const d = mkdtempSync(join(tmpdir(), 'qda-out-slash-'));
    writeFileSync(join(d, 'codings.csv'), CSV);
    const r = await qda(d, ['matrix', 'codings.csv', '-o', 'tables/']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('tables/: error: -o tables/ ends in a slash, so it names a folder, but this output is one file; nothing was written [cli:out-is-folder]');
    expect(r.err).toContain('hint: give a file name, e.g. tables/table.md (or tables without the slash for a file of that name)');
    expect(readdirSync(d)).toEqual(['codings.csv']);
    const p = await qda(d, ['saturation', 'codings.csv', '-o', 's.md', '--plot', 'plots/']);
    expect(p.code).toBe(2);
    expect(p.err).toContain('--plot plots/ ends in a slash');
    expect(readdirSync(d)).toEqual(['codings.csv']);
  });
});

describe('an output that fails after another was written', () => {
  it.skipIf(process.platform !== 'linux')('the error is followed by the files written before it (needs Linux /proc, skipped elsewhere)', async () => {
    const d = mkdtempSync(join(tmpdir(), 'qda-out-partial-'));
    writeFileSync(join(d, 'codings.csv'), CSV);
    const r = await qda(d, ['saturation', 'codings.csv', '-o', 't.md', '--plot', '/proc/qda-sat.svg'], ['t.md']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/\/proc\/qda-sat\.svg: error: cannot write the output: .*; no file was written \[io:enoent\]\n.*\nqda: before this error, 1 file was written \(whole\) and stays: t\.md\n$/);
    expect(existsSync(join(d, 't.md'))).toBe(true);
  });

  it('qda code -o FILE refused by its guard (the old file put back): no file is named as written', async () => {
    const dir = oneSourceProject('qda-out-partial-', 'Interviewer: Hoe werken jullie samen?\nAnna: We overleggen elke week samen in het team.\n');
    writeFileSync(join(dir, 'c.csv'), 'source,segment,code,coder\nr1,1,deliberating,bram\n');
    const r = await codeR1(dir, '-o', 'c.csv');
    expect(r.rc).toBe(2);
    expect(r.err).toContain('[cli:output-has-human-codings]');
    expect(r.err).not.toContain('before this error');
  });
});
