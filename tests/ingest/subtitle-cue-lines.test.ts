/**
 * A subtitle cue whose lines are each a speaker's (`Bram: Goed.` ⏎ `Anna: Echt?`), as transcription
 * tools write an exchange that falls within one cue's time, was read as one turn without a speaker:
 * Anna's words in a turn of nobody, both labels left as text (only "Bram:" was said to be unread).
 * Each labelled line is now a cue of its own (same times), its speaker's; a line whose label is not
 * a speaker of the file stays with the line before it, as it was read before.
 * An SRT override code (`{\an8}`, `{\i1}`: a position or a style) was kept as text and hid the
 * label after it: the cue was nobody's. It is markup, stripped as `<i>` is.
 * Our own invented text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import type { Diagnostic } from '../../src/model/types.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-cue-lines-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function read(name: string, content: string) {
  writeFileSync(join(dir, name), content);
  const diags: Diagnostic[] = [];
  const { corpus } = await readCorpus([name], { cwd: dir, report: (d) => void diags.push(d) });
  expect(readFileSync(join(dir, name), 'utf8')).toBe(content);
  return { segs: corpus.segments.map((s) => [s.speaker, s.role, s.text]), diags };
}

describe('a cue of lines that each start with a speaker label', () => {
  it('SRT: each line is its speaker\'s turn, with the cue\'s time', async () => {
    const srt = [
      '1', '00:00:01,000 --> 00:00:04,000', 'Interviewer: Hoe bevalt de nieuwe wijkapp?', '',
      '2', '00:00:04,000 --> 00:00:07,000', 'Lotte: Redelijk, de meldingen werken.', 'Interviewer: En de kaart?', 'Lotte: Die laadt traag.', '',
      '3', '00:00:07,000 --> 00:00:09,000', 'Interviewer: Dank je.', '',
    ].join('\n');
    const { segs, diags } = await read('app.srt', srt);
    expect(segs).toEqual([
      ['Interviewer', 'interviewer', 'Hoe bevalt de nieuwe wijkapp?'],
      ['Lotte', 'respondent', 'Redelijk, de meldingen werken.'],
      ['Interviewer', 'interviewer', 'En de kaart?'],
      ['Lotte', 'respondent', 'Die laadt traag.'],
      ['Interviewer', 'interviewer', 'Dank je.'],
    ]);
    expect(diags.filter((d) => d.severity === 'warning')).toEqual([]);
  });

  it('a line whose label is not a speaker of the file stays in the cue before it, and is said', async () => {
    const vtt = [
      'WEBVTT', '',
      '00:00:01.000 --> 00:00:04.000', 'Interviewer: Wat vond je van de avond?', '',
      '00:00:04.000 --> 00:00:08.000', 'Lotte: Gezellig, er waren veel buren.', 'Kortom: een succes.', '',
      '00:00:08.000 --> 00:00:09.000', 'Interviewer: Mooi.', '',
      '00:00:09.000 --> 00:00:10.000', 'Lotte: Ja.', '',
    ].join('\n');
    const { segs, diags } = await read('avond.vtt', vtt);
    expect(segs).toEqual([
      ['Interviewer', 'interviewer', 'Wat vond je van de avond?'],
      ['Lotte', 'respondent', 'Gezellig, er waren veel buren. Kortom: een succes.'],
      ['Interviewer', 'interviewer', 'Mooi.'],
      ['Lotte', 'respondent', 'Ja.'],
    ]);
    const w = diags.filter((d) => d.ruleId === 'unread-speaker-label');
    expect(w.map((d) => [d.file, d.line, d.message])).toEqual([['avond.vtt', 6, '"Kortom:" starts a line of this cue and no other cue, so it is read as text of the line before it, not as a speaker']]);
  });
});

describe('SRT override codes', () => {
  it('{\\an8} and {\\i1}…{\\i0} are stripped; the label after them is read', async () => {
    const srt = [
      '1', '00:00:01,000 --> 00:00:03,000', '{\\an8}Interviewer: Waar woon je?', '',
      '2', '00:00:03,000 --> 00:00:05,000', '{\\an8}Lotte: In de {\\i1}oude{\\i0} wijk.', '',
      '3', '00:00:05,000 --> 00:00:06,000', 'Interviewer: Al lang?', '',
      '4', '00:00:06,000 --> 00:00:07,000', 'Lotte: Tien jaar.', '',
    ].join('\n');
    const { segs } = await read('codes.srt', srt);
    expect(segs).toEqual([
      ['Interviewer', 'interviewer', 'Waar woon je?'],
      ['Lotte', 'respondent', 'In de oude wijk.'],
      ['Interviewer', 'interviewer', 'Al lang?'],
      ['Lotte', 'respondent', 'Tien jaar.'],
    ]);
  });
});

describe('an empty subtitle file', () => {
  it('is said, as an empty .txt is (it gave no segments without a word)', async () => {
    const { segs, diags } = await read('leeg.srt', '');
    expect(segs).toEqual([]);
    expect(diags.map((d) => [d.ruleId, d.file, d.message])).toEqual([['empty-source', 'leeg.srt', 'the file is empty (no text)']]);
  });
});
