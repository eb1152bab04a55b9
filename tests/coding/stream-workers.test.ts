/**
 * `qda code DIR --format csv -o FILE` on stream workers (src/pipeline/code-sources.ts):
 * the same bytes and the same warnings as the single-threaded stream, with 1, 2 and 3
 * threads; skipped files, duplicate ids, case attributes, front matter, --strict.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { transpileTree } from '../helpers/transpile.js';
import Papa from 'papaparse';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { csvParts } from '../../src/export/codings-csv.js';
import { renderTables } from '../../src/export/render-table.js';
import { project } from './qa-project.js';
// @ts-expect-error plain ESM script without types
import { generateCorpus } from '../../scripts/gen-corpus.mjs';

const root = resolve(__dirname, '../..');
const cache = join(root, 'node_modules/.cache/qdakit-stream-worker-test');

const transpileWorker = (): string => transpileTree('src/pipeline/worker.ts', cache).href;

let workerUrl = '';
beforeAll(() => {
  workerUrl = transpileWorker();
});

const book = `id: mini
name: {nl: Mini, en: Mini}
language: nl
codes:
  - id: samen
    name: {nl: Samenwerking, en: Collaboration}
    rules:
      - keywords: {nl: [samenwerking, "samen*", overleg]}
  - id: zorg
    name: {nl: Zorg, en: Care}
    rules:
      - keywords: {nl: [zorg, hulp, "wijk*"]}
  - id: zin
    name: {nl: Zin, en: Sentence}
    rules:
      - keywords: {nl: [gemeente, coach]}
        unit: sentence
`;

/**
 * Run `qda code` with the given thread count (1: the single-threaded stream; else the stream
 * workers, whatever the size); `2:sources`: two threads each doing whole sources (two threads
 * otherwise share each source by stage: read here, rules and piece on the worker).
 */
async function code(dir: string, threads: number | '2:sources', args: string[], format = 'csv'): Promise<{ code: number; csv?: string; err: string }> {
  const t = threads === '2:sources' ? 2 : threads;
  const out = `out-${t}.${format}`;
  const io = memoryIo(dir, t === 1 ? { QDA_THREADS: '1' } : { QDA_THREADS: String(t), QDA_STREAM_MIN_BYTES: '0', QDA_STREAM_WORKER: workerUrl, ...(threads === '2:sources' ? { QDA_SPLIT: 'sources' } : {}) });
  const code = await main(['code', ...args, '--format', format, '-o', out], io);
  const file = join(dir, out);
  // (the summary line names the output file: out-1, out-2, …)
  return { code, csv: existsSync(file) ? readFileSync(file, 'utf8') : undefined, err: io.err().replace(/→ out-\d+\./, '→ out.') };
}

/** The runs on more than one thread compared with the one on one thread. */
const THREADED = [2, '2:sources', 3] as const;

