/**
 * Reading codings documents of schema version 2 (JSON and JSON Lines, see
 * model/codings-format.ts) and checking the version of any codings JSON. A large JSON
 * document is read member by member (json-members.ts) and JSON Lines line by line, so that
 * neither is ever one string; with `text: false` the sources' and segments' texts are not kept.
 */
import { createReadStream } from 'node:fs';
import type { CodeRef, CodebookRef, Coding, CodingsDocument, Diagnostic, Provenance, RelationRef, Segment, Source, Unit } from '../model/types.js';
import { segmentPlace, setCodingPlace, setSegmentPlace } from './coding-places.js';
import { CODINGS_SCHEMA_VERSION, CodingIds, RecordError, RuleIndex, decodeCoding, decodeSource, type RuleEntry } from '../model/codings-format.js';
import { inputError, type Report } from '../model/errors.js';
import { didYouMean } from '../model/did-you-mean.js';
import { cpLength } from '../model/codepoints.js';
import { VERSION } from '../version.js';
import { JsonMemberScanner, JsonScanError } from './json-members.js';
import { duplicateJsonKeys, mayHaveDuplicateKeys, valueAfterKey } from '../model/json-keys.js';

export interface ReadCodingsDocumentOptions {
  /** Keep the sources' and segments' texts (default true). Commands that only count say false. */
  readonly text?: boolean;
  /** Receives the warnings of the reading (keys of coding records that are not read). */
  readonly report?: Report;
}

/** The keys of a coding record (model/codings-format.ts writes these, and reads nothing else; its own fields go under "more"). */
const CODING_KEYS = new Set(['source', 'segment', 'code', 'coder', 'start', 'end', 'score', 'evidence', 'rule', 'matches', 'marker', 'features', 'evidenceOrder', 'memo', 'attributes', 'ref', 'links', 'id', 'more']);

/**
 * Keys of coding records that the reader does not read (a hand edit: "Memo", "note", a field of
 * another tool). They were left out without a word, also from a document written again (qda
 * anonymize --codings). Counted per key with the first place, said once by `report`.
 */
class UnreadKeys {
  private readonly keys = new Map<string, { n: number; first: { path?: string; line?: number } }>();
  note(rec: unknown, place: () => { path?: string; line?: number }): void {
    if (!rec || typeof rec !== 'object' || Array.isArray(rec)) return;
    for (const k in rec) {
      if (CODING_KEYS.has(k)) continue;
      const e = this.keys.get(k);
      if (e) e.n++;
      else this.keys.set(k, { n: 1, first: place() });
    }
  }
  report(file: string, report: Report | undefined): void {
    if (!report || !this.keys.size) return;
    const list = [...this.keys];
    const at = (p: { path?: string; line?: number }) => (p.line !== undefined ? `line ${p.line}` : p.path ?? '');
    const near = list.map(([k]) => didYouMean(k, [...CODING_KEYS])[0]).find((x) => x !== undefined);
    report({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'coding-key-not-read',
      message: `${list.length} key(s) of coding records are not read, and are not kept when the document is written again: ${list
        .slice(0, 8)
        .map(([k, e]) => `"${k}" (${e.n} coding${e.n === 1 ? '' : 's'}, first at ${at(e.first)})`)
        .join(', ')}${list.length > 8 ? `, … (+${list.length - 8})` : ''}`,
      file,
      ...list[0][1].first,
      ...(near ? { expected: [near] } : {}),
      hint: 'correct the key (a coding reads: code, coder, segment, start, end, memo, attributes, …), or keep your own fields in an object under "more" (kept as they are)',
    });
  }
}

/**
 * Refuses a piece of a codings document (the whole text, a line of JSON Lines, a member or an
 * element of a large document) that gives a key twice in one object: JSON.parse keeps the last
 * (a second "code" in a coding, a second "segments" or "codings" in a source), so the first was
 * dropped without a word. The exact search runs only when the cheap count says a key may be
 * given twice. `at`: the piece's place in the file (its first line; its JSON path).
 */
export function refuseDuplicateKeys(text: string, parsed: unknown, file: string, at: { line?: number; path?: string } = {}): void {
  if (!mayHaveDuplicateKeys(text, parsed)) return;
  const dups = duplicateJsonKeys(text);
  if (!dups.length) return;
  const place = (offset: number) => {
    let line = at.line ?? 1;
    let lineStart = 0;
    for (let k = text.indexOf('\n'); k >= 0 && k < offset; k = text.indexOf('\n', k + 1)) {
      line++;
      lineStart = k + 1;
    }
    return { line, column: offset - lineStart + 1 };
  };
  const d = dups[0];
  const second = place(d.offset);
  const first = place(d.first);
  const firstValue = valueAfterKey(text, d.first);
  const lastValue = valueAfterKey(text, d.offset);
  const lines = first.line === second.line ? `line ${first.line}, columns ${first.column} and ${second.column}` : `lines ${first.line} and ${second.line}`;
  throw inputError('ingest', 'duplicate-key', `the codings document gives the key "${d.key}" twice in one object${at.path ? ` (in ${at.path})` : ''}, at ${lines}: JSON keeps only the last (${lastValue}), so the first (${firstValue}) would be dropped without a word${dups.length > 1 ? `; ${dups.length - 1} more key(s) are given twice after it (${[...new Set(dups.slice(1).map((x) => `"${x.key}"`))].slice(0, 5).join(', ')})` : ''}`, {
    file,
    line: second.line,
    column: second.column,
    ...(at.path ? { path: at.path } : {}),
    actual: d.key,
    hint: `keep one "${d.key}" in each object: remove the other, or, if both are meant (two codes of one passage), give the second its own coding (a source's segments and codings are one list each); fields of your own go in an object under "more"`,
  });
}

