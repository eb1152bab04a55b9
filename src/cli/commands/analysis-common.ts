import { basename, extname } from 'node:path';
import type { CodingsDocument, Diagnostic, Table } from '../../model/types.js';
import { formatDiagnostic, inputError } from '../../model/errors.js';
import type { Io } from '../io.js';

/** Shared by matrix/compare/agree: read codings and refuse empty ones with a clear message. */
export async function readCodingsChecked(
  path: unknown,
  io: Io,
  what = 'codings',
  codebooks?: readonly string[],
  opts: { projectCases?: boolean; codeTree?: boolean | TreeUse; allowEmpty?: boolean; onBooks?: (books: readonly import('../../codebook/types.js').Codebook[]) => void } = {},
): Promise<CodingsDocument> {
  if (typeof path !== 'string' || !path) {
    throw inputError('cli', 'missing-codings', `no ${what} file given`, { hint: 'give the codings document written by `qda code`, or a CSV with source and code columns' });
  }
  const { readCodings, withCodebooks, kindNotGiven } = await import('../../ingest/read-codings.js');
  const report = (d: Diagnostic) => io.stderr.write(formatDiagnostic(d) + '\n');
  let doc = await readCodings(path, { cwd: io.cwd, report });
  const { documentWarnings } = await import('../../analysis/document-warnings.js');
  const made = documentWarnings(doc, path);
  if (made) report(made);
  const kinds = kindNotGiven(doc);
  if (kinds) report(kinds);
  if (opts.projectCases) doc = await projectCasesOnCsv(doc, path, io, report);
  // (with -c the codes outside the codebooks are named by withCodebooks)
  const undeclared = codebooks?.length ? undefined : undeclaredCodes(doc, path);
  if (undeclared) report(undeclared);
  // (without -c: a code cell that seems to name several codes of the file, some part not one of
  // them, is kept whole and said; one whose parts all are was read as a coding of each)
  if (!codebooks?.length && !/\.jsonl?$/i.test(path)) {
    const { codeCellParts, splitCodeCells } = await import('../../ingest/code-cells.js');
    const alone = new Set(doc.codings.map((c) => c.code).filter((x) => !codeCellParts(x)));
    const kept = splitCodeCells(doc.codings, (x) => alone.has(x), (x) => alone.has(x), { file: path, source: 'ingest', what: 'codes of this file', keptIfPartKnown: true }).kept;
    if (kept) report(kept);
  }
  const repeated = repeatedCodings(doc, path);
  if (repeated) report(repeated);
  if (codebooks?.length) {
    // -c: the codebooks' hierarchy (and names) for codings that carry none (a flat CSV)
    const { loadBooks } = await import('./run.js');
    const books = await loadBooks(codebooks, io.cwd, report);
    opts.onBooks?.(books);
    doc = withCodebooks(doc, books, report, path);
  } else if (opts.codeTree) {
    const flat = await csvWithoutTree(doc, path, io, opts.codeTree === true ? undefined : opts.codeTree);
    if (flat) report(flat);
  }
  if (doc.codings.length === 0 && !opts.allowEmpty) {
    throw inputError('analysis', 'empty-codings', 'the codings file contains no codings', {
      file: path,
      hint: 'code the sources first (`qda code <sources> -c CODEBOOK -o codings.json`), or add rows with source and code to the CSV',
    });
  }
  // two codes with one name (from two codebooks) are shown qualified by their codebook
  const { uniqueCodeNames } = await import('../../analysis/hierarchy.js');
  return uniqueCodeNames(doc);
}

/**
 * What a command does with the code tree, for csvWithoutTree: `counts` (matrix, compare, appendix:
 * a parent counts its subcodes' codings), `categories` (saturation --level category: a code's
 * top-level code is its category), `families` (contrast --from/--to: a code with its subcodes).
 * (qda agree compares code by code: the tree only orders its rows, so it says nothing.)
 */
export type TreeUse = { readonly kind: 'counts' } | { readonly kind: 'categories' } | { readonly kind: 'families'; readonly codes: ReadonlyArray<{ readonly option: string; readonly code: string }> };

/**
 * A flat codings CSV carries no code tree (no parent column, no code paths; qda code writes none)
 * and no -c was given: its codes are counted flat, without their parent codes, while the codings
 * document of the same run (or the CSV with -c) counts them under their parents (the samples: 39
 * rows of qda matrix against 59). Said when the project's codebooks (qda.yaml), else the built-in
 * ones, give some of its codes a parent: which, how many, what the command does without them
 * (`use`), and the -c that applies them. The one place for every analysis command.
 */
