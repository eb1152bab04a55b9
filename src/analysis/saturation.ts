import type { CodingsDocument, CodeRef, Diagnostic, Lang, Source, SourceKind } from '../model/types.js';
import { inputError } from '../model/errors.js';
import { guestSaturation, type GuestVerdict } from './saturation-guest.js';
import { packBitsets, permutationBand, type PermutationBand } from './saturation-permutations.js';
import { chao2FromFrequencies, type Chao2Estimate } from './richness.js';
import { deriveSeed, seedFrom } from './prng.js';
import { fitLowe, type LoweFit } from './saturation-lowe.js';
import { prepareDoc, type PreparedDoc } from './prepare.js';

/**
 * Code saturation over sources in interview order (anchors §3):
 * new codes per source, the cumulative curve, the Guest, Namey & Chen (2020)
 * verdict, an order-permutation band, and the Chao2 estimate of the total
 * number of codes. Pure: no I/O, no clock, no Math.random.
 *
 * Units: one source = one unit (one interview). By default only sources of
 * kind `transcript` or `survey` count when the document has any; otherwise all
 * sources (observation notes, documents) count. `kinds: 'all'` or an explicit
 * list overrides this. Sources without any coding still count (they add 0).
 * Codings whose source is missing from `doc.sources` are kept as transcripts.
 * Codings on interviewer turns never count (the respondent-evidence rule of
 * `prepareDoc`, as in matrix, compare and the appendix); they are counted in `setAside`.
 *
 * Order: by `order` — an attribute (numeric when every present value is a
 * number, else dates when every value is an ISO date or a day-first date (dd-mm-yyyy, dd/mm/yyyy,
 * dd.mm.yyyy: read as day-month-year and named in `dayFirst`; a column of them with a value that is
 * no date is refused), else natural string order;
 * sources without the value go last; ties by source id) or `'file'` (document
 * order). Default: attribute `order` when a source has it, else `date`, else file order.
 */

export type SaturationLevel = 'code' | 'category' | 'label';

export interface SaturationOptions {
  readonly order?: string;
  readonly by?: string;
  readonly level?: SaturationLevel;
  /** Only codings by these coders (default: all). */
  readonly coders?: readonly string[];
  readonly base?: number;
  readonly run?: number;
  readonly threshold?: number;
  readonly permutations?: number;
  readonly seed?: number;
  /** Language for labels (level `label`) and group names. */
  readonly lang?: Lang;
  readonly kinds?: 'auto' | 'all' | readonly SourceKind[];
  /** The codings file, named in an error about the order's values. */
  readonly file?: string;
}

export interface SaturationPoint {
  /** 1-based position in the order. */
  readonly position: number;
  readonly sourceId: string;
  readonly case: string;
  /** The ordering attribute's value ('' when missing or file order). */
  readonly orderValue: string;
  /** Codes (at the chosen level) of this source, sorted. */
  readonly codes: readonly string[];
  /** Codes first seen here, sorted. */
  readonly newCodes: readonly string[];
  readonly cumulative: number;
  /** Guest ratio ρ(n) of the run after this position (null when undefined). */
  readonly ratio: number | null;
}

export interface SaturationSeries {
  /** Group value, or null for all units together. */
  readonly group: string | null;
  readonly points: readonly SaturationPoint[];
  readonly totalCodes: number;
  readonly guest: GuestVerdict;
  readonly richness: Chao2Estimate;
  readonly band?: PermutationBand;
  /** Lowe et al. (2018) model fitted to the permutation mean curve (with permutations only). */
  readonly lowe?: LoweFit;
}

