/**
 * The coding pipeline (src/pipeline) and the compact codings document (schema version 2):
 * the streamed document is the in-memory one byte for byte; reading it gives the data model
 * back exactly; version-1 documents still read; JSON Lines round trip and truncation; a
 * future schema version is refused naming both versions; large files read piece by piece.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import fc from 'fast-check';
import Ajv from 'ajv';
import type { Codebook } from '../../src/codebook/types.js';
import type { Coding, CodingsDocument, Segment, Source, Unit } from '../../src/model/types.js';
import { readCodebook } from '../../src/ingest/read-codebook.js';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import { segmentSource } from '../../src/ingest/segment.js';
import { codeCorpus } from '../../src/coding/code-corpus.js';
import { ruleIndexFor } from '../../src/coding/rule-index.js';
import { codeSources } from '../../src/pipeline/code-sources.js';
import { codeToDocument, documentSink } from '../../src/pipeline/sinks.js';
import { codingsDocumentText } from '../../src/export/codings-document.js';
import { parseCodingsJson, readCodings } from '../../src/ingest/read-codings.js';
import { parseCodingsJsonl, readCodingsJsonFile, readCodingsJsonlFile } from '../../src/ingest/read-codings-document.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { VERSION } from '../../src/version.js';
import { QdaInputError } from '../../src/model/errors.js';

const ROOT = resolve(__dirname, '../..');
const SAMPLES = join(ROOT, 'samples');
const BOOKS = ['coordination-collaboration', 'kaats-opheij', 'hovik-hanssen'];
const OPTS = { version: VERSION, command: 'qda code', options: { unit: 'turn', codebooks: BOOKS } };

let books: Codebook[] = [];
let inMemory: CodingsDocument;
beforeAll(async () => {
  books = await Promise.all(BOOKS.map((id) => readCodebook(id, { cwd: SAMPLES })));
  // the whole corpus in memory, coded at once (the reference)
  const { corpus, project } = await readCorpus([], { cwd: SAMPLES, unit: 'turn' });
  const cache = new Map<Unit, Segment[]>();
  inMemory = codeCorpus(corpus, books, {
    ...OPTS,
    unit: 'turn',
    speakers: 'respondent',
    segmentsFor: (u) => cache.get(u) ?? cache.set(u, corpus.sources.flatMap((s) => segmentSource(s, u, { interviewers: project?.interviewers }))).get(u)!,
  });
});

/** The pipeline's document as text (one thread). */
async function streamed(format: 'json' | 'jsonl'): Promise<string> {
  let out = '';
  await codeSources({ inputs: [], cwd: SAMPLES, books, ...OPTS, threads: 1 }, documentSink((s) => void (out += s), format));
  return out;
}

/** A document without `$schema` (the reader leaves it out) and with the fields JSON keeps. */
const plain = (d: CodingsDocument) => JSON.parse(JSON.stringify({ ...d, $schema: undefined }));

