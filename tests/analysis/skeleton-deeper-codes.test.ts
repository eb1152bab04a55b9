/**
 * The results skeleton writes sentences down to level 2 (maxDepth 1): a code below it that
 * respondents mention was counted in its parent's sentence and named nowhere (all codings on
 * "Wekelijks overleg" read as "Overleg"), without a word. Now a note names those codes and
 * the code whose sentences count them. (Fixture text is our own.)
 */
import { describe, expect, it } from 'vitest';
import { compareGroups } from '../../src/analysis/compare.js';
import { compareWithin } from '../../src/analysis/compare-within.js';
import { resultsSkeleton, skeletonMarkdown } from '../../src/analysis/results-skeleton.js';
import { withinSkeleton, withinSkeletonMarkdown } from '../../src/analysis/results-skeleton-within.js';
import { buildDoc } from '../fixtures/analysis/build.js';

const CODES = [
  { id: 'a', name: { nl: 'Samenwerking', en: 'Cooperation' } },
  { id: 'a1', parent: 'a', name: { nl: 'Overleg', en: 'Meeting' } },
  { id: 'a11', parent: 'a1', name: { nl: 'Wekelijks overleg', en: 'Weekly meeting' } },
  { id: 'b', name: { nl: 'Vertrouwen', en: 'Trust' } },
];
const doc = () =>
  buildDoc(
    [
      { id: 's1', case: 'p1', attributes: { team: 'A' }, turns: [['Int', 'interviewer', 'Hoe gaat het?'], ['Ann', 'respondent', 'Wij overleggen wekelijks.', ['a11']], ['Ann', 'respondent', 'Goed.', ['b']]] },
      { id: 's2', case: 'p2', attributes: { team: 'A' }, turns: [['Int', 'interviewer', 'Hoe gaat het?'], ['Bob', 'respondent', 'Wij overleggen ook.', ['a11']]] },
    ],
    CODES,
  );

describe('results skeleton: codes below the depth of its sentences', () => {
  it('are named in a note with the code whose sentences count them (en, nl)', () => {
    const cmp = compareGroups(doc(), { by: 'team', lang: 'en' });
    const sk = resultsSkeleton(cmp, { lang: 'en' });
    expect(sk.deeper).toEqual([{ code: 'a11', name: 'Weekly meeting', under: 'Meeting' }]);
    const md = skeletonMarkdown(sk);
    expect(md).toContain('Within Cooperation, both mention Meeting.');
    expect(md).toContain('*1 coded code(s) below level 2 are counted in the sentences of their parent code at level 2, but not named: Weekly meeting (in Meeting). See the comparison table for their numbers.*');
    const nl = skeletonMarkdown(resultsSkeleton(compareGroups(doc(), { by: 'team', lang: 'nl' }), { lang: 'nl' }));
    expect(nl).toContain('1 gecodeerde code(s) onder niveau 2 tellen mee in de zinnen van hun bovenliggende code op niveau 2, maar worden niet genoemd: Wekelijks overleg (in Overleg).');
  });
  it('with a deeper maxDepth nothing is said; the per-question skeleton says it too', () => {
    expect(resultsSkeleton(compareGroups(doc(), { by: 'team', lang: 'en' }), { lang: 'en', maxDepth: 2 }).deeper).toBeUndefined();
    const d = doc();
    const q = { ...d, codings: d.codings.map((c) => ({ ...c, attributes: { question: 'Q1' } })) };
    const w = withinSkeleton(compareWithin(q, { by: 'team', within: 'question', lang: 'en' }), { lang: 'en' });
    expect(withinSkeletonMarkdown(w)).toContain('but not named: Weekly meeting (in Meeting).');
  });
});
