import { describe, it, expect } from 'vitest';
import { compareGroups } from '../../src/analysis/compare.js';
import { resultsSkeleton } from '../../src/analysis/results-skeleton.js';
import { parseCodingsCsv } from '../../src/ingest/read-codings.js';

/**
 * "(no group)" (the sources without a value) keeps its column in compare, but is no group to
 * compare: it takes no part in the max − min difference, Fisher's p or Notable, and the note says
 * so. Before: a code every no-group respondent mentioned got a difference of 100 and "yes".
 */

// A: 3 of 4 mention x; B: 1 of 4; (no group): 2 of 2 mention y, A and B none
const csv = [
  'source,code,group',
  'a1,x,A', 'a2,x,A', 'a3,x,A', 'a4,z,A',
  'b1,x,B', 'b2,z,B', 'b3,z,B', 'b4,z,B',
  'n1,y,', 'n2,y,',
].join('\n');

describe('compare: "(no group)" is shown but not compared', () => {
  const res = compareGroups(parseCodingsCsv(csv, 'c.csv'), { by: 'group' });
  const code = (id: string) => res.codes.find((c) => c.code === id)!;

  it('keeps the column and its counts', () => {
    expect(res.groups.map((g) => [g.group, g.respondents])).toEqual([['(no group)', 2], ['A', 4], ['B', 4]]);
    expect(res.noGroup).toBe('(no group)');
    expect(code('y').groups.find((g) => g.group === '(no group)')).toMatchObject({ respondents: 2, of: 2 });
  });

  it('the difference, Fisher p and Notable are between A and B only', () => {
    // y: only (no group) mentions it (was 100 pp, notable)
    expect(code('y').difference).toBe(0);
    expect(code('y').flag).toBe(false);
    // x: A 75% − B 25% as with two groups, with Fisher's p
    expect(code('x').difference).toBe(50);
    expect(code('x').flag).toBe(true);
    expect(code('x').p).not.toBeNull();
    const t = res.tables[0];
    expect(t.columns.map((c) => c.label)).toContain('Difference A − B (pp)');
    expect(t.columns.map((c) => c.key)).toContain('respondents:(no group)');
    expect(t.notes!.join(' ')).toContain('(no group): the sources without a value; shown, but left out of the difference, Fisher\'s p and Notable');
  });

  it('the results skeleton does not contrast "(no group)"', () => {
    const sk = resultsSkeleton(res, { lang: 'en' });
    expect(sk.contrasts.map((c) => c.code)).toEqual(['x', 'z']);
    for (const c of sk.contrasts) expect(c.text).not.toMatch(/no group|of the 2/);
  });

  it('without sources lacking a value: as before, no note', () => {
    const r = compareGroups(parseCodingsCsv(csv.split('\n').filter((l) => !l.startsWith('n')).join('\n'), 'c.csv'), { by: 'group' });
    expect(r.noGroup).toBeUndefined();
    expect(r.tables[0].notes!.join(' ')).not.toContain('the sources without a value');
  });
});
