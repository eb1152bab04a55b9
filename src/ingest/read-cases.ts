import { readFile } from 'node:fs/promises';
import { CASE_SOURCE_COLUMNS } from './parse-answers.js';
import { basename, extname, resolve } from 'node:path';
import { LANGUAGE_NAME as LANG_NAME, type Diagnostic, type Lang, type Source } from '../model/types.js';
import { inputError, type Report } from '../model/errors.js';
import { decodeBytes } from './decode.js';
import { displayPath } from './read-source.js';
import { columnsDifferingInCase, excelRoundedIds, parseCsvRecords, shortRowsWarning } from './csv-records.js';
import { refuseSpecialFile } from './regular-file.js';

export interface CaseRow {
  /** Source id or file name as written in the table. */
  readonly key: string;
  readonly case?: string;
  readonly attributes: Record<string, string>;
  /** 1-based line in the CSV (for warnings). */
  readonly line?: number;
}

export interface CaseTable {
  readonly file?: string;
  readonly rows: readonly CaseRow[];
}

const SOURCE_EXT = /\.(txt|md|markdown|docx|odt|pdf|vtt|srt|csv|tsv|xlsx)$/;
const SOURCE_COLS = CASE_SOURCE_COLUMNS;
const CASE_COLS = ['case', 'case_id', 'caseid', 'casus', 'case id', 'geval'];

/** Key used to match a table entry to a source: file name without folders and extension, lower case. */
export function caseKey(s: string): string {
  const b = basename(s.trim().replace(/\\/g, '/'));
  const e = extname(b);
  return (e && e.length <= 6 ? b.slice(0, -e.length) : b).toLowerCase();
}

/** The folder names of a path (lower case), without `.`, `..` and a drive letter. */
function folderParts(path: string): string[] {
  return path
    .split('/')
    .slice(0, -1)
    .filter((p) => p && p !== '.' && p !== '..' && !/^[a-z]:$/i.test(p))
    .map((p) => p.toLowerCase());
}

/**
 * Read a cases CSV: a column named source/file/bron/document (source id or
 * file name), optionally a case/case_id column, and any other column as an
 * attribute (team, group, role, date, order, …).
 */
export async function readCases(path: string, opts: { cwd: string; report?: Report }): Promise<CaseTable> {
  const full = resolve(opts.cwd, path);
  const file = displayPath(opts.cwd, full);
  let bytes: Uint8Array;
  await refuseSpecialFile(full, file);
  try {
    bytes = await readFile(full);
  } catch {
    throw inputError('ingest', 'file-not-found', 'cases file not found', { file, hint: 'check the --cases path (or `cases:` in qda.yaml)' });
  }
  let header: string[];
  let rows: string[][];
  let rowLines: number[];
  // (the header's own line: below a `sep=;` line or a title it is not line 1)
  let headerLine: number;
  if (extname(full).toLowerCase() === '.xlsx') {
    // a spreadsheet: its first visible sheet with data (the others named in a warning), rows by their numbers
    const { readXlsxTable } = await import('./read-table.js');
    const t = await readXlsxTable(bytes, file);
    for (const d of t.notes) opts.report?.(d);
    if (!t.header.some((h) => h.trim())) throw inputError('ingest', 'empty-table', 'the cases workbook has no sheet with data', { file, hint: 'put a header row (source, team, …) and one row per source in its first sheet' });
    ({ header, rows, lines: rowLines } = t);
    headerLine = t.headerLine ?? 1;
  } else {
    let text: string;
    try {
      ({ text } = await decodeBytes(bytes, { file, report: opts.report }));
    } catch (e) {
      // (a text file with a stray NUL: refused with the place of the first)
      const { withNulPlace } = await import('./nul-place.js');
      throw withNulPlace(e, bytes, file, 'cases file');
    }
    // a title above the header (`Overzicht respondenten 2024` ⏎ ⏎ `source;groep`): the header is
    // the first line below it with a source column, the title said (it stopped as "no source column")
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const { titleAboveHeader, tableTitleWarning } = await import('./read-table.js');
    const t = titleAboveHeader(text, new Set(SOURCE_COLS));
    if (t) {
      text = text.slice(t.at);
      opts.report?.(tableTitleWarning(t, file, 'rows of the table'));
    }
    // (each row with its own line: blank lines and line breaks inside quotes counted)
    ({ header, records: rows, lines: rowLines, headerLine } = parseCsvRecords(text, file, { report: opts.report, ...(t ? { firstLine: t.line } : {}) }));
    // (a header in two lines: `source;Kenmerken;` above `;team;wijk`: the second was a source's row)
    const { csvHeaderInTwoLines } = await import('./read-table.js');
    ({ header, rows, lines: rowLines } = csvHeaderInTwoLines({ header, rows, lines: rowLines }, headerLine, file, opts.report));
  }
  return { file, rows: await checkedCaseRows(header, rows, rowLines, file, opts.report, { csv: extname(full).toLowerCase() !== '.xlsx', headerLine }) };
}

