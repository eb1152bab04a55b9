import type { Cell, CodeRef, Column, CodingsDocument, Diagnostic, Lang, Table } from '../model/types.js';
import type { Codebook } from '../codebook/types.js';
import { inputError } from '../model/errors.js';
import { buildCodeTree, codeName, indentedName, sharedCodeIdsNote } from './hierarchy.js';
import { fisherExact } from './fisher.js';
import { codingGroupValue, groupValue, groupingLabel, isPerCoding, naturalCompare, noValue, prepareDoc, resolveGrouping, surveyRowValues, tr, type PreparedCoding, type PreparedDoc } from './prepare.js';
import { ASKED, coderGapNotes, kindCounts, mixedCaseNotes, mixedKindNotes, respondentInGroupsNotes, strayNotes } from './matrix.js';
import { maxOf, minOf, pushAll } from '../model/arrays.js';
import { roundPercent } from '../model/percent.js';

export interface CompareOptions {
  /** A case attribute (team, group, …) or `source-kind`. */
  readonly by: string;
  /** A ladder codebook (`ladder: true`, codes with `level`). */
  readonly ladder?: Codebook;
  /** Full definitions of the codebooks used in the codings (for `evidences` of ladder levels). */
  readonly codebooks?: readonly Codebook[];
  readonly coders?: readonly string[];
  readonly lang?: Lang;
  /** Flag rule: |difference| ≥ this many percentage points … (default 25). */
  readonly minDifference?: number;
  /** … and at least this many respondents mention the code in the group with the higher share (default 2). */
  readonly minRespondents?: number;
}

export interface GroupCodeStat {
  readonly group: string;
  readonly segments: number;
  readonly respondents: number;
  /** Respondents in the group (the denominator). */
  readonly of: number;
  /** respondents / of, 0..1. */
  readonly share: number;
}

export interface CodeComparison {
  readonly code: string;
  readonly name: string;
  readonly depth: number;
  readonly groups: readonly GroupCodeStat[];
  /** Two groups: share(A) − share(B); more groups: max − min; in percentage points. */
  readonly difference: number;
  /** Fisher's exact two-sided p on respondents mentioning vs not (two groups only). */
  readonly p: number | null;
  readonly flag: boolean;
}

export interface LadderStanding {
  readonly group: string;
  /** Case id, or null for the group as a whole. */
  readonly case: string | null;
  /** Highest level evidenced (null: no evidence). */
  readonly level: number | null;
  readonly levelName: string | null;
  /** Segments evidencing that highest level (sorted). */
  readonly evidence: readonly string[];
  /** Segments per level. */
  readonly perLevel: Readonly<Record<number, number>>;
  /** For a group: cases at that highest level / cases in the group. */
  readonly casesAtLevel?: number;
  readonly cases?: number;
}

export interface CompareResult {
  readonly by: string;
  /** The coders whose codings were counted. */
  readonly coders: readonly string[];
  readonly groups: ReadonlyArray<{ readonly group: string; readonly respondents: number; readonly sources: number }>;
  /** The column of the sources without a value ("(no group)"), when there is one: left out of the differences and Notable. */
  readonly noGroup?: string;
  readonly codes: readonly CodeComparison[];
  readonly ladder?: {
    readonly id: string;
    readonly levels: ReadonlyArray<{ level: number; name: string }>;
    readonly standings: readonly LadderStanding[];
    /** Human codings of a code id that several codebooks of the document define (one of them with a ladder level): not counted. */
    readonly ambiguous: ReadonlyArray<{ readonly code: string; readonly codebooks: readonly string[]; readonly codings: number }>;
  };
  readonly tables: readonly Table[];
  /** Groups without respondents (left out of the difference), said. */
  readonly diagnostics: readonly Diagnostic[];
  /** With coders: the sources other coders coded and the counted coders did not (in N; see coderGapNotes). */
  readonly coderGaps?: PreparedDoc['coderGaps'];
}

/**
 * Cross-group comparison (pure). Per code (with roll-up: a parent counts its
 * descendants' codings as distinct segments/respondents) and per group:
 * coded segments, respondents mentioning the code, the share of the group's
 * respondents, the difference in shares, and a flag where the difference is
 * large enough to mention: |difference| ≥ 25 percentage points AND ≥ 2
 * respondents mention the code in the group with the higher share (both
 * thresholds configurable). With a ladder: the highest level evidenced per
 * case and per group, with its evidence segments.
 */
