/**
 * A line holding a speaker's label after other words (`… echt. Respondent: Ja`, a line break lost in
 * a copy from a PDF) is split there: the words after the label become that speaker's turn. The split
 * was made without a word, and a list number before a label (`1. Respondent: …`) went into the turn
 * before as its last word. Both are now said (label-inside-line, label-after-list-number) with the
 * count, the first line and its text. Our own invented text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import type { Diagnostic } from '../../src/model/types.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-label-inside-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function read(name: string, text: string): Promise<{ said: Diagnostic[]; turns: Array<[string | null, string]> }> {
  writeFileSync(join(dir, name), text);
  const diags: Diagnostic[] = [];
  const { corpus } = await readCorpus([name], { cwd: dir, report: (d) => void diags.push(d) });
  expect(readFileSync(join(dir, name), 'utf8')).toBe(text);
  const src = corpus.sources[0];
  return {
    said: diags.filter((d) => d.ruleId === 'label-inside-line' || d.ruleId === 'label-after-list-number'),
    turns: corpus.segments.filter((s) => s.sourceId === src.id).map((s) => [s.speaker ?? null, s.text]),
  };
}

describe('speaker labels inside a line', () => {
  it('labels glued after other words: split as before, and said with the count and the first line', async () => {
    const t = 'Interviewer: Hoe gaat het met de buurtkamer?\nRespondent: Goed, echt goed. Interviewer: En de vrijwilligers? Respondent: Die zijn er elke dag.\nInterviewer: Dank je.\n';
    const { said, turns } = await read('glued.txt', t);
    expect(turns.map(([s]) => s)).toEqual(['Interviewer', 'Respondent', 'Interviewer', 'Respondent', 'Interviewer']);
    expect(said.map((d) => [d.severity, d.line, d.message])).toEqual([
      [
        'info',
        2,
        '2 speaker labels stand inside a line, after other words (the first: line 2 "Respondent: Goed, echt goed. Interviewer: En de vrijwilligers? Resp..."): the line is split there, the words before the label ending the turn before, the words after it starting that speaker\'s turn',
      ],
    ]);
  });

  it('a list number before a label: read into the turn before, and said as a warning', async () => {
    const t = 'Interviewer: Wat ging goed?\nRespondent: De opkomst.\n2. Respondent: En de sfeer.\nInterviewer: Mooi.\n';
    const { said, turns } = await read('list.txt', t);
    expect(turns).toEqual([
      ['Interviewer', 'Wat ging goed?'],
      ['Respondent', 'De opkomst.\n2.'],
      ['Respondent', 'En de sfeer.'],
      ['Interviewer', 'Mooi.'],
    ]);
    expect(said.map((d) => [d.severity, d.line, d.message])).toEqual([
      [
        'warning',
        3,
        '1 line starts with a list number or dash before a speaker\'s label (the first: line 3 "2. Respondent: En de sfeer."): read as that speaker\'s turn, the number or dash as the last word of the turn before',
      ],
    ]);
  });

  it('labels each at the start of their line: nothing said', async () => {
    const { said } = await read('plain.txt', 'Interviewer: Hoe?\nRespondent: Goed: echt.\nInterviewer: En?\nRespondent: Ja.\n');
    expect(said).toEqual([]);
  });
});
