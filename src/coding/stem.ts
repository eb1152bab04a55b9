/**
 * Snowball stemmers (Dutch, English Porter2) behind a tiny interface, with a
 * memo per stemmer so each token type is stemmed once per run. Input is a
 * folded token (lower case, no diacritics).
 *
 * snowball-stemmers is a large CommonJS file: it is loaded with `require`
 * (through createRequire) on first use, which skips Node's named-export scan of
 * an ESM `import` of CommonJS (about 60 ms at start-up), and only when a word
 * is actually stemmed.
 *
 * Prefix property (checked by tests/coding/stem.test.ts over all strings of up
 * to 4 letters, generated suffix-heavy words and the samples' vocabulary; it
 * follows from Snowball only rewriting word endings): for a word of more than
 * 3 UTF-16 units, the word starts with all of its stem but the stem's last 2
 * units (`vrijheden` → `vrijheid`); a stem of 4 or more units keeps the
 * word's first 3; a shorter stem keeps its first 2 in Dutch and its first 1
 * in English (`dying` → `die`, `aing` → `a`). The coding engine uses it to
 * skip stemming words that cannot stem to any rule stem (`stemPrefixFilter`).
 */
import { createRequire } from 'node:module';
import type { Lang } from '../model/types.js';
import { STEM_SEED } from './stem-seed.js';

export type StemFn = (folded: string) => string;

interface Snowball {
  newStemmer(lang: string): { stem(word: string): string };
}
let snowball: Snowball | undefined;
function load(): Snowball {
  if (snowball) return snowball;
  const require = createRequire(import.meta.url);
  // the package's Dutch and English stemmers cut out of it at build time (scripts/snowball-trim.mjs:
  // an eighth of the code to parse when a thread loads them, the same stems), else the package
  try {
    snowball = require('../vendor/snowball-nl-en.cjs') as Snowball;
  } catch {
    snowball = require('snowball-stemmers') as Snowball;
  }
  return snowball;
}

const seeds: Partial<Record<Lang, ReadonlyMap<string, string>>> = {};
/** Stems of the built-in codebooks' words (see stem-seed.ts), parsed once. */
function seedFor(lang: Lang): ReadonlyMap<string, string> {
  let m = seeds[lang];
  if (!m) {
    const t = new Map<string, string>();
    for (const line of STEM_SEED[lang].split('\n')) {
      const sp = line.indexOf(' ');
      if (sp > 0) t.set(line.slice(0, sp), line.slice(sp + 1));
    }
    m = seeds[lang] = t;
  }
  return m;
}

/** What each memoising stemmer has stemmed, in order (for `stemsSince` / `addStems`). */
const logs = new WeakMap<StemFn, { memo: Map<string, string>; words: string[]; stems: string[] }>();

/** A memoising stemmer for one language (new memo per call: one per run). */
export function makeStemmer(lang: Lang): StemFn {
  let s: { stem(word: string): string } | undefined;
  const memo = new Map<string, string>();
  const words: string[] = [];
  const stems: string[] = [];
  const seed = seedFor(lang);
  const fn = (w: string) => {
    let r = memo.get(w) ?? seed.get(w);
    if (r === undefined) {
      // Snowball expects plain words: stem the part before a possessive 's
      const base = w.endsWith("'s") ? w.slice(0, -2) : w;
      r = base.length > 2 ? (seed.get(base) ?? (s ??= load().newStemmer(lang === 'nl' ? 'dutch' : 'english')).stem(base)) : base;
      memo.set(w, r);
      words.push(w);
      stems.push(r);
    }
    return r;
  };
  logs.set(fn, { memo, words, stems });
  return fn;
}

/**
 * The words a stemmer made by `makeStemmer` has stemmed since its `from`-th
 * (and their stems), e.g. to hand them to a worker thread's stemmer.
 */
export function stemsSince(fn: StemFn, from: number): { words: string[]; stems: string[]; next: number } {
  const l = logs.get(fn);
  if (!l) return { words: [], stems: [], next: from };
  return { words: l.words.slice(from), stems: l.stems.slice(from), next: l.words.length };
}

/** Teach a stemmer made by `makeStemmer` stems computed elsewhere by the same algorithm (so it need not stem those words). */
export function addStems(fn: StemFn, words: readonly string[], stems: readonly string[]): void {
  const l = logs.get(fn);
  if (!l) return;
  for (let i = 0; i < words.length; i++) if (!l.memo.has(words[i])) l.memo.set(words[i], stems[i]);
}

/**
 * How many leading units of a stem every word that stems to it starts with
 * (the prefix property above: all but the last 2 units, and at least 3 of a
 * stem of 4+ units; of a shorter stem 2 units in Dutch, 1 in English).
 */
export function stemHeadLength(lang: Lang, stem: string): number {
  const n = stem.length;
  if (n >= 4) return Math.max(3, n - 2);
  return Math.min(n, lang === 'nl' ? 2 : 1);
}

/**
 * A test "may `word` stem to one of `stems`?" that never says no wrongly (by
 * the prefix property above) and, without stemming, says no to most words
 * that start with no stem's head. Words of up to 3 units (before a possessive
 * 's) always pass.
 */
export function stemPrefixFilter(lang: Lang, stems: Iterable<string>): (word: string) => boolean {
  const byLen = new Map<number, Set<string>>();
  for (const k of stems) {
    const L = stemHeadLength(lang, k);
    if (L === 0) continue;
    let set = byLen.get(L);
    if (!set) byLen.set(L, (set = new Set()));
    set.add(k.slice(0, L));
  }
  const lens = [...byLen.keys()].sort((a, b) => a - b);
  const sets = lens.map((L) => byLen.get(L)!);
  return (w: string) => {
    const n = w.endsWith("'s") ? w.length - 2 : w.length;
    if (n <= 3) return true;
    for (let i = 0; i < lens.length && lens[i] <= n; i++) if (sets[i].has(w.slice(0, lens[i]))) return true;
    return false;
  };
}
