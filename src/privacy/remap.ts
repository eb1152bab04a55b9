import type { CodingsDocument, Coding, Segment, Source, Match } from '../model/types.js';
import { countBelow, cpLength, cpSlice } from '../model/codepoints.js';
import type { Edit } from './pseudonymise.js';

/**
 * Carry code-point offsets through replacement edits (sorted, non-overlapping,
 * over the old text). A span boundary inside a replaced identifier moves to
 * the edge of the replacement that keeps the span covering it: a start to the
 * replacement's start, an end to its end.
 */
export function makeOffsetMapper(edits: readonly Edit[]): (offset: number, side: 'start' | 'end') => number {
  const starts = edits.map((e) => e.start);
  const cum: number[] = []; // cumulative delta after edit i
  let d = 0;
  for (const e of edits) {
    d += cpLength(e.replacement) - (e.end - e.start);
    cum.push(d);
  }
  return (o, side) => {
    // last edit with start < o
    const i = countBelow(starts, o) - 1;
    if (i < 0) return o;
    const e = edits[i];
    const before = i > 0 ? cum[i - 1] : 0;
    if (o < e.end) {
      const newStart = e.start + before;
      return side === 'start' ? newStart : newStart + cpLength(e.replacement);
    }
    return o + cum[i];
  };
}

export interface RemapInput {
  readonly text: string;
  readonly edits: readonly Edit[];
  /** New path of the source (relative, forward slashes), when written elsewhere. */
  readonly path?: string;
  readonly sha256?: string;
}

/**
 * A codings document over the pseudonymised texts: every source's text, every
 * segment and coding offset (and evidence match) carried through its edits.
 * `clean` pseudonymises free text (speaker labels, memos) with the same key.
 */
export function remapCodings(doc: CodingsDocument, bySource: ReadonlyMap<string, RemapInput>, clean: (s: string) => string): CodingsDocument {
  const mappers = new Map<string, ReturnType<typeof makeOffsetMapper>>();
  const texts = new Map<string, string>();
  const sources: Source[] = doc.sources.map((s) => {
    const r = bySource.get(s.id);
    if (!r) return s;
    mappers.set(s.id, makeOffsetMapper(r.edits));
    texts.set(s.id, r.text);
    return { ...s, text: r.text, length: cpLength(r.text), ...(r.path ? { path: r.path } : {}), ...(r.sha256 ? { sha256: r.sha256 } : {}) };
  });
  const span = <T extends { sourceId: string; start: number; end: number }>(x: T): T => {
    const m = mappers.get(x.sourceId);
    if (!m) return x;
    return { ...x, start: m(x.start, 'start'), end: Math.max(m(x.start, 'start'), m(x.end, 'end')) };
  };
  const segments: Segment[] = doc.segments.map((s) => {
    const n = span(s);
    const t = texts.get(s.sourceId);
    return { ...n, ...(t !== undefined ? { text: cpSlice(t, n.start, n.end) } : {}), speaker: s.speaker === null ? null : clean(s.speaker) };
  });
  const codings: Coding[] = doc.codings.map((c) => {
    const n = span(c);
    const m = mappers.get(c.sourceId);
    const t = texts.get(c.sourceId);
    let evidence = c.evidence;
    if (evidence?.matches && m && t !== undefined) {
      const matches: Match[] = evidence.matches.map((x) => {
        const s = m(x.start, 'start');
        const e = Math.max(s, m(x.end, 'end'));
        return { start: s, end: e, term: cpSlice(t, s, e) };
      });
      evidence = { ...evidence, matches };
    }
    return { ...n, ...(evidence ? { evidence } : {}), ...(c.memo ? { memo: clean(c.memo) } : {}) };
  });
  return { ...doc, sources, segments, codings };
}
