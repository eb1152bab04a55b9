import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { computeAgreement, krippendorffAlphaNominal, fleissKappa, cohenKappa } from '../../src/analysis/agreement.js';
import { twoTeams } from '../fixtures/analysis/build.js';
import type { Coding, CodingsDocument } from '../../src/model/types.js';

/**
 * Independent reference: explicit unit × coder rating lists, then the generic functions. Absent is
 * a rating: a coder rates every segment of every source of the coder's document (`sourcesOf`,
 * default: the whole document).
 */
function reference(doc: CodingsDocument, coders: string[], code: string, sourcesOf: (coder: string) => readonly string[] = () => doc.sources.map((s) => s.id)) {
  const units = doc.segments.filter((g) => g.role !== 'interviewer');
  const covers = (coder: string, src: string) => sourcesOf(coder).includes(src);
  return units.map((u) =>
    coders.map((coder) => (covers(coder, u.sourceId) ? (doc.codings.some((c) => c.coder === coder && c.segmentId === u.id && c.code === code) ? 1 : 0) : null)),
  );
}

function same(a: number | null | undefined, b: number | null | undefined) {
  if (a === null || a === undefined) expect(b ?? null).toBeNull();
  else expect(b).toBeCloseTo(a, 10);
}

function threeCoders(): CodingsDocument {
  const doc = twoTeams();
  const extra: Coding[] = [];
  doc.codings.forEach((c, i) => {
    if (i % 3 !== 0) extra.push({ ...c, id: c.id + ':b', coder: 'b' });
    if (c.sourceId === 's1' || c.sourceId === 'fg') extra.push({ ...c, id: c.id + ':c', coder: 'c', code: i % 2 ? c.code : 'trust' });
  });
  return { ...doc, codings: [...doc.codings, ...extra] };
}

