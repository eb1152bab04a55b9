/**
 * CSV records with their lines (qdakit's own reader, for every table it reads: codings, cases,
 * answers, survey data, aliases, judgements). Small and without dependencies, so that a command
 * that reads a cases table does not load the codings reader.
 */
import { inputError, type Report } from '../model/errors.js';
import type { Diagnostic } from '../model/types.js';

/**
 * A small RFC 4180 reader (quotes, doubled quotes, CR/LF inside quotes) that
 * also sniffs `;` and tab delimiters (Dutch Excel writes `;`). Records the
 * 1-based line of each record for error messages.
 *
 * The separator is the one the first row uses most. A row that has none of it but another
 * separator outside quotes (a row typed or pasted with `,` in a file of `;`, as Dutch Excel
 * writes them) would be read as one cell holding all its values: that stops with exit 2 and its
 * lines. `oneColumn`: a first row with no separator at all names one column, and each line is
 * one value (commas included; a Dutch Excel export of one column does not quote them). The header
 * repeated further down (two files joined) is not read and said (with `report`; without, it stops).
 */
export function parseCsvRecords(text: string, file: string, opts: { oneColumn?: boolean; report?: Report; mixed?: 'allow'; /** the 1-based line `text` starts on in its file (default 1) */ firstLine?: number } = {}): { header: string[]; records: string[][]; lines: number[]; /** the 1-based line of the header (after an Excel `sep=;` line: the line below it) */ headerLine: number } {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // Excel's "sep=;" first line names the separator; the header is the line after it (read as the
  // header, it made every table misread: "no source column", the answers' row too long)
  // (also as a spreadsheet writes it back when it was read as a row: quoted, "sep=;", or with the
  // separators of the empty cells after it, sep=;;; read as the header, the table had "no source
  // column", or every row one value too many)
  const sepLine = /^(?:"sep=([,;\t|])"|sep=([,;\t|]))[,;\t|]*\r?\n/i.exec(text);
  if (sepLine) {
    text = text.slice(sepLine[0].length);
    opts = { ...opts, firstLine: (opts.firstLine ?? 1) + 1 };
  }
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const counts = [',', ';', '\t'].map((d) => firstLine.split(d).length);
  // bounded: three counts
  const delim = sepLine ? sepLine[1] ?? sepLine[2] : opts.oneColumn && Math.max(...counts) === 1 ? '' : [',', ';', '\t'][counts.indexOf(Math.max(...counts))];
  // the other separators, and per record how often each stands outside quotes
  const others = [',', ';', '\t'].filter((d) => d !== delim);
  let seen0 = 0;
  let seen1 = 0;
  const otherSeen: Array<[number, number]> = [];
  const records: string[][] = [];
  const lines: number[] = [];
  let field = '';
  let rec: string[] = [];
  let inQuotes = false;
  let line = opts.firstLine ?? 1;
  let recLine = line;
  let quoteLine = 0;
  // quoted values closed by a quote that is followed by more of the value (`"Hij zei "ja" en ging"`,
  // a quote inside not doubled): the quotes are dropped or kept where they fall (read `Hij zei ja"
  // en ging"`), said below with the places. Looked at only where a quoted value closes
  let strayQuotes: Array<{ record: number; col: number; line: number }> | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          inQuotes = false;
          const n = text[i + 1];
          if (n !== undefined && n !== delim && n !== '\n' && n !== '\r' && n !== ' ' && n !== '\t') (strayQuotes ??= []).push({ record: records.length, col: rec.length, line });
        }
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && field === '') {
      inQuotes = true;
      quoteLine = line;
    } else if (c === delim) {
      rec.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      rec.push(field);
      field = '';
      if (!(rec.length === 1 && rec[0] === '')) {
        records.push(rec);
        lines.push(recLine);
        otherSeen.push([seen0, seen1]);
      }
      seen0 = seen1 = 0;
      rec = [];
      line++;
      recLine = line;
    } else {
      if (c === others[0]) seen0++;
      else if (c === others[1]) seen1++;
      field += c;
    }
  }
  if (inQuotes) {
    throw inputError('ingest', 'unclosed-quote', 'a quoted field is never closed', { file, line: quoteLine, hint: 'add the closing double quote, or double any quote inside the field ("")' });
  }
  if (field !== '' || rec.length) {
    rec.push(field);
    records.push(rec);
    lines.push(recLine);
    otherSeen.push([seen0, seen1]);
  }
  // (the values as read, for the message below: before the header is taken off)
  const strayShown = strayQuotes?.map((q) => ({ ...q, value: records[q.record]?.[q.col] ?? '' }));
  const header = records.shift() ?? [];
  const headerLine = lines.shift() ?? opts.firstLine ?? 1;
  otherSeen.shift();
  // the header again further down (two exports joined with `cat` or pasted under each other, the
  // second's byte order mark with it): read as a row, its names were values (a source "source" with
  // a code "code", counted in N; an answer "antwoord"). Not read, and said; a reader that says
  // nothing (no report) stops
  const cell = (v: string) => v.replace(/^\uFEFF/, '').trim();
  if (header.filter((h) => cell(h) !== '').length >= 2) {
    const again: number[] = [];
    for (let k = records.length - 1; k >= 0; k--) {
      const r = records[k];
      if (r.length === header.length && r.every((v, c) => cell(v) === cell(header[c]))) {
        again.unshift(lines[k]);
        records.splice(k, 1);
        lines.splice(k, 1);
        otherSeen.splice(k, 1);
      }
    }
    if (again.length) {
      const shown = header.map(cell).join(delim || ',');
      const message = `${again.length === 1 ? `line ${again[0]} repeats` : `${again.length} lines (${lineList(again)}) repeat`} the header of line ${headerLine} ("${shown.length > 60 ? shown.slice(0, 60) + '…' : shown}"), as two files joined one under the other do`;
      if (!opts.report) {
        throw inputError('ingest', 'repeated-header', `${message}: read as a row, its names would be values`, { file, line: again[0], hint: 'delete the repeated header line' });
      }
      opts.report({
        severity: 'warning',
        source: 'ingest',
        ruleId: 'repeated-header',
        message: `${message}: not read as ${again.length === 1 ? 'a row' : 'rows'} (${again.length === 1 ? 'its' : 'their'} names would be values: a source, code or answer of that name)`,
        file,
        line: again[0],
        hint: 'nothing to do if the files were joined; delete the repeated header line to silence this',
      });
    }
  }
  // cells that hold a spreadsheet's error value (#N/A of a lookup that found nothing, #DIV/0!; in
  // Dutch Excel #N/B, #DEEL/0!; LibreOffice's Err:502), as the spreadsheet wrote them into the CSV:
  // read as that text without a word, a code, group or answer "#N/A" of its own (a workbook's are
  // said by readXlsxTable). Said with the lines and columns; only looked at in cells that start with # or E
  if (opts.report) {
    const errs: Array<{ line: number; col: number; value: string }> = [];
    records.forEach((r, k) => {
      for (let c = 0; c < r.length; c++) {
        const v = r[c];
        if (v.length < 3 || v.length > 24) continue;
        const t = v.trim();
        if ((t[0] === '#' || t[0] === 'E') && SPREADSHEET_ERROR.test(t)) errs.push({ line: lines[k], col: c, value: t });
      }
    });
    if (errs.length) {
      const kinds = [...new Set(errs.map((e) => e.value))];
      const col = (c: number) => (header[c] ?? '').trim() ? `"${header[c].trim()}"` : `column ${c + 1}`;
      opts.report({
        severity: 'warning',
        source: 'ingest',
        ruleId: 'error-cells-read',
        message: `${errs.length} cell${errs.length === 1 ? ' holds an error value' : 's hold error values'} of a spreadsheet (${kinds.slice(0, 6).join(', ')}${kinds.length > 6 ? ', …' : ''}), as it wrote a formula that failed into this file: ${errs
          .slice(0, 10)
          .map((e) => `line ${e.line} ${col(e.col)}${kinds.length > 1 ? ` ${e.value}` : ''}`)
          .join(', ')}${errs.length > 10 ? ', …' : ''}; read as that text (a value "${errs[0].value}" of its own: a code, group or answer)`,
        file,
        line: errs[0].line,
        hint: 'correct the formula in the spreadsheet (a lookup that finds nothing: give it a value for that case, e.g. IFERROR(…; "")) or clear the cell, and save the CSV again',
      });
    }
  }
  if (strayShown?.length && opts.report) {
    const col = (q: { record: number; col: number }) => (q.record === 0 ? `the header's column ${q.col + 1}` : (header[q.col] ?? '').trim() ? `"${header[q.col].trim()}"` : `column ${q.col + 1}`);
    const seen = new Set<string>();
    const at = strayShown.filter((q) => !seen.has(`${q.record}:${q.col}`) && seen.add(`${q.record}:${q.col}`));
    const shown = (v: string) => {
      const one = v.replace(/\s+/g, ' ');
      return one.length > 50 ? `${one.slice(0, 50)}…` : one;
    };
    opts.report({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'quote-inside-value',
      message: `${at.length === 1 ? 'a value in double quotes has' : `${at.length} values in double quotes have`} a double quote inside that is not doubled (line ${at[0].line} ${col(at[0])}${at.length > 1 ? `; ${at.length > 2 ? `${at.length - 1} more, ` : ''}line${at.length > 2 ? 's' : ''} ${lineList(at.slice(1).map((q) => q.line))}` : ''}): the value ends at that quote and the rest is read after it, its quotes dropped or kept where they fall (read "${shown(at[0].value)}")`,
      file,
      line: at[0].line,
      hint: 'write a double quote inside a quoted value twice (""), as a spreadsheet saves it: "Hij zei ""ja"" en ging"',
    });
  }
  if (header.length >= 2) {
    // rows without the file's separator but with another one: all their values in one cell
    const bent: Array<{ line: number; sep: string; n: number; cell: string }> = [];
    // rows with the separator only after the first cell, which holds as many values (by another
    // separator) as the header has columns: a row pasted whole into the first cell (said, not stopped:
    // it may be one value with commas)
    const pasted: Array<{ line: number; sep: string; n: number; cell: string }> = [];
    records.forEach((r, k) => {
      const [a, b] = otherSeen[k];
      if (!a && !b) return;
      const sep = a >= b ? others[0] : others[1];
      const n = (a >= b ? a : b) + 1;
      if (r.length === 1) bent.push({ line: lines[k], sep, n, cell: r[0] });
      else if (n === header.length && r.slice(1).every((v) => v.trim() === '') && r[0].split(sep).length === n) pasted.push({ line: lines[k], sep, n, cell: r[0] });
    });
    if (pasted.length && opts.report) {
      const d = pasted[0].sep === '\t' ? 'tab' : `"${pasted[0].sep}"`;
      opts.report({
        severity: 'warning',
        source: 'ingest',
        ruleId: 'row-in-one-cell',
        message: `${pasted.length === 1 ? `line ${pasted[0].line} has` : `${pasted.length} lines (${lineList(pasted.map((x) => x.line))}) have`} all ${pasted.length === 1 ? 'its' : 'their'} values in the first cell ("${pasted[0].cell.length > 60 ? pasted[0].cell.slice(0, 60) + '…' : pasted[0].cell}": ${pasted[0].n} values between ${d}, as many as the header has columns) and the other cells empty; read as one value in column "${header[0].trim()}"`,
        file,
        line: pasted[0].line,
        hint: `if these are ${pasted[0].n} values, put each in its own column (in a spreadsheet: Data > Text to Columns with ${d}); if it is one value, nothing to do`,
      });
    }
    if (bent.length && opts.mixed !== 'allow') {
      const name = (d: string) => (d === '\t' ? 'tab' : `"${d}"`);
      const first = bent[0];
      const shown = first.cell.length > 60 ? first.cell.slice(0, 60) + '…' : first.cell;
      throw inputError('ingest', 'mixed-separators', `${bent.length === 1 ? `line ${first.line} has` : `${bent.length} lines (${lineList(bent.map((x) => x.line))}) have`} no ${name(delim)} (the separator of the first row${records.length > bent.length ? ' and the other rows' : ''}) but ${name(first.sep)} between ${bent.length === 1 ? 'its' : 'their'} values: read so, ${bent.length === 1 ? 'its' : `the`} ${first.n} values${bent.length === 1 ? '' : ` of line ${first.line}`} would be one cell ("${shown}") of the ${header.length} columns`, {
        file,
        line: first.line,
        hint: `write ${bent.length === 1 ? 'this row' : 'these rows'} with ${name(delim)} between the values like the rest of the file (saving the file again from the spreadsheet as CSV does so), or put the row in double quotes if it is one value`,
      });
    }
  }
  return { header, records, lines, headerLine };
}

