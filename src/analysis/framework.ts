import type { Cell, CodeRef, CodingsDocument, Column, Diagnostic, Lang, Table } from '../model/types.js';
import type { Codebook } from '../codebook/types.js';
import { LineIndex, OffsetMap } from '../model/codepoints.js';
import { inputError } from '../model/errors.js';
import { didYouMean } from '../model/did-you-mean.js';
import { codeName } from './hierarchy.js';
import { codingGroupValue, groupValue, groupingLabel, isPerCoding, prepareDoc, resolveGrouping, tr, type Grouping, type PreparedCoding } from './prepare.js';
import { naturalSort } from './order.js';

/**
 * Framework matrix (pure): dimension (code) × case or group, each cell the researcher's
 * judgement (text, a mark such as X, or a ladder level) and beside it the coded evidence
 * (number of coded segments, their places; the quotes in a second table). Judgements on
 * cells without coded evidence are flagged. Rows follow the codebook (or a given order),
 * columns the natural order of their values (or a given order).
 */

/** One row of a judgements file, as read (strings trimmed; `line` 1-based in the file). */
export interface JudgementRow {
  readonly line: number;
  /** The case or group value. */
  readonly column: string;
  /** The dimension: a code id, name or alias. */
  readonly dimension: string;
  readonly judgement: string;
  readonly level?: string;
}

export interface FrameworkOptions {
  /** `case` (default), `source`, `source-kind` or a case attribute. */
  readonly cols?: string;
  readonly file?: string;
  /** A ladder codebook: levels (numbers) are shown with the name of their code. */
  readonly ladder?: Codebook;
  readonly rowOrder?: readonly string[];
  readonly colOrder?: readonly string[];
  /** Only the judged dimensions as rows (default: also the codes with evidence in the same codebooks). */
  readonly judgedOnly?: boolean;
  /** Evidence beside the judgement (own column, default) or under it (same cell). */
  readonly evidence?: 'beside' | 'under' | 'none';
  /** Places listed per cell (default 5). */
  readonly maxPlaces?: number;
  readonly coders?: readonly string[];
  readonly lang?: Lang;
}

export interface FrameworkCell {
  readonly dimension: string;
  readonly column: string;
  readonly judgement: string;
  /** Distinct coded segments of the dimension (and its sub-codes) in the column's sources. */
  readonly evidence: number;
  readonly places: readonly string[];
  /** True when there is a judgement but no coded evidence. */
  readonly unsupported: boolean;
}

