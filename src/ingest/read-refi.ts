import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createHash } from 'node:crypto';
import type { CodingsDocument, Coding, CodeRef, Diagnostic, Evidence, Match, Segment, Source } from '../model/types.js';
import { AUTOMATIC_CODERS } from '../model/types.js';
import type { Codebook, CodeDef } from '../codebook/types.js';
import { inputError, type Report } from '../model/errors.js';
import { OffsetMap, countBelow, cpLength, toLf } from '../model/codepoints.js';
import { DEFAULT_ZIP_LIMITS, checkZipEntries, inflateZipEntries, listZipEntries, type ZipEntryInfo, type ZipLimits } from './refi-zip.js';

const mbOf = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`);
import { QDAKIT_CODING_ATTRIBUTES_PREFIX, QDAKIT_CODING_EVIDENCE_PREFIX, QDAKIT_JOINED_MEMOS_PREFIX, type MemoNote } from '../model/refi.js';
import { QDAKIT_CODEBOOK_PREFIX, QDAKIT_ID_PREFIX, QDAKIT_NAME_PREFIX, QDAKIT_LINK_FROM_PREFIX, QDAKIT_LINK_PREFIX, QDAKIT_LINK_RELATION_PREFIX, QDAKIT_LINK_VERDICT_PREFIX, QDAKIT_SOURCE_VARS, refiColor, slugify, asciiSlug } from '../model/refi.js';
import type { Lang, SourceFormat, SourceKind, Unit } from '../model/types.js';
import { parseBlocks } from './parse-blocks.js';
import { transcriptTurns } from './read-turns.js';
import { speakerRoleChecks } from './read-source.js';
import { DEFAULT_INTERVIEWERS } from './roles.js';
import { segmentSource } from './segment.js';
import { VERSION } from '../version.js';
import { pushAll } from '../model/arrays.js';
import { refuseSpecialFile } from './regular-file.js';
import { ownNameOf, splitQdcDescription } from '../codebook/parse-qdc.js';
import { identityKey } from '../model/name-identity.js';

/**
 * REFI-QDA project import. Lenient about what other tools write (an inner .qde
 * with another name, inline PlainTextContent, CRLF/BOM offset shifts, missing
 * optional elements), strict about safety (zip-slip, XML entities, zip bombs).
 *
 * Output model: every TextSource becomes a Source whose text is the file's
 * text with the BOM removed and line endings normalised to LF; selection
 * offsets are moved onto that text (each checked against the selection's
 * quoted name where there is one). Segments come from the normal segmenter
 * (parseBlocks + segmentSource, as when reading the files): a project written by
 * `qda refi export` carries the source kind, format, language, unit and the speaker
 * labels by role as `qdakit-*` variables (restored, and not kept as attributes);
 * for other tools' projects the kind is a transcript when speaker labels are found,
 * else a document, and interviewers are the default labels. Each coding keeps its
 * own exact span and points at the segment where it starts. Coders are the user
 * names of the Coding's (or selection's) creatingUser, else `human`.
 */

export interface RefiImportOptions extends ZipLimits {
  readonly report?: Report;
  /** Project file and source texts together, in bytes (default: heldTextLimit(), from QDA_MAX_SOURCE_BYTES or the heap). */
  readonly maxTextBytes?: number;
}

export interface RefiCase {
  readonly source: string;
  readonly case: string;
  readonly attributes: Readonly<Record<string, string>>;
}

export interface RefiImport {
  readonly name: string;
  readonly doc: CodingsDocument;
  readonly codebook: Codebook;
  readonly cases: readonly RefiCase[];
  readonly diagnostics: readonly Diagnostic[];
}

const SRC = 'ingest';
type XNode = Record<string, unknown>;

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/** Decode the XML predefined entities and character references in one pass (the parser leaves them alone). */
export function decodeXmlEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#[0-9]+|#x[0-9a-fA-F]+|amp|lt|gt|quot|apos);/g, (m, e: string) => {
    if (e[0] !== '#') return NAMED[e];
    const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : m;
  });
}

const arr = (v: unknown): XNode[] => (Array.isArray(v) ? (v as XNode[]) : v === undefined ? [] : [v as XNode]);
const first = (n: XNode | undefined, k: string): XNode | undefined => (n ? arr(n[k])[0] : undefined);
const at = (n: XNode | undefined, k: string): string | undefined => {
  const v = n?.[`@_${k}`];
  return v === undefined ? undefined : decodeXmlEntities(String(v));
};
const text = (n: unknown): string => {
  if (n === undefined || n === null) return '';
  if (typeof n === 'string' || typeof n === 'number' || typeof n === 'boolean') return decodeXmlEntities(String(n));
  const t = (n as XNode)['#text'];
  return t === undefined ? '' : decodeXmlEntities(String(t));
};
const g = (guid: string | undefined) => (guid ?? '').replace(/[{}]/g, '').trim().toLowerCase();

/** A coding's attributes from a `qdakit-attributes:` line (JSON of strings), else undefined. */
function readAttributes(json: string): Record<string, string> | undefined {
  try {
    const v: unknown = JSON.parse(json);
    return v && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string') ? (v as Record<string, string>) : undefined;
  } catch {
    return undefined;
  }
}

/** A coding's score and evidence from a `qdakit-evidence:` line, else undefined (matches outside the text of length `len` are left out). */
function readEvidence(json: string, len: number): { score?: number; evidence?: Evidence } | undefined {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const o = v as { score?: unknown; evidence?: unknown };
  const score = typeof o.score === 'number' && Number.isFinite(o.score) && o.score >= 0 && o.score <= 1 ? o.score : undefined;
  let evidence: Evidence | undefined;
  if (o.evidence && typeof o.evidence === 'object' && !Array.isArray(o.evidence)) {
    const e = o.evidence as Record<string, unknown>;
    const str = (k: string) => (typeof e[k] === 'string' ? { [k]: e[k] as string } : {});
    const matches = Array.isArray(e.matches)
      ? (e.matches as unknown[]).filter((m): m is Match => !!m && typeof m === 'object' && Number.isInteger((m as Match).start) && Number.isInteger((m as Match).end) && typeof (m as Match).term === 'string' && (m as Match).start >= 0 && (m as Match).start <= (m as Match).end && (m as Match).end <= len).map((m) => ({ start: m.start, end: m.end, term: m.term }))
      : undefined;
    const features = Array.isArray(e.features) ? (e.features as unknown[]).filter((f): f is string => typeof f === 'string') : undefined;
    evidence = { ...str('codebook'), ...str('codebookVersion'), ...str('ruleId'), ...str('rule'), ...str('marker'), ...str('because'), ...(matches?.length ? { matches } : {}), ...(features?.length ? { features } : {}) };
    if (!Object.keys(evidence).length) evidence = undefined;
  }
  return score === undefined && !evidence ? undefined : { ...(score !== undefined ? { score } : {}), ...(evidence ? { evidence } : {}) };
}

/**
 * A source's memos from a Description that `qda refi export` wrote with a line before each
 * (`[memo 2 of 3, by "fem", created …]`): each memo with its author and dates; undefined when the
 * Description is not so (the lines 1 to n, in order, the first at its start).
 */
function headedMemos(d: string): Array<{ text: string; info: MemoNote }> | undefined {
  const hits = [...d.matchAll(/(?:^|\n\n)\[memo (\d+) of (\d+)((?:, by "(?:[^"\\\n]|\\.)*")?(?:, created [^\],\n]+)?(?:, modified [^\],\n]+)?)\]\n/g)];
  if (!hits.length || hits[0].index !== 0) return undefined;
  const n = Number(hits[0][2]);
  if (hits.length !== n || hits.some((h, i) => Number(h[1]) !== i + 1 || Number(h[2]) !== n)) return undefined;
  return hits.map((h, i) => {
    const end = i + 1 < hits.length ? hits[i + 1].index! : d.length;
    let author: string | undefined;
    try {
      const a = /, by ("(?:[^"\\\n]|\\.)*")/.exec(h[3])?.[1];
      author = a === undefined ? undefined : (JSON.parse(a) as string);
    } catch {
      author = undefined;
    }
    const created = /, created ([^\],\n]+)/.exec(h[3])?.[1];
    const modified = /, modified ([^\],\n]+)/.exec(h[3])?.[1];
    return { text: d.slice(h.index! + h[0].length, end), info: { ...(author ? { author } : {}), ...(created ? { created } : {}), ...(modified ? { modified } : {}) } };
  });
}

/** An offset attribute's number: digits, perhaps with a decimal part; NaN for anything else ("1e1", "0x10", ""). */
function offsetNumber(v: string | undefined): number {
  return v !== undefined && /^\s*[+-]?\d+(\.\d*)?\s*$/.test(v) ? Number(v) : NaN;
}

/** Refuse XML with a DOCTYPE or ENTITY declaration (entity bombs, XXE) before any parser sees it. */
export function refuseXmlDeclarations(xml: string, file: string): void {
  const m = /<!\s*(DOCTYPE|ENTITY)/i.exec(xml);
  if (m) {
    const line = xml.slice(0, m.index).split('\n').length;
    throw inputError(SRC, 'xml-entities', `refused: the XML contains a <!${m[1].toUpperCase()} declaration (entity expansion / external entities are not allowed)`, {
      file,
      line,
      hint: 'REFI-QDA files never need a DOCTYPE; this file may be hostile. Re-export it from the original tool',
    });
  }
}

function decodeText(bytes: Uint8Array): { text: string; bom: boolean } {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), bom: true };
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), bom: true };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), bom: true };
  return { text: new TextDecoder('utf-8').decode(bytes), bom: false };
}

/**
 * Text of project.qde: the encoding its XML declaration names when that is not UTF-8 or UTF-16
 * (ISO-8859-1, Windows-1252, … as some tools write it), else detected as for a source file
 * (a BOM, UTF-16 without one, UTF-8 with its invalid bytes repaired and said with line:column,
 * Windows-1252 when most are not UTF-8). Before, everything was read as UTF-8 and each
 * accented letter of another encoding became U+FFFD without a word.
 */
async function decodeQde(bytes: Uint8Array, file: string, report: Report): Promise<string> {
  const bom = (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) || (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (!bom) {
    // bounded: the first 512 bytes
    const head = String.fromCharCode(...bytes.subarray(0, 512));
    const m = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
    if (m && !/^utf-?(8|16)/i.test(m[1])) {
      let dec: { decode: (b: Uint8Array) => string };
      try {
        dec = new TextDecoder(m[1].toLowerCase());
      } catch {
        throw inputError(SRC, 'unknown-encoding', `project.qde declares the encoding "${m[1]}", which qdakit cannot read`, { file, line: 1, hint: 'export the project again as UTF-8, the encoding of the REFI-QDA standard' });
      }
      return dec.decode(bytes);
    }
  }
  const { decodeBytes } = await import('./decode.js');
  return (await decodeBytes(bytes, { file, report })).text;
}

/**
 * A text file of the archive (a source, a note): its encoding detected as when qdakit reads a
 * source file, every repair said with the entry's name and line:column (was read as UTF-8 with
 * U+FFFD for every byte that is not, without a word). A file that is not text (NUL bytes) is
 * read as UTF-8 as before, and said.
 */
async function decodeEntry(bytes: Uint8Array, file: string, report: Report): Promise<{ text: string; bom: boolean }> {
  const bom = (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) || (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  const { decodeBytes } = await import('./decode.js');
  try {
    return { text: (await decodeBytes(bytes, { file, report })).text, bom };
  } catch (e) {
    if (!(e instanceof Error)) throw e;
    const d = decodeText(bytes);
    const bad = (d.text.match(/[\u0000\ufffd]/g) ?? []).length;
    report({ severity: 'warning', source: SRC, ruleId: 'entry-not-text', message: `${e.message}; read as UTF-8 as it is${bad ? ` (${bad} NUL or U+FFFD character(s) in it)` : ''}`, file, hint: 'check this file in the archive; export the project again from the tool that wrote it' });
    return d;
  }
}

/** Parse project.qde text into a plain tree (every element an array). */
export async function parseRefiXml(xml: string, file: string): Promise<XNode> {
  refuseXmlDeclarations(xml, file);
  const { XMLParser, XMLValidator } = await import('fast-xml-parser');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw inputError(SRC, 'bad-xml', `project.qde is not well-formed XML: ${valid.err.msg}`, { file, line: valid.err.line, column: valid.err.col, hint: 're-export the project from the original tool' });
  }
  const parser = new XMLParser({
    maxNestedTags: MAX_XML_DEPTH,
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    processEntities: false,
    htmlEntities: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    isArray: (_name: string, _jpath: unknown, _leaf: boolean, isAttribute: boolean) => !isAttribute,
  });
  try {
    return parser.parse(xml) as XNode;
  } catch (e) {
    const why = (e as Error).message.split('\n')[0];
    if (!/nested/i.test(why)) throw e;
    throw inputError(SRC, 'xml-too-deep', `refused: project.qde nests elements more than ${MAX_XML_DEPTH} deep (e.g. a code tree of that depth)`, {
      file,
      hint: 'a REFI-QDA project has a few levels of codes; this file may be hostile or damaged. Re-export it from the original tool',
    });
  }
}

/** Elements of project.qde nested deeper than this are refused (code trees are a few levels deep). */
const MAX_XML_DEPTH = 1000;

/** Where a (possibly shifted) selection lands in the LF text. */
function mapperFor(raw: string, bom: boolean): Array<{ name: string; map: (o: number) => number }> {
  // code-point offsets of CRs that are removed (CR of CRLF)
  const { removed } = toLf(raw);
  const crBefore = (o: number) => countBelow(removed, o);
  const out: Array<{ name: string; map: (o: number) => number }> = [{ name: 'file', map: (o) => o - crBefore(o) }];
  if (removed.length) out.push({ name: 'lf', map: (o) => o });
  if (bom) out.push({ name: 'bom', map: (o) => Math.max(0, o - 1) - crBefore(Math.max(0, o - 1)) });
  if (removed.length) {
    // CRLF counted as one character in the offsets, but the offsets are then over a text whose CRs are not there: same as 'lf'; also the reverse
    // (offsets counted CRLF as two where the file has LF) cannot be detected without the original, so no more candidates.
  }
  // offsets counted in UTF-16 units (as .NET and JavaScript programs count), where a character beyond U+FFFF (an emoji)
  // counts two: over the file's text, and over the text with LF line ends
  const pairsIn = (t: string) => {
    const ends: number[] = [];
    for (let i = 0; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < t.length) {
        const d = t.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) ends.push(++i);
      }
    }
    return ends;
  };
  const rawPairs = pairsIn(raw);
  if (rawPairs.length) {
    const cpOf = (pairs: number[], u: number) => u - countBelow(pairs, u);
    out.push({ name: 'utf16', map: (o) => cpOf(rawPairs, o) - crBefore(cpOf(rawPairs, o)) });
    if (removed.length) {
      const lfPairs = pairsIn(raw.replace(/\r\n/g, '\n'));
      out.push({ name: 'utf16-lf', map: (o) => cpOf(lfPairs, o) });
    }
  }
  return out;
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

const KINDS: readonly SourceKind[] = ['transcript', 'observation', 'document', 'survey'];
const FORMATS: readonly SourceFormat[] = ['txt', 'md', 'docx', 'odt', 'vtt', 'srt', 'csv', 'xlsx', 'pdf'];
const UNITS: readonly Unit[] = ['turn', 'sentence', 'paragraph'];
const listVar = (v: string | undefined): string[] => (v ? v.split(';').map((x) => x.trim()).filter(Boolean) : []);

/**
 * Kind and segments of an imported text, with the readers' logic: the `qdakit-*`
 * variables when the project has them, else a transcript when speaker labels are found.
 */
function segmentImported(source: Source, vars: Readonly<Record<string, string>>, said?: { readonly report: Report; readonly file: string; readonly name: string }): { kind: SourceKind; segments: Segment[] } {
  const interviewers = listVar(vars['qdakit-interviewers']);
  const observers = listVar(vars['qdakit-observers']);
  const speakers = listVar(vars['qdakit-speakers']);
  const known = [...interviewers, ...observers, ...speakers];
  const given = vars['qdakit-kind'] as SourceKind | undefined;
  // (a source exported from a .md file is read as one: see parseBlocks' markdown)
  const markdown = source.format === 'md';
  let kind: SourceKind;
  let blocks;
  // (a transcript's turns as the readers find them: pipe tables of turns, labels in lower case or
  // with a full stop or dash, not only `Name:` — parseBlocks alone read such a text as one block
  // without a speaker, so its respondent's words were coded as nobody's)
  let speakerLabels: readonly string[] = [];
  if (given && KINDS.includes(given)) {
    kind = given;
    if (kind === 'transcript') {
      const parsed = transcriptTurns(source.text, known, markdown).parsed;
      blocks = parsed.blocks;
      speakerLabels = parsed.speakers;
    } else blocks = parseBlocks(source.text, kind === 'survey' ? 'document' : kind, { knownSpeakers: known, markdown }).blocks;
  } else {
    const parsed = transcriptTurns(source.text, known, markdown).parsed;
    kind = parsed.speakers.length > 0 ? 'transcript' : 'document';
    blocks = kind === 'transcript' ? parsed.blocks : parseBlocks(source.text, 'document', { markdown }).blocks;
    if (kind === 'transcript') speakerLabels = parsed.speakers;
  }
  // (the speakers as roles, as the readers check them: a project's transcript of two named people
  // and no interviewer read both as respondents, every question coded as an answer, without a word)
  if (said && kind === 'transcript') {
    const named = (d: Diagnostic): Diagnostic => ({ ...d, file: said.file, message: `source "${said.name}": ${d.message}` });
    speakerRoleChecks(source.text, blocks, speakerLabels, interviewers.length ? interviewers : DEFAULT_INTERVIEWERS, said.file, (d) => said.report(named(d)));
  }
  const unit = UNITS.includes(vars['qdakit-unit'] as Unit) ? (vars['qdakit-unit'] as Unit) : 'turn';
  const segments = segmentSource({ ...source, kind }, unit, {
    blocks,
    ...(interviewers.length ? { interviewers } : {}),
    observers,
    knownSpeakers: speakers,
  });
  return { kind, segments };
}

/** Extensions of document, media and text files that a source's name in a project may end in (dropped from the id). */
const NAME_EXTENSIONS = /\.(txt|text|md|markdown|docx?|odt|rtf|pdf|html?|xml|csv|tsv|xlsx?|ods|vtt|srt|json|m4a|mp3|mp4|wav|ogg|mov|avi|mkv|webm|png|jpe?g|gif|tiff?|bmp)$/i;

/** The id a source's name gives before it is told apart from another's: without a file extension, a name every system allows as a file name. */
function sourceIdOf(base: string, used: Set<string>): string {
  let s = base
    .normalize('NFC')
    .replace(NAME_EXTENSIONS, '')
    .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_')
    .replace(/^[.\s]+|[.\s]+$/g, '')
    .slice(0, 100);
  if (!s || /^(con|prn|aux|nul|com\d|lpt\d)$/i.test(s)) s = `source-${s || used.size + 1}`;
  return s;
}

function uniqueName(base: string, used: Set<string>): string {
  const s = sourceIdOf(base, used);
  let name = s;
  for (let n = 2; used.has(name.toLowerCase()); n++) name = `${s}-${n}`;
  used.add(name.toLowerCase());
  return name;
}

/** Read a .qdpx from disk (size-checked before reading). */
export async function readRefiProject(path: string, opts: RefiImportOptions & { cwd?: string } = {}): Promise<RefiImport> {
  const full = resolve(opts.cwd ?? process.cwd(), path);
  const st = await stat(full);
  if (!st.isFile() && !st.isDirectory()) await refuseSpecialFile(full, path);
  const max = opts.maxArchiveBytes ?? DEFAULT_ZIP_LIMITS.maxArchiveBytes;
  if (st.size > max) {
    throw inputError(SRC, 'zip-bomb', `refused: the archive is ${st.size} bytes (limit ${max})`, { file: path, hint: 'a REFI-QDA project of this size is unusual; split it or check where it came from' });
  }
  const bytes = new Uint8Array(await readFile(full));
  return parseRefiProject(bytes, path, opts);
}

/** Parse .qdpx bytes (or a bare project.qde when the bytes are XML). */
export async function parseRefiProject(bytes: Uint8Array, file: string, opts: RefiImportOptions = {}): Promise<RefiImport> {
  const diagnostics: Diagnostic[] = [];
  /** What the decoders say (repaired bytes of a source, with the entry's name and line:column). */
  const report: Report = (d) => {
    diagnostics.push(d);
    opts.report?.(d);
  };
  const warn = (ruleId: string, message: string, extra: Partial<Diagnostic> = {}) => {
    const d: Diagnostic = { severity: 'warning', source: SRC, ruleId, message, file, ...extra };
    diagnostics.push(d);
    opts.report?.(d);
  };
  const max = opts.maxArchiveBytes ?? DEFAULT_ZIP_LIMITS.maxArchiveBytes;
  if (bytes.length > max) throw inputError(SRC, 'zip-bomb', `refused: the archive is ${bytes.length} bytes (limit ${max})`, { file });

  let qdeText: string;
  let qdeName: string;
  const entryBytes = new Map<string, Uint8Array>();
  // the texts are held in memory with their segments: over the limit the import is refused
  // before inflating (declared sizes), and the inflation stops at it (a header that lies)
  const { heldTextLimit } = await import('./read-source.js');
  const textLimit = heldTextLimit(opts.maxTextBytes);
  const tooLarge = (n: number | undefined, declared: boolean) =>
    inputError(SRC, 'project-too-large', `this project holds ${n === undefined ? 'more than the' : `${declared ? 'declared ' : ''}${mbOf(n)} of project file and source texts, more than the`} ${mbOf(textLimit)} ${n === undefined ? 'of project file and source texts that ' : ''}one import can hold in memory`, {
      file,
      hint: 'split the project in the original tool (export fewer sources), or raise the limit with the environment variable QDA_MAX_SOURCE_BYTES together with Node\'s memory (e.g. QDA_MAX_SOURCE_BYTES=1g NODE_OPTIONS=--max-old-space-size=16384); an import takes about 16 bytes of memory per byte of text',
    });
  const head = new TextDecoder().decode(bytes.subarray(0, 64)).replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('<')) {
    if (bytes.length > textLimit) throw tooLarge(bytes.length, false);
    qdeText = await decodeQde(bytes, file, report);
    qdeName = file;
  } else {
    const entries = listZipEntries(bytes, file);
    checkZipEntries(entries, bytes.length, file, opts);
    // two entries of one name (a damaged or hand-made archive): the first is read, and said (the later one was read
    // over it without a word); names that differ only by how accents are written (NFC, NFD: a Mac's zip) too
    {
      const byName = new Map<string, number>();
      for (const e of entries) if (!e.directory) byName.set(e.name.normalize('NFC'), (byName.get(e.name.normalize('NFC')) ?? 0) + 1);
      const twice = [...byName].filter(([, n]) => n > 1);
      if (twice.length) {
        warn('duplicate-entry', `the archive holds ${twice.length} name(s) more than once: ${twice.slice(0, 5).map(([k, n]) => `"${k}" (${n}×)`).join(', ')}${twice.length > 5 ? ', …' : ''}; the first entry of each is read, the others are not`, {
          hint: 'the archive is damaged or was put together by hand: export the project again from the tool that wrote it, or keep one entry of each name (e.g. unzip, check, zip again)',
        });
      }
      const dos = entries.filter((e) => e.cp437);
      if (dos.length) {
        report({ severity: 'info', source: SRC, ruleId: 'entry-name-cp437', message: `${dos.length} entry name(s) are not UTF-8 and are read as the DOS code page 437, as Windows zip tools write them: ${dos.slice(0, 3).map((e) => `"${e.name}"`).join(', ')}${dos.length > 3 ? ', …' : ''}`, file, hint: 'if a name looks wrong, rename the file in the tool that wrote the project and export again' });
      }
    }
    const files = entries.filter((e) => !e.directory);
    const qdes = files.filter((e) => /\.qde$/i.test(e.name)).sort((a, b) => a.name.split('/').length - b.name.split('/').length || (a.name < b.name ? -1 : 1));
    if (qdes.length === 0) {
      throw inputError(SRC, 'no-project-qde', 'the archive holds no project.qde', {
        file,
        hint: 'a .qdpx must contain project.qde at its root; a .qdc is a codebook (use `qda codebook validate`)',
        actual: files.slice(0, 5).map((e) => e.name).join(', '),
      });
    }
    const qde = qdes.find((e) => e.name === 'project.qde') ?? qdes[0];
    if (qde.name !== 'project.qde') warn('qde-name', `the project file is "${qde.name}", not "project.qde"; reading it anyway`);
    const wanted = (e: ZipEntryInfo) => e === qde || /\.txt$/i.test(e.name) || e.name.toLowerCase().startsWith('sources/');
    let declared = 0;
    for (const e of files) if (wanted(e)) declared += e.size;
    if (declared > textLimit) throw tooLarge(declared, true);
    let inflated: Map<string, Uint8Array>;
    try {
      inflated = await inflateZipEntries(bytes, entries, wanted, file, { ...opts, maxTotalBytes: Math.min(opts.maxTotalBytes ?? DEFAULT_ZIP_LIMITS.maxTotalBytes, textLimit) });
    } catch (err) {
      // the counter passed the text limit (not the archive's): the same message as from the declared sizes
      if (err instanceof Error && /passes \d+ bytes/.test(err.message) && textLimit < (opts.maxTotalBytes ?? DEFAULT_ZIP_LIMITS.maxTotalBytes)) throw tooLarge(undefined, false);
      throw err;
    }
    for (const [k, v] of inflated) entryBytes.set(k, v);
    qdeName = `${file}:${qde.name}`;
    qdeText = await decodeQde(inflated.get(qde.name)!, qdeName, report);
  }

  const tree = await parseRefiXml(qdeText, qdeName);
  // the line in project.qde of an element, by its GUID (first occurrence), for the warnings' place
  let guidLines: Map<string, number> | undefined;
  const lineOf = (guid: string | undefined): number | undefined => {
    if (!guid) return undefined;
    if (!guidLines) {
      guidLines = new Map();
      const re = /\bguid\s*=\s*["']([^"']*)["']/g;
      let line = 1;
      let from = 0;
      for (let m = re.exec(qdeText); m; m = re.exec(qdeText)) {
        for (let i = qdeText.indexOf('\n', from); i >= 0 && i < m.index; i = qdeText.indexOf('\n', i + 1)) line++;
        from = m.index;
        const k = g(m[1]);
        if (!guidLines.has(k)) guidLines.set(k, line);
      }
    }
    return guidLines.get(g(guid));
  };
  /** A warning placed at the element with this GUID in project.qde. */
  const warnAt = (guid: string | undefined, ruleId: string, message: string, extra: Partial<Diagnostic> = {}) => {
    const line = lineOf(guid);
    warn(ruleId, message, line !== undefined ? { file: qdeName, line, ...extra } : extra);
  };
  const project = first(tree, 'Project');
  if (!project && first(tree, 'CodeBook')) {
    throw inputError(SRC, 'not-a-qdpx', 'this is a REFI-QDA codebook (.qdc), not a project', {
      file: qdeName,
      hint: 'read it as a codebook instead: qda codebook validate FILE.qdc, or qda code … -c FILE.qdc',
    });
  }
  if (!project) {
    throw inputError(SRC, 'not-a-qdpx', 'project.qde has no <Project> root element', { file: qdeName, hint: 'a REFI-QDA project starts with <Project xmlns="urn:QDA-XML:project:1.0" name="…">' });
  }
  const projectName = at(project, 'name') ?? 'REFI-QDA project';

  // one GUID on several elements (two sources, notes, users, variables, selections, codings: a hand-made or merged
  // project): what refers to it goes to the first, a note's texts are joined; said with each element's line (the
  // later element's text or name replaced the first's, or a case's source was two sources, without a word). Codes
  // of one GUID have their own warning below.
  {
    const re = /<(?:[\w.-]+:)?([\w.-]+)\b[^>]*?\sguid\s*=\s*["']([^"']*)["']/g;
    const byGuid = new Map<string, Array<{ tag: string; line: number }>>();
    let line = 1;
    let from = 0;
    for (let m = re.exec(qdeText); m; m = re.exec(qdeText)) {
      for (let i = qdeText.indexOf('\n', from); i >= 0 && i < m.index; i = qdeText.indexOf('\n', i + 1)) line++;
      from = m.index;
      const k = g(m[2]);
      if (!k) continue;
      const l = byGuid.get(k);
      if (l) l.push({ tag: m[1], line });
      else byGuid.set(k, [{ tag: m[1], line }]);
    }
    const twice = [...byGuid].filter(([, l]) => l.length > 1 && !l.every((x) => x.tag === 'Code'));
    if (twice.length) {
      warn(
        'duplicate-guid',
        `${twice.length} GUID(s) are used by more than one element: ${twice
          .slice(0, 5)
          .map(([k, l]) => `${k} (${l.slice(0, 4).map((x) => `${x.tag} at line ${x.line}`).join(', ')}${l.length > 4 ? ', …' : ''})`)
          .join('; ')}${twice.length > 5 ? `; and ${twice.length - 5} more` : ''}; what refers to such a GUID (a coding's user, a variable value, a link) goes to the first of those elements, the texts of notes of one GUID are joined, and a case or set that names such a source holds them all`,
        { file: qdeName, line: twice[0][1][0].line, hint: 'give each element its own GUID in the tool that wrote the project (or merge the elements there) and export again' },
      );
    }
  }

  // Users
  const users = new Map<string, string>();
  // two users of one name (two people, or one exported twice): kept apart as coders, the later
  // one's name with a number, and said with both GUIDs (merged, their codings were one coder's)
  const nameGuid = new Map<string, string>();
  /** Users without a GUID (no coding can name them): their names, said once. */
  const usersWithoutGuid: string[] = [];
  /** Users (of a project another program wrote) named as qdakit's automatic coders: said once the codings are read. */
  const automaticNamed: Array<{ guid: string; name: string }> = [];
  for (const u of arr(first(project, 'Users')?.User)) {
    const guid = g(at(u, 'guid'));
    if (!guid) usersWithoutGuid.push((at(u, 'name') || at(u, 'id') || '').trim() || '(no name)');
    if (!guid || users.has(guid)) continue;
    const name = (at(u, 'name') || at(u, 'id') || guid).trim();
    let shown = name;
    for (let k = 2; nameGuid.has(shown); k++) shown = `${name}-${k}`;
    if (shown !== name) {
      warnAt(guid, 'refi-user-name-twice', `two users are named "${name}" (GUIDs ${nameGuid.get(name)} and ${guid}); their codings are kept apart: the second user's as coder "${shown}"`, {
        hint: `if they are one person, rename coder "${shown}" to "${name}" in the codings after the import; else give the users their own names in the QDA program and export again`,
      });
    }
    nameGuid.set(shown, guid);
    users.set(guid, shown);
    // a person of another program named as one of qdakit's automatic coders ("rules", "model"):
    // their codings would be read as machine suggestions (left out of appendices and reports
    // beside a person's codings, asked about by qda review); said (a qdakit project's own are its coders)
    if (AUTOMATIC_CODERS.includes(shown) && !/^qdakit\b/.test((at(project, 'origin') ?? '').trim())) automaticNamed.push({ guid, name: shown });
  }
  if (usersWithoutGuid.length) {
    warn('user-without-guid', `${usersWithoutGuid.length} user(s) of <Users> have no GUID (${usersWithoutGuid.slice(0, 3).map((n) => `"${n}"`).join(', ')}${usersWithoutGuid.length > 3 ? ', …' : ''}): no coding or note can name them, so they are not imported`, {
      file: qdeName,
      hint: 'if codings are theirs, their coder is the GUID or "human" (said below); give the users GUIDs in the tool that wrote the project and export again',
    });
  }
  // the coder of codings that name no user: "human", unless a user of the project is named so (then
  // "human-2": they were one coder with that user's codings, in every count and in qda agree)
  let noUser = 'human';
  for (let k = 2; nameGuid.has(noUser); k++) noUser = `human-${k}`;
  /** Codings that name no user (no creatingUser on the Coding or its selection): how many, the first's place. */
  let withoutUser = 0;
  let firstWithoutUser: { guid?: string; source: string } | undefined;
  const unknownUsers = new Map<string, number>();
  /** The first coding by a user <Users> does not list: its GUID and source (for the warning's place). */
  let firstUnknownUser: { guid?: string; source: string } | undefined;
  const coderOf = (guid: string | undefined, where?: { guid?: string; source: string }) => {
    if (!guid) {
      withoutUser++;
      firstWithoutUser ??= where;
      return noUser;
    }
    const u = users.get(g(guid));
    if (u !== undefined) return u;
    unknownUsers.set(g(guid), (unknownUsers.get(g(guid)) ?? 0) + 1);
    if (!firstUnknownUser && where) firstUnknownUser = where;
    return g(guid);
  };

  // Notes
  const notes = new Map<string, string>();
  /** Who wrote each note and when (creatingUser as a user's name, creationDateTime, modifiedDateTime when it differs). */
  const noteInfo = new Map<string, MemoNote>();
  /** Notes qda refi export wrote to show the memos of several codings of one passage in one QualCoder annotation. */
  const joinedNotes = new Set<string>();
  const noteSelections = new Map<string, { s0: number; e0: number }>();
  /** Notes whose text file is not in the archive (or not given): their names, said once. */
  const notesWithoutText: Array<{ guid: string; what: string }> = [];
  const noteEl = new Map<string, XNode>();
  for (const n of arr(first(project, 'Notes')?.Note)) {
    if (!noteEl.has(g(at(n, 'guid')))) noteEl.set(g(at(n, 'guid')), n);
    let t = text(first(n, 'PlainTextContent'));
    const p = at(n, 'plainTextPath');
    if (!t && p?.startsWith('internal://')) {
      const b = findEntryNamed(entryBytes, p.slice('internal://'.length));
      if (b) t = (await decodeEntry(b.bytes, `${file}:${b.name}`, report)).text;
      else notesWithoutText.push({ guid: g(at(n, 'guid')), what: `"${at(n, 'name') ?? g(at(n, 'guid'))}" (${p})` });
    } else if (!t && p) notesWithoutText.push({ guid: g(at(n, 'guid')), what: `"${at(n, 'name') ?? g(at(n, 'guid'))}" (${p}, outside the archive)` });
    // (a note with only a Description: that is its text)
    if (!t.trim()) t = text(first(n, 'Description'));
    {
      const k = g(at(n, 'guid'));
      const had = notes.get(k);
      const mine = t.replace(/\r\n/g, '\n').trim();
      notes.set(k, had && mine && had !== mine ? `${had}\n\n${mine}` : had || mine);
    }
    if (at(n, 'name')?.startsWith(QDAKIT_JOINED_MEMOS_PREFIX)) joinedNotes.add(g(at(n, 'guid')));
    {
      // (who wrote a memo and when: were not kept, and a round trip dated every memo anew)
      const cu = at(n, 'creatingUser') ?? at(n, 'modifyingUser');
      const created = at(n, 'creationDateTime')?.trim();
      const modified = at(n, 'modifiedDateTime')?.trim();
      const info: MemoNote = { ...(cu ? { author: users.get(g(cu)) ?? g(cu) } : {}), ...(created ? { created } : {}), ...(modified && modified !== created ? { modified } : {}) };
      if (Object.keys(info).length && !noteInfo.has(g(at(n, 'guid')))) noteInfo.set(g(at(n, 'guid')), info);
    }
    // a note that holds a passage (QualCoder's annotations): where it is, for the memo kept on the source
    const ns = first(n, 'PlainTextSelection');
    if (ns && !noteSelections.has(g(at(n, 'guid')))) noteSelections.set(g(at(n, 'guid')), { s0: Number(at(ns, 'startPosition')), e0: Number(at(ns, 'endPosition')) });
  }
  if (notesWithoutText.length) {
    warnAt(notesWithoutText[0].guid, 'note-without-text', `${notesWithoutText.length} note(s) (memos) have their text in a file the archive does not hold: ${notesWithoutText.slice(0, 3).map((x) => x.what).join(', ')}${notesWithoutText.length > 3 ? ', …' : ''}; imported without their text`, {
      hint: 'export the project again with its notes (memos) embedded',
    });
  }
  /** Notes that a Coding or a selection refers to: memos of passages, not of the source that also lists them (as `qda refi export` writes them for QualCoder). */
  const passageNotes = new Set<string>();
  const collectPassageNotes = (n: XNode) => {
    for (const sel of arr(n.PlainTextSelection)) {
      for (const r of arr(sel.NoteRef)) passageNotes.add(g(at(r, 'targetGUID')));
      for (const c of arr(sel.Coding)) for (const r of arr(c.NoteRef)) passageNotes.add(g(at(r, 'targetGUID')));
    }
  };
  const usedNotes = new Set<string>();
  /** The texts of the notes a node refers to, with each note's GUID. */
  const memoRefsOf = (n: XNode | undefined): Array<{ text: string; guid: string }> =>
    n
      ? arr(n.NoteRef)
          .map((r) => {
            const k = g(at(r, 'targetGUID'));
            usedNotes.add(k);
            return { text: notes.get(k) ?? '', guid: k };
          })
          .filter((x) => !!x.text)
      : [];
  const memoOf = (n: XNode | undefined) => memoRefsOf(n).map((x) => x.text);
  /** Who wrote each memo and when, beside the memos (undefined when no note says). */
  const memoNotesOf = (refs: ReadonlyArray<{ text: string; guid?: string; info?: MemoNote }>): MemoNote[] | undefined => {
    const l = refs.map((r) => r.info ?? (r.guid ? noteInfo.get(r.guid) ?? {} : {}));
    return l.some((x) => Object.keys(x).length) ? l : undefined;
  };

  // Codes
  const codeDefs: CodeDef[] = [];
  const codeRefs: CodeRef[] = [];
  const codeByGuid = new Map<string, string>();
  /** Code ids by the key labels and codings tables match them by (NFC, case, spaces and underscores folded). */
  const usedIds = new Map<string, string>();
  const idKey = (id: string) => id.normalize('NFC').trim().toLowerCase().replace(/[\s_]+/g, '-');
  const restoredBooks = new Set<string>();
  // a code without a qdakit-id in a project qdakit wrote has the id its name gives by the slug of
  // the export (accents off; an id the slug of today gives otherwise has its qdakit-id); any other
  // project's code the one slug every reader of names uses (accents kept: `Coördinatie` → `coördinatie`,
  // as a .qdc gives it; it was `coordinatie` here, two ids for one code)
  const slug = /^qdakit\b/.test((at(project, 'origin') ?? '').trim()) ? asciiSlug : slugify;
  const walk = (nodes: XNode[], parent: string | undefined, parentName?: string) => {
    for (const c of nodes) {
      const guid = g(at(c, 'guid'));
      let name = (at(c, 'name') ?? '').trim() === '' ? '' : (at(c, 'name') as string);
      let description = text(first(c, 'Description')).trim();
      let id: string | undefined;
      let book: string | undefined;
      let own: string | undefined;
      // trailing `qdakit-id:` / `qdakit-codebook:` / `qdakit-name:` lines written by `qda refi export`
      const lines = description.split('\n');
      for (;;) {
        const last = lines[lines.length - 1]?.trim() ?? '';
        if (last.startsWith(QDAKIT_ID_PREFIX) && id === undefined) id = last.slice(QDAKIT_ID_PREFIX.length).trim();
        else if (last.startsWith(QDAKIT_CODEBOOK_PREFIX) && book === undefined) book = last.slice(QDAKIT_CODEBOOK_PREFIX.length).trim() || undefined;
        else if (last.startsWith(QDAKIT_NAME_PREFIX) && own === undefined) own = ownNameOf(last.slice(QDAKIT_NAME_PREFIX.length)) || undefined;
        else break;
        lines.pop();
      }
      // a name qualified on export because another code had it ("Other (Framework A)"): its own name back,
      // while the project still shows it so (renamed in the other program: that name is kept)
      if (own !== undefined && (name.startsWith(`${own} (`) || name.startsWith(`${identityKey(own)} (`))) name = own;
      description = lines.join('\n').trim();
      // the code's memos as qda refi export writes them, after its definition, each after a line "[memo 1 of 2, by …]"
      // (where QualCoder reads a code's memo: a Note the Code referred to was not shown there)
      let describedMemos: Array<{ text: string; info: MemoNote }> | undefined;
      if (description.includes('[memo 1 of ')) {
        const m = /(?:^|\n\n)\[memo 1 of \d+[,\]]/.exec(description);
        const from = m ? m.index + (m[0].startsWith('\n') ? 2 : 0) : -1;
        describedMemos = from >= 0 ? headedMemos(description.slice(from)) : undefined;
        if (describedMemos) description = description.slice(0, from).trim();
      }
      // criteria in the blocks qdakit's exports write after the definition (Include:\n- …): the code's lists again
      const parts = description ? splitQdcDescription(description) : {};
      const criteria: Partial<Record<'include' | 'exclude' | 'indicators' | 'examples', { en: string[]; nl: string[] }>> = {};
      for (const k of ['include', 'exclude', 'indicators', 'examples'] as const) if (parts[k]?.length) criteria[k] = { en: parts[k]!, nl: parts[k]! };
      if (Object.keys(criteria).length) description = parts.definition ?? '';
      let base = id || slug(name) || `code-${codeDefs.length + 1}`;
      if (!name) {
        name = base;
        warnAt(guid, 'code-without-name', `a code (GUID ${guid || 'none'}${parentName ? `, under "${parentName}"` : ''}) has no name; imported as "${base}"`, { hint: 'give the code a name in the tool that wrote the project and export again, or rename it in codebook.yaml' });
      }
      // (ids that differ only in case, in how an accent is encoded (NFC, NFD) or in spaces and underscores are one code
      // to qdakit's labels and codings tables, and an error in the codebook written: the second is told apart, and said;
      // they were imported as two ids that codebook.yaml then refused as look-alikes)
      let unique = base;
      for (let n = 2; usedIds.has(idKey(unique)); n++) unique = `${base}-${n}`;
      if (unique !== base) {
        const prev = usedIds.get(idKey(base))!;
        warnAt(
          guid,
          'duplicate-code',
          prev === base
            ? `two codes map to the id "${base}"; the second ("${name}"${parentName ? ` under "${parentName}"` : ''}) is "${unique}"`
            : `the id "${base}" of the code "${name}"${parentName ? ` under "${parentName}"` : ''} differs from the id of an earlier code, "${prev}", only in ${prev.normalize('NFC') === base.normalize('NFC') ? 'how an accent is encoded (Unicode NFC and NFD)' : prev.normalize('NFC').toLowerCase() === base.normalize('NFC').toLowerCase() ? 'case' : 'case, spaces or underscores'}, and qdakit reads such ids as one code; it is imported as "${unique}"`,
          { hint: 'give the codes ids (or names) that differ in visible letters in the tool that wrote the project, or merge them there; or rename the code in codebook.yaml and codings.json after the import' },
        );
      }
      base = unique;
      usedIds.set(idKey(base), base);
      if (guid) {
        const prev = codeByGuid.get(guid);
        if (prev === undefined) codeByGuid.set(guid, base);
        else
          warnAt(guid, 'duplicate-guid', `the codes "${prev}" and "${base}" have the same GUID ${guid}; codings that refer to it go to "${prev}" (the first), none to "${base}"`, {
            hint: 'give one of the two codes a new GUID in the tool that wrote the project (or merge them there), then export again',
          });
      }
      // (a colour a qdakit codebook cannot hold made codebook.yaml one that qdakit refused: said, not read)
      const rc = refiColor(at(c, 'color'));
      const color = rc.color;
      if (rc.how) (rc.how === 'alpha' ? colorsAlpha : colorsNotRead).push({ name, value: at(c, 'color')!, guid });
      // a code's memos (NoteRef) are kept in its meta
      const codeMemoRefs: Array<{ text: string; guid?: string; info?: MemoNote }> = [...(describedMemos ?? []), ...memoRefsOf(c)];
      const codeMemos = codeMemoRefs.map((x) => x.text);
      const codeMemoNotes = memoNotesOf(codeMemoRefs);
      const def: CodeDef = {
        id: base,
        name: { en: name, nl: name },
        ...(parent ? { parent } : {}),
        ...(description ? { definition: { en: description, nl: description } } : {}),
        ...criteria,
        ...(color ? { color } : {}),
        ...(at(c, 'isCodable')?.trim() === 'false' || at(c, 'isCodable')?.trim() === '0' ? { codable: false } : {}),
        ...(codeMemos.length ? { meta: { memos: codeMemos, ...(codeMemoNotes ? { memoNotes: codeMemoNotes } : {}) } } : {}),
      };
      codeDefs.push(def);
      // the codebook is known only for codes qdakit exported; other tools' codes belong to no codebook (matched by id)
      codeRefs.push({ id: base, name: { en: name, nl: name }, ...(parent ? { parent } : {}), ...(description ? { definition: { en: description, nl: description } } : {}), ...(book ? { codebook: book } : {}) });
      if (book) restoredBooks.add(book);
      walk(arr(c.Code), base, name);
    }
  };
  const colorsNotRead: Array<{ name: string; value: string; guid: string }> = [];
  const colorsAlpha: Array<{ name: string; value: string; guid: string }> = [];
  walk(arr(first(first(project, 'CodeBook'), 'Codes')?.Code), undefined);
  for (const [list, what] of [
    [colorsNotRead, 'not #RRGGBB or #RGB, which a qdakit codebook holds: the codes are imported without them'],
    [colorsAlpha, 'written with a transparency (#RRGGBBAA), which a qdakit codebook does not hold: read as their #RRGGBB'],
  ] as const) {
    if (!list.length) continue;
    warnAt(list[0].guid, list === colorsNotRead ? 'refi-color-not-read' : 'refi-color-alpha', `${list.length} code colour${list.length === 1 ? ' is' : 's are'} ${what}: ${list.slice(0, 6).map((x) => `"${x.name}" ${JSON.stringify(x.value)}`).join(', ')}${list.length > 6 ? ', …' : ''}`, {
      hint: 'give the codes colours as #RRGGBB (e.g. #FF8800) in codebook.yaml, or in the tool that wrote the project',
    });
  }
  if (!first(project, 'CodeBook')) warn('no-codebook', 'the project has no CodeBook; codes are taken from the codings');

  // Variables
  const variables = new Map<string, string>();
  for (const v of arr(first(project, 'Variables')?.Variable)) if (!variables.has(g(at(v, 'guid')))) variables.set(g(at(v, 'guid')), at(v, 'name') ?? g(at(v, 'guid')));
  // a variable's type other than Text (Integer, Float, Boolean, Date, DateTime): kept in the meta of the sources
  // with a value of it (`variableTypes`), which qda refi export writes back (a numeric variable of QualCoder came
  // back as a text one, without a word: cases.csv holds text)
  const variableTypes = new Map<string, string>();
  for (const v of arr(first(project, 'Variables')?.Variable)) {
    const t = at(v, 'typeOfVariable')?.trim();
    const name = variables.get(g(at(v, 'guid')));
    if (name !== undefined && t && ['Boolean', 'Integer', 'Float', 'Date', 'DateTime'].includes(t) && !variableTypes.has(name)) variableTypes.set(name, t);
  }
  /** Variable GUIDs that values refer to and <Variables> does not define: how many values, the first case or source. */
  const unknownVariables = new Map<string, { n: number; what: string; guid?: string }>();
  const valuesOf = (n: XNode, what: string): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const vv of arr(n.VariableValue)) {
      const ref = g(at(first(vv, 'VariableRef'), 'targetGUID'));
      const name = variables.get(ref) ?? ref;
      if (!variables.has(ref)) {
        const u = unknownVariables.get(ref);
        if (u) u.n++;
        else unknownVariables.set(ref, { n: 1, what, guid: at(n, 'guid') });
      }
      for (const k of ['TextValue', 'BooleanValue', 'IntegerValue', 'FloatValue', 'DateValue', 'DateTimeValue']) {
        const val = first(vv, k);
        if (val === undefined) continue;
        const v = text(val).trim();
        if (out[name] !== undefined && out[name] !== v) {
          warnAt(at(n, 'guid'), 'conflicting-variable', `${what} has two values for "${name}": "${out[name]}" and "${v}"; the first is kept`, { hint: 'keep one value of the variable in the tool that wrote the project and export again' });
        } else out[name] = v;
      }
    }
    return out;
  };

  // Cases
  /** A source's name by its GUID (for messages about cases, read before the sources). */
  let sourceNames: Map<string, string> | undefined;
  const sourceNameOf = (sg: string): string => {
    if (!sourceNames) {
      const el = first(project, 'Sources');
      sourceNames = new Map([...arr(el?.TextSource), ...arr(el?.PDFSource)].map((n) => [g(at(n, 'guid')), at(n, 'name') ?? '']));
    }
    const n = sourceNames.get(sg);
    return n ? `"${n}"` : sg;
  };
  const caseOfSource = new Map<string, { name: string; attrs: Record<string, string>; guid: string }>();
  const caseRefs: Array<{ name: string; guid: string; source: string }> = [];
  for (const c of arr(first(project, 'Cases')?.Case)) {
    const name = at(c, 'name')?.trim() || g(at(c, 'guid'));
    if (!at(c, 'name')?.trim()) warnAt(at(c, 'guid'), 'case-without-name', `a case has no name; its sources get the case "${name}" (its GUID)`, { hint: 'give the case a name in the tool that wrote the project, or correct the case in cases.csv after the import' });
    const attrs = valuesOf(c, `case "${name}"`);
    const refs = arr(c.SourceRef);
    if (!refs.length) warnAt(at(c, 'guid'), 'case-without-source', `case "${name}" refers to no source; it is not imported${Object.keys(attrs).length ? ` (nor its values: ${Object.entries(attrs).map(([k, v]) => `${k} = ${v}`).join(', ')})` : ''}`, { hint: 'qdakit keeps a case as the case of its sources: give the case its sources in the tool that wrote the project' });
    for (const r of refs) {
      const sg = g(at(r, 'targetGUID'));
      caseRefs.push({ name, guid: g(at(c, 'guid')), source: sg });
      const had = caseOfSource.get(sg);
      if (!had) caseOfSource.set(sg, { name, attrs, guid: g(at(c, 'guid')) });
      else if (had.name !== name || JSON.stringify(had.attrs) !== JSON.stringify(attrs)) {
        warnAt(at(c, 'guid'), 'source-in-two-cases', `source ${sourceNameOf(sg)} is in two cases, "${had.name}"${lineOf(had.guid) ? ` (line ${lineOf(had.guid)})` : ''} and "${name}"; it is imported under "${had.name}" (the first), with that case's values`, { hint: 'qdakit gives each source one case: take the source out of one of the cases in the tool that wrote the project, or correct the case in cases.csv after the import' });
      }
    }
  }

  // Sets of sources (document groups): each member gets an attribute named by the set, with the set's name as its
  // value, as QualCoder imports them (they were not imported: only counted)
  const setsOfSource = new Map<string, Array<{ name: string; guid: string }>>();
  for (const st of arr(first(project, 'Sets')?.Set)) {
    const name = at(st, 'name')?.trim();
    if (!name) continue;
    for (const m of arr(st.MemberSource)) {
      const k = g(at(m, 'targetGUID'));
      setsOfSource.set(k, [...(setsOfSource.get(k) ?? []), { name, guid: g(at(st, 'guid')) }]);
    }
  }

  // Links between a selection and a note (NVivo writes a memo of a passage so): the note is a memo of the passage
  const linkedNotes = new Map<string, Array<{ note: string; link: XNode }>>();
  for (const l of arr(first(project, 'Links')?.Link)) {
    const o = g(at(l, 'originGUID'));
    const t = g(at(l, 'targetGUID'));
    const [sel, note] = notes.has(o) && t && !notes.has(t) ? [t, o] : notes.has(t) && o && !notes.has(o) ? [o, t] : [undefined, undefined];
    if (sel && note) linkedNotes.set(sel, [...(linkedNotes.get(sel) ?? []), { note, link: l }]);
  }
  /** Links whose note became a memo of their passage (not Links between codings). */
  const linksAsMemos = new Set<XNode>();

  // memos of the project, of cases, variables and sets (their <Description>, the project's NoteRefs): kept in the meta
  // of the sources they belong to (projectMemos on every source, caseMemo on the sources of the case, variableMemos
  // by the attribute's name on the sources that have it), which qda refi export writes back into those elements
  // (they were said and dropped: description-not-imported)
  const describedCases = new Map<string, { name: string; memo: string }>();
  for (const c of arr(first(project, 'Cases')?.Case)) {
    const d = text(first(c, 'Description')).replace(/\r\n?/g, '\n').trim();
    const k = g(at(c, 'guid'));
    if (d && !describedCases.has(k)) describedCases.set(k, { name: at(c, 'name')?.trim() || k, memo: d });
  }
  const describedVariables = new Map<string, { guid: string; memo: string }>();
  for (const v of arr(first(project, 'Variables')?.Variable)) {
    const d = text(first(v, 'Description')).replace(/\r\n?/g, '\n').trim();
    const name = variables.get(g(at(v, 'guid')));
    if (d && name !== undefined && !describedVariables.has(name)) describedVariables.set(name, { guid: g(at(v, 'guid')), memo: d });
  }
  const describedSets = new Map<string, { guid: string; memo: string }>();
  for (const st of arr(first(project, 'Sets')?.Set)) {
    const d = text(first(st, 'Description')).replace(/\r\n?/g, '\n').trim();
    const name = at(st, 'name')?.trim();
    if (d && name && !describedSets.has(name)) describedSets.set(name, { guid: g(at(st, 'guid')), memo: d });
  }
  const projectMemos = [text(first(project, 'Description')).replace(/\r\n?/g, '\n').trim(), ...memoOf(project)].filter((m) => m !== '');
  const keptCaseMemos = new Set<string>();
  const keptVariableMemos = new Set<string>();
  const keptSetMemos = new Set<string>();

  // Sources
  const sourcesEl = first(project, 'Sources');
  /** Text sources; a PDF's text representation with its PDFSource as `outer` (its name, memo, values, case, whole-source codings). */
  const textSources: Array<{ node: XNode; name?: string; outer?: XNode }> = arr(sourcesEl?.TextSource).map((node) => ({ node }));
  /** Every <Coding> the import takes, or names in a warning of its own; the others are counted at the end by where they stand. */
  const accounted = new Set<unknown>();
  const account = (sels: unknown) => {
    for (const sel of arr(sels)) for (const c of arr(sel.Coding)) accounted.add(c);
  };
  for (const pdf of arr(sourcesEl?.PDFSource)) {
    const rep = first(pdf, 'Representation');
    account(pdf.PDFSelection);
    const regions = arr(pdf.PDFSelection).length;
    if (rep && regions) warnAt(at(pdf, 'guid'), 'pdf-regions', `PDF source "${at(pdf, 'name') ?? ''}": ${regions} PDFSelection(s) (regions of a page) are not imported; only the passages of its text representation are`, { hint: 'code those passages on the text in the tool that wrote the project, or import the PDF itself with qda code' });
    if (rep) textSources.push({ node: { ...rep, '@_guid': at(rep, 'guid') ?? at(pdf, 'guid'), '@_name': at(rep, 'name') ?? at(pdf, 'name') } as XNode, name: at(pdf, 'name'), outer: pdf });
    else warnAt(at(pdf, 'guid'), 'unsupported-source', `PDF source "${at(pdf, 'name') ?? ''}" has no plain-text representation; skipped with its ${arr(pdf.PDFSelection).length} selection(s)`, { hint: 'export the project with the PDF\'s text representation (or import the PDF itself with qda code)' });
  }
  // a recording's transcripts are texts: each is imported as a text source (the recording's memo, values, case
  // and whole-recording codings with it, on its first transcript), its TranscriptSelections placed by the
  // positions of their SyncPoints (were skipped with the recording, their codings not even counted)
  /** Transcript selections that cannot be placed (a SyncPoint without a position): by transcript GUID. */
  const unplaced = new Map<string, { sels: number; codings: number; first?: string }>();
  for (const k of ['AudioSource', 'VideoSource']) {
    for (const av of arr(sourcesEl?.[k])) {
      arr(av.Transcript).forEach((tr, i) => {
        const pos = new Map(arr(tr.SyncPoint).map((p) => [g(at(p, 'guid')), at(p, 'position')?.trim()]));
        const place = (ref: string | undefined) => {
          const v = ref ? pos.get(g(ref)) : undefined;
          return v !== undefined && /^\d+$/.test(v) ? v : undefined;
        };
        const sels: XNode[] = [];
        for (const sel of arr(tr.TranscriptSelection)) {
          const from = place(at(sel, 'fromSyncPoint'));
          const to = place(at(sel, 'toSyncPoint'));
          if (from === undefined || to === undefined) {
            account(sel);
            const key = g(at(tr, 'guid')) || g(at(av, 'guid'));
            const u = unplaced.get(key) ?? { sels: 0, codings: 0, first: at(sel, 'guid') };
            u.sels++;
            u.codings += arr(sel.Coding).length;
            unplaced.set(key, u);
            continue;
          }
          // (its name is the recording's in QualCoder's export, not the quoted text: left out)
          sels.push({ ...sel, '@_name': undefined, '@_startPosition': from, '@_endPosition': to } as XNode);
        }
        const node = { ...tr, '@_guid': at(tr, 'guid') ?? at(av, 'guid'), '@_name': at(tr, 'name') ?? at(av, 'name'), PlainTextSelection: sels } as XNode;
        textSources.push({ node, name: at(av, 'name'), outer: i === 0 ? av : { '@_guid': at(av, 'guid') } });
      });
    }
  }
  for (const k of ['PictureSource', 'AudioSource', 'VideoSource']) {
    const els = arr(sourcesEl?.[k]);
    if (els.length) {
      const names = els.slice(0, 3).map((e) => `"${at(e, 'name') ?? g(at(e, 'guid'))}"`).join(', ') + (els.length > 3 ? ', …' : '');
      for (const e of els) for (const [key, v] of Object.entries(e)) if (key.endsWith('Selection')) account(v);
      const codings = els.reduce((a, e) => a + Object.entries(e).filter(([key]) => key.endsWith('Selection')).reduce((b, [, v]) => b + arr(v as XNode | XNode[]).reduce((c2, sel) => c2 + arr(sel.Coding).length, 0), 0), 0);
      const transcribed = els.filter((e) => arr(e.Transcript).length).length;
      warnAt(
        at(els[0], 'guid'),
        'unsupported-source',
        `${els.length} ${k} element(s) skipped (${names})${codings ? ` with their ${codings} coding(s)` : ''}: only text (and PDF text representations) are imported${transcribed ? `; the transcripts of ${transcribed} of them are imported as text sources, with the codings of their passages` : ''}`,
        { hint: 'import a transcript of the recording or picture as a text source' },
      );
    }
  }

  const used = new Set<string>();
  const sources: Source[] = [];
  const segments: Segment[] = [];
  const codings: Coding[] = [];
  /** Coding (and selection) GUID → index in `codings`, for Links. */
  const codingAt = new Map<string, number>();
  const cases: RefiCase[] = [];
  /** Codes that codings refer to and the CodeBook does not define: how many codings, and the first one. */
  const unknownCodes = new Map<string, { n: number; guid: string; source: string }>();
  let selectionsWithoutCoding = 0;
  /** Codings with more than one CodeRef: the codes after the first (each a coding of its own), the first such Coding. */
  const severalRefs: { n: number; first?: string } = { n: 0 };
  let memosWithoutCoding = 0;
  /** Memos of passages without a code (annotations, memos of quotations) kept as memos of their source: how many, the first. */
  let passageMemosKept = 0;
  let firstPassageMemo: string | undefined;
  let firstBare: string | undefined;
  for (const t of textSources) {
    collectPassageNotes(t.node);
    if (t.outer) for (const sel of arr(t.outer.PDFSelection)) for (const c of arr(sel.Coding)) for (const r of arr(c.NoteRef)) passageNotes.add(g(at(r, 'targetGUID')));
  }
  for (const { node, name: altName, outer } of textSources) {
    const guid = g(at(node, 'guid'));
    const outerGuid = outer ? g(at(outer, 'guid')) : undefined;
    const sname = at(node, 'name')?.trim() || altName?.trim() || guid;
    if (sname === guid) warnAt(guid, 'source-without-name', `a text source has no name; imported as "${uniqueName(sname, new Set())}" (its GUID)`, { hint: 'give the source a name in the tool that wrote the project and export again, or rename it in the import' });
    const id = uniqueName(sname, used);
    const plain = uniqueName(sname, new Set());
    // (a name that is no file name on every system, or too long: the id differs from it other than by its extension,
    // so commands that name sources by id — cases, compare — see another source; said. It was silent, and any ending
    // of up to five letters or digits after a dot was taken for an extension: "gesprek.anna" came in as "gesprek")
    if (sname !== guid && plain !== sname.replace(NAME_EXTENSIONS, '') && plain === id) {
      warnAt(guid, 'source-renamed', `source "${sname}" is imported as "${plain}" (sources/${plain}.txt): ${plain.startsWith('source-') ? 'its name is reserved on Windows' : sname.normalize('NFC') !== sname && plain === sname.normalize('NFC').replace(NAME_EXTENSIONS, '') ? 'its name is written with decomposed accents (NFD), the id with composed ones' : 'its name holds characters a file name cannot have, leading or trailing dots or spaces, or is longer than 100 characters'}`, {
        hint: 'rename the source in the tool that wrote the project if its id matters (cases, compare); its original name is kept as meta.refiName',
      });
    }
    if (id !== plain) warnAt(guid, 'duplicate-source-name', `${plain === sname ? `two sources are named "${sname}"` : `source "${sname}" gives the same file name as another source, "${plain}"`}; this one is imported as "${id}" (sources/${id}.txt, case ${id} unless the project gives one)`, { hint: 'give the sources distinct names in the tool that wrote the project, or rename the source in the import (its original name is kept as meta.refiName)' });
    let raw = '';
    let bom = false;
    /** The text could not be read: codings keep their offsets as given (nothing to check them against). */
    let noText = false;
    const inline = first(node, 'PlainTextContent');
    const ptp = at(node, 'plainTextPath');
    if (inline !== undefined) {
      raw = text(inline);
      // (the text also in a file of the archive, and another: the inline one is read, and said; the file was passed over)
      const b = ptp?.startsWith('internal://') ? findEntryNamed(entryBytes, ptp.slice('internal://'.length)) : undefined;
      if (b) {
        const other = (await decodeEntry(b.bytes, `${file}:${b.name}`, () => {})).text.replace(/^\uFEFF/, '');
        const lf = (t: string) => t.replace(/\r\n?/g, '\n');
        if (lf(other) !== lf(raw.replace(/^\uFEFF/, ''))) {
          warnAt(guid, 'source-text-twice', `source "${sname}" has its text twice, inline (PlainTextContent, ${cpLength(lf(raw))} characters) and in ${ptp} (${cpLength(lf(other))} characters), and they differ: the inline text is read and the selections are placed on it`, {
            hint: 'REFI-QDA allows one of the two; if the file holds the right text, remove the PlainTextContent (or export the project again from the tool that wrote it)',
          });
        }
      }
    }
    else if (ptp?.startsWith('internal://')) {
      const b = findEntryNamed(entryBytes, ptp.slice('internal://'.length));
      if (!b) noText = true;
      if (!b) warnAt(guid, 'missing-source-file', `source "${sname}": ${ptp} is not in the archive; imported without text`, { hint: 'export the project again with its sources; until then the source\'s codings keep their offsets unchecked' });
      else ({ text: raw, bom } = await decodeEntry(b.bytes, `${file}:${b.name}`, report));
    } else if (ptp) {
      warnAt(guid, 'external-source', `source "${sname}" is an external file (${ptp}); imported without text`, { hint: 'export the project with the sources embedded' });
      noText = true;
    } else {
      noText = true;
      warnAt(guid, 'missing-source-file', `source "${sname}" has neither PlainTextContent nor plainTextPath; imported without text`);
    }
    if (raw.charCodeAt(0) === 0xfeff) {
      raw = raw.slice(1);
      bom = true;
    }
    const lf = raw.replace(/\r\n/g, '\n').replace(/\r/g, '\n');
    const om = new OffsetMap(lf);
    const len = cpLength(lf);
    const candidates = mapperFor(raw, bom);
    // (a PDF's values are on the PDFSource, those of its text representation beside them)
    const srcAttrs = outer ? { ...valuesOf(outer, `source "${sname}"`), ...valuesOf(node, `source "${sname}"`) } : valuesOf(node, `source "${sname}"`);
    const qdakit: Record<string, string> = {};
    for (const v of QDAKIT_SOURCE_VARS) {
      if (srcAttrs[v] !== undefined) qdakit[v] = srcAttrs[v];
      delete srcAttrs[v];
    }
    const format = FORMATS.includes(qdakit['qdakit-format'] as SourceFormat) ? (qdakit['qdakit-format'] as SourceFormat) : 'txt';
    const language = qdakit['qdakit-language'] === 'nl' || qdakit['qdakit-language'] === 'en' ? (qdakit['qdakit-language'] as Lang) : undefined;
    const sha = createHash('sha256').update(lf, 'utf8').digest('hex');
    const bare: Source = { id, path: `sources/${id}.txt`, kind: 'document', format, case: id, attributes: {}, encoding: 'utf-8', newline: 'lf', sha256: sha, text: lf, length: len, ...(language ? { language } : {}) };
    const { kind, segments: segs } = segmentImported(bare, qdakit, { report, file, name: sname });
    pushAll(segments, segs);
    const segAt = (o: number) => {
      let lo = 0;
      let hi = segs.length - 1;
      let best: Segment | undefined;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (segs[mid].start <= o) {
          best = segs[mid];
          lo = mid + 1;
        } else hi = mid - 1;
      }
      return best && o < best.end ? best : undefined;
    };
    let shifted = 0;
    let shifted16 = 0;
    let firstShifted16: string | undefined;
    let mismatched = 0;
    let swapped = 0;
    let firstShifted: string | undefined;
    let firstMismatched: string | undefined;
    let firstSwapped: string | undefined;
    const firstCoding = codings.length;
    let outside = 0;
    let firstOutside: string | undefined;
    /** Who wrote a coding's memo and when, by the coding's id (where not its coder and the coding's date). */
    const codingMemoNotes: Record<string, MemoNote> = {};
    const addCoding = (whole: XNode, start: number, end: number, selUser: string | undefined, selMemo: string[], selGuid?: string, selDate?: string) => {
      accounted.add(whole);
      // (a Coding with several CodeRefs, which the schema does not allow: a coding of each code, said; the
      // codes after the first were dropped without a word)
      const refs = arr(whole.CodeRef as XNode | XNode[] | undefined);
      if (refs.length > 1) {
        severalRefs.n += refs.length - 1;
        severalRefs.first ??= g(at(whole, 'guid')) || selGuid || guid;
        for (const r of refs) addOne({ ...whole, CodeRef: r }, start, end, selUser, selMemo, selGuid, selDate);
      } else addOne(whole, start, end, selUser, selMemo, selGuid, selDate);
    };
    const addOne = (cnode: XNode, start: number, end: number, selUser: string | undefined, selMemo: string[], selGuid?: string, selDate?: string) => {
      const cguid = g(at(cnode, 'guid'));
      if (cguid && !codingAt.has(cguid)) codingAt.set(cguid, codings.length);
      if (selGuid && !codingAt.has(selGuid)) codingAt.set(selGuid, codings.length);
      const ref = g(at(first(cnode, 'CodeRef'), 'targetGUID'));
      let code = codeByGuid.get(ref);
      if (!code) {
        code = ref || 'unknown';
        const u = unknownCodes.get(code);
        if (u) u.n++;
        else unknownCodes.set(code, { n: 1, guid: cguid || selGuid || guid, source: sname });
      }
      const coder = coderOf(at(cnode, 'creatingUser') ?? selUser, { guid: cguid || selGuid || guid, source: sname });
      const seg = segAt(start);
      // a selection outside every segment (before the first turn, in a speaker label): kept without segment, said below
      if (!seg && selGuid !== undefined && !noText) (outside++, (firstOutside ??= cguid || selGuid));
      // (a coding's own attributes, score and evidence, written by qda refi export as qdakit-* lines: at the end of its
      // memo's Note in older exports, in a Note of their own since)
      let own: Record<string, string> | undefined;
      let scored: { score?: number; evidence?: Evidence } | undefined;
      const codingNoteRefs = memoRefsOf(cnode);
      const notesOfCoding = codingNoteRefs
        .map(({ text: t }) => {
          const lines = t.split('\n');
          for (;;) {
            const last = lines[lines.length - 1] ?? '';
            const v = last.startsWith(QDAKIT_CODING_ATTRIBUTES_PREFIX) ? readAttributes(last.slice(QDAKIT_CODING_ATTRIBUTES_PREFIX.length)) : undefined;
            const e = last.startsWith(QDAKIT_CODING_EVIDENCE_PREFIX) ? readEvidence(last.slice(QDAKIT_CODING_EVIDENCE_PREFIX.length), len) : undefined;
            if (v) own = { ...v, ...own };
            else if (e) scored = { ...e, ...scored };
            else break;
            lines.pop();
          }
          return lines.join('\n').trim();
        })
        .filter((t) => t !== '');
      // (the selection's Description that repeats a note of the coding, as qda refi export writes a memo with its author
      // or date: once)
      const memo = [...notesOfCoding, ...selMemo.filter((m) => !notesOfCoding.some((t) => squash(t) === squash(m)))].join('\n\n');
      // who wrote the memo and when, where it is not the coder and the coding's date
      if (notesOfCoding.length) {
        const info = noteInfo.get(codingNoteRefs.find((r) => r.text.split('\n').some((l) => l.trim() && !l.startsWith('qdakit-')))?.guid ?? '');
        const when = at(cnode, 'creationDateTime')?.trim() ?? selDate;
        if (info && ((info.author !== undefined && info.author !== coder) || (info.created !== undefined && info.created !== when) || info.modified !== undefined)) codingMemoNotes[`${seg?.id ?? id}:${code}:${coder}:${codings.length}`] = info;
      }
      const score = scored?.score ?? (coder === 'rules' || coder === 'model' ? undefined : 1);
      codings.push({
        id: `${seg?.id ?? id}:${code}:${coder}:${codings.length}`,
        sourceId: id,
        ...(seg ? { segmentId: seg.id } : {}),
        code,
        coder,
        start,
        end,
        ...(score !== undefined ? { score } : {}),
        ...(scored?.evidence ? { evidence: scored.evidence } : {}),
        ...(memo ? { memo } : {}),
        ...(own ? { attributes: own } : {}),
      });
    };
    // offsets as the schema has them (whole numbers): a decimal one ("6.5", "12.0") is read from the whole number below
    // the start to the one above the end and said; any other form ("1e1", "0x10") is no offset (was taken by Number():
    // a coding from 6.5 to 12, or from 10 to 16, without a word)
    let fractional = 0;
    let firstFractional: string | undefined;
    const selections = arr(node.PlainTextSelection).map((sel) => {
      const s0 = offsetNumber(at(sel, 'startPosition'));
      const e0 = offsetNumber(at(sel, 'endPosition'));
      if (!Number.isFinite(s0) || !Number.isFinite(e0)) return sel;
      if (Number.isInteger(s0) && Number.isInteger(e0)) return sel;
      fractional++;
      firstFractional ??= at(sel, 'guid');
      const [a, b] = s0 <= e0 ? [Math.floor(s0), Math.ceil(e0)] : [Math.ceil(s0), Math.floor(e0)];
      return { ...sel, '@_startPosition': String(a), '@_endPosition': String(b) } as XNode;
    });
    /** The way of counting under which a selection's offsets give its quoted text: a candidate, null when none does. */
    const fitOf = (sel: XNode): (typeof candidates)[number] | null => {
      const q = squash(at(sel, 'name') ?? '');
      const s0 = Number(at(sel, 'startPosition'));
      const e0 = Number(at(sel, 'endPosition'));
      const fits = (c: (typeof candidates)[number]) => {
        const got = squash(om.slice(c.map(s0), c.map(e0)));
        return got === q || (q.length >= 20 && got.startsWith(q.replace(/(\.\.\.|…)$/, '')));
      };
      return candidates.find(fits) ?? null;
    };
    // when every selection with a quoted text that fits fits only another way of counting (CRLF as one, UTF-16 units),
    // the selections without one were counted so too (they were placed by the standard's count, shifted, without a word)
    let inferred: (typeof candidates)[number] | undefined;
    if (!noText && candidates.length > 1) {
      const ways = new Map<(typeof candidates)[number], number>();
      for (const sel of selections) {
        if (!squash(at(sel, 'name') ?? '')) continue;
        const f = fitOf(sel);
        if (f) ways.set(f, (ways.get(f) ?? 0) + 1);
      }
      if (ways.size === 1 && !ways.has(candidates[0])) inferred = [...ways.keys()][0];
    }
    /** A memo of a passage without a code, as a memo of the source: the passage first (its words and characters). */
    const onPassage = (start: number, end: number, memo: string) => {
      const words = noText ? '' : squash(om.slice(start, end));
      return `On ${words ? `"${[...words].length > 60 ? `${[...words].slice(0, 60).join('')}…` : words}" ` : ''}(characters ${start}–${end}): ${memo}`;
    };
    const passageMemos: string[] = [];
    let byModifier = 0;
    let firstByModifier: string | undefined;
    let placedAsOthers = 0;
    let firstPlacedAsOthers: string | undefined;
    // the first character beyond U+FFFF (an emoji) in the text: its code-point offset and line
    const astralAt = lf.search(/[\ud800-\udbff][\udc00-\udfff]/);
    const firstAstral = astralAt < 0 ? undefined : { cp: cpLength(lf.slice(0, astralAt)), line: lf.slice(0, astralAt).split('\n').length, char: String.fromCodePoint(lf.codePointAt(astralAt)!) };
    let unchecked = 0;
    let firstUnchecked: string | undefined;
    for (const sel of selections) {
      const s0 = offsetNumber(at(sel, 'startPosition'));
      const e0 = offsetNumber(at(sel, 'endPosition'));
      if (!Number.isFinite(s0) || !Number.isFinite(e0) || at(sel, 'startPosition') === undefined || at(sel, 'endPosition') === undefined) {
        const n = arr(sel.Coding).length;
        account(sel);
        warnAt(at(sel, 'guid'), 'bad-offsets', `a selection in "${sname}" has no startPosition/endPosition in whole numbers ("${at(sel, 'startPosition') ?? ''}", "${at(sel, 'endPosition') ?? ''}"); its ${n} coding(s) are not imported`, { hint: 'correct the selection in the tool that wrote the project and export again' });
        continue;
      }
      const quote = at(sel, 'name');
      let chosen = candidates[0];
      const hit = quote && squash(quote) !== '' ? fitOf(sel) : undefined;
      if (hit === null) {
        mismatched++;
        firstMismatched ??= at(sel, 'guid');
      } else if (hit) {
        if (hit !== candidates[0]) {
          if (hit.name.startsWith('utf16')) (shifted16++, (firstShifted16 ??= at(sel, 'guid')));
          else (shifted++, (firstShifted ??= at(sel, 'guid')));
        }
        chosen = hit;
      } else if (inferred) {
        // no quoted text to check it by: counted as the selections of this source that have one
        chosen = inferred;
        placedAsOthers++;
        firstPlacedAsOthers ??= at(sel, 'guid');
      } else if (firstAstral !== undefined && !noText && candidates[0].map(Math.max(s0, e0)) > firstAstral.cp) {
        // nothing to check it by, after a character a program counting UTF-16 units counts as two
        unchecked++;
        firstUnchecked ??= at(sel, 'guid');
      }
      let start = noText ? s0 : chosen.map(s0);
      let end = noText ? e0 : chosen.map(e0);
      if (start > end) {
        [start, end] = [end, start];
        swapped++;
        firstSwapped ??= at(sel, 'guid');
      }
      if (noText) {
        // no text to check against: the offsets as given (whole numbers ≥ 0)
        start = Math.max(0, Math.trunc(start));
        end = Math.max(start, Math.trunc(end));
      } else if (start < 0 || end > len) {
        const was = `[${s0}, ${e0})`;
        start = Math.max(0, Math.min(start, len));
        end = Math.max(start, Math.min(end, len));
        const n = arr(sel.Coding).length;
        warnAt(at(sel, 'guid'), 'bad-offsets', `a selection in "${sname}" ${was} lies outside the text (length ${len}); its ${n} coding(s) are imported at [${start}, ${end})${start === end ? ' (an empty passage)' : ''}`, { hint: 'check the passage in the tool that wrote the project; the offsets count characters of the source text' });
      }
      const linked = (linkedNotes.get(g(at(sel, 'guid'))) ?? []).filter((x) => {
        linksAsMemos.add(x.link);
        usedNotes.add(x.note);
        return !!notes.get(x.note);
      });
      const selMemo = [...memoOf(sel), ...(text(first(sel, 'Description')).trim() ? [text(first(sel, 'Description')).trim()] : []), ...linked.map((x) => notes.get(x.note)!)];
      const cs = arr(sel.Coding);
      if (cs.length === 0) {
        selectionsWithoutCoding++;
        memosWithoutCoding += selMemo.length;
        firstBare ??= at(sel, 'guid');
        // its memos are kept on the source, after the passage they were on (were dropped)
        for (const m of selMemo) passageMemos.push(onPassage(start, end, m));
        if (selMemo.length) (passageMemosKept += selMemo.length, (firstPassageMemo ??= at(sel, 'guid')));
        continue;
      }
      // (a selection that names only who modified it: that user, as QualCoder reads it, and said; was coder "human")
      const selUser = at(sel, 'creatingUser') ?? at(sel, 'modifyingUser');
      if (at(sel, 'creatingUser') === undefined && selUser !== undefined) {
        const n = cs.filter((c) => at(c, 'creatingUser') === undefined).length;
        if (n) (byModifier += n, (firstByModifier ??= at(sel, 'guid')));
      }
      for (const c of cs) addCoding(c, start, end, selUser, selMemo, g(at(sel, 'guid')), at(sel, 'creationDateTime')?.trim());
    }
    for (const c of arr(node.Coding)) addCoding(c, 0, len, at(node, 'creatingUser'), []);
    // (a Coding of the whole PDF codes the whole of its text)
    if (outer) for (const c of arr(outer.Coding)) addCoding(c, 0, len, at(outer, 'creatingUser'), []);
    if (noText && codings.length > firstCoding) {
      warnAt(guid, 'codings-without-text', `source "${sname}" has no text: its ${codings.length - firstCoding} coding(s) are imported with their offsets as given (not checked, no segment)`, { hint: 'export the project again with its sources, then import it again' });
    }
    if (shifted16) warnAt(firstShifted16, 'offset-utf16', `source "${sname}": ${shifted16} selection(s) matched their quoted text only with their offsets counted in UTF-16 units (a character beyond U+FFFF, as an emoji, counted as two); fixed (the first at this line)`, { hint: 'the exporting tool counted characters differently from the REFI-QDA standard (code points); check a passage after an emoji' });
    if (byModifier) {
      warnAt(firstByModifier, 'coder-from-modifying-user', `source "${sname}": ${byModifier} coding(s) name no creatingUser, and their selection only the user who modified it (modifyingUser): that user is their coder (the first at this line)`, { hint: 'check the coders of those passages if several people coded this project' });
    }
    if (unchecked) {
      warnAt(firstUnchecked, 'offset-unchecked', `source "${sname}": ${unchecked} selection(s) without a quoted text lie after "${firstAstral!.char}" (line ${firstAstral!.line} of the text), a character beyond U+FFFF: placed by the REFI-QDA count (code points); a program that counted UTF-16 units (NVivo, …) meant them up to ${cpLength(lf.replace(/[^\ud800-\udbff]/g, ''))} character(s) earlier (the first at this line)`, { hint: 'check those passages after the import (qda appendix shows each coded passage)' });
    }
    if (placedAsOthers) {
      const how = inferred?.name.startsWith('utf16') ? 'in UTF-16 units (an emoji counted as two)' : inferred?.name === 'bom' ? 'with the byte order mark as a character' : 'with a CRLF line end as one character';
      warnAt(firstPlacedAsOthers, 'offset-inferred', `source "${sname}": ${placedAsOthers} selection(s) without a quoted text are placed with their offsets counted ${how}, as every selection of this source with a quoted text is (the first at this line)`, { hint: 'check those passages after the import (qda appendix shows each coded passage)' });
    }
    if (shifted) warnAt(firstShifted, 'offset-shift', `source "${sname}": ${shifted} selection(s) matched their quoted text only with CRLF or BOM counted differently; fixed (the first at this line)`, { hint: 'the exporting tool counted line breaks differently from the REFI-QDA standard' });
    if (mismatched) warnAt(firstMismatched, 'selection-mismatch', `source "${sname}": ${mismatched} selection(s) do not match their quoted text; offsets kept as given (the first at this line)`, { hint: 'check those passages after the import (qda appendix shows each coded passage)' });
    if (outside) warnAt(firstOutside, 'selection-outside-segments', `source "${sname}": ${outside} coding(s) of selections that start outside every segment (before the first turn, or in a speaker label) are imported without a segment (counted for the source, in no segment; the first at this line)`, { hint: 'check those passages after the import (qda appendix shows each coded passage); code them on a turn in the tool that wrote the project if they belong to one' });
    if (fractional) warnAt(firstFractional, 'offsets-not-whole', `source "${sname}": ${fractional} selection(s) have offsets that are not whole numbers; each is read from the whole number below its start to the one above its end (the first at this line)`, { hint: 'REFI-QDA offsets count characters (whole numbers): check those passages in the tool that wrote the project' });
    if (swapped) warnAt(firstSwapped, 'swapped-offsets', `source "${sname}": ${swapped} selection(s) end before they start; read from the smaller to the larger offset (the first at this line)`, { hint: 'check those passages in the tool that wrote the project' });

    // (a case names a PDF by the PDFSource's GUID)
    const caseInfo = caseOfSource.get(guid) ?? (outerGuid !== undefined ? caseOfSource.get(outerGuid) : undefined);
    const caseName = srcAttrs.case || caseInfo?.name || id;
    // (a variable "case" of the source that names another case than the Case it is in: the variable wins, as qdakit writes both; said)
    if (srcAttrs.case && caseInfo && srcAttrs.case !== caseInfo.name) {
      warnAt(guid, 'source-case-differs', `source "${sname}" is in the case "${caseInfo.name}"${lineOf(caseInfo.guid) ? ` (line ${lineOf(caseInfo.guid)})` : ''} and its variable "case" says "${srcAttrs.case}"; it is imported under "${srcAttrs.case}" (with the values of "${caseInfo.name}")`, { hint: 'give the source one case in the tool that wrote the project (or rename its variable "case"), or correct the case in cases.csv after the import' });
    }
    const attributes: Record<string, string> = { ...(caseInfo?.attrs ?? {}), ...srcAttrs };
    for (const [k, v] of Object.entries(caseInfo?.attrs ?? {})) {
      if (k !== 'case' && srcAttrs[k] !== undefined && srcAttrs[k] !== v) {
        warnAt(guid, 'source-case-value-differs', `source "${sname}" has "${k}" = "${srcAttrs[k]}" and its case "${caseInfo!.name}" has "${k}" = "${v}"; the source's value is kept`, { hint: 'give the variable one value in the tool that wrote the project, or correct it in cases.csv after the import' });
      }
    }
    delete attributes.case;
    for (const st of [...(setsOfSource.get(guid) ?? []), ...(outerGuid !== undefined ? setsOfSource.get(outerGuid) ?? [] : [])]) {
      if (attributes[st.name] !== undefined && attributes[st.name] !== st.name) {
        warnAt(st.guid, 'set-name-taken', `source "${sname}" is in the set "${st.name}", but it has a variable of that name ("${attributes[st.name]}"); the variable's value is kept`, { hint: 'rename the set or the variable in the tool that wrote the project' });
      } else attributes[st.name] = st.name;
    }
    for (const v of QDAKIT_SOURCE_VARS) delete attributes[v];
    const caseMemo = caseInfo && caseInfo.name === caseName ? describedCases.get(caseInfo.guid)?.memo : undefined;
    if (caseMemo !== undefined) keptCaseMemos.add(caseInfo!.guid);
    const variableMemos: Record<string, string> = {};
    const setNames = new Set([...(setsOfSource.get(guid) ?? []), ...(outerGuid !== undefined ? setsOfSource.get(outerGuid) ?? [] : [])].map((st) => st.name));
    for (const k of Object.keys(attributes)) {
      // (an attribute a set gave: the set's memo; else the variable's)
      const m = setNames.has(k) && attributes[k] === k && describedSets.has(k) ? (keptSetMemos.add(k), describedSets.get(k)!.memo) : describedVariables.has(k) && !(setNames.has(k) && attributes[k] === k) ? (keptVariableMemos.add(k), describedVariables.get(k)!.memo) : undefined;
      if (m !== undefined) variableMemos[k] = m;
    }
    const typesOfVariables: Record<string, string> = {};
    for (const k of Object.keys(attributes)) if (variableTypes.has(k) && !(setNames.has(k) && attributes[k] === k)) typesOfVariables[k] = variableTypes.get(k)!;
    // the source's memos: its Description (QualCoder writes a source's memo there) and the notes it refers to,
    // not those that are a passage's (a coding's memo that `qda refi export` also lists under the source)
    const description = (n: XNode | undefined) => (n && text(first(n, 'Description')).trim() ? [text(first(n, 'Description')).trim()] : []);
    const ownNotes = (n: XNode | undefined) => (n ? memoRefsOf({ NoteRef: arr(n.NoteRef).filter((r) => !passageNotes.has(g(at(r, 'targetGUID')))) }) : []);
    for (const n of [outer, node]) for (const r of arr(n?.NoteRef)) if (passageNotes.has(g(at(r, 'targetGUID')))) usedNotes.add(g(at(r, 'targetGUID')));
    // (a note the source lists that holds a passage, as QualCoder writes an annotation: a memo of that passage, kept after it)
    const annotations: Array<{ text: string; guid: string }> = [];
    const ownNotesOrAnnotations = (n: XNode | undefined) =>
      ownNotes(
        n && {
          NoteRef: arr(n.NoteRef).filter((r) => {
            const k = g(at(r, 'targetGUID'));
            const sel = noteSelections.get(k);
            if (!sel || passageNotes.has(k) || !notes.get(k) || !Number.isFinite(sel.s0) || !Number.isFinite(sel.e0)) return true;
            usedNotes.add(k);
            const m = noText ? (o: number) => o : (inferred ?? candidates[0]).map;
            const a = Math.max(0, Math.min(m(sel.s0), len));
            const b = Math.max(a, Math.min(m(sel.e0), len));
            // (the annotation qda refi export joins from the memos of this passage's codings, which keep their own)
            if (joinedNotes.has(k) && codings.slice(firstCoding).filter((c) => c.start === a && c.end === b && c.memo).length >= 2) return false;
            annotations.push({ text: onPassage(a, b, notes.get(k)!), guid: k });
            passageMemosKept++;
            firstPassageMemo ??= at(r, 'targetGUID');
            return false;
          }),
        },
      );
    // (a Description that joins the source's own notes, as qda refi export writes several memos for QualCoder: the notes, apart)
    const withoutJoined = (n: XNode | undefined): Array<{ text: string; guid?: string; info?: MemoNote }> => {
      const own = ownNotesOrAnnotations(n);
      const d = description(n);
      // (several memos, or one with its author or dates, as qda refi export writes them: apart, each with its own)
      const headed = d.length ? headedMemos(d[0]) : undefined;
      if (headed) return [...headed, ...own];
      const ours = own.length > 1 || (own.length === 1 && at(noteEl.get(own[0].guid), 'name')?.startsWith('Memo 1 of 1: '));
      return d.length && ours && squash(d[0]) === squash(own.map((x) => x.text).join('\n\n')) ? own : [...d.map((text) => ({ text })), ...own];
    };
    const memoItems = [...withoutJoined(outer), ...withoutJoined(node), ...annotations, ...passageMemos.map((text) => ({ text }))];
    const sourceMemos = memoItems.map((x) => x.text);
    const sourceMemoNotes = memoNotesOf(memoItems);
    sources.push({
      ...bare,
      kind,
      case: caseName,
      attributes,
      meta: {
        ...(sourceMemos.length ? { memos: sourceMemos } : {}),
        ...(sourceMemoNotes ? { memoNotes: sourceMemoNotes } : {}),
        ...(Object.keys(codingMemoNotes).length ? { codingMemoNotes } : {}),
        ...(projectMemos.length ? { projectMemos } : {}),
        ...(caseMemo !== undefined ? { caseMemo } : {}),
        ...(Object.keys(variableMemos).length ? { variableMemos } : {}),
        ...(Object.keys(typesOfVariables).length ? { variableTypes: typesOfVariables } : {}),
        refiName: sname,
      },
    });
    cases.push({ source: id, case: caseName, attributes });
  }
  if (severalRefs.n) {
    warnAt(severalRefs.first, 'coding-several-code-refs', `${severalRefs.n} CodeRef(s) stand in a Coding after its first one (a Coding names one code in REFI-QDA): each is imported as a coding of its own, with the Coding's passage, coder and memo`, {
      hint: 'if they are not meant as codings of their own, remove those codings after the import (codings.json), or give each code its own Coding in the tool that wrote the project',
    });
  }
  // codes used but not defined
  for (const [u, info] of unknownCodes) {
    warnAt(info.guid, 'unknown-code', u === 'unknown' ? `${info.n} coding(s) (the first in "${info.source}") name no code (no CodeRef); kept under the code "unknown"` : `${info.n} coding(s) (the first in "${info.source}") refer to code ${u}, which the CodeBook does not define; kept under that id`, {
      hint: 'add the code to the CodeBook in the tool that wrote the project and export again, or name it in codebook.yaml after the import',
    });
    codeRefs.push({ id: u });
  }
  for (const [tg, u] of unplaced) {
    warnAt(u.first ?? tg, 'transcript-selection-unplaced', `${u.sels} selection(s) of a transcript (${tg}) start or end at a SyncPoint without a position in the text; their ${u.codings} coding(s) are not imported (the first at this line)`, {
      hint: 'the tool that wrote the project placed those passages by time only; code them on the transcript\'s text there and export again',
    });
  }
  if (unknownUsers.size) {
    warnAt(firstUnknownUser?.guid, 'unknown-user', `${[...unknownUsers.values()].reduce((a, b) => a + b, 0)} coding(s) name a creatingUser that <Users> does not list (${[...unknownUsers.keys()].slice(0, 3).join(', ')}${unknownUsers.size > 3 ? ', …' : ''}${firstUnknownUser ? `; the first in source "${firstUnknownUser.source}"` : ''}); their coder is that GUID`, { hint: 'rename the coder in codings.json after the import, or export the project with its users' });
  }
  for (const u of automaticNamed) {
    let n = 0;
    for (const c of codings) if (c.coder === u.name) n++;
    warnAt(u.guid, 'user-named-as-automatic-coder', `the user "${u.name}" has the name qdakit gives its automatic coder (${AUTOMATIC_CODERS.join(', ')}): their ${n} coding(s) are read as automatic suggestions, not as a person's (appendices, reports and the labelschema leave them out beside a person's codings, qda review asks about them)`, {
      hint: `rename coder "${u.name}" in codings.json after the import (e.g. "${u.name}-person"), or give the user another name in the tool that wrote the project and export again`,
    });
  }
  if (withoutUser && users.size) {
    // (their coder was "human" without a word where the project lists the people who coded: it may be any of them;
    // a project without users has no one else they could be, as the import's documentation says)
    warnAt(firstWithoutUser?.guid, 'coding-without-user', `${withoutUser} coding(s) name no user (no creatingUser on the Coding or its selection), though the project lists ${users.size} user(s) (${[...users.values()].slice(0, 3).map((n) => `"${n}"`).join(', ')}${users.size > 3 ? ', …' : ''}): their coder is "${noUser}"${firstWithoutUser ? ` (the first in source "${firstWithoutUser.source}")` : ''}${noUser !== 'human' ? `, not "human": a user of the project is named so, and its codings stay that user's` : ''}`, {
      hint: `if you know who coded them, rename coder "${noUser}" in codings.json after the import (qda agree compares coders by name); or give the codings their user in the tool that wrote the project and export again`,
    });
  }
  for (const [ref, u] of unknownVariables) {
    warnAt(u.guid, 'unknown-variable', `${u.n} value(s) (the first of ${u.what}) refer to variable ${ref || '(none)'}, which <Variables> does not define; imported under that GUID as the attribute's name`, { hint: 'define the variable in the tool that wrote the project and export again, or rename the column in cases.csv after the import' });
  }
  if (selectionsWithoutCoding) {
    warnAt(firstBare, 'selection-without-coding', `${selectionsWithoutCoding} selection(s) carry no coding (quotations, or passages with only a memo) and are not imported${memosWithoutCoding ? `; their ${memosWithoutCoding} memo(s) are kept as memos of their source` : ''}`, { hint: 'code those passages in the tool that wrote the project (or move their memos to a coded passage) and export again' });
  }
  if (passageMemosKept) {
    warnAt(firstPassageMemo, 'passage-memo-on-source', `${passageMemosKept} memo(s) of passages without a code (annotations, memos of quotations) are kept as memos of their source, each after the passage it was on (On "…" (characters a–b): …): qdakit keeps memos of codings and sources`, { hint: 'to keep such a memo with a passage, code the passage in the tool that wrote the project and put the memo on that coding' });
  }
  importLinks(arr(first(project, 'Links')?.Link).filter((l) => !linksAsMemos.has(l)), codings, codingAt, (n) => arr(n.NoteRef).map((r) => (usedNotes.add(g(at(r, 'targetGUID'))), notes.get(g(at(r, 'targetGUID'))) ?? '')), warnAt);
  // cases that name a source the project does not have
  const sourceGuids = new Set(textSources.flatMap((t) => [g(at(t.node, 'guid')), ...(t.outer ? [g(at(t.outer, 'guid'))] : [])]));
  const stray = caseRefs.filter((r) => !sourceGuids.has(r.source));
  if (stray.length) {
    // (a source that is there but not a text — a picture, a recording, a PDF without text — by its name)
    const other = new Map<string, string>();
    for (const [k, v] of Object.entries(sourcesEl ?? {})) if (k.endsWith('Source')) for (const e of arr(v as XNode | XNode[])) other.set(g(at(e, 'guid')), `${k} "${at(e, 'name') ?? ''}"`);
    warnAt(stray[0].guid, 'case-unknown-source', `${stray.length} source reference(s) of cases name a source the project does not have (or one that is not a text): ${stray.slice(0, 5).map((r) => `case "${r.name}" → ${other.get(r.source) ? `${other.get(r.source)} (${r.source})` : r.source}`).join(', ')}${stray.length > 5 ? ', …' : ''}; nothing is imported for them`);
  }
  // notes no source, selection, coding, code or link refers to (project memos)
  const loose = [...notes.keys()].filter((k) => !usedNotes.has(k) && notes.get(k));
  if (loose.length) {
    warnAt(loose[0], 'unattached-note', `${loose.length} note(s) of the project are not attached to a source, passage, coding or code and are not imported: ${loose.slice(0, 3).map((k) => `"${squash(notes.get(k)!).slice(0, 40)}"`).join(', ')}${loose.length > 3 ? ', …' : ''}`, { hint: 'attach them to a source or code in the tool that wrote the project, or keep the .qdpx beside the import' });
  }
  // codings the import did not take and no warning above named (in a recording's transcript, on a whole
  // picture or recording, in a note's text, …): counted by where they stand
  const strayCodings = new Map<string, { n: number; guid?: string }>();
  const census = (n: XNode, path: string[], guid: string | undefined) => {
    for (const [k, v] of Object.entries(n)) {
      if (k.startsWith('@_') || k === '#text' || !Array.isArray(v)) continue;
      for (const child of v as unknown[]) {
        if (!child || typeof child !== 'object') continue;
        const cg = at(child as XNode, 'guid') ?? guid;
        if (k === 'Coding' && !accounted.has(child)) {
          const where = path.join('/');
          const e = strayCodings.get(where);
          if (e) e.n++;
          else strayCodings.set(where, { n: 1, guid: cg });
        }
        census(child as XNode, [...path, k], cg);
      }
    }
  };
  census(project, [], undefined);
  for (const [where, e] of strayCodings) {
    warnAt(e.guid, 'coding-not-imported', `${e.n} coding(s) in <${where.split('/').join('> <')}> are not imported (qdakit imports codings of passages of a text: PlainTextSelection; the first at this line)`, {
      hint: 'code those passages on a text source in the tool that wrote the project and export again, or keep the .qdpx beside the import',
    });
  }
  // memos of cases, variables, sets and the project that no imported source could keep (a case without a source
  // imported, a variable no source has a value for, a set without members imported, a project without text sources)
  const described: string[] = [];
  let firstDescribed: string | undefined;
  const describe = (left: Array<{ name: string; guid: string }>, what: string) => {
    if (!left.length) return;
    firstDescribed ??= left[0].guid;
    described.push(`${left.length} ${what}${left.length === 1 ? '' : 's'} (${left.slice(0, 3).map((e) => `"${e.name}"`).join(', ')}${left.length > 3 ? ', …' : ''})`);
  };
  describe([...describedCases].filter(([k]) => !keptCaseMemos.has(k)).map(([guid, c]) => ({ name: c.name, guid })), 'case');
  describe([...describedVariables].filter(([k]) => !keptVariableMemos.has(k)).map(([name, v]) => ({ name, guid: v.guid })), 'variable');
  describe([...describedSets].filter(([k]) => !keptSetMemos.has(k)).map(([name, v]) => ({ name, guid: v.guid })), 'set');
  if (projectMemos.length && !sources.length) described.unshift(`the project ("${squash(projectMemos[0]).slice(0, 40)}${squash(projectMemos[0]).length > 40 ? '…' : ''}")`);
  if (described.length) {
    warnAt(firstDescribed, 'description-not-imported', `the description (memo) of ${described.join(', of ')} is not imported: qdakit keeps such a memo in the meta of the sources it belongs to (caseMemo, variableMemos, projectMemos), and these have no source imported (a case without its sources, a variable or set no source has a value for)`, { hint: 'keep the .qdpx beside the import, or give the case, variable or set its sources in the tool that wrote the project' });
  }
  // cases made of codes or of passages (CodeRef, SelectionRef) rather than of whole sources
  const partCases = arr(first(project, 'Cases')?.Case).filter((c) => arr(c.CodeRef).length || arr(c.SelectionRef).length);
  if (partCases.length) {
    const n = partCases.reduce((a, c) => a + arr(c.CodeRef).length + arr(c.SelectionRef).length, 0);
    warnAt(at(partCases[0], 'guid'), 'case-parts-not-imported', `${partCases.length} case(s) (${partCases.slice(0, 3).map((c) => `"${at(c, 'name') ?? g(at(c, 'guid'))}"`).join(', ')}${partCases.length > 3 ? ', …' : ''}) hold ${n} code(s) or passage(s) (CodeRef, SelectionRef) that are not imported: a qdakit case is a group of whole sources`, {
      hint: 'give those cases their sources (SourceRef) in the tool that wrote the project, or code the passages with a code for the case',
    });
  }
  const sets = arr(first(project, 'Sets')?.Set);
  if (sets.length) {
    // what of the sets is not imported: sets without a name, members that are codes or notes, or sources not imported
    const parts: string[] = [];
    const nameless = sets.filter((st) => !at(st, 'name')?.trim()).length;
    if (nameless) parts.push(`${nameless} set(s) without a name`);
    const codes = sets.reduce((a, st) => a + (at(st, 'name')?.trim() ? arr(st.MemberCode).length : 0), 0);
    const noteMembers = sets.reduce((a, st) => a + (at(st, 'name')?.trim() ? arr(st.MemberNote).length : 0), 0);
    const otherSources = sets.reduce((a, st) => a + (at(st, 'name')?.trim() ? arr(st.MemberSource).filter((m) => !sourceGuids.has(g(at(m, 'targetGUID')))).length : 0), 0);
    if (codes) parts.push(`${codes} code member(s)`);
    if (noteMembers) parts.push(`${noteMembers} note member(s)`);
    if (otherSources) parts.push(`${otherSources} member(s) that are no source imported (a picture, a recording without a transcript, a missing source)`);
    const imported = sets.length - nameless;
    warnAt(at(sets[0], 'guid'), 'not-imported', `the project's ${sets.length} Set(s) (<Sets>)${imported ? `: the sources of ${imported} are given an attribute named by the set (its name as the value), as QualCoder imports them` : ''}${parts.length ? `; not imported: ${parts.join(', ')}` : ''}`, { hint: 'qdakit imports sources, codes, codings, memos, cases and links between codings; group codes in a parent code instead of a set' });
  }
  {
    const n = arr(first(project, 'Graphs')?.Graph).length;
    if (n) warn('not-imported', `the project's ${n} Graph(s) (<Graphs>) are not imported`, { hint: 'qdakit imports sources, codes, codings, memos, cases and links between codings' });
  }
  // text files of the archive that no element of project.qde names (a source taken out of the project but left in the
  // archive, a project file of another export put beside them): not imported, said with their names and first words
  // (they were passed over without a word)
  if (entryBytes.size) {
    const named = new Set<string>([qdeName.slice(file.length + 1)]);
    const re = /\s[\w.:-]*[pP]ath\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
    for (let m = re.exec(qdeText); m; m = re.exec(qdeText)) {
      const v = decodeXmlEntities(m[1] ?? m[2] ?? '').trim();
      if (!v) continue;
      const hit = findEntryNamed(entryBytes, v.startsWith('internal://') ? v.slice('internal://'.length) : v.replace(/^.*[\\/]/, ''));
      if (hit) named.add(hit.name);
    }
    const loose = [...entryBytes.keys()].filter((k) => /\.txt$/i.test(k) && !named.has(k)).sort();
    if (loose.length) {
      const shown = loose.slice(0, 4).map((k) => {
        const words = new TextDecoder().decode(entryBytes.get(k)!.subarray(0, 400)).replace(/[\u0000-\u0008\u000e-\u001f\ufffd\ufeff]/g, '').replace(/\s+/g, ' ').trim();
        return `"${k}" (${words ? `"${[...words].length > 40 ? `${[...words].slice(0, 40).join('')}…` : words}"` : 'empty'})`;
      });
      warn('archive-text-not-named', `the archive holds ${loose.length} text file(s) that no source or note of the project names: ${shown.join(', ')}${loose.length > 4 ? ', …' : ''}; not imported`, {
        hint: 'if one is a source the project should have, add it to the project in the tool that wrote it and export again (or import the text file itself with qda code); if it is left over, nothing to do',
        actual: loose[0],
      });
    }
  }

  const doc: CodingsDocument = {
    provenance: { tool: 'qdakit', version: VERSION, command: 'refi import' },
    codebooks: [{ id: 'refi-import', name: { en: projectName, nl: projectName } }, ...[...restoredBooks].sort().filter((b) => b !== 'refi-import').map((id) => ({ id }))],
    codes: codeRefs,
    sources,
    segments,
    codings,
  };
  const codebook: Codebook = { id: 'refi-import', name: { en: projectName, nl: projectName }, codes: codeDefs };
  return { name: projectName, doc, codebook, cases, diagnostics };
}

