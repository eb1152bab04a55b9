/**
 * Speaker turns of transcripts copied from a thesis PDF (our own text, Dutch and
 * English): indented labels, page-break debris, labels glued to the end of the line
 * before, a mistyped label; and the warnings about interviewers and one-turn speakers.
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parseBlocks } from '../../src/ingest/parse-blocks.js';
import { speakerWarnings } from '../../src/ingest/roles.js';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import { runningHeaders, PAGE_NUMBER_LINE } from '../../src/model/page-debris.js';
import { cpSlice } from '../../src/model/codepoints.js';
import type { Diagnostic } from '../../src/model/types.js';

const turns = (text: string) => parseBlocks(text, 'transcript').blocks.map((b) => [b.speaker, cpSlice(text, b.start, b.end)]);

describe('speaker labels in text copied from a PDF', () => {
  it('labels indented with spaces or tabs start a turn', () => {
    const t = 'Sanne de Wit: Hoe gaat het met het team? \n\n \n\n Respondent: Goed, we overleggen \n\nelke week. \n\n\tSanne de Wit: Fijn.\n\nRespondent: Ja.';
    expect(turns(t)).toEqual([
      ['Sanne de Wit', 'Hoe gaat het met het team?'],
      ['Respondent', 'Goed, we overleggen \n\nelke week.'],
      ['Sanne de Wit', 'Fijn.'],
      ['Respondent', 'Ja.'],
    ]);
  });

  it('a lone page number and a running header neither start nor end a turn, and a header is no speaker', () => {
    const t = [
      'Appendix C: Interviews 41',
      '',
      'Interviewer: What does the team do first?',
      '',
      'Respondent: We make a plan with the client and',
      '',
      '42',
      '',
      'Appendix C: Interviews 42',
      '',
      'then we check it after a month.',
      '',
      'Interviewer: And then?',
      '',
      '- 43 -',
      '',
      'Appendix C: Interviews 43',
      '',
      'Respondent: Then we evaluate.',
      '',
      'Page 44 of 50',
    ].join('\n');
    const got = turns(t);
    expect(got.map((x) => x[0])).toEqual(['Interviewer', 'Respondent', 'Interviewer', 'Respondent']);
    expect(got[1][1]).toMatch(/^We make a plan with the client and\s+42\s+Appendix C: Interviews 42\s+then we check it after a month\.$/);
    expect(got[2][1]).toBe('And then?');
    expect(got[3][1]).toBe('Then we evaluate.');
    expect(parseBlocks(t, 'transcript').speakers).toEqual(['Interviewer', 'Respondent']);
  });

  it('runningHeaders: repeated short lines with a changing number, or next to page numbers; not ordinary repeated speech', () => {
    // (a changing number is a header's when it goes with the pages: 3 or more, 1 higher each time, at a regular spacing, a page of text apart)
    const page = (n: number) => [`Bijlage 3 - Transcript ${n}`, 'tekst', 'meer tekst', 'nog meer', 'en nog', 'het laatste'];
    expect([...runningHeaders([...page(12), ...page(13), ...page(14)])]).toEqual([0, 6, 12]);
    // (two such lines, or lines at no regular spacing, are text: `Stelling 1`, `Stelling 2` read out)
    expect([...runningHeaders(['Bijlage 3 - Transcript 12', 'tekst', 'Bijlage 3 - Transcript 13', 'meer'])]).toEqual([]);
    expect([...runningHeaders(['Ja.', 'x', 'Ja.', 'y', 'Ja.'])]).toEqual([]);
    expect([...runningHeaders(['Thesis', '7', 'a', 'Thesis', '8', 'b', 'Thesis', '9'])]).toEqual([0, 3, 6]);
    for (const l of ['74', ' 74 ', '- 74 -', '(74)', 'Page 3 of 9', 'pagina 4', 'blz. 4', '3/9']) expect(PAGE_NUMBER_LINE.test(l), l).toBe(true);
    for (const l of ['74 mensen', 'Ja 12', '12.']) expect(PAGE_NUMBER_LINE.test(l), l).toBe(false);
  });

  it('a label of a speaker of the file glued to the end of the line before starts a turn there', () => {
    const t = 'Sanne de Wit: Hallo. \n\nGeïnterviewde 2: Hoi.\n\nSanne de Wit: Wat doe je daarna? \n\nGeïnterviewde 2: Dan bel ik de wijkcoach. Code: exchange Sanne de Wit: En dan?\n\nGeïnterviewde 2: Dan wacht ik. Sanne de Wit: Oké.';
    expect(turns(t)).toEqual([
      ['Sanne de Wit', 'Hallo.'],
      ['Geïnterviewde 2', 'Hoi.'],
      ['Sanne de Wit', 'Wat doe je daarna?'],
      ['Geïnterviewde 2', 'Dan bel ik de wijkcoach. Code: exchange'],
      ['Sanne de Wit', 'En dan?'],
      ['Geïnterviewde 2', 'Dan wacht ik.'],
      ['Sanne de Wit', 'Oké.'],
    ]);
    // a page number glued before a label is debris, not text of the turn before
    const p = 'Interviewer: Eerst dit?\n\nRespondent: Ja, dat klopt.\n\n74 Interviewer: En dan?\n\nRespondent: Dan dat.';
    expect(turns(p)).toEqual([
      ['Interviewer', 'Eerst dit?'],
      ['Respondent', 'Ja, dat klopt.'],
      ['Interviewer', 'En dan?'],
      ['Respondent', 'Dan dat.'],
    ]);
  });

  it('a label seen once that is a near miss of a speaker of the file starts a turn; other capitalised `Word:` text does not', () => {
    const t = 'Sanne de Wit: Vraag een?\n\nRespondent: Antwoord.\n\nSanne de Witt: Vraag twee?\n\nRespondent: Antwoord: zo gaat het.\n\nSanne de Wit: Dank.';
    expect(turns(t).map((x) => x[0])).toEqual(['Sanne de Wit', 'Respondent', 'Sanne de Witt', 'Respondent', 'Sanne de Wit']);
    // a sentence ending before a marker is not a label: `Systemen. Code: …`
    const m = 'Respondent: Wij werken samen. Code:\n\nSystemen. Code: exchange\n\nInterviewer: Goed.\n\nRespondent: Ja. Code:\n\nSystemen. Code: exchange';
    expect(turns(m).map((x) => x[0])).toEqual(['Respondent', 'Interviewer', 'Respondent']);
  });
});

describe('speaker warnings', () => {
  it('no interviewer among two or more speakers: names the speakers with turn counts and the fix', () => {
    const ds = speakerWarnings(
      [
        { speaker: 'Sanne de Wit', line: 1, text: 'Hoe gaat het?' },
        { speaker: 'Deelnemer 3', line: 3, text: 'Goed.' },
        { speaker: 'Sanne de Wit', line: 5, text: 'En verder?' },
      ],
      ['interviewer'],
      'x.txt',
    );
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ ruleId: 'no-interviewer', file: 'x.txt', severity: 'warning' });
    expect(ds[0].message).toBe("no interviewer recognised among the 2 speakers (Sanne de Wit: 2 turns, Deelnemer 3: 1 turn); every turn, questions too, is read as a respondent's");
    expect(ds[0].hint).toBe('name the interviewer, e.g. --interviewer "Sanne de Wit" (repeatable), or in qda.yaml: interviewers: ["Sanne de Wit"]');
    expect(speakerWarnings([{ speaker: 'Interviewer', line: 1, text: '?' }, { speaker: 'Anna', line: 2, text: '.' }], ['interviewer'], 'x.txt')).toEqual([]);
  });

  it('a speaker with one turn in a longer transcript is named (with the speaker it may be a typo of)', () => {
    const t = (speaker: string, line: number) => ({ speaker, line, text: 'x' });
    const ds = speakerWarnings([t('Interviewer', 1), t('Anna', 2), t('Interviewer', 3), t('Anna', 4), t('Interviwer', 5), t('Anna', 6)], ['interviewer'], 'x.txt');
    expect(ds.map((d) => [d.ruleId, d.line])).toEqual([['single-turn-speaker', 5]]);
    expect(ds[0].message).toMatch(/speaker "Interviwer" has one turn only: a mistyped "Interviewer"\?/);
  });

  it('readCorpus reports them per file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-speakers-'));
    writeFileSync(join(dir, 'a.txt'), 'Sanne de Wit: Vraag?\n\nBas: Antwoord.\n\nSanne de Wit: Nog een?\n\nBas: Ja.\n');
    const ds: Diagnostic[] = [];
    await readCorpus([dir], { cwd: dir, report: (d) => void ds.push(d) });
    expect(ds.map((d) => [d.ruleId, d.file])).toEqual([['no-interviewer', 'a.txt']]);
    const quiet: Diagnostic[] = [];
    await readCorpus([dir], { cwd: dir, interviewers: ['Sanne de Wit'], report: (d) => void quiet.push(d) });
    expect(quiet).toEqual([]);
  });
});