const damaged = (file: string, path: string, what: string) =>
  inputError('ingest', 'bad-codings-document', `the codings document is damaged: ${what}`, {
    file,
    path,
    hint: 'regenerate it with `qda code … -o codings.json`, or fix the value at that path',
  });

/**
 * The ids seen so far in one codings document: a second source or segment under an id already
 * taken stops the reading (exit 2) with both places, because every later step keys on the id and
 * would silently merge the two (codings under the first's case, a segment dropped).
 */
export class DocumentIds {
  private readonly sources = new Map<string, { place: string; path?: string }>();
  private readonly segments = new Map<string, string>();
  constructor(
    readonly file: string,
    /** How a place is given: a JSON path or a line number. */
    readonly where: (place: string) => { path?: string; line?: number },
  ) {}

  source(id: string, place: string, path?: string): void {
    const had = this.sources.get(id);
    if (!had) {
      this.sources.set(id, { place, ...(path !== undefined ? { path } : {}) });
      return;
    }
    const name = (p: string, sp?: string) => `${p}${sp ? ` (${sp})` : ''}`;
    throw inputError('ingest', 'duplicate-source-id', `the codings document has two sources with the id "${id}": ${name(had.place, had.path)} and ${name(place, path)}; their segments and codings cannot be told apart (they would be counted as one source)`, {
      file: this.file,
      ...this.where(place),
      hint: `give one of them its own "id" (e.g. "${id}-2") and change that source's codings and segments ("sourceId") with it, or code the sources again in one run (qda code numbers sources of one name r1, r1-2)`,
    });
  }

  hasSegment(id: string): boolean {
    return this.segments.has(id);
  }

  segment(id: string, place: string): void {
    const had = this.segments.get(id);
    if (had === undefined) {
      this.segments.set(id, place);
      return;
    }
    throw inputError('ingest', 'duplicate-segment-id', `the codings document has two segments with the id "${id}": ${had} and ${place}; codings of that segment cannot be told apart (the second segment would be dropped)`, {
      file: this.file,
      ...this.where(place),
      hint: `give one of them its own "id" (and change the "segmentId" of its codings with it), or write the document again with \`qda code … -o codings.json\``,
    });
  }
}

/** The schema version of a parsed document head (1 when absent); a newer one than this qdakit reads is an input error naming both. */
export function checkSchemaVersion(v: unknown, file: string): number {
  if (v === undefined) return 1;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw damaged(file, '/schemaVersion', `"schemaVersion" must be a whole number ≥ 1, not ${JSON.stringify(v)}`);
  if (v > CODINGS_SCHEMA_VERSION) {
    throw inputError('ingest', 'codings-schema-version', `this codings document has schema version ${v}, but this qdakit (${VERSION}) reads schema versions 1 to ${CODINGS_SCHEMA_VERSION}`, {
      file,
      path: '/schemaVersion',
      expected: Array.from({ length: CODINGS_SCHEMA_VERSION }, (_, i) => String(i + 1)),
      actual: String(v),
      hint: 'update qdakit (npm install -g qdakit@latest), or write the document again with this version (qda code … -o codings.json)',
    });
  }
  return v;
}

/** An element of a document: its JSON text as read from the file, or the value parsed already. */
type Piece = string | { readonly parsed: unknown };

/** Puts a version-2 document together from its members (in any order; sources wait until the rules and unit are known). */
export class V2Assembler {
  private provenance: Provenance | undefined;
  private codebooks: CodebookRef[] = [];
  private codes: CodeRef[] = [];
  private codesFound: CodeRef[] = [];
  private warnings: Diagnostic[] = [];
  private rules: RuleIndex | undefined;
  private unit: Unit | undefined;
  private relations: RelationRef[] | undefined;
  private readonly sources: Source[] = [];
  private readonly segments: Segment[] = [];
  private readonly codings: Coding[] = [];
  private readonly otherSegments: Segment[] = [];
  private readonly otherCodings: Coding[] = [];
  private readonly looseIds = new CodingIds();
  readonly unread = new UnreadKeys();
  private readonly unreadTop: Array<{ key: string; n: number | undefined }> = [];
  /** Source records that came before the rules and unit (JSON text, index). */
  private waiting: Array<{ json: Piece; i: number; line?: number }> = [];
  private waitingCodings: Array<{ json: Piece; i: number; line?: number }> = [];
  /** Elements come as the file's text (a large document read piece by piece): look for keys given twice in them. */
  checkKeys = false;
  private headDone = false;
  private seenKeys = new Set<string>();
  private readonly ids: DocumentIds;