export function compareGroups(doc: CodingsDocument, opts: CompareOptions): CompareResult {
  const lang = opts.lang ?? 'en';
  const minDiff = opts.minDifference ?? 25;
  const minResp = opts.minRespondents ?? 2;
  const prep = prepareDoc(doc, { coders: opts.coders });
  const grouping = resolveGrouping(opts.by, prep.sources, { option: '--by', allow: ['source-kind', 'case', 'source'] }, prep.codings.map((pc) => pc.coding));
  // a group attribute of the codings themselves (varying within sources): each coding in its own group
  const perCoding = isPerCoding(prep, grouping);
  const groupOfSource = new Map(prep.sources.map((s) => [s.id, groupValue(s, grouping, lang)]));
  const groupOf = (pc: PreparedCoding): string => (perCoding ? codingGroupValue(pc, grouping, lang) : groupOfSource.get(pc.source.id)!);
  // (the answers of questionnaire tables, coded or not, under their rows' values: in the N too)
  const rows = perCoding ? surveyRowValues(prep, grouping, lang) : [];
  const groups = [...new Set(perCoding ? [...prep.codings.map(groupOf), ...rows.map((r) => r.value)] : groupOfSource.values())].sort(naturalCompare);
  const gi = new Map(groups.map((g, i) => [g, i]));
  const G = groups.length;
  // the sources without a value ("(no group)") keep their column, but are no group to compare:
  // left out of the difference, Fisher's p and Notable (said in a note)
  const noGroup = grouping.kind === 'attribute' ? noValue(grouping, lang) : undefined;

  // denominators
  const respIn = groups.map(() => new Set<string>());
  const srcIn = groups.map(() => new Set<string>());
  if (perCoding) {
    for (const pc of prep.codings) {
      const g = gi.get(groupOf(pc))!;
      srcIn[g].add(pc.source.id);
      respIn[g].add(pc.respondent);
    }
    for (const r of rows) {
      const g = gi.get(r.value)!;
      srcIn[g].add(r.source);
      respIn[g].add(r.respondent);
    }
  } else {
    for (const s of prep.sources) {
      const g = gi.get(groupOfSource.get(s.id)!)!;
      srcIn[g].add(s.id);
      for (const r of prep.respondentsBySource.get(s.id) ?? []) respIn[g].add(r);
    }
  }

  // a group without respondents (its sources hold interviewer turns only) has no share: "0 of 0"
  // was 0 %, compared with the other groups (a difference of 66.7 pp, Notable): its % is left
  // empty and it is left out of the difference, Fisher's p and Notable, said
  const empty = groups.filter((g, i) => g !== noGroup && respIn[i].size === 0);
  // a group of observation notes or documents only, beside groups of interviews (qda compare --by
  // group on a document that holds both): each note or document is one "respondent", and a share of
  // notes is no share of people asked; qda report and qda run compare the interview groups only.
  // Shown, but left out of the difference, Fisher's p and Notable, and said (they were compared as
  // groups of respondents: a 100 % of 3 meeting notes against 14 % of 7 interviewees was Notable)
  const kindsIn = groups.map(() => new Map<string, number>());
  if (!perCoding && grouping.kind === 'attribute') {
    for (const s of prep.sources) if (prep.respondentsBySource.get(s.id)?.length) kindsIn[gi.get(groupOfSource.get(s.id)!)!].set(s.kind, (kindsIn[gi.get(groupOfSource.get(s.id)!)!].get(s.kind) ?? 0) + 1);
  }
  const asked = (i: number) => [...kindsIn[i].keys()].some((k) => ASKED.has(k));
  const notAsked = groups.some((g, i) => g !== noGroup && asked(i)) ? groups.filter((g, i) => g !== noGroup && !empty.includes(g) && kindsIn[i].size > 0 && !asked(i)) : [];
  const compared = groups.filter((g) => g !== noGroup && !empty.includes(g) && !notAsked.includes(g));

  const extraRefs: CodeRef[] = [];
  for (const b of [...(opts.codebooks ?? []), ...(opts.ladder ? [opts.ladder] : [])]) {
    for (const c of b.codes) extraRefs.push({ id: c.id, name: c.name, parent: c.parent, codebook: b.id, level: c.level });
  }
  const tree = buildCodeTree([...doc.codes, ...extraRefs], prep.codings.map((c) => c.coding.code));
  const nodes = tree.nodes;
  const usedTree = new Set<string>();
  for (const pc of prep.codings) for (const id of tree.byId.get(pc.coding.code)!.selfAndAncestors) usedTree.add(id);
  const docCodeIds = new Set(doc.codes.map((c) => c.id));
  // rows: codes of the document's codebooks plus anything coded (and its ancestors)
  const rowNodes = nodes.filter((n) => docCodeIds.has(n.id) || usedTree.has(n.id));
  const rowIdx = new Map(rowNodes.map((n, i) => [n.id, i]));

  const segSets = new Map<number, Set<string>>();
  const respSets = new Map<number, Set<string>>();
  const add = (m: Map<number, Set<string>>, k: number, v: string) => {
    let s = m.get(k);
    if (!s) m.set(k, (s = new Set()));
    s.add(v);
  };
  for (const pc of prep.codings) {
    const g = gi.get(groupOf(pc))!;
    for (const id of tree.byId.get(pc.coding.code)!.selfAndAncestors) {
      const r = rowIdx.get(id);
      if (r === undefined) continue;
      add(segSets, r * G + g, pc.segmentKey);
      add(respSets, r * G + g, pc.respondent);
    }
  }
  const codes: CodeComparison[] = rowNodes.map((n, r) => {
    const stats: GroupCodeStat[] = groups.map((group, g) => {
      const resp = respSets.get(r * G + g)?.size ?? 0;
      const of = respIn[g].size;
      return { group, segments: segSets.get(r * G + g)?.size ?? 0, respondents: resp, of, share: of ? resp / of : 0 };
    });
    const cs = stats.filter((x) => compared.includes(x.group));
    const C = cs.length;
    let difference = 0;
    let hi = cs[0];
    if (C === 2) {
      difference = 100 * (cs[0].share - cs[1].share);
      hi = cs[0].share >= cs[1].share ? cs[0] : cs[1];
    } else if (C > 2) {
      let lo = cs[0];
      for (const s of cs) {
        if (s.share > hi.share) hi = s;
        if (s.share < lo.share) lo = s;
      }
      difference = 100 * (hi.share - lo.share);
    }
    difference = Math.round(difference * 10) / 10;
    const p = C === 2 ? fisherExact(cs[0].respondents, cs[0].of - cs[0].respondents, cs[1].respondents, cs[1].of - cs[1].respondents) : null;
    // two groups: the higher group needs minResp respondents; more groups: some group with
    // ≥ minResp respondents lies ≥ minDiff points above the lowest group
    const lowest = C ? minOf(cs.map((s) => s.share)) : 0;
    const flag =
      C === 2
        ? Math.abs(difference) >= minDiff && hi.respondents >= minResp
        : C > 2 && cs.some((s) => s.respondents >= minResp && Math.round(1000 * (s.share - lowest)) / 10 >= minDiff);
    return { code: n.id, name: codeName(n.ref, n.id, lang), depth: n.depth, groups: stats, difference, p, flag };
  });

  const comparison = comparisonTable(codes, groups, respIn.map((s) => s.size), grouping, prep.coders, lang, minDiff, minResp, rowNodes.map((n) => indentedName(n, lang)), compared, noGroup, notAsked.map((g) => ({ group: g, kinds: kindsIn[gi.get(g)!] })));
  // (respondents whose codings lie in two groups are named by multiGroupNotes; those whose sources
  // lie in two groups without codings in both, only counted in both Ns, by respondentInGroupsNotes)
  const inGroups = new Map<string, Set<string>>();
  for (const pc of prep.codings) (inGroups.get(pc.respondent) ?? inGroups.set(pc.respondent, new Set()).get(pc.respondent)!).add(groupOf(pc));
  const namedWithCodings = new Set([...inGroups].filter(([, g]) => g.size > 1).map(([r]) => r));
  const extraNotes = [
    ...sharedCodeIdsNote(doc.codes, lang),
    ...(perCoding || grouping.kind !== 'attribute' ? [] : mixedKindNotes(prep, groupOfSource, lang)),
    ...multiGroupNotes(prep, groupOf, lang),
    ...mixedCaseNotes(prep, lang),
    ...coderGapNotes(prep, lang),
    ...(perCoding || grouping.kind !== 'attribute' ? [] : respondentInGroupsNotes(prep, groupOfSource, grouping.name, lang, namedWithCodings)),
    ...strayNotes(prep, lang),
  ];
  if (perCoding) {
    extraNotes.push(
      tr(
        lang,
        `"${groupingLabel(grouping, 'en')}" is an attribute of each coding (it varies within sources): N of a group counts the respondents with at least one coding in it.`,
        `"${groupingLabel(grouping, 'nl')}" is een kenmerk van elke codering (het verschilt binnen bronnen): N van een groep telt de respondenten met ten minste één codering in die groep.`,
      ),
    );
  }
  // a flat file (a codings CSV) knows the respondents it names: one with no row is in no N (as the matrix says)
  if (prep.sources.length && prep.sources.every((s) => !s.text)) {
    extraNotes.push(tr(lang, 'The codings carry no source texts (a flat file): N counts only the sources and respondents that occur in it.', 'De coderingen bevatten geen bronteksten (een plat bestand): N telt alleen de bronnen en respondenten die erin voorkomen.'));
  }
  const tables: Table[] = [{ ...comparison, notes: [...(comparison.notes ?? []), ...extraNotes] }];
  let ladder: CompareResult['ladder'];
  if (opts.ladder) {
    ladder = ladderStandings(opts.ladder, opts.codebooks ?? [], prep, groupOf, perCoding ? undefined : groupOfSource, groups, lang);
    const lt = ladderTable(ladder, opts.ladder, grouping, lang);
    tables.push({ ...lt, notes: [...(lt.notes ?? []), tr(lang, `Coders: ${prep.coders.join(', ') || '–'}.`, `Codeurs: ${prep.coders.join(', ') || '–'}.`)] });
  }
  const diagnostics: Diagnostic[] = empty.length
    ? [
        {
          severity: 'warning',
          source: 'analysis',
          ruleId: 'group-without-respondents',
          message: `${empty.length} group(s) of ${groupingLabel(grouping, 'en')} have no respondents (N = 0): ${empty
            .map((g) => `${g} (${srcIn[gi.get(g)!].size} source(s): ${[...srcIn[gi.get(g)!]].sort(naturalCompare).slice(0, 5).join(', ')}${srcIn[gi.get(g)!].size > 5 ? ', …' : ''})`)
            .join('; ')}; their % is left empty and they are left out of the difference, Fisher's p and Notable (a share of no respondents is no 0 %)`,
          hint: 'their sources hold only interviewer turns (or no turns at all): check the speakers\' roles in those sources (qda segments shows them), or the role column of a codings table',
        },
      ]
    : [];
  return {
    by: opts.by,
    coders: prep.coders,
    groups: groups.map((group, g) => ({ group, respondents: respIn[g].size, sources: srcIn[g].size })),
    diagnostics,
    ...(noGroup !== undefined && groups.includes(noGroup) ? { noGroup } : {}),
    codes,
    ladder,
    tables,
    ...(prep.coderGaps.length ? { coderGaps: prep.coderGaps } : {}),
  };
}

