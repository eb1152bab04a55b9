/**
 * The flat codings CSV (one row per coding: what every analysis command also reads), and
 * its rows in pieces for writing source by source: the source and case cells, then the
 * attribute columns (known only when all sources are read), then the rest of the row.
 */
import type { CodingsDocument, Segment, Source, Table } from '../model/types.js';
import { OffsetMap } from '../model/codepoints.js';
import { segmentIds } from '../model/codings-format.js';
import { csvCell, formatNumber, renderTables } from './render-table.js';
import { neutraliseFormula } from './escape.js';

export const FIXED_COLUMNS = ['source', 'case', 'segment', 'speaker', 'role', 'start', 'end', 'code', 'code_name', 'coder', 'score', 'evidence', 'id', 'link', 'relation', 'verdict', 'text', 'segment_text'];

/** The case-attribute columns of the codings CSV (sorted, without the fixed column names). */
export function attributeColumns(sources: ReadonlyArray<Pick<Source, 'attributes'>>): string[] {
  return [...new Set(sources.flatMap((s) => Object.keys(s.attributes)))].filter((a) => !FIXED_COLUMNS.includes(a)).sort();
}

/**
 * The columns of the codings CSV: source, case, `kind` (when asked: a questionnaire source is in
 * the file), the attribute columns, the fixed columns, and `memo` (last) when asked.
 */
export function codingsColumns(attrs: readonly string[], opts: { memo?: boolean; kind?: boolean } = {}): string[] {
  return ['source', 'case', ...(opts.kind ? ['kind'] : []), ...attrs, ...FIXED_COLUMNS.slice(2), ...(opts.memo ? ['memo'] : [])];
}

/**
 * The attribute columns of these names (sorted): not the fixed columns' names, nor `kind` and
 * `memo` when the file has those columns (the reader reads them as those columns).
 */
export function attributeColumnsOf(names: Iterable<string>, opts: { memo?: boolean; kind?: boolean } = {}): string[] {
  return [...new Set(names)].filter((a) => !FIXED_COLUMNS.includes(a) && !(opts.kind && a === 'kind') && !(opts.memo && a === 'memo')).sort();
}

/**
 * The columns of an answer's row of a questionnaire table (group, age, question, …: its segment's
 * meta but the row number), the attributes of its codings (as the analyses read them: prepare.ts);
 * undefined for a segment of another source, or without such columns.
 */
export function answerAttributes(src: Pick<Source, 'kind'> | undefined, seg: Pick<Segment, 'meta'> | undefined): Record<string, string> | undefined {
  if (src?.kind !== 'survey' || !seg?.meta) return undefined;
  let out: Record<string, string> | undefined;
  for (const [k, v] of Object.entries(seg.meta)) {
    if (k === 'row' || typeof v !== 'string') continue;
    (out ??= {})[k] = v;
  }
  return out;
}

/** A coding's own attribute cells: its answer row's columns (a questionnaire source), then its own attributes. */
function rowAttributesOf(src: Source | undefined, seg: Segment | undefined, c: Pick<CodingsDocument['codings'][number], 'attributes'> | undefined): Record<string, string> | undefined {
  const answer = answerAttributes(src, seg);
  const own = c?.attributes && Object.keys(c.attributes).length ? c.attributes : undefined;
  return answer && own ? { ...answer, ...own } : (answer ?? own);
}

/**
 * The attribute columns of a document's codings CSV: its sources' attributes, the columns of the
 * answers of its questionnaire sources and the codings' own attributes (attributeColumnsOf).
 */
export function codingsAttributeColumns(doc: Pick<CodingsDocument, 'sources' | 'segments' | 'codings'>): string[] {
  const names = new Set<string>();
  for (const s of doc.sources) for (const k of Object.keys(s.attributes)) names.add(k);
  const surveys = new Map(doc.sources.filter((s) => s.kind === 'survey').map((s) => [s.id, s]));
  if (surveys.size) for (const g of doc.segments) for (const k of Object.keys(answerAttributes(surveys.get(g.sourceId), g) ?? {})) names.add(k);
  for (const c of doc.codings) if (c.attributes) for (const k of Object.keys(c.attributes)) names.add(k);
  return attributeColumnsOf(names, { kind: needsKindColumn(doc.sources), memo: hasMemos(doc.codings) });
}