  constructor(
    readonly file: string,
    readonly opts: ReadCodingsDocumentOptions = {},
  ) {
    this.ids = new DocumentIds(file, (path) => ({ path }));
  }

  private parse(json: Piece, path: string, line?: number): unknown {
    if (typeof json !== 'string') return json.parsed;
    let v: unknown;
    try {
      v = JSON.parse(json);
    } catch (e) {
      throw damaged(this.file, path, `not valid JSON: ${(e as Error).message}`);
    }
    if (this.checkKeys) refuseDuplicateKeys(json, v, this.file, { path, ...(line !== undefined ? { line } : {}) });
    return v;
  }

  member(key: string, value: unknown): void {
    this.seenKeys.add(key);
    const f = this.file;
    const arr = (v: unknown, what: string): unknown[] => {
      if (!Array.isArray(v)) throw damaged(f, `/${what}`, `"${what}" must be an array`);
      return v;
    };
    const objs = (v: unknown, what: string) => {
      const a = arr(v, what);
      a.forEach((x, i) => {
        if (!x || typeof x !== 'object' || Array.isArray(x) || typeof (x as { id?: unknown }).id !== 'string') throw damaged(f, `/${what}/${i}`, `an entry of "${what}" must be an object with a string "id"`);
      });
      return a as never[];
    };
    switch (key) {
      case 'schemaVersion':
        checkSchemaVersion(value, f);
        break;
      case 'provenance':
        if (!value || typeof value !== 'object') throw damaged(f, '/provenance', '"provenance" must be an object');
        this.provenance = value as Provenance;
        break;
      case 'codebooks':
        this.codebooks = objs(value, 'codebooks');
        break;
      case 'codes':
        this.codes = objs(value, 'codes');
        break;
      case 'codesFound':
        this.codesFound = objs(value, 'codesFound');
        break;
      case 'warnings':
        // (what qda code said while making the document: kept, for the commands that say it again)
        this.warnings = arr(value, 'warnings').map((x, i) => {
          const d = x as Partial<Diagnostic> | null;
          if (!d || typeof d !== 'object' || Array.isArray(d) || typeof d.message !== 'string' || typeof d.ruleId !== 'string' || (d.severity !== 'warning' && d.severity !== 'info' && d.severity !== 'error')) {
            throw damaged(f, `/warnings/${i}`, 'an entry of "warnings" must be an object with "severity" (warning, info), "ruleId" and "message"');
          }
          return { ...(d as Diagnostic), source: typeof d.source === 'string' ? d.source : 'ingest' };
        });
        break;
      case 'rules': {
        if (!value || typeof value !== 'object' || Array.isArray(value)) throw damaged(f, '/rules', '"rules" must be an object (rule key → rule)');
        for (const [k, e] of Object.entries(value as Record<string, unknown>)) {
          if (!e || typeof e !== 'object' || typeof (e as RuleEntry).text !== 'string') throw damaged(f, `/rules/${k}`, 'a rule must be an object with a string "text"');
        }
        this.rules = RuleIndex.from(value as Record<string, RuleEntry>);
        break;
      }
      case 'relations':
        this.relations = objs(value, 'relations');
        break;
      case 'unit':
        if (value !== 'turn' && value !== 'sentence' && value !== 'paragraph') throw damaged(f, '/unit', '"unit" must be turn, sentence or paragraph');
        this.unit = value;
        break;
      case 'sources':
      case 'otherSegments':
      case 'otherCodings':
        // (already parsed: each element as it is, not written out as JSON text and parsed again)
        arr(value, key).forEach((x, i) => this.element(key, i, { parsed: x }));
        break;
      case '$schema':
        break;
      default:
        // (a key of another version or a hand edit — a `codings` array as version 1 had, a list of
        // one's own — is not read: said at the end, with what it holds)
        this.unreadTop.push({ key, n: Array.isArray(value) ? value.length : undefined });
        break;
    }
  }

  private ready(): boolean {
    if (!this.headDone && this.rules && this.unit && this.seenKeys.has('schemaVersion')) {
      this.headDone = true;
      const w = this.waiting;
      this.waiting = [];
      for (const x of w) this.source(x.json, x.i, x.line);
      const wc = this.waitingCodings;
      this.waitingCodings = [];
      for (const x of wc) this.element('otherCodings', x.i, x.json, x.line);
    }
    return this.headDone;
  }

