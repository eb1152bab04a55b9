/**
 * A `qda code -o FILE` run that was killed left `FILE.qda-kept-PID` (the old output, kept aside by
 * the guard of human codings) beside FILE for good, unsaid. Now the next run removes such a file
 * when it is FILE itself (a hard link, or the same bytes) and its process is gone (said, info), and
 * says one that differs (it may be the only copy of codings added by hand: its human codings
 * counted, the file left byte-identical). Those of a running process are not touched.
 */
import { describe, it, expect } from 'vitest';
import { writeFileSync, readFileSync, readdirSync, linkSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { codeR1, oneSourceProject } from '../helpers/code-run.js';

const TEXT = 'Interviewer: Hoe werken jullie samen?\nAnna: We hebben korte lijntjes met de wijkagent.\nInterviewer: En verder?\nAnna: We overleggen elke week samen in het team.\n';
// (a process id no system gives: pid_max is at most 2^22)
const GONE = 99999999;

const project = () => oneSourceProject('qda-kept-', TEXT);
const code = codeR1;

describe('qda code -o FILE: what a stopped run left beside FILE', () => {
  it('a hard link to FILE (the run was stopped before it wrote) is removed and said; one that is a copy of the same bytes too', async () => {
    const dir = project();
    expect((await code(dir, '-o', 'c.json')).rc).toBe(0);
    linkSync(join(dir, 'c.json'), join(dir, `c.json.qda-kept-${GONE}`));
    writeFileSync(join(dir, `c.json.qda-kept-${GONE - 1}`), readFileSync(join(dir, 'c.json')));
    const { rc, err } = await code(dir, '-o', 'c.json');
    expect(rc).toBe(0);
    expect(err).toContain(`c.json: info: removed c.json.qda-kept-${GONE - 1}, c.json.qda-kept-${GONE}: left by a qda code run that was stopped, they were c.json itself (the same file or the same bytes), so nothing is lost [cli:output-kept-removed]`);
    expect(readdirSync(dir).sort()).toEqual(['c.json', 'r1.txt']);
  });

  it('one that differs from FILE (the run was stopped after it wrote) is said with its human codings and left byte-identical', async () => {
    const dir = project();
    expect((await code(dir, '-o', 'c.json')).rc).toBe(0);
    const doc = JSON.parse(readFileSync(join(dir, 'c.json'), 'utf8'));
    doc.sources[0].codings.push({ segment: 3, code: 'deliberating', coder: 'piet', start: 0, end: 10 });
    const old = JSON.stringify(doc, null, 2);
    const kept = join(dir, `c.json.qda-kept-${GONE}`);
    writeFileSync(kept, old);
    const { rc, err } = await code(dir, '-o', 'c.json');
    expect(rc).toBe(0);
    expect(err).toContain(`c.json: warning: c.json.qda-kept-${GONE} (1 human coding that no marker makes: piet 1) is left by a qda code run that was stopped before it finished (its process is gone): it is c.json as it was before that run, which may hold codings c.json no longer has; not touched [cli:output-kept-left]`);
    expect(err).toContain('hint: compare it with c.json; to keep its codings, rename it (e.g. to c.kept.json) and read them with the sources (qda code … --codings c.kept.json -o NEW)');
    expect(readFileSync(kept, 'utf8')).toBe(old);
    expect(readdirSync(dir).sort()).toEqual(['c.json', `c.json.qda-kept-${GONE}`, 'r1.txt']);
  });

  it('in a sub-folder, CSV: the names are given as the output is', async () => {
    const dir = project();
    expect((await code(dir, '-o', 'out/c.csv')).rc).toBe(0);
    writeFileSync(join(dir, 'out', `c.csv.qda-kept-${GONE}`), 'source,segment,code,coder\nr1,r1#3,deliberating,bram\n');
    const { rc, err } = await code(dir, '-o', 'out/c.csv');
    expect(rc).toBe(0);
    expect(err).toContain(`out/c.csv: warning: out/c.csv.qda-kept-${GONE} (1 human coding that no marker makes: bram 1) is left`);
    expect(err).toContain('rename it (e.g. to out/c.kept.csv)');
  });

  it('the file of a running process (another qda code writing the same output now) is not touched nor said', async () => {
    const dir = project();
    expect((await code(dir, '-o', 'c.json')).rc).toBe(0);
    const kept = join(dir, `c.json.qda-kept-${process.ppid}`);
    linkSync(join(dir, 'c.json'), kept);
    const ino = statSync(kept).ino;
    const { rc, err } = await code(dir, '-o', 'c.json');
    expect(rc).toBe(0);
    expect(err).not.toMatch(/output-kept/);
    expect(statSync(kept).ino).toBe(ino);
  });
});
