/**
 * Resolving the code labels people write in markers and codings files to the
 * codes of the codebooks in use (pure).
 *
 * In order, the first that applies:
 * 1. an alias from an alias file (`qda code --aliases`: the researcher's own mapping wins);
 * 2. exact: a code's id as written (`Trust` when one codebook has `Trust` and another
 *    `trust`), else a code's id, English or Dutch name, ignoring case, and `-`, `_` and spaces
 *    alike (`Joint measure` = `joint-measure`);
 * 3. a codebook alias (`aliases:` of a code);
 * 4. spelling: the same words after folding diacritics, British → American spelling
 *    (behaviour/behavior, organisation/organization, centre/center) and Snowball
 *    stemming per language (`systems`/`system`, `common discussion`/`common discussions`,
 *    `exchanging`/`exchange`; Dutch `systemen`/`systeem`), against the code's names and
 *    aliases in that language;
 * 5. near miss: an edit distance of at most 2 (at most 1 below 8 characters, 0 below 5)
 *    on the folded label, at most 1 on its stems (0 below 5 characters),
 *    to the names, ids or aliases of exactly one code
 *    (`Alining` → aligning, `connecties` → connections).
 * A label that fits two codes equally well, or none, is unknown: kept as an
 * uncategorised code by the caller, with the nearest codes in the warning. A label read as a
 * code (exactly or by a codebook alias) that is also the id, name or alias of a code of ANOTHER
 * codebook names that code in `also`, for the caller to say (within one codebook such labels
 * are said when the codebook is read: look-alike-code-ids, look-alike-code-names, alias-shadows-code).
 */
import type { CodeRef, Diagnostic, Lang } from '../model/types.js';
import { editDistance } from '../model/did-you-mean.js';
import { fold } from './tokenize.js';
import { makeStemmer, type StemFn } from './stem.js';

/** A label that stands for a code: from a codebook's `aliases` or from an alias file. */
export interface LabelAlias {
  readonly label: string;
  readonly code: string;
  /** Language of the alias (codebook aliases given per language); both when absent. */
  readonly lang?: Lang;
  /** `file`: an alias file (comes before the codes' own names); `codebook`: a code's `aliases`. */
  readonly origin: 'file' | 'codebook';
  /** The codebook of the code (codebook aliases). */
  readonly codebook?: string;
}

/** Another code a label also names: of which codebook, and by what (its id, a name, an alias). */
export interface AlsoNamed {
  readonly code: string;
  readonly codebook?: string;
  readonly by: 'id' | 'name' | 'alias';
  readonly via: string;
}

export type ResolveHow = 'exact' | 'alias' | 'spelling' | 'near';

export type Resolution =
  | {
      readonly code: string;
      readonly how: ResolveHow;
      /** the id, name or alias it matched */
      readonly via: string;
      /** the codebook of the code read (when known) */
      readonly codebook?: string;
      /** codes of other codebooks the label is also the id, name or alias of (exact and alias reads only) */
      readonly also?: readonly AlsoNamed[];
    }
  | { readonly code?: undefined; readonly how: 'unknown'; /** closest codes (ids), best first */ readonly nearest: readonly string[]; readonly ambiguous: boolean };

/** Normalised key for comparing labels: lower case, NFC, `_`, `-` and spaces alike. */
export function labelKey(label: string): string {
  return label.normalize('NFC').trim().toLowerCase().replace(/[\s_]+/g, '-');
}

