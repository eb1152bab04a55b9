import { describe, it, expect } from 'vitest';
import { compareGroups } from '../../src/analysis/compare.js';
import { fisherExact } from '../../src/analysis/fisher.js';
import { twoTeams, LADDER, SCHEME } from '../fixtures/analysis/build.js';

describe('fisherExact (two-sided, against R fisher.test)', () => {
  it('known values', () => {
    expect(fisherExact(3, 1, 1, 3)).toBeCloseTo(0.4857143, 6); // tea tasting
    expect(fisherExact(1, 9, 11, 3)).toBeCloseTo(0.002759456, 8);
    expect(fisherExact(0, 5, 5, 0)).toBeCloseTo(0.007936508, 8);
    expect(fisherExact(2, 2, 2, 2)).toBeCloseTo(1, 10);
    expect(fisherExact(0, 0, 0, 0)).toBe(1);
  });
});

describe('compareGroups', () => {
  it('two teams: segments, respondents, shares, difference, flag', () => {
    const r = compareGroups(twoTeams(), { by: 'team' });
    expect(r.groups).toEqual([
      { group: 'A', respondents: 2, sources: 2 },
      { group: 'B', respondents: 4, sources: 3 },
    ]);
    const trust = r.codes.find((c) => c.code === 'trust')!;
    expect(trust.groups.map((g) => [g.segments, g.respondents, g.of])).toEqual([[2, 2, 2], [0, 0, 4]]);
    expect(trust.difference).toBe(100);
    expect(trust.flag).toBe(true);
    expect(trust.p).toBeCloseTo(fisherExact(2, 0, 0, 4), 10);
    const meet = r.codes.find((c) => c.code === 'coop.meet')!;
    expect(meet.difference).toBe(-25); // 1/2 − 3/4
    expect(meet.flag).toBe(true); // |−25| ≥ 25 and 3 respondents in B
    const share = r.codes.find((c) => c.code === 'coop.share')!;
    expect(share.difference).toBe(100);
    expect(share.flag).toBe(true);
    const coop = r.codes.find((c) => c.code === 'coop')!;
    expect(coop.difference).toBe(25); // 2/2 − 3/4
    const t = r.tables[0];
    const row = t.rows.find((x) => x.code === 'trust')!;
    expect(row['share:A']).toBe(100);
    expect(row.summary).toBe('2 of 2 (A) vs 0 of 4 (B)');
    const nl = compareGroups(twoTeams(), { by: 'team', lang: 'nl' }).tables[0].rows.find((x) => x.code === 'trust')!;
    expect(nl.summary).toBe('2 van de 2 (A) tegen 0 van de 4 (B)');
  });

  it('flag rule needs ≥ 2 respondents in the higher group', () => {
    const doc = twoTeams();
    const r = compareGroups(doc, { by: 'team', minRespondents: 3 });
    expect(r.codes.find((c) => c.code === 'trust')!.flag).toBe(false);
  });

  it('source-kind groups', () => {
    const doc = twoTeams();
    const d2 = { ...doc, sources: doc.sources.map((s) => (s.id === 's4' ? { ...s, kind: 'observation' as const } : s)) };
    const r = compareGroups(d2, { by: 'source-kind' });
    expect(r.groups.map((g) => g.group)).toEqual(['observation', 'transcript']);
  });

  it('ladder: highest level per case and group, with evidence', () => {
    const r = compareGroups(twoTeams(), { by: 'team', ladder: LADDER, codebooks: [SCHEME] });
    const st = r.ladder!.standings;
    const get = (g: string, c: string | null) => st.find((s) => s.group === g && s.case === c)!;
    expect(get('A', 'p1')).toMatchObject({ level: 2, levelName: 'First-order coordination', evidence: ['s1#1'] });
    expect(get('A', 'p2')).toMatchObject({ level: 1, evidence: ['s2#1'] });
    expect(get('B', 'p4')).toMatchObject({ level: null, evidence: [] });
    expect(get('B', 'fg')).toMatchObject({ level: 2, evidence: ['fg#1', 'fg#2'] });
    expect(get('B', null)).toMatchObject({ level: 2, evidence: ['fg#1', 'fg#2', 's3#1'], casesAtLevel: 2, cases: 3 });
    expect(get('A', null).perLevel).toEqual({ 1: 2, 2: 1, 3: 0 });
    const t = r.tables[1];
    expect(t.columns.map((c) => c.key)).toContain('L3');
    expect(t.totalRows!.length).toBe(2);
  });

  it('ladder codes coded directly, and a non-ladder codebook is refused', () => {
    const doc = twoTeams();
    const d2 = { ...doc, codings: [...doc.codings, { id: 'x', sourceId: 's4', segmentId: 's4#1', code: 'l3', coder: 'human', start: 0, end: 1 }] };
    const r = compareGroups(d2, { by: 'team', ladder: LADDER });
    expect(r.ladder!.standings.find((s) => s.case === 'p4')).toMatchObject({ level: 3, levelName: 'Second-order coordination' });
    expect(() => compareGroups(doc, { by: 'team', ladder: SCHEME })).toThrow(/no codes with a level/);
  });
});

