import { readFile } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import type { Source } from '../model/types.js';
import { inputError, type Report } from '../model/errors.js';
import { decodeBytes } from './decode.js';
import { displayPath, parseCsv } from './read-source.js';
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
const SOURCE_COLS = ['source', 'file', 'bron', 'document', 'bestand', 'filename', 'bestandsnaam', 'transcript', 'source_id'];
const CASE_COLS = ['case', 'case_id', 'caseid', 'casus', 'case id', 'geval'];

/** Key used to match a table entry to a source: file name without folders and extension, lower case. */
export function caseKey(s: string): string {
  const b = basename(s.trim().replace(/\\/g, '/'));
  const e = extname(b);
  return (e && e.length <= 6 ? b.slice(0, -e.length) : b).toLowerCase();
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
  const { text } = await decodeBytes(bytes, { file, report: opts.report });
  const { header, rows } = await parseCsv(text, file);
  const h = header.map((x) => x.trim().toLowerCase());
  const si = h.findIndex((x) => SOURCE_COLS.includes(x));
  if (si === -1) {
    throw inputError('ingest', 'missing-column', 'the cases file has no source column', {
      file,
      line: 1,
      expected: SOURCE_COLS.slice(0, 4),
      hint: 'add a column "source" with the source file names (or ids) it describes',
    });
  }
  const ci = h.findIndex((x) => CASE_COLS.includes(x));
  const out: CaseRow[] = [];
  rows.forEach((r, i) => {
    const key = (r[si] ?? '').trim();
    if (!key) return;
    const attributes: Record<string, string> = {};
    header.forEach((name, c) => {
      if (c === si || c === ci || !name) return;
      const v = (r[c] ?? '').trim();
      if (v !== '') attributes[name.trim()] = v;
    });
    const cs = ci !== -1 ? (r[ci] ?? '').trim() : '';
    out.push({ key, ...(cs ? { case: cs } : {}), attributes, line: i + 2 });
  });
  return { file, rows: out };
}

/** Case rows from qda.yaml's inline `cases:` map. */
export function casesFromMap(map: Record<string, Record<string, string>>, file?: string): CaseTable {
  return {
    ...(file ? { file } : {}),
    rows: Object.entries(map).map(([key, attrs]) => {
      const { case: c, ...rest } = attrs;
      return { key, ...(c ? { case: c } : {}), attributes: rest };
    }),
  };
}

/**
 * Apply case tables (later tables win) to sources: case id and attributes
 * (source's own front-matter attributes first, then the tables). With
 * `warnUnknown`, rows that match no source are reported.
 */
export function applyCases(sources: readonly Source[], tables: readonly CaseTable[], report: Report, warnUnknown: boolean): Source[] {
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
    if (SOURCE_EXT.test(b)) return byKey.get(b);
    return byKey.get(b) ?? byKey.get(caseKey(k));
  };
  const patch = new Map<string, { case?: string; attributes: Record<string, string> }>();
  for (const t of tables) {
    for (const row of t.rows) {
      const hits = lookup(row.key);
      if (!hits) {
        if (warnUnknown) {
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
        if (row.case) p.case = row.case;
        Object.assign(p.attributes, row.attributes);
        patch.set(s.id, p);
      }
    }
  }
  return sources.map((s) => {
    const p = patch.get(s.id);
    if (!p) return s;
    return { ...s, case: p.case ?? s.case, attributes: { ...s.attributes, ...p.attributes } };
  });
}