export interface FrameworkResult {
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  readonly cells: ReadonlyMap<string, FrameworkCell>;
  readonly tables: readonly Table[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Marks a researcher puts in a cell instead of words. */
const MARKS = new Set(['x', 'X', '×', '✕', '✗', '✓', '✔', '+', '++', '-', '--', '–', '•', '●', '○', '◐', '0', '?', '!']);

export function isMark(s: string): boolean {
  return MARKS.has(s.trim());
}

/** A mark as it is shown: `x` and the multiplication signs as X, the rest as written. */
export function showMark(s: string): string {
  const t = s.trim();
  return t === 'x' || t === '×' || t === '✕' ? 'X' : t;
}

export const cellKey = (dimension: string, column: string) => `${dimension}\u0000${column}`;

export function computeFramework(doc: CodingsDocument, judgements: readonly JudgementRow[], opts: FrameworkOptions = {}): FrameworkResult {
  const lang = opts.lang ?? 'en';
  const file = opts.file ?? 'judgements.csv';
  const prep = prepareDoc(doc, { coders: opts.coders });
  const grouping: Grouping = resolveGrouping(opts.cols ?? 'case', prep.sources.length ? prep.sources : doc.sources, { option: '--cols' }, prep.codings.map((pc) => pc.coding));
  // an attribute of the codings themselves (a per-row `opgave` or `question`): each coding counts under its own value
  const perCoding = isPerCoding(prep, grouping);
  const diagnostics: Diagnostic[] = [];

  // the dimensions: codes by id, name (nl, en) or alias, case-insensitively
  const codes = doc.codes;
  const codeIdx = new Map(codes.map((c, i) => [c.id, i]));
  const byLabel = labelResolver([
    codes.map((c) => [c.id, c.id] as const),
    codes.flatMap((c) => [c.name?.nl, c.name?.en, ...(((c as CodeRef & { aliases?: readonly string[] }).aliases) ?? [])].filter((n): n is string => !!n).map((n) => [n, c.id] as const)),
    doc.codings.map((c) => [c.code, c.code] as const),
  ]);

  // the columns: the sources' values, or (per-coding attribute) the codings' values
  const allSources = prep.sources;
  const colOfSource = new Map(allSources.map((s) => [s.id, groupValue(s, grouping, lang)]));
  const colOf = (pc: PreparedCoding): string | undefined => (perCoding ? codingGroupValue(pc, grouping, lang) : colOfSource.get(pc.source.id));
  const coded = new Set(prep.codings.map((pc) => pc.source.id));
  const values = perCoding
    ? [...new Set([...prep.codings.map((pc) => codingGroupValue(pc, grouping, lang)), ...allSources.filter((s) => !coded.has(s.id)).map((s) => colOfSource.get(s.id)!)])]
    : [...new Set(colOfSource.values())];
  const byValue = labelResolver([values.map((v) => [v, v] as const)]);

  // check every row first: all unknown names in one message
  const bad: string[] = [];
  const badExpected: string[] = [];
  const rows: Array<JudgementRow & { code: string; col: string }> = [];
  for (const j of judgements) {
    const code = byLabel.get(j.dimension);
    const col = byValue.get(j.column);
    // written with other capitals than two codes or values that differ only in them: which one is meant cannot be told
    for (const [what, written, r] of [['dimension', j.dimension, byLabel], [groupingLabel(grouping, 'en'), j.column, byValue]] as const) {
      const amb = r.ambiguous(written);
      if (amb) bad.push(`${file}:${j.line}: the ${what} "${written}" is written like ${amb.map((x) => `"${x}"`).join(' and ')}, which the codings keep apart (they differ only in capitals); write it exactly as the one it is`);
    }
    if (code === undefined && byLabel.ambiguous(j.dimension)) continue;
    if (col === undefined && byValue.ambiguous(j.column)) continue;
    if (code === undefined) {
      const near = didYouMean(j.dimension, [...new Set([...codes.map((c) => c.id), ...codes.flatMap((c) => [c.name?.nl, c.name?.en].filter((x): x is string => !!x))])]);
      bad.push(`${file}:${j.line}: the dimension "${j.dimension}" is no code of the codings${near.length ? ` (nearest: ${near.join(', ')})` : ''}`);
      // bounded: a few suggestions
      badExpected.push(...near);
    }
    if (col === undefined) {
      const near = didYouMean(j.column, values);
      bad.push(`${file}:${j.line}: the ${groupingLabel(grouping, 'en')} "${j.column}" is not in the codings${near.length ? ` (nearest: ${near.join(', ')})` : ` (${groupingLabel(grouping, 'en')} values: ${naturalSort(values).slice(0, 10).join(', ')}${values.length > 10 ? ', …' : ''})`}`);
      // bounded: a few suggestions
      badExpected.push(...near);
    }
    if (code !== undefined && col !== undefined) rows.push({ ...j, code, col });
  }
  if (bad.length) {
    throw inputError('analysis', 'unknown-judgement-target', bad.length === 1 ? bad[0] : `${bad.length} rows name something the codings do not have:\n  ${bad.join('\n  ')}`, {
      file,
      line: judgements.find((j) => byLabel.get(j.dimension) === undefined || byValue.get(j.column) === undefined)?.line,
      ...(badExpected.length ? { expected: [...new Set(badExpected)] } : {}),
      hint: `the first column names a value of "${groupingLabel(grouping, 'en')}" in the codings (choose another grouping with --cols), the dimension a code id or name; correct the rows, or code the sources first`,
    });
  }

  // judgements per cell (two rows on one cell: both kept, reported)
  const ladderName = (level: string): string => {
    const n = Number(level);
    if (!opts.ladder || !Number.isInteger(n)) return level;
    const c = opts.ladder.codes.find((x) => x.level === n && (x.parent === undefined || opts.ladder!.codes.find((p) => p.id === x.parent)?.level !== n));
    return c ? `${n} · ${(lang === 'nl' ? c.name.nl ?? c.name.en : c.name.en ?? c.name.nl) ?? c.id}` : level;
  };
  const judged = new Map<string, { texts: string[]; lines: number[] }>();
  for (const r of rows) {
    const k = cellKey(r.code, r.col);
    let text = r.judgement;
    if (opts.ladder && !text && r.level === undefined) text = '';
    if (isMark(text)) text = showMark(text);
    else if (opts.ladder && /^\d+$/.test(text) && r.level === undefined) text = ladderName(text);
    if (r.level !== undefined && r.level !== '') {
      const lv = opts.ladder ? ladderName(r.level) : r.level;
      text = text ? `${text} (${tr(lang, 'level', 'niveau')} ${lv})` : `${tr(lang, 'level', 'niveau')} ${lv}`;
    }
    const cur = judged.get(k) ?? judged.set(k, { texts: [], lines: [] }).get(k)!;
    if (text) cur.texts.push(text);
    cur.lines.push(r.line);
  }
  for (const [k, v] of judged) {
    if (v.lines.length < 2) continue;
    const [dim, col] = k.split('\u0000');
    diagnostics.push({ severity: 'warning', source: 'analysis', ruleId: 'judgement-twice', file, line: v.lines[1], message: `${v.lines.length} judgements for ${col} × ${dim} (lines ${v.lines.join(', ')}); all are shown in the cell`, hint: 'one row per cell, or keep them if the cell holds several findings (e.g. a strength and a weakness)' });
  }

  // evidence: distinct segments of the code and its sub-codes per column
  const children = new Map<string, string[]>();
  for (const c of codes) if (c.parent) (children.get(c.parent) ?? children.set(c.parent, []).get(c.parent)!).push(c.id);
  const ancestorsOf = new Map<string, string[]>();
  const ancestors = (id: string): string[] => {
    let a = ancestorsOf.get(id);
    if (a) return a;
    a = [id];
    const parent = new Map(codes.map((c) => [c.id, c.parent]));
    let p = parent.get(id);
    const seen = new Set([id]);
    while (p && !seen.has(p)) {
      a.push(p);
      seen.add(p);
      p = parent.get(p);
    }
    ancestorsOf.set(id, a);
    return a;
  };
  const segs = new Map<string, Map<string, PreparedCoding>>(); // cell → segmentKey → first coding
  for (const pc of prep.codings) {
    const col = colOf(pc);
    if (col === undefined) continue;
    for (const a of ancestors(pc.coding.code)) {
      const k = cellKey(a, col);
      const m = segs.get(k) ?? segs.set(k, new Map()).get(k)!;
      if (!m.has(pc.segmentKey)) m.set(pc.segmentKey, pc);
    }
  }

  // rows and columns, in order
  const judgedDims = [...new Set(rows.map((r) => r.code))];
  let rowIds = judgedDims;
  if (!opts.judgedOnly) {
    const books = new Set(judgedDims.map((d) => codes[codeIdx.get(d) ?? -1]?.codebook).filter((b) => b !== undefined));
    const withEvidence = new Set(prep.codings.flatMap((pc) => ancestors(pc.coding.code)));
    for (const c of codes) if (withEvidence.has(c.id) && !rowIds.includes(c.id) && (books.size === 0 || (c.codebook !== undefined && books.has(c.codebook)))) rowIds = [...rowIds, c.id];
  }
  const rowsOrdered = orderBy(rowIds, opts.rowOrder, (list) => {
    const known = list.filter((d) => codeIdx.has(d)).sort((a, b) => codeIdx.get(a)! - codeIdx.get(b)!);
    return [...known, ...naturalSort(list.filter((d) => !codeIdx.has(d)))];
  }, (id) => [id, codes[codeIdx.get(id) ?? -1]?.name?.nl, codes[codeIdx.get(id) ?? -1]?.name?.en], '--row-order', diagnostics);
  const colsOrdered = orderBy(values, opts.colOrder, naturalSort, (v) => [v], '--col-order', diagnostics);

  // places of the evidence
  const lineOf = new Map<string, { li: LineIndex; om: OffsetMap }>();
  const placeOf = (pc: PreparedCoding): string => {
    const s = pc.source;
    if (!s.text) return pc.segment?.id ?? s.id;
    let x = lineOf.get(s.id);
    if (!x) lineOf.set(s.id, (x = { li: new LineIndex(s.text), om: new OffsetMap(s.text) }));
    return `${s.id}:${x.li.toPoint(x.om.toUtf16(pc.coding.start)).line}`;
  };
  const maxPlaces = opts.maxPlaces ?? 5;
  const cells = new Map<string, FrameworkCell>();
  const unsupported: string[] = [];
  for (const d of rowsOrdered) {
    for (const c of colsOrdered) {
      const k = cellKey(d, c);
      const ev = segs.get(k);
      const j = judged.get(k);
      const judgement = j ? j.texts.join('; ') : '';
      const n = ev?.size ?? 0;
      const places = ev ? [...ev.values()].map(placeOf) : [];
      const flag = !!j && n === 0;
      if (flag) unsupported.push(`${c} × ${d}`);
      cells.set(k, { dimension: d, column: c, judgement, evidence: n, places, unsupported: flag });
    }
  }

  const ref = new Map(codes.map((c) => [c.id, c]));
  const dimName = (id: string) => {
    const nm = codeName(ref.get(id), id, lang);
    return nm === id ? id : `${nm} (${id})`;
  };
  const noEvidence = tr(lang, '⚑ no coded evidence', '⚑ geen gecodeerd bewijs');
  const evText = (cell: FrameworkCell) => {
    if (cell.evidence === 0) return cell.unsupported ? noEvidence : '0';
    const shown = cell.places.slice(0, maxPlaces);
    return `${cell.evidence}: ${shown.join(', ')}${cell.places.length > shown.length ? `, … (+${cell.places.length - shown.length})` : ''}`;
  };
  const mode = opts.evidence ?? 'beside';
  const columns: Column[] = [{ key: 'dimension', label: tr(lang, 'Dimension', 'Dimensie') }];
  colsOrdered.forEach((c, i) => {
    columns.push({ key: `j${i}`, label: c });
    if (mode === 'beside') columns.push({ key: `e${i}`, label: `${c}: ${tr(lang, 'evidence', 'bewijs')}` });
  });
  const tableRows: Array<Record<string, Cell>> = rowsOrdered.map((d) => {
    const row: Record<string, Cell> = { dimension: dimName(d) };
    colsOrdered.forEach((c, i) => {
      const cell = cells.get(cellKey(d, c))!;
      if (mode === 'beside') {
        row[`j${i}`] = cell.judgement;
        row[`e${i}`] = evText(cell);
      } else if (mode === 'under') {
        row[`j${i}`] = [cell.judgement, `[${evText(cell)}]`].filter(Boolean).join('\n');
      } else row[`j${i}`] = cell.judgement;
    });
    return row;
  });
  const nJudged = [...cells.values()].filter((c) => c.judgement).length;
  const notes = [
    tr(lang, `Judgement: the researcher's, from ${file}. Evidence: number of distinct coded segments of the dimension (with its sub-codes) in the sources of the ${groupingLabel(grouping, 'en')}, and where they are (source:line).`, `Oordeel: dat van de onderzoeker, uit ${file}. Bewijs: aantal verschillende gecodeerde segmenten van de dimensie (met subcodes) in de bronnen van de ${groupingLabel(grouping, 'nl')}, en waar ze staan (bron:regel).`),
    tr(lang, `${nJudged} judged cells of ${cells.size}.`, `${nJudged} beoordeelde cellen van ${cells.size}.`),
    tr(lang, `Evidence counts the codings of: ${prep.coders.join(', ') || '–'}.`, `Bewijs telt de coderingen van: ${prep.coders.join(', ') || '–'}.`),
    ...(unsupported.length
      ? [tr(lang, `⚑ ${unsupported.length} judgement(s) without coded evidence: ${unsupported.join('; ')}.`, `⚑ ${unsupported.length} oordeel/oordelen zonder gecodeerd bewijs: ${unsupported.join('; ')}.`)]
      : []),
    ...(perCoding
      ? [tr(lang, `"${grouping.kind === 'attribute' ? grouping.name : ''}" is an attribute of each coding (it varies within sources): each coding counts under its own value.`, `"${grouping.kind === 'attribute' ? grouping.name : ''}" is een kenmerk van elke codering (het verschilt binnen bronnen): elke codering telt onder haar eigen waarde.`)]
      : []),
    ...(opts.ladder ? [tr(lang, `Levels: ladder ${opts.ladder.id}.`, `Niveaus: ladder ${opts.ladder.id}.`)] : []),
  ];
  const matrix: Table = {
    title: tr(lang, `Framework matrix: dimensions × ${groupingLabel(grouping, 'en')}`, `Raamwerkmatrix: dimensies × ${groupingLabel(grouping, 'nl')}`),
    columns,
    rows: tableRows,
    notes,
  };

  // the evidence behind each judged cell, with quotes
  const quoteRows: Array<Record<string, Cell>> = [];
  for (const d of rowsOrdered) {
    for (const c of colsOrdered) {
      const cell = cells.get(cellKey(d, c))!;
      if (!cell.judgement) continue;
      const ev = [...(segs.get(cellKey(d, c))?.values() ?? [])];
      if (!ev.length) quoteRows.push({ dimension: dimName(d), column: c, judgement: cell.judgement, place: '', coder: '', quote: noEvidence });
      for (const pc of ev) {
        placeOf(pc); // (fills the cache)
        const q = pc.source.text ? lineOf.get(pc.source.id)!.om.slice(pc.coding.start, pc.coding.end) : pc.segment?.text ?? '';
        quoteRows.push({ dimension: dimName(d), column: c, judgement: cell.judgement, place: placeOf(pc), coder: pc.coding.coder, quote: q.replace(/\{\{[^{}\n]*\}\}/g, ' ').replace(/\[\[|\]\]/g, '').replace(/\s+/g, ' ').trim() });
      }
    }
  }
  const quotes: Table = {
    title: tr(lang, 'Evidence behind the judgements', 'Bewijs achter de oordelen'),
    columns: [
      { key: 'dimension', label: tr(lang, 'Dimension', 'Dimensie') },
      { key: 'column', label: groupingLabel(grouping, lang).replace(/^\p{Ll}/u, (c) => c.toUpperCase()) },
      { key: 'judgement', label: tr(lang, 'Judgement', 'Oordeel') },
      { key: 'place', label: tr(lang, 'Where', 'Waar') },
      { key: 'coder', label: tr(lang, 'Coder', 'Codeur') },
      { key: 'quote', label: tr(lang, 'Quote', 'Citaat') },
    ],
    rows: quoteRows,
    notes: [tr(lang, 'One row per coded segment behind a judged cell.', 'Eén rij per gecodeerd segment achter een beoordeelde cel.')],
  };
  return { rows: rowsOrdered, columns: colsOrdered, cells, tables: [matrix, quotes], diagnostics };
}

/**
 * Order `items` by a given list (names matched by any of `names(item)`, case-insensitively),
 * the rest after it in `fallback` order; names in the list that match nothing are reported.
 */
function orderBy(items: readonly string[], given: readonly string[] | undefined, fallback: (list: readonly string[]) => string[], names: (item: string) => ReadonlyArray<string | undefined>, option: string, diagnostics: Diagnostic[]): string[] {
  if (!given?.length) return fallback(items);
  const k = (s: string) => s.trim().toLowerCase();
  const out: string[] = [];
  const unknown: string[] = [];
  for (const g of given) {
    const hit = items.find((it) => names(it).some((n) => n !== undefined && k(n) === k(g)));
    if (hit === undefined) unknown.push(g);
    else if (!out.includes(hit)) out.push(hit);
  }
  if (unknown.length) {
    diagnostics.push({ severity: 'warning', source: 'analysis', ruleId: 'order-unknown', message: `${option}: ${unknown.map((u) => `"${u}"`).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not in the table; ignored`, hint: `the table has: ${fallback(items).slice(0, 12).join(', ')}`, expected: didYouMean(unknown[0], items) });
  }
  const rest = fallback(items.filter((i) => !out.includes(i)));
  return [...out, ...rest];
}

/**
 * Names → targets, tier by tier (e.g. code ids, then code names, then the codes of the codings):
 * a name written exactly as one wins (two values of the codings that differ only in capitals are
 * two columns: "Noord" names "Noord", not "noord"); else a name written with other capitals or
 * spaces finds the one it is like, unless two of one tier are (`ambiguous`).
 */
function labelResolver(tiers: ReadonlyArray<ReadonlyArray<readonly [string, string]>>): { get(s: string): string | undefined; ambiguous(s: string): string[] | undefined } {
  const norm = (s: string) => s.trim().replace(/\s+/g, ' ');
  const fold = (s: string) => norm(s).toLowerCase();
  const exact = tiers.map((t) => {
    const m = new Map<string, string>();
    for (const [l, v] of t) if (!m.has(norm(l))) m.set(norm(l), v);
    return m;
  });
  const folded = tiers.map((t) => {
    const m = new Map<string, Set<string>>();
    for (const [l, v] of t) (m.get(fold(l)) ?? m.set(fold(l), new Set()).get(fold(l))!).add(v);
    return m;
  });
  const find = (s: string): { hit?: string; amb?: string[] } => {
    for (const m of exact) {
      const v = m.get(norm(s));
      if (v !== undefined) return { hit: v };
    }
    for (const m of folded) {
      const set = m.get(fold(s));
      if (!set) continue;
      if (set.size === 1) return { hit: [...set][0] };
      return { amb: [...set].sort() };
    }
    return {};
  };
  return { get: (s) => find(s).hit, ambiguous: (s) => find(s).amb };
}
