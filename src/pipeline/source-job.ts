/**
 * One source of the coding pipeline, start to finish: read it (the ingest readers), give it
 * its id, case attributes and project language, segment it, code it (rules + inline human
 * markers) and turn it into the piece its sink wants (the text of its record in a JSON
 * document or JSON Lines, its CSV rows, or the objects themselves). Runs on a worker
 * thread (worker.ts) or on the calling thread: the same code either way.
 */
import type { Codebook } from '../codebook/types.js';
import type { CodeRef, Coding, Diagnostic, Lang, Segment, Source, Unit } from '../model/types.js';
import { QdaInputError } from '../model/errors.js';
import { readSource } from '../ingest/read-source.js';
import type { CaseTable } from '../ingest/read-cases.js';
import { segmentSource } from '../ingest/segment.js';
import { CaseIndex } from '../ingest/read-corpus-stream.js';
import { passagePrints, textFingerprint } from '../ingest/same-text.js';
import { compileCodebook, type CompiledCodebook } from '../coding/compile-codebook.js';
import { makeStemmer } from '../coding/stem.js';
import { RuleCoder } from '../coding/apply-codebook.js';
import { codeCorpus, labelResolverFor, readInlineCodings, type InlineCodings } from '../coding/code-corpus.js';
import { ruleIndexFor } from '../coding/rule-index.js';
import { RuleIndex, encodeSource, encodeSourceUtf8, encodeRecordCodingsUtf8, type RuleEntry } from '../model/codings-format.js';
import { sourcePiece } from '../export/codings-document.js';
import { codingsCsvParts } from '../export/codings-csv.js';
import type { MarkerAccounting } from '../coding/human-codings.js';
import type { LabelAlias } from '../coding/label-resolver.js';

/** What each source becomes: its record in a JSON document / JSON Lines, its CSV rows, or the objects. */
export type PieceKind = 'json' | 'jsonl' | 'csv' | 'parts';

/** Everything a job needs besides the file (structured-cloneable: sent once to each worker). */
export interface SourceJobContext {
  readonly cwd: string;
  readonly unit: Unit;
  readonly speakers: 'respondent' | 'all';
  /** Interviewer labels for reading and segmenting. */
  readonly interviewers: string[];
  /** Interviewer labels for rules at another unit (`qda code`: --interviewer, else the project's). */
  readonly ruleInterviewers?: string[];
  readonly encoding?: string;
  readonly strict?: boolean;
  readonly maxSourceBytes?: number;
  readonly tables: CaseTable[];
  /** See InputPlan.usedTables. */
  readonly usedTables?: readonly string[];
  readonly projectLanguage?: Lang;
  readonly books: Codebook[];
  readonly runRules: boolean;
  /** Read inline markers (default true). */
  readonly inline?: boolean;
  /** Word types a coder memoises before starting afresh. */
  readonly maxTypes: number;
  readonly piece: PieceKind;
  /** Aliases of code labels (`qda code --aliases`). */
  readonly aliases?: LabelAlias[];
  /** The sink takes text pieces as UTF-8 bytes too: a worker thread sends them so (moved, not copied). */
  readonly pieceBytes?: boolean;
  /** The document's rules table (key → rule), made once by the pipeline. */
  readonly rules?: Record<string, RuleEntry>;
  /** The codebooks were sent ahead to the worker under this key (`sendBooksAhead`): it compiled them while this thread planned. */
  readonly booksKey?: string;
  /**
   * json/jsonl bytes: the piece is only the codings of each source's record (`RecordRest`), and
   * its text when the calling thread asks for it: that thread, which read and segmented the
   * source, writes its start (fields, speakers, segments) and else the text (two threads sharing
   * each source by stage; see encodeRecordStartUtf8 and stagedLane).
   */
  readonly recordApart?: boolean;
}

/** What the coding thread writes of a source's record: its codings (encodeRecordCodingsUtf8), and its text when asked (encodeRecordTextUtf8). */
export interface RecordRest {
  readonly rest: Uint8Array;
  readonly text?: Uint8Array;
}

export interface SourceJob {
  readonly k: number;
  readonly path: string;
  readonly explicit: boolean;
  /** The id this source gets (predicted by the planner from the file names before it). */
  readonly id: string;
}

/** A source's objects (piece `parts`). */
export interface SourceParts {
  readonly source: Source;
  readonly segments: Segment[];
  readonly codings: Coding[];
}