  /** One element of `key` (its JSON text; `line`: where it starts in the file, when read from it). */
  element(key: string, i: number, json: Piece, line?: number): void {
    if (key === 'sources') {
      if (!this.ready()) this.waiting.push({ json, i, line });
      else this.source(json, i, line);
    } else if (key === 'otherSegments') {
      const g = this.parse(json, `/otherSegments/${i}`, line) as Segment;
      if (!g || typeof g !== 'object' || typeof g.sourceId !== 'string' || typeof g.id !== 'string') throw damaged(this.file, `/otherSegments/${i}`, 'a segment must be an object with string "id" and "sourceId"');
      this.ids.segment(g.id, `/otherSegments/${i}`);
      const kept = this.opts.text === false ? { ...g, text: '' } : g;
      setSegmentPlace(kept, { path: `/otherSegments/${i}` });
      this.otherSegments.push(kept);
    } else if (key === 'otherCodings') {
      if (!this.ready()) return void this.waitingCodings.push({ json, i, line });
      try {
        const rec = this.parse(json, `/otherCodings/${i}`, line);
        this.unread.note(rec, () => ({ path: `/otherCodings/${i}` }));
        const c = decodeCoding(rec, '', undefined, [], this.looseIds, this.rules!, 0, false);
        setCodingPlace(c, { path: `/otherCodings/${i}` });
        this.otherCodings.push(c);
      } catch (e) {
        if (e instanceof RecordError) throw damaged(this.file, `/otherCodings/${i}${e.path}`, e.message);
        throw e;
      }
    }
  }

  private source(json: Piece, i: number, line?: number): void {
    const rec = this.parse(json, `/sources/${i}`, line);
    const cods = rec && typeof rec === 'object' ? (rec as { codings?: unknown }).codings : undefined;
    if (Array.isArray(cods)) cods.forEach((c, j) => this.unread.note(c, () => ({ path: `/sources/${i}/codings/${j}` })));
    try {
      const { source, segments, codings } = decodeSource(rec, { rules: this.rules!, unit: this.unit! }, this.opts);
      this.ids.source(source.id, `/sources/${i}`, typeof source.path === 'string' ? source.path : undefined);
      for (let j = 0; j < segments.length; j++) this.ids.segment(segments[j].id, `/sources/${i}/segments/${j}`);
      this.sources.push(source);
      for (const s of segments) this.segments.push(s);
      // (the codings of a source are in its record: its path is their place)
      const place = { path: `/sources/${i}` };
      for (const c of codings) {
        setCodingPlace(c, place);
        this.codings.push(c);
      }
    } catch (e) {
      if (e instanceof RecordError) throw damaged(this.file, `/sources/${i}${e.path}`, e.message);
      throw e;
    }
  }

  finish(): CodingsDocument {
    if (!this.seenKeys.has('schemaVersion')) throw damaged(this.file, '/schemaVersion', 'no "schemaVersion"');
    if (!this.ready()) {
      if (this.waiting.length || this.waitingCodings.length) throw damaged(this.file, this.rules ? '/unit' : '/rules', `no "${this.rules ? 'unit' : 'rules'}" (needed to read the sources)`);
    }
    for (const s of this.otherSegments) this.segments.push(s);
    for (const c of this.otherCodings) this.codings.push(c);
    this.unread.report(this.file, this.opts.report);
    if (this.unreadTop.length && this.opts.report) {
      const list = this.unreadTop.map((t) => `"${t.key}"${t.n !== undefined ? ` (a list of ${t.n})` : ''}`);
      const codings = this.unreadTop.find((t) => t.key === 'codings');
      this.opts.report({
        severity: 'warning',
        source: 'ingest',
        ruleId: 'document-key-not-read',
        message: `${list.length} key(s) of the codings document are not read: ${list.join(', ')}; what they hold does not count${codings ? ' (a "codings" list is the form of version 1: in version 2 the codings of a source are under its record in "sources", the rest under "otherCodings")' : ''}`,
        file: this.file,
        path: `/${this.unreadTop[0].key}`,
        hint: 'move what they hold to where the document keeps it (sources[i].codings, or otherCodings with "source"), or remove them',
      });
    }
    return {
      provenance: this.provenance ?? { tool: 'qdakit', version: VERSION },
      codebooks: this.codebooks,
      codes: this.codesFound.length ? [...this.codes, ...this.codesFound] : this.codes,
      sources: this.sources,
      segments: this.segments,
      codings: this.codings,
      ...(this.relations ? { relations: this.relations } : {}),
      ...(this.warnings.length ? { warnings: this.warnings } : {}),
    };
  }
}

/** A parsed version-2 JSON document (held in memory) → the data model. */
export function fromParsedV2(d: Record<string, unknown>, file: string, opts: ReadCodingsDocumentOptions = {}): CodingsDocument {
  const a = new V2Assembler(file, opts);
  // the head first, so that the sources can be decoded as they come
  const order = ['schemaVersion', 'provenance', 'codebooks', 'codes', 'rules', 'relations', 'unit', 'codesFound', 'warnings'];
  for (const k of order) if (k in d) a.member(k, d[k]);
  for (const k of Object.keys(d)) if (!order.includes(k)) a.member(k, d[k]);
  return a.finish();
}

