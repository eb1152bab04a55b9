/**
 * Lines that differ only by their number are a running header only when the number goes with
 * the pages; statements read out one by one (`Stelling 1`, `Stelling 2`, `Stelling 3`) are the
 * interviewer's speech and stay in their turns. Our own invented text.
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parseBlocks, readingDiagnostics } from '../../src/ingest/parse-blocks.js';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import { cpSlice } from '../../src/model/codepoints.js';
import type { Diagnostic } from '../../src/model/types.js';

const turns = (text: string) => parseBlocks(text, 'transcript').blocks.map((b) => [b.speaker, cpSlice(text, b.start, b.end)]);

describe('statements read out are speech, not a running header', () => {
  // each round alike: the interviewer ends her turn with the statement's number, the respondent answers
  const t = [
    'Interviewer: Ik lees nu een paar stellingen voor, zegt u maar of u het ermee eens bent.',
    'Stelling 1',
    'Anna: Welke is dat?',
    'Interviewer: Het wijkteam weet wat het jongerenwerk doet. Dan de volgende.',
    'Stelling 2',
    'Anna: Ja, zeg het maar.',
    'Interviewer: Informatie wordt op tijd gedeeld. En dan de laatste.',
    'Stelling 3',
    'Anna: Ik luister.',
    'Interviewer: De gemeente stuurt te veel.',
    'Anna: Daar ben ik het niet mee eens.',
  ].join('\n');

  it('`Stelling 1`, `Stelling 2`, `Stelling 3` stay at the end of the interviewer’s turns (Dutch)', () => {
    const got = turns(t);
    expect(got.filter(([s]) => s === 'Interviewer').map(([, x]) => x)).toEqual([
      'Ik lees nu een paar stellingen voor, zegt u maar of u het ermee eens bent.\nStelling 1',
      'Het wijkteam weet wat het jongerenwerk doet. Dan de volgende.\nStelling 2',
      'Informatie wordt op tijd gedeeld. En dan de laatste.\nStelling 3',
      'De gemeente stuurt te veel.',
    ]);
    const p = parseBlocks(t, 'transcript');
    expect(p.leftOut).toEqual([]);
    expect(readingDiagnostics(p, 't.txt')).toEqual([]);
  });

  it('`Statement 1:` … lines with their text stay too (English), and the file is left as it was', async () => {
    const en = 'Interviewer: I will read a few statements.\n\nStatement 1\n\nRespondent: Go ahead.\n\nInterviewer: Teams share information in time.\n\nStatement 2\n\nRespondent: Agreed.\n\nInterviewer: The council steers too much.\n\nStatement 3\n\nRespondent: Not really.\n';
    const dir = mkdtempSync(join(tmpdir(), 'qda-stelling-'));
    const f = join(dir, 'en.txt');
    writeFileSync(f, en);
    const diags: Diagnostic[] = [];
    const { corpus } = await readCorpus([dir], { cwd: dir, report: (d) => void diags.push(d) });
    expect(corpus.segments.filter((s) => s.speaker === 'Interviewer').map((s) => s.text)).toEqual([
      'I will read a few statements.\n\nStatement 1',
      'Teams share information in time.\n\nStatement 2',
      'The council steers too much.\n\nStatement 3',
    ]);
    expect(diags.filter((d) => d.ruleId === 'page-debris')).toEqual([]);
    expect(readFileSync(f, 'utf8')).toBe(en);
  });
});

describe('a running header whose number goes with the pages is still left out, and counted', () => {
  it('`Bijlage 2 Transcript 31/32/33` at a regular spacing, a turn running on over one: left out and reported with the count and lines', () => {
    const t = [
      'Bijlage 2 Transcript 31',
      'Interviewer: Wat ging er goed?',
      'Anna: Het overleg met de buurtcoach verliep soepel.',
      'Interviewer: En wat niet?',
      'Anna: De terugkoppeling bleef soms uit, en als we',
      'Bijlage 2 Transcript 32',
      'dan belden, duurde het lang.',
      'Interviewer: Hoe loste u dat op?',
      'Anna: Door zelf langs te gaan.',
      'Interviewer: Werkte dat?',
      'Bijlage 2 Transcript 33',
      'Anna: Meestal wel.',
      'Interviewer: Dank u.',
    ].join('\n');
    const p = parseBlocks(t, 'transcript');
    expect(p.blocks.map((b) => cpSlice(t, b.start, b.end))).toEqual([
      'Wat ging er goed?',
      'Het overleg met de buurtcoach verliep soepel.',
      'En wat niet?',
      // (a header inside a turn stays in its text, as page debris inside a turn always has)
      'De terugkoppeling bleef soms uit, en als we\nBijlage 2 Transcript 32\ndan belden, duurde het lang.',
      'Hoe loste u dat op?',
      'Door zelf langs te gaan.',
      'Werkte dat?',
      'Meestal wel.',
      'Dank u.',
    ]);
    const d = readingDiagnostics(p, 't.txt');
    // (the header inside Anna's turn stays in its text, and is said: session 21)
    expect(d).toHaveLength(2);
    expect(d[1]).toMatchObject({ ruleId: 'page-debris-in-turn', severity: 'warning', line: 6 });
    expect(d[0]).toMatchObject({ ruleId: 'page-debris', severity: 'info', line: 1 });
    expect(d[0].message).toBe('left out 2 lines as page debris (a running header or footer "Bijlage # Transcript #"): line 1 "Bijlage 2 Transcript 31", line 11 "Bijlage 2 Transcript 33"; they are in no segment');
  });
});