/** Words of a label, folded (lower case, no diacritics), British spelling made American. */
function words(label: string): string[] {
  return fold(label.normalize('NFC'))
    .split(/[\s_\-–—/]+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter(Boolean)
    .map(american);
}

/** British → American spelling of one folded word (only where the two differ by a regular ending). */
export function american(w: string): string {
  if (w.length < 5) return w;
  let m: RegExpExecArray | null;
  if ((m = /^(.{3,})is(ation|ations|e|ed|es|ing|er|ers)$/.exec(w))) return `${m[1]}iz${m[2]}`;
  if ((m = /^(.{3,})ys(e|ed|es|ing)$/.exec(w))) return `${m[1]}yz${m[2]}`;
  if (w.length >= 6 && (m = /^(.{2,}[^o])our(s|ed|ing|al|ally|able|ite|ites)?$/.exec(w))) return `${m[1]}or${m[2] ?? ''}`;
  if ((m = /^(.{2,}[^aeiou])tre(s)?$/.exec(w))) return `${m[1]}ter${m[2] ?? ''}`;
  if ((m = /^(.{3,})ogue(s)?$/.exec(w))) return `${m[1]}og${m[2] ?? ''}`;
  if ((m = /^(.{2,}[aeiou])ll(ed|ing|er|ers)$/.exec(w))) return `${m[1]}l${m[2]}`;
  return w;
}

/** Largest edit distance accepted as a near miss between strings of these lengths. */
export function nearLimit(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  return n >= 8 ? 2 : n >= 5 ? 1 : 0;
}

/** Near misses compare like with like: folded words, or the stems of one language. */
type NearKind = 'plain' | Lang;

interface Entry {
  readonly code: string;
  /** the id, name or alias as written */
  readonly via: string;
  readonly codebook?: string;
  readonly by?: 'id' | 'name' | 'alias';
}

export class LabelResolver {
  private readonly fileAliases = new Map<string, Entry>();
  private readonly exact = new Map<string, Entry>();
  /** ids as written (NFC, trimmed): `Trust` reads as the code `Trust`, not as another codebook's `trust` */
  private readonly verbatim = new Map<string, Entry>();
  private readonly bookAliases = new Map<string, Entry>();
  /** per label key: every id, name and codebook alias of that key (for `also`) */
  private readonly allOfKey = new Map<string, Entry[]>();
  /** per language: spelling key → entries */
  private readonly spell: Record<Lang, Map<string, Entry[]>> = { en: new Map(), nl: new Map() };
  /** folded plain keys and spelling keys of every label form, for near misses */
  private readonly nearKeys: Array<{ kind: NearKind; key: string; entry: Entry }> = [];
  private readonly stem: Record<Lang, StemFn | undefined> = { en: undefined, nl: undefined };
  private readonly memo = new Map<string, Resolution>();
  /** Most words in any id, name or alias (how far a legacy label may run). */
  readonly maxWords: number;
  /** Every code id known, in order. */
  readonly codeIds: readonly string[];

  constructor(codes: readonly CodeRef[], aliases: readonly LabelAlias[] = []) {
    const ids: string[] = [];
    const seen = new Set<string>();
    for (const c of codes) if (!seen.has(c.id)) (seen.add(c.id), ids.push(c.id));
    this.codeIds = ids;
    let maxWords = 1;
    const count = (s: string) => (maxWords = Math.max(maxWords, words(s).length));
    for (const a of aliases) if (a.origin === 'file' && !this.fileAliases.has(labelKey(a.label))) this.fileAliases.set(labelKey(a.label), { code: a.code, via: a.label });
    const all = (key: string, e: Entry) => {
      const list = this.allOfKey.get(key);
      if (!list) this.allOfKey.set(key, [e]);
      else if (!list.some((x) => x.code === e.code && x.codebook === e.codebook)) list.push(e);
    };
    // ids first, then names (an id wins over another code's name)
    for (const c of codes) {
      const e: Entry = { code: c.id, via: c.id, codebook: c.codebook, by: 'id' };
      if (!this.exact.has(labelKey(c.id))) this.exact.set(labelKey(c.id), e);
      const v = c.id.normalize('NFC').trim();
      if (!this.verbatim.has(v)) this.verbatim.set(v, e);
      all(labelKey(c.id), e);
    }
    for (const c of codes) for (const n of [c.name?.en, c.name?.nl]) {
      if (!n) continue;
      const e: Entry = { code: c.id, via: n, codebook: c.codebook, by: 'name' };
      if (!this.exact.has(labelKey(n))) this.exact.set(labelKey(n), e);
      all(labelKey(n), e);
    }
    for (const a of aliases) {
      if (a.origin !== 'codebook') continue;
      const e: Entry = { code: a.code, via: a.label, codebook: a.codebook, by: 'alias' };
      if (!this.bookAliases.has(labelKey(a.label))) this.bookAliases.set(labelKey(a.label), e);
      all(labelKey(a.label), e);
    }
    const forms: Array<{ text: string; code: string; langs: readonly Lang[] }> = [];
    for (const c of codes) {
      forms.push({ text: c.id, code: c.id, langs: ['en', 'nl'] });
      if (c.name?.en) forms.push({ text: c.name.en, code: c.id, langs: ['en'] });
      if (c.name?.nl) forms.push({ text: c.name.nl, code: c.id, langs: ['nl'] });
    }
    for (const a of aliases) forms.push({ text: a.label, code: a.code, langs: a.lang ? [a.lang] : ['en', 'nl'] });
    const nearSeen = new Set<string>();
    const addNear = (kind: NearKind, key: string, entry: Entry) => {
      const k = `${kind}\u0000${key}\u0000${entry.code}`;
      if (key && !nearSeen.has(k)) (nearSeen.add(k), this.nearKeys.push({ kind, key, entry }));
    };
    for (const f of forms) {
      count(f.text);
      const entry = { code: f.code, via: f.text };
      addNear('plain', words(f.text).join(' '), entry);
      for (const l of f.langs) {
        const k = this.spellKey(f.text, l);
        if (!k) continue;
        const list = this.spell[l].get(k) ?? this.spell[l].set(k, []).get(k)!;
        if (!list.some((e) => e.code === f.code)) list.push(entry);
        addNear(l, k, entry);
      }
    }
    this.maxWords = maxWords;
  }

  /** Is there any code to resolve to? */
  get empty(): boolean {
    return this.codeIds.length === 0;
  }

  /** Folded, American-spelled, stemmed words of a label, joined by spaces. */
  spellKey(label: string, lang: Lang): string {
    const stem = (this.stem[lang] ??= makeStemmer(lang));
    return words(label)
      .map((w) => stem(w))
      .join(' ');
  }

  resolve(label: string): Resolution {
    const hit = this.memo.get(label);
    if (hit) return hit;
    const r = this.resolveUncached(label);
    if (this.memo.size > 20000) this.memo.clear();
    this.memo.set(label, r);
    return r;
  }

  private resolveUncached(label: string): Resolution {
    const key = labelKey(label);
    const file = this.fileAliases.get(key);
    if (file) return { code: file.code, how: 'alias', via: file.via };
    const ex = this.verbatim.get(label.normalize('NFC').trim()) ?? this.exact.get(key);
    if (ex) return this.read(ex, 'exact', key);
    const al = this.bookAliases.get(key);
    if (al) return this.read(al, 'alias', key);
    if (this.empty) return { how: 'unknown', nearest: [], ambiguous: false };
    // spelling: the same stems in either language
    const byCode = new Map<string, Entry>();
    for (const l of ['en', 'nl'] as const) {
      const k = this.spellKey(label, l);
      for (const e of this.spell[l].get(k) ?? []) if (!byCode.has(e.code)) byCode.set(e.code, e);
    }
    if (byCode.size === 1) {
      const e = [...byCode.values()][0];
      return { code: e.code, how: 'spelling', via: e.via };
    }
    if (byCode.size > 1) return { how: 'unknown', nearest: [...byCode.keys()], ambiguous: true };
    // near miss: the smallest distance of the folded label or its stems to any form of a code
    const plain = words(label).join(' ');
    const mine: Record<NearKind, string> = { plain, en: this.spellKey(label, 'en'), nl: this.spellKey(label, 'nl') };
    const best = new Map<string, { d: number; ok: boolean; entry: Entry }>();
    for (const { kind, key: k, entry } of this.nearKeys) {
      {
        const m = mine[kind];
        if (!m || Math.abs(m.length - k.length) > 3) continue;
        const d = editDistance(m, k);
        // (stems are the words cut short: two edits there are a large part of what is left,
        // "interact" of interaction is two from "interest" of Interests; one edit at most)
        const ok = d <= (kind === 'plain' ? nearLimit(m, k) : Math.min(1, nearLimit(m, k)));
        const b = best.get(entry.code);
        if (!b || d < b.d || (d === b.d && ok && !b.ok)) best.set(entry.code, { d, ok, entry });
      }
    }
    const ranked = [...best.entries()].sort((a, b) => a[1].d - b[1].d || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const ok = ranked.filter(([, b]) => b.ok);
    if (ok.length) {
      const d0 = ok[0][1].d;
      const tied = ok.filter(([, b]) => b.d === d0);
      if (tied.length === 1) return { code: tied[0][0], how: 'near', via: tied[0][1].entry.via };
      return { how: 'unknown', nearest: tied.map(([c]) => c), ambiguous: true };
    }
    // nearest codes for the warning: the folded label within a looser distance of a code's id, name or alias
    const limit = Math.max(2, Math.floor(plain.length / 4));
    const loose = new Map<string, number>();
    for (const { kind, key: k, entry } of this.nearKeys) {
      if (kind !== 'plain' || Math.abs(k.length - plain.length) > limit) continue;
      const d = editDistance(plain, k);
      if (d <= limit && d < (loose.get(entry.code) ?? Infinity)) loose.set(entry.code, d);
    }
    const nearest = [...loose].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, 3).map(([c]) => c);
    return { how: 'unknown', nearest, ambiguous: false };
  }

  /** A label read as `e`'s code, with the codes of other codebooks it also names. */
  private read(e: Entry, how: 'exact' | 'alias', key: string): Resolution {
    const others = (this.allOfKey.get(key) ?? []).filter((x) => x.code !== e.code && x.codebook !== e.codebook);
    const also: AlsoNamed[] = [];
    for (const x of others) if (!also.some((a) => a.code === x.code && a.codebook === x.codebook)) also.push({ code: x.code, ...(x.codebook ? { codebook: x.codebook } : {}), by: x.by ?? 'id', via: x.via });
    return { code: e.code, how, via: e.via, ...(e.codebook ? { codebook: e.codebook } : {}), ...(also.length ? { also } : {}) };
  }

  /**
   * Groups of unknown labels that look like one code (the same stems, or a near miss
   * of each other), each group in first-seen order; singletons are left out.
   */
  groupUnknown(labels: readonly string[]): string[][] {
    const n = labels.length;
    const parent = labels.map((_, i) => i);
    const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
    const keys = labels.map((l) => [words(l).join(' '), this.spellKey(l, 'en'), this.spellKey(l, 'nl')]);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        if (find(i) === find(j)) continue;
        const close = keys[i].some((a, k) => {
          const b = keys[j][k];
          return !!a && (a === b || (Math.abs(a.length - b.length) <= 2 && editDistance(a, b) <= nearLimit(a, b)));
        });
        if (close) parent[find(j)] = find(i);
      }
    }
    const groups = new Map<number, string[]>();
    for (let i = 0; i < n; i++) (groups.get(find(i)) ?? groups.set(find(i), []).get(find(i))!).push(labels[i]);
    return [...groups.values()].filter((g) => g.length > 1);
  }
}

