import { noteIdsAsMade } from '../model/segments-as-made.js';
import type { Segment, Source, Unit } from '../model/types.js';
import { OffsetMap } from '../model/codepoints.js';
import { knownLines, parseBlocks, type Block } from './parse-blocks.js';
import { transcriptTurns } from './read-turns.js';
import { DEFAULT_INTERVIEWERS, roleOf } from './roles.js';
import { isSpaceCode } from '../model/page-debris.js';

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

/**
 * The heading lines a .docx/.odt source's reader found after turns (`meta.headingLines`, kept by
 * the reader only when a heading ended a turn), for reading it again without its blocks.
 */
export function headingLinesOf(source: Source): readonly number[] | undefined {
  const h = source.meta?.headingLines;
  return Array.isArray(h) && h.every((x) => typeof x === 'number') ? (h as number[]) : undefined;
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
  // (without the reader's blocks, a transcript is read as the reader reads it: pipe tables, labels in lower case or with a full stop)
  const known = opts.blocks ? undefined : [...interviewers, ...observers, ...(opts.knownSpeakers ?? [])];
  const blocks =
    opts.blocks ??
    (source.kind === 'transcript' && source.format !== 'vtt' && source.format !== 'srt'
      ? transcriptTurns(source.text, known!, source.format === 'md', headingLinesOf(source)).parsed.blocks
      : parseBlocks(source.text, source.kind, { knownSpeakers: known, markdown: source.format === 'md' }).blocks);
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
    let ranges = splitParagraphs(text, u0, u1);
    if (unit !== 'paragraph') {
      // (the sentences of each paragraph, in one array: no array per paragraph flattened)
      const sentences: Array<[number, number]> = [];
      for (let p = 0; p < ranges.length; p++) {
        const ss = splitSentences(text, ranges[p][0], ranges[p][1]);
        for (let k = 0; k < ss.length; k++) sentences.push(ss[k]);
      }
      ranges = sentences;
    }
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
  // (isSpaceCode: the characters \s matches, by char code)
  while (a < z && isSpaceCode(text.charCodeAt(a))) a++;
  while (z > a && isSpaceCode(text.charCodeAt(z - 1))) z--;
  return z > a ? [a, z] : undefined;
}

/** Split a UTF-16 range at blank lines (trimmed, non-empty parts). */
export function splitParagraphs(text: string, from: number, to: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  // (a blank line needs two LFs in the range: a range of one or two lines, most turns, is one paragraph)
  const nl = text.indexOf('\n', from);
  const nl2 = nl === -1 || nl >= to ? -1 : text.indexOf('\n', nl + 1);
  if (nl2 === -1 || nl2 >= to) {
    const r = trimRange(text, from, to);
    if (r) out.push(r);
    return out;
  }
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

/** The longest abbreviation: a longer word is none (lower case never makes a word shorter). */
const ABBREVIATION_MAX = [...ABBREVIATIONS].reduce((m, a) => Math.max(m, a.length), 0);

/** `.`, `!`, `?`, `…`: the characters a sentence ends with. */
const isStop = (c: number): boolean => c === 46 || c === 33 || c === 63 || c === 0x2026;

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
    const punct = m[0];
    const punctEnd = m.index + punct.length;
    // next non-space (by char codes: isSpaceCode is \s)
    let k = punctEnd;
    while (k < part.length && isSpaceCode(part.charCodeAt(k))) k++;
    if (k >= part.length) break;
    // (a lower-case letter: a-z among ASCII, else as \p{Ll} says)
    const c = part.charCodeAt(k);
    if (c < 128 ? c >= 97 && c <= 122 : /\p{Ll}/u.test(part[k])) continue;
    // (one dot, then only closing quotes or brackets: the match's second character is no stop)
    if (punct.charCodeAt(0) === 46 && !isStop(punct.charCodeAt(1))) {
      // single dot: abbreviation or initial?
      let w = m.index;
      while (w > 0 && !isSpaceCode(part.charCodeAt(w - 1)) && part.charCodeAt(w - 1) !== 40) w--;
      const n = m.index - w;
      // (the word is made only when it can be one of them: short enough, or with a dot inside)
      if (n <= ABBREVIATION_MAX) {
        const lw = part.slice(w, m.index).toLowerCase();
        if (ABBREVIATIONS.has(lw) && !ENDS_OK.has(lw)) continue;
      }
      if (n <= 2 && /^\p{Lu}$/u.test(part.slice(w, m.index))) continue; // initial
      const dot = part.indexOf('.', w);
      if (dot !== -1 && dot < m.index && /^(\p{L}{1,3}\.)+\p{L}{1,3}$/u.test(part.slice(w, m.index))) continue; // o.a, d.w.z, e.g, i.e, m.b.t
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
        while (j < part.length && (part.charCodeAt(j) === 32 || part.charCodeAt(j) === 9)) j++;
        continue;
      }
      // (a `Code:` line starts with c or C)
      if ((part.charCodeAt(j) | 32) === 99 && /^codes?[ \t]?:[ \t]/i.test(part.slice(j, j + 8))) {
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
