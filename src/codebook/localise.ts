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
