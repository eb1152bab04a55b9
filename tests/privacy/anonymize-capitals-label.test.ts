/**
 * A name known only in CAPITALS (a speaker label "JAN DE BOER:", a names list typed in capitals):
 * the matcher looked for it as written, "Title" (JAN) and UPPER case, so "Jan de Boer" in the text
 * and in a later label, and "Jan" alone, stayed in the output ("Jan R2: Ja."), and the final leak
 * check, which uses the same matcher, did not see them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pseudonymiser } from '../../src/privacy/pseudonymise.js';
import { namePattern } from '../../src/privacy/names.js';
import { qdaLeavingInputs as qda } from '../helpers/inputs-untouched.js';

describe('names known in capitals', () => {
  it('are matched in Title Case too, each part after a hyphen or apostrophe', () => {
    const re = (n: string) => new RegExp(`^(?:${namePattern(n)})$`, 'u');
    expect(re('JAN DE BOER').test('Jan de Boer')).toBe(true);
    expect(re('JAN-WILLEM').test('Jan-Willem')).toBe(true);
    expect(re("O'BRIEN").test("O'Brien")).toBe(true);
    expect(re('IJSBRAND').test('IJsbrand')).toBe(true);
    expect(re('JAN DE BOER').test('jan de boer')).toBe(false);
  });

  it('a speaker label in capitals: the name in the text, in a later label and its given name alone get its pseudonym', () => {
    const p = new Pseudonymiser({});
    const text = 'JAN DE BOER: Klopt.\nInterviewer: Jan de Boer, wat denkt u?\nJan de Boer: Ja. Jan denkt na.\n';
    p.learn(text);
    expect(p.apply(text).text).toBe('R1: Klopt.\nInterviewer: R1, wat denkt u?\nR1: Ja. R1 denkt na.\n');
  });
});

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-caps-label-'));
  writeFileSync(join(dir, 'i.txt'), 'Interviewer: Hoe werkt u samen?\nJAN DE BOER: Goed.\nInterviewer: En Jan de Boer zelf?\nJan de Boer: Ja. Jan belt vaak.\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('qda anonymize', () => {
  it('leaves no "Jan" of JAN DE BOER in the output; the source byte-identical', async () => {
    const r = await qda(dir, ['anonymize', 'i.txt', '-o', 'out'], ['out']);
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(join(dir, 'out/i.txt'), 'utf8')).toBe('Interviewer: Hoe werkt u samen?\nR1: Goed.\nInterviewer: En R1 zelf?\nR1: Ja. R1 belt vaak.\n');
  });
});
