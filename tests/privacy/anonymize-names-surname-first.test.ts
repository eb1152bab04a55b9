import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs, writeProject } from '../helpers/inputs-untouched.js';

/**
 * A names list typed "Surname, First name" a line, without a header: the comma split each name,
 * and the surname was replaced by the given name as its "pseudonym" (Jansen → Petra: a real name
 * put into the output) while the given name stayed in the text, without a word. Now such a list
 * (every row ", " and a given name) is read as the names as spoken (Petra Jansen), said with its
 * rows (`names-surname-first`); a name in one cell written so ("Jansen, Petra" quoted, under a
 * header) too; one such row among name,pseudonym rows is said and read as written. The first two
 * tests fail on the old code. Invented names.
 */
let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'qda-names-surname-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const text = 'Interviewer: Hoe gaat het?\nRespondent: Petra Jansen belde. Jansen zei het, en Petra ook. Jan de Vries was er niet.\n';

describe('anonymize: a names list written surname first', () => {
  it('without a header: each row is one name, as spoken; nothing of it stays in the text', async () => {
    const d = writeProject(root, 'a', { 'corpus/int1.txt': text, 'namen.csv': 'Jansen, Petra\nVries, Jan de\n' });
    const r = await qdaLeavingInputs(d, ['anonymize', 'corpus', '-o', 'anon', '--names', 'namen.csv', '--no-heuristics'], ['anon']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(
      'namen.csv:1: warning: 2 names of the names list are written surname first ("Jansen, Petra" read as "Petra Jansen", "Vries, Jan de" read as "Jan de Vries"; lines 1, 2): read as the name as it is spoken, its given name and surname each replaced too (not as the name "Jansen" with the pseudonym "Petra") [cli:names-surname-first]\n' +
        '  hint: if the value after the comma is a pseudonym you chose, give the list a header row "naam,pseudoniem"',
    );
    const out = readFileSync(join(d, 'anon/int1.txt'), 'utf8');
    expect(out).not.toMatch(/Petra|Jansen|Vries/);
  });

  it('a quoted "Surname, First name" under a header is read as the name as spoken', async () => {
    const d = writeProject(root, 'b', { 'corpus/int1.txt': text, 'namen.csv': 'naam,pseudoniem\n"Jansen, Petra",Anna\n' });
    const r = await qdaLeavingInputs(d, ['anonymize', 'corpus', '-o', 'anon', '--names', 'namen.csv', '--no-heuristics'], ['anon']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('namen.csv:2: warning: 1 name of the names list is written surname first ("Jansen, Petra" read as "Petra Jansen"; line 2): read as the name as it is spoken, its given name and surname each replaced too [cli:names-surname-first]');
    expect(readFileSync(join(d, 'anon/int1.txt'), 'utf8')).toContain('Respondent: Anna belde.');
  });

  it('one such row among name,pseudonym rows: said, read as written', async () => {
    const d = writeProject(root, 'c', { 'corpus/int1.txt': text, 'namen.csv': 'Jan de Vries,P1\nJansen, Petra\n' });
    const r = await qdaLeavingInputs(d, ['anonymize', 'corpus', '-o', 'anon', '--names', 'namen.csv', '--no-heuristics'], ['anon']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('namen.csv:2: warning: 1 row of the names list may write a name surname first ("Jansen, Petra"; line 2), while other rows give a name and its pseudonym: read as the name "Jansen" with the pseudonym "Petra"');
    expect(r.err).toContain('hint: if it is one person\'s name, write it as it is spoken ("Petra Jansen") on its row');
  });

  it('name,pseudonym rows without a space, or a pseudonym that is no given name: nothing to say', async () => {
    const d = writeProject(root, 'd', { 'corpus/int1.txt': text, 'namen.csv': 'Jansen,Petra\nJan de Vries, P1\n' });
    const r = await qdaLeavingInputs(d, ['anonymize', 'corpus', '-o', 'anon', '--names', 'namen.csv', '--no-heuristics'], ['anon']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).not.toContain('names-surname-first');
    expect(readFileSync(join(d, 'anon/int1.txt'), 'utf8')).toContain('P1 was er niet');
  });
});
