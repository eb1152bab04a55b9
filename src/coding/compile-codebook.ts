/**
 * compileCodebook (pure): turns a codebook's rules for one language into
 * lookup tables the engine scans with, so that a text is tokenised once and
 * every token type is looked up once per run (no giant RegExp alternation).
 *
 * Term syntax (per word of a term):
 * - `vertrouwen`  stemmed with the language's Snowball stemmer (rule `stem`, default true)
 * - `vertrouw*`   prefix match on the folded word (no stemming)
 * - `*overleg`    suffix match on the folded word (Dutch compounds: teamoverleg)
 * - `op één lijn` / `"op één lijn"`  a phrase: consecutive words, each matched as above
 *
 * Compound-friendly Dutch: a stemmed keyword whose stem (or folded form) has
 * at least 6 letters also matches a word that starts with it when the rest is
 * an inflection (`samenwerkt`, `samenwerkingen`) or an optional linking
 * element followed by a head of at least 3 letters (`samenwerkingsverband`,
 * `samenwerkingsafspraken`, `informatievoorziening`). Shorter stems (`del`,
 * `werk`, `team`) only take verb endings, so `delen` never hits `delegeren`.
 */
import type { Codebook, LocalisedList, Rule } from '../codebook/types.js';
import type { Lang, Role, Unit } from '../model/types.js';
import { inputError } from '../model/errors.js';
import { compileRuleRegex } from '../codebook/regex-safety.js';
import { fold, WORD_PATTERN } from './tokenize.js';
import { makeStemmer, stemPrefixFilter, type StemFn } from './stem.js';

export type TermRole = 'inc' | 'exc' | 'a' | 'b';

export interface CompiledTerm {
  readonly id: number;
  readonly rule: number;
  readonly role: TermRole;
  /** Atom ids, one per word. */
  readonly atoms: readonly number[];
  /** The term as written in the codebook. */
  readonly text: string;
}

export interface CompiledRule {
  readonly index: number;
  readonly id: string;
  readonly code: string;
  readonly kind: Rule['kind'];
  readonly unit?: Unit;
  readonly roles?: readonly Role[];
  readonly weight: number;
  readonly minMatches: number;
  /** Human readable, e.g. `keywords nl: samenwerking, samenwerk*`. */
  readonly description: string;
  readonly regex?: RegExp;
  readonly distance?: number;
  readonly hasExclusions: boolean;
  /** Negated terms do not count (rule `negation: true`). */
  readonly negation: boolean;
}

export interface CompiledCodebook {
  readonly codebook: string;
  readonly version?: string;
  readonly lang: Lang;
  readonly rules: readonly CompiledRule[];
  readonly terms: readonly CompiledTerm[];
  /** atom id → terms whose first word is that atom. */
  readonly firstAtomTerms: ReadonlyArray<readonly number[]>;
  readonly atomCount: number;
  readonly exact: ReadonlyMap<string, readonly number[]>;
  readonly stems: ReadonlyMap<string, readonly number[]>;
  readonly prefixes: ReadonlyMap<string, readonly number[]>;
  readonly suffixes: ReadonlyMap<string, readonly number[]>;
  readonly compounds: ReadonlyMap<string, readonly number[]>;
  readonly prefixLen: readonly [number, number];
  readonly suffixLen: readonly [number, number];
  readonly compoundLen: readonly [number, number];
  readonly stem: StemFn;
  /** False only for words that cannot stem to a key of `stems` (see `stemPrefixFilter`): they are not stemmed. */
  readonly mayStem: (folded: string) => boolean;
  /** First 3 characters of the `compounds` keys (all have at least 4): other words skip the compound scan. */
  readonly compoundHeads: ReadonlySet<string>;
}

/** Minimum length of a stem that may head a Dutch compound match. */
export const COMPOUND_MIN = 6;
const VERB_ENDINGS = new Set(['t', 'te', 'ten', 'de', 'den', 'd']);
const INFLECTIONS = new Set([...VERB_ENDINGS, 'e', 'en', 's', 'er', 'ers', 'ing', 'ingen', 'ingen', 'es', 'n']);
const LINKS = ['ings', 'ing', 'en', 'es', 's', 'e', ''];

/** Does `rest` (what follows a keyword stem inside a word) make a principled Dutch continuation? */
export function compoundRestOk(stemLen: number, rest: string): boolean {
  if (rest === '') return true;
  if (stemLen < COMPOUND_MIN) return VERB_ENDINGS.has(rest);
  if (INFLECTIONS.has(rest)) return true;
  for (const link of LINKS) {
    if (rest.startsWith(link) && rest.length - link.length >= (link ? 3 : 4)) return true;
  }
  return false;
}

function listFor(l: LocalisedList | undefined, lang: Lang, bookLang: Lang | undefined): readonly string[] {
  if (!l) return [];
  const own = l[lang];
  if (own && own.length) return own;
  return [];
}

const DEFAULT_WEIGHT: Record<Rule['kind'], number> = { keywords: 0.8, regex: 1, near: 1 };