/**
 * An error value as a spreadsheet writes it into a CSV for a formula that failed: Excel's in English
 * (#N/A, #DIV/0!, #VALUE!, #REF!, #NAME?, #NUM!, #NULL!, #SPILL!, #CALC!, …) and in Dutch (#N/B,
 * #DEEL/0!, #WAARDE!, #VERW!, #NAAM?, #GETAL!, #LEEG!, #OVERLOOP!, #BEREKENEN!), LibreOffice's Err:502.
 */
export const SPREADSHEET_ERROR = /^(?:#(?:N\/A|N\/B|NULL!|LEEG!|DIV\/0!|DEEL\/0!|VALUE!|WAARDE!|REF!|VERW!|NAME\?|NAAM\?|NUM!|GETAL!|SPILL!|OVERLOOP!|CALC!|BEREKENEN!|GETTING_DATA|GEGEVENS_OPHALEN|FIELD!|VELD!|BLOCKED!|GEBLOKKEERD!|CONNECT!|VERBINDEN!|BUSY!|BEZET!|UNKNOWN!|ONBEKEND!)|Err:\d{3})$/;

/** A number as Excel shows a long one it has rounded (`1.23457E+11`, `1,23457E+11`): the digits after the sixth are gone. */
const EXCEL_ROUNDED = /^[+-]?\d(?:[.,]\d+)?[eE]\+\d+$/;

/**
 * Id cells (a source, case or respondent column) that Excel rewrote as a rounded number
 * (`1.23457E+11` for a 12-digit respondent number): two ids that differ only in their last digits
 * read as one, their rows merged into one source or respondent, without a word. Said with the
 * column, the count, the lines and the values, and how to keep the digits. Undefined when none.
 */
export function excelRoundedIds(rows: readonly (readonly string[])[], lines: readonly number[], cols: ReadonlyArray<{ readonly i: number; readonly name: string }>, file: string): Diagnostic | undefined {
  const hits: Array<{ line: number; value: string; name: string }> = [];
  for (const { i, name } of cols) {
    if (i < 0) continue;
    rows.forEach((r, k) => {
      const v = (r[i] ?? '').trim();
      // (a cheap first test: a digit first and an E somewhere)
      if (v.length > 4 && v.length < 24 && (v.charCodeAt(0) <= 57 || v[0] === '+' || v[0] === '-') && (v.includes('E+') || v.includes('e+')) && EXCEL_ROUNDED.test(v)) hits.push({ line: lines[k], value: v, name });
    });
  }
  if (!hits.length) return undefined;
  const values = [...new Set(hits.map((h) => h.value))];
  const names = [...new Set(hits.map((h) => h.name))];
  return {
    severity: 'warning',
    source: 'ingest',
    ruleId: 'id-rounded-by-excel',
    message: `${hits.length} ${names.map((n) => `"${n}"`).join(' and ')} cell${hits.length === 1 ? '' : 's'} hold${hits.length === 1 ? 's' : ''} a number as Excel writes one it has rounded (${values.slice(0, 4).join(', ')}${values.length > 4 ? ', …' : ''}) at line${hits.length === 1 ? '' : 's'} ${lineList(hits.map((h) => h.line))}: its last digits are lost, and ids that differed only there are read as one (${values.length} distinct value${values.length === 1 ? '' : 's'})`,
    file,
    line: hits[0].line,
    actual: hits[0].value,
    hint: 'keep the ids as written: in Excel format the column as Text before typing or pasting them (or import the CSV with that column as Text), then save again; or give ids that start with a letter (R123…)',
  };
}

/** "3, 5–7, 12" (at most 12 ranges, then "…"). */
export function lineList(lines: readonly number[]): string {
  const sorted = [...new Set(lines)].sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    ranges.push(j > i ? `${sorted[i]}–${sorted[j]}` : String(sorted[i]));
    i = j + 1;
  }
  return ranges.length > 12 ? `${ranges.slice(0, 12).join(', ')}, …` : ranges.join(', ');
}

