import type { Cell, CodingsDocument, Column, Lang, Source, SourceKind, Table } from '../model/types.js';
import { compareGroups, fisherCell, type CompareResult } from './compare.js';
import { groupValue } from './prepare.js';
import { percentOf } from '../model/percent.js';

/**
 * Pure helpers around the results skeleton that choose which sources are compared.
 *
 * - `interviewDoc`: the document restricted to interview sources (transcripts and surveys), so
 *   group comparisons, the skeleton and saturation speak about respondents only.
 * - `saidVsSeen`: "said vs observed" (espoused theory vs theory-in-use, Argyris & Schön): per code
 *   the share of interviewees who mention it against the share of observation notes in which it
 *   was coded, from compareGroups with `by: 'source-kind'` (interviews and observation notes as
 *   the two groups; every note counts as one unit; documents as a separate column).
 */

const INTERVIEW: readonly SourceKind[] = ['transcript', 'survey'];

export const isInterview = (s: Pick<Source, 'kind'>): boolean => INTERVIEW.includes(s.kind);

function restrict(doc: CodingsDocument, keep: (s: Source) => boolean, map: (s: Source) => Source = (s) => s): CodingsDocument {
  const sources = doc.sources.filter(keep).map(map);
  const ids = new Set(sources.map((s) => s.id));
  const perNote = new Set(sources.filter((s) => s.kind !== 'transcript').map((s) => s.id));
  // codings (and segments) of a source the document does not hold are counted by every analysis
  // as those of a transcript of their own (prepareDoc; the reader says so): kept where a
  // transcript is kept (they were dropped from the comparison and the skeleton without a word)
  const all = new Set(doc.sources.map((s) => s.id));
  const strayKept = keep({ kind: 'transcript' } as Source);
  const kept = (src: string) => ids.has(src) || (strayKept && !all.has(src));
  return {
    ...doc,
    sources,
    // a note or document is one unit: no speakers (a meeting's speakers are not respondents)
    segments: doc.segments.filter((g) => kept(g.sourceId)).map((g) => (perNote.has(g.sourceId) && g.speaker ? { ...g, speaker: null } : g)),
    codings: doc.codings.filter((c) => kept(c.sourceId)),
  };
}

/** True when the document mixes interview sources with other kinds (notes, documents). */
export function hasMixedKinds(doc: CodingsDocument): boolean {
  return doc.sources.some(isInterview) && doc.sources.some((s) => !isInterview(s));
}

/** The document with interview sources only (transcripts, surveys); unchanged when it has none. */
export function interviewDoc(doc: CodingsDocument): CodingsDocument {
  if (!doc.sources.some(isInterview)) return doc;
  return restrict(doc, isInterview);
}

export interface SaidSeenSide {
  readonly count: number;
  readonly of: number;
}

export interface SaidSeenRow {
  readonly code: string;
  readonly name: string;
  readonly depth: number;
  readonly label: string;
  /** Interviewees mentioning the code / interviewees. */
  readonly said: SaidSeenSide;
  /** Observation notes in which the code is coded / observation notes. */
  readonly seen: SaidSeenSide;
  readonly documents?: SaidSeenSide;
  /** share(said) − share(seen) in percentage points (compareGroups' difference). */
  readonly difference: number;
  readonly p: number | null;
  readonly flag: boolean;
}

export interface SaidSeen {
  readonly interviews: number;
  readonly observations: number;
  readonly documents: number;
  readonly rows: readonly SaidSeenRow[];
  /** Sentences for flagged codes (depth ≤ maxDepth): first "seen more than said", then "said more than seen". */
  readonly sentences: readonly { readonly code: string; readonly direction: 'seen' | 'said'; readonly text: string }[];
  readonly table: Table;
  /** The compareGroups result the numbers come from (interviews vs observation notes). */
  readonly compare: CompareResult;
}

export interface SaidSeenOptions {
  readonly lang?: Lang;
  /** Only codings by these coders (default: all). */
  readonly coders?: readonly string[];
  readonly codebooks?: Parameters<typeof compareGroups>[1]['codebooks'];
  readonly minDifference?: number;
  readonly minRespondents?: number;
  /** Deepest code level for sentences (default 1). */
  readonly maxDepth?: number;
}

