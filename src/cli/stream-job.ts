/**
 * One source of `qda code … --format csv -o FILE`, start to finish: read it (the
 * ingest readers), give it its id, case attributes and project language, segment
 * it, code it (rules + inline human markers) and format its codings as the spool
 * lines of the CSV (one JSON row per line, as `codingsTable`). Run by the stream
 * workers (stream-worker.ts), so that the main thread only hands out file paths
 * and writes. Mirrors the per-file part of `readCorpusStream` and `codeOne` in
 * commands/code.ts (tested to give byte-identical CSVs).
 */
import type { Codebook } from '../codebook/types.js';
import type { Coding, Diagnostic, Lang, Segment, Source, Unit } from '../model/types.js';
import { QdaInputError } from '../model/errors.js';
import { readSource } from '../ingest/read-source.js';
import type { CaseTable } from '../ingest/read-cases.js';
import { segmentSource } from '../ingest/segment.js';
import { CaseIndex } from '../ingest/read-corpus-stream.js';
export { CaseIndex };
import { compileCodebook, type CompiledCodebook } from '../coding/compile-codebook.js';
import { RuleCoder } from '../coding/apply-codebook.js';
import { codeCorpus } from '../coding/code-corpus.js';
import { codingsTable } from './commands/code.js';
import type { MarkerAccounting } from '../coding/human-codings.js';
import type { Table } from '../model/types.js';
import { renderTables } from '../export/render-table.js';

/** CSV text of the rows of `table` (no header, no final newline); `keys` a subset of its columns. */
async function csvBody(table: Table, keys: readonly string[]): Promise<string> {
  const csv = (await renderTables([{ columns: keys.map((key) => ({ key, label: 'h' })), rows: table.rows }], 'csv')) as string;
  return csv.slice(csv.indexOf('\n') + 1, -1);
}

const MARK = '\u0000R';

/**
 * The rows of a one-source codings table (`codingsTable(doc, [])`) as CSV in two parts:
 * the source and case cells (the same on every row) and, per row, the cells after the
 * attribute columns. CSV quoting is per cell, so `prefix + attribute cells + ',' + tail`
 * is the row renderTables gives for the whole table. The rows are rendered in one go
 * with a marker cell in front of each (split on it); text with a NUL character (the
 * marker's first) is rendered row by row instead. Adds a key "\u0000" to each row.
 */
export async function csvParts(table: Table): Promise<{ prefix: string; tails: string[] }> {
  const rows = table.rows;
  if (!rows.length) return { prefix: '', tails: [] };
  const prefix = await csvBody({ columns: [], rows: [rows[0]] }, ['source', 'case']);
  const keys = table.columns.map((c) => c.key).filter((k) => k !== 'source' && k !== 'case');
  // (the marker cell is added to the rows in place and left there: they are the job's own)
  for (const r of rows) (r as Record<string, string | number | null>)['\u0000'] = MARK;
  const marked = await csvBody({ columns: [], rows }, ['\u0000', ...keys]);
  let nuls = 0;
  for (let at = marked.indexOf('\u0000'); at >= 0 && nuls <= rows.length; at = marked.indexOf('\u0000', at + 1)) nuls++;
  const parts = nuls === rows.length ? marked.split('\n' + MARK + ',') : [];
  if (parts.length === rows.length && parts[0].startsWith(MARK + ',')) {
    parts[0] = parts[0].slice(MARK.length + 1);
    return { prefix, tails: parts };
  }
  const tails: string[] = [];
  for (const r of rows) tails.push(await csvBody({ columns: [], rows: [r] }, keys));
  return { prefix, tails };
}

/** Everything a job needs besides the file (structured-cloneable: sent once to each worker). */
export interface StreamContext {
  readonly cwd: string;
  readonly unit: Unit;
  readonly speakers: 'respondent' | 'all';
  /** Interviewer labels for reading and segmenting (as readCorpusStream resolves them). */
  readonly interviewers: string[];
  /** Interviewer labels for rules at another unit (as code.ts: --interviewer, else the project's). */
  readonly ruleInterviewers?: string[];
  readonly encoding?: string;
  readonly strict?: boolean;
  readonly maxSourceBytes?: number;
  readonly tables: CaseTable[];
  readonly projectLanguage?: Lang;
  readonly books: Codebook[];
  readonly runRules: boolean;
  readonly maxTypes: number;
  /** codeCorpus options that are plain data (version, command, options, minScore, rules). */
  readonly codeOpts: Record<string, unknown>;
}

