import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCodebookWithDiagnostics } from '../../src/codebook/parse-codebook.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

/**
 * The same keyword in the rules of two codes ("samenwerking" for both samenwerking and overleg):
 * every passage with it was coded with both, and codebook validate said ok. Now a warning, once
 * per keyword, naming the codes and their places, with the fix. A keyword that only counts
 * beside another (min: 2) codes nothing alone and is not said.
 */
const yaml = `id: kw
language: nl
codes:
  - id: samenwerking
    rules:
      - keywords: [samenwerking, samen optrekken]
  - id: overleg
    rules:
      - keywords: [overleg*, Samenwerking]
      - keywords: ["samen optrekken", afstemmen]
        min: 2
  - id: afstemming
    rules:
      - keywords:
          nl: [afstemming]
          en: [samenwerking]
`;

describe('a keyword in the rules of several codes', () => {
  it('is a warning naming the keyword, its language and each code with its place; once per keyword', () => {
    const r = parseCodebookWithDiagnostics(yaml, { file: 'kw.yaml' });
    const w = r.diagnostics.filter((d) => d.ruleId === 'keyword-in-several-codes');
    expect(w.map((d) => [d.path, d.severity, d.actual])).toEqual([['/codes/1/rules/0', 'warning', 'samenwerking']]);
    expect(w[0].message).toBe('the keyword "samenwerking" (nl) is a rule term of 2 codes: "samenwerking" (/codes/0/rules/0, line 6), "overleg" (/codes/1/rules/0, line 9); every passage with it is coded with each of them');
    expect(w[0].hint).toContain('keep "samenwerking" in the rules of one code');
  });

  it('a phrase written under `phrases:` is one too', () => {
    const r = parseCodebookWithDiagnostics('id: ph\nlanguage: nl\ncodes:\n  - id: a\n    rules:\n      - phrases: ["samen optrekken"]\n  - id: b\n    rules:\n      - keywords: ["samen optrekken"]\n', { file: 'ph.yaml' });
    const w = r.diagnostics.filter((d) => d.ruleId === 'keyword-in-several-codes');
    expect(w.map((d) => d.message)).toEqual(['the keyword "samen optrekken" (nl) is a rule term of 2 codes: "a" (/codes/0/rules/0, line 6), "b" (/codes/1/rules/0, line 9); every passage with it is coded with each of them']);
  });

  it('qda code says it once and still codes both (nothing changed but the word)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-kw-several-'));
    writeFileSync(join(dir, 'kw.yaml'), yaml);
    writeFileSync(join(dir, 'r1.txt'), 'Interviewer: Hoe gaat het?\nAnna: De samenwerking met de school is goed.\nInterviewer: En?\nAnna: Ook de samenwerking met de buurt.\n');
    const io = memoryIo(dir);
    expect(await main(['code', 'r1.txt', '-c', 'kw.yaml', '-f', 'csv'], io), io.err()).toBe(0);
    expect(io.err().split('[codebook:keyword-in-several-codes]').length - 1).toBe(1);
    const rows = io.out().trim().split('\n').slice(1).map((l) => l.split(',')[7]);
    expect(rows.sort()).toEqual(['overleg', 'overleg', 'samenwerking', 'samenwerking']);
  });

  it('no built-in codebook has such a keyword', async () => {
    const { BUILTIN_CODEBOOK_IDS } = await import('../../src/codebook/builtins.js');
    const { readFileSync } = await import('node:fs');
    for (const id of BUILTIN_CODEBOOK_IDS) {
      const r = parseCodebookWithDiagnostics(readFileSync(new URL(`../../codebooks/${id}.yaml`, import.meta.url), 'utf8'), { file: `${id}.yaml` });
      expect(r.diagnostics.filter((d) => d.ruleId === 'keyword-in-several-codes').map((d) => d.message), id).toEqual([]);
    }
  });
});
