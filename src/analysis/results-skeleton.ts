import type { Lang } from '../model/types.js';
import type { CompareResult } from './compare.js';
import { coderGapNotes } from './matrix.js';
import { joinNames } from './prepare.js';
import { percentOf } from '../model/percent.js';
import { escapeMarkdown as md } from '../export/escape.js';

/**
 * The results-chapter skeleton (pure), written from a compareGroups result so every number in
 * the text is a number of the comparison table (never a re-count).
 *
 * Per group, codes are grouped by how many respondents mention them, the way a results chapter
 * is written:
 *
 *   "Alle 7 wijkcoaches noemen Coördinatie, Communicatie en Informeren. 6 van de 7 (86%) noemen
 *    Werken volgens afspraak; 5 van de 7 (71%) noemen Relatie en Proces. Door één wijkcoach
 *    genoemd: Ambitie en Belangen. Geen van de 7 wijkcoaches noemt Bemiddeling."
 *
 * Layout (chosen because a chapter is read theme by theme): the first paragraph covers the
 * top-level categories (depth 0); then, per category in codebook order, one paragraph
 * "Binnen <categorie> noemen …" for its sub-codes (down to `maxDepth`, default 1). Codes that one
 * respondent mentions are summarised in one clause ("Door één wijkcoach genoemd: …"); top-level
 * categories nobody in the group mentions close the first paragraph ("Geen van de 7 …").
 * A group of one respondent reads "De enige respondent in deze groep noemt …".
 * Where compareGroups flags a difference (between groups of at least two respondents), a
 * contrast sentence names the groups with the highest and lowest shares.
 */

/** Nouns for one group value: plural per language, and the singular ("wijkcoach"). */
export interface GroupNounSpec {
  readonly nl?: string;
  readonly en?: string;
  readonly singular?: { readonly nl?: string; readonly en?: string };
}

export type GroupNouns = Readonly<Record<string, string | GroupNounSpec>>;

/** One code as mentioned in one group (the numbers of the comparison table). */
export interface SkeletonLine {
  readonly code: string;
  /** Display name (qualified when two codes share a name). */
  readonly name: string;
  readonly depth: number;
  readonly count: number;
  readonly of: number;
  /** The code on its own, as one sentence. */
  readonly text: string;
}

/** Codes with the same count, written as one clause ("5 van de 7 (71%) noemen A en B"). */
export interface SkeletonClause {
  readonly count: number;
  readonly of: number;
  readonly codes: readonly string[];
}

export interface SkeletonParagraph {
  /** The parent code of the sub-codes described, or null for the top-level categories. */
  readonly parent: string | null;
  readonly text: string;
  readonly clauses: readonly SkeletonClause[];
}

export interface SkeletonGroup {
  readonly group: string;
  /** Plural noun ("wijkcoaches"; fallback "respondenten (wijkcoach)"). */
  readonly noun: string;
  /** Singular noun ("wijkcoach"; fallback "respondent (wijkcoach)"). */
  readonly singular: string;
  /** Heading text without N ("Wijkcoaches", or the group value without configured nouns). */
  readonly heading: string;
  readonly respondents: number;
  readonly lines: readonly SkeletonLine[];
  readonly paragraphs: readonly SkeletonParagraph[];
}

export interface ResultsSkeleton {
  readonly lang: Lang;
  /** The coders whose codings the sentences count. */
  readonly coders: readonly string[];
  readonly groups: readonly SkeletonGroup[];
  readonly contrasts: ReadonlyArray<{ readonly code: string; readonly text: string }>;
  /**
   * Codes below `maxDepth` that some respondent mentions: counted in the sentences of their
   * ancestor at `maxDepth` (a parent counts its sub-codes), never named (said by the renderers).
   */
  readonly deeper?: ReadonlyArray<{ readonly code: string; readonly name: string; readonly under: string }>;
  readonly maxDepth?: number;
  /**
   * The counted coders have no coding in sources other coders coded (the report's human coders
   * beside the rules' suggestions): those sources are in N as if nothing was found there. The
   * notes (coderGapNotes), said by the renderers.
   */
  readonly gapNotes?: readonly string[];
}

