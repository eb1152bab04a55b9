/**
 * A speaker's label without its name, and one without words (found by huntdoc, session 23):
 * - a line that starts with a colon and no name before it (`: Ja, dat klopt.`: the transcriber
 *   left the name out) was read as the words of the speaker before it, without a word; now it ends
 *   that turn and is text without a speaker, said (`label-without-name`, a warning);
 * - a label with no words after it up to the next label (`Respondent:` ⏎ `Interviewer: …`, and
 *   `Interviewer: [00:01:02]` with its time) made no segment, without a word, its time lost; now
 *   said with the count, the first's line and how many had a time (`empty-turns`, info).
 * A label with its time and the words on the line below is one turn with that time, and its line
 * is the line of its words (a segment's line is the line its text starts on), as a label with
 * its words on its own line is. Our own invented text.
 */
import { describe, expect, it } from 'vitest';
import { parseBlocks, readingDiagnostics } from '../../src/ingest/parse-blocks.js';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { cpSlice } from '../../src/model/codepoints.js';
import type { Diagnostic } from '../../src/model/types.js';

const turns = (text: string) => parseBlocks(text, 'transcript').blocks.map((b) => [b.speaker, cpSlice(text, b.start, b.end)]);
const said = (text: string) => readingDiagnostics(parseBlocks(text, 'transcript'), 't.txt');

describe('a colon without a speaker\'s name', () => {
  const t =
    'Interviewer: Hoe lang woont u in de wijk?\nRespondent: Sinds 1998.\nInterviewer: En bevalt het?\nRespondent: Wisselend.\n: Ja, dat klopt wel.\nInterviewer: Wat bedoelt u?\n';
  it('ends the turn before it and is text without a speaker, said', () => {
    expect(turns(t)).toEqual([
      ['Interviewer', 'Hoe lang woont u in de wijk?'],
      ['Respondent', 'Sinds 1998.'],
      ['Interviewer', 'En bevalt het?'],
      ['Respondent', 'Wisselend.'],
      [null, 'Ja, dat klopt wel.'],
      ['Interviewer', 'Wat bedoelt u?'],
    ]);
    const d = said(t).filter((x) => x.ruleId === 'label-without-name');
    expect(d.map((x) => [x.severity, x.line, x.message])).toEqual([
      [
        'warning',
        5,
        '1 line starts with a colon and no speaker\'s name before it (line 5 ": Ja, dat klopt wel.", after Respondent\'s turn): it ends that turn and is read as text without a speaker, not as Respondent\'s words',
      ],
    ]);
  });
  it('a colon inside the words, or a smiley at a line\'s start, is text of the turn as before', () => {
    const u = 'Interviewer: Hoe was het?\nRespondent: Goed:\n:) echt waar.\n:D haha.\nInterviewer: Fijn.\nRespondent: Ja.\n';
    expect(turns(u)[1]).toEqual(['Respondent', 'Goed:\n:) echt waar.\n:D haha.']);
    expect(said(u).filter((x) => x.ruleId === 'label-without-name')).toEqual([]);
  });
});

describe('a label without words', () => {
  it('makes no segment, and is said with its line and whether it had a time', () => {
    const t = 'Interviewer: [00:01:02]\nRespondent: Goed.\nInterviewer: Fijn.\nRespondent:\nInterviewer: Nog iets?\nRespondent: Nee.\n';
    expect(turns(t).map((x) => x[0])).toEqual(['Respondent', 'Interviewer', 'Interviewer', 'Respondent']);
    const d = said(t).filter((x) => x.ruleId === 'empty-turns');
    expect(d.map((x) => [x.severity, x.line, x.actual])).toEqual([['info', 1, 'Interviewer: [00:01:02]']]);
    expect(d[0].message).toBe(
      '2 speaker labels have no words after them (the first: line 1 "Interviewer: [00:01:02]", Interviewer): no segment is made for them, and the time stamp on 1 of them is in no segment',
    );
  });

  it('one label without words and its time; none when no turn has words (the file is said as a whole: no-words-in-turns)', () => {
    const t = 'Interviewer: Hoe gaat het?\nRespondent: [00:02:10]\nInterviewer: Nog iets?\nRespondent: Nee.\n';
    expect(said(t).find((x) => x.ruleId === 'empty-turns')?.message).toBe(
      '1 speaker label has no words after it (line 2 "Respondent: [00:02:10]", Respondent): no segment is made for it, and its time stamp is in no segment',
    );
    expect(said('Interviewer:\n\nRespondent:\n').filter((x) => x.ruleId === 'empty-turns')).toEqual([]);
  });

  it('a label and its time with the words on the next line: one turn with that time, its line the words\' line, nothing said', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-label-next-line-'));
    writeFileSync(join(dir, 'buurt.txt'), 'Interviewer: [00:01:02]\nHoe gaat het met u?\n\nRespondent: [00:01:10] Goed, dank u.\n\nInterviewer: [00:01:20]\n\nEn verder?\nRespondent: Prima.\n');
    const seen: Diagnostic[] = [];
    const { corpus } = await readCorpus(['buurt.txt'], { cwd: dir, unit: 'turn', report: (x) => seen.push(x) });
    expect(corpus.segments.map((s) => [s.speaker, s.line, s.time?.start, s.text])).toEqual([
      ['Interviewer', 2, 62, 'Hoe gaat het met u?'],
      ['Respondent', 4, 70, 'Goed, dank u.'],
      ['Interviewer', 8, 80, 'En verder?'],
      ['Respondent', 9, undefined, 'Prima.'],
    ]);
    expect(seen.filter((x) => x.ruleId === 'empty-turns')).toEqual([]);
  });
});
