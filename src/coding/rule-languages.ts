/**
 * Codes whose rules cannot fire in a language the sources are in. A rule's keywords are given
 * per language (`keywords: {nl: […], en: […]}`; a plain list is in the codebook's `language`,
 * Dutch when it names none), and a source is coded with the keywords of its own language only:
 * an English interview coded with a codebook whose keywords are all Dutch gets no codings from
 * it, which looks exactly like a source where none of the codes is discussed. Said per codebook
 * and language (pure: the pipeline and codeCorpus call it with the languages they read).
 */
import type { Codebook, CodeDef, Rule } from '../codebook/types.js';
import { LANGUAGE_NAME as LANG_NAME, type Diagnostic, type Lang } from '../model/types.js';


/** True when `rule` can match in a source of language `lang` (as compileCodebook makes it active). */
export function ruleFiresIn(rule: Rule, lang: Lang): boolean {
  if (rule.kind === 'keywords') return (rule.terms[lang]?.length ?? 0) > 0;
  if (rule.kind === 'near') return (rule.a[lang]?.length ?? 0) > 0 && (rule.b[lang]?.length ?? 0) > 0;
  return !rule.lang || rule.lang === lang;
}

/** The languages in which some rule of the code can fire. */
function codeLanguages(code: CodeDef): Set<Lang> {
  const out = new Set<Lang>();
  for (const r of code.rules ?? []) for (const l of ['nl', 'en'] as Lang[]) if (ruleFiresIn(r, l)) out.add(l);
  return out;
}

/**
 * Warnings for codes with rules that fire in some language but not in a language of the
 * sources: `sources` maps each language a source was read in (guessed or given) to the ids of
 * those sources. Sources of unknown language are coded with every language's rules and are not
 * counted here.
 */
export function ruleLanguageGaps(books: readonly Codebook[], sources: ReadonlyMap<Lang, readonly string[]>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const book of books) {
    const withRules = book.codes.filter((c) => (c.rules ?? []).length > 0);
    if (!withRules.length) continue;
    for (const [lang, ids] of sources) {
      if (!ids.length) continue;
      const missing = withRules.filter((c) => {
        const ls = codeLanguages(c);
        return ls.size > 0 && !ls.has(lang);
      });
      if (!missing.length) continue;
      const other = lang === 'nl' ? 'en' : 'nl';
      const all = missing.length === withRules.length;
      const codes = `${missing
        .slice(0, 8)
        .map((c) => c.id)
        .join(', ')}${missing.length > 8 ? `, and ${missing.length - 8} more` : ''}`;
      const where = `${ids.length} source(s) read as ${LANG_NAME[lang]} (${ids.slice(0, 5).join(', ')}${ids.length > 5 ? `, and ${ids.length - 5} more` : ''})`;
      out.push({
        severity: 'warning',
        source: 'coding',
        ruleId: 'rules-not-in-source-language',
        message: all
          ? `codebook "${book.id}" has rules in ${LANG_NAME[other]} only: its ${withRules.length} code(s) with rules code nothing in the ${where}`
          : `codebook "${book.id}": ${missing.length} of its ${withRules.length} code(s) with rules have none in ${LANG_NAME[lang]} (${codes}): they code nothing in the ${where}`,
        ...(book.file ? { file: book.file } : {}),
        hint:
          `a source is coded with the keywords of its own language only; ` +
          (book.language === other && all
            ? `a plain keyword list is read in the codebook's language (${book.language}: \`language:\` at its top, Dutch when it names none): write \`language: ${lang}\` there if the keywords are ${LANG_NAME[lang]}, or give them per language, \`keywords: {${other}: […], ${lang}: […]}\``
            : `give these codes keywords in ${LANG_NAME[lang]} too (\`keywords: {${other}: […], ${lang}: […]}\`)`) +
          `; if a source's language was guessed wrongly, give it in the case table (a \`language\` column) or in the source's front matter (a .txt or .md source starting with \`---\`, \`language: ${other}\`, \`---\`)`,
      });
    }
  }
  return out;
}
