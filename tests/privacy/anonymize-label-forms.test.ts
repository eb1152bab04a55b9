/**
 * Speaker labels and the text naming one person in other forms:
 * - "Interviewer (Kees):" was taken whole as a name, and its role word "Interviewer" as a name
 *   part: every "Interviewer:" label in the output became a pseudonym, and Kees got another one;
 * - "S. Jansen:" (initials) beside "Sanne Jansen" in the text were two persons (two pseudonyms), and
 *   "Jansen" alone a third.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pseudonymiser } from '../../src/privacy/pseudonymise.js';
import { qdaLeavingInputs as qda } from '../helpers/inputs-untouched.js';

describe('speaker labels with a role in brackets, and initials', () => {
  it('"Interviewer (Kees)" is Kees; the role stays a role', () => {
    const p = new Pseudonymiser({});
    const text = 'Interviewer (Kees): Welkom.\nAnna de Vries: Dank je, Kees.\nInterviewer: Graag.\nKees (wijkcoach): Ook ik.\n';
    p.learn(text);
    expect(p.apply(text).text).toBe('Interviewer (R1): Welkom.\nR2: Dank je, R1.\nInterviewer: Graag.\nR1 (wijkcoach): Ook ik.\n');
  });

  it('"Piet Jansen (lacht)": the note in brackets is no name, the word stays where it stands (session 22; was a person with a pseudonym)', () => {
    const p = new Pseudonymiser({});
    const text = 'Interviewer: Hoe gaat het, Piet?\nPiet Jansen (lacht): Goed. Mijn buurvrouw lacht altijd.\nInterviewer: Ok.\nPiet Jansen [zucht]: Ja.\n';
    p.learn(text);
    expect(p.apply(text).text).toBe('Interviewer: Hoe gaat het, R1?\nR1 (lacht): Goed. Mijn buurvrouw lacht altijd.\nInterviewer: Ok.\nR1 [zucht]: Ja.\n');
  });

  it('"S. Jansen" is the one Sanne Jansen, and "Jansen" alone with them; two persons of those initials stay apart', () => {
    const p = new Pseudonymiser({});
    const text = 'Interviewer: Welkom.\nSanne Jansen: Dank je.\nS. Jansen: Ja.\nInterviewer: Mevrouw Jansen?\n';
    p.learn(text);
    expect(p.apply(text).text).toBe('Interviewer: Welkom.\nR1: Dank je.\nR1: Ja.\nInterviewer: Mevrouw R1?\n');
    const q = new Pseudonymiser({});
    const two = 'Sanne Jansen: Ja.\nSofie Jansen: Nee.\nS. Jansen: Misschien.\n';
    q.learn(two);
    expect(q.apply(two).text).toBe('R1: Ja.\nR2: Nee.\nR3: Misschien.\n');
  });
});

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-label-forms-'));
  writeFileSync(join(dir, 'i.txt'), 'Interviewer (Kees): Welkom.\nSanne Jansen: Dank je, Kees.\nS. Jansen: En verder?\nInterviewer: Niets.\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('qda anonymize', () => {
  it('keeps the role labels, gives Kees and Sanne Jansen one pseudonym each; the source byte-identical', async () => {
    const r = await qda(dir, ['anonymize', 'i.txt', '-o', 'out', '--key', 'key.csv'], ['out', 'key.csv', 'key']);
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(join(dir, 'out/i.txt'), 'utf8')).toBe('Interviewer (R1): Welkom.\nR2: Dank je, R1.\nR2: En verder?\nInterviewer: Niets.\n');
    expect(readFileSync(join(dir, 'key.csv'), 'utf8')).not.toMatch(/^Interviewer/m);
  });
});
