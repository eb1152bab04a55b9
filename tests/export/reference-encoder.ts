/**
 * The codings document's record encoder as it was before records were written as UTF-8 bytes
 * (main 6941630, model/codings-format.ts: string concatenation and JSON.stringify): the
 * reference the byte writer (encodeSourceUtf8, encodeSource) is compared with, byte for byte.
 * Test code only.
 */
/* eslint-disable */
import type { Coding, Evidence, Segment, Source, Unit } from '../../src/model/types.js';
import { OffsetMap, cpLength, hasSurrogates } from '../../src/model/codepoints.js';
import { CodingIds, type DocumentHead, type RuleIndex } from '../../src/model/codings-format.js';

class LineCounter {
  private pos = 0;
  private line = 1;
  /** Where the next LF and CR are at or after `pos` (-1: none left), found once each. */
  private nl = -2;
  private cr = -2;
  constructor(private readonly text: string) {}
  at(i: number): number {
    if (i < this.pos) {
      this.pos = 0;
      this.line = 1;
      this.nl = this.cr = -2;
    }
    const t = this.text;
    let p = this.pos;
    let line = this.line;
    const end = Math.min(i, t.length);
    for (;;) {
      if (this.nl !== -1 && this.nl < p) this.nl = t.indexOf('\n', p);
      if (this.cr !== -1 && this.cr < p) this.cr = t.indexOf('\r', p);
      const nl = this.nl;
      const cr = this.cr;
      const b = nl < 0 ? cr : cr < 0 ? nl : Math.min(nl, cr);
      if (b < 0 || b >= end) break;
      // a CRLF counts once: the break ends after the LF
      if (t.charCodeAt(b) === 13 && t.charCodeAt(b + 1) === 10) {
        if (b + 1 >= end) {
          // the LF of this CRLF is at `end`: the line starts after it
          break;
        }
        p = b + 2;
      } else p = b + 1;
      line++;
    }
    this.pos = p;
    this.line = line;
    return line;
  }
}


const SEGMENT_KEYS = new Set(['id', 'sourceId', 'index', 'unit', 'speaker', 'role', 'start', 'end', 'time', 'text', 'line', 'turn', 'meta']);
const CODING_KEYS = new Set(['id', 'sourceId', 'segmentId', 'code', 'coder', 'start', 'end', 'score', 'evidence', 'memo', 'attributes', 'ref', 'links']);

/** A source record, in pieces: the writer puts them together (JSON document or JSON Lines). */
export interface EncodedSource {
  /** `{"id":…,…` — the source's fields without its text, the object not closed. */
  readonly head: string;
  /** `[["INTERVIEWER","interviewer"],…]` */
  readonly speakers: string;
  readonly segments: string[];
  readonly codings: string[];
  /** The text as a JSON string (made when first asked). */
  readonly text: string;
  /** The text itself (for a writer that makes its JSON itself, e.g. as UTF-8: see jsonPieceUtf8). */
  readonly plainText: string;
}

const num = (x: number) => (Number.isFinite(x) ? String(x) : 'null');

/**
 * One source, its segments (at the document's unit, in order) and its codings, as
 * compact records. `codingSource`: add `"source":id` to each coding (JSON Lines).
 */
export function encodeSource(src: Source, segments: readonly Segment[], codings: readonly Coding[], head: Pick<DocumentHead, 'rules' | 'unit'>, opts: { codingSource?: boolean } = {}): EncodedSource {
  const text = src.text ?? '';
  const map = hasSurrogates(text) ? new OffsetMap(text) : undefined;
  const lines = new LineCounter(text);
  const speakers: Array<[string | null, string]> = [];
  let spMap: Map<string, number> | undefined;
  const segOut: string[] = [];
  // segments with the ids `<source id>#<index>` (as the segmenter gives them): a coding's
  // segment index is read from its segment id; else from a map of the ids
  const idPrefix = src.id + '#';
  let canonical = true;
  for (let i = 0; i < segments.length; i++) {
    const g = segments[i];
    const idOk = isIndexedId(g.id, idPrefix, i);
    if (!idOk) canonical = false;
    // (a source has few speakers: a linear search, a map beyond 16)
    let sp = -1;
    if (spMap) sp = spMap.get((g.speaker === null ? 'n' : 's' + g.speaker) + '\u0000' + g.role) ?? -1;
    else
      for (let k = 0; k < speakers.length; k++) {
        if (speakers[k][0] === g.speaker && speakers[k][1] === g.role) {
          sp = k;
          break;
        }
      }
    if (sp < 0) {
      sp = speakers.length;
      speakers.push([g.speaker, g.role]);
      if (spMap) spMap.set((g.speaker === null ? 'n' : 's' + g.speaker) + '\u0000' + g.role, sp);
      else if (speakers.length > 16) spMap = new Map(speakers.map(([a, r], k) => [(a === null ? 'n' : 's' + a) + '\u0000' + r, k]));
    }
    segOut.push(encodeSegment(g, i, idOk, src, text, map, lines, head.unit, sp));
  }
  let segIndex: Pick<ReadonlyMap<string, number>, 'get'>;
  if (canonical) {
    segIndex = {
      get(id: string): number | undefined {
        if (!id.startsWith(idPrefix) || id.length === idPrefix.length || id.length > idPrefix.length + 15) return undefined;
        const k = Number(id.slice(idPrefix.length));
        // (the exact id: no sign, leading zero, fraction or exponent)
        return Number.isInteger(k) && k >= 0 && k < segments.length && segments[k].id === id ? k : undefined;
      },
    };
  } else {
    const m = new Map<string, number>();
    for (let i = 0; i < segments.length; i++) m.set(segments[i].id, i);
    segIndex = m;
  }
  const ids = new CodingIds();
  const codOut: string[] = [];
  for (const c of codings) codOut.push(encodeCoding(c, src.id, segIndex, segments, ids, head.rules, !!opts.codingSource));
  const { text: _t, ...meta } = src;
  const metaJson = JSON.stringify(meta);
  let json: string | undefined;
  return {
    head: metaJson.slice(0, -1),
    speakers: JSON.stringify(speakers),
    segments: segOut,
    codings: codOut,
    get text() {
      return (json ??= JSON.stringify(text));
    },
    plainText: text,
  };
}

