import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCodebookWithDiagnostics } from '../../src/codebook/parse-codebook.js';
import { formatDiagnostic } from '../../src/model/errors.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

/**
 * A codebook written by hand: YAML ends a plain text at " #" (the rest is a comment), so a
 * definition "Gebruik bij #1 prioriteit …" was read as "Gebruik bij", an example "Zij zei #echt waar"
 * as "Zij zei", and validate said ok. Each such text is now a warning with its place; a comment
 * after an id or a setting is not. `version: 1.10` was the number 1.1: it is kept as written.
 */
const BOOK = `id: com
version: 1.10
codes:
  - id: a  # de hoofdcode
    definition: Gebruik bij #1 prioriteit en bij 50% of meer
    include:
      - ouders
      - kinderen #en grootouders
    examples:
      - Zij zei #echt waar
      - "quoted # kept"
    rules:
      - keywords: [zorg*]
        weight: 0.5 # half
  - id: b
    parent: a # onder a
    name:
      nl: Bee #twee
      en: Bee  # comment
    definition: >
      Een lange tekst
      # binnen een gevouwen tekst is dit geen commentaar
`;

describe('codebook: a text that YAML cuts at " #"', () => {
  const r = parseCodebookWithDiagnostics(BOOK, { file: 'cb.yaml' });

  it('is read as YAML reads it, and said with its place and the part left out', () => {
    expect(r.book).toBeDefined();
    const warnings = r.diagnostics.filter((d) => d.ruleId === 'text-cut-by-comment').map((d) => formatDiagnostic(d));
    expect(warnings).toHaveLength(5);
    expect(warnings[0]).toContain('cb.yaml:5:29 (/codes/0/definition): warning: definition: YAML reads a " #" as the start of a comment, so this text is read as "Gebruik bij" and "#1 prioriteit en bij 50% of meer" is left out');
    expect(warnings[0]).toContain('put the whole text in quotes to keep it (definition: "Gebruik bij #1 prioriteit en bij 50% of me…"), or put a comment on a line of its own');
    expect(warnings[1]).toContain('cb.yaml:8:18 (/codes/0/include/1): warning: include: YAML reads a " #" as the start of a comment, so this text is read as "kinderen" and "#en grootouders" is left out');
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('in a list and in a language of a text too; not after an id, a parent or a setting, not in quotes or a folded text', () => {
    const all = r.diagnostics.filter((d) => d.ruleId === 'text-cut-by-comment');
    expect(all.map((d) => d.path)).toEqual(['/codes/0/definition', '/codes/0/include/1', '/codes/0/examples/0', '/codes/1/name/nl', '/codes/1/name/en']);
    expect(r.book!.codes[0].examples).toEqual({ nl: ['Zij zei', 'quoted # kept'] });
    expect(r.book!.codes[1].definition!.nl).toContain('# binnen een gevouwen tekst');
  });

  it('keeps version: 1.10 as written', () => {
    expect(r.book!.version).toBe('1.10');
  });

  it('qda codebook validate prints the warning and exits 0; the file is left as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-cb-comment-'));
    writeFileSync(join(dir, 'cb.yaml'), BOOK);
    const before = readFileSync(join(dir, 'cb.yaml'));
    const io = memoryIo(dir);
    const code = await main(['codebook', 'validate', 'cb.yaml'], io);
    expect(code).toBe(0);
    expect(io.out() + io.err()).toContain('cb.yaml:5:29 (/codes/0/definition): warning: definition: YAML reads a " #"');
    expect(readFileSync(join(dir, 'cb.yaml')).equals(before)).toBe(true);
  });
});
