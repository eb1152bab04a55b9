/**
 * Tables read as sources (open answers, `.csv`/`.tsv`/`.xlsx`) and survey data (`.xlsx`): every
 * row with the line (CSV) or row number (XLSX) it stands on, and every cell either read or said.
 *
 * - CSV: qdakit's own reader (parseCsvRecords): a row typed with another separator than the rest
 *   stops with its line; a one-column table reads each line whole (a Dutch Excel export of one
 *   column does not quote its commas).
 * - XLSX: the first visible sheet with data is read (a range of merged cells below the header is
 *   read in every cell it spans, and said); every other sheet with data (hidden or not)
 *   is named in a warning with its rows; a cell with an error value (#N/A) is said with its cell; a
 *   formula cell without a saved result (a file written by
 *   a program, never opened in Excel) is said with its cell; rows keep their own numbers (an
 *   empty row in the middle does not shift the rows after it).
 * - checkAnswerTable: a row with more values than the header has names, or (CSV) fewer, stops with exit 2; two
 *   columns with one name are both kept and said; a respondent id with answers on several rows (to one
 *   question) is said; rows without an answer are said (info) with
 *   their lines.
 */
import type { Diagnostic } from '../model/types.js';
import { inputError, QdaInputError, type Report } from '../model/errors.js';
import { parseCsvRecords } from './csv-records.js';
import { CASE_SOURCE_COLUMNS, ID_COLUMNS, QUESTION_COLUMNS, TEXT_COLUMNS, type AnswerColumns } from './parse-answers.js';

export interface TableRows {
  readonly header: string[];
  readonly rows: string[][];
  /** Per row: its 1-based line (CSV) or row number (XLSX). */
  readonly lines: number[];
  /** XLSX: the sheet read. */
  readonly sheet?: string;
  /** The 1-based line (CSV) or row (XLSX) of the header: below a `sep=;` line or a title it is not 1. */
  readonly headerLine?: number;
  /** A problem found while reading that stops reading only if the table is read as a source. */
  readonly deferred?: QdaInputError;
  /** Warnings found while reading, said only if the table is read as a source (checkAnswerTable). */
  readonly notes: Diagnostic[];
}

/** Column names that make a row below a title the header of a table of answers. */
const ANSWER_COLUMNS: ReadonlySet<string> = new Set([...TEXT_COLUMNS, ...ID_COLUMNS, ...QUESTION_COLUMNS]);

/** An answers CSV: header, rows and their lines (a row with mixed separators deferred: the table may be passed over). */
/**
 * A title above the header (`Enquête buurtteams 2024` ⏎ ⏎ `respondent;antwoord` ⏎ …, as a report
 * exported to CSV has): the lines before the first line with a separator, when that line names a
 * column qdakit knows (respondent, antwoord, vraag, …) and at most three lines stand before it.
 * Read as a one-column table, the title would be the header and every row one value, its quoted
 * line breaks cut. Returns where the header starts (UTF-16 offset, 1-based line) and the title.
 */
export function titleAboveHeader(text: string, known: ReadonlySet<string> = ANSWER_COLUMNS): { at: number; line: number; title: string } | undefined {
  // (Excel's `sep=;` line is no title: parseCsvRecords reads it)
  if (/^"?sep=[,;\t|]/i.test(text)) return undefined;
  const re = /[^\r\n]*(?:\r\n|\r|\n|$)/y;
  const title: string[] = [];
  let at = 0;
  for (let line = 1; line <= 6 && at < text.length; line++) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m || m[0] === '') return undefined;
    const l = m[0].replace(/[\r\n]+$/, '');
    const sep = [';', '\t', ','].find((d) => l.includes(d));
    // (a title typed in a spreadsheet's first cell, saved with the separators of the empty cells
    // beside it: `Overzicht respondenten 2024;;;`, is a title line too)
    const values = sep === undefined ? [] : l.split(sep).map((h) => h.trim().replace(/^"|"$/g, '').trim());
    const filled = values.filter((v) => v !== '');
    if (sep !== undefined && filled.length >= 2) {
      const names = values.map((h) => h.toLowerCase().replace(/[\s-]+/g, '_'));
      if (names.some((h) => known.has(h))) return title.length ? { at, line, title: title.join(' / ') } : undefined;
      // (a note of a label and its value above the header, `Bron:;Enquête 2024`: a title line too;
      // it was the header, and the real header row an answer "antwoord" of a respondent "row 3")
      if (filled.length > 2 || title.length === 3) return undefined;
      title.push(filled.join(' '));
      at += m[0].length;
      continue;
    }
    if (l.trim() !== '' && (sep === undefined || values.some((v) => v !== ''))) {
      const t = sep === undefined ? l.trim() : values.find((v) => v !== '')!;
      if (title.length === 3) return undefined;
      title.push(t);
    }
    at += m[0].length;
  }
  return undefined;
}

/** A column name as titleAboveHeader compares it: lower case, spaces and dashes as `_`. */
export const titleColumnName = (h: string): string => h.trim().toLowerCase().replace(/[\s-]+/g, '_');

/** The warning for a title found by titleAboveHeader: its lines, said as not read as `what` (rows of the table, answers, names). */
export function tableTitleWarning(t: { line: number; title: string }, file: string, what: string, hint = 'nothing to do if this is the title; to silence this, remove the lines above the header'): Diagnostic {
  return {
    severity: 'warning',
    source: 'ingest',
    ruleId: 'table-title',
    message: `the line${t.line > 2 ? 's' : ''} before line ${t.line} ("${t.title.length > 60 ? `${t.title.slice(0, 57)}...` : t.title}") stand above the header of line ${t.line} and are read as a title, not as ${what}`,
    file,
    line: 1,
    actual: t.title,
    hint,
  };
}

export function readAnswerCsv(text: string, file: string): TableRows {
  const notes: Diagnostic[] = [];
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const t = titleAboveHeader(text);
  let firstLine: number | undefined;
  if (t) {
    text = text.slice(t.at);
    firstLine = t.line;
    notes.push(tableTitleWarning(t, file, 'answers', 'nothing to do if this is the title; if it is an answer, remove the lines above the header'));
  }
  try {
    const read = parseCsvRecords(text, file, { oneColumn: true, report: (d) => notes.push(d), ...(firstLine ? { firstLine } : {}) });
    // (a header in two lines: `respondent;Vraag 1;` above `;antwoord;toelichting`)
    const { header, rows, lines } = csvHeaderInTwoLines({ header: read.header, rows: read.records, lines: read.lines }, read.headerLine, file, (d) => notes.push(d));
    return { header: header.map((h) => h.trim()), rows, lines, headerLine: read.headerLine, notes };
  } catch (e) {
    if (!(e instanceof QdaInputError) || e.diagnostics[0]?.ruleId !== 'mixed-separators') throw e;
    // read again without the check (only to see whether it is a table of answers at all)
    const { header, records, lines, headerLine } = parseCsvRecords(text, file, { oneColumn: true, mixed: 'allow', ...(firstLine ? { firstLine } : {}) });
    return { header: header.map((h) => h.trim()), rows: records, lines, headerLine, deferred: e, notes };
  }
}

