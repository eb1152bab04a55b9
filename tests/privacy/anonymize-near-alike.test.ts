/**
 * Spelling variants of a name (Janssen and Jansen, Meijer and Meyer): before, two spellings of one
 * person got two pseudonyms, and a variant no rule found stayed in the output, both without a word.
 * Now the pairs given different pseudonyms are said with both pseudonyms, their places and the rows
 * that join them, and a variant left in the output is said with its place. Nothing is merged by itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pseudonymiser, nameVariantKey } from '../../src/privacy/pseudonymise.js';
import { qdaLeavingInputs as qda } from '../helpers/inputs-untouched.js';

describe('name variants', () => {
  it('share a key: doubled letters, ij and y, ck and k, accents', () => {
    expect(nameVariantKey('Janssen')).toBe(nameVariantKey('Jansen'));
    expect(nameVariantKey('Meijer')).toBe(nameVariantKey('Meyer'));
    expect(nameVariantKey('Bakker')).toBe(nameVariantKey('Backer'));
    expect(nameVariantKey('Müller')).toBe(nameVariantKey('Muller'));
    expect(nameVariantKey('Jansen')).not.toBe(nameVariantKey('Janssens'));
  });

  it('pairs with different pseudonyms (Jansen alone, of two people, beside Petra Janssen too); not two people of different given names', () => {
    const p = new Pseudonymiser({ names: [{ name: 'Petra Janssen' }, { name: 'Petra Jansen' }, { name: 'Bert Jansen' }, { name: 'Meijer' }, { name: 'Meyer' }], heuristics: false });
    p.apply('Petra Janssen, Petra Jansen, Bert Jansen, Meijer en Meyer. Jansen.');
    expect(p.nearAlikeNames().map((x) => `${x.a} ${x.pseudonymA} / ${x.b} ${x.pseudonymB}`)).toEqual(['Petra Janssen R1 / Petra Jansen R2', 'Petra Janssen R1 / Jansen R6', 'Meijer R4 / Meyer R5']);
  });
});

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-near-'));
  writeFileSync(join(dir, 'a.txt'), 'Interviewer: Hoe gaat het met het team?\nPetra Janssen: Goed. Mevrouw Jansen belt vaak. Petra Jansen, zo schrijven ze mij.\nInterviewer: En meneer Meijer?\nPetra Janssen: Meyer komt nooit.\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('qda anonymize', () => {
  it('says the pair given two pseudonyms and the variant left in the output, with places and the rows to add; the source byte-identical', async () => {
    const r = await qda(dir, ['anonymize', 'a.txt', '-o', 'out'], ['out']);
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(join(dir, 'out/a.txt'), 'utf8')).toBe('Interviewer: Hoe gaat het met het team?\nR1: Goed. Mevrouw R2 belt vaak. R2, zo schrijven ze mij.\nInterviewer: En meneer R3?\nR1: Meyer komt nooit.\n');
    expect(r.err).toContain(
      'a.txt:2:48: warning: 1 pair of names is written almost alike (a doubled letter, ij or y, an accent) but given different pseudonyms: "Petra Janssen" → R1 (2 places, first a.txt:2:1) and "Petra Jansen" → R2 (1 place, first a.txt:2:48) [cli:names-near-alike]',
    );
    expect(r.err).toContain('hint: if a pair is one person (a spelling variant), give both the same pseudonym in a names list (--names FILE), e.g. the rows "Petra Janssen,R1" and "Petra Jansen,R1", and run again; if they are two people, nothing needs doing');
    expect(r.err).toContain(
      'out/a.txt:4:5: warning: 1 word left in the output is a spelling variant of a name that was replaced (a doubled letter, ij or y, an accent), and may be that person: "Meyer" beside "Meijer" (R3; 1 place, first out/a.txt:4:5) [cli:name-variant-remains]',
    );
  });

  it('with the rows in a names list, one pseudonym and nothing said', async () => {
    writeFileSync(join(dir, 'names.csv'), 'Petra Janssen,R1\nPetra Jansen,R1\nJansen,R1\nMeijer,R3\nMeyer,R3\n');
    const r = await qda(dir, ['anonymize', 'a.txt', '-o', 'out2', '--names', 'names.csv'], ['out2']);
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(join(dir, 'out2/a.txt'), 'utf8')).toBe('Interviewer: Hoe gaat het met het team?\nR1: Goed. Mevrouw R1 belt vaak. R1, zo schrijven ze mij.\nInterviewer: En meneer R3?\nR1: R3 komt nooit.\n');
    expect(r.err).not.toContain('names-near-alike');
    expect(r.err).not.toContain('name-variant-remains');
  });
});