/** `id === prefix + i` (i a non-negative integer), without making the string. */
export function isIndexedId(id: unknown, prefix: string, i: number): boolean {
  if (typeof id !== 'string') return false;
  let k = id.length - 1;
  // the decimal digits of i, from the last
  let x = i;
  do {
    if (k < prefix.length || id.charCodeAt(k) !== 48 + (x % 10)) return false;
    x = Math.floor(x / 10);
    k--;
  } while (x > 0);
  return k === prefix.length - 1 && id.startsWith(prefix);
}

function encodeSegment(g: Segment, i: number, idOk: boolean, src: Source, text: string, map: OffsetMap | undefined, lines: LineCounter, unit: Unit, sp: number): string {
  let tuple = idOk && g.sourceId === src.id && g.index === i && g.unit === unit && g.line !== undefined && g.turn !== undefined && text.length > 0;
  if (tuple) for (const k in g) if (!SEGMENT_KEYS.has(k)) tuple = false;
  const t = g.time;
  if (tuple && t !== undefined && (typeof t !== 'object' || t === null || Object.keys(t).some((k) => k !== 'start' && k !== 'end') || typeof t.start !== 'number' || (t.end !== undefined && typeof t.end !== 'number'))) tuple = false;
  if (tuple) {
    const a = map ? map.toUtf16(g.start) : g.start;
    const b = map ? map.toUtf16(g.end) : g.end;
    if (!(Number.isInteger(g.start) && Number.isInteger(g.end) && g.start >= 0 && g.end >= g.start && b <= text.length && text.slice(a, b) === g.text && lines.at(a) === g.line)) tuple = false;
  }
  if (!tuple) {
    // in full (its text too when the source text does not give it back)
    const { text: segText, ...rest } = g;
    const a = map ? map.toUtf16(g.start) : g.start;
    const b = map ? map.toUtf16(g.end) : g.end;
    const sliceOk = text.length > 0 && Number.isInteger(g.start) && Number.isInteger(g.end) && g.end >= g.start && g.start >= 0 && b <= text.length && text.slice(a, b) === segText;
    return JSON.stringify(sliceOk ? rest : g);
  }
  let s = `[${g.start},${g.end},${sp}`;
  const turn = g.turn === g.index ? undefined : g.turn;
  const time = t === undefined ? undefined : t.end === undefined ? num(t.start) : `[${num(t.start)},${num(t.end)}]`;
  if (time !== undefined || turn !== undefined || g.meta !== undefined) s += `,${time ?? 'null'}`;
  if (turn !== undefined || g.meta !== undefined) s += `,${turn ?? 'null'}`;
  if (g.meta !== undefined) s += `,${JSON.stringify(g.meta)}`;
  return s + ']';
}

const EVIDENCE_ORDER: Readonly<Record<string, number>> = { codebook: 0, codebookVersion: 1, ruleId: 2, rule: 3, matches: 4, marker: 5, features: 6 };
const q = (v: unknown) => JSON.stringify(v);
/** q of a value that is almost always a number: a finite number's text without JSON.stringify (the same text: `String(x)`). */
export const qn = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : JSON.stringify(v));