export interface SkeletonOptions {
  readonly lang?: Lang;
  /** Nouns per group value: a plural string, or { nl, en, singular: { nl, en } } (qda.yaml `groups:`). */
  readonly nouns?: GroupNouns;
  /** Deepest code level to write sentences for (0 = categories only; default 1). */
  readonly maxDepth?: number;
  /**
   * Qualifiers for codes whose display name is not unique (e.g. "Hovik & Hanssen, niveau 4"):
   * the first code of a name keeps it plain, later ones read "Name (qualifier)". Default: the code id.
   */
  readonly qualifiers?: Readonly<Record<string, string>>;
  /** Top-level categories no respondent of a group mentions are listed (default true). */
  readonly listUnmentioned?: boolean;
  /** The groups are the respondents who answered one question (the per-question skeleton): a lone one is "the only respondent who answered". */
  readonly perQuestion?: boolean;
  /**
   * Contrast sentences need, between the highest and the lowest group of at least two respondents,
   * this many percentage points (default 25) and this many respondents in the higher group
   * (default 2): give the thresholds passed to compareGroups.
   */
  readonly minDifference?: number;
  readonly minRespondents?: number;
}

function spec(value: string, nouns?: GroupNouns): GroupNounSpec | undefined {
  const n = nouns?.[value];
  if (n === undefined) return undefined;
  return typeof n === 'string' ? { nl: n, en: n } : n;
}

/** Plural noun for a group value: from `nouns` (qda.yaml `groups:`), else "respondenten (value)". */
export function groupNoun(value: string, lang: Lang, nouns?: GroupNouns): string {
  const s = spec(value, nouns)?.[lang];
  if (s) return s;
  return lang === 'nl' ? `respondenten (${value})` : `respondents (${value})`;
}

/** Singular noun for a group value: from `nouns`, else "respondent (value)". */
export function groupSingular(value: string, lang: Lang, nouns?: GroupNouns): string {
  const s = spec(value, nouns)?.singular?.[lang];
  if (s) return s;
  return `respondent (${value})`;
}

const pctText = (count: number, of: number, lang: Lang) => `${String(percentOf(count, of, 0) ?? 0).replace('.', lang === 'nl' ? ',' : '.')}%`;
const cap = (s: string) => (s ? s[0].toLocaleUpperCase() + s.slice(1) : s);

export { joinNames };

interface Item {
  readonly code: string;
  readonly name: string;
  readonly count: number;
  readonly order: number;
}

/** Groups of equal count (descending), codebook order within a count. */
function runsOf(items: readonly Item[]): Item[][] {
  const sorted = [...items].sort((a, b) => b.count - a.count || a.order - b.order);
  const runs: Item[][] = [];
  for (const it of sorted) {
    const last = runs[runs.length - 1];
    if (last && last[0].count === it.count) last.push(it);
    else runs.push([it]);
  }
  return runs;
}

interface Words {
  readonly lang: Lang;
  readonly of: number;
  readonly noun: string;
  readonly singular: string;
  /** Singular configured (so "De enige wijkcoach" instead of "De enige respondent in deze groep"). */
  readonly hasSingular: boolean;
  /** The group is those who answered one question. */
  readonly answered?: boolean;
}

/** "k van de N (p%)" / "alle N" / "beide" (N = 2) — with the noun when `withNoun`; "respondenten (beleid, 67%)" for a fallback noun. */
function amount(w: Words, count: number, withNoun: boolean, capital: boolean): string {
  const { lang, of } = w;
  const n = withNoun ? ` ${w.noun}` : '';
  if (count === of && of === 2) return lang === 'nl' ? `${capital ? 'Beide' : 'beide'}${n}` : `${capital ? 'Both' : 'both'}${n}`;
  if (count === of) return lang === 'nl' ? `${capital ? 'Alle' : 'alle'} ${of}${n}` : `${capital ? 'All' : 'all'} ${of}${n}`;
  const p = pctText(count, of, lang);
  const tail = n.endsWith(')') ? `${n.slice(0, -1)}, ${p})` : `${n} (${p})`;
  return lang === 'nl' ? `${count} van de ${of}${tail}` : `${count} of the ${of}${tail}`;
}

/** The top-level paragraph of a group of two or more respondents. */
function topParagraph(w: Words, items: readonly Item[], unmentioned: readonly Item[]): { text: string; clauses: SkeletonClause[] } {
  const { lang, of } = w;
  const clauses: SkeletonClause[] = [];
  const parts: string[] = [];
  const runs = runsOf(items.filter((i) => i.count >= 2));
  const runTexts = runs.map((r, k) => {
    clauses.push({ count: r[0].count, of, codes: r.map((i) => i.code) });
    const verb = lang === 'nl' ? 'noemen' : 'mention';
    return `${amount(w, r[0].count, k === 0, k === 0)} ${verb} ${joinNames(r.map((i) => i.name), lang)}`;
  });
  if (runTexts.length) parts.push(`${runTexts[0]}.`, ...(runTexts.length > 1 ? [`${cap(runTexts.slice(1).join('; '))}.`] : []));
  const singles = items.filter((i) => i.count === 1);
  if (singles.length) {
    clauses.push({ count: 1, of, codes: singles.map((i) => i.code) });
    const names = joinNames(singles.map((i) => i.name), lang);
    parts.push(lang === 'nl' ? `Door één ${w.singular} genoemd: ${names}.` : `Mentioned by one ${w.singular}: ${names}.`);
  }
  if (unmentioned.length) {
    clauses.push({ count: 0, of, codes: unmentioned.map((i) => i.code) });
    const names = joinNames(unmentioned.map((i) => i.name), lang, true);
    parts.push(lang === 'nl' ? `Geen van de ${of} ${w.noun} noemt ${names}.` : `None of the ${of} ${w.noun} mentions ${names}.`);
  }
  return { text: parts.join(' '), clauses };
}

