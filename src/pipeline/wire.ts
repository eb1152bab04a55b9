/**
 * A prepared source (source-job.ts) as it is sent to the worker thread that finishes it.
 * Structured cloning copies every segment object field by field (≈ 200,000 of them for a
 * 34 MB corpus: a third of a second on each side), so the segments go as typed arrays and a
 * few strings instead, and are made again on the other side, equal field for field and in
 * the same key order as segmentSource makes them (tested). Only segments of the shapes
 * segmentSource gives a turn without meta (with or without a time stamp), whose text is the
 * slice of the source's text at their offsets, are packed; a source with any other segment
 * (observation notes, a text with characters outside the BMP) sends its segments as they are.
 * (One time-stamped turn used to send the whole source unpacked: the realistic bench corpus has
 * one in every file, and posting its segments as objects cost the calling thread 0.15 s.)
 */
import type { Coding, Segment, Unit } from '../model/types.js';
import { hasSurrogates, knownWithoutSurrogates } from '../model/codepoints.js';
import { idsAsMade, noteIdsAsMade } from '../model/segments-as-made.js';
import { StringTable } from '../model/string-table.js';
import type { PreparedSource } from './source-job.js';

/**
 * V8 compiles typed-array code on the assumption that no ArrayBuffer of the thread has ever
 * been detached (transferred), and throws all such code away to compile it again when the first
 * one is: each thread did so at its first posted source, after its hottest functions (the
 * language guess, the scanner) had been compiled. One empty buffer is transferred when this
 * module loads (in the calling thread and in each worker), before anything is hot.
 */
{
  const ab = new ArrayBuffer(0);
  structuredClone(ab, { transfer: [ab] });
}

/** Segments as numbers: per segment start, end, line, turn, speaker (index into `speakers`, −1: null), role (index into `roles`). */
export interface PackedSegments {
  readonly n: number;
  readonly unit: Unit;
  readonly nums: Int32Array;
  readonly speakers: string[];
  readonly roles: string[];
  /** Per segment the time stamp's start and end (NaN: none; a start of NaN: no `time`), when any segment has one. */
  readonly times?: Float64Array;
}

/**
 * The codings of a source's inline markers as numbers: per coding its segment's index, start,
 * end and the indices of its code, coder, marker text and memo (−1: none) in `strs`.
 */
export interface PackedMarkerCodings {
  readonly n: number;
  readonly nums: Int32Array;
  readonly strs: string[];
}

/** What is posted: the prepared source without its segments, and the segments packed (or as they are); its markers' codings likewise. */
export interface WirePrepared {
  readonly p: PreparedSource;
  readonly packed?: PackedSegments;
  readonly markerCodings?: PackedMarkerCodings;
}

/** The keys of a packable segment, in segmentSource's order. */
const KEYS = ['id', 'sourceId', 'index', 'unit', 'speaker', 'role', 'start', 'end', 'text', 'line', 'turn'] as const;
const STRIDE = 6;

const isInt = (x: unknown): x is number => typeof x === 'number' && (x | 0) === x;

/** The same with a time stamp (segmentSource puts it after `end`). */
const TIMED_KEYS = ['id', 'sourceId', 'index', 'unit', 'speaker', 'role', 'start', 'end', 'time', 'text', 'line', 'turn'] as const;

/** Has `o` exactly the keys of `keys`, in that order? */
function keysAre(o: object, keys: readonly string[]): boolean {
  let i = 0;
  for (const k in o) {
    if (k !== keys[i]) return false;
    i++;
  }
  return i === keys.length;
}

/** A time stamp of the shape segmentSource gives: `{start}` or `{start, end}`, finite numbers. */
function plainTime(t: unknown): t is { start: number; end?: number } {
  if (typeof t !== 'object' || t === null) return false;
  const { start, end } = t as { start?: unknown; end?: unknown };
  if (typeof start !== 'number' || !Number.isFinite(start)) return false;
  if ('end' in t) return typeof end === 'number' && Number.isFinite(end) && keysAre(t, ['start', 'end']);
  return keysAre(t, ['start']);
}