/** Fisher's p as a cell: 4 decimals; below 0.0001 "< 0.0001" ("< 0,0001" in Dutch), never a bare 0. */
export function fisherCell(p: number | null, lang: Lang): Cell {
  if (p === null) return null;
  if (p < 0.0001) return tr(lang, '< 0.0001', '< 0,0001');
  return Math.round(p * 10000) / 10000;
}

function pct(x: number): number {
  return roundPercent(100 * x, 1);
}

/**
 * Respondents whose codings fall in more than one group (a stray row under the wrong group, or an
 * id used twice): a note per respondent with the groups, how many codings each, and the few
 * codings of the smaller groups (they are counted in every group they occur in).
 */
export function multiGroupNotes(prep: PreparedDoc, groupOf: (pc: PreparedCoding) => string, lang: Lang): string[] {
  const by = new Map<string, Map<string, PreparedCoding[]>>();
  for (const pc of prep.codings) {
    let m = by.get(pc.respondent);
    if (!m) by.set(pc.respondent, (m = new Map()));
    const g = groupOf(pc);
    let l = m.get(g);
    if (!l) m.set(g, (l = []));
    l.push(pc);
  }
  const out: string[] = [];
  for (const [resp, m] of [...by].sort((a, b) => naturalCompare(a[0], b[0]))) {
    if (m.size < 2) continue;
    const parts = [...m].sort((a, b) => b[1].length - a[1].length || naturalCompare(a[0], b[0]));
    const desc = parts.map(([g, l], i) => {
      const where = i === 0 ? '' : `: ${l.slice(0, 3).map((pc) => `${pc.coding.code} @ ${pc.segment?.id ?? pc.segmentKey}`).join(', ')}${l.length > 3 ? ', …' : ''}`;
      return `${g} (${l.length} ${tr(lang, l.length === 1 ? 'coding' : 'codings', l.length === 1 ? 'codering' : 'coderingen')}${where})`;
    });
    out.push(
      tr(
        lang,
        `Respondent ${resp} occurs in ${m.size} groups and is counted in each: ${desc.join('; ')}. Check the rows of the smaller group(s).`,
        `Respondent ${resp} komt in ${m.size} groepen voor en telt in elk mee: ${desc.join('; ')}. Controleer de rijen van de kleinere groep(en).`,
      ),
    );
  }
  return out;
}