export async function csvWithoutTree(doc: CodingsDocument, path: string, io: Io, use: TreeUse = { kind: 'counts' }): Promise<Diagnostic | undefined> {
  if (/\.jsonl?$/i.test(path) || !doc.codes.length || doc.codes.some((c) => c.parent)) return undefined;
  const ids = new Set(doc.codes.map((c) => c.id));
  const { findProject, loadBooks } = await import('./run.js');
  const { BUILTIN_CODEBOOK_IDS } = await import('../../codebook/builtins.js');
  const { project } = await findProject(io, [path]).catch(() => ({ project: undefined }));
  const fromProject = !!project?.codebooks?.length;
  const names = fromProject ? project!.codebooks! : [...BUILTIN_CODEBOOK_IDS];
  const found: Array<{ name: string; codes: number; parents: Set<string> }> = [];
  const known = new Set<string>();
  // (the top-level code of each code that has a parent; the subcodes that rows name of each code --from/--to give)
  const tops = new Set<string>();
  const under = new Map<string, Set<string>>();
  for (const name of names) {
    const book = await loadBooks([name], fromProject ? project!.dir : io.cwd).then((b) => b[0], () => undefined);
    if (!book) continue;
    const parentOf = new Map(book.codes.map((c) => [c.id, c.parent]));
    let codes = 0;
    const parents = new Set<string>();
    for (const id of ids) {
      if (parentOf.has(id)) known.add(id);
      if (!parentOf.get(id)) continue;
      codes++;
      let depth = 0;
      let top = id;
      for (let p = parentOf.get(id); p && depth < 50; p = parentOf.get(p), depth++) {
        if (!ids.has(p)) parents.add(p);
        top = p;
        if (use.kind === 'families') for (const g of use.codes) if (g.code === p) (under.get(p) ?? under.set(p, new Set()).get(p)!).add(id);
      }
      tops.add(top);
    }
    if (codes) found.push({ name, codes, parents });
  }
  // (built-in codebooks only when most of the file's codes are theirs: a code of one's own may share an id)
  if (!found.length || (!fromProject && known.size * 2 < ids.size)) return undefined;
  const withParent = found.reduce((a, f) => a + f.codes, 0);
  const missing = new Set(found.flatMap((f) => [...f.parents]));
  const flags = found.map((f) => `-c ${f.name}`).join(' ');
  const books = `${found.map((f) => `${f.name} (${f.codes})`).join(', ')}${fromProject ? " (qda.yaml's codebooks)" : ' (built-in codebooks)'}`;
  const list = (xs: Iterable<string>) => {
    const a = [...xs];
    return `${a.slice(0, 5).join(', ')}${a.length > 5 ? ', …' : ''}`;
  };
  let what: string;
  if (use.kind === 'families') {
    const given = use.codes.filter((g) => under.get(g.code)?.size);
    if (!given.length) return undefined;
    what = `${given.map((g) => `${g.option} ${g.code} takes the codings of ${g.code} itself only, not those of its ${under.get(g.code)!.size} subcode${under.get(g.code)!.size === 1 ? '' : 's'} that rows name (${list(under.get(g.code)!)}) in ${books}`).join('; ')} (a codings document, or -c, takes them with it)`;
  } else if (use.kind === 'categories') {
    what = `at --level category each of its ${ids.size} codes is a category of its own, while ${withParent} of them have parent codes in ${books}; a codings document, or -c, counts them under their ${tops.size} top-level code${tops.size === 1 ? '' : 's'} (${list(tops)})`;
  } else {
    what = `its ${ids.size} codes are counted flat, while ${withParent} of them have parent codes in ${books}; ${missing.size ? `the ${missing.size} parent code${missing.size === 1 ? '' : 's'} no row names (${list(missing)}) ${missing.size === 1 ? 'is' : 'are'} left out and ` : ''}no code counts its subcodes' codings (a codings document, or -c, counts them under their parents)`;
  }
  return {
    severity: 'warning',
    source: 'cli',
    ruleId: 'csv-without-code-tree',
    message: `the codings CSV carries no code tree (no parent column, no -c): ${what}`,
    file: path,
    hint: `give ${flags} to count the codes under their parents, or read the codings document (.json) of the run instead`,
  };
}

/**
 * The cases of the project (qda.yaml near the codings or in the current folder: `cases:`) applied
 * to the sources of a codings CSV, as qda run and qda report apply them, and said. They were not
 * applied by matrix, compare and saturation, without a word: `--cols case` showed the source ids,
 * and `--by team` found no team, while the same qda.yaml gave the language. (A codings document
 * from qda code carries the cases it was coded with.)
 */
