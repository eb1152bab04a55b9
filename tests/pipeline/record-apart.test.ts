/**
 * A source's record in three pieces (for two threads sharing a source by stage): the start and
 * the text that the thread which read and segmented it writes (encodeRecordStartUtf8: fields,
 * speakers, segments; encodeRecordTextUtf8) and the codings the coding thread writes
 * (encodeRecordCodingsUtf8), in the order of the format, make the whole record: on the samples
 * coded by the pipeline and on odd texts.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { join, resolve } from 'node:path';
import { readCodebook } from '../../src/ingest/read-codebook.js';
import type { Codebook } from '../../src/codebook/types.js';
import type { Coding, Segment, Source } from '../../src/model/types.js';
import { codeToDocument } from '../../src/pipeline/sinks.js';
import { ruleIndexFor } from '../../src/coding/rule-index.js';
import { RuleIndex, encodeRecordCodingsUtf8, encodeRecordStartUtf8, encodeRecordTextUtf8, encodeSourceUtf8, recordPieces } from '../../src/model/codings-format.js';
import { segmentSource } from '../../src/ingest/segment.js';

const SAMPLES = join(resolve(__dirname, '../..'), 'samples');

function check(src: Source, segs: Segment[], cods: Coding[], rules: RuleIndex): void {
  for (const format of ['json', 'jsonl'] as const) {
    const head = { rules, unit: segs[0]?.unit ?? 'turn' };
    const whole = encodeSourceUtf8(src, segs, cods, head, format);
    const start = encodeRecordStartUtf8(src, segs, head.unit, format);
    const codings = encodeRecordCodingsUtf8(src, segs, cods, head, format);
    const text = encodeRecordTextUtf8(src, format);
    const joined = Buffer.concat(recordPieces(start, codings, text, format));
    expect(joined.equals(Buffer.from(whole)), `${src.id} ${format}`).toBe(true);
    expect(Buffer.from(start).toString('utf8')).toMatch(/"segments":\[/);
    const t = Buffer.from(text).toString('utf8');
    expect(t).toContain(`"text":${JSON.stringify(src.text ?? '')}`);
    if (format === 'json') {
      expect(Buffer.from(codings).toString('utf8')).toMatch(/^\],\n"codings":\[/);
      expect(t).toMatch(/^,\n"text":/);
    } else {
      expect(t).toMatch(/^\],"text":/);
      expect(Buffer.from(codings).toString('utf8')).not.toContain('"text"');
    }
  }
}

let books: Codebook[] = [];
beforeAll(async () => {
  books = await Promise.all(['coordination-collaboration', 'kaats-opheij'].map((id) => readCodebook(id, { cwd: SAMPLES })));
});

describe('a source record in pieces: start, codings, text', () => {
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

  it('segments whose ids are not `<source>#<index>` (an import): the codings point at them the same way in both', () => {
    const text = 'Interviewer: Hoe?\nAnna: Samenwerking met de wijkagent.\nInterviewer: En?\nAnna: Overleg.\n';
    const src = { id: 's', path: 's.txt', kind: 'transcript', format: 'txt', case: 's', attributes: {}, encoding: 'utf-8', newline: 'lf', sha256: '', text, length: text.length } as unknown as Source;
    const segs = segmentSource(src, 'turn').map((g, i, all) => ({ ...g, id: `s#${all.length - 1 - i}` }));
    const cods = [
      { id: 'x1', sourceId: 's', segmentId: segs[1].id, code: 'samenwerking', coder: 'anna', start: segs[1].start, end: segs[1].end },
      { id: 'x2', sourceId: 's', segmentId: segs[3].id, code: 'overleg', coder: 'anna', start: segs[3].start + 1, end: segs[3].end },
    ] as unknown as Coding[];
    check(src, segs, cods, ruleIndexFor([]));
  });
});