/**
 * Whether a codings CSV of these sources has a `kind` column: when one is not an interview
 * transcript. A questionnaire's answers without codings have rows, which the reader reads back as
 * answers only for a questionnaire source; observation notes and documents read back without it
 * were taken for interviews (saturation, comparisons by group, the report).
 */
export function needsKindColumn(sources: Iterable<Pick<Source, 'kind'> | { kind: string }>): boolean {
  for (const s of sources) if (s.kind !== 'transcript') return true;
  return false;
}

/** The answers of a questionnaire source that no coding codes (each gets a row with an empty code: it counts in N as in the document). */
function uncodedAnswers(src: Source | undefined, segments: readonly Segment[], codings: readonly Pick<CodingsDocument['codings'][number], 'segmentId'>[]): Segment[] {
  if (src?.kind !== 'survey') return [];
  const coded = new Set<string>();
  for (const c of codings) if (c.segmentId !== undefined) coded.add(c.segmentId);
  return segments.filter((g) => g.sourceId === src.id && g.role !== 'interviewer' && !coded.has(g.id));
}

/** The tail (after the attribute cells) of an answer's row without codings: its segment's cells and text, the coding's cells empty. */
function uncodedAnswerTail(g: Segment, memo: boolean): string {
  return `${textCell(g.id)},${textCell(g.speaker ?? '')},${textCell(g.role)},${numCell(g.start)},${numCell(g.end)},,,,,,,,,,${textCell(g.text)},${memo ? ',' : ''}`;
}

/** Whether the CSV of these codings has a memo column: some coding has a memo (not empty). */
export function hasMemos(codings: ReadonlyArray<Pick<CodingsDocument['codings'][number], 'memo'>>): boolean {
  return codings.some((c) => c.memo);
}

/** The readable evidence of a coding: the matched words, the rule's id (its text for a rule without one), features, marker. */
export function evidenceText(ev: NonNullable<CodingsDocument['codings'][number]['evidence']> | undefined): string {
  if (!ev) return '';
  // (the parts that are there, joined by "; "; each word once, in order)
  let s = '';
  const m = ev.matches;
  if (m?.length) {
    const words: unknown[] = [];
    for (let i = 0; i < m.length; i++) if (!words.includes(m[i].term)) words.push(m[i].term);
    s = `matched: ${words.join(', ')}`;
  }
  const rule = ev.ruleId ? `rule: ${ev.ruleId}` : ev.rule ? `rule: ${ev.rule}` : '';
  if (rule) s = s ? s + '; ' + rule : rule;
  if (ev.features?.length) s = (s ? s + '; ' : '') + `features: ${ev.features.join(', ')}`;
  if (ev.marker) s = (s ? s + '; ' : '') + `marker: ${ev.marker}`;
  return s;
}

/**
 * One row per coding (the flat CSV every analysis command reads), and one row with an empty
 * code (and nothing else but its source, case and attributes) per source without codings, in
 * its place in source order: without it such a source (a respondent who said nothing codable)
 * would drop out of every N counted from the CSV. The reader reads that row back as a source
 * with zero codings. `attrs`: the attribute
 * columns (default: those of doc.sources). Links: `id` is the coding's label, `link`,
 * `relation` and `verdict` its links (several: joined by "; " in the same order). `text` is
 * the coded passage, `segment_text` the whole segment where that is more.
 */
