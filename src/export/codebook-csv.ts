import type { Lang } from '../model/types.js';
import type { Codebook } from '../codebook/types.js';
import { localise, localiseList } from '../codebook/localise.js';
import { topLevelCategory } from '../codebook/tree.js';
import { neutraliseFormula } from './escape.js';
import { codebookAppendix, cellContent, metaAt, metaLines, metaPaths, type AppendixOptions } from './codebook-sections.js';

/**
 * One row per code (codebook order): id, parent, category, level, name,
 * definition, criteria, indicators, examples (list items one per line in the
 * cell) and the number of rules; then `source` and one column per meta path
 * (`meta.items.coaches`) when codes have them. With `columns` (as
 * `--columns`): codebook, id, then those columns (`code` gives the name).
 * Formulas are neutralised.
 */
export async function renderCodebookCsv(book: Codebook, lang: Lang, opts: AppendixOptions = {}): Promise<string> {
  const { default: Papa } = await import('papaparse');
  let head: string[];
  let rows: string[][];
  if (opts.columns) {
    const a = codebookAppendix(book, lang, opts);
    const flat = a.sections.flatMap((s) => s.rows);
    head = ['codebook', 'id', ...a.columns.map((c) => (c === 'code' ? (lang === 'nl' ? 'naam' : 'name') : a.labels[c] ?? c))];
    rows = flat.map((r) => [book.id, r.id, ...a.columns.map((c) => (c === 'code' ? r.name : cellContent(r, c).lines.join('\n')))]);
  } else {
    const paths = metaPaths(book.codes);
    const withSource = book.codes.some((c) => c.source);
    head = ['codebook', 'id', 'parent', 'category', 'level', 'name', 'definition', 'include', 'exclude', 'indicators', 'examples', 'rules', ...(withSource ? ['source'] : []), ...paths.map((p) => `meta.${p}`)];
    rows = book.codes.map((c) => [
      book.id,
      c.id,
      c.parent ?? '',
      topLevelCategory(book, c.id),
      c.level === undefined ? '' : String(c.level),
      localise(c.name, lang),
      localise(c.definition, lang),
      localiseList(c.include, lang).join('\n'),
      localiseList(c.exclude, lang).join('\n'),
      localiseList(c.indicators, lang).join('\n'),
      localiseList(c.examples, lang).join('\n'),
      String(c.rules?.length ?? 0),
      ...(withSource ? [c.source ?? ''] : []),
      ...paths.map((p) => metaLines(metaAt(c.meta, p)).join('\n')),
    ]);
  }
  return Papa.unparse([head, ...rows.map((r) => r.map(neutraliseFormula))], { newline: '\n' }) + '\n';
}