export interface SaturationResult {
  readonly level: SaturationLevel;
  readonly order: { readonly attribute: string | null; readonly type: 'numeric' | 'date' | 'string' | 'file' };
  readonly by: string | null;
  readonly params: {
    readonly base: number;
    readonly run: number;
    readonly threshold: number;
    readonly permutations: number;
    readonly seed: number;
    readonly coders: readonly string[] | null;
  };
  readonly kinds: readonly SourceKind[] | 'all';
  /** The coders whose codings were counted (sorted). */
  readonly coders: readonly string[];
  readonly excluded: readonly { readonly id: string; readonly kind: SourceKind }[];
  readonly overall: SaturationSeries;
  readonly groups: readonly SaturationSeries[];
  readonly lang: Lang;
  /** What the order had to decide by itself (no value, shared values, values that are not numbers). */
  readonly orderIssues?: OrderIssues;
  /** With --by an attribute of each coding: sources whose codings lie under more than one value (counted in each group's curve). */
  readonly inSeveralGroups?: ReadonlyArray<{ readonly id: string; readonly groups: readonly string[] }>;
  /** Dates of the order read as day-month-year (dd-mm-yyyy, d/m/yyyy, dd.mm.yyyy). */
  readonly dayFirst?: DayFirst;
  /** Codings left out: on interviewer turns (of the chosen coders). */
  readonly setAside: { readonly interviewer: number };
  /** With --coder: the sources other coders coded where a chosen coder has no coding (each an interview adding no codes to that coder's curve). */
  readonly coderGaps?: PreparedDoc['coderGaps'];
}

const PSEUDO_ATTRIBUTES = ['case', 'kind', 'source-kind', 'source'];

/** Attribute lookup: exact key, else case-insensitive; pseudo-attributes case/kind/source. */
export function sourceAttribute(s: Source, attr: string): string | undefined {
  const a = s.attributes ?? {};
  if (Object.prototype.hasOwnProperty.call(a, attr)) return a[attr];
  const lower = attr.toLowerCase();
  for (const k of Object.keys(a)) if (k.toLowerCase() === lower) return a[k];
  if (lower === 'case') return s.case;
  if (lower === 'kind' || lower === 'source-kind') return s.kind;
  if (lower === 'source') return s.id;
  return undefined;
}

function hasAttribute(s: Source, attr: string): boolean {
  const v = sourceAttribute(s, attr);
  return v !== undefined && v.trim() !== '';
}

/** Natural order: digit runs compare as numbers; otherwise by UTF-16 code units (locale-free, deterministic). */
export function naturalCompare(a: string, b: string): number {
  const re = /(\d+)|(\D+)/g;
  const pa = a.match(re) ?? [];
  const pb = b.match(re) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === y) continue;
    const dx = /^\d/.test(x);
    const dy = /^\d/.test(y);
    if (dx && dy) {
      const d = Number(x) - Number(y);
      if (d !== 0) return d;
      if (x.length !== y.length) return x.length - y.length;
    }
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length || (a < b ? -1 : a > b ? 1 : 0);
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
/**
 * d-m-yyyy, dd-mm-yyyy, dd/mm/yyyy, dd.mm.yyyy (one separator): day first, the Dutch and European
 * convention; with a time after it (`1-3-2024 14:30`, as a Dutch Excel writes a date and time into
 * a CSV: it was ordered as text, `1-3-2024 14:30` before `15-1-2024 9:00`, without a word).
 */
