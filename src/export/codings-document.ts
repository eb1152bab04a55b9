/**
 * Writing the codings document (schema version 2, see model/codings-format.ts) in pieces:
 * the head, then one piece per source, then the end. The same pieces make the JSON document
 * and JSON Lines; `qda code` writes them as they come (never one giant string), and
 * `renderCodingsDocument` gives them for a document held in memory (the same bytes).
 */
import type { CodeRef, Coding, CodingsDocument, Diagnostic, Segment, Source, Unit } from '../model/types.js';
import { CODINGS_SCHEMA_URL, CODINGS_SCHEMA_VERSION, CodingIds, RuleIndex, encodeLooseCoding, encodeSource, type DocumentHead, type EncodedSource } from '../model/codings-format.js';

export type CodingsDocumentFormat = 'json' | 'jsonl';

/** `JSON.stringify(v, null, 2)` indented by `pad` after its first line. */
function pretty(v: unknown, pad: string): string {
  return JSON.stringify(v, null, 2).replace(/\n/g, '\n' + pad);
}

/** One record per line, indented, in a JSON array or object body. */
function lines(items: readonly string[], pad: string): string {
  return items.length ? `\n${pad}${items.join(`,\n${pad}`)}\n${pad.slice(2)}` : '';
}

/** The writer of one document: call head(), then source() per source, then end(). */
export class CodingsDocumentWriter {
  private sources = 0;
  private codings = 0;
  private readonly loose: string[] = [];
  private readonly looseSegments: string[] = [];
  private readonly looseIds = new CodingIds();
  constructor(
    readonly head: DocumentHead,
    readonly format: CodingsDocumentFormat = 'json',
  ) {}

  begin(): string {
    const h = this.head;
    if (this.format === 'jsonl') {
      return JSON.stringify({ $schema: CODINGS_SCHEMA_URL, schemaVersion: CODINGS_SCHEMA_VERSION, format: 'jsonl', provenance: h.provenance, codebooks: h.codebooks, codes: h.codes, rules: h.rules, ...(h.relations?.length ? { relations: h.relations } : {}), unit: h.unit }) + '\n';
    }
    const rules = [...h.rules.entries].map(([k, e]) => `${JSON.stringify(k)}: ${JSON.stringify(e)}`);
    return (
      '{\n' +
      `  "$schema": ${JSON.stringify(CODINGS_SCHEMA_URL)},\n` +
      `  "schemaVersion": ${CODINGS_SCHEMA_VERSION},\n` +
      `  "provenance": ${pretty(h.provenance, '  ')},\n` +
      `  "codebooks": ${pretty(h.codebooks, '  ')},\n` +
      `  "codes": [${lines(h.codes.map((c) => JSON.stringify(c)), '    ')}],\n` +
      `  "rules": {${lines(rules, '    ')}},\n` +
      (h.relations?.length ? `  "relations": [${lines(h.relations.map((r) => JSON.stringify(r)), '    ')}],\n` : '') +
      `  "unit": ${JSON.stringify(h.unit)},\n` +
      '  "sources": ['
    );
  }

  /** Encode one source with its segments and codings (may run elsewhere, e.g. on a worker: see `sourcePiece`). */
  encode(src: Source, segments: readonly Segment[], codings: readonly Coding[]): EncodedSource {
    return encodeSource(src, segments, codings, this.head, { codingSource: this.format === 'jsonl' });
  }

  /** The text of an encoded source. */
  source(e: EncodedSource): string {
    return this.sourceText(sourcePiece(e, this.format), e.codings.length);
  }

  /** The text of a source piece made elsewhere (`sourcePiece`, e.g. on a worker thread) with its number of codings. */
  sourceText(piece: string, codings: number): string {
    const first = this.sources === 0;
    this.sources++;
    this.codings += codings;
    return this.format === 'jsonl' ? piece : (first ? '\n' : ',\n') + piece;
  }

  /** Codings whose source is not in the document (kept, with their source id). */
  addLoose(c: Coding): void {
    this.loose.push(encodeLooseCoding(c, this.looseIds, this.head.rules));
    this.codings++;
  }

  /** A segment whose source is not in the document (kept in full). */
  addLooseSegment(g: Segment): void {
    this.looseSegments.push(JSON.stringify(g));
  }

