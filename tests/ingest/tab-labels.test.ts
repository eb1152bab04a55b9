/**
 * Speaker labels separated from the text by a TAB (`Interviewer⇥Hoe gaat het?`), as transcription
 * tools export turns and as a two-column Word table pasted as text gives them, were no labels: the
 * file read as one document with the generic "no speaker labels found". They are read as turns
 * under the conditions of colon labels (label-shaped; seen twice, or a declared/interviewer
 * label); tables (three or more columns, a column of numbers), tab-indented prose and a label
 * written once are not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBlocks, readingDiagnostics, tabLabelAt } from '../../src/ingest/parse-blocks.js';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import { cpSlice } from '../../src/model/codepoints.js';
import type { Diagnostic } from '../../src/model/types.js';

const turns = (text: string) => parseBlocks(text, 'transcript').blocks.map((b) => [b.speaker, cpSlice(text, b.start, b.end), ...(b.time ? [b.time.start] : [])]);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-tab-labels-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const INTERVIEW = [
  'Interviewer\tHoe verloopt de samenwerking met de wijkteams?',
  'Marloes\tWisselend. Met het ene team bellen we elke week, met het andere bijna nooit.',
  'Interviewer\tWaar ligt dat aan, denk je?',
  'Marloes\tVooral aan de mensen. Als je elkaar kent, loopt het vanzelf.',
  '',
].join('\n');

describe('Label<TAB>text lines are speaker turns', () => {
  it('a transcript exported with tabs: four turns, the labels outside the text', () => {
    expect(turns(INTERVIEW)).toEqual([
      ['Interviewer', 'Hoe verloopt de samenwerking met de wijkteams?'],
      ['Marloes', 'Wisselend. Met het ene team bellen we elke week, met het andere bijna nooit.'],
      ['Interviewer', 'Waar ligt dat aan, denk je?'],
      ['Marloes', 'Vooral aan de mensen. Als je elkaar kent, loopt het vanzelf.'],
    ]);
  });

  it('read from a file: a transcript with roles, no "no speaker labels" warning, the file untouched (CRLF too)', async () => {
    writeFileSync(join(dir, 'marloes.txt'), INTERVIEW.replace(/\n/g, '\r\n'));
    const before = readFileSync(join(dir, 'marloes.txt'));
    const r = await readCorpus(['marloes.txt'], { cwd: dir });
    expect(r.corpus.sources[0].kind).toBe('transcript');
    expect(r.corpus.segments.map((s) => `${s.speaker}/${s.role}`)).toEqual(['Interviewer/interviewer', 'Marloes/respondent', 'Interviewer/interviewer', 'Marloes/respondent']);
    for (const s of r.corpus.segments) expect(cpSlice(r.corpus.sources[0].text, s.start, s.end)).toBe(s.text);
    expect(r.diagnostics.map((d: Diagnostic) => d.ruleId)).not.toContain('no-speaker-labels');
    expect(Buffer.compare(readFileSync(join(dir, 'marloes.txt')), before)).toBe(0);
  });

  it('a turn runs on over the lines after it; a time stamp before the label is read as its time', () => {
    const t = '[00:00:05]\tInterviewer\tZullen we beginnen?\n[00:00:09]\tKees\tPrima.\nIk heb wel maar een half uur.\n[00:00:15]\tInterviewer\tDat is genoeg.\n[00:00:18]\tKees\tMooi.\n';
    expect(turns(t)).toEqual([
      ['Interviewer', 'Zullen we beginnen?', 5],
      ['Kees', 'Prima.\nIk heb wel maar een half uur.', 9],
      ['Interviewer', 'Dat is genoeg.', 15],
      ['Kees', 'Mooi.', 18],
    ]);
  });

  it("`Label<TAB>time<TAB>text` (a transcription tool's export with times): turns with their times, labels and times outside the text", () => {
    const t = 'Interviewer\t00:00:05\tHoe lang werkt u al als wijkcoach?\nRespondent\t00:00:09\tAl zes jaar.\nInterviewer\t[00:01:20]\tEn de samenwerking?\nRespondent\t(01:24)\tDie gaat goed.\nWe zien elkaar elke week.\n';
    expect(turns(t)).toEqual([
      ['Interviewer', 'Hoe lang werkt u al als wijkcoach?', 5],
      ['Respondent', 'Al zes jaar.', 9],
      ['Interviewer', 'En de samenwerking?', 80],
      ['Respondent', 'Die gaat goed.\nWe zien elkaar elke week.', 84],
    ]);
    expect(tabLabelAt('Anna\t00:12\tJa, zeker.')).toMatchObject({ speaker: 'Anna', stamp: '00:12', contentAt: 11 });
    // a second column that is no time, a time with nothing or a number after it, four columns: tables
    for (const l of ['Anna\tcoördinator\tNoord', 'Anna\t10:15\t', 'Anna\t10:15\t42', 'Anna\t10:15\tja\tnee', 'Anna\t10:15 uur\tja']) expect(tabLabelAt(l), l).toBeUndefined();
  });

  it('tab and colon labels of one speaker in one file make one speaker', () => {
    const t = 'Interviewer: Werkt u al lang hier?\nFatima\tSinds 2019.\nInterviewer: En bevalt het?\nFatima: Ja, heel goed.\n';
    expect(turns(t)).toEqual([
      ['Interviewer', 'Werkt u al lang hier?'],
      ['Fatima', 'Sinds 2019.'],
      ['Interviewer', 'En bevalt het?'],
      ['Fatima', 'Ja, heel goed.'],
    ]);
  });

  it('a short exchange: the interviewer and one respondent seen once', () => {
    expect(turns('Interviewer\tHoe was de training?\nSem\tLeerzaam, vooral de casussen.\n')).toEqual([
      ['Interviewer', 'Hoe was de training?'],
      ['Sem', 'Leerzaam, vooral de casussen.'],
    ]);
  });
});

describe('no false speakers', () => {
  it('a table of three or more columns', () => {
    const t = 'Naam\tFunctie\tTeam\nAnna\tcoördinator\tNoord\nBram\twijkcoach\tZuid\nAnna\tcoördinator\tOost\n';
    const p = parseBlocks(t, 'transcript');
    expect(p.speakers).toEqual([]);
  });

  it('a two-column table of numbers or times', () => {
    const t = 'Anna\t34\nBram\t12,5%\nAnna\t10:15\nBram\t€ 250\n';
    expect(parseBlocks(t, 'transcript').speakers).toEqual([]);
  });

  it('tab-indented prose and a tab inside a sentence', () => {
    const t = '\tIn de eerste fase spraken we met de teams.\n\tDaarna volgde een tweede ronde.\nDe gemeente\twilde meer weten.\nDe gemeente\tvroeg om een rapport.\n';
    expect(parseBlocks(t, 'transcript').speakers).toEqual([]);
  });

  it('a lone "Word<TAB>text" line in a transcript is no speaker and not said as an unread label', () => {
    const t = 'Interviewer: Hoe gaat het?\nAnna: Goed.\nOpmerking\tzij lacht hier.\nInterviewer: Mooi.\nAnna: Ja.\nToelichting\tde rest is onverstaanbaar.\n';
    const p = parseBlocks(t, 'transcript');
    expect(p.speakers).toEqual(['Interviewer', 'Anna']);
    expect(readingDiagnostics(p, 'x.txt')).toEqual([]);
    expect(p.blocks.map((b) => cpSlice(t, b.start, b.end))).toEqual(['Hoe gaat het?', 'Goed.\nOpmerking\tzij lacht hier.', 'Mooi.', 'Ja.\nToelichting\tde rest is onverstaanbaar.']);
  });

  it('documents and surveys read no labels at all', () => {
    expect(parseBlocks(INTERVIEW, 'document').speakers).toEqual([]);
  });

  it('tabLabelAt: shapes', () => {
    expect(tabLabelAt('Anna de Vries\tJa.')).toMatchObject({ speaker: 'Anna de Vries', contentAt: 14 });
    expect(tabLabelAt('Anna  \t\tJa.')).toMatchObject({ speaker: 'Anna', contentAt: 8 });
    for (const l of ['anna\tja', 'Anna\t', 'Anna\t  ', 'Anna\tja\tnee', 'Dit is geen label\tmaar een zin', '\tAnna', 'Anna\t42', 'Datum\t12 maart']) expect(tabLabelAt(l), l).toBeUndefined();
  });
});