function encodeCoding(c: Coding, sourceId: string | undefined, segIndex: Pick<ReadonlyMap<string, number>, 'get'>, segments: readonly Segment[], ids: CodingIds, rules: RuleIndex, withSource: boolean): string {
  // (built as text: a coding is the most frequent record; keys in a fixed order)
  let out = '{';
  let sep = '';
  if (withSource || c.sourceId !== sourceId) {
    out += '"source":' + q(c.sourceId);
    sep = ',';
  }
  const si = c.segmentId === undefined ? undefined : segIndex.get(c.segmentId);
  if (c.segmentId !== undefined) {
    out += sep + '"segment":' + (si !== undefined ? si : q(c.segmentId));
    sep = ',';
  }
  out += sep + '"code":' + q(c.code);
  // (no coder: the rules)
  if (c.coder !== 'rules' || !(typeof c.evidence === 'object' && c.evidence !== null && (c.evidence.ruleId !== undefined || c.evidence.rule !== undefined))) out += ',"coder":' + q(c.coder);
  const span = si === undefined ? undefined : segments[si];
  if (!span || span.start !== c.start || span.end !== c.end) out += ',"start":' + qn(c.start) + ',"end":' + qn(c.end);
  if (c.score !== undefined) out += ',"score":' + qn(c.score);
  const ev = c.evidence;
  if (ev !== undefined) {
    let compact = typeof ev === 'object' && ev !== null && !Array.isArray(ev);
    let ordered = true;
    if (compact) {
      let last = -1;
      for (const k in ev) {
        // (an own key of the table: `constructor` or `toString` are keys of another kind, kept in full)
        const o = Object.prototype.hasOwnProperty.call(EVIDENCE_ORDER, k) ? EVIDENCE_ORDER[k] : undefined;
        if (o === undefined) {
          compact = false;
          break;
        }
        if (o < last) ordered = false;
        last = o;
      }
    }
    let keys: string | string[] | undefined;
    if (compact) {
      if (ev.ruleId !== undefined) {
        keys = rules.keysFor(ev);
        // (a key that would read as relative to the code is not expressible: in full)
        if (keys !== undefined && (typeof keys === 'string' ? [keys] : keys).some((k) => !k.startsWith(c.code + '/') && rules.entries.has(`${c.code}/${k}`))) keys = undefined;
        if (keys === undefined) compact = false;
      } else if (ev.rule !== undefined || ev.codebook !== undefined || ev.codebookVersion !== undefined) compact = false;
    }
    const m = ev.matches;
    if (compact && m !== undefined) {
      if (!Array.isArray(m)) compact = false;
      else
        for (const x of m) {
          if (!x || typeof x !== 'object' || typeof x.start !== 'number' || typeof x.end !== 'number' || typeof x.term !== 'string' || Object.keys(x).length !== 3) {
            compact = false;
            break;
          }
        }
    }
    if (compact) {
      if (keys !== undefined) out += ',"rule":' + (typeof keys === 'string' ? q(relativeKey(keys, c.code)) : q(keys.map((k) => relativeKey(k, c.code))));
      if (m !== undefined) {
        // [start, word] when the word is as long as its span (its end follows), else [start, end, word]
        out += ',"matches":[';
        for (let i = 0; i < m.length; i++) {
          const x = m[i];
          out += (i ? ',[' : '[') + qn(x.start) + (x.end - x.start === cpLength(x.term) ? '' : ',' + qn(x.end)) + ',' + q(x.term) + ']';
        }
        out += ']';
      }
      if (ev.marker !== undefined) out += ',"marker":' + q(ev.marker);
      if (ev.features !== undefined) out += ',"features":' + q(ev.features);
      // (the reader gives codebook, codebookVersion, ruleId, rule, matches, marker, features in this order)
      if (!ordered) out += ',"evidenceOrder":' + q(Object.keys(ev));
    } else out += ',"evidence":' + q(ev);
  }
  if (c.memo !== undefined) out += ',"memo":' + q(c.memo);
  if (c.attributes !== undefined) out += ',"attributes":' + q(c.attributes);
  if (c.ref !== undefined) out += ',"ref":' + q(c.ref);
  if (c.links !== undefined) out += ',"links":' + q(c.links);
  const derived = ids.next(c);
  if (c.id !== derived) out += ',"id":' + q(c.id);
  let more: Record<string, unknown> | undefined;
  for (const k in c) if (!CODING_KEYS.has(k)) (more ??= {})[k] = (c as unknown as Record<string, unknown>)[k];
  if (more) out += ',"more":' + q(more);
  return out + '}';
}

/** A rule key as written on a coding of `code`: `r1` for `<code>/r1` (the reader tries `<code>/<key>` first). */
function relativeKey(key: string, code: string): string {
  if (!key.startsWith(code + '/')) return key;
  const rel = key.slice(code.length + 1);
  return rel ? rel : key;
}

/** The text of one encoded source in a document of `format` (in a JSON document without the separator before it). */
export function sourcePiece(e: EncodedSource, format: "json" | "jsonl"): string {
  const [before, after] = sourcePieceAround(e, format);
  return before + e.text + after;
}
/** A source piece (`sourcePiece`) as the parts before and after its text's JSON string. */
export function sourcePieceAround(e: EncodedSource, format: "json" | "jsonl"): [string, string] {
  if (format === 'jsonl') {
    let s = '}}\n';
    for (const c of e.codings) s += c + '\n';
    return [`{"source":${e.head},"speakers":${e.speakers},"segments":[${e.segments.join(',')}],"text":`, s];
  }
  return [`${e.head},"speakers":${e.speakers},"segments":[${e.segments.length ? '\n' + e.segments.join(',\n') : ''}],\n"codings":[${e.codings.length ? '\n' + e.codings.join(',\n') : ''}],\n"text":`, '}'];
}
