/**
 * A prepared source (source-job.ts) as it is sent to the worker thread that finishes it.
 * Structured cloning copies every segment object field by field (≈ 200,000 of them for a
 * 34 MB corpus: a third of a second on each side), so the segments go as typed arrays and a
 * few strings instead, and are made again on the other side, equal field for field and in
 * the same key order as segmentSource makes them (tested). Only segments of the one shape
 * segmentSource gives a turn without time or meta, whose text is the slice of the source's
 * text at their offsets, are packed; a source with any other segment (subtitles, observation
 * notes, a text with characters outside the BMP) sends its segments as they are.
 */
import type { Segment, Unit } from '../model/types.js';
import { hasSurrogates, knownWithoutSurrogates } from '../model/codepoints.js';
import type { PreparedSource } from './source-job.js';

/** Segments as numbers: per segment start, end, line, turn, speaker (index into `speakers`, −1: null), role (index into `roles`). */
export interface PackedSegments {
  readonly n: number;
  readonly unit: Unit;
  readonly nums: Int32Array;
  readonly speakers: string[];
  readonly roles: string[];
}

/** What is posted: the prepared source without its segments, and the segments packed (or as they are). */
export interface WirePrepared {
  readonly p: PreparedSource;
  readonly packed?: PackedSegments;
}

/** The keys of a packable segment, in segmentSource's order. */
const KEYS = ['id', 'sourceId', 'index', 'unit', 'speaker', 'role', 'start', 'end', 'text', 'line', 'turn'] as const;
const STRIDE = 6;

const isInt = (x: unknown): x is number => typeof x === 'number' && (x | 0) === x;

/** Has the segment exactly the keys of KEYS, in that order? */
function plainKeys(g: Segment): boolean {
  let i = 0;
  for (const k in g) {
    if (k !== KEYS[i]) return false;
    i++;
  }
  return i === KEYS.length;
}

/** The segments packed, or undefined when one of them is not of the packable shape. */
export function packSegments(sourceId: string, text: string, segments: readonly Segment[]): PackedSegments | undefined {
  const n = segments.length;
  if (n === 0 || hasSurrogates(text)) return undefined;
  const unit = segments[0].unit;
  const nums = new Int32Array(n * STRIDE);
  const speakers: string[] = [];
  const speakerAt = new Map<string, number>();
  const roles: string[] = [];
  const roleAt = new Map<string, number>();
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
      g.id !== `${sourceId}#${i}` ||
      g.text !== text.slice(start, end) ||
      !plainKeys(g)
    )
      return undefined;
    let who = -1;
    if (speaker !== null) {
      who = speakerAt.get(speaker) ?? -1;
      if (who < 0) {
        who = speakers.length;
        speakers.push(speaker);
        speakerAt.set(speaker, who);
      }
    }
    let r = roleAt.get(role);
    if (r === undefined) {
      r = roles.length;
      roles.push(role);
      roleAt.set(role, r);
    }
    const o = i * STRIDE;
    nums[o] = start;
    nums[o + 1] = end;
    nums[o + 2] = line;
    nums[o + 3] = turn;
    nums[o + 4] = who;
    nums[o + 5] = r;
  }
  return { n, unit, nums, speakers, roles };
}

/** The segments of a packed source again (as segmentSource made them). */
export function unpackSegments(sourceId: string, text: string, s: PackedSegments): Segment[] {
  const out: Segment[] = new Array(s.n);
  const nums = s.nums;
  const unit = s.unit;
  for (let index = 0; index < s.n; index++) {
    const o = index * STRIDE;
    const start = nums[o];
    const end = nums[o + 1];
    const who = nums[o + 4];
    out[index] = {
      id: `${sourceId}#${index}`,
      sourceId,
      index,
      unit,
      speaker: who < 0 ? null : s.speakers[who],
      role: s.roles[nums[o + 5]] as Segment['role'],
      start,
      end,
      text: text.slice(start, end),
      line: nums[o + 2],
      turn: nums[o + 3],
    };
  }
  return out;
}

/** A prepared source ready to post (the typed array moved, not copied: see `wireTransfer`). */
export function toWire(p: PreparedSource): WirePrepared {
  const packed = packSegments(p.source.id, p.source.text, p.segments);
  return packed ? { p: { ...p, segments: [] }, packed } : { p };
}

/** The buffers `toWire`'s result can move to the other thread. */
export function wireTransfer(w: WirePrepared): ArrayBuffer[] {
  return w.packed ? [w.packed.nums.buffer as ArrayBuffer] : [];
}

export function fromWire(w: WirePrepared): PreparedSource {
  if (!w.packed) return w.p;
  // (a packed source's text has no surrogates, packSegments checked: this thread's stages,
  // coders and writer, do not search it again)
  knownWithoutSurrogates(w.p.source.text);
  return { ...w.p, segments: unpackSegments(w.p.source.id, w.p.source.text, w.packed) };
}
