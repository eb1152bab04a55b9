/**
 * `qda compare --by group` on a document with interviews and observation notes (or documents) whose
 * notes form groups of their own: each note was a "respondent" and its group was compared with the
 * interview groups (100 % of 2 meeting notes against 0 % of 2 interviewees: Notable), while qda
 * report and qda run compare the interview groups only. Now such a group is shown, left out of the
 * difference, Fisher's p and Notable, and said.
 */
import { describe, it, expect } from 'vitest';
import { compareGroups } from '../../src/analysis/compare.js';
import { computeMatrix } from '../../src/analysis/matrix.js';
import { buildDoc, CODES } from '../fixtures/analysis/build.js';

function doc() {
  return buildDoc(
    [
      { id: 'i1', case: 'p1', attributes: { team: 'A' }, turns: [['Int', 'interviewer', 'Tell me.'], ['Anna', 'respondent', 'We meet weekly.', ['coop.meet']]] },
      { id: 'i2', case: 'p2', attributes: { team: 'A' }, turns: [['Int', 'interviewer', 'Tell me.'], ['Bob', 'respondent', 'We meet.', ['coop.meet']]] },
      { id: 'i3', case: 'p3', attributes: { team: 'B' }, turns: [['Int', 'interviewer', 'Tell me.'], ['Cas', 'respondent', 'Nothing.']] },
      { id: 'i4', case: 'p4', attributes: { team: 'B' }, turns: [['Int', 'interviewer', 'Tell me.'], ['Dirk', 'respondent', 'We trust them.', ['trust']]] },
      { id: 'o1', case: 'o1', kind: 'observation', attributes: { team: 'C' }, turns: [['Obs', 'respondent', 'They trust each other.', ['trust']]] },
      { id: 'o2', case: 'o2', kind: 'observation', attributes: { team: 'C' }, turns: [['Obs', 'respondent', 'Trust shown.', ['trust']]] },
    ],
    CODES,
  );
}

describe('compare: a group of observation notes beside interview groups', () => {
  it('is shown but left out of the difference and Notable, and said (en, nl)', () => {
    const r = compareGroups(doc(), { by: 'team', lang: 'en' });
    const trust = r.codes.find((c) => c.code === 'trust')!;
    // A 0 of 2, B 1 of 2, C 2 of 2 (notes): the difference is between A and B only
    expect(trust.groups.find((g) => g.group === 'C')!.share).toBe(1);
    expect(trust.difference).toBe(-50);
    expect(r.tables[0].columns.map((c) => c.label)).toContain('Difference A − B (pp)');
    const row = r.tables[0].rows.find((x) => x.code === 'trust')!;
    expect(row['share:C']).toBe(100);
    const notes = r.tables[0].notes!.join('\n');
    expect(notes).toContain('C (2 observation notes): observation notes or documents only, beside groups of interviews');
    expect(notes).toContain("left out of the difference, Fisher's p and Notable");
    const nl = compareGroups(doc(), { by: 'team', lang: 'nl' }).tables[0].notes!.join('\n');
    expect(nl).toContain('C (2 observatieverslagen): alleen observatieverslagen of documenten, naast groepen van interviews');
  });

  it('--by source-kind, and notes without interviews, are compared as before', () => {
    const kinds = compareGroups(doc(), { by: 'source-kind', lang: 'en' });
    expect(kinds.tables[0].notes!.join('\n')).not.toContain('observation notes or documents only');
    const d = doc();
    const onlyNotes = { ...d, sources: d.sources.filter((s) => s.kind === 'observation').map((s, i) => ({ ...s, attributes: { team: i ? 'X' : 'Y' } })) };
    const r = compareGroups({ ...onlyNotes, segments: d.segments.filter((g) => g.sourceId.startsWith('o')), codings: d.codings.filter((c) => c.sourceId.startsWith('o')) }, { by: 'team', lang: 'en' });
    expect(r.tables[0].notes!.join('\n')).not.toContain('observation notes or documents only');
  });

  it('qda matrix --measure respondents says that the N of such a group counts notes (en, nl)', () => {
    const t = computeMatrix(doc(), { cols: 'team', measure: 'respondents', lang: 'en' });
    expect(t.notes!.join('\n')).toContain('A group of observation notes or documents only, beside groups of interviews: C (2 observation notes)');
    const nl = computeMatrix(doc(), { cols: 'team', measure: 'respondents', lang: 'nl' });
    expect(nl.notes!.join('\n')).toContain('Een groep van alleen observatieverslagen of documenten, naast groepen van interviews: C (2 observatieverslagen)');
    // compare says it once (its own note), not twice
    const c = compareGroups(doc(), { by: 'team', lang: 'en' }).tables[0].notes!.join('\n');
    expect(c).not.toContain('A group of observation notes or documents only');
  });
});
