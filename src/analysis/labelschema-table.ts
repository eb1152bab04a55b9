import type { Cell, Coding, Column, CodingsDocument, Diagnostic, Lang, Table } from '../model/types.js';
import { isHumanCoder } from '../model/types.js';
import { cpSlice } from '../model/codepoints.js';
import { buildCodeTree, codeName, codeNameBesideParent } from './hierarchy.js';
import { cleanQuote, quoteAnchor, slug, type AppendixDocument, type AppendixSection } from './appendix.js';
import { ambiguousWarning, guideQuestions, localText, questionKey, type Guide } from './guide.js';
import { questionAttribute } from './compare-within.js';
import { naturalCompare, prepareDoc, tr, type PreparedCoding } from './prepare.js';

/**
 * The labelschema straight from a codings table (pure): one row per quote with respondent
 * (`source`), `question`, `code` (the label), optional `sublabel` (or the code's `parent`: then the
 * parent is the label and the code the sub-label), optional `subsublabel`, `text` (the quote),
 * optional `page`, and attribute columns (the respondent's characteristics, "Kenmerken").
 * No transcripts are needed: the question is the coding's own attribute.
 *
 * Layout as in study 001 (Bijlage 7/8): per group (when the codings carry a group attribute with
 * two or more values) and per part of the guide (or of a `part` column) one table
 *   Question (hoofdlabel) | Label | Sub-label | [Sub-sub-label] | Respondent | [Kenmerken] | Quote | [Page]
 * rows grouped question → label → sub-label, respondents in natural order; a respondent's several
 * quotes under one label share a row. Questions come in the order of the guide, else of their
 * first appearance in the table. Columns that would be empty in a group (no Kenmerken, no pages)
 * are left out of that group's tables.
 */

export interface TableLabelschemaOptions {
  readonly lang?: Lang;
  /** Orders the questions and gives their parts (optional). */
  readonly guide?: Guide;
  /** Coders to include (default: the human coders when there are any, else all). */
  readonly coders?: readonly string[];
  /** One labelschema per value of this attribute (default: `group`/`groep` when it has ≥ 2 values; null: none). */
  readonly group?: string | null;
  /** Attributes shown as Kenmerken (default: a `kenmerken` column, else every source attribute not used otherwise). */
  readonly attributes?: readonly string[];
  /** The codings file and the guide file as shown, named by the diagnostics. */
  readonly codingsFile?: string;
  readonly guideFile?: string;
  /** Where a coding stands in the codings file (its line, or JSON path), for the diagnostics. */
  readonly placeOf?: (c: Coding) => { readonly line?: number; readonly path?: string } | undefined;
}

export interface TableLabelschemaRow {
  readonly group: string | null;
  readonly part: string;
  readonly question: string;
  readonly label: string;
  readonly subLabel: string;
  readonly subSubLabel: string;
  readonly respondent: string;
  readonly attributes: string;
  readonly quotes: readonly string[];
  readonly pages: readonly string[];
  readonly coders: readonly string[];
}

export interface TableLabelschemaResult {
  readonly rows: readonly TableLabelschemaRow[];
  readonly document: AppendixDocument;
  /** Per group (key "" without groups) and question: respondents with at least one coding (the Y of "X of Y"). */
  readonly answered: ReadonlyMap<string, ReadonlyMap<string, ReadonlySet<string>>>;
  readonly warnings: readonly Diagnostic[];
}

const SUBLABEL = ['sublabel', 'sub-label', 'sub_label', 'subcode'];
const SUBSUBLABEL = ['subsublabel', 'sub-sub-label', 'sub_sub_label'];
const PAGE = ['page', 'pagina', 'p'];
const PART = ['part', 'fragment', 'deel', 'factor', 'topic', 'thema'];
const KENMERKEN = ['kenmerken', 'characteristics'];
const GROUP = ['group', 'groep'];

function findKey(keys: Iterable<string>, names: readonly string[]): string | undefined {
  for (const k of keys) if (names.includes(k.toLowerCase())) return k;
  return undefined;
}

