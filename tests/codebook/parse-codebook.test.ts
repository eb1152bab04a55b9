import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseCodebook, parseCodebookWithDiagnostics } from '../../src/codebook/parse-codebook.js';
import { QdaInputError, formatDiagnostic } from '../../src/model/errors.js';
import type { Diagnostic } from '../../src/model/types.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/codebook/${name}`, import.meta.url), 'utf8');

function errorsOf(text: string, file = 'cb.yaml'): Diagnostic[] {
  return parseCodebookWithDiagnostics(text, { file }).diagnostics.filter((d) => d.severity === 'error');
}

describe('parseCodebook: accepted forms', () => {
  it('accepts the SPEC §3 minimal form in YAML and JSON, with the same result', () => {
    const y = parseCodebook(fixture('minimal.yaml'), { file: 'minimal.yaml' });
    const j = parseCodebook(fixture('minimal.json'), { file: 'minimal.json' });
    expect(j).toEqual(y);
    expect(y.id).toBe('my-codebook');
    expect(y.language).toBe('nl');
    expect(y.codes.map((c) => c.id)).toEqual(['relatie', 'trust']);
    const trust = y.codes[1];
    expect(trust.parent).toBe('relatie');
    // plain strings are in the codebook language
    expect(trust.definition).toEqual({ nl: "Trust in each other's professionalism." });
    expect(trust.rules).toEqual([
      { kind: 'keywords', id: 'trust/r1', terms: { nl: ['vertrouwen', 'vertrouw*', 'betrouwbaar'], en: ['trust*', 'reliable'] } },
    ]);
  });

  it('accepts a codebook with only ids (names default to the id)', () => {
    const b = parseCodebook('id: x\ncodes:\n  - id: a\n', { file: 'x.yaml' });
    expect(b.name).toEqual({ nl: 'x' });
    expect(b.codes[0]).toEqual({ id: 'a', name: { nl: 'a' } });
  });

  it('normalises every rule form of the full schema', () => {
    const b = parseCodebook(fixture('example.yaml'), { file: 'example.yaml' });
    const trust = b.codes.find((c) => c.id === 'trust')!;
    expect(trust.rules![0]).toEqual({
      kind: 'keywords', id: 'trust-kw', terms: { nl: ['vertrouwen', 'vertrouw*', 'op één lijn'], en: ['trust*'] },
      exclude: { nl: ['wantrouw*'] }, roles: ['respondent'], unit: 'sentence', weight: 0.8, minMatches: 1, stem: true,
    });
    expect(trust.rules![1]).toEqual({ kind: 'keywords', id: 'trust/r2', terms: { nl: ['op één lijn zitten'] } });
    const agr = b.codes.find((c) => c.id === 'agreements')!;
    expect(agr.rules).toEqual([
      { kind: 'regex', id: 'agreements/r1', pattern: 'afspra(ak|ken) (ge)?maakt', lang: 'nl' },
      { kind: 'near', id: 'agreements/r2', a: { nl: ['samenwerk*'] }, b: { nl: ['gemeente*'] }, distance: 5 },
      { kind: 'near', id: 'agreements/r3', a: { en: ['cooperat*'] }, b: { en: ['municipal*'] }, distance: 4 },
    ]);
    expect(b.codes.find((c) => c.id === 'relatie')!.codable).toBe(false);
    expect(b.version).toBe('1.0');
  });

  it('reads a NEAR string with OR alternatives', () => {
    const b = parseCodebook('id: x\ncodes:\n  - id: a\n    rules:\n      - near: "(wijk OR buurt) NEAR/3 team*"\n', { file: 'x.yaml' });
    expect(b.codes[0].rules![0]).toMatchObject({ kind: 'near', a: { nl: ['wijk', 'buurt'] }, b: { nl: ['team*'] }, distance: 3 });
  });
});

