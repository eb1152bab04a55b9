import { identityKey, spacingVariants, spellingMarks } from '../model/name-identity.js';
import { readFile, stat } from 'node:fs/promises';
import { didYouMean, editDistance } from '../model/did-you-mean.js';
import { maxSourceBytes } from './read-source.js';
import { resolve, basename, extname } from 'node:path';
import type { CodingsDocument, Coding, Source, Segment, CodeRef, Diagnostic } from '../model/types.js';
import { QdaInputError, inputError, type Report } from '../model/errors.js';
import { cpLength, cpSlice } from '../model/codepoints.js';
import { VERSION } from '../version.js';
import { CodingIds, coderLeftOut } from '../model/codings-format.js';
import { DocumentIds, checkSchemaVersion, fromParsedV2, overlappingSegments, refuseDuplicateKeys, type ReadCodingsDocumentOptions } from './read-codings-document.js';
import { refuseSpecialFile } from './regular-file.js';
import { carryPlace, codingPlace, segmentPlace, setCodingPlace, setCodingQuote, setSegmentPlace, takeRecordedText } from './coding-places.js';
import { columnsDifferingInCase, excelRoundedIds, lineList, parseCsvRecords } from './csv-records.js';
import { codeCellParts, splitCodeCells } from './code-cells.js';
import { tableTitleWarning, titleAboveHeader } from './read-table.js';

export { parseCsvRecords } from './csv-records.js';

/**
 * Read codings: the `qda code` JSON document, or a flat CSV (or TSV/;-separated)
 * with at least `source` and `code` columns. Optional CSV columns: segment,
 * coder, speaker, role, case, start, end, text, score, code_name, parent, and any
 * other column is an attribute of the coding (question, factor, …) and, when it is
 * constant within each source, also of the source (team, group, order, date, …).
 * `report` receives the warnings (empty or stray attribute values, with their lines).
 */