/** "Binnen Samenwerking noemen alle 7 Informeren; 5 van de 7 (71%) Structuren vormen; door één wijkcoach genoemd: Assisteren." */
function childParagraph(w: Words, parentName: string, items: readonly Item[]): { text: string; clauses: SkeletonClause[] } {
  const { lang, of } = w;
  const clauses: SkeletonClause[] = [];
  const runs = runsOf(items.filter((i) => i.count >= 2));
  const segs = runs.map((r, k) => {
    clauses.push({ count: r[0].count, of, codes: r.map((i) => i.code) });
    // nl: "Binnen X noemen alle 7 A; 5 van de 7 (71%) B"; en: "Within X, all 7 mention A; 5 of the 7 (71%) B"
    return `${amount(w, r[0].count, false, false)}${lang === 'en' && k === 0 ? ' mention' : ''} ${joinNames(r.map((i) => i.name), lang)}`;
  });
  const singles = items.filter((i) => i.count === 1);
  let single = '';
  if (singles.length) {
    clauses.push({ count: 1, of, codes: singles.map((i) => i.code) });
    const names = joinNames(singles.map((i) => i.name), lang);
    const many = singles.length > 1;
    single =
      lang === 'nl'
        ? `${many ? 'worden' : 'wordt'} ${names} ${many ? 'elk ' : ''}door één ${w.singular} genoemd`
        : `${names} ${many ? 'are each' : 'is'} mentioned by one ${w.singular}`;
  }
  let text: string;
  if (lang === 'nl') {
    // "…; Assisteren wordt door één jongerenwerker genoemd." / "Binnen Ambitie worden A en B elk door één … genoemd."
    const after = single.replace(/^(wordt|worden) (.*?) ((?:elk )?door één .*)$/, '$2 $1 $3');
    text = segs.length ? `Binnen ${parentName} noemen ${segs.join('; ')}${single ? `; ${after}` : ''}.` : `Binnen ${parentName} ${single}.`;
  } else {
    text = segs.length ? `Within ${parentName}, ${segs.join('; ')}${single ? `; ${single}` : ''}.` : `Within ${parentName}, ${single}.`;
  }
  return { text, clauses };
}

/** A group of one respondent: "De enige respondent in deze groep noemt A, B en C." */
function onlyParagraph(w: Words, parentName: string | null, items: readonly Item[]): { text: string; clauses: SkeletonClause[] } {
  const { lang } = w;
  const names = joinNames(items.map((i) => i.name), lang);
  const clauses = [{ count: 1, of: 1, codes: items.map((i) => i.code) }];
  const who = w.answered
    ? lang === 'nl' ? `de enige ${w.hasSingular ? w.singular : 'respondent'} die deze vraag beantwoordde` : `the only ${w.hasSingular ? w.singular : 'respondent'} who answered this question`
    : w.hasSingular
      ? lang === 'nl' ? `de enige ${w.singular}` : `the only ${w.singular}`
      : lang === 'nl' ? 'de enige respondent in deze groep' : 'the only respondent in this group';
  if (parentName === null) return { text: lang === 'nl' ? `${cap(who)} noemt ${names}.` : `${cap(who)} mentions ${names}.`, clauses };
  const again = w.hasSingular ? (lang === 'nl' ? `de ${w.singular}` : `the ${w.singular}`) : lang === 'nl' ? 'deze respondent' : 'this respondent';
  return { text: lang === 'nl' ? `Binnen ${parentName} noemt ${again} ${names}.` : `Within ${parentName}, ${again} mentions ${names}.`, clauses };
}

