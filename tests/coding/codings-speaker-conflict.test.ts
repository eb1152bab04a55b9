/**
 * A codings table that places its rows by segment or turn number (as a coder types them, with
 * the speaker beside each) was laid on a transcript edited after coding: a turn added at the top
 * moved every number by one, and the codings went to the interviewer's questions without a word
 * (the speaker column was not looked at). Now such rows are said with their lines; a speaker
 * column that names no speaker of the source (`R` for the respondent) is not taken for a conflict.
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

// r1#0 Interviewer, r1#1 Anna, r1#2 Interviewer, r1#3 Anna (as coded)
const coded = 'Interviewer: Hoe werken jullie samen?\nAnna: We hebben korte lijntjes met de wijkagent.\nInterviewer: En verder?\nAnna: We overleggen elke week samen in het team.\n';
// the same interview with a turn added at the top: every number after it moved by one
const edited = 'Anna: Loopt de opname al?\n' + coded;

async function run(text: string, csv: string, col = 'segment') {
  const dir = mkdtempSync(join(tmpdir(), 'qda-speaker-'));
  writeFileSync(join(dir, 'r1.txt'), text);
  writeFileSync(join(dir, 'c.csv'), csv.replace('segment', col));
  const io = memoryIo(dir);
  expect(await main(['code', 'r1.txt', '--no-rules', '--codings', 'c.csv', '-o', 'out.csv'], io)).toBe(0);
  const out = readFileSync(join(dir, 'out.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  return { out, err: io.err(), csvAfter: readFileSync(join(dir, 'c.csv'), 'utf8'), textAfter: readFileSync(join(dir, 'r1.txt'), 'utf8') };
}

const CSV = 'source,segment,speaker,code,coder\nr1,1,Anna,exchange,anna\nr1,3,anna,deliberating,anna\n';

describe('codings placed by number whose row names another speaker', () => {
  it('on the transcript as coded: placed, nothing said', async () => {
    const { out, err } = await run(coded, CSV);
    expect(out.map((r) => [r[2], r[7]])).toEqual([['r1#1', 'exchange'], ['r1#3', 'deliberating']]);
    expect(err).not.toMatch(/speaker-conflict/);
  });

  it('on the edited transcript: placed by the number as before, and said with each line, the speaker there and the row’s', async () => {
    const { out, err, csvAfter, textAfter } = await run(edited, CSV);
    expect(out.filter((r) => r[7]).map((r) => [r[2], r[3], r[7]])).toEqual([['r1#1', 'Interviewer', 'exchange'], ['r1#3', 'Interviewer', 'deliberating']]);
    expect(err).toContain(
      'c.csv:2: warning: 2 codings of source "r1" give a segment or turn where the speaker their row names does not speak (line 2: segment "1" is Interviewer\'s, the row says Anna; line 3: segment "3" is Interviewer\'s, the row says anna): placed by the number, so they code another speaker\'s words; was the transcript edited after coding (a turn added or taken out moves the numbers after it)? [coding:codings-speaker-conflict]',
    );
    expect(err).toMatch(/hint: correct the segment\/turn numbers of these rows \(qda segments FILE lists them\)/);
    expect(csvAfter).toBe(CSV);
    expect(textAfter).toBe(edited);
  });

  it('turn numbers (from 1) too', async () => {
    const { err } = await run(edited, 'source,segment,speaker,code,coder\nr1,2,Anna,exchange,anna\nr1,3,Anna,trust,anna\n', 'turn');
    expect(err).toMatch(/1 coding of source "r1" gives a segment or turn where the speaker its row names does not speak \(line 2: turn "2" is Interviewer's, the row says Anna\)/);
  });

  it('a speaker column that names no speaker of the source (R, respondent) is not a conflict', async () => {
    const { err } = await run(edited, 'source,segment,speaker,code,coder\nr1,1,R,exchange,anna\nr1,3,respondent,trust,anna\n');
    expect(err).not.toMatch(/speaker-conflict/);
  });
});
