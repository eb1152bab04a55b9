/**
 * A speaker's label written once in other capitals (`RESPONDENT:` beside `Respondent:`) was a
 * speaker of its own, without a word: the source had two respondents, so that the analyses
 * counted one interviewee as two (`case/Respondent`, `case/RESPONDENT`). It is now that speaker,
 * said as other labels written otherwise are (label-variant-read). Our own invented text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import type { Diagnostic } from '../../src/model/types.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-label-capitals-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a label in other capitals', () => {
  it('is the speaker as first written, said with its line', async () => {
    writeFileSync(join(dir, 'hoofd.txt'), 'Interviewer: Hoe gaat het?\nRespondent: Goed.\nINTERVIEWER: En verder?\nRESPONDENT: Ook goed.\nInterviewer: Mooi.\nRespondent: Ja.\n');
    const said: Diagnostic[] = [];
    const { corpus } = await readCorpus(['hoofd.txt'], { cwd: dir, unit: 'turn', report: (x) => said.push(x) });
    expect(corpus.segments.map((s) => [s.speaker, s.role, s.text])).toEqual([
      ['Interviewer', 'interviewer', 'Hoe gaat het?'],
      ['Respondent', 'respondent', 'Goed.'],
      ['Interviewer', 'interviewer', 'En verder?'],
      ['Respondent', 'respondent', 'Ook goed.'],
      ['Interviewer', 'interviewer', 'Mooi.'],
      ['Respondent', 'respondent', 'Ja.'],
    ]);
    expect([...new Set(corpus.segments.map((s) => s.speaker))]).toEqual(['Interviewer', 'Respondent']);
    expect(said.filter((x) => x.ruleId === 'label-variant-read').map((x) => [x.line, x.message])).toEqual([
      [3, '"INTERVIEWER:" at the start of line 3 is read as the speaker "Interviewer" (its label written in other capitals)'],
      [4, '"RESPONDENT:" at the start of line 4 is read as the speaker "Respondent" (its label written in other capitals)'],
    ]);
  });
});