/** One code on its own (SkeletonLine.text). */
function lineSentence(w: Words, count: number, name: string): string {
  const { lang, of } = w;
  if (of === 1) return onlyParagraph(w, null, [{ code: '', name, count: 1, order: 0 }]).text;
  if (count === 1) return lang === 'nl' ? `Eén ${w.singular} noemt ${name} (${pctText(1, of, lang)}).` : `One ${w.singular} mentions ${name} (${pctText(1, of, lang)}).`;
  return lang === 'nl' ? `${amount(w, count, true, true)} noemen ${name}.` : `${amount(w, count, true, true)} mention ${name}.`;
}

export function resultsSkeleton(cmp: CompareResult, opts: SkeletonOptions = {}): ResultsSkeleton {
  const lang = opts.lang ?? 'en';
  const maxDepth = opts.maxDepth ?? 1;
  const listUnmentioned = opts.listUnmentioned ?? true;
  const minDiff = opts.minDifference ?? 25;
  const minResp = opts.minRespondents ?? 2;

  // display names, qualified where two codes share one
  const seen = new Set<string>();
  const names = new Map<string, string>();
  for (const c of cmp.codes) {
    const key = c.name.toLocaleLowerCase();
    if (seen.has(key)) names.set(c.code, `${c.name} (${opts.qualifiers?.[c.code] ?? c.code})`);
    else {
      seen.add(key);
      names.set(c.code, c.name);
    }
  }
  // parent of each code = the nearest earlier code one level up (compare rows are in tree order)
  const parentOf = new Map<string, string | null>();
  const stack: string[] = [];
  for (const c of cmp.codes) {
    stack.length = c.depth;
    parentOf.set(c.code, c.depth > 0 ? stack[c.depth - 1] ?? null : null);
    stack[c.depth] = c.code;
  }
  const order = new Map(cmp.codes.map((c, i) => [c.code, i]));

  const groups: SkeletonGroup[] = cmp.groups.map((g, gi) => {
    const spc = spec(g.group, opts.nouns);
    const noun = groupNoun(g.group, lang, opts.nouns);
    const singular = groupSingular(g.group, lang, opts.nouns);
    const w: Words = { lang, of: g.respondents, noun, singular, hasSingular: Boolean(spc?.singular?.[lang]), ...(opts.perQuestion ? { answered: true } : {}) };
    const lines: SkeletonLine[] = [];
    const byParent = new Map<string | null, Item[]>();
    const unmentioned: Item[] = [];
    for (const c of cmp.codes) {
      if (c.depth > maxDepth) continue;
      const s = c.groups[gi];
      const item: Item = { code: c.code, name: names.get(c.code)!, count: s.respondents, order: order.get(c.code)! };
      if (s.respondents === 0) {
        if (c.depth === 0 && s.of > 0) unmentioned.push(item);
        continue;
      }
      lines.push({ code: c.code, name: item.name, depth: c.depth, count: s.respondents, of: s.of, text: lineSentence(w, s.respondents, item.name) });
      const p = parentOf.get(c.code) ?? null;
      let l = byParent.get(p);
      if (!l) byParent.set(p, (l = []));
      l.push(item);
    }
    const paragraphs: SkeletonParagraph[] = [];
    if (g.respondents > 0) {
      const top = byParent.get(null) ?? [];
      if (top.length || (listUnmentioned && unmentioned.length && g.respondents > 1)) {
        const p = g.respondents === 1 ? onlyParagraph(w, null, top) : topParagraph(w, top, listUnmentioned ? unmentioned : []);
        if (p.text) paragraphs.push({ parent: null, ...p });
      }
      // sub-code paragraphs in tree order
      for (const c of cmp.codes) {
        const kids = byParent.get(c.code);
        if (!kids?.length || c.depth >= maxDepth) continue;
        const p = g.respondents === 1 ? onlyParagraph(w, names.get(c.code)!, kids) : childParagraph(w, names.get(c.code)!, kids);
        paragraphs.push({ parent: c.code, ...p });
      }
    }
    const heading = spc?.[lang] ? cap(spc[lang]!) : g.group;
    return { group: g.group, noun, singular, heading, respondents: g.respondents, lines, paragraphs };
  });

  const contrasts: Array<{ code: string; text: string }> = [];
  for (const c of cmp.codes) {
    if (!c.flag || c.groups.length < 2) continue;
    // contrast groups of at least two respondents (a single policy interview or document is no group
    // to contrast; nor are the sources without a value, "(no group)")
    const sorted = c.groups
      .map((s, i) => ({ s, i }))
      .filter((x) => x.s.of >= 2 && x.s.group !== cmp.noGroup)
      .sort((a, b) => b.s.share - a.s.share || a.i - b.i);
    if (sorted.length < 2) continue;
    const hi = sorted[0];
    const lo = sorted[sorted.length - 1];
    // the flag may come from a one-respondent group; the contrast must hold between the groups named
    if (hi.s.share === lo.s.share || Math.round(1000 * (hi.s.share - lo.s.share)) / 10 < minDiff || hi.s.respondents < minResp) continue;
    const wh: Words = { lang, of: hi.s.of, noun: groups[hi.i].noun, singular: groups[hi.i].singular, hasSingular: false };
    const wl: Words = { lang, of: lo.s.of, noun: groups[lo.i].noun, singular: groups[lo.i].singular, hasSingular: false };
    const side = (w: Words, n: number) =>
      n === 0 ? (lang === 'nl' ? `geen van de ${w.of} ${w.noun}` : `none of the ${w.of} ${w.noun}`) : amount(w, n, true, false);
    const name = names.get(c.code)!;
    const text =
      lang === 'nl'
        ? `${name} wordt genoemd door ${side(wh, hi.s.respondents)}, tegenover ${side(wl, lo.s.respondents)}.`
        : `${name} is mentioned by ${side(wh, hi.s.respondents)}, against ${side(wl, lo.s.respondents)}.`;
    contrasts.push({ code: c.code, text });
  }
  // codes below maxDepth that a respondent mentions: in their ancestor's sentences, not named
  const deeper: Array<{ code: string; name: string; under: string }> = [];
  for (const c of cmp.codes) {
    if (c.depth <= maxDepth || !c.groups.some((g) => g.respondents > 0)) continue;
    let up = parentOf.get(c.code) ?? null;
    for (let d = c.depth - 1; up && d > maxDepth; d--) up = parentOf.get(up) ?? null;
    deeper.push({ code: c.code, name: names.get(c.code)!, under: up ? names.get(up)! : '' });
  }
  const gapNotes = cmp.coderGaps?.length ? coderGapNotes({ coderGaps: cmp.coderGaps }, lang) : [];
  return { lang, coders: cmp.coders ?? [], groups, contrasts, ...(deeper.length ? { deeper, maxDepth } : {}), ...(gapNotes.length ? { gapNotes } : {}) };
}