const DAY_FIRST = /^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/** A day-first date as YYYY-MM-DD (and its time as HH:MM[:SS]), or null when it names no day (month 13, 31-04) or time (25:00). */
export function dayFirstToIso(v: string): string | null {
  const m = DAY_FIRST.exec(v);
  if (!m) return null;
  const d = Number(m[1]);
  const mo = Number(m[3]);
  const y = Number(m[4]);
  const t = new Date(Date.UTC(y, mo - 1, d));
  if (mo < 1 || mo > 12 || d < 1 || t.getUTCDate() !== d || t.getUTCMonth() !== mo - 1) return null;
  const day = `${m[4]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  if (m[5] === undefined) return day;
  if (Number(m[5]) > 23 || Number(m[6]) > 59 || (m[7] !== undefined && Number(m[7]) > 59)) return null;
  return `${day} ${m[5].padStart(2, '0')}:${m[6]}${m[7] !== undefined ? `:${m[7]}` : ''}`;
}

/**
 * A date that cannot be ordered as written: a two-digit year (`1-3-24`) or a month's name (`1 maart
 * 2024`, `March 1, 2024`). Ordered as text they go by their first digits, without a word; named
 * with the values not written as YYYY-MM-DD.
 */
const TEXT_DATE = /^(?:\d{1,2}[-/.]\d{1,2}[-/.]\d{2}|(?=.*\b\d{4}\b)(?=.*\b(?:jan|feb|mrt|maa|mar|apr|mei|may|jun|jul|aug|sep|okt|oct|nov|dec)[a-z]*\.?(?:\s|,|$)).{6,40})$/i;

function orderSources(units: readonly Source[], attr: string | null, file?: string): { sorted: Source[]; type: SaturationResult['order']['type']; issues?: OrderIssues; dayFirst?: DayFirst } {
  if (attr === null) return { sorted: [...units], type: 'file' };
  const written = units.map((s) => (sourceAttribute(s, attr) ?? '').trim());
  const present = written.filter((v) => v !== '');
  // day-first dates (alone or beside ISO dates) are read as day-month-year and ordered as dates; a
  // column of them with a value that is no such date (a month-first 03/15/2024, text) cannot be ordered
  const dayFirstShaped = present.filter((v) => DAY_FIRST.test(v));
  let values = written;
  let dayFirst: DayFirst | undefined;
  if (dayFirstShaped.length) {
    const bad = units.flatMap((u, i) => (written[i] !== '' && !ISO_DATE.test(written[i]) && dayFirstToIso(written[i]) === null ? [{ id: u.id, value: written[i] }] : []));
    if (bad.length === 0) {
      values = written.map((v) => (v === '' || ISO_DATE.test(v) ? v : dayFirstToIso(v)!));
      dayFirst = { attribute: attr, values: units.flatMap((u, i) => (written[i] !== '' && values[i] !== written[i] ? [{ id: u.id, value: written[i], read: values[i] }] : [])) };
    } else if ((dayFirstShaped.length + present.filter((v) => ISO_DATE.test(v)).length) * 2 >= present.length) {
      throw inputError('analysis', 'unorderable-dates', `the "${attr}" values mix date forms that cannot be put in order: ${bad.slice(0, 8).map((b) => `${b.id}: "${b.value}"`).join(', ')}${bad.length > 8 ? `, and ${bad.length - 8} more` : ''} ${bad.length === 1 ? 'is' : 'are'} not a day-month-year date (dd-mm-yyyy) like the others`, {
        ...(file ? { file } : {}),
        hint: `write every "${attr}" value as YYYY-MM-DD (2024-03-01) or every one as dd-mm-yyyy (01-03-2024), or order by another attribute (--order)`,
      });
    }
  }
  const type = present.every((v) => NUMERIC.test(v)) ? 'numeric' : values.every((v) => v === '' || ISO_DATE.test(v)) ? 'date' : 'string';
  // what the order had to decide by itself: sources without a value (placed last), sources that
  // share a value (placed by id), values that are not numbers among numbers (string order)
  const missing = units.filter((_, i) => values[i] === '').map((s) => s.id);
  // in numeric order "007", "7" and "7.0" are one value (a tie placed by id), written differently
  const tieKey = (v: string) => (type === 'numeric' ? String(Number(v)) : v);
  const byValue = new Map<string, { written: Set<string>; ids: string[] }>();
  units.forEach((s, i) => {
    if (values[i] === '') return;
    const k = tieKey(values[i]);
    let t = byValue.get(k);
    if (!t) byValue.set(k, (t = { written: new Set(), ids: [] }));
    t.written.add(written[i]);
    t.ids.push(s.id);
  });
  const ties = [...byValue.values()].filter((t) => t.ids.length > 1).map((t) => ({ value: [...t.written].join(' = '), ids: [...t.ids].sort(byId) }));
  const numeric = present.filter((v) => NUMERIC.test(v)).length;
  const notNumber = type === 'string' && numeric * 2 >= present.length ? units.flatMap((s, i) => (values[i] !== '' && !NUMERIC.test(values[i]) ? [{ id: s.id, value: values[i] }] : [])) : [];
  // dates in another form among ISO dates ("03-11-2024" beside "2024-11-12"): string order puts them
  // anywhere, so they are named (day-first or month-first cannot be told safely)
  // (dates written with a two-digit year or a month's name count as dates here: a column of them was
  // ordered as text, by the day's digits, without a word)
  const iso = present.filter((v) => ISO_DATE.test(v) || TEXT_DATE.test(v)).length;
  const notDate = type === 'string' && !notNumber.length && iso * 2 >= present.length ? units.flatMap((s, i) => (values[i] !== '' && !ISO_DATE.test(values[i]) ? [{ id: s.id, value: values[i] }] : [])) : [];
  const issues = missing.length || ties.length || notNumber.length || notDate.length ? { attribute: attr, missing, ties, notNumber, ...(notDate.length ? { notDate } : {}) } : undefined;
  const idx = units.map((_, i) => i);
  idx.sort((i, j) => {
    const a = values[i];
    const b = values[j];
    if (a === '' || b === '') {
      if (a !== b) return a === '' ? 1 : -1;
    } else {
      const c = type === 'numeric' ? Number(a) - Number(b) : type === 'date' ? byId(a, b) : naturalCompare(a, b);
      if (c !== 0) return c;
    }
    return byId(units[i].id, units[j].id);
  });
  return { sorted: idx.map((i) => units[i]), type, ...(issues ? { issues } : {}), ...(dayFirst ? { dayFirst } : {}) };
}

/**
 * What is said of dates read as day-month-year: an info naming them; a warning when every one of
 * them could be month-first too (no day above 12: `03-04-2024` is 3 April or March 4), where the
 * order may be wrong and only the methods note said how they were read. With the column, the
 * count, the first values and how to state the order.
 */
export function dayFirstDiagnostic(d: DayFirst, file?: string): Diagnostic {
  const shown = d.values.slice(0, 3).map((x) => `${x.value} = ${x.read}`).join(', ');
  const ambiguous = d.values.length > 0 && d.values.every((x) => Number(x.read.slice(8, 10)) <= 12);
  if (ambiguous) {
    const swapped = (iso: string) => `${iso.slice(0, 4)}-${iso.slice(8, 10)}-${iso.slice(5, 7)}`;
    const first = d.values.find((x) => x.read.slice(5, 7) !== x.read.slice(8, 10)) ?? d.values[0];
    return {
      severity: 'warning',
      source: 'analysis',
      ruleId: 'dates-order-ambiguous',
      message: `the "${d.attribute}" column's ${d.values.length} date${d.values.length === 1 ? '' : 's'} written as dd-mm-yyyy (${shown}${d.values.length > 3 ? ', …' : ''}) could each be day-month or month-day (no day is above 12): read as day-month-year to order the sources; if they are month-first, ${first.value} is ${swapped(first.read)} and the order of the sources is not the one shown`,
      ...(file ? { file } : {}),
      hint: `state the order by writing every "${d.attribute}" value as YYYY-MM-DD (${first.value} as ${first.read} or ${swapped(first.read)}), in the cases table or the codings file`,
    };
  }
  return {
    severity: 'info',
    source: 'analysis',
    ruleId: 'dates-day-first',
    message: `the "${d.attribute}" column's dates written as dd-mm-yyyy were read as day-month-year (the Dutch and European convention) to order the sources: ${d.values.length} value(s), e.g. ${shown}`,
    ...(file ? { file } : {}),
    hint: `if they are month-first (mm-dd-yyyy), write every "${d.attribute}" value as YYYY-MM-DD`,
  };
}