type Cell = import('exceljs').Cell;

/**
 * A date cell as text: `YYYY-MM-DD`, with its time when it has one (`YYYY-MM-DD HH:MM`, seconds
 * when not 0), and a time alone (a cell formatted h:mm, Excel's day 0) as `HH:MM`. (Read as the date
 * only, a form's time stamps lost their time, and a column of times read 1899-12-30 on every row.)
 */
export function dateCellText(d: Date): string {
  const t = d.getTime();
  if (Number.isNaN(t)) return '';
  const iso = new Date(Math.round(t / 1000) * 1000).toISOString();
  const day = iso.slice(0, 10);
  const time = iso.slice(11, 19).replace(/:00$/, '');
  if (day === '1899-12-30') return time;
  return time === '00:00' ? day : `${day} ${time}`;
}

/**
 * A duration in a cell formatted as elapsed time (`[h]:mm`, `[h]:mm:ss`, `[mm]:ss`) as Excel shows
 * it: 25:30 for 1.0625 days (it was read as the date "1899-12-31 01:30"); undefined for other formats.
 */
function elapsedShown(d: Date, numFmt: string | undefined): string | undefined {
  const f = (numFmt ?? '').replace(/"[^"]*"|\\./g, '').split(';')[0];
  const unit = /\[(h+|m+|s+)\]/i.exec(f)?.[1][0].toLowerCase();
  if (!unit) return undefined;
  const total = Math.round((d.getTime() - Date.UTC(1899, 11, 30)) / 1000);
  if (!Number.isFinite(total) || total < 0) return undefined;
  const two = (n: number) => String(n).padStart(2, '0');
  const withSeconds = /:s/i.test(f.replace(/\[[^\]]*\]/g, ''));
  if (unit === 's') return String(total);
  if (unit === 'm') return `${Math.floor(total / 60)}:${two(total % 60)}`;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  return withSeconds ? `${h}:${two(m)}:${two(total % 60)}` : `${h}:${two(m)}`;
}

/** How a cell is read as text: as shown (formatted), the result of a formula, a date as YYYY-MM-DD (and its time, if any), a number formatted 000 with its leading zeros. */
export function shownCellText(cell: Cell): string {
  const v = cellValue(cell);
  // (a formula whose saved result is a date: that date, not the result's JavaScript text)
  const res = v && typeof v === 'object' && 'result' in v ? (v as { result: unknown }).result : v;
  if (res instanceof Date) return elapsedShown(res, cell.numFmt) ?? dateCellText(res);
  // a whole number shown with leading zeros (format 000: respondent 007, source 001, a postcode
  // 0123): as shown (it was read 7, and matched no source 001.txt)
  if (typeof res === 'number' && Number.isInteger(res) && res >= 0 && /^0+$/.test(cell.numFmt ?? '')) return String(res).padStart(cell.numFmt.length, '0');
  // a number formatted as a percentage (shown 75%, stored 0.75): as shown (it was read 0.75)
  const pct = typeof res === 'number' ? percentShown(res, cell.numFmt) : undefined;
  if (pct !== undefined) return `${pct}%`;
  // a logical value (a checkbox column, =B2>3): TRUE or FALSE, as Excel writes it in its file and
  // in English (Dutch Excel shows WAAR, ONWAAR); it was read "true", "false". Said by readXlsxTable
  if (typeof res === 'boolean') return booleanText(res);
  // (a formula's number: exceljs's text of a formula whose result is 0 is empty)
  if (typeof res === 'number' && res !== v) return String(res);
  return errorText(res) ?? (v === null || v === undefined ? '' : plainText(cell));
}

/**
 * A number in a cell formatted as a percentage (`0%`, `0.0%`; a `%` outside quotes in the number
 * format) as the number Excel shows before its % sign: 0.75 → "75", 0.755 with `0.0%` → "75.5";
 * `exact`: all its decimals (0.755 with `0%` → "75.5", where Excel shows 76). Undefined when the
 * format is no percentage.
 */
