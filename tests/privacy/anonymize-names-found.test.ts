/**
 * qda anonymize says which names of --names it never found: a misspelt name ("Hendrikje Walstar")
 * replaced nothing, and the researcher believed it was replaced. And a listed name that stands in
 * another letter case in a text ("hendrikje walstra") is left as written (it may be a word), but
 * said with its place. Names are invented here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs, writeProject } from '../helpers/inputs-untouched.js';
import { countNames, otherAccentForms, otherCaseForms } from '../../src/privacy/names.js';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'qda-anon-names-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('names of the list that were found, and how', () => {
  it('countNames counts the forms the matcher replaces, also inside a longer listed name', () => {
    const c = countNames(['Jan de Vries', 'Jan', 'Walstar', 'okke'], ['Jan de Vries zei het. JAN DE VRIES ook.', 'Okke belde.']);
    expect(c.get('Jan de Vries')).toBe(2);
    expect(c.get('Jan')).toBe(2);
    expect(c.get('Walstar')).toBe(0);
    expect(c.get('okke')).toBe(1);
  });
  it('otherCaseForms finds the letter cases the matcher leaves', () => {
    expect(otherCaseForms(['Lotte Vermeer'], 'Lotte Vermeer en lotte vermeer en LOTTE Vermeer en Lotte vermeer.')).toEqual([
      { name: 'Lotte Vermeer', index: 17, form: 'lotte vermeer' },
      { name: 'Lotte Vermeer', index: 51, form: 'Lotte vermeer' },
    ]);
  });
});

describe('forms of a listed name with other accents', () => {
  it('otherAccentForms finds forms that differ by accents or diacritics (either way, also in another case), not the letter-case-only ones', () => {
    const t = 'José Martín kwam. Jose Martin ook, en jose martin. JOSÉ MARTÍN en josé martín. Zoe, Zoë, Zoé. Jose alleen.';
    expect(otherAccentForms(['José Martín', 'Zoë'], t)).toEqual([
      { name: 'José Martín', index: 18, form: 'Jose Martin' },
      { name: 'José Martín', index: 38, form: 'jose martin' },
      { name: 'Zoë', index: 79, form: 'Zoe' },
      { name: 'Zoë', index: 89, form: 'Zoé' },
    ]);
    // the list without accents, the text with them; and accents written as combining marks
    expect(otherAccentForms(['Jose Martin'], 'Hier José Martín.')).toEqual([{ name: 'Jose Martin', index: 5, form: 'José Martín' }]);
    expect(otherAccentForms(['Zoë'], 'Met Zoe\u0308 erbij.')).toEqual([{ name: 'Zoë', index: 4, form: 'Zoe\u0308' }]);
    // (a letter whose lower case is longer, "İ", keeps the places of what follows)
    expect(otherAccentForms(['Zoë'], 'İstanbul, İZMİR en Zoe.')).toEqual([{ name: 'Zoë', index: 19, form: 'Zoe' }]);
    // a listed spelling is no other form; a longer word is no form
    expect(otherAccentForms(['Zoë', 'Zoe'], 'Zoe en Zoë.')).toEqual([]);
    expect(otherAccentForms(['Zoë'], 'Zoeken.')).toEqual([]);
  });
});

describe('qda anonymize --names', () => {
  it('says each listed name found 0 times (with its line and the files searched), and each listed name left in another letter case (with its place)', async () => {
    const d = writeProject(tmp, 'study', {
      'corpus/interview-01.txt': 'Interviewer: Hoe gaat het?\nHendrikje Walstra: Goed. Ik werk met Lotte Vermeer.\n',
      'corpus/interview-02.txt': 'Interviewer: En verder?\nBas: Ik mailde lotte vermeer gisteren.\n',
      'names.csv': 'name,pseudonym\nHendrikje Walstar,\nLotte Vermeer,\nBas,\n',
    });
    const r = await qdaLeavingInputs(d, ['anonymize', 'corpus', '-o', 'anon', '--names', 'names.csv', '--no-heuristics'], ['anon']);
    expect(r.code).toBe(0);
    expect(r.err).toContain(
      'names.csv:2: warning: "Hendrikje Walstar" of the names list was found 0 times in the 2 file(s) searched (corpus/interview-01.txt, corpus/interview-02.txt): nothing was replaced for it [cli:name-not-found]\n' +
        '  hint: check the spelling against the transcripts (a name is found as written, in Title Case and in CAPITALS; another spelling, letter case or accent is not): correct the row, or add each form as it is written as a row of its own',
    );
    // found names are not said
    expect(r.err).not.toContain('"Bas" of the names list');
    expect(r.err).not.toContain('"Lotte Vermeer" of the names list was found');
    expect(r.err).toContain(
      'anon/interview-02.txt:2:15: warning: "Lotte Vermeer" of the names list (line 3) remains in another letter case in 1 place(s) of the output, not replaced (first: "lotte vermeer") [cli:name-other-case]\n' +
        '  hint: if "lotte vermeer" is the name, add it as it is written as a row of the names list (names.csv) and run again; if it is an ordinary word, nothing needs doing',
    );
    expect(readFileSync(join(d, 'anon/interview-02.txt'), 'utf8')).toContain('lotte vermeer');
    expect(readFileSync(join(d, 'anon/interview-01.txt'), 'utf8')).not.toContain('Lotte Vermeer');
  });

  it('says each listed name left with other accents or diacritics (with its place), and leaves it as written', async () => {
    const d = writeProject(tmp, 'accents', {
      'corpus/interview-01.txt': 'Interviewer: Wie was er?\nR: José Martín en Zoë.\n',
      'corpus/interview-02.txt': 'Interviewer: En later?\nR: Toen kwam Jose Martin, en\nnog eens jose martin. Ook Zoe.\n',
      'corpus/interview-03.txt': 'Interviewer: En toen?\nR: Zoe\u0308 belde.\n',
      'names.csv': 'name\nJosé Martín\nZoë\n',
    });
    const r = await qdaLeavingInputs(d, ['anonymize', 'corpus', '-o', 'anon', '--names', 'names.csv', '--no-heuristics'], ['anon']);
    expect(r.code).toBe(0);
    expect(r.err).toContain(
      'anon/interview-02.txt:2:14: warning: "José Martín" of the names list (line 2) remains with other accents or diacritics in 2 place(s) of the output, not replaced (first: "Jose Martin"; also anon/interview-02.txt:3:10) [cli:name-other-accents]\n' +
        '  hint: if "Jose Martin" is the name, add it as it is written as a row of the names list (names.csv) and run again; if it is an ordinary word, nothing needs doing',
    );
    expect(r.err).toContain(
      'anon/interview-02.txt:3:27: warning: "Zoë" of the names list (line 3) remains with other accents or diacritics in 2 place(s) of the output, not replaced (first: "Zoe"; also anon/interview-03.txt:2:4) [cli:name-other-accents]\n',
    );
    expect(r.err).not.toContain('name-other-case');
    expect(r.err).not.toContain('name-not-found');
    // (left as written, the listed forms replaced)
    const two = readFileSync(join(d, 'anon/interview-02.txt'), 'utf8');
    expect(two).toContain('Jose Martin');
    expect(two).toContain('Zoe.');
    expect(readFileSync(join(d, 'anon/interview-01.txt'), 'utf8')).not.toMatch(/José|Zoë/);
  });

  it('a form whose accents are combining marks is said with the fix (compose the accents)', async () => {
    const d = writeProject(tmp, 'nfd', {
      'corpus/interview-01.txt': 'Interviewer: Wie?\nR: Zoe\u0308 en Zoë.\n',
      'names.csv': 'Zoë\n',
    });
    const r = await qdaLeavingInputs(d, ['anonymize', 'corpus', '-o', 'anon', '--names', 'names.csv', '--no-heuristics'], ['anon']);
    expect(r.code).toBe(0);
    expect(r.err).toContain(
      'anon/interview-01.txt:2:4: warning: "Zoë" of the names list (line 1) remains with its accents in another Unicode form (letter and combining mark) in 1 place(s) of the output, not replaced (first: "Zoe\u0308") [cli:name-other-accents]\n' +
        '  hint: the text writes the accents as separate combining marks: save the transcript with composed accents (Unicode NFC) and run again',
    );
  });

  it('a name only in a file name is found (the file name is pseudonymised)', async () => {
    const d = writeProject(tmp, 'byname', {
      'corpus/interview-okke.txt': 'Interviewer: Hoe gaat het?\nR: Goed.\n',
      'names.csv': 'Okke\n',
    });
    const r = await qdaLeavingInputs(d, ['anonymize', 'corpus', '-o', 'anon', '--names', 'names.csv'], ['anon']);
    expect(r.code).toBe(0);
    expect(r.err).not.toContain('name-not-found');
  });
});
