/**
 * qda compare --by group: a group whose sources hold interviewer turns only has no respondents
 * (N = 0). Its share was 0 %, compared with the other groups: "2 of 3 (A) vs 0 of 0 (B)", a
 * difference of 66.7 pp, Notable. Now its % is empty, it is left out of the difference, Fisher's
 * p and Notable, and that is said (group-without-respondents). The table is our own writing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs, writeProject } from '../helpers/inputs-untouched.js';

const TABLE = [
  'source,group,speaker,role,code,coder,text',
  'r1,A,Ann,respondent,a,anna,we doen het samen',
  'r2,A,Bo,respondent,a,anna,samen',
  'r3,A,Cy,respondent,b,anna,alleen',
  'r4,B,Ike,interviewer,a,anna,doen jullie het samen?',
  'r5,B,Ike,interviewer,b,anna,en alleen?',
  'r6,C,Dé,respondent,b,anna,alleen',
  'r7,C,Eva,respondent,b,anna,alleen ook',
].join('\n') + '\n';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'qda-compare-n0-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('compare --by: a group without respondents', () => {
  it('has an empty %, is left out of the difference and Notable, and is said', async () => {
    const d = writeProject(tmp, 'en', { 'c.csv': TABLE });
    const r = await qdaLeavingInputs(d, ['compare', 'c.csv', '--by', 'group', '--format', 'json', '--lang', 'en']);
    expect(r.code).toBe(0);
    const t = JSON.parse(r.out);
    const table = Array.isArray(t) ? t[0] : t.tables?.[0] ?? t;
    const rows = table.rows as Array<Record<string, unknown>>;
    const a = rows.find((x) => x.code === 'a')!;
    expect([a['share:A'], a['share:B'], a['share:C']]).toEqual([66.7, null, 0]);
    // A − C (the two groups compared): a 66.7 − 0, b 33.3 − 100 (B, "0 of 0", is no 0 %)
    expect(a.difference).toBe(66.7);
    expect(rows.find((x) => x.code === 'b')!.difference).toBe(-66.7);
    expect(table.columns.map((c: { label: string }) => c.label)).toContain('Difference A − C (pp)');
    expect(table.notes.join('\n')).toContain('B: no respondents (N = 0; the sources hold interviewer turns only); the % is empty, and the group is left out of the difference, Fisher\'s p and Notable.');
    expect(table.notes.join('\n')).not.toContain('B (N = 0 respondents). With fewer');
    expect(r.err).toContain('c.csv: warning: 1 group(s) of group have no respondents (N = 0): B (2 source(s): r4, r5)');
    expect(r.err).toContain('[analysis:group-without-respondents]');
  });

  it('two groups, one without respondents: no difference, no Fisher p, nothing Notable (was 66.7 pp, Notable)', async () => {
    const d = writeProject(tmp, 'nl', { 'c.csv': TABLE.split('\n').filter((l) => !l.startsWith('r6') && !l.startsWith('r7')).join('\n') });
    const r = await qdaLeavingInputs(d, ['compare', 'c.csv', '--by', 'group', '--format', 'json', '--lang', 'nl']);
    const t = JSON.parse(r.out);
    const table = Array.isArray(t) ? t[0] : t.tables?.[0] ?? t;
    const a = (table.rows as Array<Record<string, unknown>>).find((x) => x.code === 'a')!;
    expect([a['share:A'], a['share:B'], a.difference, a.flag]).toEqual([66.7, null, 0, '']);
    expect(table.notes.join('\n')).toContain('B: geen respondenten (N = 0; de bronnen bevatten alleen beurten van de interviewer); het % is leeg');
  });
});
