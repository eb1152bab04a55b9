/**
 * A `{{…}}` inside quotation marks that names no code: a respondent reading out a mail-merge
 * template (`"Beste {{ naam }}, uw afspraak is op {{datum}}."`). It was read as a coding of an
 * uncategorised code "naam" (the quote coded as the code of a template field), and the appendix
 * quote lost the field's words. Now it is text, said (`marker-in-quotes-read-as-text`), and kept in
 * the quote; a marker in quotes that names a code, has a coder or brackets, or whose label the
 * source codes with outside quotes, is still a coding.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs, writeProject } from '../helpers/inputs-untouched.js';
import { findMarkers, markerInQuotes, quotedTemplateText } from '../../src/coding/markers.js';

const BOOK = `id: boek
name: {nl: Boek}
language: nl
codes:
  - id: samenwerking
    name: {nl: Samenwerking}
  - id: brieven
    name: {nl: Brieven}
`;

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'qda-marker-quotes-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

type Doc = { sources: Array<{ text: string; codings: Array<{ code: string; start: number; end: number }> }> };

describe('a "{{…}}" inside quotation marks that names no code', () => {
  it('is text a speaker reads out: nothing coded, said with its lines, kept in the appendix quote', async () => {
    const text =
      'Interviewer: Wat staat er in de brief?\n' +
      'Respondent: Het sjabloon zegt: "Beste {{ naam }}, uw gesprek is op {{datum}}." Dat vult het systeem in. {{brieven}}\n' +
      'Interviewer: En verder?\n' +
      'Respondent: Onderaan „Met groet, {{ afzender }}” en dat is het. {{samenwerking}}\n';
    const dir = writeProject(root, 'template', { 'cb.yaml': BOOK, 'src/r1.txt': text });
    const r = await qdaLeavingInputs(dir, ['code', 'src', '-c', 'cb.yaml', '--no-rules', '-o', 'out.json'], ['out.json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as Doc;
    expect(doc.sources[0].codings.map((c) => c.code)).toEqual(['brieven', 'samenwerking']);
    expect(r.err).toContain('src/r1.txt:2:39: warning: 3 "{{…}}" inside quotation marks name no code of the codebooks (line 2 "{{ naam }}", line 2 "{{datum}}", line 4 "{{ afzender }}"): read as the words a speaker quotes (a template field, as in a mail merge), nothing coded; they stay in the passage\'s text and quotes [coding:marker-in-quotes-read-as-text]');
    expect(r.err).toContain('hint: if they are codings, add the codes "naam", "datum", "afzender" to a codebook');
    expect(r.err).not.toContain('unknown-code');
    expect(r.err).toContain('5 code labels found: 2 read, 0 resolved by spelling, 0 by alias, 0 unknown (kept as uncategorised codes), 3 inside quotation marks naming no code read as text');
    const a = await qdaLeavingInputs(dir, ['appendix', 'out.json', '--by', 'code', '--lang', 'nl'], ['out.json']);
    expect(a.code).toBe(0);
    expect(a.out).toContain('"Beste {{ naam }}, uw gesprek is op {{datum}}."');
    expect(a.out).not.toContain('{{brieven}}');
  });

  it('is a coding when it names a code, has a coder or brackets, or the source codes with its label outside quotes', async () => {
    const text =
      'Interviewer: Hoe gaat het?\n' +
      'Respondent: Ze zeiden "we werken goed samen {{samenwerking}}" en "dat is {{nieuw @fem}}" en "[[iets]]{{ander}}".\n' +
      'Interviewer: En?\n' +
      'Respondent: Ook "iets {{eigen}}" hier. En zo. {{eigen}}\n';
    const dir = writeProject(root, 'coded', { 'cb.yaml': BOOK, 'src/r1.txt': text });
    const r = await qdaLeavingInputs(dir, ['code', 'src', '-c', 'cb.yaml', '--no-rules', '-o', 'out.json'], ['out.json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as Doc;
    expect(doc.sources[0].codings.map((c) => c.code).sort()).toEqual(['ander', 'eigen', 'eigen', 'nieuw', 'samenwerking']);
    expect(r.err).not.toContain('marker-in-quotes-read-as-text');
  });

  it('a padded "{{ x }}" outside quotes that names no code stays a coding, and the warning says how to make it text', async () => {
    const dir = writeProject(root, 'padded', { 'cb.yaml': BOOK, 'src/r1.txt': 'Interviewer: Hoe?\nRespondent: Er staat Beste {{ naam }} bovenaan.\n' });
    const r = await qdaLeavingInputs(dir, ['code', 'src', '-c', 'cb.yaml', '--no-rules', '-o', 'out.json'], ['out.json']);
    expect(r.err).toContain('[coding:unknown-code]');
    expect(r.err).toContain('if "{{ naam }}" is text a speaker reads out (a template field), put that text in quotation marks');
  });

  it('markerInQuotes reads straight and typographic quotes on the marker\'s line only', () => {
    const at = (t: string) => {
      const m = findMarkers(t)[0];
      return markerInQuotes(t, m.start, m.end);
    };
    expect(at('a "b {{x}} c" d')).toBe(true);
    expect(at('a "b" {{x}} "c"')).toBe(false);
    expect(at('a "b" c {{x}}')).toBe(false);
    expect(at('„b {{x}} c“')).toBe(true);
    expect(at('„b“ {{x}} c”')).toBe(false);
    expect(at('«b {{x}}»')).toBe(true);
    expect(at('“b” {{x}}')).toBe(false);
    expect(at('"b\n{{x}} c"')).toBe(false);
    expect(at("zo'n {{x}} dat's")).toBe(false);
  });
});

describe('reading many markers on one long line', () => {
  it('reads the line once, not once per marker (no codebook: every label unknown)', () => {
    // 20,000 markers on a line of about 1.4 million characters: read once per marker, 10^10 steps
    const text = 'Respondent: ' + 'we doen dit "samen" {{x}} '.repeat(20_000);
    const t0 = performance.now();
    const out = quotedTemplateText(text, findMarkers(text), () => true);
    expect(performance.now() - t0).toBeLessThan(5_000);
    expect(out).toBeUndefined();
  });
});
