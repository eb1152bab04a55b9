/**
 * Unicode's line and paragraph separators (U+2028, U+2029) are no line ends for the reader: a
 * transcript whose turns were apart by them (a copy from a web page) had each respondent's answer
 * read into the interviewer's turn before it, and what was said (only the interviewer speaks; a
 * label inside a line, "split there") did not name the cause. The separators were then said
 * (session 19); since session 20 the transcript reader ends a line at each, so that a label after
 * one starts its turn, even a label seen nowhere else in the file (it was read into the
 * interviewer's turn, said). Said as info; the text is not changed. Our own invented text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import type { Diagnostic } from '../../src/model/types.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-line-separators-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('U+2028 and U+2029 in a text file', () => {
  it('said with the count and the first place; the text is the file\'s', async () => {
    const text = 'Kop van het gesprek\n\nInterviewer: Hoe gaat het met de wijk?\u2028Respondent: Goed, de buurtapp helpt.\u2029Interviewer: Waarom?\u2028Respondent: Iedereen doet mee.\n';
    const bytes = new TextEncoder().encode(text);
    writeFileSync(join(dir, 'scheiding.txt'), bytes);
    const said: Diagnostic[] = [];
    const { corpus } = await readCorpus(['scheiding.txt'], { cwd: dir, unit: 'turn', report: (x) => said.push(x) });
    expect(said.filter((x) => x.ruleId === 'unicode-line-separators').map((x) => [x.file, x.severity, x.line, x.column, x.message])).toEqual([
      [
        'scheiding.txt',
        'info',
        3,
        39,
        '3 Unicode line or paragraph separators (U+2028, U+2029) stand in the text, the first at line 3, column 39: the reader ends a line at each, so that a speaker\'s label after one starts a turn; line numbers count only the file\'s line breaks (LF, CR), as most editors show them, and other programs may show the words after one on the line before',
      ],
    ]);
    expect(corpus.sources[0].text).toBe(text);
    // each turn its own, its speaker the label's; lines are the file's (all on line 3)
    expect(corpus.segments.map((s) => [s.speaker, s.text, s.line])).toEqual([
      [null, 'Kop van het gesprek', 1],
      ['Interviewer', 'Hoe gaat het met de wijk?', 3],
      ['Respondent', 'Goed, de buurtapp helpt.', 3],
      ['Interviewer', 'Waarom?', 3],
      ['Respondent', 'Iedereen doet mee.', 3],
    ]);
    expect(new Uint8Array(readFileSync(join(dir, 'scheiding.txt')))).toEqual(bytes);
  });

  it('a label after one that stands nowhere else starts its turn: the words are not the interviewer\'s', async () => {
    // (a short interview: its one respondent label, seen once, after a separator)
    writeFileSync(join(dir, 'eenmalig.txt'), 'Interviewer: Where did you grow up?\u2028Marit: In Deventer, near the river.\n');
    const said: Diagnostic[] = [];
    const { corpus } = await readCorpus(['eenmalig.txt'], { cwd: dir, unit: 'turn', report: (x) => said.push(x) });
    expect(corpus.segments.map((s) => [s.speaker, s.role, s.text])).toEqual([
      ['Interviewer', 'interviewer', 'Where did you grow up?'],
      ['Marit', 'respondent', 'In Deventer, near the river.'],
    ]);
    expect(said.map((x) => x.ruleId)).not.toContain('interviewer-only');
    // a label seen once after a separator, beside other speakers, is read as after a line break: said, not silently the interviewer's
    writeFileSync(join(dir, 'derde.txt'), 'Interviewer: Hoe ging het?\nAnna: Goed.\nInterviewer: En toen?\u2028Kees: Toen kwam de brief.\nAnna: Ja.\n');
    const said2: Diagnostic[] = [];
    await readCorpus(['derde.txt'], { cwd: dir, unit: 'turn', report: (x) => said2.push(x) });
    expect(said2.filter((x) => x.ruleId === 'unread-speaker-label').map((x) => [x.line, x.actual])).toEqual([[3, 'Kees']]);
  });

  it('a text without them: nothing said', async () => {
    writeFileSync(join(dir, 'gewoon.txt'), 'Interviewer: Hoe gaat het?\nRespondent: Goed.\nInterviewer: Dank.\nRespondent: Graag.\n');
    const said: Diagnostic[] = [];
    await readCorpus(['gewoon.txt'], { cwd: dir, unit: 'turn', report: (x) => said.push(x) });
    expect(said.filter((x) => x.ruleId === 'unicode-line-separators')).toEqual([]);
  });
});
