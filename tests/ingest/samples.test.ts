import { describe, it, expect } from 'vitest';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import { cpSlice } from '../../src/model/codepoints.js';
import type { Unit } from '../../src/model/types.js';

const SAMPLES = resolve(fileURLToPath(new URL('../../samples', import.meta.url)));
const have = existsSync(resolve(SAMPLES, 'qda.yaml'));

describe.skipIf(!have)('bundled samples (samples/qda.yaml; skipped when it is absent)', () => {
  for (const unit of ['turn', 'sentence'] as Unit[]) {
    it(`every sample segments with exact code-point offsets (${unit})`, async () => {
      const { corpus } = await readCorpus([], { cwd: SAMPLES, unit });
      const byId = new Map(corpus.sources.map((s) => [s.id, s]));
      for (const g of corpus.segments) {
        expect(g.text).toBe(cpSlice(byId.get(g.sourceId)!.text, g.start, g.end));
      }
      expect(corpus.sources.length).toBeGreaterThanOrEqual(12);
    });
  }
  it('a single file below a qda.yaml uses that project (interviewers, cases)', async () => {
    const { corpus } = await readCorpus(['samples/interviews/wijkcoach-05.vtt'], { cwd: resolve(SAMPLES, '..') });
    const roles = new Set(corpus.segments.map((g) => g.role));
    expect([...roles].sort()).toEqual(['interviewer', 'respondent']);
    expect(corpus.sources[0].case).not.toBe('wijkcoach-05');
  });
  it('interview transcripts have an interviewer and a respondent; formats and encodings are recognised', async () => {
    const { corpus } = await readCorpus([], { cwd: SAMPLES });
    for (const s of corpus.sources.filter((x) => x.kind === 'transcript')) {
      const roles = new Set(corpus.segments.filter((g) => g.sourceId === s.id && g.speaker !== null).map((g) => g.role));
      expect([...roles].sort(), s.id).toEqual(['interviewer', 'respondent']);
    }
    const kinds = new Set(corpus.sources.map((s) => s.kind));
    expect(kinds.has('transcript') && kinds.has('observation')).toBe(true);
    // every source got its case from cases.csv / qda.yaml
    expect(corpus.sources.filter((s) => s.case === s.id && s.kind === 'transcript').map((s) => s.id)).toEqual([]);
  });
});
