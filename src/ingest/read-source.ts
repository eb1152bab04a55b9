import { readFileSync, statSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { createHash } from 'node:crypto';
import { basename, extname, relative, resolve, sep } from 'node:path';
import { LANGUAGE_NAME, type Diagnostic, type Encoding, type Lang, type Source, type SourceFormat, type SourceKind } from '../model/types.js';
import type { Report } from '../model/errors.js';
import { inputError } from '../model/errors.js';
import { cpLength, cpSlice } from '../model/codepoints.js';
import { decodeBytes, detectNewline, type Decoded } from './decode.js';
import { isAnnotation, knownLines, lineNumbers, markdownDiagnostics, parseBlocks, readingDiagnostics, splitFrontMatter, type Block } from './parse-blocks.js';
import { guessLanguage, mixedLanguage } from './language.js';
// (imported here, not per source: a dynamic import() per file cost ≈ 0.1 s of module resolution on 760 files)
import { labelLikeLines } from './label-like-lines.js';
import { tableHeaderNote } from './table-turns.js';
import { caselessNote } from './caseless-labels.js';
import { punctNote } from './punct-labels.js';
import { markedNote } from './marked-labels.js';
import { transcriptTurns } from './read-turns.js';
import { DEFAULT_INTERVIEWERS, DEFAULT_RESPONDENT_LABELS, labelMatches, normaliseLabel, speakerTallyWarnings, type SpeakerTally } from './roles.js';
import { OffsetMap } from '../model/codepoints.js';
import { CASE_SOURCE_COLUMNS, ID_COLUMNS, detectAnswerColumns, isFreeTextColumn } from './parse-answers.js';
import { checkPdfStreams, checkZipDocument, documentLimits } from './document-limits.js';
import { refuseSpecialFile } from './regular-file.js';
import type { PdfAnnotation, PdfPage, PdfTextItem, pdfLinePlaces } from './pdf-pages.js';

/** File extensions read as sources (lower case, without the dot). */
export const SOURCE_EXTENSIONS = ['txt', 'md', 'markdown', 'docx', 'odt', 'pdf', 'vtt', 'srt', 'csv', 'tsv', 'xlsx'] as const;

export interface ReadSourceOptions {
  readonly cwd: string;
  /** Force a text encoding (`--encoding`). */
  readonly encoding?: string;
  readonly interviewers?: readonly string[];
  /** Reading a file found in a folder: a .csv is a source only if it has an open-answer text column. */
  readonly fromFolder?: boolean;
  /** Tables the run uses otherwise (case tables, survey data; display paths): one of them found in a folder is not a source, and not said to be skipped. */
  readonly usedTables?: readonly string[];
  readonly report?: Report;
  /** Largest source file read, in bytes (default: env QDA_MAX_SOURCE_BYTES, else 512 MB). */
  readonly maxSourceBytes?: number;
  /** Hash the file's bytes into `sha256` (default true; false: `sha256` is '', for outputs that do not show it). */
  readonly hash?: boolean;
  /**
   * Guess the language of a source that does not give one (default true; false: `language` only
   * from the front matter, for outputs that do not show it: the guess reads up to 20,000
   * characters of every source, and nothing else the reader does depends on it).
   */
  readonly guessLanguage?: boolean;
}

/** Default largest source file: 512 MB (a text source is held in memory as a string). */
export const DEFAULT_MAX_SOURCE_BYTES = 512 * 1024 * 1024;

/** The source size limit: the option, else env QDA_MAX_SOURCE_BYTES (bytes; suffixes k/m/g allowed), else 512 MB. */
export function maxSourceBytes(option?: number): number {
  if (option !== undefined && option > 0) return option;
  const env = process.env.QDA_MAX_SOURCE_BYTES?.trim();
  if (env) {
    const m = /^(\d+(?:\.\d+)?)\s*([kmg]?)b?$/i.exec(env);
    if (m) {
      const mult = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2].toLowerCase() as '' | 'k' | 'm' | 'g'];
      const n = Math.floor(Number(m[1]) * mult);
      if (n > 0) return n;
    }
  }
  return DEFAULT_MAX_SOURCE_BYTES;
}

/**
 * How much source text one run may take in at once where it is all held in memory with its
 * segments (a REFI-QDA import: about 10–16 bytes of heap per byte of text): the option or
 * QDA_MAX_SOURCE_BYTES when given, else the smaller of 512 MB and 1/16 of this process's heap
 * limit (256 MB with Node's default 4 GB heap). Over it, the input is refused (exit 2) instead
 * of ending in an out-of-memory abort.
 */
export function heldTextLimit(option?: number): number {
  if ((option !== undefined && option > 0) || process.env.QDA_MAX_SOURCE_BYTES?.trim()) return maxSourceBytes(option);
  return Math.min(DEFAULT_MAX_SOURCE_BYTES, Math.floor(getHeapStatistics().heap_size_limit / 16));
}

function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}

/** A source as read from one file, with the turns/paragraphs its reader found. */
export interface ReadSourceResult {
  readonly source: Source;
  /** The guessed language has much of the other too (see mixedLanguage): said by readSource. */
  readonly mixed?: { readonly other: Lang; readonly share: number; /** UTF-16 index of a part of a long text in the other language */ readonly part?: number };
  readonly blocks: readonly Block[];
  /** Observer names (observation notes) for role assignment. */
  readonly observers: readonly string[];
  /** Participant labels (observation notes). */
  readonly participants: readonly string[];
}

