import { noteIdsAsMade } from '../model/segments-as-made.js';
import type { Segment, Source, Unit } from '../model/types.js';
import { OffsetMap } from '../model/codepoints.js';
import { knownLines, parseBlocks, type Block } from './parse-blocks.js';
import { DEFAULT_INTERVIEWERS, roleOf } from './roles.js';

export interface SegmentOptions {
  /** Blocks (turns/paragraphs) found by the reader; parsed from `source.text` when absent. */
  readonly blocks?: readonly Block[];
  /** Interviewer labels; default DEFAULT_INTERVIEWERS. */
  readonly interviewers?: readonly string[];
  /** Observer names (observation notes). */
  readonly observers?: readonly string[];
  /** Further labels accepted as speakers when seen once (participants). */
  readonly knownSpeakers?: readonly string[];
}

/** What `segmentSource` is given besides the source: for a writer that goes through the segments without them (`eachSegment`). */
export interface SegmentPlan {
  readonly unit: Unit;
  readonly options: SegmentOptions;
}

/**
 * What each segment of `segmentSource` is made of, in order: its block (speaker, time, meta), role,
 * turn, the UTF-16 range [a, z) of its text in source.text, its code-point start and end, and its
 * line. (Its index is its position, its id `${source.id}#${index}`.)
 */
export type SegmentVisitor = (b: Block, role: Segment['role'], turn: number, a: number, z: number, start: number, end: number, line: number) => void;

/**
 * The segments `segmentSource` makes, given to `visit` one by one without making them (a table
 * writer needs their cells, not Segment objects).
 */
export function eachSegment(source: Source, unit: Unit, opts: SegmentOptions, visit: SegmentVisitor): void {
  const interviewers = opts.interviewers && opts.interviewers.length ? opts.interviewers : DEFAULT_INTERVIEWERS;
  const observers = opts.observers ?? (typeof source.meta?.observer === 'string' ? [source.meta.observer] : []);
  const blocks =
    opts.blocks ??
    parseBlocks(source.text, source.kind, { knownSpeakers: [...interviewers, ...observers, ...(opts.knownSpeakers ?? [])] }).blocks;
  const map = new OffsetMap(source.text);
  const text = source.text;
  const lineOf = lineCounter(text);
  // the role depends on the speaker label only: once per label, not per turn
  const roles = new Map<string | null, Segment['role']>();
  // (the roles of the last two speakers met: turns alternate, most find theirs here without a look-up)
  let s0: string | null | undefined;
  let r0: Segment['role'] = 'other';
  let s1: string | null | undefined;
  let r1: Segment['role'] = 'other';
  for (let turn = 0; turn < blocks.length; turn++) {
    const b = blocks[turn];
    const sp = b.speaker;
    let role: Segment['role'];
    if (sp === s0) role = r0;
    else {
      if (sp === s1) role = r1;
      else {
        let r = roles.get(sp);
        if (r === undefined) {
          r = roleOf(sp, { kind: source.kind, interviewers, observers });
          roles.set(sp, r);
        }
        role = r;
      }
      s1 = s0;
      r1 = r0;
      s0 = sp;
      r0 = role;
    }
    const u0 = map.toUtf16(b.start);
    const u1 = map.toUtf16(b.end);
    // (a turn is one range: no array of ranges made for it)
    if (unit === 'turn') {
      visit(b, role, turn, u0, u1, map.toCp(u0), map.toCp(u1), lineOf(u0));
      continue;
    }
    const ranges = unit === 'paragraph' ? splitParagraphs(text, u0, u1) : splitParagraphs(text, u0, u1).flatMap(([a, z]) => splitSentences(text, a, z));
    for (let r = 0; r < ranges.length; r++) {
      const a = ranges[r][0];
      const z = ranges[r][1];
      visit(b, role, turn, a, z, map.toCp(a), map.toCp(z), lineOf(a));
    }
  }
}

/**
 * Split a source into segments (pure).
 * - turn: one segment per speaker turn (documents, surveys: per paragraph/answer).
 * - paragraph: turns split at blank lines.
 * - sentence: turns split into sentences (Dutch/English abbreviations do not end one).
 * Segment spans never include the speaker label; `text === cpSlice(source.text, start, end)`.
 */
export function segmentSource(source: Source, unit: Unit, opts: SegmentOptions = {}): Segment[] {
  const text = source.text;
  const sourceId = source.id;
  const out: Segment[] = [];
  eachSegment(source, unit, opts, (b, role, turn, a, z, start, end, line) => {
    const index = out.length;
    const id = `${sourceId}#${index}`;
    // object literals without spreads (hot path; key order as before: time after end, meta last)
    const seg: { -readonly [K in keyof Segment]: Segment[K] } = b.time
      ? { id, sourceId, index, unit, speaker: b.speaker, role, start, end, time: b.time, text: text.slice(a, z), line, turn }
      : { id, sourceId, index, unit, speaker: b.speaker, role, start, end, text: text.slice(a, z), line, turn };
    if (b.meta) seg.meta = b.meta;
    out.push(seg);
  });
  // (its ids are `${source.id}#${index}`: see model/segments-as-made.ts)
  noteIdsAsMade(out);
  return out;
}

/**
 * 1-based line of a UTF-16 index (CR, LF and CRLF are breaks, as in LineIndex),
 * counting forward from the previous call: O(text) in total when the indices
 * ascend, as segments do (restarts from the top otherwise).
 */
