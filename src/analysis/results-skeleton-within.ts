import type { Lang } from '../model/types.js';
import type { CompareResult } from './compare.js';
import type { WithinResult } from './compare-within.js';
import { deeperNote, groupNoun, resultsSkeleton, type GroupNouns, type ResultsSkeleton, type SkeletonParagraph } from './results-skeleton.js';
import { escapeMarkdown as md } from '../export/escape.js';

/**
 * The results skeleton per question (pure), from a compareWithin result: per group, per question,
 * the sentences of resultsSkeleton with Y = the respondents of the group who answered THAT question
 * ("5 van de 11 wijkcoaches noemen …"), never the group's size. Every number is a number of the
 * "X of Y" table. A first sentence per question says how many answered (and how many were not asked).
 */

export interface WithinSkeletonQuestion {
  readonly value: string;
  /** Y: respondents of the group who answered. */
  readonly answered: number;
  readonly notAsked: number;
  /** "11 van de 12 wijkcoaches beantwoordden deze vraag (1 niet gevraagd)." */
  readonly intro: string;
  readonly paragraphs: readonly SkeletonParagraph[];
}

export interface WithinSkeletonGroup {
  readonly group: string;
  readonly heading: string;
  readonly respondents: number;
  readonly questions: readonly WithinSkeletonQuestion[];
}

export interface WithinSkeleton {
  readonly lang: Lang;
  readonly within: string;
  readonly coders: readonly string[];
  readonly groups: readonly WithinSkeletonGroup[];
  /** Codes below the depth of the sentences that some respondent mentions (see ResultsSkeleton). */
  readonly deeper?: ResultsSkeleton['deeper'];
  readonly maxDepth?: number;
}

export interface WithinSkeletonOptions {
  readonly lang?: Lang;
  readonly nouns?: GroupNouns;
  readonly maxDepth?: number;
}

export function withinSkeleton(res: WithinResult, opts: WithinSkeletonOptions = {}): WithinSkeleton {
  const lang = opts.lang ?? 'en';
  const perValue = new Map<string, ReturnType<typeof resultsSkeleton>>();
  for (const v of res.values) {
    const rows = res.rows.filter((r) => r.value === v.value && !r.notAsked);
    const fake: CompareResult = {
      by: res.by ?? '',
      coders: res.coders,
      groups: v.groups.map((g) => ({ group: g.group, respondents: g.answered, sources: g.answered })),
      diagnostics: [],
      codes: rows.map((r) => ({
        code: r.code,
        name: r.name,
        depth: r.depth,
        groups: r.groups.map((g) => ({ group: g.group, segments: 0, respondents: g.y ? g.x : 0, of: g.y, share: g.y ? g.x / g.y : 0 })),
        difference: 0,
        p: null,
        flag: false,
      })),
      tables: [],
    };
    perValue.set(v.value, resultsSkeleton(fake, { lang, nouns: opts.nouns, maxDepth: opts.maxDepth, listUnmentioned: false, perQuestion: true }));
  }
  const groups: WithinSkeletonGroup[] = res.groups.map((g, gi) => {
    const noun = groupNoun(g.group, lang, opts.nouns);
    const spec = opts.nouns?.[g.group];
    const plural = typeof spec === 'string' ? spec : spec?.[lang];
    const questions: WithinSkeletonQuestion[] = [];
    for (const v of res.values) {
      const vg = v.groups[gi];
      if (!vg.answered && !vg.notAsked) continue;
      const sk = perValue.get(v.value)!.groups[gi];
      const na = vg.notAsked ? (lang === 'nl' ? ` (${vg.notAsked} niet gevraagd)` : ` (${vg.notAsked} not asked)`) : '';
      const intro =
        lang === 'nl'
          ? `${vg.answered} van de ${g.respondents} ${noun} ${vg.answered === 1 ? 'beantwoordde' : 'beantwoordden'} deze vraag${na}.`
          : `${vg.answered} of the ${g.respondents} ${noun} answered this question${na}.`;
      questions.push({ value: v.value, answered: vg.answered, notAsked: vg.notAsked, intro, paragraphs: sk.paragraphs });
    }
    const heading = plural ? plural[0].toLocaleUpperCase() + plural.slice(1) : g.group;
    return { group: g.group, heading, respondents: g.respondents, questions };
  });
  const deeper = new Map<string, NonNullable<ResultsSkeleton['deeper']>[number]>();
  for (const sk of perValue.values()) for (const d of sk.deeper ?? []) if (!deeper.has(d.code)) deeper.set(d.code, d);
  return { lang, within: res.within, coders: res.coders, groups, ...(deeper.size ? { deeper: [...deeper.values()], maxDepth: opts.maxDepth ?? 1 } : {}) };
}

/** The per-question skeleton as Markdown: a heading per group, a bold run-in per question. */
export function withinSkeletonMarkdown(sk: WithinSkeleton, headingLevel = 3): string {
  const h = '#'.repeat(headingLevel);
  const out: string[] = [];
  for (const g of sk.groups) {
    out.push(`${h} ${md(g.heading, 'heading')} (N = ${g.respondents})`, '');
    // (a group whose respondents have no coding: as the report says it)
    if (!g.questions.length) out.push(sk.lang === 'nl' ? '(geen gecodeerde fragmenten)' : '(no coded passages)', '');
    for (const q of g.questions) {
      out.push(`**${md(q.value, 'inline')}.** ${md(q.intro, 'inline')}`, '');
      for (const p of q.paragraphs) out.push(md(p.text), '');
    }
  }
  const deep = deeperNote(sk);
  if (deep) out.push(`*${md(deep, 'inline')}*`, '');
  out.push(sk.lang === 'nl' ? `*Per ${md(sk.within, 'inline')}: Y = respondenten van de groep die de vraag beantwoordden. Codeurs: ${md(sk.coders.join(', '), 'inline') || '–'}.*` : `*Per ${md(sk.within, 'inline')}: Y = respondents of the group who answered the question. Coders: ${md(sk.coders.join(', '), 'inline') || '–'}.*`, '');
  return out.join('\n');
}
