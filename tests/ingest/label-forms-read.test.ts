/**
 * Speaker labels as transcribers write them that were not read as labels, their lines read as part
 * of the turn before (the respondent's answer in the interviewer's turn) without a word:
 * - a role in parentheses with a comma, `R1 (vrouw, 45):`;
 * - a zero-width space pasted into the label, `I\u200b:` (the label was text of the turn before);
 * - a no-break space before the colon in every label, `Interviewer\u00a0:` (no speaker at all: the
 *   file was read as a document).
 * Each is now read as the speaker; a comma outside parentheses still makes a sentence, not a label.
 * Our own invented text.
 */
import { describe, expect, it } from 'vitest';
import { parseBlocks } from '../../src/ingest/parse-blocks.js';
import { cpSlice } from '../../src/model/codepoints.js';

const turns = (t: string) => parseBlocks(t, 'transcript').blocks.map((b) => [b.speaker, cpSlice(t, b.start, b.end)]);

describe('speaker labels with a role, an invisible character or a no-break space', () => {
  it('a role in parentheses with a comma: `R1 (vrouw, 45):` is a speaker', () => {
    const t = 'INT: Hoe lang woont u hier?\nR1 (vrouw, 45): Twaalf jaar.\nINT: En u?\nR2 (man, 50 jaar): Sinds de verbouwing.\nINT: Bevalt het?\nR1 (vrouw, 45): Heel goed.\nR2 (man, 50 jaar): Matig.';
    expect(turns(t)).toEqual([
      ['INT', 'Hoe lang woont u hier?'],
      ['R1 (vrouw, 45)', 'Twaalf jaar.'],
      ['INT', 'En u?'],
      ['R2 (man, 50 jaar)', 'Sinds de verbouwing.'],
      ['INT', 'Bevalt het?'],
      ['R1 (vrouw, 45)', 'Heel goed.'],
      ['R2 (man, 50 jaar)', 'Matig.'],
    ]);
  });

  it('a comma outside parentheses is a sentence, not a label', () => {
    const t = 'Interviewer: Hoe gaat het?\nRespondent: Goed.\nJa, Bram: dat zei ik al.\nInterviewer: Oké.\nRespondent: Ja, Bram: dat zei ik.';
    expect(turns(t)).toEqual([
      ['Interviewer', 'Hoe gaat het?'],
      ['Respondent', 'Goed.\nJa, Bram: dat zei ik al.'],
      ['Interviewer', 'Oké.'],
      ['Respondent', 'Ja, Bram: dat zei ik.'],
    ]);
  });

  it('a zero-width space before the colon is no part of the speaker', () => {
    const t = 'I\u200b: Hoe gaat het?\nR: Goed, dank je.\nI: En het werk?\nR\u200b: Druk maar leuk.';
    expect(turns(t)).toEqual([
      ['I', 'Hoe gaat het?'],
      ['R', 'Goed, dank je.'],
      ['I', 'En het werk?'],
      ['R', 'Druk maar leuk.'],
    ]);
  });

  it('a no-break space before the colon of every label: the speakers are read', () => {
    const t = 'Interviewer\u00a0: Hoe gaat het?\nRespondent\u00a0: Goed.\nInterviewer\u202f: En verder?\nRespondent\u00a0: Ook goed.';
    expect(turns(t)).toEqual([
      ['Interviewer', 'Hoe gaat het?'],
      ['Respondent', 'Goed.'],
      ['Interviewer', 'En verder?'],
      ['Respondent', 'Ook goed.'],
    ]);
  });
});
