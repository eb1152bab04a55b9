/**
 * A name wrapped over two lines ("mijn collega Piet⏎Bakker weet ervan"): the heuristics looked for
 * the words of a name on one line only (so that a name does not run into the next line's speaker
 * label), so "Piet" was replaced alone and "Bakker" stayed in the output. A name now continues over
 * one line break, unless the next line begins with a speaker label.
 */
import { describe, expect, it } from 'vitest';
import { Pseudonymiser } from '../../src/privacy/pseudonymise.js';
import { findHeuristicNames } from '../../src/privacy/names.js';

describe('names at a line break', () => {
  it('are found whole over one line break (cue, title and capitalised words)', () => {
    const found = (t: string) => findHeuristicNames(t).map((f) => f.original);
    expect(found('Mijn collega Piet\nBakker weet ervan.')).toContain('Piet\nBakker');
    expect(found('Ik sprak mevrouw Anna\nde Vries gisteren.')).toContain('Anna\nde Vries');
    expect(found('Toen kwam Karin Smit en Joost\nvan Dam binnen.')).toContain('Karin Smit');
  });

  it('not into a line that begins with a speaker label', () => {
    const found = (t: string) => findHeuristicNames(t).map((f) => f.original);
    expect(found('Ik belde collega Piet\nBakker: ja, dat klopt.').some((x) => x.includes('\n'))).toBe(false);
    expect(found('Interviewer: Dank u, Sanne Jansen\nKees de Vries: graag gedaan.').some((x) => x.includes('\n'))).toBe(false);
  });

  it('qda anonymize leaves neither part in the output', () => {
    const p = new Pseudonymiser({});
    const text = 'Interviewer: Met wie werkt u?\nRespondent: Mijn collega Piet\nBakker weet ervan. Piet\nzei het ook, en Bakker ook.\n';
    p.learn(text);
    const out = p.apply(text).text;
    expect(out).not.toMatch(/Piet|Bakker/);
    expect(out).toBe('Interviewer: Met wie werkt u?\nRespondent: Mijn collega R1 weet ervan. R1\nzei het ook, en R1 ook.\n');
  });
});
