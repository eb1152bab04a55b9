import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCodebookWithDiagnostics } from '../../src/codebook/parse-codebook.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

/**
 * A regex rule that matches zero characters ("\b", "(?=samen)", "x*", "a|"): qda code skips empty
 * matches, so "\b" and a lookahead alone never coded anything, and "x*" coded only the x's — while
 * codebook validate said ok. Now a warning with the place and the fix.
 */
const yaml = `id: rx
codes:
  - id: a
    rules:
      - regex: "\\\\b"
  - id: b
    rules:
      - regex: "(?=samen)"
  - id: c
    rules:
      - regex: "samen|"
  - id: d
    rules:
      - regex: "\\\\bsamen\\\\w*"
`;

describe('regex rules that match empty text', () => {
  it('are warnings with their place: "only" for a pattern that never matches a character, "can" for one that also does; a pattern that never matches empty is not', () => {
    const r = parseCodebookWithDiagnostics(yaml, { file: 'rx.yaml' });
    const w = r.diagnostics.filter((d) => d.ruleId === 'regex-matches-empty');
    expect(w.map((d) => [d.path, d.line, d.severity])).toEqual([
      ['/codes/0/rules/0/regex', 5, 'warning'],
      ['/codes/1/rules/0/regex', 8, 'warning'],
      ['/codes/2/rules/0/regex', 11, 'warning'],
    ]);
    expect(w[0].message).toBe('regular expression "\\b" matches only empty text (zero characters, as a lookahead or \\b alone does): qda code skips empty matches, so this rule never codes anything');
    expect(w[2].message).toBe('regular expression "samen|" can match empty text (zero characters): qda code skips empty matches, so this rule codes only where it matches at least one character');
    expect(w[2].hint).toBe('make every part match at least one character, e.g. "x+" instead of "x*", "(a|b)" instead of "(a|b|)"');
  });

  it('qda codebook validate says them (exit 0: warnings), the file left as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-rx-empty-'));
    writeFileSync(join(dir, 'rx.yaml'), yaml);
    const before = readFileSync(join(dir, 'rx.yaml'));
    const io = memoryIo(dir);
    expect(await main(['codebook', 'validate', 'rx.yaml'], io), io.err()).toBe(0);
    expect(io.out() + io.err()).toContain('rx.yaml:8:16 (/codes/1/rules/0/regex): warning: regular expression "(?=samen)" matches only empty text');
    expect(io.out() + io.err()).toContain('rx.yaml: ok (4 codes, 3 warnings)');
    expect(readFileSync(join(dir, 'rx.yaml')).equals(before)).toBe(true);
  });
});
