import type { Cell, Column, CodingsDocument, Lang, Table } from '../model/types.js';
import { isHumanCoder } from '../model/types.js';
import { buildCodeTree, codeName } from './hierarchy.js';
import { codingGroupValue, groupValue, naturalCompare, prepareDoc, resolveGrouping, tr, type PreparedCoding } from './prepare.js';
import { SourceText, codeLabelKeys, pickQuotes, quoteCitation, quoteOf } from './appendix.js';
import type { SurveyResult } from './survey.js';
import { fixed, groupName } from './survey-tables.js';
import { coderGapNotes } from './matrix.js';
import { pushAll } from '../model/arrays.js';

/**
 * The joint display of a mixed-methods study (pure): per dimension the groups' questionnaire
 * scores beside the coded interview material for that dimension — how many passages, from how
 * many respondents of which group, and example quotes. A dimension is linked to the code of the
 * same id (or its `code:`), with that code's sub-codes. Dimensions with scores but no codings, and
 * codes with codings but no questionnaire items, are listed and said so.
 */

export interface JointOptions {
  readonly lang: Lang;
  /** Attribute grouping the interview sources (default: group, groep or team; else source kind). */
  readonly by?: string;
  /** Only codings by these coders (default: the human coders when there are any, else all). */
  readonly coders?: readonly string[];
  /** Quotes per dimension (default 2). */
  readonly quotes?: number;
  /** Longest quote in characters (default 240). */
  readonly maxQuote?: number;
  /** Name of an interview group that is not a questionnaire group (e.g. the nouns of qda.yaml `groups:`). */
  readonly groupLabel?: (value: string) => string | undefined;
}

export interface JointRow {
  readonly dimension?: string;
  readonly code: string;
  /** The code's name in the codebook (its id when the codings do not know it). */
  readonly codeLabel: string;
  readonly label: string;
  readonly status: 'both' | 'scores-only' | 'codings-only' | 'neither';
  /** Passages (distinct coded segments) per interview group, and respondents with one of all respondents of the group. */
  readonly coded: Readonly<Record<string, { readonly passages: number; readonly respondents: number; readonly of: number }>>;
  readonly quotes: readonly string[];
  /** The same quotes in parts: text (shortened to maxQuote), source, line, speaker, and the respondent's group. */
  readonly cites: ReadonlyArray<{ readonly text: string; readonly source: string; readonly line: number; readonly speaker: string | null; readonly group: string }>;
}

export interface JointResult {
  readonly table: Table;
  readonly rows: readonly JointRow[];
  readonly by: string;
  readonly codingGroups: readonly string[];
  readonly coders: readonly string[];
  /** The counted coders have no coding in sources other coders coded (coderGapNotes). */
  readonly gapNotes?: readonly string[];
}

function pickBy(doc: CodingsDocument, by?: string): string {
  if (by) return by;
  const attrs = new Set(doc.sources.flatMap((s) => Object.keys(s.attributes ?? {})));
  for (const a of ['group', 'groep', 'team']) if (attrs.has(a)) return a;
  return 'source-kind';
}

