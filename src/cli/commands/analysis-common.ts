import { basename, extname } from 'node:path';
import type { CodingsDocument, Diagnostic, Table } from '../../model/types.js';
import { formatDiagnostic, inputError } from '../../model/errors.js';
import type { Io } from '../io.js';

/** Shared by matrix/compare/agree: read codings and refuse empty ones with a clear message. */
export async function readCodingsChecked(path: unknown, io: Io, what = 'codings', codebooks?: readonly string[]): Promise<CodingsDocument> {
  if (typeof path !== 'string' || !path) {
    throw inputError('cli', 'missing-codings', `no ${what} file given`, { hint: 'give the codings document written by `qda code`, or a CSV with source and code columns' });
  }
  const { readCodings, withCodebooks } = await import('../../ingest/read-codings.js');
  const report = (d: Diagnostic) => io.stderr.write(formatDiagnostic(d) + '\n');
  let doc = await readCodings(path, { cwd: io.cwd, report });
  if (codebooks?.length) {
    // -c: the codebooks' hierarchy (and names) for codings that carry none (a flat CSV)
    const { loadBooks } = await import('./run.js');
    doc = withCodebooks(doc, await loadBooks(codebooks, io.cwd, report), report, path);
  }
  if (doc.codings.length === 0) {
    throw inputError('analysis', 'empty-codings', 'the codings file contains no codings', {
      file: path,
      hint: 'code the sources first (`qda code <sources> -c CODEBOOK -o codings.json`), or add rows with source and code to the CSV',
    });
  }
  // two codes with one name (from two codebooks) are shown qualified by their codebook
  const { uniqueCodeNames } = await import('../../analysis/hierarchy.js');
  return uniqueCodeNames(doc);
}

export function fileStem(path: string): string {
  return basename(path, extname(path));
}

/** (in output.ts, so that run.ts can use it without an import cycle through this module's loadBooks) */
export { strList } from '../output.js';

/** Re-exported: the check lives with the other output helpers. */
export { checkTableOut } from '../output.js';

/** Print diagnostics (warnings of an analysis) on stderr, one block each. */
export function printDiagnostics(io: Io, diags: readonly Diagnostic[]): void {
  for (const d of diags) io.stderr.write(formatDiagnostic(d) + '\n');
}

/** The `--format`/`-o` of a table command asks for a Word document (tables rendered as an appendix). */
export function wantsDocx(format: unknown, out: unknown): boolean {
  if (typeof format === 'string' && format) return format.toLowerCase() === 'docx';
  return typeof out === 'string' && /\.docx$/i.test(out);
}

/** Tables as a Word document (the appendix renderer): one section per table. */
export async function emitTablesDocx(io: Io, tables: readonly Table[], title: string, out: unknown, lang: 'nl' | 'en'): Promise<void> {
  if (typeof out !== 'string' || !out || out === '-') {
    throw inputError('cli', 'binary-to-stdout', 'docx is a binary format and cannot be written to the terminal', { hint: 'add -o FILE.docx' });
  }
  const { renderAppendix } = await import('../../export/appendix-render.js');
  const { emit } = await import('../output.js');
  const doc = {
    lang,
    title,
    paragraphs: [],
    sections: tables.map((t, i) => ({ id: `table-${i + 1}`, heading: t.title ?? title, level: 2 as const, table: t })),
  };
  await emit(io, await renderAppendix(doc, 'docx'), out, '--format docx');
}
