/**
 * A number on a line of its own is a page number only where the document shows the pattern
 * page numbers make (or the line names the page): a year said at the end of a turn, or a
 * number given as an answer, is speech and stays in its turn. Our own invented text.
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parseBlocks, readingDiagnostics } from '../../src/ingest/parse-blocks.js';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import { pageNumberLines } from '../../src/model/page-debris.js';
import { cpSlice } from '../../src/model/codepoints.js';
import type { Diagnostic } from '../../src/model/types.js';

const turns = (text: string) => parseBlocks(text, 'transcript').blocks.map((b) => [b.speaker, cpSlice(text, b.start, b.end)]);
const debris = (text: string) => readingDiagnostics(parseBlocks(text, 'transcript'), 't.txt').filter((d) => d.ruleId === 'page-debris');

describe('a year alone on a line is speech, not a page number', () => {
  it('`in` ⏎ `2017` at the end of a turn stays in the turn (Dutch)', () => {
    const t = 'Interviewer: Wanneer begon het project?\nAnna: We zijn begonnen in\n2017\n\nInterviewer: En hoe ging dat?\nAnna: Best goed.\n';
    expect(turns(t)).toEqual([
      ['Interviewer', 'Wanneer begon het project?'],
      ['Anna', 'We zijn begonnen in\n2017'],
      ['Interviewer', 'En hoe ging dat?'],
      ['Anna', 'Best goed.'],
    ]);
    expect(debris(t)).toEqual([]);
  });

  it('a turn that is only a year (`Respondent:` ⏎ `2019`) keeps it (English)', () => {
    const t = 'Interviewer: Which year did the teams merge?\n\nRespondent:\n\n2019\n\nInterviewer: And before that?\n\nRespondent: Two separate teams.\n';
    expect(turns(t)).toEqual([
      ['Interviewer', 'Which year did the teams merge?'],
      ['Respondent', '2019'],
      ['Interviewer', 'And before that?'],
      ['Respondent', 'Two separate teams.'],
    ]);
    expect(debris(t)).toEqual([]);
  });

  it('two years in a row after blank lines (2017, 2018) are no page-number pattern', () => {
    const t = 'Interviewer: Welke jaren waren zwaar?\n\nAnna: Vooral het eerste.\n\n2017\n\nInterviewer: En daarna?\n\nAnna: Ook nog even.\n\n2018\n\nInterviewer: Dank je.\n';
    const got = turns(t);
    expect(got[1]).toEqual(['Anna', 'Vooral het eerste.\n\n2017']);
    expect(got[3]).toEqual(['Anna', 'Ook nog even.\n\n2018']);
    expect(debris(t)).toEqual([]);
  });
});

describe('any lone number stays where the document shows no page-number pattern', () => {
  it('a score given on its own line at the end of a turn stays', () => {
    const t = 'Interviewer: Welk cijfer geeft u de samenwerking?\nAnna: Als ik eerlijk ben\n6\n\nInterviewer: En vorig jaar?\nAnna: Lager.\n';
    expect(turns(t)[1]).toEqual(['Anna', 'Als ik eerlijk ben\n6']);
    expect(debris(t)).toEqual([]);
  });

  it('numbers that go up but sit on consecutive lines (a list) are no page numbers', () => {
    const lines = ['1', 'Eerst bellen.', '2', 'Dan langsgaan.', '3', 'Tot slot terugkoppelen.', '4'];
    expect([...pageNumberLines(lines, [0, 2, 4, 6])]).toEqual([]);
  });
});

describe('real page numbers are still left out, and counted', () => {
  // three pages of an interview copied from a PDF: each ends with its number; a year said
  // at the end of a turn sits among them
  const t = [
    'Interviewer: Wanneer begon de samenwerking?',
    '',
    'Anna: Dat was in',
    '2016',
    '',
    'Interviewer: Hoe ging het eerste jaar?',
    '',
    '1',
    '',
    'Anna: Moeizaam, we kenden elkaar nauwelijks.',
    '',
    'Interviewer: En later?',
    '',
    'Anna: Beter, vooral na de training.',
    '',
    '2',
    '',
    'Interviewer: Wat maakte het verschil?',
    '',
    'Anna: Dat we samen een casus bespraken.',
    '',
    'Interviewer: Dank je.',
    '',
    '3',
  ].join('\n');

  it('the numbers 1, 2, 3 at a regular spacing are left out and reported with their count; the year stays', () => {
    const p = parseBlocks(t, 'transcript');
    expect(p.blocks.map((b) => cpSlice(t, b.start, b.end))).toEqual([
      'Wanneer begon de samenwerking?',
      'Dat was in\n2016',
      'Hoe ging het eerste jaar?',
      'Moeizaam, we kenden elkaar nauwelijks.',
      'En later?',
      'Beter, vooral na de training.',
      'Wat maakte het verschil?',
      'Dat we samen een casus bespraken.',
      'Dank je.',
    ]);
    const d = readingDiagnostics(p, 't.txt');
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ ruleId: 'page-debris', severity: 'info', file: 't.txt', line: 8 });
    expect(d[0].message).toBe('left out 3 lines as page debris (a lone page number): line 8 "1", line 16 "2", line 24 "3"; they are in no segment');
  });

  it('readCorpus reports them for the file and leaves the file byte-identical', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-pagenr-'));
    const f = join(dir, 'anna.txt');
    writeFileSync(f, t);
    const before = readFileSync(f);
    const diags: Diagnostic[] = [];
    const { corpus } = await readCorpus([dir], { cwd: dir, report: (d) => void diags.push(d) });
    const pd = diags.filter((d) => d.ruleId === 'page-debris');
    expect(pd).toHaveLength(1);
    expect(pd[0].file).toMatch(/anna\.txt$/);
    expect(pd[0].message).toContain('left out 3 lines');
    expect(corpus.segments.some((s) => s.text === 'Dat was in\n2016')).toBe(true);
    expect(readFileSync(f).equals(before)).toBe(true);
  });

  it('a line that names the page, or a number next to a form feed, is a page number on its own', () => {
    expect([...pageNumberLines(['tekst', 'Pagina 4', 'meer tekst'], [1])]).toEqual([1]);
    expect([...pageNumberLines(['tekst', '4', '\fmeer tekst'], [1])]).toEqual([1]);
    // (not a year, even next to a form feed)
    expect([...pageNumberLines(['tekst', '2017', '\fmeer tekst'], [1])]).toEqual([]);
  });
});