  /**
   * The end: the codings outside any source, the codes found in codings that no codebook defines,
   * and the warnings said while making the document (`warnings`, when there are any).
   */
  end(codesFound: readonly CodeRef[], warnings: readonly Diagnostic[] = []): string {
    if (this.format === 'jsonl') {
      let s = '';
      for (const g of this.looseSegments) s += `{"segment":${g}}\n`;
      for (const c of this.loose) s += c + '\n';
      return s + JSON.stringify({ end: { sources: this.sources, codings: this.codings, codesFound, ...(warnings.length ? { warnings } : {}) } }) + '\n';
    }
    return (
      `${this.sources ? '\n  ' : ''}],\n` +
      `  "otherSegments": [${lines(this.looseSegments, '    ')}],\n` +
      `  "otherCodings": [${lines(this.loose, '    ')}],\n` +
      `  "codesFound": [${lines(codesFound.map((c) => JSON.stringify(c)), '    ')}]` +
      (warnings.length ? `,\n  "warnings": [${lines(warnings.map((d) => JSON.stringify(d)), '    ')}]` : '') +
      '\n}\n'
    );
  }
}

/** The text of one encoded source in a document of `format` (in a JSON document without the separator before it). */
export function sourcePiece(e: EncodedSource, format: CodingsDocumentFormat): string {
  const [before, after] = sourcePieceAround(e, format);
  return before + e.text + after;
}

/** A source piece (`sourcePiece`) as the parts before and after its text's JSON string. */
export function sourcePieceAround(e: EncodedSource, format: CodingsDocumentFormat): [string, string] {
  if (format === 'jsonl') {
    let s = '}}\n';
    for (const c of e.codings) s += c + '\n';
    return [`{"source":${e.head},"speakers":${e.speakers},"segments":[${e.segments.join(',')}],"text":`, s];
  }
  return [`${e.head},"speakers":${e.speakers},"segments":[${e.segments.length ? '\n' + e.segments.join(',\n') : ''}],\n"codings":[${e.codings.length ? '\n' + e.codings.join(',\n') : ''}],\n"text":`, '}'];
}

/**
 * The head of a document held in memory: its codes up to the first one without a codebook
 * (the codebooks' codes; the rest go to `codesFound` at the end), the rules of `rules`
 * (e.g. `ruleIndexFor(books)`) and those its codings use besides, and the unit of its first
 * segment (default `turn`).
 */
export function documentHead(doc: CodingsDocument, rules: RuleIndex = new RuleIndex()): { head: DocumentHead; codesFound: CodeRef[] } {
  let k = 0;
  while (k < doc.codes.length && doc.codes[k].codebook !== undefined) k++;
  for (const c of doc.codings) {
    const ev = c.evidence;
    if (ev?.ruleId !== undefined && ev.rule !== undefined && typeof ev.ruleId === 'string' && typeof ev.rule === 'string' && rules.keysFor(ev) === undefined && !ev.ruleId.includes(',')) {
      rules.add({ id: ev.ruleId, codebook: ev.codebook, codebookVersion: ev.codebookVersion, text: ev.rule });
    }
  }
  const unit: Unit = doc.segments[0]?.unit ?? 'turn';
  return {
    head: { provenance: doc.provenance, codebooks: doc.codebooks, codes: doc.codes.slice(0, k), rules, unit, ...(doc.relations?.length ? { relations: doc.relations } : {}) },
    codesFound: doc.codes.slice(k),
  };
}

/**
 * A document held in memory as the pieces of its text (join them, or write them one by one).
 * Sources in document order, each with its segments and codings; codings of sources that
 * are not in the document at the end.
 */
export function* renderCodingsDocument(doc: CodingsDocument, opts: { rules?: RuleIndex; format?: CodingsDocumentFormat } = {}): Generator<string> {
  const { head, codesFound } = documentHead(doc, opts.rules);
  const w = new CodingsDocumentWriter(head, opts.format ?? 'json');
  yield w.begin();
  const segsBy = new Map<string, Segment[]>();
  for (const s of doc.segments) (segsBy.get(s.sourceId) ?? segsBy.set(s.sourceId, []).get(s.sourceId)!).push(s);
  const codsBy = new Map<string, Coding[]>();
  for (const c of doc.codings) (codsBy.get(c.sourceId) ?? codsBy.set(c.sourceId, []).get(c.sourceId)!).push(c);
  const done = new Set<string>();
  for (const src of doc.sources) {
    if (done.has(src.id)) {
      // a second source with the same id: its segments and codings went with the first
      yield w.source(w.encode(src, [], []));
      continue;
    }
    done.add(src.id);
    yield w.source(w.encode(src, segsBy.get(src.id) ?? [], codsBy.get(src.id) ?? []));
  }
  // segments of sources that are not in the document (kept in full, with their source id)
  for (const [id, segs] of segsBy) if (!done.has(id)) for (const g of segs) w.addLooseSegment(g);
  for (const c of doc.codings) if (!done.has(c.sourceId)) w.addLoose(c);
  yield w.end(codesFound, doc.warnings);
}

/** The whole document as one string (small documents, tests). */
export function codingsDocumentText(doc: CodingsDocument, opts: { rules?: RuleIndex; format?: CodingsDocumentFormat } = {}): string {
  return [...renderCodingsDocument(doc, opts)].join('');
}