/** Dates read as day-month-year (dd-mm-yyyy) to order the sources. */
export interface DayFirst {
  readonly attribute: string;
  readonly values: ReadonlyArray<{ readonly id: string; readonly value: string; readonly read: string }>;
}

/** What the order of the sources had to decide by itself (named in the methods notes). */
export interface OrderIssues {
  readonly attribute: string;
  /** Sources without a value: placed after the others. */
  readonly missing: readonly string[];
  /** Sources that share a value: placed by their id. */
  readonly ties: ReadonlyArray<{ readonly value: string; readonly ids: readonly string[] }>;
  /** Values that are not numbers among numbers: the whole order is string order. */
  readonly notNumber: ReadonlyArray<{ readonly id: string; readonly value: string }>;
  /** Values that are not ISO dates (YYYY-MM-DD) among ISO dates: the whole order is string order. */
  readonly notDate?: ReadonlyArray<{ readonly id: string; readonly value: string }>;
  /** Sources whose rows give more than one value (a per-row column): placed last, as without a value. */
  readonly manyValues?: ReadonlyArray<{ readonly id: string; readonly values: readonly string[] }>;
}

function available(units: readonly Source[]): string[] {
  const keys = new Set<string>();
  for (const s of units) for (const k of Object.keys(s.attributes ?? {})) keys.add(k);
  return [...keys].sort(naturalCompare);
}

