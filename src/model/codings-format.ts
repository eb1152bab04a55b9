/**
 * The codings document on disk, schema version 2 (what `qda code` writes): compact and
 * written source by source.
 *
 * - Each source's text is stored once, in its source record; its segments are tuples of
 *   offsets into that text (`[start, end, speaker, time?, turn?, meta?]`, the speaker an
 *   index into the source's `speakers` list of `[label, role]`), their text is the source
 *   text at those offsets and their line is counted from it.
 * - A coding lives in its source record and refers to a segment by its index there; it
 *   carries its own offsets only when they differ from the segment's, the matched words as
 *   `[start, end, word]`, and its rule as a key of the document's `rules` table, which holds
 *   each rule's text (and codebook) once.
 * - Whatever the compact form cannot express exactly (an odd id, another field, evidence that
 *   is not a table rule) is written out in full on that record, so nothing is lost.
 *
 * `encodeSource` and `decodeSource` are exact inverses for every source, segment and coding
 * of the data model (tested on the samples and on generated odd records).
 */
import { idsAsMade } from './segments-as-made.js';
import type { CodeRef, CodebookRef, Coding, Evidence, Provenance, RelationRef, Segment, Source, Unit } from './types.js';
import { OffsetMap, cpLength, hasSurrogates } from './codepoints.js';
import { Utf8Out } from './json-utf8.js';

export const CODINGS_SCHEMA_URL = 'https://qdakit.dev/schemas/codings.schema.json';
/** The schema version written; documents without `schemaVersion` are version 1. */
export const CODINGS_SCHEMA_VERSION = 2;

/** A rule of the document's `rules` table. */
export interface RuleEntry {
  readonly id?: string;
  readonly codebook?: string;
  readonly codebookVersion?: string;
  readonly text: string;
}

/** The document's rules: key → rule (keys are the rule ids, with `@lang` or `@n` when an id has several texts). */
export class RuleIndex {
  readonly entries = new Map<string, RuleEntry>();
  private readonly byContent = new Map<string, string>();
  private readonly byId = new Map<string, string[]>();
  /** Per rule id, the evidence fields last asked about and their key(s); `code` and `clash`: what `keysOnCode` last found for them. */
  private readonly recent = new Map<string, { text: string; codebook?: string; version?: string; key: string | string[]; code?: unknown; clash?: boolean }>();

  private static content(codebook: string | undefined, version: string | undefined, id: string | undefined, text: string): string {
    return `${codebook ?? ''}\u0000${version ?? '\u0001'}\u0000${id ?? '\u0001'}\u0000${text}`;
  }

  /** The key of this rule (added when new). `lang` names the variant when the id is taken by another text. */
  add(e: RuleEntry, lang?: string): string {
    const c = RuleIndex.content(e.codebook, e.codebookVersion, e.id, e.text);
    const have = this.byContent.get(c);
    if (have !== undefined) return have;
    const base = e.id ?? 'rule';
    let key = base;
    if (this.entries.has(key) || key === '') {
      key = lang && !this.entries.has(`${base}@${lang}`) ? `${base}@${lang}` : '';
      for (let n = 2; !key; n++) if (!this.entries.has(`${base}@${n}`)) key = `${base}@${n}`;
    }
    this.put(key, e, c);
    return key;
  }

  private put(key: string, e: RuleEntry, c: string): void {
    const entry: RuleEntry = { ...(e.id !== undefined ? { id: e.id } : {}), ...(e.codebook !== undefined ? { codebook: e.codebook } : {}), ...(e.codebookVersion !== undefined ? { codebookVersion: e.codebookVersion } : {}), text: e.text };
    this.entries.set(key, entry);
    // (a new rule may give an evidence other keys than remembered)
    this.recent.clear();
    if (!this.byContent.has(c)) this.byContent.set(c, key);
    if (e.id !== undefined) (this.byId.get(e.id) ?? this.byId.set(e.id, []).get(e.id)!).push(key);
  }

  /** The table as read from a document (keys kept). */
  static from(table: Readonly<Record<string, RuleEntry>>): RuleIndex {
    const r = new RuleIndex();
    for (const [k, e] of Object.entries(table)) r.put(k, e, RuleIndex.content(e.codebook, e.codebookVersion, e.id, e.text));
    return r;
  }

  toJSON(): Record<string, RuleEntry> {
    return Object.fromEntries(this.entries);
  }

  /**
   * The key(s) that give back exactly this evidence's codebook, version, rule id and text
   * (several rules of one coding: ids joined by ",", texts by " | "), or undefined.
   */
  keysFor(ev: Evidence): string | string[] | undefined {
    return this.recentFor(ev)?.key;
  }

  /**
   * `keysFor(ev)` for a coding of `code`, or undefined also when one of the keys would read as
   * relative to the code (`<code>/<key>` is a key of its own and the key does not start with
   * `<code>/`: the reader would take the other rule). What it found is kept with the rule's
   * remembered keys (a new rule forgets it): the codings of one rule mostly share their code.
   */
  keysOnCode(ev: Evidence, code: unknown): string | string[] | undefined {
    const r = this.recentFor(ev);
    if (r === undefined) return undefined;
    if (r.code !== code || r.clash === undefined) {
      const keys = r.key;
      const clash = typeof keys === 'string' ? !underCode(keys, code) && this.entries.has(`${code}/${keys}`) : keys.some((k) => !underCode(k, code) && this.entries.has(`${code}/${k}`));
      r.code = code;
      r.clash = clash;
    }
    return r.clash ? undefined : r.key;
  }

