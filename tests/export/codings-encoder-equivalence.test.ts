/**
 * The codings document's source records written as UTF-8 bytes in one pass (encodeSourceUtf8,
 * what `qda code` writes; and encodeSource, the records as strings, made with the same writer)
 * equal, byte for byte, what the string encoder they replaced wrote (tests/export/reference-encoder.ts):
 * on the samples coded by the pipeline, and on generated documents full of odd records (ids that
 * are not `<source>#<n>`, segments whose text or line is not the source's, other units, times,
 * meta, codings in odd shapes: other keys, evidence out of order or not a rule of the table,
 * matches with other keys, numbers that are not whole, surrogates, control characters and
 * quotes in every string). Utf8Out's writers equal JSON.stringify for every value.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import fc from 'fast-check';
import { join, resolve } from 'node:path';
import type { Codebook } from '../../src/codebook/types.js';
import type { Coding, CodingsDocument, Segment, Source } from '../../src/model/types.js';
import { readCodebook } from '../../src/ingest/read-codebook.js';
import { ruleIndexFor } from '../../src/coding/rule-index.js';
import { codeToDocument } from '../../src/pipeline/sinks.js';
import { RuleIndex, decodeSource, encodeSource, encodeSourceUtf8 } from '../../src/model/codings-format.js';
import { sourcePiece } from '../../src/export/codings-document.js';
import { Utf8Out } from '../../src/model/json-utf8.js';
import * as ref from './reference-encoder.js';

const SAMPLES = join(resolve(__dirname, '../..'), 'samples');
const BOOKS = ['coordination-collaboration', 'kaats-opheij', 'hovik-hanssen'];

/** Each source of `doc` as the reference writes it, as the byte writer does and as the new string pieces compose. */
function compare(doc: CodingsDocument, rules: RuleIndex): number {
  const segsBy = new Map<string, Segment[]>();
  for (const s of doc.segments) (segsBy.get(s.sourceId) ?? segsBy.set(s.sourceId, []).get(s.sourceId)!).push(s);
  const codsBy = new Map<string, Coding[]>();
  for (const c of doc.codings) (codsBy.get(c.sourceId) ?? codsBy.set(c.sourceId, []).get(c.sourceId)!).push(c);
  let n = 0;
  for (const src of doc.sources) {
    const segs = segsBy.get(src.id) ?? [];
    const cods = codsBy.get(src.id) ?? [];
    for (const format of ['json', 'jsonl'] as const) {
      const head = { rules, unit: segs[0]?.unit ?? 'turn' };
      const want = ref.sourcePiece(ref.encodeSource(src, segs, cods, head, { codingSource: format === 'jsonl' }), format);
      const bytes = encodeSourceUtf8(src, segs, cods, head, format);
      expect(Buffer.from(bytes).equals(Buffer.from(want, 'utf8')), `${src.id} ${format}`).toBe(true);
      expect(sourcePiece(encodeSource(src, segs, cods, head, { codingSource: format === 'jsonl' }), format) === want, `${src.id} ${format} (strings)`).toBe(true);
      n++;
    }
  }
  return n;
}

let books: Codebook[] = [];
beforeAll(async () => {
  books = await Promise.all(BOOKS.map((id) => readCodebook(id, { cwd: SAMPLES })));
});

