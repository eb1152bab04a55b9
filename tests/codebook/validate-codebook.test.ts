import { describe, it, expect } from 'vitest';
import { parseCodebookWithDiagnostics } from '../../src/codebook/parse-codebook.js';
import { validateCodebook } from '../../src/codebook/validate-codebook.js';
import type { Codebook } from '../../src/codebook/types.js';

const check = (yaml: string) => parseCodebookWithDiagnostics(yaml, { file: 'cb.yaml' }).diagnostics;
const errors = (yaml: string) => check(yaml).filter((d) => d.severity === 'error');

describe('validateCodebook: semantic checks with positions', () => {
  it('duplicate code ids point at the second one and name the first', () => {
    const ds = errors('id: x\ncodes:\n  - id: a\n  - id: b\n  - id: a\n');
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ ruleId: 'duplicate-code-id', path: '/codes/2/id', line: 5, column: 9 });
    expect(ds[0].message).toMatch(/first used at \/codes\/0, line 3/);
  });

  it('unknown parent with did-you-mean', () => {
    const ds = errors('id: x\ncodes:\n  - id: relatie\n  - id: trust\n    parent: relaite\n');
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ ruleId: 'unknown-parent', path: '/codes/1/parent', line: 5, column: 13, expected: ['relatie'] });
    expect(ds[0].hint).toMatch(/did you mean "relatie"/);
  });

  it('parent cycles, reported once each', () => {
    const ds = errors('id: x\ncodes:\n  - id: a\n    parent: c\n  - id: b\n    parent: a\n  - id: c\n    parent: b\n  - id: d\n    parent: d\n');
    expect(ds.map((d) => d.ruleId)).toEqual(['parent-cycle', 'parent-cycle']);
    expect(ds[0].message).toBe('parent cycle: a → c → b → a');
    expect(ds[0].line).toBe(4);
    expect(ds[1].message).toMatch(/"d" is its own parent/);
  });

  it('ladder levels must be exactly 1..n', () => {
    const gap = errors('id: x\nladder: true\ncodes:\n  - id: a\n    level: 1\n  - id: b\n    level: 3\n');
    expect(gap).toHaveLength(1);
    expect(gap[0]).toMatchObject({ ruleId: 'ladder-levels', path: '/codes/1/level', line: 7 });
    expect(gap[0].message).toMatch(/missing 2/);
    const dup = errors('id: x\ncodes:\n  - id: a\n    level: 1\n  - id: b\n    level: 1\n');
    expect(dup[0].message).toMatch(/"a" and "b" are both on level 1/);
    const none = errors('id: x\nladder: true\ncodes:\n  - id: a\n');
    expect(none[0]).toMatchObject({ ruleId: 'ladder-levels', line: 2 });
    // sub-codes may share their parent's level
    expect(errors('id: x\nladder: true\ncodes:\n  - id: a\n    level: 1\n  - id: a1\n    parent: a\n    level: 1\n  - id: b\n    level: 2\n')).toEqual([]);
  });

  it('evidences beyond a known ladder', () => {
    const ds = errors('id: x\ncodes:\n  - id: a\n    evidences: [{codebook: hovik-hanssen, level: 5}, {codebook: metcalfe, level: 9}, {codebook: other, level: 42}]\n');
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ ruleId: 'evidences-level', path: '/codes/0/evidences/0/level' });
    expect(ds[0].message).toMatch(/levels 1\.\.4/);
  });

  it('regexes that do not compile', () => {
    const ds = errors("id: x\ncodes:\n  - id: a\n    rules:\n      - regex: 'afspra(ak|ken'\n");
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ ruleId: 'bad-regex', path: '/codes/0/rules/0/regex', line: 5, column: 16 });
    expect(ds[0].hint).toMatch(/brackets/);
  });

  it('hostile regexes are rejected (statically, never run)', () => {
    for (const p of ['(a+)+$', '(a|a)*', '(\\w+\\s?)*$', '(.*a){10}']) {
      const ds = errors(`id: x\ncodes:\n  - id: a\n    rules:\n      - regex: '${p}'\n`);
      expect(ds.map((d) => d.ruleId), p).toEqual(['unsafe-regex']);
      expect(ds[0].hint, p).toMatch(/rewrite|make the alternatives|take the repetition/);
      expect(ds[0].line).toBe(5);
    }
  });

  it('keyword terms: empty, wildcard-only, regex characters', () => {
    const ds = errors("id: x\ncodes:\n  - id: a\n    rules:\n      - keywords: ['', '*', 'samenwerk.*', 'e.g.', 'co-creatie', 'vertrouw*']\n");
    expect(ds.map((d) => d.ruleId)).toEqual(['empty-term', 'wildcard-only-term', 'regex-in-keyword']);
    expect(ds[2].hint).toMatch(/regex: 'samenwerk\.\*'/);
    expect(errors('id: x\ncodes:\n  - id: a\n    rules:\n      - keywords: []\n')[0].ruleId).toBe('empty-rule');
  });

  it('duplicate rule ids in one code', () => {
    const ds = errors('id: x\ncodes:\n  - id: a\n    rules:\n      - {id: r, keywords: [x]}\n      - {id: r, keywords: [y]}\n');
    expect(ds.map((d) => d.ruleId)).toEqual(['duplicate-rule-id']);
  });

  it('validates an in-memory codebook without positions', () => {
    const book: Codebook = { id: 'm', name: { en: 'M' }, codes: [{ id: 'a', name: { en: 'A' }, parent: 'nope' }] };
    const ds = validateCodebook(book, { file: 'mem' });
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ file: 'mem', path: '/codes/0/parent' });
    expect(ds[0].line).toBeUndefined();
  });

  it('a 10,000-code codebook with a cycle and a hostile regex finishes quickly', () => {
    const codes = Array.from({ length: 10000 }, (_, i) => ({ id: `c${i}`, name: { en: `C${i}` }, parent: `c${(i + 1) % 10000}` }));
    const book: Codebook = { id: 'big', name: { en: 'Big' }, codes: [...codes, { id: 'r', name: { en: 'R' }, rules: [{ kind: 'regex', id: 'r/r1', pattern: '(a+)+$' }] }] };
    const ds = validateCodebook(book);
    expect(ds.map((d) => d.ruleId)).toEqual(['parent-cycle', 'unsafe-regex']);
  });
});

