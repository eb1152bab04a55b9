import type { Cell, CodingsDocument, Column, Diagnostic, Lang, RelationRef, Table } from '../model/types.js';
import { LineIndex, OffsetMap } from '../model/codepoints.js';
import { inputError } from '../model/errors.js';
import { didYouMean } from '../model/did-you-mean.js';
import { resolveLinks, type Passage } from '../coding/links.js';
import { codeName } from './hierarchy.js';
import { groupValue, groupingLabel, naturalCompare, resolveGrouping, tr, type Grouping } from './prepare.js';

/**
 * Contrast of linked codings (pure): one row per linked pair — what is said (e.g. an
 * espoused theory) beside what is done (the theory-in-use that enacts it) — with the
 * researcher's verdict and both quotes with their places, and a summary per case or
 * group (pairs per verdict). Links are read from the codings (`ref`, `links`); a link
 * whose target no coding carries is a row marked dangling, never left out.
 */
export interface ContrastOptions {
  /** Code on the left (with its sub-codes); default: any. */
  readonly from?: string;
  /** Code on the right (with its sub-codes); default: any. */
  readonly to?: string;
  /** Group the summary by `case` (default), `source`, `source-kind` or a case attribute. */
  readonly by?: string;
  /** Only links of this relation. */
  readonly relation?: string;
  /** Only passages by these coders. */
  readonly coders?: readonly string[];
  readonly lang?: Lang;
  /** Characters of a quote before it is shortened with "…" (default: whole quote). */
  readonly maxQuote?: number;
}

export interface ContrastPair {
  readonly case: string;
  readonly group: string;
  readonly fromCode: string;
  readonly toCode: string | null;
  readonly relation: string;
  /** True when the link runs from the right-hand passage to the left-hand one. */
  readonly reversed: boolean;
  readonly verdict: string;
  readonly fromQuote: string;
  readonly fromPlace: string;
  readonly toQuote: string;
  readonly toPlace: string;
  /** The label the link names (for a dangling link: the label no coding carries). */
  readonly target: string;
  readonly dangling: boolean;
}

export interface ContrastResult {
  readonly pairs: readonly ContrastPair[];
  readonly pairsTable: Table;
  readonly summaryTable: Table;
  readonly verdicts: readonly string[];
  /** Links between a passage of the coders asked for (--coder) and one of another coder, left out (said). */
  readonly leftOutAcrossCoders: number;
  readonly diagnostics: readonly Diagnostic[];
}

/** True when the document has at least one link between codings. */
export function hasLinks(doc: Pick<CodingsDocument, 'codings'>): boolean {
  return doc.codings.some((c) => (c.links?.length ?? 0) > 0);
}