const norm = questionKey;

/**
 * A function giving each question value of a codings table its guide question (id and position):
 * matched on the question's id, number, label or text in either language, "N. label", or a leading
 * number ("12b. Actiepunten" → number 12b).
 */
export function guideRank(guide: Guide): (value: string) => { id: string; index: number; part: string } | undefined {
  const qs = guideQuestions(guide);
  const exact = new Map<string, (typeof qs)[number]>();
  const byNumber = new Map<string, (typeof qs)[number]>();
  for (const q of qs) {
    const names = [q.id, q.number, q.label?.nl, q.label?.en, q.text.nl, q.text.en];
    for (const l of [q.label?.nl, q.label?.en]) if (q.number && l) names.push(`${q.number}. ${l}`, `${q.number} ${l}`);
    for (const n of names) if (n && !exact.has(norm(n))) exact.set(norm(n), q);
    if (q.number) byNumber.set(norm(q.number), q);
  }
  return (value: string) => {
    const q = exact.get(norm(value)) ?? byNumber.get(norm(/^\s*(\d+[a-z]?)\b/i.exec(value)?.[1] ?? '\u0000'));
    return q ? { id: q.id, index: q.index, part: localText(q.part.title, guide.language ?? 'nl') || q.part.id } : undefined;
  };
}

/**
 * The guide's questions a question value could name when two or more questions share it (a number,
 * label or text written twice in the guide: "1" for two questions): guideRank takes the first, so
 * the codings of the other are counted under it. Each such value with those questions, for a warning.
 */
export function guideAmbiguity(guide: Guide): (value: string) => string[] | undefined {
  const qs = guideQuestions(guide);
  type Q = (typeof qs)[number];
  const exact = new Map<string, Set<Q>>();
  const byNumber = new Map<string, Set<Q>>();
  const add = (m: Map<string, Set<Q>>, k: string, q: Q) => (m.get(k) ?? m.set(k, new Set()).get(k)!).add(q);
  for (const q of qs) {
    const names = [q.id, q.number, q.label?.nl, q.label?.en, q.text.nl, q.text.en];
    for (const l of [q.label?.nl, q.label?.en]) if (q.number && l) names.push(`${q.number}. ${l}`, `${q.number} ${l}`);
    for (const n of names) if (n) add(exact, norm(n), q);
    if (q.number) add(byNumber, norm(q.number), q);
  }
  const lang = guide.language ?? 'nl';
  return (value: string) => {
    const hit = exact.get(norm(value)) ?? byNumber.get(norm(/^\s*(\d+[a-z]?)\b/i.exec(value)?.[1] ?? '\u0000'));
    if (!hit || hit.size < 2) return undefined;
    return [...hit].map((q) => `${q.id} (${q.number ? `${q.number}. ` : ''}${localText(q.label, lang) || localText(q.text, lang)})`);
  };
}

/** The quote cell: an anchor already written as one (with "(…)") is kept; other text becomes the anchor. */
function anchorOf(text: string): string {
  const t = cleanQuote(text);
  // empty, or a dash the table uses for "no quote"
  if (!t || /^[-–—]$/.test(t)) return '–';
  if (/\((?:…|\.\.\.?|…0)\)/.test(t)) return `“${t.replace(/^[“"‘'„]+|[”"’']+$/g, '')}”`;
  return quoteAnchor(t);
}

