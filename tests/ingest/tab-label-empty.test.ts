/**
 * A transcript written `Name<TAB>words`, with a line `Respondent<TAB>` and nothing after it (the
 * answer not typed): the word "Respondent" was read as the last line of the interviewer's turn
 * before it, without a word. Now it is that speaker's empty turn: no segment, said as an empty
 * turn (empty-turns). (Found by huntdoc.) Our own words.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSource } from '../../src/ingest/read-source.js';
import { segmentSource } from '../../src/ingest/segment.js';
import type { Diagnostic } from '../../src/model/types.js';

describe('a tab label with nothing after it', () => {
  it('is an empty turn of its speaker, said; the turn before keeps only its own words', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-tab-empty-'));
    writeFileSync(join(dir, 't.txt'), 'Interviewer\tHoe gaat het?\nRespondent\t\nInterviewer\tNog iets?\nRespondent\tNee, dank je.\n');
    const diags: Diagnostic[] = [];
    const r = await readSource('t.txt', { cwd: dir, report: (d) => void diags.push(d) });
    const segs = segmentSource(r!.source, 'turn', { blocks: r!.blocks });
    expect(segs.map((s) => [s.speaker, s.text])).toEqual([
      ['Interviewer', 'Hoe gaat het?'],
      ['Interviewer', 'Nog iets?'],
      ['Respondent', 'Nee, dank je.'],
    ]);
    expect(diags.find((d) => d.ruleId === 'empty-turns')?.line).toBe(2);
  });
});