/**
 * REFI-QDA Links between codings (or selections) become links on the origin coding. A
 * Link written by qdakit carries a Note with the target's label, the relation, the verdict
 * and the origin's label (restored exactly); another tool's Link gets its name as the
 * relation and a label made from its position (`link-1`, …) on the target. A Link without
 * a target that qdakit wrote is a dangling link and stays one. Links between other
 * elements (codes, sources) are reported, not imported.
 */
function importLinks(
  links: readonly XNode[],
  codings: Coding[],
  codingAt: ReadonlyMap<string, number>,
  notesOf: (n: XNode) => string[],
  warnAt: (guid: string | undefined, ruleId: string, message: string) => void,
): void {
  let other = 0;
  let firstOther: string | undefined;
  const names = new Set<string>();
  let made = 0;
  const set = (i: number, patch: Partial<Coding>) => {
    codings[i] = { ...codings[i], ...patch };
  };
  for (const l of links) {
    const from = codingAt.get(g(at(l, 'originGUID')));
    const tg = g(at(l, 'targetGUID'));
    const to = tg ? codingAt.get(tg) : undefined;
    const note = notesOf(l).join('\n').split('\n');
    const field = (prefix: string) => note.find((x) => x.startsWith(prefix))?.slice(prefix.length).trim();
    const label = field(QDAKIT_LINK_PREFIX);
    if (from === undefined || (to === undefined && !label)) {
      other++;
      firstOther ??= at(l, 'guid');
      const nm = at(l, 'name')?.trim();
      if (nm && names.size < 3) names.add(nm);
      continue;
    }
    const name = at(l, 'name')?.trim();
    const relation = field(QDAKIT_LINK_RELATION_PREFIX) ?? (label === undefined && name ? name : undefined);
    const verdict = field(QDAKIT_LINK_VERDICT_PREFIX);
    const fromLabel = field(QDAKIT_LINK_FROM_PREFIX);
    let target = label;
    if (to !== undefined) {
      const existing = codings[to].ref;
      if (existing !== undefined && (target === undefined || existing !== target)) target = existing;
      else if (target === undefined) target = `link-${++made}`;
      if (codings[to].ref === undefined) set(to, { ref: target });
    }
    if (fromLabel && codings[from].ref === undefined) set(from, { ref: fromLabel });
    const link = { to: target!, ...(relation ? { relation } : {}), ...(verdict ? { verdict } : {}) };
    const have = codings[from].links ?? [];
    // (a label on two passages gave two Links with the same content: one link)
    if (!have.some((x) => x.to === link.to && x.relation === link.relation && x.verdict === link.verdict)) set(from, { links: [...have, link] });
  }
  if (other) warnAt(firstOther, 'unsupported-link', `${other} Link(s) between elements other than codings (codes, sources, notes) are not imported${names.size ? ` (${[...names].map((n) => `"${n}"`).join(', ')}${other > names.size ? ', …' : ''})` : ''}`);
}