export async function readCodings(path: string, opts: { cwd?: string; report?: Report; /** files larger than this are read piece by piece (default STREAM_CODINGS_BYTES; tests) */ streamBytes?: number } & ReadCodingsDocumentOptions = {}): Promise<CodingsDocument> {
  const full = resolve(opts.cwd ?? process.cwd(), path);
  let st: Awaited<ReturnType<typeof stat>>;
  try {
    st = await stat(full);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') {
      throw inputError('ingest', 'file-not-found', 'codings file not found', {
        file: path,
        hint: 'check the path (relative to the current folder); write codings with `qda code <sources> -c CODEBOOK -o codings.json`, or give a CSV with source and code columns',
      });
    }
    throw e;
  }
  if (!st.isFile() && !st.isDirectory()) await refuseSpecialFile(full, path);
  if (st.isDirectory()) {
    throw inputError('ingest', 'is-a-folder', 'this is a folder, not a codings file', {
      file: path,
      hint: 'give the codings document (e.g. codings.json from `qda code`) or a CSV with source and code columns',
    });
  }
  // a large JSON document or JSON Lines file is read piece by piece (never one string)
  if (st.isFile() && st.size > (opts.streamBytes ?? STREAM_CODINGS_BYTES)) {
    const start = await readStart(full);
    const { sniffUtf16 } = await import('./decode.js');
    if (!/^(\xef\xbb\xbf)?\s*\{/.test(start.toString('latin1', 0, 64)) || start[0] === 0xff || start[0] === 0xfe || sniffUtf16(start)) {
      // not JSON (a CSV), or UTF-16 (with or without a byte order mark; its NUL bytes are no
      // stray NULs): read whole, below the limit
    } else {
      const { looksLikeJsonl, readCodingsJsonlFile, readCodingsJsonFile } = await import('./read-codings-document.js');
      jsonByContent(path, opts.report);
      if (looksLikeJsonl(start.toString('utf8').replace(/^\uFEFF/, ''))) return checkedDocument(await readCodingsJsonlFile(full, path, opts), path, opts.report);
      return checkedDocument(await readCodingsJsonFile(full, path, opts, (d) => fromParsedJson(d, path, opts)), path, opts.report);
    }
  }
  const limit = maxSourceBytes();
  if (st.isFile() && st.size > limit) {
    throw inputError('ingest', 'codings-too-large', `this codings file is ${Math.round(st.size / 1048576)} MB, more than the limit of ${Math.round(limit / 1048576)} MB`, {
      file: path,
      hint: 'split the codings by source, or raise the limit with the environment variable QDA_MAX_SOURCE_BYTES (e.g. QDA_MAX_SOURCE_BYTES=2g)',
    });
  }
  const buf = await readFile(full);
  // UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252 (Dutch Excel "CSV (;)" exports)
  const { decodeBytes } = await import('./decode.js');
  let text: string;
  try {
    // (with the report: a Windows-1252 file with UTF-8 cells pasted in, a UTF-8 file with a byte of
    // Windows-1252, undefined bytes are said with their place; read without a word, `coördinatie`
    // pasted into a Dutch Excel CSV was read `coÃ¶rdinatie`, a code of its own)
    ({ text } = await decodeBytes(buf, { file: path, ...(opts.report ? { report: opts.report } : {}) }));
  } catch (e) {
    // (a text file with a stray NUL: refused with the place of the first)
    const { withNulPlace } = await import('./nul-place.js');
    const placed = withNulPlace(e, buf, path, 'codings file');
    if (placed !== e) throw placed;
    if (e instanceof QdaInputError && e.diagnostics[0]?.ruleId === 'binary-file') {
      throw inputError('ingest', 'binary-file', 'this is a binary file (Word, PDF, Excel?), not a codings JSON or CSV file', {
        file: path,
        hint: 'give the codings document written by `qda code -o codings.json`, or save the table as CSV (source and code columns)',
      });
    }
    throw e;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const trimmed = text.trimStart();
  // an empty .json or .jsonl file: said as such (it was read as a CSV, and the message spoke of a CSV's header)
  if (!trimmed && /\.jsonl?$/i.test(path)) {
    throw inputError('ingest', 'empty-codings', `the codings document is empty (${buf.length ? 'only blank lines' : '0 bytes'})`, {
      file: path,
      hint: 'write it again with `qda code … -o codings.json` (a run that was stopped, or a full disk, can leave an empty file)',
    });
  }
  if (trimmed.startsWith('{')) {
    jsonByContent(path, opts.report);
    const { looksLikeJsonl, parseCodingsJsonl } = await import('./read-codings-document.js');
    if (looksLikeJsonl(trimmed)) return checkedDocument(parseCodingsJsonl(trimmed, path, opts), path, opts.report);
    return checkedDocument(parseCodingsJson(text, path, opts), path, opts.report);
  }
  if (trimmed.startsWith('[')) {
    throw inputError('ingest', 'codings-array', 'a codings JSON file must be an object (the `qda code` document), not an array', {
      file: path,
      line: 1,
      column: 1,
      hint: 'write the codings with `qda code … -o codings.json`, or use a CSV with source and code columns',
    });
  }
  if (!/\.jsonl?$/i.test(path)) return parseCodingsCsv(text, path, opts.report);
  // a .json/.jsonl file that is not JSON: a CSV saved under that name is read as a CSV (said);
  // anything else is said to be no JSON (it was "the codings CSV has no "source" column")
  let doc: CodingsDocument;
  try {
    doc = parseCodingsCsv(text, path, opts.report);
  } catch (e) {
    if (!(e instanceof QdaInputError) || e.diagnostics[0]?.ruleId !== 'missing-column') throw e;
    const lines = text.split(/\r\n|\r|\n/);
    const at = lines.findIndex((l) => l.trim() !== '');
    const first = lines[at].trim();
    throw inputError('ingest', 'not-json', `the name ends in ${extname(path).toLowerCase()}, but the file is not JSON: it starts with "${first.length > 40 ? first.slice(0, 40) + '…' : first}" (line ${at + 1}), where a codings document starts with "{"; nor is it a CSV with the columns source and code`, {
      file: path,
      line: at + 1,
      column: 1,
      hint: 'if it is a codings document whose beginning was cut off or edited, write it again with `qda code … -o codings.json`; if it is a table, give it the columns source and code and save it as .csv',
    });
  }
  opts.report?.({
    severity: 'info',
    source: 'ingest',
    ruleId: 'codings-format-by-content',
    message: `the name ends in ${extname(path).toLowerCase()}, but the file is a CSV table (its first line: "${firstLine(text)}"): read as a CSV`,
    file: path,
    hint: 'rename it to .csv, so that it is clear (also to other tools) what it holds',
  });
  return doc;
}

const firstLine = (text: string) => {
  const l = text.split(/\r\n|\r|\n/, 1)[0].trim();
  return l.length > 60 ? l.slice(0, 60) + '…' : l;
};

/** A codings file whose name says CSV (or TSV, TXT) but which holds JSON: read as JSON, and said. */
function jsonByContent(path: string, report?: Report): void {
  const ext = extname(path).toLowerCase();
  if (!['.csv', '.tsv', '.txt'].includes(ext)) return;
  report?.({
    severity: 'info',
    source: 'ingest',
    ruleId: 'codings-format-by-content',
    message: `the name ends in ${ext}, but the file is JSON (it starts with "{"): read as a codings document`,
    file: path,
    hint: 'rename it to .json, so that it is clear (also to other tools) what it holds',
  });
}

/** A codings document (JSON, JSON Lines) as read, after the checks of `codingsAgainstDocument` and `caseOnlyNames`. */
function checkedDocument(doc: CodingsDocument, file: string, report?: Report): CodingsDocument {
  codingsAgainstDocument(doc, file, report);
  overlappingSegments(doc, file, report);
  noCoderNoRule(doc, file, report);
  return caseOnlyNames(emptyCoders(doc, file, report), file, report);
}

/**
 * Codings of a codings document (schema version 2) without "coder" and without a rule: the
 * compact form leaves the coder out for the rules' codings, which name their rule; one without
 * either (added by hand) is no rules coding, and is read as coder "human" (decodeCoding): said,
 * with the count and the first places (it was counted as the rules', unseen).
 */
function noCoderNoRule(doc: CodingsDocument, file: string, report?: Report): void {
  if (!report) return;
  const found: Array<{ c: Coding; at: string }> = [];
  for (const c of doc.codings) {
    const rel = coderLeftOut(c);
    if (rel === undefined) continue;
    const p = codingPlace(c);
    found.push({ c, at: p?.line !== undefined ? `line ${p.line}` : `${p?.path ?? ''}${rel}` || `coding "${c.id}"` });
  }
  if (!found.length) return;
  const shown = found.slice(0, 5).map(({ c, at }) => `${at} (code "${c.code}" in source "${c.sourceId}"${c.segmentId !== undefined ? `, segment "${c.segmentId}"` : ''})`);
  const first = found[0].c;
  report({
    severity: 'warning',
    source: 'ingest',
    ruleId: 'coder-left-out',
    message: `${found.length} coding(s) have no "coder" and no rule: ${shown.join(', ')}${found.length > 5 ? `, … (${found.length} in all)` : ''}; a coding without "coder" is the rules' only when it names its rule, so they are counted as coder "human"${doc.codings.some((c) => c.coder === 'human' && coderLeftOut(c) === undefined) ? ', together with the codings that say "human"' : ' (a coder of its own in qda agree and --coder)'}`,
    file,
    ...placeOf(first),
    hint: 'give each of them its "coder" (the person who coded it; "rules" if the rules made it)',
  });
}

/**
 * Codings of a codings document whose coder is written but empty (`"coder": ""`, a hand edit):
 * counted as coder "human", as a codings CSV's empty coder cell, and said with the count and the
 * first place (they were a coder without a name: "Coders: , anna", and a rater of its own in agree).
 */
function emptyCoders(doc: CodingsDocument, file: string, report?: Report): CodingsDocument {
  if (!doc.codings.some((c) => c.coder === '')) return doc;
  let n = 0;
  let first: Coding | undefined;
  const codings = doc.codings.map((c) => {
    if (c.coder !== '') return c;
    n++;
    first ??= c;
    return carryPlace(c, { ...c, coder: 'human' });
  });
  if (!n || !first) return doc;
  report?.({
    severity: 'warning',
    source: 'ingest',
    ruleId: 'empty-coder',
    message: `${n} coding(s) have an empty "coder" (the first: code "${first.code}" in source "${first.sourceId}", at ${whereText(first)}); they are counted as coder "human"${doc.codings.some((c) => c.coder === 'human') ? ', together with the codings that say "human"' : ''}`,
    file,
    ...placeOf(first),
    hint: 'give each coding its "coder" (the person who coded it), or leave "coder" out for a coding by the rules',
  });
  return { ...doc, codings };
}

const placeOf = (c: Coding): { line?: number; path?: string } => {
  const at = codingPlace(c);
  return at?.line !== undefined ? { line: at.line } : at?.path !== undefined ? { path: at.path } : {};
};
const whereText = (c: Coding): string => {
  const at = codingPlace(c);
  return at?.line !== undefined ? `line ${at.line}` : at?.path !== undefined ? at.path : `coding "${c.id}"`;
};

/**
 * Segments of a codings document (`otherSegments`, a hand-joined document) whose source is not
 * among the document's sources. The analyses know a source only from the document's sources and
 * from the codings: the segments of a source no coding names were in no analysis, without a word;
 * those of a source some codings name are counted under a source of its own (no text, case or
 * attributes). Said once, with the count per source, the first place and what became of them.
 */
function segmentsAgainstDocument(doc: CodingsDocument, file: string, report?: Report): void {
  if (!report || !doc.segments.length) return;
  const sourceIds = new Set(doc.sources.map((s) => s.id));
  const stray = new Map<string, { n: number; first: Segment }>();
  for (const g of doc.segments) {
    if (sourceIds.has(g.sourceId)) continue;
    const e = stray.get(g.sourceId);
    if (e) e.n++;
    else stray.set(g.sourceId, { n: 1, first: g });
  }
  if (!stray.size) return;
  const coded = new Map<string, number>();
  for (const c of doc.codings) if (stray.has(c.sourceId)) coded.set(c.sourceId, (coded.get(c.sourceId) ?? 0) + 1);
  const at = (g: Segment) => {
    const p = segmentPlace(g);
    return p?.line !== undefined ? `line ${p.line}` : p?.path ?? `segment "${g.id}"`;
  };
  const list = [...stray];
  const first = list[0][1].first;
  const firstPlace = segmentPlace(first);
  const n = list.reduce((k, [, e]) => k + e.n, 0);
  const left = list.filter(([id]) => !coded.has(id)).reduce((k, [, e]) => k + e.n, 0);
  report({
    severity: 'warning',
    source: 'ingest',
    ruleId: 'segment-source-not-in-document',
    message:
      `${n} segment(s) name ${list.length} source(s) that are not among the document's ${sourceIds.size} sources: ${list
        .slice(0, 8)
        .map(([id, e]) => `"${id}" (${e.n} segment${e.n === 1 ? '' : 's'}, first "${e.first.id}" at ${at(e.first)}; ${coded.has(id) ? `${coded.get(id)} coding(s)` : 'no codings'})`)
        .join(', ')}${list.length > 8 ? `, … (+${list.length - 8})` : ''}` +
      `${left ? `; ${left} segment(s) of a source no coding names are left out of every analysis` : ''}` +
      `${left < n ? `; ${n - left} segment(s) of a source with codings are counted under a source of its own (no text, case or attributes)` : ''}`,
    file,
    ...(firstPlace?.line !== undefined ? { line: firstPlace.line } : firstPlace?.path !== undefined ? { path: firstPlace.path } : {}),
    ...(sourceIds.size ? { expected: didYouMean(list[0][0], [...sourceIds]) } : {}),
    hint: 'if a source was renamed, give its segments the new id ("sourceId"); if the source is missing, add it (code it again with qda code); segments that belong to no source can be deleted',
  });
}

/**
 * Codings of a codings document (edited by hand, or pasted together from two) that do not fit
 * the document's own sources and segments. Every later step keys on the source id and the
 * segment id, so such a coding would be counted somewhere the document does not say:
 * - its segment is a segment of another source: it would count under one source with the
 *   other's speaker and role (an error: exit 2, with the place and both sources);
 * - its source is not among the document's sources: counted as a source of its own, without
 *   case or attributes (said, with the count per source and the first place);
 * - its segment id is not among the segments of its source (which has segments): counted as a
 *   unit of its own (said);
 * - its span lies wholly outside its segment (the offsets point at other text than the segment
 *   it is counted in): said, with the count and the first.
 */
export function codingsAgainstDocument(doc: CodingsDocument, file: string, report?: Report): void {
  segmentsAgainstDocument(doc, file, report);
  if (!doc.codings.length) return;
  const segById = new Map<string, Segment>();
  const withSegments = new Set<string>();
  for (const g of doc.segments) {
    if (!segById.has(g.id)) segById.set(g.id, g);
    withSegments.add(g.sourceId);
  }
  const sourceIds = new Set(doc.sources.map((s) => s.id));
  // (the length of each source's text in code points, as the offsets count)
  const lengthOf = new Map(doc.sources.map((s) => [s.id, s.length]));
  const notInDoc = new Map<string, { n: number; first: Coding }>();
  let noSegment: { n: number; first: Coding } | undefined;
  let outside: { n: number; first: Coding; seg: Segment } | undefined;
  let badMatches: { n: number; first: Coding; match: { start: number; end: number; term: string }; length: number } | undefined;
  for (const c of doc.codings) {
    const matches = c.evidence?.matches;
    const length = lengthOf.get(c.sourceId);
    if (matches?.length && typeof length === 'number') {
      const m = matches.find((x) => !(x.start >= 0 && x.end >= x.start && x.end <= length));
      if (m) {
        if (badMatches) badMatches.n++;
        else badMatches = { n: 1, first: c, match: m, length };
      }
    }
    if (sourceIds.size && !sourceIds.has(c.sourceId)) {
      const e = notInDoc.get(c.sourceId);
      if (e) e.n++;
      else notInDoc.set(c.sourceId, { n: 1, first: c });
    }
    if (c.segmentId === undefined) continue;
    const g = segById.get(c.segmentId);
    if (!g) {
      if (withSegments.has(c.sourceId)) {
        if (noSegment) noSegment.n++;
        else noSegment = { n: 1, first: c };
      }
      continue;
    }
    if (g.sourceId !== c.sourceId) {
      throw inputError('ingest', 'coding-in-other-source', `a coding of source "${c.sourceId}" (code "${c.code}" by ${c.coder}, at ${whereText(c)}) names the segment "${g.id}", which is a segment of source "${g.sourceId}"; it cannot be counted under both (its source, case and speaker would not agree)`, {
        file,
        ...placeOf(c),
        hint: `give the coding the source of its segment ("${g.sourceId}"), or a segment of "${c.sourceId}"; or write the document again with \`qda code … -o codings.json\``,
      });
    }
    const overlaps = c.end > c.start ? c.start < g.end && c.end > g.start : c.start >= g.start && c.start <= g.end;
    if (!overlaps) {
      if (outside) outside.n++;
      else outside = { n: 1, first: c, seg: g };
    }
  }
  if (!report) return;
  if (notInDoc.size) {
    const list = [...notInDoc];
    const first = list[0][1].first;
    report({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'coding-source-not-in-document',
      message: `${list.reduce((k, [, e]) => k + e.n, 0)} coding(s) name ${list.length} source(s) that are not among the document's ${sourceIds.size} sources: ${list
        .slice(0, 8)
        .map(([id, e]) => `"${id}" (${e.n} coding${e.n === 1 ? '' : 's'}, first at ${whereText(e.first)})`)
        .join(', ')}${list.length > 8 ? `, … (+${list.length - 8})` : ''}; they have no text, case or attributes (the analyses count each as a source of its own)`,
      file,
      ...placeOf(first),
      expected: didYouMean(list[0][0], [...sourceIds]),
      hint: 'if a source was renamed, rename it in its codings too ("source"); if the codings belong to a source that is missing, add the source (code it again with qda code)',
    });
  }
  if (noSegment) {
    const c = noSegment.first;
    report({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'coding-segment-not-in-document',
      message: `${noSegment.n} coding(s) name a segment that their source does not have (the first: "${c.segmentId}" of source "${c.sourceId}", code "${c.code}" by ${c.coder}, at ${whereText(c)}); each is counted as a unit of its own, with no speaker or role`,
      file,
      ...placeOf(c),
      hint: 'give the coding the id (or index) of one of its source\'s segments, or leave "segment" out and give "start" and "end" (it is then placed in the segment that holds its start)',
    });
  }
  if (badMatches) {
    const c = badMatches.first;
    const m = badMatches.match;
    report({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'coding-match-outside-text',
      message: `${badMatches.n} coding(s) give matched words at places outside their source's text (the first: "${m.term}" at ${m.start}–${m.end} for code "${c.code}" by ${c.coder} in source "${c.sourceId}", whose text has ${badMatches.length} characters, at ${whereText(c)}); the codings are counted, but those words are shown nowhere (--explain, review)`,
      file,
      ...placeOf(c),
      hint: 'correct the "matches" offsets, or write the document again with `qda code … -o codings.json`',
    });
  }
  if (outside) {
    const c = outside.first;
    const g = outside.seg;
    report({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'coding-outside-segment',
      message: `${outside.n} coding(s) lie wholly outside the segment they name (the first: code "${c.code}" by ${c.coder} at ${c.start}–${c.end} in source "${c.sourceId}", at ${whereText(c)}, but its segment "${g.id}" is ${g.start}–${g.end}); each is counted in the segment it names`,
      file,
      ...placeOf(c),
      hint: 'correct the coding\'s "segment" or its "start" and "end" so that they agree, or write the document again with `qda code … -o codings.json`',
    });
  }
}

/** (codes written with other capitals are one code where a codebook given with the codings names it: said there, as spellings joined) */
const UNLESS_CODEBOOK = ' (unless a codebook given with them names the code: then they are joined into it, and that is said)';

/**
 * Codes and coders of a codings document (JSON, JSON Lines) that differ only in capitals are
 * counted apart: said as for a CSV (`names-differ-in-case`), with the count of codings of each
 * spelling and the place of the first coding of the second. Returns `doc` as it is.
 */
function caseOnlyNames(doc: CodingsDocument, file: string, report?: Report): CodingsDocument {
  if (!report) return doc;
  for (const [what, of] of [
    ['code', (c: Coding) => c.code],
    ['coder', (c: Coding) => c.coder],
  ] as const) {
    const byLower = new Map<string, Map<string, { n: number; first: Coding }>>();
    for (const c of doc.codings) {
      const v = of(c);
      if (!v) continue;
      const lk = v.toLocaleLowerCase();
      const m = byLower.get(lk) ?? byLower.set(lk, new Map()).get(lk)!;
      const e = m.get(v);
      if (e) e.n++;
      else m.set(v, { n: 1, first: c });
    }
    // (spellings that look the same — accents encoded otherwise (NFC, NFD), invisible characters, other spaces —
    // were counted as two codes or coders without a word, two rows that read alike in every table)
    const byIdentity = new Map<string, Array<[string, { n: number; first: Coding }]>>();
    for (const m of byLower.values()) for (const [v, e] of m) (byIdentity.get(identityKey(v)) ?? byIdentity.set(identityKey(v), []).get(identityKey(v))!).push([v, e]);
    const alike = [...byIdentity.values()].filter((l) => l.length > 1);
    if (alike.length) {
      const at = codingPlace(alike[0][1][1].first);
      report({
        severity: 'warning',
        source: 'ingest',
        ruleId: 'look-alike-names',
        message: `${alike.length} ${what}${alike.length > 1 ? 's are' : ' is'} written in ways that look the same but differ in Unicode normalisation, invisible characters or spaces, and counted apart${what === 'code' ? UNLESS_CODEBOOK : ''}: ${alike
          .slice(0, 5)
          .map((l) => `"${identityKey(l[0][0])}" as ${l.map(([v, e]) => `${spellingMarks(v)} (${e.n} coding${e.n > 1 ? 's' : ''})`).join(' and ')}`)
          .join('; ')}${alike.length > 5 ? '; …' : ''}`,
        file,
        ...(at?.line !== undefined ? { line: at.line } : at?.path !== undefined ? { path: at.path } : {}),
        hint: 'if they are one and the same, retype the odd spelling in the codings (or code again); if they are different, give them names that differ in visible letters',
      });
    }
    // (codes written with and without an inner space or hyphen, "samen werking" and "samenwerking": said as for a CSV)
    const spelled = what === 'code' ? spacingVariants([...byIdentity.values()].map((l) => [l[0][0], l.reduce((n, [, e]) => n + e.n, 0), l[0][1].first] as const).map(([v, n, first]) => [v, { n, first }] as const)) : [];
    if (spelled.length) {
      const at = codingPlace(spelled[0][1][1].first);
      report({
        severity: 'warning',
        source: 'ingest',
        ruleId: 'codes-differ-in-spacing',
        message: `${spelled.length} code${spelled.length > 1 ? 's are' : ' is'} written with and without a space, hyphen or underscore inside (capitals aside) and counted as different codes: ${spelled
          .slice(0, 5)
          .map((l) => l.map(([v, e]) => `"${v}" (${e.n} coding${e.n > 1 ? 's' : ''})`).join(' vs '))
          .join('; ')}${spelled.length > 5 ? '; …' : ''}`,
        file,
        ...(at?.line !== undefined ? { line: at.line } : at?.path !== undefined ? { path: at.path } : {}),
        hint: 'if they are one code, write it the same way in every coding (or code again); if they are different codes, nothing to do',
      });
    }
    const caseOnly = [...byLower.values()].filter((m) => m.size > 1 && new Set([...m.keys()].map((v) => identityKey(v))).size > 1);
    if (!caseOnly.length) continue;
    const at = codingPlace([...caseOnly[0].values()][1].first);
    report({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'names-differ-in-case',
      message: `${caseOnly.length} ${what}${caseOnly.length > 1 ? 's are' : ' is'} written with different capitals and counted apart${what === 'code' ? UNLESS_CODEBOOK : ''}: ${caseOnly
        .slice(0, 5)
        .map((m) => [...m].map(([v, e]) => `"${v}" (${e.n} coding${e.n > 1 ? 's' : ''})`).join(' vs '))
        .join('; ')}${caseOnly.length > 5 ? '; …' : ''}`,
      file,
      ...(at?.line !== undefined ? { line: at.line } : at?.path !== undefined ? { path: at.path } : {}),
      hint: 'if they are one and the same, write them alike in every coding; if they are different, nothing to do',
    });
  }
  // attribute names written with other capitals on different sources (`Team:` in a note's front
  // matter, `team` in the cases table): one attribute to a grouping (--by team, --cols team reads
  // both), said with the sources of each spelling
  const keys = new Map<string, Map<string, string[]>>();
  for (const s of doc.sources) {
    for (const k of Object.keys(s.attributes ?? {})) {
      const m = keys.get(k.toLowerCase()) ?? keys.set(k.toLowerCase(), new Map()).get(k.toLowerCase())!;
      (m.get(k) ?? m.set(k, []).get(k)!).push(s.id);
    }
  }
  const keysApart = [...keys.values()].filter((m) => m.size > 1);
  if (keysApart.length) {
    const spell = (m: Map<string, string[]>) =>
      [...m]
        .sort((a, b) => b[1].length - a[1].length)
        .map(([k, ids]) => `"${k}" on ${ids.length} source${ids.length > 1 ? 's' : ''} (${ids.slice(0, 3).join(', ')}${ids.length > 3 ? ', …' : ''})`)
        .join(' and ');
    const first = [...keysApart[0]].sort((a, b) => b[1].length - a[1].length);
    report({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'attribute-names-differ-in-case',
      message: `${keysApart.length} attribute name${keysApart.length > 1 ? 's are' : ' is'} written with different capitals on different sources: ${keysApart.slice(0, 5).map(spell).join('; ')}${keysApart.length > 5 ? '; …' : ''}; a grouping by the name (--by ${first[0][0]}, --cols ${first[0][0]}) reads them as one attribute (a source with both is read by the name as given)`,
      file,
      hint: `if they are one attribute, write the name alike on every source (the front matter of the notes, the cases table); if they are different, give them names that differ in more than capitals`,
    });
  }
  // the sources' cases and attribute values ("Jongerenwerker" on one source, "jongerenwerker" on the
  // others: two groups, two respondents), counted in sources, placed by a coding of the first
  const fields = new Map<string, Map<string, Map<string, { n: number; first: number }>>>();
  doc.sources.forEach((s, i) => {
    const vals: Array<[string, unknown]> = [['case', s.case], ...Object.entries(s.attributes ?? {}).map(([k, v]): [string, unknown] => [`value of "${k}"`, v])];
    for (const [what, v] of vals) {
      if (typeof v !== 'string' || !v.trim()) continue;
      const f = fields.get(what) ?? fields.set(what, new Map()).get(what)!;
      const lk = v.trim().toLocaleLowerCase();
      const m = f.get(lk) ?? f.set(lk, new Map()).get(lk)!;
      const e = m.get(v.trim());
      if (e) e.n++;
      else m.set(v.trim(), { n: 1, first: i });
    }
  });
  for (const [what, f] of fields) {
    const caseOnly = [...f.values()].filter((m) => m.size > 1);
    if (!caseOnly.length) continue;
    const src = doc.sources[[...caseOnly[0].values()][1].first];
    const c = doc.codings.find((x) => x.sourceId === src.id);
    const at = c ? codingPlace(c) : undefined;
    report({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'names-differ-in-case',
      message: `${caseOnly.length} ${what}${caseOnly.length > 1 ? 's are' : ' is'} written with different capitals and counted apart${what === 'case' ? ' (as different respondents)' : ''}: ${caseOnly
        .slice(0, 5)
        .map((m) => [...m].map(([v, e]) => `"${v}" (${e.n} source${e.n > 1 ? 's' : ''}${e.n === 1 ? `: "${doc.sources[e.first].id}"` : ''})`).join(' vs '))
        .join('; ')}${caseOnly.length > 5 ? '; …' : ''}`,
      file,
      ...(at?.line !== undefined ? { line: at.line } : at?.path !== undefined ? { path: at.path } : {}),
      hint: `if they are one and the same, write them alike on every source (in the document, or in the cases table it was coded with); if they are different, nothing to do`,
    });
  }
  return doc;
}

/** Codings files larger than this are read piece by piece (JSON documents and JSON Lines). */
export const STREAM_CODINGS_BYTES = 64 * 1024 * 1024;

/** The first 64 KB of a file. */
async function readStart(full: string): Promise<Buffer> {
  const { open } = await import('node:fs/promises');
  const fh = await open(full, 'r');
  try {
    const buf = Buffer.alloc(1 << 16);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

export function parseCodingsJson(text: string, file: string, opts: ReadCodingsDocumentOptions = {}): CodingsDocument {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    let line: number | undefined;
    let column: number | undefined;
    if (m) {
      const pos = Number(m[1]);
      const before = text.slice(0, pos);
      line = before.split('\n').length;
      column = pos - before.lastIndexOf('\n');
    }
    throw inputError('ingest', 'bad-json', `not valid JSON: ${(e as Error).message}`, { file, line, column, hint: 'fix the JSON syntax, or regenerate the file with `qda code`' });
  }
  refuseDuplicateKeys(text, doc, file);
  return fromParsedJson(doc, file, opts);
}

/** A parsed codings JSON document of any schema version → the data model. */
export function fromParsedJson(doc: unknown, file: string, opts: ReadCodingsDocumentOptions = {}): CodingsDocument {
  if (doc && typeof doc === 'object' && !Array.isArray(doc) && 'schemaVersion' in doc) {
    const v = checkSchemaVersion((doc as { schemaVersion: unknown }).schemaVersion, file);
    if (v >= 2) return fromParsedV2(doc as Record<string, unknown>, file, opts);
  }
  const d = doc as Partial<CodingsDocument>;
  if (!d || typeof d !== 'object' || !Array.isArray(d.codings)) {
    throw inputError('ingest', 'not-a-codings-document', 'this JSON file has no "codings" array', {
      file,
      path: '/codings',
      hint: 'give the document written by `qda code -o codings.json`, or a CSV with source and code columns',
    });
  }
  checkCodingsShape(d, file);
  // (a coding may record the passage it codes, `text`, as qda review's decisions file does: kept
  // beside the coding as a CSV row's text cell is, so that a source edited since is found out)
  const codings = v1IdsAndCoders(d.codings, file, opts.report).map(takeRecordedText);
  codings.forEach((c, i) => setCodingPlace(c, { path: `/codings/${i}` }));
  const noText = opts.text === false;
  const segments = noText ? (d.segments ?? []).map((s) => ({ ...s, text: '' })) : d.segments ?? [];
  segments.forEach((g, i) => setSegmentPlace(g, { path: `/segments/${i}` }));
  return {
    provenance: d.provenance ?? { tool: 'qdakit', version: VERSION },
    codebooks: d.codebooks ?? [],
    codes: d.codes ?? [],
    sources: noText ? (d.sources ?? []).map((s) => ({ ...s, text: '' })) : d.sources ?? [],
    segments,
    codings,
    ...(Array.isArray(d.relations) && d.relations.length ? { relations: d.relations } : {}),
  };
}

/**
 * Codings of a version-1 document (hand-written, or from another script) without an "id" or a
 * "coder": each gets an id of its own (without one, zero-width codings, of one source or of two,
 * were all one unit: counted once, without a word) and, without a coder,
 * the coder "human" as in a codings CSV, said with the count and the first (the coder was left
 * undefined: "Coders: anna, ." and agree "against undefined").
 */
function v1IdsAndCoders(codings: Coding[], file: string, report?: Report): Coding[] {
  const given = new Set(codings.map((c) => c.id).filter((id): id is string => typeof id === 'string' && id !== ''));
  const ids = new CodingIds();
  let noCoder = 0;
  let first = -1;
  const out = codings.map((c, i) => {
    const hasCoder = typeof c.coder === 'string' && c.coder !== '';
    const hasId = typeof c.id === 'string' && c.id !== '';
    if (hasCoder && hasId) return c;
    if (!hasCoder && noCoder++ === 0) first = i;
    const coder = hasCoder ? c.coder : 'human';
    let id = c.id;
    if (!hasId) {
      do id = ids.next({ ...c, coder });
      while (given.has(id));
    }
    return { ...c, id, coder };
  });
  if (noCoder && report) {
    report({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'empty-coder',
      message: `${noCoder} coding(s) have no "coder" (the first at /codings/${first}); they are counted as coder "human"${out.some((c, i) => c.coder === 'human' && typeof codings[i].coder === 'string' && codings[i].coder !== '') ? ', together with the codings that say "human"' : ''}`,
      file,
      path: `/codings/${first}`,
      hint: 'give each coding its "coder" (the person who coded it, or "rules" for automatic codings)',
    });
  }
  return out;
}

/**
 * Structure of a codings JSON document, checked before any command uses it: arrays of
 * objects, string ids, offsets that are whole numbers inside their source, segment
 * texts that are the source text at their offsets. The first problem is an error
 * with its JSON path (a hand-edited or truncated file must not crash a command later).
 */
function checkCodingsShape(d: Partial<CodingsDocument>, file: string): void {
  const bad = (path: string, what: string): never => {
    throw inputError('ingest', 'bad-codings-document', `the codings document is damaged: ${what}`, {
      file,
      path,
      hint: 'regenerate it with `qda code … -o codings.json`, or fix the value at that path',
    });
  };
  const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
  const offset = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
  for (const key of ['sources', 'segments', 'codes', 'codebooks'] as const) {
    if (d[key] !== undefined && !Array.isArray(d[key])) bad(`/${key}`, `"${key}" must be an array`);
  }
  const lengths = new Map<string, { text: string; length: number }>();
  const ids = new DocumentIds(file, (path) => ({ path }));
  const segmentSources = new Set<string>();
  (d.sources ?? []).forEach((s: unknown, i) => {
    if (!isObj(s) || typeof s.id !== 'string') return bad(`/sources/${i}`, 'a source must be an object with a string "id"');
    ids.source(s.id, `/sources/${i}`, typeof s.path === 'string' ? s.path : undefined);
    if (s.text !== undefined && typeof s.text !== 'string') bad(`/sources/${i}/text`, '"text" must be a string');
    if (typeof s.text === 'string' && s.text.length) lengths.set(s.id, { text: s.text, length: cpLength(s.text) });
  });
  (d.codes ?? []).forEach((c: unknown, i) => {
    if (!isObj(c) || typeof c.id !== 'string') bad(`/codes/${i}`, 'a code must be an object with a string "id"');
  });
  (d.segments ?? []).forEach((g: unknown, i) => {
    if (!isObj(g) || typeof g.sourceId !== 'string' || typeof g.id !== 'string') return bad(`/segments/${i}`, 'a segment must be an object with string "id" and "sourceId"');
    ids.segment(g.id, `/segments/${i}`);
    segmentSources.add(g.sourceId);
    if (!offset(g.start) || !offset(g.end) || (g.end as number) < (g.start as number)) return bad(`/segments/${i}`, '"start" and "end" must be whole numbers with 0 <= start <= end');
    if (typeof g.text !== 'string') return bad(`/segments/${i}/text`, '"text" must be a string');
    const src = lengths.get(g.sourceId);
    if (src && ((g.end as number) > src.length || cpSlice(src.text, g.start as number, g.end as number) !== g.text)) {
      bad(`/segments/${i}`, `the segment text is not the source text at offsets ${String(g.start)}–${String(g.end)}`);
    }
  });
  (d.codings ?? []).forEach((c: unknown, i) => {
    if (!isObj(c) || typeof c.sourceId !== 'string' || typeof c.code !== 'string') return bad(`/codings/${i}`, 'a coding must be an object with string "sourceId" and "code"');
    if (c.coder !== undefined && typeof c.coder !== 'string') bad(`/codings/${i}/coder`, '"coder" must be a string');
    // a segment id that names no segment of its source: the coding would be counted without its
    // segment's speaker and role (an interviewer's turn counted as a respondent's)
    if (typeof c.segmentId === 'string' && segmentSources.has(c.sourceId) && !ids.hasSegment(c.segmentId)) {
      bad(`/codings/${i}/segmentId`, `the coding names segment "${c.segmentId}", which source "${c.sourceId}" does not have`);
    }
    if (c.attributes !== undefined) {
      if (!isObj(c.attributes)) bad(`/codings/${i}/attributes`, '"attributes" must be an object of strings');
      for (const [k, v] of Object.entries(c.attributes as Record<string, unknown>)) if (typeof v !== 'string') bad(`/codings/${i}/attributes/${k}`, 'attribute values must be strings');
    }
    if (!offset(c.start) || !offset(c.end) || (c.end as number) < (c.start as number)) return bad(`/codings/${i}`, '"start" and "end" must be whole numbers with 0 <= start <= end');
    const src = lengths.get(c.sourceId);
    if (src && (c.end as number) > src.length) bad(`/codings/${i}/end`, `offset ${String(c.end)} is past the end of source "${c.sourceId}" (${src.length} characters)`);
    if (c.ref !== undefined && (typeof c.ref !== 'string' || !c.ref)) bad(`/codings/${i}/ref`, '"ref" (a label other codings link to) must be a non-empty string');
    if (c.links !== undefined) {
      if (!Array.isArray(c.links)) return bad(`/codings/${i}/links`, '"links" must be an array');
      c.links.forEach((l: unknown, k) => {
        if (!isObj(l) || typeof l.to !== 'string' || !l.to) bad(`/codings/${i}/links/${k}`, 'a link must be an object with a non-empty string "to"');
        else for (const f of ['relation', 'verdict'] as const) if (l[f] !== undefined && typeof l[f] !== 'string') bad(`/codings/${i}/links/${k}/${f}`, `"${f}" must be a string`);
      });
    }
  });
}

/**
 * The columns a row for a source without codings leaves empty (with the code): every cell that
 * belongs to a coding. A row with an empty code and any of these filled is a coding whose code
 * was forgotten (an error), not a source without codings.
 */
/** The cells of a coding that an answer's row without codings (kind survey, with its segment) leaves empty. */
const ANSWER_EMPTY = ['code_name', 'codename', 'coder', 'score', 'evidence', 'rule', 'id', 'link', 'relation', 'verdict', 'parent', 'matches', 'memo', 'segment_text'];

const UNCODED_EMPTY = ['segment', 'turn', 'segment_index', 'speaker', 'role', 'start', 'end', 'text', 'segment_text', 'code_name', 'codename', 'coder', 'score', 'evidence', 'rule', 'id', 'link', 'relation', 'verdict', 'parent', 'matches', 'memo'];

/** Other names accepted for the standard columns (only when the standard name is absent). */
const COLUMN_ALIASES: Record<string, string> = {
  bron: 'source',
  respondent: 'source',
  codeur: 'coder',
  spreker: 'speaker',
  rol: 'role',
  casus: 'case',
  tekst: 'text',
  citaat: 'text',
  quote: 'text',
  ouder: 'parent',
  label: 'code',
};


const KNOWN = new Set(['source', 'code', 'segment', 'coder', 'speaker', 'role', 'case', 'start', 'end', 'text', 'segment_text', 'score', 'code_name', 'codename', 'evidence', 'rule', 'turn', 'id', 'matches', 'segment_index', 'memo', 'path', 'kind', 'parent', 'link', 'relation', 'verdict']);
/** Column names that make a line below a title the header of a codings table. */
const CODINGS_TITLE_COLUMNS: ReadonlySet<string> = new Set(['source', 'code', 'segment', 'coder', 'bron', 'label', 'hoofdlabel', 'sublabel', 'codeur']);

/**
 * The link columns of a codings CSV row: `id` (the coding's label), `link` (the label
 * of the coding it points to), `relation`, `verdict`. Several links: `;` between them,
 * in the same order in link, relation and verdict.
 */
function linkCells(id: string, link: string, relation: string, verdict: string): Pick<Coding, 'ref' | 'links'> {
  const out: { ref?: string; links?: Coding['links'] } = {};
  if (id) out.ref = id;
  if (link) {
    const split = (v: string) => v.split(';').map((x) => x.trim());
    const tos = split(link);
    const rels = split(relation);
    const vs = split(verdict);
    out.links = tos
      .map((to, i) => ({ to: to.replace(/^#/, ''), ...(rels[i] ? { relation: rels[i] } : {}), ...(vs[i] ? { verdict: vs[i] } : {}) }))
      .filter((l) => l.to !== '');
  }
  return out;
}

/**
 * The columns `text (2)`, `text (3)`, `segment_text (2)` … that a codings workbook continues a text
 * longer than a cell in (render-table's spreadLongCells): appended to their column's cell of the
 * same row, and taken out of the table. Only beside their own column, in order from (2).
 */
function joinContinuedColumns(rows: { header: string[]; records: string[][] }): void {
  const base = new Map<string, number>();
  rows.header.forEach((h, i) => base.set(h.trim().toLowerCase(), i));
  const drop: number[] = [];
  for (const name of ['text', 'segment_text']) {
    const to = base.get(name);
    if (to === undefined) continue;
    for (let k = 2; ; k++) {
      const from = base.get(`${name} (${k})`);
      if (from === undefined) break;
      for (const r of rows.records) if (r[from]) r[to] = (r[to] ?? '') + r[from];
      drop.push(from);
    }
  }
  if (!drop.length) return;
  const gone = new Set(drop);
  rows.header = rows.header.filter((_, i) => !gone.has(i));
  for (let k = 0; k < rows.records.length; k++) rows.records[k] = rows.records[k].filter((_, i) => !gone.has(i));
}

/** The separator of a code path in the `code` column: `Samenwerking > Informeren > systems`. */
const PATH_SEP = /\s*>\s*/;

export async function parseCodingsCsvAsync(text: string, file: string, report?: Report): Promise<CodingsDocument> {
  return parseCodingsCsv(text, file, report);
}

/**
 * Parse a flat codings CSV (sync).
 *
 * Attributes: every column that is not a known column (source, code, segment, coder, …) is an
 * attribute OF THAT CODING (`Coding.attributes`): a `question`, `factor` or `holder` column may
 * vary from row to row within one respondent. A column whose non-empty values never differ within
 * any source is also an attribute of each source (its case attributes: group, team, gender, order,
 * …); an empty cell of such a column takes the source's value. In a column that varies within a
 * source, an empty cell means "no value" (recorded as "" on the coding, reported with its lines).
 *
 * Hierarchy: a `parent` column gives the code's parent; a code written as a path
 * (`Samenwerking > Informeren > systems`) is the last part, with the parts before as its ancestors.
 * Two rows that give one code different parents are an error naming both rows.
 */
export function parseCodingsCsv(text: string, file: string, report?: Report): CodingsDocument {
  // a title above the header (`Coderingen project X` ⏎ ⏎ `source;segment;code`): read from the
  // header below it, the title said (it stopped as "no source column (its columns: Coderingen project X)")
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const title = titleAboveHeader(text, CODINGS_TITLE_COLUMNS);
  if (title) {
    report?.(tableTitleWarning(title, file, 'codings'));
    text = text.slice(title.at);
  }
  const rows = parseCsvRecords(text, file, { report, ...(title ? { firstLine: title.line } : {}) });
  if (rows.header.length === 0) {
    throw inputError('ingest', 'empty-codings', 'the codings file is empty', { file, hint: 'give a CSV with a header row with at least source and code columns' });
  }
  // a text longer than a spreadsheet cell, which qda code -o FILE.xlsx continues in columns of its
  // own row (`text (2)`, `segment_text (2)`): one text again (they were attribute columns)
  joinContinuedColumns(rows);
  // attribute names as written (they become the attribute keys), unless renamed below
  const names = rows.header.map((h) => h.trim());
  const lower = names.map((h) => h.toLowerCase());
  // a labelschema typed in the study's own columns (Hoofdlabel = the question, Sublabel = the label,
  // Sub-sub-label = its refinement) and no code column: read it so, and say so
  if (!lower.includes('code') && !lower.includes('label') && lower.includes('hoofdlabel') && lower.includes('sublabel')) {
    const sub = lower.indexOf('sublabel');
    const subsub = lower.findIndex((h) => ['sub-sub-label', 'subsublabel', 'sub-sublabel', 'sub_sub_label'].includes(h));
    const hoofd = lower.indexOf('hoofdlabel');
    report?.({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'labelschema-columns',
      message: `no "code" column: read as a labelschema, "${names[hoofd]}" = the question, "${names[sub]}" = the label (code)${subsub >= 0 ? `, "${names[subsub]}" = the sub-label` : ''}`,
      file,
      line: rows.headerLine,
      hint: 'name the columns question, code and sublabel to say it yourself',
    });
    lower[sub] = 'code';
    names[hoofd] = 'question';
    lower[hoofd] = 'question';
    if (subsub >= 0) {
      names[subsub] = 'sublabel';
      lower[subsub] = 'sublabel';
    }
  }
  const header = lower.map((l) => (COLUMN_ALIASES[l] && !lower.includes(COLUMN_ALIASES[l]) ? COLUMN_ALIASES[l] : l));
  for (const need of ['source', 'code']) {
    if (!header.includes(need)) {
      const found = rows.header.map((h) => h.trim()).filter(Boolean);
      const close = found.filter((h) => editDistance(h.toLowerCase(), need) <= 2);
      throw inputError('ingest', 'missing-column', `the codings CSV has no "${need}" column (its columns: ${found.join(', ') || 'none'})`, {
        file,
        line: rows.headerLine,
        ...(close.length ? { expected: close } : {}),
        actual: rows.header.join(','),
        hint: `name the columns in the header row; at least source and code, e.g.: source,code,segment,coder,speaker,team${found.length === 1 && /[,;\t]/.test(text) ? ' (the file seems to use another separator than , ; or tab)' : ''}`,
      });
    }
  }
  segmentColumnByContent(rows, header, names, file, report);
  const col = (name: string) => header.indexOf(name);
  {
    const rounded = excelRoundedIds(rows.records, rows.lines, [{ i: col('source'), name: names[col('source')] ?? 'source' }, { i: col('case'), name: names[col('case')] ?? 'case' }], file);
    if (rounded) report?.(rounded);
  }
  const hasLinkColumn = header.includes('link');
  const attrCols = header.map((_, i) => ({ h: names[i], i })).filter(({ h, i }) => !KNOWN.has(header[i]) && h !== '');
  checkCsvShape(rows, header, names, file, report);
  // (a code cell of only invisible characters is emptied below: it is a forgotten code, not a source without codings)
  const codeColumn = header.indexOf('code');
  const codeTyped = new Set<number>();
  rows.records.forEach((r, k) => void ((r[codeColumn] ?? '').trim() !== '' && codeTyped.add(k)));
  unifySpellings(rows, { source: col('source'), code: col('code'), parent: col('parent'), coder: col('coder'), case: col('case'), speaker: col('speaker'), attrs: attrCols }, file, report);
  const sources = new Map<string, Source>();
  const segments = new Map<string, Segment>();
  const codes = new Map<string, CodeRef>();
  const codings: Coding[] = [];
  const get = (r: string[], name: string) => {
    const i = col(name);
    return i >= 0 ? (r[i] ?? '').trim() : '';
  };
  /** The segment a row names, made from the row the first time it is named (speaker, role, offsets, text, its columns as meta). */
  const rowSegment = (r: string[], id: string, sourceId: string, role: Segment['role'] | '' | undefined, start: number, end: number, meta: Record<string, string>) => {
    if (segments.has(id)) return;
    const speaker = get(r, 'speaker') || null;
    const idx = Number(id.split('#').pop());
    segments.set(id, {
      id,
      sourceId,
      index: Number.isFinite(idx) ? idx : segments.size,
      unit: 'turn',
      speaker,
      role: role || (speaker ? 'respondent' : 'other'),
      start,
      end,
      text: get(r, 'text'),
      ...(Object.keys(meta).length ? { meta } : {}),
    });
  };
  // hierarchy: code → its parent and the line that said so
  const parentOf = new Map<string, { parent: string; line: number }>();
  const setParent = (code: string, parent: string, line: number) => {
    if (parent === code) {
      throw inputError('ingest', 'code-own-parent', `code "${code}" is given itself as its parent`, { file, line, hint: 'correct the parent (or the code path) on this row' });
    }
    const had = parentOf.get(code);
    if (had && had.parent !== parent) {
      throw inputError('ingest', 'conflicting-parent', `code "${code}" has two parents: "${had.parent}" (line ${had.line}) and "${parent}" (line ${line})`, {
        file,
        line,
        hint: `give "${code}" one parent on every row (or leave the parent empty on all but one), or rename one of the codes if they are different codes`,
      });
    }
    if (!had) parentOf.set(code, { parent, line });
  };
  const addCode = (id: string, name?: string) => {
    const had = codes.get(id);
    if (!had) codes.set(id, name ? { id, name: { en: name, nl: name } } : { id });
    else if (name && !had.name) codes.set(id, { ...had, name: { en: name, nl: name } });
  };
  // the first name of each code (code_name column), and the other names rows give it
  const names1 = new Map<string, { name: string; line: number }>();
  const otherNames = new Map<string, Array<{ name: string; line: number }>>();
  // the first non-empty value of a column of a source or segment, with its line
  const firstValue = new Map<string, { value: string; line: number }>();
  const agree = (what: string, key: string, name: string, value: string, line: number) => {
    if (!value) return;
    const k = `${key}\u0000${name}`;
    const had = firstValue.get(k);
    if (!had) firstValue.set(k, { value, line });
    else if (had.value !== value) {
      throw inputError('ingest', 'conflicting-value', `${what} has ${name} "${had.value}" (line ${had.line}) and "${value}" (line ${line}); only one can hold`, {
        file,
        line,
        hint: name === 'speaker' || name === 'role' ? `give each row the segment it is in (one segment has one ${name}), or correct the ${name} on this row` : `give ${what.replace(/^source /, '')} one ${name} on every row, or give rows of a different ${name === 'case' ? 'respondent' : name} their own source id`,
      });
    }
  };
  // per source and attribute column: the distinct non-empty values with their lines
  const seenValues = new Map<string, Map<number, Map<string, number[]>>>();
  const rowAttrs: Array<Record<string, string>> = [];
  const textSegments = new Map<string, string>();
  const textSources = new Set<string>();
  const rowSource: string[] = [];
  const rowLine: number[] = [];
  /** Lines of codings whose coder cell is empty (in a file with a coder column). */
  const noCoderLines: number[] = [];
  const badScores: Array<{ line: number; value: string }> = [];
  const hasCoderColumn = header.includes('coder');
  const rowRole: string[] = [];
  /** Per coding row: its `text` cell (the passage coded), '' when none. */
  const rowQuote: string[] = [];
  /** Per coding row: its `segment_text` cell (the whole segment, where more than the passage), '' when none. */
  const rowSegmentText: string[] = [];
  // rows that name a source and nothing of a coding (empty code): a source without codings
  const uncodedRows: Array<{ source: string; line: number }> = [];
  // rows of a questionnaire source (kind survey) with a segment and an empty code: its answers without codings
  const answerRows: Array<{ source: string; line: number }> = [];
  // coding rows whose segment cell is empty in a file with a segment column, and the sources whose rows name a segment
  const segColumn = ['segment', 'turn', 'segment_index'].find((name) => header.includes(name));
  const noSegmentRows: Array<{ source: string; line: number; coding: number }> = [];
  // segment cells that write their source's id in other capitals ("Wijkcoach-01#4" on a row of wijkcoach-01):
  // read as the source's own segment (were another segment, "wijkcoach-01#Wijkcoach-01#4", than the rows
  // writing "wijkcoach-01#4" or "4": a segment counted twice, its codes apart), and said
  const prefixCase: Array<{ line: number; written: string; read: string }> = [];
  const ownPrefix = (seg: string, source: string, line: number): string => {
    if (!seg || seg.startsWith(`${source}#`)) return seg;
    const at = seg.lastIndexOf('#');
    if (at <= 0) return seg;
    const prefix = seg.slice(0, at);
    if (identityKey(prefix).toLowerCase() !== identityKey(source).toLowerCase()) return seg;
    const read = `${source}${seg.slice(at)}`;
    prefixCase.push({ line, written: seg, read });
    return read;
  };
  const namedSegmentSources = new Set<string>();
  // per source, its named segments and the whole texts rows give them (segment_text, else text): to place a row whose segment cell was emptied
  const namedSegmentTexts = new Map<string, Map<string, Set<string>>>();
  const addSource = (r: string[], source: string, line: number) => {
    if (!sources.has(source)) {
      sources.set(source, {
        id: source,
        path: get(r, 'path') || source,
        kind: (get(r, 'kind') as Source['kind']) || 'transcript',
        format: 'txt',
        case: get(r, 'case') || source,
        attributes: {},
        encoding: 'utf-8',
        newline: 'lf',
        sha256: '',
        text: '',
        length: 0,
      });
    }
    // a source has one case, kind and path, a segment one speaker and role: a row that says otherwise
    // would be counted under the first row's (another respondent, an interviewer's turn) in silence
    for (const name of ['case', 'kind', 'path'] as const) agree(`source "${source}"`, source, name, get(r, name), line);
  };
  const seeAttributes = (r: string[], source: string, line: number): Record<string, string> => {
    const attributes: Record<string, string> = {};
    let bySrc = seenValues.get(source);
    if (!bySrc) seenValues.set(source, (bySrc = new Map()));
    for (const { h, i } of attrCols) {
      const v = (r[i] ?? '').trim();
      if (v === '') continue;
      attributes[h] = v;
      let vals = bySrc.get(i);
      if (!vals) bySrc.set(i, (vals = new Map()));
      let ls = vals.get(v);
      if (!ls) vals.set(v, (ls = []));
      ls.push(line);
    }
    return attributes;
  };
  rows.records.forEach((r, k) => {
    const line = rows.lines[k];
    const source = get(r, 'source');
    const rawCode = get(r, 'code');
    if (!source && !rawCode) return;
    if (source && !rawCode && !codeTyped.has(k) && UNCODED_EMPTY.every((name) => get(r, name) === '')) {
      // a source without codings (qda code writes one such row for each): counted in N, no coding
      seeAttributes(r, source, line);
      addSource(r, source, line);
      uncodedRows.push({ source, line });
      return;
    }
    if (source && !rawCode && !codeTyped.has(k) && get(r, 'kind') === 'survey' && (get(r, 'segment') || get(r, 'segment_index')) && ANSWER_EMPTY.every((name) => get(r, name) === '')) {
      // an answer of a questionnaire source without codings (qda code writes a row for each, with
      // its segment and its row's columns): counted in N under its row's values, no coding
      const attributes = seeAttributes(r, source, line);
      addSource(r, source, line);
      const segRaw = ownPrefix(get(r, 'segment') || get(r, 'segment_index'), source, line);
      const segmentId = segRaw.startsWith(`${source}#`) ? segRaw : `${source}#${segRaw}`;
      const start = Number(get(r, 'start')) || 0;
      const end = Number(get(r, 'end')) || start;
      const s0 = Number.isInteger(start) && start >= 0 ? start : 0;
      rowSegment(r, segmentId, source, get(r, 'role') as Segment['role'], s0, Number.isInteger(end) && end >= start ? end : start, attributes);
      answerRows.push({ source, line });
      return;
    }
    if (!source || !rawCode) {
      throw inputError('ingest', 'missing-value', `row has an empty ${source ? 'code' : 'source'}`, {
        file,
        line,
        hint: source ? 'fill in the code, or delete the row; a row for a source without codings has the source (and its case and attributes) and nothing else' : 'fill in both source and code on every row, or delete the row',
      });
    }
    // a code path: the last part is the code, each part before it the parent of the next
    const parts = PATH_SEP.test(rawCode) ? rawCode.split(PATH_SEP) : [rawCode];
    if (parts.some((p) => p === '')) {
      throw inputError('ingest', 'bad-code-path', `the code path "${rawCode}" has an empty part`, { file, line, hint: 'write a code path as Parent > Child > code, with a name on each side of every ">"' });
    }
    const code = parts[parts.length - 1];
    for (let i = 0; i < parts.length; i++) {
      addCode(parts[i]);
      if (i > 0) setParent(parts[i], parts[i - 1], line);
    }
    const parent = get(r, 'parent');
    if (parent) {
      addCode(parent);
      setParent(code, parent, line);
    }
    const attributes = seeAttributes(r, source, line);
    addSource(r, source, line);
    const segRaw = ownPrefix(get(r, 'segment') || get(r, 'turn') || get(r, 'segment_index'), source, line);
    const role = get(r, 'role') as Segment['role'] | '';
    if (segRaw) namedSegmentSources.add(source);
    else if (segColumn && role !== 'interviewer') noSegmentRows.push({ source, line, coding: codings.length });
    if (segRaw) {
      const whole = get(r, 'segment_text') || get(r, 'text');
      const id = segRaw.startsWith(`${source}#`) ? segRaw : `${source}#${segRaw}`;
      let bySeg = namedSegmentTexts.get(source);
      if (!bySeg) namedSegmentTexts.set(source, (bySeg = new Map()));
      let texts = bySeg.get(id);
      if (!texts) bySeg.set(id, (texts = new Set()));
      if (whole) texts.add(whole);
    }
    if (segRaw) {
      const segKey = `${source}\u0000${segRaw}`;
      agree(`segment "${segRaw}" of source "${source}"`, segKey, 'speaker', get(r, 'speaker'), line);
      agree(`segment "${segRaw}" of source "${source}"`, segKey, 'role', role, line);
    }
    // a row marked as the interviewer's without a segment column: its own segment, so that the
    // analyses can set it aside (interviewer codings never count) instead of counting its source
    // a row with a quote but no segment column: the quote is its segment (rows of one source with the
    // same quote share it, so a quote coded with several codes is one segment)
    const quote = get(r, 'text');
    let segmentId: string | undefined;
    // a segment belongs to its row's source: "r1#3" on a row of r2 (a copied cell, or labels such as
    // "V#1" shared by every respondent) is r2's own segment, never r1's (where it took r1's speaker
    // and role, and was set aside as r1's interviewer turn, in silence)
    if (segRaw) segmentId = segRaw.startsWith(`${source}#`) ? segRaw : `${source}#${segRaw}`;
    else if (role === 'interviewer') segmentId = `${source}#line${line}`;
    else if (quote) {
      const key = `${source}\u0000${quote}`;
      segmentId = textSegments.get(key);
      if (!segmentId) textSegments.set(key, (segmentId = `${source}#text${textSegments.size + 1}`));
      textSources.add(source);
    }
    const offset = (name: 'start' | 'end'): number => {
      const v = get(r, name);
      if (v === '') return 0;
      // a number written with a thousands separator (2.418 or 2,418 for 2418, as Excel writes a
      // column formatted with one): 1.000 was read 1 without a word (the wrong passage); stops
      if (/^\d{1,3}(?:[.,]\d{3})+$/.test(v)) {
        throw inputError('ingest', 'bad-offset', `"${name}" is "${v}", a whole number written with a thousands separator (${v.replace(/[.,]/g, '')}?), or a number with decimals; an offset is a whole number of code points written without separators`, {
          file,
          line,
          hint: `save the column without thousands separators (in Excel: Format Cells > Number, untick "Use 1000 Separator"), so that it reads ${v.replace(/[.,]/g, '')}`,
        });
      }
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) {
        throw inputError('ingest', 'bad-offset', `"${name}" must be a whole number ≥ 0 (a code-point offset), not "${v}"`, { file, line, hint: `correct the ${name} value, or leave it empty` });
      }
      return n;
    };
    const start = offset('start');
    const end = offset('end');
    if (end < start) {
      throw inputError('ingest', 'bad-offset', `"end" (${end}) is before "start" (${start})`, { file, line, hint: 'swap or correct the offsets' });
    }
    // (an answer of a questionnaire source: its row's columns, as the document's segment has them)
    if (segmentId) rowSegment(r, segmentId, source, role, start, end, get(r, 'kind') === 'survey' ? attributes : {});
    const codeName = get(r, 'code_name') || get(r, 'codename');
    if (codeName) {
      // a code shown under one name: another name on a later row is not used, and is named
      const had = names1.get(code);
      if (!had) names1.set(code, { name: codeName, line });
      else if (had.name !== codeName) (otherNames.get(code) ?? otherNames.set(code, []).get(code)!).push({ name: codeName, line });
    }
    addCode(code, codeName || undefined);
    const coderCell = get(r, 'coder');
    const coder = coderCell || 'human';
    if (!coderCell && hasCoderColumn) noCoderLines.push(line);
    // a score with a decimal comma (0,75: a codings table saved by a spreadsheet in a Dutch
    // locale) is that number; one that is no number ("hoog") is said. Both were dropped without a word
    const scoreCell = get(r, 'score');
    const score = /^[-+]?\d*,\d+$/.test(scoreCell) ? scoreCell.replace(',', '.') : scoreCell;
    if (score !== '' && !Number.isFinite(Number(score))) badScores.push({ line, value: scoreCell });
    const memo = get(r, 'memo');
    rowAttrs.push(attributes);
    rowSource.push(source);
    rowLine.push(line);
    rowRole.push(role);
    rowQuote.push(quote);
    rowSegmentText.push(get(r, 'segment_text'));
    codings.push({
      id: `${segmentId ?? source}:${code}:${coder}:${k}`,
      sourceId: source,
      ...(segmentId ? { segmentId } : {}),
      code,
      coder,
      start,
      end,
      ...(score !== '' && Number.isFinite(Number(score)) ? { score: Number(score) } : {}),
      ...(memo ? { memo } : {}),
      // (`id` is a label only in a file with links: elsewhere an id column is often a row or respondent number)
      ...(hasLinkColumn ? linkCells(get(r, 'id'), get(r, 'link'), get(r, 'relation'), get(r, 'verdict')) : {}),
    });
  });
  // a cycle of parents (A > B on one row, B > A on another) is no hierarchy
  for (const id of parentOf.keys()) {
    const chain = [id];
    for (let cur = parentOf.get(id); cur; cur = parentOf.get(cur.parent)) {
      if (chain.includes(cur.parent)) {
        throw inputError('ingest', 'parent-cycle', `the parents of code "${id}" form a cycle: ${[...chain, cur.parent].join(' → ')}`, {
          file,
          line: cur.line,
          hint: 'a code cannot be its own ancestor; correct the parent or code path on this row',
        });
      }
      chain.push(cur.parent);
    }
  }
  for (const [id, { parent }] of parentOf) codes.set(id, { ...codes.get(id)!, parent });

  // Which attribute columns are constant within every source (every row the same value, or empty on
  // every row): those are also source attributes. Any other column is per row: each coding keeps its
  // own value, and an empty cell is "no value" (never another row's value).
  const rowsOf = new Map<string, number>();
  for (const src of rowSource) rowsOf.set(src, (rowsOf.get(src) ?? 0) + 1);
  for (const { source } of [...uncodedRows, ...answerRows]) rowsOf.set(source, (rowsOf.get(source) ?? 0) + 1);
  const varying = new Set<number>();
  const varyingIn = new Map<number, string[]>();
  for (const [src, bySrc] of seenValues) {
    for (const [i, vals] of bySrc) {
      let filled = 0;
      for (const ls of vals.values()) filled += ls.length;
      if (vals.size > 1 || filled < rowsOf.get(src)!) varying.add(i);
      if (vals.size > 1) {
        let l = varyingIn.get(i);
        if (!l) varyingIn.set(i, (l = []));
        l.push(src);
      }
    }
  }
  for (const [src, s] of sources) {
    const attributes: Record<string, string> = {};
    const bySrc = seenValues.get(src);
    for (const { h, i } of attrCols) {
      const vals = bySrc?.get(i);
      if (!vals || vals.size !== 1) continue;
      const [[v, lines]] = [...vals];
      // the source's value when every row of this source has it
      if (lines.length === rowsOf.get(src)) attributes[h] = v;
    }
    sources.set(src, { ...s, attributes });
  }
  const empties = new Map<number, number[]>();
  const segmentSources = new Set([...segments.values()].map((g) => g.sourceId));
  codings.forEach((c, k) => {
    const own = rowAttrs[k];
    const attrs: Record<string, string> = {};
    for (const { h, i } of attrCols) {
      if (own[h] !== undefined) attrs[h] = own[h];
      else if (varying.has(i)) {
        attrs[h] = '';
        let l = empties.get(i);
        if (!l) empties.set(i, (l = []));
        l.push(rowLine[k]);
      }
    }
    // a row without segment and quote, in a source whose other rows have quotes or their own
    // segments (an interviewer row): its own segment (else it would be placed in that segment at
    // offset 0 of its source — a respondent's codings set aside with the interviewer's row)
    let coding: Coding = Object.keys(attrs).length ? { ...c, attributes: attrs } : c;
    if (coding.segmentId === undefined && coding.end === coding.start && (textSources.has(coding.sourceId) || segmentSources.has(coding.sourceId))) {
      const segmentId = `${coding.sourceId}#line${rowLine[k]}`;
      const role = (rowRole[k] || 'other') as Segment['role'];
      segments.set(segmentId, { id: segmentId, sourceId: coding.sourceId, index: segments.size, unit: 'turn', speaker: null, role, start: coding.start, end: coding.end, text: '' });
      coding = { ...coding, segmentId, id: `${segmentId}:${coding.code}:${coding.coder}:${k}` };
    }
    codings[k] = coding;
    setCodingPlace(coding, { line: rowLine[k] });
    if (rowQuote[k]) setCodingQuote(coding, rowQuote[k]);
  });
  // a coding row with an empty segment cell among rows of its source that name their segment (a
  // cell cleared or lost in an edit): its coding is a passage of its own (its quote, or its place),
  // not the segment it lies in, so a segment coded on it and on another row counted twice
  // such a row with a text: placed in the one named segment of its source whose text is its text
  // (segment_text, else text), else the one whose text holds its passage; said with each row and segment
  const placed: Array<{ source: string; line: number; segment: string; how: 'text' | 'passage' }> = [];
  const orphaned = new Set<string>();
  const strays = noSegmentRows.filter((x) => {
    if (!namedSegmentSources.has(x.source)) return false;
    const bySeg = namedSegmentTexts.get(x.source);
    const k = x.coding;
    const whole = (rowSegmentText[k] || rowQuote[k]).trim();
    if (!bySeg || !whole) return true;
    let how: 'text' | 'passage' = 'text';
    let hits = [...bySeg].filter(([, texts]) => texts.has(whole)).map(([id]) => id);
    if (hits.length === 0 && rowQuote[k]) {
      how = 'passage';
      hits = [...bySeg].filter(([, texts]) => [...texts].some((t) => t.includes(rowQuote[k]))).map(([id]) => id);
    }
    if (hits.length !== 1) return true;
    const c = codings[k];
    if (c.segmentId && c.segmentId !== hits[0]) orphaned.add(c.segmentId);
    codings[k] = { ...c, segmentId: hits[0], id: `${hits[0]}:${c.code}:${c.coder}:${k}` };
    setCodingPlace(codings[k], { line: x.line });
    if (rowQuote[k]) setCodingQuote(codings[k], rowQuote[k]);
    placed.push({ source: x.source, line: x.line, segment: hits[0], how });
    return false;
  });
  // (the passage segment made for such a row, when no other coding is in it)
  if (orphaned.size) {
    for (const c of codings) if (c.segmentId) orphaned.delete(c.segmentId);
    for (const id of orphaned) segments.delete(id);
  }
  if (report && prefixCase.length) {
    report({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'segment-prefix-case',
      message: `${prefixCase.length} segment cell(s) write their source's id in other capitals or spacing, and are read as that source's segment: ${prefixCase
        .slice(0, 8)
        .map((p) => `"${p.written}" (line ${p.line}) as ${p.read}`)
        .join(', ')}${prefixCase.length > 8 ? `, and ${prefixCase.length - 8} more` : ''}`,
      file,
      line: prefixCase[0].line,
      hint: 'write the segment as the source id is written in the source column (or the segment number alone)',
    });
  }
  if (report && placed.length && segColumn) {
    report({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'segment-placed-by-text',
      message: `${placed.length} coding row(s) leave "${segColumn}" empty while other rows of their source name it, and are placed in the ${segColumn} of their source whose text is theirs: ${placed
        .slice(0, 10)
        .map((p) => `line ${p.line} → ${p.segment}${p.how === 'passage' ? ' (its text holds the passage)' : ''}`)
        .join(', ')}${placed.length > 10 ? `, and ${placed.length - 10} more` : ''}`,
      file,
      line: placed[0].line,
      hint: `fill in the ${segColumn} on these rows to place them yourself (the text places a row only when one ${segColumn} of its source has it)`,
    });
  }
  if (report && strays.length && segColumn) {
    const bySource = new Map<string, number[]>();
    for (const { source, line } of strays) (bySource.get(source) ?? bySource.set(source, []).get(source)!).push(line);
    report({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'segment-missing',
      message: `${strays.length} coding row(s) leave "${segColumn}" empty while other rows of their source name it: ${[...bySource]
        .slice(0, 10)
        .map(([src, ls]) => `"${src}" (line${ls.length > 1 ? 's' : ''} ${lineList(ls)})`)
        .join(', ')}${bySource.size > 10 ? `, and ${bySource.size - 10} more source(s)` : ''}; each such coding is counted as a passage of its own (its text, else its place), not in the ${segColumn} it lies in: a ${segColumn} coded on such a row and on another counts twice, and their codes do not co-occur`,
      file,
      line: strays[0].line,
      hint: `fill in the ${segColumn} on these rows (the ${segColumn} each coding lies in, as the other rows of its source name it)`,
    });
  }
  // no kind column (the codings CSV of qda code writes one only beside a questionnaire): every
  // source is an interview, also one whose every row is an observer's or text without a speaker
  // (observation notes, documents): interviews in saturation and in the report's comparison; said
  // by the commands that count sources as interviews (kindNotGiven), not by qda code --codings
  // (which takes the kinds from the sources it reads)
  let kindDiagnostic: Diagnostic | undefined;
  if (!header.includes('kind') && header.includes('role')) {
    const rolesOf = new Map<string, Set<string>>();
    rowSource.forEach((src, k) => (rolesOf.get(src) ?? rolesOf.set(src, new Set()).get(src)!).add(rowRole[k]));
    const only = (role: string) => [...rolesOf].filter(([, rs]) => rs.size === 1 && rs.has(role)).map(([src]) => src);
    const observer = only('observer');
    const other = only('other');
    if (observer.length || other.length) {
      const list = (l: string[]) => l.slice(0, 5).map((src) => `"${src}"`).join(', ') + (l.length > 5 ? `, and ${l.length - 5} more` : '');
      const parts = [
        ...(observer.length ? [`${observer.length} whose every row is an observer's (${list(observer)})`] : []),
        ...(other.length ? [`${other.length} whose every row is text without a speaker, role "other" (${list(other)})`] : []),
      ];
      const first = [...observer, ...other][0];
      kindDiagnostic = {
        severity: 'warning',
        source: 'ingest',
        ruleId: 'kind-not-given',
        message: `the codings CSV has no "kind" column, so every source is read as an interview, also ${parts.join(' and ')}: if they are observation notes or documents, saturation counts them as interviews, the report compares them as groups of interviews and compare --by source-kind puts them with the interviews (from the codings document of the same coding, which keeps the kinds, none of these)`,
        file,
        line: rowLine[rowSource.indexOf(first)],
        hint: 'add a "kind" column: observation or document on the rows of such sources, transcript on the others; or give the analyses the codings document (qda code … -o codings.json), which keeps each source\'s kind',
      };
    }
  }
  if (report && uncodedRows.length) {
    const coded = new Set(codings.map((c) => c.sourceId));
    const only = [...new Set(uncodedRows.map((u) => u.source))].filter((src) => !coded.has(src));
    if (only.length) {
      report({
        severity: 'info',
        source: 'ingest',
        ruleId: 'sources-without-codings',
        message: `${only.length} source(s) have a row with an empty code and no codings: read as sources without codings (counted in N): ${only
          .slice(0, 10)
          .map((src) => `"${src}" (line ${uncodedRows.find((u) => u.source === src)!.line})`)
          .join(', ')}${only.length > 10 ? ', …' : ''}`,
        file,
        line: uncodedRows[0].line,
        hint: 'a row that was meant to carry a coding needs its code filled in',
      });
    }
  }
  if (report && answerRows.length) {
    const bySource = new Map<string, number[]>();
    for (const a of answerRows) (bySource.get(a.source) ?? bySource.set(a.source, []).get(a.source)!).push(a.line);
    report({
      severity: 'info',
      source: 'ingest',
      ruleId: 'answers-without-codings',
      message: `${answerRows.length} row(s) of questionnaire sources (kind survey) have a segment and an empty code: read as answers without codings (counted in N under their rows' values): ${[...bySource]
        .slice(0, 10)
        .map(([src, ls]) => `"${src}" (${ls.length} row${ls.length > 1 ? 's' : ''}, line${ls.length > 1 ? 's' : ''} ${lineList(ls)})`)
        .join(', ')}${bySource.size > 10 ? ', …' : ''}`,
      file,
      line: answerRows[0].line,
      hint: 'a row that was meant to carry a coding needs its code filled in',
    });
  }
  if (report && otherNames.size) {
    const list = [...otherNames].map(([code, l]) => `"${code}" is "${names1.get(code)!.name}" (line ${names1.get(code)!.line}) but ${[...new Set(l.map((x) => `"${x.name}"`))].join(', ')} on line${l.length > 1 ? 's' : ''} ${lineList(l.map((x) => x.line))}`);
    report({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'code-name-differs',
      message: `${otherNames.size} code(s) have more than one name in the code_name column; the first is shown: ${list.slice(0, 8).join('; ')}${list.length > 8 ? '; …' : ''}`,
      file,
      line: [...otherNames.values()][0][0].line,
      hint: 'give each code one name on every row; if the names are different codes, give them different code ids',
    });
  }
  // ids that occur only on interviewer rows (the interviewer's own row, a stray id): not counted
  // as respondents by the analyses (their notes say so); said here with the lines
  const ivLines = new Map<string, number[]>();
  const rowsPer = new Map<string, number>();
  codings.forEach((c, k) => {
    rowsPer.set(c.sourceId, (rowsPer.get(c.sourceId) ?? 0) + 1);
    if (c.segmentId !== undefined && segments.get(c.segmentId)?.role === 'interviewer') (ivLines.get(c.sourceId) ?? ivLines.set(c.sourceId, []).get(c.sourceId)!).push(rowLine[k]);
  });
  // … unless the source also has a row with an empty code (qda code writes one for a source whose
  // codings all lie on the interviewer's turns): a respondent who said nothing coded, counted in N
  // as in the codings document; given an empty respondent turn of its own to say so
  const uncodedLine = new Map<string, number>();
  for (const u of uncodedRows) if (!uncodedLine.has(u.source)) uncodedLine.set(u.source, u.line);
  const onlyIv = [...ivLines].filter(([src, ls]) => ls.length === rowsPer.get(src) && !uncodedLine.has(src));
  for (const [src, ls] of ivLines) {
    const line = uncodedLine.get(src);
    if (line === undefined || ls.length !== rowsPer.get(src)) continue;
    const segmentId = `${src}#line${line}`;
    segments.set(segmentId, { id: segmentId, sourceId: src, index: segments.size, unit: 'turn', speaker: null, role: 'respondent', start: 0, end: 0, text: '' });
  }
  if (report) {
    if (onlyIv.length) {
      report({
        severity: 'warning',
        source: 'ingest',
        ruleId: 'interviewer-only-id',
        message: `${onlyIv.length} id(s) occur only on interviewer rows and are not counted as respondents: ${onlyIv.slice(0, 10).map(([src, ls]) => `"${src}" (line${ls.length > 1 ? 's' : ''} ${lineList(ls)})`).join(', ')}${onlyIv.length > 10 ? ', …' : ''}`,
        file,
        line: onlyIv[0][1][0],
        hint: 'if one is a respondent whose only codings are on the interviewer\'s turns, add a row with its source (case and attributes) and an empty code: it then counts in N (qda code writes such a row); if the role on its rows is wrong, correct it; if it is a stray id (a typo), give its rows the right source id',
      });
    }
    if (badScores.length) {
      report({
        severity: 'warning',
        source: 'ingest',
        ruleId: 'score-not-a-number',
        message: `${badScores.length} coding${badScores.length === 1 ? ' has a "score" that is' : 's have a "score" that is'} no number (${badScores
          .slice(0, 6)
          .map((x) => `line ${x.line}: "${x.value.length > 30 ? `${x.value.slice(0, 30)}…` : x.value}"`)
          .join(', ')}${badScores.length > 6 ? ', …' : ''}): read without a score (a suggestion's confidence, the order of qda review --order confidence)`,
        file,
        line: badScores[0].line,
        hint: 'write the score as a number (0.75 or 0,75), or leave the cell empty',
      });
    }
    // a coding whose coder cell is empty, in a file whose other rows name their coders: counted as
    // coder "human" (a coder of its own in agree and --coder, merged with a coder named so)
    if (noCoderLines.length && noCoderLines.length < codings.length) {
      const noCoder = new Set(noCoderLines);
      const named = [...new Set(codings.flatMap((c, k) => (noCoder.has(rowLine[k]) ? [] : [c.coder])))];
      report({
        severity: 'warning',
        source: 'ingest',
        ruleId: 'empty-coder',
        message: `${noCoderLines.length} coding(s) leave "coder" empty (line${noCoderLines.length > 1 ? 's' : ''} ${lineList(noCoderLines)}), while the other rows name their coder (${named.slice(0, 5).join(', ')}${named.length > 5 ? ', …' : ''}); they are counted as coder "human"${named.includes('human') ? ', together with the rows that say "human"' : ' (a coder of its own in qda agree and --coder)'}`,
        file,
        line: noCoderLines[0],
        hint: 'fill in the coder on these rows (with --coder NAME, only the rows of that coder are counted)',
      });
    }
    for (const { h, i } of attrCols) {
      // gaps in a mostly filled column (a question left empty) are reported; a mostly empty column
      // (sub-labels, pages) is empty by design
      const lines = empties.get(i);
      if (lines?.length && lines.length * 2 <= codings.length) {
        report({
          severity: 'warning',
          source: 'ingest',
          ruleId: 'empty-attribute',
          message: `${lines.length} row(s) leave "${h}" empty (lines ${lineList(lines)}); they count under "(no ${h})"`,
          file,
          line: lines[0],
          hint: `fill in ${h} on these rows, or leave them as they are if they belong to no ${h}`,
        });
      }
      // a column constant within most sources but not within a few: a stray value (a respondent under
      // the wrong group, a typo) rather than a per-row attribute
      const vary = varyingIn.get(i) ?? [];
      const withValues = [...seenValues.values()].filter((m) => m.has(i)).length;
      if (vary.length && withValues >= 3 && vary.length * 4 <= withValues) {
        for (const src of vary) {
          const vals = [...seenValues.get(src)!.get(i)!].map(([v, ls]) => `"${v}" (line${ls.length > 1 ? 's' : ''} ${lineList(ls)})`);
          report({
            severity: 'warning',
            source: 'ingest',
            ruleId: 'attribute-varies',
            message: `"${h}" has more than one value within source "${src}", while it is constant within ${withValues - vary.length} of ${withValues} sources: ${vals.join(', ')}; each row counts under its own value`,
            file,
            line: seenValues.get(src)!.get(i)!.values().next().value![0],
            hint: `if "${src}" belongs to one ${h}, correct the stray rows; if it is a different respondent, give it its own source id`,
          });
        }
      }
    }
  }
  // a code cell that names several codes the file also names on rows of their own
  // (`samenwerking; vertrouwen`): one coding of each, said (it was one code of that whole name)
  const alone = new Set<string>();
  for (const c of codings) if (!codeCellParts(c.code)) alone.add(c.code);
  const cells = splitCodeCells(codings, (code) => alone.has(code), (part) => alone.has(part), { file, source: 'ingest', what: 'codes of this file' });
  if (cells.said) {
    // (a parent given on such a row, `samenwerking; vertrouwen` under `Relatie`: the parent of each
    // code it names; it was the parent of the whole cell's code, which is no code, and was lost)
    const given: string[] = [];
    for (const cell of cells.split) {
      const p = parentOf.get(cell);
      if (!p) continue;
      const to: string[] = [];
      for (const part of codeCellParts(cell) ?? []) {
        if (part === p.parent) throw inputError('ingest', 'code-own-parent', `code "${part}" (in the cell "${cell}") is given itself as its parent`, { file, line: p.line, hint: 'correct the parent on this row, or give the codes of the cell a row each' });
        const had = parentOf.get(part);
        if (had && had.parent !== p.parent) {
          throw inputError('ingest', 'conflicting-parent', `code "${part}" has two parents: "${had.parent}" (line ${had.line}) and "${p.parent}" (line ${p.line}, given to each code of the cell "${cell}")`, {
            file,
            line: p.line,
            hint: `give "${part}" one parent on every row (or give the codes of the cell a row each, each with its own parent)`,
          });
        }
        for (let up: string | undefined = p.parent; up !== undefined; up = parentOf.get(up)?.parent) {
          if (up === part) throw inputError('ingest', 'parent-cycle', `the parents of code "${part}" form a cycle: "${p.parent}" (line ${p.line}, the parent of the cell "${cell}") is below it`, { file, line: p.line, hint: 'a code cannot be its own ancestor; correct the parent on this row' });
        }
        if (!had) {
          parentOf.set(part, p);
          codes.set(part, { ...(codes.get(part) ?? { id: part }), parent: p.parent });
          to.push(part);
        }
      }
      if (to.length) given.push(`"${p.parent}" (line ${p.line}) to ${to.map((x) => `"${x}"`).join(', ')}`);
    }
    report?.(given.length ? { ...cells.said, message: `${cells.said.message}; the parent given on such a row is given to each code it names: ${given.slice(0, 6).join('; ')}${given.length > 6 ? '; …' : ''}` } : cells.said);
    const parents = new Set([...codes.values()].map((c) => c.parent));
    for (const code of cells.split) if (!parents.has(code)) codes.delete(code);
  }
  const doc: CodingsDocument = {
    provenance: { tool: 'qdakit', version: VERSION, command: `read ${basename(file)}` },
    codebooks: [],
    codes: [...codes.values()],
    sources: [...sources.values()],
    segments: [...segments.values()],
    codings: cells.codings,
  };
  if (header.includes('turn') && !header.includes('segment')) turnNumbered.add(doc);
  if (kindDiagnostic) kindsNotGiven.set(doc, kindDiagnostic);
  return doc;
}

/** Codings CSVs read (parseCodingsCsv) without a kind column, with sources that look like observation notes or documents: what to say. */
const kindsNotGiven = new WeakMap<CodingsDocument, Diagnostic>();

/**
 * The warning for a codings CSV without a `kind` column some of whose sources have only an
 * observer's rows or rows without a speaker (read as interviews), for the commands that count
 * sources as interviews; undefined for any other document.
 */
export function kindNotGiven(doc: CodingsDocument): Diagnostic | undefined {
  return kindsNotGiven.get(doc);
}

/** Codings CSVs read (parseCodingsCsv) whose header has a `turn` column and no `segment` one. */
const turnNumbered = new WeakSet<CodingsDocument>();

/**
 * A codings table without a segment column (nor turn, segment_index or start) whose column of
 * another name holds a segment id on every row that fills it (`r1#3` on a row of source r1:
 * `segment_id`, `Segment ID`, as another tool or a hand names it): read as the segment column
 * (`header` changed in place), and said. It was an attribute of each coding, and every row a
 * unit of its own: two codes of one passage counted as two passages, without a word.
 */
function segmentColumnByContent(rows: { records: string[][]; headerLine: number }, header: string[], names: readonly string[], file: string, report?: Report): void {
  if (['segment', 'turn', 'segment_index', 'start'].some((n) => header.includes(n))) return;
  const si = header.indexOf('source');
  if (si < 0) return;
  for (let c = 0; c < header.length; c++) {
    if (KNOWN.has(header[c]) || !names[c]) continue;
    let filled = 0;
    let ok = true;
    for (const r of rows.records) {
      const v = (r[c] ?? '').trim();
      if (!v) continue;
      const src = (r[si] ?? '').trim();
      if (!src || v.length <= src.length + 1 || v[src.length] !== '#' || v.slice(0, src.length).toLowerCase() !== src.toLowerCase()) {
        ok = false;
        break;
      }
      filled++;
    }
    if (!ok || filled < 2) continue;
    header[c] = 'segment';
    report?.({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'segment-column-by-content',
      message: `no "segment" column, but column ${c + 1} "${names[c]}" holds a segment id of its row's source on each of its ${filled} filled rows (as "${(rows.records.find((r) => (r[c] ?? '').trim()) ?? [])[c]?.trim()}"): read as the segment column (read as an attribute, every row was a passage of its own, two codes of one passage two passages)`,
      file,
      line: rows.headerLine,
      hint: `nothing to do if these are the segments; to silence this, name the column "segment"`,
    });
    return;
  }
}

/**
 * Whether a codings document read from a CSV numbers its segments as turns from 1 (a `turn`
 * column and no `segment` one): as the CSV parser read its header (quoted names, a byte order
 * mark, UTF-16, `;` or tabs), never a guess from the raw first line.
 */
export function numbersTurns(doc: CodingsDocument): boolean {
  return turnNumbered.has(doc);
}

/**
 * The shape of a codings table, before any row is read: a column named twice (or two names that
 * mean one column, `bron` and `respondent`) would have one of them read and the other lost, and
 * a row with more values than the header has names (an unquoted comma in a quote or a code) would
 * lose its last values and shift the others: both stop with exit 2. A column without a name that
 * holds values, and rows that repeat an earlier row cell for cell, are reported. The guard `'`
 * that qdakit's own CSV (and a spreadsheet) puts before a cell starting with = + - @ is taken off
 * again (reported as info), so that its codings.csv reads back as the codings it holds.
 */
function checkCsvShape(rows: { header: string[]; records: string[][]; lines: number[]; /** the header's 1-based line (below a `sep=;` line or a title, not 1) */ headerLine: number }, header: readonly string[], names: readonly string[], file: string, report?: Report): void {
  const firstOf = new Map<string, number>();
  header.forEach((h, i) => {
    if (h === '') return;
    // known columns by their meaning (aliases included), attributes by the name as written
    const key = KNOWN.has(h) ? `k:${h}` : `a:${names[i]}`;
    const had = firstOf.get(key);
    if (had !== undefined) {
      throw inputError('ingest', 'duplicate-column', `the codings CSV has two columns for "${KNOWN.has(h) ? h : names[i]}": column ${had + 1} ("${names[had]}") and column ${i + 1} ("${names[i]}"); only one of them could be read`, {
        file,
        line: rows.headerLine,
        hint: 'rename or delete one of the two columns (an attribute column needs a name of its own)',
      });
    }
    firstOf.set(key, i);
  });
  // attribute columns whose names differ only in capitals (Team and team): two attributes, of which
  // a grouping uses the one it names exactly (the other's values were not compared), without a word
  const alike = columnsDifferingInCase(names, (i) => KNOWN.has(header[i]));
  if (alike.length) {
    report?.({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'columns-differ-in-case',
      message: `${alike.length === 1 ? `${alike[0].length === 2 ? 'two' : alike[0].length} columns have names` : `${alike.length} sets of columns have names`} that differ only in capitals: ${alike
        .map((is) => is.map((i) => `column ${i + 1} "${names[i]}"`).join(' and '))
        .join('; ')}; read as different attributes of each coding: a grouping by one of these names (--by ${names[alike[0][0]]}, --cols ${names[alike[0][1]]}) uses that column only, and the other's values are not compared with it`,
      file,
      line: rows.headerLine,
      hint: 'rename one of the columns (a name of its own) or put its values in the other and delete it',
    });
  }
  const width = rows.header.length;
  rows.records.forEach((r, k) => {
    if (r.length > width && r.slice(width).some((v) => v.trim() !== '')) {
      const lost = r.slice(width).filter((v) => v.trim() !== '');
      throw inputError('ingest', 'too-many-values', `this row has ${r.length} values, but the header names ${width} columns: ${lost.map((v) => `"${v.length > 40 ? v.slice(0, 40) + '…' : v}"`).join(', ')} would be lost and the values before it may be in the wrong columns`, {
        file,
        line: rows.lines[k],
        hint: 'put a value that holds the separator (a comma in a quote or code) in double quotes, or name the extra column in the header row',
      });
    }
  });
  const unnamed = header.map((h, i) => i).filter((i) => header[i] === '');
  for (const i of unnamed) {
    const lines = rows.records.flatMap((r, k) => ((r[i] ?? '').trim() !== '' ? [rows.lines[k]] : []));
    if (lines.length) {
      report?.({
        severity: 'warning',
        source: 'ingest',
        ruleId: 'unnamed-column',
        message: `column ${i + 1} has no name in the header (line ${rows.headerLine}); its ${lines.length} value(s) (lines ${lineList(lines)}) are not read`,
        file,
        line: rows.headerLine,
        hint: 'give the column a name in the header row (it then becomes an attribute of each coding), or delete it',
      });
    }
  }
  const guarded: number[] = [];
  rows.records.forEach((r, k) => {
    let hit = false;
    for (let i = 0; i < r.length; i++) {
      if (/^'+[=+\-@\t\r]/.test(r[i])) {
        r[i] = r[i].slice(1);
        hit = true;
      }
    }
    if (hit) guarded.push(rows.lines[k]);
  });
  if (guarded.length) {
    report?.({
      severity: 'info',
      source: 'ingest',
      ruleId: 'formula-guard-removed',
      message: `${guarded.length} row(s) have a cell that starts with ' before = + - or @ (lines ${lineList(guarded)}): read without the ' (the guard against spreadsheet formulas that qdakit and spreadsheets write)`,
      file,
      line: guarded[0],
      hint: "if the ' is part of the value, write it twice ('')"
    });
  }
  const seen = new Map<string, number>();
  const repeats: string[] = [];
  let nRepeats = 0;
  rows.records.forEach((r, k) => {
    if (r.every((v) => v.trim() === '')) return;
    const key = r.map((v) => v.trim()).join('\u0000').replace(/\u0000+$/, '');
    const first = seen.get(key);
    if (first === undefined) seen.set(key, rows.lines[k]);
    else {
      nRepeats++;
      if (repeats.length < 10) repeats.push(`line ${rows.lines[k]} = line ${first}`);
    }
  });
  if (nRepeats) {
    report?.({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'duplicate-row',
      message: `${nRepeats} row(s) repeat an earlier row cell for cell (${repeats.join(', ')}${nRepeats > repeats.length ? ', …' : ''}); each is read as a coding of its own (counted again by --measure uses)`,
      file,
      line: Number(/^line (\d+)/.exec(repeats[0])![1]),
      hint: 'delete the repeated rows if they were pasted twice; give them their own segment, start/end or text if they are different codings',
    });
  }
}

export { identityKey } from '../model/name-identity.js';

/**
 * Names that look the same but differ in bytes (Unicode normalisation NFC/NFD, a no-break or
 * zero-width space, a double space) would be counted as two codes, respondents, coders or groups
 * shown with the same name: each is read as its first spelling, and every such merge is reported
 * with the spellings and their lines. Names that differ only in case are kept apart and reported.
 * Rewrites the cells of `rows` in place.
 */
function unifySpellings(
  rows: { records: string[][]; lines: number[] },
  cols: { source: number; code: number; parent: number; coder: number; case: number; speaker: number; attrs: ReadonlyArray<{ h: string; i: number }> },
  file: string,
  report?: Report,
): void {
  interface Space {
    readonly what: string;
    readonly first: Map<string, string>;
    readonly variants: Map<string, Map<string, number[]>>;
  }
  const space = (what: string): Space => ({ what, first: new Map(), variants: new Map() });
  // (scope: the source a speaker speaks in; a speaker's name is compared within its source only)
  const unify = (sp: Space, raw: string, line: number, scope = ''): string => {
    const v = raw.trim();
    if (v === '') return raw;
    const id = identityKey(v);
    if (id === '') return '';
    const key = scope ? `${scope}\u0000${id}` : id;
    const first = sp.first.get(key);
    let m = sp.variants.get(key);
    if (!m) sp.variants.set(key, (m = new Map()));
    (m.get(v) ?? m.set(v, []).get(v)!).push(line);
    if (first === undefined) {
      sp.first.set(key, v);
      return v;
    }
    return first;
  };
  const codes = space('code');
  const sources = space('source');
  const coders = space('coder');
  // (a respondent: "JW2" and "jw2" are two respondents in N, one written twice unless said)
  const cases = space('case');
  // (in a source with several speakers each is a respondent: "Piet" and "piet" were two)
  const speakers = space('speaker');
  const attrs = cols.attrs.map(({ h }) => space(`value of "${h}"`));
  rows.records.forEach((r, k) => {
    const line = rows.lines[k];
    if (cols.source >= 0 && r[cols.source] !== undefined) r[cols.source] = unify(sources, r[cols.source], line);
    if (cols.code >= 0 && r[cols.code] !== undefined) {
      const raw = r[cols.code].trim();
      r[cols.code] = PATH_SEP.test(raw) ? raw.split(PATH_SEP).map((p) => unify(codes, p, line)).join(' > ') : unify(codes, raw, line);
    }
    if (cols.parent >= 0 && r[cols.parent] !== undefined) r[cols.parent] = unify(codes, r[cols.parent], line);
    if (cols.coder >= 0 && r[cols.coder] !== undefined) r[cols.coder] = unify(coders, r[cols.coder], line);
    if (cols.case >= 0 && r[cols.case] !== undefined) r[cols.case] = unify(cases, r[cols.case], line);
    if (cols.speaker >= 0 && r[cols.speaker] !== undefined) r[cols.speaker] = unify(speakers, r[cols.speaker], line, cols.source >= 0 ? (r[cols.source] ?? '').trim() : '');
    cols.attrs.forEach(({ i }, a) => {
      if (r[i] !== undefined) r[i] = unify(attrs[a], r[i], line);
    });
  });
  if (!report) return;
  for (const sp of [codes, sources, coders, cases, speakers, ...attrs]) {
    let merged = 0;
    const parts: string[] = [];
    let firstLine: number | undefined;
    for (const [key, m] of sp.variants) {
      if (m.size < 2) continue;
      merged++;
      const shown = sp.first.get(key)!;
      firstLine ??= [...m.values()][1][0];
      const within = key.includes('\u0000') ? ` in source "${key.slice(0, key.indexOf('\u0000'))}"` : '';
      if (parts.length < 5) parts.push(`"${shown}"${within} as ${[...m].map(([v, ls]) => `${spellingMarks(v)} (${ls.length} row${ls.length > 1 ? 's' : ''}, line${ls.length > 1 ? 's' : ''} ${lineList(ls)})`).join(' and ')}`);
    }
    if (merged) {
      report({
        severity: 'warning',
        source: 'ingest',
        ruleId: 'look-alike-names',
        message: `${merged} ${sp.what}${merged > 1 ? 's are' : ' is'} written in ways that look the same but differ in Unicode normalisation, invisible characters or spaces; each is read as one ${sp.what === 'code' || sp.what === 'source' || sp.what === 'coder' || sp.what === 'case' || sp.what === 'speaker' ? sp.what : 'value'} (its first spelling): ${parts.join('; ')}${merged > parts.length ? '; …' : ''}`,
        file,
        ...(firstLine ? { line: firstLine } : {}),
        hint: 'if they are different, give them names that differ in visible letters; else retype the odd spelling (or save the file again) to silence this warning',
      });
    }
    // names that differ only in case stay apart, and are named
    // (a speaker's name within its source: the scope before U+0000 keeps its capitals)
    const byLower = new Map<string, Map<string, number>>();
    const scopeOf = new Map<Map<string, number>, string>();
    for (const [key, m] of sp.variants) {
      const cut = key.indexOf('\u0000') + 1;
      const lk = key.slice(0, cut) + key.slice(cut).toLocaleLowerCase();
      let c = byLower.get(lk);
      if (!c) byLower.set(lk, (c = new Map()));
      if (cut) scopeOf.set(c, key.slice(0, cut - 1));
      c.set(sp.first.get(key)!, [...m.values()].reduce((n, ls) => n + ls.length, 0));
    }
    const caseOnly = [...byLower.values()].filter((m) => m.size > 1);
    if (caseOnly.length) {
      report({
        severity: 'warning',
        source: 'ingest',
        ruleId: 'names-differ-in-case',
        message: `${caseOnly.length} ${sp.what}${caseOnly.length > 1 ? 's are' : ' is'} written with different capitals and counted apart${sp.what === 'code' ? UNLESS_CODEBOOK : sp.what === 'case' || sp.what === 'speaker' ? ' (as different respondents)' : ''}: ${caseOnly.slice(0, 5).map((m) => [...m].map(([v, n]) => `"${v}" (${n} row${n > 1 ? 's' : ''})`).join(' vs ') + (scopeOf.has(m) ? ` in source "${scopeOf.get(m)}"` : '')).join('; ')}${caseOnly.length > 5 ? '; …' : ''}`,
        file,
        hint: 'if they are one and the same, write them alike on every row; if they are different, nothing to do',
      });
    }
    // codes written with and without an inner space or hyphen ("samenwerking", "samen werking",
    // "Samen-werking"): counted as codes of their own without a word. Kept apart, and said
    if (sp === codes) {
      const spelled = spacingVariants([...sp.variants].map(([key, m]) => [sp.first.get(key)!, [...m.values()].flat().sort((a, b) => a - b)] as const));
      if (spelled.length) {
        report({
          severity: 'warning',
          source: 'ingest',
          ruleId: 'codes-differ-in-spacing',
          message: `${spelled.length} code${spelled.length > 1 ? 's are' : ' is'} written with and without a space, hyphen or underscore inside (capitals aside) and counted as different codes: ${spelled
            .slice(0, 5)
            .map((l) => l.map(([v, ls]) => `"${v}" (${ls.length} row${ls.length > 1 ? 's' : ''}, line${ls.length > 1 ? 's' : ''} ${lineList(ls)})`).join(' vs '))
            .join('; ')}${spelled.length > 5 ? '; …' : ''}`,
          file,
          line: spelled[0][1][1][0],
          hint: 'if they are one code, write it the same way on every row; if they are different codes, nothing to do',
        });
      }
    }
  }
}


/**
 * A codebook given with -c whose id the document's own codebook has, in another version (other
 * bytes or version number: a code renamed, added or moved since the coding): the document's codes,
 * names and parents are used and -c adds nothing, which was not said. Said with both versions, the
 * codes of the given codebook that the document lacks and the coded codes it lacks.
 */
function codebookOtherVersion(doc: CodingsDocument, books: ReadonlyArray<{ readonly id: string; readonly version?: string; readonly sha256?: string; readonly codes: ReadonlyArray<{ readonly id: string }> }>, report: Report | undefined, file: string | undefined): void {
  if (!report) return;
  for (const b of books) {
    const ref = doc.codebooks.find((r) => r.id === b.id);
    if (!ref) continue;
    const otherBytes = !!ref.sha256 && !!b.sha256 && ref.sha256 !== b.sha256;
    const otherVersion = ref.version !== undefined && b.version !== undefined && String(ref.version) !== String(b.version);
    if (!otherBytes && !otherVersion) continue;
    const inBook = new Set(b.codes.map((c) => c.id));
    const inDoc = new Set(doc.codes.filter((c) => !c.codebook || c.codebook === b.id).map((c) => c.id));
    const newCodes = [...inBook].filter((id) => !inDoc.has(id));
    const coded = new Map<string, number>();
    for (const c of doc.codings) if (inDoc.has(c.code) && !inBook.has(c.code)) coded.set(c.code, (coded.get(c.code) ?? 0) + 1);
    const list = (xs: readonly string[]) => `${xs.slice(0, 6).join(', ')}${xs.length > 6 ? `, … (+${xs.length - 6})` : ''}`;
    const v = (x: string | undefined) => (x !== undefined ? `version ${x}` : 'no version');
    report({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'codebook-differs-from-document',
      message:
        `codebook "${b.id}" given with -c (${v(b.version)}) is another version than the one the codings document was coded with (${v(ref.version)}${otherBytes ? ', other content' : ''}): the document's codes, names and parents are used, and -c changes nothing` +
        (newCodes.length ? `; codes of the given codebook that the document lacks: ${list(newCodes)}` : '') +
        (coded.size ? `; coded codes that the given codebook lacks: ${list([...coded].map(([id, n]) => `"${id}" (${n} coding${n === 1 ? '' : 's'})`))}` : ''),
      ...(file ? { file } : {}),
      hint: "code the sources again with the given codebook to count by it (qda code SOURCES -c FILE -o codings.json); or leave that -c out to silence this warning",
    });
  }
}

/**
 * A codings document with the hierarchy of the codebooks given with `-c` (pure): the codebooks'
 * codes join `doc.codes` (with their parents, names and definitions), so that roll-ups
 * (`--rows category`, a parent counting its sub-codes) work for a flat CSV as for the JSON of
 * `qda code`. A code the document already gives a parent keeps it (a different parent in the
 * codebook is reported); a code named by its codebook NAME instead of its id ("Vertrouwen" for
 * `trust`) is counted under the id, and each such resolution is reported.
 */
export function withCodebooks(
  doc: CodingsDocument,
  books: ReadonlyArray<{ readonly id: string; readonly name?: CodeRef['name']; readonly version?: string; readonly sha256?: string; readonly codes: ReadonlyArray<{ readonly id: string; readonly name?: CodeRef['name']; readonly parent?: string; readonly level?: number; readonly definition?: CodeRef['definition'] }> }>,
  report?: Report,
  file?: string,
): CodingsDocument {
  const have = new Set(doc.codebooks.map((b) => b.id));
  // a codebook the document already carries (the JSON of `qda code`) adds nothing; one given in
  // another version (a code renamed or added since the coding) is said, as -c then changes nothing
  codebookOtherVersion(doc, books, report, file);
  books = books.filter((b) => !have.has(b.id));
  if (!books.length) return doc;
  const bookRefs: CodeRef[] = books.flatMap((b) =>
    b.codes.map((c) => ({ id: c.id, ...(c.name ? { name: c.name } : {}), ...(c.parent ? { parent: c.parent } : {}), codebook: b.id, ...(c.level !== undefined ? { level: c.level } : {}), ...(c.definition ? { definition: c.definition } : {}) })),
  );
  const ids = new Set(bookRefs.map((c) => c.id));
  // names → ids (only names that identify one code)
  const byName = new Map<string, Set<string>>();
  for (const c of bookRefs) {
    for (const n of [c.name?.nl, c.name?.en]) {
      if (!n) continue;
      const k = identityKey(n).toLowerCase();
      let s = byName.get(k);
      if (!s) byName.set(k, (s = new Set()));
      s.add(c.id);
    }
  }
  // ids up to Unicode normalisation, invisible characters and spaces ("Coördinatie" in NFD for NFC)
  const byKey = new Map<string, Set<string>>();
  for (const id of ids) (byKey.get(identityKey(id)) ?? byKey.set(identityKey(id), new Set()).get(identityKey(id))!).add(id);
  const lookAlike = new Map<string, { to: string; n: number }>();
  const renamed = new Map<string, { to: string; n: number }>();
  // a code cell that names several codes of the codebooks (`samenwerking; vertrouwen`): one coding
  // of each, said; one with a part that is no code is kept whole, and said
  const codeOf = (x: string) => ids.has(x) || byKey.get(identityKey(x))?.size === 1 || byName.get(identityKey(x).toLowerCase())?.size === 1;
  const alone = new Set(doc.codings.map((c) => c.code).filter((x) => !codeCellParts(x)));
  const cells = splitCodeCells(doc.codings, codeOf, (p) => codeOf(p) || alone.has(p), { ...(file ? { file } : {}), source: 'ingest', what: 'codes of the codebooks' });
  if (cells.said) report?.(cells.said);
  if (cells.kept) report?.(cells.kept);
  const codings = cells.codings.map((c) => {
    if (ids.has(c.code)) return c;
    const same = byKey.get(identityKey(c.code));
    if (same?.size === 1) {
      const to = [...same][0];
      const r = lookAlike.get(c.code);
      if (r) r.n++;
      else lookAlike.set(c.code, { to, n: 1 });
      return carryPlace(c, { ...c, code: to });
    }
    const hit = byName.get(identityKey(c.code).toLowerCase());
    if (!hit || hit.size !== 1) return c;
    const to = [...hit][0];
    const r = renamed.get(c.code);
    if (r) r.n++;
    else renamed.set(c.code, { to, n: 1 });
    return carryPlace(c, { ...c, code: to });
  });
  const own = new Map(doc.codes.map((c) => [c.id, c]));
  const codes: CodeRef[] = [];
  const seen = new Set<string>();
  for (const ref of bookRefs) {
    if (seen.has(`${ref.codebook}\u0000${ref.id}`)) continue;
    seen.add(`${ref.codebook}\u0000${ref.id}`);
    const mine = own.get(ref.id);
    if (mine?.parent && mine.parent !== ref.parent) {
      report?.({
        severity: 'warning',
        source: 'ingest',
        ruleId: 'parent-differs-from-codebook',
        message: `code "${ref.id}" has parent "${mine.parent}" in the codings, but "${ref.parent ?? '(none)'}" in codebook "${ref.codebook}"; the codings' parent is used`,
        ...(file ? { file } : {}),
        hint: 'correct the parent column (or code path), or leave it empty to take the codebook’s hierarchy',
      });
      codes.push({ ...ref, parent: mine.parent });
    } else codes.push(ref);
  }
  // codes of the codings that no codebook defines (and were not renamed away) stay as they were,
  // and are named: a misspelt code would otherwise stand apart from its category in every roll-up
  const used = new Set(codings.map((c) => c.code));
  for (const c of doc.codes) if (!ids.has(c.id) && (used.has(c.id) || (!renamed.has(c.id) && !lookAlike.has(c.id) && !cells.split.has(c.id)))) codes.push(c);
  const outside = new Map<string, number>();
  for (const c of codings) if (!ids.has(c.code)) outside.set(c.code, (outside.get(c.code) ?? 0) + 1);
  if (outside.size) {
    const list = [...outside].map(([code, n]) => {
      const amb = byName.get(identityKey(code).toLowerCase());
      return `"${code}" (${n}${amb && amb.size > 1 ? `; a name of ${[...amb].join(', ')}` : ''})`;
    });
    report?.({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'code-not-in-codebook',
      message: `${outside.size} code(s) of the codings are in none of the codebooks ${books.map((b) => b.id).join(', ')}: ${list.slice(0, 10).join(', ')}${list.length > 10 ? `, … (+${list.length - 10})` : ''}; they are counted as codes of their own, outside the codebooks' hierarchy (under the parent the codings give, if any)`,
      ...(file ? { file } : {}),
      expected: [...outside.keys()].flatMap((k) => didYouMean(k, [...ids])).slice(0, 5),
      hint: 'write the code id or name as the codebook has it (qda codebook show ID), or add the code to a codebook',
    });
  }
  for (const [from, { to, n }] of lookAlike) {
    report?.({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'code-look-alike-id',
      message: `${n} coding(s) write the code id "${to}" with other characters (${spellingMarks(from)}); they are counted under the codebook's id "${to}"`,
      ...(file ? { file } : {}),
      hint: `retype the code as the codebook has it (${to}) to silence this warning`,
    });
  }
  for (const [from, { to, n }] of renamed) {
    report?.({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'code-by-name',
      message: `${n} coding(s) name the code "${from}" by its name; they are counted under its id "${to}"`,
      ...(file ? { file } : {}),
      hint: `write the code id (${to}) in the codings, or keep the name if that is what you meant`,
    });
  }
  return {
    ...doc,
    codebooks: [...doc.codebooks, ...books.map((b) => ({ id: b.id, ...(b.name ? { name: b.name } : {}), ...(b.version !== undefined ? { version: b.version } : {}), ...(b.sha256 ? { sha256: b.sha256 } : {}) }))],
    codes,
    codings,
  };
}
