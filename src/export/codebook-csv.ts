import type { Lang } from '../model/types.js';
import type { Codebook } from '../codebook/types.js';
import { localise, localiseList } from '../codebook/localise.js';
import { topLevelCategory } from '../codebook/tree.js';
import { neutraliseFormula } from './escape.js';

/**
 * One row per code (codebook order): id, parent, category, level, name,
 * definition, criteria, indicators, examples (list items one per line in the
 * cell) and the number of rules. Formulas are neutralised.
 */
export async function renderCodebookCsv(book: Codebook, lang: Lang): Promise<string> {
  const { default: Papa } = await import('papaparse');
  const head = ['codebook', 'id', 'parent', 'category', 'level', 'name', 'definition', 'include', 'exclude', 'indicators', 'examples', 'rules'];
  const rows = book.codes.map((c) => [
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
  ]);
  return Papa.unparse([head, ...rows.map((r) => r.map(neutraliseFormula))], { newline: '\n' }) + '\n';
}
