import { describe, it, expect } from 'vitest';
import { computeSaturation } from '../../src/analysis/saturation.js';
import { saturationMethodsText } from '../../src/analysis/saturation-text.js';
import { computeMatrix } from '../../src/analysis/matrix.js';
import type { CodingsDocument, Segment, Coding, Source } from '../../src/model/types.js';

/** Saturation counts respondent evidence only: codings on interviewer turns are left out, as in the matrix. */

function src(id: string, order: string): Source {
  return { id, path: `${id}.txt`, kind: 'transcript', format: 'txt', case: id, attributes: { order }, encoding: 'utf-8', newline: 'lf', sha256: '', text: 'x', length: 1 };
}
function seg(id: string, sourceId: string, index: number, role: 'interviewer' | 'respondent'): Segment {
  return { id, sourceId, index, start: index * 10, end: index * 10 + 9, role, speaker: role === 'interviewer' ? 'Interviewer' : 'R' } as Segment;
}
function coding(id: string, sourceId: string, segmentId: string, code: string, coder = 'human'): Coding {
  return { id, sourceId, segmentId, code, coder, start: 0, end: 0 };
}

// s1: alpha, beta on respondent turns, eps on an interviewer turn; s2: gamma; s3: only an interviewer coding (gamma)
const doc: CodingsDocument = {
  provenance: { tool: 'qdakit', version: 'test' },
  codebooks: [],
  codes: [],
  sources: [src('s1', '1'), src('s2', '2'), src('s3', '3')],
  segments: [
    seg('s1#0', 's1', 0, 'interviewer'),
    seg('s1#1', 's1', 1, 'respondent'),
    seg('s2#0', 's2', 0, 'respondent'),
    seg('s3#0', 's3', 0, 'interviewer'),
    seg('s3#1', 's3', 1, 'respondent'),
  ],
  codings: [
    coding('c1', 's1', 's1#0', 'eps'),
    coding('c2', 's1', 's1#1', 'alpha'),
    coding('c3', 's1', 's1#1', 'beta'),
    coding('c4', 's2', 's2#0', 'gamma'),
    coding('c5', 's3', 's3#0', 'gamma'),
  ],
};

describe('saturation: interviewer turns never count', () => {
  it('codes on interviewer turns are not observed; a source whose only coding is on an interviewer turn has 0 codes', () => {
    const res = computeSaturation(doc, { base: 1, run: 1 });
    expect(res.overall.totalCodes).toBe(3);
    expect(res.overall.points.map((p) => [p.sourceId, p.codes])).toEqual([
      ['s1', ['alpha', 'beta']],
      ['s2', ['gamma']],
      ['s3', []],
    ]);
    // gamma in one source only: Q1 = 3 (alpha, beta, gamma each once)
    expect(res.overall.richness.q1).toBe(3);
    expect(res.setAside.interviewer).toBe(2);
    expect(saturationMethodsText(res, 'en').join(' ')).toContain('Codings on interviewer turns are not counted (2 set aside)');
    expect(saturationMethodsText(res, 'nl').join(' ')).toContain('Coderingen op beurten van de interviewer tellen niet mee (2 terzijde gelegd)');
  });

  it('the same codes as the matrix counts', () => {
    const res = computeSaturation(doc, { base: 1, run: 1 });
    const m = computeMatrix(doc, { cols: 'source', measure: 'segments' });
    const inMatrix = new Set(m.rows.filter((r) => r.code !== '' && Number(r.total) > 0).map((r) => r.code));
    expect(new Set(res.overall.points.flatMap((p) => p.codes))).toEqual(inMatrix);
  });
});