export function computeContrast(doc: CodingsDocument, opts: ContrastOptions = {}): ContrastResult {
  const lang = opts.lang ?? 'en';
  const known = new Set([...doc.codes.map((c) => c.id), ...doc.codings.map((c) => c.code)]);
  const checkCode = (code: string | undefined, option: string) => {
    if (code === undefined || known.has(code)) return;
    const expected = didYouMean(code, [...known]);
    throw inputError('analysis', 'unknown-code', `${option}: no code "${code}" in the codings`, {
      ...(expected.length ? { expected } : {}),
      hint: expected.length ? `did you mean "${expected[0]}"?` : `codes in the codings: ${[...known].sort(naturalCompare).slice(0, 12).join(', ')}${known.size > 12 ? ', …' : ''}`,
    });
  };
  checkCode(opts.from, '--from');
  checkCode(opts.to, '--to');
  const sources = new Map(doc.sources.map((s) => [s.id, s]));
  const grouping: Grouping = resolveGrouping(opts.by ?? 'case', doc.sources, { option: '--by' });

  // code → itself and its descendants
  const children = new Map<string, string[]>();
  for (const c of doc.codes) if (c.parent) (children.get(c.parent) ?? children.set(c.parent, []).get(c.parent)!).push(c.id);
  const family = (code: string | undefined): Set<string> | undefined => {
    if (code === undefined) return undefined;
    const out = new Set<string>();
    const walk = (id: string) => {
      if (out.has(id)) return;
      out.add(id);
      for (const k of children.get(id) ?? []) walk(k);
    };
    walk(code);
    return out;
  };
  const fromSet = family(opts.from);
  const toSet = family(opts.to);
  const inFrom = (code: string) => !fromSet || fromSet.has(code);
  const inTo = (code: string) => !toSet || toSet.has(code);

  const coders = opts.coders?.length ? new Set(opts.coders) : undefined;
  const res = resolveLinks(doc);
  /** The pair a link from `a` to `b` makes under --from/--to (left and right), or none. */
  const orient = (a: Passage, b: Passage): { left: Passage; right: Passage; reversed: boolean } | undefined => {
    if (inFrom(a.code) && inTo(b.code)) return { left: a, right: b, reversed: false };
    if (fromSet && toSet && inFrom(b.code) && inTo(a.code)) return { left: b, right: a, reversed: true };
    return undefined;
  };

  // quotes and places
  const maps = new Map<string, { om: OffsetMap; li: LineIndex }>();
  const segs = new Map(doc.segments.map((g) => [g.id, g]));
  const quote = (p: Passage): string => {
    const s = sources.get(p.sourceId);
    let q: string;
    if (s?.text) {
      let m = maps.get(s.id);
      if (!m) maps.set(s.id, (m = { om: new OffsetMap(s.text), li: new LineIndex(s.text) }));
      q = m.om.slice(p.start, p.end);
    } else {
      q = p.codings.map((c) => (c.segmentId ? segs.get(c.segmentId)?.text ?? '' : '')).filter(Boolean).join(' … ');
    }
    // (inline markers and the brackets of exact spans are not part of what was said)
    q = q.replace(/\{\{[^{}\n]*\}\}/g, ' ').replace(/\[\[|\]\]/g, '').replace(/\s+/g, ' ').trim();
    return opts.maxQuote && [...q].length > opts.maxQuote ? [...q].slice(0, opts.maxQuote).join('') + '…' : q;
  };
  const place = (p: Passage): string => {
    const s = sources.get(p.sourceId);
    if (s?.text) {
      let m = maps.get(s.id);
      if (!m) maps.set(s.id, (m = { om: new OffsetMap(s.text), li: new LineIndex(s.text) }));
      return `${s.id}:${m.li.toPoint(m.om.toUtf16(p.start)).line}`;
    }
    const seg = p.codings[0]?.segmentId;
    return seg ?? p.sourceId;
  };
  const groupOf = (p: Passage) => {
    const s = sources.get(p.sourceId);
    return s ? groupValue(s, grouping, lang) : p.sourceId;
  };
  const caseOf = (p: Passage) => sources.get(p.sourceId)?.case ?? p.sourceId;

  const pairs: ContrastPair[] = [];
  // links between a passage of the coders asked for and one of another coder: left out by --coder,
  // said (a link from anna's passage to bert's #e1 was dropped without a word: "no linked pair")
  const acrossCoders: Array<{ from: Passage; to: Passage; target: string }> = [];
  for (const r of res.links) {
    if (opts.relation !== undefined && r.link.relation !== opts.relation) continue;
    const relation = r.link.relation ?? '';
    const verdict = r.link.verdict ?? '';
    if (coders && !coders.has(r.from.coder)) {
      // another coder's link: said only when it reaches a passage of the coders asked for
      for (const t of r.to) if (coders.has(t.coder) && orient(r.from, t)) acrossCoders.push({ from: r.from, to: t, target: r.link.to });
      continue;
    }
    if (!r.to.length) {
      // dangling: shown on the side its origin's code belongs to
      const left = inFrom(r.from.code);
      const right = !left && toSet?.has(r.from.code);
      if (!left && !right) continue;
      const missing = tr(lang, `(no coding labelled #${r.link.to})`, `(geen codering met label #${r.link.to})`);
      pairs.push({
        case: caseOf(r.from),
        group: groupOf(r.from),
        fromCode: left ? r.from.code : '',
        toCode: left ? null : r.from.code,
        relation,
        reversed: !left,
        verdict,
        fromQuote: left ? quote(r.from) : missing,
        fromPlace: left ? place(r.from) : '',
        toQuote: left ? missing : quote(r.from),
        toPlace: left ? '' : place(r.from),
        target: r.link.to,
        dangling: true,
      });
      continue;
    }
    for (const t of r.to) {
      const o = orient(r.from, t);
      if (!o) continue;
      if (coders && !coders.has(t.coder)) {
        acrossCoders.push({ from: r.from, to: t, target: r.link.to });
        continue;
      }
      const { left, right, reversed } = o;
      const g1 = groupOf(left);
      const g2 = groupOf(right);
      pairs.push({
        case: caseOf(left),
        group: g1 === g2 ? g1 : `${g1} / ${g2}`,
        fromCode: left.code,
        toCode: right.code,
        relation,
        reversed,
        verdict,
        fromQuote: quote(left),
        fromPlace: place(left),
        toQuote: quote(right),
        toPlace: place(right),
        target: r.link.to,
        dangling: false,
      });
    }
  }
  const byCase = grouping.kind === 'case';
  pairs.sort(
    (a, b) =>
      (byCase ? 0 : naturalCompare(a.group, b.group)) ||
      naturalCompare(a.case, b.case) ||
      naturalCompare(a.fromPlace || a.toPlace, b.fromPlace || b.toPlace) ||
      Number(a.dangling) - Number(b.dangling) ||
      naturalCompare(a.toPlace, b.toPlace) ||
      naturalCompare(a.relation, b.relation) ||
      naturalCompare(a.verdict, b.verdict),
  );

  const verdicts = verdictOrder(pairs, doc.relations ?? []);
  const codeRefs = new Map(doc.codes.map((c) => [c.id, c]));
  const cname = (id: string | null) => (id === null ? '—' : id === '' ? '—' : codeName(codeRefs.get(id), id, lang));
  const relName = (id: string, reversed: boolean) => {
    const r = doc.relations?.find((x) => x.id === id);
    const n = r?.name ? (lang === 'nl' ? r.name.nl ?? r.name.en : r.name.en ?? r.name.nl) ?? id : id;
    return `${reversed ? '← ' : ''}${n || tr(lang, '(link)', '(koppeling)')}`;
  };
  const verdictName = (v: string) => {
    if (!v) return '';
    for (const r of doc.relations ?? []) {
      const d = r.verdicts?.find((x) => x.id === v);
      if (d?.name) return (lang === 'nl' ? d.name.nl ?? d.name.en : d.name.en ?? d.name.nl) ?? v;
    }
    return v;
  };
  const byLabel = groupingLabel(grouping, lang);
  const showGroup = grouping.kind !== 'case';
  const columns: Column[] = [
    { key: 'case', label: tr(lang, 'Case', 'Casus') },
    ...(showGroup ? [{ key: 'group', label: byLabel }] : []),
    { key: 'from', label: opts.from ? cname(opts.from) : tr(lang, 'From', 'Van') },
    { key: 'from_quote', label: tr(lang, 'Quote', 'Citaat') },
    { key: 'from_place', label: tr(lang, 'Where', 'Waar') },
    { key: 'relation', label: tr(lang, 'Relation', 'Relatie') },
    { key: 'verdict', label: tr(lang, 'Verdict', 'Oordeel') },
    { key: 'to', label: opts.to ? cname(opts.to) : tr(lang, 'To', 'Naar') },
    { key: 'to_quote', label: tr(lang, 'Quote', 'Citaat') },
    { key: 'to_place', label: tr(lang, 'Where', 'Waar') },
  ];
  const rows: Array<Record<string, Cell>> = pairs.map((p) => ({
    case: p.case,
    ...(showGroup ? { group: p.group } : {}),
    from: p.fromCode ? cname(p.fromCode) : '—',
    from_quote: p.fromQuote,
    from_place: p.fromPlace,
    relation: relName(p.relation, p.reversed),
    verdict: verdictName(p.verdict),
    to: p.dangling && !p.reversed ? `— (#${p.target})` : cname(p.toCode),
    to_quote: p.toQuote,
    to_place: p.toPlace,
  }));
  const title = `${tr(lang, 'Said vs. done', 'Gezegd vs. gedaan')}${opts.from || opts.to ? `: ${opts.from ? cname(opts.from) : tr(lang, 'any code', 'elke code')} ↔ ${opts.to ? cname(opts.to) : tr(lang, 'any code', 'elke code')}` : ''}`;
  const nDangling = pairs.filter((p) => p.dangling).length;
  // cycles of links (e1 → p1 → e1) are allowed: each link is one row, nothing is followed round; said
  const cycles = linkCycles(res.links);
  const nameOf = (p: Passage) => (p.ref ? `#${p.ref}` : `${p.code}@${place(p)}`);
  const notes = [
    tr(lang, 'One row per linked pair of codings; the verdict is the researcher\'s, as written on the link.', 'Eén rij per gekoppeld paar coderingen; het oordeel is dat van de onderzoeker, zoals bij de koppeling geschreven.'),
    tr(lang, 'Where: source:line of the start of each passage. "←" marks a link that runs from the right-hand passage to the left-hand one.', 'Waar: bron:regel van het begin van elk fragment. "←" markeert een koppeling die van het rechter naar het linker fragment loopt.'),
    ...(cycles.length
      ? [
          tr(
            lang,
            `The links form ${cycles.length} cycle(s) (e.g. ${[...cycles[0], cycles[0][0]].map(nameOf).join(' → ')}); that is allowed: each link is one row, none is followed round.`,
            `De koppelingen vormen ${cycles.length} kring(en) (bijv. ${[...cycles[0], cycles[0][0]].map(nameOf).join(' → ')}); dat mag: elke koppeling is één rij, er wordt niet rondgelopen.`,
          ),
        ]
      : []),
    ...(nDangling
      ? [tr(lang, `${nDangling} link(s) point at a label no coding carries (dangling); they are shown, not dropped.`, `${nDangling} koppeling(en) wijzen naar een label dat geen codering draagt (los); ze staan erin, ze zijn niet weggelaten.`)]
      : []),
  ];
  const pairsTable: Table = { title, columns, rows, notes };

  // summary per group (or case)
  const key = (p: ContrastPair) => (showGroup ? p.group : p.case);
  // every case or group of the sources has a row: one without a linked pair reads 0 (it was left
  // out, so a group of sources without links did not show in the counts per group)
  const withPairs = new Set(pairs.map(key));
  const withoutPairs = new Set<string>();
  for (const s of doc.sources) {
    const k = showGroup ? groupValue(s, grouping, lang) : s.case;
    if (!withPairs.has(k)) withoutPairs.add(k);
  }
  const groups = [...withPairs, ...withoutPairs].sort(naturalCompare);
  const vcols = verdicts.map((v, i) => ({ key: `v${i}`, v }));
  const hasNone = pairs.some((p) => !p.verdict);
  const sColumns: Column[] = [
    { key: 'group', label: showGroup ? byLabel : tr(lang, 'Case', 'Casus') },
    ...vcols.map((c) => ({ key: c.key, label: verdictName(c.v), align: 'right' as const, heat: true })),
    ...(hasNone ? [{ key: 'none', label: tr(lang, '(no verdict)', '(geen oordeel)'), align: 'right' as const }] : []),
    { key: 'total', label: tr(lang, 'Pairs', 'Paren'), align: 'right' },
    ...(nDangling ? [{ key: 'dangling', label: tr(lang, 'of which dangling', 'waarvan los'), align: 'right' as const }] : []),
  ];
  const count = (ps: readonly ContrastPair[]) => {
    const row: Record<string, Cell> = {};
    for (const c of vcols) row[c.key] = ps.filter((p) => p.verdict === c.v).length;
    if (hasNone) row.none = ps.filter((p) => !p.verdict).length;
    row.total = ps.length;
    if (nDangling) row.dangling = ps.filter((p) => p.dangling).length;
    return row;
  };
  const sRows: Array<Record<string, Cell>> = groups.map((g) => ({ group: g, ...count(pairs.filter((p) => key(p) === g)) }));
  sRows.push({ group: tr(lang, 'Total', 'Totaal'), ...count(pairs) });
  const across = coders && acrossCoders.length ? linkAcrossCoders(acrossCoders, coders, place) : undefined;
  const summaryTable: Table = {
    title: tr(lang, `Verdicts per ${showGroup ? byLabel : 'case'}`, `Oordelen per ${showGroup ? byLabel : 'casus'}`),
    columns: sColumns,
    rows: sRows,
    totalRows: [sRows.length - 1],
    notes: [
      tr(lang, 'Cell = number of linked pairs with that verdict.', 'Cel = aantal gekoppelde paren met dat oordeel.'),
      ...(withoutPairs.size
        ? [
            (() => {
              const list = `${[...withoutPairs].sort(naturalCompare).slice(0, 12).join(', ')}${withoutPairs.size > 12 ? ', …' : ''}`;
              const what = showGroup ? tr(lang, `value(s) of ${byLabel}`, `waarde(n) van ${byLabel}`) : tr(lang, 'case(s)', 'casus(sen)');
              return tr(lang, `${withoutPairs.size} ${what} of the sources have no linked pair${opts.from || opts.to || opts.relation !== undefined || coders ? ' among those shown' : ''} (a row of 0): ${list}.`, `${withoutPairs.size} ${what} van de bronnen hebben geen gekoppeld paar${opts.from || opts.to || opts.relation !== undefined || coders ? ' onder de getoonde' : ''} (een rij met 0): ${list}.`);
            })(),
          ]
        : []),
      ...(across ? [tr(lang, across.note.en, across.note.nl)] : []),
    ],
  };
  const written = (['verdict', 'relation'] as const).map((what) => writtenApart(what, res.links, place)).filter((d): d is Diagnostic => d !== undefined);
  return { pairs, pairsTable, summaryTable, verdicts, leftOutAcrossCoders: acrossCoders.length, diagnostics: [...res.diagnostics, ...written, ...(across ? [across.diagnostic] : [])] };
}