export function codingsTable(doc: CodingsDocument, attrs: readonly string[] = codingsAttributeColumns(doc)): Table {
  const sources = new Map(doc.sources.map((s) => [s.id, s]));
  const segs = new Map(doc.segments.map((s) => [s.id, s]));
  const names = new Map(doc.codes.map((c) => [c.id, c.name?.en ?? c.name?.nl ?? '']));
  const maps = new Map<string, OffsetMap>();
  const mapFor = (src: Source) => maps.get(src.id) ?? maps.set(src.id, new OffsetMap(src.text)).get(src.id)!;
  // a memo column (last) when a coding has a memo: the codings CSV reader reads it back
  const memos = hasMemos(doc.codings);
  // a kind column when a source is not an interview transcript (see needsKindColumn)
  const kind = needsKindColumn(doc.sources);
  attrs = attrs.filter((a) => !(kind && a === 'kind') && !(memos && a === 'memo'));
  const cols = codingsColumns(attrs, { memo: memos, kind });
  const codingRows = doc.codings.map((c) => {
    const src = sources.get(c.sourceId);
    const seg = c.segmentId ? segs.get(c.segmentId) : undefined;
    // text: the coded passage; segment_text: the whole segment, where that is more
    let text = seg?.text ?? '';
    const whole = !!seg && c.start === seg.start && c.end === seg.end;
    if (src && !whole) text = mapFor(src).slice(c.start, c.end);
    const segmentText = seg && !whole ? seg.text : '';
    const row: Record<string, string | number | null> = {
      source: c.sourceId,
      case: src?.case ?? c.sourceId,
      segment: c.segmentId ?? '',
      speaker: seg?.speaker ?? '',
      role: seg?.role ?? '',
      start: c.start,
      end: c.end,
      code: c.code,
      code_name: names.get(c.code) ?? '',
      coder: c.coder,
      score: c.score ?? null,
      evidence: evidenceText(c.evidence),
      id: c.ref ?? '',
      link: c.links?.map((l) => l.to).join('; ') ?? '',
      relation: c.links?.some((l) => l.relation) ? c.links.map((l) => l.relation ?? '').join('; ') : '',
      verdict: c.links?.some((l) => l.verdict) ? c.links.map((l) => l.verdict ?? '').join('; ') : '',
      text,
      segment_text: segmentText,
      ...(memos ? { memo: c.memo ?? '' } : {}),
    };
    if (kind) row.kind = src?.kind ?? '';
    const own = rowAttributesOf(src, seg, c);
    for (const a of attrs) row[a] = own?.[a] ?? src?.attributes[a] ?? '';
    return row;
  });
  const emptyRow = (src: Source) => {
    const row: Record<string, string | number | null> = Object.fromEntries(cols.map((k) => [k, '']));
    row.source = src.id;
    row.case = src.case;
    if (kind) row.kind = src.kind;
    for (const a of attrs) row[a] = src.attributes[a] ?? '';
    return row;
  };
  let rows = withUncodedSources(doc, codingRows, emptyRow);
  if (kind) rows = withUncodedAnswers(doc, rows, (src, g) => {
    const row = emptyRow(src);
    Object.assign(row, { segment: g.id, speaker: g.speaker ?? '', role: g.role, start: g.start, end: g.end, text: g.text });
    const own = answerAttributes(src, g);
    for (const a of attrs) row[a] = own?.[a] ?? src.attributes[a] ?? '';
    return row;
  });
  return { columns: cols.map((k) => ({ key: k, label: k })), rows, records: true };
}

/**
 * The rows with a row for each answer of a questionnaire source that no coding codes, after its
 * source's last row (in place of the row with an empty code of a source without codings).
 */