describe('the coding pipeline and the compact codings document', () => {
  it('the streamed JSON document equals the in-memory document byte for byte on the samples (and JSON Lines too)', async () => {
    expect(inMemory.codings.length).toBeGreaterThan(100);
    expect(inMemory.codings.some((c) => c.coder !== 'rules')).toBe(true);
    for (const format of ['json', 'jsonl'] as const) {
      const want = codingsDocumentText(inMemory, { rules: ruleIndexFor(books), format });
      const got = await streamed(format);
      expect(got === want, format).toBe(true);
    }
    // and the pipeline's document in memory is the in-memory document
    const { doc } = await codeToDocument({ inputs: [], cwd: SAMPLES, books, ...OPTS, threads: 1 });
    expect(plain(doc)).toEqual(plain(inMemory));
  });

  it('reading the document gives the data model back exactly (JSON and JSON Lines); text: false drops the texts only', () => {
    const text = codingsDocumentText(inMemory, { rules: ruleIndexFor(books) });
    expect(plain(parseCodingsJson(text, 'c.json'))).toEqual(plain(inMemory));
    const lines = codingsDocumentText(inMemory, { rules: ruleIndexFor(books), format: 'jsonl' });
    expect(plain(parseCodingsJsonl(lines, 'c.jsonl'))).toEqual(plain(inMemory));
    const bare = parseCodingsJson(text, 'c.json', { text: false });
    expect(bare.sources.every((s) => s.text === '') && bare.segments.every((s) => s.text === '')).toBe(true);
    const strip = (d: CodingsDocument) => plain({ ...d, sources: d.sources.map((s) => ({ ...s, text: '' })), segments: d.segments.map((s) => ({ ...s, text: '' })) });
    expect(plain(bare)).toEqual(strip(inMemory));
  });

  it('is compact: the text once, no rule text on a coding, well under the size of the version-1 document', () => {
    const v2 = codingsDocumentText(inMemory, { rules: ruleIndexFor(books) });
    const v1 = JSON.stringify(inMemory, null, 2);
    expect(v2.length).toBeLessThan(v1.length / 2);
    const rec = JSON.parse(v2);
    // the sources (text, segments, codings) take less than 1.8 times their text on these densely coded samples (three codebooks, many markers) (the head: the codebooks' codes and rules, once)
    let all = 0;
    let texts = 0;
    for (const s of rec.sources) {
      all += JSON.stringify(s).length;
      texts += JSON.stringify(s.text).length;
    }
    expect(all).toBeLessThan(1.8 * texts);
    expect(rec.schemaVersion).toBe(2);
    const ajv = new Ajv({ strict: false });
    expect(ajv.validate(JSON.parse(readFileSync(join(ROOT, 'schemas/codings.schema.json'), 'utf8')), rec), JSON.stringify(ajv.errors)).toBe(true);
    const ruleCoding = rec.sources.flatMap((s: { codings: unknown[] }) => s.codings).find((c: { coder?: string }) => c.coder === undefined);
    // (no coder: the rules; the rule key relative to the code)
    expect(Object.keys(ruleCoding).sort()).toEqual(['code', 'matches', 'rule', 'score', 'segment']);
    expect(rec.rules[`${ruleCoding.code}/${ruleCoding.rule}`].text).toMatch(/^(keywords|near|regex)/);
  });

  it('odd records are written in full and read back exactly (generated documents)', () => {
    const word = fc.constantFrom('samen', 'werk', 'é', '😀', 'x\r\n', '\n', ' ', '"q"', '\\', 'ok');
    const docArb = fc
      .record({
        texts: fc.array(fc.array(word, { minLength: 1, maxLength: 30 }).map((w) => w.join('')), { minLength: 1, maxLength: 3 }),
        cuts: fc.array(fc.nat(), { maxLength: 12 }),
        oddId: fc.boolean(),
        codingSeeds: fc.array(fc.record({ seg: fc.nat(), code: fc.constantFrom('a', 'b', 'c d'), coder: fc.constantFrom('rules', 'human', 'anna', 'model'), shift: fc.nat({ max: 3 }), kind: fc.nat({ max: 6 }), memo: fc.boolean() }), { maxLength: 12 }),
        loose: fc.boolean(),
      })
      .map(({ texts, cuts, oddId, codingSeeds, loose }) => {
        const sources: Source[] = texts.map((text, i) => ({ id: `s${i}`, path: `s${i}.txt`, kind: 'transcript', format: 'txt', case: `s${i}`, attributes: i ? { team: 'A' } : {}, encoding: 'utf-8', newline: 'lf', sha256: '', text, length: Array.from(text).length }));
        const segments: Segment[] = [];
        sources.forEach((src, si) => {
          const n = src.length;
          const points = [...new Set(cuts.map((c) => c % (n + 1)))].sort((a, b) => a - b);
          let prev = 0;
          points.forEach((p, k) => {
            const cps = Array.from(src.text);
            const seg: Segment = {
              id: oddId && k === 1 ? `odd-${si}` : `${src.id}#${segments.filter((g) => g.sourceId === src.id).length}`,
              sourceId: src.id,
              index: segments.filter((g) => g.sourceId === src.id).length,
              unit: k === 2 ? 'sentence' : 'turn',
              speaker: k % 2 ? 'R' : null,
              role: k % 2 ? 'respondent' : 'other',
              start: prev,
              end: p,
              ...(k === 3 ? { time: { start: 1.5, end: 2 } } : k === 4 ? { time: { start: 3 } } : {}),
              text: k === 5 ? 'not the slice' : cps.slice(prev, p).join(''),
              line: k === 6 ? 99 : src.text.slice(0, cps.slice(0, prev).join('').length).split(/\r\n|\r|\n/).length,
              turn: k === 7 ? 0 : segments.filter((g) => g.sourceId === src.id).length,
              ...(k === 8 ? { meta: { block: 'description' } } : {}),
            };
            segments.push(seg);
            prev = p;
          });
        });
        const codings: Coding[] = [];
        for (const s of codingSeeds) {
          const seg = segments.length ? segments[s.seg % segments.length] : undefined;
          const srcId = loose && s.kind === 6 ? 'elsewhere' : seg?.sourceId ?? 's0';
          const start = seg ? seg.start + Math.min(s.shift, seg.end - seg.start) : 0;
          const end = seg ? seg.end : 0;
          const evidence =
            s.kind === 0 ? { codebook: 'b', codebookVersion: '1', ruleId: `${s.code}/r1`, rule: 'keywords nl: x', matches: [{ start, end, term: 'w' }] }
            : s.kind === 1 ? { codebook: 'b', ruleId: `${s.code}/r1,${s.code}/r2`, rule: 'keywords nl: x | near nl: (a | b) NEAR/3 (c)', matches: [] }
            : s.kind === 2 ? { marker: '{{a}}' }
            : s.kind === 3 ? { rule: 'logistic regression', features: ['f1', 'f2'] }
            : s.kind === 4 ? { ruleId: 'z', rule: 'other text', extra: 1 }
            : undefined;
          codings.push({
            id: s.kind === 5 ? `custom-${codings.length}` : `${seg?.id ?? srcId}:${s.code}:${s.coder}${s.coder === 'rules' || s.coder === 'model' ? '' : `:${start}`}`,
            sourceId: srcId,
            ...(seg && srcId === seg.sourceId ? { segmentId: seg.id } : {}),
            code: s.code,
            coder: s.coder,
            start,
            end,
            ...(s.coder === 'human' ? {} : { score: 0.5 }),
            ...(evidence ? { evidence: evidence as Coding['evidence'] } : {}),
            ...(s.memo ? { memo: 'note' } : {}),
          });
        }
        // the order a codings document has: by source
        const order = new Map(sources.map((s, i) => [s.id, i]));
        codings.sort((a, b) => (order.get(a.sourceId) ?? 99) - (order.get(b.sourceId) ?? 99));
        const doc: CodingsDocument = { provenance: { tool: 'qdakit', version: 'x' }, codebooks: [{ id: 'b' }], codes: [{ id: 'a', codebook: 'b' }, { id: 'c d' }], sources, segments, codings };
        return doc;
      });
    fc.assert(
      fc.property(docArb, (doc) => {
        for (const format of ['json', 'jsonl'] as const) {
          const text = codingsDocumentText(doc, { format });
          const back = format === 'json' ? parseCodingsJson(text, 'c.json') : parseCodingsJsonl(text, 'c.jsonl');
          // segments come back grouped by source (as written)
          const bySource = (d: CodingsDocument) => ({ ...plain(d), segments: plain(d).segments.sort((a: Segment, b: Segment) => (a.sourceId < b.sourceId ? -1 : a.sourceId > b.sourceId ? 1 : 0)) });
          expect(bySource(back)).toEqual(bySource(doc));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('reading codings documents', () => {
  it('a version-1 document (committed fixture, as qda code wrote it before) still reads, and the commands give the same results as from version 2', async () => {
    const file = join(ROOT, 'tests/fixtures/codings/v1-document.json');
    const raw = JSON.parse(readFileSync(file, 'utf8'));
    expect(raw.schemaVersion).toBeUndefined();
    const ajv = new Ajv({ strict: false });
    expect(ajv.validate(JSON.parse(readFileSync(join(ROOT, 'schemas/codings-v1.schema.json'), 'utf8')), raw)).toBe(true);
    const v1 = await readCodings(file);
    expect(v1.codings.length).toBe(raw.codings.length);
    expect(plain(v1)).toEqual(plain({ ...raw, $schema: undefined }));
    // the same document written as version 2: the same data, the same matrix
    const dir = mkdtempSync(join(tmpdir(), 'qda-v1-'));
    writeFileSync(join(dir, 'v2.json'), codingsDocumentText(v1));
    expect(plain(await readCodings(join(dir, 'v2.json')))).toEqual(plain(v1));
    const a = memoryIo(dir);
    const b = memoryIo(dir);
    expect(await main(['matrix', file, '--cols', 'source', '--format', 'csv'], a)).toBe(0);
    expect(await main(['matrix', 'v2.json', '--cols', 'source', '--format', 'csv'], b)).toBe(0);
    expect(b.out()).toBe(a.out());
    expect(a.out()).toMatch(/jongerenwerker-03/);
  });

  it('a document of a future schema version: exit 2 naming both versions, the file untouched', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-v3-'));
    const text = codingsDocumentText(inMemory).replace('"schemaVersion": 2', '"schemaVersion": 3');
    writeFileSync(join(dir, 'c.json'), text);
    const io = memoryIo(dir);
    expect(await main(['matrix', 'c.json'], io)).toBe(2);
    expect(io.err()).toMatch(/c\.json.*schema version 3.*reads schema versions 1 to 2/);
    expect(io.err()).toMatch(/codings-schema-version/);
    expect(readFileSync(join(dir, 'c.json'), 'utf8')).toBe(text);
  });

  it('JSON Lines: a truncated file (cut inside a line, or after one) is an error naming the line', async () => {
    const text = codingsDocumentText(inMemory, { rules: ruleIndexFor(books), format: 'jsonl' });
    const lines = text.split('\n');
    const err = (t: string): QdaInputError => {
      try {
        parseCodingsJsonl(t, 'c.jsonl');
      } catch (e) {
        return e as QdaInputError;
      }
      throw new Error('no error');
    };
    // cut inside line 5
    const cut = lines.slice(0, 4).join('\n') + '\n' + lines[4].slice(0, 40);
    const e1 = err(cut);
    expect(e1).toBeInstanceOf(QdaInputError);
    expect(e1.diagnostics[0].line).toBe(5);
    expect(e1.message).toMatch(/truncated: line 5 is cut off/);
    // cut after line 7 (a whole line): the end line is missing
    const e2 = err(lines.slice(0, 7).join('\n') + '\n');
    expect(e2.message).toMatch(/truncated: it ends at line 7 without the end line/);
    // a coding line removed: the end line's counts say so
    const e3 = err([...lines.slice(0, 3), ...lines.slice(4)].join('\n'));
    expect(e3.message).toMatch(/the end line counts .* but the file has/);
    // the CLI: exit 2 with the file and line
    const dir = mkdtempSync(join(tmpdir(), 'qda-jsonl-'));
    writeFileSync(join(dir, 'c.jsonl'), cut);
    const io = memoryIo(dir);
    expect(await main(['matrix', 'c.jsonl'], io)).toBe(2);
    expect(io.err()).toMatch(/^c\.jsonl:5: error: the file is truncated/m);
  });

  it('large files are read piece by piece with the same result (JSON version 1 and 2, JSON Lines)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-big-'));
    writeFileSync(join(dir, 'c.json'), codingsDocumentText(inMemory));
    writeFileSync(join(dir, 'c.jsonl'), codingsDocumentText(inMemory, { format: 'jsonl' }));
    const want = plain(inMemory);
    expect(plain(await readCodingsJsonFile(join(dir, 'c.json'), 'c.json', {}, () => {
      throw new Error('not version 1');
    }))).toEqual(want);
    expect(plain(await readCodingsJsonlFile(join(dir, 'c.jsonl'), 'c.jsonl'))).toEqual(want);
    const v1file = join(ROOT, 'tests/fixtures/codings/v1-document.json');
    let handed: unknown;
    await readCodingsJsonFile(v1file, 'v1.json', {}, (d) => {
      handed = d;
      return parseCodingsJson(JSON.stringify(d), 'v1.json');
    });
    expect(handed).toEqual(JSON.parse(readFileSync(v1file, 'utf8')));
    // damaged: a clear error with line and column
    writeFileSync(join(dir, 'bad.json'), codingsDocumentText(inMemory).slice(0, 5000));
    await expect(readCodingsJsonFile(join(dir, 'bad.json'), 'bad.json', {}, () => inMemory)).rejects.toThrow(/not valid JSON: the document ends too early/);
  });
});