  /** What `keysFor` answers, remembered per rule id (the codings of one rule share its strings). */
  private recentFor(ev: Evidence): { text: string; codebook?: string; version?: string; key: string | string[]; code?: unknown; clash?: boolean } | undefined {
    if (ev.ruleId === undefined || ev.rule === undefined) return undefined;
    // (the codings of one rule share its strings: compared first, before building the content key)
    const hit = this.recent.get(ev.ruleId);
    if (hit && hit.text === ev.rule && hit.codebook === ev.codebook && hit.version === ev.codebookVersion) return hit;
    const one = this.byContent.get(RuleIndex.content(ev.codebook, ev.codebookVersion, ev.ruleId, ev.rule));
    if (one !== undefined) {
      const r = { text: ev.rule, codebook: ev.codebook, version: ev.codebookVersion, key: one };
      this.recent.set(ev.ruleId, r);
      return r;
    }
    if (!ev.ruleId.includes(',')) return undefined;
    const keys = this.keysForSeveral(ev as Evidence & { ruleId: string; rule: string });
    if (keys === undefined) return undefined;
    // (remembered as a single rule's key is: the codings of the same rules share their strings)
    const r = { text: ev.rule, codebook: ev.codebook, version: ev.codebookVersion, key: keys };
    this.recent.set(ev.ruleId, r);
    return r;
  }

  private keysForSeveral(ev: Evidence & { ruleId: string; rule: string }): string[] | undefined {
    const ids = ev.ruleId.split(',');
    const keys: string[] = [];
    let at = 0;
    for (let i = 0; i < ids.length; i++) {
      let found: string | undefined;
      for (const k of this.byId.get(ids[i]) ?? []) {
        const e = this.entries.get(k)!;
        if (i === 0 && (e.codebook !== ev.codebook || e.codebookVersion !== ev.codebookVersion)) continue;
        if (!ev.rule.startsWith(e.text, at)) continue;
        const next = at + e.text.length;
        if (i < ids.length - 1 ? ev.rule.startsWith(' | ', next) : next === ev.rule.length) {
          found = k;
          at = next + 3;
          break;
        }
      }
      if (found === undefined) return undefined;
      keys.push(found);
    }
    return keys;
  }

  /** The evidence fields of key(s) (codebook, codebookVersion, ruleId, rule), or undefined for an unknown key. */
  evidenceOf(keys: string | readonly string[]): { codebook?: string; codebookVersion?: string; ruleId?: string; rule: string } | undefined {
    const list = typeof keys === 'string' ? [keys] : keys;
    const es: RuleEntry[] = [];
    for (const k of list) {
      const e = this.entries.get(k);
      if (!e) return undefined;
      es.push(e);
    }
    if (!es.length) return undefined;
    const first = es[0];
    const ruleId = es.length === 1 ? first.id : es.map((e) => e.id ?? '').join(',');
    return {
      ...(first.codebook !== undefined ? { codebook: first.codebook } : {}),
      ...(first.codebookVersion !== undefined ? { codebookVersion: first.codebookVersion } : {}),
      ...(ruleId !== undefined ? { ruleId } : {}),
      rule: es.length === 1 ? first.text : es.map((e) => e.text).join(' | '),
    };
  }
}

/** The document's head: everything before the sources. */
export interface DocumentHead {
  readonly provenance: Provenance;
  readonly codebooks: readonly CodebookRef[];
  /** The codebooks' codes (codes found only in codings follow at the end, `codesFound`). */
  readonly codes: readonly CodeRef[];
  readonly rules: RuleIndex;
  /** The unit of (almost) all segments; a segment at another unit is written in full. */
  readonly unit: Unit;
  /** The codebooks' relations (for links between codings), when there are any. */
  readonly relations?: readonly RelationRef[];
}

// ------------------------------------------------------------------ ids

/** The id a coding gets unless told otherwise: `segment:code:coder` (`:start` for a human coder), `#n` for the n-th of that. */
export class CodingIds {
  private readonly seen = new Map<string, number>();
  next(c: { readonly sourceId: string; readonly segmentId?: string; readonly code: string; readonly coder: string; readonly start: number }): string {
    const base = c.coder === 'rules' || c.coder === 'model' ? `${c.segmentId ?? c.sourceId}:${c.code}:${c.coder}` : `${c.segmentId ?? c.sourceId}:${c.code}:${c.coder}:${c.start}`;
    const n = (this.seen.get(base) ?? 0) + 1;
    this.seen.set(base, n);
    return n === 1 ? base : `${base}#${n}`;
  }

  /**
   * `next(c) === id` (counting c as next does). An id that is its coding's base
   * (`segment:code:coder`, `:start` for a human coder, as the coders make them) is read in
   * place and counted under that id itself, without making the base again (the same key:
   * equal strings); any other id is compared with what `next` makes.
   */
  nextIs(c: { readonly sourceId: string; readonly segmentId?: string; readonly code: string; readonly coder: string; readonly start: number }, id: unknown): boolean {
    if (typeof id === 'string' && isBaseId(id, c.segmentId ?? c.sourceId, c.code, c.coder, c.start)) {
      const n = (this.seen.get(id) ?? 0) + 1;
      this.seen.set(id, n);
      return n === 1;
    }
    return this.next(c) === id;
  }
}

/**
 * `id === base`, the string `CodingIds.next` makes first for a coding of (seg, code, coder,
 * start), read in place: `seg:code:coder`, and `:start` after it for a coder other than rules
 * and model. False (not proven: the caller compares with the base itself) for pieces that are
 * not strings and for a human coding's start that is not a whole number below 2^31.
 */
function isBaseId(id: string, seg: unknown, code: unknown, coder: unknown, start: unknown): boolean {
  if (typeof seg !== 'string' || typeof code !== 'string' || typeof coder !== 'string') return false;
  const a = seg.length;
  const b = a + 1 + code.length;
  const e = b + 1 + coder.length;
  if (coder === 'rules' || coder === 'model') {
    if (id.length !== e) return false;
  } else {
    // `:` and the digits of start, from the last
    if (typeof start !== 'number' || (start | 0) !== start || start < 0) return false;
    let k = id.length - 1;
    let x = start;
    do {
      if (k <= e || id.charCodeAt(k) !== 48 + (x % 10)) return false;
      x = (x / 10) | 0;
      k--;
    } while (x > 0);
    if (k !== e || id.charCodeAt(e) !== 58) return false;
  }
  // (startsWith: the builtin compares in place, where a loop of charCodeAt reads each unit
  // through the concatenation an id or segment id is made of)
  return id.charCodeAt(a) === 58 && id.charCodeAt(b) === 58 && id.startsWith(seg) && id.startsWith(code, a + 1) && id.startsWith(coder, b + 1);
}