/** The note on the codes below the skeleton's depth ("… are counted in the sentences of …, not named"), or undefined. */
export function deeperNote(sk: Pick<ResultsSkeleton, 'lang' | 'deeper' | 'maxDepth'>): string | undefined {
  const d = sk.deeper;
  if (!d?.length) return undefined;
  const level = (sk.maxDepth ?? 1) + 1;
  const list = `${d.slice(0, 10).map((x) => (x.under ? `${x.name} (in ${x.under})` : x.name)).join(', ')}${d.length > 10 ? (sk.lang === 'nl' ? `, en nog ${d.length - 10}` : `, and ${d.length - 10} more`) : ''}`;
  return sk.lang === 'nl'
    ? `${d.length} gecodeerde code(s) onder niveau ${level} tellen mee in de zinnen van hun bovenliggende code op niveau ${level}, maar worden niet genoemd: ${list}. Zie de vergelijkingstabel voor hun aantallen.`
    : `${d.length} coded code(s) below level ${level} are counted in the sentences of their parent code at level ${level}, but not named: ${list}. See the comparison table for their numbers.`;
}

/** The skeleton as Markdown: a heading per group, one paragraph per category level (names and groups escaped: `<x>`, `*x*` shown as written). */
export function skeletonMarkdown(sk: ResultsSkeleton, headingLevel = 3): string {
  const h = '#'.repeat(headingLevel);
  const out: string[] = [];
  for (const g of sk.groups) {
    out.push(`${h} ${md(g.heading, 'heading')} (N = ${g.respondents})`, '');
    if (!g.paragraphs.length) out.push(sk.lang === 'nl' ? '(geen gecodeerde fragmenten)' : '(no coded passages)', '');
    for (const p of g.paragraphs) out.push(md(p.text), '');
  }
  if (sk.contrasts.length) {
    out.push(`${h} ${sk.lang === 'nl' ? 'Verschillen tussen groepen' : 'Differences between groups'}`, '');
    for (const c of sk.contrasts) out.push(`- ${md(c.text)}`);
    out.push('');
  }
  const deep = deeperNote(sk);
  if (deep) out.push(`*${md(deep, 'inline')}*`, '');
  if (sk.coders?.length) out.push(sk.lang === 'nl' ? `*Codeurs: ${md(sk.coders.join(', '), 'inline')}.*` : `*Coders: ${md(sk.coders.join(', '), 'inline')}.*`, '');
  for (const n of sk.gapNotes ?? []) out.push(`*${md(n, 'inline')}*`, '');
  return out.join('\n');
}
