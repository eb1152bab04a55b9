/**
 * The report and qda run compare interviews only when the document mixes kinds (interviewDoc):
 * codings of a source the document does not hold (which every analysis counts as a transcript of
 * its own, and the reader says so) were dropped from the comparison and the skeleton there,
 * without a word. Now kept as the matrix keeps them. (Fixture text is our own.)
 */
import { describe, expect, it } from 'vitest';
import { interviewDoc, saidVsSeen } from '../../src/analysis/results-skeleton-said-seen.js';
import { buildDoc } from '../fixtures/analysis/build.js';

describe('interviewDoc: codings of a source the document does not hold', () => {
  const base = buildDoc(
    [
      { id: 's1', case: 'p1', turns: [['Int', 'interviewer', 'Hoe gaat het?'], ['Ann', 'respondent', 'We vertrouwen elkaar.', ['trust']]] },
      { id: 'obs', case: 'obs', kind: 'observation', turns: [['Notitie', 'respondent', 'Overleg verliep stroef.', ['trust']]] },
    ],
    [{ id: 'trust' }],
  );
  const doc = { ...base, codings: [...base.codings, { id: 'x', sourceId: 'r9', code: 'trust', coder: 'human', start: 0, end: 0 }] };
  it('keeps them with the interviews, not with the observation notes', () => {
    expect(interviewDoc(doc).codings.map((c) => c.sourceId).sort()).toEqual(['r9', 's1']);
    const ss = saidVsSeen(doc, { lang: 'en' });
    const row = ss?.rows.find((r) => r.code === 'trust');
    expect(row?.said).toEqual({ count: 2, of: 2 });
    expect(row?.seen).toEqual({ count: 1, of: 1 });
  });
});