/** The aliases of codebooks' codes (`aliases:`), for a LabelResolver. */
export function codebookAliases(books: ReadonlyArray<{ readonly id?: string; readonly codes: ReadonlyArray<{ readonly id: string; readonly aliases?: { readonly nl?: readonly string[]; readonly en?: readonly string[] } }> }>): LabelAlias[] {
  const out: LabelAlias[] = [];
  for (const b of books) {
    for (const c of b.codes) {
      for (const l of ['en', 'nl'] as const) for (const a of c.aliases?.[l] ?? []) out.push({ label: a, code: c.id, lang: l, origin: 'codebook', ...(b.id ? { codebook: b.id } : {}) });
    }
  }
  return out;
}

/** One line of an alias file: a label as written and the code (id or name) it stands for. */
export interface AliasEntry {
  readonly label: string;
  readonly code: string;
  /** 1-based line in the file */
  readonly line: number;
}

/**
 * Check the entries of an alias file against the codes in use. Errors (the caller
 * stops with exit 2): a code that is not the id or name of any code; a label mapped
 * to two different codes. Warnings: a label that is another code's id or name (the
 * alias wins: such labels are read as the alias's code). The code column may give a
 * code's id or name (any case).
 */
export function checkAliasEntries(
  entries: readonly AliasEntry[],
  codes: readonly CodeRef[],
  file: string,
): { aliases: LabelAlias[]; errors: Diagnostic[]; warnings: Diagnostic[] } {
  const errors: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  const byKey = new Map<string, string>();
  for (const c of codes) if (!byKey.has(labelKey(c.id))) byKey.set(labelKey(c.id), c.id);
  for (const c of codes) for (const n of [c.name?.en, c.name?.nl]) if (n && !byKey.has(labelKey(n))) byKey.set(labelKey(n), c.id);
  const seen = new Map<string, { code: string; line: number }>();
  const aliases: LabelAlias[] = [];
  const ids = [...new Set(codes.map((c) => c.id))];
  for (const e of entries) {
    const code = byKey.get(labelKey(e.code));
    if (code === undefined) {
      const near = ids
        .map((id) => [id, editDistance(labelKey(e.code), labelKey(id))] as const)
        .filter(([, d]) => d <= Math.max(2, Math.floor(e.code.length / 3)))
        .sort((a, b) => a[1] - b[1])
        .slice(0, 3)
        .map(([id]) => id);
      errors.push({
        severity: 'error',
        source: 'cli',
        ruleId: 'alias-unknown-code',
        message: `alias "${e.label}" names code "${e.code}", which is in none of the codebooks in use${ids.length ? '' : ' (no codebook is loaded)'}`,
        file,
        line: e.line,
        hint: near.length ? `did you mean "${near[0]}"? The second column must be the id or name of a code` : 'the second column must be the id or name of a code of the codebooks given with -c (see qda codebook show ID)',
        ...(near.length ? { expected: near } : {}),
        actual: e.code,
      });
      continue;
    }
    const k = labelKey(e.label);
    const prev = seen.get(k);
    if (prev && prev.code !== code) {
      errors.push({
        severity: 'error',
        source: 'cli',
        ruleId: 'alias-two-codes',
        message: `label "${e.label}" is mapped to two codes: "${prev.code}" (line ${prev.line}) and "${code}"`,
        file,
        line: e.line,
        hint: 'keep one line per label: a label stands for one code',
      });
      continue;
    }
    if (prev) continue;
    seen.set(k, { code, line: e.line });
    const own = byKey.get(k);
    if (own !== undefined && own !== code) {
      warnings.push({
        severity: 'warning',
        source: 'cli',
        ruleId: 'alias-shadows-code',
        message: `alias "${e.label}" → "${code}" is also the id or name of code "${own}"; labels "${e.label}" are read as "${code}" (the alias file comes first), so code "${own}" can no longer be given by that label`,
        file,
        line: e.line,
        hint: `remove the line if "${e.label}" means "${own}"`,
      });
    }
    aliases.push({ label: e.label, code, origin: 'file' });
  }
  return { aliases, errors, warnings };
}
