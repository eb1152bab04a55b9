/**
 * Two gaps in pseudonymisation:
 * - a person's given name or surname alone ("Jan belt elke week" once "Jan de Vries" is known from
 *   the names list, the key or the text) was left in the output as it was: now replaced, with the
 *   full name's pseudonym when one known name has that part, and listed for review
 *   (rule heuristic-name-part);
 * - a key file that gives two persons one pseudonym merged them in the output without a word (now
 *   a warning with both lines), and one name with two pseudonyms used one of them (now exit 2).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pseudonymiser } from '../../src/privacy/pseudonymise.js';
import { nameParts } from '../../src/privacy/names.js';
import { qdaLeavingInputs as qda } from '../helpers/inputs-untouched.js';

describe('name parts', () => {
  it('given name, surname and surname with tussenvoegsel; no common words, months or short parts', () => {
    expect(nameParts('Jan de Vries')).toEqual(['Jan', 'Vries', 'de Vries']);
    expect(nameParts('Karin Smit')).toEqual(['Karin', 'Smit']);
    expect(nameParts('Anna')).toEqual([]);
    expect(nameParts('Jo van Dam')).toEqual(['Dam', 'van Dam']);
    expect(nameParts('Mei Ling')).toEqual(['Ling']);
  });

  it('"Jan" and "De Vries" alone get the pseudonym of the one "Jan de Vries"; lower-case "jan" is not a name', () => {
    const p = new Pseudonymiser({ names: [{ name: 'Jan de Vries' }], heuristics: false });
    const r = p.apply('Jan de Vries belt. Jan belt elke week, De Vries ook. In jan. was het druk.');
    expect(r.text).toBe('R1 belt. R1 belt elke week, R1 ook. In jan. was het druk.');
    expect(r.edits.filter((e) => e.rule === 'heuristic-name-part').map((e) => e.original)).toEqual(['Jan', 'De Vries']);
  });

  it('a part two known names share is still replaced (not left), with a pseudonym of its own', () => {
    const p = new Pseudonymiser({ names: [{ name: 'Jan de Vries' }, { name: 'Jan Smit' }], heuristics: false });
    const r = p.apply('Jan de Vries en Jan Smit. Jan belde.');
    expect(r.text).toBe('R1 en R2. R3 belde.');
    expect(r.text).not.toContain('Jan');
  });
});

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-key-'));
  mkdirSync(join(dir, 'in'));
  writeFileSync(join(dir, 'in/r1.txt'), 'Interviewer: Hoe werkt u samen met Jan de Vries en Piet Bakker?\nAnna: Jan de Vries belt elke week, Piet Bakker nooit.\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a key file edited by hand', () => {
  it('two persons with one pseudonym: a warning naming both lines (forms of one name may share one)', async () => {
    writeFileSync(join(dir, 'key.csv'), 'original,pseudonym\nJan de Vries,Persoon A\nJan,Persoon A\nPiet Bakker,Persoon A\n');
    const r = await qda(dir, ['anonymize', 'in', '-o', 'anon', '--key', 'key.csv'], ['anon', 'key.csv']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('key.csv:4: warning: "Piet Bakker" and "Jan de Vries" (line 2) have one pseudonym "Persoon A": in the output they are one person [cli:key-merges-persons]');
    expect(r.err.match(/key-merges-persons/g)).toHaveLength(1);
  });

  it('one name with two pseudonyms: exit 2 with the line, nothing written', async () => {
    const key = 'original,pseudonym\nJan de Vries,Persoon A\nPiet Bakker,Persoon B\njan de vries,Persoon C\n';
    writeFileSync(join(dir, 'key.csv'), key);
    const r = await qda(dir, ['anonymize', 'in', '-o', 'anon2', '--key', 'key.csv']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('key.csv:4: error: "jan de vries" has two pseudonyms: "Persoon A" (line 2) and "Persoon C" [cli:bad-key-file]');
    expect(readFileSync(join(dir, 'key.csv'), 'utf8')).toBe(key);
  });
});
