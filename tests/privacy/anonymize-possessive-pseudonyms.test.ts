/**
 * qda anonymize: a listed name with the Dutch possessive -s glued on ("Sannes vader", "de
 * Jansens") was left in the output, and the read-back check (which looks for the names as whole
 * words) did not see it. And a name with two pseudonyms (two rows of the names list, or the list
 * and the key) used the first without a word. Names are invented here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs, writeProject } from '../helpers/inputs-untouched.js';
import { compileNames } from '../../src/privacy/names.js';
import { Pseudonymiser } from '../../src/privacy/pseudonymise.js';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'qda-anon-poss-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('a name with the possessive -s', () => {
  it('is matched without its s; a longer word is not', () => {
    const re = compileNames(['Sanne', 'Jansen'])!;
    const t = "Sannes vader, Sanne's moeder, de Jansens, JANSENS, Sannesteeg, Sanneke.";
    expect([...t.matchAll(re)].map((m) => [m.index, m[0]])).toEqual([
      [0, 'Sanne'],
      [14, 'Sanne'],
      [33, 'Jansen'],
      [42, 'JANSEN'],
    ]);
  });

  it('is replaced (the s kept) and no original is left', () => {
    const ps = new Pseudonymiser({ names: [{ name: 'Sanne Jansen' }], heuristics: false });
    const t = 'Sanne Jansen belde. Sannes vader niet, de Jansens wel.';
    ps.learn(t);
    const r = ps.apply(t);
    expect(r.text).toBe('R1 belde. R1s vader niet, de R1s wel.');
    expect(ps.findLeaks(r.text)).toEqual([]);
    expect(ps.findLeaks(t).map((l) => l.index)).toEqual([0, 20, 42]);
  });

  it('qda anonymize leaves no "Sannes" in the output; the input is left as it was', async () => {
    const d = writeProject(tmp, 'poss', {
      'corpus/interview-01.txt': 'Interviewer: Hoe ging het met Sanne?\nRespondent: Sannes vader belde. Pieters fiets stond er ook.\n',
      'names.csv': 'name\nSanne Bakker\nPieter\n',
    });
    const r = await qdaLeavingInputs(d, ['anonymize', 'corpus', '-o', 'anon', '--names', 'names.csv', '--key', 'key.csv'], ['anon', 'key.csv', 'key-report.csv']);
    expect(r.code, r.err).toBe(0);
    const out = readFileSync(join(d, 'anon/interview-01.txt'), 'utf8');
    expect(out).not.toMatch(/Sanne|Pieter/);
    expect(out).toContain('Respondent: R1s vader belde. R2s fiets stond er ook.');
  });
});

describe('a name with two pseudonyms', () => {
  it('two rows of the names list: exit 2 naming both rows, nothing written', async () => {
    const d = writeProject(tmp, 'twice', {
      'corpus/interview-01.txt': 'Interviewer: Wie?\nRespondent: Sanne Jansen.\n',
      'names.csv': 'name,pseudonym\nSanne Jansen,P1\nPiet de Boer,P2\nsanne  jansen,P3\n',
    });
    const r = await qdaLeavingInputs(d, ['anonymize', 'corpus', '-o', 'anon', '--names', 'names.csv']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('names.csv:4: error: "sanne  jansen" has two pseudonyms in the names list: "P1" (line 2) and "P3" (line 4) [privacy:name-two-pseudonyms]');
    expect(existsSync(join(d, 'anon'))).toBe(false);
  });

  it('the names list and the key: exit 2 naming both', async () => {
    const d = writeProject(tmp, 'listkey', {
      'corpus/interview-01.txt': 'Interviewer: Wie?\nRespondent: Sanne Jansen.\n',
      'names.csv': 'name,pseudonym\nSanne Jansen,P7\n',
      'key.csv': 'original,pseudonym,kind\nSanne Jansen,R1,person\n',
    });
    const r = await qdaLeavingInputs(d, ['anonymize', 'corpus', '-o', 'anon', '--names', 'names.csv', '--key', 'key.csv']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('names.csv:2: error: "Sanne Jansen" has the pseudonym "P7" in the names list (line 2), but "R1" in the key key.csv [privacy:name-two-pseudonyms]');
  });

  it('the same pseudonym twice, or one row without a pseudonym, is fine', async () => {
    const d = writeProject(tmp, 'same', {
      'corpus/interview-01.txt': 'Interviewer: Wie?\nRespondent: Sanne Jansen.\n',
      'names.csv': 'name,pseudonym\nSanne Jansen,P1\nSanne Jansen,P1\nSanne Jansen,\n',
    });
    const r = await qdaLeavingInputs(d, ['anonymize', 'corpus', '-o', 'anon', '--names', 'names.csv'], ['anon']);
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(join(d, 'anon/interview-01.txt'), 'utf8')).toContain('Respondent: P1.');
  });
});