function comparisonTable(
  codes: readonly CodeComparison[],
  groups: readonly string[],
  ns: readonly number[],
  grouping: ReturnType<typeof resolveGrouping>,
  coders: readonly string[],
  lang: Lang,
  minDiff: number,
  minResp: number,
  labels: readonly string[],
  compared: readonly string[] = groups,
  noGroup?: string,
  notAsked: ReadonlyArray<{ group: string; kinds: ReadonlyMap<string, number> }> = [],
): Table {
  // (the difference, Fisher's p and Notable are between the compared groups: not "(no group)", nor
  // a group without respondents, nor one of observation notes or documents beside interviews)
  const two = compared.length === 2;
  const left = groups.filter((g) => !compared.includes(g) && g === noGroup);
  const empty = groups.filter((g) => !compared.includes(g) && g !== noGroup && !notAsked.some((x) => x.group === g));
  const kindWords = kindCounts;
  const columns: Column[] = [
    { key: 'code', label: 'Code' },
    { key: 'label', label: tr(lang, 'Name', 'Naam') },
  ];
  groups.forEach((g, i) => {
    columns.push(
      { key: `segments:${g}`, label: tr(lang, `${g}: segments`, `${g}: segmenten`), align: 'right' },
      { key: `respondents:${g}`, label: tr(lang, `${g}: respondents (N=${ns[i]})`, `${g}: respondenten (N=${ns[i]})`), align: 'right' },
      { key: `share:${g}`, label: `${g}: %`, align: 'right', heat: true },
    );
  });
  columns.push({ key: 'difference', label: two ? tr(lang, `Difference ${compared[0]} − ${compared[1]} (pp)`, `Verschil ${compared[0]} − ${compared[1]} (pp)`) : tr(lang, 'Difference max − min (pp)', 'Verschil max − min (pp)'), align: 'right' });
  if (two) columns.push({ key: 'p', label: tr(lang, 'Fisher p', 'Fisher p'), align: 'right' });
  columns.push({ key: 'flag', label: tr(lang, 'Notable', 'Opvallend') });
  if (groups.length <= 4) columns.push({ key: 'summary', label: tr(lang, 'In words', 'In woorden') });
  const rows = codes.map((c, i) => {
    const row: Record<string, Cell> = { code: c.code, label: labels[i] };
    for (const s of c.groups) {
      row[`segments:${s.group}`] = s.segments;
      row[`respondents:${s.group}`] = s.respondents;
      row[`share:${s.group}`] = s.of ? pct(s.share) : null;
    }
    row.difference = c.difference;
    if (two) row.p = fisherCell(c.p, lang);
    row.flag = c.flag ? tr(lang, 'yes', 'ja') : '';
    if (groups.length <= 4) row.summary = c.groups.some((s) => s.respondents > 0)
      ? c.groups.map((s) => tr(lang, `${s.respondents} of ${s.of} (${s.group})`, `${s.respondents} van de ${s.of} (${s.group})`)).join(tr(lang, ' vs ', ' tegen '))
      : '';
    return row;
  });
  return {
    title: tr(lang, `Comparison by ${groupingLabel(grouping, 'en')}`, `Vergelijking naar ${groupingLabel(grouping, 'nl')}`),
    columns,
    rows,
    notes: [
      tr(lang, `Groups (${groups.length}): ${groups.map((g, i) => `${g} (N=${ns[i]} respondents)`).join(', ')}. Coders: ${coders.join(', ') || '–'}.`, `Groepen (${groups.length}): ${groups.map((g, i) => `${g} (N=${ns[i]} respondenten)`).join(', ')}. Codeurs: ${coders.join(', ') || '–'}.`),
      tr(lang, 'Segments = distinct coded segments; respondents = distinct respondents mentioning the code (respondent = case; in a multi-speaker source each speaker); % = respondents / N of the group. A parent code counts its descendants (distinct, not summed).', 'Segmenten = verschillende gecodeerde segmenten; respondenten = verschillende respondenten die de code noemen (respondent = casus; in een bron met meer sprekers elke spreker); % = respondenten / N van de groep. Een bovenliggende code telt de onderliggende mee (verschillend, niet opgeteld).'),
      ...(left.length
        ? [
            tr(
              lang,
              `${left.join(', ')}: the sources without a value; shown, but left out of the difference${two ? ", Fisher's p" : ''} and Notable (they are no group to compare).`,
              `${left.join(', ')}: de bronnen zonder waarde; getoond, maar niet meegenomen in het verschil${two ? ', Fisher p' : ''} en Opvallend (ze vormen geen groep om te vergelijken).`,
            ),
          ]
        : []),
      ...(empty.length
        ? [
            tr(
              lang,
              `${empty.join(', ')}: no respondents (N = 0; the sources hold interviewer turns only); the % is empty, and the group is left out of the difference${two ? ", Fisher's p" : ''} and Notable.`,
              `${empty.join(', ')}: geen respondenten (N = 0; de bronnen bevatten alleen beurten van de interviewer); het % is leeg, en de groep is niet meegenomen in het verschil${two ? ', Fisher p' : ''} en Opvallend.`,
            ),
          ]
        : []),
      ...(notAsked.length
        ? [
            tr(
              lang,
              `${notAsked.map((x) => `${x.group} (${kindWords(x.kinds, 'en')})`).join(', ')}: observation notes or documents only, beside groups of interviews; each note or document counts as one respondent of its group, and a share of notes is no share of people asked: shown, but left out of the difference${two ? ", Fisher's p" : ''} and Notable. qda report and qda run compare the interview groups only and set notes and documents beside them in "Said vs. observed"; to compare such groups with each other, give a codings file with only those sources, or compare --by source-kind.`,
              `${notAsked.map((x) => `${x.group} (${kindWords(x.kinds, 'nl')})`).join(', ')}: alleen observatieverslagen of documenten, naast groepen van interviews; elk verslag of document telt als één respondent van de groep, en een aandeel van verslagen is geen aandeel van ondervraagden: getoond, maar niet meegenomen in het verschil${two ? ', Fisher p' : ''} en Opvallend. qda report en qda run vergelijken alleen de groepen van interviews en zetten verslagen en documenten ernaast in "Gezegd vs. gezien"; vergelijk zulke groepen onderling met een coderingsbestand met alleen die bronnen, of met --by source-kind.`,
            ),
          ]
        : []),
      tr(lang, `Notable = |difference| ≥ ${minDiff} percentage points and at least ${minResp} respondents mention the code in the group with the higher share${two ? '' : ' (with more groups: a group where at least ' + minResp + ' respondents mention it lies ≥ ' + minDiff + ' points above the lowest group)'}.${two ? " Fisher's exact test (two-sided) on respondents mentioning vs not; with small groups p is rarely below 0.05, so read it as a guide only." : ''}`, `Opvallend = |verschil| ≥ ${minDiff} procentpunt en ten minste ${minResp} respondenten noemen de code in de groep met het hoogste aandeel${two ? '' : ' (bij meer groepen: een groep waarin ten minste ' + minResp + ' respondenten de code noemen ligt ≥ ' + minDiff + ' punten boven de laagste groep)'}.${two ? ' Fisher-toets (tweezijdig) op wel/niet noemen; bij kleine groepen is p zelden onder 0,05, lees het als richtinggevend.' : ''}`),
    ],
  };
}

