/**
 * The start-up fast path for built-in codebooks (YAML.parse + normalise, no ajv) must give
 * exactly the codebook the full parser gives, for every built-in.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { BUILTIN_CODEBOOK_IDS } from '../../src/codebook/builtins.js';
import { parseCodebook } from '../../src/codebook/parse-codebook.js';
import { builtinCodebookPath, parseBuiltinCodebookFast, readCodebook } from '../../src/ingest/read-codebook.js';
import { existsSync } from 'node:fs';

describe('built-in codebook fast path', () => {
  const present = BUILTIN_CODEBOOK_IDS.filter((id) => existsSync(builtinCodebookPath(id)));
  it('there are built-ins to check', () => expect(present.length).toBeGreaterThan(0));
  for (const id of present) {
    it(`${id}: fast path === parseCodebook`, async () => {
      const text = readFileSync(builtinCodebookPath(id), 'utf8');
      const file = `codebooks/${id}.yaml`;
      const slow = parseCodebook(text, { file });
      const fast = await parseBuiltinCodebookFast(text, file);
      expect(fast).toBeDefined();
      expect(fast).toEqual(slow);
      const read = await readCodebook(id, { cwd: '/' });
      expect({ ...read, file: undefined, sha256: undefined }).toEqual({ ...slow, file: undefined, sha256: undefined });
    });
  }
  it('falls back (undefined) on anything the full parser would report', async () => {
    expect(await parseBuiltinCodebookFast('id: x\ncodes: [{id: a, rules: [{regex: "(a+)+$"}]}]\n', 'x.yaml')).toBeUndefined();
    expect(await parseBuiltinCodebookFast('id: x\n  bad: : indent\n', 'x.yaml')).toBeUndefined();
    expect(await parseBuiltinCodebookFast('[1, 2]', 'x.yaml')).toBeUndefined();
  });
});

describe('precompiled built-ins in dist/ (scripts/build-builtins.mjs)', () => {
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  const { join, resolve } = require('node:path') as typeof import('node:path');
  const dir = resolve(__dirname, '../../dist/builtin-codebooks');
  const ids = BUILTIN_CODEBOOK_IDS.filter((id) => existsSync(join(dir, `${id}.json`)) && existsSync(builtinCodebookPath(id)));
  it.skipIf(ids.length === 0)('each precompiled codebook whose hash matches its YAML equals parseCodebook (skipped when there are none: npm run build creates them)', () => {
    for (const id of ids) {
      const bytes = readFileSync(builtinCodebookPath(id));
      const j = JSON.parse(readFileSync(join(dir, `${id}.json`), 'utf8'));
      if (j.sha256 !== createHash('sha256').update(bytes).digest('hex')) continue; // stale: never used
      expect(j.book).toEqual(JSON.parse(JSON.stringify(parseCodebook(bytes.toString('utf8'), { file: `codebooks/${id}.yaml` }))));
    }
  });
});