describe('computeAgreement on a document', () => {
  it('3 coders in one document: every coder rates every unit (absent is a rating); α per code equals the coincidence-matrix α', () => {
    const doc = threeCoders();
    const r = computeAgreement(doc, { coders: ['human', 'b', 'c'] });
    expect(r.coders).toEqual(['human', 'b', 'c']);
    expect(r.units).toBe(9);
    for (const c of r.codes) {
      const ratings = reference(doc, ['human', 'b', 'c'], c.code);
      const want = krippendorffAlphaNominal(ratings);
      if (want === null) expect(c.krippendorffAlpha).toBeNull();
      else expect(c.krippendorffAlpha).toBeCloseTo(want, 10);
      const complete = ratings.filter((u) => u.every((v) => v !== null)) as number[][];
      expect(c.units).toBe(complete.length);
      const fk = fleissKappa(complete.map((u) => [u.filter((v) => v === 1).length, u.filter((v) => v === 0).length]));
      if (fk === null) expect(c.fleissKappa).toBeNull();
      else expect(c.fleissKappa).toBeCloseTo(fk, 10);
      expect(c.cohenKappa).toBeNull();
    }
    // pooled α = α over all (code, unit) decisions
    const all = r.codes.flatMap((c) => reference(doc, ['human', 'b', 'c'], c.code));
    expect(r.pooled.krippendorffAlpha).toBeCloseTo(krippendorffAlphaNominal(all)!, 10);
    expect(r.tables[0].notes!.join(' ')).toMatch(/Cohen's κ is defined for two coders/);
    // with more than two coders "Agreement %" is the mean pairwise agreement, and says so
    expect(r.tables[0].columns.find((c) => c.key === 'percent')!.label).toBe('Mean pairwise agreement %');
    expect(r.tables[0].notes!.join(' ')).toMatch(/Mean pairwise agreement = per unit, the share of the 3 coder pairs that agree/);
    expect(computeAgreement(doc, { coders: ['human', 'b'] }).tables[0].columns.find((c) => c.key === 'percent')!.label).toBe('Agreement %');
  });

  it('3 coders in files of their own, one covering fewer sources: its rating is missing there; α equals the coincidence-matrix α', () => {
    const doc = threeCoders();
    const cSources = ['s1', 'fg'];
    const fileOf = (coder: string): CodingsDocument => ({
      ...doc,
      sources: doc.sources.filter((x) => coder !== 'c' || cSources.includes(x.id)),
      segments: doc.segments.filter((g) => coder !== 'c' || cSources.includes(g.sourceId)),
      codings: doc.codings.filter((c) => c.coder === coder),
    });
    const r = computeAgreement(['human', 'b', 'c'].map(fileOf), { names: ['human', 'b', 'c'] });
    const sourcesOf = (coder: string) => (coder === 'c' ? cSources : doc.sources.map((x) => x.id));
    let missing = 0;
    for (const c of r.codes) {
      const ratings = reference(doc, ['human', 'b', 'c'], c.code, sourcesOf);
      missing += ratings.filter((u) => u.includes(null)).length;
      const want = krippendorffAlphaNominal(ratings);
      if (want === null) expect(c.krippendorffAlpha).toBeNull();
      else expect(c.krippendorffAlpha).toBeCloseTo(want, 10);
      expect(c.units).toBe(ratings.filter((u) => u.every((v) => v !== null)).length);
    }
    expect(missing).toBeGreaterThan(0);
  });

  it('a coder who coded nothing in a source rates its units "absent": recall over all units (before: only sources the coder touched)', () => {
    // our fixture: 4 sources × 10 respondent segments; the reference coder "ref" codes x in 2 segments of
    // every source (8 in all); the auto-coder "auto" codes x in 1 segment of source a only (a hit) and in
    // a wrong segment of a; it coded nothing in b, c, d.
    const srcs = ['a', 'b', 'c', 'd'];
    const doc: CodingsDocument = {
      provenance: { tool: 'qdakit', version: 't' },
      codebooks: [],
      codes: [{ id: 'x' }],
      sources: srcs.map((id) => ({ id, path: id, kind: 'transcript', format: 'txt', case: id, attributes: {}, encoding: 'utf-8', newline: 'lf', sha256: '', text: '', length: 0 })),
      segments: srcs.flatMap((s) => Array.from({ length: 10 }, (_, i) => ({ id: `${s}#${i}`, sourceId: s, index: i, unit: 'turn' as const, speaker: 'R', role: 'respondent' as const, start: 0, end: 0, text: '' }))),
      codings: [
        ...srcs.flatMap((s) => [0, 1].map((i) => ({ id: `${s}${i}r`, sourceId: s, segmentId: `${s}#${i}`, code: 'x', coder: 'ref', start: 0, end: 0 }))),
        { id: 'a0a', sourceId: 'a', segmentId: 'a#0', code: 'x', coder: 'auto', start: 0, end: 0 },
        { id: 'a5a', sourceId: 'a', segmentId: 'a#5', code: 'x', coder: 'auto', start: 0, end: 0 },
      ],
    };
    const r = computeAgreement(doc, { coders: ['auto', 'ref'] });
    // every coder rates all 40 units; recall = 1 hit of 8 reference codings = 0.125; precision 1/2
    // (before, "auto" rated only source a, where it coded: 10 units, recall 1/2 = 0.5)
    expect(r.pooled.units).toBe(40);
    expect(r.pooled.recall).toBeCloseTo(1 / 8, 10);
    expect(r.pooled.precision).toBeCloseTo(1 / 2, 10);
    // percent agreement: disagreements a#1 (ref only), a#5 (auto only), b/c/d 2 each → 8 of 40; 32/40 = 0.8
    expect(r.pooled.percentAgreement).toBeCloseTo(0.8, 10);
    // Cohen's κ by hand: Po = 0.8; p(auto=1) = 2/40, p(ref=1) = 8/40; Pe = 0.05·0.2 + 0.95·0.8 = 0.77; κ = 0.03/0.23
    expect(r.pooled.cohenKappa).toBeCloseTo(0.03 / 0.23, 10);
    expect(r.tables[0].notes!.join(' ')).toMatch(/Absent is a rating/);
  });

  it('two coders: κ per code from explicit vectors; symmetric in the coders', () => {
    const doc = threeCoders();
    const ab = computeAgreement(doc, { coders: ['human', 'b'] });
    const ba = computeAgreement(doc, { coders: ['b', 'human'] });
    for (const c of ab.codes) {
      const ratings = reference(doc, ['human', 'b'], c.code);
      same(cohenKappa(ratings.map((u) => u[0]), ratings.map((u) => u[1])), c.cohenKappa);
      const other = ba.codes.find((x) => x.code === c.code)!;
      same(c.cohenKappa, other.cohenKappa);
      same(c.krippendorffAlpha, other.krippendorffAlpha);
      same(c.recall, other.precision); // roles swap
    }
  });

  it('unit source', () => {
    const r = computeAgreement(threeCoders(), { coders: ['human', 'b'], unit: 'source' });
    expect(r.unit).toBe('source');
    expect(r.units).toBe(5);
  });

  it('perfect agreement gives 1 for every coefficient where defined (property)', () => {
    const doc = twoTeams();
    fc.assert(
      fc.property(fc.subarray(doc.codings.map((_, i) => i), { minLength: 1 }), (keep) => {
        const cs = keep.map((i) => doc.codings[i]);
        const d = { ...doc, codings: [...cs, ...cs.map((c) => ({ ...c, id: c.id + 'x', coder: 'x' }))] };
        const r = computeAgreement(d);
        for (const s of [...r.codes, r.pooled]) {
          // a subset may keep only codings that never count (e.g. on interviewer turns): no units, nothing defined
          if (s.units === 0) {
            expect(s.percentAgreement).toBeNull();
            continue;
          }
          expect(s.percentAgreement).toBe(1);
          for (const v of [s.cohenKappa, s.krippendorffAlpha, s.fleissKappa, s.brennanPrediger, s.gwetAC1]) if (v !== null) expect(v).toBeCloseTo(1, 12);
        }
      }),
      { numRuns: 30, seed: 20261125 },
    );
  });

  it('input is not mutated; too few coders is an input error', () => {
    const doc = twoTeams();
    const before = JSON.stringify(doc);
    expect(() => computeAgreement(doc)).toThrow(/at least two coders/);
    expect(JSON.stringify(doc)).toBe(before);
  });

  it('two documents with the same coder name are told apart by their names', () => {
    const doc = twoTeams();
    const r = computeAgreement([doc, { ...doc, codings: doc.codings.slice(1) }], { names: ['a', 'b'] });
    expect(r.coders).toEqual(['a', 'b']);
    expect(r.reference).toBe('b');
  });
});