// ------------------------------------------------------------------ lines

/** 1-based line of UTF-16 index `at` (CR, LF and CRLF are breaks, as LineIndex), counted forward from the last call. */
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

// ------------------------------------------------------------------ encode

// (the keys a record of the data model may have; a switch of string constants: for the keys of
// an object, which are internalised strings, each case is a pointer comparison, unlike a Set's lookup)
function isSegmentKey(k: string): boolean {
  switch (k) {
    case 'id':
    case 'sourceId':
    case 'index':
    case 'unit':
    case 'speaker':
    case 'role':
    case 'start':
    case 'end':
    case 'time':
    case 'text':
    case 'line':
    case 'turn':
    case 'meta':
      return true;
    default:
      return false;
  }
}
function isCodingKey(k: string): boolean {
  switch (k) {
    case 'id':
    case 'sourceId':
    case 'segmentId':
    case 'code':
    case 'coder':
    case 'start':
    case 'end':
    case 'score':
    case 'evidence':
    case 'memo':
    case 'attributes':
    case 'ref':
    case 'links':
      return true;
    default:
      return false;
  }
}

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
  /** The text itself (for a writer that makes its JSON itself, e.g. as UTF-8: see encodeSourceUtf8). */
  readonly plainText: string;
}

const num = (x: number) => (Number.isFinite(x) ? String(x) : 'null');

/** What the records of one source are written with (the segments' part and the codings' part are made when first needed: one thread may write only one of them). */
class SourceWriter {
  readonly text: string;
  readonly ids = new CodingIds();
  private seg: SegmentsPart | undefined;
  private index: Pick<ReadonlyMap<string, number>, 'get'> | undefined;
  constructor(
    readonly src: Source,
    readonly segments: readonly Segment[],
    readonly rules: RuleIndex,
    readonly unit: Unit,
  ) {
    this.text = src.text ?? '';
  }

  /** The source's fields without its text, as JSON without the closing brace. */
  get head(): string {
    return this.segmentsPart().head;
  }

  /** `[[label, role], …]` as JSON. */
  get speakers(): string {
    return this.segmentsPart().speakers;
  }

  /** Segment id → index in `segments`. */
  get segIndex(): Pick<ReadonlyMap<string, number>, 'get'> {
    if (this.index) return this.index;
    const prefix = this.src.id + '#';
    return (this.index = this.seg ? (this.seg.canonical ? indexedIds(prefix, this.segments) : idMap(this.segments)) : segmentIds(prefix, this.segments));
  }

  private segmentsPart(): SegmentsPart {
    return (this.seg ??= segmentsPart(this.src, this.text, this.segments));
  }

  segment(out: Utf8Out, i: number): void {
    const p = this.segmentsPart();
    writeSegment(out, this.segments[i], i, p.idOk[i] === 1, p.known, this.src, this.text, p.map, p.lines, this.unit, p.sp[i]);
  }

  coding(out: Utf8Out, c: Coding, withSource: boolean): void {
    writeCoding(out, c, this.src.id, this.segIndex, this.segments, this.ids, this.rules, withSource);
  }
}

/** What writing a source's segments needs. */
interface SegmentsPart {
  readonly map: OffsetMap | undefined;
  readonly lines: LineCounter;
  readonly head: string;
  readonly speakers: string;
  /** Each segment's index in the speakers list. */
  readonly sp: Int32Array;
  /** Each segment's id is `<source id>#<index>`. */
  readonly idOk: Uint8Array;
  /** Every segment's id is. */
  readonly canonical: boolean;
  /** The segments are segmentSource's (or made again so): their ids and their keys are known (see segments-as-made.ts). */
  readonly known: boolean;
}

function segmentsPart(src: Source, text: string, segments: readonly Segment[]): SegmentsPart {
  const speakers: Array<[string | null, string]> = [];
  let spMap: Map<string, number> | undefined;
  const n = segments.length;
  const sp = new Int32Array(n);
  const idOk = new Uint8Array(n);
  // segments with the ids `<source id>#<index>` (as the segmenter gives them): a coding's
  // segment index is read from its segment id; else from a map of the ids
  const idPrefix = src.id + '#';
  // (segmentSource's arrays, and those made again on a worker: their ids are known, see segments-as-made.ts)
  const known = n > 0 && idsAsMade(segments) && segments[0].sourceId === src.id;
  let canonical = true;
  for (let i = 0; i < n; i++) {
    const g = segments[i];
    if (known || isIndexedId(g.id, idPrefix, i)) idOk[i] = 1;
    else canonical = false;
    // (a source has few speakers: a linear search, a map beyond 16)
    let k = -1;
    if (spMap) k = spMap.get((g.speaker === null ? 'n' : 's' + g.speaker) + '\u0000' + g.role) ?? -1;
    else
      for (let j = 0; j < speakers.length; j++) {
        if (speakers[j][0] === g.speaker && speakers[j][1] === g.role) {
          k = j;
          break;
        }
      }
    if (k < 0) {
      k = speakers.length;
      speakers.push([g.speaker, g.role]);
      if (spMap) spMap.set((g.speaker === null ? 'n' : 's' + g.speaker) + '\u0000' + g.role, k);
      else if (speakers.length > 16) spMap = new Map(speakers.map(([a, r], j) => [(a === null ? 'n' : 's' + a) + '\u0000' + r, j]));
    }
    sp[i] = k;
  }
  const { text: _t, ...meta } = src;
  return { map: hasSurrogates(text) ? new OffsetMap(text) : undefined, lines: new LineCounter(text), head: JSON.stringify(meta).slice(0, -1), speakers: JSON.stringify(speakers), sp, idOk, canonical, known };
}

/** A buffer of this thread, used again for each source (its bytes are copied out). */
let scratch: Utf8Out | undefined;