describe('source records as UTF-8 bytes (encodeSourceUtf8) equal the string encoder they replaced', () => {
  it('on the samples, coded by the pipeline (rules, inline markers, memos)', async () => {
    const { doc } = await codeToDocument({ inputs: [], cwd: SAMPLES, books, version: 'x', threads: 1 });
    expect(doc.codings.some((c) => c.coder !== 'rules') && doc.codings.some((c) => c.coder === 'rules')).toBe(true);
    expect(compare(doc, ruleIndexFor(books))).toBeGreaterThan(4);
  });

  it('on generated documents of odd records', () => {
    const word = fc.constantFrom('samen', 'werk', 'é', '😀', '\ud800', 'x\r\n', '\n', '\t', '\u0001', ' ', '"q"', '\\', 'ok', '€', '\u2028');
    const str = fc.array(word, { maxLength: 4 }).map((w) => w.join(''));
    const docArb = fc
      .record({
        texts: fc.array(fc.array(word, { minLength: 0, maxLength: 30 }).map((w) => w.join('')), { minLength: 1, maxLength: 3 }),
        cuts: fc.array(fc.nat(), { maxLength: 12 }),
        oddId: fc.boolean(),
        codingSeeds: fc.array(
          fc.record({ seg: fc.nat(), code: fc.oneof(fc.constantFrom('a', 'b', 'c d', 'a/r1'), str), coder: fc.constantFrom('rules', 'human', 'anna', 'model'), shift: fc.nat({ max: 3 }), kind: fc.nat({ max: 12 }), memo: fc.boolean(), id: fc.nat({ max: 5 }), term: str }),
          { maxLength: 14 },
        ),
        loose: fc.boolean(),
      })
      .map(({ texts, cuts, oddId, codingSeeds, loose }) => {
        const sources: Source[] = texts.map((text, i) => ({ id: `s${i}`, path: `s${i}.txt`, kind: 'transcript', format: 'txt', case: `s${i}`, attributes: i ? { team: 'A' } : {}, encoding: 'utf-8', newline: 'lf', sha256: '', text, length: Array.from(text).length }));
        const segments: Segment[] = [];
        sources.forEach((src, si) => {
          const cps = Array.from(src.text);
          const points = [...new Set(cuts.map((c) => c % (cps.length + 1)))].sort((a, b) => a - b);
          let prev = 0;
          points.forEach((p, k) => {
            const index = segments.filter((g) => g.sourceId === src.id).length;
            const seg: Segment = {
              id: oddId && k === 1 ? `odd-${si}` : `${src.id}#${index}`,
              sourceId: src.id,
              index,
              unit: k === 2 ? 'sentence' : 'turn',
              speaker: k % 2 ? 'R' : k % 3 ? `S${k}` : null,
              role: k % 2 ? 'respondent' : 'other',
              start: prev,
              end: p,
              ...(k === 3 ? { time: { start: 1.5, end: 2 } } : k === 4 ? { time: { start: 3 } } : k === 9 ? { time: { start: NaN } } : {}),
              text: k === 5 ? 'not the slice' : cps.slice(prev, p).join(''),
              line: k === 6 ? 99 : src.text.slice(0, cps.slice(0, prev).join('').length).split(/\r\n|\r|\n/).length,
              turn: k === 7 ? 0 : index,
              ...(k === 8 ? { meta: { block: 'description' } } : {}),
            };
            if (k === 10) (seg as unknown as Record<string, unknown>).extra = 'x';
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
          const m = { start, end, term: s.term };
          const evidence =
            s.kind === 0 ? { codebook: 'b', codebookVersion: '1', ruleId: `${s.code}/r1`, rule: 'keywords nl: x', matches: [m, { start, end: start + Array.from(s.term).length, term: s.term }] }
            : s.kind === 1 ? { codebook: 'b', ruleId: `${s.code}/r1,${s.code}/r2`, rule: 'keywords nl: x | near nl: (a | b) NEAR/3 (c)', matches: [] }
            : s.kind === 2 ? { marker: `{{${s.term}}}` }
            : s.kind === 3 ? { rule: 'logistic regression', features: ['f1', s.term] }
            : s.kind === 4 ? { ruleId: 'z', rule: 'other text', extra: 1 }
            : s.kind === 7 ? { matches: [m], codebook: 'b', ruleId: 'a/r1', rule: 'keywords nl: x' }
            : s.kind === 8 ? { codebook: 'b', ruleId: 'r1', rule: 'keywords nl: x', matches: [{ ...m, extra: true }] }
            : s.kind === 9 ? { codebook: 'b', ruleId: 'a/r1', rule: 'keywords nl: x', matches: [{ start: 0.5, end: 1e21, term: s.term }] }
            : s.kind === 12 ? { codebook: 'b', ruleId: 'a/r1', rule: 'keywords nl: x', constructor: s.term, toString: 1 }
            : undefined;
          const c: Record<string, unknown> = {
            // (the id the coders give, one like it but for a leading zero or a suffix, or another)
            id: s.id === 1 ? `custom-${codings.length}` : `${seg?.id ?? srcId}:${s.code}:${s.coder}${s.coder === 'rules' || s.coder === 'model' ? (s.id === 4 ? ':0' : '') : `:${s.id === 4 ? '0' : ''}${start}`}${s.id === 5 ? '#2' : ''}`,
            sourceId: srcId,
            ...(seg && srcId === seg.sourceId ? { segmentId: s.kind === 10 ? `${seg.sourceId}#0${seg.index}` : seg.id } : {}),
            code: s.code,
            coder: s.coder,
            start,
            end: s.kind === 11 ? end + 0.25 : end,
            ...(s.coder === 'human' ? {} : { score: s.kind === 5 ? Infinity : s.kind === 6 ? 0.1 + 0.2 : 0.5 }),
            ...(evidence ? { evidence: evidence as Coding['evidence'] } : {}),
            ...(s.memo ? { memo: s.term } : {}),
          };
          if (s.id === 2) c.ref = s.term;
          if (s.kind === 12 && s.id === 3) c.start = -1;
          if (s.id === 3) c.links = [{ to: 'x', relation: s.term }];
          if (s.kind === 11) c.more = { x: [1, s.term] };
          codings.push(c as unknown as Coding);
        }
        const order = new Map(sources.map((s, i) => [s.id, i]));
        codings.sort((a, b) => (order.get(a.sourceId) ?? 99) - (order.get(b.sourceId) ?? 99));
        return { provenance: { tool: 'qdakit', version: 'x' }, codebooks: [{ id: 'b' }], codes: [{ id: 'a', codebook: 'b' }], sources, segments, codings } as CodingsDocument;
      });
    fc.assert(
      fc.property(docArb, (doc) => {
        const rules = new RuleIndex();
        rules.add({ id: 'a/r1', codebook: 'b', text: 'keywords nl: x' });
        rules.add({ id: 'r1', codebook: 'b', text: 'keywords nl: x' });
        for (const c of ['a', 'b', 'c d']) {
          rules.add({ id: `${c}/r1`, codebook: 'b', codebookVersion: '1', text: 'keywords nl: x' });
          rules.add({ id: `${c}/r1`, codebook: 'b', text: 'keywords nl: x' });
          rules.add({ id: `${c}/r2`, codebook: 'b', text: 'near nl: (a | b) NEAR/3 (c)' });
        }
        compare(doc, rules);
      }),
      { numRuns: 400 },
    );
  });
});

describe('an evidence key that is a name of every object (constructor, toString)', () => {
  it('is kept: the evidence is written in full and reads back the same (it was dropped from the compact form)', () => {
    const rules = new RuleIndex();
    rules.add({ id: 'r1', codebook: 'cb', text: 'T' });
    const text = 'hello world';
    const src = { id: 's', path: 's.txt', kind: 'transcript', format: 'txt', case: 's', attributes: {}, encoding: 'utf-8', newline: 'lf', sha256: '', text, length: 11 } as unknown as Source;
    const seg: Segment = { id: 's#0', sourceId: 's', index: 0, unit: 'turn', speaker: null, role: 'respondent', start: 0, end: 11, text, line: 1, turn: 0 };
    for (const key of ['constructor', 'toString', '__proto__x', 'hasOwnProperty']) {
      const evidence = JSON.parse(`{"codebook":"cb","ruleId":"r1","rule":"T","${key}":"keep me"}`) as Coding['evidence'];
      const c = { id: 's#0:a:rules', sourceId: 's', segmentId: 's#0', code: 'a', coder: 'rules', start: 0, end: 11, score: 0.5, evidence } as Coding;
      const bytes = encodeSourceUtf8(src, [seg], [c], { rules, unit: 'turn' }, 'json');
      const back = decodeSource(JSON.parse(Buffer.from(bytes).toString('utf8')), { rules, unit: 'turn' });
      expect(back.codings[0].evidence, key).toEqual(evidence);
    }
  });
});

describe('Utf8Out', () => {
  it('str, num and json write the bytes of JSON.stringify, one after another in a buffer that grows', () => {
    const value = fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ maxLength: 5 }), fc.double(), fc.integer(), fc.nat(), fc.constantFrom(-0, 2 ** 31, 2 ** 31 - 1, 1e21, 5e-324, null, true, undefined), fc.array(fc.string({ unit: 'binary', maxLength: 5 }), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 3 }), fc.nat(), { maxKeys: 3 }));
    fc.assert(
      fc.property(fc.array(value, { maxLength: 12 }), (vs) => {
        const out = new Utf8Out(1);
        let want = '';
        for (const v of vs) {
          if (typeof v === 'string') out.str(v);
          else if (typeof v === 'number') out.num(v);
          else out.json(v);
          out.raw(',€');
          want += String(JSON.stringify(v)) + ',€';
        }
        expect(Buffer.from(out.bytes()).equals(Buffer.from(want, 'utf8'))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
