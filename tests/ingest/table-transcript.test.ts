/**
 * A transcript exported as a table (a transcription service's `Speaker,Start,Text`, `Spreker;Tijd;Tekst`,
 * as CSV or workbook) was read as a table of answers: each row a respondent of its own (`row 2`,
 * `row 3`: four respondents for a talk of two), the interviewer's questions coded as answers, the
 * speaker column kept aside — without a word. Now such a table is read as a transcript, each row a
 * turn of its speaker (interviewer and respondent roles as in a text transcript), and said
 * (`table-read-as-transcript`); a table of answers (one respondent a row, or a question column) is
 * read as before. Content invented.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import type { Diagnostic } from '../../src/model/types.js';
import { qdaLeavingInputs as qda } from '../helpers/inputs-untouched.js';

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qda-table-transcript-'));
  writeFileSync(
    join(dir, 'gesprek.csv'),
    'Spreker;Tijd;Tekst\nInterviewer;00:00:01;Hoe werkt u samen met het wijkteam?\nAnna;00:00:05;We hebben elke week overleg met het wijkteam, dat werkt goed.\nInterviewer;00:00:12;En met de jongerenwerkers?\nAnna;00:00:15;Minder vaak, maar we bellen als het nodig is.\n',
  );
  writeFileSync(join(dir, 'enquete.csv'), 'naam,antwoord\nAnna,Ik vind de samenwerking goed want we overleggen vaak.\nBram,Het kan beter met de gemeente en het wijkteam.\n');
  writeFileSync(join(dir, 'lang.csv'), 'respondent,vraag,antwoord\nR1,V1,We overleggen elke week met elkaar.\nR1,V2,Het wijkteam belt ons snel terug.\nR2,V1,Weinig contact met de gemeente.\n');
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Transcript');
  ws.addRow(['Speaker', 'Start', 'Text']);
  ws.addRow(['Lotte', '00:00:02', 'Can you tell me what you do?']);
  ws.addRow(['Ruud', '00:00:06', 'I am a neighbourhood coach in the east of town.']);
  ws.addRow(['Lotte', '00:00:11', 'Who do you work with?']);
  ws.addRow(['Ruud', '00:00:14', 'Mostly the youth workers, every week.']);
  await wb.xlsx.writeFile(join(dir, 'talk.xlsx'));
  // (a transcription service's export that names its text column `Transcript`, in a folder of its own;
  // and a case table whose `transcript` column names files, beside a column of names)
  mkdirSync(join(dir, 'export'));
  writeFileSync(join(dir, 'export', 'amber.csv'), 'Speaker,Start,End,Transcript\nInterviewer,00:00:01,00:00:04,Hoe werkt u samen met het wijkteam?\nAnna,00:00:05,00:00:11,We hebben elke week overleg met het wijkteam.\nInterviewer,00:00:12,00:00:14,En met de jongerenwerkers?\nAnna,00:00:15,00:00:20,Minder vaak maar wel als het nodig is.\n');
  mkdirSync(join(dir, 'cases'));
  writeFileSync(join(dir, 'cases', 'int-01.txt'), 'Interviewer: Hoe gaat het?\n\nAnna: Goed, we overleggen elke week.\n');
  writeFileSync(join(dir, 'cases', 'overzicht.csv'), 'transcript,naam,groep\nint-01.txt,Anna,wijkcoach\nint-02.txt,Bram,jongerenwerker\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function read(file: string, interviewers?: string[]) {
  const said: Diagnostic[] = [];
  const { corpus } = await readCorpus([join(dir, file)], { cwd: dir, report: (d) => void said.push(d), ...(interviewers ? { interviewers } : {}) });
  return { corpus, said };
}

describe('a transcript written as a table', () => {
  it('CSV: each row a turn of its speaker, the interviewer\'s as the interviewer\'s; said', async () => {
    const { corpus, said } = await read('gesprek.csv');
    expect(corpus.sources[0].kind).toBe('transcript');
    expect(corpus.segments.map((g) => [g.speaker, g.role])).toEqual([
      ['Interviewer', 'interviewer'],
      ['Anna', 'respondent'],
      ['Interviewer', 'interviewer'],
      ['Anna', 'respondent'],
    ]);
    expect(corpus.segments[1].text).toBe('We hebben elke week overleg met het wijkteam, dat werkt goed.');
    expect(corpus.segments[1].meta).toMatchObject({ row: '3', Tijd: '00:00:05' });
    const d = said.find((x) => x.ruleId === 'table-read-as-transcript');
    expect(d?.message).toBe('read as a transcript: column "Spreker" names the speaker of each row and "Tekst" what is said (4 turns; 2 speakers: Interviewer, Anna), each row a turn; its other columns are kept with each turn');
  });

  it('workbook of two named speakers: read as turns, and no interviewer among them said', async () => {
    const { corpus, said } = await read('talk.xlsx');
    expect(corpus.sources[0].kind).toBe('transcript');
    expect(corpus.segments.map((g) => g.speaker)).toEqual(['Lotte', 'Ruud', 'Lotte', 'Ruud']);
    expect(said.map((x) => x.ruleId)).toEqual(expect.arrayContaining(['table-read-as-transcript', 'no-interviewer']));
    const named = await read('talk.xlsx', ['Lotte']);
    expect(named.corpus.segments.map((g) => g.role)).toEqual(['interviewer', 'respondent', 'interviewer', 'respondent']);
    expect(named.said.map((x) => x.ruleId)).not.toContain('no-interviewer');
  });

  it('tables of answers stay answers: one respondent a row; a question column', async () => {
    for (const f of ['enquete.csv', 'lang.csv']) {
      const { corpus, said } = await read(f);
      expect(corpus.sources[0].kind, f).toBe('survey');
      expect(said.map((x) => x.ruleId), f).not.toContain('table-read-as-transcript');
    }
  });

  it('a text column named Transcript, in a folder: a transcript (it was taken for a case table and not read)', async () => {
    const { corpus, said } = await read('export');
    expect(corpus.sources.map((x) => [x.id, x.kind])).toEqual([['amber', 'transcript']]);
    expect(corpus.segments.map((g) => g.role)).toEqual(['interviewer', 'respondent', 'interviewer', 'respondent']);
    expect(said.map((x) => x.ruleId)).toContain('table-read-as-transcript');
  });

  it('a case table with a transcript column of file names and a column of names stays a case table', async () => {
    const { corpus, said } = await read('cases');
    expect(corpus.sources.map((x) => x.id)).toEqual(['int-01']);
    expect(said.map((x) => x.ruleId)).not.toContain('table-read-as-transcript');
  });

  it('qda code reads it as a transcript and says so', async () => {
    const r = await qda(dir, ['code', 'gesprek.csv', '-c', 'coordination-collaboration', '-o', 'out.json'], ['out.json']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('[ingest:table-read-as-transcript]');
    const doc = JSON.parse((await import('node:fs')).readFileSync(join(dir, 'out.json'), 'utf8'));
    expect(doc.sources[0].kind).toBe('transcript');
  });
});
