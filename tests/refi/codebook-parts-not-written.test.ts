/**
 * What a codebook gives its codes that a REFI-QDA project has no place for — aliases, meta other than
 * memos (`meta: {memo: …}`, a researcher's note), a code's source, relations, the rules — went out of
 * `qda refi export` without a word (the .qdc export said it), and `qda refi import` gave the codes back
 * without them. Now said in one line (`refi-drops-operationalisation`): a warning, or an info when it
 * is only the rules.
 */
import { describe, it, expect } from 'vitest';
import { buildRefiProject } from '../../src/export/refi-project.js';
import type { Codebook } from '../../src/codebook/types.js';
import type { Diagnostic } from '../../src/model/types.js';
import { sampleDoc } from './helpers.js';

const book = (extra: Partial<Codebook['codes'][number]>, rules = false): Codebook =>
  ({
    id: 'test',
    name: { en: 'Test' },
    language: 'en',
    codes: [
      { id: 'relation', name: { en: 'Relation' } },
      { id: 'trust', parent: 'relation', name: { en: 'Trust' }, ...(rules ? { rules: [{ keywords: { nl: ['vertrouw*'] } }] } : {}), ...extra },
      { id: 'joint-meeting', parent: 'relation', name: { en: 'Meetings' } },
      { id: 'cost', name: { en: 'Cost' }, meta: { memos: ['a memo the project keeps'] } },
    ],
  }) as unknown as Codebook;

const said = (b: Codebook) => {
  const diags: Diagnostic[] = [];
  buildRefiProject(sampleDoc(), { lang: 'en', codebooks: [b], report: (d) => diags.push(d) });
  return diags.filter((d) => d.ruleId === 'refi-drops-operationalisation');
};

describe('qda refi export: what of the codebooks the project has no place for', () => {
  it('aliases, meta other than memos and a code\'s source are said (a warning), with the codes', () => {
    const d = said(book({ aliases: { nl: ['vertrouwen'] }, meta: { memo: 'alleen onderling vertrouwen', auteur: 'fem' }, source: 'Bijlage B' } as never, true));
    expect(d).toHaveLength(1);
    expect(d[0].severity).toBe('warning');
    expect(d[0].message).toBe('a REFI-QDA project has no place for the auto-coding rules (1 rule of 1 code), the aliases of 1 code ("trust"), meta: "memo" of "trust"; "auteur" of "trust", the source (citation) of 1 code ("trust"); they are not in the .qdpx, and qda refi import gives the codes back without them');
  });

  it('the rules alone are an info; memos (meta.memos), which the project holds, are not said', () => {
    const d = said(book({}, true));
    expect(d).toHaveLength(1);
    expect(d[0].severity).toBe('info');
    expect(said(book({}))).toEqual([]);
  });
});
