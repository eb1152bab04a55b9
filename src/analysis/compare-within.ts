import type { Cell, Column, CodingsDocument, Diagnostic, Lang, Table } from '../model/types.js';
import { buildCodeTree, codeName, indentedName } from './hierarchy.js';
import { multiGroupNotes } from './compare.js';
import { strayNotes } from './matrix.js';
import { codingGroupValue, didYouMean, groupValue, groupingLabel, isPerCoding, naturalCompare, noValue, prepareDoc, resolveGrouping, tr, type PreparedCoding } from './prepare.js';
import { pushAll } from '../model/arrays.js';
import { roundPercent } from '../model/percent.js';
import { ambiguousWarning } from './guide.js';

/**
 * "X van de Y" per question (pure): `qda compare --by GROUP --within ATTR`.
 *
 * Per value of ATTR (usually `question`, an attribute of each coding) and per code, for each group:
 *   X = respondents of the group with that code (or one of its sub-codes) under that value;
 *   Y = respondents of the group who answered it: with at least one coding under that value that is
 *       not a "not asked / no answer" code (`notAsked`);
 *   share = X / Y.
 * Codes named by `notAsked` are shown with their X, but their respondents are not in Y (unless they
 * also gave an answer under that value) and they get no share. Respondents come from respondent
 * rows only (codings on interviewer rows never count), as everywhere.
 */

export interface WithinOptions {
  /** Group attribute (group, team, source-kind, …); absent: one group of everyone. */
  readonly by?: string;
  /** The attribute to split by (question, factor, …). */
  readonly within: string;
  /** Codes (ids or names) that mean "not asked / no answer". */
  readonly notAsked?: readonly string[];
  /**
   * Order of the values: a list, or a rank per value (e.g. its position in the interview guide);
   * values not listed (rank undefined) follow in order of first appearance.
   */
  readonly order?: readonly string[] | ((value: string) => number | undefined);
  /**
   * The guide's questions (their place in the guide, as `order` ranks them, and their title), with
   * `order` a rank: those no coding names are shown as rows without codes and said (they were left
   * out), and values the guide does not hold are said.
   */
  readonly guideQuestions?: ReadonlyArray<{ readonly index: number; readonly title: string }>;
  /** The guide's questions a value could name when it names more than one (see guideAmbiguity). */
  readonly ambiguity?: (value: string) => string[] | undefined;
  /** The guide file and the codings file, named by the warnings. */
  readonly guideFile?: string;
  readonly codingsFile?: string;
  /** Where a coding stands in the codings file (its line, or JSON path), for the warnings. */
  readonly placeOf?: (c: import('../model/types.js').Coding) => { readonly line?: number; readonly path?: string } | undefined;
  readonly coders?: readonly string[];
  readonly lang?: Lang;
}

export interface WithinGroupCount {
  readonly group: string;
  /** Respondents of the group with the code under this value. */
  readonly x: number;
  /** Respondents of the group who answered under this value (not-asked codes left out). */
  readonly y: number;
  /** x / y (null for a not-asked code, or when y = 0). */
  readonly share: number | null;
}

export interface WithinRow {
  readonly value: string;
  readonly code: string;
  readonly name: string;
  readonly depth: number;
  readonly notAsked: boolean;
  readonly groups: readonly WithinGroupCount[];
}

export interface WithinValue {
  readonly value: string;
  readonly groups: ReadonlyArray<{
    readonly group: string;
    /** Y: respondents who answered. */
    readonly answered: number;
    /** Respondents whose only codings under this value are not-asked codes. */
    readonly notAsked: number;
  }>;
}

export interface WithinResult {
  readonly by: string | null;
  readonly within: string;
  readonly groups: ReadonlyArray<{ readonly group: string; readonly respondents: number }>;
  readonly values: readonly WithinValue[];
  readonly rows: readonly WithinRow[];
  /** Code ids treated as "not asked". */
  readonly notAskedCodes: readonly string[];
  /** Questions of the guide (opts.guideQuestions) that no coding names, in guide order. */
  readonly uncodedQuestions: readonly string[];
  readonly coders: readonly string[];
  readonly warnings: readonly Diagnostic[];
  readonly tables: readonly Table[];
}

/** Attribute names that hold the interview question of a coding. */
export const QUESTION_ATTRIBUTES = ['question', 'vraag', 'interviewvraag', 'hoofdlabel'];

