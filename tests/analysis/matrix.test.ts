import { describe, it, expect } from 'vitest';
import { computeMatrix, mergeIntervals } from '../../src/analysis/matrix.js';
import { QdaInputError } from '../../src/model/errors.js';
import { buildDoc, twoTeams, CODES } from '../fixtures/analysis/build.js';
import type { CodingsDocument, Coding } from '../../src/model/types.js';

const byCode = (t: ReturnType<typeof computeMatrix>) => Object.fromEntries(t.rows.map((r) => [r.code || r.label, r]));

describe('computeMatrix', () => {
  it('segments by team with distinct roll-up, totals and N row (hand-computed)', () => {
    const doc = twoTeams();
    const frozen = JSON.stringify(doc);
    const t = computeMatrix(doc, { cols: 'team', measure: 'segments' });
    expect(JSON.stringify(doc)).toBe(frozen); // input not mutated
    const r = byCode(t);
    // coop: A = s1#1 (meet+share: one segment), s2#1; B = s3#1, fg#1, fg#2, fg#3
    expect([r.coop.A, r.coop.B, r.coop.total]).toEqual([2, 4, 6]);
    expect([r['coop.meet'].A, r['coop.meet'].B, r['coop.meet'].total]).toEqual([1, 3, 4]);
    expect([r['coop.share'].A, r['coop.share'].B, r['coop.share'].total]).toEqual([2, 0, 2]);
    // the interviewer's "trust" coding never counts
    expect([r.trust.A, r.trust.B, r.trust.total]).toEqual([2, 0, 2]);
    const total = t.rows[t.totalRows![0]];
    expect([total.A, total.B, total.total]).toEqual([4, 4, 8]);
    const n = t.rows[t.totalRows![1]];
    expect([n.A, n.B, n.total]).toEqual([4, 5, 9]);
    expect(t.columns.filter((c) => c.heat).map((c) => c.key)).toEqual(['A', 'B']);
    expect(t.notes!.join(' ')).toMatch(/distinct segments/);
    expect(t.notes!.join(' ')).toMatch(/1 set aside/);
    expect(r['coop.meet'].label).toBe('· Meeting');
  });

  it('respondents: a focus group counts each speaker; N row gives "x of N"', () => {
    const t = computeMatrix(twoTeams(), { cols: 'team', measure: 'respondents', lang: 'nl' });
    const r = byCode(t);
    expect([r.coop.A, r.coop.B, r.coop.total]).toEqual([2, 3, 5]);
    expect([r['coop.meet'].A, r['coop.meet'].B]).toEqual([1, 3]);
    expect(r.coop.label).toBe('Samenwerking');
    const n = t.rows[t.totalRows![1]];
    expect(n.label).toBe('N respondenten');
    expect([n.A, n.B, n.total]).toEqual([2, 4, 6]);
  });

  it('sources by case and category rows', () => {
    const t = computeMatrix(twoTeams(), { cols: 'case', rows: 'category', measure: 'sources' });
    expect(t.rows.slice(0, 2).map((r) => r.code)).toEqual(['coop', 'trust']);
    expect(t.columns.slice(2, -1).map((c) => c.key)).toEqual(['fg', 'p1', 'p2', 'p3', 'p4']);
    const r = byCode(t);
    expect([r.coop.fg, r.coop.p1, r.coop.p4, r.coop.total]).toEqual([1, 1, 0, 4]);
  });

  it('coverage and words over the union of spans, in code points (astral characters)', () => {
    const base = buildDoc([{ id: 'x', case: 'x', turns: [] }], [{ id: 'p' }, { id: 'c', parent: 'p' }]);
    const text = 'ab😀de fghij'; // 11 code points
    const src = { ...base.sources[0], text, length: 11 };
    const mk = (code: string, start: number, end: number): Coding => ({ id: `${code}${start}`, sourceId: 'x', code, coder: 'human', start, end });
    const doc: CodingsDocument = { ...base, sources: [src], codings: [mk('p', 0, 4), mk('c', 2, 6), mk('c', 3, 5)] };
    const cov = byCode(computeMatrix(doc, { cols: 'source', measure: 'coverage' }));
    // independent: mark code points
    const covered = (spans: [number, number][]) => {
      const a = new Array(11).fill(false);
      for (const [s, e] of spans) for (let i = s; i < e; i++) a[i] = true;
      return a.filter(Boolean).length;
    };
    expect(cov.p.x).toBeCloseTo((100 * covered([[0, 4], [2, 6], [3, 5]])) / 11, 2); // 6/11
    expect(cov.c.x).toBeCloseTo((100 * covered([[2, 6]])) / 11, 2);
    const words = byCode(computeMatrix(doc, { cols: 'source', measure: 'words' }));
    // p covers "ab😀de " → words "ab", "de" (emoji is not a letter)
    expect(words.p.x).toBe(2);
    expect(words.c.x).toBe(1); // "😀de "
  });

  it('codes without names show ids; unknown codes are kept', () => {
    const doc = twoTeams();
    const d2 = { ...doc, codes: [], codings: [...doc.codings, { id: 'z', sourceId: 's1', segmentId: 's1#1', code: 'zzz', coder: 'human', start: 0, end: 1 }] };
    const t = computeMatrix(d2, { cols: 'team' });
    const r = byCode(t);
    expect(r.zzz.label).toBe('zzz');
    expect(r['coop.meet'].label).toBe('coop.meet');
  });

  it('unknown --cols attribute: input error listing the attributes with did-you-mean', () => {
    try {
      computeMatrix(twoTeams(), { cols: 'teem' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(QdaInputError);
      const d = (e as QdaInputError).diagnostics[0];
      expect(d.expected).toContain('team');
      expect(d.hint).toMatch(/available: .*team/);
    }
  });

  it('mergeIntervals', () => {
    expect(mergeIntervals([5, 7, 0, 2, 1, 3, 3, 4, 9, 9])).toEqual([[0, 4], [5, 7]]);
  });

  it('coder filter', () => {
    const doc = twoTeams();
    const t = computeMatrix({ ...doc, codings: doc.codings.map((c, i) => (i % 2 ? { ...c, coder: 'rules' } : c)) }, { cols: 'team', coders: ['rules'] });
    expect(t.notes!.join(' ')).toMatch(/Coders: rules\./);
    expect(() => computeMatrix(doc, { coders: ['nobody'] })).toThrow(/no codings by coder "nobody"/);
  });
  void CODES;
});

describe('computeMatrix: a code id defined in two codebooks', () => {
  it('says that their codings share one row', async () => {
    const { twoTeams } = await import('../fixtures/analysis/build.js');
    const doc = twoTeams();
    const d = { ...doc, codes: [...doc.codes.map((c) => ({ ...c, codebook: 'mine' })), { id: 'trust', codebook: 'kaats-opheij' }] };
    const t = computeMatrix(d, { cols: 'team' });
    expect(t.notes!.join(' ')).toMatch(/"trust" \(kaats-opheij, mine\)/);
    expect(computeMatrix(d, { cols: 'team', lang: 'nl' }).notes!.join(' ')).toMatch(/in meer dan één codeboek/);
    expect(computeMatrix(doc, { cols: 'team' }).notes!.join(' ')).not.toMatch(/more than one codebook/);
  });
});

describe('computeMatrix: words and coverage need texts', () => {
  it('a flat CSV without texts is refused with a hint instead of a table of zeros', async () => {
    const { parseCodingsCsv } = await import('../../src/ingest/read-codings.js');
    const doc = parseCodingsCsv('source,segment,code\ns1,1,a\ns2,1,b\n', 'c.csv');
    for (const measure of ['words', 'coverage'] as const) {
      expect(() => computeMatrix(doc, { measure })).toThrow(QdaInputError);
      expect(() => computeMatrix(doc, { measure })).toThrow(/needs the coded text[\s\S]*--measure segments/);
    }
    expect(computeMatrix(doc, { measure: 'segments' }).rows[0].total).toBe(1);
  });
});

describe('computeMatrix: Dutch notes read as Dutch', () => {
  it('explains the roll-up without calling it a sum (it is a union)', async () => {
    const { twoTeams } = await import('../fixtures/analysis/build.js');
    const notes = computeMatrix(twoTeams(), { cols: 'team', lang: 'nl' }).notes!.join(' ');
    expect(notes).toMatch(/Hiërarchie: een bovenliggende code telt haar eigen coderingen én die van haar subcodes mee; elke eenheid telt één keer/);
    expect(notes).not.toMatch(/Optelling in de boom/);
  });
});
