import type { Cell, CodingsDocument, Lang, Table } from '../model/types.js';
import { isHumanCoder } from '../model/types.js';
import { buildCodeTree, codeName, codeNameBesideParent } from './hierarchy.js';
import { naturalCompare, prepareDoc, tr } from './prepare.js';
import { coderGapNotes } from './matrix.js';
import { SourceText, codeLabelKeys, formatNum, quoteAnchor, quoteOf, slug, type AppendixDocument, type AppendixSection } from './appendix.js';
import { guideQuestions, localText, mapToGuide, type Guide, type GuideMapping, type GuideMatchOptions } from './guide.js';

/**
 * The labelschema (study 001 §7, §9.4), pure: per part of the interview guide a table
 * Question → Label (the code's parent, or the code) → Sub-label (the code, when it has a
 * parent) → Respondent (with attributes) → quote anchor "first two words (…) last two words",
 * line and code-point offsets. Answers are placed under the question whose interviewer turn
 * precedes them (see guide.ts). Questions without coded answers get one "–" row; coded
 * answers before any matched question go to a last table "Not matched to a question".
 */

export interface LabelschemaOptions extends GuideMatchOptions {
  readonly lang?: Lang;
  /** Coders to include (default: the human coders when there are any, else all). */
  readonly coders?: readonly string[];
  /** Attributes shown as respondent characteristics (default: group, gender, team when present). */
  readonly attributes?: readonly string[];
  /** A mapping computed before (else computed here). */
  readonly mapping?: GuideMapping;
}

export interface LabelschemaRow {
  readonly part: string;
  readonly question: string | null;
  readonly label: string;
  readonly subLabel: string;
  readonly respondent: string;
  readonly attributes: string;
  readonly anchor: string;
  readonly sourceId: string;
  readonly line: number;
  readonly start: number;
  readonly end: number;
  readonly coders: readonly string[];
}

export interface LabelschemaResult {
  readonly rows: readonly LabelschemaRow[];
  readonly mapping: GuideMapping;
  readonly document: AppendixDocument;
  /** Per question: respondents with at least one coded answer (the Y of "X of Y"). */
  readonly answered: ReadonlyMap<string, ReadonlySet<string>>;
}

