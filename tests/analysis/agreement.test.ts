import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { computeAgreement, krippendorffAlphaNominal, fleissKappa, cohenKappa } from '../../src/analysis/agreement.js';
import { twoTeams } from '../fixtures/analysis/build.js';
import type { Coding, CodingsDocument } from '../../src/model/types.js';

/** Independent reference: explicit unit × coder rating lists, then the generic functions. */
function reference(doc: CodingsDocument, coders: string[], code: string) {
  const units = doc.segments.filter((g) => g.role !== 'interviewer');
  const covers = (coder: string, src: string) => doc.codings.some((c) => c.coder === coder && c.sourceId === src && doc.segments.find((g) => g.id === c.segmentId)?.role !== 'interviewer');
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
  it('3 coders with missing ratings: α per code equals the coincidence-matrix α on explicit ratings', () => {
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
