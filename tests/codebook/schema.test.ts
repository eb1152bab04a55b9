import { describe, it, expect } from 'vitest';
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { CODEBOOK_SCHEMA } from '../../src/codebook/schema.js';
import { codebookToCodeRefs } from '../../src/codebook/code-refs.js';
import { localise } from '../../src/codebook/localise.js';
import { topLevelCategory, ancestors, codeTree } from '../../src/codebook/tree.js';
import { parseCodebook } from '../../src/codebook/parse-codebook.js';

const schemaUrl = new URL('../../schemas/codebook.schema.json', import.meta.url);

describe('codebook schema', () => {
  it('schemas/codebook.schema.json is the shipped copy of CODEBOOK_SCHEMA (UPDATE_SCHEMA=1 rewrites it)', () => {
    const text = JSON.stringify(CODEBOOK_SCHEMA, null, 2) + '\n';
    if (process.env.UPDATE_SCHEMA) writeFileSync(schemaUrl, text);
    expect(readFileSync(schemaUrl, 'utf8')).toBe(text);
  });

  it('every property of the schema has a description', () => {
    const missing: string[] = [];
    const walk = (s: unknown, path: string) => {
      if (!s || typeof s !== 'object') return;
      const o = s as Record<string, unknown>;
      if (o.properties) {
        for (const [k, v] of Object.entries(o.properties as Record<string, Record<string, unknown>>)) {
          if (!v.description) missing.push(`${path}/${k}`);
          walk(v, `${path}/${k}`);
        }
      }
      for (const k of ['items', 'definitions']) if (o[k]) walk(o[k], `${path}/${k}`);
      if (o.definitions) for (const [k, v] of Object.entries(o.definitions as object)) walk(v, `${path}/${k}`);
      for (const k of ['anyOf']) if (Array.isArray(o[k])) (o[k] as unknown[]).forEach((x, i) => walk(x, `${path}/${k}/${i}`));
    };
    walk(CODEBOOK_SCHEMA, '');
    expect(missing).toEqual([]);
  });

  it('src/codebook stays pure (no fs, process, console, clock, randomness)', () => {
    const dir = new URL('../../src/codebook/', import.meta.url);
    for (const f of readdirSync(dir)) {
      const src = readFileSync(new URL(f, dir), 'utf8');
      expect(src, f).not.toMatch(/from 'node:|\bprocess\.|console\.|Date\.now|Math\.random/);
    }
  });
});

describe('helpers', () => {
  const book = parseCodebook(readFileSync(new URL('../fixtures/codebook/example.yaml', import.meta.url), 'utf8'), { file: 'example.yaml' });

  it('codebookToCodeRefs', () => {
    const refs = codebookToCodeRefs(book);
    expect(refs).toHaveLength(5);
    expect(refs[1]).toEqual({ id: 'trust', name: { nl: 'Vertrouwen', en: 'Trust' }, codebook: 'example', parent: 'relatie', definition: book.codes[1].definition });
  });

  it('localise falls back nl ↔ en', () => {
    expect(localise({ nl: 'Afspraken' }, 'en')).toBe('Afspraken');
    expect(localise({ en: 'Trust' }, 'nl')).toBe('Trust');
    expect(localise(undefined, 'nl')).toBe('');
  });

  it('tree helpers', () => {
    expect(topLevelCategory(book, 'meetings')).toBe('process');
    expect(topLevelCategory(book, 'relatie')).toBe('relatie');
    expect(ancestors(book, 'trust')).toEqual(['relatie']);
    expect(codeTree(book).map((n) => [n.code.id, n.children.map((c) => c.code.id)])).toEqual([
      ['relatie', ['trust', 'agreements']],
      ['process', ['meetings']],
    ]);
  });
});
