import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import type { LocalisedText } from '../model/types.js';
import { inputError, type Report } from '../model/errors.js';
import { didYouMean } from '../model/did-you-mean.js';
import type { SurveyDimensionSpec, SurveyInstrumentSpec, SurveyItemSpec, SurveyRow, SurveyScale, SurveySpec, SurveyTable } from '../analysis/survey-model.js';
import { displayPath } from './read-source.js';
import { columnsDifferingInCase, parseCsvRecords, shortRowsWarning } from './csv-records.js';
import { refuseSpecialFile } from './regular-file.js';

/**
 * Questionnaire responses and their spec.
 *
 * Responses: CSV (`,` `;` or tab; UTF-8 or Windows-1252) or XLSX (the first sheet with data), one
 * row per respondent, a header row naming the columns. Several files are read as one table (the
 * union of their columns). Cells are kept as text; `computeSurvey` checks them against the scales.
 *
 * Spec: YAML (see `parseSurveySpec`). Every scalar is read as text first (so item `01` stays
 * `01`), numbers where numbers are meant.
 */

async function fileBytes(path: string, cwd: string, what: string, hint: string): Promise<{ bytes: Uint8Array; shown: string }> {
  const full = resolve(cwd, path);
  const shown = displayPath(cwd, full);
  let st;
  try {
    st = await stat(full);
  } catch {
    throw inputError('ingest', 'file-not-found', `${what} not found`, { file: shown, hint });
  }
  if (st.isDirectory()) throw inputError('ingest', 'is-a-folder', `this is a folder, not ${what === 'survey data' ? 'a data file' : 'a spec file'}`, { file: shown, hint });
  await refuseSpecialFile(full, shown);
  return { bytes: new Uint8Array(await readFile(full)), shown };
}

/** The first value of a totals or averages row (Totaal, Gemiddelde, Average, Mean, SD, …). */
const TOTALS_WORD = /^(?:totaal|totalen|total|totals|som|sum|gemiddelde|gemiddeld|average|mean|mediaan|median|sd|std|standaarddeviatie|standard deviation|aantal|count)(?:\b[^\n]{0,40})?$/i;

/** Column names of a survey's group and respondent id (as computeSurvey looks for them): a row naming one below a title is the header. */
const SURVEY_KNOWN_COLUMNS = ['group', 'groep', 'team', 'instrument', 'respondent', 'respondent_id', 'respondentid', 'id', 'nr', 'respnr', 'responseid', 'response_id', 'respondentnummer', 'deelnemer', 'participant', 'naam', 'name'];

/**
 * Read one or more response files (CSV or XLSX) as one table. `known`: the columns the spec names
 * (group, id, items, attributes): a title above the header (`Tevredenheidsonderzoek 2024` ⏎ ⏎
 * `respondent;groep;4A`) is read as a title, the header below it (said); it was the header of a
 * one-column table, and the survey stopped with "no group column (columns: Tevredenheidsonderzoek 2024)".
 */