/**
 * One source, its segments (at the document's unit, in order) and its codings as the UTF-8
 * bytes of its record in a document of `format` (in a JSON document without the separator
 * before it): the bytes of `sourcePiece(encodeSource(…), format)` (tested), written in one pass.
 */
export function encodeSourceUtf8(src: Source, segments: readonly Segment[], codings: readonly Coding[], head: Pick<DocumentHead, 'rules' | 'unit'>, format: 'json' | 'jsonl'): Uint8Array {
  const w = new SourceWriter(src, segments, head.rules, head.unit);
  const out = scratchOut();
  writeRecordStart(out, w, format);
  writeRecordRest(out, w, codings, format);
  return takeScratch(out);
}

/**
 * A source's record in three pieces, for two threads sharing the source by stage (see
 * code-sources.ts): the thread that read and segmented it writes the start
 * (`encodeRecordStartUtf8`: its fields, speakers and segments) and the text
 * (`encodeRecordTextUtf8`), the thread that coded it the codings (`encodeRecordCodingsUtf8`).
 * In a JSON document the record is start + codings + text, in JSON Lines start + text +
 * codings (`recordPieces`): encodeSourceUtf8's result (tested). (The text, most of a record's
 * bytes, is written by whichever thread has time to spare: see stagedLane.)
 */
export function encodeRecordStartUtf8(src: Source, segments: readonly Segment[], unit: Unit, format: 'json' | 'jsonl'): Uint8Array {
  const w = new SourceWriter(src, segments, new RuleIndex(), unit);
  const out = scratchOut();
  writeRecordStart(out, w, format);
  return takeScratch(out);
}

/** The codings of a source's record (JSON: `],"codings":[…]` after the segments; JSON Lines: a line per coding, after the text). */
export function encodeRecordCodingsUtf8(src: Source, segments: readonly Segment[], codings: readonly Coding[], head: Pick<DocumentHead, 'rules' | 'unit'>, format: 'json' | 'jsonl'): Uint8Array {
  const w = new SourceWriter(src, segments, head.rules, head.unit);
  const out = scratchOut();
  writeRecordCodings(out, w, codings, format);
  return takeScratch(out);
}

/** The text of a source's record and the record's end (JSON: after the codings; JSON Lines: after the segments). */
export function encodeRecordTextUtf8(src: Source, format: 'json' | 'jsonl'): Uint8Array {
  const out = scratchOut();
  writeRecordText(out, src.text ?? '', format);
  return takeScratch(out);
}

/** The pieces of a source's record in the order of its format (see encodeRecordStartUtf8). */
export function recordPieces<T>(start: T, codings: T, text: T, format: 'json' | 'jsonl'): T[] {
  return format === 'jsonl' ? [start, text, codings] : [start, codings, text];
}

function scratchOut(): Utf8Out {
  const out = (scratch ??= new Utf8Out(1 << 20));
  out.pos = 0;
  return out;
}

/** The bytes written to the scratch buffer, copied out (a buffer grown for a very large source is not kept). */
function takeScratch(out: Utf8Out): Uint8Array {
  const bytes = out.buf.slice(0, out.pos);
  if (out.buf.length > 1 << 24) scratch = undefined;
  out.pos = 0;
  return bytes;
}

/** `{"id":…,"speakers":…,"segments":[…` (JSON Lines: after `{"source":`), the segments list not closed. */
function writeRecordStart(out: Utf8Out, w: SourceWriter, format: 'json' | 'jsonl'): void {
  const jsonl = format === 'jsonl';
  if (jsonl) out.raw('{"source":');
  out.raw(w.head);
  out.raw(',"speakers":');
  out.raw(w.speakers);
  out.raw(',"segments":[');
  const n = w.segments.length;
  for (let i = 0; i < n; i++) {
    if (!jsonl) out.raw(i ? ',\n' : '\n');
    else if (i) out.byte(0x2c);
    w.segment(out, i);
  }
}

/** The rest of the record after the segments: the codings and the text, in the order of the format. */
function writeRecordRest(out: Utf8Out, w: SourceWriter, codings: readonly Coding[], format: 'json' | 'jsonl'): void {
  if (format === 'jsonl') {
    writeRecordText(out, w.text, format);
    writeRecordCodings(out, w, codings, format);
  } else {
    writeRecordCodings(out, w, codings, format);
    writeRecordText(out, w.text, format);
  }
}

/** JSON: `],\n"codings":[…]` (the segments list closed); JSON Lines: a line per coding. */
function writeRecordCodings(out: Utf8Out, w: SourceWriter, codings: readonly Coding[], format: 'json' | 'jsonl'): void {
  if (format === 'jsonl') {
    for (let i = 0; i < codings.length; i++) {
      w.coding(out, codings[i], true);
      out.byte(10);
    }
  } else {
    out.raw('],\n"codings":[');
    for (let i = 0; i < codings.length; i++) {
      out.raw(i ? ',\n' : '\n');
      w.coding(out, codings[i], false);
    }
    out.byte(0x5d);
  }
}

/** JSON: `,\n"text":…}` (after the codings); JSON Lines: `],"text":…}}\n` (the segments list closed, then the source line's end). */
function writeRecordText(out: Utf8Out, text: string, format: 'json' | 'jsonl'): void {
  if (format === 'jsonl') {
    out.raw('],"text":');
    out.str(text);
    out.raw('}}\n');
  } else {
    out.raw(',\n"text":');
    out.str(text);
    out.byte(0x7d);
  }
}

const decoder = new TextDecoder();

/**
 * One source, its segments (at the document's unit, in order) and its codings, as
 * compact records. `codingSource`: add `"source":id` to each coding (JSON Lines).
 * (The records are written as encodeSourceUtf8 writes them, then decoded.)
 */