/**
 * Verdicts or relations of the links written only in other capitals or spaces ("consistent" on one
 * link, "Consistent" on another): a column each in the verdict table, and --relation takes only the
 * one spelling. Named with the links of each spelling and the place of the first.
 */
function writtenApart(what: 'verdict' | 'relation', links: ReturnType<typeof resolveLinks>['links'], place: (p: Passage) => string): Diagnostic | undefined {
  const byFold = new Map<string, Map<string, { n: number; at: string }>>();
  for (const r of links) {
    const v = r.link[what];
    if (!v) continue;
    const key = v.normalize('NFC').replace(/\s+/gu, ' ').trim().toLocaleLowerCase();
    const m = byFold.get(key) ?? byFold.set(key, new Map()).get(key)!;
    const e = m.get(v);
    if (e) e.n++;
    else m.set(v, { n: 1, at: place(r.from) });
  }
  const apart = [...byFold.values()].filter((m) => m.size > 1);
  if (!apart.length) return undefined;
  return {
    severity: 'warning',
    source: 'analysis',
    ruleId: `${what}s-written-apart`,
    message: `${apart.length} ${what}${apart.length > 1 ? 's are' : ' is'} written in different capitals or spaces on the links and counted apart${what === 'verdict' ? ' (a column each in the verdicts table)' : ' (--relation takes one spelling only)'}: ${apart
      .slice(0, 5)
      .map((m) => [...m].map(([v, e]) => `"${v}" (${e.n} link${e.n > 1 ? 's' : ''}, first at ${e.at})`).join(' vs '))
      .join('; ')}${apart.length > 5 ? '; …' : ''}`,
    hint: `if they are one and the same, write the ${what} alike on every link; if they are different, nothing to do`,
  };
}

