/**
 * Snowball stemmers (Dutch, English Porter2) behind a tiny interface, with a
 * memo per stemmer so each token type is stemmed once per run. Input is a
 * folded token (lower case, no diacritics).
 *
 * This module imports snowball-stemmers statically; it is reached only through
 * the coding engine, which the CLI loads with a dynamic import.
 */
import * as snowball from 'snowball-stemmers';
import type { Lang } from '../model/types.js';

export type StemFn = (folded: string) => string;

/** A memoising stemmer for one language (new memo per call: one per run). */
export function makeStemmer(lang: Lang): StemFn {
  const s = snowball.newStemmer(lang === 'nl' ? 'dutch' : 'english');
  const memo = new Map<string, string>();
  return (w: string) => {
    let r = memo.get(w);
    if (r === undefined) {
      // Snowball expects plain words: stem the part before a possessive 's
      const base = w.endsWith("'s") ? w.slice(0, -2) : w;
      r = base.length > 2 ? s.stem(base) : base;
      memo.set(w, r);
    }
    return r;
  };
}