function ladderStandings(
  ladder: Codebook,
  codebooks: readonly Codebook[],
  prep: ReturnType<typeof prepareDoc>,
  groupOf: (pc: PreparedCoding) => string,
  groupOfSource: ReadonlyMap<string, string> | undefined,
  groups: readonly string[],
  lang: Lang,
): NonNullable<CompareResult['ladder']> {
  if (!ladder.codes.some((c) => typeof c.level === 'number')) {
    throw inputError('analysis', 'not-a-ladder', `codebook "${ladder.id}" has no codes with a level`, {
      file: ladder.file,
      hint: 'give a ladder codebook (ladder: true, each level code with `level: 1..n`), e.g. --ladder hovik-hanssen',
    });
  }
  const levelNames = new Map<number, string>();
  for (const c of ladder.codes) {
    if (typeof c.level !== 'number') continue;
    if (!levelNames.has(c.level)) levelNames.set(c.level, codeName({ id: c.id, name: c.name }, c.id, lang));
  }
  // Levels per codebook: a ladder code's own level, or the `evidences` a code of another
  // codebook declares for this ladder; children inherit their parent's levels WITHIN
  // their own codebook (code ids are only unique inside one codebook).
  const levelsByBook = new Map<string, Map<string, number[]>>();
  const bookLevels = (b: Codebook, own: (c: Codebook['codes'][number]) => number[]) => {
    const byId = new Map(b.codes.map((c) => [c.id, c]));
    const out = new Map<string, number[]>();
    for (const c of b.codes) {
      const set = new Set<number>();
      const seen = new Set<string>();
      for (let cur: typeof c | undefined = c; cur && !seen.has(cur.id); cur = cur.parent ? byId.get(cur.parent) : undefined) {
        seen.add(cur.id);
        for (const l of own(cur)) set.add(l);
      }
      if (set.size) out.set(c.id, [...set].sort((x, y) => x - y));
    }
    return out;
  };
  levelsByBook.set(ladder.id, bookLevels(ladder, (c) => (typeof c.level === 'number' ? [c.level] : [])));
  for (const b of codebooks) {
    if (b.id === ladder.id) continue;
    const m = bookLevels(b, (c) => (c.evidences ?? []).filter((e) => e.codebook === ladder.id).map((e) => e.level));
    if (m.size) levelsByBook.set(b.id, m);
  }
  const levels = [...levelNames.keys()];
  for (const m of levelsByBook.values()) for (const ls of m.values()) for (const l of ls) if (!levels.includes(l)) levels.push(l);
  levels.sort((a, b) => a - b);
  // Which codebook a coding's code belongs to: the rule's codebook (evidence), else the
  // codebooks of the document that define the code id. Codes of no codebook (a flat CSV,
  // an uncategorised human code) are matched by id, as before.
  const ownersOf = new Map<string, Set<string>>();
  for (const c of prep.doc.codes) {
    if (!c.codebook) continue;
    let s = ownersOf.get(c.id);
    if (!s) ownersOf.set(c.id, (s = new Set()));
    s.add(c.codebook);
  }
  const ambiguous = new Map<string, number>();
  const levelsFor = (coding: (typeof prep.codings)[number]['coding']): readonly number[] => {
    const code = coding.code;
    const ruleBook = coding.evidence?.codebook;
    const owners = ruleBook ? [ruleBook] : [...(ownersOf.get(code) ?? [])];
    if (owners.length === 1) return levelsByBook.get(owners[0])?.get(code) ?? [];
    if (owners.length === 0) {
      const set = new Set<number>();
      for (const m of levelsByBook.values()) for (const l of m.get(code) ?? []) set.add(l);
      return [...set];
    }
    // the id is defined in several codebooks and a person coded it: which one is meant cannot be known
    if (owners.some((b) => levelsByBook.get(b)?.has(code))) ambiguous.set(code, (ambiguous.get(code) ?? 0) + 1);
    return [];
  };
  // (group, case) → level → segments
  const perCase = new Map<string, Map<number, Set<string>>>();
  const perGroup = new Map<string, Map<number, Set<string>>>();
  const casesOfGroup = new Map<string, Set<string>>(groups.map((g) => [g, new Set()]));
  const casesSeen = new Set<string>();
  for (const pc of prep.codings) {
    casesOfGroup.get(groupOf(pc))!.add(pc.source.case);
    casesSeen.add(pc.source.id);
  }
  // sources without codings still are cases of their group (by the source's own value)
  if (groupOfSource) for (const s of prep.sources) if (!casesSeen.has(s.id)) casesOfGroup.get(groupOfSource.get(s.id)!)?.add(s.case);
  const add = (m: Map<string, Map<number, Set<string>>>, k: string, l: number, seg: string) => {
    let byL = m.get(k);
    if (!byL) m.set(k, (byL = new Map()));
    let s = byL.get(l);
    if (!s) byL.set(l, (s = new Set()));
    s.add(seg);
  };
  for (const pc of prep.codings) {
    const ls = levelsFor(pc.coding);
    if (!ls.length) continue;
    const g = groupOf(pc);
    for (const l of ls) {
      add(perCase, `${g}\u0000${pc.source.case}`, l, pc.segmentKey);
      add(perGroup, g, l, pc.segmentKey);
    }
  }
  const standing = (byL: Map<number, Set<string>> | undefined) => {
    const perLevel: Record<number, number> = {};
    for (const l of levels) perLevel[l] = byL?.get(l)?.size ?? 0;
    const top = byL && byL.size ? maxOf(byL.keys()) : null;
    return {
      level: top,
      levelName: top === null ? null : levelNames.get(top) ?? String(top),
      evidence: top === null ? [] : [...byL!.get(top)!].sort(naturalCompare),
      perLevel,
    };
  };
  const standings: LadderStanding[] = [];
  for (const g of groups) {
    const cases = [...casesOfGroup.get(g)!].sort(naturalCompare);
    const caseStandings = cases.map((c) => ({ group: g, case: c, ...standing(perCase.get(`${g}\u0000${c}`)) }));
    pushAll(standings, caseStandings);
    const gs = standing(perGroup.get(g));
    standings.push({ group: g, case: null, ...gs, casesAtLevel: gs.level === null ? 0 : caseStandings.filter((c) => c.level === gs.level).length, cases: cases.length });
  }
  const ambiguousCodes = [...ambiguous.keys()].sort(naturalCompare).map((code) => ({ code, codebooks: [...(ownersOf.get(code) ?? [])].sort(naturalCompare), codings: ambiguous.get(code)! }));
  return { id: ladder.id, levels: levels.map((level) => ({ level, name: levelNames.get(level) ?? String(level) })), standings, ambiguous: ambiguousCodes };
}

