/**
 * `[Interviewer 00:01:15] Nog iets?`: a bracket label with the turn's time inside the brackets, as
 * some transcription tools write it. (Found by huntdoc.) Our own words.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSource } from '../../src/ingest/read-source.js';
import { segmentSource } from '../../src/ingest/segment.js';
import type { Diagnostic } from '../../src/model/types.js';

describe('a bracket label with the time inside: [Interviewer 00:01:15]', () => {
  it('is that speaker with that time (was a speaker "Interviewer 00:01:15" at each time: no turn read)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-bracket-time-'));
    writeFileSync(join(dir, 'b.txt'), '[Interviewer 00:01:15] Hoe gaat het?\n[Anna 00:01:20] Goed, we werken samen.\n[Interviewer 00:01:45] Nog iets?\n[Anna 00:01:50] Nee.\n');
    const diags: Diagnostic[] = [];
    const r = await readSource('b.txt', { cwd: dir, report: (d) => void diags.push(d) });
    const segs = segmentSource(r!.source, 'turn', { blocks: r!.blocks });
    expect(r!.source.kind).toBe('transcript');
    expect(segs.map((s) => [s.speaker, s.role, s.time?.start, s.text])).toEqual([
      ['Interviewer', 'interviewer', 75, 'Hoe gaat het?'],
      ['Anna', 'respondent', 80, 'Goed, we werken samen.'],
      ['Interviewer', 'interviewer', 105, 'Nog iets?'],
      ['Anna', 'respondent', 110, 'Nee.'],
    ]);
    expect(diags.map((d) => d.ruleId)).not.toContain('no-speaker-labels');
  });
});
