/**
 * The shortcuts of the marker reading give the same answers as the full computation:
 * the legacy-keyword check without a regex, and the running headers asked about one
 * line at a time (without the keys of all lines when the line has no twin).
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { hasLegacyMarker } from '../../src/coding/markers.js';
import { headerLineStarts, lazyHeaderLineStarts } from '../../src/coding/human-codings.js';

describe('hasLegacyMarker is /codes?[ \\t]?:/i', () => {
  const pieces = ['code', 'Code', 'CODE', 'codes', 'CoDeS', 'cod', 'ode', 'c', 's', 'S', ' ', '\t', ':', 'x', 'é', 'ſ', 'K', '\n', 'e', 'de', 'pincode', '’'];
  it('on random strings of marker-like pieces', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 12 }), (ps) => {
        const t = ps.join('');
        expect(hasLegacyMarker(t)).toBe(/codes?[ \t]?:/i.test(t));
      }),
      { numRuns: 3000 },
    );
  });
  it('on random strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (t) => {
        expect(hasLegacyMarker(t)).toBe(/codes?[ \t]?:/i.test(t));
      }),
      { numRuns: 2000 },
    );
  });
  it('examples', () => {
    for (const [t, want] of [
      ['Code: a', true],
      ['codes\t:', true],
      ['CODE :', true],
      ['code  :', false],
      ['cod e:', false],
      ['code s:', false],
      [':code', false],
      ['code', false],
      ['ſode:', false],
    ] as const)
      expect(hasLegacyMarker(t), t).toBe(want);
  });
});

describe('running headers asked one line at a time', () => {
  const LINES = ['Appendix C 74', 'Appendix C 75', 'Appendix  C 9', 'Interviewer: goed, en dan?', 'Code: systems', 'we doen dat samen', 'Maar dat is', '74', '- 75 -', '', '   ', 'Bijlage 3: transcript', 'Bijlage 4: transcript', 'Appendix C', 'we  doen dat samen 12', 'x',
    // around the longest header (80 characters once trimmed; spaces of every kind around it)
    'Appendix C page 7 ' + 'y'.repeat(62), 'Appendix C page 8 ' + 'y'.repeat(62), 'Appendix C page 7 ' + 'y'.repeat(63), 'Appendix C page 8 ' + 'y'.repeat(63),
    '\u00a0 Appendix C page 9 ' + 'y'.repeat(62) + '\u2028\t', '\u3000Appendix C page 9 ' + 'y'.repeat(63) + '\ufeff', 'Anna: ' + 'een lange regel die doorloopt '.repeat(4)];
  it('gives what the running headers of all lines give, at every position', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...LINES), { maxLength: 30 }), fc.constantFrom('\n', '\r\n', '\r'), fc.boolean(), (ls, nl, ff) => {
        const text = ls.map((l, i) => (ff && i % 7 === 3 ? '\f' + l : l)).join(nl);
        const all = headerLineStarts(text);
        const lazy = lazyHeaderLineStarts(text);
        for (let p = 0; p <= text.length; p++) expect(lazy.has(p), `at ${p}`).toBe(all.has(p));
      }),
      { numRuns: 400 },
    );
  });
  it('finds the headers of a copied appendix', () => {
    const text = 'Anna: we doen dat. Code: systems\nAppendix C 74\n\n74\nAnna: verder\nAppendix C 75\n75\nen dan';
    const lazy = lazyHeaderLineStarts(text);
    expect(lazy.has(text.indexOf('Appendix C 74'))).toBe(true);
    expect(lazy.has(text.indexOf('Anna: verder'))).toBe(false);
  });
});