describe('qda code --format csv -o FILE on stream workers', () => {
  it('a mixed folder: the same JSON document and JSON Lines with 1, 2 and 3 threads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-sw-'));
    writeFileSync(join(dir, 'book.yaml'), book);
    mkdirSync(join(dir, 'src/y'), { recursive: true });
    writeFileSync(join(dir, 'src/a.txt'), 'Interviewer: Hoe?\n\nRespondent: "=samenwerking", zei ze. {{samen}} {{nieuw-idee}} De zorg, van de gemeente.\n');
    writeFileSync(join(dir, 'src/b.docx'), 'not a zip at all');
    writeFileSync(join(dir, 'src/y/b.txt'), 'Respondent: samenwerking en zorg 😀 en nog meer samenwerking. {{ander-idee}}\n');
    writeFileSync(join(dir, 'src/z-notes.md'), '---\nsetting: overleg\n---\n\nEva: De samenwerking was stroef, zorg.\n');
    const args = ['src', '-c', 'book.yaml', '--speakers', 'all'];
    for (const format of ['json', 'jsonl']) {
      const one = await code(dir, 1, args, format);
      expect(one.code).toBe(0);
      expect(one.csv).toMatch(/nieuw-idee/);
      for (const t of THREADED) {
        const r = await code(dir, t, args, format);
        expect(r.code).toBe(0);
        expect(r.csv === one.csv).toBe(true);
        expect(r.err).toBe(one.err);
      }
    }
  });

  it('a mixed folder: same CSV and warnings with 1, 2 and 3 threads (skipped file before a duplicate id, cases, front matter, markers)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-sw-'));
    writeFileSync(join(dir, 'book.yaml'), book);
    mkdirSync(join(dir, 'src/x'), { recursive: true });
    mkdirSync(join(dir, 'src/y'), { recursive: true });
    writeFileSync(join(dir, 'src/a.txt'), 'Interviewer: Hoe?\n\nRespondent: "=samenwerking", zei ze. {{samen}} De zorg, van de gemeente.\n');
    writeFileSync(join(dir, 'src/b.txt'), 'Interviewer: En?\n\nRespondent: Geen samenwerking, wel hulp van de wijkcoach.\nEn de gemeente, "overleg".\n');
    writeFileSync(join(dir, 'src/x/dup.docx'), 'not a zip at all');
    writeFileSync(join(dir, 'src/y/dup.txt'), 'Respondent: samenwerking en zorg 😀 en nog meer samenwerking.\n');
    writeFileSync(join(dir, 'src/y/a.txt'), 'Respondent: samenwerking\n');
    writeFileSync(join(dir, 'src/z-notes.md'), '---\nsetting: overleg\nobserver: Eva\n---\n\nEva: De samenwerking was stroef, zorg.\n');
    writeFileSync(join(dir, 'src/photo.png'), 'x');
    writeFileSync(join(dir, 'cases.csv'), 'source,team\nb,"B, ""the"" team"\nnobody,C\n');
    const args = ['src', '-c', 'book.yaml', '--cases', 'cases.csv', '--speakers', 'all'];
    const one = await code(dir, 1, args);
    expect(one.code).toBe(0);
    const rows = Papa.parse<Record<string, string>>(one.csv!, { header: true, skipEmptyLines: true }).data;
    expect(new Set(rows.map((r) => r.source))).toEqual(new Set(['a', 'b', 'dup', 'a-2', 'z-notes']));
    expect(rows.find((r) => r.source === 'b')?.team).toBe('B, "the" team');
    expect(one.err).toMatch(/dup\.docx/);
    expect(one.err).toMatch(/nobody/);
    for (const t of THREADED) {
      const r = await code(dir, t, args);
      expect(r.code).toBe(0);
      expect(r.csv).toBe(one.csv);
      expect(r.err).toBe(one.err);
    }
    expect(readdirSync(dir).filter((f) => f.includes('spool'))).toEqual([]);
  });

  it('--strict: a bad file in a folder stops the run (exit 2), as on one thread', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-sw-'));
    writeFileSync(join(dir, 'book.yaml'), book);
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src/a.txt'), 'Respondent: samenwerking {{nope}}\n');
    writeFileSync(join(dir, 'src/b.docx'), 'not a zip');
    writeFileSync(join(dir, 'src/c.txt'), 'Respondent: zorg\n');
    const one = await code(dir, 1, ['src', '-c', 'book.yaml', '--strict']);
    expect(one.code).toBe(2);
    expect(one.err).toMatch(/nope/);
    for (const t of THREADED) {
      const two = await code(dir, t, ['src', '-c', 'book.yaml', '--strict']);
      expect(two.code).toBe(2);
      expect(two.err).toBe(one.err);
      expect(two.csv).toBeUndefined();
    }
    // a bad file given explicitly: an error without --strict
    const args = ['src/a.txt', 'src/b.docx', 'src/c.txt', '-c', 'book.yaml'];
    const one2 = await code(dir, 1, args);
    expect(one2.code).toBe(2);
    for (const t of THREADED) {
      const two2 = await code(dir, t, args);
      expect(two2.code).toBe(2);
      expect(two2.err).toBe(one2.err);
    }
  });

  it('sources and codebooks from qda.yaml (no inputs given): same CSV as on one thread', async () => {
    const dir = join(project(), 'proj');
    writeFileSync(join(dir, 'interviews/int2.txt'), 'Interviewer: En?\n\nRespondent: Samenwerking met de gemeente. {{samen | memo}}\n');
    const one = await code(dir, 1, []);
    const two = await code(dir, 2, []);
    expect(one.code).toBe(0);
    expect(one.csv).toMatch(/int2/);
    expect(two.code).toBe(0);
    expect(two.csv).toBe(one.csv);
    expect(two.err).toBe(one.err);
  });

  it('a generated corpus of several MB: byte-identical CSV and JSON with 1, 2 and 3 threads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-sw-'));
    writeFileSync(join(dir, 'book.yaml'), book);
    // (characters outside the BMP in half the files: their segments go to a worker as objects, the others' packed)
    generateCorpus({ mb: 1.5, out: join(dir, 'corpus/astral'), fileKb: 256, astral: true });
    generateCorpus({ mb: 1.5, out: join(dir, 'corpus/plain'), fileKb: 256, seed: 2 });
    for (const format of ['csv', 'json']) {
      const one = await code(dir, 1, ['corpus', '-c', 'book.yaml'], format);
      expect(one.code).toBe(0);
      expect(one.csv!.length).toBeGreaterThan(1_000_000);
      for (const t of THREADED) {
        const r = await code(dir, t, ['corpus', '-c', 'book.yaml'], format);
        expect(r.code).toBe(0);
        expect(r.csv === one.csv).toBe(true);
        expect(r.err).toBe(one.err);
      }
    }
  }, 120_000);

  it('two threads by stage where this thread also finishes sources itself (a rules-heavy codebook): byte-identical to one thread', async () => {
    const { stagedTuning } = await import('../../src/pipeline/code-sources.js');
    const dir = mkdtempSync(join(tmpdir(), 'qda-sw-'));
    writeFileSync(join(dir, 'book.yaml'), book);
    generateCorpus({ mb: 0.6, out: join(dir, 'corpus'), fileKb: 16, seed: 3 });
    const saved = { ...stagedTuning };
    try {
      for (const format of ['csv', 'json', 'jsonl']) {
        const one = await code(dir, 1, ['corpus', '-c', 'book.yaml'], format);
        expect(one.code).toBe(0);
        // (thresholds lowered: once one source is back from the worker, this thread finishes the
        // next ones itself; atWorker 0, not 1: on a loaded machine the worker could have finished every
        // source it was given by the time this thread had read the next, and none was finished here)
        Object.assign(stagedTuning, { atWorker: 0, warmUp: 0, measure: 1, ratio: 0, local: 0 });
        const two = await code(dir, 2, ['corpus', '-c', 'book.yaml'], format);
        expect(stagedTuning.local, 'no source was finished on the calling thread').toBeGreaterThan(0);
        Object.assign(stagedTuning, saved);
        expect(two.code).toBe(0);
        expect(two.csv === one.csv, format).toBe(true);
        expect(two.err).toBe(one.err);
      }
    } finally {
      Object.assign(stagedTuning, saved);
    }
  }, 60_000);

  it('two threads by stage, the text of each record written by either thread (JSON, JSON Lines): byte-identical to one thread', async () => {
    const { stagedTuning } = await import('../../src/pipeline/code-sources.js');
    const dir = mkdtempSync(join(tmpdir(), 'qda-sw-'));
    writeFileSync(join(dir, 'book.yaml'), book);
    generateCorpus({ mb: 0.4, out: join(dir, 'corpus/astral'), fileKb: 16, astral: true, seed: 4 });
    generateCorpus({ mb: 0.4, out: join(dir, 'corpus/plain'), fileKb: 16, seed: 5 });
    const saved = { ...stagedTuning };
    try {
      for (const format of ['json', 'jsonl']) {
        const one = await code(dir, 1, ['corpus', '-c', 'book.yaml'], format);
        expect(one.code).toBe(0);
        // textAt 0: this thread writes every text; a number never reached: the worker writes them all
        for (const [textAt, here] of [[0, true], [1e9, false]] as const) {
          Object.assign(stagedTuning, { textAt, textHere: 0 });
          const two = await code(dir, 2, ['corpus', '-c', 'book.yaml'], format);
          if (here) expect(stagedTuning.textHere, 'no text was written on the calling thread').toBeGreaterThan(0);
          else expect(stagedTuning.textHere).toBe(0);
          Object.assign(stagedTuning, saved);
          expect(two.code).toBe(0);
          expect(two.csv === one.csv, `${format} textAt ${textAt}`).toBe(true);
          expect(two.err).toBe(one.err);
        }
      }
    } finally {
      Object.assign(stagedTuning, saved);
    }
  }, 60_000);

  it('csvParts: prefix + attribute cells + tail is the row renderTables gives (quotes, newlines, NUL, formulas)', async () => {
    const cols = ['source', 'case', 'segment', 'code', 'score', 'text'];
    const rows = [
      { source: 'a b', case: 'x,y', segment: 's1', code: 'c', score: 0.12345, text: 'line\none "quoted"' },
      { source: 'a b', case: 'x,y', segment: 's2', code: '=c', score: null, text: 'nul \u0000R, here\n\u0000R,' },
      { source: 'a b', case: 'x,y', segment: 's3', code: 'c', score: 1, text: ' padded ' },
    ];
    const table = { columns: cols.map((key) => ({ key, label: key })), rows };
    const whole = (await renderTables([table], 'csv')) as string;
    const { prefix, tails } = await csvParts(table);
    expect(whole).toBe('source,case,segment,code,score,text\n' + tails.map((t) => prefix + ',' + t + '\n').join(''));
    const plain = { columns: table.columns, rows: [rows[0], rows[2]] };
    const p2 = await csvParts(plain);
    expect((await renderTables([plain], 'csv')) as string).toBe('source,case,segment,code,score,text\n' + p2.tails.map((t) => p2.prefix + ',' + t + '\n').join(''));
  });
});
