/**
 * A line written like a speaker label in a form the reader does not read as one (a list number or
 * dash before it, the label in parentheses, a lower-case first letter, a name in a script without
 * capitals) was read as part of the turn before it without a word: the respondent's answer in the
 * interviewer's turn (or in another respondent's). Such lines are now said (label-form-not-read)
 * with the form as written, their lines and the fix, when the label names a speaker of the file or a
 * role, or starts two or more lines; a phrase with a colon inside a turn is not. Our own invented text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import type { Diagnostic } from '../../src/model/types.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-label-form-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function said(name: string, text: string): Promise<Diagnostic[]> {
  writeFileSync(join(dir, name), text);
  const diags: Diagnostic[] = [];
  await readCorpus([name], { cwd: dir, report: (d) => void diags.push(d) });
  expect(readFileSync(join(dir, name), 'utf8')).toBe(text);
  return diags.filter((d) => d.ruleId === 'label-form-not-read');
}

describe('lines written like a speaker label that are not read as one', () => {
  it('a focus group: a lower-case label twice and a numbered respondent label, among labels that are read', async () => {
    const t = [
      'Interviewer: Wie wil beginnen?',
      'Respondent 1: Ik wel, de buurtkamer is fijn.',
      'mevr. Bakker: Dat vind ik ook.',
      'Interviewer: En de openingstijden?',
      'Respondent 1: Te kort.',
      'mevr. Bakker: Veel te kort.',
      '2. Respondent 2: Daar ben ik het mee eens.',
      'Interviewer: Dank jullie.',
    ].join('\n');
    const d = await said('focus.txt', t);
    expect(d.map((x) => [x.file, x.line, x.severity, x.message])).toEqual([
      [
        'focus.txt',
        3,
        'warning',
        '3 lines start like a speaker label but are not read as one: "mevr. Bakker:" (lines 3, 6), "2. Respondent 2:" (line 7); each is read as part of the turn before them (or as text without a speaker)',
      ],
    ]);
    expect(d[0].hint).toContain('the name with a capital first and nothing before it');
  });

  it('a name in a script without capitals, twice', async () => {
    const d = await said('rtl.txt', 'Interviewer: Hoe gaat het?\nRespondent: Goed.\nمريم: نعم\nInterviewer: En?\nمريم: لا\n');
    expect(d.map((x) => [x.line, x.message])).toEqual([[3, '2 lines start like a speaker label but are not read as one: "مريم:" (lines 3, 5); each is read as part of the turn before them (or as text without a speaker)']]);
  });

  it('line breaks written CR only (old Mac) or CRLF, and a file with front matter: the same lines said', async () => {
    const lines = ['Interviewer: Hoe gaat het?', 'Respondent: Goed.', '(Respondent): Echt goed.', 'Interviewer: En?', 'Respondent: Ja.'];
    const want = '1 line starts like a speaker label but is not read as one: "(Respondent):" (line 3); it is read as part of the turn before it (or as text without a speaker)';
    for (const [name, nl] of [['cr.txt', '\r'], ['crlf.txt', '\r\n'], ['lf.txt', '\n']] as const) {
      expect((await said(name, lines.join(nl) + nl)).map((x) => [x.line, x.message])).toEqual([[3, want]]);
    }
    // (front matter: the lines counted from the top of the file)
    const fm = `---\ncase: wijk-3\n---\n${lines.join('\n')}\n`;
    expect((await said('fm.txt', fm)).map((x) => x.line)).toEqual([6]);
  });

  it('a phrase with a colon once, a note word and a web address are not labels: nothing said', async () => {
    const t = 'Interviewer: Hoe gaat het?\nRespondent: Goed. Wat ik bedoel:\nhet werkt.\nLet op: dit.\nhttps://voorbeeld.nl/pagina\nInterviewer: En?\nRespondent: Ja.\n';
    expect(await said('gewoon.txt', t)).toEqual([]);
  });
});