function lineCounter(text: string): (at: number) => number {
  // (the lines parseBlocks found in this text, when it read it last: the line is the number of
  // line starts at or before `at`, found by walking them forward, the text not searched again)
  const known = knownLines(text);
  if (known !== undefined) {
    let k = 1;
    let last = 0;
    return (at: number): number => {
      if (at < last) k = 1;
      while (k < known.length && known[k].start <= at) k++;
      last = at;
      return k;
    };
  }
  let pos = 0;
  let line = 1;
  // the next LF and the next CR at or after pos (-1: none), found with indexOf, so that many
  // segments on one long line do not rescan it (that would be quadratic). The line of `at` is
  // 1 + the LFs before it + the CRs before it not followed by an LF (a CRLF counts once, at its LF)
  let nextNl = text.indexOf('\n');
  let nextCr = text.indexOf('\r');
  return (at: number): number => {
    if (at < pos) {
      line = 1;
      nextNl = text.indexOf('\n');
      nextCr = text.indexOf('\r');
    }
    while (nextNl !== -1 && nextNl < at) {
      line++;
      nextNl = text.indexOf('\n', nextNl + 1);
    }
    while (nextCr !== -1 && nextCr < at) {
      if (text.charCodeAt(nextCr + 1) !== 10) line++;
      nextCr = text.indexOf('\r', nextCr + 1);
    }
    pos = at;
    return line;
  };
}

/** Trim whitespace of a UTF-16 range; undefined when empty. */
function trimRange(text: string, a: number, z: number): [number, number] | undefined {
  while (a < z && /\s/.test(text[a])) a++;
  while (z > a && /\s/.test(text[z - 1])) z--;
  return z > a ? [a, z] : undefined;
}

/** Split a UTF-16 range at blank lines (trimmed, non-empty parts). */
export function splitParagraphs(text: string, from: number, to: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const re = /\r?\n[ \t]*(?:\r?\n[ \t]*)+/g;
  const part = text.slice(from, to);
  let last = 0;
  for (let m = re.exec(part); m; m = re.exec(part)) {
    const r = trimRange(text, from + last, from + m.index);
    if (r) out.push(r);
    last = m.index + m[0].length;
  }
  const r = trimRange(text, from + last, to);
  if (r) out.push(r);
  return out;
}

/** Abbreviations (lower case, without the final dot) that do not end a sentence. */
const ABBREVIATIONS = new Set([
  'bijv', 'bv', 'vb', 'bijvb', 'evt', 'ca', 'circa', 'incl', 'excl', 'zgn', 'resp', 'jl', 'vlg', 'blz', 'nr', 'nrs', 'no', 'art', 'afd', 'gem',
  'mevr', 'mw', 'dhr', 'hr', 'mr', 'mrs', 'ms', 'dr', 'drs', 'ir', 'ing', 'prof', 'st', 'sr', 'jr', 'vs', 'fig', 'tel', 'p', 'pp', 'vgl', 'cf',
  'ong', 'enz', 'etc', 'e', 'i', 'o', 'a', 'm', 'd', 'z', 'n', 't', 'approx', 'dept', 'inc', 'ltd', 'eds', 'vol',
  'feb', 'mrt', 'apr', 'aug', 'sept', 'okt', 'oct', 'nov',
]);

/** Words whose final dot only ends a sentence before a capital when it is not one of these (enz./etc. usually end one). */
const ENDS_OK = new Set(['enz', 'etc']);

/**
 * Split a UTF-16 range (no blank lines inside) into sentences. A boundary is
 * `.`, `!`, `?` or `…` (plus closing quotes/brackets) followed by white space
 * and not by a lower-case letter; a dot after an abbreviation (bijv., o.a.,
 * Mevr., dhr., e.g., i.e.) or an initial (J. de Vries) is not a boundary.
 * Inline coding markers (`{{…}}`) and legacy `Code: …` lines right after a
 * sentence stay with that sentence.
 */
export function splitSentences(text: string, from: number, to: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const part = text.slice(from, to);
  const re = /[.!?…]+["'”’»)\]]*(?=\s)/gu;
  let start = 0;
  for (let m = re.exec(part); m; m = re.exec(part)) {
    const punctEnd = m.index + m[0].length;
    // next non-space
    let k = punctEnd;
    while (k < part.length && /\s/.test(part[k])) k++;
    if (k >= part.length) break;
    const next = part[k];
    if (/\p{Ll}/u.test(next)) continue;
    if (m[0][0] === '.' && m[0].replace(/["'”’»)\]]+$/, '') === '.') {
      // single dot: abbreviation or initial?
      let w = m.index;
      while (w > 0 && !/\s/.test(part[w - 1]) && part[w - 1] !== '(') w--;
      const word = part.slice(w, m.index);
      const lw = word.toLowerCase();
      if (ABBREVIATIONS.has(lw) && !ENDS_OK.has(lw)) continue;
      if (/^\p{Lu}$/u.test(word)) continue; // initial
      if (/^(\p{L}{1,3}\.)+\p{L}{1,3}$/u.test(word)) continue; // o.a, d.w.z, e.g, i.e, m.b.t
    }
    let end = punctEnd;
    // attach following markers {{…}} and a legacy "Code: …" line
    let j = k;
    for (;;) {
      if (part.startsWith('{{', j)) {
        const close = part.indexOf('}}', j);
        if (close === -1) break;
        end = close + 2;
        j = end;
        while (j < part.length && /[ \t]/.test(part[j])) j++;
        continue;
      }
      if (/^codes?[ \t]?:[ \t]/i.test(part.slice(j, j + 8))) {
        let e = j;
        while (e < part.length && part[e] !== '\n' && part[e] !== '\r') e++;
        end = e;
      }
      break;
    }
    const r = trimRange(text, from + start, from + end);
    if (r) out.push(r);
    start = end;
    re.lastIndex = Math.max(re.lastIndex, end);
  }
  const r = trimRange(text, from + start, to);
  if (r) out.push(r);
  return out;
}
