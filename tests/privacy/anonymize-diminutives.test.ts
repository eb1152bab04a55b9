/**
 * Two gaps in pseudonymisation:
 * - Dutch diminutives of known given names (Pietje, Jantje, Sannetje, Anneke, Robbie) were left in
 *   the output: now the person of the given name (rule heuristic-diminutive), said with their places;
 * - a surname or given name alone that several known names share ("Jansen" of Sanne Jansen and Kees
 *   Jansen) got a pseudonym of its own without a word: still its own (it cannot tell which person),
 *   now said with the full names' pseudonyms, its places and the row that would attach it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pseudonymiser, diminutiveBases } from '../../src/privacy/pseudonymise.js';
import { qdaLeavingInputs as qda } from '../helpers/inputs-untouched.js';

describe('diminutives', () => {
  it('the given names a diminutive may be made of', () => {
    expect(diminutiveBases('pietje')).toContain('piet');
    expect(diminutiveBases('jantje')).toContain('jan');
    expect(diminutiveBases('sannetje')).toContain('sanne');
    expect(diminutiveBases('tommetje')).toContain('tom');
    expect(diminutiveBases('evaatje')).toContain('eva');
    expect(diminutiveBases('anneke')).toContain('anne');
    expect(diminutiveBases('robbie')).toContain('rob');
  });

  it('Pietje, Jantjes and Sannetje are the persons of Piet, Jan and Sanne; a word that is a known name itself is not', () => {
    const p = new Pseudonymiser({ names: [{ name: 'Piet de Vries' }, { name: 'Jan Smit' }, { name: 'Sanne' }, { name: 'Anneke Bos' }, { name: 'Anne' }], heuristics: false });
    const r = p.apply('Piet de Vries, Jan Smit en Sanne. Pietje belt, Jantjes fiets, Sannetje lacht. Anneke Bos en Anneke. Een petje.');
    expect(r.text).toBe('R1, R2 en R3. R1 belt, R2s fiets, R3 lacht. R4 en R4. Een petje.');
    expect(r.edits.filter((e) => e.rule === 'heuristic-diminutive').map((e) => e.original)).toEqual(['Pietje', 'Jantje', 'Sannetje']);
    expect(p.diminutivesTaken()).toEqual([
      { form: 'Pietje', name: 'Piet' },
      { form: 'Jantje', name: 'Jan' },
      { form: 'Sannetje', name: 'Sanne' },
    ]);
  });
});

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-dim-'));
  writeFileSync(join(dir, 'a.txt'), 'Interviewer: Hoe gaat het met Sanne Jansen?\nSanne Jansen: Goed. Mijn moeder zei Sannetje. Kees Jansen werkt hier ook.\nInterviewer: En Jansen van de gemeente?\nSanne Jansen: Jansen belt nooit.\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('qda anonymize', () => {
  it('replaces the diminutive and says so; says that "Jansen" alone is given its own pseudonym; the source byte-identical', async () => {
    const r = await qda(dir, ['anonymize', 'a.txt', '-o', 'out'], ['out']);
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(join(dir, 'out/a.txt'), 'utf8')).toBe('Interviewer: Hoe gaat het met R1?\nR1: Goed. Mijn moeder zei R1. R2 werkt hier ook.\nInterviewer: En R3 van de gemeente?\nR1: R3 belt nooit.\n');
    expect(r.err).toContain('a.txt:2:37: warning: 1 diminutive is taken as the person of the given name it is made of: "Sannetje" as Sanne (R1; 1 place, first a.txt:2:37) [cli:name-diminutive]');
    expect(r.err).toContain('hint: if one of them is another person, add it as a row of a names list (--names FILE) and run again');
    expect(r.err).toContain('a.txt:3:17: warning: "Jansen" alone is part of 2 known names (Sanne Jansen → R1, Kees Jansen → R2), so it cannot tell which person it is: it is given a pseudonym of its own, R3, in 2 places, first a.txt:3:17 [cli:name-part-of-several]');
    expect(r.err).toContain('hint: if "Jansen" is one of them, give both the same pseudonym in a names list (--names FILE), e.g. the rows "Sanne Jansen,R1" and "Jansen,R1", and run again');
  });

  it('with those rows in the names list, "Jansen" is Sanne Jansen\'s R1, and nothing is said of it', async () => {
    writeFileSync(join(dir, 'names.csv'), 'Sanne Jansen,R1\nJansen,R1\n');
    const r = await qda(dir, ['anonymize', 'a.txt', '-o', 'out2', '--names', 'names.csv'], ['out2']);
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(join(dir, 'out2/a.txt'), 'utf8')).toContain('Interviewer: En R1 van de gemeente?\nR1: R1 belt nooit.');
    expect(r.err).not.toContain('name-part-of-several');
  });

  it('with a key, the hint names the key row to change', async () => {
    const r = await qda(dir, ['anonymize', 'a.txt', '-o', 'out3', '--key', 'key.csv'], ['out3', 'key.csv', 'key']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('hint: if "Jansen" is one of them, give it that person\'s pseudonym in the key key.csv (the row "Jansen,R3": e.g. R1 for Sanne Jansen) and run again with --key key.csv');
  });
});