export function percentShown(n: number, numFmt: string | undefined, exact = false): string | undefined {
  if (!numFmt || !numFmt.includes('%') || !Number.isFinite(n)) return undefined;
  // the first section of the format (positive numbers), without quoted text, escaped characters and [colours]
  const section = numFmt.replace(/"[^"]*"|\\./g, '').split(';')[0].replace(/\[[^\]]*\]/g, '');
  if (!section.includes('%')) return undefined;
  const p = Number((n * 100).toPrecision(12));
  return exact ? String(p) : p.toFixed(/\.([0#?]+)/.exec(section)?.[1].length ?? 0);
}

/**
 * exceljs's text of a cell, always a string: a hyperlink whose shown text is rich text (a link
 * with a word in bold, as pasted from a web page) gives its rich-text object, not its words, and
 * reading the sheet stopped with an internal error ("x.trim is not a function").
 */
export function plainText(cell: Cell): string {
  const t = cell.text as unknown;
  if (typeof t === 'string') return t;
  if (t && typeof t === 'object' && Array.isArray((t as { richText?: unknown }).richText)) return ((t as { richText: Array<{ text?: unknown }> }).richText).map((r) => String(r.text ?? '')).join('');
  return t === null || t === undefined ? '' : String(t);
}

/**
 * A cell's value as exceljs reads it, with a formula's saved result also when that result is 0,
 * FALSE or empty text: exceljs's `cell.value` leaves such a result out (it copies only truthy
 * fields), so =B2-C2 giving 0 and =B2>3 giving FALSE were read as formulas without a saved result,
 * empty cells said to need saving in Excel. A merged cell's value is its first cell's.
 */
export function cellValue(cell: Cell): unknown {
  const c = cell.isMerged && cell.master !== cell ? cell.master : cell;
  const v = c.value as unknown;
  if (v && typeof v === 'object' && ('formula' in v || 'sharedFormula' in v) && !('result' in v)) {
    const r = (c as unknown as { result?: unknown }).result;
    if (r !== undefined && r !== null) return { ...(v as object), result: r };
  }
  return v;
}

/** A logical cell's value as read: `TRUE` or `FALSE`, whatever language Excel shows it in (Dutch Excel: WAAR, ONWAAR). */
export function booleanText(b: boolean): string {
  return b ? 'TRUE' : 'FALSE';
}

/** An error value (`{error: '#N/A'}`, also a formula's saved result) as Excel shows it (a formula's was read as "[object Object]"). */
export function errorText(res: unknown): string | undefined {
  return res && typeof res === 'object' && 'error' in res ? String((res as { error: unknown }).error) : undefined;
}

/**
 * The sheet of a workbook that is read: the first visible sheet with data (else the first with
 * data), its rows with their numbers, and a warning naming every other sheet with data.
 */
export async function readXlsxTable(bytes: Uint8Array, file: string, cellText: (cell: Cell) => string = shownCellText, known?: ReadonlySet<string>): Promise<TableRows> {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch (e) {
    throw inputError('ingest', 'unreadable-document', `cannot read this .xlsx file (${(e as Error).message.split('\n')[0]})`, {
      file,
      hint: 'open it in Excel or LibreOffice and save it again as .xlsx, or export the sheet as .csv',
    });
  }
  const withData = wb.worksheets.filter((w) => w.actualRowCount > 0);
  const hidden = (w: (typeof withData)[number]) => w.state === 'hidden' || w.state === 'veryHidden';
  const ws = withData.find((w) => !hidden(w)) ?? withData[0];
  if (!ws) return { header: [], rows: [], lines: [], notes: [] };
  const notes: Diagnostic[] = [];
  const others = withData.filter((w) => w !== ws);
  if (others.length) {
    notes.push({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'sheets-not-read',
      message: `this workbook has ${withData.length} sheets with data; only "${ws.name}"${hidden(ws) ? ' (hidden)' : ''} is read, not ${others
        .slice(0, 8)
        .map((w) => `"${w.name}" (${w.actualRowCount} row${w.actualRowCount === 1 ? '' : 's'}${hidden(w) ? ', hidden' : ''})`)
        .join(', ')}${others.length > 8 ? ', …' : ''}`,
      file,
      hint: 'the first visible sheet is read: to read another one instead, move it to the front (or hide the sheets before it) and save; to read several, save each as its own .xlsx or .csv file and give them all; delete the sheets that hold nothing to read to silence this warning',
    });
  }
  const width = ws.columnCount;
  const all: Array<{ line: number; cells: string[] }> = [];
  const noResult: string[] = [];
  // rows with formulas that sum up the rows above or below them (a totals or averages row under the
  // respondents): read as a row of data, a respondent or source of their own. Said below
  const totals = new Map<number, string[]>();
  // cells that hold an error value (#N/A of a lookup that found nothing, #DIV/0!, #REF!): read as the
  // text Excel shows, said with their cells (an answer "#N/A" was coded, a group "#N/A" counted)
  const errors: Array<{ address: string; error: string }> = [];
  // cells that hold a logical value (TRUE/FALSE; WAAR/ONWAAR in Dutch Excel): read as TRUE and
  // FALSE whatever language the sheet is shown in, said with their cells (were read true, false)
  const logical: string[] = [];
  // rows and columns hidden in Excel (a filter that leaves out test responses, rows hidden by hand)
  // are read like the others: said, as whoever hid them may believe they are left out
  const hiddenRows: number[] = [];
  const hiddenCols = new Set<number>();
  // cells merged with the cell before them: exceljs gives each the first cell's value, so a merged
  // range is read in every row and column it spans (said below, for the ranges among the data)
  const merged = new Map<string, { row: number; col: number; text: string; toRow: number; toCol: number }>();
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) {
      const cell = row.getCell(c);
      if (cell.isMerged && cell.master !== cell) {
        const m = cell.master;
        const r = merged.get(m.address) ?? merged.set(m.address, { row: Number(m.row), col: Number(m.col), text: cellText(m), toRow: rowNumber, toCol: c }).get(m.address)!;
        r.toRow = Math.max(r.toRow, rowNumber);
        r.toCol = Math.max(r.toCol, c);
      }
      const v = cellValue(cell);
      if (v && typeof v === 'object' && ('formula' in v || 'sharedFormula' in v)) {
        if ((v as { result?: unknown }).result === undefined || (v as { result?: unknown }).result === null) noResult.push(cell.address);
        // a formula that sums up a column of other rows (AVERAGE(C2:C40)): a totals row
        const f = AGGREGATE.exec(String(cell.formula ?? ''));
        if (f && f[2] === f[4] && f[3] !== f[5]) (totals.get(rowNumber) ?? totals.set(rowNumber, []).get(rowNumber)!).push(`${cell.address} ${f[1].toUpperCase()}(${f[2]}${f[3]}:${f[4]}${f[5]})`);
        // (an Excel Table's total row: SUBTOTAL(109,Antwoorden[score]), a column of the table by name)
        const g = f ? null : TABLE_AGGREGATE.exec(String(cell.formula ?? ''));
        if (g) (totals.get(rowNumber) ?? totals.set(rowNumber, []).get(rowNumber)!).push(`${cell.address} ${g[1].toUpperCase()}(${g[2]}[${g[3]}])`);
      }
      // (a logical value, or a formula's: read TRUE/FALSE, said below with the cells)
      if ((typeof v === 'boolean' || (v && typeof v === 'object' && typeof (v as { result?: unknown }).result === 'boolean')) && !(cell.isMerged && cell.master !== cell)) logical.push(cell.address);
      const err = v && typeof v === 'object' ? ('error' in v ? v : 'result' in v ? (v as { result?: unknown }).result : undefined) : undefined;
      if (err && typeof err === 'object' && 'error' in err && !(cell.isMerged && cell.master !== cell)) errors.push({ address: cell.address, error: String((err as { error: unknown }).error) });
      cells.push(cellText(cell));
    }
    if (row.hidden && cells.some((x) => x.trim() !== '')) hiddenRows.push(rowNumber);
    cells.forEach((x, i) => {
      if (x.trim() !== '' && ws.getColumn(i + 1).hidden) hiddenCols.add(i + 1);
    });
    all.push({ line: rowNumber, cells });
  });
  if (hiddenRows.length || hiddenCols.size) {
    const cols = [...hiddenCols].map((c) => ws.getColumn(c).letter);
    const parts = [
      ...(hiddenRows.length ? [`${hiddenRows.length} hidden row${hiddenRows.length === 1 ? '' : 's'} (${hiddenRows.slice(0, 12).join(', ')}${hiddenRows.length > 12 ? ', …' : ''})`] : []),
      ...(cols.length ? [`${cols.length} hidden column${cols.length === 1 ? '' : 's'} (${cols.slice(0, 12).join(', ')}${cols.length > 12 ? ', …' : ''})`] : []),
    ];
    notes.push({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'hidden-rows-read',
      message: `sheet "${ws.name}" has ${parts.join(' and ')} with data: they are read like every other row and column (a filter or hiding in Excel leaves nothing out)`,
      file,
      ...(hiddenRows.length ? { line: hiddenRows[0] } : {}),
      hint: 'to leave rows or columns out, delete them (unhide them first to see what they hold) and save; if they belong to the data, nothing needs doing',
    });
  }
  // (a formula whose saved result is empty text, =IF(A2="";"";A2) on an empty A2: Excel saves it as
  // t="str" with an empty <v>, which exceljs reads as no result; it was said as a formula "without a
  // saved result" that needed saving in Excel. Told apart from the sheet's XML, only when there are such cells)
  const emptyResult = noResult.length ? await formulasWithEmptyResult(bytes, ws.name, noResult) : new Set<string>();
  if (emptyResult.size) {
    const cells = noResult.filter((a) => emptyResult.has(a));
    noResult.splice(0, noResult.length, ...noResult.filter((a) => !emptyResult.has(a)));
    notes.push({
      severity: 'info',
      source: 'ingest',
      ruleId: 'formula-empty-result',
      message: `${cells.length} cell${cells.length === 1 ? ' is a formula' : 's are formulas'} whose saved result is empty text (${cells.slice(0, 10).join(', ')}${cells.length > 10 ? ', …' : ''}) in sheet "${ws.name}": read as empty, as Excel shows ${cells.length === 1 ? 'it' : 'them'}`,
      file,
      line: Number(/\d+$/.exec(cells[0])?.[0] ?? 1),
      hint: 'nothing to do if these cells are empty on purpose (a formula that gives "" when there is nothing to show); if a value belongs there, correct the formula or type the value, and save',
    });
  }
  if (noResult.length) {
    notes.push({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'formula-without-result',
      message: `${noResult.length} cell${noResult.length === 1 ? ' is a formula' : 's are formulas'} without a saved result (${noResult.slice(0, 10).join(', ')}${noResult.length > 10 ? ', …' : ''}) in sheet "${ws.name}": read as empty`,
      file,
      hint: 'open the file in Excel or LibreOffice and save it (that stores the results), or paste the values instead of the formulas',
    });
  }
  if (errors.length) {
    const kinds = [...new Set(errors.map((e) => e.error))];
    notes.push({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'error-cells-read',
      message: `${errors.length} cell${errors.length === 1 ? ' holds an error value' : 's hold error values'} (${kinds.join(', ')}) in sheet "${ws.name}": ${errors
        .slice(0, 10)
        .map((e) => `${e.address}${kinds.length > 1 ? ` ${e.error}` : ''}`)
        .join(', ')}${errors.length > 10 ? ', …' : ''}; read as that text, as Excel shows it`,
      file,
      line: Number(/\d+$/.exec(errors[0].address)?.[0] ?? 1),
      hint: 'correct the formula (a lookup that finds nothing: give it a value for that case, e.g. IFERROR(…; "")) or clear the cell, and save',
    });
  }
  if (logical.length) {
    notes.push({
      severity: 'info',
      source: 'ingest',
      ruleId: 'boolean-cells-read',
      message: `${logical.length} cell${logical.length === 1 ? ' holds a logical value' : 's hold logical values'} in sheet "${ws.name}" (${logical.slice(0, 10).join(', ')}${logical.length > 10 ? ', …' : ''}): read as TRUE and FALSE, as Excel writes them in English, also where a Dutch Excel shows WAAR and ONWAAR (a CSV saved by a Dutch Excel holds WAAR and ONWAAR: a group of the one file is not a group of the other)`,
      file,
      line: Number(/\d+$/.exec(logical[0])?.[0] ?? 1),
      hint: 'nothing to do if TRUE and FALSE are the values you mean; to read other words (ja, nee), type them as text in the cells (or with a formula, =IF(B2;"ja";"nee")) and save',
    });
  }
  // a title above the header (a row of one value, or one merged cell that repeats it): the header
  // is the first of the next rows that names a column qdakit knows; the title is said
  let h = 0;
  const distinct = (cells: string[]) => new Set(cells.map((c) => c.trim()).filter((c) => c !== '')).size;
  // (a cases table's source column too: its title stopped it as "no source column")
  // (a survey's or names list's own columns too, `known`: its title row was the header)
  const knownColumns = new Set([...ANSWER_COLUMNS, ...CASE_SOURCE_COLUMNS, ...(known ?? [])]);
  const namesKnown = (cells: string[]) => cells.some((c) => knownColumns.has(c.trim().toLowerCase().replace(/[\s-]+/g, '_')));
  // (rows above the header: a title, or notes of a label and its value, `Bron: | Enquête 2024`: the
  // second row was the header, and the real header row an answer "antwoord" of a respondent "row 3")
  if (all.length > 2 && distinct(all[0].cells) <= 2 && !namesKnown(all[0].cells)) {
    for (let k = 1; k <= 3 && k < all.length - 1; k++) {
      if (distinct(all[k].cells) >= 2 && namesKnown(all[k].cells)) {
        h = k;
        break;
      }
      if (distinct(all[k].cells) > 2) break;
    }
    if (h > 0) {
      const title = all.slice(0, h).map((r) => r.cells.map((c) => c.trim()).filter((c) => c !== '').filter((c, i, a) => a.indexOf(c) === i).join(' ')).filter((t) => t !== '').join(' / ');
      notes.push({
        severity: 'warning',
        source: 'ingest',
        ruleId: 'table-title',
        message: `the row${h === 1 ? '' : 's'} above row ${all[h].line} ("${title.length > 60 ? `${title.slice(0, 57)}...` : title}") stand${h === 1 ? 's' : ''} above the header of row ${all[h].line} in sheet "${ws.name}" and ${h === 1 ? 'is' : 'are'} read as a title, not as ${all[h].cells.some((c) => ANSWER_COLUMNS.has(c.trim().toLowerCase().replace(/[\s-]+/g, '_'))) ? 'answers' : 'rows of the table'}`,
        file,
        line: all[0].line,
        actual: title,
        hint: 'nothing to do if this is the title; if it is an answer, remove the rows above the header',
      });
    }
  }
  const totalRows = [...totals].filter(([r]) => r > (all[h]?.line ?? 0));
  if (totalRows.length) {
    notes.push({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'totals-row-read',
      message: `sheet "${ws.name}" has ${totalRows.length === 1 ? 'a row' : `${totalRows.length} rows`} with formulas that sum up a column of other rows (${totalRows
        .slice(0, 4)
        .map(([r, fs]) => `row ${r}: ${fs.slice(0, 3).join(', ')}${fs.length > 3 ? ', …' : ''}`)
        .join('; ')}${totalRows.length > 4 ? '; …' : ''}): read as ${totalRows.length === 1 ? 'a row' : 'rows'} of data like the others (a respondent, a source, a group of its own), not as a total`,
      file,
      line: totalRows[0][0],
      hint: 'delete the totals row (or move it to another sheet; in an Excel Table: Table Design, untick Total Row) and save; if the row is data, nothing needs doing',
    });
  }
  // merged ranges among the data rows (below the header) that hold a value: read in every cell they
  // span (an answer merged over two rows is each row's answer, coded twice; a group merged over ten
  // rows is each row's group), as a reader that reads the first cell only would not: said
  const headerLine = all[h]?.line ?? 0;
  const spans = [...merged.values()].filter((m) => m.toRow > headerLine && m.text.trim() !== '');
  if (spans.length) {
    const letter = (c: number) => ws.getColumn(c).letter;
    const cellsIn = spans.reduce((n, m) => n + (m.toRow - m.row + 1) * (m.toCol - m.col + 1), 0);
    const shown = (t: string) => {
      const one = t.replace(/\s+/g, ' ').trim();
      return one.length > 40 ? `${one.slice(0, 40)}…` : one;
    };
    notes.push({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'merged-cells-read',
      message: `sheet "${ws.name}" has ${spans.length} merged range${spans.length === 1 ? '' : 's'} of cells with a value below the header (${spans
        .slice(0, 8)
        .map((m) => `${letter(m.col)}${m.row}:${letter(m.toCol)}${m.toRow} "${shown(m.text)}"`)
        .join(', ')}${spans.length > 8 ? ', …' : ''}): the value of the first cell is read in each of the ${cellsIn} cells ${spans.length === 1 ? 'it spans' : 'they span'} (an answer merged over two rows is read as the answer of both)`,
      file,
      line: spans[0].row,
      hint: 'if the value belongs to the first row only, unmerge the cells (Merge & Center > Unmerge Cells) and save: the other cells are then empty; if every row it spans has that value, nothing needs doing (or unmerge and fill it in)',
    });
  }
  // the header row again further down (two exports pasted one under the other): not read as a row
  // (its names were values: an answer "antwoord", a group "groep"), said with its rows
  let head = (all[h]?.cells ?? []).map((x) => x.trim());
  let body = all.slice(h + 1);
  // a header in two rows (a merged "Vraag 1" over B1:C1, "antwoord" and "toelichting" under it)
  if (body.length) {
    const spans = [...merged.values()].filter((m) => m.row === headerLine && m.toRow === headerLine && m.toCol > m.col).map((m) => ({ from: m.col - 1, to: m.toCol - 1 }));
    const two = secondHeaderRow(head, body[0].cells, spans);
    if (two) {
      notes.push(secondHeaderNote(two, head, all[h].line, body[0].line, file, 'row', ws.name, (c) => ws.getColumn(c + 1).letter));
      head = two;
      body = body.slice(1);
    }
  }
  if (head.filter((x) => x !== '').length >= 2) {
    const again = body.filter((r) => r.cells.every((v, c) => v.trim() === (head[c] ?? '')));
    if (again.length) {
      body = body.filter((r) => !again.includes(r));
      const shown = head.filter((x) => x !== '').join(', ');
      notes.push({
        severity: 'warning',
        source: 'ingest',
        ruleId: 'repeated-header',
        message: `${again.length === 1 ? `row ${again[0].line} repeats` : `${again.length} rows (${again.slice(0, 12).map((r) => r.line).join(', ')}${again.length > 12 ? ', …' : ''}) repeat`} the header of row ${all[h].line} ("${shown.length > 60 ? shown.slice(0, 60) + '…' : shown}") in sheet "${ws.name}", as two exports pasted one under the other do: not read as ${again.length === 1 ? 'a row' : 'rows'} (${again.length === 1 ? 'its' : 'their'} names would be values: a source, group or answer of that name)`,
        file,
        line: again[0].line,
        hint: 'nothing to do if the exports were pasted together; delete the repeated header row to silence this',
      });
    }
  }
  return { header: head, rows: body.map((r) => r.cells), lines: body.map((r) => r.line), sheet: ws.name, ...(all[h] ? { headerLine: all[h].line } : {}), notes };
}