function codeName(c: CodeRef | undefined, id: string, lang: Lang): string {
  const n = c?.name;
  return (n && (n[lang] || n.en || n.nl)) || id;
}

function validate(opts: SaturationOptions): { base: number; run: number; threshold: number; permutations: number; seed: number } {
  const base = opts.base ?? 4;
  const run = opts.run ?? 2;
  const threshold = opts.threshold ?? 0.05;
  const permutations = opts.permutations ?? 0;
  const seed = opts.seed ?? 1;
  const intOpt = (name: string, v: number, min: number, hint: string) => {
    if (!Number.isInteger(v) || v < min) {
      throw inputError('analysis', `bad-${name}`, `--${name} must be a whole number ≥ ${min}, got ${String(v)}`, { hint });
    }
  };
  intOpt('base', base, 1, 'Guest et al. (2020) recommend --base 4 (6 was also tested)');
  intOpt('run', run, 1, 'Guest et al. (2020) used --run 2 or 3');
  intOpt('permutations', permutations, 0, 'e.g. --permutations 1000');
  if (permutations > 10_000_000) throw inputError('analysis', 'bad-permutations', `--permutations ${permutations} is too many`, { hint: 'use at most 10,000,000 (1,000–10,000 is plenty)' });
  if (!Number.isFinite(threshold) || threshold < 0 || threshold >= 1) {
    throw inputError('analysis', 'bad-threshold', `--threshold must be a proportion in [0, 1), got ${String(threshold)}`, {
      hint: 'give a proportion such as 0.05 for 5% (0 means "no new codes at all")',
    });
  }
  if (!Number.isFinite(seed)) throw inputError('analysis', 'bad-seed', `--seed must be a number, got ${String(seed)}`, { hint: 'e.g. --seed 7' });
  return { base, run, threshold, permutations, seed: seedFrom(seed) };
}

