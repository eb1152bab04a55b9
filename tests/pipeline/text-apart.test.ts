/**
 * A source's record written without its text (encodeSourceUtf8Apart, for the thread that read
 * the text to write it in between) is the whole record when the text's JSON string goes
 * between `before` and `after`: on the samples coded by the pipeline and on odd texts.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { join, resolve } from 'node:path';
import { readCodebook } from '../../src/ingest/read-codebook.js';
import type { Codebook } from '../../src/codebook/types.js';
import type { Coding, Segment, Source } from '../../src/model/types.js';
import { codeToDocument } from '../../src/pipeline/sinks.js';
import { ruleIndexFor } from '../../src/coding/rule-index.js';
import { RuleIndex, encodeSourceUtf8, encodeSourceUtf8Apart, jsonStringUtf8 } from '../../src/model/codings-format.js';
import { segmentSource } from '../../src/ingest/segment.js';

const SAMPLES = join(resolve(__dirname, '../..'), 'samples');

function check(src: Source, segs: Segment[], cods: Coding[], rules: RuleIndex): void {
  for (const format of ['json', 'jsonl'] as const) {
    const head = { rules, unit: segs[0]?.unit ?? 'turn' };
    const whole = encodeSourceUtf8(src, segs, cods, head, format);
    const { before, after } = encodeSourceUtf8Apart(src, segs, cods, head, format);
    const joined = Buffer.concat([before, jsonStringUtf8(src.text ?? ''), after]);
    expect(joined.equals(Buffer.from(whole)), `${src.id} ${format}`).toBe(true);
    expect(Buffer.from(before).toString('utf8')).toMatch(/"text":$/);
  }
}

let books: Codebook[] = [];
beforeAll(async () => {
  books = await Promise.all(['coordination-collaboration', 'kaats-opheij'].map((id) => readCodebook(id, { cwd: SAMPLES })));
});

describe('a source record with its text apart', () => {
  it('on the samples (rules, markers, memos), JSON and JSON Lines', async () => {
    const { doc } = await codeToDocument({ inputs: [], cwd: SAMPLES, books, version: 'x', threads: 1 });
    const rules = ruleIndexFor(books);
    expect(doc.sources.length).toBeGreaterThanOrEqual(12);
    for (const src of doc.sources) check(src, doc.segments.filter((g) => g.sourceId === src.id), doc.codings.filter((c) => c.sourceId === src.id), rules);
  });

  it('on odd texts (escapes, U+2028, lone surrogates, astral, empty, a text longer than the first buffer)', () => {
    const rules = ruleIndexFor([]);
    const texts = ['', 'A: "q" \\ \t\r\n\u2028\u0001', 'R: 😀 \ud800 x', 'R: ' + 'é€😀"'.repeat(400_000)];
    texts.forEach((text, i) => {
      const src = { id: `s${i}`, path: `s${i}.txt`, kind: 'transcript', format: 'txt', case: `s${i}`, attributes: {}, encoding: 'utf-8', newline: 'lf', sha256: '', text, length: Array.from(text).length } as unknown as Source;
      check(src, segmentSource(src, 'turn'), [], rules);
    });
  });
});
