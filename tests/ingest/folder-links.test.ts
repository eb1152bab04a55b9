/**
 * Symbolic links and special files in a source folder. The folder walk took only regular files
 * and folders: a link to a transcript (a shared drive linked into the project), a linked folder of
 * interviews and a broken link were all passed over without a word (3 files in the folder, 1
 * source read, exit 0). Now links are followed, each file and folder is read once by its real
 * path, and a broken link, a second path to a file or folder read already, and a named pipe with
 * a source extension are each said (file, what it is, what to do). The output guard follows the
 * same walk: an output path that is a linked source's target is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import type { Diagnostic } from '../../src/model/types.js';
import { qdaLeavingInputs as qda } from '../helpers/inputs-untouched.js';

const T1 = 'Interviewer: Hoe werkt de samenwerking?\nAnna: We hebben elke week overleg met de wijkcoach.\n';
const T2 = 'Interviewer: En met de gemeente?\nBert: Daar maken we afspraken over de aanpak.\n';
const T3 = 'Interviewer: Wat gaat goed?\nCor: Het gezamenlijk overleg over de casussen.\n';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-folder-links-'));
  // outside the project: a shared folder and a file that the project links to
  mkdirSync(join(dir, 'shared/team-zuid'), { recursive: true });
  writeFileSync(join(dir, 'shared/r2.txt'), T2);
  writeFileSync(join(dir, 'shared/team-zuid/r3.txt'), T3);
  mkdirSync(join(dir, 'proj/iv'), { recursive: true });
  writeFileSync(join(dir, 'proj/iv/r1.txt'), T1);
  symlinkSync(join(dir, 'shared/r2.txt'), join(dir, 'proj/iv/r2.txt'));
  symlinkSync(join(dir, 'shared/team-zuid'), join(dir, 'proj/iv/zuid'));
  symlinkSync('r1.txt', join(dir, 'proj/iv/r1-copy.txt'));
  symlinkSync(join(dir, 'nowhere/r9.txt'), join(dir, 'proj/iv/r9.txt'));
  symlinkSync('.', join(dir, 'proj/iv/loop'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a source folder with symbolic links', () => {
  it('reads linked files and folders once each, and says what it passed over', async () => {
    const seen: Diagnostic[] = [];
    const { corpus } = await readCorpus(['iv'], { cwd: join(dir, 'proj'), report: (d) => seen.push(d) });
    expect(corpus.sources.map((s) => [s.id, s.path])).toEqual([
      ['r1', 'iv/r1.txt'],
      ['r2', 'iv/r2.txt'],
      ['r3', 'iv/zuid/r3.txt'],
    ]);
    const said = seen.map((d) => `${d.file}: ${d.message} [${d.ruleId}]`);
    expect(said).toEqual(
      expect.arrayContaining([
        `iv/r9.txt: a link to ${join(dir, 'nowhere/r9.txt')}, which is not there: not read [broken-link]`,
        'iv/r1-copy.txt: the same file as iv/r1.txt (a link between them): read once, as iv/r1.txt [file-read-twice]',
        'iv/loop: a link to the folder iv, which is searched already: its files are read once, as iv/… [folder-read-twice]',
      ]),
    );
    expect(seen.filter((d) => ['broken-link', 'file-read-twice', 'folder-read-twice'].includes(d.ruleId ?? ''))).toHaveLength(3);
    expect(seen.every((d) => d.hint)).toBe(true);
  });

  it('qda code says the same on stderr, exit 0, and leaves every file (the link targets too) as it was', async () => {
    const r = await qda(join(dir, 'proj'), ['code', 'iv', '-c', 'coordination-collaboration', '-o', 'c.json'], ['c.json']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('iv/r9.txt: warning: a link to');
    expect(r.err).toContain('[ingest:file-read-twice]');
    const doc = JSON.parse(readFileSync(join(dir, 'proj/c.json'), 'utf8')) as { sources: Array<{ id: string }> };
    expect(doc.sources.map((s) => s.id)).toEqual(['r1', 'r2', 'r3']);
    expect(readFileSync(join(dir, 'shared/r2.txt'), 'utf8')).toBe(T2);
    expect(readFileSync(join(dir, 'shared/team-zuid/r3.txt'), 'utf8')).toBe(T3);
  });

  it('an output path that is the target of a linked source is refused (exit 2), the file untouched', async () => {
    const target = join(dir, 'shared/r2.txt');
    const r = await qda(join(dir, 'proj'), ['code', 'iv', '-c', 'coordination-collaboration', '-o', target]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`-o ${target} is a source in the input folder iv iv/r2.txt (the same file by another path or a symbolic link) [cli:output-is-input]`);
    expect(readFileSync(target, 'utf8')).toBe(T2);
  });

  const mkfifo = (() => {
    try {
      execFileSync('mkfifo', ['--version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  it.skipIf(!mkfifo)('a named pipe with a source extension is said, not opened (skipped when mkfifo is absent)', async () => {
    mkdirSync(join(dir, 'pipes/iv'), { recursive: true });
    writeFileSync(join(dir, 'pipes/iv/r1.txt'), T1);
    execFileSync('mkfifo', [join(dir, 'pipes/iv/live.txt')]);
    const seen: Diagnostic[] = [];
    const { corpus } = await readCorpus(['iv'], { cwd: join(dir, 'pipes'), report: (d) => seen.push(d) });
    expect(corpus.sources.map((s) => s.id)).toEqual(['r1']);
    expect(seen.map((d) => `${d.file}: ${d.message} [${d.ruleId}]`)).toContain('iv/live.txt: this is a named pipe (FIFO), not a regular file: not read [not-a-regular-file]');
  });

  it('qda anonymize follows the same links: the linked folder is pseudonymised, the broken link said (it stopped with ENOENT)', async () => {
    const r = await qda(join(dir, 'proj'), ['anonymize', 'iv', '-o', join(dir, 'anon')]);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('iv/r9.txt: warning: a link to a file that is not there: not read, nothing written for it [cli:broken-link]');
    expect(r.err).not.toContain('not-a-source');
    expect(readFileSync(join(dir, 'anon/zuid/r3.txt'), 'utf8')).not.toContain('Cor');
  });
});
