import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseCodebookWithDiagnostics } from '../../src/codebook/parse-codebook.js';

/**
 * A list written as one string (`keywords: tuin, moestuin`, `exclude: niet; geen`, `aliases:
 * buren, buurt`): YAML reads one string, so one term (the words next to each other) or one alias.
 * `tuin` alone never matched, `niet` alone excluded nothing, the label `{{buren}}` was no alias;
 * codebook validate said ok. Now said with the place and the list to write; read as before.
 */
const yaml = `id: tuin
language: nl
codes:
  - id: tuinieren
    aliases: buren, buurt
    rules:
      - keywords: tuin, moestuin
        exclude: {nl: "niet; geen"}
      - keywords: [schoffel, "ja, maar"]
  - id: oogst
    rules:
      - near: {a: "bonen, erwten", b: [plukken]}
`;

describe('a list written as one string in a codebook', () => {
  it('is a warning with the field, the string and the list to write; the terms are read as before', () => {
    const r = parseCodebookWithDiagnostics(yaml, { file: 'tuin.yaml' });
    const w = r.diagnostics.filter((d) => d.ruleId === 'list-in-one-string');
    expect(w.map((d) => [d.path, d.line, d.severity, d.actual])).toEqual([
      ['/codes/0/aliases', 5, 'warning', 'buren, buurt'],
      ['/codes/0/rules/0/keywords', 7, 'warning', 'tuin, moestuin'],
      ['/codes/0/rules/0/exclude/nl', 8, 'warning', 'niet; geen'],
      ['/codes/1/rules/0/near/a', 12, 'warning', 'bonen, erwten'],
    ]);
    expect(w[1].message).toBe('keywords: "tuin, moestuin" is one string with a comma, so it is read as one term (its words next to each other, in this order), not as 2 terms');
    expect(w[1].hint).toContain('keywords: [tuin, moestuin]');
    expect(w[0].message).toBe('aliases: "buren, buurt" is one string with a comma, so it is read as one alias, not as 2 aliases');
    // (read as before: one term, one alias)
    const rule = r.book!.codes[0].rules![0];
    expect(rule.kind === 'keywords' && rule.terms.nl).toEqual(['tuin, moestuin']);
    expect(r.book!.codes[0].aliases?.nl).toEqual(['buren, buurt']);
  });

  it('a phrase with a comma inside a list is not said', () => {
    const r = parseCodebookWithDiagnostics('id: p\nlanguage: nl\ncodes:\n  - id: a\n    rules:\n      - keywords: ["ja, maar", tuin]\n      - keywords: moestuin\n', { file: 'p.yaml' });
    expect(r.diagnostics.filter((d) => d.ruleId === 'list-in-one-string')).toEqual([]);
  });

  it('no built-in codebook has one', async () => {
    const { BUILTIN_CODEBOOK_IDS } = await import('../../src/codebook/builtins.js');
    for (const id of BUILTIN_CODEBOOK_IDS) {
      const r = parseCodebookWithDiagnostics(readFileSync(new URL(`../../codebooks/${id}.yaml`, import.meta.url), 'utf8'), { file: `${id}.yaml` });
      expect(r.diagnostics.filter((d) => d.ruleId === 'list-in-one-string').map((d) => d.message), id).toEqual([]);
    }
  });
});
