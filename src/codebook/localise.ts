import type { Lang, LocalisedText } from '../model/types.js';
import type { LocalisedList } from './types.js';

const OTHER: Record<Lang, Lang> = { nl: 'en', en: 'nl' };

/** The text in `lang`, else in the other language (nl ↔ en), else ''. */
export function localise(text: LocalisedText | string | undefined, lang: Lang): string {
  if (text === undefined) return '';
  if (typeof text === 'string') return text;
  return text[lang] ?? text[OTHER[lang]] ?? '';
}

/** The list in `lang`, else in the other language, else []. */
export function localiseList(list: LocalisedList | undefined, lang: Lang): readonly string[] {
  if (!list) return [];
  return list[lang] ?? list[OTHER[lang]] ?? [];
}

interface NamedCode {
  readonly id: string;
  readonly name?: LocalisedText | string;
}

/**
 * Cross-references to other codes in a definition or criterion — "(zie new bonds)", "(see
 * informeren)" — shown by the code's name in `lang` ("(zie Nieuwe banden)"), so that a Dutch
 * text does not carry English ids. A reference names a code by its id or by its name in either
 * language (any case); several may be joined with "," / "en" / "and" / "of" / "or". Words that
 * name no code stay as written.
 */
export function nameCodeReferences(text: string, codes: readonly NamedCode[], lang: Lang): string {
  if (!text.includes('(')) return text;
  const byKey = new Map<string, NamedCode>();
  for (const c of codes) {
    byKey.set(c.id.toLowerCase(), c);
    const names = typeof c.name === 'string' ? [c.name] : c.name ? [c.name.nl, c.name.en] : [];
    for (const n of names) if (n) byKey.set(n.toLowerCase(), c);
  }
  return text.replace(/\((zie ook|zie|see also|see|cf\.|vgl\.)\s+([^()]+)\)/gi, (whole, word: string, list: string) => {
    const parts = list.split(/(\s*,\s*|\s+(?:en|and|of|or)\s+)/);
    let changed = false;
    const out = parts.map((p, i) => {
      if (i % 2) return p; // a separator
      const c = byKey.get(p.trim().toLowerCase());
      if (!c) return p;
      changed = true;
      return localise(c.name, lang) || c.id;
    });
    return changed ? `(${word} ${out.join('')})` : whole;
  });
}

/** The texts of a code an export shows: its name and the fields of the appendix. */
export const CODE_TEXT_FIELDS = ['name', 'definition', 'include', 'exclude', 'indicators', 'examples'] as const;
export type CodeTextField = (typeof CODE_TEXT_FIELDS)[number];

interface TextsOfCode {
  readonly id: string;
  readonly name?: LocalisedText | string;
  readonly definition?: LocalisedText | string;
  readonly include?: LocalisedList;
  readonly exclude?: LocalisedList;
  readonly indicators?: LocalisedList;
  readonly examples?: LocalisedList;
}

/**
 * The texts `localise` / `localiseList` give in the other language because `lang` has none (a
 * Dutch-only codebook exported with --lang en): per code in order, its index and the fields, among
 * `fields`; and whether the codebook's own name is one.
 */
export function textsInOtherLanguage(
  book: { readonly name?: LocalisedText | string; readonly codes: readonly TextsOfCode[] },
  lang: Lang,
  fields: readonly CodeTextField[] = CODE_TEXT_FIELDS,
): { codes: Array<{ id: string; index: number; fields: CodeTextField[] }>; bookName: boolean } {
  const other = OTHER[lang];
  const falls = (t: LocalisedText | LocalisedList | string | undefined) => {
    if (t === undefined || typeof t === 'string') return false;
    const own = (t as Record<Lang, unknown>)[lang];
    const o = (t as Record<Lang, unknown>)[other];
    return own === undefined && o !== undefined && (Array.isArray(o) ? o.length > 0 : o !== '');
  };
  const codes: Array<{ id: string; index: number; fields: CodeTextField[] }> = [];
  book.codes.forEach((c, index) => {
    const f = fields.filter((k) => falls(c[k]));
    if (f.length) codes.push({ id: c.id, index, fields: f });
  });
  return { codes, bookName: falls(book.name) };
}
