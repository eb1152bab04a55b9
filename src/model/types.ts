/**
 * The one data model of qdakit. Plain, JSON-serialisable objects only.
 *
 * Offsets everywhere are half-open [start, end) ranges counted in Unicode
 * code points over `Source.text` (the decoded text, BOM removed, newlines as
 * in the file: CRLF is never renormalised). REFI-QDA uses the same convention.
 */

export type Lang = 'nl' | 'en';
/** Each language's name in English (messages). */
export const LANGUAGE_NAME: Readonly<Record<Lang, string>> = { nl: 'Dutch', en: 'English' };
export type Role = 'interviewer' | 'respondent' | 'observer' | 'other';
export type Unit = 'turn' | 'sentence' | 'paragraph';
export type SourceKind = 'transcript' | 'observation' | 'document' | 'survey';
export type SourceFormat = 'txt' | 'md' | 'docx' | 'odt' | 'vtt' | 'srt' | 'csv' | 'xlsx' | 'pdf';
export type Encoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252' | 'binary-container';

/** Attribute values are strings (as in a cases.csv); numbers are parsed by consumers when needed. */
export type Attributes = Readonly<Record<string, string>>;

export interface Source {
  /** Stable id: the file name without extension, made unique within a corpus. */
  readonly id: string;
  /** Path as given (relative to cwd where possible, with forward slashes). */
  readonly path: string;
  readonly kind: SourceKind;
  readonly format: SourceFormat;
  /** Case id (from cases.csv / qda.yaml, else the source id). */
  readonly case: string;
  /** Case attributes: group/team, role, date, order, … plus front matter fields of notes. */
  readonly attributes: Attributes;
  readonly encoding: Encoding;
  readonly newline: 'lf' | 'crlf';
  /** sha256 of the raw bytes of the file (hex; '' when the reader was told not to hash, as `qda segments` to CSV or Markdown, which do not show it). */
  readonly sha256: string;
  readonly language?: Lang;
  /** The decoded text. Offsets of segments and codings index into this. */
  readonly text: string;
  /** Length of `text` in code points. */
  readonly length: number;
  /** Front matter of observation notes, title of documents, … (JSON values). */
  readonly meta?: Readonly<Record<string, unknown>>;
}

export interface TimeSpan {
  /** Seconds from the start of the recording (or of the observation day for [10:15] stamps). */
  readonly start: number;
  readonly end?: number;
}

export interface Segment {
  /** `${sourceId}#${index}` */
  readonly id: string;
  readonly sourceId: string;
  /** 0-based position in the source. */
  readonly index: number;
  readonly unit: Unit;
  /** Speaker label as written (null for documents and paragraphs without a speaker). */
  readonly speaker: string | null;
  readonly role: Role;
  /** Code-point offsets into Source.text, half-open. text === slice(source.text, start, end). */
  readonly start: number;
  readonly end: number;
  readonly time?: TimeSpan;
  readonly text: string;
  /** 1-based line of `start` in the source (display only). */
  readonly line?: number;
  /** Turn index this segment belongs to (sentence/paragraph units within a turn). */
  readonly turn?: number;
  /** Extra fields: survey question, observation block (description|interpretation), … */
  readonly meta?: Readonly<Record<string, string>>;
}

export interface Corpus {
  readonly sources: readonly Source[];
  readonly segments: readonly Segment[];
}

export interface LocalisedText {
  readonly nl?: string;
  readonly en?: string;
}

export interface Match {
  /** Code points into Source.text. */
  readonly start: number;
  readonly end: number;
  /** The text matched (as in the source). */
  readonly term: string;
}

export interface Evidence {
  readonly codebook?: string;
  readonly codebookVersion?: string;
  /** Id of the rule that fired, e.g. `trust/r1`. */
  readonly ruleId?: string;
  /** Human-readable description of the rule, e.g. `keywords nl: vertrouw*`. */
  readonly rule?: string;
  readonly matches?: readonly Match[];
  /** For human codings: where the marker was (code points), the marker text. */
  readonly marker?: string;
  /** For learned suggestions: the top features that drove the score. */
  readonly features?: readonly string[];
  /** For learned suggestions: those features with their weights and the codebook parts (or codings) they come from. */
  readonly because?: string;
}

/** Coder names: `rules` (auto-coding), `model` (learned suggestions), `human` or a person's name. */
export type Coder = string;

export const AUTOMATIC_CODERS: readonly string[] = ['rules', 'model'];

export function isHumanCoder(coder: Coder): boolean {
  return !AUTOMATIC_CODERS.includes(coder);
}

