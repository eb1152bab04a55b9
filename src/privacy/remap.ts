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

/** How scrubCodings rewrites strings: each with the same key. */
export interface Scrubbers {
  /** Free text with detection (attribute values, front matter, segment text of sources without text). */
  readonly free: (s: string) => string;
  /** Only what is known (labels, memos, evidence, codebook texts, provenance). */
  readonly known: (s: string) => string;
  /** Ids, cases, file names and paths: known names in any letter case. */
  readonly name: (s: string) => string;
  /** Sources whose text (and so every offset-bound string) remapCodings already rewrote. */
  readonly hasText: ReadonlySet<string>;
}

const ID_KEYS = new Set(['id', 'sourceId', 'segmentId', 'source', 'segment', 'case', 'path', 'file', 'files']);
/** Keys whose values are references into a codebook or hashes: left as they are. */
const KEEP_KEYS = new Set(['code', 'parent', 'codes', 'sha256', 'originalCode', 'decision', 'coder', 'kind', 'format', 'encoding', 'role', 'unit', 'language', 'store']);

function deep(v: unknown, f: Scrubbers, key?: string): unknown {
  if (typeof v === 'string') {
    if (key && KEEP_KEYS.has(key)) return v;
    if ((key && ID_KEYS.has(key)) || /[\\/]|\.[A-Za-z0-9]{1,5}$/.test(v)) return f.name(v);
    return f.known(v);
  }
  if (Array.isArray(v)) return v.map((x) => deep(x, f, key));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, deep(x, f, k)]));
  return v;
}

function deepFree(v: unknown, f: Scrubbers): unknown {
  if (typeof v === 'string') return f.free(v);
  if (Array.isArray(v)) return v.map((x) => deepFree(x, f));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, deepFree(x, f)]));
  return v;
}

/**
 * After remapCodings: every other string of the document through the same key, so that no
 * original survives outside the texts — ids, cases and paths (file names), attribute values and
 * front matter (observer, participants), speakers, memos, evidence terms and features, segment
 * texts of sources without text (a flat codings CSV), provenance and whatever else the
 * document holds. Ids are rewritten everywhere alike, so references stay intact.
 */
export function scrubCodings(doc: CodingsDocument, f: Scrubbers): CodingsDocument {
  const id = (x: string) => f.name(x);
  const sources: Source[] = doc.sources.map((s) => ({
    ...(deep({ ...s, text: undefined, attributes: undefined, meta: undefined }, f) as Source),
    id: id(s.id),
    case: id(s.case),
    path: id(s.path),
    text: f.hasText.has(s.id) ? s.text : f.free(s.text ?? ''),
    sha256: s.sha256,
    attributes: Object.fromEntries(Object.entries(s.attributes ?? {}).map(([k, v]) => [k, typeof v === 'string' ? f.free(v) : v])) as Source['attributes'],
    ...(s.meta ? { meta: deepFree(s.meta, f) as Source['meta'] } : {}),
  }));
  const segments: Segment[] = doc.segments.map((g) => ({
    ...(deep({ ...g, text: undefined }, f) as Segment),
    id: id(g.id),
    sourceId: id(g.sourceId),
    speaker: g.speaker === null ? null : f.known(g.speaker),
    text: f.hasText.has(g.sourceId) ? g.text : f.free(g.text ?? ''),
  }));
  const codings: Coding[] = doc.codings.map((c) => {
    const ev = c.evidence;
    const evidence = ev
      ? {
          ...(deep({ ...ev, matches: undefined }, f) as NonNullable<Coding['evidence']>),
          ...(ev.matches ? { matches: f.hasText.has(c.sourceId) ? ev.matches : ev.matches.map((m) => ({ ...m, term: f.known(m.term) })) } : {}),
        }
      : undefined;
    return {
      ...(deep({ ...c, evidence: undefined }, f) as Coding),
      sourceId: id(c.sourceId),
      ...(c.segmentId ? { segmentId: id(c.segmentId) } : {}),
      ...(evidence ? { evidence } : {}),
    };
  });
  const rest = deep({ ...doc, sources: undefined, segments: undefined, codings: undefined }, f) as Record<string, unknown>;
  // code and codebook ids are what codings refer to: kept as they are (a name in one is found by anonymize's final check)
  for (const k of ['codes', 'codebooks'] as const) {
    const orig = (doc as unknown as Record<string, unknown>)[k];
    const now = rest[k];
    if (Array.isArray(orig) && Array.isArray(now)) now.forEach((x, i) => x && typeof x === 'object' && 'id' in x && ((x as Record<string, unknown>).id = (orig[i] as Record<string, unknown>).id));
  }
  const out = { ...rest, sources, segments, codings } as Record<string, unknown>;
  // (undefined keys from the spreads above are dropped by JSON.stringify; keep the object clean anyway)
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out as unknown as CodingsDocument;
}
