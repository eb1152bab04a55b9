/**
 * Codes found in markers or codings files that no loaded codebook holds, but a built-in codebook
 * that was not given does (`Code: exchange` coded with only `-c kaats-opheij`): each was said on
 * its own as "in no codebook" with the nearest codes of the codebooks loaded, and kept flat, outside
 * the codebook it belongs to, without the one fix that reads them all. Said once per built-in.
 */
import type { Codebook } from '../codebook/types.js';
import { BUILTIN_CODEBOOK_IDS } from '../codebook/builtins.js';
import type { CodeRef, Diagnostic } from '../model/types.js';
import { codebookCodeRefs } from '../coding/code-corpus.js';
import { LabelResolver, codebookAliases, labelKey } from '../coding/label-resolver.js';
import { readCodebook } from './read-codebook.js';

/**
 * One warning naming each built-in codebook not among `books` whose codes (by id, name, alias or
 * spelling: plural, stem; not by a near miss) are among the codes `found` (the labels as written
 * are their names). Reads those built-ins only when something was found.
 */
export async function codesOfOtherBuiltins(found: readonly CodeRef[], books: readonly Codebook[], cwd: string): Promise<Diagnostic[]> {
  if (!found.length) return [];
  const loaded = new Set(books.map((b) => b.id));
  const per: Array<{ id: string; name: string; hits: string[]; labels: string[] }> = [];
  for (const id of BUILTIN_CODEBOOK_IDS) {
    if (loaded.has(id)) continue;
    let book: Codebook;
    try {
      book = await readCodebook(id, { cwd });
    } catch {
      continue; // (a built-in that does not read is the tests' concern, not this hint's)
    }
    const resolver = new LabelResolver(codebookCodeRefs(book), codebookAliases([book]));
    const hits: string[] = [];
    const labels: string[] = [];
    for (const c of found) {
      const label = c.name?.en ?? c.id;
      const r = resolver.resolve(label);
      if (r.code === undefined || r.how === 'near') continue;
      const code = book.codes.find((x) => x.id === r.code);
      const name = code?.name.en ?? code?.name.nl ?? r.code;
      labels.push(label);
      hits.push(labelKey(label) === labelKey(r.code) ? `"${label}"` : `"${label}" (${r.code}: ${name})`);
    }
    if (hits.length) per.push({ id, name: book.name.en ?? book.name.nl ?? id, hits, labels });
  }
  if (!per.length) return [];
  per.sort((a, b) => b.hits.length - a.hits.length || (a.id < b.id ? -1 : 1));
  const n = new Set(per.flatMap((p) => p.labels)).size;
  const one = per.length === 1;
  return [
    {
      severity: 'warning',
      source: 'coding',
      ruleId: 'codes-of-builtin-not-given',
      message: `${n} code${n === 1 ? '' : 's'} found in the markers or codings that no codebook of this run holds ${n === 1 ? 'is a code' : 'are codes'} of ${one ? 'the built-in codebook' : 'built-in codebooks'} not given: ${per.map((p) => `${p.id} (${p.name}): ${p.hits.join(', ')}`).join('; ')}; kept as uncategorised codes, outside ${one ? "that codebook's tree" : 'their trees'}`,
      hint: `to read them as its codes, add ${per.map((p) => `-c ${p.id}`).join(' or ')} (or under codebooks: in qda.yaml)`,
      actual: [...new Set(per.flatMap((p) => p.labels))].join(', '),
    },
  ];
}
