/**
 * `qda segments --format csv` writes its rows as UTF-8 straight into a byte buffer
 * (csvRowBytes, issue 16: speed). The bytes equal those of the string rows it replaced (kept
 * here as the reference: csvCell of each cell, joined by commas, encoded once), on random
 * segments with every character csvCell decides on (quotes, commas, line breaks, BOM, spaces at
 * either end, formula starts after any number of quotes, letters beyond ASCII, astral
 * characters, lone surrogates) and every kind of number (integers, fractions, none).
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { Segment, Source } from '../../src/model/types.js';
import { csvCell } from '../../src/export/render-table.js';
import { RowBytes, csvRowBytes, csvRowBytesOf, writeSegments } from '../../src/export/segments-output.js';
import { parseBlocks } from '../../src/ingest/parse-blocks.js';
import { segmentSource } from '../../src/ingest/segment.js';
import { idsAsMade } from '../../src/model/segments-as-made.js';

/** The rows as the string code wrote them (before the byte writer). */
function referenceRows(source: Source, segments: readonly Segment[]): string {
  const cell = (v: string | number) => (typeof v === 'number' ? String(v) : csvCell(v));
  const parts: Array<string | number> = [];
  for (const g of segments) {
    const t = g.time;
    parts.push('\n', cell(g.id), ',', cell(g.sourceId), ',', cell(source.case), ',', cell(source.kind), ',', g.index, ',', g.turn ?? '', ',', g.line ?? '', ',', cell(g.speaker ?? ''), ',', cell(g.role), ',', g.start, ',', g.end, ',', t?.start ?? '', ',', t?.end ?? '', ',', cell(g.text));
  }
  return parts.join('');
}

const PIECES = ['a', 'Zin', ' ', '  ', '"', '""', ',', '\n', '\r', '\r\n', '\ufeff', '\t', "'", "''", '=', '+', '-', '@', 'é', 'İ', '…', '😀', '\ud800', '\udc00', '#', '1', '0', ';', '\u00a0', '\u2028'];
const str = (max: number) => fc.array(fc.constantFrom(...PIECES), { maxLength: max }).map((a) => a.join(''));
const num = fc.oneof(fc.nat(3000), fc.nat(2 ** 31 - 1), fc.integer({ min: 2 ** 31, max: 2 ** 40 }), fc.double({ min: 0, max: 1e5, noNaN: true }), fc.constantFrom(0, -0, 12.5, 0.001, 1e21, -3));

const segmentArb = (sid: string) =>
  fc.record({
    index: fc.nat(100000),
    idKind: fc.constantFrom('plain', 'plain', 'plain', 'other', 'letters'),
    speaker: fc.option(str(6), { nil: null }),
    role: fc.constantFrom('interviewer', 'respondent', 'observer', 'unknown', '=role, "x"'),
    start: num,
    end: num,
    time: fc.option(fc.record({ start: num, end: fc.option(num, { nil: undefined }) }), { nil: undefined }),
    text: str(20),
    line: fc.option(fc.nat(100000), { nil: undefined }),
    turn: fc.option(fc.nat(100000), { nil: undefined }),
    otherSource: fc.boolean(),
    other: str(5),
  }).map((r): Segment => {
    const sourceId = r.otherSource ? sid + 'x' : sid;
    const id = r.idKind === 'plain' ? `${sourceId}#${r.index}` : r.idKind === 'letters' ? `${sourceId}#${r.index}a` : r.other;
    const seg: Record<string, unknown> = { id, sourceId, index: r.index, unit: 'turn', speaker: r.speaker, role: r.role, start: r.start, end: r.end };
    if (r.time) seg.time = r.time.end === undefined ? { start: r.time.start } : r.time;
    seg.text = r.text;
    if (r.line !== undefined) seg.line = r.line;
    if (r.turn !== undefined) seg.turn = r.turn;
    return seg as unknown as Segment;
  });