/** JSON Lines (`qda code --format jsonl`): a head line, per source a source line and its codings, an end line. */
export class JsonlAssembler {
  private readonly a: V2Assembler;
  private current: { source: Source; segments: Segment[]; codings: Coding[]; ids: CodingIds; cpLen: number } | undefined;
  private lineNo = 0;
  private ended: { sources: number; codings: number } | undefined;
  private nSources = 0;
  private nCodings = 0;
  private rules!: RuleIndex;
  private unit!: Unit;
  private readonly sources: Source[] = [];
  private readonly segments: Segment[] = [];
  private readonly codings: Coding[] = [];
  private readonly looseIds = new CodingIds();
  private head: Record<string, unknown> | undefined;
  private readonly ids: DocumentIds;

  constructor(
    readonly file: string,
    readonly opts: ReadCodingsDocumentOptions = {},
  ) {
    this.a = new V2Assembler(file, opts);
    this.ids = new DocumentIds(file, () => ({ line: this.lineNo }));
  }

  private bad(what: string, hint = 'write the file again with `qda code … --format jsonl -o FILE`'): never {
    throw inputError('ingest', 'bad-codings-jsonl', what, { file: this.file, line: this.lineNo, hint });
  }

  line(text: string, lastWithoutNewline = false): void {
    this.lineNo++;
    if (text.trim() === '') return;
    if (this.ended) this.bad(`line ${this.lineNo} comes after the end line`);
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch (e) {
      if (lastWithoutNewline) this.bad(`the file is truncated: line ${this.lineNo} is cut off (${(e as Error).message})`, 'the run that wrote it did not finish, or the file was cut: write it again with `qda code … --format jsonl -o FILE`');
      this.bad(`line ${this.lineNo} is not valid JSON: ${(e as Error).message}`);
    }
    if (!v || typeof v !== 'object' || Array.isArray(v)) this.bad(`line ${this.lineNo} is not a JSON object`);
    refuseDuplicateKeys(text, v, this.file, { line: this.lineNo });
    const o = v as Record<string, unknown>;
    if (!this.head) {
      if (o.format !== 'jsonl') this.bad('the first line is not the head of a qdakit JSON Lines codings file (no "format": "jsonl")');
      checkSchemaVersion(o.schemaVersion, this.file);
      this.head = o;
      for (const k of ['schemaVersion', 'provenance', 'codebooks', 'codes', 'rules', 'relations', 'unit']) if (k in o) this.wrap(() => this.a.member(k, o[k]));
      if (!o.rules || !o.unit) this.bad('the head line has no "rules" or "unit"');
      this.rules = RuleIndex.from(o.rules as Record<string, RuleEntry>);
      this.unit = o.unit as Unit;
      return;
    }
    if (typeof o.source === 'object' && o.source !== null) {
      this.flush();
      this.nSources++;
      const { source, segments } = this.wrap(() => decodeSource(o.source, { rules: this.rules, unit: this.unit }, this.opts));
      this.ids.source(source.id, `line ${this.lineNo}`, typeof source.path === 'string' ? source.path : undefined);
      for (let j = 0; j < segments.length; j++) this.ids.segment(segments[j].id, `line ${this.lineNo} (/source/segments/${j})`);
      this.current = { source, segments, codings: [], ids: new CodingIds(), cpLen: cpLength(source.text) };
      return;
    }
    if (o.segment && typeof o.segment === 'object') {
      const g = o.segment as Segment;
      if (typeof g.id !== 'string' || typeof g.sourceId !== 'string') this.bad(`line ${this.lineNo}: a segment must have string "id" and "sourceId"`);
      this.ids.segment(g.id, `line ${this.lineNo}`);
      const kept = this.opts.text === false ? { ...g, text: '' } : g;
      setSegmentPlace(kept, { line: this.lineNo });
      this.segments.push(kept);
      return;
    }
    if (o.end && typeof o.end === 'object') {
      this.flush();
      const e = o.end as { sources?: unknown; codings?: unknown; codesFound?: unknown; warnings?: unknown };
      this.ended = { sources: Number(e.sources), codings: Number(e.codings) };
      if (e.codesFound !== undefined) this.wrap(() => this.a.member('codesFound', e.codesFound));
      if (e.warnings !== undefined) this.wrap(() => this.a.member('warnings', e.warnings));
      if (this.ended.sources !== this.nSources || this.ended.codings !== this.nCodings) {
        this.bad(`the end line counts ${String(e.sources)} sources and ${String(e.codings)} codings, but the file has ${this.nSources} and ${this.nCodings} (lines were removed or added)`);
      }
      return;
    }
    if (typeof o.code === 'string') {
      this.nCodings++;
      this.a.unread.note(o, () => ({ line: this.lineNo }));
      const cur = this.current;
      let c: Coding;
      if (cur && o.source === cur.source.id) {
        cur.codings.push((c = this.wrap(() => decodeCoding(o, '', cur.source.id, cur.segments, cur.ids, this.rules, cur.cpLen, cur.source.text.length > 0))));
      } else {
        this.codings.push((c = this.wrap(() => decodeCoding(o, '', undefined, [], this.looseIds, this.rules, 0, false))));
      }
      setCodingPlace(c, { line: this.lineNo });
      return;
    }
    this.bad(`line ${this.lineNo} is neither a source, a coding nor the end line`);
  }