/**
 * Links that join a passage of the coders asked for (--coder anna) with a passage of another
 * coder (anna's in-use linked to bert's #e1, or bert's link to anna's passage): not pairs of
 * anna's passages, so left out, and said with the count, the other coders, the first place and
 * the --coder that shows them.
 */
function linkAcrossCoders(
  across: ReadonlyArray<{ from: Passage; to: Passage; target: string }>,
  coders: ReadonlySet<string>,
  place: (p: Passage) => string,
): { diagnostic: Diagnostic; note: { en: string; nl: string } } {
  const asked = [...coders].join(', ');
  const others = [...new Set(across.flatMap((a) => [a.from.coder, a.to.coder]).filter((c) => !coders.has(c)))].sort(naturalCompare);
  const n = across.length;
  const f = across[0];
  const first = `${place(f.from)} (${f.from.code}, ${f.from.coder}) -> #${f.target} at ${place(f.to)} (${f.to.code}, ${f.to.coder})`;
  const plusCoder = others.map((c) => `--coder ${c}`).join(' ');
  return {
    diagnostic: {
      severity: 'warning',
      source: 'analysis',
      ruleId: 'link-across-coders',
      message: `${n} link${n > 1 ? 's' : ''} join${n > 1 ? '' : 's'} a passage coded by ${asked} with one coded by another coder (${others.join(', ')}) and ${n > 1 ? 'are' : 'is'} left out by --coder ${asked} (not a pair of ${asked}'s passages): first ${first}`,
      hint: `add ${plusCoder} to count ${n > 1 ? 'them' : 'it'} (the tables then count those coders' own links too)`,
    },
    note: {
      en: `${n} link(s) between a passage of ${asked} and one of another coder (${others.join(', ')}) are left out (first ${first}); add ${plusCoder} to show them.`,
      nl: `${n} koppeling(en) tussen een fragment van ${asked} en een van een andere codeur (${others.join(', ')}) zijn weggelaten (eerste ${first}); voeg ${plusCoder} toe om ze te tonen.`,
    },
  };
}