/** The segments packed, or undefined when one of them is not of the packable shape. */
export function packSegments(sourceId: string, text: string, segments: readonly Segment[]): PackedSegments | undefined {
  const n = segments.length;
  if (n === 0 || hasSurrogates(text)) return undefined;
  const unit = segments[0].unit;
  // (segmentSource's arrays: their ids are `${sourceId}#${index}` without reading them)
  const idsKnown = idsAsMade(segments) && segments[0].sourceId === sourceId;
  const nums = new Int32Array(n * STRIDE);
  const speakers = new StringTable();
  const roles = new StringTable();
  let times: Float64Array | undefined;
  for (let i = 0; i < n; i++) {
    const g = segments[i];
    const { start, end, line, turn, speaker, role } = g;
    if (
      g.index !== i ||
      g.sourceId !== sourceId ||
      g.unit !== unit ||
      !isInt(start) ||
      !isInt(end) ||
      !isInt(line) ||
      !isInt(turn) ||
      start < 0 ||
      end < start ||
      end > text.length ||
      typeof role !== 'string' ||
      (speaker !== null && typeof speaker !== 'string') ||
      (!idsKnown && g.id !== `${sourceId}#${i}`) ||
      g.text !== text.slice(start, end) ||
      !(g.time === undefined ? keysAre(g, KEYS) : plainTime(g.time) && keysAre(g, TIMED_KEYS))
    )
      return undefined;
    if (g.time !== undefined) {
      times ??= new Float64Array(n * 2).fill(NaN);
      times[2 * i] = g.time.start;
      if (g.time.end !== undefined) times[2 * i + 1] = g.time.end;
    }
    const who = speaker === null ? -1 : speakers.of(speaker);
    const r = roles.of(role);
    const o = i * STRIDE;
    nums[o] = start;
    nums[o + 1] = end;
    nums[o + 2] = line;
    nums[o + 3] = turn;
    nums[o + 4] = who;
    nums[o + 5] = r;
  }
  return times ? { n, unit, nums, speakers: speakers.strings, roles: roles.strings, times } : { n, unit, nums, speakers: speakers.strings, roles: roles.strings };
}

/** The time stamp of segment `i`, or undefined. */
function timeAt(times: Float64Array, i: number): { start: number; end?: number } | undefined {
  const start = times[2 * i];
  if (Number.isNaN(start)) return undefined;
  const end = times[2 * i + 1];
  return Number.isNaN(end) ? { start } : { start, end };
}

/** The segments of a packed source again (as segmentSource made them). */
export function unpackSegments(sourceId: string, text: string, s: PackedSegments): Segment[] {
  const out: Segment[] = new Array(s.n);
  const nums = s.nums;
  const unit = s.unit;
  const times = s.times;
  for (let index = 0; index < s.n; index++) {
    const o = index * STRIDE;
    const start = nums[o];
    const end = nums[o + 1];
    const who = nums[o + 4];
    const time = times && timeAt(times, index);
    const id = `${sourceId}#${index}`;
    const speaker = who < 0 ? null : s.speakers[who];
    const role = s.roles[nums[o + 5]] as Segment['role'];
    const segText = text.slice(start, end);
    const line = nums[o + 2];
    const turn = nums[o + 3];
    // (object literals in segmentSource's key order: a time stamp after `end`)
    out[index] = time ? { id, sourceId, index, unit, speaker, role, start, end, time, text: segText, line, turn } : { id, sourceId, index, unit, speaker, role, start, end, text: segText, line, turn };
  }
  noteIdsAsMade(out);
  return out;
}

/** The keys of a marker's coding as extractHumanCodings makes it (pushCodings), in that order. */
const MARKER_KEYS = ['id', 'sourceId', 'segmentId', 'start', 'end', 'code', 'coder', 'score', 'evidence'] as const;
/** The same with a memo (`{{code | memo}}`). */
const MEMO_KEYS = [...MARKER_KEYS, 'memo'] as const;
const M_STRIDE = 7;

/**
 * A source's marker codings packed (structured cloning copies each object and its evidence
 * field by field, ≈ 60 µs a source on each side), or undefined when one of them is not of the
 * plain shape: a coding in a segment of `segments` with score 1, evidence `{marker}`, the id
 * `segment:code:coder:start` and perhaps a memo, nothing else (a label, links: sent as they are).
 */
