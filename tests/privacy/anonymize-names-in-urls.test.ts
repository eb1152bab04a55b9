/**
 * qda anonymize: a known name inside a web address (linkedin.com/in/sanne-jansen,
 * www.sannejansen.nl) was left in the output without a word: the name matcher looks for words.
 * Names are invented.
 */
import { describe, expect, it } from 'vitest';
import { Pseudonymiser } from '../../src/privacy/pseudonymise.js';

describe('a known name inside a web address', () => {
  it('is replaced by the person\'s pseudonym, in any letter case and with - _ . or nothing between its words', () => {
    const ps = new Pseudonymiser({ names: [{ name: 'Sanne Jansen' }], heuristics: false });
    const t = 'Ik sprak Sanne Jansen. Kijk op linkedin.com/in/sanne-jansen of www.SanneJansen.nl en https://x.org/p/sanne_jansen/.';
    ps.learn(t);
    const r = ps.apply(t);
    expect(r.text).toBe('Ik sprak R1. Kijk op linkedin.com/in/R1 of www.R1.nl en https://x.org/p/R1/.');
    expect(r.edits.filter((e) => e.rule === 'name-in-url').map((e) => e.original)).toEqual(['sanne-jansen', 'SanneJansen', 'sanne_jansen']);
    expect(ps.keyEntries().map((k) => k.original)).toEqual(['Sanne Jansen']);
  });

  it('a web address without a known name is left as it is', () => {
    const ps = new Pseudonymiser({ names: [{ name: 'Sanne Jansen' }], heuristics: false });
    const t = 'Zie www.gemeente.nl/wijkteam en jansen.nl/over.';
    expect(ps.apply(t).text).toBe(t);
  });
});
