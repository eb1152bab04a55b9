import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { BUILTIN_CODEBOOK_IDS, BUILTIN_LADDER_LEVELS } from '../../src/codebook/builtins.js';
import { builtinCodebookDir, readCodebookWithDiagnostics, listBuiltinCodebooks } from '../../src/ingest/read-codebook.js';
import { formatDiagnostic } from '../../src/model/errors.js';
import { renderCodebookQdc } from '../../src/export/codebook-qdc.js';
import { serializeCodebook } from '../../src/codebook/serialize-codebook.js';
import { parseCodebook } from '../../src/codebook/parse-codebook.js';

const dir = builtinCodebookDir();
const present = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.yaml')) : [];

describe('built-in codebooks', () => {
  it('resolve to codebooks/ at the package root', () => {
    expect(dir.replace(/\\/g, '/')).toMatch(/\/codebooks\/?$/);
    expect(existsSync(new URL('../../package.json', `file://${dir}/`))).toBe(true);
  });

  it.skipIf(present.length === 0)('every codebooks/*.yaml validates without errors (skipped when codebooks/ has no yaml yet)', async () => {
    for (const f of present) {
      const r = await readCodebookWithDiagnostics(`${dir}/${f}`, { cwd: dir });
      const errors = r.diagnostics.filter((d) => d.severity === 'error');
      expect(errors.map(formatDiagnostic), f).toEqual([]);
      expect(r.book!.id, f).toBe(f.replace(/\.yaml$/, ''));
      expect(BUILTIN_CODEBOOK_IDS as readonly string[], f).toContain(r.book!.id);
      if (r.book!.ladder) expect(Math.max(...r.book!.codes.map((c) => c.level ?? 0)), f).toBe(BUILTIN_LADDER_LEVELS[r.book!.id] ?? expect.any(Number));
    }
  }, 60_000);

  it.skipIf(present.length === 0)('every built-in round-trips through yaml and exports a .qdc (skipped when codebooks/ has no yaml yet)', async () => {
    for (const b of await listBuiltinCodebooks()) {
      const { file: _f, sha256: _s, ...plain } = b;
      expect(parseCodebook(serializeCodebook(b, 'yaml'), { file: 'rt.yaml' }), b.id).toEqual(plain);
      const back = parseCodebook(renderCodebookQdc(b, 'en'), { file: 'rt.qdc' });
      expect(back.codes.map((c) => c.id), b.id).toEqual(b.codes.map((c) => c.id).filter((id) => back.codes.some((x) => x.id === id)));
      expect(back.codes).toHaveLength(b.codes.length);
      const { validateXML } = await import('xmllint-wasm');
      const xsd = readFileSync(new URL('../../schemas/refi-qda/Codebook.xsd', import.meta.url), 'utf8');
      for (const lang of ['nl', 'en'] as const) {
        const r = await validateXML({ xml: [{ fileName: `${b.id}.qdc`, contents: renderCodebookQdc(b, lang) }], schema: [{ fileName: 'Codebook.xsd', contents: xsd }] });
        expect(r.errors.map((e) => e.message), `${b.id} ${lang}`).toEqual([]);
      }
    }
  }, 60_000);

  it('lists exactly the documented ids', () => {
    expect(BUILTIN_CODEBOOK_IDS).toEqual(['hovik-hanssen', 'metcalfe', 'coordination-collaboration', 'kaats-opheij', 'frames', 'theories-in-use', 'empowerment', 'randvoorwaarden']);
    expect(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).toMatch(/"codebooks"/);
  });
});
