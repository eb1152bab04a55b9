import { nameCodeReferences } from '../codebook/localise.js';
import type { Cell, CodingsDocument, Lang, Segment, Source, Table } from '../model/types.js';
import { isHumanCoder } from '../model/types.js';
import type { Codebook, CodeDef } from '../codebook/types.js';
import { LineIndex, OffsetMap } from '../model/codepoints.js';
import { buildCodeTree, codeName } from './hierarchy.js';
import { computeMatrix } from './matrix.js';
import { countWords, naturalCompare, prepareDoc, tr, type PreparedCoding } from './prepare.js';
import { findMarkers, labelKey, markerMask, mayHaveMarkers, quotedTemplateText } from '../coding/markers.js';
import { asRead, WORD_PATTERN } from '../coding/tokenize.js';

/**
 * Thesis appendices as plain data (pure): a document with sections, each with a table.
 * Rendered to md/html/latex/docx by src/export/appendix-render.ts.
 */

export interface AppendixSection {
  readonly id: string;
  readonly heading: string;
  readonly level: 2 | 3;
  readonly paragraphs?: readonly string[];
  readonly table?: Table;
}

export interface AppendixDocument {
  readonly lang: Lang;
  readonly title: string;
  readonly paragraphs: readonly string[];
  readonly sections: readonly AppendixSection[];
}

/**
 * Items of a list (inclusion criteria, examples) joined with "; ": an item's own closing full
 * stop is left out so that no ".;" appears ("A; B", not "A.; B."); "…", "?" and "!" stay.
 */
export function joinClauses(items: readonly string[]): string {
  return items
    .map((x) => x.trim().replace(/(?<!\.)\.$/, ''))
    .filter(Boolean)
    .join('; ');
}

// ---------------------------------------------------------------------------
// Quotes

/**
 * Text shown to readers: inline coding markers removed — `{{…}}`, the `[[`/`]]` brackets and
 * the legacy `Code: label` form (found with the coding markers' own finder) — and white space
 * folded. `knownLabels` (label keys) keeps a legacy label from swallowing the speech after it.
 */
export function cleanQuote(text: string, knownLabels?: ReadonlySet<string>): string {
  return foldSpace(removeRanges(text, markerRanges(text, knownLabels)));
}

/** The text as it reads (asRead: a word broken at a line end joined, no soft hyphen), on one line. */
function foldSpace(text: string): string {
  return asRead(text)
    .replace(/[ \t]+/g, ' ')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
}

/** UTF-16 ranges of marker text in `text` (marker texts and `[[`/`]]` brackets), sorted and merged. */
export function markerRanges(text: string, knownLabels?: ReadonlySet<string>): Array<[number, number]> {
  if (!mayHaveMarkers(text) && !text.includes('[[')) return [];
  let markers = mayHaveMarkers(text) ? findMarkers(text, knownLabels) : [];
  // (with the codes known: a `{{…}}` in quotes that names none is quoted text, as qda code read it)
  const quoted = knownLabels && markers.length ? quotedTemplateText(text, markers, (l) => !knownLabels.has(labelKey(l))) : undefined;
  if (quoted) markers = markers.filter((m) => !quoted.has(m));
  const ranges = markerMask(markers);
  // stray `[[`/`]]` (a bracket without a marker after it) are not shown either
  for (const m of text.matchAll(/\[\[|\]\]/g)) ranges.push([m.index!, m.index! + 2]);
  return mergeRanges(ranges);
}

function mergeRanges(ranges: Array<[number, number]>): Array<[number, number]> {
  const sorted = ranges.filter(([a, b]) => b > a).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: Array<[number, number]> = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

function removeRanges(text: string, ranges: ReadonlyArray<readonly [number, number]>): string {
  if (!ranges.length) return text;
  let out = '';
  let at = 0;
  for (const [a, b] of ranges) {
    if (a > at) out += text.slice(at, a);
    at = Math.max(at, b);
  }
  return out + text.slice(at);
}

/** Label keys of a document's codes (ids and names), for finding legacy `Code: label` markers. */
export function codeLabelKeys(codes: ReadonlyArray<{ id: string; name?: { en?: string; nl?: string } }>): Set<string> {
  const keys = new Set<string>();
  for (const c of codes) for (const l of [c.id, c.name?.en, c.name?.nl]) if (l) keys.add(labelKey(l));
  return keys;
}

/** A number in running text: up to `digits` decimals, no trailing zeros; decimal comma in Dutch ("0,3"). */
export function formatNum(v: number, lang: Lang, digits = 4): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? '' : v > 0 ? '∞' : '-∞';
  const r = Math.round(v * 10 ** digits) / 10 ** digits;
  const s = String(r);
  return lang === 'nl' ? s.replace('.', ',') : s;
}