export function buildLabelschema(doc: CodingsDocument, guide: Guide, opts: LabelschemaOptions = {}): LabelschemaResult {
  const lang = opts.lang ?? 'en';
  const humans = [...new Set(doc.codings.map((c) => c.coder))].filter(isHumanCoder);
  const coders = opts.coders?.length ? opts.coders : humans.length ? humans : undefined;
  const prep = prepareDoc(doc, { coders });
  const skipped = !opts.coders?.length && humans.length ? prep.allCoders.filter((c) => !isHumanCoder(c)) : [];
  const mapping = opts.mapping ?? mapToGuide(prep.sources, doc.segments, guide, opts);
  const tree = buildCodeTree(doc.codes, prep.codings.map((c) => c.coding.code));
  const attrs = opts.attributes ?? ['group', 'gender', 'team'].filter((a) => prep.sources.some((s) => s.attributes[a]));
  const st = new SourceText(prep.sourceById, codeLabelKeys(doc.codes));
  const questions = guideQuestions(guide);
  const qIndex = new Map(questions.map((q) => [q.id, q]));

  type Key = string;
  const merged = new Map<Key, LabelschemaRow & { order: number[] }>();
  const answered = new Map<string, Set<string>>();
  for (const pc of prep.codings) {
    const seg = pc.segment;
    const qid = seg ? mapping.questionOfSegment.get(seg.id) ?? null : null;
    const q = qid ? qIndex.get(qid) : undefined;
    const node = tree.byId.get(pc.coding.code)!;
    const parent = node.parent ? tree.byId.get(node.parent) : undefined;
    const label = parent ? codeName(parent.ref, parent.id, lang) : codeName(node.ref, node.id, lang);
    const subLabel = parent ? codeNameBesideParent(node.ref, node.id, lang) : '';
    const quote = quoteOf(pc, st);
    const key = [qid ?? '', label, subLabel, pc.respondent, pc.source.id, quote.start, quote.end].join('\u0000');
    if (qid) {
      let a = answered.get(qid);
      if (!a) answered.set(qid, (a = new Set()));
      a.add(pc.respondent);
    }
    const existing = merged.get(key);
    if (existing) {
      if (!existing.coders.includes(pc.coding.coder)) (existing.coders as string[]).push(pc.coding.coder);
      continue;
    }
    merged.set(key, {
      part: q?.part.id ?? '',
      question: qid,
      label,
      subLabel,
      respondent: pc.respondent,
      attributes: attrs.map((a) => pc.source.attributes[a]).filter(Boolean).join(', '),
      anchor: quoteAnchor(quote.text),
      sourceId: pc.source.id,
      line: quote.line,
      start: quote.start,
      end: quote.end,
      coders: [pc.coding.coder],
      order: [q ? q.index : Number.MAX_SAFE_INTEGER, node ? tree.nodes.indexOf(parent ?? node) : 0, parent ? tree.nodes.indexOf(node) : -1],
    });
  }
  const rows = [...merged.values()].sort(
    (a, b) =>
      a.order[0] - b.order[0] ||
      a.order[1] - b.order[1] ||
      a.order[2] - b.order[2] ||
      naturalCompare(a.respondent, b.respondent) ||
      naturalCompare(a.sourceId, b.sourceId) ||
      a.start - b.start,
  );

  const qTitle = (id: string) => {
    const q = qIndex.get(id)!;
    const lab = localText(q.label, lang) || localText(q.text, lang);
    return `${q.number ? `${q.number}. ` : ''}${lab}`;
  };
  const columns = [
    { key: 'question', label: tr(lang, 'Question', 'Vraag (hoofdlabel)') },
    { key: 'label', label: tr(lang, 'Label', 'Label') },
    { key: 'subLabel', label: tr(lang, 'Sub-label', 'Sublabel') },
    { key: 'respondent', label: tr(lang, 'Respondent', 'Respondent') },
    { key: 'attributes', label: tr(lang, 'Characteristics', 'Kenmerken') },
    { key: 'anchor', label: tr(lang, 'Quote', 'Citaat') },
    { key: 'line', label: tr(lang, 'Line', 'Regel'), align: 'right' as const },
    { key: 'offsets', label: tr(lang, 'Offsets', 'Posities') },
  ];
  const toRow = (r: LabelschemaRow, show: { q: boolean; l: boolean; s: boolean }): Record<string, Cell> => ({
    question: show.q && r.question ? qTitle(r.question) : '',
    label: show.l ? r.label : '',
    subLabel: show.s ? r.subLabel : '',
    respondent: r.respondent,
    attributes: r.attributes,
    anchor: r.anchor,
    line: r.line,
    offsets: `${r.sourceId} [${r.start}, ${r.end})`,
  });
  const sections: AppendixSection[] = [];
  for (const part of guide.parts) {
    const tRows: Array<Record<string, Cell>> = [];
    for (const q of part.questions) {
      const qs = rows.filter((r) => r.question === q.id);
      if (!qs.length) {
        tRows.push({ question: qTitle(q.id), label: tr(lang, '(no coded answers)', '(geen gecodeerde antwoorden)'), subLabel: '', respondent: '–', attributes: '–', anchor: '–', line: null, offsets: '–' });
        continue;
      }
      let prev: LabelschemaRow | undefined;
      for (const r of qs) {
        const newL = !prev || prev.label !== r.label;
        const newS = newL || prev!.subLabel !== r.subLabel;
        tRows.push(toRow(r, { q: !prev, l: newL, s: newS }));
        prev = r;
      }
    }
    sections.push({
      id: `part-${slug(part.id)}`,
      heading: localText(part.title, lang) || part.id,
      level: 2,
      table: { title: localText(part.title, lang) || part.id, columns, rows: tRows },
    });
  }
  const unmatched = rows.filter((r) => r.question === null);
  if (unmatched.length) {
    let prev: LabelschemaRow | undefined;
    const tRows = unmatched.map((r) => {
      const newL = !prev || prev.label !== r.label;
      const row = toRow(r, { q: false, l: newL, s: newL || prev!.subLabel !== r.subLabel });
      prev = r;
      return row;
    });
    sections.push({
      id: 'part-unmatched',
      heading: tr(lang, 'Not matched to a question', 'Niet aan een vraag gekoppeld'),
      level: 2,
      paragraphs: [tr(lang, 'Coded passages before the first recognised guide question, or in sources without interviewer turns (observations, documents).', 'Gecodeerde passages vóór de eerste herkende vraag uit de topiclijst, of in bronnen zonder interviewer (observaties, documenten).')],
      table: { title: tr(lang, 'Other', 'Overig'), columns, rows: tRows },
    });
  }
  const matched = mapping.interviewerTurns.filter((t) => t.question).length;
  const document: AppendixDocument = {
    lang,
    title: tr(lang, `Appendix: labelschema per interview question (${localText(guide.title, lang) || guide.id})`, `Bijlage: labelschema per interviewvraag (${localText(guide.title, lang) || guide.id})`),
    paragraphs: [
      tr(
        lang,
        `Answers are placed under the guide question the interviewer asked before them: ${matched} of ${mapping.interviewerTurns.length} interviewer turns were matched to a guide question (fuzzy matching on stemmed words, threshold ${formatNum(mapping.threshold, lang)}); unmatched turns are follow-up questions and keep the answers with the question before.`,
        `Antwoorden staan onder de vraag uit de topiclijst die de interviewer ervoor stelde: ${matched} van de ${mapping.interviewerTurns.length} beurten van de interviewer zijn aan een vraag gekoppeld (fuzzy matching op gestemde woorden, drempel ${formatNum(mapping.threshold, lang)}); niet gekoppelde beurten zijn doorvragen en laten de antwoorden bij de vraag ervoor.`,
      ),
      tr(
        lang,
        `Coders: ${prep.coders.join(', ') || '–'}${skipped.length ? ` (human codings only; suggestions by ${skipped.join(', ')} are not shown)` : ''}. Quote = first two words (…) last two words of the coded passage; line = line in the source file; offsets in code points, half-open.`,
        `Codeurs: ${prep.coders.join(', ') || '–'}${skipped.length ? ` (alleen menselijke coderingen; suggesties van ${skipped.join(', ')} staan er niet in)` : ''}. Citaat = eerste twee woorden (…) laatste twee woorden van de gecodeerde passage; regel = regel in het bronbestand; posities in code points, halfopen.`,
      ),
      // (the sources the counted coders did not code, which have no row here)
      ...coderGapNotes(prep, lang),
    ],
    sections,
  };
  return { rows: rows.map(({ order: _o, ...r }) => r), mapping, document, answered };
}