export interface SourceResult {
  readonly k: number;
  /** Warnings, in the order they were given. */
  readonly diagnostics: Diagnostic[];
  /** The source was skipped (unreadable file in a folder; or not a source). */
  readonly skipped: boolean;
  /** The id the reader gave (before de-duplication). */
  readonly id0?: string;
  readonly id?: string;
  readonly path?: string;
  readonly case?: string;
  /** The language it was coded in (given or guessed; undefined: unknown, coded with every language's rules). */
  readonly language?: Lang;
  readonly attributes?: Record<string, string>;
  /** Its own attributes (front matter) before the case tables, when it has any and there are tables. */
  readonly ownAttributes?: Readonly<Record<string, string>>;
  readonly segments?: number;
  /** Codings per coder. */
  readonly coders?: Record<string, number>;
  readonly codings?: number;
  /** Codes its human codings use that no codebook defines. */
  readonly extraCodes?: CodeRef[];
  /**
   * json/jsonl: the text of its record (sourcePiece; for a sink that takes bytes,
   * `CodingsSink.bytes`, its UTF-8 bytes); csv: its rows without the attribute cells as UTF-8
   * chunks (csvRowsUtf8, see `csvRows`), none when it has no codings; parts: the objects.
   */
  readonly piece?: string | Uint8Array | ReadonlyArray<string | Uint8Array> | SourceParts | RecordRest;
  /** csv: the bytes of `prefix,` in each row (the attribute cells go there) and of each row. */
  readonly csvRows?: {
    readonly prefixBytes: number;
    readonly rowBytes: Int32Array;
    /** each row ends with a memo cell (a coding of this source has a memo) */
    readonly memo?: true;
    /** the source's kind (a questionnaire source's rows give the file a kind column) */
    readonly kind: string;
    /** per row, its own attribute cells (codingsCsvParts), when any row has some */
    readonly rowAttributes?: ReadonlyArray<Readonly<Record<string, string>> | undefined>;
  };
  /** What became of its inline markers' labels (none when it has no markers). */
  readonly markers?: MarkerAccounting;
  /** Its codings with a label (`ref`) or links, and its text: the links are checked once every source is coded. */
  readonly links?: { readonly codings: Coding[]; readonly path: string; readonly text: string };
  /** Its text's fingerprint (textFingerprint; undefined for a short text): two sources with the same text are said. */
  readonly fingerprint?: string;
  /** Prints of its long passages (passagePrints; undefined when it has few): a near-copy of a source read before is said. */
  readonly passages?: Int32Array;
  /** Its file bytes' sha256 ('' when not hashed). */
  readonly sha256?: string;
  /** An input error that stops the run (diagnostics), or another error (message, stack). */
  readonly error?: { diagnostics?: Diagnostic[]; message: string; stack?: string };
}

/**
 * A source read, segmented and with its inline markers read: the first half of a job
 * (`SourceStages.prepare`), which `SourceStages.finish` codes and turns into its piece.
 */
export interface PreparedSource {
  readonly k: number;
  /** Warnings so far, in the order they were given (finish adds its own after them). */
  readonly diagnostics: Diagnostic[];
  /** The id the reader gave (before de-duplication). */
  readonly id0: string;
  readonly source: Source;
  readonly segments: Segment[];
  /** Its own attributes (front matter) before the case tables, when it has any and there are tables. */
  readonly ownAttributes?: Readonly<Record<string, string>>;
  /** Its inline markers' codings (none when markers are not read). */
  readonly inline?: InlineCodings;
  /** What became of its inline markers' labels (none when it has no markers). */
  readonly markers?: MarkerAccounting;
  /** Prints of its long passages (passagePrints). */
  readonly passages: Int32Array | undefined;
}

/** A job in two halves (one per thread when two threads share the work by stage: see code-sources.ts). */
export interface SourceStages {
  /** Read, segment and read the markers; a result when the file is skipped or cannot be read. */
  prepare(job: SourceJob): Promise<PreparedSource | SourceResult>;
  /** Rules, merging, and the piece. */
  finish(p: PreparedSource): SourceResult;
}

/** The codebooks compiled for both languages, one stemmer per language for all of them (a word is stemmed once for all). */
export function compileForBothLanguages(books: readonly Codebook[]): Map<Lang, CompiledCodebook[]> {
  const compiled = new Map<Lang, CompiledCodebook[]>();
  for (const l of ['nl', 'en'] as Lang[]) {
    const stem = makeStemmer(l);
    compiled.set(l, books.map((b) => compileCodebook(b, l, { stem })));
  }
  return compiled;
}