/** Verdicts in the order the codebooks' relations list them, then the others in natural order. */
function verdictOrder(pairs: readonly ContrastPair[], relations: readonly RelationRef[]): string[] {
  const used = new Set(pairs.map((p) => p.verdict).filter(Boolean));
  const out: string[] = [];
  const rels = [...relations].sort((a, b) => (pairs.some((p) => p.relation === a.id) ? 0 : 1) - (pairs.some((p) => p.relation === b.id) ? 0 : 1));
  for (const r of rels) for (const v of r.verdicts ?? []) if (used.has(v.id) && !out.includes(v.id)) out.push(v.id);
  for (const v of [...used].sort(naturalCompare)) if (!out.includes(v)) out.push(v);
  return out;
}

/** Cycles among linked passages (each found once, from its first passage in link order). */
export function linkCycles(links: readonly { readonly from: Passage; readonly to: readonly Passage[] }[]): Passage[][] {
  const next = new Map<Passage, Passage[]>();
  for (const r of links) for (const t of r.to) (next.get(r.from) ?? next.set(r.from, []).get(r.from)!).push(t);
  const state = new Map<Passage, 1 | 2>();
  const cycles: Passage[][] = [];
  const path: Passage[] = [];
  // iterative depth-first walk (a long chain of links must not overflow the stack)
  for (const start of next.keys()) {
    if (state.has(start)) continue;
    const stack: Array<{ p: Passage; i: number }> = [{ p: start, i: 0 }];
    state.set(start, 1);
    path.push(start);
    while (stack.length) {
      const top = stack[stack.length - 1];
      const out = next.get(top.p) ?? [];
      if (top.i < out.length) {
        const q = out[top.i++];
        const st = state.get(q);
        if (st === 1) cycles.push(path.slice(path.indexOf(q)));
        else if (st === undefined) {
          state.set(q, 1);
          path.push(q);
          stack.push({ p: q, i: 0 });
        }
      } else {
        state.set(top.p, 2);
        path.pop();
        stack.pop();
      }
    }
  }
  return cycles;
}