function withUncodedAnswers(doc: CodingsDocument, rows: Array<Record<string, string | number | null>>, answerRow: (s: Source, g: Segment) => Record<string, string | number | null>): Array<Record<string, string | number | null>> {
  // (the answer rows of each source by the index of the row they follow; -1: at the end)
  const after = new Map<number, Array<Record<string, string | number | null>>>();
  const replaced = new Set<number>();
  for (const src of doc.sources) {
    if (src.kind !== 'survey') continue;
    const answers = uncodedAnswers(src, doc.segments, doc.codings.filter((c) => c.sourceId === src.id));
    if (!answers.length) continue;
    let last = -1;
    for (let i = 0; i < rows.length; i++) if (rows[i].source === src.id) last = i;
    if (last >= 0 && rows[last].code === '' && rows[last].segment === '') replaced.add(last);
    const list = after.get(last) ?? after.set(last, []).get(last)!;
    for (const g of answers) list.push(answerRow(src, g));
  }
  if (!after.size) return rows;
  const out: Array<Record<string, string | number | null>> = [];
  rows.forEach((r, i) => {
    if (!replaced.has(i)) out.push(r);
    for (const a of after.get(i) ?? []) out.push(a);
  });
  for (const a of after.get(-1) ?? []) out.push(a);
  return out;
}

/**
 * The sources with a coding off the interviewer's turns. A source whose codings all lie on the
 * interviewer's turns gets the row with an empty code too: without it the reader would take its id
 * for a stray (only on interviewer rows) and the respondent would drop out of N.
 */
function respondentCoded(doc: CodingsDocument): Set<string> {
  const interviewerSegs = new Set(doc.segments.filter((g) => g.role === 'interviewer').map((g) => g.id));
  const coded = new Set<string>();
  for (const c of doc.codings) if (c.segmentId === undefined || !interviewerSegs.has(c.segmentId)) coded.add(c.sourceId);
  return coded;
}

/**
 * The coding rows with a row for each source without codings put in before the first coding of a
 * later source (document order; the coding rows keep their order), the rest at the end.
 */
function withUncodedSources<R>(doc: CodingsDocument, codingRows: R[], emptyRow: (s: Source) => R): R[] {
  const rank = new Map<string, number>();
  doc.sources.forEach((s, i) => void (rank.has(s.id) || rank.set(s.id, i)));
  const uncoded = doc.sources.filter((s, i) => rank.get(s.id) === i && !respondentCoded(doc).has(s.id));
  if (!uncoded.length) return codingRows;
  const rows: R[] = [];
  let e = 0;
  doc.codings.forEach((c, k) => {
    const r = rank.get(c.sourceId) ?? Infinity;
    while (e < uncoded.length && rank.get(uncoded[e].id)! < r) rows.push(emptyRow(uncoded[e++]));
    rows.push(codingRows[k]);
  });
  while (e < uncoded.length) rows.push(emptyRow(uncoded[e++]));
  return rows;
}

/**
 * The rows of a one-source codings table (`codingsTable(doc, [])`) as CSV in two parts:
 * the source and case cells (the same on every row) and, per row, the cells after the
 * attribute columns. CSV quoting is per cell, so `prefix + attribute cells + ',' + tail`
 * is the row renderTables gives for the whole table (tested).
 */
export async function csvParts(table: Table): Promise<{ prefix: string; tails: string[] }> {
  const rows = table.rows;
  if (!rows.length) return { prefix: '', tails: [] };
  const prefix = csvCell(rows[0].source) + ',' + csvCell(rows[0].case);
  const keys = table.columns.map((c) => c.key).filter((k) => k !== 'source' && k !== 'case' && k !== 'kind');
  const tails: string[] = [];
  for (const r of rows) {
    let t = '';
    for (let i = 0; i < keys.length; i++) t += (i ? ',' : '') + csvCell(r[keys[i]]);
    tails.push(t);
  }
  return { prefix, tails };
}

export interface CsvParts {
  readonly prefix: string;
  readonly tails: string[];
  /** Each tail ends with a memo cell. */
  readonly memo?: true;
  /** Per row, its own attribute cells (a questionnaire's answer row's columns, a coding's attributes), when any row has some. */
  readonly rowAttributes?: ReadonlyArray<Readonly<Record<string, string>> | undefined>;
}

