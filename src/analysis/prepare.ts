import type { Coding, CodingsDocument, Lang, Segment, Source } from '../model/types.js';
import { didYouMean } from '../model/did-you-mean.js';
import { inputError } from '../model/errors.js';
import { WORD_PATTERN } from '../coding/tokenize.js';

/**
 * Shared preparation for the analysis verbs (pure): resolves each coding's
 * source, segment, unit keys and respondent, drops codings that never count.
 *
 * Rules (documented in the command notes):
 * - Codings on interviewer-role segments never count (they are set aside and counted).
 * - A coding without `segmentId` is placed in the segment of its source that contains
 *   its start offset, when the document has segments; otherwise its unit is its span.
 * - Respondent = the source's case id. In a multi-speaker source (a focus group or
 *   duo interview: two or more distinct non-interviewer speakers), each speaker is a
 *   respondent of their own, `case/speaker`.
 */

export interface PreparedCoding {
  readonly coding: Coding;
  readonly source: Source;
  readonly segment?: Segment;
  /** The segment id, else `source@start-end` for a span, else the coding id. */
  readonly segmentKey: string;
  readonly respondent: string;
}

export interface PreparedDoc {
  readonly doc: CodingsDocument;
  /** All sources (of the document, plus sources only named by codings), natural order of ids. */
  readonly sources: readonly Source[];
  readonly sourceById: ReadonlyMap<string, Source>;
  readonly segmentById: ReadonlyMap<string, Segment>;
  readonly codings: readonly PreparedCoding[];
  /** Respondents present in each source (the denominators of "x of N respondents"). */
  readonly respondentsBySource: ReadonlyMap<string, readonly string[]>;
  /** Non-interviewer segments per source. */
  readonly segmentsBySource: ReadonlyMap<string, readonly Segment[]>;
  /** Every coder present in the document (before filtering), sorted. */
  readonly allCoders: readonly string[];
  /** Coders whose codings were used. */
  readonly coders: readonly string[];
  readonly setAside: { readonly interviewer: number; readonly otherCoders: number };
  /**
   * Sources that are not respondents: without text or respondent segments, and all of whose codings
   * lie on interviewer rows (a stray id, the interviewer's own row). They are not counted in N.
   */
  readonly strays: ReadonlyArray<{ readonly source: string; readonly codings: readonly string[] }>;
  /**
   * Cases with a source of one respondent and a group conversation (several speakers) whose one
   * respondent no speaker of the group conversations matches by name (`R:` beside `Piet:`): N may
   * count that person twice (see mixedCaseNotes).
   */
  readonly mixedCases: ReadonlyArray<{ readonly case: string; readonly alone: readonly string[]; readonly group: readonly string[]; readonly speakers: readonly string[]; readonly unmatched: readonly string[] }>;
  /**
   * With `coders`: per chosen coder, the sources another coder coded and this one has no coding in
   * (a second coder who coded 4 of 12 interviews). They count in N and as interviews without new
   * codes, which may mean "not coded by this coder" rather than "nothing to code" (see coderGapNotes).
   */
  readonly coderGaps: ReadonlyArray<CoderGap>;
}

/**
 * Sources other coders coded in which the chosen coder has no coding. With several chosen coders
 * (their codings counted together: the report's human coders, `--coder a --coder b`) one gap for
 * them together (`coders`): the sources none of them coded; one of them coding a source is enough.
 */
export interface CoderGap {
  /** The chosen coder, or the chosen coders joined by ", " (see `coders`). */
  readonly coder: string;
  /** Several chosen coders counted together: the sources none of them coded. */
  readonly coders?: readonly string[];
  readonly sources: readonly string[];
  /** Sources the coder (any of the coders) coded. */
  readonly coded: number;
  /** The other coders who coded those sources. */
  readonly by: readonly string[];
}

