import { describe, it, expect } from 'vitest';
import { checkRegexSafety } from '../../src/codebook/regex-safety.js';
import { parseCodebookWithDiagnostics } from '../../src/codebook/parse-codebook.js';

/**
 * Two shapes of catastrophic backtracking the static check let through (codebook validate said ok,
 * and qda code would hang on the first segment that almost matches):
 * - many optional characters in a row that share a run: "a?a?…a?aa…a" (25 + 25) ran for 90 s on
 *   46 characters;
 * - a repeated group that can also match nothing: "(?:a?){25}$" ran for two minutes on 46 characters.
 * Both are refused now, with the place and a rewrite; common optional parts stay fine.
 */
describe('regexes with optional parts', () => {
  it('refuses many optionals in a row over one character, and a repeated group that can match nothing', () => {
    expect(checkRegexSafety('a?'.repeat(25) + 'a'.repeat(25))).toMatchObject({ ok: false, reason: expect.stringContaining('repetitions in a row, "a?" … "a?"') });
    expect(checkRegexSafety('(?:a?){25}$')).toEqual({
      ok: false,
      reason: 'a repeated group that can also match nothing in "(?:a?){25}": each repetition may take a character or not, so a text that almost matches is tried in exponentially many ways',
      hint: 'make the repeated part match at least one character, e.g. "(a?){25}" → "a{0,25}", "(?:a?b?)*" → "[ab]*"',
    });
    expect(checkRegexSafety('(a?){25}a{25}').ok).toBe(false);
    expect(checkRegexSafety('(?:a?b?)*c').ok).toBe(false);
  });

  it('lets common optional parts through', () => {
    for (const p of ['colou?r', 'https?://\\S+', '\\s?-?\\s?\\d', '(?:ab?){20}c', '(?:\\d{1,3}\\.?){4}', '(?:mede)?werk(?:er|ers|ster)?', 'e-?mail', '\\d{4}\\s?[a-z]{2}', 'a?a?a?a?a?b']) expect(checkRegexSafety(p), p).toEqual({ ok: true });
  });

  it('codebook validate: an error with the place', () => {
    const r = parseCodebookWithDiagnostics('id: rx\ncodes:\n  - id: a\n    rules:\n      - regex: "(?:a?){25}$"\n', { file: 'rx.yaml' });
    const e = r.diagnostics.find((d) => d.ruleId === 'unsafe-regex')!;
    expect([e.severity, e.line, e.path]).toEqual(['error', 5, '/codes/0/rules/0/regex']);
  });
});
