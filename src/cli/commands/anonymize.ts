import { readFile, readdir, stat, realpath } from 'node:fs/promises';
import { resolve, relative, join, sep, dirname, extname, isAbsolute, basename } from 'node:path';
import { createHash } from 'node:crypto';
import type { Io } from '../io.js';
import type { Diagnostic } from '../../model/types.js';
import { inputError, formatDiagnostic } from '../../model/errors.js';
import type { KeyEntry, NameEntry, PseudonymisedText } from '../../privacy/pseudonymise.js';
import { pushAll } from '../../model/arrays.js';

type Opts = Record<string, unknown>;

/** Text formats that are rewritten as they are. */
const TEXT_EXT = new Set(['.txt', '.md', '.markdown', '.vtt', '.srt', '.csv', '.tsv']);
/** Documents whose text (as qda code reads it) is written out as .txt. */
const CONVERT_EXT = new Set(['.docx', '.odt', '.pdf']);
/** Attribute and front-matter fields that hold names of persons. */
const PERSON_KEYS = /^(observers?|observator|waarnemers?|participants?|deelnemers?|aanwezigen|interviewers?|interviewee|respondent|naam|name|coder|codeur|author|auteur)$/i;

/**
 * Every file under a folder, links followed as the sources' folder walk follows them (a linked
 * folder of transcripts was "not a source", a broken link stopped the command with ENOENT): a
 * folder reached twice (a link loop) is searched once; a broken link goes to `broken`.
 */
async function walk(dir: string, broken: string[] = [], seen = new Set<string>(), hidden?: string[]): Promise<string[]> {
  const out: string[] = [];
  const real = await realpath(dir).catch(() => dir);
  if (seen.has(real)) return out;
  seen.add(real);
  for (const e of (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = join(dir, e.name);
    if (e.name.startsWith('.')) {
      // a hidden file or folder is not read; one that holds what would be a source is said
      if (hidden && (e.isDirectory() ? (await walk(p, [], new Set(seen))).some(isSourceFile) : isSourceFile(p))) hidden.push(p);
      continue;
    }
    const isDir = e.isDirectory() || (e.isSymbolicLink() && (await stat(p).then((st) => st.isDirectory(), () => (broken.push(p), false))));
    if (isDir) pushAll(out, await walk(p, broken, seen, hidden));
    else if (!broken.includes(p)) out.push(p);
  }
  return out;
}

const isSourceFile = (f: string): boolean => TEXT_EXT.has(extname(f).toLowerCase()) || CONVERT_EXT.has(extname(f).toLowerCase());

/** The deepest folder that contains every one of `dirs` (absolute paths). */
export function commonBase(dirs: readonly string[]): string {
  let base = dirs[0];
  while (!dirs.every((d) => inside(d, base))) {
    const up = dirname(base);
    if (up === base) break;
    base = up;
  }
  return base;
}

const inside = (child: string, parent: string) => child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);