/**
 * `csvParts(codingsTable(doc, []))` for a document of one source, made without the table's
 * row objects (the coding pipeline's CSV rows, source by source; tested equal), with the
 * attribute cells of each row that has its own (`rowAttributes`: a questionnaire source's
 * answer rows' columns), which codingsTable writes in its attribute columns.
 */
export function codingsCsvParts(doc: CodingsDocument): CsvParts {
  const codings = doc.codings;
  const survey = doc.sources[0]?.kind === 'survey';
  if (!codings.length) {
    // a source without codings: one row with an empty code (see codingsTable); a questionnaire
    // source: a row for each answer instead
    const src = doc.sources[0];
    if (!src) return { prefix: '', tails: [] };
    const answers = survey ? uncodedAnswers(src, doc.segments, []) : [];
    if (answers.length) return withRowAttributes({ prefix: csvCell(src.id) + ',' + csvCell(src.case), tails: answers.map((g) => uncodedAnswerTail(g, false)) }, answers.map((g) => answerAttributes(src, g)));
    return { prefix: csvCell(src.id) + ',' + csvCell(src.case), tails: [','.repeat(FIXED_COLUMNS.length - 3)] };
  }
  const sources = new Map(doc.sources.map((s) => [s.id, s]));
  // (segment id → segment, the last of an id as a map of them gives; read from the id when every
  // segment's id is `<source id>#<index>`, as the segmenter makes them, without a map of them all)
  let segIndex: Pick<ReadonlyMap<string, number>, 'get'> | undefined;
  const segments = doc.segments;
  const names = new Map(doc.codes.map((c) => [c.id, c.name?.en ?? c.name?.nl ?? '']));
  const maps = new Map<string, OffsetMap>();
  const mapFor = (src: Source) => maps.get(src.id) ?? maps.set(src.id, new OffsetMap(src.text)).get(src.id)!;
  const first = codings[0];
  const prefix = csvCell(first.sourceId) + ',' + csvCell(sources.get(first.sourceId)?.case ?? first.sourceId);
  const tails: string[] = [];
  // (the cell of a whole segment's text, kept for the next codings of that segment: a coded
  // turn's codings follow each other, and its text is the longest cell to quote)
  let cellSeg: Segment | undefined;
  let segCell = '';
  let respondentCoding = false;
  // (a memo cell last on every row when a coding of this source has a memo, as codingsTable has it;
  // the sink gives the rows of other sources an empty memo cell when some source has one)
  const memo = hasMemos(codings);
  // (a questionnaire's answers' own columns, and the codings' own attributes, per row)
  let rowAttrs: Array<Record<string, string> | undefined> | undefined;
  for (const c of codings) {
    const src = sources.get(c.sourceId);
    const si = c.segmentId ? (segIndex ??= segmentIds(`${first.sourceId}#`, segments)).get(c.segmentId) : undefined;
    const seg = si === undefined ? undefined : segments[si];
    if (survey || c.attributes) {
      const own = rowAttributesOf(src, seg, c);
      if (own) (rowAttrs ??= new Array<Record<string, string> | undefined>(tails.length))[tails.length] = own;
      else if (rowAttrs) rowAttrs[tails.length] = undefined;
    }
    const whole = !!seg && c.start === seg.start && c.end === seg.end;
    if (seg?.role !== 'interviewer') respondentCoding = true;
    let textCellOf: string;
    if (whole || !src) {
      if (seg !== cellSeg || !seg) {
        cellSeg = seg;
        segCell = textCell(seg?.text ?? '');
      }
      textCellOf = segCell;
    } else textCellOf = textCell(mapFor(src).slice(c.start, c.end));
    const links = c.links;
    tails.push(
      textCell(c.segmentId ?? '') +
        ',' +
        textCell(seg?.speaker ?? '') +
        ',' +
        textCell(seg?.role ?? '') +
        ',' +
        numCell(c.start) +
        ',' +
        numCell(c.end) +
        ',' +
        textCell(c.code) +
        ',' +
        textCell(names.get(c.code) ?? '') +
        ',' +
        textCell(c.coder) +
        ',' +
        (c.score === undefined ? '' : numCell(c.score)) +
        ',' +
        textCell(evidenceText(c.evidence)) +
        ',' +
        textCell(c.ref ?? '') +
        ',' +
        textCell(links?.map((l) => l.to).join('; ') ?? '') +
        ',' +
        textCell(links?.some((l) => l.relation) ? links.map((l) => l.relation ?? '').join('; ') : '') +
        ',' +
        textCell(links?.some((l) => l.verdict) ? links.map((l) => l.verdict ?? '').join('; ') : '') +
        ',' +
        textCellOf +
        ',' +
        textCell(seg && !whole ? seg.text : '') +
        (memo ? ',' + textCell(c.memo ?? '') : ''),
    );
  }
  // the answers of a questionnaire source without codings: a row each (see codingsTable)
  const answers = survey ? uncodedAnswers(doc.sources[0], segments, codings) : [];
  for (const g of answers) {
    const own = answerAttributes(doc.sources[0], g);
    if (own) (rowAttrs ??= new Array<Record<string, string> | undefined>(tails.length))[tails.length] = own;
    else if (rowAttrs) rowAttrs[tails.length] = undefined;
    tails.push(uncodedAnswerTail(g, memo));
  }
  // codings only on the interviewer's turns: the row with an empty code too (see respondentCoded)
  if (!respondentCoding && !answers.length) tails.push(','.repeat(FIXED_COLUMNS.length - 3 + (memo ? 1 : 0)));
  if (rowAttrs && rowAttrs.length < tails.length) rowAttrs.length = tails.length;
  const parts: CsvParts = memo ? { prefix, tails, memo } : { prefix, tails };
  return rowAttrs ? withRowAttributes(parts, rowAttrs) : parts;
}

