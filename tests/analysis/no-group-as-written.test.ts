/**
 * A group value typed as the label of a missing value ("(no team)" in a cases file) is its own
 * column, quoted, not counted together with the sources that have no value (was merged unseen).
 */
import { describe, it, expect } from 'vitest';
import { computeMatrix } from '../../src/analysis/matrix.js';
import { compareGroups } from '../../src/analysis/compare.js';
import { twoTeams } from '../fixtures/analysis/build.js';
import type { CodingsDocument } from '../../src/model/types.js';

/** twoTeams with s3 carrying the literal "(no team)" and s4 no team at all. */
function doc(): CodingsDocument {
  const d = twoTeams();
  return { ...d, sources: d.sources.map((s) => (s.id === 's3' ? { ...s, attributes: { team: '(no team)' } } : s.id === 's4' ? { ...s, attributes: {} } : s)) };
}

describe('a group value written as the missing-value label', () => {
  it('matrix: "(no team)" as written and (no team) are two columns', () => {
    const t = computeMatrix(doc(), { cols: 'team', measure: 'sources' });
    const keys = t.columns.map((c) => c.label);
    expect(keys).toContain('(no team)');
    expect(keys).toContain('"(no team)"');
    const meet = t.rows.find((r) => r.code === 'coop.meet')!;
    // s3 (literal) has a meeting coding, s4 (no value) none
    expect(meet['"(no team)"']).toBe(1);
    expect(meet['(no team)']).toBe(0);
  });

  it('compare: the two are separate groups', () => {
    const r = compareGroups(doc(), { by: 'team' });
    const names = JSON.stringify(r);
    expect(names).toContain('\\"(no team)\\"');
    expect(names).toContain('(no team)');
  });
});
