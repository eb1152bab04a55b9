import type { Lang } from '../model/types.js';
import type { CompareResult } from './compare.js';

/**
 * The results-chapter skeleton (pure): per group → code, sentences such as
 * "7 van de 9 wijkcoaches noemen Vertrouwen (78%)." built from a compareGroups result, so the
 * numbers in the text are the numbers of the comparison table (never a re-count). Sub-codes
 * follow their parent ("Eén van hen noemt …" when one respondent). Where compareGroups flags a
 * difference, a contrast sentence names the groups with the highest and lowest shares.
 */

export interface SkeletonLine {
  readonly code: string;
  readonly name: string;
  readonly depth: number;
  readonly count: number;
  readonly of: number;
  readonly text: string;
}

export interface SkeletonGroup {
  readonly group: string;
  readonly noun: string;
  readonly respondents: number;
  readonly lines: readonly SkeletonLine[];
}

export interface ResultsSkeleton {
  readonly lang: Lang;
  readonly groups: readonly SkeletonGroup[];
  readonly contrasts: ReadonlyArray<{ readonly code: string; readonly text: string }>;
}

export interface SkeletonOptions {
  readonly lang?: Lang;
  /** Plural nouns per group value, e.g. { wijkcoach: 'neighbourhood coaches' }. */
  readonly nouns?: Readonly<Record<string, string>>;
  /** Deepest code level to write sentences for (0 = categories only; default 1). */
  readonly maxDepth?: number;
}

/** Plural noun for a group value: a Dutch plural for simple nouns, else "respondents (group)". */
export function groupNoun(value: string, lang: Lang, nouns?: Readonly<Record<string, string>>): string {
  if (nouns?.[value]) return nouns[value];
  const simple = /^[\p{Ll}]+$/u.test(value);
  if (lang === 'nl' && simple) {
    if (/(e|er|el|em|en|ie)$/.test(value)) return `${value}s`;
    if (/ch$/.test(value)) return `${value}es`;
  }
  if (lang === 'en' && simple && /(er|ist|or|ant|ent)$/.test(value)) return `${value}s`;
  return lang === 'nl' ? `respondenten (${value})` : `respondents (${value})`;
}

const pctText = (count: number, of: number) => `${of ? Math.round((100 * count) / of) : 0}%`;

function sentence(lang: Lang, count: number, of: number, noun: string, name: string, oneOfThem: boolean): string {
  const p = pctText(count, of);
  if (lang === 'nl') {
    if (oneOfThem && count === 1) return `Eén van hen noemt ${name}.`;
    if (count === of && of > 1) return `Alle ${of} ${noun} noemen ${name} (100%).`;
    return `${count} van de ${of} ${noun} ${count === 1 ? 'noemt' : 'noemen'} ${name} (${p}).`;
  }
  if (oneOfThem && count === 1) return `One of them mentions ${name}.`;
  if (count === of && of > 1) return `All ${of} ${noun} mention ${name} (100%).`;
  return `${count} of the ${of} ${noun} ${count === 1 ? 'mentions' : 'mention'} ${name} (${p}).`;
}

export function resultsSkeleton(cmp: CompareResult, opts: SkeletonOptions = {}): ResultsSkeleton {
  const lang = opts.lang ?? 'en';
  const maxDepth = opts.maxDepth ?? 1;
  const groups: SkeletonGroup[] = cmp.groups.map((g, gi) => {
    const noun = groupNoun(g.group, lang, opts.nouns);
    const lines: SkeletonLine[] = [];
    let parentCount = 0;
    for (const c of cmp.codes) {
      if (c.depth > maxDepth) continue;
      const s = c.groups[gi];
      if (c.depth === 0) parentCount = s.respondents;
      if (s.respondents === 0) continue;
      const oneOfThem = c.depth > 0 && parentCount > 1;
      lines.push({ code: c.code, name: c.name, depth: c.depth, count: s.respondents, of: s.of, text: sentence(lang, s.respondents, s.of, noun, c.name, oneOfThem) });
    }
    return { group: g.group, noun, respondents: g.respondents, lines };
  });
  const contrasts: Array<{ code: string; text: string }> = [];
  for (const c of cmp.codes) {
    if (!c.flag || c.groups.length < 2) continue;
    // contrast groups of at least two respondents (a single policy interview or document is no group to contrast)
    const sorted = c.groups
      .map((s, i) => ({ s, i }))
      .filter((x) => x.s.of >= 2)
      .sort((a, b) => b.s.share - a.s.share || a.i - b.i);
    if (sorted.length < 2 || sorted[0].s.share === sorted[sorted.length - 1].s.share) continue;
    const hi = sorted[0];
    const lo = sorted[sorted.length - 1];
    const nh = groups[hi.i].noun;
    const nlo = groups[lo.i].noun;
    const text =
      lang === 'nl'
        ? `${c.name} wordt vaker genoemd door ${nh} (${hi.s.respondents} van de ${hi.s.of}, ${pctText(hi.s.respondents, hi.s.of)}) dan door ${nlo} (${lo.s.respondents} van de ${lo.s.of}, ${pctText(lo.s.respondents, lo.s.of)}).`
        : `${c.name} is mentioned more often by ${nh} (${hi.s.respondents} of ${hi.s.of}, ${pctText(hi.s.respondents, hi.s.of)}) than by ${nlo} (${lo.s.respondents} of ${lo.s.of}, ${pctText(lo.s.respondents, lo.s.of)}).`;
    contrasts.push({ code: c.code, text });
  }
  return { lang, groups, contrasts };
}

/** The skeleton as Markdown (headings per group, one bullet per sentence, sub-codes indented). */
export function skeletonMarkdown(sk: ResultsSkeleton, headingLevel = 3): string {
  const h = '#'.repeat(headingLevel);
  const out: string[] = [];
  for (const g of sk.groups) {
    out.push(`${h} ${g.group} (N = ${g.respondents})`, '');
    if (!g.lines.length) out.push(sk.lang === 'nl' ? '- (geen gecodeerde fragmenten)' : '- (no coded passages)');
    for (const l of g.lines) out.push(`${'  '.repeat(l.depth)}- ${l.text}`);
    out.push('');
  }
  if (sk.contrasts.length) {
    out.push(`${h} ${sk.lang === 'nl' ? 'Verschillen tussen groepen' : 'Differences between groups'}`, '');
    for (const c of sk.contrasts) out.push(`- ${c.text}`);
    out.push('');
  }
  return out.join('\n');
}