/** The question attribute the codings carry (question, vraag, interviewvraag, hoofdlabel; any case), or undefined. */
export function questionAttribute(doc: CodingsDocument): string | undefined {
  for (const c of doc.codings) {
    for (const k of Object.keys(c.attributes ?? {})) if (QUESTION_ATTRIBUTES.includes(k.toLowerCase())) return k;
  }
  return undefined;
}

export function compareWithin(doc: CodingsDocument, opts: WithinOptions): WithinResult {
  const lang = opts.lang ?? 'en';
  const prep = prepareDoc(doc, { coders: opts.coders });
  const within = resolveGrouping(opts.within, prep.sources, { option: '--within', allow: [] }, prep.codings.map((pc) => pc.coding));
  const byG = opts.by ? resolveGrouping(opts.by, prep.sources, { option: '--by', allow: ['source-kind', 'case', 'source'] }, prep.codings.map((pc) => pc.coding)) : undefined;
  const byPerCoding = byG ? isPerCoding(prep, byG) : false;
  const allLabel = tr(lang, 'all', 'alle');
  const groupOf = (pc: PreparedCoding): string => (!byG ? allLabel : byPerCoding ? codingGroupValue(pc, byG, lang) : groupValue(pc.source, byG, lang));
  const valueOf = (pc: PreparedCoding) => codingGroupValue(pc, within, lang);
  const warnings: Diagnostic[] = [];

  const tree = buildCodeTree(doc.codes, prep.codings.map((c) => c.coding.code));
  // not-asked codes: by id, else by name (nl/en), case-insensitive
  const notAsked = new Set<string>();
  for (const label of opts.notAsked ?? []) {
    const l = label.trim().toLowerCase();
    const hits = tree.nodes.filter((n) => n.id === label || n.id.toLowerCase() === l || [n.ref.name?.nl, n.ref.name?.en].some((x) => x?.toLowerCase() === l));
    if (!hits.length) {
      warnings.push({
        severity: 'warning',
        source: 'analysis',
        ruleId: 'not-asked-unknown',
        message: `--not-asked "${label}" names no code of these codings; nobody is left out of Y for it`,
        expected: didYouMean(label, tree.nodes.map((n) => n.id)),
        hint: 'give the code (id or name) that marks "not asked / no answer", e.g. --not-asked Onbekend',
      });
    }
    for (const h of hits) notAsked.add(h.id);
  }
  const isNotAsked = (code: string) => tree.byId.get(code)!.selfAndAncestors.some((id) => notAsked.has(id));

  // groups
  const groupSet = new Set<string>();
  const respondentsOfGroup = new Map<string, Set<string>>();
  for (const pc of prep.codings) {
    const g = groupOf(pc);
    groupSet.add(g);
    let s = respondentsOfGroup.get(g);
    if (!s) respondentsOfGroup.set(g, (s = new Set()));
    s.add(pc.respondent);
  }
  // a group's respondents are all of its sources' (as in compare's N), also those without a coding
  // (a source with an empty-code row, one whose codings are by other coders): they answered no
  // question, so they are in no Y, and said; they were left out of the group's size ("2 of the 2
  // answered" of a group of 3) and a group with no coding at all was not shown
  // (a grouping of the codings themselves, varying within sources, has no value for such sources)
  if (!byPerCoding) {
    for (const src of prep.sources) {
      const g = byG ? groupValue(src, byG, lang) : allLabel;
      groupSet.add(g);
      let s = respondentsOfGroup.get(g);
      if (!s) respondentsOfGroup.set(g, (s = new Set()));
      for (const r of prep.respondentsBySource.get(src.id) ?? []) s.add(r);
    }
  }
  const groups = [...groupSet].sort(naturalCompare);
  const gi = new Map(groups.map((g, i) => [g, i]));
  const G = groups.length;

  // values in guide order, then in order of first appearance; "(no …)" last
  const none = noValue(within, lang);
  const firstSeen: string[] = [];
  const seen = new Set<string>();
  for (const pc of prep.codings) {
    const v = valueOf(pc);
    if (!seen.has(v)) {
      seen.add(v);
      firstSeen.push(v);
    }
  }
  const order: string[] = [];
  // (with the guide's questions: each value's place in the guide, the questions no value names,
  // and the values the guide does not hold)
  const rankOfValue = new Map<string, number>();
  let uncodedQs: Array<{ readonly index: number; readonly title: string }> = [];
  let notInGuide: string[] = [];
  if (typeof opts.order === 'function') {
    const rank = opts.order;
    const ranked = firstSeen.filter((v) => v !== none).map((v, i) => ({ v, i, r: rank(v) })).filter((x) => x.r !== undefined);
    ranked.sort((a, b) => a.r! - b.r! || a.i - b.i);
    pushAll(order, ranked.map((x) => x.v));
    for (const x of ranked) rankOfValue.set(x.v, x.r!);
    if (opts.guideQuestions) {
      uncodedQs = opts.guideQuestions.filter((q) => !ranked.some((x) => x.r === q.index)).sort((a, b) => a.index - b.index);
      notInGuide = firstSeen.filter((v) => v !== none && !rankOfValue.has(v));
    }
  } else for (const v of opts.order ?? []) if (seen.has(v) && !order.includes(v)) order.push(v);
  for (const v of firstSeen) if (!order.includes(v) && v !== none) order.push(v);
  if (seen.has(none)) order.push(none);
  const noValueCount = prep.codings.filter((pc) => valueOf(pc) === none).length;

  // counts: value → group → respondents (answered / not-asked); value → code → group → respondents
  const answered = new Map<string, Array<Set<string>>>();
  const naResp = new Map<string, Array<Set<string>>>();
  const xs = new Map<string, Map<string, Array<Set<string>>>>();
  const sets = () => groups.map(() => new Set<string>());
  for (const pc of prep.codings) {
    const v = valueOf(pc);
    const g = gi.get(groupOf(pc))!;
    const na = isNotAsked(pc.coding.code);
    const target = na ? naResp : answered;
    let a = target.get(v);
    if (!a) target.set(v, (a = sets()));
    a[g].add(pc.respondent);
    let byCode = xs.get(v);
    if (!byCode) xs.set(v, (byCode = new Map()));
    for (const id of tree.byId.get(pc.coding.code)!.selfAndAncestors) {
      let c = byCode.get(id);
      if (!c) byCode.set(id, (c = sets()));
      c[g].add(pc.respondent);
    }
  }
  const values: WithinValue[] = order.map((value) => {
    const ans = answered.get(value);
    const na = naResp.get(value);
    return {
      value,
      groups: groups.map((group, g) => ({
        group,
        answered: ans?.[g].size ?? 0,
        notAsked: na ? [...na[g]].filter((r) => !ans?.[g].has(r)).length : 0,
      })),
    };
  });
  const rows: WithinRow[] = [];
  for (const v of values) {
    const byCode = xs.get(v.value)!;
    for (const n of tree.nodes) {
      const c = byCode.get(n.id);
      if (!c) continue;
      const na = notAsked.has(n.id) || n.selfAndAncestors.some((id) => notAsked.has(id));
      rows.push({
        value: v.value,
        code: n.id,
        name: codeName(n.ref, n.id, lang),
        depth: n.depth,
        notAsked: na,
        groups: groups.map((group, g) => {
          const x = c[g].size;
          const y = v.groups[g].answered;
          return { group, x, y, share: na || y === 0 ? null : x / y };
        }),
      });
    }
  }

  // the table
  const attr = groupingLabel(within, lang);
  const pct = (x: number | null): Cell => (x === null ? null : roundPercent(100 * x, 1));
  const columns: Column[] = [
    { key: 'value', label: attr },
    { key: 'code', label: 'Code' },
    { key: 'label', label: tr(lang, 'Name', 'Naam') },
  ];
  for (const g of groups) {
    const head = G > 1 || byG ? `${g}: ` : '';
    columns.push(
      { key: `x:${g}`, label: `${head}X`, align: 'right' },
      { key: `y:${g}`, label: `${head}Y`, align: 'right' },
      { key: `share:${g}`, label: `${head}%`, align: 'right', heat: true },
      { key: `text:${g}`, label: G > 1 || byG ? g : tr(lang, 'In words', 'In woorden') },
    );
  }
  columns.push({ key: 'notAsked', label: tr(lang, 'Not asked', 'Niet gevraagd') });
  // a question of the guide that no coding names: a row of its own (Y = 0 in every group), in its
  // place in the guide (it was left out of the table without a word)
  const pendingQs = [...uncodedQs];
  const uncodedRow = (q: { readonly title: string }): Record<string, Cell> => {
    const row: Record<string, Cell> = { value: q.title, code: '', label: tr(lang, '(no coded answers)', '(geen gecodeerde antwoorden)') };
    for (const g of groups) {
      row[`x:${g}`] = null;
      row[`y:${g}`] = 0;
      row[`share:${g}`] = null;
      row[`text:${g}`] = '';
    }
    row.notAsked = '';
    return row;
  };
  const tableRows: Array<Record<string, Cell>> = [];
  const flushQs = (before: number) => {
    while (pendingQs.length && pendingQs[0].index < before) tableRows.push(uncodedRow(pendingQs.shift()!));
  };
  for (const r of rows) {
    flushQs(rankOfValue.get(r.value) ?? Number.POSITIVE_INFINITY);
    tableRows.push(codeRow(r));
  }
  flushQs(Number.POSITIVE_INFINITY);
  function codeRow(r: WithinRow): Record<string, Cell> {
    const row: Record<string, Cell> = { value: r.value, code: r.code, label: indentedName(tree.byId.get(r.code)!, lang) };
    for (const s of r.groups) {
      row[`x:${s.group}`] = s.x;
      row[`y:${s.group}`] = r.notAsked ? null : s.y;
      row[`share:${s.group}`] = pct(s.share);
      row[`text:${s.group}`] = r.notAsked ? (s.x ? tr(lang, `${s.x} not asked`, `${s.x} niet gevraagd`) : '') : s.y ? tr(lang, `${s.x} of ${s.y}`, `${s.x} van de ${s.y}`) : '';
    }
    row.notAsked = r.notAsked ? tr(lang, 'yes', 'ja') : '';
    return row;
  }
  // per group, the respondents with no coding under any value (in no Y)
  const withCoding = new Set(prep.codings.map((pc) => pc.respondent));
  const uncoded = new Map(groups.map((g) => [g, [...respondentsOfGroup.get(g)!].filter((r) => !withCoding.has(r)).sort(naturalCompare)]));
  const groupText = (g: string): string => {
    const n = respondentsOfGroup.get(g)!.size;
    const u = uncoded.get(g)!;
    const list = `${u.slice(0, 8).join(', ')}${u.length > 8 ? ', …' : ''}`;
    // (with --coder: a respondent coded by other coders only has no coding that counts here)
    const by = opts.coders?.length ? prep.coders.join(', ') : undefined;
    return tr(
      lang,
      `${g} (${n} respondent${n === 1 ? '' : 's'}${u.length ? `; ${u.length} without ${by ? `a coding by ${by}` : 'any coding'}, so in no Y: ${list}` : ''})`,
      `${g} (${n} respondent${n === 1 ? '' : 'en'}${u.length ? `; ${u.length} zonder ${by ? `codering van ${by}` : 'enige codering'}, dus in geen Y: ${list}` : ''})`,
    );
  };
  const notes: string[] = [
    tr(
      lang,
      `Per ${attr} and code: X = respondents of the group with the code under that ${attr} (a parent code counts its sub-codes, each respondent once); Y = respondents of the group who answered it (at least one coding under that ${attr}${notAsked.size ? ', not counting the not-asked codes' : ''}); % = X / Y.`,
      `Per ${attr} en code: X = respondenten van de groep met de code onder die ${attr} (een bovenliggende code telt de subcodes mee, elke respondent één keer); Y = respondenten van de groep die de vraag beantwoordden (ten minste één codering onder die ${attr}${notAsked.size ? ', de codes voor niet gevraagd niet meegeteld' : ''}); % = X / Y.`,
    ),
    tr(
      lang,
      `Groups${byG ? ` (${groupingLabel(byG, 'en')})` : ''}: ${groups.map(groupText).join(', ')}. Coders: ${prep.coders.join(', ') || '–'}.`,
      `Groepen${byG ? ` (${groupingLabel(byG, 'nl')})` : ''}: ${groups.map(groupText).join(', ')}. Codeurs: ${prep.coders.join(', ') || '–'}.`,
    ),
  ];
  if (notAsked.size) {
    const names = [...notAsked].map((id) => codeName(tree.byId.get(id)!.ref, id, lang)).join(', ');
    notes.push(
      tr(
        lang,
        `Not asked / no answer: ${names}. These rows show how many respondents they mark; those respondents are left out of Y (unless they also answered).`,
        `Niet gevraagd / geen antwoord: ${names}. Deze rijen tonen hoeveel respondenten ze markeren; die respondenten tellen niet mee in Y (tenzij ze ook antwoordden).`,
      ),
    );
  }
  if (noValueCount) {
    notes.push(tr(lang, `${noValueCount} coding(s) have no ${attr}; they count under "${none}".`, `${noValueCount} codering(en) hebben geen ${attr}; ze tellen onder "${none}".`));
    warnings.push({
      severity: 'warning',
      source: 'analysis',
      ruleId: 'no-within-value',
      message: `${noValueCount} coding(s) have no ${attr}; they count under "${none}"`,
      hint: `fill in ${attr} for these codings (the reader named their lines), or leave them if they belong to no ${attr}`,
    });
  }
  if (uncodedQs.length) {
    const list = `${uncodedQs.slice(0, 10).map((q) => `"${q.title}"`).join(', ')}${uncodedQs.length > 10 ? ', …' : ''}`;
    notes.push(
      tr(
        lang,
        `${uncodedQs.length} question(s) of the guide have no coding under any ${attr} value (shown as rows "(no coded answers)", Y = 0): ${list}.`,
        `${uncodedQs.length} vra(a)g(en) uit de topiclijst hebben geen codering onder een waarde van ${attr} (getoond als rijen "(geen gecodeerde antwoorden)", Y = 0): ${list}.`,
      ),
    );
  }
  if (notInGuide.length) {
    const list = `${notInGuide.slice(0, 8).map((v) => `"${v}"`).join(', ')}${notInGuide.length > 8 ? ', …' : ''}`;
    // (the first coding of each value, for its line in the codings file)
    const firstOf = new Map<string, PreparedCoding>();
    for (const pc of prep.codings) if (!firstOf.has(valueOf(pc))) firstOf.set(valueOf(pc), pc);
    const at = (v: string) => {
      const p = opts.placeOf?.(firstOf.get(v)!.coding);
      return p?.line !== undefined ? { line: p.line } : p?.path !== undefined ? { path: p.path } : {};
    };
    const placed = notInGuide.slice(0, 8).map((v) => {
      const p = at(v);
      return `"${v}"${p.line !== undefined ? ` (first on line ${p.line})` : p.path !== undefined ? ` (first at ${p.path})` : ''}`;
    });
    notes.push(
      tr(
        lang,
        `${notInGuide.length} ${attr} value(s) are not questions of the guide; they follow the guide's questions: ${list}.`,
        `${notInGuide.length} waarde(n) van ${attr} zijn geen vragen uit de topiclijst; ze volgen na de vragen van de topiclijst: ${list}.`,
      ),
    );
    warnings.push({
      severity: 'warning',
      source: 'analysis',
      ruleId: 'question-not-in-guide',
      ...(opts.codingsFile ? { file: opts.codingsFile } : {}),
      ...(opts.codingsFile ? at(notInGuide[0]) : {}),
      message: `${notInGuide.length} ${attr} value(s) of the codings are not in the guide${opts.guideFile ? ` (${opts.guideFile})` : ''}; they follow the guide's questions: ${placed.join(', ')}${notInGuide.length > 8 ? ', …' : ''}${uncodedQs.length ? `; the guide's questions without a coding: ${uncodedQs.slice(0, 8).map((q) => `"${q.title}"`).join(', ')}${uncodedQs.length > 8 ? ', …' : ''}` : ''}`,
      hint: "write the question as in the guide (its id, number, label, or 'number. label')",
    });
  }
  if (opts.ambiguity) {
    const hits: Array<{ q: string; qs: string[]; at?: { readonly line?: number; readonly path?: string } }> = [];
    for (const v of firstSeen) {
      const qs = v === none ? undefined : opts.ambiguity(v);
      if (!qs) continue;
      const pc = prep.codings.find((x) => valueOf(x) === v)!;
      hits.push({ q: v, qs, at: opts.placeOf?.(pc.coding) });
    }
    const w = ambiguousWarning(hits, opts.guideFile, opts.codingsFile);
    if (w) warnings.push(w);
  }
  // bounded: a few notes
  notes.push(...multiGroupNotes(prep, groupOf, lang), ...strayNotes(prep, lang));
  const table: Table = {
    title: tr(lang, `X of Y per ${attr}${byG ? ` and ${groupingLabel(byG, 'en')}` : ''}`, `X van de Y per ${attr}${byG ? ` en ${groupingLabel(byG, 'nl')}` : ''}`),
    columns,
    rows: tableRows,
    notes,
  };
  return {
    by: opts.by ?? null,
    within: attr,
    groups: groups.map((group) => ({ group, respondents: respondentsOfGroup.get(group)!.size })),
    values,
    rows,
    notAskedCodes: [...notAsked],
    uncodedQuestions: uncodedQs.map((q) => q.title),
    coders: prep.coders,
    warnings,
    tables: [table],
  };
}