describe('code aliases', () => {
  it('are read as a plain list (codebook language) or per language, and round-trip through yaml and json', async () => {
    const { parseCodebook } = await import('../../src/codebook/parse-codebook.js');
    const { serializeCodebook } = await import('../../src/codebook/serialize-codebook.js');
    const yaml = 'id: x\nlanguage: en\ncodes:\n  - id: aligning\n    aliases: [alignment, allign]\n  - id: trust\n    aliases: {nl: [vertrouwen], en: trusting}\n';
    const book = parseCodebook(yaml, { file: 'cb.yaml' });
    expect(book.codes[0].aliases).toEqual({ en: ['alignment', 'allign'] });
    expect(book.codes[1].aliases).toEqual({ nl: ['vertrouwen'], en: ['trusting'] });
    for (const f of ['yaml', 'json'] as const) expect(parseCodebook(serializeCodebook(book, f), { file: `rt.${f}` })).toEqual(book);
    expect(check(yaml)).toEqual([]);
  });

  it('an alias given to two codes is an error; an alias that is another code\'s name is a warning; an empty alias is an error', () => {
    const ds = check('id: x\ncodes:\n  - id: a\n    aliases: [samen, ""]\n  - id: b\n    name: {nl: Delen}\n    aliases: [Samen, A]\n  - id: c\n    aliases: [delen]\n');
    expect(ds.map((d) => [d.severity, d.ruleId, d.path])).toEqual([
      ['error', 'empty-alias', '/codes/0/aliases'],
      ['error', 'duplicate-alias', '/codes/1/aliases'],
      ['warning', 'alias-shadows-code', '/codes/1/aliases'],
      ['warning', 'alias-shadows-code', '/codes/2/aliases'],
    ]);
    expect(ds[1].message).toBe('alias "Samen" is given to two codes: "a" (/codes/0/aliases) and "b"');
    expect(ds[2].message).toMatch(/alias "A" of code "b" is the id or name of code "a"/);
    expect(ds[3].line).toBe(9);
  });

  it('the schema rejects an alias that is not text', () => {
    const ds = errors('id: x\ncodes:\n  - id: a\n    aliases: {de: [x]}\n');
    expect(ds.length).toBeGreaterThan(0);
    expect(ds[0].path).toMatch(/\/codes\/0\/aliases/);
  });
});
