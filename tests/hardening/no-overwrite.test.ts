/**
 * No command writes over what it reads (issue 13, item 2): an -o, --plot, --key, --decisions
 * or --export-decisions that resolves — through `..`, a symbolic link or a hard link — to an
 * input, a codings/learn-from/cases/codebook/guide/config file, a source in an input folder,
 * an input folder or a folder holding an input stops the command with exit 2, naming both, and
 * every file stays byte-identical. `qda run -o DIR` and `qda refi import -o DIR` never
 * overwrite a file in DIR they did not write (a manifest records theirs; --force writes beside);
 * `qda run . -o .` does not read its own output as sources; `qda refi import` builds its folder
 * beside DIR and moves it in at the end, writes nothing through a symbolic link in DIR, and
 * neutralises formulas in cases.csv.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { RUN_OUTPUTS } from '../../src/cli/commands/run.js';
import { realAtomicFs, setAtomicFsForTests } from '../../src/export/write-file-atomic.js';

const root = resolve(__dirname, '../..');
let work: string;
let restore: (() => void) | undefined;
afterEach(() => {
  restore?.();
  restore = undefined;
});

function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isSymbolicLink()) out[relative(dir, p)] = 'link';
      else if (e.isDirectory()) walk(p);
      else out[relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

async function qda(args: string[], cwd = work): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo(cwd);
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'qda-noover-'));
  cpSync(join(root, 'samples'), join(work, 'samples'), { recursive: true });
  writeFileSync(join(work, 'interview.txt'), 'Interviewer: Hoe gaat het overleg?\nRespondent: We hebben elke week overleg en maken afspraken.\n');
  cpSync(join(root, 'samples/codings/anna.csv'), join(work, 'human.csv'));
  cpSync(join(root, 'samples/codings/bram.csv'), join(work, 'bram.csv'));
  cpSync(join(root, 'samples/topics.yaml'), join(work, 'topics.yaml'));
  writeFileSync(join(work, 'book.yaml'), 'id: mijn-boek\nname: { nl: Mijn boek }\ncodes:\n  - id: overleg\n    name: { nl: Overleg }\n    rules:\n      - keywords: {nl: [overleg*]}\n');
  symlinkSync('interview.txt', join(work, 'link.txt'));
  linkSync(join(work, 'interview.txt'), join(work, 'hard.txt'));
  mkdirSync(join(work, 'sub'));
  const r = await qda(['code', 'samples', '-c', 'coordination-collaboration', '-o', 'cj.json']);
  expect(r.code, r.err).toBe(0);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('an output that is an input: exit 2 naming both, nothing changed', () => {
  const cases: Array<[string[], RegExp]> = [
    [['code', 'interview.txt', '-c', 'book.yaml', '-o', 'interview.txt'], /^interview\.txt: error: -o interview\.txt is the input interview\.txt \[cli:output-is-input\]/m],
    [['code', 'interview.txt', '-c', 'book.yaml', '-o', './sub/../interview.txt'], /-o \.\/sub\/\.\.\/interview\.txt is the input interview\.txt/],
    [['code', 'interview.txt', '-c', 'book.yaml', '-o', 'link.txt'], /-o link\.txt is the input interview\.txt \(the same file by another path or a symbolic link\)/],
    [['code', 'interview.txt', '-c', 'book.yaml', '-o', 'hard.txt'], /-o hard\.txt is the input interview\.txt \(a hard link to it\)/],
    [['code', 'samples', '-c', 'book.yaml', '--learn-from', 'human.csv', '-o', 'human.csv'], /-o human\.csv is the --learn-from file human\.csv/],
    [['code', 'samples', '-c', 'book.yaml', '--codings', 'human.csv', '-o', 'human.csv'], /-o human\.csv is the codings file human\.csv/],
    [['code', 'samples', '-c', 'book.yaml', '-o', 'book.yaml'], /-o book\.yaml is the codebook book\.yaml/],
    [['code', 'samples', '-c', 'book.yaml', '-o', 'samples/interviews/wijkcoach-03.txt'], /-o samples\/interviews\/wijkcoach-03\.txt is a source in the input folder samples/],
    [['code', 'samples', '-c', 'book.yaml', '-o', 'samples'], /-o samples is the input folder samples/],
    [['code', 'interview.txt', '-c', 'book.yaml', '-o', '.'], /^\.: error: -o \. is a folder that holds the (input interview\.txt|codebook book\.yaml)/m],
    [['segments', '-o', 'samples/qda.yaml', '--config', 'samples/qda.yaml'], /-o samples\/qda\.yaml is the --config file samples\/qda\.yaml/],
    [['matrix', 'cj.json', '-o', 'cj.json'], /-o cj\.json is the codings file cj\.json/],
    [['compare', 'cj.json', '--by', 'team', '-o', 'cj.json'], /-o cj\.json is the codings file cj\.json/],
    [['agree', 'human.csv', 'bram.csv', '-o', 'bram.csv'], /-o bram\.csv is the codings file bram\.csv/],
    [['saturation', 'cj.json', '--plot', 'cj.json'], /--plot cj\.json is the codings file cj\.json/],
    [['saturation', 'cj.json', '-o', 'sat.csv', '--plot', 'sat.csv'], /--plot sat\.csv and -o sat\.csv are the same file \[cli:outputs-collide\]/],
    [['appendix', 'cj.json', '--by', 'question', '--guide', 'topics.yaml', '-o', 'topics.yaml'], /-o topics\.yaml is the --guide file topics\.yaml/],
    [['report', 'samples', '-o', 'samples/cases.csv'], /-o samples\/cases\.csv is the (cases file of qda\.yaml|--cases file) samples\/cases\.csv/],
    [['report', 'cj.json', '-o', 'cj.json'], /-o cj\.json is the input cj\.json/],
    [['codebook', 'export', 'book.yaml', '--format', 'yaml', '-o', 'book.yaml'], /-o book\.yaml is the codebook book\.yaml/],
    [['refi', 'export', 'samples/interviews', '-c', 'book.yaml', '--cases', 'samples/cases.csv', '-o', 'samples/cases.csv'], /-o samples\/cases\.csv is the --cases file samples\/cases\.csv|should end in \.qdpx/],
    [['refi', 'import', 'cj.json', '-o', 'cj.json'], /-o cj\.json is the input cj\.json/],
    [['anonymize', 'samples/interviews', '-o', 'anon', '--key', 'samples/interviews/wijkcoach-01.txt'], /--key samples\/interviews\/wijkcoach-01\.txt is a source in the input folder samples\/interviews/],
    [['anonymize', 'samples/interviews', '-o', 'anon', '--key', 'human.csv', '--names', 'human.csv'], /--key human\.csv is the --names file human\.csv/],
    [['review', 'samples/interviews', '-c', 'book.yaml', '--accept-above', '0.9', '--decisions', 'samples/interviews/wijkcoach-01.txt'], /--decisions samples\/interviews\/wijkcoach-01\.txt is a source in the input folder samples\/interviews/],
    [['review', 'interview.txt', '-c', 'book.yaml', '--accept-above', '0.9', '--export-decisions', 'book.yaml'], /--export-decisions book\.yaml is the codebook book\.yaml/],
  ];
  it.each(cases.map(([argv, message]) => ({ argv, message, name: argv.join(' ') })))('qda $name', async ({ argv, message }) => {
    const before = tree(work);
    const r = await qda(argv);
    expect(r.code, r.err).toBe(2);
    expect(r.err).toMatch(message);
    expect(tree(work)).toEqual(before);
  });

  // run in the project's folder (its qda.yaml names the cases, the guide and the questionnaire data,
  // which every command but the codebook tools reads): matrix, saturation, contrast, agree and
  // survey wrote over them with exit 0; and from the parent folder, with the codings in the project
  const inProject: Array<[string[], string, RegExp]> = [
    [['matrix', '../cj.json', '-o', 'cases.csv'], 'samples', /^cases\.csv: error: -o cases\.csv is the cases file of qda\.yaml cases\.csv \[cli:output-is-input\]/m],
    [['saturation', '../cj.json', '-o', 'topics.yaml', '--format', 'md'], 'samples', /-o topics\.yaml is the interview guide of qda\.yaml topics\.yaml/],
    [['contrast', '../cj.json', '-o', 'qda.yaml', '--format', 'md'], 'samples', /-o qda\.yaml is the project file qda\.yaml/],
    [['agree', 'codings/anna.csv', 'codings/bram.csv', '-o', 'survey/vragenlijst.csv'], 'samples', /-o survey\/vragenlijst\.csv is the questionnaire data of qda\.yaml survey\/vragenlijst\.csv/],
    [['survey', 'survey/vragenlijst.csv', '-o', 'cases.csv'], 'samples', /-o cases\.csv is the cases file of qda\.yaml cases\.csv/],
    [['matrix', 'samples/codings/anna.csv', '-o', 'samples/cases.csv'], '.', /-o samples\/cases\.csv is the cases file of qda\.yaml samples\/cases\.csv/],
  ];
  it.each(inProject.map(([argv, dir, message]) => ({ argv, dir, message, name: `${argv.join(' ')} (in ${dir})` })))('qda $name', async ({ argv, dir, message }) => {
    const before = tree(work);
    const r = await qda(argv, join(work, dir));
    expect(r.code, r.err).toBe(2);
    expect(r.err).toMatch(message);
    expect(tree(work)).toEqual(before);
  });

  it('an output into a source folder that a later read would take for a source: written, with a warning', async () => {
    const r = await qda(['matrix', '../cj.json', '-o', 'interviews/m.md'], join(work, 'samples'));
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/^interviews\/m\.md: warning: -o interviews\/m\.md is written into the source folder interviews \(a source listed in qda\.yaml\): a later qda code, qda run or qda report on that folder reads it as a source \[cli:output-in-source-folder\]/m);
    rmSync(join(work, 'samples/interviews/m.md'));
    // (beside the source folders: nothing said)
    const beside = await qda(['matrix', '../cj.json', '-o', 'm.md'], join(work, 'samples'));
    expect(beside.code, beside.err).toBe(0);
    expect(beside.err).not.toMatch(/output-in-source-folder/);
    rmSync(join(work, 'samples/m.md'));
  });

  it('what is allowed stays allowed: an output beside the inputs, in an input folder next to codings tables, -o /dev/null', async () => {
    expect((await qda(['code', 'interview.txt', '-c', 'book.yaml', '-o', 'sub/out.json'])).code).toBe(0);
    expect((await qda(['code', 'samples/interviews', '-c', 'book.yaml', '-o', 'samples/interviews/new.codings.csv'])).code).toBe(0);
    expect((await qda(['code', 'samples/interviews', '-c', 'book.yaml', '-o', 'samples/interviews/new.codings.csv'])).code).toBe(0);
    expect((await qda(['matrix', 'cj.json', '-o', '/dev/null'])).code).toBe(0);
    // the key file is read and written back: itself is no conflict
    expect((await qda(['anonymize', 'samples/interviews', '-o', 'anon-ok', '--key', 'key.csv'])).code).toBe(0);
    expect((await qda(['anonymize', 'samples/interviews', '-o', 'anon-ok2', '--key', 'key.csv'])).code).toBe(0);
    rmSync(join(work, 'samples/interviews/new.codings.csv'));
  });
});

describe('qda run -o DIR: never over a file it did not write', () => {
  it('RUN_OUTPUTS lists every file run.ts writes', () => {
    const src = readFileSync(join(root, 'src/cli/commands/run.ts'), 'utf8');
    const names = [...src.matchAll(/\bput\(\s*[`'"]([^`'"]+)[`'"]/g)].map((m) => m[1].replace(/\$\{[^}]+\}/g, '*'));
    expect(names.length).toBeGreaterThan(10);
    for (const n of names) expect(RUN_OUTPUTS, n).toContain(n);
  });

  it('a human codings.csv in the output folder: exit 2, kept byte-identical, nothing written; --force writes beside it; a re-run of its own output is fine', { timeout: 120_000 }, async () => {
    const dir = join(work, 'run-out');
    mkdirSync(dir);
    cpSync(join(work, 'human.csv'), join(dir, 'codings.csv'));
    writeFileSync(join(dir, 'report.html'), '<p>my own notes</p>\n');
    const before = tree(dir);
    const r = await qda(['run', 'samples', '-o', 'run-out']);
    expect(r.code, r.err).toBe(2);
    expect(r.err).toMatch(/^run-out\/codings\.csv: error: run-out\/codings\.csv, run-out\/report\.html exist and are not the output of qda run \(or were changed since\); they are kept and nothing was written \[cli:out-not-ours\]/m);
    expect(r.err).toContain('--force');
    expect(tree(dir)).toEqual(before);

    const f = await qda(['run', 'samples', '-o', 'run-out', '--force']);
    expect(f.code, f.err).toBe(0);
    expect(f.err).toContain("run-out/codings.csv is not the output of qda run: it is kept, and run-out/codings.qda.csv is written instead (--force)");
    expect(readFileSync(join(dir, 'codings.csv'))).toEqual(readFileSync(join(work, 'human.csv')));
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toBe('<p>my own notes</p>\n');
    expect(existsSync(join(dir, 'codings.qda.csv'))).toBe(true);
    expect(existsSync(join(dir, 'report.qda.html'))).toBe(true);

    // its own output is recognised (manifest) and replaced without --force; the human files still kept
    rmSync(join(dir, 'codings.csv'));
    rmSync(join(dir, 'report.html'));
    const again = await qda(['run', 'samples', '-o', 'run-out']);
    expect(again.code, again.err).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, '.qda-manifest.json'), 'utf8'));
    expect(Object.keys(manifest.files)).toEqual(expect.arrayContaining(['codings.json', 'codings.csv', 'report.html', 'codings.qda.csv']));
    // a file qda run wrote but a person changed since: not overwritten
    writeFileSync(join(dir, 'results-skeleton.md'), '# my edits\n');
    const edited = await qda(['run', 'samples', '-o', 'run-out']);
    expect(edited.code).toBe(2);
    expect(edited.err).toContain('run-out/results-skeleton.md exists and is not the output of qda run (or was changed since)');
    expect(readFileSync(join(dir, 'results-skeleton.md'), 'utf8')).toBe('# my edits\n');
  });

  it('a codings.json of another command (qda code) is not qda run’s', async () => {
    const dir = join(work, 'run-out2');
    mkdirSync(dir);
    cpSync(join(work, 'cj.json'), join(dir, 'codings.json'));
    const before = tree(dir);
    const r = await qda(['run', 'samples', '-o', 'run-out2']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('run-out2/codings.json exists and is not the output of qda run');
    expect(tree(dir)).toEqual(before);
  });

  it('qda run . -o .: its own earlier output is not read as sources (and said so); a human codings.csv there is kept', { timeout: 120_000 }, async () => {
    const dir = join(work, 'proj');
    mkdirSync(dir);
    for (const f of readdirSync(join(work, 'samples/interviews')).filter((f) => f.endsWith('.txt'))) cpSync(join(work, 'samples/interviews', f), join(dir, f));
    const first = await qda(['run', '.', '-o', '.'], dir);
    expect(first.code, first.err).toBe(0);
    const n = Number(/qda run: (\d+) sources/.exec(first.out)![1]);
    const second = await qda(['run', '.', '-o', '.'], dir);
    expect(second.code, second.err).toBe(0);
    expect(Number(/qda run: (\d+) sources/.exec(second.out)![1])).toBe(n);
    expect(second.out).toMatch(/not read as sources: \d+ files that qda run wrote in \.\/ earlier/);
    expect(second.err).not.toMatch(/media-skipped/);
    writeFileSync(join(dir, 'codings.csv'), 'source,code,coder\nwijkcoach-01,overleg,anna\n');
    const third = await qda(['run', '.', '-o', '.', '--force'], dir);
    expect(third.code, third.err).toBe(0);
    expect(Number(/qda run: (\d+) sources/.exec(third.out)![1])).toBe(n);
    expect(third.out).toContain('codings.csv (kept: not written by qda run)');
    expect(readFileSync(join(dir, 'codings.csv'), 'utf8')).toBe('source,code,coder\nwijkcoach-01,overleg,anna\n');
  });
});

describe('qda refi import -o DIR', () => {
  let qdpx: string;
  beforeAll(async () => {
    // a case attribute that is a spreadsheet formula
    writeFileSync(join(work, 'evil-cases.csv'), 'source,team\nwijkcoach-01,"=HYPERLINK(""http://example.invalid"",""klik"")"\nwijkcoach-03,+SUM(1)\n');
    const r = await qda(['refi', 'export', 'samples/interviews/wijkcoach-01.txt', 'samples/interviews/wijkcoach-03.txt', '-c', 'book.yaml', '--cases', 'evil-cases.csv', '-o', 'p.qdpx']);
    expect(r.code, r.err).toBe(0);
    qdpx = 'p.qdpx';
  });

  it('cases.csv: formula starts neutralised as in every CSV export', async () => {
    const r = await qda(['refi', 'import', qdpx, '-o', 'imp-formula']);
    expect(r.code, r.err).toBe(0);
    const csv = readFileSync(join(work, 'imp-formula/cases.csv'), 'utf8');
    expect(csv).toContain(`"'=HYPERLINK(""http://example.invalid"",""klik"")"`);
    expect(csv).toContain("'+SUM(1)");
    expect(csv).not.toMatch(/(^|,)[=+]/m);
  });

  it('a symbolic link DIR/sources → ../outside: exit 2, nothing written outside (or in) DIR', async () => {
    mkdirSync(join(work, 'outside'));
    mkdirSync(join(work, 'imp-link'));
    symlinkSync('../outside', join(work, 'imp-link/sources'));
    const r = await qda(['refi', 'import', qdpx, '-o', 'imp-link']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^imp-link\/sources: error: imp-link\/sources is a symbolic link \(to \.\.\/outside\); qda refi import writes only inside imp-link \[cli:out-symlink\]/m);
    expect(readdirSync(join(work, 'outside'))).toEqual([]);
    expect(readdirSync(join(work, 'imp-link'))).toEqual(['sources']);
    expect(readdirSync(work).filter((f) => f.startsWith('.imp-link'))).toEqual([]);
  });

  it('an existing codings.json not written by it: exit 2 and kept; --force beside; its own is replaced', async () => {
    expect((await qda(['refi', 'import', qdpx, '-o', 'imp-own'])).code).toBe(0);
    expect((await qda(['refi', 'import', qdpx, '-o', 'imp-own'])).code).toBe(0);
    writeFileSync(join(work, 'imp-own/codings.json'), '{"mine": true}\n');
    const before = tree(join(work, 'imp-own'));
    const r = await qda(['refi', 'import', qdpx, '-o', 'imp-own']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('imp-own/codings.json exists and is not the output of qda refi import');
    expect(tree(join(work, 'imp-own'))).toEqual(before);
    const f = await qda(['refi', 'import', qdpx, '-o', 'imp-own', '--force']);
    expect(f.code, f.err).toBe(0);
    expect(readFileSync(join(work, 'imp-own/codings.json'), 'utf8')).toBe('{"mine": true}\n');
    expect(JSON.parse(readFileSync(join(work, 'imp-own/codings.qda.json'), 'utf8')).sources).toHaveLength(2);
  });

  it('a failed import (full disk halfway) leaves no folder, or the folder as it was, and no temp folder', async () => {
    let left = 3000;
    restore = setAtomicFsForTests({
      open: async (p, fl, m) => {
        const fh = await realAtomicFs.open(p, fl, m);
        if (fl === 'r') return fh;
        return {
          write: async (buf, off, len) => {
            if (left <= 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
            const n = Math.min(len, left);
            left -= n;
            return fh.write(buf, off, n, null);
          },
          sync: () => fh.sync(),
          close: () => fh.close(),
        };
      },
    });
    const r = await qda(['refi', 'import', qdpx, '-o', 'imp-full']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/imp-full\/[\w/.-]+: error: cannot write the output: the disk is full/);
    expect(existsSync(join(work, 'imp-full'))).toBe(false);
    expect(readdirSync(work).filter((f) => f.startsWith('.imp-full'))).toEqual([]);
    // into an existing folder with a file of its own
    mkdirSync(join(work, 'imp-full2'));
    writeFileSync(join(work, 'imp-full2/notes.txt'), 'mine');
    left = 3000;
    expect((await qda(['refi', 'import', qdpx, '-o', 'imp-full2'])).code).toBe(2);
    expect(readdirSync(join(work, 'imp-full2'))).toEqual(['notes.txt']);
    expect(statSync(join(work, 'imp-full2/notes.txt')).size).toBe(4);
  });
});
