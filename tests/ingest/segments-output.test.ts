/**
 * `qda segments` writes source by source (export/segments-output.ts): the bytes are those of
 * rendering the whole corpus at once (the renderers it replaced, kept here as the reference).
 */
import { describe, it, expect } from 'vitest';
import { join, resolve } from 'node:path';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

describe('qda segments CSV: rows with quotes, commas, line breaks and formulas, with and without attribute columns', () => {
  const turns = [
    'Interviewer: Zei ze "nee", of "ja, misschien"?',
    'Respondent: =SOM(A1) stond er, en daarna:\nnog een regel, met "aanhalingstekens" en \ufeff een BOM.',
    'Interviewer:   -- twee streepjes',
    'Respondent: Gewoon een zin zonder iets bijzonders',
    'Interviewer: "Alleen een citaat"',
    'Respondent: Komma, komma, komma,',
  ].join('\n\n');
  for (const withAttributes of [false, true]) {
    it(withAttributes ? 'attribute columns (one source has them, one not)' : 'no attribute columns', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'qda-segcsv-'));
      mkdirSync(join(dir, 'in'));
      writeFileSync(join(dir, 'in', 'a, "b".txt'), withAttributes ? `---\nteam: "Noord, Oost"\nrol: "=coach"\n---\n${turns}` : turns);
      writeFileSync(join(dir, 'in', 'c.txt'), turns.replace(/Respondent/g, 'Anna'));
      const { corpus } = await readCorpus(['in'], { cwd: dir, unit: 'sentence' });
      expect(Object.keys(corpus.sources[0].attributes).length > 0).toBe(withAttributes);
      const io = memoryIo(dir);
      expect(await main(['segments', 'in', '--unit', 'sentence', '--format', 'csv', '-o', 'out.csv'], io)).toBe(0);
      const { readFileSync } = await import('node:fs');
      expect(readFileSync(join(dir, 'out.csv'), 'utf8') === referenceCsv(corpus)).toBe(true);
      const io2 = memoryIo(dir);
      expect(await main(['segments', 'in', '--unit', 'sentence', '--format', 'csv'], io2)).toBe(0);
      expect(io2.out() === referenceCsv(corpus)).toBe(true);
    });
  }
});

describe('qda segments JSON: the spooled segments copied after the list of sources', () => {
  it('is the whole-corpus rendering byte for byte with quotes, line breaks, U+2028, backslashes, an empty source and a source without segments first', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-segjson-'));
    mkdirSync(join(dir, 'in'));
    writeFileSync(join(dir, 'in', 'a-empty.txt'), '');
    writeFileSync(join(dir, 'in', 'b.txt'), 'Interviewer: Zei ze "nee"\\of \u2028 ja?\n\nRespondent: Ja.\r\nNog een regel,\tmet een tab en 😀.\n\nInterviewer: {"json": [1, 2]}');
    writeFileSync(join(dir, 'in', 'c.txt'), 'Interviewer: Eén.\n\nAnna: Twee.\n\nInterviewer: Drie.\n\nAnna: Vier.');
    for (const unit of ['turn', 'sentence'] as Unit[]) {
      const { corpus } = await readCorpus(['in'], { cwd: dir, unit });
      const io = memoryIo(dir);
      expect(await main(['segments', 'in', '--unit', unit, '--format', 'json', '-o', `out-${unit}.json`], io)).toBe(0);
      const { readFileSync } = await import('node:fs');
      expect(readFileSync(join(dir, `out-${unit}.json`), 'utf8') === referenceJson(corpus), unit).toBe(true);
      const io2 = memoryIo(dir);
      expect(await main(['segments', 'in', '--unit', unit, '--format', 'json'], io2)).toBe(0);
      expect(io2.out() === referenceJson(corpus), unit).toBe(true);
    }
    // no segments at all: "segments": []
    const { corpus } = await readCorpus(['in/a-empty.txt'], { cwd: dir });
    const io3 = memoryIo(dir);
    expect(await main(['segments', 'in/a-empty.txt', '--format', 'json'], io3)).toBe(0);
    expect(io3.out() === referenceJson(corpus)).toBe(true);
  });
});