/** Words as the coder reads them (see countWords). */
export function wordCount(text: string): number {
  return countWords(text);
}

/**
 * The labelschema quote anchor: the first `n` words "(…)" the last `n` words of the
 * segment, with the punctuation that closes it; short segments (≤ 2n + 1 words) in full.
 */
export function quoteAnchor(text: string, n = 2): string {
  const t = cleanQuote(text);
  const words = [...t.matchAll(WORD_PATTERN)];
  if (words.length <= 2 * n + 1) return `“${t}”`;
  const headEnd = words[n - 1].index! + words[n - 1][0].length;
  const tailStart = words[words.length - n].index!;
  const head = t.slice(0, headEnd);
  const tail = t.slice(tailStart).replace(/\s+/g, ' ');
  return `“${head} (…) ${tail}”`;
}

/** Per-source helpers: code-point slices, 1-based lines, and the marker text hidden from readers. */
export class SourceText {
  private readonly maps = new Map<string, { text: string; om: OffsetMap; li: LineIndex; hidden?: Array<[number, number]> }>();
  /** `knownLabels`: label keys of the codes (see codeLabelKeys), for legacy `Code: label` markers. */
  constructor(
    private readonly sources: ReadonlyMap<string, Source>,
    private readonly knownLabels?: ReadonlySet<string>,
  ) {}
  private get(id: string) {
    let m = this.maps.get(id);
    if (!m) {
      const text = this.sources.get(id)?.text ?? '';
      this.maps.set(id, (m = { text, om: new OffsetMap(text), li: new LineIndex(text) }));
    }
    return m;
  }
  slice(id: string, start: number, end: number): string {
    return this.get(id).om.slice(start, end);
  }
  line(id: string, cp: number): number {
    const m = this.get(id);
    return m.li.toPoint(m.om.toUtf16(cp)).line;
  }
  /** Code-point ranges of marker text in the whole source (found once per source, so a quote that cuts a marker still hides its part). */
  hidden(id: string): ReadonlyArray<readonly [number, number]> {
    const m = this.get(id);
    if (!m.hidden) m.hidden = markerRanges(m.text, this.knownLabels).map(([a, b]) => [m.om.toCp(a), m.om.toCp(b)]);
    return m.hidden;
  }
  /** The parts of [start, end) (code points) that are not marker text. */
  visible(id: string, start: number, end: number): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    let at = start;
    for (const [a, b] of this.hidden(id)) {
      if (b <= at) continue;
      if (a >= end) break;
      if (a > at) out.push([at, a]);
      at = Math.max(at, b);
    }
    if (at < end) out.push([at, end]);
    return out;
  }
  /** The quote as readers see it: [start, end) without marker text, white space folded. */
  readerText(id: string, start: number, end: number): string {
    return foldSpace(this.visible(id, start, end).map(([a, b]) => this.slice(id, a, b)).join(''));
  }
}

export interface QuoteInfo {
  readonly code: string;
  readonly coder: string;
  readonly sourceId: string;
  readonly speaker: string | null;
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly text: string;
  readonly segmentKey: string;
  readonly respondent: string;
}

export function quoteOf(pc: PreparedCoding, st: SourceText): QuoteInfo {
  const c = pc.coding;
  const text = pc.source.text ? st.readerText(pc.source.id, c.start, c.end) : cleanQuote(pc.segment?.text ?? '');
  return {
    code: c.code,
    coder: c.coder,
    sourceId: pc.source.id,
    speaker: pc.segment?.speaker ?? null,
    start: c.start,
    end: c.end,
    line: pc.source.text ? st.line(pc.source.id, c.start) : pc.segment?.line ?? 0,
    text,
    segmentKey: pc.segmentKey,
    respondent: pc.respondent,
  };
}

/** Example quotes: human-coded first, then rules/model; informative (≥ 6 words) and shortest first. */
export function pickQuotes(quotes: readonly QuoteInfo[], n: number): QuoteInfo[] {
  const rank = (q: QuoteInfo) => (isHumanCoder(q.coder) ? 0 : 1) * 2 + (wordCount(q.text) >= 6 ? 0 : 1);
  const sorted = quotes
    .filter((q) => q.text)
    .sort((a, b) => rank(a) - rank(b) || [...a.text].length - [...b.text].length || naturalCompare(a.sourceId, b.sourceId) || a.start - b.start);
  // one quote per segment (a human coding and a rule coding of the same turn are one passage)
  const seen = new Set<string>();
  return sorted.filter((q) => (seen.has(q.segmentKey) ? false : (seen.add(q.segmentKey), true))).slice(0, Math.max(0, n));
}

export function quoteCitation(q: QuoteInfo, lang: Lang): string {
  // (a coding of a CSV without source texts has no line: "line 0" named none)
  return `${q.sourceId}${q.speaker ? `, ${q.speaker}` : ''}${q.line > 0 ? `, ${tr(lang, 'line', 'regel')} ${q.line}` : ''}`;
}