export interface StreamJob {
  readonly k: number;
  readonly path: string;
  readonly explicit: boolean;
  /** The id this source gets (predicted by the main thread from the file names before it). */
  readonly id: string;
}

export interface StreamResult {
  readonly k: number;
  /** Warnings, in the order the single-threaded path reports them. */
  readonly diagnostics: Diagnostic[];
  /** The source was skipped (unreadable file in a folder; or not a source). */
  readonly skipped: boolean;
  /** The id the reader gave (before de-duplication). */
  readonly id0?: string;
  readonly id?: string;
  readonly path?: string;
  readonly case?: string;
  readonly attributes?: Record<string, string>;
  /**
   * The CSV rows of its codings (renderTables' CSV), cut where the attribute columns go,
   * as one spool line: JSON `[id, prefix, tails]`; row i is `prefix` + the attribute
   * cells + ',' + `tails[i]` (see csvParts). None when the source has no codings.
   */
  readonly spool?: string;
  /** What became of its inline markers' labels (none when it has no markers). */
  readonly markers?: MarkerAccounting;
  /** An input error that stops the run (diagnostics), or another error (message, stack). */
  readonly error?: { diagnostics?: Diagnostic[]; message: string; stack?: string };
}


/** A job runner with its compiled codebooks, coders and case index (one per worker). */
export function makeStreamRunner(ctx: StreamContext): (job: StreamJob) => Promise<StreamResult> {
  const cases = ctx.tables.length ? new CaseIndex(ctx.tables) : undefined;
  const otherUnits = ctx.books.some((b) => b.codes.some((c) => (c.rules ?? []).some((r) => r.unit && r.unit !== ctx.unit)));
  const compiled = new Map<Lang, CompiledCodebook[]>();
  const compiledFor = (l: Lang) => compiled.get(l) ?? compiled.set(l, ctx.books.map((b) => compileCodebook(b, l))).get(l)!;
  const coders = new Map<string, RuleCoder>();
  const codeRules = (src: Source, segments: Segment[]): Coding[] | undefined => {
    if (!ctx.runRules) return undefined;
    const langs: Lang[] = src.language ? [src.language] : ['en', 'nl'];
    const key = langs.join(',');
    let coder = coders.get(key);
    if (!coder) {
      const list = ctx.books.flatMap((_, i) => langs.map((l) => compiledFor(l)[i]));
      coders.set(key, (coder = new RuleCoder(list, { unit: ctx.unit, speakers: ctx.speakers, hasSegmentsFor: otherUnits, maxTypes: ctx.maxTypes })));
    }
    return coder.codeSource(src, segments, otherUnits ? (u) => segmentSource(src, u, { interviewers: ctx.ruleInterviewers }) : undefined);
  };
  return async (job) => {
    const diagnostics: Diagnostic[] = [];
    const report = (d: Diagnostic) => void diagnostics.push(d);
    let r;
    try {
      r = await readSource(job.path, { cwd: ctx.cwd, encoding: ctx.encoding, interviewers: ctx.interviewers, fromFolder: !job.explicit, report, maxSourceBytes: ctx.maxSourceBytes });
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
    if (cases) source = cases.apply(source);
    if (ctx.projectLanguage && !source.language) source = { ...source, language: ctx.projectLanguage };
    const segments = segmentSource(source, ctx.unit, { blocks: r.blocks, interviewers: ctx.interviewers, observers: r.observers, knownSpeakers: r.participants });
    r = undefined;
    const ruleCodings = codeRules(source, segments);
    let markers: MarkerAccounting | undefined;
    const doc = codeCorpus({ sources: [source], segments }, ctx.books, {
      ...(ctx.codeOpts as object),
      onMarkers: (a: MarkerAccounting) => void (markers = a.found ? a : undefined),
      unit: ctx.unit,
      speakers: ctx.speakers,
      codings: [],
      report,
      warnCollisions: false,
      checkLinks: false,
      ...(ruleCodings ? { ruleCodings } : { rules: false }),
    } as unknown as Parameters<typeof codeCorpus>[2]);
    const table = codingsTable(doc, []);
    const { prefix, tails } = await csvParts(table);
    const attributes = Object.keys(source.attributes).length ? (source.attributes as Record<string, string>) : undefined;
    const spool = tails.length ? JSON.stringify([source.id, prefix, tails]) + '\n' : undefined;
    return { k: job.k, diagnostics, skipped: false, id0, id: source.id, path: source.path, case: source.case, attributes, spool, ...(markers ? { markers } : {}) };
  };
}
