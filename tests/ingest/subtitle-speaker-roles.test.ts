/**
 * A Teams or Zoom export (.vtt, .srt) whose interviewer is not named (not "Interviewer", not in
 * interviewers: of qda.yaml): both people were read as respondents — every question coded as an
 * answer, two respondents counted for one interview — without a word; the text readers said it
 * (`no-interviewer`), the subtitle reader did not. Now it does, as it says a speaker of one cue
 * (`single-turn-speaker`) and an export where every cue is the interviewer's, with the file's lines.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSource } from '../../src/ingest/read-source.js';
import type { Diagnostic } from '../../src/model/types.js';

const cue = (i: number, who: string, text: string) => `00:00:${String(2 * i).padStart(2, '0')}.000 --> 00:00:${String(2 * i + 1).padStart(2, '0')}.000\n<v ${who}>${text}\n`;
const vtt = (cues: Array<[string, string]>) => 'WEBVTT\n\n' + cues.map(([w, t], i) => cue(i, w, t)).join('\n');

async function read(body: string, interviewers?: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'qda-vtt-roles-'));
  writeFileSync(join(dir, 'gesprek.vtt'), body);
  const said: Diagnostic[] = [];
  const s = await readSource(join(dir, 'gesprek.vtt'), { cwd: dir, report: (d) => void said.push(d), ...(interviewers ? { interviewers } : {}) });
  return { s, said };
}

describe('subtitles: the speakers as roles', () => {
  const talk: Array<[string, string]> = [
    ['Lotte Brinkman', 'Kun je vertellen wat je doet?'],
    ['Ruud Kampstra', 'Ik ben wijkcoach in de buurt.'],
    ['Lotte Brinkman', 'Met wie werk je samen?'],
    ['Ruud Kampstra', 'Met het jongerenwerk, elke week.'],
  ];

  it('no speaker an interviewer: said, with the speakers and the likely interviewer', async () => {
    const { said } = await read(vtt(talk));
    const d = said.find((x) => x.ruleId === 'no-interviewer');
    expect(d?.message).toBe("no interviewer recognised among the 2 speakers (Lotte Brinkman: 2 turns, Ruud Kampstra: 2 turns); every turn, questions too, is read as a respondent's");
    expect(d?.hint).toContain('--interviewer "Lotte Brinkman"');
  });

  it('the interviewer named: nothing said, the questions are the interviewer\'s', async () => {
    const { s, said } = await read(vtt(talk), ['Lotte Brinkman']);
    expect(said.map((x) => x.ruleId)).not.toContain('no-interviewer');
    expect(s?.source.kind).toBe('transcript');
  });

  it('a speaker of one cue: said at the line of its cue in the file', async () => {
    const { said } = await read(vtt([...talk, ['Lotte Brinkman', 'En verder?'], ['Ruud Kampstra', 'Niets.'], ['Lotte Brinkman', 'Dank je.'], ['Ruud Kamstra', 'Graag gedaan.']]), ['Lotte Brinkman']);
    const d = said.find((x) => x.ruleId === 'single-turn-speaker');
    expect(d?.message).toContain('speaker "Ruud Kamstra" has one turn only: a mistyped "Ruud Kampstra"?');
    // (the 8th cue's timing line: 2 header lines, 3 lines per cue)
    expect(d?.line).toBe(24);
  });

  it('every cue the interviewer\'s: said', async () => {
    const { said } = await read(vtt([['Interviewer', 'Hoe gaat het?'], ['Interviewer', 'En verder?']]));
    expect(said.map((x) => x.ruleId)).toContain('interviewer-only');
  });
});