/**
 * The rows of a case table (a CSV or workbook, or qda.yaml's map as a table: `map`), checked and
 * read into case rows: every warning about values written two ways, rows that name one source
 * twice, rows without a source, is given here, for every kind of table alike.
 */
async function checkedCaseRows(
  header: string[],
  rows: string[][],
  rowLines: number[],
  file: string,
  report: Report | undefined,
  how: { csv: boolean; map?: boolean; /** the header's 1-based line (CSV) or row (XLSX); none for qda.yaml's map */ headerLine?: number },
): Promise<CaseRow[]> {
  const opts = { report };
  // the header's place in messages about the header: its own line (below a `sep=;` line or a
  // title it is not line 1; they all said line 1); none for qda.yaml's map, which has no header line
  const atHeader = how.headerLine !== undefined ? { line: how.headerLine } : {};
  const inHeader = how.headerLine !== undefined ? `in the header (${how.csv ? 'line' : 'row'} ${how.headerLine})` : 'in the header';
  const h = header.map((x) => x.trim().toLowerCase());
  const si = how.map ? 0 : h.findIndex((x) => SOURCE_COLS.includes(x));
  if (si === -1) {
    throw inputError('ingest', 'missing-column', 'the cases file has no source column', {
      file,
      ...atHeader,
      expected: SOURCE_COLS.slice(0, 4),
      hint: 'add a column "source" with the source file names (or ids) it describes',
    });
  }
  const ci = how.map ? h.indexOf('case', 1) : h.findIndex((x) => CASE_COLS.includes(x));
  {
    const rounded = excelRoundedIds(rows, rowLines, [{ i: si, name: header[si].trim() }, { i: ci, name: ci >= 0 ? header[ci].trim() : 'case' }], file);
    if (rounded) report?.(rounded);
  }
  // a column named twice: the second would overwrite the first on every row
  const firstOf = new Map<string, number>();
  header.forEach((name, c) => {
    const n = name.trim();
    if (!n || c === si || c === ci) return;
    const had = firstOf.get(n);
    if (had !== undefined) {
      throw inputError('ingest', 'duplicate-column', `the cases file has two columns named "${n}" (columns ${had + 1} and ${c + 1}); the second would overwrite the first`, {
        file,
        ...atHeader,
        hint: 'rename or delete one of the two columns',
      });
    }
    firstOf.set(n, c);
  });
  const variants = caseVariantColumns(header, si, ci, how.map);
  if (variants) report?.({ severity: 'warning', source: 'ingest', ruleId: 'columns-differ-in-case', message: variants, file, ...atHeader, hint: 'rename one of the columns (a name of its own) or delete the one that is not needed, and read the table again' });
  // values the header does not name (a comma in an unquoted value): they would be lost, and the
  // values before them may sit in the wrong columns
  rows.forEach((r, i) => {
    const lost = r.slice(header.length).filter((v) => v.trim() !== '');
    if (lost.length) {
      throw inputError('ingest', 'too-many-values', `this row has ${r.length} values, but the header names ${header.length} columns: ${lost.map((v) => `"${v.length > 40 ? v.slice(0, 40) + '…' : v}"`).join(', ')} would be lost and the values before it may be in the wrong columns`, {
        file,
        line: rowLines[i],
        hint: 'put a value that holds the separator in double quotes, or name the extra column in the header row',
      });
    }
  });
  // a CSV row with fewer values than the header (a value or a separator lost by hand editing): the
  // columns it lacks are read as empty, said with the lines and the columns (a spreadsheet leaves
  // out the empty cells at the end of a row: not said for .xlsx)
  if (how.csv) {
    const d = shortRowsWarning(header, rows, rowLines, file, [si]);
    if (d) opts.report?.(d);
  }
  // a column without a name: its values are not read (said)
  header.forEach((name, c) => {
    if (name.trim() || c === si || c === ci) return;
    const lines = rows.flatMap((r, i) => ((r[c] ?? '').trim() !== '' ? [rowLines[i]] : []));
    if (lines.length) {
      opts.report?.({
        severity: 'warning',
        source: 'ingest',
        ruleId: 'unnamed-column',
        message: `column ${c + 1} has no name ${inHeader}; its ${lines.length} value(s) (line${lines.length > 1 ? 's' : ''} ${lines.slice(0, 12).join(', ')}${lines.length > 12 ? ', …' : ''}) are not read`,
        file,
        ...atHeader,
        hint: 'give the column a name in the header row (it then becomes an attribute of each source), or delete it',
      });
    }
  });
  // the guard ' that qdakit (refi import's cases.csv) and spreadsheets put before = + - @: taken off
  const guarded: number[] = [];
  if (!how.map) rows.forEach((r, i) => {
    let hit = false;
    for (let c = 0; c < r.length; c++) {
      if (/^'+[=+\-@\t\r]/.test(r[c])) {
        r[c] = r[c].slice(1);
        hit = true;
      }
    }
    if (hit) guarded.push(rowLines[i]);
  });
  if (guarded.length) {
    opts.report?.({
      severity: 'info',
      source: 'ingest',
      ruleId: 'formula-guard-removed',
      message: `${guarded.length} row(s) have a cell that starts with ' before = + - or @ (line${guarded.length > 1 ? 's' : ''} ${guarded.slice(0, 12).join(', ')}${guarded.length > 12 ? ', …' : ''}): read without the '`,
      file,
      line: guarded[0],
      hint: "if the ' is part of the value, write it twice ('')",
    });
  }
  const { identityKey } = await import('./read-codings.js');
  // case ids and attribute values (groups) that differ only in capitals or in spaces around them
  // ("C1" / "c1", "A" / "a", "B " / "B"): capitals keep them apart (two cases, two groups), the
  // spaces are dropped; said with both spellings and their lines (source ids match regardless of case)
  const loose = header.map(() => new Map<string, Map<string, number[]>>());
  rows.forEach((r, i) => {
    for (let c = 0; c < r.length && c < header.length; c++) {
      const v = r[c] ?? '';
      if (c === si || (!header[c].trim() && c !== ci) || !v.trim()) continue;
      const k = identityKey(v).toLowerCase();
      const m = loose[c].get(k) ?? loose[c].set(k, new Map()).get(k)!;
      (m.get(v) ?? m.set(v, []).get(v)!).push(rowLines[i]);
    }
  });
  loose.forEach((m, c) => {
    const odd = [...m.values()].filter((spellings) => {
      const vs = [...spellings.keys()];
      return vs.some((a) => vs.some((b) => a !== b && (identityKey(a) !== identityKey(b) || a.trim() === b.trim())));
    });
    if (!odd.length) return;
    const name = header[c].trim() || 'case';
    // what the spellings become: one value, or several apart; spellings that differ only in spaces
    // inside (a double space) or in Unicode form are read as the first of them (look-alike-names
    // below), so the groups kept apart are named with the value each is read as and its lines
    // (it said "kept apart" of "Wijk  Noord", which was read as "Wijk Noord")
    const outcome = (sp: Map<string, number[]>, what: 'case' | 'group'): string => {
      const parts = new Map<string, Array<[string, number[]]>>();
      for (const [v, ls] of sp) (parts.get(identityKey(v)) ?? parts.set(identityKey(v), []).get(identityKey(v))!).push([v, ls]);
      if (parts.size === 1) return 'read as one (spaces around a value are dropped)';
      const plural = what === 'case' ? 'cases' : 'groups';
      if ([...parts.values()].every((l) => l.length === 1)) return `kept apart (different ${plural})`;
      const read = [...parts.values()].map((l) => {
        const all = l.flatMap(([, ls]) => ls).sort((a, b) => a - b);
        const first = l.find(([, ls]) => ls.includes(all[0]))![0].trim();
        return `"${first}" (${lines(all)})`;
      });
      return `kept apart as ${parts.size} different ${plural}: ${read.join(', ')}`;
    };
    const lines = (ls: number[]) => `line${ls.length > 1 ? 's' : ''} ${ls.slice(0, 6).join(', ')}${ls.length > 6 ? ', …' : ''}`;
    opts.report?.({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'values-differ-in-case',
      message: `${odd.length} ${c === ci ? 'case id' : 'value'}(s) of "${name}" are written in ways that differ only in capitals or spaces around them: ${odd
        .slice(0, 5)
        .map((sp) => `${[...sp].map(([v, ls]) => `"${v}" (${lines(ls)})`).join(' / ')}: ${outcome(sp, c === ci ? 'case' : 'group')}`)
        .join('; ')}${odd.length > 5 ? '; …' : ''}`,
      file,
      line: [...odd[0].values()][1][0],
      hint: `write each ${c === ci ? 'case id' : `"${name}" value`} the same way on every row; if two of them are meant to differ, give them visibly different names`,
    });
  });
  // values that look the same but differ in Unicode normalisation or invisible characters (two
  // groups shown with one name): read as their first spelling, and reported
  const spelled = header.map(() => new Map<string, { first: string; lines: Map<string, number[]> }>());
  rows.forEach((r, i) => {
    for (let c = 0; c < r.length && c < header.length; c++) {
      const v = (r[c] ?? '').trim();
      if (!v) continue;
      const key = identityKey(v);
      const had = spelled[c].get(key);
      if (!had) spelled[c].set(key, { first: v, lines: new Map([[v, [rowLines[i]]]]) });
      else {
        (had.lines.get(v) ?? had.lines.set(v, []).get(v)!).push(rowLines[i]);
        r[c] = had.first;
      }
    }
  });
  spelled.forEach((m, c) => {
    const odd = [...m.values()].filter((x) => x.lines.size > 1);
    if (!odd.length) return;
    opts.report?.({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'look-alike-names',
      message: `${odd.length} value(s) of "${header[c].trim()}" are written in ways that look the same but differ in Unicode normalisation, invisible characters or spaces; each is read as its first spelling: ${odd
        .slice(0, 5)
        .map((x) => `"${x.first}" (lines ${[...x.lines.values()].map((ls) => ls.join(', ')).join(' / ')})`)
        .join('; ')}`,
      file,
      line: [...odd[0].lines.values()][1][0],
      hint: 'retype the odd spelling so that the rows agree (or give different values visibly different letters)',
    });
  });
  const out: CaseRow[] = [];
  /** Rows with values but no source: they describe nothing (said, with their lines). */
  const keyless: number[] = [];
  rows.forEach((r, i) => {
    const key = (r[si] ?? '').trim();
    if (!key) {
      if (r.some((v) => (v ?? '').trim() !== '')) keyless.push(rowLines[i]);
      return;
    }
    const attributes: Record<string, string> = {};
    header.forEach((name, c) => {
      // (a name of spaces only is no name: its values are said not to be read, and they were an attribute "")
      if (c === si || c === ci || !name.trim()) return;
      const v = (r[c] ?? '').trim();
      if (v !== '') attributes[name.trim()] = v;
    });
    const cs = ci !== -1 ? (r[ci] ?? '').trim() : '';
    out.push({ key, ...(cs ? { case: cs } : {}), attributes, line: rowLines[i] });
  });
  // a column with a name and no value on any row (a column made for later, values typed in
  // another column): no source has that attribute, and grouping by it said only "unknown
  // attribute", the table's column named nowhere. Said (info) with the columns
  const empty = header.flatMap((name, c) => (name.trim() && c !== si && c !== ci && rows.length && !rows.some((r) => (r[c] ?? '').trim() !== '') ? [name.trim()] : []));
  if (empty.length) {
    opts.report?.({
      severity: 'info',
      source: 'ingest',
      ruleId: 'column-without-values',
      message: `${empty.length === 1 ? 'column' : `${empty.length} columns`} ${empty.slice(0, 8).map((n) => `"${n}"`).join(', ')}${empty.length > 8 ? ', …' : ''} ${empty.length === 1 ? 'has' : 'have'} a name but no value on any row: no source has ${empty.length === 1 ? 'this attribute' : 'these attributes'} (grouping by ${empty.length === 1 ? 'it' : 'one'} finds no attribute of that name)`,
      file,
      ...atHeader,
      hint: 'fill in the values, or delete the column to silence this',
    });
  }
  if (keyless.length) {
    opts.report?.({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'row-without-source',
      message: `${keyless.length} row(s) have values but an empty "${header[si].trim()}" cell (line${keyless.length > 1 ? 's' : ''} ${keyless.slice(0, 12).join(', ')}${keyless.length > 12 ? ', …' : ''}): they describe no source and are not used`,
      file,
      line: keyless[0],
      hint: `write the source file name (or id) in the "${header[si].trim()}" column of those rows, or delete them`,
    });
  }
  // one source on two rows with different values (a respondent in two groups): the later row would
  // win without a word; reported with both lines
  // (r1.txt and r1.md are two sources: rows that name them by file name never clash; a row "r1"
  // names either, and clashes with both)
  const byKey = new Map<string, Map<string, CaseRow>>();
  const clashes: string[] = [];
  let firstClash: number | undefined;
  for (const row of out) {
    // (the key with its folders: wijk/r1.txt and jong/r1.txt are two sources)
    const k = [...folderParts(row.key.trim().replace(/\\/g, '/')), caseKey(row.key)].join('/');
    const ext = SOURCE_EXT.test(basename(row.key.trim().replace(/\\/g, '/')).toLowerCase()) ? extname(row.key.trim()).toLowerCase() : '';
    const byExt = byKey.get(k) ?? new Map<string, CaseRow>();
    byKey.set(k, byExt);
    const diff: string[] = [];
    let clashWith: CaseRow | undefined;
    for (const [e, had] of byExt) {
      if (ext && e && e !== ext) continue;
      for (const d of [
        ...(had.case && row.case && had.case !== row.case ? [`case "${had.case}" vs "${row.case}"`] : []),
        ...Object.entries(row.attributes).filter(([n, v]) => had.attributes[n] !== undefined && had.attributes[n] !== v).map(([n, v]) => `${n} "${had.attributes[n]}" vs "${v}"`),
      ]) {
        if (!diff.includes(d)) diff.push(d);
        clashWith ??= had;
      }
    }
    if (diff.length) {
      clashes.push(`"${row.key}" on lines ${clashWith!.line} and ${row.line}: ${diff.join(', ')}`);
      firstClash ??= row.line;
    }
    const had = byExt.get(ext);
    byExt.set(ext, had ? { ...row, case: row.case ?? had.case, attributes: { ...had.attributes, ...row.attributes }, line: row.line } : { ...row, attributes: { ...row.attributes } });
  }
  if (clashes.length) {
    opts.report?.({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'conflicting-case-rows',
      message: `${clashes.length} source(s) are on two rows with different values; the later row's value is used: ${clashes.slice(0, 8).join('; ')}${clashes.length > 8 ? '; …' : ''}`,
      file,
      ...(firstClash ? { line: firstClash } : {}),
      hint: 'keep one row per source (or make the rows agree); a respondent in two groups needs two source ids (or a group column in the codings)',
    });
  }
  return out;
}