// ---------------------------------------------------------------------------
// By code: the codebook appendix with counts and example quotes

export interface CodeAppendixOptions {
  readonly lang?: Lang;
  /** Full codebooks (for inclusion/exclusion criteria); codes of the document are used otherwise. */
  readonly codebooks?: readonly Codebook[];
  /** Example quotes per code (default 2). */
  readonly quotes?: number;
  readonly coders?: readonly string[];
}

export function buildCodeAppendix(doc: CodingsDocument, opts: CodeAppendixOptions = {}): AppendixDocument {
  const lang = opts.lang ?? 'en';
  const nQuotes = opts.quotes ?? 2;
  // default: the human codings when the document also holds unreviewed suggestions (they get a section of their own)
  const everyCoder = [...new Set(doc.codings.map((c) => c.coder))].sort(naturalCompare);
  const humans = everyCoder.filter(isHumanCoder);
  const automatic = everyCoder.filter((c) => !isHumanCoder(c));
  const humansOnly = !opts.coders?.length && humans.length > 0 && automatic.length > 0;
  if (humansOnly) {
    const main = buildCodeAppendix(doc, { ...opts, coders: humans });
    // the suggestions: counts and one example each (a reviewer's overview; `qda review` shows them all)
    const sugg = buildCodeAppendix(doc, { ...opts, coders: automatic, quotes: Math.min(1, nQuotes) });
    const n = doc.codings.filter((c) => !isHumanCoder(c.coder)).length;
    const heading = tr(lang, 'Suggestions (not reviewed)', 'Suggesties (niet beoordeeld)');
    const withSection: AppendixDocument = {
      ...main,
      paragraphs: [
        ...main.paragraphs,
        tr(
          lang,
          `Counts and quotes above are the human codings (${humans.join(', ')}). The ${n} suggestions by ${automatic.join(', ')} that no person has reviewed are in the last section, "${heading}".`,
          `Aantallen en citaten hierboven zijn de menselijke coderingen (${humans.join(', ')}). De ${n} suggesties van ${automatic.join(', ')} die niemand heeft beoordeeld staan in de laatste sectie, "${heading}".`,
        ),
      ],
      sections: [
        ...main.sections,
        { id: 'suggestions', heading, level: 2, paragraphs: [tr(lang, `Coders: ${automatic.join(', ')} (automatic, not reviewed); codes with suggestions only, one example each. Review them with \`qda review\`.`, `Codeurs: ${automatic.join(', ')} (automatisch, niet beoordeeld); alleen codes met suggesties, één voorbeeld per code. Beoordeel ze met \`qda review\`.`)] },
      ],
    };
    // one compact table: the codes with suggestions, their counts and one example (definitions and criteria are above)
    const rows = sugg.sections.flatMap((x) => (x.table ? x.table.rows.filter((r) => Number(r.segments) > 0) : []));
    const cols = sugg.sections.find((x) => x.table)?.table?.columns ?? [];
    return {
      ...withSection,
      sections: [
        ...withSection.sections.slice(0, -1),
        { ...withSection.sections[withSection.sections.length - 1], table: { title: heading, columns: cols.map((c) => (c.key === 'quotes' ? { ...c, label: tr(lang, 'Example', 'Voorbeeld') } : c)), rows: rows.map((r) => ({ ...r, definition: '', criteria: '' })) } },
      ],
    };
  }
  const prep = prepareDoc(doc, { coders: opts.coders });
  const tree = buildCodeTree(doc.codes, prep.codings.map((c) => c.coding.code));
  const defs = new Map<string, CodeDef>();
  for (const b of opts.codebooks ?? []) for (const c of b.codes) if (!defs.has(c.id)) defs.set(c.id, c);
  const segM = computeMatrix(doc, { cols: 'source-kind', measure: 'segments', coders: opts.coders, lang });
  const respM = computeMatrix(doc, { cols: 'source-kind', measure: 'respondents', coders: opts.coders, lang });
  const totalOf = (t: Table) => new Map(t.rows.filter((r) => r.code).map((r) => [String(r.code), Number(r.total ?? 0)]));
  const segs = totalOf(segM);
  const resp = totalOf(respM);
  const st = new SourceText(prep.sourceById, codeLabelKeys(doc.codes));
  const byCode = new Map<string, QuoteInfo[]>();
  for (const pc of prep.codings) {
    let l = byCode.get(pc.coding.code);
    if (!l) byCode.set(pc.coding.code, (l = []));
    l.push(quoteOf(pc, st));
  }
  // cross-references to other codes ("(zie new bonds)") by their name in the output language
  const allCodes = [...(opts.codebooks ?? []).flatMap((bk) => bk.codes), ...doc.codes];
  const refs = (text: string) => nameCodeReferences(text, allCodes, lang);
  const list = (v: { nl?: readonly string[]; en?: readonly string[] } | undefined) => joinClauses(((lang === 'nl' ? v?.nl ?? v?.en : v?.en ?? v?.nl) ?? []).map(refs));
  const loc = (v: { nl?: string; en?: string } | undefined) => refs((lang === 'nl' ? v?.nl ?? v?.en : v?.en ?? v?.nl) ?? '');
  const columns = [
    { key: 'code', label: 'Code' },
    { key: 'definition', label: tr(lang, 'Definition', 'Definitie') },
    { key: 'criteria', label: tr(lang, 'Inclusion / exclusion', 'Inclusie / exclusie') },
    { key: 'segments', label: tr(lang, 'Segments', 'Segmenten'), align: 'right' as const },
    { key: 'respondents', label: tr(lang, 'Respondents', 'Respondenten'), align: 'right' as const },
    { key: 'quotes', label: tr(lang, 'Example quotes', 'Voorbeeldcitaten') },
  ];
  const sections: AppendixSection[] = [];
  const roots = tree.nodes.filter((n) => n.depth === 0);
  for (const root of roots) {
    const nodes = tree.nodes.filter((n) => n.root === root.id);
    const rows: Array<Record<string, Cell>> = nodes.map((n) => {
      const def = defs.get(n.id);
      const inc = list(def?.include);
      const exc = list(def?.exclude);
      const criteria = [inc ? `${tr(lang, 'Include', 'Wel')}: ${inc}` : '', exc ? `${tr(lang, 'Exclude', 'Niet')}: ${exc}` : ''].filter(Boolean).join(' — ');
      const qs = pickQuotes(byCode.get(n.id) ?? [], nQuotes);
      return {
        code: `${'· '.repeat(n.depth)}${codeName(n.ref, n.id, lang)}${codeName(n.ref, n.id, lang) !== n.id ? ` (${n.id})` : ''}`,
        definition: loc(def?.definition ?? n.ref.definition),
        criteria,
        segments: segs.get(n.id) ?? 0,
        respondents: resp.get(n.id) ?? 0,
        quotes: qs.map((q) => `“${q.text}” (${quoteCitation(q, lang)})`).join('\n'),
      };
    });
    sections.push({
      id: `cat-${slug(root.id)}`,
      heading: codeName(root.ref, root.id, lang),
      level: 2,
      table: { title: codeName(root.ref, root.id, lang), columns, rows },
    });
  }
  const books = doc.codebooks.map((b) => `${loc(b.name) || b.id}${b.version ? ` ${b.version}` : ''}`).join('; ');
  return {
    lang,
    title: tr(lang, 'Appendix: codebook with counts and example quotes', 'Bijlage: codeboek met aantallen en voorbeeldcitaten'),
    paragraphs: [
      tr(lang, `Codebooks: ${books || '–'}. Coders: ${prep.coders.join(', ') || '–'}.`, `Codeboeken: ${books || '–'}. Codeurs: ${prep.coders.join(', ') || '–'}.`),
      tr(
        lang,
        'Segments = distinct coded segments; respondents = distinct respondents (a parent code counts its sub-codes). Example quotes: human-coded quotes first, the shortest informative ones (at least six words) first, then rule-coded ones.',
        'Segmenten = verschillende gecodeerde segmenten; respondenten = verschillende respondenten (een hoofdcode telt de subcodes mee). Voorbeeldcitaten: eerst door mensen gecodeerde citaten, de kortste informatieve (ten minste zes woorden) eerst, daarna door regels gecodeerde.',
      ),
    ],
    sections,
  };
}

/**
 * Codes with codings (of `coders`; all coders without) none of which carries text to quote (no
 * source text, no segment text, or only marker text): their example-quote column stays empty.
 * With the number of their codings, in the order of the code table.
 */
export function codesWithoutQuotes(doc: CodingsDocument, coders?: readonly string[]): Array<{ code: string; codings: number }> {
  const prep = prepareDoc(doc, { coders });
  const st = new SourceText(prep.sourceById, codeLabelKeys(doc.codes));
  const n = new Map<string, number>();
  const quoted = new Set<string>();
  for (const pc of prep.codings) {
    const code = pc.coding.code;
    n.set(code, (n.get(code) ?? 0) + 1);
    if (!quoted.has(code) && quoteOf(pc, st).text) quoted.add(code);
  }
  const order = new Map(doc.codes.map((c, i) => [c.id, i]));
  return [...n]
    .filter(([code]) => !quoted.has(code))
    .sort(([a], [b]) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity) || naturalCompare(a, b))
    .map(([code, codings]) => ({ code, codings }));
}

export function slug(s: string): string {
  return (
    s
      .normalize('NFD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'x'
  );
}

export type { Segment };