export function displayPath(cwd: string, full: string): string {
  const rel = relative(cwd, full);
  return (rel && !rel.startsWith('..') ? rel : full).split(sep).join('/');
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function formatOf(file: string): SourceFormat | undefined {
  const e = extname(file).slice(1).toLowerCase();
  if (e === 'markdown') return 'md';
  if (e === 'tsv') return 'csv';
  return (['txt', 'md', 'docx', 'odt', 'pdf', 'vtt', 'srt', 'csv', 'xlsx'] as const).find((f) => f === e);
}

const KINDS: readonly SourceKind[] = ['transcript', 'observation', 'document', 'survey'];

/**
 * Read one source file. Returns undefined for a .csv/.xlsx found in a folder
 * that is not an open-answer table (cases.csv, codings CSVs, gold files).
 * Throws QdaInputError for files that cannot be read.
 */
export async function readSource(path: string, opts: ReadSourceOptions): Promise<ReadSourceResult | undefined> {
  const r = await readSourceFile(path, opts);
  if (r?.mixed && opts.report) {
    const name = (l: Lang) => LANGUAGE_NAME[l];
    const lang = r.source.language!;
    const text = r.source.text;
    const where = text.length > 20000 ? 'in five parts of 4,000 characters spread over it' : 'in its text';
    // (a part in the other language: its line, 1 + the line breaks before it)
    const at = r.mixed.part;
    const line = at === undefined ? undefined : lineAt(text, at);
    opts.report({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'mixed-language',
      message:
        line !== undefined
          ? `reads as ${name(lang)}, but the part around line ${line} reads as ${name(r.mixed.other)} (${Math.round(r.mixed.share * 100)} % of the common words counted ${where} are ${name(r.mixed.other)}): it is coded with the ${name(lang)} keywords only, and its ${name(r.mixed.other)} passages find none of the ${name(r.mixed.other)} keywords`
          : `reads as ${name(lang)}, but ${Math.round(r.mixed.share * 100)} % of the common words counted (${where}) are ${name(r.mixed.other)}: it is coded with the ${name(lang)} keywords only, and its ${name(r.mixed.other)} passages find none of the ${name(r.mixed.other)} keywords`,
      file: displayPath(opts.cwd, resolve(opts.cwd, path)),
      ...(line !== undefined ? { line } : {}),
      hint: `split it into one source per language (each is coded with its own language's keywords); if it is all ${name(lang)}, nothing to do (\`language: ${lang}\` in its front matter, a .txt or .md source, silences this)`,
    });
  }
  return r;
}

/**
 * The 1-based line of UTF-16 index `at`: from the lines parseBlocks split (the text just read),
 * else by counting the line breaks before it (LF, or CR in a file without LF) with indexOf (a
 * regex match of every break of a 40 KB text cost ≈ 50 µs a source).
 */
function lineAt(text: string, at: number): number {
  const lines = knownLines(text);
  if (lines) {
    let lo = 0;
    let hi = lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lines[mid].start <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
  const br = text.includes('\n') ? '\n' : '\r';
  let n = 1;
  for (let i = text.indexOf(br); i !== -1 && i < at; i = text.indexOf(br, i + 1)) n++;
  return n;
}

async function readSourceFile(path: string, opts: ReadSourceOptions): Promise<ReadSourceResult | undefined> {
  const full = resolve(opts.cwd, path);
  const file = displayPath(opts.cwd, full);
  const format = formatOf(full);
  if (!format) {
    throw inputError('ingest', 'unknown-extension', `cannot read "${extname(full) || basename(full)}" files`, {
      file,
      expected: SOURCE_EXTENSIONS.map((e) => '.' + e),
      hint: `give a file with one of the extensions ${SOURCE_EXTENSIONS.map((e) => '.' + e).join(' ')}, or convert it to .txt`,
    });
  }
  let bytes: Uint8Array;
  try {
    // size first: a file over the limit is refused before it is read into memory
    // (synchronous: a source is read whole anyway, and fs/promises' readFile costs several times the CPU)
    const st = statSync(full);
    if (!st.isFile() && !st.isDirectory()) await refuseSpecialFile(full, file);
    const limit = maxSourceBytes(opts.maxSourceBytes);
    if (st.isFile() && st.size > limit) {
      throw inputError('ingest', 'source-too-large', `this file is ${formatBytes(st.size)}, more than the limit of ${formatBytes(limit)} per source`, {
        file,
        hint: 'split it into several files (e.g. one per interview or per day), or raise the limit with the environment variable QDA_MAX_SOURCE_BYTES (e.g. QDA_MAX_SOURCE_BYTES=2g)',
      });
    }
    bytes = readFileSync(full);
  } catch (e) {
    if ((e as Error).name === 'QdaInputError') throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw inputError('ingest', 'file-not-found', 'file not found', { file, hint: 'check the path (it is relative to the current folder)' });
    if (code === 'EISDIR') throw inputError('ingest', 'is-a-directory', 'this is a folder', { file, hint: 'give the folder without a file extension, or a file inside it' });
    throw inputError('ingest', 'unreadable-file', `cannot read the file (${code ?? (e as Error).message})`, { file, hint: 'check the file permissions' });
  }
  const id = basename(full, extname(full));
  const hash = opts.hash === false ? '' : sha256(bytes);
  const base = { id, path: file, format, case: id, sha256: hash };
  const report = opts.report ?? (() => {});

  if (format === 'vtt' || format === 'srt') {
    const dec = await decodeBytes(bytes, { file, encoding: opts.encoding, report, strays: 'remove' });
    const { parseSubtitles, subtitlesToTranscript } = await import('./parse-subtitles.js');
    const cues = parseSubtitles(dec.text, (w) =>
      report({
        severity: w.ruleId === 'label-variant-read' ? 'info' : 'warning',
        source: 'ingest',
        ruleId: w.ruleId,
        message: w.message,
        file,
        line: w.line,
        hint: w.ruleId === 'subtitle-note' ? 'if a NOTE holds speech, remove the word NOTE and give it a timing line (00:00:06.000 --> 00:00:09.000)' : w.ruleId === 'unread-speaker-label' ? 'if it is a speaker, write the cue as <v Name>text</v> (or give the name to two or more cues); else nothing to do' : w.ruleId === 'subtitle-timing' ? 'write the timing line as 00:00:06.000 --> 00:00:09.000 (hours:minutes:seconds.milliseconds)' : w.ruleId === 'subtitle-style-after-cues' ? 'STYLE and REGION blocks belong before the first cue: move them there; if the block holds speech, remove the word STYLE or REGION and give it a timing line (00:00:06.000 --> 00:00:09.000)' : w.ruleId === 'subtitle-two-speakers' ? 'give each speaker\'s line a cue of its own (with its timing line), or write it as <v Name>text</v>, so that each turn has its speaker' : w.ruleId === 'label-variant-read' ? 'nothing to do if it is that speaker; to silence this, write the name as in its other cues' : 'separate cues by one blank line, each with its timing line (00:00:06.000 --> 00:00:09.000) before its text',
      }),
    );
    if (cues.length === 0 && dec.text.trim() === '') {
      report({ severity: 'warning', source: 'ingest', ruleId: 'empty-source', message: 'the file is empty (no text)', file, hint: 'check that this is the right file; empty sources have no segments' });
    }
    if (cues.length === 0 && dec.text.trim() !== '') {
      throw inputError('ingest', 'no-cues', `no subtitle cues found in this .${format} file`, {
        file,
        hint: 'each cue needs a timing line like `00:00:01.000 --> 00:00:04.000`; export the transcript again from Zoom/Teams',
      });
    }
    const { text, blocks } = subtitlesToTranscript(cues);
    if (blocks.length && blocks.every((b) => b.speaker === null)) {
      report({ severity: 'warning', source: 'ingest', ruleId: 'no-speaker-labels', message: 'no speakers found in the cues; every cue is a turn without speaker', file, hint: 'export with speaker names (Teams: <v Name>; Zoom: "Name: text")' });
    }
    else {
      // (lines of the file: a speaker's first cue)
      const firstCue = new Map<string, number>();
      for (const c of cues) if (c.speaker !== null && !firstCue.has(c.speaker)) firstCue.set(c.speaker, c.line);
      speakerRoleChecks(text, blocks, [...firstCue.keys()], opts.interviewers && opts.interviewers.length ? opts.interviewers : DEFAULT_INTERVIEWERS, file, report, (label) => firstCue.get(label));
    }
    return withRepairs(finish({ ...base, kind: 'transcript', encoding: dec.encoding, newline: dec.newline, text, meta: { derived: 'transcript from subtitle cues', cues: cues.length } }, blocks, [], [], opts.guessLanguage !== false), dec);
  }

  if (format === 'csv' || format === 'xlsx') {
    let encoding: Encoding = 'binary-container';
    let newline: 'lf' | 'crlf' = 'lf';
    let repairs: Pick<Decoded, 'repairs' | 'strays'> | undefined;
    // every row with its line (CSV) or row number (XLSX); what the table holds beyond the answers is checked below
    const { readAnswerCsv, readXlsxTable, checkAnswerTable } = await import('./read-table.js');
    let table: import('./read-table.js').TableRows;
    if (format === 'csv') {
      const dec = await decodeBytes(bytes, { file, encoding: opts.encoding, report, strays: 'remove' });
      encoding = dec.encoding;
      newline = dec.newline;
      repairs = dec;
      table = readAnswerCsv(dec.text, file);
    } else {
      await checkZipDocument(bytes, file, 'xlsx', documentLimits(maxSourceBytes(opts.maxSourceBytes)));
      table = await readXlsxTable(bytes, file);
    }
    const { header, rows } = table;
    const { answersToSource } = await import('./parse-answers.js');
    const lower = header.map((h) => h.trim().toLowerCase());
    const isCodings = lower.includes('code') || lower.includes('codes');
    // a transcript written as a table (a transcription service's `Speaker,Start,Text`): read as turns, said
    // (before the case-table and folder checks: a transcription service names its text column `Transcript`, as a case table its file column)
    if (!isCodings && !(opts.fromFolder && opts.usedTables?.includes(file))) {
      const { tableTranscript } = await import('./table-turns.js');
      const interviewers = opts.interviewers && opts.interviewers.length ? opts.interviewers : DEFAULT_INTERVIEWERS;
      const tt = tableTranscript(header, rows, (l) => labelMatches(l, interviewers), table.lines);
      if (tt) {
        // (the table's own checks: a stopped read, values in the wrong columns, a second column of text)
        checkAnswerTable(table, { text: tt.textIndex }, file, report);
        const names = [...tt.firstRow.keys()];
        report({
          severity: 'info',
          source: 'ingest',
          ruleId: 'table-read-as-transcript',
          message: `read as a transcript: column "${tt.speakerColumn}" names the speaker of each row and "${tt.textColumn}" what is said (${tt.blocks.length} turns; ${names.length} speaker${names.length === 1 ? '' : 's'}: ${names.slice(0, 6).join(', ')}${names.length > 6 ? ', …' : ''}), each row a turn; its other columns are kept with each turn`,
          file,
          hint: 'if it is a table of answers (one respondent per row), name its respondent column "respondent" and its text column "antwoord" or "text"',
        });
        if (tt.noSpeaker.length) {
          const unit = table.sheet !== undefined ? 'row' : 'line';
          const given = tt.noSpeaker.filter((x) => x.speaker !== undefined);
          const none = tt.noSpeaker.filter((x) => x.speaker === undefined);
          const { lineList } = await import('./csv-records.js');
          const list = (xs: typeof tt.noSpeaker) => `${unit}${xs.length === 1 ? '' : 's'} ${lineList(xs.map((x) => x.line))}`;
          report({
            severity: 'warning',
            source: 'ingest',
            ruleId: 'turn-without-speaker',
            message: `${tt.noSpeaker.length} row${tt.noSpeaker.length === 1 ? ' has' : 's have'} words but an empty "${tt.speakerColumn}" cell: ${[
              ...(given.length ? [`${list(given)} read as the speaker of the row above (${[...new Set(given.map((x) => `"${x.speaker}"`))].slice(0, 4).join(', ')}), as a line without a name goes on with the turn before it`] : []),
              ...(none.length ? [`${list(none)} read as no one's (no speaker above): in no respondent's text`] : []),
            ].join('; ')}`,
            file,
            line: tt.noSpeaker[0].line,
            hint: `write the speaker in "${tt.speakerColumn}" on every row of a turn; if a row's words are no one's (a note, [muziek]), nothing to do for it but check the speaker it was given`,
          });
        }
        speakerRoleChecks(tt.text, tt.blocks, names, interviewers, file, report, (label) => tt.firstRow.get(label));
        return withRepairs(
          finish({ ...base, kind: 'transcript', encoding, newline, text: tt.text, meta: { derived: 'transcript from a table of turns', speakerColumn: tt.speakerColumn, textColumn: tt.textColumn, rows: rows.length } }, tt.blocks, [], [], opts.guessLanguage !== false),
          repairs,
        );
      }
    }
    // (a table with a column naming sources, `bron`/`source`, and none naming respondents is a case
    // table, whatever its other columns: an `opmerking` column of notes per source was read as answers)
    const caseTable = lower.some((h) => CASE_SOURCE_COLUMNS.includes(h)) && !lower.some((h) => ID_COLUMNS.includes(h));
    if (opts.fromFolder && (isCodings || caseTable || !detectAnswerColumns(header, rows, true))) {
      // a table in a folder with no column named as answers: read when a column holds sentences
      // (a form's export names it by its question); else skipped, and said why
      const skip = folderTableSkip(header, rows, lower, isCodings, file, opts.usedTables);
      if (skip) {
        if (skip !== 'applied') report(skip);
        return undefined;
      }
    }
    // a codings table given as a source (qda code codings.csv): its codes would be read as answers
    // and none of its codings would count; said, with how to read it
    if (isCodings && !detectAnswerColumns(header, rows, true)) {
      throw inputError('ingest', 'codings-table-as-source', `this table has a "${lower.includes('code') ? 'code' : 'codes'}" column and no column of answers: it is a codings table, not a source (read as one, its codes would be the text and none of its codings would count)`, {
        file,
        hint: 'give it with --codings (qda code SOURCES --codings FILE), or analyse it directly (qda matrix FILE, qda run FILE); a table of open answers needs a column named text or antwoord',
      });
    }
    const cols = detectAnswerColumns(header, rows, false);
    if (!cols || header.length === 0) {
      throw inputError('ingest', 'no-text-column', 'this table has no column with answers', {
        file,
        hint: 'name the column with the open answers "text" or "antwoord" (one row per answer)',
      });
    }
    checkAnswerTable(table, cols, file, report);
    const { text, blocks } = answersToSource(header, rows, cols, table.lines);
    return withRepairs(finish(
      {
        ...base,
        kind: 'survey',
        encoding,
        newline,
        text,
        meta: {
          derived: 'answers joined by blank lines',
          textColumn: header[cols.text],
          ...(cols.id !== undefined ? { respondentColumn: header[cols.id] } : {}),
          ...(cols.question !== undefined ? { questionColumn: header[cols.question] } : {}),
          rows: rows.length,
        },
      },
      blocks,
      [],
      [],
      opts.guessLanguage !== false,
    ), repairs);
  }

  let text: string;
  let repairs: Pick<Decoded, 'repairs' | 'strays'> | undefined;
  let encoding: Encoding;
  let newline: 'lf' | 'crlf';
  let textReport: Report = report;
  // (the heading paragraphs of a .docx/.odt: their places, given to the transcript reader beside the text)
  const places: import('./read-docx.js').DocumentPlaces = {};
  if (format === 'docx' || format === 'odt' || format === 'pdf') {
    // what the document expands to is checked before its parser reads it (zip and PDF bombs)
    const limits = documentLimits(maxSourceBytes(opts.maxSourceBytes));
    await (format === 'pdf' ? checkPdfStreams(bytes, file, limits) : checkZipDocument(bytes, file, format, limits));
  }
  if (format === 'docx') {
    const { readDocxText } = await import('./read-docx.js');
    text = await readDocxText(bytes, file, report, 0, places);
    encoding = 'binary-container';
    newline = detectNewline(text);
  } else if (format === 'odt') {
    const { readOdtText } = await import('./read-odt.js');
    text = await readOdtText(bytes, file, report, places);
    encoding = 'binary-container';
    newline = detectNewline(text);
  } else if (format === 'pdf') {
    const pdf = await readPdfText(bytes, file, report);
    text = pdf.text;
    encoding = 'binary-container';
    newline = detectNewline(text);
    // (what is said of the text's lines names each line's page and its line there too)
    const { withPdfPlaces } = await import('./pdf-pages.js');
    textReport = (d) => report(d.file === file ? withPdfPlaces(d, pdf.place) : d);
  } else {
    const dec = await decodeBytes(bytes, { file, encoding: opts.encoding, report, strays: 'remove' });
    // an RTF file saved or renamed as .txt: its text is inside control words (`{\rtf1\ansi …\par`),
    // which would be read, and coded, as the words of the source
    if (/^\s*\{\\rtf/.test(dec.text.slice(0, 64))) {
      throw inputError('ingest', 'rtf-as-text', `this .${format} file is an RTF file (Rich Text Format): its text is wrapped in RTF control words (\\rtf1, \\par, …), which would be read as words of the source`, {
        file,
        line: 1,
        hint: 'open it in Word, LibreOffice or TextEdit and save it as .docx, or as plain text (.txt: in TextEdit, Format → Make Plain Text first)',
      });
    }
    if (dec.text.startsWith('%PDF-')) {
      throw inputError('ingest', 'binary-file', `this .${format} file is a PDF: its text is in compressed streams, which would be read as the words of the source`, { file, line: 1, hint: 'rename it to .pdf' });
    }
    text = dec.text;
    encoding = dec.encoding;
    newline = dec.newline;
    repairs = dec;
    // (a markdown table, `| Jaar | Aantal |` ⏎ `|---|---|`, in a .md or .txt: said when it stands inside a turn, as a .docx's is)
    if (format === 'md' || format === 'txt') {
      const t = pipeTables(text);
      if (t) places.tables = t;
    }
  }
  return withRepairs(await textSource(text, { ...base, encoding, newline }, opts, textReport, places.headings, places.tables, places.boxes), repairs);
}

/**
 * Why a table found in a folder with no column named as answers (text, antwoord, …) is not read
 * as a source, as a warning naming the file and the fix; `applied` for a table the run uses otherwise
 * (a case table applied, the project's survey data); undefined when a column holds sentences (at least half its cells 4 words or
 * more) and it is read as the table given on its own is (the longest column its answers).
 */
function folderTableSkip(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  lower: readonly string[],
  isCodings: boolean,
  file: string,
  usedTables: readonly string[] | undefined,
): Diagnostic | 'applied' | undefined {
  if (usedTables?.includes(file)) return 'applied';
  const kind = (ruleId: string, message: string, hint: string, severity: 'warning' | 'info' = 'warning'): Diagnostic => ({ severity, source: 'ingest', ruleId, message, file, line: 1, hint });
  // (a codings table is rightly not a source: said as info)
  if (isCodings) {
    return kind(
      'table-not-a-source',
      `not read as a source: this table in the folder has a "${lower.includes('code') ? 'code' : 'codes'}" column and no column of answers (a codings table)`,
      'to use its codings, give it with --codings FILE; if it holds open answers, name that column "text" or "antwoord"',
      'info',
    );
  }
  const si = lower.findIndex((h) => CASE_SOURCE_COLUMNS.includes(h));
  if (si !== -1) {
    return kind(
      'cases-table-not-applied',
      `not read as a source and not applied: this table in the folder has a "${header[si].trim()}" column (a case table: attributes per source), and it is not given as the case table`,
      `to give the sources its attributes, apply it: --cases ${file} (or \`cases:\` with its path in qda.yaml); if it holds open answers, name that column "text" or "antwoord"`,
    );
  }
  const cols = detectAnswerColumns(header, rows, false);
  if (cols && header.length > 0 && isFreeTextColumn(rows, cols.text)) return undefined;
  return kind(
    'table-not-a-source',
    `not read as a source: this table in the folder has no column of answers (none named text, antwoord, answer, …, and none that holds sentences)`,
    'if it holds open answers, name that column "text" or "antwoord" (or give the file itself as an input: its longest column is read); if it is not a source, move it out of the folder to silence this',
  );
}

/**
 * A source read with invalid UTF-8 bytes repaired, or with NUL/control characters removed, says
 * so in its meta (`encodingRepairs`, `controlCharactersRemoved`), next to the warnings.
 */
function withRepairs(r: ReadSourceResult, dec: Pick<Decoded, 'repairs' | 'strays'> | undefined): ReadSourceResult {
  if (!dec || (!dec.repairs && !dec.strays)) return r;
  const meta = { ...r.source.meta, ...(dec.repairs ? { encodingRepairs: dec.repairs } : {}), ...(dec.strays ? { controlCharactersRemoved: dec.strays } : {}) };
  return { ...r, source: { ...r.source, meta } };
}

function finish(
  partial: Omit<Source, 'length' | 'attributes' | 'language'> & { attributes?: Source['attributes']; language?: Lang },
  blocks: readonly Block[],
  observers: readonly string[],
  participants: readonly string[],
  guess: boolean,
): ReadSourceResult {
  const language = partial.language ?? (guess ? guessLanguage(partial.text) : undefined);
  // (read right after the guess: its counts)
  const mixed = partial.language === undefined ? mixedLanguage(language) : undefined;
  const source: Source = {
    ...partial,
    attributes: partial.attributes ?? {},
    length: cpLength(partial.text),
    ...(language ? { language } : {}),
  };
  return mixed ? { source, blocks, observers, participants, mixed } : { source, blocks, observers, participants };
}

/**
 * The Source of a text without front matter: what `finish` makes of
 * `{ ...base, kind, text, attributes: {} }` (same properties in the same order,
 * `language` only when guessed), written as object literals. Spreads make a new
 * hidden class for every source here, which turns the functions that read sources
 * megamorphic and makes V8 deoptimise and recompile them; these literals give one
 * class per language outcome.
 */
function plainSource(
  base: { id: string; path: string; format: SourceFormat; case: string; sha256: string; encoding: Encoding; newline: 'lf' | 'crlf' },
  kind: SourceKind,
  text: string,
  guess: boolean,
): Source {
  const language = guess ? guessLanguage(text) : undefined;
  const length = cpLength(text);
  const { id, path, format, sha256, encoding, newline } = base;
  return language
    ? { id, path, format, case: base.case, sha256, encoding, newline, kind, text, attributes: {}, length, language }
    : { id, path, format, case: base.case, sha256, encoding, newline, kind, text, attributes: {}, length };
}

/**
 * The tallies speakerWarnings makes of the turns (blocks in text order, as parseBlocks gives
 * them), made from the blocks without a TurnInfo per turn: the line is counted only up to each
 * speaker's first turn (the only line a tally keeps), and no text is sliced for its `?`.
 */
export function speakerTallies(text: string, blocks: readonly Block[]): { speakers: SpeakerTally[]; total: number } {
  const map = new OffsetMap(text);
  const by = new Map<string, SpeakerTally>();
  let total = 0;
  // the line of UTF-16 index `at`
  let line = 1;
  let at = 0;
  // the start of the block before, and the first '?' at or after it (-1: none), searched again only when a block starts past it
  let prev = 0;
  let q = text.indexOf('?');
  // the tallies of the last two speakers met, by their label (turns alternate between a few
  // speakers: most blocks find theirs here, without normalising the label and looking it up)
  let sp0: string | null = null;
  let t0: SpeakerTally | undefined;
  let sp1: string | null = null;
  let t1: SpeakerTally | undefined;
  // (the lines parseBlocks found in this text, when it read it last and every break holds an LF
  // (no CR alone): the line of `a` is the number of line starts at or before it, walked forward)
  let known = knownLines(text);
  for (let i = text.indexOf('\r'); i !== -1 && known !== undefined; i = text.indexOf('\r', i + 1)) if (text.charCodeAt(i + 1) !== 10) known = undefined;
  let next = 1;
  for (const b of blocks) {
    const a = map.toUtf16(b.start);
    if (a < prev || (q !== -1 && q < a)) q = text.indexOf('?', a);
    prev = a;
    const sp = b.speaker;
    if (sp === null) continue;
    total++;
    let s: SpeakerTally | undefined;
    if (sp === sp0) s = t0;
    else if (sp === sp1) s = t1;
    else s = by.get(normaliseLabel(sp));
    if (s === undefined) {
      const k = normaliseLabel(sp);
      if (known !== undefined) {
        while (next < known.length && known[next].start <= a) next++;
        line = next;
      } else for (let i = text.indexOf('\n', at); i !== -1 && i < a; i = text.indexOf('\n', i + 1)) line++;
      at = a;
      by.set(k, (s = { label: sp, turns: 0, line, questions: 0 }));
    }
    if (sp !== sp0) {
      sp1 = sp0;
      t1 = t0;
      sp0 = sp;
      t0 = s;
    }
    s.turns++;
    if (q !== -1 && q < map.toUtf16(b.end)) s.questions++;
  }
  return { speakers: [...by.values()], total };
}

function asList(v: unknown): string[] {
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'object' && x !== null ? Object.keys(x)[0] ?? '' : String(x))).filter(Boolean);
  if (typeof v === 'string') return v.split(/[,;]/).map((s) => s.trim()).filter(Boolean);
  if (v && typeof v === 'object') return Object.keys(v);
  return [];
}

function attrString(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (Array.isArray(v)) return asList(v).join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/**
 * A file that starts with a `---` line (a rule, not front matter) whose first turns are
 * `Interviewer: …` lines up to the next `---` had those turns read as attributes: the question
 * was gone from the text without a word. A front-matter key that is a speaker label (a default
 * or configured interviewer or respondent label, or one that starts lines of the body) with a
 * value of several words is said, with its line and the fix.
 */
function speechInFrontMatter(front: Record<string, unknown>, fm: { yaml: string; bodyStart: number }, text: string, interviewers: readonly string[], file: string, report: Report): void {
  const labels = new Set([...interviewers, ...DEFAULT_RESPONDENT_LABELS].map(normaliseLabel));
  const lines = fm.yaml.split(/\r?\n/);
  for (const [key, value] of Object.entries(front)) {
    if (typeof value !== 'string' || value.trim().split(/\s+/).length < 3 || !/^\p{Lu}/u.test(key)) continue;
    const esc = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (!labels.has(normaliseLabel(key)) && !new RegExp(`^[ \\t]*${esc}[ \\t]*:`, 'm').test(text.slice(fm.bodyStart))) continue;
    const i = lines.findIndex((l) => l.trimStart().startsWith(`${key}:`));
    report({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'speech-in-front-matter',
      message: `"${key}: ${value.length > 60 ? `${value.slice(0, 57)}…` : value}" between the \`---\` lines at the top reads like a turn, but is read as the attribute "${key}" (front matter), not as text`,
      file,
      ...(i >= 0 ? { line: i + 2 } : {}),
      hint: 'if the file does not start with front matter, remove the first `---` line (or put a line of text above it)',
    });
  }
}

/** The 1-based lines that the UTF-16 ranges [start, end) of `text` cover (ascending ranges), each once. */
const LABEL_NOTE = /(?:\[([^\][\r\n]{1,30})\]|\(([^()\r\n]{1,30})\))[ \t]*:[ \t]*$/;

/**
 * Speaker labels with a transcriber's note before the colon (`Respondent [lacht]:`, `Respondent
 * (lacht):`): read as that speaker's label, the note no part of the name nor of the turn's text
 * (`[lacht]` made the label no label, the answer read into the turn before; `(lacht)` made a
 * speaker of its own). Said once, with the count and the first.
 */
function labelNotes(text: string, blocks: readonly Block[], file: string): Diagnostic | undefined {
  let n = 0;
  let first: { line: number; label: string; speaker: string } | undefined;
  for (const b of blocks) {
    if (!b.speaker) continue;
    // (first, from the turn's start back: white space, a colon, spaces or tabs, and a `]` or `)`,
    // as LABEL_NOTE needs; most labels end otherwise: no line is cut out for them. This replaced a
    // regular expression over the whole text, 63 ms of qda segments on the bench corpus)
    let p = b.start - 1;
    for (; p >= 0; p--) {
      const c = text.charCodeAt(p);
      if (c === 10 || !(c === 32 || c === 9 || ((c < 32 || c > 127) && /\s/.test(text[p])))) break;
    }
    if (text.charCodeAt(p) !== 58) continue;
    for (p--; p >= 0 && (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 9); p--);
    if (text.charCodeAt(p) !== 93 && text.charCodeAt(p) !== 41) continue;
    const from = text.lastIndexOf('\n', b.start - 1) + 1;
    const head = text.slice(from, b.start).trimEnd();
    if (head.length > 80 || head.charCodeAt(head.length - 1) !== 58) continue;
    const m = LABEL_NOTE.exec(head);
    if (!m || !isAnnotation(m[1] ?? m[2])) continue;
    if (n++ === 0) first = { line: linesOfRanges(text, [[from, from]])[0], label: head.trim(), speaker: b.speaker };
  }
  if (!first) return undefined;
  return {
    severity: 'info',
    source: 'ingest',
    ruleId: 'label-note-read',
    message: `${n} speaker label${n === 1 ? '' : 's'} hold${n === 1 ? 's' : ''} a transcriber's note before the colon (the first: line ${first.line} "${first.label}", read as ${first.speaker}'s): ${n === 1 ? 'it is' : 'each is'} read as the label of its speaker; the note is no part of the speaker's name nor of the turn's text`,
    file,
    line: first.line,
    actual: first.label,
    hint: 'nothing to do if the note is what the transcriber heard; to code it, write it after the colon (`Respondent: [lacht] …`)',
  };
}

/**
 * A table of a .docx (not one of turns: read a cell a paragraph) that stands inside a speaker's
 * turn: its cells are read as that speaker's words (figures, a list shown in the interview, a
 * form), and were without a word. Said with the count, the first's line, words and speaker.
 */
function tablesInTurns(text: string, blocks: readonly Block[], tables: ReadonlyArray<readonly [number, number]>, file: string, what: 'table' | 'box' = 'table'): Diagnostic | undefined {
  const inTurn: Array<{ at: number; speaker: string }> = [];
  // (the places are UTF-16 indices, the blocks' code points: an emoji before a table put it in the wrong turn, or in none)
  const map = new OffsetMap(text);
  for (const [a] of tables) {
    const cp = map.toCp(a);
    const b = blocks.find((x) => x.start < cp && cp < x.end);
    if (b?.speaker) inTurn.push({ at: a, speaker: b.speaker });
  }
  if (!inTurn.length) return undefined;
  const first = inTurn[0];
  const line = linesOfRanges(text, [[first.at, first.at]])[0];
  const words = text.slice(first.at, first.at + 200).trim().split(/\n/)[0].trim();
  const shown = words.length > 60 ? `${words.slice(0, 57)}...` : words;
  const n = inTurn.length;
  if (what === 'box') {
    return {
      severity: 'warning',
      source: 'ingest',
      ruleId: 'text-box-in-turn',
      message: `${n} paragraph${n === 1 ? '' : 's'} of text boxes stand${n === 1 ? 's' : ''} inside a speaker's turn (the first: line ${line} "${shown}", in ${first.speaker}'s turn, read after the paragraph the box is in): ${n === 1 ? 'its' : 'their'} words are read as the words of the speaker of that turn`,
      file,
      line,
      actual: shown,
      hint: 'nothing to do if the speaker said these words; if not (a caption, a note), take the text box out of the transcript, or anchor it in a paragraph `---` of its own after the turn (a rule line ends the turn: what follows it up to the next label is read without a speaker)',
    };
  }
  return {
    severity: 'warning',
    source: 'ingest',
    ruleId: 'table-in-turn',
    message: `${n} table${n === 1 ? '' : 's'} of the document stand${n === 1 ? 's' : ''} inside a speaker's turn (the first: line ${line} "${shown}", in ${first.speaker}'s turn): ${n === 1 ? 'its' : 'their'} cells are read as the words of the speaker of that turn`,
    file,
    line,
    actual: shown,
    hint: 'nothing to do if the speaker said these words; if not (figures, a list or form shown), put a paragraph `---` before the table (the text after it is then read without a speaker up to the next label) or take the table out of the transcript',
  };
}

/**
 * Markdown headings that are the speakers' names (`## Interviewer`, `## Respondent`: an interviewer's
 * role or name and a respondent's, two headings or more): the file has no speaker labels, so it was
 * read as a document, the names as paragraphs and every turn without a speaker, without a word (a
 * text with headings is taken to be a document). Said with the count and the first's line.
 */
function speakerHeadings(text: string, blocks: readonly Block[], interviewers: readonly string[] | undefined, file: string): Diagnostic | undefined {
  const asker = interviewers && interviewers.length ? interviewers : DEFAULT_INTERVIEWERS;
  let askers = 0;
  let others = 0;
  let first: Block | undefined;
  for (const b of blocks) {
    if (b.meta?.heading === undefined || b.end - b.start > 60) continue;
    const name = cpSlice(text, b.start, b.end).replace(/[*_:]/g, '').trim();
    const isAsker = labelMatches(name, asker);
    if (!isAsker && !labelMatches(name, DEFAULT_RESPONDENT_LABELS)) continue;
    if (isAsker) askers++;
    else others++;
    first ??= b;
  }
  if (!first || !askers || !others) return undefined;
  const n = askers + others;
  const line = linesOfRanges(text, [[new OffsetMap(text).toUtf16(first.start), 0]])[0];
  const shown = cpSlice(text, first.start, first.end).trim();
  return {
    severity: 'warning',
    source: 'ingest',
    ruleId: 'speaker-headings-not-read',
    message: `${n} headings of this file are a speaker's name (the first: line ${line} "${shown}"), and no speaker labels are read: the file is read as a document, the names as paragraphs and every turn without a speaker`,
    file,
    line,
    actual: shown,
    hint: 'if this is a transcript, write each turn as `Interviewer: …` (the name, a colon and the words), or the name alone in bold on its own line (`**Interviewer**`) above the words; if it is a document, add front matter `kind: document`',
  };
}

/**
 * The markdown tables of a text (a row with `|`, then a delimiter row `|---|:--:|`, then the rows
 * with `|` up to a blank line or one without), as UTF-16 ranges; undefined when it has none (looked
 * for only when a delimiter's `-|` or `|-` is in the text). A table's rows inside a speaker's turn
 * were read as that speaker's words without a word, as a .docx's table was before it was said.
 */
function pipeTables(text: string): Array<[number, number]> | undefined {
  if (text.indexOf('-|') === -1 && text.indexOf('|-') === -1 && text.indexOf('|:') === -1 && text.indexOf('| -') === -1 && text.indexOf('- |') === -1) return undefined;
  const DELIMITER = /^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$/;
  const lines: Array<[number, number]> = [];
  for (let at = 0; at <= text.length; ) {
    let e = text.indexOf('\n', at);
    if (e === -1) e = text.length;
    lines.push([at, e > at && text.charCodeAt(e - 1) === 13 ? e - 1 : e]);
    at = e + 1;
  }
  const row = (i: number) => i >= 0 && i < lines.length && text.slice(lines[i][0], lines[i][1]).indexOf('|') !== -1 && text.slice(lines[i][0], lines[i][1]).trim() !== '';
  let out: Array<[number, number]> | undefined;
  for (let i = 1; i < lines.length; i++) {
    if (!DELIMITER.test(text.slice(lines[i][0], lines[i][1])) || !row(i - 1)) continue;
    let j = i;
    while (row(j + 1)) j++;
    const start = lines[i - 1][0] + (text.slice(lines[i - 1][0], lines[i - 1][1]).length - text.slice(lines[i - 1][0], lines[i - 1][1]).trimStart().length);
    (out ??= []).push([start, lines[j][1]]);
    i = j;
  }
  return out;
}

function linesOfRanges(text: string, ranges: ReadonlyArray<readonly [number, number]>): number[] {
  const out: number[] = [];
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  let line = 1;
  let at = 0;
  for (const [a, b] of sorted) {
    for (let i = text.indexOf('\n', at); i !== -1 && i < a; i = text.indexOf('\n', i + 1)) {
      line++;
      at = i + 1;
    }
    if (out[out.length - 1] !== line) out.push(line);
    for (let i = text.indexOf('\n', at); i !== -1 && i < b; i = text.indexOf('\n', i + 1)) {
      line++;
      at = i + 1;
      out.push(line);
    }
  }
  return out;
}

/** .txt/.md (and text extracted from .docx/.odt/.pdf): front matter, kind, turns or paragraphs. */
/**
 * What the speakers of a transcript leave unread as roles: two or more speakers and none an interviewer
 * (`no-interviewer`: every question read as an answer), a speaker of one turn (`single-turn-speaker`),
 * every labelled turn an interviewer's (`interviewer-only`: no answer coded). For the text readers and
 * the subtitle reader alike (a Teams export whose interviewer qda.yaml does not name read both people
 * as respondents, without a word).
 */
export function speakerRoleChecks(
  text: string,
  blocks: readonly Block[],
  speakerLabels: readonly string[],
  interviewers: readonly string[],
  file: string,
  report: Report,
  /** The file's line of a speaker's first turn, where the text read is not the file's (subtitles). */
  lineOf?: (label: string) => number | undefined,
): void {
  const tallies = () => {
    const t = speakerTallies(text, blocks);
    return lineOf ? { speakers: t.speakers.map((x) => ({ ...x, line: lineOf(x.label) ?? x.line })), total: t.total } : t;
  };
  if (speakerLabels.length >= 2) {
    const { speakers, total } = tallies();
    for (const d of speakerTallyWarnings(speakers, total, interviewers, file)) report(d);
  }
  // only the interviewer is labelled (`I: question` ⏎ answer): every answer is read into the
  // interviewer's turn before it, and nothing is coded as a respondent's
  if (speakerLabels.length > 0 && speakerLabels.every((sp) => labelMatches(sp, interviewers))) {
    const { speakers, total } = tallies();
    // (no labelled turn holds words — `Interviewer:` alone, a transcript begun and not written —:
    // no answer is read into the interviewer's turn; was an internal error, exit 1, for the whole run)
    if (speakers.length === 0) return;
    const names = speakers.map((s) => (/[\s"]/.test(s.label) ? JSON.stringify(s.label) : s.label)).join(', ');
    report({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'interviewer-only',
      message: `every labelled turn (${total}) is the interviewer's (${names}): no turn is a respondent's, so no answer is coded; text on the lines after an interviewer's label is read as part of that interviewer's turn`,
      file,
      line: speakers[0].line,
      actual: speakers[0].label,
      hint: `label the respondent's turns too: start each answer on a new line with a label such as \`R: \` or the respondent's name; if ${names} is not the interviewer, name the interviewer with --interviewer (or interviewers: in qda.yaml)`,
    });
  }
}

/**
 * Unicode's line and paragraph separators (U+2028, U+2029: a copy from a web page, a program's
 * export) are not line ends for most editors, nor for the line numbers the reader gives: a
 * speaker's label after one was read inside the line, its words as the turn before's (the
 * respondent's answer as the interviewer's). The transcript reader now ends a line at each
 * (parseBlocks), and this says so, with the count and the first's line and column; the text is
 * not changed (its offsets stay the file's).
 */
function lineSeparators(text: string, file: string): Diagnostic | undefined {
  const a = text.indexOf('\u2028');
  const b = text.indexOf('\u2029');
  if (a === -1 && b === -1) return undefined;
  const first = a === -1 ? b : b === -1 ? a : Math.min(a, b);
  let n = 0;
  for (let i = first; i !== -1 && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2028 || c === 0x2029) n++;
  }
  const line = lineAt(text, first);
  const column = 1 + cpLength(text.slice(Math.max(text.lastIndexOf('\n', first - 1), text.lastIndexOf('\r', first - 1)) + 1, first));
  return {
    severity: 'info',
    source: 'ingest',
    ruleId: 'unicode-line-separators',
    message: `${n} Unicode line or paragraph separator${n === 1 ? '' : 's'} (U+2028, U+2029) ${n === 1 ? 'stands' : 'stand'} in the text, the first at line ${line}, column ${column}: the reader ends a line at ${n === 1 ? 'it' : 'each'}, so that a speaker's label after ${n === 1 ? 'it' : 'one'} starts a turn; line numbers count only the file's line breaks (LF, CR), as most editors show them, and other programs may show the words after ${n === 1 ? 'it' : 'one'} on the line before`,
    file,
    line,
    column,
    hint: 'nothing to do for qda; to make the file plain for other programs, replace them by line breaks (in an editor with regular expressions, search for \\u2028|\\u2029 and replace with \\n) and save the file',
  };
}

async function textSource(
  text: string,
  base: { id: string; path: string; format: SourceFormat; case: string; sha256: string; encoding: Encoding; newline: 'lf' | 'crlf' },
  opts: ReadSourceOptions,
  report: Report,
  headings?: ReadonlyArray<readonly [number, number]>,
  tables?: ReadonlyArray<readonly [number, number]>,
  boxes?: ReadonlyArray<readonly [number, number]>,
): Promise<ReadSourceResult> {
  const file = base.path;
  // (the 1-based lines of a document's heading paragraphs: each line of each)
  const headingLines = headings?.length ? linesOfRanges(text, headings) : undefined;
  /** Kept in the source's meta when a heading ended a turn, so that the source is read again alike (see headingLinesOf). */
  let keepHeadings = false;
  const separators = lineSeparators(text, file);
  if (separators) report(separators);
  const fm = splitFrontMatter(text);
  let front: Record<string, unknown> | undefined;
  if (fm) {
    // (its lines after the `---` line: 1, or more after blank lines before it)
    let off = 0;
    for (let i = text.indexOf('\n'); i !== -1 && i < fm.yamlStart; i = text.indexOf('\n', i + 1)) off++;
    const YAML = await import('yaml');
    const doc = YAML.parseDocument(fm.yaml, { prettyErrors: true });
    if (doc.errors.length) {
      const e = doc.errors[0];
      const lp = e.linePos?.[0];
      throw inputError('ingest', 'bad-front-matter', `the YAML front matter cannot be parsed: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`, {
        file,
        ...(lp ? { line: lp.line + off, column: lp.col } : {}),
        hint: 'fix the YAML between the two `---` lines (key: value per line)',
      });
    }
    const { yamlToJs } = await import('./yaml-js.js');
    const js = yamlToJs(doc, fm.yaml, file, { what: 'the YAML front matter', lineOffset: off });
    if (js && typeof js === 'object' && !Array.isArray(js)) front = js as Record<string, unknown>;
  }
  const fmKind = typeof front?.kind === 'string' ? (front.kind.toLowerCase() as SourceKind) : undefined;
  if (fmKind && !KINDS.includes(fmKind)) {
    throw inputError('ingest', 'unknown-kind', `unknown kind "${String(front!.kind)}" in the front matter`, {
      file,
      expected: [...KINDS],
      hint: `use kind: ${KINDS.join(' | ')}`,
    });
  }
  const observers = asList(front?.observer ?? front?.observers ?? front?.observator ?? front?.waarnemer);
  const participants = asList(front?.participants ?? front?.deelnemers ?? front?.aanwezigen);
  const isObservation = fmKind === 'observation' || (!fmKind && front !== undefined && ['observer', 'observers', 'setting', 'participants', 'observator', 'waarnemer'].some((k) => k in front!));
  const interviewers = opts.interviewers && opts.interviewers.length ? opts.interviewers : DEFAULT_INTERVIEWERS;
  const known = [...interviewers, ...observers, ...participants];
  if (fm && front) speechInFrontMatter(front, fm, text, interviewers, file, report);

  let kind: SourceKind;
  let blocks: Block[];
  // (a .md source: its HTML comments are left out and its footnote definitions are notes without a speaker, said)
  const markdown = base.format === 'md';
  /** The reading the blocks come from (its markdown notes are said at the end). */
  let read: ReturnType<typeof parseBlocks>;
  if (isObservation) {
    kind = 'observation';
    read = parseBlocks(text, 'observation', { knownSpeakers: known, markdown });
    blocks = read.blocks;
    // (its headings left out: said, as a transcript's are)
    if (read.leftOut.length) for (const d of readingDiagnostics(read, file, 'observation')) report(d);
  } else if (fmKind === 'document' || fmKind === 'survey') {
    kind = fmKind;
    read = parseBlocks(text, 'document', { markdown });
    blocks = read.blocks;
  } else {
    // (a pipe table of turns, `| Interviewer | Hoe gaat het? |`: its rows read as turns, its header said;
    // no label read: labels in lower case or in a script without capitals, or with a full stop or a
    // dash after the name, `I. …` ⏎ `R. …`, consistent throughout, are read; said)
    const turns = transcriptTurns(text, known, markdown, headingLines);
    keepHeadings = turns.parsed.turnEnds?.headings !== undefined;
    const { piped, caseless, punct, marked } = turns;
    const parsed = turns.parsed;
    if (piped?.headers.length && parsed.speakers.length) report(tableHeaderNote(piped.headers, file, `, line ${piped.headerLine}`));
    if (caseless) report(caselessNote(caseless, file));
    if (punct) report(punctNote(punct, file));
    if (marked) report(markedNote(marked, file));
    read = parsed;
    if (parsed.speakers.length > 0 || fmKind === 'transcript') {
      kind = 'transcript';
      blocks = parsed.blocks;
      for (const d of readingDiagnostics(parsed, file)) report(d);
      if (parsed.speakers.length === 0 && text.trim()) {
        report({ severity: 'warning', source: 'ingest', ruleId: 'no-speaker-labels', message: 'no speaker labels found; read as one segment per paragraph', file, hint: 'start each turn on a new line with `Name: `, `[Name]`, `NAME:` or the name and a tab' });
      }
      // lines written like a label in a form not read as one (`1. Respondent:`, `mevr. Jansen:`), read into the turn before
      if (parsed.speakers.length > 0) {
        const d = labelLikeLines(text, blocks, parsed.speakers, file);
        if (d) report(d);
      }
      speakerRoleChecks(text, blocks, parsed.speakers, interviewers, file, report);
      // speaker labels and no words after any of them (`Interviewer:` alone, a transcript begun and
      // not written): no segment, a source with no codings in every count; said as an empty file is
      if (parsed.speakers.length > 0 && blocks.every((b) => b.end <= b.start)) {
        const first = /^[^\S\n]*\S/m.exec(text);
        const line = first ? lineNumbers(text, [first.index])[0] : 1;
        report({
          severity: 'warning',
          source: 'ingest',
          ruleId: 'no-words-in-turns',
          message: `the file holds speaker labels (${parsed.speakers.slice(0, 5).join(', ')}${parsed.speakers.length > 5 ? ', …' : ''}) but no words after any of them: it has no segments, and counts as a source without codings`,
          file,
          line,
          hint: 'check that this is the right file (the transcript may not be written yet); write each turn\'s words after its label, or leave the file out',
        });
      }
      // (`Respondent [lacht]:`, `Respondent (lacht):`: a note in the label, said; looked for at each turn's label end)
      {
        const d = labelNotes(text, blocks, file);
        if (d) report(d);
      }
      if (tables?.length) {
        const d = tablesInTurns(text, blocks, tables, file);
        if (d) report(d);
      }
      if (boxes?.length) {
        const d = tablesInTurns(text, blocks, boxes, file, 'box');
        if (d) report(d);
      }
    } else {
      kind = 'document';
      read = parseBlocks(text, 'document', { markdown });
      blocks = read.blocks;
      if (!text.trim()) {
        report({ severity: 'warning', source: 'ingest', ruleId: 'empty-source', message: 'the file is empty (no text)', file, hint: 'check that this is the right file; empty sources have no segments' });
      } else if (base.format !== 'pdf' && !/^#{1,6}[ \t]/m.test(text)) {
        // (a .pdf or a text with markdown headings is taken to be a document: no warning)
        report({
          severity: 'warning',
          source: 'ingest',
          ruleId: 'no-speaker-labels',
          message: 'no speaker labels found; read as a document, one segment per paragraph',
          file,
          hint: 'if this is a transcript, start each turn on a new line with `Name: `, `[Name]`, `NAME:` or the name and a tab (a label must occur twice, or be an interviewer name); if it is a document, add front matter `kind: document`',
        });
      } else if (base.format !== 'pdf') {
        // (headings that name the speakers, `## Interviewer` ⏎ words ⏎ `## Respondent`: read as a document)
        const d = speakerHeadings(text, blocks, opts.interviewers, file);
        if (d) report(d);
      }
    }
  }
  if (read.markdown) for (const d of markdownDiagnostics(read, file)) report(d);
  const attributes: Record<string, string> = {};
  const meta: Record<string, unknown> = {};
  if (front) {
    for (const [k, v] of Object.entries(front)) {
      meta[k] = v instanceof Date ? v.toISOString().slice(0, 10) : v;
      if (k === 'kind' || k === 'language' || k === 'lang') continue;
      const s = attrString(v);
      if (s !== undefined) attributes[k] = s;
    }
  }
  if (keepHeadings) meta.headingLines = headingLines;
  if (!front && !keepHeadings) {
    const source = plainSource(base, kind, text, opts.guessLanguage !== false);
    // (read right after the guess: its counts)
    const mixed = opts.guessLanguage !== false ? mixedLanguage(source.language) : undefined;
    return mixed ? { source, blocks, observers, participants, mixed } : { source, blocks, observers, participants };
  }
  const fl = front?.language ?? front?.lang;
  const language = fl === 'nl' || fl === 'en' ? (fl as Lang) : undefined;
  return finish(
    { ...base, kind, text, attributes, ...(language ? { language } : {}), ...(front || keepHeadings ? { meta } : {}) },
    blocks,
    observers,
    participants,
    opts.guessLanguage !== false,
  );
}

/**
 * The text layer of a PDF, page by page (pdf.js through unpdf), merged as unpdf's extractText
 * merges the pages; what the pages' layout tells that the text does not is said (see
 * pdfPageNotes: pages without text, columns side by side, lines stored bottom-up, annotations).
 */
async function readPdfText(bytes: Uint8Array, file: string, report?: Report): Promise<{ text: string; place: ReturnType<typeof pdfLinePlaces> }> {
  const { annotationWords, mergePdfPages, pdfLinePlaces, pdfPageNotes, readPdfPage } = await import('./pdf-pages.js');
  let pages: PdfPage[];
  try {
    const { getDocumentProxy } = await import('unpdf');
    // verbosity 0: pdf.js would print "Warning: Indexing all PDF objects" and the like to the console
    const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
    pages = [];
    for (let p = 1; p <= pdf.numPages; p++) {
      const page = await pdf.getPage(p);
      const content = await page.getTextContent();
      // (its text items; a marked-content item has no text)
      const read = readPdfPage(content.items.filter((x) => 'str' in x && x.str != null) as unknown as PdfTextItem[]);
      // (comments, text boxes and form fields are no part of the text layer: their words are said)
      const notes = annotationWords((await page.getAnnotations()) as PdfAnnotation[]);
      if (notes.length) read.annotations = notes;
      pages.push(read);
    }
  } catch (e) {
    throw inputError('ingest', 'unreadable-document', `cannot read this .pdf file (${(e as Error).message.split('\n')[0]})`, {
      file,
      hint: 'check that it is a PDF with a text layer, or give the text as .txt/.docx',
    });
  }
  const t = mergePdfPages(pages.map((p) => p.text));
  if (!t.trim()) {
    throw inputError('ingest', 'pdf-no-text', 'this PDF has no text layer (a scan?)', { file, hint: 'run OCR on it first, or give the text as .txt/.docx' });
  }
  if (report) for (const d of pdfPageNotes(pages, file)) report(d);
  return { text: t, place: pdfLinePlaces(pages, t) };
}

export type { Diagnostic };
