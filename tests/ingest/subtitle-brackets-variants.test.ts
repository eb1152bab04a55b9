/**
 * Subtitles: a cue that names its speaker in brackets (`[Interviewer] Waarom niet?`) was a turn
 * without a speaker, without a word (the interviewer's question read as no one's); a speaker
 * written in other capitals in some cues (`RESPONDENT:` beside `Respondent:`, `<v anna>` beside
 * `<v Anna>`) was a speaker of its own (one person counted as two), without a word. The bracketed
 * name is read as the speaker when the file names that speaker otherwise, it is a role, or (not in
 * capitals only) it starts two cues or more; a sound in brackets (`[Muziek]`, `[DEUR SLAAT]`) stays
 * text. A name written otherwise is the speaker as first written, said (label-variant-read). Our
 * own invented text.
 */
import { describe, expect, it } from 'vitest';
import { parseSubtitles, type SubtitleWarning } from '../../src/ingest/parse-subtitles.js';

function cues(raw: string) {
  const warned: SubtitleWarning[] = [];
  const out = parseSubtitles(raw, (w) => warned.push(w));
  return { cues: out.map((c) => [c.speaker, c.text]), warned };
}

describe('subtitle speakers in brackets and written otherwise', () => {
  it('[Interviewer] and [Name] of a speaker of the file are that speaker; sounds in brackets stay text', () => {
    const r = cues(
      '1\n00:00:01,000 --> 00:00:03,000\nAnna: De bus kwam niet.\n\n2\n00:00:03,500 --> 00:00:05,000\n[Interviewer] Waarom niet?\n\n3\n00:00:05,500 --> 00:00:07,000\n[Anna] Staking.\n\n4\n00:00:07,500 --> 00:00:08,000\n[Muziek] Daar gaan we.\n\n5\n00:00:08,500 --> 00:00:09,000\n[DEUR SLAAT] Hallo?\n\n6\n00:00:09,500 --> 00:00:10,000\n[DEUR SLAAT] Is daar iemand?\n\n7\n00:00:10,500 --> 00:00:11,000\nAnna: Ik.\n',
    );
    expect(r.cues).toEqual([
      ['Anna', 'De bus kwam niet.'],
      ['Interviewer', 'Waarom niet?'],
      ['Anna', 'Staking.'],
      [null, '[Muziek] Daar gaan we.'],
      [null, '[DEUR SLAAT] Hallo?'],
      [null, '[DEUR SLAAT] Is daar iemand?'],
      ['Anna', 'Ik.'],
    ]);
  });

  it('a speaker written in other capitals is the speaker as first written, said once per form with its lines', () => {
    const r = cues('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nRespondent: Ja.\n\n00:00:02.500 --> 00:00:03.000\nInterviewer: Zeker?\n\n00:00:03.500 --> 00:00:04.000\nRESPONDENT: Heel zeker.\n\n00:00:04.500 --> 00:00:05.000\n<v interviewer>Goed.\n');
    expect(r.cues).toEqual([
      ['Respondent', 'Ja.'],
      ['Interviewer', 'Zeker?'],
      ['Respondent', 'Heel zeker.'],
      ['Interviewer', 'Goed.'],
    ]);
    expect(r.warned.filter((w) => w.ruleId === 'label-variant-read').map((w) => [w.line, w.message])).toEqual([
      [9, '"RESPONDENT" in the cue of line 9 is read as the speaker "Respondent" (its name written in other capitals)'],
      [12, '"interviewer" in the cue of line 12 is read as the speaker "Interviewer" (its name written in other capitals)'],
    ]);
  });
});