const pct = (n: number, of: number, lang: Lang) => `${String(percentOf(n, of, 0) ?? 0).replace('.', lang === 'nl' ? ',' : '.')}%`;

/** Said (interviews) vs observed (observation notes); undefined without both kinds. */
export function saidVsSeen(doc: CodingsDocument, opts: SaidSeenOptions = {}): SaidSeen | undefined {
  const lang = opts.lang ?? 'en';
  const nl = lang === 'nl';
  if (!doc.sources.some(isInterview) || !doc.sources.some((s) => s.kind === 'observation')) return undefined;
  // surveys count as interviews; every observation note / document is its own unit (case = source id)
  const unit = (s: Source): Source => (isInterview(s) ? (s.kind === 'survey' ? { ...s, kind: 'transcript' } : s) : { ...s, case: `${s.kind}:${s.id}` });
  const pairDoc = restrict(doc, (s) => isInterview(s) || s.kind === 'observation', unit);
  const cmpOpts = { by: 'source-kind', lang, codebooks: opts.codebooks, minDifference: opts.minDifference, minRespondents: opts.minRespondents, coders: opts.coders };
  const pair = compareGroups(pairDoc, cmpOpts);
  const saidLabel = groupValue(pairDoc.sources.find(isInterview)!, { kind: 'source-kind' }, lang);
  const said = pair.groups.findIndex((g) => g.group === saidLabel);
  const seen = 1 - said;
  const hasDocs = doc.sources.some((s) => s.kind === 'document');
  const docCmp = hasDocs ? compareGroups(restrict(doc, (s) => s.kind === 'document', unit), cmpOpts) : undefined;
  const docRow = new Map(docCmp?.codes.map((c) => [c.code, c.groups[0]]) ?? []);
  const labels = new Map(pair.tables[0].rows.map((r) => [String(r.code), String(r.label ?? r.code)]));
  const rows: SaidSeenRow[] = [];
  for (const c of pair.codes) {
    const a = c.groups[said];
    const b = c.groups[seen];
    const d = docRow.get(c.code);
    if (!a.respondents && !b.respondents && !d?.respondents) continue;
    rows.push({
      code: c.code,
      name: c.name,
      depth: c.depth,
      label: labels.get(c.code) ?? c.name,
      said: { count: a.respondents, of: a.of },
      seen: { count: b.respondents, of: b.of },
      ...(docCmp ? { documents: { count: d?.respondents ?? 0, of: docCmp.groups[0]?.respondents ?? 0 } } : {}),
      difference: said === 0 ? c.difference : -c.difference,
      p: c.p,
      flag: c.flag,
    });
  }
  const I = pair.groups[said].respondents;
  const O = pair.groups[seen].respondents;
  const D = docCmp?.groups[0]?.respondents ?? 0;
  const maxDepth = opts.maxDepth ?? 1;
  const sideSaid = (n: number) => (n === I ? (I === 2 ? (nl ? 'beide geïnterviewden' : 'both interviewees') : nl ? `alle ${I} geïnterviewden` : `all ${I} interviewees`) : n === 0 ? (nl ? `geen van de ${I} geïnterviewden` : `none of the ${I} interviewees`) : nl ? `${n} van de ${I} geïnterviewden (${pct(n, I, nl ? 'nl' : 'en')})` : `${n} of the ${I} interviewees (${pct(n, I, nl ? 'nl' : 'en')})`);
  const sideSeen = (n: number) =>
    n === O
      ? O === 2 ? (nl ? 'beide observatieverslagen' : 'both observation notes') : nl ? `alle ${O} observatieverslagen` : `all ${O} observation notes`
      : n === 0 ? (nl ? `geen van de ${O} observatieverslagen` : `none of the ${O} observation notes`) : nl ? `${n} van de ${O} observatieverslagen (${pct(n, O, nl ? 'nl' : 'en')})` : `${n} of the ${O} observation notes (${pct(n, O, nl ? 'nl' : 'en')})`;
  const sentences: Array<{ code: string; direction: 'seen' | 'said'; text: string }> = [];
  for (const dir of ['seen', 'said'] as const) {
    for (const r of rows) {
      if (!r.flag || r.depth > maxDepth || (dir === 'seen' ? r.difference >= 0 : r.difference <= 0)) continue;
      const text =
        dir === 'seen'
          ? nl
            ? `${r.name} is gecodeerd in ${sideSeen(r.seen.count)}, maar wordt genoemd door ${sideSaid(r.said.count)}.`
            : `${r.name} is coded in ${sideSeen(r.seen.count)}, but mentioned by ${sideSaid(r.said.count)}.`
          : nl
            ? `${r.name} wordt genoemd door ${sideSaid(r.said.count)}, maar is gecodeerd in ${sideSeen(r.seen.count)}.`
            : `${r.name} is mentioned by ${sideSaid(r.said.count)}, but coded in ${sideSeen(r.seen.count)}.`;
      sentences.push({ code: r.code, direction: dir, text });
    }
  }
  const t = (en: string, nlText: string) => (nl ? nlText : en);
  const columns: Column[] = [
    { key: 'code', label: 'Code' },
    { key: 'label', label: t('Name', 'Naam') },
    { key: 'said', label: t(`Interviews: respondents (N=${I})`, `Interviews: respondenten (N=${I})`), align: 'right' },
    { key: 'saidShare', label: t('Interviews: %', 'Interviews: %'), align: 'right', heat: true },
    { key: 'seen', label: t(`Observation notes (N=${O})`, `Observatieverslagen (N=${O})`), align: 'right' },
    { key: 'seenShare', label: t('Observation notes: %', 'Observatieverslagen: %'), align: 'right', heat: true },
    { key: 'difference', label: t('Difference said − observed (pp)', 'Verschil gezegd − gezien (pp)'), align: 'right' },
    { key: 'p', label: 'Fisher p', align: 'right' },
    { key: 'flag', label: t('Notable', 'Opvallend') },
    ...(docCmp ? [{ key: 'documents', label: t(`Documents (N=${D})`, `Documenten (N=${D})`), align: 'right' as const }] : []),
  ];
  const share = (s: SaidSeenSide) => percentOf(s.count, s.of, 1) ?? 0;
  const tableRows = rows.map((r) => {
    const row: Record<string, Cell> = {
      code: r.code,
      label: r.label,
      said: r.said.count,
      saidShare: share(r.said),
      seen: r.seen.count,
      seenShare: share(r.seen),
      difference: r.difference,
      p: fisherCell(r.p, lang),
      flag: r.flag ? t('yes', 'ja') : '',
    };
    if (r.documents) row.documents = r.documents.count;
    return row;
  });
  const table: Table = {
    title: t('Said vs. observed: interviews and observation notes per code', 'Gezegd vs. gezien: interviews en observatieverslagen per code'),
    columns,
    rows: tableRows,
    notes: [
      t(
        `Interviews: respondents of ${I} interviews who mention the code (espoused theory); observation notes: notes (${O}) in which the code was coded (theory-in-use; Argyris & Schön, 1978). Each note counts once, whoever speaks in it.${docCmp ? ` Documents (${D}) are shown for reference and not tested.` : ''}`,
        `Interviews: respondenten (${I}) die de code noemen (beleden theorie, espoused theory); observatieverslagen: verslagen (${O}) waarin de code is gecodeerd (theory-in-use; Argyris & Schön, 1978). Elk verslag telt één keer, wie er ook spreekt.${docCmp ? ` Documenten (${D}) staan ter vergelijking en worden niet getoetst.` : ''}`,
      ),
      pair.tables[0].notes?.[2] ?? '',
      t(`Coders: ${pair.coders.join(', ') || '–'}.`, `Codeurs: ${pair.coders.join(', ') || '–'}.`),
    ].filter(Boolean),
  };
  return { interviews: I, observations: O, documents: D, rows, sentences, table, compare: pair };
}