export async function projectCasesOnCsv(doc: CodingsDocument, path: string, io: Io, report: (d: Diagnostic) => void): Promise<CodingsDocument> {
  if (/\.jsonl?$/i.test(path)) return doc;
  const { findProject, projectCasesOnCodings } = await import('./run.js');
  const { project, file } = await findProject(io, [path], undefined, report);
  return projectCasesOnCodings(doc, project, file, io, report, 'remove cases: from qda.yaml to count the sources by their own ids (qda report and qda run take --cases FILE for another table)');
}

/**
 * Codes that codings name but the document's code table does not hold (a codings document edited
 * by hand: a code renamed in the table but not in its codings, or retyped with other capitals).
 * They are counted as codes of their own, outside the hierarchy: said, with the nearest code of
 * the table. A CSV's table is made from its rows, so this concerns documents.
 */
export function undeclaredCodes(doc: CodingsDocument, file: string): Diagnostic | undefined {
  if (!doc.codes.length) return undefined;
  const ids = new Set(doc.codes.map((c) => c.id));
  const n = new Map<string, number>();
  for (const c of doc.codings) if (!ids.has(c.code)) n.set(c.code, (n.get(c.code) ?? 0) + 1);
  if (!n.size) return undefined;
  const fold = (x: string) => x.normalize('NFKD').replace(/\p{M}/gu, '').replace(/\s+/gu, ' ').trim().toLowerCase();
  const byFold = new Map<string, string>();
  for (const c of doc.codes) if (!byFold.has(fold(c.id))) byFold.set(fold(c.id), c.id);
  const list = [...n].map(([code, k]) => {
    const like = byFold.get(fold(code));
    return `"${code}" (${k} coding${k === 1 ? '' : 's'}${like ? `; written like the code "${like}"` : ''})`;
  });
  return {
    severity: 'warning',
    source: 'cli',
    ruleId: 'code-not-in-document',
    message: `${n.size} code(s) of the codings are not in the document's code table: ${list.slice(0, 10).join(', ')}${list.length > 10 ? `, … (+${list.length - 10})` : ''}; each is counted as a code of its own, outside the hierarchy`,
    file,
    hint: 'if a code was renamed, rename it in the codings too (or code the sources again); if it is a new code, add it to "codes" with its parent',
  };
}

/**
 * Codings of a codings document that repeat another's source, segment, code, coder and span (two
 * documents pasted together, a hand edit): each is read as a coding of its own, so `--measure
 * uses` counts it again. Said with the count and the first. (A CSV's repeated rows are named by
 * its reader, with their lines.)
 */
export function repeatedCodings(doc: CodingsDocument, file: string): Diagnostic | undefined {
  if (!/\.jsonl?$/i.test(file)) return undefined;
  const seen = new Set<string>();
  let n = 0;
  let first: (typeof doc.codings)[number] | undefined;
  for (const c of doc.codings) {
    const k = [c.sourceId, c.segmentId ?? '', c.code, c.coder, c.start, c.end].join('\u0000');
    if (!seen.has(k)) {
      seen.add(k);
      continue;
    }
    n++;
    first ??= c;
  }
  if (!n || !first) return undefined;
  return {
    severity: 'warning',
    source: 'cli',
    ruleId: 'repeated-coding',
    message: `${n} coding(s) repeat another coding's source, segment, code, coder and span (the first: "${first.code}" by ${first.coder} in ${first.segmentId ?? first.sourceId}); each is read as a coding of its own (counted again by --measure uses; once by the other measures)`,
    file,
    hint: 'remove the repeated codings if the document was pasted together twice; code the sources again (qda code) to get a clean document',
  };
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

/**
 * Tables as a Word document, as `qda matrix -o x.docx` writes them: per table its heading, the
 * table (wide ones split into parts, total rows bold) and its notes. (It was the appendix
 * renderer, which wrote no notes: compare's N per group, the small groups that † marks, the
 * sources left out were missing from the .docx without a word.)
 */
export async function emitTablesDocx(io: Io, tables: readonly Table[], _title: string, out: unknown, lang: 'nl' | 'en'): Promise<void> {
  if (typeof out !== 'string' || !out || out === '-') {
    throw inputError('cli', 'binary-to-stdout', 'docx is a binary format and cannot be written to the terminal', { hint: 'add -o FILE.docx' });
  }
  const { emitTables } = await import('../output.js');
  await emitTables(io, tables, { format: 'docx', out, lang });
}