export function encodeSource(src: Source, segments: readonly Segment[], codings: readonly Coding[], head: Pick<DocumentHead, 'rules' | 'unit'>, opts: { codingSource?: boolean } = {}): EncodedSource {
  const w = new SourceWriter(src, segments, head.rules, head.unit);
  const out = new Utf8Out(1024);
  const piece = () => {
    const s = decoder.decode(out.bytes());
    out.pos = 0;
    return s;
  };
  const segOut: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    w.segment(out, i);
    segOut.push(piece());
  }
  const codOut: string[] = [];
  for (const c of codings) {
    w.coding(out, c, !!opts.codingSource);
    codOut.push(piece());
  }
  const text = w.text;
  let json: string | undefined;
  return {
    head: w.head,
    speakers: w.speakers,
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

/**
 * The index of a segment id among `segments`, all of whose ids are `prefix + index` (the caller
 * checked, e.g. with isIndexedId): the number after the prefix, read in place, where a map of
 * the ids would be made. The same answers as `idMap(segments)` for such segments.
 */
export function indexedIds(prefix: string, segments: readonly Segment[]): Pick<ReadonlyMap<string, number>, 'get'> {
  const p = prefix.length;
  const n = segments.length;
  return {
    get(id: string): number | undefined {
      if (typeof id !== 'string' || id.length <= p || id.length > p + 15) return undefined;
      // (digits only: the id of segment k is exactly `prefix + k`, which the comparison with that segment's id proves)
      let k = 0;
      for (let i = p; i < id.length; i++) {
        const d = id.charCodeAt(i) - 48;
        if (d < 0 || d > 9) return undefined;
        k = k * 10 + d;
      }
      return k < n && segments[k].id === id ? k : undefined;
    },
  };
}

/** Segment id → index (of the last segment with that id). */
export function idMap(segments: readonly Segment[]): Map<string, number> {
  const m = new Map<string, number>();
  for (let i = 0; i < segments.length; i++) m.set(segments[i].id, i);
  return m;
}

/** Segment id → index (of the last segment with that id): `indexedIds` when every id is `prefix + index`, else `idMap`. */
export function segmentIds(prefix: string, segments: readonly Segment[]): Pick<ReadonlyMap<string, number>, 'get'> {
  if (segments.length && idsAsMade(segments) && prefix === segments[0].sourceId + '#') return indexedIds(prefix, segments);
  for (let i = 0; i < segments.length; i++) if (!isIndexedId(segments[i].id, prefix, i)) return idMap(segments);
  return indexedIds(prefix, segments);
}

function writeSegment(out: Utf8Out, g: Segment, i: number, idOk: boolean, keysKnown: boolean, src: Source, text: string, map: OffsetMap | undefined, lines: LineCounter, unit: Unit, sp: number): void {
  let tuple = idOk && g.sourceId === src.id && g.index === i && g.unit === unit && g.line !== undefined && g.turn !== undefined && text.length > 0;
  // (segmentSource's segments have only segment keys: not looked at again)
  if (tuple && !keysKnown) for (const k in g) if (!isSegmentKey(k)) tuple = false;
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
    out.raw(JSON.stringify(sliceOk ? rest : g));
    return;
  }
  // [start, end, speaker, time?, turn?, meta?]
  out.byte(0x5b);
  out.num(g.start);
  out.byte(0x2c);
  out.num(g.end);
  out.byte(0x2c);
  out.num(sp);
  const turn = g.turn === g.index ? undefined : g.turn;
  const time = t === undefined ? undefined : t.end === undefined ? num(t.start) : `[${num(t.start)},${num(t.end)}]`;
  if (time !== undefined || turn !== undefined || g.meta !== undefined) {
    out.byte(0x2c);
    out.raw(time ?? 'null');
  }
  if (turn !== undefined || g.meta !== undefined) {
    out.byte(0x2c);
    out.raw(turn === undefined ? 'null' : String(turn));
  }
  if (g.meta !== undefined) {
    out.byte(0x2c);
    out.raw(JSON.stringify(g.meta));
  }
  out.byte(0x5d);
}

/** The place of an evidence key in the order the reader gives them (codebook, codebookVersion, ruleId, rule, matches, marker, features), −1 for another key. */
function evidenceRank(k: string): number {
  switch (k) {
    case 'codebook':
      return 0;
    case 'codebookVersion':
      return 1;
    case 'ruleId':
      return 2;
    case 'rule':
      return 3;
    case 'matches':
      return 4;
    case 'marker':
      return 5;
    case 'features':
      return 6;
    default:
      return -1;
  }
}
/** q of a value that is almost always a number: a finite number's text without JSON.stringify (the same text: `String(x)`). */
export const qn = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : JSON.stringify(v));

/** `key` starts with `code/`, without making that string. */
const underCode = (key: string, code: unknown) => (typeof code === 'string' ? key.length > code.length && key.charCodeAt(code.length) === 47 && key.startsWith(code) : key.startsWith(code + '/'));

function writeCoding(out: Utf8Out, c: Coding, sourceId: string | undefined, segIndex: Pick<ReadonlyMap<string, number>, 'get'>, segments: readonly Segment[], ids: CodingIds, rules: RuleIndex, withSource: boolean): void {
  // (keys in a fixed order)
  out.byte(0x7b);
  let sep = false;
  if (withSource || c.sourceId !== sourceId) {
    out.raw('"source":');
    out.json(c.sourceId);
    sep = true;
  }
  const si = c.segmentId === undefined ? undefined : segIndex.get(c.segmentId);
  if (c.segmentId !== undefined) {
    out.raw(sep ? ',"segment":' : '"segment":');
    if (si !== undefined) out.num(si);
    else out.json(c.segmentId);
    sep = true;
  }
  out.raw(sep ? ',"code":' : '"code":');
  out.json(c.code);
  // (no coder: the rules, for a coding with its rule; a rules coding without one says its coder:
  // a coding without coder and rule reads as a human coding whose coder is not known)
  if (c.coder !== 'rules' || !hasRuleEvidence(c.evidence)) {
    out.raw(',"coder":');
    out.json(c.coder);
  }
  const span = si === undefined ? undefined : segments[si];
  if (!span || span.start !== c.start || span.end !== c.end) {
    out.raw(',"start":');
    out.json(c.start);
    out.raw(',"end":');
    out.json(c.end);
  }
  if (c.score !== undefined) {
    out.raw(',"score":');
    const x = c.score;
    if (typeof x === 'number' && x > 0 && x < 1) out.raw(scoreText(x));
    else out.json(x);
  }
  const ev = c.evidence;
  if (ev !== undefined) writeEvidence(out, ev, c.code, rules);
  if (c.memo !== undefined) {
    out.raw(',"memo":');
    out.json(c.memo);
  }
  if (c.attributes !== undefined) {
    out.raw(',"attributes":');
    out.json(c.attributes);
  }
  if (c.ref !== undefined) {
    out.raw(',"ref":');
    out.json(c.ref);
  }
  if (c.links !== undefined) {
    out.raw(',"links":');
    out.json(c.links);
  }
  if (!ids.nextIs(c, c.id)) {
    out.raw(',"id":');
    out.json(c.id);
  }
  let more: Record<string, unknown> | undefined;
  for (const k in c) if (!isCodingKey(k)) (more ??= {})[k] = (c as unknown as Record<string, unknown>)[k];
  if (more) {
    out.raw(',"more":');
    out.json(more);
  }
  out.byte(0x7d);
}

