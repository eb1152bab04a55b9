/**
 * `-o LINK` where LINK is a symbolic link: the atomic write renamed its new file over the link, so
 * the user's link was gone (a file in its place) and its target kept the old content, without a
 * word. Now every command's output (the one write path, src/export/write-file-atomic.ts) is
 * written through to the link's target, the link kept, and the guard says so; a target that is
 * one of the command's inputs is refused as before.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, lstatSync, mkdtempSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs as qda } from '../helpers/inputs-untouched.js';
import { codeR1, oneSourceProject } from '../helpers/code-run.js';

const CSV = 'source,segment,code,coder\nr1,1,exchange,anna\nr2,1,systems,anna\n';

describe.skipIf(process.platform === 'win32')('-o through a symbolic link (symbolic links need rights on Windows: skipped there)', () => {
  it('qda matrix -o LINK: the target is written, the link kept, and it is said', async () => {
    const d = mkdtempSync(join(tmpdir(), 'qda-out-link-'));
    writeFileSync(join(d, 'codings.csv'), CSV);
    writeFileSync(join(d, 'table.md'), 'old\n');
    symlinkSync('table.md', join(d, 'link.md'));
    const r = await qda(d, ['matrix', 'codings.csv', '-o', 'link.md'], ['table.md']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('link.md: info: -o link.md is a symbolic link to table.md: that file is written, and the link is kept [cli:output-through-link]');
    expect(r.err).toContain('hint: to write a file of its own at link.md instead, remove the link first (rm link.md)');
    expect(lstatSync(join(d, 'link.md')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(d, 'link.md'))).toBe('table.md');
    expect(readFileSync(join(d, 'table.md'), 'utf8')).toContain('| Code |');
  });

  it('a link whose target does not exist yet: the target is made (in its folder), the link kept', async () => {
    const d = mkdtempSync(join(tmpdir(), 'qda-out-link-'));
    writeFileSync(join(d, 'codings.csv'), CSV);
    symlinkSync('out/new.csv', join(d, 'dangling.csv'));
    const r = await qda(d, ['matrix', 'codings.csv', '-o', 'dangling.csv'], ['out']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('-o dangling.csv is a symbolic link to out/new.csv: that file is written (it does not exist yet), and the link is kept');
    expect(lstatSync(join(d, 'dangling.csv')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(d, 'out/new.csv'), 'utf8')).toMatch(/^Code,Name,r1,r2,Total\n/);
  });

  it('a link to an input: refused (exit 2), the input byte-identical, no info line', async () => {
    const d = mkdtempSync(join(tmpdir(), 'qda-out-link-'));
    writeFileSync(join(d, 'codings.csv'), CSV);
    symlinkSync('codings.csv', join(d, 'l.csv'));
    const r = await qda(d, ['matrix', 'codings.csv', '-o', 'l.csv']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('-o l.csv is the codings file codings.csv (the same file by another path or a symbolic link) [cli:output-is-input]');
    expect(r.err).not.toContain('output-through-link');
    expect(lstatSync(join(d, 'l.csv')).isSymbolicLink()).toBe(true);
  });

  it('qda code -o LINK over human codings: the guard keeps the target as it was, the link kept; without them, written through', async () => {
    const dir = oneSourceProject('qda-out-link-', 'Interviewer: Hoe werken jullie samen?\nAnna: We overleggen elke week samen in het team.\n');
    writeFileSync(join(dir, 'extra.csv'), 'source,segment,code,coder\nr1,1,deliberating,bram\n');
    expect((await codeR1(dir, '--codings', 'extra.csv', '-o', 'real.csv')).rc).toBe(0);
    const before = readFileSync(join(dir, 'real.csv'), 'utf8');
    symlinkSync('real.csv', join(dir, 'c.csv'));
    const r = await codeR1(dir, '-o', 'c.csv');
    expect(r.rc).toBe(2);
    expect(r.err).toContain('c.csv holds 1 human coding that this run does not make (bram: 1 there, 0 now)');
    expect(readFileSync(join(dir, 'real.csv'), 'utf8')).toBe(before);
    expect(lstatSync(join(dir, 'c.csv')).isSymbolicLink()).toBe(true);
    expect(existsSync(join(dir, 'real.csv.qda-lock'))).toBe(false);
    const ok = await codeR1(dir, '--codings', 'extra.csv', '-o', 'c.csv');
    expect(ok.rc, ok.err).toBe(0);
    expect(ok.err).toContain('→ c.csv');
    expect(lstatSync(join(dir, 'c.csv')).isSymbolicLink()).toBe(true);
  });
});
