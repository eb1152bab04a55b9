/**
 * The rules table of a codings document for these codebooks: every rule of every codebook
 * in both languages (its text differs per language), in codebook order. The same books
 * always give the same keys, so worker threads that build it each get the same table.
 */
import type { Codebook } from '../codebook/types.js';
import type { Lang } from '../model/types.js';
import { RuleIndex } from '../model/codings-format.js';
import { describeRules, type CompiledCodebook } from './compile-codebook.js';

export function ruleIndexFor(books: readonly Codebook[], compiled?: (book: Codebook, index: number, lang: Lang) => CompiledCodebook): RuleIndex {
  const idx = new RuleIndex();
  books.forEach((b, i) => {
    for (const lang of ['nl', 'en'] as Lang[]) {
      const c = compiled ? compiled(b, i, lang) : describeRules(b, lang);
      for (const r of c.rules) idx.add({ id: r.id, codebook: c.codebook, ...(c.version !== undefined ? { codebookVersion: c.version } : {}), text: r.description }, lang);
    }
  });
  return idx;
}