/** String(x) of the scores with at most 4 decimals (the rules' scores), made once each; `x` in (0, 1). */
const SCORE_TEXT: string[] = new Array<string>(10001);
function scoreText(x: number): string {
  const k = Math.round(x * 10000);
  // (the same number, so the same text)
  if (k / 10000 !== x) return String(x);
  return (SCORE_TEXT[k] ??= String(x));
}

/** A coding's evidence: compact (a rule key, matches as tuples, …) where that reads back exactly, else in full. */
function writeEvidence(out: Utf8Out, ev: NonNullable<Coding['evidence']>, code: string, rules: RuleIndex): void {
  let compact = typeof ev === 'object' && ev !== null && !Array.isArray(ev);
  let ordered = true;
  if (compact) {
    let last = -1;
    for (const k in ev) {
      const o = evidenceRank(k);
      if (o < 0) {
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
      // (a key that would read as relative to the code is not expressible: in full)
      keys = rules.keysOnCode(ev, code);
      if (keys === undefined) compact = false;
    } else if (ev.rule !== undefined || ev.codebook !== undefined || ev.codebookVersion !== undefined) compact = false;
  }
  const m = ev.matches;
  if (compact && m !== undefined) {
    if (!Array.isArray(m)) compact = false;
    else
      for (let i = 0; i < m.length; i++) {
        const x = m[i];
        if (!x || typeof x !== 'object' || typeof x.start !== 'number' || typeof x.end !== 'number' || typeof x.term !== 'string' || !threeKeys(x)) {
          compact = false;
          break;
        }
      }
  }
  if (!compact) {
    out.raw(',"evidence":');
    out.json(ev);
    return;
  }
  if (keys !== undefined) {
    out.raw(',"rule":');
    if (typeof keys === 'string') out.str(relativeKey(keys, code));
    else out.json(keys.map((k) => relativeKey(k, code)));
  }
  if (m !== undefined) {
    // [start, word] when the word is as long as its span (its end follows), else [start, end, word]
    out.raw(',"matches":[');
    for (let i = 0; i < m.length; i++) {
      const x = m[i];
      out.raw(i ? ',[' : '[');
      out.num(x.start);
      if (x.end - x.start !== termLength(x.term)) {
        out.byte(0x2c);
        out.num(x.end);
      }
      out.byte(0x2c);
      out.str(x.term);
      out.byte(0x5d);
    }
    out.byte(0x5d);
  }
  if (ev.marker !== undefined) {
    out.raw(',"marker":');
    out.json(ev.marker);
  }
  if (ev.features !== undefined) {
    out.raw(',"features":');
    out.json(ev.features);
  }
  // (the reader gives codebook, codebookVersion, ruleId, rule, matches, marker, features in this order)
  if (!ordered) {
    out.raw(',"evidenceOrder":');
    out.json(Object.keys(ev));
  }
}

/** cpLength of a short string (a matched word): its units when none is a surrogate, without a regular expression. */
function termLength(t: string): number {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return cpLength(t);
  }
  return t.length;
}

/** `Object.keys(x).length === 3`, without making the list. */
function threeKeys(x: object): boolean {
  let n = 0;
  for (const k in x) if (Object.prototype.hasOwnProperty.call(x, k) && ++n > 3) return false;
  return n === 3;
}

/** A rule key as written on a coding of `code`: `r1` for `<code>/r1` (the reader tries `<code>/<key>` first). */
function relativeKey(key: string, code: string): string {
  if (typeof code !== 'string' || !underCode(key, code)) return key;
  const rel = key.slice(code.length + 1);
  return rel ? rel : key;
}

// ------------------------------------------------------------------ decode

/** A problem in a record: its JSON path (relative to the record) and what is wrong. */
export class RecordError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const isOffset = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

export interface DecodeOptions {
  /** Keep source and segment texts (default true); false: both are '' (for commands that only count). */
  readonly text?: boolean;
}

