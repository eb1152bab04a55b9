import { basename, extname } from 'node:path';
import type { CodingsDocument } from '../../model/types.js';
import { inputError } from '../../model/errors.js';
import type { Io } from '../io.js';

/** Shared by matrix/compare/agree: read codings and refuse empty ones with a clear message. */
export async function readCodingsChecked(path: unknown, io: Io, what = 'codings'): Promise<CodingsDocument> {
  if (typeof path !== 'string' || !path) {
    throw inputError('cli', 'missing-codings', `no ${what} file given`, { hint: 'give the codings document written by `qda code`, or a CSV with source and code columns' });
  }
  const { readCodings } = await import('../../ingest/read-codings.js');
  const doc = await readCodings(path, { cwd: io.cwd });
  if (doc.codings.length === 0) {
    throw inputError('analysis', 'empty-codings', 'the codings file contains no codings', {
      file: path,
      hint: 'code the sources first (`qda code <sources> -c CODEBOOK -o codings.json`), or add rows with source and code to the CSV',
    });
  }
  return doc;
}

export function fileStem(path: string): string {
  return basename(path, extname(path));
}

export const strList = (v: unknown): string[] | undefined => (Array.isArray(v) ? (v as string[]) : typeof v === 'string' ? [v] : undefined);

const TABLE_EXT: Record<string, string> = { json: 'json', csv: 'csv', md: 'md', markdown: 'md', html: 'html', htm: 'html', tex: 'latex', latex: 'latex', xlsx: 'xlsx' };

/**
 * Check `-o FILE` against the table formats before any work: without --format an
 * extension that names no table format (`.xls`, `.docx`, `.pdf`, `.txt`) is an
 * error (it would otherwise get Markdown); with --format, a different known
 * extension gets a warning.
 */
export function checkTableOut(format: unknown, out: unknown, io: Io): void {
  if (typeof out !== 'string' || !out || out === '-') return;
  const ext = extname(out).slice(1).toLowerCase();
  if (!ext) return;
  const byExt = TABLE_EXT[ext];
  if (typeof format !== 'string' || !format) {
    if (!byExt) {
      throw inputError('cli', 'unknown-extension', `cannot tell the output format from the file name "${out}"`, {
        hint: `end the file name in .csv, .xlsx, .md, .html, .tex or .json, or give --format${ext === 'xls' ? ' (Excel: use .xlsx)' : ''}`,
      });
    }
    return;
  }
  const f = format.toLowerCase();
  const fmt = TABLE_EXT[f] ?? f;
  if (byExt && byExt !== fmt) {
    io.stderr.write(`warning: --format ${format} is written to "${out}", whose extension says ${byExt} [cli:format-extension-mismatch]\n`);
  }
}
