/**
 * One pseudonym for two people: a names list (or the key) that gives `Persoon A` to both `Piet Jansen` and
 * `Marieke van Dam` made them one person in every pseudonymised text, without a word. Now said, with the
 * rows, the places and what to do; names that share a word or a spelling variant of one (Jan de Vries and
 * Jan, Meijer and Meyer) are one person and nothing is said. Nothing is changed in what is written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pseudonymiser } from '../../src/privacy/pseudonymise.js';
import { qdaLeavingInputs as qda } from '../helpers/inputs-untouched.js';

describe('Pseudonymiser.pseudonymsOfSeveral', () => {
  it('a pseudonym of names that share no word; not of one person written two ways', () => {
    const p = new Pseudonymiser({
      names: [
        { name: 'Piet Jansen', pseudonym: 'Persoon A', line: 2 },
        { name: 'Marieke van Dam', pseudonym: 'Persoon A', line: 3 },
        { name: 'Jan de Vries', pseudonym: 'R1', line: 4 },
        { name: 'Jan', pseudonym: 'R1', line: 5 },
        { name: 'Meijer', pseudonym: 'R3', line: 6 },
        { name: 'K. Meyer', pseudonym: 'R3', line: 7 },
      ],
      key: [{ original: 'Sanne Bakker', pseudonym: 'Persoon A', kind: 'person' }],
    });
    expect(p.pseudonymsOfSeveral()).toEqual([
      {
        pseudonym: 'Persoon A',
        names: [
          { name: 'Sanne Bakker', from: 'key' },
          { name: 'Piet Jansen', from: 'names-list', line: 2 },
          { name: 'Marieke van Dam', from: 'names-list', line: 3 },
        ],
      },
    ]);
  });
});

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-several-'));
  writeFileSync(join(dir, 'a.txt'), 'Interviewer: Met wie werkt u samen?\n\nRespondent: Met Piet Jansen en met Marieke van Dam van het wijkteam.\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('qda anonymize', () => {
  it('says the pseudonym given to two people in the names list, with its rows and places; the text as before', async () => {
    writeFileSync(join(dir, 'names.csv'), 'name,pseudonym\nPiet Jansen,Persoon A\nMarieke van Dam,Persoon A\n');
    const r = await qda(dir, ['anonymize', 'a.txt', '-o', 'out', '--names', 'names.csv'], ['out']);
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(join(dir, 'out/a.txt'), 'utf8')).toBe('Interviewer: Met wie werkt u samen?\n\nRespondent: Met Persoon A en met Persoon A van het wijkteam.\n');
    expect(r.err).toContain(
      'names.csv:2: warning: "Persoon A" is the pseudonym of 2 names that share no word: "Piet Jansen" (the names list names.csv, line 2), "Marieke van Dam" (the names list names.csv, line 3): in the pseudonymised texts they read as one person (2 places, first a.txt:3:17) [cli:pseudonym-several-names]',
    );
    expect(r.err).toContain('hint: if they are two people, give each its own pseudonym (a row of its own in the names list) and run again');
  });

  it('one person under two names of a shared word: nothing said', async () => {
    writeFileSync(join(dir, 'names2.csv'), 'name,pseudonym\nPiet Jansen,Persoon A\nPiet,Persoon A\nMarieke van Dam,Persoon B\n');
    const r = await qda(dir, ['anonymize', 'a.txt', '-o', 'out2', '--names', 'names2.csv'], ['out2']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).not.toContain('pseudonym-several-names');
  });
});
