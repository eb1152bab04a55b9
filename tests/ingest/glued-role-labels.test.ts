/**
 * A transcript on one line (or a few: line breaks lost in a copy from a PDF), `Interviewer: Hoe gaat
 * het? Respondent: Goed. Interviewer: …`: the interviewer's label split the line, the respondent's,
 * never at a line start, did not, and every answer was read into the interviewer's turn (said only
 * as "no turn is a respondent's"). In a file whose labels are all an interviewer's, a respondent's
 * role label after the end of a sentence splits the line too, said (`label-inside-line`); one inside a
 * sentence (`een Respondent: iemand die …`) does not. Our own invented text.
 */
import { describe, expect, it } from 'vitest';
import { parseBlocks, readingDiagnostics } from '../../src/ingest/parse-blocks.js';

const turns = (text: string) => {
  const p = parseBlocks(text, 'transcript');
  return { turns: p.blocks.map((b) => [b.speaker, text.slice(b.start, b.end)]), said: readingDiagnostics(p, 'x.txt').map((d) => d.ruleId) };
};

describe("a respondent's role label glued inside the lines of an interviewer-only file", () => {
  it('splits the line after a sentence end: the answers are the respondent\'s, said', () => {
    const r = turns('Interviewer: Hoe gaat het met de buurtapp? Respondent: Goed, iedereen doet mee. Interviewer: En de school? Respondent: Die ook.\n');
    expect(r.turns).toEqual([
      ['Interviewer', 'Hoe gaat het met de buurtapp?'],
      ['Respondent', 'Goed, iedereen doet mee.'],
      ['Interviewer', 'En de school?'],
      ['Respondent', 'Die ook.'],
    ]);
    expect(r.said).toContain('label-inside-line');
  });

  it('not inside a sentence, and not in a file with a respondent of its own', () => {
    const r = turns('Interviewer: Hoe gaat het?\nInterviewer: En wat is een Respondent: iemand die antwoordt.\n');
    expect(r.turns.map((t) => t[0])).toEqual(['Interviewer', 'Interviewer']);
    const s = turns('Interviewer: Hoe gaat het?\nAnna: Goed. Deelnemer: zo heet ik in het verslag.\nInterviewer: Mooi.\nAnna: Ja.\n');
    expect(s.turns.map((t) => t[0])).toEqual(['Interviewer', 'Anna', 'Interviewer', 'Anna']);
  });
});
