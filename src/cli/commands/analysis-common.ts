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

/** Re-exported: the check lives with the other output helpers. */
export { checkTableOut } from '../output.js';