  private wrap<T>(f: () => T): T {
    try {
      return f();
    } catch (e) {
      if (e instanceof RecordError) this.bad(`line ${this.lineNo}${e.path ? ` (${e.path})` : ''}: ${e.message}`);
      throw e;
    }
  }

  private readonly codingsInOrder: Coding[] = [];
  private flush(): void {
    const cur = this.current;
    if (!cur) return;
    this.sources.push(cur.source);
    for (const s of cur.segments) this.segments.push(s);
    for (const c of cur.codings) this.codingsInOrder.push(c);
    this.current = undefined;
  }

  finish(): CodingsDocument {
    if (!this.head) this.bad('the file is empty');
    if (!this.ended) {
      this.bad(`the file is truncated: it ends at line ${this.lineNo} without the end line that \`qda code --format jsonl\` writes last`, 'the run that wrote it did not finish, or the file was cut: write it again');
    }
    const base = this.a.finish();
    return { ...base, sources: this.sources, segments: this.segments, codings: [...this.codingsInOrder, ...this.codings] };
  }
}

/** Does this text (the start of a file) begin with the head line of a JSON Lines codings file? */
export function looksLikeJsonl(start: string): boolean {
  return /^\s*\{[^\n]*"format"\s*:\s*"jsonl"/.test(start.slice(0, 1 << 16));
}

/** JSON Lines text held in memory → the data model. */
export function parseCodingsJsonl(text: string, file: string, opts: ReadCodingsDocumentOptions = {}): CodingsDocument {
  const j = new JsonlAssembler(file, opts);
  let from = 0;
  for (;;) {
    const at = text.indexOf('\n', from);
    if (at < 0) {
      if (from < text.length) j.line(text.slice(from), true);
      break;
    }
    j.line(text.slice(from, at > from && text.charCodeAt(at - 1) === 13 ? at - 1 : at));
    from = at + 1;
  }
  return j.finish();
}

/** Chunks of a UTF-8 file as text (a BOM dropped). */
/**
 * The text of a large codings file, piece by piece, as UTF-8. Every piece is searched for a NUL
 * byte and decoded strictly, in the whole file (not only its first part): a NUL or bytes that are
 * not UTF-8 stop the reading with the place of the first (line and column; the count of NULs).
 * (A lenient decoder turned them into U+FFFD, or left the NUL to a JSON error without its place.)
 */
async function* textChunks(full: string, file: string): AsyncGenerator<string> {
  const dec = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let first = true;
  let at = 0;
  for await (const b of createReadStream(full, { highWaterMark: 1 << 20 })) {
    const buf = b as Buffer;
    const nul = buf.indexOf(0);
    if (nul >= 0) throw await nulInFile(full, file, at + nul);
    let s: string;
    try {
      s = dec.decode(buf, { stream: true });
    } catch {
      throw await notUtf8InFile(full, file, Math.max(0, at - 3));
    }
    at += buf.length;
    if (first && s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    first = false;
    if (s) yield s;
  }
  let rest: string;
  try {
    rest = dec.decode();
  } catch {
    throw await notUtf8InFile(full, file, Math.max(0, at - 3));
  }
  if (rest) yield rest;
}

/** Line and column (1-based; the column in characters, as UTF-8) of byte `offset` of a file. */
async function placeOfByteInFile(full: string, offset: number): Promise<{ line: number; column: number }> {
  const { open } = await import('node:fs/promises');
  const fh = await open(full, 'r');
  try {
    let line = 1;
    let lineStart = 0;
    const buf = Buffer.alloc(1 << 20);
    for (let pos = 0; pos < offset; ) {
      const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, offset - pos), pos);
      if (!bytesRead) break;
      for (let i = buf.indexOf(10); i !== -1 && i < bytesRead; i = buf.indexOf(10, i + 1)) {
        line++;
        lineStart = pos + i + 1;
      }
      pos += bytesRead;
    }
    const before = Buffer.alloc(offset - lineStart);
    await fh.read(before, 0, before.length, lineStart);
    return { line, column: [...before.toString('utf8')].length + 1 };
  } finally {
    await fh.close();
  }
}

/** The refusal of a large codings file with a NUL byte at byte `offset` (the first): its place and how many there are. */
async function nulInFile(full: string, file: string, offset: number): Promise<Error> {
  let count = 0;
  let base = 0;
  for await (const b of createReadStream(full, { highWaterMark: 1 << 20 })) {
    const buf = b as Buffer;
    if (base + buf.length > offset) for (let i = buf.indexOf(0, Math.max(0, offset - base)); i !== -1; i = buf.indexOf(0, i + 1)) count++;
    base += buf.length;
  }
  const { line, column } = await placeOfByteInFile(full, offset);
  const held = count <= 1 ? 'a NUL byte (a character that is never text) at' : `${count} NUL bytes (characters that are never text), the first at`;
  return inputError('ingest', 'nul-byte', `this codings file holds ${held} line ${line}, column ${column} (byte ${offset}); nothing was read from it`, {
    file,
    line,
    column,
    hint: 'open the file in an editor at that place (a NUL may show as ␀, ^@ or a small box), delete it and save the file as UTF-8',
  });
}

