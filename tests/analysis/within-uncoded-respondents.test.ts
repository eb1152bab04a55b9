import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs, writeProject } from '../helpers/inputs-untouched.js';

/**
 * `qda compare --within question`: a group's size counts every respondent of its sources, also one
 * with no coding (a row with an empty code, read as "counted in N"). Before: the group note and the
 * per-question skeleton counted only respondents with a coding ("2 of the 2 respondents (A)
 * answered" of a group of 3, while compare --by group said N=3), and a group whose respondents had
 * no coding was not shown at all.
 */
const CSV = ['source,question,code,group', 'r1,V1,geld,A', 'r1,V2,tijd,A', 'r2,V1,tijd,A', 'r6,,,A', 'r3,V1,geld,B', 'r4,V2,geld,B', 'r7,,,C', ''].join('\n');

describe('compare --within: respondents without a coding', () => {
  it('are in their group\'s size, named as in no Y; a group of only such respondents is shown', async () => {
    const dir = writeProject(mkdtempSync(join(tmpdir(), 'qda-within-')), 'p', { 'c.csv': CSV });
    const r = await qdaLeavingInputs(dir, ['compare', 'c.csv', '--by', 'group', '--within', 'question']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Groups (group): A (3 respondents; 1 without any coding, so in no Y: r6), B (2 respondents), C (1 respondent; 1 without any coding, so in no Y: r7).');
    // Y stays the respondents who answered: V1 in A is 2 of the 3
    expect(r.out).toMatch(/\| V1 \| geld \| geld \| 1 \| 2 \| 50 \| 1 of 2 \| 1 \| 1 \| 100 \| 1 of 1 \| 0 \| 0 \|  \|  \|/);
    expect(readFileSync(join(dir, 'c.csv'), 'utf8')).toBe(CSV);
  });

  it('with --coder: a respondent coded by another coder only is named as without a coding by these coders', async () => {
    const csv = 'source,question,code,group,coder\nr1,V1,geld,A,anna\nr2,V1,tijd,A,bert\nr3,V1,geld,B,anna\n';
    const dir = writeProject(mkdtempSync(join(tmpdir(), 'qda-within-')), 'p', { 'c.csv': csv });
    const r = await qdaLeavingInputs(dir, ['compare', 'c.csv', '--by', 'group', '--within', 'question', '--coder', 'anna']);
    expect(r.code).toBe(0);
    // (it said "without any coding" of r2, whom bert coded)
    expect(r.out).toContain('Groups (group): A (2 respondents; 1 without a coding by anna, so in no Y: r2), B (1 respondent). Coders: anna.');
    expect(readFileSync(join(dir, 'c.csv'), 'utf8')).toBe(csv);
  });

  it('the per-question results skeleton of qda run says "of the 3", and names the group without codings', async () => {
    const dir = writeProject(mkdtempSync(join(tmpdir(), 'qda-within-')), 'p', { 'c.csv': CSV });
    const r = await qdaLeavingInputs(dir, ['run', 'c.csv', '-o', 'out'], ['out']);
    expect(r.code).toBe(0);
    const sk = readFileSync(join(dir, 'out', 'results-skeleton.md'), 'utf8');
    expect(sk).toContain('## A (N = 3)');
    expect(sk).toContain('**V1.** 2 of the 3 respondents (A) answered this question.');
    expect(sk).toContain('## C (N = 1)\n\n(no coded passages)');
  });
});