const caseArb = fc.record({ sid: str(6), case: str(6), kind: fc.constantFrom('transcript', 'observation', 'document', 'survey') }).chain((s) =>
  fc.tuple(fc.constant(s), fc.array(segmentArb(s.sid), { maxLength: 12 })),
);

describe('CSV rows of qda segments written as bytes', () => {
  it('equal the string rows encoded as UTF-8, on random segments (buffers that must grow)', () => {
    fc.assert(
      fc.property(caseArb, fc.constantFrom(1, 7, 64, 1 << 16), ([s, segments], size) => {
        const source = { id: s.sid, case: s.case, kind: s.kind } as unknown as Source;
        const out = new RowBytes(size);
        csvRowBytes(source, segments, out);
        const want = Buffer.from(referenceRows(source, segments), 'utf8');
        expect(out.total).toBe(want.length);
        expect(Buffer.compare(out.take(), want)).toBe(0);
      }),
      { numRuns: 3000 },
    );
  });

  it('segments as segmentSource made them (ids written without being read) equal the string rows, for ids that are quoted, neutralised or plain', () => {
    const text = 'Interviewer: Hoe ging het?\n\nAnna: Goed. "Echt" goed, dank je.\n\nInterviewer: En verder?\n\nAnna: = niets, + alles.\nNieuwe zin hier.\n';
    for (const id of ['r1', 'a,b', '=x', ' lead', 'trail ', 'q"uote', "''+f", 'é😀', 'g\ufeff', 'interview-00001']) {
      for (const unit of ['turn', 'sentence', 'paragraph'] as const) {
        const source = { id, path: id + '.txt', case: id + '-case', kind: 'transcript', text, attributes: {} } as unknown as Source;
        const segments = segmentSource(source, unit);
        expect(idsAsMade(segments)).toBe(true);
        expect(segments.length).toBeGreaterThan(3);
        const out = new RowBytes(16);
        csvRowBytes(source, segments, out);
        expect(out.take().toString('utf8')).toBe(referenceRows(source, segments));
      }
    }
    // (a copy of the array is not known to be as made: its ids are read)
    const source = { id: 'r1', path: 'r1.txt', case: 'r1', kind: 'transcript', text, attributes: {} } as unknown as Source;
    const copy = segmentSource(source, 'turn').map((g, k) => (k === 1 ? { ...g, id: 'other' } : g));
    expect(idsAsMade(copy)).toBe(false);
    const out = new RowBytes(16);
    csvRowBytes(source, copy, out);
    expect(out.take().toString('utf8')).toBe(referenceRows(source, copy));
    expect(referenceRows(source, copy)).toContain('\nother,r1,');
  });

  it('rows written from a plan (eachSegment, no Segment objects) are those of the segments segmentSource makes, for every unit and kind', () => {
    const texts: Array<{ kind: string; text: string; observers?: string[] }> = [
      { kind: 'transcript', text: 'Interviewer: Hoe ging het?\r\n\r\nAnna: Goed. "Echt" goed, dank je.\n\nZe zei: ja.\n[00:01:05] Interviewer: En 😀 verder?\r\nAnna: = niets, + alles.\n\nNieuwe alinea. Nog een zin!\n' },
      { kind: 'transcript', text: 'Voorwoord zonder spreker.\n\nInterviewer: Vraag één?\nAnna: Antwoord, met 𝒳 en é.\nInterviewer: Vraag twee?\nAnna: Nee.\n' },
      { kind: 'observation', text: '## Beschrijving\n\n[10:15] De groep komt binnen.\nS1: Goedemorgen.\n\n> Interpretatie: ze zijn nerveus.\n\nMarieke: Ik noteer dit.\n', observers: ['Marieke'] },
      { kind: 'document', text: '# Titel\n\nEen alinea, met een komma.\nNog een regel.\n\n\ufeffTweede alinea 😀. Met twee zinnen.\n' },
    ];
    for (const [k, t] of texts.entries()) {
      for (const unit of ['turn', 'sentence', 'paragraph'] as const) {
        const id = ['r1', 'a,b', '=x', 'q"uote'][k];
        const source = { id, path: id + '.txt', case: id + ' case', kind: t.kind, text: t.text, attributes: {} } as unknown as Source;
        const options = { blocks: parseBlocks(t.text, t.kind as Source['kind'], { knownSpeakers: t.observers ?? [] }).blocks, observers: t.observers ?? [] };
        const segments = segmentSource(source, unit, options);
        expect(segments.length).toBeGreaterThan(1);
        const a = new RowBytes(8);
        csvRowBytes(source, segments, a);
        const b = new RowBytes(8);
        expect(csvRowBytesOf(source, { unit, options }, b)).toBe(segments.length);
        const want = referenceRows(source, segments);
        expect(a.take().toString('utf8')).toBe(want);
        expect(b.take().toString('utf8')).toBe(want);
      }
    }
    // a source without segments: no rows
    const empty = { id: 'e', path: 'e.txt', case: 'e', kind: 'document', text: '', attributes: {} } as unknown as Source;
    const out = new RowBytes(8);
    expect(csvRowBytesOf(empty, { unit: 'turn', options: {} }, out)).toBe(0);
    expect(out.total).toBe(0);
  });

  it('writeSegments gives the same JSON, Markdown and CSV for items with a plan as for items with their segments', async () => {
    const text = 'Interviewer: Hoe ging het?\n\nAnna: Goed, "echt" goed.\n[00:01:05] Interviewer: En 😀 verder?\nAnna: Niets.\n';
    const sources = ['r1', 'r2'].map((id) => ({ id, path: id + '.txt', case: id, kind: 'transcript', format: 'txt', encoding: 'utf-8', newline: 'lf', sha256: '', text, attributes: id === 'r2' ? { team: 'A' } : {}, length: [...text].length }) as unknown as Source);
    for (const unit of ['turn', 'sentence'] as const) {
      const options = { blocks: parseBlocks(text, 'transcript').blocks };
      async function* made() {
        for (const source of sources) yield { source, segments: segmentSource(source, unit, options) };
      }
      async function* planned() {
        for (const source of sources) yield { source, segments: [], plan: { unit, options } };
      }
      for (const format of ['json', 'md', 'csv'] as const) {
        const a: string[] = [];
        const b: string[] = [];
        await writeSegments(made(), format, unit, { write: (c) => void a.push(Buffer.from(c).toString('utf8')) });
        await writeSegments(planned(), format, unit, { write: (c) => void b.push(Buffer.from(c).toString('utf8')) });
        expect(a.join('').length).toBeGreaterThan(100);
        expect(b.join('')).toBe(a.join(''));
      }
    }
  });

  it('over several sources, handed over in pieces, total counted across them', () => {
    const out = new RowBytes(32);
    const want: Buffer[] = [];
    const got: Buffer[] = [];
    const ids = ['a', '=b', ' c ', 'd,"e"', "''+f", 'g\ufeff', 'h\r\ni', 'é😀'];
    for (const [k, id] of ids.entries()) {
      const source = { id, case: id.toUpperCase(), kind: 'transcript' } as unknown as Source;
      const segments = Array.from({ length: 40 }, (_, i): Segment => ({
        id: `${id}#${i}`, sourceId: id, index: i, unit: 'turn', speaker: i % 3 ? 'Anna' : null, role: 'respondent', start: i * 10, end: i * 10 + 9, text: `Zin ${i}, "met" ${id}`, line: i + 1, turn: i,
        ...(i % 4 === 0 ? { time: { start: i * 1.5 } } : {}),
      }));
      csvRowBytes(source, segments, out);
      want.push(Buffer.from(referenceRows(source, segments), 'utf8'));
      if (k % 3 === 2) got.push(out.take());
    }
    got.push(out.take());
    expect(out.total).toBe(Buffer.concat(want).length);
    expect(Buffer.concat(got).equals(Buffer.concat(want))).toBe(true);
  });
});