export function isRecordRest(p: SourceResult['piece']): p is RecordRest {
  return typeof p === 'object' && p !== null && (p as RecordRest).rest instanceof Uint8Array;
}

export function isPrepared(x: PreparedSource | SourceResult): x is PreparedSource {
  return (x as PreparedSource).source !== undefined;
}

/**
 * A job runner with its compiled codebooks, coders and case index (one per thread). On the
 * calling thread, `compiled` (the codebooks the pipeline compiled already) saves compiling them again.
 */
export function makeSourceRunner(ctx: SourceJobContext, compiledAlready?: ReadonlyMap<Lang, CompiledCodebook[]>): (job: SourceJob) => Promise<SourceResult> {
  const stages = makeSourceStages(ctx, compiledAlready);
  return async (job) => {
    const p = await stages.prepare(job);
    return isPrepared(p) ? stages.finish(p) : p;
  };
}

/** The two halves of a job; each thread keeps its own (with its coders, memos and case index). */
export function makeSourceStages(ctx: SourceJobContext, compiledAlready?: ReadonlyMap<Lang, CompiledCodebook[]>): SourceStages {
  const cases = ctx.tables.length ? new CaseIndex(ctx.tables) : undefined;
  const otherUnits = ctx.books.some((b) => b.codes.some((c) => (c.rules ?? []).some((r) => r.unit && r.unit !== ctx.unit)));
  const compiled = new Map<Lang, CompiledCodebook[]>(compiledAlready ?? []);
  // (one stemmer per language for all codebooks: a word is stemmed once for all of them)
  const compiledFor = (l: Lang) => {
    const stem = compiled.has(l) ? undefined : makeStemmer(l);
    return compiled.get(l) ?? compiled.set(l, ctx.books.map((b) => compileCodebook(b, l, { stem }))).get(l)!;
  };
  // the rules table as the pipeline made it (a worker does not compile every language for it)
  let rules: RuleIndex | undefined;
  const ruleIndex = () => (rules ??= ctx.rules ? RuleIndex.from(ctx.rules) : ruleIndexFor(ctx.books));
  const bookCodes = ctx.books.reduce((n, b) => n + b.codes.length, 0);
  // one resolver of marker labels for all sources of this thread (it memoises what it resolved)
  let resolver: ReturnType<typeof labelResolverFor> | undefined;
  const coders = new Map<string, RuleCoder>();
  const codeRules = (src: Source, segments: Segment[], mask: readonly number[] | undefined): Coding[] | undefined => {
    if (!ctx.runRules) return undefined;
    const langs: Lang[] = src.language ? [src.language] : ['en', 'nl'];
    const key = langs.join(',');
    let coder = coders.get(key);
    if (!coder) {
      const list = ctx.books.flatMap((_, i) => langs.map((l) => compiledFor(l)[i]));
      coders.set(key, (coder = new RuleCoder(list, { unit: ctx.unit, speakers: ctx.speakers, hasSegmentsFor: otherUnits, maxTypes: ctx.maxTypes })));
    }
    return coder.codeSource(src, segments, otherUnits ? (u) => segmentSource(src, u, { interviewers: ctx.ruleInterviewers }) : undefined, mask);
  };
  const prepare = async (job: SourceJob): Promise<PreparedSource | SourceResult> => {
    const diagnostics: Diagnostic[] = [];
    const report = (d: Diagnostic) => void diagnostics.push(d);
    let r;
    try {
      r = await readSource(job.path, { cwd: ctx.cwd, encoding: ctx.encoding, interviewers: ctx.interviewers, fromFolder: !job.explicit, usedTables: ctx.usedTables, report, maxSourceBytes: ctx.maxSourceBytes });
    } catch (e) {
      if (!(e instanceof QdaInputError)) throw e;
      // (the warnings before the error go with it)
      if (job.explicit || ctx.strict) return { k: job.k, diagnostics, skipped: true, error: { diagnostics: [...e.diagnostics], message: e.message } };
      for (const d of e.diagnostics) report({ ...d, severity: 'warning', hint: `${d.hint ? d.hint + '; ' : ''}skipped (use --strict to stop instead)` });
      return { k: job.k, diagnostics, skipped: true };
    }
    if (!r) return { k: job.k, diagnostics, skipped: true };
    let source = r.source;
    const id0 = source.id;
    if (job.id !== id0) source = { ...source, id: job.id, case: job.id };
    const ownAttributes = cases && Object.keys(source.attributes).length ? source.attributes : undefined;
    if (cases) source = cases.apply(source, report);
    if (ctx.projectLanguage && !source.language) source = { ...source, language: ctx.projectLanguage };
    const segments = segmentSource(source, ctx.unit, { blocks: r.blocks, interviewers: ctx.interviewers, observers: r.observers, knownSpeakers: r.participants });
    const passages = passagePrints(source, r.blocks, { interviewers: ctx.interviewers, observers: r.observers });
    r = undefined;
    // (one shape for every prepared source, its absent parts undefined: see finish)
    if (ctx.inline === false) return { k: job.k, diagnostics, id0, source, segments, ownAttributes, inline: undefined, markers: undefined, passages };
    const h = readInlineCodings({ sources: [source], segments }, ctx.books, { resolver: (resolver ??= labelResolverFor(ctx.books, ctx.aliases)) });
    for (const d of h.diagnostics) report(d);
    return { k: job.k, diagnostics, id0, source, segments, ownAttributes, inline: { codings: h.codings, extraCodes: h.extraCodes, masks: h.masks }, markers: h.markers.found ? h.markers : undefined, passages };
  };
  const finish = (p: PreparedSource): SourceResult => {
    const { source, segments, diagnostics } = p;
    const report = (d: Diagnostic) => void diagnostics.push(d);
    // (the rules skip the text of the markers as read; without markers read, the coder finds them)
    const masks = p.inline?.masks;
    const ruleCodings = codeRules(source, segments, masks ? (masks.get(source.id) ?? []) : undefined);
    const doc = codeCorpus({ sources: [source], segments }, ctx.books, {
      version: '',
      ...(ctx.aliases ? { aliases: ctx.aliases } : {}),
      resolver: (resolver ??= labelResolverFor(ctx.books, ctx.aliases)),
      unit: ctx.unit,
      speakers: ctx.speakers,
      codings: [],
      report,
      warnCollisions: false,
      ...(p.inline ? { inlineCodings: p.inline } : { inline: false }),
      checkLinks: false,
      ...(ruleCodings ? { ruleCodings } : { rules: false }),
    });
    const coderCounts = countCoders(doc.codings);
    const extraCodes = doc.codes.length > bookCodes ? doc.codes.slice(bookCodes) : undefined;
    let piece: SourceResult['piece'];
    let csvRows: SourceResult['csvRows'];
    if (ctx.piece === 'json' || ctx.piece === 'jsonl') {
      // (a sink that takes bytes gets them written in one pass, without the records' JSON strings)
      const head = { rules: ruleIndex(), unit: ctx.unit };
      piece = !ctx.pieceBytes
        ? sourcePiece(encodeSource(source, segments, doc.codings, head, { codingSource: ctx.piece === 'jsonl' }), ctx.piece)
        : ctx.recordApart
          ? { rest: encodeRecordCodingsUtf8(source, segments, doc.codings, head, ctx.piece) }
          : encodeSourceUtf8(source, segments, doc.codings, head, ctx.piece);
    } else if (ctx.piece === 'csv') {
      const { prefix, tails, memo, rowAttributes } = codingsCsvParts(doc);
      if (tails.length) {
        const rows = csvRowsUtf8(prefix, tails);
        piece = rows.chunks;
        csvRows = { prefixBytes: rows.prefixBytes, rowBytes: rows.rowBytes, kind: source.kind, ...(memo ? { memo } : {}), ...(rowAttributes ? { rowAttributes } : {}) };
      }
    } else piece = { source, segments, codings: doc.codings as Coding[] };
    const attributes = Object.keys(source.attributes).length ? (source.attributes as Record<string, string>) : undefined;
    const linked = doc.codings.filter((c) => c.ref !== undefined || c.links?.length);
    // (one shape for every result, its absent parts undefined: a result object spread from parts
    // that differ per source made V8 throw away the compiled `finish` at each new combination)
    return {
      k: p.k,
      diagnostics,
      skipped: false,
      id0: p.id0,
      id: source.id,
      path: source.path,
      case: source.case,
      language: source.language,
      attributes,
      ownAttributes: p.ownAttributes,
      segments: segments.length,
      codings: doc.codings.length,
      coders: coderCounts,
      extraCodes,
      markers: p.markers,
      links: linked.length ? { codings: linked as Coding[], path: source.path, text: source.text } : undefined,
      piece,
      csvRows,
      fingerprint: textFingerprint(source.text),
      passages: p.passages,
      sha256: source.sha256,
    };
  };
  return { prepare, finish };
}

