/**
 * Two rows of one case table that name one source by different keys: "r1" (which names both
 * wijk/r1.txt and jong/r1.txt) and "r1-2" (the id qda gives the second). The later row's value
 * was used for jong/r1.txt without a word (the ambiguity warning said it got the first row's).
 * Now said with both rows; rows whose keys differ only in capitals or extension stay reported
 * once, by the table reader. Every input is left byte-identical.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs, writeProject } from '../helpers/inputs-untouched.js';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'qda-case-rows-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const files = {
  'wijk/r1.txt': 'Interviewer: Hoe?\nAnna: We vertrouwen elkaar.\n',
  'jong/r1.txt': 'Interviewer: Hoe?\nBob: Ik vertrouw niemand.\n',
};

describe('one source named by two rows of one case table', () => {
  it('"r1" and "r1-2" with different teams: the value used is said, with both lines', async () => {
    const d = writeProject(root, 'two-keys', { ...files, 'cases.csv': 'source,team\nr1,A\nr1-2,B\n' });
    const r = await qdaLeavingInputs(d, ['code', 'wijk', 'jong', '-c', 'kaats-opheij', '--cases', 'cases.csv', '-o', 'c.json'], ['c.json']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('cases.csv:3: warning: 1 case value(s) are given twice with different values (by two rows that name one source, or by two case tables); the last is used: source "r1-2" team "A" (cases.csv:2) then "B" (cases.csv:3) [ingest:conflicting-case-rows]');
    const doc = JSON.parse(readFileSync(join(d, 'c.json'), 'utf8')) as { sources: Array<{ id: string; attributes: Record<string, string> }> };
    expect(doc.sources.map((s) => `${s.id} ${s.attributes.team}`)).toEqual(['r1 A', 'r1-2 B']);
  });

  it('"r1", "r1.txt" and "R1" of one source: one warning (the table reader\'s), not two', async () => {
    const d = writeProject(root, 'same-key', { 'src/r1.txt': files['wijk/r1.txt'], 'cases.csv': 'source,team\nr1,A\nr1.txt,B\nR1,C\n' });
    const r = await qdaLeavingInputs(d, ['code', 'src', '-c', 'kaats-opheij', '--cases', 'cases.csv', '-o', 'c.json'], ['c.json']);
    expect(r.code).toBe(0);
    expect(r.err.match(/\[ingest:conflicting-case-rows\]/g)).toHaveLength(1);
    expect(r.err).toContain('cases.csv:3: warning: 2 source(s) are on two rows with different values; the later row\'s value is used');
  });
});

describe('a cases CSV row with fewer values than the header', () => {
  it('is said with its line and the columns it lacks (its team was left empty without a word); a full row is not', async () => {
    const d = writeProject(root, 'short-row', { 'src/r1.txt': files['wijk/r1.txt'], 'src/r2.txt': files['jong/r1.txt'], 'cases.csv': 'source,case,team,role\nr1,C1\nr2,C2,B,\n' });
    const r = await qdaLeavingInputs(d, ['code', 'src', '-c', 'kaats-opheij', '--cases', 'cases.csv', '-o', 'c.json'], ['c.json']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('cases.csv:2: warning: 1 row(s) have fewer values than the header names columns; the columns they lack are read as empty: line 2 (2 of 4: no "team", "role") [ingest:too-few-values]');
    expect(r.err).not.toContain('line 3 (');
  });
});