export function surveyJoint(res: SurveyResult, doc: CodingsDocument, opts: JointOptions): JointResult {
  const lang = opts.lang;
  const all = prepareDoc(doc);
  const humans = all.allCoders.filter(isHumanCoder);
  const coders = opts.coders?.length ? opts.coders : humans.length ? humans : all.allCoders;
  const prep = prepareDoc(doc, { coders });
  const by = pickBy(doc, opts.by);
  const grouping = resolveGrouping(by, prep.sources, { option: '--by', allow: ['source-kind', 'case', 'source'] });
  const tree = buildCodeTree(doc.codes, prep.codings.map((c) => c.coding.code));
  const st = new SourceText(prep.sourceById, codeLabelKeys(doc.codes));

  // respondents per interview group (all sources with respondents, also those without codings)
  const respondentsOf = new Map<string, Set<string>>();
  for (const s of prep.sources) {
    const g = groupValue(s, grouping, lang);
    const set = respondentsOf.get(g) ?? new Set<string>();
    for (const r of prep.respondentsBySource.get(s.id) ?? []) set.add(r);
    respondentsOf.set(g, set);
  }
  const codingGroups = [...respondentsOf.keys()].sort((a, b) => {
    // the questionnaire's group order first, then natural order
    const ia = res.groups.findIndex((g) => g.value === a);
    const ib = res.groups.findIndex((g) => g.value === b);
    return (ia < 0 ? 1e9 : ia) - (ib < 0 ? 1e9 : ib) || naturalCompare(a, b);
  });

  const within = (code: string, root: string) => tree.byId.get(code)?.selfAndAncestors.includes(root) ?? code === root;
  const dimCodes = [...res.dimensions.map((d) => d.code), ...res.unscored.map((d) => d.code)];
  const summarise = (pcs: readonly PreparedCoding[]) => {
    const coded: Record<string, { passages: number; respondents: number; of: number }> = {};
    for (const g of codingGroups) {
      const mine = pcs.filter((pc) => codingGroupValue(pc, grouping, lang) === g);
      coded[g] = { passages: new Set(mine.map((pc) => pc.segmentKey)).size, respondents: new Set(mine.map((pc) => pc.respondent)).size, of: respondentsOf.get(g)?.size ?? 0 };
    }
    const max = opts.maxQuote ?? 240;
    const groupOf = new Map(pcs.map((pc) => [pc.segmentKey, codingGroupValue(pc, grouping, lang)]));
    const picked = pickQuotes(pcs.map((pc) => quoteOf(pc, st)), opts.quotes ?? 2).map((q) => {
      const cps = [...q.text];
      const text = cps.length > max ? cps.slice(0, max - 1).join('').trimEnd() + '…' : q.text;
      return { q, text };
    });
    const quotes = picked.map(({ q, text }) => `“${text}” (${quoteCitation(q, lang)})`);
    const cites = picked.map(({ q, text }) => ({ text, source: q.sourceId, line: q.line, speaker: q.speaker, group: groupOf.get(q.segmentKey) ?? '' }));
    return { coded, quotes, cites };
  };

  const codeLabelOf = (code: string) => {
    const node = tree.byId.get(code);
    return codeName(node?.ref ?? doc.codes.find((c) => c.id === code), code, lang);
  };
  const rows: JointRow[] = [];
  for (const d of res.dimensions) {
    const pcs = prep.codings.filter((pc) => within(pc.coding.code, d.code));
    const { coded, quotes, cites } = summarise(pcs);
    rows.push({ dimension: d.id, code: d.code, codeLabel: codeLabelOf(d.code), label: d.label, status: pcs.length ? 'both' : 'scores-only', coded, quotes, cites });
  }
  for (const d of res.unscored) {
    const pcs = prep.codings.filter((pc) => within(pc.coding.code, d.code));
    if (!pcs.length) continue;
    const { coded, quotes, cites } = summarise(pcs);
    rows.push({ dimension: d.id, code: d.code, codeLabel: codeLabelOf(d.code), label: d.label, status: 'codings-only', coded, quotes, cites });
  }
  // codes coded outside every dimension: the top-most such code per coding
  const outside = prep.codings.filter((pc) => !dimCodes.some((c) => within(pc.coding.code, c)));
  const tops = new Map<string, PreparedCoding[]>();
  for (const pc of outside) {
    const chain = tree.byId.get(pc.coding.code)?.selfAndAncestors ?? [pc.coding.code];
    // the ancestor just below a dimension code is not possible here (none is inside one): use the root
    const top = chain[chain.length - 1];
    tops.set(top, [...(tops.get(top) ?? []), pc]);
  }
  for (const node of tree.nodes) {
    const pcs = tops.get(node.id);
    if (!pcs) continue;
    const { coded, quotes, cites } = summarise(pcs);
    rows.push({ code: node.id, codeLabel: codeName(node.ref, node.id, lang), label: codeName(node.ref, node.id, lang), status: 'codings-only', coded, quotes, cites });
  }

  // --- the table ---
  const two = res.groups.length === 2;
  const scoreCell = (d: (typeof res.dimensions)[number] | undefined, g: string): Cell => {
    const s = d?.stats[g];
    if (!s || !s.n || s.mean === null) return d ? '–' : '';
    return `${fixed(s.mean, lang)} (n = ${s.n})`;
  };
  const diffCell = (dim: string | undefined): Cell => {
    if (!dim) return '';
    const c = res.comparisons.find((x) => x.subject === 'dimension' && x.dimension === dim);
    if (!c) return '';
    const lvl = Math.round(res.params.level * 100);
    if (c.untested === 'small') return `${fixed(c.diff, lang)}, ${tr(lang, `not tested (n < ${res.params.minGroup})`, `niet getoetst (n < ${res.params.minGroup})`)}`;
    const ci = c.welch && c.welch.lo !== null ? ` (${tr(lang, `${lvl}% CI`, `${lvl}%-BI`)} ${fixed(c.welch.lo, lang)} ${tr(lang, 'to', 'tot')} ${fixed(c.welch.hi!, lang)})` : '';
    return `${fixed(c.diff, lang)}${ci}`;
  };
  const codedCell = (x: { passages: number; respondents: number; of: number } | undefined): Cell => {
    if (!x || !x.passages) return '–';
    return tr(lang, `${x.passages} passage${x.passages === 1 ? '' : 's'}, ${x.respondents} of ${x.of} respondents`, `${x.passages} passage${x.passages === 1 ? '' : 's'}, ${x.respondents} van ${x.of} respondenten`);
  };
  const statusText: Record<JointRow['status'], string> = {
    both: tr(lang, 'scores and coded passages', 'scores en gecodeerde passages'),
    'scores-only': tr(lang, 'scores, no coded passages', 'scores, geen gecodeerde passages'),
    'codings-only': tr(lang, 'coded passages, no questionnaire scores', 'gecodeerde passages, geen scores uit de vragenlijst'),
    neither: '',
  };
  const scoreLabel = tr(lang, 'Score', 'Score');
  const codedLabel = tr(lang, 'Interviews', 'Interviews');
  const columns: Column[] = [
    { key: 'dimension', label: tr(lang, 'Dimension', 'Dimensie') },
    ...res.groups.map((g) => ({ key: `score:${g.value}`, label: `${scoreLabel}: ${g.label}`, align: 'right' as const })),
    ...(two ? [{ key: 'diff', label: tr(lang, `Difference (${groupName(res, res.groups[0].value)} − ${groupName(res, res.groups[1].value)})`, `Verschil (${groupName(res, res.groups[0].value)} − ${groupName(res, res.groups[1].value)})`) }] : []),
    ...codingGroups.map((g) => ({ key: `coded:${g}`, label: `${codedLabel}: ${res.groups.find((x) => x.value === g)?.label ?? opts.groupLabel?.(g) ?? g}` })),
    { key: 'quotes', label: tr(lang, 'Quotes', 'Citaten') },
    { key: 'status', label: tr(lang, 'Status', 'Status') },
  ];
  const tableRows = rows.map((r) => {
    const d = r.dimension ? res.dimensions.find((x) => x.id === r.dimension) : undefined;
    const row: Record<string, Cell> = { dimension: r.label };
    for (const g of res.groups) row[`score:${g.value}`] = scoreCell(d, g.value);
    if (two) row.diff = diffCell(d?.id);
    for (const g of codingGroups) row[`coded:${g}`] = codedCell(r.coded[g]);
    row.quotes = r.quotes.join(' ');
    row.status = r.dimension && !d ? tr(lang, 'coded passages; its items are not in the data', 'gecodeerde passages; de items ervan staan niet in de data') : statusText[r.status];
    return row;
  });
  const sameGroups = codingGroups.length > 0 && res.groups.every((g) => codingGroups.includes(g.value));
  const notes = [
    tr(
      lang,
      `Scores: mean dimension score per questionnaire group with its n (see the dimension table). Interviews: passages (distinct coded segments) coded with the dimension's code or one of its sub-codes, and how many respondents of each interview group (by ${by}) they come from; coders counted: ${prep.coders.join(', ') || '–'}.`,
      `Score: gemiddelde dimensiescore per groep uit de vragenlijst met de n (zie de tabel met dimensiescores). Interviews: passages (verschillende gecodeerde segmenten) met de code van de dimensie of een subcode ervan, en van hoeveel respondenten van elke interviewgroep (naar ${by}) ze komen; getelde codeurs: ${prep.coders.join(', ') || '–'}.`,
    ),
    ...(sameGroups
      ? []
      : [tr(lang, `The interview groups (${codingGroups.join(', ') || '–'}) are not the questionnaire groups (${res.groups.map((g) => g.value).join(', ')}): the columns are shown side by side, not matched.`, `De interviewgroepen (${codingGroups.join(', ') || '–'}) zijn niet de groepen van de vragenlijst (${res.groups.map((g) => g.value).join(', ')}): de kolommen staan naast elkaar, niet gekoppeld.`)]),
  ];
  // (the counted coders — the human ones beside the rules' suggestions — without a coding in
  // sources others coded: those respondents are in "of the N respondents" with no passage)
  const gapNotes = coderGapNotes(prep, lang);
  pushAll(notes, gapNotes);
  return {
    table: { title: tr(lang, 'Questionnaire scores beside the coded interviews, per dimension', 'Scores uit de vragenlijst naast de gecodeerde interviews, per dimensie'), columns, rows: tableRows, notes },
    rows,
    by,
    codingGroups,
    coders: prep.coders,
    ...(gapNotes.length ? { gapNotes } : {}),
  };
}
