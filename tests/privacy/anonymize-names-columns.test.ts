import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs, writeProject } from '../helpers/inputs-untouched.js';

/**
 * A names list whose columns are not `name` and `pseudonym`: with a first row
 * `voornaam,achternaam` it was read without a header, each first name replaced by its second
 * column as "pseudonym" (Jan → Jansen: the surname written into the text, and left there), the
 * header row itself a name. Now that stops before anything is written; a column beside `naam`
 * that is not read (`achternaam`), or a third value on a row, is said. Invented names.
 */
let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'qda-names-cols-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const text = 'Interviewer: Hoe gaat het met Jan?\nRespondent: Jan en Piet Bakker werken goed samen. Ook Anouk de Wit doet mee.\n';

describe('anonymize: the columns of a names list', () => {
  it('a first row of other column names (voornaam,achternaam) stops with the line and the fix; nothing is written', async () => {
    const d = writeProject(root, 'a', { 'corpus/int1.txt': text, 'namen.csv': 'voornaam,achternaam\nJan,Jansen\nPiet,Bakker\n' });
    const r = await qdaLeavingInputs(d, ['anonymize', 'corpus', '-o', 'anon', '--names', 'namen.csv', '--no-heuristics']);
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      'namen.csv:1: error: the first row ("voornaam,achternaam") names the columns, but none is "name" or "naam": read as names, the second column would be each name\'s pseudonym (line 2: "Jan" replaced by "Jansen"), and the names in it would stay in the text [cli:bad-names-file]\n' +
        '  hint: name the column of the names "naam" (or "name"), and a column of pseudonyms you chose "pseudoniem"; write each other form of a name (a surname alone) on a row of its own in that column',
    );
    expect(existsSync(join(d, 'anon'))).toBe(false);
  });

  it('a column beside "naam" that is not read is said with its lines; the names of "naam" are replaced', async () => {
    const d = writeProject(root, 'b', { 'corpus/int1.txt': text, 'namen.csv': 'naam;achternaam;pseudoniem\nJan;Bakker;Kees\nPiet Bakker;;Henk\nAnouk de Wit;de Wit;Els\n' });
    const r = await qdaLeavingInputs(d, ['anonymize', 'corpus', '-o', 'anon', '--names', 'namen.csv', '--no-heuristics'], ['anon']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(
      'namen.csv:2: warning: 2 values of the names list are in no column that is read (column "achternaam": lines 2, 4): only the "naam" column is read as names and the "pseudoniem" as their pseudonyms; a name there is not replaced [cli:names-column-not-read]\n' +
        '  hint: write each name to replace on a row of its own in the "naam" column (a surname alone too); delete the other column if it holds no names',
    );
    expect(readFileSync(join(d, 'anon/int1.txt'), 'utf8')).toBe('Interviewer: Hoe gaat het met Kees?\nRespondent: Kees en Henk werken goed samen. Ook Els doet mee.\n');
  });

  it('without a header, a third value on a row is said; name,pseudonym rows read as before', async () => {
    const d = writeProject(root, 'c', { 'corpus/int1.txt': text, 'namen.csv': 'Jan,Kees\nPiet Bakker,Henk,collega van Jan\n' });
    const r = await qdaLeavingInputs(d, ['anonymize', 'corpus', '-o', 'anon', '--names', 'namen.csv', '--no-heuristics'], ['anon']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('namen.csv:2: warning: 1 value of the names list is in no column that is read (column 3: line 2): only the first column is read as names and the second as their pseudonyms; a name there is not replaced [cli:names-column-not-read]');
    expect(readFileSync(join(d, 'anon/int1.txt'), 'utf8')).toContain('Kees en Henk werken');
  });
});
