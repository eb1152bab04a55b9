import { describe, it, expect } from 'vitest';
import { checkRegexSafety } from '../../src/codebook/regex-safety.js';

describe('checkRegexSafety', () => {
  it.each([
    '(a+)+$', '(a|a)*', '(\\w+\\s?)*$', '(.*a){10}', '(a|ab)+', '(a*)*', '(?:x+x+)+y',
    '^(([a-z])+.)+[A-Z]([a-z])+$', '(\\.|[^"])*"', '(a|)*', '(\\w|\\d)+',
  ])('flags %s', (p) => {
    const r = checkRegexSafety(p);
    expect(r.ok).toBe(false);
    expect(r.reason).toBeTruthy();
    expect(r.hint).toBeTruthy();
  });

  it.each([
    'afspra(ak|ken) (ge)?maakt', '(\\d+,)*', '([a-z]+ )*', '(ja|nee)+', '\\bsamen\\w*', '(\\w+\\s)*x',
    'a{2,5}b', 'vertrouw(en|d)?', '(\\d+,){3}', '[a-z]+@[a-z]+\\.nl', '(?<jaar>\\d{4})-\\d\\d',
  ])('accepts %s', (p) => {
    expect(checkRegexSafety(p)).toEqual({ ok: true });
  });

  it('refuses very long patterns', () => {
    expect(checkRegexSafety('a'.repeat(2001)).ok).toBe(false);
  });
});