function csvField(s: string): string {
  return /[",\r\n;]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
const csvRow = (r: readonly (string | number)[]) => r.map((v) => csvField(String(v))).join(',');

/**
 * A names list or key file: decoded as every table is (UTF-8 with or without BOM, UTF-16 with BOM,
 * Windows-1252 from Excel; a NUL refused with its place). Read as UTF-8 without a word, a
 * Windows-1252 "José" became "Jos\uFFFD", which no text holds: the name stayed in the output.
 */
async function readCsv(path: string, cwd: string, workbook?: { report: (d: Diagnostic) => void }): Promise<{ header: string[]; records: string[][]; lines: number[]; /** the first row's own line (below a `sep=;` line or a title, not 1) */ headerLine: number }> {
  const { parseCsvRecords } = await import('../../ingest/read-codings.js');
  const { decodeBytes } = await import('../../ingest/decode.js');
  const bytes = new Uint8Array(await readFile(resolve(cwd, path)));
  // a names list kept in a workbook (`workbook`): its first visible sheet, rows by their numbers (it
  // stopped as "a binary file … an Excel workbook with another extension", the hint: rename it to
  // .xlsx). Not the key file, which is written back as CSV: over a workbook, it would be lost
  if (workbook && extname(path).toLowerCase() === '.xlsx') {
    const { readXlsxTable } = await import('../../ingest/read-table.js');
    const t = await readXlsxTable(bytes, path, undefined, NAMES_LIST_COLUMNS);
    for (const d of t.notes) workbook.report(d);
    return { header: t.header, records: t.rows, lines: t.lines, headerLine: t.headerLine ?? 1 };
  }
  let text: string;
  try {
    ({ text } = await decodeBytes(bytes, { file: path }));
  } catch (e) {
    const { withNulPlace } = await import('../../ingest/nul-place.js');
    throw withNulPlace(e, bytes, path, 'list');
  }
  // a names list with a title above its header (`Namenlijst project Buurtteams` ⏎ `voornaam;achternaam`):
  // read from its header, the title said. Read with the title as its header, the header row was a
  // name with its "pseudonym", and each first name was replaced by the surname beside it
  if (workbook) {
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const { titleAboveHeader, tableTitleWarning } = await import('../../ingest/read-table.js');
    const t = titleAboveHeader(text, NAMES_LIST_COLUMNS);
    if (t) {
      workbook.report(tableTitleWarning(t, path, 'names to replace', 'nothing to do if this is the title; if it is a name to replace, put it on a row of its own below the header'));
      return parseCsvRecords(text.slice(t.at), path, { firstLine: t.line });
    }
  }
  return parseCsvRecords(text, path);
}

/** The full report of a run (originals and replacements), beside the key: KEY-report.csv. */
const keyReportPath = (key: string): string => join(dirname(key), `${basename(key, extname(key))}-report.csv`);

/** Column names a list of people has (lower case, `_` and `-` as spaces), none of them the pseudonym. */
const PERSON_COLUMNS = new Set(
  ['voornaam', 'voornamen', 'roepnaam', 'achternaam', 'familienaam', 'tussenvoegsel', 'voorletters', 'initialen', 'volledige naam', 'first name', 'firstname', 'given name', 'last name', 'lastname', 'surname', 'family name', 'full name', 'fullname', 'persoon', 'person', 'respondent', 'deelnemer', 'participant', 'organisatie', 'organisation', 'organization', 'functie', 'rol', 'role', 'email', 'e mail', 'telefoon', 'phone', 'opmerking', 'note', 'notes'],
);
const PSEUDONYM_COLUMNS = new Set(['pseudonym', 'pseudoniem', 'pseudonyms', 'pseudoniemen']);
/** The column names of a names list (as titleAboveHeader compares them): a row naming one below a title is the header. */
const NAMES_LIST_COLUMNS: ReadonlySet<string> = new Set(['name', 'naam', ...PSEUDONYM_COLUMNS, ...PERSON_COLUMNS].map((x) => x.replace(/\s+/g, '_')));

/**
 * A names list: `name[,pseudonym]` a row, or with a header naming the columns `name`/`naam` and
 * `pseudonym`/`pseudoniem`. A first row that names other columns (`voornaam,achternaam`) stops:
 * read without a header, each first name was replaced by the person's surname (its "pseudonym"),
 * which stayed in the text. Cells that no column read (a column `achternaam` beside `naam`, a
 * third value on a row) are said: the names in them are not replaced.
 */
async function readNames(path: string, cwd: string, report: (d: Diagnostic) => void): Promise<Array<NameEntry & { line: number }>> {
  const { header, records, lines, headerLine } = await readCsv(path, cwd, { report });
  const h = header.map((x) => x.trim().toLowerCase());
  const hasHeader = h.includes('name') || h.includes('naam');
  const norm = (x: string) => x.replace(/[_-]+/g, ' ').replace(/\s+/g, ' ').trim();
  const named = h.filter((x) => x !== '');
  if (!hasHeader && header.length >= 2 && named.every((x) => PERSON_COLUMNS.has(norm(x)) || PSEUDONYM_COLUMNS.has(norm(x))) && named.some((x) => PERSON_COLUMNS.has(norm(x)))) {
    const first = records.findIndex((r) => (r[0] ?? '').trim() && (r[1] ?? '').trim());
    throw inputError('cli', 'bad-names-file', `the first row ("${header.map((x) => x.trim()).join(',')}") names the columns, but none is "name" or "naam": read as names, the second column would be each name's pseudonym${first >= 0 ? ` (line ${lines[first]}: "${records[first][0].trim()}" replaced by "${records[first][1].trim()}")` : ''}, and the names in it would stay in the text`, {
      file: path,
      line: headerLine,
      hint: 'name the column of the names "naam" (or "name"), and a column of pseudonyms you chose "pseudoniem"; write each other form of a name (a surname alone) on a row of its own in that column',
    });
  }
  const rows = hasHeader ? records.map((r, i) => ({ r, line: lines[i] })) : [{ r: header, line: headerLine }, ...records.map((r, i) => ({ r, line: lines[i] }))];
  const ni = hasHeader ? Math.max(h.indexOf('name'), h.indexOf('naam')) : 0;
  const pi = hasHeader ? Math.max(h.indexOf('pseudonym'), h.indexOf('pseudoniem')) : 1;
  // (with a header: a name written "Jansen, Petra" without quotes, its given name in the column
  // after the names that has no name of its own, is read whole below, not said as unread)
  const gluedCol = hasHeader && ni + 1 !== pi && !(header[ni + 1] ?? '').trim() ? ni + 1 : -1;
  const glued = new Set(gluedCol < 0 ? [] : rows.filter(({ r }) => surnameFirst(r[ni] ?? '', r[gluedCol] ?? '', true) !== undefined).map((x) => x.r));
  // cells that no column reads: said per column (with a header) or with the rows (without one)
  const unread = new Map<number, number[]>();
  for (const { r, line } of rows) {
    r.forEach((v, c) => {
      if (c === ni || c === pi || !v.trim() || (c === gluedCol && glued.has(r))) return;
      (unread.get(c) ?? unread.set(c, []).get(c)!).push(line);
    });
  }
  if (unread.size) {
    const cols = [...unread].sort((a, b) => a[0] - b[0]);
    const n = cols.reduce((k, [, ls]) => k + ls.length, 0);
    const lineList = (ls: number[]) => `line${ls.length === 1 ? '' : 's'} ${ls.slice(0, 8).join(', ')}${ls.length > 8 ? ', …' : ''}`;
    report({
      severity: 'warning',
      source: 'cli',
      ruleId: 'names-column-not-read',
      message: `${n} value${n === 1 ? '' : 's'} of the names list ${n === 1 ? 'is' : 'are'} in no column that is read (${cols
        .map(([c, ls]) => `${hasHeader && header[c]?.trim() ? `column "${header[c].trim()}"` : `column ${c + 1}`}: ${lineList(ls)}`)
        .join('; ')}): only the ${hasHeader ? `"${header[ni].trim()}"` : 'first'} column is read as names${pi >= 0 ? ` and the ${hasHeader ? `"${header[pi].trim()}"` : 'second'} as their pseudonyms` : ''}; a name there is not replaced`,
      file: path,
      line: cols[0][1][0],
      hint: `write each name to replace on a row of its own in the ${hasHeader ? `"${header[ni].trim()}"` : 'first'} column (a surname alone too); delete the other column${cols.length === 1 ? '' : 's'} if ${cols.length === 1 ? 'it holds' : 'they hold'} no names`,
    });
  }
  // a name written surname first ("Jansen, Petra", "Vries, Jan de"): in one cell (quoted, or in a
  // list separated by ;) it was a name with a comma that no text holds; on a row without a header,
  // the comma split it, and the surname was replaced by the given name as its "pseudonym" (a real
  // name put into the output) while the given name stayed in the text. Read as the name as spoken
  // ("Petra Jansen"), said with the rows; on a row without header only when every two-value row
  // of the list is written so (", " and a given name after it), else said and read as written
  const turned: Array<{ line: number; written: string; read: string; split?: [string, string] }> = [];
  const asWritten: Array<{ line: number; name: string; pseudonym: string }> = [];
  const split = !hasHeader ? rows.filter(({ r }) => (r[0] ?? '').trim() && (r[1] ?? '').trim() && !r.slice(2).some((v) => v.trim())) : [];
  const splitAll = split.length > 0 && split.every(({ r }) => surnameFirst(r[0], r[1], true) !== undefined);
  const entries = rows
    .filter(({ r }) => (r[ni] ?? '').trim())
    .map(({ r, line }) => {
      let name = r[ni].trim();
      let pseudonym = pi >= 0 && (r[pi] ?? '').trim() ? r[pi].trim() : undefined;
      const comma = /^([^,]+),([^,]+)$/.exec(name);
      const inCell = comma ? surnameFirst(comma[1], comma[2], false) : undefined;
      if (inCell) {
        turned.push({ line, written: name, read: inCell });
        name = inCell;
      } else if (glued.has(r)) {
        const whole = surnameFirst(r[ni], r[gluedCol], true)!;
        turned.push({ line, written: `${name}, ${r[gluedCol].trim()}`, read: whole });
        name = whole;
      } else if (split.some((x) => x.r === r)) {
        const whole = surnameFirst(r[0], r[1], true);
        if (whole && splitAll) {
          turned.push({ line, written: `${r[0].trim()}, ${r[1].trim()}`, read: whole, split: [r[0].trim(), r[1].trim()] });
          name = whole;
          pseudonym = undefined;
        } else if (whole) asWritten.push({ line, name, pseudonym: pseudonym! });
      }
      return { name, line, ...(pseudonym ? { pseudonym } : {}) };
    });
  const lineList = (ls: number[]) => `line${ls.length === 1 ? '' : 's'} ${ls.slice(0, 8).join(', ')}${ls.length > 8 ? ', …' : ''}`;
  if (turned.length) {
    const t = turned[0];
    report({
      severity: 'warning',
      source: 'cli',
      ruleId: 'names-surname-first',
      message: `${turned.length} name${turned.length === 1 ? ' of the names list is' : 's of the names list are'} written surname first (${turned
        .slice(0, 5)
        .map((x) => `"${x.written}" read as "${x.read}"`)
        .join(', ')}${turned.length > 5 ? ', …' : ''}; ${lineList(turned.map((x) => x.line))}): read as the name as it is spoken, its given name and surname each replaced too${t.split ? ` (not as the name "${t.split[0]}" with the pseudonym "${t.split[1]}")` : ''}`,
      file: path,
      line: t.line,
      hint: t.split
        ? 'if the value after the comma is a pseudonym you chose, give the list a header row "naam,pseudoniem"; to silence this, write each name as it is spoken ("Petra Jansen")'
        : 'to silence this, write each name as it is spoken ("Petra Jansen")',
    });
  }
  if (asWritten.length) {
    const a = asWritten[0];
    report({
      severity: 'warning',
      source: 'cli',
      ruleId: 'names-surname-first',
      message: `${asWritten.length} row${asWritten.length === 1 ? '' : 's'} of the names list may write a name surname first (${asWritten
        .slice(0, 5)
        .map((x) => `"${x.name}, ${x.pseudonym}"`)
        .join(', ')}${asWritten.length > 5 ? ', …' : ''}; ${lineList(asWritten.map((x) => x.line))}), while other rows give a name and its pseudonym: read as the name "${a.name}" with the pseudonym "${a.pseudonym}" (the pseudonym is put in the text for "${a.name}", and "${a.pseudonym}" itself is not replaced)`,
      file: path,
      line: a.line,
      hint: `if it is one person's name, write it as it is spoken ("${surnameFirst(a.name, ` ${a.pseudonym}`, true)}") on its row, without a comma; if the second value is the pseudonym you chose, nothing needs doing (a header row "naam,pseudoniem" says so and silences this)`,
    });
  }
  return entries;
}

/** A tussenvoegsel (van, de, van der, ter, …), in any case. */
const PARTICLE = /^(?:van|de|der|den|ten|ter|te|het|'t|’t|in|op|uit|von|la|le|du|da|del|di)$/i;

/**
 * A name written surname first (`Jansen`, ` Petra` → `Petra Jansen`; `Vries`, ` Jan de` → `Jan de
 * Vries`; `de Vries`, ` J.` → `J. de Vries`): the surname one capitalised word (a double name
 * with a hyphen) with its tussenvoegsels, the given part one to three capitalised names or
 * initials and the tussenvoegsels that follow them; `space`: the given part must start with a
 * space (", " as a list typed by hand has it: `Jan,Piet` is a name and its pseudonym). Undefined
 * when the values are not of that form.
 */
function surnameFirst(surnamePart: string, givenPart: string, space: boolean): string | undefined {
  if (space && !/^[ \t]/.test(givenPart)) return undefined;
  const cap = /^\p{Lu}[\p{Ll}'’]*(?:-\p{Lu}[\p{Ll}'’]*)*$/u;
  const initials = /^(?:\p{Lu}\.)+$/u;
  const s = surnamePart.trim().split(/\s+/);
  const g = givenPart.trim().split(/\s+/);
  if (!s[0] || !g[0]) return undefined;
  if (!cap.test(s[s.length - 1]) || !s.slice(0, -1).every((t) => PARTICLE.test(t))) return undefined;
  let k = g.length;
  while (k > 0 && PARTICLE.test(g[k - 1]) && /^\p{Ll}/u.test(g[k - 1])) k--;
  const given = g.slice(0, k);
  if (!given.length || given.length > 3 || !given.every((t) => (cap.test(t) || initials.test(t)) && !PARTICLE.test(t))) return undefined;
  return [...given, ...g.slice(k), ...s].join(' ');
}

/** Up to five names of a list, and how many there are in all. */
const some = (xs: readonly string[]) => (xs.length <= 5 ? xs.join(', ') : `${xs.slice(0, 5).join(', ')}, … (${xs.length} in all)`);

/**
 * A key that maps two persons to one pseudonym makes them one person in the output, and one
 * original with two pseudonyms leaves which is used to chance: both said (a key is edited by hand).
 * Two forms of one name (`Jan`, `Jan de Vries`, `De Vries`) may share a pseudonym.
 */
function checkKey(entries: ReadonlyArray<KeyEntry & { line?: number }>, path: string, report: (d: Diagnostic) => void): void {
  const byOriginal = new Map<string, KeyEntry & { line?: number }>();
  for (const e of entries) {
    const k = e.original.toLowerCase().replace(/\s+/g, ' ');
    const had = byOriginal.get(k);
    if (had && had.pseudonym !== e.pseudonym) {
      throw inputError('cli', 'bad-key-file', `"${e.original}" has two pseudonyms: "${had.pseudonym}" (line ${had.line}) and "${e.pseudonym}"`, { file: path, ...(e.line ? { line: e.line } : {}), hint: 'keep one row for each name (the same person keeps one pseudonym in every file)' });
    }
    if (!had) byOriginal.set(k, e);
  }
  const words = (s: string) => new Set(s.toLowerCase().split(/\s+/).filter((w) => w.length >= 3));
  const byPseudonym = new Map<string, Array<KeyEntry & { line?: number }>>();
  for (const e of byOriginal.values()) if (e.kind === 'person') byPseudonym.set(e.pseudonym, [...(byPseudonym.get(e.pseudonym) ?? []), e]);
  for (const [p, list] of byPseudonym) {
    for (let i = 1; i < list.length; i++) {
      const a = list[i];
      // another form of a name before it (a shared word: Jan / Jan de Vries / De Vries) is the same person
      if (list.slice(0, i).some((b) => [...words(a.original)].some((w) => words(b.original).has(w)))) continue;
      const other = list[0];
      report({
        severity: 'warning',
        source: 'cli',
        ruleId: 'key-merges-persons',
        message: `"${a.original}" and "${other.original}" (line ${other.line}) have one pseudonym "${p}": in the output they are one person`,
        file: path,
        ...(a.line ? { line: a.line } : {}),
        hint: `give "${a.original}" a pseudonym of its own, unless both names are one person`,
      });
    }
  }
}

/**
 * The columns of a key file other than original, pseudonym and kind (a researcher's notes: role,
 * organisation, …, or cells past the header) with each original's cells in them: written back as
 * they were, so that extending the key never drops what was kept in it.
 */
interface KeyExtras {
  readonly header: string[];
  readonly byOriginal: Map<string, string[]>;
}

async function readKey(path: string, cwd: string, extras?: { value?: KeyExtras }): Promise<Array<KeyEntry & { line?: number }>> {
  const full = resolve(cwd, path);
  const exists = !!(await stat(full).catch(() => undefined));
  // (a key kept as a workbook: the key is written back as CSV, which would replace the workbook;
  // the reader said "a workbook with another extension", of a file named .xlsx; a new key named
  // .xlsx was written as CSV text under that name, which Excel then refuses to open)
  if (/^\.(?:xlsx|xlsm|xls|ods)$/.test(extname(path).toLowerCase())) {
    throw inputError('cli', 'bad-key-file', `the key file ${exists ? 'is a workbook' : 'is named as a workbook'} (${extname(path)}): the key is ${exists ? 'read and written back' : 'written'} as CSV (original,pseudonym,kind)${exists ? ', which would replace the workbook' : ', which a spreadsheet program would not open under that name'}; nothing was written`, {
      file: path,
      hint: exists ? 'save its sheet as CSV (in Excel: Save As, CSV) and give that file with --key' : `name the key .csv (e.g. --key ${path.replace(/\.[^./\\]+$/, '.csv')})`,
    });
  }
  if (!exists) return [];
  const { header, records, lines, headerLine } = await readCsv(path, cwd);
  const h = header.map((x) => x.trim().toLowerCase());
  const oi = h.indexOf('original');
  const pi = h.indexOf('pseudonym');
  if (oi < 0 || pi < 0) {
    throw inputError('cli', 'bad-key-file', 'the key file needs the columns original and pseudonym', { file: path, line: headerLine, actual: header.join(','), hint: 'a key file is written by `qda anonymize --key FILE`: original,pseudonym,kind' });
  }
  const ki = h.indexOf('kind');
  if (extras) {
    // (every other column, named or not: a row longer than the header keeps its cells too)
    let width = header.length;
    for (const r of records) if (r.length > width) width = r.length;
    const other: number[] = [];
    for (let i = 0; i < width; i++) if (i !== oi && i !== pi && i !== ki) other.push(i);
    if (other.length && records.some((r) => other.some((i) => (r[i] ?? '').trim()))) {
      const byOriginal = new Map<string, string[]>();
      for (const r of records) {
        const o = (r[oi] ?? '').trim();
        if (o && !byOriginal.has(o)) byOriginal.set(o, other.map((i) => r[i] ?? ''));
      }
      extras.value = { header: other.map((i) => header[i] ?? ''), byOriginal };
    }
  }
  return records
    .map((r, i) => ({ r, line: lines[i] }))
    .filter(({ r }) => (r[oi] ?? '').trim())
    .map(({ r, line }) => {
      const pseudonym = (r[pi] ?? '').trim();
      if (!pseudonym) throw inputError('cli', 'bad-key-file', `row has no pseudonym for "${r[oi]}"`, { file: path, line, hint: 'fill in a pseudonym or delete the row' });
      const kind = ((ki >= 0 ? r[ki] : '') || 'person').trim() as KeyEntry['kind'];
      return { original: r[oi].trim(), pseudonym, kind, ...(line ? { line } : {}) };
    });
}

export async function run(opts: Opts, io: Io): Promise<number> {
  const inputs = (opts.inputs as string[] | undefined) ?? [];
  const out = opts.out as string;
  if (!inputs.length) throw inputError('cli', 'no-inputs', 'give the files or folders to pseudonymise', { hint: 'qda anonymize interviews -o anon' });
  const outDir = resolve(io.cwd, out);
  const outReal = await realpath(outDir).catch(() => outDir);
  const report = (d: Diagnostic) => io.stderr.write(formatDiagnostic(d) + '\n');

  // 1. the input files
  const files: string[] = [];
  const folders: string[] = [];
  const anchors: string[] = [];
  for (const i of inputs) {
    const full = resolve(io.cwd, i);
    const st = await stat(full);
    if (st.isDirectory()) {
      folders.push(full);
      const broken: string[] = [];
      const hidden: string[] = [];
      for (const f of await walk(full, broken, new Set(), hidden)) if (!files.includes(f)) files.push(f);
      for (const h of hidden) report({ severity: 'warning', source: 'cli', ruleId: 'hidden-not-read', message: `a hidden ${isSourceFile(h) ? 'file' : 'folder with sources'} (its name starts with "."): not read, nothing written for it`, file: relative(io.cwd, h), hint: 'rename it without the leading "." to pseudonymise it, or give it as an input of its own' });
      for (const b of broken) report({ severity: 'warning', source: 'cli', ruleId: 'broken-link', message: 'a link to a file that is not there: not read, nothing written for it', file: relative(io.cwd, b), hint: 'point the link at the file, or remove it' });
      anchors.push(inputs.length === 1 ? full : dirname(full));
    } else {
      if (!files.includes(full)) files.push(full);
      anchors.push(dirname(full));
    }
  }
  for (const f of folders) {
    const real = await realpath(f);
    if (inside(outReal, real) || inside(outDir, f)) {
      throw inputError('cli', 'out-overlaps-input', `the output folder "${out}" is (inside) the input folder "${relative(io.cwd, f) || '.'}"`, {
        hint: 'anonymize never writes next to or over the sources: choose a folder outside the inputs, e.g. -o ../anon',
      });
    }
  }
  // nor into a folder that holds the inputs (the pseudonymised files would lie next to the sources)
  for (const i of inputs) {
    const full = resolve(io.cwd, i);
    const real = await realpath(full).catch(() => full);
    if (inside(full, outDir) || inside(real, outReal)) {
      throw inputError('cli', 'out-overlaps-input', `the output folder "${out}" contains the input "${i}"`, {
        hint: 'anonymize never writes next to or over the sources: choose a folder outside the inputs, e.g. -o ../anon',
      });
    }
  }
  const keyPath = opts.key as string | undefined;
  const helpers = new Set([keyPath, opts.names as string | undefined, opts.codings as string | undefined].filter((x): x is string => !!x).map((x) => resolve(io.cwd, x)));
  if (keyPath && inside(resolve(io.cwd, keyPath), outDir)) {
    throw inputError('cli', 'key-in-output', `the key file "${keyPath}" lies inside the output folder "${out}"`, { hint: 'keep the key apart from the pseudonymised files you share, e.g. --key ../sleutel.csv' });
  }
  // the full report written beside the key (KEY-report.csv) must not be one of the inputs
  const keyReport = keyPath ? keyReportPath(resolve(io.cwd, keyPath)) : undefined;
  if (keyReport && (helpers.has(keyReport) || files.includes(keyReport))) {
    const shown = relative(io.cwd, keyReport);
    throw inputError('cli', 'key-report-is-input', `the report written beside the key ("${shown}") is also an input of this run: it would be written over`, {
      file: shown,
      hint: `rename that file, or give the key another name (--key), so that the report (named after the key) is a new file`,
    });
  }
  // sources that are text are rewritten as they are; .docx, .odt and .pdf are read (as qda code
  // reads them) and written out as .txt; a source that can be neither (.xlsx) stops the command
  const texts: string[] = [];
  const converts: string[] = [];
  const refused: string[] = [];
  for (const f of files) {
    if (helpers.has(f)) continue;
    const ext = extname(f).toLowerCase();
    if (TEXT_EXT.has(ext)) texts.push(f);
    else if (CONVERT_EXT.has(ext)) converts.push(f);
    else if (ext === '.xlsx') refused.push(f);
    else report({ severity: 'warning', source: 'cli', ruleId: 'not-a-source', message: 'not a source; not copied to the output', file: relative(io.cwd, f) });
  }
  if (refused.length) {
    throw inputError('cli', 'cannot-pseudonymise', `cannot pseudonymise ${refused.map((f) => relative(io.cwd, f)).join(', ')}: spreadsheets are not rewritten, and nothing was written`, {
      file: relative(io.cwd, refused[0]),
      hint: 'save the sheet as .csv (then it is pseudonymised as text), or leave the file out of the inputs',
    });
  }
  const sources = [...texts, ...converts];
  if (!sources.length) throw inputError('cli', 'no-text-files', 'none of the inputs is a source (.txt, .md, .vtt, .srt, .csv, .docx, .odt, .pdf)', { hint: 'give the transcripts or a folder with them' });

  // output paths: relative to the common base folder of the inputs — one folder: the folder
  // itself (`qda anonymize samples/interviews -o anon` writes anon/*.txt); several folders (or
  // files): their common parent, so the folder names are kept (anon/interviews/…, anon/observations/…)
  const base = commonBase(anchors);
  const relOf = (f: string) => {
    const r = relative(base, f).split(sep).join('/');
    if (r.startsWith('..') || isAbsolute(r)) throw inputError('cli', 'bad-path', `cannot place ${f} under the output folder`);
    return converts.includes(f) ? r.slice(0, r.length - extname(r).length) + '.txt' : r;
  };

  // 2. names and key
  const { Pseudonymiser } = await import('../../privacy/pseudonymise.js');
  const names = opts.names ? await readNames(opts.names as string, io.cwd, report) : [];
  const keyExtras: { value?: KeyExtras } = {};
  const key = keyPath ? await readKey(keyPath, io.cwd, keyExtras) : [];
  if (keyPath) checkKey(key, keyPath, report);
  const ps = new Pseudonymiser({ names, key, heuristics: opts.heuristics !== false, ...(opts.names ? { namesFile: opts.names as string } : {}), ...(keyPath ? { keyFile: keyPath } : {}) });

  // 3. read and learn: the text of every source, and the names its metadata gives (observers, participants, speakers)
  const { decodeBytes } = await import('../../ingest/decode.js');
  const { readSource } = await import('../../ingest/read-source.js');
  const decoded = new Map<string, string>();
  const learnMeta = (attributes: Readonly<Record<string, unknown>> | undefined) => {
    for (const [k, v] of Object.entries(attributes ?? {})) {
      for (const x of Array.isArray(v) ? v : [v]) {
        if (typeof x !== 'string') continue;
        if (PERSON_KEYS.test(k)) for (const n of x.split(/[,;]/)) ps.addName(n);
        ps.learn(x);
      }
    }
  };
  for (const f of sources) {
    let text: string;
    const r = await readSource(f, { cwd: io.cwd, report: () => {} }).catch((e) => {
      if (converts.includes(f)) throw e; // a .docx/.odt/.pdf that cannot be read: exit 2 naming it
      return undefined; // (a text file is rewritten as text even when it is no source qda reads)
    });
    if (converts.includes(f)) text = r!.source.text;
    else text = (await decodeBytes(new Uint8Array(await readFile(f)), { file: relative(io.cwd, f) })).text;
    decoded.set(f, text);
    ps.learn(text);
    if (r) {
      for (const n of [...r.observers, ...r.participants]) ps.addName(n, 'front-matter');
      // the speakers as qda reads them (a label written otherwise, `Bakker, Sanne  0:09` heading a
      // turn, `Name<TAB>text`): each is a name, whatever form its label has (role labels are not)
      for (const b of r.blocks) if (b.speaker) ps.addName(b.speaker, 'speaker-label');
      learnMeta(r.source.attributes);
      learnMeta(r.source.meta);
    }
  }
  let doc: import('../../model/types.js').CodingsDocument | undefined;
  if (opts.codings) {
    const { readCodings } = await import('../../ingest/read-codings.js');
    doc = await readCodings(opts.codings as string, { cwd: io.cwd, report });
    for (const s of doc.sources) {
      if (s.text) ps.learn(s.text);
      learnMeta(s.attributes);
      learnMeta(s.meta);
    }
    for (const g of doc.segments) {
      if (g.speaker && g.role !== 'interviewer') ps.addName(g.speaker, 'speaker-label');
      if (g.text && !doc.sources.some((s) => s.id === g.sourceId && s.text)) ps.learn(g.text);
    }
  }

  // a name given in --names that no text holds (a misspelling) replaced nothing: said, name by name
  const { countNames, otherCaseForms } = await import('../../privacy/names.js');
  const searched = [...sources.map((f) => relative(io.cwd, f)), ...(doc ? [opts.codings as string] : [])];
  if (names.length) {
    const texts = [...decoded.values()];
    if (doc) {
      for (const s of doc.sources) if (s.text) texts.push(s.text);
      for (const g of doc.segments) if (g.text) texts.push(g.text);
    }
    const counts = countNames(names.map((n) => n.name), texts);
    const paths = sources.map((f) => relOf(f));
    for (const n of names) {
      if (counts.get(n.name)) continue;
      // (a name only in a file name, "interview-joost.txt", is replaced there)
      const inPath = new RegExp(`(?<![\\p{L}\\p{N}])${n.name.split(/\s+/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s_.-]+')}(?![\\p{L}\\p{N}])`, 'iu');
      if (paths.some((p) => inPath.test(p))) continue;
      report({
        severity: 'warning',
        source: 'cli',
        ruleId: 'name-not-found',
        message: `"${n.name}" of the names list was found 0 times in the ${searched.length} file(s) searched (${some(searched)}): nothing was replaced for it`,
        file: opts.names as string,
        line: n.line,
        hint: 'check the spelling against the transcripts (a name is found as written, in Title Case and in CAPITALS; another spelling, letter case or accent is not): correct the row, or add each form as it is written as a row of its own',
      });
    }
  }

  // 4. apply
  const results = new Map<string, PseudonymisedText>();
  for (const f of sources) results.set(f, ps.apply(decoded.get(f)!));
  // file names and folders go through the same key (interview-joost.txt → interview-R1.txt)
  const targets = new Map<string, string>();
  const byTarget = new Map<string, string>();
  for (const f of sources) {
    const r = relOf(f).split('/').map((p) => ps.replaceLoose(p)).join('/');
    const t = resolve(outDir, r);
    if (t === f || (await realpath(f)) === (await realpath(t).catch(() => t))) {
      throw inputError('cli', 'out-overlaps-input', `writing "${relative(io.cwd, t)}" would overwrite the source "${relative(io.cwd, f)}"`, { hint: 'choose an output folder outside the inputs' });
    }
    const twin = byTarget.get(t);
    if (twin) {
      throw inputError('cli', 'out-collides', `"${relative(io.cwd, twin)}" and "${relative(io.cwd, f)}" would both be written as "${relative(io.cwd, t)}"`, { file: relative(io.cwd, f), hint: 'rename one of them (e.g. the .txt beside a .docx of the same name), or pseudonymise them separately' });
    }
    byTarget.set(t, f);
    targets.set(f, t);
  }
  const reportRows: Array<Array<string | number>> = [];
  for (const f of sources) for (const e of results.get(f)!.edits) reportRows.push([relative(outDir, targets.get(f)!).split(sep).join('/'), e.line, e.column, e.original, e.replacement, e.kind, e.rule]);

  // 5. codings: every source text, segment, speaker, evidence, memo, attribute, metadata, id and path
  let codingsOut: string | undefined;
  if (doc) {
    const { remapCodings, scrubCodings } = await import('../../privacy/remap.js');
    const bySource = new Map<string, { text: string; edits: PseudonymisedText['edits']; path?: string; sha256?: string }>();
    for (const s of doc.sources) {
      const file = sources.find((f) => f === resolve(io.cwd, s.path));
      if (file && decoded.get(file) === s.text) {
        const r = results.get(file)!;
        const t = targets.get(file)!;
        bySource.set(s.id, { text: r.text, edits: r.edits, path: relative(io.cwd, t).split(sep).join('/'), sha256: createHash('sha256').update(r.text, 'utf8').digest('hex') });
      } else if (s.text) {
        const r = ps.apply(s.text);
        for (const e of r.edits) reportRows.push([`codings.json#${ps.replaceLoose(s.id)}`, e.line, e.column, e.original, e.replacement, e.kind, e.rule]);
        bySource.set(s.id, { text: r.text, edits: r.edits, sha256: createHash('sha256').update(r.text, 'utf8').digest('hex') });
        if (file) report({ severity: 'warning', source: 'cli', ruleId: 'codings-text-differs', message: `the text of source "${s.id}" in the codings document differs from the file; its codings follow the document's text`, file: s.path });
      }
    }
    const next = remapCodings(doc, bySource, (x) => ps.apply(x).text);
    const { codingsDocumentText } = await import('../../export/codings-document.js');
    codingsOut = codingsDocumentText(scrubCodings(next, { free: (x) => ps.apply(x).text, known: (x) => ps.replaceKnown(x), name: (x) => ps.replaceLoose(x), hasText: new Set(bySource.keys()) }));
  }

  // a listed name in a letter case the names list does not replace ("petra jansen" for Petra
  // Jansen) stays as written (it may be a word: "Roos"/"roos"): said with its places, per name.
  // So does a form with other accents or diacritics ("Jose Martin" for José Martín, "Zoe" for
  // Zoë): compared without accents (NFD, combining marks removed), never replaced automatically
  if (names.length) {
    const { LineIndex } = await import('../../model/codepoints.js');
    const { otherAccentForms } = await import('../../privacy/names.js');
    const outTexts: Array<[string, string]> = sources.map((f) => [relative(io.cwd, targets.get(f)!), results.get(f)!.text]);
    if (codingsOut) outTexts.push([relative(io.cwd, join(outDir, 'codings.json')), codingsOut]);
    const listed = names.map((n) => n.name);
    const listedNfc = new Set(listed.map((n) => n.trim().replace(/\s+/g, ' ').normalize('NFC')));
    type Place = { file: string; line: number; column: number; form: string };
    const byCase = new Map<string, Place[]>();
    const byAccent = new Map<string, Place[]>();
    for (const [file, text] of outTexts) {
      const found: Array<[Map<string, Place[]>, Array<{ name: string; index: number; form: string }>]> = [
        [byCase, otherCaseForms(listed, text)],
        [byAccent, otherAccentForms(listed, text)],
      ];
      if (!found.some(([, forms]) => forms.length)) continue;
      const li = new LineIndex(text);
      for (const [places, forms] of found) {
        for (const x of forms) {
          const p = li.toPoint(x.index);
          const column = Array.from(text.slice(x.index - (p.column - 1), x.index)).length + 1;
          places.set(x.name, [...(places.get(x.name) ?? []), { file, line: p.line, column, form: x.form }]);
        }
      }
    }
    const decomposed = (f: Place) => listedNfc.has(f.form.replace(/\s+/g, ' ').normalize('NFC'));
    const say = (places: Map<string, Place[]>, ruleId: string, how: (first: Place) => string) => {
      for (const [name, list] of places) {
        const first = list[0];
        const row = names.find((n) => n.name.trim().replace(/\s+/g, ' ') === name);
        report({
          severity: 'warning',
          source: 'cli',
          ruleId,
          message: `"${name}" of the names list (line ${row?.line}) remains ${how(first)} in ${list.length} place(s) of the output, not replaced (first: "${first.form}"${list.length > 1 ? `; also ${some([...new Set(list.slice(1).map((x) => `${x.file}:${x.line}:${x.column}`))])}` : ''})`,
          file: first.file,
          line: first.line,
          column: first.column,
          hint: decomposed(first)
            ? `the text writes the accents as separate combining marks: save the transcript with composed accents (Unicode NFC) and run again`
            : `if "${first.form}" is the name, add it as it is written as a row of the names list (${opts.names as string}) and run again; if it is an ordinary word, nothing needs doing`,
        });
      }
    };
    say(byCase, 'name-other-case', () => 'in another letter case');
    say(byAccent, 'name-other-accents', (first) => (decomposed(first) ? 'with its accents in another Unicode form (letter and combining mark)' : 'with other accents or diacritics'));
    // a pseudonym of the names list that the texts also hold where nothing replaces it ("Petra
    // Jansen;Kees Bakker" read as Petra Jansen with the pseudonym Kees Bakker, while Kees Bakker is
    // a person of the texts; a pseudonym "Anna" beside an Anna in the texts): in the output two
    // persons have one name, without a word. Said with the places in the inputs
    const fold = (x: string) => x.trim().replace(/\s+/g, ' ').toLowerCase();
    const listedFold = new Set(listed.map(fold));
    const chosen = new Map<string, (typeof names)[number]>();
    for (const n of names) if (n.pseudonym && !listedFold.has(fold(n.pseudonym)) && !chosen.has(fold(n.pseudonym))) chosen.set(fold(n.pseudonym), n);
    const { compileNames } = await import('../../privacy/names.js');
    const re = chosen.size ? compileNames([...chosen.values()].map((n) => n.pseudonym!)) : undefined;
    if (re) {
      const at = new Map<string, Place[]>();
      for (const f of sources) {
        const text = decoded.get(f)!;
        const edits = results.get(f)!.edits;
        let li: InstanceType<typeof LineIndex> | undefined;
        // (edits count code points; the match, UTF-16 units: counted on from the match before)
        let at16 = 0;
        let cp = 0;
        for (const m of text.matchAll(re)) {
          for (; at16 < m.index!; at16++) if ((text.charCodeAt(at16) & 0xfc00) !== 0xdc00) cp++;
          if (edits.some((e) => e.start <= cp && cp < e.end)) continue;
          li ??= new LineIndex(text);
          const p = li.toPoint(m.index!);
          const column = Array.from(text.slice(m.index! - (p.column - 1), m.index!)).length + 1;
          const key = fold(m[0]);
          at.set(key, [...(at.get(key) ?? []), { file: relative(io.cwd, f), line: p.line, column, form: m[0] }]);
        }
      }
      for (const [k, list] of at) {
        const n = chosen.get(k);
        if (!n) continue;
        const first = list[0];
        report({
          severity: 'warning',
          source: 'cli',
          ruleId: 'pseudonym-in-text',
          message: `the pseudonym "${n.pseudonym}" of the names list (line ${n.line}, for "${n.name}") is also in the texts, in ${list.length} place(s) that nothing replaces (first: ${first.file}:${first.line}:${first.column}${list.length > 1 ? `; also ${some([...new Set(list.slice(1).map((x) => `${x.file}:${x.line}:${x.column}`))])}` : ''}): in the output "${n.name}" and that "${first.form}" read alike, as one person`,
          file: opts.names as string,
          line: n.line,
          hint: `choose a pseudonym that no text holds (a code such as R1, or a name no one in the texts has); if "${first.form}" in the texts is a person to pseudonymise, add it as a row of the names list too`,
        });
      }
    }
  }

  // automatic resolutions said: a diminutive (Sannetje) taken as the person of a known given name
  // (Sanne), and a part of several known names (Jansen of Sanne Jansen and Kees Jansen) given a
  // pseudonym of its own; places in the inputs (line and column before replacing)
  {
    const placesOf = (keep: (e: PseudonymisedText['edits'][number]) => boolean) => {
      const out: Array<{ file: string; line: number; column: number }> = [];
      for (const f of sources) for (const e of results.get(f)!.edits) if (keep(e)) out.push({ file: relative(io.cwd, f), line: e.line, column: e.column });
      return out;
    };
    const fold = (x: string) => x.trim().replace(/\s+/g, ' ').toLowerCase();
    type Place = { file: string; line: number; column: number };
    const where = (places: Place[]) => `${places.length} place${places.length === 1 ? '' : 's'}${places.length ? `, first ${places[0].file}:${places[0].line}:${places[0].column}` : ''}`;
    const dims = ps.diminutivesTaken().map((d) => ({ ...d, places: placesOf((e) => e.rule === 'heuristic-diminutive' && fold(e.original) === fold(d.form)) }));
    if (dims.length) {
      const first = dims.find((d) => d.places.length)?.places[0];
      report({
        severity: 'warning',
        source: 'cli',
        ruleId: 'name-diminutive',
        message: `${dims.length} diminutive${dims.length === 1 ? ' is' : 's are'} taken as the person of the given name ${dims.length === 1 ? 'it is' : 'they are'} made of: ${some(dims.map((d) => `"${d.form}" as ${d.name} (${ps.pseudonymOf(d.form) ?? '?'}; ${where(d.places)})`))}`,
        ...(first ?? {}),
        hint: `if one of them is another person, add it as a row of a names list (--names FILE) and run again: a listed name gets a pseudonym of its own`,
      });
    }
    for (const a of ps.ambiguousParts()) {
      const places = placesOf((e) => e.replacement === a.pseudonym && fold(e.original) === fold(a.original));
      const of = a.names.map((n) => `${n}${ps.pseudonymOf(n) ? ` → ${ps.pseudonymOf(n)}` : ''}`);
      const firstP = a.names.map((n) => ps.pseudonymOf(n)).find((x) => x);
      report({
        severity: 'warning',
        source: 'cli',
        ruleId: 'name-part-of-several',
        message: `"${a.original}" alone is part of ${a.names.length} known names (${some(of)}), so it cannot tell which person it is: it is given a pseudonym of its own, ${a.pseudonym}, in ${where(places)}`,
        ...(places[0] ?? {}),
        hint: keyPath
          ? `if "${a.original}" is one of them, give it that person's pseudonym in the key ${keyPath} (the row "${a.original},${a.pseudonym}": e.g. ${firstP ?? 'PSEUDONYM'} for ${a.names[0]}) and run again with --key ${keyPath}; if it is another person, nothing needs doing`
          : `if "${a.original}" is one of them, give both the same pseudonym in a names list (--names FILE), e.g. the rows "${a.names[0]},${firstP ?? 'PSEUDONYM'}" and "${a.original},${firstP ?? 'PSEUDONYM'}", and run again; if it is another person, nothing needs doing`,
      });
    }
  }

  // one pseudonym given to names that share no word (two rows of the names list, or the list and the key):
  // two people read as one in every pseudonymised text, without a word
  for (const x of ps.pseudonymsOfSeveral()) {
    const fold = (v: string) => v.trim().replace(/\s+/g, ' ').toLowerCase();
    const names = new Set(x.names.map((n) => fold(n.name)));
    const places: Array<{ file: string; line: number; column: number }> = [];
    for (const f of sources) for (const e of results.get(f)!.edits) if (e.replacement === x.pseudonym && names.has(fold(e.original))) places.push({ file: relative(io.cwd, f), line: e.line, column: e.column });
    const from = (n: { from: 'key' | 'names-list'; line?: number }) => (n.from === 'key' ? `the key${keyPath ? ` ${keyPath}` : ''}` : `the names list${opts.names ? ` ${opts.names as string}` : ''}`) + (n.line ? `, line ${n.line}` : '');
    const first = x.names.find((n) => n.line);
    report({
      severity: 'warning',
      source: 'cli',
      ruleId: 'pseudonym-several-names',
      message: `"${x.pseudonym}" is the pseudonym of ${x.names.length} names that share no word: ${some(x.names.map((n) => `"${n.name}" (${from(n)})`))}: in the pseudonymised texts they read as one person (${places.length} place${places.length === 1 ? '' : 's'}${places.length ? `, first ${places[0].file}:${places[0].line}:${places[0].column}` : ''})`,
      ...(first ? { file: first.from === 'key' ? (keyPath ?? '') : ((opts.names as string | undefined) ?? ''), line: first.line } : places[0] ?? {}),
      hint: `if they are two people, give each its own pseudonym (a row of its own in ${first?.from === 'key' ? 'the key' : 'the names list'}) and run again; if they are one person (a nickname, a former name), nothing needs doing`,
    });
  }

  // names written almost alike that got different pseudonyms (Janssen and Jansen, Meijer and Meyer): spelling
  // variants of one person were two people in the output without a word
  {
    const fold = (x: string) => x.trim().replace(/\s+/g, ' ').toLowerCase();
    const placesOf = (name: string) => {
      const out: Array<{ file: string; line: number; column: number }> = [];
      for (const f of sources) for (const e of results.get(f)!.edits) if (e.kind === 'person' && fold(e.original) === fold(name)) out.push({ file: relative(io.cwd, f), line: e.line, column: e.column });
      return out;
    };
    const pairs = ps.nearAlikeNames().map((x) => ({ ...x, placesA: placesOf(x.a), placesB: placesOf(x.b) }));
    if (pairs.length) {
      const where = (l: Array<{ file: string; line: number; column: number }>) => (l.length ? `${l.length} place${l.length === 1 ? '' : 's'}, first ${l[0].file}:${l[0].line}:${l[0].column}` : 'from the key');
      const first = pairs.map((x) => x.placesB[0] ?? x.placesA[0]).find((x) => x);
      const p0 = pairs[0];
      report({
        severity: 'warning',
        source: 'cli',
        ruleId: 'names-near-alike',
        message: `${pairs.length} pair${pairs.length === 1 ? ' of names is' : 's of names are'} written almost alike (a doubled letter, ij or y, an accent) but given different pseudonyms: ${some(pairs.map((x) => `"${x.a}" → ${x.pseudonymA} (${where(x.placesA)}) and "${x.b}" → ${x.pseudonymB} (${where(x.placesB)})`))}`,
        ...(first ?? {}),
        hint: keyPath
          ? `if a pair is one person (a spelling variant), give both the same pseudonym in the key ${keyPath} (e.g. the row "${p0.b},${p0.pseudonymA}") and run again with --key ${keyPath}; if they are two people, nothing needs doing`
          : `if a pair is one person (a spelling variant), give both the same pseudonym in a names list (--names FILE), e.g. the rows "${p0.a},${p0.pseudonymA}" and "${p0.b},${p0.pseudonymA}", and run again; if they are two people, nothing needs doing`,
      });
    }
  }

  // a word left in the output that is a spelling variant of a word of a known name (Meyer beside Meijer, Jansen
  // beside Janssen) and was replaced nowhere: it may be that person under another spelling (it stayed without a word)
  {
    const { nameVariantKey } = await import('../../privacy/pseudonymise.js');
    const nameWords = new Map<string, string>();
    for (const k of ps.keyEntries()) if (k.kind === 'person') for (const w of k.original.split(/\s+/)) if ([...w].length >= 4 && /^\p{Lu}/u.test(w)) nameWords.set(nameVariantKey(w), w);
    const byWord = new Map<string, { name: string; places: Array<{ file: string; line: number; column: number }> }>();
    if (nameWords.size) {
      const { LineIndex } = await import('../../model/codepoints.js');
      for (const f of sources) {
        const text = results.get(f)!.text;
        let li: InstanceType<typeof LineIndex> | undefined;
        for (const m of text.matchAll(/(?<![\p{L}\p{N}])\p{Lu}\p{L}{3,}(?![\p{L}\p{N}])/gu)) {
          const name = nameWords.get(nameVariantKey(m[0]));
          if (name === undefined || name === m[0]) continue;
          li ??= new LineIndex(text);
          const p = li.toPoint(m.index!);
          const column = Array.from(text.slice(m.index! - (p.column - 1), m.index!)).length + 1;
          const e = byWord.get(m[0]) ?? byWord.set(m[0], { name, places: [] }).get(m[0])!;
          e.places.push({ file: relative(io.cwd, targets.get(f)!), line: p.line, column });
        }
      }
    }
    if (byWord.size) {
      const list = [...byWord];
      const [w0, e0] = list[0];
      report({
        severity: 'warning',
        source: 'cli',
        ruleId: 'name-variant-remains',
        message: `${list.length} word${list.length === 1 ? '' : 's'} left in the output ${list.length === 1 ? 'is a spelling variant' : 'are spelling variants'} of a name that was replaced (a doubled letter, ij or y, an accent), and may be that person: ${some(list.map(([w, e]) => `"${w}" beside "${e.name}" (${ps.pseudonymOf(e.name) ?? '?'}; ${e.places.length} place${e.places.length === 1 ? '' : 's'}, first ${e.places[0].file}:${e.places[0].line}:${e.places[0].column})`))}`,
        ...e0.places[0],
        hint: `if "${w0}" is a name, add it as a row of a names list (--names FILE) — with the pseudonym of "${e0.name}" if it is that person — and run again; if it is an ordinary word, nothing needs doing`,
      });
    }
  }

  // 6. write the outputs; then read back everything written and look for every original of the
  // key and every identifier replaced: if one remains, the output is deleted (exit 2)
  const { writeFileAtomic } = await import('../../export/write-file-atomic.js');
  const written: string[] = [];
  const put = async (path: string, data: string) => {
    await writeFileAtomic(path, data, { shown: relative(io.cwd, path) || path });
    written.push(path);
  };
  // the report in the output folder (shared with the pseudonymised files) names no originals;
  // the full report (with the originals, to review the heuristics) goes beside the key file
  const header = ['file', 'line', 'column', 'original', 'replacement', 'kind', 'rule'];
  const shared = reportRows.map((r) => r.filter((_, k) => k !== 3));
  try {
    for (const f of sources) await put(targets.get(f)!, results.get(f)!.text);
    await put(join(outDir, 'anonymize-report.csv'), [csvRow(header.filter((h) => h !== 'original')), ...shared.map(csvRow)].join('\n') + '\n');
    if (codingsOut) await put(join(outDir, 'codings.json'), codingsOut);
    const leaks: string[] = [];
    for (const w of written) {
      const text = await readFile(w, 'utf8');
      const rel = relative(outDir, w).split(sep).join('/');
      const inName = ps.findLeaks(rel);
      if (inName.length) leaks.push(`${rel}: its name holds the original of ${inName[0].pseudonym} (${inName[0].kind})`);
      for (const l of ps.findLeaks(text).slice(0, 3)) {
        const before = text.slice(0, l.index);
        const line = before.split('\n').length;
        const column = Array.from(before.slice(before.lastIndexOf('\n') + 1)).length + 1;
        leaks.push(`${rel}:${line}:${column}: the original of ${l.pseudonym} (${l.kind})`);
      }
    }
    if (leaks.length) {
      throw inputError('privacy', 'original-remains', `after pseudonymising, an original remains in what was written (${leaks.length} place${leaks.length === 1 ? '' : 's'}: ${leaks.slice(0, 5).join('; ')}${leaks.length > 5 ? '; …' : ''}); the output was deleted`, {
        file: out,
        hint: 'add the name to --names (or correct it in the key file) and run again; please report the case if the name was in the key',
      });
    }
  } catch (err) {
    const { unlink, rmdir } = await import('node:fs/promises');
    const { unwritten } = await import('../../export/write-file-atomic.js');
    // (removed again, and said so: the exit message listed them as written and staying)
    const removed: string[] = [];
    for (const w of written) {
      if (await unlink(w).then(() => true, () => false)) removed.push(relative(io.cwd, w) || w);
      unwritten(w);
    }
    if (removed.length) {
      io.stderr.write(
        `qda anonymize: the ${removed.length === 1 ? 'file' : `${removed.length} files`} written before this error ${removed.length === 1 ? 'was' : 'were'} removed again (${some(removed)}): a pseudonymised folder is written whole or not at all\n`,
      );
    }
    // (folders this run made and left empty)
    for (const d of [...new Set(written.map((w) => dirname(w)))].sort((x, y) => y.length - x.length)) {
      for (let dir = d; inside(dir, outDir) || dir === outDir; dir = dirname(dir)) if (await rmdir(dir).then(() => false, () => true)) break;
    }
    throw err;
  }
  if (keyPath) {
    const x = keyExtras.value;
    const rows = ps.keyEntries().map((k) => csvRow([k.original, k.pseudonym, k.kind, ...(x ? (x.byOriginal.get(k.original) ?? x.header.map(() => '')) : [])]));
    await writeFileAtomic(resolve(io.cwd, keyPath), [csvRow(['original', 'pseudonym', 'kind', ...(x?.header ?? [])]), ...rows].join('\n') + '\n', { shown: keyPath });
    const full = resolve(io.cwd, keyPath);
    await writeFileAtomic(keyReportPath(full), [csvRow(header), ...reportRows.map(csvRow)].join('\n') + '\n');
  }
  const kinds = new Map<string, number>();
  for (const r of reportRows) kinds.set(String(r[5]), (kinds.get(String(r[5])) ?? 0) + 1);
  const heur = reportRows.filter((r) => String(r[6]).startsWith('heuristic')).length;
  io.stdout.write(
    `pseudonymised ${sources.length} file(s) into ${out}${converts.length ? ` (${converts.length} .docx/.odt/.pdf written as .txt)` : ''}: ${reportRows.length} replacement(s) (${[...kinds].sort().map(([k, n]) => `${n} ${k}`).join(', ') || 'none'})` +
      `${heur ? `; ${heur} by heuristics: review them in ${join(out, 'anonymize-report.csv')}` : ''}${keyPath ? `; key: ${keyPath}` : ''}\n`,
  );
  return 0;
}
