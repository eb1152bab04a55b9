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
import { countNames, otherCaseForms } from '../../src/privacy/names.js';

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
