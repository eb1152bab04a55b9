/**
 * Segments sent to the worker that finishes a source (wire.ts) come back equal field for
 * field and in the same key order as segmentSource made them; anything not of the packable
 * shape is sent as it is.
 */
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSource } from '../../src/ingest/read-source.js';
import { segmentSource } from '../../src/ingest/segment.js';
import type { Segment, Source, Unit } from '../../src/model/types.js';
import { fromWire, packMarkerCodings, packSegments, toWire, unpackMarkerCodings, unpackSegments } from '../../src/pipeline/wire.js';
import { readInlineCodings } from '../../src/coding/code-corpus.js';
import { readCodebook } from '../../src/ingest/read-codebook.js';
import type { Coding } from '../../src/model/types.js';
import { idsAsMade } from '../../src/model/segments-as-made.js';
import type { PreparedSource } from '../../src/pipeline/source-job.js';

const samples = join(__dirname, '../../samples');

/** The sample transcripts and notes (every folder), read as the pipeline reads them. */
async function sampleSources(): Promise<Array<{ source: Source; blocks: unknown; r: Awaited<ReturnType<typeof readSource>> }>> {
  const out: Array<{ source: Source; blocks: unknown; r: Awaited<ReturnType<typeof readSource>> }> = [];
  const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : /\.(txt|md)$/.test(e.name) ? [join(d, e.name)] : []));
  for (const f of walk(samples)) {
    const r = await readSource(f, { cwd: samples, fromFolder: true, report: () => {} });
    if (r) out.push({ source: r.source, blocks: r.blocks, r });
  }
  return out;
}

const same = (a: readonly Segment[], b: readonly Segment[]) => {
  expect(b).toEqual(a);
  expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  b.forEach((g, i) => expect(Object.keys(g)).toEqual(Object.keys(a[i])));
};