describe('parseCodebook: errors name the place and the fix', () => {
  it('malformed YAML: one error with line and column', () => {
    const ds = errorsOf('id: x\ncodes:\n  - id: a\n    name: [unclosed\n  - id: b\n');
    expect(ds).toHaveLength(1);
    expect(ds[0].ruleId).toBe('malformed-yaml');
    expect(ds[0].file).toBe('cb.yaml');
    expect(ds[0].line).toBeGreaterThanOrEqual(4);
    expect(ds[0].column).toBeGreaterThanOrEqual(1);
    expect(ds[0].hint).toBeTruthy();
  });

  it('malformed YAML: duplicate key', () => {
    const ds = errorsOf('id: x\nid: y\ncodes: []\n');
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ ruleId: 'malformed-yaml', line: 2, column: 1 });
    expect(ds[0].hint).toMatch(/once/);
  });

  it('malformed JSON: one error with line and column', () => {
    const ds = errorsOf('{\n  "id": "x",\n  "codes": [],\n}\n', 'cb.json');
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ ruleId: 'malformed-json', file: 'cb.json', line: 4, column: 1 });
    expect(ds[0].hint).toMatch(/trailing comma/);
  });

  it('schema violation: misspelt key gets did-you-mean and the YAML position of the key', () => {
    const ds = errorsOf('id: x\ncodes:\n  - id: a\n    parnet: b\n');
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ ruleId: 'schema', path: '/codes/0/parnet', line: 4, column: 5, expected: ['parent'] });
    expect(ds[0].message).toMatch(/unknown field "parnet"/);
    expect(formatDiagnostic(ds[0])).toMatch(/^cb\.yaml:4:5 \(\/codes\/0\/parnet\): error: .*\n  did you mean: parent\n  hint: did you mean "parent"\?/);
  });

  it('schema violation: wrong type and missing id, each with position and JSON path', () => {
    const ds = errorsOf('id: x\ncodes:\n  - id: a\n    level: two\n  - name: Nameless\n');
    const level = ds.find((d) => d.path === '/codes/0/level')!;
    expect(level).toMatchObject({ line: 4, column: 12 });
    expect(level.message).toMatch(/must be integer/);
    const missing = ds.find((d) => d.path === '/codes/1')!;
    expect(missing.message).toMatch(/missing required field "id"/);
    expect(missing.line).toBe(5);
  });

  it('schema violation in JSON: position from the JSON text', () => {
    const ds = errorsOf('{"id": "x",\n "codes": [\n  {"id": "a", "color": "red"}\n ]}', 'cb.json');
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ path: '/codes/0/color', line: 3, column: 24 });
    expect(ds[0].hint).toMatch(/#RRGGBB/);
  });

  it('localised text of the wrong form: one clear error (no anyOf noise)', () => {
    const ds = errorsOf('id: x\ncodes:\n  - id: a\n    name: {nl: A, fr: B}\n');
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ path: '/codes/0/name/fr', line: 4, column: 19 });
    expect(ds[0].hint).toMatch(/allowed here: nl, en/);
    const ds2 = errorsOf('id: x\ncodes:\n  - id: a\n    definition: 12\n');
    expect(ds2).toHaveLength(1);
    expect(ds2[0].message).toMatch(/wrong form/);
    expect(ds2[0].hint).toMatch(/\{nl: "…", en: "…"\}/);
  });

  it('a rule with no kind or two kinds', () => {
    const ds = errorsOf('id: x\ncodes:\n  - id: a\n    rules:\n      - weight: 1\n      - keywords: [a]\n        regex: b\n');
    expect(ds.map((d) => [d.ruleId, d.path, d.line])).toEqual([
      ['rule-kind', '/codes/0/rules/0', 5],
      ['rule-kind', '/codes/0/rules/1', 6],
    ]);
  });

  it('an empty file and a non-map document', () => {
    expect(errorsOf('')[0].ruleId).toBe('empty-codebook');
    expect(errorsOf('- a\n- b\n')[0].message).toMatch(/must be a map/);
  });

  it('refuses a codebook over 20 MB without parsing it', () => {
    const big = 'x'.repeat(20 * 1024 * 1024 + 1);
    const ds = errorsOf(big);
    expect(ds[0].ruleId).toBe('codebook-too-large');
  });

  it('parseCodebook throws a QdaInputError with all errors', () => {
    let err: unknown;
    try {
      parseCodebook('id: x\ncodes:\n  - id: a\n  - id: a\n    parent: zz\n', { file: 'cb.yaml' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(QdaInputError);
    expect((err as QdaInputError).diagnostics.map((d) => d.ruleId).sort()).toEqual(['duplicate-code-id', 'unknown-parent']);
  });

  it('warnings go to the report sink', () => {
    const seen: Diagnostic[] = [];
    const qdc = readFileSync(new URL('../fixtures/refi-qda/invalid-empty-sets.qdc', import.meta.url), 'utf8');
    const b = parseCodebook(qdc, { file: 'invalid-empty-sets.qdc', report: (d) => seen.push(d) });
    expect(b.codes).toHaveLength(1);
    expect(seen.map((d) => d.ruleId)).toEqual(['qdc-empty-container']);
  });
});

describe('parseCodebook: scale', () => {
  it('validates a 10,000-code codebook (YAML) without hanging', () => {
    const lines = ['id: big', 'language: en', 'codes:'];
    for (let i = 0; i < 10000; i++) {
      lines.push(`  - id: c${i}`, `    name: Code ${i}`);
      if (i > 0) lines.push(`    parent: c${Math.floor((i - 1) / 10)}`);
      lines.push('    rules:', `      - keywords: [word${i}*]`);
    }
    const r = parseCodebookWithDiagnostics(lines.join('\n') + '\n', { file: 'big.yaml' });
    expect(r.diagnostics).toEqual([]);
    expect(r.book!.codes).toHaveLength(10000);
  }, 60_000);

  it('reports an error in a 10,000-code JSON codebook at the right line', () => {
    const codes = Array.from({ length: 10000 }, (_, i) => ({ id: `c${i}`, ...(i === 9999 ? { parent: 'c99999' } : {}) }));
    const text = '{"id": "big", "codes": [\n' + codes.map((c) => JSON.stringify(c)).join(',\n') + '\n]}';
    const ds = errorsOf(text, 'big.json');
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ ruleId: 'unknown-parent', line: 10001 });
    expect(ds[0].expected).toContain('c9999');
  }, 60_000);
});

describe('parseCodebook: common YAML slips get a specific hint', () => {
  it('an unquoted text with ": " in it', () => {
    const ds = errorsOf('id: x\ncodes:\n  - id: a\n    definition:\n      nl: Doel: gedeelde ambitie\n');
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ ruleId: 'malformed-yaml', line: 5 });
    expect(ds[0].hint).toMatch(/must be quoted/);
  });
});
