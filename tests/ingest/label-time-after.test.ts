/**
 * A time right after a speaker's label (`Interviewer: [00:01:02] Hoe gaat het?`) stayed in the
 * turn's words and the turn had no time, while `[00:01:02] Interviewer:` and
 * `Interviewer [00:01:02]:` gave the turn that time. A range's end in a label
 * (`Interviewer [00:00:01 - 00:00:06]:`) was dropped. Both are now the turn's time; the offsets
 * still give the segment's text. Our own invented text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import type { Diagnostic } from '../../src/model/types.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-time-after-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function read(name: string, text: string) {
  writeFileSync(join(dir, name), text);
  const said: Diagnostic[] = [];
  const { corpus } = await readCorpus([name], { cwd: dir, unit: 'turn', report: (x) => said.push(x) });
  const src = corpus.sources[0] as { text: string };
  for (const s of corpus.segments) expect(src.text.slice(s.start, s.end)).toBe(s.text);
  return { turns: corpus.segments.map((s) => [s.speaker, s.time?.start ?? null, s.time?.end ?? null, s.text]), said: said.filter((x) => x.severity !== 'info').map((x) => x.ruleId) };
}

describe('a time after the label', () => {
  it('`Name: [00:01:02] …`, `Name: (00:01:05) …`, `Name: 00:01:10 …`: the turn\'s time, not its words', async () => {
    const r = await read('na-label.txt', 'Interviewer: [00:01:02] Hoe gaat het?\nRespondent: (00:01:05) Goed, de buurtapp helpt.\nInterviewer: 00:01:10 Waarom?\nRespondent: [00:01:12 - 00:01:20] Iedereen doet mee.\nInterviewer: Dank je.\n');
    expect(r.turns).toEqual([
      ['Interviewer', 62, null, 'Hoe gaat het?'],
      ['Respondent', 65, null, 'Goed, de buurtapp helpt.'],
      ['Interviewer', 70, null, 'Waarom?'],
      ['Respondent', 72, 80, 'Iedereen doet mee.'],
      ['Interviewer', null, null, 'Dank je.'],
    ]);
    expect(r.said).toEqual([]);
  });

  it('a range in the label keeps its end (`Name [00:00:01 - 00:00:06]:`)', async () => {
    const r = await read('bereik.txt', 'Interviewer [00:00:01 - 00:00:06]: Hoe gaat het?\nRespondent [00:00:07 – 00:00:09]: Goed.\n');
    expect(r.turns).toEqual([
      ['Interviewer', 1, 6, 'Hoe gaat het?'],
      ['Respondent', 7, 9, 'Goed.'],
    ]);
  });

  it('a time that is words of the turn stays text (`om 10:30`, a bracket note)', async () => {
    const r = await read('tekst.txt', 'Interviewer: Wanneer begon het?\nRespondent: [lacht] Om 10:30 ongeveer.\nInterviewer: [00:01 onverstaanbaar] dus?\n');
    expect(r.turns.map((t) => t[3])).toEqual(['Wanneer begon het?', '[lacht] Om 10:30 ongeveer.', '[00:01 onverstaanbaar] dus?']);
    expect(r.turns.map((t) => t[1])).toEqual([null, null, null]);
  });
});