export function computeSaturation(doc: CodingsDocument, opts: SaturationOptions = {}): SaturationResult {
  const lang: Lang = opts.lang ?? 'en';
  const level: SaturationLevel = opts.level ?? 'code';
  const params = validate(opts);
  const coders = opts.coders && opts.coders.length ? [...opts.coders] : null;
  // respondent evidence of the chosen coders: the codings matrix and compare count (interviewer
  // turns set aside); a --coder with no codings at all is refused here, as there
  const prep = prepareDoc(doc, { coders: coders ?? undefined });

  // --- units -------------------------------------------------------------
  const all: Source[] = [...doc.sources];
  const known = new Set(all.map((s) => s.id));
  for (const c of doc.codings) {
    if (!known.has(c.sourceId)) {
      known.add(c.sourceId);
      all.push({ id: c.sourceId, path: c.sourceId, kind: 'transcript', format: 'txt', case: c.sourceId, attributes: {}, encoding: 'utf-8', newline: 'lf', sha256: '', text: '', length: 0 });
    }
  }
  let kinds: readonly SourceKind[] | 'all';
  if (opts.kinds === 'all') kinds = 'all';
  else if (Array.isArray(opts.kinds)) kinds = opts.kinds as readonly SourceKind[];
  else kinds = all.some((s) => s.kind === 'transcript' || s.kind === 'survey') ? ['transcript', 'survey'] : 'all';
  const units = kinds === 'all' ? all : all.filter((s) => (kinds as readonly string[]).includes(s.kind));
  const excluded = kinds === 'all' ? [] : all.filter((s) => !(kinds as readonly string[]).includes(s.kind)).map((s) => ({ id: s.id, kind: s.kind }));

  // --- order ---------------------------------------------------------------
  let orderAttr: string | null;
  if (opts.order === 'file') orderAttr = null;
  else if (opts.order) {
    if (!units.some((s) => hasAttribute(s, opts.order!))) {
      throw inputError('analysis', 'unknown-order-attribute', `no source has the attribute "${opts.order}" to order by`, {
        expected: [...available(units), 'file'],
        hint: 'give --order with one of the attributes listed, or --order file for the order in the codings file (attributes come from the codings CSV columns, or from `qda code --cases`)',
      });
    }
    orderAttr = opts.order;
  } else orderAttr = units.some((s) => hasAttribute(s, 'order')) ? 'order' : units.some((s) => hasAttribute(s, 'date')) ? 'date' : null;
  // a group attribute the codings carry themselves (a per-row factor or question): each coding in its own group
  const codingValue = (c: CodingsDocument['codings'][number]): string | undefined => {
    const a = c.attributes;
    if (!a || !opts.by) return undefined;
    if (Object.prototype.hasOwnProperty.call(a, opts.by)) return a[opts.by];
    const lower = opts.by.toLowerCase();
    for (const k of Object.keys(a)) if (k.toLowerCase() === lower) return a[k];
    return undefined;
  };
  const unitById = new Map(units.map((s) => [s.id, s]));
  const byPerCoding =
    !!opts.by &&
    doc.codings.some((c) => {
      const v = codingValue(c);
      const s = unitById.get(c.sourceId);
      return v !== undefined && s !== undefined && v.trim() !== (sourceAttribute(s, opts.by!) ?? '').trim();
    });
  if (opts.by && !byPerCoding && !units.some((s) => hasAttribute(s, opts.by!))) {
    throw inputError('analysis', 'unknown-group-attribute', `no source has the attribute "${opts.by}" to group by`, {
      expected: [...available(units), ...PSEUDO_ATTRIBUTES.filter((p) => p !== 'source')],
      hint: 'give --by with one of the attributes listed (e.g. team)',
    });
  }
  const ordered = orderSources(units, orderAttr, opts.file);
  const { sorted, type, dayFirst } = ordered;
  // a source placed as without a value whose rows carry more than one (a column that varies within
  // the source, 3 on some rows and 16 on others): named with its values, not as one without a value
  let orderIssues = ordered.issues;
  if (orderAttr && orderIssues?.missing.length) {
    const missing = new Set(orderIssues.missing);
    const vals = new Map<string, Set<string>>();
    for (const c of doc.codings) {
      const v = c.attributes?.[orderAttr]?.trim();
      if (v && missing.has(c.sourceId)) (vals.get(c.sourceId) ?? vals.set(c.sourceId, new Set()).get(c.sourceId)!).add(v);
    }
    if (vals.size) {
      orderIssues = {
        ...orderIssues,
        missing: orderIssues.missing.filter((id) => !vals.has(id)),
        manyValues: [...vals].map(([id, vs]) => ({ id, values: [...vs].sort(naturalCompare) })),
      };
    }
  }

  // --- code sets per unit at the level -------------------------------------
  const codeRefs = new Map<string, CodeRef>();
  for (const c of doc.codes) codeRefs.set(c.id, c);
  const topOf = (id: string): string => {
    let cur = id;
    const seen = new Set<string>([cur]);
    for (;;) {
      const p = codeRefs.get(cur)?.parent;
      if (!p || seen.has(p)) return cur;
      seen.add(p);
      cur = p;
    }
  };
  const keyOf = (code: string): string =>
    level === 'code' ? code : level === 'category' ? topOf(code) : codeName(codeRefs.get(code), code, lang);
  const perSource = new Map<string, Set<string>>();
  const unitIds = new Set(units.map((s) => s.id));
  const counted = prep.codings.map((pc) => pc.coding);
  for (const c of counted) {
    if (!unitIds.has(c.sourceId)) continue;
    let set = perSource.get(c.sourceId);
    if (!set) perSource.set(c.sourceId, (set = new Set()));
    set.add(keyOf(c.code));
  }

  const series = (list: readonly Source[], group: string | null, seed: number): SaturationSeries =>
    computeSeries(list, group, orderAttr, perSource, params, seed);

  const overall = series(sorted, null, params.seed);
  const groups: SaturationSeries[] = [];
  let inSeveralGroups: Array<{ id: string; groups: string[] }> = [];
  if (opts.by && byPerCoding) {
    // per value: the sources with codings under it, each with only those codings
    const perGroup = new Map<string, Map<string, Set<string>>>();
    for (const c of counted) {
      const src = unitById.get(c.sourceId);
      if (!src) continue;
      const g = (codingValue(c) ?? sourceAttribute(src, opts.by) ?? '').trim();
      let m = perGroup.get(g);
      if (!m) perGroup.set(g, (m = new Map()));
      let set = m.get(c.sourceId);
      if (!set) m.set(c.sourceId, (set = new Set()));
      set.add(keyOf(c.code));
    }
    const keys = [...perGroup.keys()].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : naturalCompare(a, b)));
    keys.forEach((g, i) => {
      const m = perGroup.get(g)!;
      groups.push(computeSeries(sorted.filter((s) => m.has(s.id)), g, orderAttr, m, params, deriveSeed(params.seed, i + 1)));
    });
    // a source in two groups is an interview in both curves, each with part of its codes
    inSeveralGroups = sorted.map((s) => ({ id: s.id, groups: keys.filter((g) => perGroup.get(g)!.has(s.id)) })).filter((x) => x.groups.length > 1);
  } else if (opts.by) {
    const byGroup = new Map<string, Source[]>();
    for (const s of sorted) {
      const g = (sourceAttribute(s, opts.by) ?? '').trim();
      const l = byGroup.get(g);
      if (l) l.push(s);
      else byGroup.set(g, [s]);
    }
    const keys = [...byGroup.keys()].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : naturalCompare(a, b)));
    keys.forEach((g, i) => groups.push(series(byGroup.get(g)!, g, deriveSeed(params.seed, i + 1))));
  }
  return {
    level,
    order: { attribute: orderAttr, type },
    ...(orderIssues ? { orderIssues } : {}),
    ...(inSeveralGroups.length ? { inSeveralGroups } : {}),
    ...(dayFirst ? { dayFirst } : {}),
    by: opts.by ?? null,
    params: { ...params, coders },
    kinds,
    coders: [...new Set(doc.codings.filter((c) => !coders || coders.includes(c.coder)).map((c) => c.coder))].sort(naturalCompare),
    excluded,
    overall,
    groups,
    lang,
    setAside: { interviewer: prep.setAside.interviewer },
    ...(prep.coderGaps.length ? { coderGaps: prep.coderGaps } : {}),
  };
}

