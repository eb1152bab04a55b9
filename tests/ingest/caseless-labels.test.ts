/**
 * A transcript labelled all in lower case (`interviewer: …`, `respondent: …`) or in a script without
 * capitals (Arabic or Chinese names before a colon, a full-width `：` too) was read as one document,
 * with the generic "no speaker labels found": no turn, no speaker, nothing coded as a respondent's.
 * When its labels are consistent (the same few names each start two lines or more, a third of the
 * lines or more), they are now read as turns of those speakers, named as written, and said (info).
 * A document with a colon on a line here and there stays a document. Our own invented text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import type { Diagnostic } from '../../src/model/types.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-caseless-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function read(name: string, text: string, interviewers?: string[]) {
  writeFileSync(join(dir, name), text);
  const before = readFileSync(join(dir, name));
  const said: Diagnostic[] = [];
  const { corpus } = await readCorpus([name], { cwd: dir, unit: 'turn', report: (x) => said.push(x), ...(interviewers ? { interviewers } : {}) });
  expect(Buffer.compare(readFileSync(join(dir, name)), before)).toBe(0);
  const src = corpus.sources[0];
  for (const s of corpus.segments) expect([...src.text].slice(s.start, s.end).join('')).toBe(s.text);
  return { kind: src.kind, turns: corpus.segments.map((s) => [s.speaker, s.role, s.text]), said: said.map((x) => `${x.severity} ${x.ruleId} ${x.line ?? ''}: ${x.message}`) };
}

describe('labels in lower case or in a script without capitals', () => {
  it('lower case: each line a turn of its speaker, roles found; said once (info)', async () => {
    const r = await read('klein.txt', 'interviewer: hoe bevalt de buurtapp?\nrespondent: wisselend.\nde ouderen haken af.\ninterviewer: waarom denk je dat?\r\nrespondent: te veel meldingen.\n');
    expect(r.kind).toBe('transcript');
    expect(r.turns).toEqual([
      ['interviewer', 'interviewer', 'hoe bevalt de buurtapp?'],
      ['respondent', 'respondent', 'wisselend.\nde ouderen haken af.'],
      ['interviewer', 'interviewer', 'waarom denk je dat?'],
      ['respondent', 'respondent', 'te veel meldingen.'],
    ]);
    expect(r.said).toEqual([
      'info lower-case-labels-read 1: read as a transcript: its lines start with the same 2 speaker labels written in lower case, each line with one: "interviewer" (2 lines), "respondent" (2 lines); a line starting otherwise is text of the turn before it',
    ]);
  });

  it('Chinese names with a full-width colon and no space after it, and Arabic names: turns of those speakers; the interviewer named with --interviewer', async () => {
    const zh = await read('zh.txt', '采访者：你今天好吗？\n李华：很好，谢谢。\n采访者：你觉得这个应用怎么样？\n李华：很有用。\n', ['采访者']);
    expect(zh.turns).toEqual([
      ['采访者', 'interviewer', '你今天好吗？'],
      ['李华', 'respondent', '很好，谢谢。'],
      ['采访者', 'interviewer', '你觉得这个应用怎么样？'],
      ['李华', 'respondent', '很有用。'],
    ]);
    expect(zh.said).toEqual([
      'info lower-case-labels-read 1: read as a transcript: its lines start with the same 2 speaker labels written in a script without capitals, each line with one: "采访者" (2 lines), "李华" (2 lines); a line starting otherwise is text of the turn before it',
    ]);
    const ar = await read('ar.txt', 'المحاور: كيف حالك اليوم؟\nسارة: بخير، شكرا لك.\nالمحاور: ماذا تعتقدين؟\nسارة: إنه مفيد جدا.\n', ['المحاور']);
    expect(ar.turns.map((t) => [t[0], t[1]])).toEqual([
      ['المحاور', 'interviewer'],
      ['سارة', 'respondent'],
      ['المحاور', 'interviewer'],
      ['سارة', 'respondent'],
    ]);
  });

  it('capitalised labels with a full-width colon (`Interviewer：`, with a space or without): turns of those speakers, roles found (was one document)', async () => {
    const spaced = await read('breed.txt', 'Interviewer\uff1a Hoe bevalt de buurtapp?\nRespondent\uff1a Wisselend.\nInterviewer\uff1a Waarom?\nRespondent\uff1a Te veel meldingen.\n');
    expect(spaced.kind).toBe('transcript');
    expect(spaced.turns).toEqual([
      ['Interviewer', 'interviewer', 'Hoe bevalt de buurtapp?'],
      ['Respondent', 'respondent', 'Wisselend.'],
      ['Interviewer', 'interviewer', 'Waarom?'],
      ['Respondent', 'respondent', 'Te veel meldingen.'],
    ]);
    expect(spaced.said).toEqual([
      'info lower-case-labels-read 1: read as a transcript: its lines start with the same 2 speaker labels written with a full-width colon (：), each line with one: "Interviewer" (2 lines), "Respondent" (2 lines); a line starting otherwise is text of the turn before it',
    ]);
    const tight = await read('krap.txt', 'Interviewer\uff1aHoe bevalt de buurtapp?\nRespondent\uff1aWisselend.\nInterviewer\uff1aWaarom?\nRespondent\uff1aTe veel meldingen.\n');
    expect(tight.turns.map((t) => t.slice(0, 2))).toEqual([
      ['Interviewer', 'interviewer'],
      ['Respondent', 'respondent'],
      ['Interviewer', 'interviewer'],
      ['Respondent', 'respondent'],
    ]);
  });

  it('a document with a lower-case colon line here and there, or one name only: still a document', async () => {
    const doc = await read('notities.txt', 'De bijeenkomst begon laat.\n\nconclusie: meer overleg nodig.\n\nDaarna spraken we over de app.\nactie: Kees belt de gemeente.\nDe volgende keer in maart.\n\nactie: iedereen leest het verslag.\n');
    expect(doc.kind).toBe('document');
    expect(doc.said.some((x) => x.includes('lower-case-labels-read'))).toBe(false);
  });
});