function withRowAttributes(parts: CsvParts, rowAttributes: ReadonlyArray<Readonly<Record<string, string>> | undefined>): CsvParts {
  return rowAttributes.some((a) => a) ? { ...parts, rowAttributes } : parts;
}

/** csvCell of a number: formatNumber's text, which has nothing to quote (digits, '-', '.', 'e', '+', '∞' or nothing). */
const numCell = (v: number): string => (typeof v === 'number' ? formatNumber(v) : csvCell(v));

const QUOTE_IF = /[",\n\r\ufeff]/;

/** csvCell of a string (tested equal): one search for what needs quoting. */
function textCell(v: string): string {
  if (typeof v !== 'string') return csvCell(v);
  if (v === '') return '';
  const c0 = v.charCodeAt(0);
  // (a formula is neutralised: see neutraliseFormula, which also gives a value of ' before such a
  // character one ' more, so that the reader, taking one off, reads the value back as it was)
  const s = c0 === 61 || c0 === 43 || c0 === 45 || c0 === 64 || c0 === 9 || c0 === 13 ? "'" + v : c0 === 39 ? neutraliseFormula(v) : v;
  if (QUOTE_IF.test(s)) return s.includes('"') ? '"' + s.replace(/"/g, '""') + '"' : '"' + s + '"';
  if (s.charCodeAt(0) === 32 || s.charCodeAt(s.length - 1) === 32) return '"' + s + '"';
  return s;
}

/** The CSV cells of `values` under `keys` (one row, no newline): the attribute cells between prefix and tail. */
export async function csvCells(keys: readonly string[], values: Readonly<Record<string, string>>): Promise<string> {
  return keys.map((k) => csvCell(values[k] ?? '')).join(',');
}

/** The header line of the codings CSV with these attribute columns (and a memo column, when asked). */
export async function codingsCsvHeader(attrs: readonly string[], opts: { memo?: boolean; kind?: boolean } = {}): Promise<string> {
  const columns = codingsColumns(attrs, opts).map((k) => ({ key: k, label: k }));
  return (await renderTables([{ columns, rows: [] }], 'csv')) as string;
}
