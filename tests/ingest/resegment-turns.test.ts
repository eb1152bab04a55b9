/**
 * A source segmented again without the reader's blocks (the segments of a rule with another unit
 * than the run's: `unit: sentence` in a codebook, `qda code` by turn) was read by parseBlocks
 * alone: a transcript whose turns the reader found in a pipe table or in labels in lower case (or,
 * now, with a full stop after the name) had no speakers there, so a rule for respondents coded
 * nothing in it, without a word. It is read now as the reader reads it (transcriptTurns). Our own
 * invented text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import { segmentSource } from '../../src/ingest/segment.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-resegment-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const files: Record<string, string> = {
  'tabel.md': '| Spreker | Tekst |\n|---|---|\n| Interviewer | Vertrouwt u de buurtapp? |\n| Respondent | Ik vertrouw hem wel. Meestal. |\n| Interviewer | En de wijkagent? |\n| Respondent | Ook. |\n',
  'klein.txt': 'interviewer: Vertrouwt u de buurtapp?\nrespondent: Ik vertrouw hem wel. Meestal.\ninterviewer: En de wijkagent?\nrespondent: Ook.\n',
  'punt.txt': 'I. Do you trust the neighbourhood app?\nR. I trust it. Mostly.\nI. And the community officer?\nR. Also.\n',
};

describe('a transcript segmented again without its blocks', () => {
  for (const [name, text] of Object.entries(files)) {
    it(`${name}: the sentences have the speakers the reader found`, async () => {
      writeFileSync(join(dir, name), text);
      const { corpus } = await readCorpus([name], { cwd: dir, unit: 'sentence', report: () => {} });
      const read = corpus.segments.map((s) => [s.speaker, s.role, s.text]);
      expect(read.filter((s) => s[1] === 'respondent').length).toBe(3);
      const again = segmentSource(corpus.sources[0], 'sentence', {}).map((s) => [s.speaker, s.role, s.text]);
      expect(again).toEqual(read);
    });
  }
});
