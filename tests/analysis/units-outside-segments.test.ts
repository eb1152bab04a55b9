import { describe, it, expect } from 'vitest';
import { computeMatrix } from '../../src/analysis/matrix.js';
import { twoTeams } from '../fixtures/analysis/build.js';
import type { Coding } from '../../src/model/types.js';

// codings of a source the document does not hold (a CSV row naming a source that was not read),
// or of a segment id its source lacks: the segments matrix counted them in its cells against an N
// that held none of them (r9: 2 coded segments of N 0; Total 5 of N 4), without a word
const N = (t: ReturnType<typeof computeMatrix>) => t.rows[t.totalRows![1]];
const total = (t: ReturnType<typeof computeMatrix>) => t.rows[t.totalRows![0]];

describe('segments matrix: coded units in no segment of the document', () => {
  it('a source the document does not hold: its N and the total N are left empty and said', () => {
    const base = twoTeams();
    const stray: Coding[] = [
      { id: 'x1', sourceId: 'r9', code: 'trust', coder: 'anna', start: 0, end: 0 },
      { id: 'x2', sourceId: 'r9', code: 'coop', coder: 'anna', start: 0, end: 0 },
    ];
    const t = computeMatrix({ ...base, codings: [...base.codings, ...stray] }, { cols: 'case', measure: 'segments' });
    expect(total(t).r9).toBe(2);
    expect(N(t).r9).toBeNull();
    expect(N(t).total).toBeNull();
    // the other columns keep their N
    expect(N(t).p1).toBe(2);
    const note = t.notes!.join('\n');
    expect(note).toMatch(/N segments is left empty for "r9" and the total/);
    expect(note).toMatch(/r9 \(2 codings, 2 units; the source is not among the document's sources\)/);
    expect(note).toMatch(/the known segments number 9/);
    expect(note).toMatch(/Add the missing source/);
  });

  it('a segment id its source does not have: that column is left empty (Dutch note)', () => {
    const base = twoTeams();
    const bad: Coding = { id: 'x3', sourceId: 's2', segmentId: 's2#9', code: 'trust', coder: 'human', start: 0, end: 3 };
    const t = computeMatrix({ ...base, codings: [...base.codings, bad] }, { cols: 'source', measure: 'segments', lang: 'nl' });
    expect(total(t).s2).toBe(3);
    expect(N(t).s2).toBeNull();
    expect(N(t).s1).toBe(2);
    expect(t.notes!.join('\n')).toMatch(/N segmenten is leeg gelaten voor "s2" en het totaal: 1 gecodeerde .*s2 \(1 codering, 1 eenheid; segment "s2#9", dat de bron niet heeft\)/);
  });

  it('a document whose codings all lie in its segments keeps every N (no note)', () => {
    const t = computeMatrix(twoTeams(), { cols: 'team', measure: 'segments' });
    expect([N(t).A, N(t).B, N(t).total]).toEqual([4, 5, 9]);
    expect(t.notes!.join('\n')).not.toMatch(/left empty/);
  });
});
