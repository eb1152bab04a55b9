/**
 * `cases:` of qda.yaml with a codings file as input (qda run / report / refi export): the table's
 * attributes go to the codings' sources, and the run says so. Before, they were ignored without a
 * word (only --cases was applied), so `--by team` found no team.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-project-cases-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const codings = 'source,code\nR1,Vertrouwen\nR2,Afspraken\nR3,Vertrouwen\n';

/** Write `files` into dir/sub, run `qda args…` there, check the inputs are byte-identical afterwards. */
async function runIn(sub: string, files: Record<string, string>, args: string[]) {
  const d = join(dir, sub);
  mkdirSync(d, { recursive: true });
  for (const [n, c] of Object.entries(files)) writeFileSync(join(d, n), c);
  const io = memoryIo(d);
  const code = await main(args, io);
  for (const [n, c] of Object.entries(files)) expect(readFileSync(join(d, n), 'utf8')).toBe(c);
  return { code, err: io.err(), d };
}

describe('qda.yaml cases on a codings file', () => {
  it('cases: FILE gives the codings\' sources their team, and the run says so', async () => {
    const r = await runIn('a', { 'qda.yaml': 'cases: cases.csv\n', 'cases.csv': 'source,team\nR1,noord\nR2,noord\nR3,zuid\n', 'c.csv': codings }, ['run', 'c.csv', '--by', 'team', '-o', 'out']);
    expect(r.code, r.err).toBe(0);
    const compare = readFileSync(join(r.d, 'out', 'compare-team.md'), 'utf8');
    expect(compare).toContain('noord');
    expect(compare).toContain('zuid');
    expect(r.err).toContain('[cli:project-cases-on-codings]');
    expect(r.err).toContain('cases: cases.csv');
  });

  it('cases written in qda.yaml itself are applied too', async () => {
    const yaml = 'cases:\n  R1: {team: noord}\n  R2: {team: noord}\n  R3: {team: zuid}\n';
    const r = await runIn('b', { 'qda.yaml': yaml, 'c.csv': codings }, ['run', 'c.csv', '--by', 'team', '-o', 'out']);
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(join(r.d, 'out', 'compare-team.md'), 'utf8')).toContain('zuid');
    expect(r.err).toContain('cases: in the file');
  });

  it('--cases wins over qda.yaml (and nothing is said about qda.yaml\'s)', async () => {
    const r = await runIn('c', { 'qda.yaml': 'cases: cases.csv\n', 'cases.csv': 'source,team\nR1,noord\nR2,noord\nR3,zuid\n', 'other.csv': 'source,team\nR1,oost\nR2,west\nR3,west\n', 'c.csv': codings }, ['run', 'c.csv', '--cases', 'other.csv', '--by', 'team', '-o', 'out']);
    expect(r.code, r.err).toBe(0);
    const compare = readFileSync(join(r.d, 'out', 'compare-team.md'), 'utf8');
    expect(compare).toContain('oost');
    expect(compare).not.toContain('noord');
    expect(r.err).not.toContain('project-cases-on-codings');
  });
});