export interface PrepareOptions {
  /** Only codings by these coders (default: all). */
  readonly coders?: readonly string[];
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Deterministic natural order ("p2" < "p10"), ties broken by code unit order. */
export function naturalCompare(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

export function prepareDoc(doc: CodingsDocument, opts: PrepareOptions = {}): PreparedDoc {
  const sourceById = new Map<string, Source>();
  for (const s of doc.sources) {
    const had = sourceById.get(s.id);
    if (!had) sourceById.set(s.id, s);
    else if (had.path !== s.path || had.case !== s.case || JSON.stringify(had.attributes ?? {}) !== JSON.stringify(s.attributes ?? {})) {
      // two different sources under one id (a hand-joined document): the second's codings would be
      // counted under the first's case and attributes
      throw inputError('analysis', 'duplicate-source-id', `the codings document has two different sources with the id "${s.id}" (${had.path} and ${s.path}); their codings cannot be told apart`, {
        hint: 'give each source its own id (qda code numbers them: r1, r1-2), or code the sources again in one run',
      });
    }
  }
  for (const c of doc.codings) {
    if (!sourceById.has(c.sourceId)) sourceById.set(c.sourceId, placeholderSource(c.sourceId));
  }
  const sources = [...sourceById.values()].sort((a, b) => naturalCompare(a.id, b.id));

  const segmentById = new Map<string, Segment>();
  const segsBySourceAll = new Map<string, Segment[]>();
  for (const g of doc.segments) {
    if (segmentById.has(g.id)) continue;
    segmentById.set(g.id, g);
    let list = segsBySourceAll.get(g.sourceId);
    if (!list) segsBySourceAll.set(g.sourceId, (list = []));
    list.push(g);
  }
  for (const list of segsBySourceAll.values()) list.sort((a, b) => a.start - b.start || a.index - b.index);

  // multi-speaker sources and respondents per source
  const respondentsBySource = new Map<string, string[]>();
  const multiSpeaker = new Set<string>();
  const segmentsBySource = new Map<string, Segment[]>();
  // (the one speaker of each single-respondent source, when its turns name one)
  const onlySpeaker = new Map<string, string>();
  for (const s of sources) {
    const segs = (segsBySourceAll.get(s.id) ?? []).filter((g) => g.role !== 'interviewer');
    segmentsBySource.set(s.id, segs);
    const speakers = new Set<string>();
    for (const g of segs) if (g.speaker) speakers.add(g.speaker);
    if (speakers.size >= 2) {
      multiSpeaker.add(s.id);
      respondentsBySource.set(s.id, [...speakers].sort(naturalCompare).map((sp) => `${s.case}/${sp}`));
    } else {
      respondentsBySource.set(s.id, [s.case]);
      if (speakers.size === 1) onlySpeaker.set(s.id, [...speakers][0]);
    }
  }
  // a case interviewed alone and in a group conversation (Piet alone, then Piet and Marie): the
  // group's respondents are its speakers (C1/Piet, C1/Marie), so the one of the interview alone is
  // keyed by its speaker too (C1/Piet: one person, counted once; it was C1 beside C1/Piet, one
  // person counted twice in N). A speaker there that no group conversation of the case names (R:)
  // cannot be matched: said (mixedCases), as N may count that person twice.
  const groupSpeakers = new Map<string, Set<string>>();
  for (const s of sources) if (multiSpeaker.has(s.id)) for (const r of respondentsBySource.get(s.id)!) (groupSpeakers.get(s.case) ?? groupSpeakers.set(s.case, new Set()).get(s.case)!).add(r);
  const singleKey = new Map<string, string>();
  const mixed = new Map<string, { alone: string[]; group: string[]; unmatched: string[] }>();
  if (groupSpeakers.size) {
    for (const s of sources) {
      const inGroup = groupSpeakers.get(s.case);
      if (!inGroup || multiSpeaker.has(s.id) || !(respondentsBySource.get(s.id)?.length)) continue;
      const only = onlySpeaker.get(s.id);
      const key = only !== undefined ? `${s.case}/${only}` : s.case;
      singleKey.set(s.id, key);
      respondentsBySource.set(s.id, [key]);
      const m = mixed.get(s.case) ?? mixed.set(s.case, { alone: [], group: sources.filter((x) => x.case === s.case && multiSpeaker.has(x.id)).map((x) => x.id), unmatched: [] }).get(s.case)!;
      m.alone.push(s.id);
      if (!inGroup.has(key)) m.unmatched.push(only ?? '');
    }
  }
  const mixedCases = [...mixed].filter(([, m]) => m.unmatched.length).map(([c, m]) => ({ case: c, alone: m.alone, group: m.group, speakers: [...(groupSpeakers.get(c) ?? [])].map((k) => k.slice(c.length + 1)), unmatched: m.unmatched }));

  const allCoders = [...new Set(doc.codings.map((c) => c.coder))].sort(naturalCompare);
  const wanted = opts.coders && opts.coders.length ? new Set(opts.coders) : undefined;
  if (wanted) {
    const unknown = [...wanted].filter((c) => !allCoders.includes(c));
    if (unknown.length === wanted.size && doc.codings.length > 0) {
      throw inputError('analysis', 'unknown-coder', `no codings by coder ${unknown.map((u) => `"${u}"`).join(', ')}`, {
        expected: didYouMean(unknown[0], allCoders),
        hint: `coders in these codings: ${allCoders.join(', ')}`,
      });
    }
  }

  const codings: PreparedCoding[] = [];
  let interviewer = 0;
  let otherCoders = 0;
  const counted = new Set<string>();
  const asideBySource = new Map<string, string[]>();
  for (const c of doc.codings) {
    if (wanted && !wanted.has(c.coder)) {
      otherCoders++;
      continue;
    }
    const source = sourceById.get(c.sourceId)!;
    let segment = c.segmentId !== undefined ? segmentById.get(c.segmentId) : undefined;
    if (!segment && c.segmentId === undefined) segment = locate(segsBySourceAll.get(c.sourceId), c.start);
    if (segment && segment.role === 'interviewer') {
      interviewer++;
      let l = asideBySource.get(source.id);
      if (!l) asideBySource.set(source.id, (l = []));
      l.push(c.segmentId ?? c.id);
      continue;
    }
    counted.add(source.id);
    const segmentKey = segment?.id ?? c.segmentId ?? (c.end > c.start ? `${c.sourceId}@${c.start}-${c.end}` : c.id);
    const respondent = multiSpeaker.has(source.id) && segment?.speaker ? `${source.case}/${segment.speaker}` : (singleKey.get(source.id) ?? source.case);
    // (an answer of a questionnaire table: its row's own columns — group, age, … — are the
    // attributes of its codings, as a codings CSV's rows carry theirs; they were in the segment's
    // meta only, and `--cols group` said the sources carry no attributes)
    const rowAttrs = source.kind === 'survey' && segment?.meta ? rowAttributes(segment) : undefined;
    const coding = rowAttrs ? { ...c, attributes: { ...rowAttrs, ...c.attributes } } : c;
    codings.push({ coding, source, segment, segmentKey, respondent });
  }
  const strays: Array<{ source: string; codings: string[] }> = [];
  for (const [src, list] of asideBySource) {
    if (counted.has(src)) continue;
    const s = sourceById.get(src)!;
    if (s.text.length > 0 || (segmentsBySource.get(src)?.length ?? 0) > 0) continue;
    respondentsBySource.set(src, []);
    strays.push({ source: src, codings: [...new Set(list)] });
  }
  strays.sort((a, b) => naturalCompare(a.source, b.source));
  const used = wanted ? allCoders.filter((c) => wanted.has(c)) : allCoders;
  // (a chosen coder without codings in sources other coders coded: counted as sources with nothing to code)
  // (several chosen coders are counted together: a source one of them coded is no gap)
  const coderGaps: CoderGap[] = [];
  if (wanted && used.length && used.length < allCoders.length) {
    const codersOf = new Map<string, Set<string>>();
    for (const c of doc.codings) (codersOf.get(c.sourceId) ?? codersOf.set(c.sourceId, new Set()).get(c.sourceId)!).add(c.coder);
    const byOthers = sources.filter((s) => [...(codersOf.get(s.id) ?? [])].some((k) => !wanted.has(k)));
    const codedBy = (s: Source) => used.some((k) => codersOf.get(s.id)?.has(k));
    const gaps = byOthers.filter((s) => !codedBy(s));
    if (gaps.length) {
      const by = [...new Set(gaps.flatMap((s) => [...codersOf.get(s.id)!].filter((k) => !wanted.has(k))))].sort(naturalCompare);
      coderGaps.push({ coder: used.join(', '), ...(used.length > 1 ? { coders: used } : {}), sources: gaps.map((s) => s.id), coded: sources.filter(codedBy).length, by });
    }
  }
  return { doc, sources, sourceById, segmentById, codings, respondentsBySource, segmentsBySource, allCoders, coders: used, setAside: { interviewer, otherCoders }, strays, mixedCases, coderGaps };
}

/**
 * Every answer of the questionnaire tables (coded or not) with its row's value of an attribute
 * grouping and its respondent: for the N of groups that rows carry (`--by group` on a table with a
 * group column), which otherwise counts only the respondents with a coding under the value.
 */
export function surveyRowValues(prep: PreparedDoc, g: Grouping, lang: Lang): Array<{ value: string; source: string; respondent: string; segment: string }> {
  if (g.kind !== 'attribute') return [];
  const out: Array<{ value: string; source: string; respondent: string; segment: string }> = [];
  for (const s of prep.sources) {
    if (s.kind !== 'survey') continue;
    const resp = prep.respondentsBySource.get(s.id) ?? [];
    for (const seg of prep.segmentsBySource.get(s.id) ?? []) {
      const v = seg.meta?.[g.name] ?? attributeValue(s.attributes, g.name);
      const value = v === undefined || v === '' ? noValue(g, lang) : asWritten(v, g, lang);
      const respondent = resp.length > 1 && seg.speaker ? `${s.case}/${seg.speaker}` : resp[0] ?? s.case;
      out.push({ value, source: s.id, respondent, segment: seg.id });
    }
  }
  return out;
}

/** The columns of an answer's row (its segment's meta but the row number); undefined when none. */
function rowAttributes(segment: Segment): Record<string, string> | undefined {
  let out: Record<string, string> | undefined;
  for (const [k, v] of Object.entries(segment.meta ?? {})) {
    if (k === 'row' || typeof v !== 'string') continue;
    (out ??= {})[k] = v;
  }
  return out;
}

/** The turn a coding lies in (`source#t<turn>`), else its segment key. */
export function turnKeyOf(pc: PreparedCoding): string {
  return pc.segment && pc.segment.turn !== undefined ? `${pc.source.id}#t${pc.segment.turn}` : pc.segmentKey;
}

function locate(segs: readonly Segment[] | undefined, at: number): Segment | undefined {
  if (!segs || segs.length === 0) return undefined;
  let lo = 0;
  let hi = segs.length - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (segs[mid].start <= at) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (best < 0) return undefined;
  const g = segs[best];
  return at < g.end || (at === g.start && g.end === g.start) ? g : undefined;
}

function placeholderSource(id: string): Source {
  return { id, path: id, kind: 'transcript', format: 'txt', case: id, attributes: {}, encoding: 'utf-8', newline: 'lf', sha256: '', text: '', length: 0 };
}

// ---------------------------------------------------------------------------
// Grouping sources: by source id, case, source kind or a case attribute.

export const NO_VALUE = { en: '(none)', nl: '(geen)' } as const;

/** "(no question)" / "(geen vraag)": the value of a coding or source without the attribute (common attribute names in the output language). */
export function noValue(g: Grouping, lang: Lang): string {
  return g.kind === 'attribute' ? (lang === 'nl' ? `(geen ${attributeLabel(g.name, 'nl')})` : `(no ${attributeLabel(g.name, 'en')})`) : NO_VALUE[lang];
}

const KIND_NL: Record<string, string> = { transcript: 'transcript', observation: 'observatie', document: 'document', survey: 'enquête' };

export type Grouping = { readonly kind: 'source' } | { readonly kind: 'case' } | { readonly kind: 'source-kind' } | { readonly kind: 'attribute'; readonly name: string };

/** Attributes present on the sources (and on the codings themselves, when given), sorted. */
export function availableAttributes(sources: readonly Source[], codings: readonly Coding[] = []): string[] {
  const s = new Set<string>();
  for (const src of sources) for (const k of Object.keys(src.attributes ?? {})) s.add(k);
  for (const c of codings) for (const k of Object.keys(c.attributes ?? {})) s.add(k);
  return [...s].sort(naturalCompare);
}

/**
 * Resolve `--cols`/`--by`: source, case, source-kind, or an attribute name
 * (exact, else case-insensitive). Unknown → QdaInputError with the list and did-you-mean.
 */
export function resolveGrouping(
  by: string,
  sources: readonly Source[],
  opts: { option: string; allow?: readonly ('source' | 'case' | 'source-kind')[] } = { option: '--by' },
  codings: readonly Coding[] = [],
): Grouping {
  const allow = opts.allow ?? ['source', 'case', 'source-kind'];
  if ((allow as readonly string[]).includes(by)) return { kind: by as 'source' | 'case' | 'source-kind' };
  const attrs = availableAttributes(sources, codings);
  if (attrs.includes(by)) return { kind: 'attribute', name: by };
  const ci = attrs.filter((a) => a.toLowerCase() === by.toLowerCase());
  if (ci.length === 1) return { kind: 'attribute', name: ci[0] };
  const choices = [...allow, ...attrs];
  throw inputError('analysis', 'unknown-attribute', `unknown attribute "${by}" for ${opts.option}`, {
    expected: didYouMean(by, choices),
    actual: by,
    hint: attrs.length
      ? `available: ${choices.join(', ')}`
      : `the sources carry no attributes; use ${allow.join(', ')}, or add attributes (cases.csv, qda.yaml, or extra CSV columns such as team)`,
  });
}

/**
 * A value as written, in quotes when it is the label of a missing value ("(no group)" typed in a
 * cases file): else its sources would be counted together with those without a value, unseen.
 */
function asWritten(v: string, g: Grouping, lang: Lang): string {
  return v === noValue(g, lang) ? `"${v}"` : v;
}

/**
 * A source's value of an attribute: by its name as written, else by the one name that differs only
 * in capitals (`Team:` in a note's front matter beside the cases table's `team`: the note was put
 * under "(no team)" by matrix and compare, and under its team by saturation; said when the codings
 * are read, attribute-names-differ-in-case).
 */
export function attributeValue(attributes: Readonly<Record<string, string>> | undefined, name: string): string | undefined {
  if (!attributes) return undefined;
  if (Object.prototype.hasOwnProperty.call(attributes, name)) return attributes[name];
  const lower = name.toLowerCase();
  for (const k of Object.keys(attributes)) if (k.toLowerCase() === lower) return attributes[k];
  return undefined;
}

export function groupValue(source: Source, g: Grouping, lang: Lang): string {
  switch (g.kind) {
    case 'source':
      return source.id;
    case 'case':
      return source.case;
    case 'source-kind':
      return lang === 'nl' ? KIND_NL[source.kind] ?? source.kind : source.kind;
    case 'attribute': {
      const v = attributeValue(source.attributes, g.name);
      return v === undefined || v === '' ? noValue(g, lang) : asWritten(v, g, lang);
    }
  }
}

/** The value of a grouping for one coding: the coding's own attribute (question, factor, …) first, else its source's. */
export function codingGroupValue(pc: PreparedCoding, g: Grouping, lang: Lang): string {
  if (g.kind === 'attribute') {
    const own = pc.coding.attributes?.[g.name];
    if (own !== undefined) return own === '' ? noValue(g, lang) : asWritten(own, g, lang);
  }
  return groupValue(pc.source, g, lang);
}

/**
 * True when the grouping is an attribute that some coding carries with a value other than its
 * source's (a per-row `question` column): then a source belongs to several columns/groups, and
 * N per value counts the respondents with a coding under that value.
 */
export function isPerCoding(prep: PreparedDoc, g: Grouping): boolean {
  if (g.kind !== 'attribute') return false;
  for (const pc of prep.codings) {
    const own = pc.coding.attributes?.[g.name];
    if (own !== undefined && own !== (pc.source.attributes?.[g.name] ?? '')) return true;
  }
  return false;
}

/**
 * Common case attributes in the output language ("group" is "groep" in Dutch text, "groep" is
 * "group" in English); any other attribute name is shown as written.
 */
const ATTRIBUTE_WORDS: ReadonlyArray<readonly [en: string, nl: string]> = [
  ['group', 'groep'],
  ['team', 'team'],
  ['role', 'rol'],
  ['gender', 'geslacht'],
  ['sex', 'geslacht'],
  ['age', 'leeftijd'],
  ['location', 'locatie'],
  ['neighbourhood', 'wijk'],
  ['district', 'wijk'],
  ['organisation', 'organisatie'],
  ['organization', 'organisatie'],
  ['function', 'functie'],
  ['date', 'datum'],
  ['order', 'volgorde'],
  ['case', 'casus'],
  ['source', 'bron'],
  ['interviewer', 'interviewer'],
  ['question', 'vraag'],
  ['topic', 'thema'],
];
export function attributeLabel(name: string, lang: Lang): string {
  const k = name.toLowerCase();
  const hit = ATTRIBUTE_WORDS.find(([en, nl]) => en === k || nl === k);
  if (!hit) return name;
  const word = lang === 'nl' ? hit[1] : hit[0];
  return name[0] === name[0].toUpperCase() && name[0] !== name[0].toLowerCase() ? word[0].toUpperCase() + word.slice(1) : word;
}

export function groupingLabel(g: Grouping, lang: Lang): string {
  if (g.kind === 'attribute') return attributeLabel(g.name, lang);
  const L = { source: { en: 'source', nl: 'bron' }, case: { en: 'case', nl: 'casus' }, 'source-kind': { en: 'source kind', nl: 'soort bron' } };
  return L[g.kind][lang];
}

// ---------------------------------------------------------------------------

/** Did-you-mean suggestions (shared with the codebook and ingest messages). */
export { didYouMean } from '../model/did-you-mean.js';

/** Two-language label helper. */
export function tr(lang: Lang, en: string, nl: string): string {
  return lang === 'nl' ? nl : en;
}

/**
 * Words, as the coder reads them (the tokenizer's WORD_PATTERN): runs of letters/digits, inner
 * hyphens and apostrophes kept ("op-één", "dat's"), a soft hyphen or a line-end hyphen inside a
 * word (`buurt\u00adapp`, `samen-⏎werking`) no word break.
 */
export function countWords(text: string): number {
  let n = 0;
  const re = new RegExp(WORD_PATTERN);
  while (re.exec(text)) n++;
  return n;
}

/** "A", "A en B", "A, B en C" (nl) / "A, B and C" (en); `or` for negations. */
export function joinNames(names: readonly string[], lang: Lang, or = false): string {
  const last = lang === 'nl' ? (or ? ' of ' : ' en ') : or ? ' or ' : ' and ';
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')}${last}${names[names.length - 1]}`;
}