/** A source record (JSON-parsed) back to the model. Throws RecordError (path relative to the record). */
export function decodeSource(rec: unknown, head: Pick<DocumentHead, 'rules' | 'unit'>, opts: DecodeOptions = {}): { source: Source; segments: Segment[]; codings: Coding[] } {
  if (!isObj(rec) || typeof rec.id !== 'string') throw new RecordError('', 'a source must be an object with a string "id"');
  const { speakers: spRaw, segments: segRaw, codings: codRaw, text: textRaw, ...meta } = rec;
  if (textRaw !== undefined && typeof textRaw !== 'string') throw new RecordError('/text', '"text" must be a string');
  const text = (textRaw as string | undefined) ?? '';
  const keepText = opts.text !== false;
  const source = { ...meta, text: keepText ? text : '' } as unknown as Source;
  const id = source.id;
  const speakers = spRaw === undefined ? [] : spRaw;
  if (!Array.isArray(speakers) || !speakers.every((s) => Array.isArray(s) && s.length === 2 && (s[0] === null || typeof s[0] === 'string') && typeof s[1] === 'string')) {
    throw new RecordError('/speakers', '"speakers" must be a list of [label, role] pairs');
  }
  const map = text && hasSurrogates(text) ? new OffsetMap(text) : undefined;
  const cpLen = map ? map.toCp(text.length) : text.length;
  const lines = new LineCounter(text);
  const segments: Segment[] = [];
  if (segRaw !== undefined && !Array.isArray(segRaw)) throw new RecordError('/segments', '"segments" must be an array');
  const segList = (segRaw as unknown[] | undefined) ?? [];
  for (let i = 0; i < segList.length; i++) {
    const r = segList[i];
    const path = `/segments/${i}`;
    if (Array.isArray(r)) {
      const [start, end, sp, time, turn, metaS] = r as unknown[];
      if (!isOffset(start) || !isOffset(end) || end < start) throw new RecordError(path, 'start and end must be whole numbers with 0 <= start <= end');
      if (end > cpLen) throw new RecordError(path, `offset ${end} is past the end of the source text (${cpLen} characters)`);
      if (typeof sp !== 'number' || !speakers[sp]) throw new RecordError(`${path}/2`, `speaker ${String(sp)} is not in "speakers"`);
      if (time !== undefined && time !== null && typeof time !== 'number' && !(Array.isArray(time) && time.length === 2 && time.every((x) => typeof x === 'number' || x === null))) throw new RecordError(`${path}/3`, 'time must be a number or [start, end]');
      if (turn !== undefined && turn !== null && !isOffset(turn)) throw new RecordError(`${path}/4`, 'turn must be a whole number');
      if (metaS !== undefined && !isObj(metaS)) throw new RecordError(`${path}/5`, 'meta must be an object');
      const a = map ? map.toUtf16(start) : start;
      const b = map ? map.toUtf16(end) : end;
      const [speaker, role] = speakers[sp] as [string | null, Segment['role']];
      const tm = time === undefined || time === null ? undefined : typeof time === 'number' ? { start: time } : { start: (time as number[])[0], end: (time as number[])[1] };
      segments.push({
        id: `${id}#${i}`,
        sourceId: id,
        index: i,
        unit: head.unit,
        speaker,
        role,
        start,
        end,
        ...(tm ? { time: tm } : {}),
        text: keepText ? text.slice(a, b) : '',
        line: lines.at(a),
        turn: turn === undefined || turn === null ? i : turn,
        ...(metaS !== undefined ? { meta: metaS as Record<string, string> } : {}),
      });
    } else if (isObj(r)) {
      if (typeof r.id !== 'string' || typeof r.sourceId !== 'string') throw new RecordError(path, 'a segment must be a [start, end, speaker, …] tuple or an object with string "id" and "sourceId"');
      if (!isOffset(r.start) || !isOffset(r.end) || r.end < r.start) throw new RecordError(path, '"start" and "end" must be whole numbers with 0 <= start <= end');
      if (r.text !== undefined && typeof r.text !== 'string') throw new RecordError(`${path}/text`, '"text" must be a string');
      let segText = r.text as string | undefined;
      if (segText === undefined) {
        if (r.end > cpLen) throw new RecordError(path, `offset ${r.end} is past the end of the source text (${cpLen} characters)`);
        segText = text.slice(map ? map.toUtf16(r.start) : r.start, map ? map.toUtf16(r.end) : r.end);
      }
      const { text: _x, ...rest } = r;
      // (the key order of the data model: text after time)
      const seg = rest as unknown as Segment;
      segments.push(withTextAfterTime(seg, keepText ? segText : ''));
    } else throw new RecordError(path, 'a segment must be a [start, end, speaker, …] tuple or an object');
  }
  const codings: Coding[] = [];
  if (codRaw !== undefined && !Array.isArray(codRaw)) throw new RecordError('/codings', '"codings" must be an array');
  const ids = new CodingIds();
  const codList = (codRaw as unknown[] | undefined) ?? [];
  for (let i = 0; i < codList.length; i++) codings.push(decodeCoding(codList[i], `/codings/${i}`, id, segments, ids, head.rules, cpLen, text.length > 0));
  return { source, segments, codings };
}

function withTextAfterTime(seg: Segment, text: string): Segment {
  const out: Record<string, unknown> = {};
  let placed = false;
  for (const k of Object.keys(seg)) {
    if (!placed && (k === 'line' || k === 'turn' || k === 'meta')) {
      out.text = text;
      placed = true;
    }
    out[k] = (seg as unknown as Record<string, unknown>)[k];
  }
  if (!placed) out.text = text;
  return out as unknown as Segment;
}

