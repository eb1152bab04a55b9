/**
 * `qda segments` writes source by source (export/segments-output.ts): the bytes are those of
 * rendering the whole corpus at once (the renderers it replaced, kept here as the reference).
 */
import { describe, it, expect } from 'vitest';
import { join, resolve } from 'node:path';
import Papa from 'papaparse';
import type { Corpus, Unit } from '../../src/model/types.js';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import { neutraliseFormula } from '../../src/export/escape.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

const SAMPLES = join(resolve(__dirname, '../..'), 'samples');

function referenceJson(corpus: Corpus): string {
  const sources = corpus.sources.map(({ text: _text, ...rest }) => rest);
  return JSON.stringify({ sources, segments: corpus.segments }, null, 2) + '\n';
}

function referenceCsv(corpus: Corpus): string {
  const keys = new Set<string>();
  for (const s of corpus.sources) for (const k of Object.keys(s.attributes)) keys.add(k);
  const reserved = new Set(['source', 'case', 'index', 'speaker', 'role', 'start', 'end', 'time_start', 'time_end', 'text', 'kind', 'line', 'unit', 'turn', 'segment']);
  const attrs = [...keys].filter((k) => !reserved.has(k)).sort();
  const byId = new Map(corpus.sources.map((s) => [s.id, s]));
  const header = ['segment', 'source', 'case', 'kind', ...attrs, 'index', 'turn', 'line', 'speaker', 'role', 'start', 'end', 'time_start', 'time_end', 'text'];
  const rows = corpus.segments.map((g) => {
    const s = byId.get(g.sourceId)!;
    const cells: Array<string | number> = [g.id, g.sourceId, s.case, s.kind, ...attrs.map((k) => s.attributes[k] ?? ''), g.index, g.turn ?? '', g.line ?? '', g.speaker ?? '', g.role, g.start, g.end, g.time?.start ?? '', g.time?.end ?? '', g.text];
    return cells.map((c) => (typeof c === 'string' ? neutraliseFormula(c) : c));
  });
  return Papa.unparse({ fields: header.map(neutraliseFormula), data: rows }, { newline: '\n' }) + '\n';
}

describe('qda segments, written source by source', () => {
  for (const unit of ['turn', 'sentence'] as Unit[]) {
    it(`JSON and CSV are the whole-corpus rendering byte for byte (samples, unit ${unit})`, async () => {
      const { corpus } = await readCorpus([], { cwd: SAMPLES, unit });
      for (const [format, want] of [['json', referenceJson(corpus)], ['csv', referenceCsv(corpus)]] as const) {
        const io = memoryIo(SAMPLES);
        expect(await main(['segments', '--unit', unit, '--format', format], io)).toBe(0);
        expect(io.out() === want, format).toBe(true);
      }
    });
  }
});