function computeSeries(
  list: readonly Source[],
  group: string | null,
  orderAttr: string | null,
  perSource: ReadonlyMap<string, ReadonlySet<string>>,
  params: { base: number; run: number; threshold: number; permutations: number },
  seed: number,
): SaturationSeries {
  const seen = new Set<string>();
  const cumulative: number[] = [];
  const partial: Omit<SaturationPoint, 'ratio'>[] = [];
  const freq = new Map<string, number>();
  list.forEach((s, i) => {
    const codes = [...(perSource.get(s.id) ?? [])].sort(byId);
    const fresh = codes.filter((c) => !seen.has(c));
    for (const c of codes) {
      seen.add(c);
      freq.set(c, (freq.get(c) ?? 0) + 1);
    }
    cumulative.push(seen.size);
    partial.push({
      position: i + 1,
      sourceId: s.id,
      case: s.case,
      orderValue: orderAttr ? (sourceAttribute(s, orderAttr) ?? '').trim() : '',
      codes,
      newCodes: fresh,
      cumulative: seen.size,
    });
  });
  const guest = guestSaturation(cumulative, params);
  const ratioAt = new Map(guest.ratios.map((r) => [r.k, r.ratio]));
  const points: SaturationPoint[] = partial.map((p) => ({ ...p, ratio: ratioAt.get(p.position) ?? null }));
  const richness = chao2FromFrequencies([...freq.values()], list.length);
  let band: PermutationBand | undefined;
  if (params.permutations > 0 && list.length > 0) {
    const index = new Map([...seen].sort(byId).map((c, i) => [c, i]));
    const sets = list.map((s) => [...(perSource.get(s.id) ?? [])].map((c) => index.get(c)!));
    const { bits, words } = packBitsets(sets, index.size);
    band = permutationBand(bits, words, list.length, index.size, { ...params, seed });
  }
  const lowe = band ? fitLowe(band.mean) : null;
  return { group, points, totalCodes: seen.size, guest, richness, ...(band ? { band } : {}), ...(lowe ? { lowe } : {}) };
}