export function packMarkerCodings(sourceId: string, segments: readonly Segment[], codings: readonly Coding[]): PackedMarkerCodings | undefined {
  const n = codings.length;
  if (n === 0) return undefined;
  const prefix = sourceId + '#';
  const nums = new Int32Array(n * M_STRIDE);
  const strs = new StringTable();
  for (let i = 0; i < n; i++) {
    const c = codings[i];
    const { segmentId, start, end, code, coder, evidence, memo } = c;
    if (c.sourceId !== sourceId || typeof segmentId !== 'string' || !segmentId.startsWith(prefix) || !isInt(start) || !isInt(end) || typeof code !== 'string' || typeof coder !== 'string' || c.score !== 1) return undefined;
    if (!(memo === undefined ? keysAre(c, MARKER_KEYS) : typeof memo === 'string' && keysAre(c, MEMO_KEYS)) || typeof evidence !== 'object' || evidence === null || !keysAre(evidence, ['marker']) || typeof evidence.marker !== 'string') return undefined;
    const k = Number(segmentId.slice(prefix.length));
    if (!(k >= 0 && k < segments.length && segments[k].id === segmentId) || c.id !== `${segmentId}:${code}:${coder}:${start}`) return undefined;
    const o = i * M_STRIDE;
    nums[o] = k;
    nums[o + 1] = start;
    nums[o + 2] = end;
    nums[o + 3] = strs.of(code);
    nums[o + 4] = strs.of(coder);
    nums[o + 5] = strs.of(evidence.marker);
    nums[o + 6] = memo === undefined ? -1 : strs.of(memo);
  }
  return { n, nums, strs: strs.strings };
}

/** The marker codings again (as extractHumanCodings made them), in the segments made again. */
export function unpackMarkerCodings(sourceId: string, segments: readonly Segment[], m: PackedMarkerCodings): Coding[] {
  const out: Coding[] = new Array(m.n);
  const { nums, strs } = m;
  for (let i = 0; i < m.n; i++) {
    const o = i * M_STRIDE;
    const segmentId = segments[nums[o]].id;
    const start = nums[o + 1];
    const code = strs[nums[o + 3]];
    const coder = strs[nums[o + 4]];
    const id = `${segmentId}:${code}:${coder}:${start}`;
    const evidence = { marker: strs[nums[o + 5]] };
    const memo = nums[o + 6];
    out[i] = memo < 0 ? { id, sourceId, segmentId, start, end: nums[o + 2], code, coder, score: 1, evidence } : { id, sourceId, segmentId, start, end: nums[o + 2], code, coder, score: 1, evidence, memo: strs[memo] };
  }
  return out;
}

/** A prepared source ready to post (the typed arrays moved, not copied: see `wireTransfer`). */
export function toWire(p: PreparedSource): WirePrepared {
  const packed = packSegments(p.source.id, p.source.text, p.segments);
  if (!packed) return { p };
  const markerCodings = p.inline ? packMarkerCodings(p.source.id, p.segments, p.inline.codings) : undefined;
  if (!markerCodings) return { p: { ...p, segments: [] }, packed };
  return { p: { ...p, segments: [], inline: { ...p.inline!, codings: [] } }, packed, markerCodings };
}

/** The buffers `toWire`'s result can move to the other thread. */
export function wireTransfer(w: WirePrepared): ArrayBuffer[] {
  if (!w.packed) return [];
  const out = [w.packed.nums.buffer as ArrayBuffer];
  if (w.packed.times) out.push(w.packed.times.buffer as ArrayBuffer);
  if (w.markerCodings) out.push(w.markerCodings.nums.buffer as ArrayBuffer);
  return out;
}

export function fromWire(w: WirePrepared): PreparedSource {
  if (!w.packed) return w.p;
  // (a packed source's text has no surrogates, packSegments checked: this thread's stages,
  // coders and writer, do not search it again)
  knownWithoutSurrogates(w.p.source.text);
  const segments = unpackSegments(w.p.source.id, w.p.source.text, w.packed);
  if (!w.markerCodings) return { ...w.p, segments };
  return { ...w.p, segments, inline: { ...w.p.inline!, codings: unpackMarkerCodings(w.p.source.id, segments, w.markerCodings) } };
}
