/**
 * A transcript written as a pipe table (markdown: `| Interviewer | Hoe gaat het? |`, `| 00:01 |
 * Anna | Goed. |`) in a .md or .txt file: its rows were read as text of the turn before the table,
 * pipes and all (the interviewer's question in the respondent's turn), without a word. Each row is
 * now a turn of its speaker (with its time), the header row (`| Spreker | Tekst |`) left out and
 * said, as in a .docx or .odt; the text is the file's. Our own invented text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import type { Diagnostic } from '../../src/model/types.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-pipe-table-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function read(name: string, text: string) {
  writeFileSync(join(dir, name), text);
  const said: Diagnostic[] = [];
  const { corpus } = await readCorpus([name], { cwd: dir, unit: 'turn', report: (x) => said.push(x) });
  const src = corpus.sources[0];
  expect(src.text).toBe(text);
  for (const s of corpus.segments) expect([...src.text].slice(s.start, s.end).join('')).toBe(s.text);
  return { turns: corpus.segments.map((s) => [s.speaker, s.time?.start ?? null, s.text]), said: said.map((x) => [x.ruleId, x.message]) };
}

describe('a pipe table of turns', () => {
  it('after labelled turns in a .md: each row a turn of its speaker, the header said (were read into the turn before)', async () => {
    const r = await read('tabel.md', '**Interviewer:** Hoe gaat het?\n\n**Respondent:** Goed.\n\n| Spreker | Tekst |\n|---|---|\n| Interviewer | Nog iets? |\n| Respondent | Nee, dank je. |\n');
    expect(r.turns).toEqual([
      ['Interviewer', null, 'Hoe gaat het?'],
      ['Respondent', null, 'Goed.'],
      ['Interviewer', null, 'Nog iets?'],
      ['Respondent', null, 'Nee, dank je.'],
    ]);
    expect(r.said).toEqual([['table-header-left-out', 'the first row of a table of turns is its header and is left out, not read as a turn ("Spreker | Tekst", line 5)']]);
  });

  it('a .txt of one table with times: turns with their times', async () => {
    const r = await read('tijden.txt', '| 00:00:01 | Interviewer | Hoe gaat het? |\n| 00:00:04 | Respondent | Goed, de buurtapp helpt. |\n|00:00:09|Interviewer|Waarom?|\n');
    expect(r.turns).toEqual([
      ['Interviewer', 1, 'Hoe gaat het?'],
      ['Respondent', 4, 'Goed, de buurtapp helpt.'],
      ['Interviewer', 9, 'Waarom?'],
    ]);
  });

  it('a table of data in a transcript stays text', async () => {
    const r = await read('data.md', 'Interviewer: Hoeveel?\n\nRespondent: Zo veel:\n\n| jaar | aantal |\n|---|---|\n| 2020 | 12 |\n| 2021 | 15 |\n');
    expect(r.turns.map((t) => t[0])).toEqual(['Interviewer', 'Respondent']);
    expect(r.turns[1][2]).toContain('| 2021 | 15 |');
  });
});