/** `stem`: a memoising stemmer of `lang` to share with the other codebooks of a run (each word is then stemmed once for all of them); default a new one. */
export function compileCodebook(book: Codebook, lang: Lang, opts: { stem?: StemFn } = {}): CompiledCodebook {
  const stem = opts.stem ?? makeStemmer(lang);
  const rules: CompiledRule[] = [];
  const terms: CompiledTerm[] = [];
  const firstAtomTerms: number[][] = [];
  const atomKeys = new Map<string, number>();
  const exact = new Map<string, number[]>();
  const stems = new Map<string, number[]>();
  const prefixes = new Map<string, number[]>();
  const suffixes = new Map<string, number[]>();
  const compounds = new Map<string, number[]>();
  const lens = { p: [Infinity, 0], s: [Infinity, 0], c: [Infinity, 0] };
  const push = (m: Map<string, number[]>, k: string, a: number) => {
    const l = m.get(k);
    if (!l) m.set(k, [a]);
    else if (!l.includes(a)) l.push(a);
  };
  const atomFor = (word: string, doStem: boolean): number | undefined => {
    let w = word.trim();
    if (!w) return undefined;
    const star0 = w.startsWith('*');
    const star1 = w.endsWith('*') && w.length > 1;
    w = fold(w.replace(/^\*|\*$/g, ''));
    if (!w) return undefined;
    const key = `${star0 ? '*' : ''}${w}${star1 ? '*' : ''}|${doStem ? 1 : 0}`;
    const known = atomKeys.get(key);
    if (known !== undefined) return known;
    const id = atomKeys.size;
    atomKeys.set(key, id);
    firstAtomTerms.push([]);
    if (star1 || (star0 && star1)) {
      // `*x*` is treated as a prefix: infix search would defeat the token index
      push(prefixes, w, id);
      lens.p[0] = Math.min(lens.p[0], w.length);
      lens.p[1] = Math.max(lens.p[1], w.length);
    } else if (star0) {
      push(suffixes, w, id);
      lens.s[0] = Math.min(lens.s[0], w.length);
      lens.s[1] = Math.max(lens.s[1], w.length);
    } else if (doStem) {
      const st = stem(w);
      push(stems, st, id);
      push(exact, w, id);
      if (lang === 'nl') {
        for (const k of new Set([st, w])) {
          if (k.length < 4) continue;
          push(compounds, k, id);
          lens.c[0] = Math.min(lens.c[0], k.length);
          lens.c[1] = Math.max(lens.c[1], k.length);
        }
      }
    } else push(exact, w, id);
    return id;
  };
  const addTerms = (ruleIndex: number, role: TermRole, list: readonly string[], doStem: boolean) => {
    for (const raw of list) {
      const text = raw.trim().replace(/^"(.*)"$/, '$1');
      const words: string[] = [];
      for (const part of text.split(/\s+/)) {
        if (!part) continue;
        // split a written word the way the tokeniser would, keeping wildcards
        const lead = part.startsWith('*') ? '*' : '';
        const trail = part.endsWith('*') ? '*' : '';
        const inner = part.replace(/^\*|\*$/g, '').match(new RegExp(WORD_PATTERN.source, 'gu')) ?? [];
        inner.forEach((w, i) => words.push((i === 0 ? lead : '') + w + (i === inner.length - 1 ? trail : '')));
      }
      const atoms = words.map((w) => atomFor(w, doStem)).filter((a): a is number => a !== undefined);
      if (!atoms.length) continue;
      const id = terms.length;
      terms.push({ id, rule: ruleIndex, role, atoms, text });
      firstAtomTerms[atoms[0]].push(id);
    }
  };

  for (const code of book.codes) {
    for (const rule of code.rules ?? []) {
      const index = rules.length;
      const doStem = rule.kind === 'regex' ? false : rule.stem !== false;
      const exc = listFor(rule.exclude, lang, book.language);
      let regex: RegExp | undefined;
      let active = true;
      if (rule.kind === 'keywords') {
        const inc = listFor(rule.terms, lang, book.language);
        active = inc.length > 0;
        addTerms(index, 'inc', inc, doStem);
      } else if (rule.kind === 'near') {
        const a = listFor(rule.a, lang, book.language);
        const b = listFor(rule.b, lang, book.language);
        active = a.length > 0 && b.length > 0;
        addTerms(index, 'a', a, doStem);
        addTerms(index, 'b', b, doStem);
      } else {
        active = !rule.lang || rule.lang === lang;
        regex = ruleRegex(book, rule);
      }
      const description = describeRule(book, rule, lang);
      addTerms(index, 'exc', exc, doStem);
      rules.push({
        index,
        id: rule.id,
        code: code.id,
        kind: active ? rule.kind : rule.kind,
        ...(rule.unit ? { unit: rule.unit } : {}),
        ...(rule.roles ? { roles: rule.roles } : {}),
        weight: active ? Math.min(1, Math.max(0, rule.weight ?? DEFAULT_WEIGHT[rule.kind])) : 0,
        minMatches: active ? Math.max(1, rule.minMatches ?? 1) : Infinity,
        description,
        ...(regex && active ? { regex } : {}),
        ...(rule.kind === 'near' ? { distance: Math.max(1, rule.distance) } : {}),
        hasExclusions: exc.length > 0,
        negation: rule.negation === true && rule.kind !== 'regex',
      });
    }
  }
  const rng = (r: number[]): readonly [number, number] => (r[1] === 0 ? [1, 0] : [r[0], r[1]]);
  return {
    codebook: book.id,
    ...(book.version !== undefined ? { version: book.version } : {}),
    lang,
    rules,
    terms,
    firstAtomTerms,
    atomCount: atomKeys.size,
    exact,
    stems,
    prefixes,
    suffixes,
    compounds,
    prefixLen: rng(lens.p),
    suffixLen: rng(lens.s),
    compoundLen: rng(lens.c),
    stem,
    mayStem: stemPrefixFilter(lang, stems.keys()),
    compoundHeads: new Set([...compounds.keys()].map((k) => k.slice(0, 3))),
  };
}

