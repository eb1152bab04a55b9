import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { inputError, type Report } from '../model/errors.js';
import { editDistance } from '../model/did-you-mean.js';
import type { JudgementRow } from '../analysis/framework.js';
import { parseCsvRecords } from './csv-records.js';
import { refuseSpecialFile } from './regular-file.js';

/** Accepted header names (lower case) of the columns of a judgements file. */
export const JUDGEMENT_COLUMNS = {
  column: ['case', 'casus', 'group', 'groep', 'team', 'column', 'kolom'],
  dimension: ['dimension', 'dimensie', 'code', 'dimension/code', 'dimensie/code'],
  judgement: ['judgement', 'judgment', 'oordeel', 'beoordeling', 'mark', 'markering'],
  level: ['level', 'niveau'],
} as const;

export interface JudgementsFile {
  readonly file: string;
  /** The header of the case/group column as written (e.g. `case`, `team`, `opgave`). */
  readonly columnHeader: string;
  readonly rows: readonly JudgementRow[];
}

/**
 * Read a judgements CSV (`,` `;` or tab; UTF-8 or Windows-1252): a case or group column
 * (`case`, `group`, `team` or the attribute given as `cols`), a `dimension` (or `code`)
 * column, a `judgement` (or `mark`) column and an optional `level` column. Dutch headers
 * (casus, groep, dimensie, oordeel, niveau) are accepted. Empty rows are skipped.
 */
export async function readJudgements(path: string, opts: { cwd?: string; cols?: string; /** said while decoding and parsing (mixed encodings, a quote inside a value, …: were read without a word) */ report?: Report } = {}): Promise<JudgementsFile> {
  const full = resolve(opts.cwd ?? process.cwd(), path);
  try {
    if ((await stat(full)).isDirectory()) throw inputError('ingest', 'is-a-folder', 'this is a folder, not a judgements CSV', { file: path, hint: 'give a CSV with case, dimension and judgement columns' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw inputError('ingest', 'file-not-found', 'judgements file not found', { file: path, hint: 'check the path; a judgements CSV has the columns case (or group), dimension, judgement and optionally level' });
    throw e;
  }
  const { decodeBytes } = await import('./decode.js');
  await refuseSpecialFile(full, path);
  const { text } = await decodeBytes(new Uint8Array(await readFile(full)), { file: path, ...(opts.report ? { report: opts.report } : {}) });
  return parseJudgements(text, path, opts.cols, opts.report);
}

export function parseJudgements(text: string, file: string, cols?: string, report?: Report): JudgementsFile {
  const { header, records, lines, headerLine } = parseCsvRecords(text, file, report ? { report } : {});
  const low = header.map((h) => h.trim().toLowerCase());
  const find = (names: readonly string[]) => {
    for (const n of names) {
      const i = low.indexOf(n);
      if (i >= 0) return i;
    }
    return -1;
  };
  const dimIdx = find(JUDGEMENT_COLUMNS.dimension);
  const judIdx = find(JUDGEMENT_COLUMNS.judgement);
  const lvlIdx = find(JUDGEMENT_COLUMNS.level);
  // the case/group column: --cols by name, a known name, else the first other column (e.g. `opgave`, an attribute)
  let colIdx = cols && low.includes(cols.toLowerCase()) ? low.indexOf(cols.toLowerCase()) : find(JUDGEMENT_COLUMNS.column);
  if (colIdx < 0 && dimIdx >= 0) colIdx = low.findIndex((h, i) => h !== '' && i !== dimIdx && i !== judIdx && i !== lvlIdx);
  const missing: string[] = [];
  if (colIdx < 0) missing.push(`a case or group column (${cols ? `${cols}, ` : ''}${JUDGEMENT_COLUMNS.column.join(', ')})`);
  if (dimIdx < 0) missing.push(`a dimension column (${JUDGEMENT_COLUMNS.dimension.join(', ')})`);
  if (judIdx < 0 && lvlIdx < 0) missing.push(`a judgement column (${JUDGEMENT_COLUMNS.judgement.join(', ')}) or a level column`);
  if (missing.length) {
    const found = header.map((h) => h.trim()).filter(Boolean);
    const all: string[] = [...JUDGEMENT_COLUMNS.column, ...JUDGEMENT_COLUMNS.dimension, ...JUDGEMENT_COLUMNS.judgement, ...JUDGEMENT_COLUMNS.level];
    const close = found.filter((h) => all.some((a) => editDistance(h.toLowerCase(), a) <= 2 && h.toLowerCase() !== a));
    throw inputError('ingest', 'missing-column', `the judgements file lacks ${missing.join('; ')} (its columns: ${found.join(', ') || 'none'})`, {
      file,
      line: headerLine,
      ...(close.length ? { actual: close.join(', ') } : {}),
      hint: 'the first row names the columns, e.g.: case,dimension,judgement,level (or with --cols team: team,dimension,judgement)',
    });
  }
  const rows: JudgementRow[] = [];
  records.forEach((r, k) => {
    const cell = (i: number) => (i >= 0 ? (r[i] ?? '').trim() : '');
    const column = cell(colIdx);
    const dimension = cell(dimIdx);
    const judgement = cell(judIdx);
    const level = cell(lvlIdx);
    if (!column && !dimension && !judgement && !level) return;
    if (!column || !dimension) {
      throw inputError('ingest', 'missing-value', `row has no ${!column ? header[colIdx].trim() : header[dimIdx].trim()}`, { file, line: lines[k], hint: 'fill in the case (or group) and the dimension on every row, or delete the row' });
    }
    rows.push({ line: lines[k], column, dimension, judgement, ...(level ? { level } : {}) });
  });
  return { file, columnHeader: header[colIdx].trim(), rows };
}

/** `--row-order a,b,c` or a file (one name per line, or a CSV whose first column holds them). */
export async function readOrder(spec: string | readonly string[] | undefined, opts: { cwd?: string } = {}): Promise<string[] | undefined> {
  if (spec === undefined) return undefined;
  const list = typeof spec === 'string' ? [spec] : [...spec];
  if (list.length === 1 && !list[0].includes(',')) {
    const full = resolve(opts.cwd ?? process.cwd(), list[0]);
    try {
      if ((await stat(full)).isFile()) {
        const { decodeBytes } = await import('./decode.js');
        const { text } = await decodeBytes(new Uint8Array(await readFile(full)), { file: list[0] });
        return text
          .replace(/^\uFEFF/, '')
          .split(/\r?\n/)
          .map((l) => l.split(/[;,\t]/)[0].trim().replace(/^"(.*)"$/, '$1'))
          .filter(Boolean);
      }
    } catch {
      // not a file: a one-item list
    }
  }
  return list.flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean);
}