/**
 * Columns of a case table whose names differ only in capitals (`Groep` and `groep`, `Source` and
 * `source`): attribute names are told apart by their capitals, so both were read, one as the
 * source column and the other as an attribute, or as two attributes of which a grouping uses one
 * (the one it names exactly), without a word. The message naming them and what each is read as;
 * undefined when there are none. `si`/`ci`: the source and case columns.
 */
function caseVariantColumns(header: readonly string[], si: number, ci: number, map?: boolean): string | undefined {
  const groups = columnsDifferingInCase(header);
  if (!groups.length) return undefined;
  const col = (c: number) => (map ? `"${header[c].trim()}"` : `column ${c + 1} "${header[c].trim()}"`);
  const parts = groups.map((cs) => {
    const role = (c: number) => (c === si ? 'the source column' : c === ci ? 'the case column' : `an attribute "${header[c].trim()}"`);
    const roles = cs.map((c) => `${col(c)} as ${role(c)}`).join(', ');
    const attrs = cs.filter((c) => c !== si && c !== ci);
    return `${cs.map(col).join(' and ')}: read ${roles}${attrs.length > 1 ? ` (a grouping by one of these names, --by ${header[attrs[0]].trim()}, uses that column only; the other's values are not compared with it)` : ''}`;
  });
  return `${groups.length === 1 ? `${groups[0].length === 2 ? 'two' : groups[0].length} columns have names` : `${groups.length} sets of columns have names`} that differ only in capitals: ${parts.join('; ')}`;
}

/**
 * Case rows from qda.yaml's inline `cases:` map, read as a table (a row per source, a column per
 * attribute, `lines` the line of each source in the file): its values are checked as a CSV's are
 * (spaces around a value dropped, values written two ways said). They were taken as written:
 * `group: "Noord "` and `group: Noord` were two groups, both shown as Noord, without a word.
 */
export async function casesFromMap(map: Readonly<Record<string, Readonly<Record<string, string>>>>, file?: string, report?: Report, lines?: Readonly<Record<string, number>>): Promise<CaseTable> {
  const names: string[] = [];
  for (const attrs of Object.values(map)) for (const k of Object.keys(attrs)) if (k !== 'case' && !names.includes(k)) names.push(k);
  const withCase = Object.values(map).some((a) => a.case !== undefined);
  const header = ['source', ...(withCase ? ['case'] : []), ...names];
  const keys = Object.keys(map);
  const rows = keys.map((key) => [key, ...(withCase ? [map[key].case ?? ''] : []), ...names.map((n) => map[key][n] ?? '')]);
  const rowLines = keys.map((key) => lines?.[key] ?? 0);
  const out = await checkedCaseRows(header, rows, rowLines, file ?? 'qda.yaml', report, { csv: false, map: true });
  return { ...(file ? { file } : {}), rows: lines ? out : out.map(({ line: _l, ...r }) => r) };
}

/**
 * A value of a source's own (its front matter, or the codings) that a case table replaces: one
 * warning per attribute (`name`), listing each source with both values and where each came from
 * (`list[k].text`), placed at the first table row; `ownIn` says where the source's own value is.
 */
export function caseOverrideWarning(name: string, list: ReadonlyArray<{ text: string; file?: string; line?: number }>, ownIn: string): Diagnostic {
  return {
    severity: 'warning',
    source: 'ingest',
    ruleId: 'case-table-overrides-source',
    message: `${list.length} source(s) have a "${name}" of their own that the case table gives another value; the table's value is used: ${list
      .slice(0, 8)
      .map((x) => x.text)
      .join('; ')}${list.length > 8 ? '; …' : ''}`,
    ...(list[0].file ? { file: list[0].file } : {}),
    ...(list[0].line ? { line: list[0].line } : {}),
    hint: `make them agree: correct "${name}" in the case table or in ${ownIn}, or leave it out of one of them (where both give it, the case table wins)`,
  };
}

/**
 * Apply case tables (later tables win) to sources: case id and attributes
 * (source's own front-matter attributes first, then the tables). With
 * `warnUnknown`, rows that match no source are reported. A table value that replaces a
 * different value the source already has (its front matter; `own` says where it came from)
 * is reported, one warning per attribute (the table still wins, as documented).
 */
export function applyCases(
  sources: readonly Source[],
  tables: readonly CaseTable[],
  report: Report,
  warnUnknown: boolean,
  opts: {
    own?: (s: Source) => string;
    ownIn?: string;
    skipOwn?: (s: Source, name: string) => boolean;
    /** The sources are those a codings file names: rows that name none are said once, with what that means for N. */
    ofCodings?: boolean;
  } = {},
): Source[] {
  // a key with a source extension matches the file name; without, the id or the file name without extension
  const byKey = new Map<string, Source[]>();
  const add = (k: string, s: Source) => {
    const l = byKey.get(k) ?? [];
    if (!l.includes(s)) l.push(s);
    byKey.set(k, l);
  };
  for (const s of sources) {
    add(s.id.toLowerCase(), s);
    add(caseKey(s.path), s);
    add(basename(s.path).toLowerCase(), s);
  }
  const lookup = (key: string): Source[] | undefined => {
    const k = key.trim().replace(/\\/g, '/');
    const b = basename(k).toLowerCase();
    const hits = SOURCE_EXT.test(b) ? byKey.get(b) : byKey.get(b) ?? byKey.get(caseKey(k));
    // a key with folders (wijk/r1.txt) names the source in that folder, not every r1.txt: the folders
    // it shares with a source's path must agree (from the end)
    const folders = folderParts(k);
    if (!hits || !folders.length) return hits;
    const within = hits.filter((s) => {
      const theirs = folderParts(s.path.replace(/\\/g, '/'));
      for (let i = 1; i <= Math.min(folders.length, theirs.length); i++) if (folders[folders.length - i] !== theirs[theirs.length - i]) return false;
      return true;
    });
    return within.length ? within : undefined;
  };
  const patch = new Map<string, { case?: string; attributes: Record<string, string> }>();
  // where each value of a source came from: two tables (qda.yaml's and --cases) that give one source
  // different values are reported (the later table wins, as documented); two rows of one table are
  // reported by readCases
  // (two rows of one table that name one source by different keys, "r1" and "r1-2", are reported
  // here too: the later row would win without a word; rows whose keys differ only in capitals or
  // extension, "r1" and "R1.txt", are reported by readCases)
  const keyOf = (key: string) => [...folderParts(key.trim().replace(/\\/g, '/')), caseKey(key)].join('/');
  const from = new Map<string, { where: string; value: string; table: CaseTable; key: string; line?: number }>();
  const conflicts = new Map<string, { source: string; name: string; values: string[]; sameTable: boolean; file?: string; line?: number }>();
  const note = (s: Source, name: string, value: string, t: CaseTable, row: CaseRow) => {
    const k = `${s.id}\u0000${name}`;
    const where = `${t.file ?? 'qda.yaml'}${row.line ? `:${row.line}` : ''}`;
    const had = from.get(k);
    if (had && had.value !== value && (had.table !== t || had.key !== keyOf(row.key))) {
      const c = conflicts.get(k) ?? { source: s.id, name, values: [`"${had.value}" (${had.where})`], sameTable: had.table === t, ...(t.file ? { file: t.file } : {}), ...(row.line ? { line: row.line } : {}) };
      c.values.push(`"${value}" (${where})`);
      conflicts.set(k, c);
    }
    from.set(k, { where, value, table: t, key: keyOf(row.key), ...(row.line ? { line: row.line } : {}) });
  };
  let unknownRows: Array<{ key: string; table: CaseTable; line?: number }> | undefined;
  const ambiguous: string[] = [];
  let ambiguousAt: { file?: string; line?: number } | undefined;
  for (const t of tables) {
    for (const row of t.rows) {
      const hits = lookup(row.key);
      if (hits && hits.length > 1 && warnUnknown) {
        ambiguous.push(`"${row.key}"${row.line ? ` (line ${row.line})` : ''} → ${hits.map((s) => s.path).join(', ')}`);
        ambiguousAt ??= { ...(t.file ? { file: t.file } : {}), ...(row.line ? { line: row.line } : {}) };
      }
      if (!hits) {
        if (warnUnknown && opts.ofCodings) (unknownRows ??= []).push({ key: row.key, table: t, ...(row.line ? { line: row.line } : {}) });
        else if (warnUnknown) {
          report({
            severity: 'warning',
            source: 'ingest',
            ruleId: 'unknown-case-source',
            message: `no source "${row.key}" among the sources read; its attributes are not used`,
            ...(t.file ? { file: t.file } : {}),
            ...(row.line ? { line: row.line } : {}),
            expected: sources.map((s) => s.id).filter((id) => id.toLowerCase().includes(caseKey(row.key).slice(0, 4))).slice(0, 3),
            hint: 'write the source file name (or the file name without extension) in the source column',
          });
        }
        continue;
      }
      for (const s of hits) {
        const p = patch.get(s.id) ?? { attributes: {} };
        if (row.case) note(s, 'case', row.case, t, row);
        for (const [k, v] of Object.entries(row.attributes)) note(s, k, v, t, row);
        if (row.case) p.case = row.case;
        Object.assign(p.attributes, row.attributes);
        patch.set(s.id, p);
      }
    }
  }
  if (unknownRows?.length) {
    const first = unknownRows[0];
    report({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'unknown-case-source',
      message: `${unknownRows.length} row(s) of the case table name a source that no coding names: ${unknownRows
        .slice(0, 8)
        .map((r) => `"${r.key}"${r.line ? ` (line ${r.line})` : ''}`)
        .join(', ')}${unknownRows.length > 8 ? `, … (${unknownRows.length} in all)` : ''}; their attributes are not used, and these sources are counted in no group's N`,
      ...(first.table.file ? { file: first.table.file } : {}),
      ...(first.line ? { line: first.line } : {}),
      ...(unknownRows.length === 1 ? { expected: sources.map((s) => s.id).filter((id) => id.toLowerCase().includes(caseKey(first.key).slice(0, 4))).slice(0, 3) } : {}),
      hint: 'a source without codings counts in N when the codings CSV has a row for it with its source and an empty code; if an id is misspelt, correct it in the table or in the codings',
    });
  }
  if (ambiguous.length) {
    report({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'ambiguous-case-row',
      message: `${ambiguous.length} row(s) of the case table name more than one source, and give each of them their values: ${ambiguous.slice(0, 8).join('; ')}${ambiguous.length > 8 ? '; …' : ''}`,
      ...ambiguousAt,
      hint: 'write the folder in the source column (wijk/r1.txt) to name one source, or give the files different names',
    });
  }
  if (conflicts.size) {
    const list = [...conflicts.values()];
    report({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'conflicting-case-rows',
      message: `${list.length} case value(s) are given ${list.some((c) => c.sameTable) ? 'twice with different values (by two rows that name one source, or by two case tables); the last is used' : "by two case tables with different values; the last table's is used"}: ${list
        .slice(0, 8)
        .map((c) => `source "${c.source}" ${c.name} ${c.values.join(' then ')}`)
        .join('; ')}${list.length > 8 ? '; …' : ''}`,
      ...(list[0].file ? { file: list[0].file } : {}),
      ...(list[0].line ? { line: list[0].line } : {}),
      hint: list.some((c) => c.sameTable) ? 'keep one row per source (when two files share a name, name each by its folder: folder/name.txt), or make the rows and tables agree' : 'make the case tables agree (cases: of qda.yaml and --cases), or leave the value out of one of them',
    });
  }
  // a source's own value (front matter) that a table replaces with another: the table wins, said
  // per attribute with each source, both values and where each came from
  const own = opts.own ?? ((s: Source) => `front matter of ${s.path}`);
  const overridden = new Map<string, Array<{ text: string; file?: string; line?: number }>>();
  for (const s of sources) {
    const p = patch.get(s.id);
    if (!p) continue;
    for (const [k, v] of Object.entries(p.attributes)) {
      const mine = s.attributes?.[k];
      if (mine === undefined || mine === v || opts.skipOwn?.(s, k)) continue;
      const f = from.get(`${s.id}\u0000${k}`);
      const l = overridden.get(k) ?? overridden.set(k, []).get(k)!;
      l.push({ text: `source "${s.id}" "${mine}" (${own(s)}) then "${v}" (${f?.where ?? 'case table'})`, ...(f?.table.file ? { file: f.table.file } : {}), ...(f?.line ? { line: f.line } : {}) });
    }
  }
  for (const [k, list] of overridden) report(caseOverrideWarning(k, list, opts.ownIn ?? "the source's front matter"));
  // a source that no row names and that has no attributes of its own: its own case, in no group
  // (it was counted under "(no group)" in every comparison without a word); also when the sources
  // were given as files (rows naming none of them are then not said: the table may cover more)
  const rowless = tables.some((t) => t.rows.length) ? sources.filter((s) => !patch.has(s.id) && !Object.keys(s.attributes ?? {}).length) : [];
  if (rowless.length) {
    const names = [...new Set(tables.map((t) => t.file ?? 'qda.yaml'))];
    report({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'source-without-case-row',
      message: `${rowless.length} source(s) have no row in the case table${names.length > 1 ? 's' : ''} (${names.join(', ')}) and no attributes of their own: ${rowless
        .slice(0, 8)
        .map((s) => `"${s.id}"`)
        .join(', ')}${rowless.length > 8 ? `, … (${rowless.length} in all)` : ''}; each is a case of its own (its id), without attributes: grouped by an attribute, it counts under "(no …)" (e.g. "(no group)")`,
      ...(tables[0].file ? { file: tables[0].file } : {}),
      hint: `add a row for ${rowless.length === 1 ? 'it' : 'each'} (source, case and attributes such as group or team); if a row is there, write the source's file name (or the name without extension) in its source column`,
    });
  }
  return sources.map((s) => {
    const p = patch.get(s.id);
    if (!p) return s;
    return { ...s, case: p.case ?? s.case, attributes: { ...s.attributes, ...p.attributes } };
  });
}

const LANGUAGE_COLUMN = /^(language|lang|taal)$/i;
const LANGUAGE_NAMES: Record<string, Lang> = { nl: 'nl', dutch: 'nl', nederlands: 'nl', ned: 'nl', 'nl-nl': 'nl', 'nl-be': 'nl', vlaams: 'nl', flemish: 'nl', en: 'en', english: 'en', engels: 'en', eng: 'en', 'en-gb': 'en', 'en-us': 'en' };

/**
 * A case table's `language` (or `lang`, `taal`) column sets the language a source is coded in
 * (its keywords and stemmer), as its front matter's `language:` does: without this, the column
 * was an attribute only and the source was coded in the language guessed from its text. Said
 * when it differs from that language (guessed or given) and when its value is no language qdakit
 * codes in (then the source keeps its own). `tables`' files name where the column is.
 */
export function withCaseLanguage(src: Source, own: Lang | undefined, tables: readonly CaseTable[], report: Report, guessed = true): Source {
  const key = Object.keys(src.attributes).find((k) => LANGUAGE_COLUMN.test(k));
  if (key === undefined) return src;
  const raw = src.attributes[key].trim();
  if (raw === '') return src;
  const lang = LANGUAGE_NAMES[raw.toLowerCase()];
  const file = tables.map((t) => t.file).find((f) => f);
  if (!lang) {
    report({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'case-language-unknown',
      message: `source "${src.id}": the case table's "${key}" is "${raw}", not a language qdakit codes in (nl, en): it is coded as ${own ? LANG_NAME[own] : 'of unknown language (with the rules of both)'}, as its text reads`,
      ...(file ? { file } : {}),
      hint: `write nl or en in the "${key}" column (Dutch, English, Nederlands and Engels are read too)`,
    });
    return src;
  }
  if (lang === src.language) return src;
  // (its language was not guessed — qda segments --format csv reads none —: nothing to compare the
  // table's with; it was said to read "as of no clear language", once per source)
  if (src.language === undefined && !guessed) return { ...src, language: lang };
  report({
    severity: 'warning',
    source: 'ingest',
    ruleId: 'case-language-differs',
    message: `source "${src.id}" reads as ${own ? LANG_NAME[own] : 'of no clear language'}, and the case table's "${key}" says ${LANG_NAME[lang]}: it is coded as ${LANG_NAME[lang]} (the keywords and stemming of that language)`,
    ...(file ? { file } : {}),
    hint: `if the table is right, nothing to do; else correct "${key}" for this source in the case table`,
  });
  return { ...src, language: lang };
}
