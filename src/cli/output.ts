import { resolve } from 'node:path';
import type { Table } from '../model/types.js';
import { inputError } from '../model/errors.js';
import type { Io } from './io.js';
import type { TableFormat } from '../export/render-table.js';
import { TABLE_FORMATS } from '../export/render-table.js';

/** Write a command's result: to `-o FILE` atomically, or to stdout for text formats. */
export async function emit(io: Io, content: string | Uint8Array, out: string | undefined, what = 'output'): Promise<void> {
  if (out && out !== '-') {
    const { writeFileAtomic } = await import('../export/write-file-atomic.js');
    await writeFileAtomic(resolve(io.cwd, out), content, { shown: out });
    return;
  }
  if (typeof content !== 'string') {
    throw inputError('cli', 'binary-to-stdout', `${what} is a binary format and cannot be written to the terminal`, {
      hint: 'add -o FILE, e.g. -o table.xlsx',
    });
  }
  io.stdout.write(content);
}

/** Pick the table format: explicit --format, else from -o's extension, else the fallback. */
export function tableFormat(format: string | undefined, out: string | undefined, fallback: TableFormat = 'md'): TableFormat {
  if (format) {
    const f = format.toLowerCase() === 'tex' ? 'latex' : format.toLowerCase() === 'markdown' ? 'md' : format.toLowerCase();
    if (!(TABLE_FORMATS as readonly string[]).includes(f)) {
      throw inputError('cli', 'unknown-format', `unknown format "${format}"`, {
        expected: [...TABLE_FORMATS],
        hint: `use --format ${TABLE_FORMATS.join('|')}`,
      });
    }
    return f as TableFormat;
  }
  const ext = outExtension(out);
  if (!ext) return fallback;
  const byExt = TABLE_EXT[ext];
  if (!byExt) {
    // never write Markdown into report.xls or table.pdf
    throw inputError('cli', 'unknown-extension', `cannot tell the output format from the file name "${out}"`, {
      hint: `end the file name in .csv, .xlsx, .md, .html, .tex, .docx or .json, or give --format${ext === 'xls' ? ' (Excel: use .xlsx)' : ''}`,
    });
  }
  return byExt;
}

const TABLE_EXT: Readonly<Record<string, TableFormat>> = { json: 'json', csv: 'csv', md: 'md', markdown: 'md', html: 'html', htm: 'html', tex: 'latex', latex: 'latex', xlsx: 'xlsx', docx: 'docx' };

function outExtension(out: string | undefined): string | undefined {
  if (!out || out === '-') return undefined;
  const base = out.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : undefined;
}

/**
 * Check `--format` and `-o FILE` before any work is done: an extension that names
 * no table format is an error (see tableFormat); an explicit --format that
 * contradicts a known extension gets a warning on stderr.
 */
export function checkTableOut(format: unknown, out: unknown, io: Io): void {
  const f = typeof format === 'string' && format ? format : undefined;
  const o = typeof out === 'string' ? out : undefined;
  const chosen = tableFormat(f, o);
  const ext = outExtension(o);
  const byExt = ext ? TABLE_EXT[ext] : undefined;
  if (f && byExt && byExt !== chosen) {
    io.stderr.write(`warning: --format ${f} is written to "${o}", whose extension says ${byExt} [cli:format-extension-mismatch]\n`);
  }
}

export async function emitTables(
  io: Io,
  tables: readonly Table[],
  opts: { format?: string; out?: string; lang?: 'nl' | 'en' },
  fallback: TableFormat = 'md',
): Promise<void> {
  const format = tableFormat(opts.format, opts.out, fallback);
  const { renderTables } = await import('../export/render-table.js');
  const content = await renderTables(tables, format, { lang: opts.lang });
  await emit(io, content, opts.out, `--format ${format}`);
  // a CSV holds the rows only: the notes under a table (what is counted, which codes share a row,
  // which sources are left out …) go to stderr, so that they are not lost without a word
  if (format === 'csv') {
    const dest = opts.out && opts.out !== '-' ? opts.out : 'stdout';
    for (const t of tables) {
      if (!t.notes?.length) continue;
      const nl = opts.lang === 'nl';
      io.stderr.write(
        `${dest}: ${nl ? `de CSV heeft geen plaats voor de ${t.notes.length} noot/noten bij` : `the CSV has no place for the ${t.notes.length} note(s) of`} "${t.title ?? 'table'}" [cli:csv-notes]:\n` +
          t.notes.map((n) => `  - ${n}\n`).join('') +
          `  hint: ${nl ? '--format md, html, xlsx, docx of json houdt ze bij de tabel' : '--format md, html, xlsx, docx or json keeps them with the table'}\n`,
      );
    }
  }
}

export function parseLang(v: string | undefined, env?: Readonly<Record<string, string | undefined>>): 'nl' | 'en' {
  if (v === 'nl' || v === 'en') return v;
  if (v) throw inputError('cli', 'unknown-lang', `unknown language "${v}"`, { expected: ['nl', 'en'], hint: 'use --lang nl or --lang en' });
  const l = env?.QDA_LANG ?? '';
  return l.startsWith('nl') ? 'nl' : 'en';
}

/** A repeatable option's values as a list (undefined when not given). */
export const strList = (v: unknown): string[] | undefined => (Array.isArray(v) ? (v as string[]) : typeof v === 'string' ? [v] : undefined);
