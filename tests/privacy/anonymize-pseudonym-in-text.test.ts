import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs, writeProject } from '../helpers/inputs-untouched.js';

/**
 * A pseudonym of the names list that the texts also hold, where nothing replaces it: a list
 * written "Petra Jansen;Kees Bakker" (two people on a line) read Kees Bakker as Petra Jansen's
 * pseudonym, and the output named both people "Kees Bakker"; a pseudonym "Anna" beside an Anna
 * in the texts likewise. Now said with the places (`pseudonym-in-text`); before, nothing was
 * said (the first test fails on the old code). Invented names.
 */
let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'qda-pseudonym-in-text-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const text = 'Interviewer: Hoe gaat het?\nRespondent: Petra Jansen belde met Kees Bakker.\n';

describe('anonymize: a pseudonym that the texts hold', () => {
  it('two people on one line of the list: said with the place of the other person', async () => {
    const d = writeProject(root, 'a', { 'corpus/int1.txt': text, 'namen.csv': 'Petra Jansen;Kees Bakker\n' });
    const r = await qdaLeavingInputs(d, ['anonymize', 'corpus', '-o', 'anon', '--names', 'namen.csv', '--no-heuristics'], ['anon']);
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(join(d, 'anon/int1.txt'), 'utf8')).toBe('Interviewer: Hoe gaat het?\nRespondent: Kees Bakker belde met Kees Bakker.\n');
    expect(r.err).toContain(
      'namen.csv:1: warning: the pseudonym "Kees Bakker" of the names list (line 1, for "Petra Jansen") is also in the texts, in 1 place(s) that nothing replaces (first: corpus/int1.txt:2:36): in the output "Petra Jansen" and that "Kees Bakker" read alike, as one person [cli:pseudonym-in-text]',
    );
    expect(r.err).toMatch(/hint: choose a pseudonym that no text holds/);
  });

  it('pseudonyms the texts do not hold: nothing to say', async () => {
    const d = writeProject(root, 'b', { 'corpus/int1.txt': text, 'namen.csv': 'naam,pseudoniem\nPetra Jansen,Anna\nKees Bakker,Piet\n' });
    const r = await qdaLeavingInputs(d, ['anonymize', 'corpus', '-o', 'anon', '--names', 'namen.csv', '--no-heuristics'], ['anon']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).not.toContain('pseudonym-in-text');
  });
});
