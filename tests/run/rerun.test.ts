/**
 * `npm start` (= `node bin/qda.js run samples -o out`) run again and again, end to end through
 * bin/qda.js: its own earlier output is recognised (the manifest) and replaced; a file in out/
 * that qda run did not write, or changed since, stops it with exit 2 and a message that says
 * what to do (move it, another -o, or --force), and every file stays byte-identical; a folder
 * written before qdakit kept manifests is named as such.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const bin = join(root, 'bin/qda.js');
const haveDist = existsSync(join(root, 'dist/cli/main.js'));
let work: string;

function start(...extra: string[]) {
  const r = spawnSync(process.execPath, [bin, 'run', 'samples', '-o', 'out', ...extra], { cwd: work, encoding: 'utf8', env: { ...process.env, QDA_LANG: '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
function tree(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((f) => [f, createHash('sha256').update(readFileSync(join(dir, f))).digest('hex')]));
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'qda-rerun-'));
  cpSync(join(root, 'samples'), join(work, 'samples'), { recursive: true });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.skipIf(!haveDist)('npm start twice, and a foreign file in out/ (bin/qda.js; skipped: needs npm run build)', () => {
  it('runs twice in a row: the second run recognises and replaces its own output (the manifest)', { timeout: 240_000 }, () => {
    const first = start();
    expect(first.code, first.err).toBe(0);
    const files = readdirSync(join(work, 'out')).filter((f) => !f.startsWith('.')).sort();
    expect(files).toContain('report.html');
    const second = start();
    expect(second.code, second.err).toBe(0);
    expect(second.err).not.toMatch(/out-not-ours|error/);
    expect(readdirSync(join(work, 'out')).filter((f) => !f.startsWith('.')).sort()).toEqual(files);
    // the summary is the same run again (same sources, same counts)
    expect(second.out.split('\n')[0]).toBe(first.out.split('\n')[0]);
  });

  it('a file of its own changed by hand, or a foreign file by one of its names: exit 2, what to do, nothing changed', { timeout: 240_000 }, () => {
    const out = join(work, 'out');
    writeFileSync(join(out, 'notes.txt'), 'my notes, not in the way\n');
    writeFileSync(join(out, 'agreement.md'), '# my own agreement table\n');
    const before = tree(out);
    const r = start();
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^out\/agreement\.md: error: out\/agreement\.md exists and is not the output of qda run \(or was changed since\); it is kept and nothing was written \[cli:out-not-ours\]$/m);
    expect(r.err).toMatch(/hint: move it elsewhere, choose another folder with -o, or add --force to write qda run's file beside it \(e\.g\. agreement\.qda\.md\)/);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(tree(out)).toEqual(before);
    // a foreign file that only fits a name pattern (compare-*.md): --force keeps it and says no more about it
    writeFileSync(join(out, 'compare-notes.md'), '# mine\n');
    const p = start();
    expect(p.code).toBe(2);
    expect(p.err).toContain('out/compare-notes.md');
    const f = start('--force');
    expect(f.code, f.err).toBe(0);
    expect(f.err).toContain('out/agreement.md is not the output of qda run: it is kept, and out/agreement.qda.md is written instead (--force)');
    expect(f.err).not.toMatch(/compare-notes\.qda\.md/);
    expect(readFileSync(join(out, 'compare-notes.md'), 'utf8')).toBe('# mine\n');
    expect(readFileSync(join(out, 'agreement.md'), 'utf8')).toBe('# my own agreement table\n');
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('my notes, not in the way\n');
  });

  it('files an earlier run wrote that this run does not (the questionnaire taken out of qda.yaml): said by name, kept, byte-identical', { timeout: 240_000 }, () => {
    rmSync(join(work, 'out'), { recursive: true });
    expect(start().code).toBe(0);
    const out = join(work, 'out');
    const survey = { md: readFileSync(join(out, 'survey.md')), xlsx: readFileSync(join(out, 'survey.xlsx')) };
    const yaml = join(work, 'samples', 'qda.yaml');
    const project = readFileSync(yaml, 'utf8');
    writeFileSync(yaml, project.replace(/^survey:/m, '# survey:'));
    try {
      const r = start();
      expect(r.code, r.err).toBe(0);
      expect(r.err).toContain("out: warning: 2 file(s) in out/ are from an earlier qda run and were not written by this one, so they may not match this run's results: survey.md, survey.xlsx [cli:out-left-from-earlier-run]");
      expect(r.out).toMatch(/(also in out\/, from an earlier run and not written now|ook in out\/, van een eerdere run en nu niet geschreven) \((see the warning|zie de waarschuwing)\): survey\.md, survey\.xlsx/);
      expect(readFileSync(join(out, 'survey.md'))).toEqual(survey.md);
      expect(readFileSync(join(out, 'survey.xlsx'))).toEqual(survey.xlsx);
      // the same settings again as the first time: nothing left over, nothing said
      writeFileSync(yaml, project);
      const again = start();
      expect(again.code, again.err).toBe(0);
      expect(again.err).not.toContain('out-left-from-earlier-run');
    } finally {
      writeFileSync(yaml, project);
    }
  });

  it('a folder written by qda run before manifests: exit 2 that says so, nothing changed', { timeout: 240_000 }, () => {
    rmSync(join(work, 'out'), { recursive: true });
    expect(start().code).toBe(0);
    rmSync(join(work, 'out', '.qda-manifest.json'));
    const before = tree(join(work, 'out'));
    const r = start();
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^out: error: out holds the output of qda run from an earlier qdakit version, which kept no record \(\.qda-manifest\.json\) of the files it wrote/m);
    expect(r.err).toMatch(/hint: move or delete out .*choose another folder with -o, or add --force/);
    expect(tree(join(work, 'out'))).toEqual(before);
  });
});