export interface Coding {
  /** Deterministic id, e.g. `${segmentId}:${codeId}:${coder}`. */
  readonly id: string;
  readonly sourceId: string;
  /** Segment the coding belongs to (may be absent for codings imported without segments). */
  readonly segmentId?: string;
  /** The code's id (an unknown code id is kept, never dropped). */
  readonly code: string;
  readonly coder: Coder;
  /** Coded span in code points (the segment's span for whole-segment codings). */
  readonly start: number;
  readonly end: number;
  /** 0..1; 1 for human codings. */
  readonly score?: number;
  readonly evidence?: Evidence;
  readonly memo?: string;
  /**
   * Attributes of this coding itself (a flat CSV's extra columns: question, factor, holder, …).
   * Where a coding has an attribute, the analyses group it by this value instead of its
   * source's attribute of the same name; "" means "no value" (it does not fall back).
   */
  readonly attributes?: Attributes;
  /**
   * A label other codings can link to, e.g. `e1` (`{{espoused #e1}}`, CSV column `id`).
   * Codings made by one marker share it; two markers with the same label are reported.
   */
  readonly ref?: string;
  /** Links from this coding to others (`{{in-use -> e1 enacts: consistent}}`). */
  readonly links?: readonly CodingLink[];
}

/**
 * A link from one coding to another: the target's `ref` (or its `id`), the relation
 * (a codebook `relations` id, or free text) and the researcher's verdict. A link whose
 * target no coding carries is kept (dangling) and reported, never dropped.
 */
export interface CodingLink {
  readonly to: string;
  readonly relation?: string;
  readonly verdict?: string;
}

/** A relation of a codebook, as the codings document carries it (names and verdicts for display). */
export interface RelationRef {
  readonly id: string;
  readonly name?: LocalisedText;
  readonly codebook?: string;
  readonly verdicts?: ReadonlyArray<{ readonly id: string; readonly name?: LocalisedText }>;
}

export interface CodeRef {
  readonly id: string;
  readonly name?: LocalisedText;
  readonly parent?: string;
  readonly codebook?: string;
  readonly level?: number;
  readonly definition?: LocalisedText;
}

export interface CodebookRef {
  readonly id: string;
  readonly name?: LocalisedText;
  readonly version?: string;
  readonly sha256?: string;
}

export interface Provenance {
  readonly tool: 'qdakit';
  readonly version: string;
  readonly command?: string;
  readonly options?: Readonly<Record<string, unknown>>;
  readonly seed?: number;
}

/** What `qda code` writes and every analysis command reads. */
export interface CodingsDocument {
  readonly $schema?: string;
  readonly provenance: Provenance;
  readonly codebooks: readonly CodebookRef[];
  /** The codes used (flattened; hierarchy by `parent`). */
  readonly codes: readonly CodeRef[];
  readonly sources: readonly Source[];
  readonly segments: readonly Segment[];
  readonly codings: readonly Coding[];
  /** The relations of the codebooks (for links between codings); absent when none. */
  readonly relations?: readonly RelationRef[];
  /**
   * What was said while making it (`qda code`: reading the sources and coding them): each warning
   * with its file, place and fix, so that every later command (a report, a matrix) can say it
   * again; absent when none.
   */
  readonly warnings?: readonly Diagnostic[];
}

// ---------------------------------------------------------------------------
// Diagnostics (vfile-message, flattened): plain data, never exceptions.

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  readonly severity: Severity;
  /** Which layer produced it: ingest, codebook, coding, analysis, export, cli. */
  readonly source: string;
  /** Machine-readable id, e.g. `no-speaker-labels`. */
  readonly ruleId: string;
  readonly message: string;
  readonly file?: string;
  /** 1-based. */
  readonly line?: number;
  /** 1-based, in code points. */
  readonly column?: number;
  /** 0-based code-point offset. */
  readonly offset?: number;
  /** JSON path for codebook/JSON errors, e.g. `/codes/3/rules/0`. */
  readonly path?: string;
  /** How to fix it. */
  readonly hint?: string;
  /** Did-you-mean suggestions. */
  readonly expected?: readonly string[];
  readonly actual?: string;
}

// ---------------------------------------------------------------------------
// Tables: what analysis produces and export renders.

export type Cell = string | number | null;

export interface Column {
  readonly key: string;
  readonly label: string;
  readonly align?: 'left' | 'right';
  /** Numeric columns that take part in a heat map. */
  readonly heat?: boolean;
}

export interface Table {
  readonly title?: string;
  readonly caption?: string;
  readonly columns: readonly Column[];
  readonly rows: ReadonlyArray<Readonly<Record<string, Cell>>>;
  /** Rows that are totals (rendered bold / separated). Index into rows. */
  readonly totalRows?: readonly number[];
  /** Footnotes: method, unit, n. */
  readonly notes?: readonly string[];
  /**
   * One row per record (the codings table): a spreadsheet counts every row of its sheet as data
   * (a pivot table, a filter), so the XLSX keeps notes on a sheet of their own and a text longer
   * than a cell in columns of its own row (`text (2)`), never in rows below.
   */
  readonly records?: boolean;
}