/** The refusal of a large codings file that is not UTF-8: the place of the first byte that is not (searched from `from`). */
async function notUtf8InFile(full: string, file: string, from: number): Promise<Error> {
  const { utf8SequenceLength } = await import('./decode.js');
  const { open } = await import('node:fs/promises');
  const fh = await open(full, 'r');
  let offset = from;
  try {
    // (back to the start of a character, then character by character)
    const back = Buffer.alloc(4);
    const start = Math.max(0, from - 4);
    const { bytesRead: nb } = await fh.read(back, 0, from - start, start);
    let k = nb;
    while (k > 0 && (back[k - 1] & 0xc0) === 0x80) k--;
    if (k > 0 && back[k - 1] >= 0xc0) k--;
    offset = start + k;
    const buf = Buffer.alloc((1 << 20) + 8);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, offset);
      if (!bytesRead) break;
      const b = buf.subarray(0, bytesRead);
      let i = 0;
      // (the last 4 bytes are read again with the next piece, unless the file ends)
      const stop = bytesRead < buf.length ? bytesRead : bytesRead - 4;
      while (i < stop) {
        const n = utf8SequenceLength(b, i);
        if (!n) break;
        i += n;
      }
      if (i < stop || bytesRead < buf.length) {
        offset += i;
        break;
      }
      offset += i;
    }
  } finally {
    await fh.close();
  }
  const { line, column } = await placeOfByteInFile(full, offset);
  return inputError('ingest', 'undecodable', `this codings file is large and read as UTF-8 piece by piece, but its bytes at line ${line}, column ${column} (byte ${offset}) are not UTF-8; nothing was read from it`, {
    file,
    line,
    column,
    hint: 'save the file as UTF-8 (a file this large is not read as Windows-1252 or UTF-16), or write it again with `qda code … -o codings.json`',
  });
}

/** A large JSON Lines file, line by line. */
export async function readCodingsJsonlFile(full: string, file: string, opts: ReadCodingsDocumentOptions = {}): Promise<CodingsDocument> {
  const j = new JsonlAssembler(file, opts);
  let carry: string[] = [];
  for await (const chunk of textChunks(full, file)) {
    let from = 0;
    for (let at = chunk.indexOf('\n'); at >= 0; at = chunk.indexOf('\n', from)) {
      let line = carry.length ? carry.join('') + chunk.slice(from, at) : chunk.slice(from, at);
      carry = [];
      if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
      j.line(line);
      from = at + 1;
    }
    if (from < chunk.length) carry.push(chunk.slice(from));
  }
  if (carry.length) j.line(carry.join(''), true);
  return j.finish();
}

/**
 * A large JSON codings document, member by member. Version 2 is decoded source by source;
 * a version-1 document is collected and handed to `v1` (its checks need it whole).
 */
export async function readCodingsJsonFile(full: string, file: string, opts: ReadCodingsDocumentOptions, v1: (d: Record<string, unknown>) => CodingsDocument): Promise<CodingsDocument> {
  const a = new V2Assembler(file, opts);
  let version: number | undefined;
  const held: Record<string, unknown> = {};
  const heldArrays = new Map<string, unknown[]>();
  const parse = (json: string, path: string) => {
    try {
      return JSON.parse(json) as unknown;
    } catch (e) {
      throw damaged(file, path, `not valid JSON: ${(e as Error).message}`);
    }
  };
  // until the version is known, members wait (it is the second member of what qda code writes)
  const pending: Array<() => void> = [];
  const run = (f: () => void) => (version === undefined ? pending.push(f) : f());
  a.checkKeys = true;
  // (a key given twice at the top: the whole document read at once keeps only the last)
  const keys = new Map<string, { line: number; column: number }>();
  const scanner = new JsonMemberScanner(new Set(['sources', 'segments', 'codings', 'otherSegments', 'otherCodings']), {
    key: (key, line, column) => {
      const had = keys.get(key);
      if (!had) return void keys.set(key, { line, column });
      throw inputError('ingest', 'duplicate-key', `the codings document gives the key "${key}" twice at its top, at lines ${had.line} and ${line}: JSON keeps only the last, so what the first holds would be dropped without a word`, {
        file,
        line,
        column,
        path: `/${key}`,
        actual: key,
        hint: `keep one "${key}": join what the two hold into one${key === 'sources' ? ' list' : ''}, or remove the one that is not meant`,
      });
    },
    member: (key, json, line) => {
      const v = parse(json, `/${key}`);
      refuseDuplicateKeys(json, v, file, { line, path: `/${key}` });
      if (key === 'schemaVersion') {
        version = checkSchemaVersion(v, file);
        for (const f of pending.splice(0)) f();
      }
      run(() => (version === 1 ? void (held[key] = v) : a.member(key, v)));
    },
    element: (key, i, json, line) => {
      run(() => {
        if (version === 1) {
          const v = parse(json, `/${key}/${i}`);
          refuseDuplicateKeys(json, v, file, { line, path: `/${key}/${i}` });
          (heldArrays.get(key) ?? heldArrays.set(key, []).get(key)!).push(v);
        } else a.element(key, i, json, line);
      });
    },
  });
  try {
    for await (const chunk of textChunks(full, file)) scanner.push(chunk);
    scanner.end();
  } catch (e) {
    if (e instanceof JsonScanError) {
      throw inputError('ingest', 'bad-json', `not valid JSON: ${e.message}`, { file, line: e.line, column: e.column, hint: 'fix the JSON syntax, or regenerate the file with `qda code`' });
    }
    throw e;
  }
  if (version === undefined) {
    version = 1;
    for (const f of pending.splice(0)) f();
  }
  if (version === 1) {
    for (const [k, v] of heldArrays) held[k] = v;
    return v1(held);
  }
  return a.finish();
}