function ladderTable(l: NonNullable<CompareResult['ladder']>, ladder: Codebook, grouping: ReturnType<typeof resolveGrouping>, lang: Lang): Table {
  const ladderName = (lang === 'nl' ? ladder.name.nl ?? ladder.name.en : ladder.name.en ?? ladder.name.nl) ?? ladder.id;
  const columns: Column[] = [
    { key: 'group', label: groupingLabel(grouping, lang) },
    { key: 'case', label: tr(lang, 'Case', 'Casus') },
    { key: 'level', label: tr(lang, 'Highest level', 'Hoogste niveau'), align: 'right' },
    { key: 'levelName', label: tr(lang, 'Level name', 'Naam niveau') },
    { key: 'count', label: tr(lang, 'Segments at that level', 'Segmenten op dat niveau'), align: 'right' },
    ...l.levels.map((x) => ({ key: `L${x.level}`, label: `${tr(lang, 'L', 'N')}${x.level}`, align: 'right' as const, heat: true })),
    { key: 'evidence', label: tr(lang, 'Evidence (segments)', 'Bewijs (segmenten)') },
  ];
  const rows: Array<Record<string, Cell>> = [];
  const totalRows: number[] = [];
  const MAX = 12;
  for (const s of l.standings) {
    const row: Record<string, Cell> = {
      group: s.group,
      case: s.case ?? tr(lang, `(group: ${s.casesAtLevel} of ${s.cases} cases at this level)`, `(groep: ${s.casesAtLevel} van de ${s.cases} casussen op dit niveau)`),
      level: s.level,
      levelName: s.levelName ?? '–',
      count: s.evidence.length,
      evidence: s.evidence.slice(0, MAX).join(', ') + (s.evidence.length > MAX ? ` … (+${s.evidence.length - MAX})` : ''),
    };
    for (const x of l.levels) row[`L${x.level}`] = s.perLevel[x.level] ?? 0;
    if (s.case === null) totalRows.push(rows.length);
    rows.push(row);
  }
  return {
    title: tr(lang, `Ladder: ${ladderName} — highest level evidenced per case and ${groupingLabel(grouping, 'en')}`, `Ladder: ${ladderName} — hoogste niveau met bewijs per casus en ${groupingLabel(grouping, 'nl')}`),
    columns,
    rows,
    totalRows,
    notes: [
      tr(lang, 'Highest level = the highest ladder level with at least one coded segment as evidence: codings with a code of the ladder itself, or with a code that declares `evidences` of this ladder (children inherit their parent\'s level); a code of another codebook that merely has the same id does not count. Columns L1… give the segments per level.', 'Hoogste niveau = het hoogste niveau van de ladder met ten minste één gecodeerd segment als bewijs: coderingen met een code van de ladder zelf, of met een code die `evidences` naar deze ladder heeft (onderliggende codes erven het niveau); een code uit een ander codeboek die toevallig dezelfde id heeft telt niet. Kolommen N1… geven de segmenten per niveau.'),
      tr(lang, 'This points to the evidence; whether a level is reached remains the researcher\'s judgement (a ladder is cumulative, and frequent codes do not make a level).', 'Dit wijst het bewijs aan; of een niveau bereikt is blijft het oordeel van de onderzoeker (een ladder is cumulatief, en veel voorkomende codes maken nog geen niveau).'),
      ...l.ambiguous.map((a) =>
        tr(
          lang,
          `Not counted: ${a.codings} human coding(s) of "${a.code}", a code id defined in several codebooks (${a.codebooks.join(', ')}); it cannot be told which one is meant. Rename the code in your own codebook.`,
          `Niet meegeteld: ${a.codings} menselijke codering(en) met "${a.code}", een code-id die in meer codeboeken voorkomt (${a.codebooks.join(', ')}); niet te zeggen welke bedoeld is. Geef de code in uw eigen codeboek een andere id.`,
        ),
      ),
    ],
  };
}
