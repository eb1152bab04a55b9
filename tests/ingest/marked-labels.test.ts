/**
 * A transcript whose labels stand after a list or quote mark (`- Interviewer: …` pasted from notes,
 * `> Anna: …` as a mail quotes it) was read as one document without speakers: every answer text of
 * no one (found by huntdoc). Now read as turns when the marks are consistent and a name is a role,
 * said (`marked-labels-read`); meeting notes of `- Actie:` ⏎ `- Besluit:` stay a document. Content invented.
 */
import { describe, expect, it } from 'vitest';
import { markedLabels, markedNote } from '../../src/ingest/marked-labels.js';
import { transcriptTurns } from '../../src/ingest/read-turns.js';

const listed = '- Interviewer: Hoe werkt u samen met het wijkteam?\n- Respondent: We hebben elke week overleg.\n- Interviewer: En met de school?\n- Respondent: Daar bel ik de mentor.\n';
const quoted = '> Interviewer: Hoe werkt u samen met het wijkteam?\n>\n> Anna: We hebben elke week overleg.\n> Dat werkt goed, vind ik.\n>\n> Interviewer: En met de school?\n>\n> Anna: Daar bel ik de mentor.\n';

describe('labels after a list or quote mark', () => {
  it('a list of turns: read as turns, every offset as in the file', () => {
    const t = transcriptTurns(listed, [], true);
    expect(t.marked?.labels.map((l) => [l.written, l.lines, l.first])).toEqual([
      ['- Interviewer:', 2, 1],
      ['- Respondent:', 2, 2],
    ]);
    expect(t.parsed.blocks.map((b) => [b.speaker, listed.slice(b.start, b.end)])).toEqual([
      ['Interviewer', 'Hoe werkt u samen met het wijkteam?'],
      ['Respondent', 'We hebben elke week overleg.'],
      ['Interviewer', 'En met de school?'],
      ['Respondent', 'Daar bel ik de mentor.'],
    ]);
  });

  it('a quoted talk: each turn with its further lines', () => {
    const t = transcriptTurns(quoted, [], false);
    expect(t.parsed.blocks.map((b) => b.speaker)).toEqual(['Interviewer', 'Anna', 'Interviewer', 'Anna']);
    expect(quoted.slice(t.parsed.blocks[1].start, t.parsed.blocks[1].end)).toBe('We hebben elke week overleg.\n> Dat werkt goed, vind ik.');
  });

  it('a quoted talk: the `>` that stays in a turn\'s further line is said, with its count and first line (session 22; was not)', () => {
    const m = markedLabels(quoted)!;
    // (only the line with words: the lone `>` lines between turns hold nothing)
    expect(m.quoteMarks).toEqual({ lines: 1, first: 4 });
    const note = markedNote(m, 'mail.txt');
    expect(note.message).toContain("the quote's `>` at the start of 1 further line of turns (the first: line 4) stays in its turn's text as written");
    expect(markedLabels(listed)!.quoteMarks).toBeUndefined();
    expect(markedNote(markedLabels(listed)!, 'lijst.txt').message).not.toContain('`>`');
  });

  it('meeting notes, a list of two names without a role, a text with other labels: not read so', () => {
    expect(markedLabels('Overleg\n\n- Actie: Jan belt de school.\n- Besluit: we gaan door.\n- Actie: Piet mailt.\n- Besluit: volgende keer.\n')).toBeUndefined();
    expect(markedLabels('- Anna: ja.\n- Kees: nee.\n- Anna: ja.\n- Kees: nee.\n')).toBeUndefined();
    expect(markedLabels('- Anna: ja.\n- Kees: nee.\n- Anna: ja.\n- Kees: nee.\n', ['Anna'])).toBeDefined();
    // (the reader's own labels read first: no marked reading)
    expect(transcriptTurns('Interviewer: Hoe?\n\nRespondent: Zo.\n\n- Respondent: ook zo.\n', [], false).marked).toBeUndefined();
  });
});