/**
 * Segments of one source whose spans overlap (a hand-joined document: `otherSegments` that repeat
 * a source's own segments under other ids). Each segment is a unit of its own, so the same text
 * counted twice: units of qda agree and segment counts grew, without a word. Said once, with the
 * count, the first pairs (id, place, the segment each overlaps) and the codings on them. A segment
 * without a span (start = end) overlaps nothing.
 */
export function overlappingSegments(doc: CodingsDocument, file: string, report?: Report): void {
  if (!report || doc.segments.length < 2) return;
  // one pass: in order of start per source an overlap is a start before the furthest end so far;
  // a source whose segments are not in order is sorted
  const state = new Map<string, { start: number; far: Segment; sorted: boolean }>();
  // (the segments of a source stand together: the last source's state is at hand)
  let lastId: string | undefined;
  let last: { start: number; far: Segment; sorted: boolean } | undefined;
  for (const g of doc.segments) {
    if (!(g.end > g.start)) continue;
    const s = g.sourceId === lastId ? last : state.get(g.sourceId);
    lastId = g.sourceId;
    if (!s) state.set(g.sourceId, (last = { start: g.start, far: g, sorted: true }));
    else {
      last = s;
      if (g.start < s.start || g.start < s.far.end) s.sorted = false;
      s.start = g.start;
      if (g.end > s.far.end) s.far = g;
    }
  }
  const unsorted = new Set([...state].filter(([, s]) => !s.sorted).map(([id]) => id));
  if (!unsorted.size) return;
  const bySource = new Map<string, Array<{ g: Segment; k: number }>>();
  doc.segments.forEach((g, k) => {
    if (!(g.end > g.start) || !unsorted.has(g.sourceId)) return;
    const l = bySource.get(g.sourceId);
    if (l) l.push({ g, k });
    else bySource.set(g.sourceId, [{ g, k }]);
  });
  const pairs: Array<{ g: Segment; of: Segment }> = [];
  const sources = new Set<string>();
  for (const [id, l] of bySource) {
    l.sort((a, b) => a.g.start - b.g.start || a.k - b.k);
    let far = l[0].g;
    for (const { g } of l.slice(1)) {
      if (g.start < far.end) {
        pairs.push({ g, of: far });
        sources.add(id);
      }
      if (g.end > far.end) far = g;
    }
  }
  if (!pairs.length) return;
  const over = new Set(pairs.map((p) => p.g.id));
  const coded = doc.codings.filter((c) => c.segmentId !== undefined && over.has(c.segmentId)).length;
  const at = (g: Segment) => {
    const p = segmentPlace(g);
    return p?.line !== undefined ? ` (line ${p.line})` : p?.path !== undefined ? ` (${p.path})` : '';
  };
  const span = (g: Segment) => `${g.start}–${g.end}`;
  const first = segmentPlace(pairs[0].g);
  report({
    severity: 'warning',
    source: 'ingest',
    ruleId: 'segments-overlap',
    message:
      `${pairs.length} segment(s) of ${sources.size} source(s) overlap another segment of the same source, so the same text is counted as two units (qda agree, segment counts): ` +
      pairs
        .slice(0, 3)
        .map((p) => `"${p.g.id}"${at(p.g)} at ${span(p.g)} overlaps "${p.of.id}"${at(p.of)} at ${span(p.of)}`)
        .join('; ') +
      `${pairs.length > 3 ? `; … (+${pairs.length - 3})` : ''}; ${coded} coding(s) are on the overlapping segments`,
    file,
    ...(first?.line !== undefined ? { line: first.line } : first?.path !== undefined ? { path: first.path } : {}),
    hint: 'a document joined by hand: delete the repeated segments and let their codings name the source\'s own segments (their "segment" id), or code the sources again with qda code',
  });
}