describe('compareGroups with more than two groups', () => {
  it('difference = max − min; flag when a group with ≥ 2 respondents lies ≥ 25 points above the lowest', async () => {
    const { buildDoc, CODES } = await import('../fixtures/analysis/build.js');
    const R = 'respondent' as const;
    const doc = buildDoc(
      [
        { id: 'a1', case: 'a1', attributes: { g: 'solo' }, turns: [['X', R, 'x', ['trust']]] },
        { id: 'b1', case: 'b1', attributes: { g: 'team' }, turns: [['X', R, 'x', ['trust']]] },
        { id: 'b2', case: 'b2', attributes: { g: 'team' }, turns: [['X', R, 'x', ['trust']]] },
        { id: 'b3', case: 'b3', attributes: { g: 'team' }, turns: [['X', R, 'x']] },
        { id: 'c1', case: 'c1', attributes: { g: 'zero' }, turns: [['X', R, 'x']] },
        { id: 'c2', case: 'c2', attributes: { g: 'zero' }, turns: [['X', R, 'x']] },
      ],
      CODES,
    );
    const trust = compareGroups(doc, { by: 'g' }).codes.find((c) => c.code === 'trust')!;
    expect(trust.difference).toBe(100); // solo 100% − zero 0%
    expect(trust.p).toBeNull();
    expect(trust.flag).toBe(true); // team: 2 respondents, 66.7 points above zero
    const strict = compareGroups(doc, { by: 'g', minDifference: 70 }).codes.find((c) => c.code === 'trust')!;
    expect(strict.flag).toBe(false); // only the 1-respondent group lies ≥ 70 above
  });
});

describe('compareGroups ladder: code ids shared by two codebooks', () => {
  // a user's own codebook "mine" reuses the ladder's code id "l2" for something else
  const mk = (codes: import('../../src/model/types.js').CodeRef[], evidenceBook?: string) => {
    const doc = twoTeams();
    const extra = {
      id: 'x', sourceId: 's4', segmentId: 's4#1', code: 'l2', coder: evidenceBook ? 'rules' : 'human', start: 0, end: 1,
      ...(evidenceBook ? { evidence: { codebook: evidenceBook, ruleId: 'l2/r1', matches: [] } } : {}),
    } as import('../../src/model/types.js').Coding;
    return { ...doc, codes: [...doc.codes, ...codes], codings: [...doc.codings, extra] };
  };
  const p4 = (doc: import('../../src/model/types.js').CodingsDocument) =>
    compareGroups(doc, { by: 'team', ladder: LADDER }).ladder!.standings.find((s) => s.case === 'p4')!;

  it('a code of another codebook with the ladder code id is not ladder evidence', () => {
    expect(p4(mk([{ id: 'l2', codebook: 'mine' }]))).toMatchObject({ level: null, evidence: [] });
  });
  it('a code of the ladder codebook is', () => {
    expect(p4(mk([{ id: 'l2', codebook: 'ladder' }]))).toMatchObject({ level: 2, evidence: ['s4#1'] });
  });
  it('a rule coding counts by the codebook of its rule, even when the id is defined twice', () => {
    const both = [{ id: 'l2', codebook: 'mine' }, { id: 'l2', codebook: 'ladder' }];
    expect(p4(mk(both, 'ladder'))).toMatchObject({ level: 2 });
    expect(p4(mk(both, 'mine'))).toMatchObject({ level: null });
  });
  it('a human coding of an id defined in both codebooks is not counted, and the table says so', () => {
    const doc = mk([{ id: 'l2', codebook: 'mine' }, { id: 'l2', codebook: 'ladder' }]);
    const r = compareGroups(doc, { by: 'team', ladder: LADDER });
    expect(r.ladder!.standings.find((s) => s.case === 'p4')!.level).toBeNull();
    expect(r.ladder!.ambiguous).toEqual([{ code: 'l2', codebooks: ['ladder', 'mine'], codings: 1 }]);
    expect(r.tables[1].notes!.join(' ')).toMatch(/Not counted: 1 human coding\(s\) of "l2".*\(ladder, mine\)/);
    const nl = compareGroups(doc, { by: 'team', ladder: LADDER, lang: 'nl' });
    expect(nl.tables[1].notes!.join(' ')).toMatch(/Niet meegeteld: 1 menselijke codering\(en\) met "l2"/);
  });
  it('evidences only come from the codebook the code belongs to', () => {
    // "coop.meet" evidences level 2 in SCHEME; the same id in "mine" evidences nothing
    const doc = twoTeams();
    const d = { ...doc, codes: doc.codes.map((c) => ({ ...c, codebook: 'mine' })) };
    const r = compareGroups(d, { by: 'team', ladder: LADDER, codebooks: [SCHEME] });
    expect(r.ladder!.standings.every((s) => s.level === null)).toBe(true);
    const d2 = { ...doc, codes: doc.codes.map((c) => ({ ...c, codebook: 'scheme' })) };
    const r2 = compareGroups(d2, { by: 'team', ladder: LADDER, codebooks: [SCHEME] });
    expect(r2.ladder!.standings.find((s) => s.case === 'p1')!.level).toBe(2);
  });
});
