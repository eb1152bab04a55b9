/**
 * The rules table of a codings document is made without compiling the codebooks
 * (describeRules): the same ids and descriptions, in the same order, as compileCodebook gives
 * for every built-in codebook, the samples' own and odd rules; a bad regex is refused with the
 * same error.
 */
import { describe, it, expect } from 'vitest';
import { join, resolve } from 'node:path';
import { BUILTIN_CODEBOOK_IDS } from '../../src/codebook/builtins.js';
import { readCodebook } from '../../src/ingest/read-codebook.js';
import { compileCodebook, describeRules } from '../../src/coding/compile-codebook.js';
import { ruleIndexFor } from '../../src/coding/rule-index.js';
import type { Codebook } from '../../src/codebook/types.js';
import type { Lang } from '../../src/model/types.js';
import { book, kw } from './helpers.js';

const SAMPLES = join(resolve(__dirname, '../..'), 'samples');

function same(b: Codebook): void {
  for (const lang of ['nl', 'en'] as Lang[]) {
    const c = compileCodebook(b, lang);
    const d = describeRules(b, lang);
    expect(d.codebook).toBe(c.codebook);
    expect(d.version).toBe(c.version);
    expect(d.rules).toEqual(c.rules.map((r) => ({ id: r.id, description: r.description })));
  }
  expect(ruleIndexFor([b]).toJSON()).toEqual(ruleIndexFor([b], (x, _i, l) => compileCodebook(x, l)).toJSON());
}

describe('describeRules: the rules table without compiling', () => {
  it('every built-in codebook: the same ids and descriptions as compiled', async () => {
    for (const id of BUILTIN_CODEBOOK_IDS) same(await readCodebook(id, { cwd: SAMPLES }));
  });

  it('odd rules: near, regex with a language, exclusions, empty lists, no version', () => {
    const b = book([
      { id: 'a', rules: [kw('a/r1', ['samen*', '"op één lijn"'], { exclude: { nl: ['samenloop'], en: ['x'] } } as never)] },
      { id: 'b', rules: [{ kind: 'near', id: 'b/r1', a: { nl: ['wijk'], en: [] }, b: { nl: ['team', 'coach'] }, distance: 5 } as never] },
      { id: 'c', rules: [{ kind: 'regex', id: 'c/r1', pattern: '\\bBSN\\b', lang: 'nl' } as never, kw('c/r2', [])] },
    ]);
    same(b);
    same({ ...b, version: undefined } as unknown as Codebook);
  });

  it('a bad regex: the same error as compiling', () => {
    const b = book([{ id: 'x', rules: [{ kind: 'regex', id: 'x/r1', pattern: '(a+)+$' } as never] }]);
    let compiled: unknown;
    try {
      compileCodebook(b, 'nl');
    } catch (e) {
      compiled = e;
    }
    expect(compiled).toBeInstanceOf(Error);
    expect(() => describeRules(b, 'nl')).toThrow((compiled as Error).message);
    expect(() => ruleIndexFor([b])).toThrow((compiled as Error).message);
  });
});