describe('segments on the wire to a worker', () => {
  it('the samples at every unit: packed, and unpacked equal in value and key order', async () => {
    const list = await sampleSources();
    expect(list.length).toBeGreaterThanOrEqual(12);
    let packed = 0;
    for (const { source } of list) {
      for (const unit of ['turn', 'sentence', 'paragraph'] as Unit[]) {
        const segs = segmentSource(source, unit);
        const p = packSegments(source.id, source.text, segs);
        if (p) {
          packed++;
          const back = unpackSegments(source.id, source.text, p);
          same(segs, back);
          // (made again with the ids `${sourceId}#${index}`: noted so, for the writers)
          expect(idsAsMade(back)).toBe(true);
        }
        const prep: PreparedSource = { k: 0, diagnostics: [], id0: source.id, source, segments: segs };
        const back = fromWire(structuredClone(toWire(prep)));
        same(segs, back.segments);
        expect(back.source).toEqual(source);
      }
    }
    // (most samples are plain transcripts: they go packed)
    expect(packed).toBeGreaterThan(list.length);
  });

  it('awkward texts (CRLF, tabs, empty turns, labels only, no speakers, long lines) round-trip', () => {
    const texts = [
      'Interviewer: Hoe?\r\n\r\nRespondent: Goed.\r\nEn verder\tniets.\r\n',
      'Respondent:\n\nInterviewer:\n\n',
      'Zomaar tekst zonder sprekers.\n\nNog een alinea. En een zin! Klaar?',
      'A: ' + 'woord '.repeat(20000) + '\nB: kort\n',
      '',
      '\n\n\n',
    ];
    for (const text of texts) {
      const source = { id: 's', path: 's.txt', text, kind: 'transcript', attributes: {} } as unknown as Source;
      for (const unit of ['turn', 'sentence', 'paragraph'] as Unit[]) {
        const segs = segmentSource(source, unit);
        const back = fromWire(structuredClone(toWire({ k: 0, diagnostics: [], id0: 's', source, segments: segs })));
        same(segs, back.segments);
      }
    }
  });

  it('time-stamped turns are packed, and come back with the same stamp and key order', () => {
    const text = '[00:00:04] Interviewer: Loopt hij?\n[00:01:30] Respondent: Ja, samenwerking.\nRespondent: Nog iets.\n';
    const source = { id: 's', path: 's.txt', text, kind: 'transcript', attributes: {} } as unknown as Source;
    for (const unit of ['turn', 'sentence', 'paragraph'] as Unit[]) {
      const segs = segmentSource(source, unit);
      expect(segs.some((g) => g.time)).toBe(true);
      const p = packSegments('s', text, segs);
      expect(p?.times).toBeDefined();
      same(segs, unpackSegments('s', text, p!));
      same(segs, fromWire(structuredClone(toWire({ k: 0, diagnostics: [], id0: 's', source, segments: segs }))).segments);
    }
    const [g] = segmentSource({ ...source, text: 'Respondent: goed.\n' } as Source, 'turn');
    for (const time of [{ start: 1.5, end: 3 }, { start: 0 }]) {
      const v = { id: g.id, sourceId: g.sourceId, index: 0, unit: g.unit, speaker: g.speaker, role: g.role, start: g.start, end: g.end, time, text: g.text, line: g.line, turn: g.turn } as Segment;
      same([v], unpackSegments('s', 'Respondent: goed.\n', packSegments('s', 'Respondent: goed.\n', [v])!));
    }
  });

  it('segments of another shape are not packed (time of another shape, meta, characters outside the BMP, text not the slice, id, index, key order, line)', () => {
    const text = 'Respondent: samenwerking is goed.\n';
    const source = { id: 's', path: 's.txt', text, kind: 'transcript', attributes: {} } as unknown as Source;
    const [g] = segmentSource(source, 'turn');
    expect(packSegments('s', text, [g])).toBeDefined();
    const variants: Array<Record<string, unknown>> = [
      { ...g, time: { start: 0, end: 1 } },
      { ...g, time: { end: 1, start: 0 } },
      { ...g, time: { start: '0' } },
      { ...g, time: { start: 0, end: undefined } },
      { ...g, time: { start: 0, label: 'x' } },
      { ...g, time: { start: Infinity } },
      { ...g, time: null },
      { ...g, meta: { block: 'description' } },
      { ...g, text: g.text + ' ' },
      { ...g, id: 's#x' },
      { ...g, index: 1 },
      { ...g, sourceId: 't' },
      { ...g, line: undefined },
      { ...g, line: 1.5 },
      { ...g, speaker: 7 },
      { ...g, end: text.length + 1 },
      { turn: g.turn, ...g },
      { ...g, extra: 1 },
    ];
    for (const v of variants) {
      expect(packSegments('s', text, [v as unknown as Segment]), JSON.stringify(v)).toBeUndefined();
      const prep = { k: 0, diagnostics: [], id0: 's', source, segments: [v as unknown as Segment] };
      expect(fromWire(structuredClone(toWire(prep))).segments).toEqual([v]);
    }
    const astral = 'Respondent: samenwerking 😀 is goed.\n';
    const src2 = { ...source, text: astral } as Source;
    expect(packSegments('s', astral, segmentSource(src2, 'turn'))).toBeUndefined();
  });

  it("the codings of a source's markers go packed and come back equal in value and key order; others as they are", async () => {
    const books = await Promise.all(['coordination-collaboration', 'kaats-opheij'].map((id) => readCodebook(id, { cwd: samples })));
    let packedSources = 0;
    let codings = 0;
    for (const { source } of await sampleSources()) {
      const segs = segmentSource(source, 'turn');
      const inline = readInlineCodings({ sources: [source], segments: segs }, books);
      const prep: PreparedSource = { k: 0, diagnostics: [], id0: source.id, source, segments: segs, inline: { codings: inline.codings, extraCodes: inline.extraCodes } };
      const wire = toWire(prep);
      if (wire.markerCodings) {
        packedSources++;
        codings += inline.codings.length;
      }
      const back = fromWire(structuredClone(wire));
      expect(back.inline).toEqual(prep.inline);
      expect(JSON.stringify(back.inline)).toBe(JSON.stringify(prep.inline));
      back.inline!.codings.forEach((c, i) => {
        expect(Object.keys(c)).toEqual(Object.keys(inline.codings[i]));
        expect(Object.keys(c.evidence ?? {})).toEqual(Object.keys(inline.codings[i].evidence ?? {}));
      });
    }
    // (the samples with {{…}} markers and Code: lines)
    expect(packedSources).toBeGreaterThanOrEqual(2);
    expect(codings).toBeGreaterThan(10);
  });

  it('marker codings of another shape are not packed (label, links, another score, id, segment, key order, a memo not a string)', () => {
    const text = 'Interviewer: Hoe?\nAnna: Samenwerking met de wijkagent. {{samenwerking}}\n';
    const source = { id: 's', path: 's.txt', text, kind: 'transcript', attributes: {} } as unknown as Source;
    const segs = segmentSource(source, 'turn');
    const g = segs[1];
    const c: Coding = { id: `${g.id}:samenwerking:human:${g.start}`, sourceId: 's', segmentId: g.id, start: g.start, end: g.end, code: 'samenwerking', coder: 'human', score: 1, evidence: { marker: '{{samenwerking}}' } };
    const p = packMarkerCodings('s', segs, [c]);
    expect(p).toBeDefined();
    expect(unpackMarkerCodings('s', segs, p!)).toEqual([c]);
    const withMemo = { ...c, memo: 'onuitgesproken verwachting' };
    const pm = packMarkerCodings('s', segs, [withMemo]);
    expect(pm).toBeDefined();
    expect(JSON.stringify(unpackMarkerCodings('s', segs, pm!))).toBe(JSON.stringify([withMemo]));
    const variants: Array<Record<string, unknown>> = [
      { ...c, memo: 7 },
      { ...c, memo: undefined },
      { ...c, ref: 'a' },
      { ...c, links: [] },
      { ...c, score: 0.5 },
      { ...c, id: c.id + '#2' },
      { ...c, segmentId: 's#7' },
      { ...c, sourceId: 't' },
      { ...c, evidence: { marker: '{{x}}', extra: 1 } },
      { sourceId: 's', ...c },
    ];
    for (const v of variants) {
      expect(packMarkerCodings('s', segs, [v as unknown as Coding]), JSON.stringify(v)).toBeUndefined();
      const prep: PreparedSource = { k: 0, diagnostics: [], id0: 's', source, segments: segs, inline: { codings: [v as unknown as Coding], extraCodes: [] } };
      expect(fromWire(structuredClone(toWire(prep))).inline!.codings).toEqual([v]);
    }
  });
});