export async function readSurveyTable(paths: readonly string[], opts: { cwd: string; report?: Report; known?: readonly string[] }): Promise<SurveyTable> {
  if (!paths.length) throw inputError('ingest', 'no-inputs', 'no survey data given', { hint: 'give a CSV or XLSX with one row per respondent, e.g. `qda survey antwoorden.csv --spec vragenlijst.yaml`' });
  const columns: string[] = [];
  const rows: SurveyRow[] = [];
  const files: string[] = [];
  const fileColumns: Record<string, { columns: string[]; letters?: Record<string, string> }> = {};
  const readAt = new Map<string, string>();
  const { titleAboveHeader, tableTitleWarning, titleColumnName, csvHeaderInTwoLines } = await import('./read-table.js');
  const known = new Set([...SURVEY_KNOWN_COLUMNS, ...(opts.known ?? [])].map(titleColumnName));
  for (const p of paths) {
    const { bytes, shown } = await fileBytes(p, opts.cwd, 'survey data', 'give a CSV or XLSX file with one row per respondent');
    // one file given twice (a glob and its name, a link): its rows would count twice; read once, said
    const real = await realpath(resolve(opts.cwd, p)).catch(() => resolve(opts.cwd, p));
    if (readAt.has(real)) {
      opts.report?.({ severity: 'warning', source: 'ingest', ruleId: 'same-file-twice', message: `given twice (also as ${readAt.get(real)}): read once, so that its respondents count once`, file: shown, hint: 'give each data file once' });
      continue;
    }
    readAt.set(real, shown);
    const ext = extname(p).toLowerCase();
    let header: string[];
    let records: string[][];
    let lines: number[];
    let letters: Record<string, string> | undefined;
    // (the header's own line or row: below a `sep=;` line or a title it is not 1; messages about the
    // header said line 1)
    let headerLine: number;
    // (a sheet's totals row of formulas, said by readXlsxTable: not said twice)
    let totalsSaid = false;
    if (ext === '.xlsx') {
      ({ header, records, lines, headerLine, totalsSaid } = await readXlsx(bytes, shown, opts.report, known));
      letters = {};
    } else if (ext === '.csv' || ext === '.tsv' || ext === '.txt') {
      const { decodeBytes } = await import('./decode.js');
      let { text } = await decodeBytes(bytes, { file: shown, report: opts.report });
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      const title = titleAboveHeader(text, known);
      if (title) {
        text = text.slice(title.at);
        opts.report?.(tableTitleWarning(title, shown, 'respondents'));
      }
      // (Excel's "sep=;" first line is read by parseCsvRecords)
      ({ header, records, lines, headerLine } = parseCsvRecords(text, shown, { report: opts.report, ...(title ? { firstLine: title.line } : {}) }));
      // (a header in two lines: `respondent;groep;Vraag 4;;` above `;;A;B;C`: the second was a respondent)
      ({ header, rows: records, lines } = csvHeaderInTwoLines({ header, rows: records, lines }, headerLine, shown, opts.report));
    } else {
      throw inputError('ingest', 'unknown-extension', `cannot read survey data from a ${ext || 'file without extension'}`, { file: shown, hint: 'save the responses as .csv or .xlsx (one row per respondent, a header row)' });
    }
    header = header.map((h) => h.trim());
    const atHeader = `${letters ? 'row' : 'line'} ${headerLine}`;
    // a Qualtrics export: under the header a row of question texts and a row of import ids
    // ({"ImportId":"QID1_1"}); read as respondents they made groups of their own ("Welk team?")
    const importIds = records.slice(0, 2).findIndex((r) => r.some((v) => /^\s*\{\s*"ImportId"\s*:/.test(v)));
    if (importIds >= 0) {
      const skipped = lines.slice(0, importIds + 1);
      opts.report?.({
        severity: 'warning',
        source: 'ingest',
        ruleId: 'qualtrics-header-rows',
        message: `${letters ? 'rows' : 'lines'} ${skipped.join(' and ')} under the header hold the question texts and import ids of a Qualtrics export ({"ImportId": …}): not read as answers`,
        file: shown,
        line: skipped[0],
        hint: 'nothing to do for a Qualtrics export; if a respondent is on one of these rows, move the row below them',
      });
      records = records.slice(importIds + 1);
      lines = lines.slice(importIds + 1);
    }
    if (!header.some(Boolean)) throw inputError('ingest', 'empty-table', 'the file has no header row', { file: shown, line: headerLine, hint: 'the first row names the columns: a group column and one column per item' });
    const seen = new Map<string, number>();
    header.forEach((h, i) => {
      if (!h) return;
      if (seen.has(h)) throw inputError('ingest', 'duplicate-column', `column "${h}" occurs twice (columns ${seen.get(h)! + 1} and ${i + 1})`, { file: shown, line: headerLine, hint: 'give every column its own name' });
      seen.set(h, i);
      if (!columns.includes(h)) columns.push(h);
      if (letters) letters[h] = columnLetter(i);
    });
    // columns whose names differ only in capitals (V1 and v1): two columns; an item or group names
    // one of them exactly, and a name in other capitals reads the first. Both were kept apart
    // without a word (the other's answers left out of a dimension that names one). Said
    {
      const alike = columnsDifferingInCase(header);
      if (alike.length) {
        const col = (i: number) => `"${header[i]}" (column ${letters ? columnLetter(i) : i + 1})`;
        opts.report?.({
          severity: 'warning',
          source: 'ingest',
          ruleId: 'columns-differ-in-case',
          message: `${alike.length === 1 ? `${alike[0].length === 2 ? 'two' : alike[0].length} columns have names` : `${alike.length} sets of columns have names`} that differ only in capitals: ${alike
            .slice(0, 8)
            .map((is) => is.map(col).join(' and '))
            .join('; ')}${alike.length > 8 ? '; …' : ''}; read as different columns: an item, group or id of the spec named as one of them is read from that column only (named in other capitals: from the first of them), and the other's answers are not in it`,
          file: shown,
          line: headerLine,
          hint: 'if they are one question, put its answers in one column and delete the other; if they are different questions, give them names that differ in more than capitals',
        });
      }
    }
    // values the header does not name (an unquoted separator in a cell): they would be lost, and the
    // values before them may sit in the wrong columns
    records.forEach((r, k) => {
      const lost = r.slice(header.length).filter((v) => v.trim() !== '');
      if (lost.length) {
        throw inputError('ingest', 'too-many-values', `${letters ? 'row' : 'line'} ${lines[k]} has ${r.length} values, but the header names ${header.length} columns: ${lost.map((v) => `"${v.length > 40 ? v.slice(0, 40) + '…' : v}"`).join(', ')} would be lost and the values before it may be in the wrong columns`, {
          file: shown,
          line: lines[k],
          hint: 'put a value that holds the separator in double quotes, or name the extra column in the header row',
        });
      }
    });
    // (CSV) a row with fewer values than the header: its last columns were read as empty (missing
    // answers) without a word, and a value lost in the middle moves the ones after it; said
    if (!letters) {
      const d = shortRowsWarning(header, records, lines, shown);
      if (d) opts.report?.(d);
    }
    // a column without a name: its values cannot be an item or an attribute, and are not read (said)
    header.forEach((h, i) => {
      if (h) return;
      const at = records.flatMap((r, k) => ((r[i] ?? '').trim() !== '' ? [lines[k]] : []));
      if (!at.length) return;
      opts.report?.({
        severity: 'warning',
        source: 'ingest',
        ruleId: 'unnamed-column',
        message: `column ${letters ? columnLetter(i) : i + 1} has no name in the header (${atHeader}); its ${at.length} value(s) (${letters ? 'row' : 'line'}${at.length > 1 ? 's' : ''} ${at.slice(0, 12).join(', ')}${at.length > 12 ? ', …' : ''}) are not read`,
        file: shown,
        line: headerLine,
        hint: 'give the column a name in the header row (the item or attribute it holds), or delete it',
      });
    });
    // a totals or averages row typed under the respondents (`Gemiddelde;;2,5;2,75`, or a sheet's
    // totals saved as values or as CSV, its formulas gone): read as a respondent of its own, in a
    // group of its own when it names one. Said with its line (it is still read)
    {
      const at: string[] = [];
      records.forEach((r, k) => {
        if (k < records.length - 3 || totalsSaid) return;
        const first = r.find((v) => v.trim() !== '')?.trim() ?? '';
        if (TOTALS_WORD.test(first) && r.some((v) => /^[-+]?\d+(?:[.,]\d+)?$/.test(v.trim()))) at.push(`${letters ? 'row' : 'line'} ${lines[k]} ("${first}")`);
      });
      if (at.length) {
        opts.report?.({
          severity: 'warning',
          source: 'ingest',
          ruleId: 'totals-row-read',
          message: `${at.length === 1 ? 'a row' : `${at.length} rows`} under the respondents ${at.length === 1 ? 'looks' : 'look'} like a totals or averages row (${at.join(', ')}): read as ${at.length === 1 ? 'a respondent' : 'respondents'} like the others, ${at.length === 1 ? 'its' : 'their'} numbers counted as answers`,
          file: shown,
          line: Number(/\d+/.exec(at[0])?.[0] ?? 1),
          hint: 'delete the row (the survey computes the means itself) and save; if it is a respondent, give it another id',
        });
      }
    }
    fileColumns[shown] = { columns: header.filter(Boolean), ...(letters ? { letters } : {}) };
    files.push(shown);
    records.forEach((r, k) => {
      const cells: Record<string, string> = {};
      header.forEach((h, i) => {
        if (h) cells[h] = (r[i] ?? '').trim();
      });
      if (Object.values(cells).every((v) => v === '')) return;
      rows.push({ file: shown, line: lines[k], row: k + 1, cells });
    });
  }
  return { files, columns, fileColumns, rows };
}

export function columnLetter(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** The first visible sheet with data (other sheets and formulas without a result said): numbers as numbers (not as formatted: "3,0" in a Dutch sheet is 3), formulas by their result. */
async function readXlsx(bytes: Uint8Array, file: string, report: Report | undefined, known: ReadonlySet<string>): Promise<{ header: string[]; records: string[][]; lines: number[]; headerLine: number; totalsSaid: boolean }> {
  const { readXlsxTable, dateCellText, errorText, plainText, percentShown, booleanText, cellValue } = await import('./read-table.js');
  // cells formatted as percentages (shown 75%, stored 0.75): read as the percentage shown, all its
  // decimals (75); they were read 0.75, which a scale 0..100 took as a valid answer. Said
  const percent: string[] = [];
  const t = await readXlsxTable(bytes, file, (cell) => {
    const v = cellValue(cell);
    const res = v && typeof v === 'object' && 'result' in (v as object) ? (v as { result: unknown }).result : v;
    if (typeof res === 'number') {
      const p = percentShown(res, cell.numFmt, true);
      if (p !== undefined && !percent.includes(cell.address)) percent.push(cell.address);
      // (a whole number shown with leading zeros, format 000: respondent 007 as shown; it was 7, another
      // spelling than the 007 of the codings and the cases table. An item's 003 is still the number 3)
      if (p === undefined && Number.isInteger(res) && res >= 0 && /^0+$/.test(cell.numFmt ?? '')) return String(res).padStart(cell.numFmt.length, '0');
      return p ?? String(res);
    }
    if (typeof res === 'boolean') return booleanText(res);
    return res === null || res === undefined ? '' : res instanceof Date ? dateCellText(res) : errorText(res) ?? plainText(cell);
  }, known);
  for (const d of t.notes) report?.(d);
  if (percent.length) {
    report?.({
      severity: 'info',
      source: 'ingest',
      ruleId: 'percent-cells-read',
      message: `${percent.length} cell${percent.length === 1 ? ' is' : 's are'} formatted as a percentage (${percent.slice(0, 10).join(', ')}${percent.length > 10 ? ', …' : ''}) in sheet "${t.sheet}": read as the percentage shown (75 for 75%), not as the fraction Excel stores (0.75)`,
      file,
      line: Number(/\d+$/.exec(percent[0])?.[0] ?? 1),
      hint: 'nothing to do if the scale is in percent (0..100); if the answers are fractions (scale 0..1), format the cells as numbers (Format Cells > Number) and save',
    });
  }
  return { header: t.header, records: t.rows, lines: t.lines, headerLine: t.headerLine ?? 1, totalsSaid: t.notes.some((d) => d.ruleId === 'totals-row-read') };
}

// ---------------------------------------------------------------------------
// The spec

const SPEC_KEYS = ['group', 'id', 'groups', 'instruments', 'scale', 'scales', 'missing', 'min-answered', 'minAnswered', 'codebook', 'attributes', 'items', 'reversed', 'dimensions'];
const ITEM_KEYS = ['label', 'scale', 'reversed', 'missing', 'column'];
const DIM_KEYS = ['label', 'items', 'code', 'topic'];

export async function readSurveySpec(path: string, opts: { cwd: string; report?: Report }): Promise<SurveySpec> {
  const { bytes, shown } = await fileBytes(path, opts.cwd, 'survey spec', 'give the YAML file that describes the items (scale, reversed, dimensions)');
  const { decodeBytes } = await import('./decode.js');
  const { text } = await decodeBytes(bytes, { file: shown });
  return parseSurveySpec(text, shown, opts.report);
}

/**
 * Parse a survey spec (YAML):
 *
 * ```yaml
 * group: groep                  # the group column
 * id: respondent                # optional respondent id column
 * groups: {wijkcoach: {nl: wijkcoaches, en: neighbourhood coaches}, organisatie: organisaties}
 * instruments:                  # optional: which groups answered which questionnaire
 *   coaches: [wijkcoach]
 *   organisaties: {groups: [organisatie], items: {4F: {label: Bevoegdheden voldoende}}}
 * scale: 0..4                   # default scale (midpoint (min+max)/2), or {min: 0, max: 4, midpoint: 2}
 * scales: {bipolair: -2..2}     # named scales
 * missing: [9, 99, "weet niet"] # missing-value codes
 * min-answered: 0.5             # share of a dimension's items needed for a score
 * codebook: empowerment         # dimensions from the codes' meta.items
 * reversed: [4B, 11C]           # negatively worded items
 * items:
 *   4A: {label: {nl: …, en: …}, scale: bipolair, reversed: true, missing: [8], column: V4A}
 *   4B: Tijdige informatie      # a label only
 * dimensions:
 *   mandatering: {label: Mandatering, items: {coaches: [4H, 4O], organisaties: [4F]}, code: mandatering, topic: structureel}
 *   steun: {items: [4J, 4K]}
 * ```
 */
export async function parseSurveySpec(text: string, file: string, report?: Report): Promise<SurveySpec> {
  const YAML = await import('yaml');
  const lc = new YAML.LineCounter();
  const doc = YAML.parseDocument(text.replace(/^\uFEFF/, ''), { lineCounter: lc, prettyErrors: true, schema: 'failsafe' });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const lp = e.linePos?.[0];
    throw inputError('ingest', 'bad-yaml', `the survey spec cannot be parsed: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`, {
      file,
      ...(lp ? { line: lp.line, column: lp.col } : {}),
      hint: 'fix the YAML syntax (key: value; lists with "- item" or [a, b]; indent with spaces)',
    });
  }
  const at = (path: readonly (string | number)[]) => {
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    const pos = node?.range ? lc.linePos(node.range[0]) : undefined;
    return pos ? { line: pos.line, column: pos.col } : {};
  };
  const fail = (path: readonly (string | number)[], message: string, hint: string) => inputError('ingest', 'bad-survey-spec', message, { file, path: '/' + path.join('/'), ...at(path), hint });
  const { yamlToJs } = await import('./yaml-js.js');
  const js = yamlToJs(doc, text.replace(/^\uFEFF/, ''), file, { what: 'the survey spec' });
  if (js === null || js === undefined || js === '') return { file, items: {}, dimensions: [] };
  if (typeof js !== 'object' || Array.isArray(js)) throw fail([], 'the survey spec must be a map of settings (group:, scale:, items:, dimensions:, …)', 'see `qda survey --help` or the README for an example');
  const o = js as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!SPEC_KEYS.includes(k)) {
      report?.({ severity: 'warning', source: 'ingest', ruleId: 'unknown-spec-key', message: `unknown setting "${k}" in the survey spec (ignored)`, file, ...at([k]), expected: didYouMean(k, SPEC_KEYS) });
    }
  }
  const str = (v: unknown, path: (string | number)[], what: string): string => {
    if (typeof v === 'string' && v.trim()) return v.trim();
    throw fail(path, `${what} must be a text`, `write e.g. ${path[path.length - 1]}: name`);
  };
  const list = (v: unknown, path: (string | number)[], what: string): string[] => {
    if (typeof v === 'string') return [v.trim()];
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return (v as string[]).map((x) => x.trim());
    throw fail(path, `${what} must be a list of texts`, `write e.g. ${path[path.length - 1]}: [a, b]`);
  };
  const num = (v: unknown, path: (string | number)[], what: string): number => {
    const n = typeof v === 'string' ? Number(v.trim().replace(',', '.')) : NaN;
    if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(n)) return n;
    throw fail(path, `${what} must be a number (found ${JSON.stringify(v)})`, 'write a number, e.g. 0, 4 or -2');
  };
  const bool = (v: unknown, path: (string | number)[], what: string): boolean => {
    if (typeof v === 'string' && /^(true|yes|ja|y|1)$/i.test(v.trim())) return true;
    if (typeof v === 'string' && /^(false|no|nee|n|0)$/i.test(v.trim())) return false;
    throw fail(path, `${what} must be true or false`, 'write true or false');
  };
  const label = (v: unknown, path: (string | number)[]): LocalisedText => {
    if (typeof v === 'string') return { nl: v.trim(), en: v.trim() };
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const m = v as Record<string, unknown>;
      const out: { nl?: string; en?: string } = {};
      for (const [k, x] of Object.entries(m)) {
        if (k !== 'nl' && k !== 'en') throw fail([...path, k], `unknown language "${k}" in a label`, 'write {nl: …, en: …}');
        out[k] = str(x, [...path, k], 'a label');
      }
      return out;
    }
    throw fail(path, 'a label must be a text or {nl: …, en: …}', 'write label: text, or label: {nl: …, en: …}');
  };

  // scales
  const named = new Map<string, SurveyScale>();
  const scaleOf = (v: unknown, path: (string | number)[]): SurveyScale => {
    if (typeof v === 'string') {
      const t = v.trim();
      if (named.has(t)) return named.get(t)!;
      const m = /^(-?\d+(?:[.,]\d+)?)\s*(?:\.\.|…|–|—|to|tot|-)\s*(-?\d+(?:[.,]\d+)?)$/i.exec(t.replace(/^[−]/, '-').replace(/([^\d])−/g, '$1-'));
      if (m) return checkScale(Number(m[1].replace(',', '.')), Number(m[2].replace(',', '.')), undefined, path);
      throw fail(path, `unknown scale "${t}"`, `write a range such as 0..4 or -2..2, {min: 0, max: 4, midpoint: 2}, or a name declared under scales: (${[...named.keys()].join(', ') || 'none declared'})`);
    }
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const m = v as Record<string, unknown>;
      for (const k of Object.keys(m)) if (!['min', 'max', 'midpoint'].includes(k)) throw fail([...path, k], `unknown scale setting "${k}"`, 'a scale has min, max and optionally midpoint');
      if (m.min === undefined || m.max === undefined) throw fail(path, 'a scale needs min and max', 'write {min: 0, max: 4, midpoint: 2}');
      return checkScale(num(m.min, [...path, 'min'], 'min'), num(m.max, [...path, 'max'], 'max'), m.midpoint === undefined ? undefined : num(m.midpoint, [...path, 'midpoint'], 'midpoint'), path);
    }
    throw fail(path, 'a scale must be a range (0..4), a map {min, max, midpoint} or a name under scales:', 'write scale: 0..4');
  };
  const checkScale = (min: number, max: number, midpoint: number | undefined, path: (string | number)[]): SurveyScale => {
    if (!(max > min)) throw fail(path, `a scale's max (${max}) must be above its min (${min})`, 'write e.g. 0..4');
    const mid = midpoint ?? (min + max) / 2;
    if (mid < min || mid > max) throw fail(path, `the midpoint ${mid} lies outside the scale ${min}..${max}`, 'give a midpoint between min and max');
    return { min, max, midpoint: mid };
  };
  if (o.scales !== undefined) {
    if (!o.scales || typeof o.scales !== 'object' || Array.isArray(o.scales)) throw fail(['scales'], 'scales: must be a map of name → scale', 'write scales: {bipolair: -2..2}');
    for (const [k, v] of Object.entries(o.scales as Record<string, unknown>)) named.set(k, { ...scaleOf(v, ['scales', k]), name: k });
  }

  const item = (v: unknown, path: (string | number)[]): SurveyItemSpec => {
    if (v === null || v === undefined || v === '') return {};
    if (typeof v === 'string') return { label: label(v, path) };
    if (typeof v !== 'object' || Array.isArray(v)) throw fail(path, 'an item must be a label or a map {label, scale, reversed, missing, column}', 'write e.g. 4A: {label: Tijdige informatie, reversed: true}');
    const m = v as Record<string, unknown>;
    // {nl: …, en: …}: a label only
    if (Object.keys(m).length && Object.keys(m).every((k) => k === 'nl' || k === 'en')) return { label: label(m, path) };
    for (const k of Object.keys(m)) if (!ITEM_KEYS.includes(k)) throw fail([...path, k], `unknown item setting "${k}"`, `an item has ${ITEM_KEYS.join(', ')} (or is a label: text or {nl: …, en: …})`);
    return {
      ...(m.label !== undefined ? { label: label(m.label, [...path, 'label']) } : {}),
      ...(m.scale !== undefined ? { scale: scaleOf(m.scale, [...path, 'scale']) } : {}),
      ...(m.reversed !== undefined ? { reversed: bool(m.reversed, [...path, 'reversed'], 'reversed') } : {}),
      ...(m.missing !== undefined ? { missing: list(m.missing, [...path, 'missing'], 'missing') } : {}),
      ...(m.column !== undefined ? { column: str(m.column, [...path, 'column'], 'column') } : {}),
    };
  };
  const itemMap = (v: unknown, path: (string | number)[]): Record<string, SurveyItemSpec> => {
    if (v === undefined || v === null) return {};
    if (typeof v !== 'object' || Array.isArray(v)) throw fail(path, 'items: must be a map of item → settings', 'write items: {4A: {label: …, reversed: true}}');
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k.trim(), item(x, [...path, k])]));
  };

  const spec: { -readonly [K in keyof SurveySpec]: SurveySpec[K] } = { file };
  if (o.group !== undefined) spec.group = str(o.group, ['group'], 'group');
  if (o.id !== undefined) spec.id = str(o.id, ['id'], 'id');
  if (o.scale !== undefined) spec.scale = scaleOf(o.scale, ['scale']);
  if (o.missing !== undefined) spec.missing = list(o.missing, ['missing'], 'missing');
  const minAns = o['min-answered'] ?? o.minAnswered;
  if (minAns !== undefined) {
    const path = [o['min-answered'] !== undefined ? 'min-answered' : 'minAnswered'];
    const n = num(minAns, path, 'min-answered');
    if (!(n > 0 && n <= 1)) throw fail(path, `min-answered must be a share above 0 and at most 1 (found ${n})`, 'write e.g. min-answered: 0.5 (half of the items)');
    spec.minAnswered = n;
  }
  if (o.codebook !== undefined) spec.codebook = str(o.codebook, ['codebook'], 'codebook');
  if (o.attributes !== undefined && o.attributes !== null) spec.attributes = list(o.attributes, ['attributes'], 'attributes');
  if (o.groups !== undefined) {
    const g = o.groups;
    if (Array.isArray(g)) spec.groups = list(g, ['groups'], 'groups').map((value) => ({ value }));
    else if (g && typeof g === 'object') spec.groups = Object.entries(g as Record<string, unknown>).map(([value, l]) => ({ value: value.trim(), ...(l !== null && l !== undefined && l !== '' ? { label: label(l, ['groups', value]) } : {}) }));
    else throw fail(['groups'], 'groups: must be a list of group values or a map value → name', 'write groups: [wijkcoach, organisatie] or groups: {wijkcoach: wijkcoaches}');
  }
  if (o.instruments !== undefined) {
    if (!o.instruments || typeof o.instruments !== 'object' || Array.isArray(o.instruments)) throw fail(['instruments'], 'instruments: must be a map of instrument → groups', 'write instruments: {coaches: [wijkcoach], organisaties: [organisatie]}');
    const insts: SurveyInstrumentSpec[] = [];
    for (const [id, v] of Object.entries(o.instruments as Record<string, unknown>)) {
      if (typeof v === 'string' || Array.isArray(v)) insts.push({ id, groups: list(v, ['instruments', id], 'the groups of an instrument') });
      else if (v && typeof v === 'object') {
        const m = v as Record<string, unknown>;
        for (const k of Object.keys(m)) if (!['groups', 'items'].includes(k)) throw fail(['instruments', id, k], `unknown instrument setting "${k}"`, 'an instrument has groups: and optionally items:');
        if (m.groups === undefined) throw fail(['instruments', id], `instrument "${id}" names no groups`, `write ${id}: {groups: [value of the group column]}`);
        insts.push({ id, groups: list(m.groups, ['instruments', id, 'groups'], 'groups'), items: itemMap(m.items, ['instruments', id, 'items']) });
      } else throw fail(['instruments', id], `instrument "${id}" must be a list of groups or {groups, items}`, `write ${id}: [wijkcoach]`);
    }
    const owner = new Map<string, string>();
    for (const i of insts) for (const g of i.groups) {
      if (owner.has(g) && owner.get(g) !== i.id) throw fail(['instruments', i.id], `group "${g}" is in two instruments (${owner.get(g)} and ${i.id})`, 'each group answered one questionnaire');
      owner.set(g, i.id);
    }
    spec.instruments = insts;
  }
  const items: Record<string, SurveyItemSpec> = itemMap(o.items, ['items']);
  if (o.reversed !== undefined) {
    for (const r of list(o.reversed, ['reversed'], 'reversed')) items[r] = { ...(items[r] ?? {}), reversed: true };
  }
  spec.items = items;
  const dims: SurveyDimensionSpec[] = [];
  if (o.dimensions !== undefined) {
    if (!o.dimensions || typeof o.dimensions !== 'object' || Array.isArray(o.dimensions)) throw fail(['dimensions'], 'dimensions: must be a map of dimension → {label, items}', 'write dimensions: {steun: {label: Steun, items: [4J, 4K]}}');
    for (const [id, v] of Object.entries(o.dimensions as Record<string, unknown>)) {
      const path = ['dimensions', id];
      const pos = at(path);
      const origin = `${file}${pos.line ? `:${pos.line}` : ''}`;
      if (Array.isArray(v)) {
        dims.push({ id, items: list(v, path, 'the items of a dimension'), origin });
        continue;
      }
      if (!v || typeof v !== 'object') throw fail(path, `dimension "${id}" must be a list of items or {label, items, code, topic}`, `write ${id}: {label: …, items: [4J, 4K]}`);
      const m = v as Record<string, unknown>;
      for (const k of Object.keys(m)) if (!DIM_KEYS.includes(k)) throw fail([...path, k], `unknown dimension setting "${k}"`, `a dimension has ${DIM_KEYS.join(', ')}`);
      if (m.items === undefined) throw fail(path, `dimension "${id}" lists no items`, `write ${id}: {items: [4J, 4K]} or items: {coaches: [4J], organisaties: [4J]}`);
      let its: Record<string, string[]> | string[];
      if (Array.isArray(m.items) || typeof m.items === 'string') its = list(m.items, [...path, 'items'], 'items');
      else if (m.items && typeof m.items === 'object') {
        its = Object.fromEntries(Object.entries(m.items as Record<string, unknown>).map(([k, x]) => [k, x === null || x === undefined || x === '' ? [] : list(x, [...path, 'items', k], 'items')]));
      } else throw fail([...path, 'items'], 'items must be a list or a map instrument → list', 'write items: [4J, 4K]');
      dims.push({
        id,
        items: its,
        origin,
        ...(m.label !== undefined ? { label: label(m.label, [...path, 'label']) } : {}),
        ...(m.code !== undefined ? { code: str(m.code, [...path, 'code'], 'code') } : {}),
        ...(m.topic !== undefined ? { topic: str(m.topic, [...path, 'topic'], 'topic') } : {}),
      });
    }
  }
  spec.dimensions = dims;
  return spec;
}