function findEntryNamed(entries: Map<string, Uint8Array>, name: string): { name: string; bytes: Uint8Array } | undefined {
  const found = findEntryAs(entries, name);
  if (found) return found;
  // (a path written with %20 for a space, or with accents composed otherwise than the archive's names, as a Mac's zip
  // writes them: was "not in the archive", the source imported without its text)
  let decoded: string | undefined;
  try {
    decoded = decodeURIComponent(name);
  } catch {
    decoded = undefined;
  }
  if (decoded !== undefined && decoded !== name) {
    const d = findEntryAs(entries, decoded);
    if (d) return d;
  }
  const want = (decoded ?? name).normalize('NFC');
  const nfc = new Map<string, Uint8Array>();
  const orig = new Map<string, string>();
  for (const [k, v] of entries) if (!nfc.has(k.normalize('NFC'))) (nfc.set(k.normalize('NFC'), v), orig.set(k.normalize('NFC'), k));
  const hit = findEntryAs(nfc, want);
  return hit ? { name: orig.get(hit.name) ?? hit.name, bytes: hit.bytes } : undefined;
}

function findEntryAs(entries: Map<string, Uint8Array>, name: string): { name: string; bytes: Uint8Array } | undefined {
  const n = name.replace(/\\/g, '/');
  for (const k of [`sources/${n}`, n]) {
    const v = entries.get(k);
    if (v) return { name: k, bytes: v };
  }
  const lower = n.toLowerCase();
  for (const [k, v] of entries) {
    const kl = k.toLowerCase();
    if (kl === `sources/${lower}` || kl.endsWith(`/${lower}`) || kl === lower) return { name: k, bytes: v };
  }
  return undefined;
}
