/**
 * A turn written `Respondent<TAB>words` with another tab in its words (`Vroeg. Om zes uur<TAB>al.`,
 * a tab typed for a pause or pasted from a table cell) was taken for a table row: its words were read
 * into the interviewer's turn before it, without a word. Read now as that speaker's turn when the
 * speaker has a label line of its own in the file, and said (tab-in-turn-read). Our own invented text.
 */
import { describe, expect, it } from 'vitest';
import { parseBlocks, readingDiagnostics } from '../../src/ingest/parse-blocks.js';
import { segmentSource } from '../../src/ingest/segment.js';
import type { Source } from '../../src/model/types.js';

function turns(text: string) {
  const parsed = parseBlocks(text, 'transcript');
  const source = { id: 't', path: 't.txt', format: 'txt', kind: 'transcript', text, case: 't', attributes: {} } as unknown as Source;
  const segs = segmentSource(source, 'turn', { blocks: parsed.blocks });
  return { segs: segs.map((s) => [s.speaker, s.text]), said: readingDiagnostics(parsed, 't.txt') };
}

describe('a tab in the words of a tab-labelled turn', () => {
  it('is that speaker\'s turn, said with the line', () => {
    const r = turns('Interviewer\tHoe begon de dag?\nRespondent\tVroeg. Om zes uur\tal.\nInterviewer\tAlleen?\nRespondent\tMet mijn zus.\n');
    expect(r.segs).toEqual([
      ['Interviewer', 'Hoe begon de dag?'],
      ['Respondent', 'Vroeg. Om zes uur\tal.'],
      ['Interviewer', 'Alleen?'],
      ['Respondent', 'Met mijn zus.'],
    ]);
    const d = r.said.find((x) => x.ruleId === 'tab-in-turn-read')!;
    expect([d.severity, d.line, d.actual]).toEqual(['info', 2, 'Respondent⇥Vroeg. Om zes uur⇥al.']);
  });

  it('a table of values, or a name that is no speaker of the file, stays text', () => {
    const r = turns('Interviewer\tHoeveel kwamen er?\nRespondent\tDat staat hier.\nTotaal\t12\t15\nAnna\tEnschede\t34 jaar\nInterviewer\tDank.\n');
    expect(r.segs).toEqual([
      ['Interviewer', 'Hoeveel kwamen er?'],
      ['Respondent', 'Dat staat hier.\nTotaal\t12\t15\nAnna\tEnschede\t34 jaar'],
      ['Interviewer', 'Dank.'],
    ]);
    expect(r.said.map((x) => x.ruleId)).not.toContain('tab-in-turn-read');
  });
});