/**
 * Of the formula cells `cells` of sheet `sheet` that exceljs reads without a result, those whose
 * saved result is empty text: Excel, LibreOffice and exceljs save such a result as `t="str"` with
 * an empty `<v>` (a formula never calculated has no `t="str"`). Read from the workbook's XML.
 */
async function formulasWithEmptyResult(bytes: Uint8Array, sheet: string, cells: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  try {
    const { unzipSync, strFromU8 } = await import('fflate');
    const meta = unzipSync(bytes, { filter: (f) => f.name === 'xl/workbook.xml' || f.name === 'xl/_rels/workbook.xml.rels' });
    const wbXml = meta['xl/workbook.xml'] ? strFromU8(meta['xl/workbook.xml']) : '';
    const rels = meta['xl/_rels/workbook.xml.rels'] ? strFromU8(meta['xl/_rels/workbook.xml.rels']) : '';
    const unescape = (x: string) => x.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    const attr = (tag: string, name: string) => new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(tag)?.slice(1).find((x) => x !== undefined);
    const sheetTag = [...wbXml.matchAll(/<(?:\w+:)?sheet\s[^>]*>/g)].map((m) => m[0]).find((t) => unescape(attr(t, 'name') ?? '') === sheet);
    const rid = sheetTag ? attr(sheetTag, 'r:id') ?? attr(sheetTag, '\\w+:id') : undefined;
    const relTag = rid ? [...rels.matchAll(/<(?:\w+:)?Relationship\s[^>]*>/g)].map((m) => m[0]).find((t) => attr(t, 'Id') === rid) : undefined;
    const target = relTag ? attr(relTag, 'Target') : undefined;
    if (!target) return out;
    const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
    const part = unzipSync(bytes, { filter: (f) => f.name === path })[path];
    if (!part) return out;
    const xml = strFromU8(part);
    const wanted = new Set(cells);
    for (const m of xml.matchAll(/<(?:\w+:)?c\s([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?c>)/g)) {
      const r = attr(` ${m[1]}`, 'r');
      if (!r || !wanted.has(r) || attr(` ${m[1]}`, 't') !== 'str') continue;
      const body = m[2] ?? '';
      if (/<(?:\w+:)?f[\s>/]/.test(body) && /<(?:\w+:)?v\s*(?:\/>|>\s*<\/(?:\w+:)?v>)/.test(body)) out.add(r);
    }
  } catch {
    // (no zip fflate opens: exceljs read it, so say them as formulas without a result, as before)
  }
  return out;
}

/**
 * A header in two rows: a name over several columns (a merged cell `Vraag 1` over B1:C1; in a CSV,
 * a name followed by empty header cells, `respondent;Vraag 1;`) with a name per column in the row
 * below (`;antwoord;toelichting`). The row below was read as data: an answer "antwoord" of a
 * respondent "row 2", a respondent of its own in survey data. `spans`: the header's ranges over
 * several columns (0-based, inclusive). The header joined (`Vraag 1 antwoord`, `Vraag 1
 * toelichting`) when the row below names each column of a range and holds nothing outside them
 * (a row of data has its id there), no number among its names; else undefined.
 */
export function secondHeaderRow(head: readonly string[], next: readonly string[], spans: ReadonlyArray<{ from: number; to: number }>): string[] | undefined {
  if (!spans.length) return undefined;
  const inSpan = (c: number) => spans.some((s) => c >= s.from && c <= s.to);
  const filled = next.map((v, c) => ({ v: v.trim(), c })).filter((x) => x.v !== '');
  if (filled.length < 2 || filled.some((x) => !inSpan(x.c) || /^[-+]?[\d.,\s]+%?$/.test(x.v) || x.v.length > 60)) return undefined;
  if (!spans.some((s) => next.slice(s.from, s.to + 1).length === s.to - s.from + 1 && next.slice(s.from, s.to + 1).every((v) => v.trim() !== ''))) return undefined;
  const out = [...head];
  for (const s of spans) {
    const top = (head[s.from] ?? '').trim();
    for (let c = s.from; c <= s.to; c++) {
      const sub = (next[c] ?? '').trim();
      if (sub) out[c] = top ? `${top} ${sub}` : sub;
    }
  }
  return out;
}

/** What is said of a header read from two rows: both rows, the names made, the row not read as data. */
export function secondHeaderNote(names: readonly string[], head: readonly string[], line: number, second: number, file: string, unit: 'row' | 'line', sheet?: string, letter: (c: number) => string = (c) => String(c + 1)): Diagnostic {
  const made = names.map((n, c) => ({ n, c })).filter((x) => x.n !== (head[x.c] ?? '').trim());
  return {
    severity: 'warning',
    source: 'ingest',
    ruleId: 'header-in-two-rows',
    message: `${unit}s ${line} and ${second}${sheet !== undefined ? ` of sheet "${sheet}"` : ''} are one header in two ${unit}s (a name over several columns above a name per column): read as one header, the columns named ${made
      .slice(0, 8)
      .map((x) => `"${x.n}" (column ${letter(x.c)})`)
      .join(', ')}${made.length > 8 ? ', …' : ''}; ${unit} ${second} is not read as data (it was: a respondent or answer of its own)`,
    file,
    line: second,
    hint: `nothing to do if these names are right; to name the columns yourself, give each its own name in ${unit} ${line} and delete ${unit} ${second}`,
  };
}

/**
 * A CSV table's header in two lines (a name over several columns, `source;Kenmerken;`, above a name
 * per column, `;team;wijk`): one header, said, and the second line no row of data (it was a source, a
 * respondent or an answer of its own). The table as it is when its header is one line.
 */
export function csvHeaderInTwoLines<R extends readonly string[]>(
  t: { header: string[]; rows: R[]; lines: number[] },
  headerLine: number,
  file: string,
  report: ((d: Diagnostic) => void) | undefined,
): { header: string[]; rows: R[]; lines: number[] } {
  const two = t.rows.length ? secondHeaderRow(t.header, t.rows[0], csvHeaderSpans(t.header)) : undefined;
  if (!two) return t;
  report?.(secondHeaderNote(two, t.header, headerLine, t.lines[0], file, 'line'));
  return { header: two, rows: t.rows.slice(1), lines: t.lines.slice(1) };
}

/** The spans of a CSV header over several columns: a name followed by empty header cells (a merged cell saved as CSV), up to the next name. */
export function csvHeaderSpans(head: readonly string[]): Array<{ from: number; to: number }> {
  const out: Array<{ from: number; to: number }> = [];
  for (let c = 0; c < head.length; c++) {
    if (!head[c].trim()) continue;
    let e = c;
    while (e + 1 < head.length && !head[e + 1].trim()) e++;
    if (e > c) out.push({ from: c, to: e });
    c = e;
  }
  return out;
}

/** A formula that sums up a range (SUM, AVERAGE, …): its function, and the range's first and last column and row. */
const AGGREGATE = /^\s*(SUM|AVERAGE|COUNT|COUNTA|COUNTIF|COUNTIFS|SUMIF|SUMIFS|AVERAGEIF|AVERAGEIFS|MEDIAN|MIN|MAX|STDEV|STDEV\.S|STDEV\.P|SUBTOTAL|AGGREGATE)\s*\((?:\s*\d+\s*[,;])?\s*\$?([A-Z]{1,3})\$?(\d+)\s*:\s*\$?([A-Z]{1,3})\$?(\d+)/i;

/** The most characters an Excel cell holds (UTF-16 code units): a longer text is cut there. */
export const EXCEL_CELL_LIMIT = 32767;

/** A formula that sums up a column of an Excel Table by name (its total row: SUBTOTAL(109,Tabel1[score])): its function, table and column. */
const TABLE_AGGREGATE = /^\s*(SUM|AVERAGE|COUNT|COUNTA|COUNTIF|COUNTIFS|SUMIF|SUMIFS|AVERAGEIF|AVERAGEIFS|MEDIAN|MIN|MAX|STDEV|STDEV\.S|STDEV\.P|VAR|VAR\.S|SUBTOTAL|AGGREGATE)\s*\((?:\s*\d+\s*[,;])?\s*([\p{L}_][\p{L}\p{N}_.]*)\[([^\]\[]+)\]/iu;

/** Columns that describe a respondent (one value per respondent), whatever the other rows hold. */
const RESPONDENT_COLUMNS = new Set(['group', 'groep', 'team', 'wijk', 'buurt', 'organisatie', 'organisation', 'organization', 'afdeling', 'department', 'rol', 'role', 'functie', 'cohort', 'conditie', 'condition', 'geslacht', 'gender', 'leeftijd', 'age', 'leeftijdsgroep', 'age_group', 'regio', 'region', 'locatie', 'location', 'gemeente', 'municipality', 'school', 'case', 'casus']);

/** Columns that are the respondent or the question, never a second column of answers. */
const NOT_TEXT = new Set([...ID_COLUMNS, ...QUESTION_COLUMNS]);

/**
 * The shape of a table of answers, once it is known to be one: values the header does not name
 * stop (exit 2, with the line); a column name used twice and rows without an answer are said.
 */
export function checkAnswerTable(t: TableRows, cols: AnswerColumns, file: string, report: Report | undefined): void {
  const textColumn = cols.text;
  if (t.deferred) throw t.deferred;
  for (const d of t.notes) report?.(d);
  const where = (line: number) => (t.sheet !== undefined ? `row ${line}` : `line ${line}`);
  // a column name used twice (a merged header cell gives its name to every column it spans): both
  // are read (the second's values under "name (column N)"), and said
  const firstOf = new Map<string, number>();
  const twice: string[] = [];
  t.header.forEach((name, c) => {
    const n = name.trim();
    if (!n) return;
    const had = firstOf.get(n.toLowerCase());
    if (had !== undefined) twice.push(`"${n}" (columns ${had + 1} and ${c + 1}${c === textColumn || had === textColumn ? `: the answers are column ${textColumn + 1}` : ''})`);
    else firstOf.set(n.toLowerCase(), c);
  });
  if (twice.length) {
    report?.({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'duplicate-column',
      message: `${twice.length === 1 ? 'a column name is' : `${twice.length} column names are`} used twice: ${twice.join(', ')}; both are read (a later column's values under "NAME (column N)" where NAME is already an attribute of the answer)`,
      file,
      line: t.headerLine ?? 1,
      hint: 'give each column its own name in the header row (a merged header cell gives its name to every column it spans: unmerge it)',
    });
  }
  let namedWidth = t.header.length;
  while (namedWidth > 0 && !t.header[namedWidth - 1].trim()) namedWidth--;
  t.rows.forEach((r, i) => {
    const lost = r.slice(t.header.length).filter((v) => v.trim() !== '');
    if (lost.length) {
      throw inputError('ingest', 'too-many-values', `${where(t.lines[i])} has ${r.length} values, but the header names ${t.header.length} column${t.header.length === 1 ? '' : 's'}: ${lost.map((v) => `"${v.length > 40 ? v.slice(0, 40) + '…' : v}"`).join(', ')} would be lost and the values before it may be in the wrong columns`, {
        file,
        line: t.lines[i],
        hint: 'put a value that holds the separator (a comma in an answer) in double quotes, or name the extra column in the header row',
      });
    }
    // (CSV: a row with fewer values than the header names: which cell is missing cannot be known, and
    // every value after it would be read in the wrong column, the answer too. An XLSX row leaves
    // its empty cells at the end out, and each cell keeps its column)
    // (columns without a name at the end of the header, "respondent;antwoord;;", are read from no
    // row: a row that ends before them lacks nothing; it stopped as if a value were missing)
    if (t.sheet === undefined && r.length < namedWidth && r.some((v) => v.trim() !== '')) {
      throw inputError('ingest', 'too-few-values', `${where(t.lines[i])} has ${r.length} value${r.length === 1 ? '' : 's'}, but the header names ${t.header.length} columns: which is missing cannot be known, and the values after it would be read in the wrong columns (the answer column "${t.header[textColumn].trim() || `column ${textColumn + 1}`}" would read "${(r[textColumn] ?? '').length > 40 ? (r[textColumn] ?? '').slice(0, 40) + '…' : r[textColumn] ?? ''}")`, {
        file,
        line: t.lines[i],
        hint: `give the row all ${t.header.length} values, an empty one as nothing between two separators (a,,b); put a value that holds a line break in double quotes`,
      });
    }
  });
  // another column that holds sentences too (a second open question as its own column): only one
  // column is the text that is coded; the other's answers are attributes of each answer. Said.
  const norm = (h: string) => h.trim().toLowerCase().replace(/[\s-]+/g, '_');
  const words = (v: string) => v.trim().split(/\s+/).filter(Boolean).length;
  for (let c = 0; c < t.header.length; c++) {
    if (c === textColumn || NOT_TEXT.has(norm(t.header[c] ?? ''))) continue;
    const values = t.rows.map((r) => (r[c] ?? '').trim()).filter((v) => v !== '');
    if (!values.length) continue;
    const counts = values.map(words);
    const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
    if (mean < 4 || counts.filter((n) => n >= 3).length * 2 < counts.length) continue;
    const name = (t.header[c] ?? '').trim() || `column ${c + 1}`;
    report?.({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'second-text-column',
      message: `column "${name}" holds text too (${values.length} value${values.length === 1 ? '' : 's'}, ${Math.round(mean)} words on average), but only "${t.header[textColumn].trim() || `column ${textColumn + 1}`}" is read as the answers that are coded: its values are kept as an attribute of each answer, not coded`,
      file,
      line: t.headerLine ?? 1,
      hint: 'to code it too, give each open question its own table (or one table in long form: a row per respondent and question, with a "question" and a "text" column); the column named "text" or "antwoord" is the one coded',
    });
  }
  // one respondent id on several rows with an answer (to one question, in a table with a question
  // column): read as one respondent's answers, counted once among the respondents; two people given
  // one id are merged so. Said with the ids and their lines
  if (cols.id !== undefined) {
    const rowsOf = new Map<string, number[]>();
    t.rows.forEach((r, i) => {
      const id = (r[cols.id!] ?? '').trim();
      if (!id || (r[textColumn] ?? '').trim() === '') return;
      const k = cols.question !== undefined ? `${id}\u0000${(r[cols.question] ?? '').trim()}` : id;
      (rowsOf.get(k) ?? rowsOf.set(k, []).get(k)!).push(t.lines[i]);
    });
    const twice = [...rowsOf].filter(([, ls]) => ls.length > 1);
    if (twice.length) {
      const idName = t.header[cols.id].trim();
      const qName = cols.question !== undefined ? t.header[cols.question].trim() : undefined;
      const unit = t.sheet !== undefined ? 'rows' : 'lines';
      report?.({
        severity: 'warning',
        source: 'ingest',
        ruleId: 'respondent-on-several-rows',
        message: `${twice.length} respondent id${twice.length === 1 ? '' : 's'} in "${idName}" ${twice.length === 1 ? 'has' : 'have'} an answer on more than one row${qName ? ` to one "${qName}"` : ''}: ${twice
          .slice(0, 8)
          .map(([k, ls]) => {
            const [id, q] = k.split('\u0000');
            return `"${id}"${qName ? ` to ${q ? `"${q}"` : `no ${qName}`}` : ''} (${unit} ${ls.slice(0, 6).join(', ')}${ls.length > 6 ? ', …' : ''})`;
          })
          .join(', ')}${twice.length > 8 ? ', …' : ''}; their answers are read as one respondent's, counted once among the respondents`,
        file,
        line: twice[0][1][1],
        hint: `if one respondent answered twice, nothing to do (or delete the repeated row); if they are different respondents, give each their own id in "${idName}"`,
      });
    }
  }
  // one respondent with two values of a column that describes the respondent (a long table, a row
  // per answer: R1 in group Noord on one row and Zuid on another): each answer counts under its own
  // row's value, the respondent in both groups, without a word. Said per column with the rows
  if (cols.id !== undefined) {
    const idCol = cols.id;
    for (let c = 0; c < t.header.length; c++) {
      if (c === idCol || c === textColumn || c === cols.question || NOT_TEXT.has(norm(t.header[c] ?? '')) || !(t.header[c] ?? '').trim()) continue;
      const byId = new Map<string, Map<string, number[]>>();
      t.rows.forEach((r, i) => {
        const id = (r[idCol] ?? '').trim();
        const v = (r[c] ?? '').trim();
        if (!id || !v) return;
        const m = byId.get(id) ?? byId.set(id, new Map()).get(id)!;
        (m.get(v) ?? m.set(v, []).get(v)!).push(t.lines[i]);
      });
      const several = [...byId].filter(([, m]) => [...m.values()].reduce((a, ls) => a + ls.length, 0) > 1);
      const vary = several.filter(([, m]) => m.size > 1);
      if (!vary.length) continue;
      const name = t.header[c].trim();
      if (!RESPONDENT_COLUMNS.has(norm(name)) && !(several.length >= 3 && vary.length * 4 <= several.length)) continue;
      const unit = t.sheet !== undefined ? 'row' : 'line';
      report?.({
        severity: 'warning',
        source: 'ingest',
        ruleId: 'respondent-attribute-varies',
        message: `"${name}" has more than one value for ${vary.length} respondent${vary.length === 1 ? '' : 's'}: ${vary
          .slice(0, 5)
          .map(([id, m]) => `"${id}": ${[...m].map(([v, ls]) => `"${v}" (${unit}${ls.length === 1 ? '' : 's'} ${ls.slice(0, 4).join(', ')}${ls.length > 4 ? ', …' : ''})`).join(', ')}`)
          .join('; ')}${vary.length > 5 ? '; …' : ''}; each answer counts under its own row's value, so such a respondent is counted under each`,
        file,
        line: [...vary[0][1].values()][1][0],
        hint: `if the respondent has one "${name}", correct the stray rows; if they are different people, give each their own id`,
      });
    }
  }
  // rows with an answer and an empty respondent id (in a long table the id written once, on a
  // respondent's first row, as a spreadsheet shows a group): each was read as a respondent of its
  // own ("row N"), the answers of one person counted as several people's, without a word. Said
  if (cols.id !== undefined) {
    const noIdAt: number[] = [];
    let withId = 0;
    t.rows.forEach((r, i) => {
      if ((r[textColumn] ?? '').trim() === '') return;
      if ((r[cols.id!] ?? '').trim() === '') noIdAt.push(i);
      else withId++;
    });
    if (noIdAt.length && withId) {
      const idName = t.header[cols.id].trim();
      const unit = t.sheet !== undefined ? 'row' : 'line';
      const noId = noIdAt.map((i) => t.lines[i]);
      // (every such row right below a row with an id, or below another such row: the id written once per respondent, most likely)
      const at = new Set(noIdAt);
      const below = noIdAt.every((i) => i > 0 && ((t.rows[i - 1][cols.id!] ?? '').trim() !== '' || at.has(i - 1)));
      report?.({
        severity: 'warning',
        source: 'ingest',
        ruleId: 'answers-without-respondent-id',
        message: `${noId.length} row${noId.length === 1 ? ' has' : 's have'} an answer but an empty "${idName}" cell (${unit}${noId.length === 1 ? '' : 's'} ${noId.slice(0, 12).join(', ')}${noId.length > 12 ? ', …' : ''}): each is read as a respondent of its own ("row N"), counted apart among the respondents${cols.question !== undefined && below ? `; if they are answers of the respondent above them (an id written once per respondent), that respondent's answers are counted as other people's` : ''}`,
        file,
        line: noId[0],
        hint: `write the respondent's id in "${idName}" on every row of their answers (in a spreadsheet: fill the column down); if these are respondents without an id, nothing to do`,
      });
    }
  }
  // respondent ids that differ only in capitals, inner spaces or invisible characters ("R01" and
  // "r01", "R 01"): different respondents (speakers), said with each spelling's lines
  if (cols.id !== undefined) {
    const fold = (v: string) => v.normalize('NFC').replace(/[\u00AD\u200B\u2060\uFEFF]/g, '').replace(/\s+/gu, ' ').trim().toLocaleLowerCase();
    const byFold = new Map<string, Map<string, number[]>>();
    t.rows.forEach((r, i) => {
      const id = (r[cols.id!] ?? '').trim();
      if (!id || (r[textColumn] ?? '').trim() === '') return;
      const m = byFold.get(fold(id)) ?? byFold.set(fold(id), new Map()).get(fold(id))!;
      (m.get(id) ?? m.set(id, []).get(id)!).push(t.lines[i]);
    });
    const alike = [...byFold.values()].filter((m) => m.size > 1);
    if (alike.length) {
      const idName = t.header[cols.id].trim();
      const unit = (ls: number[]) => `${t.sheet !== undefined ? 'row' : 'line'}${ls.length === 1 ? '' : 's'} ${ls.slice(0, 6).join(', ')}${ls.length > 6 ? ', …' : ''}`;
      report?.({
        severity: 'warning',
        source: 'ingest',
        ruleId: 'respondent-ids-look-alike',
        message: `${alike.length} respondent id${alike.length === 1 ? ' is' : 's are'} written in "${idName}" in ways that differ only in capitals or spaces: ${alike
          .slice(0, 8)
          .map((m) => [...m].map(([id, ls]) => `"${id}" (${unit(ls)})`).join(' / '))
          .join('; ')}${alike.length > 8 ? '; …' : ''}; read as different respondents`,
        file,
        line: [...alike[0].values()][1][0],
        hint: `write each respondent's id the same way on every row; if they are different respondents, give them visibly different ids`,
      });
    }
  }
  // a cell of exactly 32,767 characters, the most an Excel cell holds: Excel cuts a longer text
  // there when it opens a CSV or a pasted answer, without a word, and saves it so. Said with the cells
  const cut: string[] = [];
  t.rows.forEach((r, i) => {
    r.forEach((v, c) => {
      if (v.length === EXCEL_CELL_LIMIT) cut.push(`${where(t.lines[i])}, column "${(t.header[c] ?? '').trim() || c + 1}"`);
    });
  });
  if (cut.length) {
    report?.({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'cell-at-excel-limit',
      message: `${cut.length} cell${cut.length === 1 ? ' holds' : 's hold'} exactly ${EXCEL_CELL_LIMIT} characters, the most an Excel cell holds (${cut.slice(0, 6).join('; ')}${cut.length > 6 ? '; …' : ''}): Excel cuts a longer text there without a word when it opens or saves the table, so the end of ${cut.length === 1 ? 'this answer' : 'these answers'} is probably lost`,
      file,
      line: Number(/\d+/.exec(cut[0])?.[0] ?? 1),
      hint: 'take the whole text from where it was first written (the form export, the transcript) and give it as a text file of its own, or in a CSV that was not opened in Excel',
    });
  }
  const empty: number[] = [];
  t.rows.forEach((r, i) => {
    if ((r[textColumn] ?? '').trim() === '' && r.some((v) => v.trim() !== '')) empty.push(t.lines[i]);
  });
  if (empty.length) {
    const d: Diagnostic = {
      severity: 'info',
      source: 'ingest',
      ruleId: 'rows-without-answer',
      message: `${empty.length} row${empty.length === 1 ? ' has' : 's have'} values but an empty "${t.header[textColumn]}" cell (${t.sheet !== undefined ? 'row' : 'line'}${empty.length === 1 ? '' : 's'} ${empty.slice(0, 12).join(', ')}${empty.length > 12 ? ', …' : ''}): no answer to code, not a segment; a respondent without any answer is in no group's N (a share of respondents is of those who answered)`,
      file,
      line: empty[0],
      hint: `if the answer is in another column, name that column "text" or "antwoord"; if these respondents belong in N, report their number beside the shares`,
    };
    report?.(d);
  }
}