/** A coding record back to the model (`sourceId`: of the enclosing source; undefined for codings outside any source). */
export function decodeCoding(r: unknown, path: string, sourceId: string | undefined, segments: readonly Segment[], ids: CodingIds, rules: RuleIndex, cpLen: number, hasText: boolean): Coding {
  if (!isObj(r)) throw new RecordError(path, 'a coding must be an object');
  const src = r.source ?? sourceId;
  if (typeof src !== 'string') throw new RecordError(`${path}/source`, 'a coding outside a source must name its "source"');
  if (typeof r.code !== 'string') throw new RecordError(`${path}/code`, '"code" must be a string');
  // no coder: the rules' coding (with its rule, compact or in full); without a rule it is no rules
  // coding (a coding added by hand): counted as coder "human", and said by the reader (coderLeftOut)
  const leftOut = r.coder === undefined && !(r.rule !== undefined || (isObj(r.evidence) && hasRuleEvidence(r.evidence as Evidence)));
  const coder = r.coder ?? (leftOut ? 'human' : 'rules');
  if (typeof coder !== 'string') throw new RecordError(`${path}/coder`, '"coder" must be a string');
  let seg: Segment | undefined;
  let segmentId: string | undefined;
  if (typeof r.segment === 'number') {
    seg = segments[r.segment];
    if (!seg) throw new RecordError(`${path}/segment`, `segment ${r.segment} is not in this source (it has ${segments.length})`);
    segmentId = seg.id;
  } else if (typeof r.segment === 'string') segmentId = r.segment;
  else if (r.segment !== undefined) throw new RecordError(`${path}/segment`, '"segment" must be an index or a segment id');
  const start = r.start ?? seg?.start;
  const end = r.end ?? seg?.end;
  if (!isOffset(start) || !isOffset(end) || end < start) throw new RecordError(path, '"start" and "end" must be whole numbers with 0 <= start <= end');
  if (hasText && src === sourceId && end > cpLen) throw new RecordError(`${path}/end`, `offset ${end} is past the end of source "${src}" (${cpLen} characters)`);
  if (r.score !== undefined && typeof r.score !== 'number') throw new RecordError(`${path}/score`, '"score" must be a number');
  let evidence: Evidence | undefined;
  if (r.evidence !== undefined) {
    if (!isObj(r.evidence)) throw new RecordError(`${path}/evidence`, '"evidence" must be an object');
    evidence = r.evidence as Evidence;
  } else if (r.rule !== undefined || r.matches !== undefined || r.marker !== undefined || r.features !== undefined) {
    const e: Record<string, unknown> = {};
    if (r.rule !== undefined) {
      if (!(typeof r.rule === 'string' || (Array.isArray(r.rule) && r.rule.every((k) => typeof k === 'string')))) throw new RecordError(`${path}/rule`, '"rule" must be a key of the rules table');
      const code = r.code;
      const abs = (k: string) => (rules.entries.has(`${code}/${k}`) ? `${code}/${k}` : k);
      const f = rules.evidenceOf(typeof r.rule === 'string' ? abs(r.rule) : (r.rule as string[]).map(abs));
      if (!f) throw new RecordError(`${path}/rule`, `rule ${JSON.stringify(r.rule)} is not in the document's "rules"`);
      Object.assign(e, f);
    }
    if (r.matches !== undefined) {
      const ok = (m: unknown) => Array.isArray(m) && ((m.length === 3 && isOffset(m[0]) && isOffset(m[1]) && typeof m[2] === 'string') || (m.length === 2 && isOffset(m[0]) && typeof m[1] === 'string'));
      if (!Array.isArray(r.matches) || !r.matches.every(ok)) throw new RecordError(`${path}/matches`, '"matches" must be a list of [start, word] or [start, end, word]');
      e.matches = (r.matches as Array<[number, number, string] | [number, string]>).map((m) => (m.length === 2 ? { start: m[0], end: m[0] + cpLength(m[1]), term: m[1] } : { start: m[0], end: m[1], term: m[2] }));
    }
    if (r.marker !== undefined) e.marker = r.marker;
    if (r.features !== undefined) e.features = r.features;
    if (Array.isArray(r.evidenceOrder)) {
      const o: Record<string, unknown> = {};
      for (const k of r.evidenceOrder as string[]) if (k in e) o[k] = e[k];
      for (const k of Object.keys(e)) if (!(k in o)) o[k] = e[k];
      evidence = o as Evidence;
    } else evidence = e as Evidence;
  }
  if (r.memo !== undefined && typeof r.memo !== 'string') throw new RecordError(`${path}/memo`, '"memo" must be a string');
  if (r.attributes !== undefined && (!isObj(r.attributes) || Object.values(r.attributes).some((v) => typeof v !== 'string'))) throw new RecordError(`${path}/attributes`, '"attributes" must be an object of strings');
  if (r.ref !== undefined && typeof r.ref !== 'string') throw new RecordError(`${path}/ref`, '"ref" must be a string');
  if (r.links !== undefined && !(Array.isArray(r.links) && r.links.every((l) => isObj(l) && typeof l.to === 'string'))) throw new RecordError(`${path}/links`, '"links" must be a list of objects with a string "to"');
  const base = { sourceId: src, ...(segmentId !== undefined ? { segmentId } : {}), code: r.code, coder, start, end };
  const derived = ids.next(base);
  if (r.id !== undefined && typeof r.id !== 'string') throw new RecordError(`${path}/id`, '"id" must be a string');
  const c: Record<string, unknown> = {
    id: (r.id as string | undefined) ?? derived,
    sourceId: src,
    ...(segmentId !== undefined ? { segmentId } : {}),
    code: r.code,
    coder,
    start,
    end,
    ...(r.score !== undefined ? { score: r.score } : {}),
    ...(evidence !== undefined ? { evidence } : {}),
    ...(r.memo !== undefined ? { memo: r.memo } : {}),
    ...(r.attributes !== undefined ? { attributes: r.attributes } : {}),
    ...(r.ref !== undefined ? { ref: r.ref } : {}),
    ...(r.links !== undefined ? { links: r.links } : {}),
  };
  if (isObj(r.more)) for (const [k, v] of Object.entries(r.more)) c[k] = v;
  if (leftOut) LEFT_OUT.set(c, path);
  return c as unknown as Coding;
}

/** Codings read without coder and without rule (decodeCoding): their path in their record. */
const LEFT_OUT = new WeakMap<object, string>();

/**
 * Whether this coding was read without a coder and without a rule (counted as coder "human"),
 * and then its path within its record (`/codings/3`; '' for a record of its own).
 */
export function coderLeftOut(c: Coding): string | undefined {
  return LEFT_OUT.get(c);
}

/** Evidence naming the rule that coded (its id or its text): what a rules coding without coder has. */
function hasRuleEvidence(ev: Evidence | undefined): boolean {
  return typeof ev === 'object' && ev !== null && (ev.ruleId !== undefined || ev.rule !== undefined);
}

/** A coding outside any source (its source is not in the document), as a record with its own source and segment id. */
export function encodeLooseCoding(c: Coding, ids: CodingIds, rules: RuleIndex): string {
  const out = new Utf8Out(1024);
  writeCoding(out, c, undefined, new Map(), [], ids, rules, true);
  return decoder.decode(out.bytes());
}