/**
 * Codings per coder. (A function of its own, kept out of `finish`: codings come in many shapes
 * (rules, markers with or without a memo, links), and each new one made V8 throw away the
 * compiled `finish`, a large function, to compile it again; counted in a Map, as an object given
 * a key per coder changes shape with each new coder's name.)
 */
function countCoders(codings: readonly Coding[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i < codings.length; i++) {
    const coder = codings[i].coder;
    counts.set(coder, (counts.get(coder) ?? 0) + 1);
  }
  return Object.fromEntries(counts);
}

const utf8 = new TextEncoder();
/** Bytes of CSV rows per chunk of a piece (a source with more rows gets several chunks). */
export const CSV_CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * A source's CSV rows without the attribute cells, `prefix,tail` + LF each, as UTF-8 in
 * chunks that end at row ends; the bytes of each row and of `prefix,` (where the sink puts
 * the attribute cells, once every source's attributes are known). No row is built as one
 * string with the others (a 50 MB turn coded 11 times would not fit in one).
 */
export function csvRowsUtf8(prefix: string, tails: readonly string[], chunkBytes = CSV_CHUNK_BYTES): { chunks: Uint8Array[]; prefixBytes: number; rowBytes: Int32Array } {
  const head = utf8.encode(prefix + ',');
  const rowBytes = new Int32Array(tails.length);
  const chunks: Uint8Array[] = [];
  let want = 0;
  for (const t of tails) want += head.length + 3 * t.length + 1;
  // (the rows are written into a buffer of this thread, used again, and each chunk is copied out
  // at its size: a new buffer per chunk, sized for the worst case (3 bytes a unit) and filled
  // with zeros first, cost more than the rows' encoding)
  let cap = Math.min(want, chunkBytes);
  let buf = csvScratch(cap);
  let pos = 0;
  for (let i = 0; i < tails.length; i++) {
    const t = tails[i];
    const need = head.length + 3 * t.length + 1;
    if (pos + need > cap) {
      if (pos) chunks.push(buf.slice(0, pos));
      want -= pos;
      cap = Math.max(need, Math.min(want, chunkBytes));
      buf = csvScratch(cap);
      pos = 0;
    }
    buf.set(head, pos);
    const n = utf8.encodeInto(t, buf.subarray(pos + head.length)).written;
    buf[pos + head.length + n] = 10;
    rowBytes[i] = head.length + n + 1;
    pos += rowBytes[i];
  }
  if (pos) chunks.push(buf.slice(0, pos));
  // (a buffer grown for a very large row is not kept)
  if (scratchRows.length > 2 * chunkBytes) scratchRows = new Uint8Array(0);
  return { chunks, prefixBytes: head.length, rowBytes };
}

let scratchRows = new Uint8Array(0);
/** This thread's buffer for CSV rows, with at least `n` bytes. */
function csvScratch(n: number): Uint8Array {
  if (scratchRows.length < n) scratchRows = new Uint8Array(Math.max(n, Math.min(2 * scratchRows.length, CSV_CHUNK_BYTES)));
  return scratchRows;
}

/** A spool line holds the rows of one source up to about this many characters (more rows: more lines). */
export const CSV_SPOOL_LINE_CHARS = 16 * 1024 * 1024;

/**
 * The spool lines of one source's CSV rows (`[id, prefix, tails]` as JSON, one per line),
 * split when the rows pass `maxChars` together: the rows of a 50 MB turn coded 11 times
 * (each row holding the whole turn) would not fit in one string (~512 M characters).
 */
export function csvSpoolLines(id: string, prefix: string, tails: readonly string[], maxChars = CSV_SPOOL_LINE_CHARS): string[] {
  const out: string[] = [];
  let group: string[] = [];
  let size = 0;
  for (const t of tails) {
    if (group.length && size + t.length > maxChars) {
      out.push(JSON.stringify([id, prefix, group]) + '\n');
      group = [];
      size = 0;
    }
    group.push(t);
    size += t.length;
  }
  if (group.length) out.push(JSON.stringify([id, prefix, group]) + '\n');
  return out;
}
