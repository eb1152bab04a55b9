/**
 * codingsCsvParts (the pipeline's CSV rows of one source, made without row objects) gives
 * exactly csvParts(codingsTable(doc, [])): on the samples' codings and on odd cells (quotes,
 * commas, line breaks, BOM, formulas, padding, links, missing segments, astral characters);
 * evidenceText equals its former writing.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { codingsCsvParts, codingsTable, csvParts, evidenceText } from '../../src/export/codings-csv.js';
import type { Coding, CodingsDocument } from '../../src/model/types.js';
import { cpLength } from '../../src/model/codepoints.js';
import { corpusOf, source } from '../coding/helpers.js';

function docOf(text: string, codings: (segs: CodingsDocument['segments']) => Coding[]): CodingsDocument {
  const corpus = corpusOf([source('src,1', text)]);
  return {
    $schema: '',
    provenance: { tool: 'qdakit', version: '', options: {} },
    codebooks: [],
    codes: [{ id: 'c', name: { en: '=C, "x"', nl: 'c' } }, { id: 'd', name: { nl: ' d ' } }],
    sources: corpus.sources,
    segments: corpus.segments,
    codings: codings(corpus.segments),
  } as CodingsDocument;
}

describe('codingsCsvParts', () => {
  it('equals csvParts(codingsTable(doc, [])) on random texts and codings', async () => {
    const cell = fc.constantFrom('plain', 'a,b', 'say "hi"', 'two\nlines', 'cr\rx', '\ufeffbom', '=1+1', '+x', '-y', '@z', '\tt', ' pad', 'pad ', '', '😀 astral', 'é', "'=1", "''+x", "'plain", "' -y");
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(cell, cell), { minLength: 1, maxLength: 6 }), fc.array(fc.tuple(fc.nat(), fc.nat(), cell, fc.boolean(), fc.boolean()), { maxLength: 8 }), async (turns, cs) => {
        const text = turns.map(([a, b], i) => `Anna: ${a} ${b} ${i}`).join('\n\n');
        const doc = docOf(text, (segs) =>
          cs.map(([k, off, word, whole, link], i) => {
            const seg = segs[k % segs.length];
            const start = whole ? seg.start : Math.min(seg.end, seg.start + (off % Math.max(1, seg.end - seg.start)));
            const end = whole ? seg.end : seg.end;
            return {
              id: `x${i}`,
              sourceId: 'src,1',
              ...(i % 5 === 4 ? {} : { segmentId: seg.id }),
              code: i % 2 ? 'c' : 'd',
              coder: i % 3 ? 'rules' : 'anna',
              start,
              end,
              ...(i % 4 ? { score: 0.123456 } : {}),
              evidence: { ruleId: 'r1', rule: word, matches: [{ start, end: start + cpLength(word), term: word }] },
              ...(link ? { ref: word, links: [{ to: 'e1', relation: word }, { to: 'e2', verdict: 'ok' }] } : {}),
            } as Coding;
          }),
        );
        expect(codingsCsvParts(doc)).toEqual(await csvParts(codingsTable(doc, [])));
      }),
      { numRuns: 300 },
    );
  });
  it('finds a coding\'s segment as a map of the ids does when the ids are not `<source>#<index>` (the last of a repeated id)', async () => {
    const text = 'Anna: one, two\n\nBob: "three"\n\nAnna: four\n\nBob: five';
    const ids = [
      ['src,1#0', 'src,1#1', 'src,1#2', 'src,1#3'],
      ['src,1#0', 'src,1#0', 'src,1#2', 'src,1#3'],
      ['src,1#0', 'src,1#01', 'src,1#2', 'x'],
      ['a', 'b', 'a', 'src,1#1'],
    ];
    for (const list of ids) {
      const doc = docOf(text, (segs) =>
        [...list, 'src,1#1', 'src,1#9', 'src,1#', 'src,1#1e0', 'src,1#-1'].map((segmentId, i) => ({ id: `x${i}`, sourceId: 'src,1', segmentId, code: 'c', coder: 'rules', start: segs[i % segs.length].start, end: segs[i % segs.length].end }) as Coding),
      );
      doc.segments = doc.segments.map((g, i) => ({ ...g, id: list[i] }));
      expect(codingsCsvParts(doc), list.join(' ')).toEqual(await csvParts(codingsTable(doc, [])));
    }
  });
  it('gives a memo cell last on every row when a coding has a memo, as codingsTable (and says so)', async () => {
    const doc = docOf('Anna: one, two\n\nBob: "three"', (segs) => [
      { id: 'a', sourceId: 'src,1', segmentId: segs[0].id, code: 'c', coder: 'anna', start: segs[0].start, end: segs[0].end, memo: 'kort, "maar" =krachtig' },
      { id: 'b', sourceId: 'src,1', segmentId: segs[1].id, code: 'd', coder: 'rules', start: segs[1].start, end: segs[1].end },
    ] as Coding[]);
    const parts = codingsCsvParts(doc);
    expect(parts.memo).toBe(true);
    const { memo: _m, ...rest } = parts;
    expect(rest).toEqual(await csvParts(codingsTable(doc, [])));
    expect(parts.tails[0].endsWith(',"kort, ""maar"" =krachtig"')).toBe(true);
    expect(parts.tails[1].endsWith(',')).toBe(true);
  });
  it("gives a questionnaire source's rows their answers' columns and a row for each answer without codings, as codingsTable", async () => {
    for (const coded of [[0, 2], []]) {
      const doc = docOf('Anna: één\n\nBob: "twee, drie"\n\nCees: vier', (segs) =>
        coded.map((k, i) => ({ id: `x${i}`, sourceId: 'src,1', segmentId: segs[k].id, code: 'c', coder: 'rules', start: segs[k].start, end: segs[k].end }) as Coding),
      );
      doc.sources = doc.sources.map((s) => ({ ...s, kind: 'survey' as const, attributes: { wave: '1' } }));
      doc.segments = doc.segments.map((g, i) => ({ ...g, meta: { row: String(i + 2), ...(i === 1 ? {} : { group: i ? 'b,"c"' : 'a' }) } }));
      const parts = codingsCsvParts(doc);
      const table = codingsTable(doc, []);
      expect(table.columns.map((c) => c.key).slice(0, 4)).toEqual(['source', 'case', 'kind', 'segment']);
      const { rowAttributes, ...rest } = parts;
      expect(rest).toEqual(await csvParts(table));
      expect(parts.tails).toHaveLength(3);
      const whole = codingsTable(doc);
      expect(whole.columns.map((c) => c.key).slice(0, 5)).toEqual(['source', 'case', 'kind', 'group', 'wave']);
      const rowOf = (seg: string) => whole.rows.find((r) => r.segment === seg)!;
      expect(['src,1#0', 'src,1#1', 'src,1#2'].map((g) => [rowOf(g).group, rowOf(g).wave, rowOf(g).code])).toEqual([
        ['a', '1', coded.length ? 'c' : ''],
        ['', '1', ''],
        ['b,"c"', '1', coded.length ? 'c' : ''],
      ]);
      // the attribute cells of each row, in the order of the tails
      expect(parts.tails.map((_, i) => rowAttributes?.[i]?.group ?? '')).toEqual(whole.rows.map((r) => r.group));
    }
  });
  it('gives one row with an empty code for a source without codings (so that it stays in N when read back)', async () => {
    const doc = docOf('Anna: x', () => []);
    expect(codingsCsvParts(doc)).toEqual(await csvParts(codingsTable(doc, [])));
    expect(codingsCsvParts(doc)).toEqual({ prefix: '"src,1","src,1"', tails: [',,,,,,,,,,,,,,,'] });
  });
  it('evidenceText equals its former writing (parts in an array, filtered, joined; the words through a Set)', () => {
    type Ev = NonNullable<Coding['evidence']>;
    const former = (ev: Ev | undefined) =>
      !ev
        ? ''
        : [
            ev.matches?.length ? `matched: ${[...new Set(ev.matches.map((m) => m.term))].join(', ')}` : '',
            ev.ruleId ? `rule: ${ev.ruleId}` : ev.rule ? `rule: ${ev.rule}` : '',
            ev.features?.length ? `features: ${ev.features.join(', ')}` : '',
            ev.marker ? `marker: ${ev.marker}` : '',
          ]
            .filter(Boolean)
            .join('; ');
    const word = fc.constantFrom('', 'a', 'b', 'a b', ';', 'é');
    const ev = fc.record(
      { matches: fc.array(fc.record({ start: fc.nat(), end: fc.nat(), term: word }), { maxLength: 4 }), ruleId: word, rule: word, features: fc.array(word, { maxLength: 3 }), marker: word },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.option(ev, { nil: undefined }), (e) => {
        expect(evidenceText(e as Ev | undefined)).toBe(former(e as Ev | undefined));
      }),
      { numRuns: 2000 },
    );
  });
});
