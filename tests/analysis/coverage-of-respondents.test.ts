/**
 * `qda matrix --measure coverage` is a share of what the respondents said: codings on interviewer
 * turns never count, so a denominator of every character (interviewer turns, labels) kept a code
 * that covers all of a respondent's words under 100 % without a word. `--coverage-of all` gives
 * the share of the whole text, and the note says which it is.
 */
import { describe, it, expect } from 'vitest';
import { computeMatrix, overlapLength } from '../../src/analysis/matrix.js';
import { buildDoc, CODES } from '../fixtures/analysis/build.js';
import type { Coding } from '../../src/model/types.js';

const byCode = (t: ReturnType<typeof computeMatrix>) => Object.fromEntries(t.rows.map((r) => [r.code || r.label, r]));

function doc() {
  // s1: a long interviewer question, a respondent's answer coded whole
  const d = buildDoc(
    [
      { id: 's1', case: 'p1', turns: [['Int', 'interviewer', 'Could you tell me something about how you work together?'], ['Anna', 'respondent', 'We meet weekly.', ['coop']]] },
    ],
    CODES,
  );
  return d;
}

describe('matrix --measure coverage: of the respondents\' turns', () => {
  it('a code on all of the respondent\'s words is 100 %, not the share of the text with the interviewer\'s question', () => {
    const t = computeMatrix(doc(), { cols: 'source', measure: 'coverage' });
    expect(byCode(t).coop.s1).toBe(100);
    expect(t.notes!.join(' ')).toContain("/ all characters of the respondents' turns");
    expect(t.notes!.join(' ')).toContain('--coverage-of all');
    const nl = computeMatrix(doc(), { cols: 'source', measure: 'coverage', lang: 'nl' });
    expect(nl.notes!.join(' ')).toContain('beurten van de interviewer, sprekerslabels en tijden tellen niet mee');
  });

  it('--coverage-of all: the share of every character, said so', () => {
    const d = doc();
    const t = computeMatrix(d, { cols: 'source', measure: 'coverage', coverageOf: 'all' });
    const len = d.sources[0].length!;
    expect(byCode(t).coop.s1).toBeCloseTo((100 * 'We meet weekly.'.length) / len, 2);
    expect(t.notes!.join(' ')).toContain('interviewer turns, speaker labels and time stamps are in the denominator');
  });

  it('a coded span reaching into an interviewer turn counts only its part in the respondent\'s turn; a source without segments is said', () => {
    const d = doc();
    const seg = d.segments[1];
    const wide: Coding = { id: 'w', sourceId: 's1', code: 'trust', coder: 'human', start: 0, end: seg.end };
    const flat = { ...d.sources[0], id: 'flat', case: 'flat', path: 'flat.txt', text: 'abcdefghij', length: 10 };
    const flatCoding: Coding = { id: 'f', sourceId: 'flat', code: 'trust', coder: 'human', start: 0, end: 5 };
    const t = computeMatrix({ ...d, sources: [...d.sources, flat], codings: [...d.codings, wide, flatCoding] }, { cols: 'source', measure: 'coverage' });
    // the wide coding starts in the interviewer's label (in no segment): only its part in the
    // respondent's turn is counted
    const r = byCode(t);
    expect(r.trust.s1).toBe(100);
    expect(r.trust.flat).toBe(50);
    expect(t.notes!.join(' ')).toContain('1 source(s) have no segments in the codings document');
    expect(t.notes!.join(' ')).toContain('(flat)');
    const t2 = computeMatrix({ ...d, codings: [{ ...wide, segmentId: seg.id }] }, { cols: 'source', measure: 'coverage' });
    expect(byCode(t2).trust.s1).toBe(100);
  });

  it('overlapLength', () => {
    expect(overlapLength([[0, 5], [8, 12]], [[3, 9], [11, 20]])).toBe(2 + 1 + 1);
    expect(overlapLength([], [[0, 1]])).toBe(0);
  });

  it('--measure words: a span reaching into an interviewer turn counts only its words in the respondent\'s turn', () => {
    const d = doc();
    const seg = d.segments[1];
    // a marker around the question and its answer: 0 to the answer's end
    const wide: Coding = { id: 'w', sourceId: 's1', code: 'trust', coder: 'human', start: 0, end: seg.end };
    const t = computeMatrix({ ...d, codings: [...d.codings, wide] }, { cols: 'source', measure: 'words' });
    // (it was 3 + the question's 10 words and its label)
    expect(byCode(t).trust.s1).toBe(3);
    expect(byCode(t).coop.s1).toBe(3);
    expect(t.notes!.join(' ')).toContain("in the respondents' turns");
  });
});