export function buildTableLabelschema(doc: CodingsDocument, opts: TableLabelschemaOptions = {}): TableLabelschemaResult {
  const lang = opts.lang ?? 'en';
  const humans = [...new Set(doc.codings.map((c) => c.coder))].filter(isHumanCoder);
  const coders = opts.coders?.length ? opts.coders : humans.length ? humans : undefined;
  const prep = prepareDoc(doc, { coders });
  const warnings: Diagnostic[] = [];
  const qAttr = questionAttribute(doc);
  const keys = new Set<string>();
  for (const c of doc.codings) for (const k of Object.keys(c.attributes ?? {})) keys.add(k);
  for (const s of prep.sources) for (const k of Object.keys(s.attributes)) keys.add(k);
  const subKey = findKey(keys, SUBLABEL);
  const subSubKey = findKey(keys, SUBSUBLABEL);
  const pageKey = findKey(keys, PAGE);
  const partKey = findKey(keys, PART);
  const kenKey = findKey(keys, KENMERKEN);
  // a lone dash is how a labelschema writes an empty cell
  const attrOf = (pc: PreparedCoding, k: string | undefined) => (k ? (pc.coding.attributes?.[k] ?? pc.source.attributes[k] ?? '').trim().replace(/^[-–—]$/, '') : '');

  // groups
  let groupKey: string | undefined;
  if (opts.group === null) groupKey = undefined;
  else if (opts.group) {
    groupKey = [...keys].find((k) => k === opts.group) ?? [...keys].find((k) => k.toLowerCase() === opts.group!.toLowerCase());
    if (!groupKey) {
      warnings.push({ severity: 'warning', source: 'analysis', ruleId: 'unknown-group-attribute', ...(opts.codingsFile ? { file: opts.codingsFile } : {}), message: `no coding or source has the attribute "${opts.group}"; one labelschema for all`, expected: [...keys].sort(naturalCompare), hint: 'give --group with one of the attributes listed' });
    }
  } else {
    const k = findKey(keys, GROUP);
    if (k && new Set(prep.codings.map((pc) => attrOf(pc, k))).size >= 2) groupKey = k;
  }
  const used = new Set([qAttr, subKey, subSubKey, pageKey, partKey, groupKey].filter((x): x is string => !!x));
  const kenAttrs = opts.attributes ?? (kenKey ? [kenKey] : [...new Set(prep.sources.flatMap((s) => Object.keys(s.attributes)))].filter((k) => !used.has(k)).sort(naturalCompare));

  const tree = buildCodeTree(doc.codes, prep.codings.map((c) => c.coding.code));
  const treeIndex = new Map(tree.nodes.map((n, i) => [n.id, i]));
  const rank = opts.guide ? guideRank(opts.guide) : undefined;
  const noQuestion = tr(lang, '(no question)', '(geen vraag)');

  // question order: guide order, then first appearance
  const firstSeen = new Map<string, number>();
  const info = new Map<string, { index: number; part: string; guideId?: string }>();
  const unmatched: Array<{ q: string; at?: { readonly line?: number; readonly path?: string } }> = [];
  for (const pc of prep.codings) {
    const q = attrOf(pc, qAttr) || noQuestion;
    if (firstSeen.has(q)) continue;
    firstSeen.set(q, firstSeen.size);
    const g = rank && q !== noQuestion ? rank(q) : undefined;
    if (rank && !g && q !== noQuestion) unmatched.push({ q, at: opts.placeOf?.(pc.coding) });
    info.set(q, g ? { index: g.index, part: g.part, guideId: g.id } : { index: Number.MAX_SAFE_INTEGER, part: attrOf(pc, partKey) });
  }
  if (unmatched.length) {
    warnings.push({
      severity: 'warning',
      source: 'analysis',
      ruleId: 'question-not-in-guide',
      message: `${unmatched.length} question value(s) of the codings are not in the guide${opts.guideFile ? ` (${opts.guideFile})` : ''}; they follow the guide's questions: ${unmatched
        .slice(0, 8)
        .map((u) => `"${u.q}"${u.at?.line !== undefined ? ` (first on line ${u.at.line})` : u.at?.path !== undefined ? ` (first at ${u.at.path})` : ''}`)
        .join(', ')}${unmatched.length > 8 ? ', …' : ''}`,
      ...(opts.codingsFile ? { file: opts.codingsFile } : {}),
      ...(opts.codingsFile && unmatched[0].at?.line !== undefined ? { line: unmatched[0].at.line } : opts.codingsFile && unmatched[0].at?.path !== undefined ? { path: unmatched[0].at.path } : {}),
      hint: "write the question as in the guide (its id, number, label, or 'number. label')",
    });
  }
  // a value that names two or more questions of the guide (a number written twice) is counted
  // under the first: said with the questions it could name
  if (opts.guide) {
    const amb = guideAmbiguity(opts.guide);
    const hits: Array<{ q: string; qs: string[]; at?: { readonly line?: number; readonly path?: string } }> = [];
    const firstCoding = new Map<string, PreparedCoding>();
    for (const pc of prep.codings) {
      const q = attrOf(pc, qAttr) || noQuestion;
      if (!firstCoding.has(q)) firstCoding.set(q, pc);
    }
    for (const q of firstSeen.keys()) {
      const qs = q === noQuestion ? undefined : amb(q);
      if (qs) hits.push({ q, qs, at: opts.placeOf?.(firstCoding.get(q)!.coding) });
    }
    const w = ambiguousWarning(hits, opts.guideFile, opts.codingsFile);
    if (w) warnings.push(w);
  }
  const qOrder = (q: string) => [info.get(q)?.index ?? Number.MAX_SAFE_INTEGER, q === noQuestion ? 1 : 0, firstSeen.get(q) ?? 0];

  // rows: (group, question, label, sublabel, subsublabel, respondent) → quotes
  const merged = new Map<string, TableLabelschemaRow & { order: number[] }>();
  const answered = new Map<string, Map<string, Set<string>>>();
  for (const pc of prep.codings) {
    const group = groupKey ? attrOf(pc, groupKey) || tr(lang, `(no ${groupKey})`, `(geen ${groupKey})`) : null;
    const question = attrOf(pc, qAttr) || noQuestion;
    const node = tree.byId.get(pc.coding.code)!;
    const parent = node.parent ? tree.byId.get(node.parent) : undefined;
    const own = attrOf(pc, subKey);
    const label = own || !parent ? codeName(node.ref, node.id, lang) : codeName(parent.ref, parent.id, lang);
    const subLabel = own || (parent ? codeNameBesideParent(node.ref, node.id, lang) : '');
    const subSubLabel = attrOf(pc, subSubKey);
    const key = [group ?? '', question, label, subLabel, subSubLabel, pc.respondent].join('\u0000');
    let a = answered.get(group ?? '');
    if (!a) answered.set(group ?? '', (a = new Map()));
    let qs = a.get(question);
    if (!qs) a.set(question, (qs = new Set()));
    qs.add(pc.respondent);
    const quote = anchorOf(pc.source.text && pc.coding.end > pc.coding.start ? cpSlice(pc.source.text, pc.coding.start, pc.coding.end) : pc.segment?.text ?? '');
    const page = attrOf(pc, pageKey);
    const row = merged.get(key);
    if (row) {
      if (quote !== '–' && !row.quotes.includes(quote)) (row.quotes as string[]).push(quote);
      if (page && !row.pages.includes(page)) (row.pages as string[]).push(page);
      if (!row.coders.includes(pc.coding.coder)) (row.coders as string[]).push(pc.coding.coder);
      continue;
    }
    const kenmerken = kenAttrs.map((k) => attrOf(pc, k)).filter(Boolean).join(', ');
    merged.set(key, {
      group,
      part: info.get(question)?.part ?? '',
      question,
      label,
      subLabel,
      subSubLabel,
      respondent: pc.respondent,
      attributes: kenmerken,
      quotes: quote === '–' ? [] : [quote],
      pages: page ? [page] : [],
      coders: [pc.coding.coder],
      order: [...qOrder(question), treeIndex.get((own || !parent ? node : parent).id) ?? 0, own ? 0 : parent ? treeIndex.get(node.id) ?? 0 : -1],
    });
  }
  // sub-labels given in a column: in order of first appearance within their label
  const subFirst = new Map<string, number>();
  for (const r of merged.values()) {
    const k = [r.group, r.question, r.label, r.subLabel].join('\u0000');
    if (!subFirst.has(k)) subFirst.set(k, subFirst.size);
  }
  const rows = [...merged.values()].sort(
    (a, b) =>
      naturalCompare(a.group ?? '', b.group ?? '') ||
      a.order[0] - b.order[0] ||
      a.order[1] - b.order[1] ||
      a.order[2] - b.order[2] ||
      a.order[3] - b.order[3] ||
      a.order[4] - b.order[4] ||
      subFirst.get([a.group, a.question, a.label, a.subLabel].join('\u0000'))! - subFirst.get([b.group, b.question, b.label, b.subLabel].join('\u0000'))! ||
      naturalCompare(a.subSubLabel, b.subSubLabel) ||
      naturalCompare(a.respondent, b.respondent),
  );

  // tables: per group, per part
  const sections: AppendixSection[] = [];
  const groups = groupKey ? [...new Set(rows.map((r) => r.group!))].sort(naturalCompare) : [null];
  const guideQs = opts.guide ? guideQuestions(opts.guide) : [];
  for (const group of groups) {
    const gRows = rows.filter((r) => r.group === group);
    const hasKen = gRows.some((r) => r.attributes);
    const hasPage = gRows.some((r) => r.pages.length);
    const hasSubSub = gRows.some((r) => r.subSubLabel);
    const columns: Column[] = [
      { key: 'question', label: tr(lang, 'Question (main label)', 'Vraag (hoofdlabel)') },
      { key: 'label', label: tr(lang, 'Label', 'Label') },
      { key: 'subLabel', label: tr(lang, 'Sub-label', 'Sublabel') },
      ...(hasSubSub ? [{ key: 'subSubLabel', label: tr(lang, 'Sub-sub-label', 'Sub-sublabel') }] : []),
      { key: 'respondent', label: tr(lang, 'Respondent', 'Respondent') },
      ...(hasKen ? [{ key: 'attributes', label: tr(lang, 'Characteristics', 'Kenmerken') }] : []),
      { key: 'quote', label: tr(lang, 'Quote', 'Citaat') },
      ...(hasPage ? [{ key: 'page', label: tr(lang, 'Page', 'Pagina'), align: 'right' as const }] : []),
    ];
    // parts in order of their first question
    const parts: string[] = [];
    for (const r of gRows) if (!parts.includes(r.part)) parts.push(r.part);
    if (opts.guide) for (const q of guideQs) { const p = localText(q.part.title, opts.guide.language ?? 'nl') || q.part.id; if (!parts.includes(p)) parts.push(p); }
    const partOrder = (p: string) => {
      const i = guideQs.findIndex((q) => (localText(q.part.title, opts.guide?.language ?? 'nl') || q.part.id) === p);
      return i < 0 ? Number.MAX_SAFE_INTEGER : i;
    };
    const orderedParts = opts.guide ? [...parts].sort((a, b) => partOrder(a) - partOrder(b) || parts.indexOf(a) - parts.indexOf(b)) : parts;
    for (const part of orderedParts) {
      const pRows = gRows.filter((r) => r.part === part);
      const tRows: Array<Record<string, Cell>> = [];
      // guide questions of this part without coded answers (in this group)
      const pQuestions = [...new Set(pRows.map((r) => r.question))];
      const missing = guideQs.filter((q) => (localText(q.part.title, opts.guide?.language ?? 'nl') || q.part.id) === part && !pQuestions.some((v) => info.get(v)?.guideId === q.id));
      let prev: TableLabelschemaRow | undefined;
      const emitMissingBefore = (index: number) => {
        while (missing.length && missing[0].index < index) {
          const q = missing.shift()!;
          const title = `${q.number ? `${q.number}. ` : ''}${localText(q.label, lang) || localText(q.text, lang)}`;
          const empty: Record<string, Cell> = { question: title, label: tr(lang, '(no coded answers)', '(geen gecodeerde antwoorden)'), subLabel: '', respondent: '–', quote: '–' };
          if (hasSubSub) empty.subSubLabel = '';
          if (hasKen) empty.attributes = '–';
          if (hasPage) empty.page = '–';
          tRows.push(empty);
        }
      };
      for (const r of pRows) {
        const newQ = !prev || prev.question !== r.question;
        if (newQ) emitMissingBefore(info.get(r.question)?.index ?? Number.MAX_SAFE_INTEGER);
        const newL = newQ || prev!.label !== r.label;
        const newS = newL || prev!.subLabel !== r.subLabel;
        const row: Record<string, Cell> = {
          question: newQ ? r.question : '',
          label: newL ? r.label : '',
          subLabel: newS ? r.subLabel : '',
          respondent: r.respondent,
          quote: r.quotes.length ? r.quotes.join('\n') : '–',
        };
        if (hasSubSub) row.subSubLabel = newS || prev!.subSubLabel !== r.subSubLabel ? r.subSubLabel : '';
        if (hasKen) row.attributes = r.attributes || '–';
        if (hasPage) row.page = r.pages.join(', ') || '–';
        tRows.push(row);
        prev = r;
      }
      emitMissingBefore(Number.MAX_SAFE_INTEGER);
      if (!tRows.length) continue;
      const title = part || tr(lang, 'Labelschema', 'Labelschema');
      const heading = group !== null && !part ? group : title;
      sections.push({
        id: `${group !== null ? `${slug(group)}-` : ''}part-${slug(part || 'all')}`,
        heading,
        level: group !== null && part ? 3 : 2,
        table: { title, columns, rows: tRows },
      });
    }
    if (group !== null && orderedParts.some((p) => p)) {
      // a heading per group above its parts
      const first = sections.findIndex((s) => s.id.startsWith(`${slug(group)}-part-`));
      sections.splice(first, 0, { id: `group-${slug(group)}`, heading: group, level: 2 });
    }
  }
  const nQuestions = firstSeen.size;
  const document: AppendixDocument = {
    lang,
    title: tr(lang, 'Appendix: labelschema per interview question', 'Bijlage: labelschema per interviewvraag'),
    paragraphs: [
      tr(
        lang,
        `From the codings table: ${rows.length} rows, ${nQuestions} questions${groupKey ? `, per ${groupKey}` : ''}; questions in ${opts.guide ? 'the order of the guide' : 'order of first appearance'}. Label = the code${subKey ? `, sub-label = the "${subKey}" column` : ' (with a parent: the parent, and the code is the sub-label)'}; a respondent's quotes under one label share a row.`,
        `Uit de coderingstabel: ${rows.length} rijen, ${nQuestions} vragen${groupKey ? `, per ${groupKey}` : ''}; vragen in ${opts.guide ? 'de volgorde van de topiclijst' : 'volgorde van eerste voorkomen'}. Label = de code${subKey ? `, sublabel = de kolom "${subKey}"` : ' (met een ouder: de ouder, en de code is het sublabel)'}; de citaten van één respondent onder één label staan in één rij.`,
      ),
      tr(
        lang,
        `Coders: ${prep.coders.join(', ') || '–'}${!opts.coders?.length && humans.length && humans.length < prep.allCoders.length ? ` (human codings only; suggestions by ${prep.allCoders.filter((c) => !isHumanCoder(c)).join(', ')} are not shown)` : ''}. Quote = first two words (…) last two words, or the anchor as written in the table.`,
        `Codeurs: ${prep.coders.join(', ') || '–'}${!opts.coders?.length && humans.length && humans.length < prep.allCoders.length ? ` (alleen menselijke coderingen; suggesties van ${prep.allCoders.filter((c) => !isHumanCoder(c)).join(', ')} staan er niet in)` : ''}. Citaat = eerste twee woorden (…) laatste twee woorden, of het anker zoals het in de tabel staat.`,
      ),
    ],
    sections,
  };
  return { rows: rows.map(({ order: _o, ...r }) => r), document, answered, warnings };
}

export type { Table };
