/**
 * qda anonymize --key with a kind column typed by hand: "Person" or "persoon" for a name was no
 * known kind, so the name was not a known name, and with --no-heuristics (or a name the heuristics
 * miss) it stayed in the output without a word, exit 0. Names are invented.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs, writeProject } from '../helpers/inputs-untouched.js';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'qda-anon-kind-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const TEXT = 'Interviewer: Hoe gaat het?\nRespondent: Goed, zei Sanne Jansen. Ook Kees Bakker.\n';

describe('qda anonymize: the kind column of a key file', () => {
  it('Person, persoon or an empty kind is a person: replaced', async () => {
    const d = writeProject(tmp, 'kinds', {
      'corpus/interview-01.txt': TEXT,
      'key.csv': 'original,pseudonym,kind\nSanne Jansen,R1,Person\nKees Bakker,R2,persoon\n',
    });
    const r = await qdaLeavingInputs(d, ['anonymize', 'corpus', '-o', 'anon', '--key', 'key.csv', '--no-heuristics'], ['anon', 'key.csv', 'key-report.csv']);
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(join(d, 'anon/interview-01.txt'), 'utf8')).toBe('Interviewer: Hoe gaat het?\nRespondent: Goed, zei R1. Ook R2.\n');
  });

  it('a kind qda does not know: exit 2 with its line, nothing written', async () => {
    const d = writeProject(tmp, 'unknown', {
      'corpus/interview-01.txt': TEXT,
      'key.csv': 'original,pseudonym,kind\nSanne Jansen,R1,person\nKees Bakker,R2,collega\n',
    });
    const r = await qdaLeavingInputs(d, ['anonymize', 'corpus', '-o', 'anon', '--key', 'key.csv']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('key.csv:3: error: "Kees Bakker" has the kind "collega" in the key, which is none of person, email, phone, postcode, bsn, iban [privacy:bad-key-kind]');
    expect(existsSync(join(d, 'anon'))).toBe(false);
  });
});
