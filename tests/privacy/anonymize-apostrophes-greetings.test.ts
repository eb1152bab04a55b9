/**
 * qda anonymize on transcripts typed in a word processor: it writes O’Brien, van ’t Hof and
 * Jan‑Willem (curly apostrophe, non-breaking hyphen) where the names list, typed in a spreadsheet,
 * has O'Brien: the name was left in the output, without a word, and van ’t Hof and van 't Hof got
 * two pseudonyms. And a greeting before a name ("Dag Sanne Jansen") was taken into the name, so
 * that "Dag" became a known name and every "Dag." in every file was replaced. Names are invented.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs, writeProject } from '../helpers/inputs-untouched.js';
import { Pseudonymiser } from '../../src/privacy/pseudonymise.js';
import { otherCaseForms } from '../../src/privacy/names.js';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'qda-anon-marks-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('apostrophes and hyphens of a listed name', () => {
  it('any apostrophe or hyphen matches the one of the list, and one person keeps one pseudonym', () => {
    const names = ["Liam O'Brien", "Ruud van 't Hof", 'Jan-Willem Smit'];
    const ps = new Pseudonymiser({ names: names.map((name) => ({ name })), heuristics: false });
    const t = 'Liam O’Brien belde. Ruud van ’t Hof en Ruud van \'t Hof. Jan‑Willem Smit en Jan-Willem Smit.';
    ps.learn(t);
    const r = ps.apply(t);
    expect(r.text).toBe('R1 belde. R2 en R2. R3 en R3.');
    expect(ps.findLeaks(t).length).toBe(5);
    // a form in another letter case is still found with its marks
    expect(otherCaseForms(names, 'liam o’brien')).toEqual([{ name: "Liam O'Brien", index: 0, form: 'liam o’brien' }]);
  });

  it('qda anonymize leaves no O’Brien in the output; the inputs are left as they were', async () => {
    const d = writeProject(tmp, 'marks', {
      'corpus/interview-01.txt': 'Interviewer: Hoe ging het met Liam?\nRespondent: Liam O’Brien en D’Hondt kwamen samen.\n',
      'names.csv': "name\nLiam O'Brien\nD'Hondt\n",
    });
    const r = await qdaLeavingInputs(d, ['anonymize', 'corpus', '-o', 'anon', '--names', 'names.csv'], ['anon']);
    expect(r.code, r.err).toBe(0);
    const out = readFileSync(join(d, 'anon/interview-01.txt'), 'utf8');
    expect(out).toBe('Interviewer: Hoe ging het met R1?\nRespondent: R1 en R2 kwamen samen.\n');
    expect(r.err).not.toContain('name-not-found');
  });
});

describe('a greeting before a name', () => {
  it('is not taken into the name, and stays a word elsewhere; the name after it is a name', () => {
    const texts = ['Interviewer: Dag Sanne Jansen.\nR: Goedemorgen Piet de Boer, welkom.', 'Interviewer: Dag.\nR: Dag! Hallo Kees.'];
    const ps = new Pseudonymiser({ names: [{ name: 'Sanne Jansen' }] });
    for (const t of texts) ps.learn(t);
    expect(texts.map((t) => ps.apply(t).text)).toEqual(['Interviewer: Dag R1.\nR: Goedemorgen R2, welkom.', 'Interviewer: Dag.\nR: Dag! Hallo R3.']);
  });
});