/** A regex rule's pattern compiled (the same function as `qda codebook validate`: the two agree on every pattern), or the error that says what is wrong. */
function ruleRegex(book: Codebook, rule: Extract<Rule, { kind: 'regex' }>): RegExp {
  const compiled = compileRuleRegex(rule.pattern);
  if (!compiled.ok) throw inputError('coding', compiled.ruleId, `rule ${rule.id}: /${rule.pattern}/: ${compiled.message}`, { file: book.file, hint: compiled.hint });
  return compiled.regex;
}

/** A rule in words for one language, e.g. `keywords nl: samenwerking, samenwerk*` (CompiledRule's `description`). */
function describeRule(book: Codebook, rule: Rule, lang: Lang): string {
  let description: string;
  if (rule.kind === 'keywords') description = `keywords ${lang}: ${listFor(rule.terms, lang, book.language).join(', ')}`;
  else if (rule.kind === 'near') description = `near ${lang}: (${listFor(rule.a, lang, book.language).join(' | ')}) NEAR/${rule.distance} (${listFor(rule.b, lang, book.language).join(' | ')})`;
  else description = `regex: /${rule.pattern}/`;
  const exc = listFor(rule.exclude, lang, book.language);
  if (exc.length) description += `; unless: ${exc.join(', ')}`;
  return description;
}

/**
 * A codebook's rules for one language as compileCodebook gives them (id and description, in
 * the same order), without compiling their terms: the rules table of a codings document (see
 * ruleIndexFor). A regex that compileCodebook refuses is refused here with the same error.
 */
export function describeRules(book: Codebook, lang: Lang): Pick<CompiledCodebook, 'codebook' | 'version'> & { rules: Array<Pick<CompiledRule, 'id' | 'description'>> } {
  const rules: Array<Pick<CompiledRule, 'id' | 'description'>> = [];
  for (const code of book.codes) {
    for (const rule of code.rules ?? []) {
      if (rule.kind === 'regex') ruleRegex(book, rule);
      rules.push({ id: rule.id, description: describeRule(book, rule, lang) });
    }
  }
  return { codebook: book.id, ...(book.version !== undefined ? { version: book.version } : {}), rules };
}

const EMPTY: readonly number[] = Object.freeze([]);

/**
 * Atoms matched by one token type (a folded word). Called once per distinct
 * token per run (the engine memoises it). Hyphenated words also match through
 * their parts (`café-overleg` hits `overleg`).
 */
export function atomsForWord(c: CompiledCodebook, folded: string): readonly number[] {
  const out = atomsForPart(c, folded);
  if (folded.includes('-')) {
    const set = new Set(out);
    for (const part of folded.split('-')) if (part) for (const a of atomsForPart(c, part)) set.add(a);
    return set.size ? [...set].sort((x, y) => x - y) : EMPTY;
  }
  return out;
}

function atomsForPart(c: CompiledCodebook, w: string): readonly number[] {
  let set: Set<number> | undefined;
  const add = (l: readonly number[] | undefined) => {
    if (!l) return;
    set ??= new Set();
    for (const a of l) set.add(a);
  };
  add(c.exact.get(w));
  if (c.stems.size && c.mayStem(w)) add(c.stems.get(c.stem(w)));
  if (c.prefixes.size) {
    const hi = Math.min(c.prefixLen[1], w.length);
    for (let n = c.prefixLen[0]; n <= hi; n++) add(c.prefixes.get(w.slice(0, n)));
  }
  if (c.suffixes.size) {
    const hi = Math.min(c.suffixLen[1], w.length);
    for (let n = c.suffixLen[0]; n <= hi; n++) add(c.suffixes.get(w.slice(w.length - n)));
  }
  if (c.compounds.size && c.compoundHeads.has(w.slice(0, 3))) {
    const hi = Math.min(c.compoundLen[1], w.length - 1);
    for (let n = c.compoundLen[0]; n <= hi; n++) {
      const l = c.compounds.get(w.slice(0, n));
      if (l && compoundRestOk(n, w.slice(n))) add(l);
    }
  }
  return set ? [...set].sort((x, y) => x - y) : EMPTY;
}