/**
 * CSV rows with fewer values than the header names columns (a value or a separator lost by hand
 * editing; a spreadsheet writes every separator): the columns they lack are read as empty, said
 * with the lines and the columns (the cases table, survey data). `skip`: columns not named (the
 * source column, which is said on its own). Undefined when every row is whole.
 */
export function shortRowsWarning(header: readonly string[], rows: readonly (readonly string[])[], lines: readonly number[], file: string, skip: readonly number[] = []): Diagnostic | undefined {
  const short: Array<{ line: number; n: number; lacks: string[] }> = [];
  rows.forEach((r, i) => {
    if (r.length >= header.length || r.every((v) => (v ?? '').trim() === '')) return;
    const lacks = header.slice(r.length).map((x) => x.trim()).filter((x, k) => x && !skip.includes(r.length + k));
    if (lacks.length) short.push({ line: lines[i], n: r.length, lacks });
  });
  if (!short.length) return undefined;
  return {
    severity: 'warning',
    source: 'ingest',
    ruleId: 'too-few-values',
    message: `${short.length} row(s) have fewer values than the header names columns; the columns they lack are read as empty: ${short
      .slice(0, 8)
      .map((x) => `line ${x.line} (${x.n} of ${header.length}: no ${x.lacks.map((c) => `"${c}"`).join(', ')})`)
      .join('; ')}${short.length > 8 ? `; … (+${short.length - 8})` : ''}`,
    file,
    line: short[0].line,
    hint: 'fill in the missing values (or end the row with a separator per empty column), or check that no separator or value was lost',
  };
}

/**
 * The columns of a table whose names differ only in capitals (`Groep` and `groep`, `V1` and
 * `v1`), as groups of 0-based column indexes in column order (empty names and `skip`ped columns
 * left out): attribute and item names are told apart by their capitals, so such columns are read
 * apart, and a reader says so (`columns-differ-in-case`).
 */
export function columnsDifferingInCase(names: readonly string[], skip: (i: number) => boolean = () => false): number[][] {
  const byLower = new Map<string, number[]>();
  names.forEach((name, i) => {
    const n = name.trim();
    if (!n || skip(i)) return;
    const k = n.toLowerCase();
    (byLower.get(k) ?? byLower.set(k, []).get(k)!).push(i);
  });
  return [...byLower.values()].filter((is) => new Set(is.map((i) => names[i].trim())).size > 1);
}
