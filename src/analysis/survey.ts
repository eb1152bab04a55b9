import type { Diagnostic, Lang, LocalisedText } from '../model/types.js';
import { QdaInputError, inputError } from '../model/errors.js';
import type { Codebook, MetaValue } from '../codebook/types.js';
import type { SurveyDimensionSpec, SurveyItemSpec, SurveyRow, SurveyScale, SurveySpec, SurveyTable } from './survey-model.js';
import { cronbachAlpha, describe, mannWhitney, permutationTest, welch, type Describe, type MannWhitneyResult, type PermutationResult, type WelchResult } from './survey-stats.js';
import { naturalCompare, tr } from './prepare.js';

/**
 * Questionnaire scores per item and per dimension, per group (pure).
 *
 * - The group column says who answered; `instruments` (spec) say which questionnaire each group
 *   answered. Without `instruments`, a dimension whose items are keyed by instrument takes each
 *   group value as its own instrument; a dimension with one list of items applies to everyone.
 * - Item references: `4H` (a column), `11A-11H` (a range of sub-items), `11` (the column `11`, or
 *   all of `11A`, `11B`, … when there is no column `11`), an item's `column:` in the spec.
 * - Values: empty cells and missing-value codes are missing; anything else must be a number within
 *   the item's scale. A bad cell stops with exit 2 naming file, row and column; with `lenient`
 *   it counts as missing and every column with such cells gets one warning.
 * - Dimension score of a respondent = mean of the dimension's items for their instrument, reversed
 *   items scored min + max − value first, when at least `minAnswered` (default half) of the items
 *   were answered.
 * - Two groups (each pair of groups): difference of means with a Welch confidence interval;
 *   Mann–Whitney U (exact without ties when both n < 50, else normal approximation with tie
 *   correction); a permutation test of the difference when `permutations` > 0 (seeded). With a
 *   group under `minGroup` (5) respondents no test is run unless `testSmall`.
 * - Cronbach's α per dimension and instrument with ≥ 2 items (complete cases, reversed items reversed).
 */

export interface SurveyOptions {
  readonly lang: Lang;
  /** Codebook whose codes' `meta.items` give dimensions (with `meta.reversed`, `meta.scale`). */
  readonly codebook?: { readonly book: Codebook; readonly shown: string };
  /** Group column (overrides the spec). */
  readonly group?: string;
  readonly lenient?: boolean;
  /** Random splits for the permutation test (0 or absent: no permutation test). */
  readonly permutations?: number;
  readonly seed?: number;
  /** Test groups smaller than `minGroup` too. */
  readonly testSmall?: boolean;
  /** Smallest group that is tested (default 5). */
  readonly minGroup?: number;
  /** Confidence level (default 0.95). */
  readonly level?: number;
}

export type GroupStats = Describe & {
  /** Respondents of the group without a value here (missing, or too few items answered). */
  readonly missing: number;
};

export interface SurveyGroup {
  readonly value: string;
  readonly label: string;
  readonly instrument: string;
  readonly respondents: number;
}

export interface ResolvedItem {
  readonly instrument: string;
  /** The reference as written (`4H`, or `11B` from `11A-11H` / `11`). */
  readonly ref: string;
  readonly column: string;
  readonly label?: string;
  readonly scale: SurveyScale;
  readonly reversed: boolean;
  readonly missing: readonly string[];
}

/** One row of a topic: an item, matched across instruments by its label (else by its reference). */
export interface SurveyItemRow {
  readonly key: string;
  readonly label: string;
  readonly items: readonly ResolvedItem[];
  readonly reversed: boolean;
  readonly scale: SurveyScale;
  /** Per group value: statistics of the answers as given (not reversed). */
  readonly stats: Readonly<Record<string, GroupStats>>;
}

export interface SurveyDimension {
  readonly id: string;
  readonly label: string;
  /** The code whose codings explain this dimension. */
  readonly code: string;
  readonly topic?: string;
  readonly topicLabel?: string;
  readonly scale: SurveyScale;
  readonly items: readonly ResolvedItem[];
  readonly rows: readonly SurveyItemRow[];
  /** Per group value: statistics of the dimension scores. */
  readonly stats: Readonly<Record<string, GroupStats>>;
  readonly alpha: ReadonlyArray<{ readonly instrument: string; readonly k: number; readonly n: number; readonly alpha: number | null }>;
}

export interface SurveyComparison {
  readonly subject: 'dimension' | 'item';
  readonly dimension: string;
  /** The item row's key (items only). */
  readonly item?: string;
  readonly label: string;
  readonly a: string;
  readonly b: string;
  readonly nA: number;
  readonly nB: number;
  readonly meanA: number;
  readonly meanB: number;
  /** meanA − meanB. */
  readonly diff: number;
  readonly welch?: WelchResult;
  readonly mannWhitney?: MannWhitneyResult;
  readonly permutation?: PermutationResult;
  /** Why no test was run: a group under minGroup, or under 2 for the interval. */
  readonly untested?: 'small' | 'too-few';
}

export interface SurveyResult {
  readonly groupColumn: string;
  readonly idColumn?: string;
  readonly groups: readonly SurveyGroup[];
  readonly instruments: ReadonlyArray<{ readonly id: string; readonly groups: readonly string[] }>;
  readonly dimensions: readonly SurveyDimension[];
  /** Dimensions of the spec or codebook without any item in the data (not scored). */
  readonly unscored: ReadonlyArray<{ readonly id: string; readonly code: string; readonly label: string }>;
  /** Spec items in no dimension (described per group, not compared). */
  readonly looseItems: readonly SurveyItemRow[];
  readonly comparisons: readonly SurveyComparison[];
  /** False when there is only one group (comparison skipped, said in the diagnostics). */
  readonly compared: boolean;
  readonly diagnostics: readonly Diagnostic[];
  readonly params: {
    readonly permutations: number;
    readonly seed: number;
    readonly minGroup: number;
    readonly testSmall: boolean;
    readonly level: number;
    readonly minAnswered: number;
    readonly lenient: boolean;
    readonly files: readonly string[];
    readonly spec?: string;
    readonly codebook?: string;
  };
}

export const DEFAULT_SCALE: SurveyScale = { min: 0, max: 4, midpoint: 2 };
const GROUP_COLUMNS = ['group', 'groep', 'team', 'instrument'];

/** A value with one separator and three digits after it (`1.250`, `1,250`): a thousands separator or a decimal one. */
const ONE_GROUP = /^[-+]?[1-9]\d{0,2}([.,])\d{3}$/;
/** A number written with thousands separators: sign, the digits in groups of three (`.`, `,`, `'`, spaces), a decimal part. */
const GROUPED = /^([-+]?)([1-9]\d{0,2}(?:([.,'’ \u00A0\u202F])\d{3})(?:\3\d{3})*)(?:([.,])(\d+))?$/;
const PLAIN_NUMBER = /^[-+]?\d+(?:[.,]\d+)?$/;

/** Per separator, whether a column's values use it as a decimal separator (`2.5`, `1.250,5`'s comma) or a thousands one (`1.250.000`, `1.250,5`'s point). */
export function separatorEvidence(values: readonly string[]): { decimal: Set<string>; group: Set<string> } {
  const decimal = new Set<string>();
  const group = new Set<string>();
  for (const raw of values) {
    const v = raw.replace(/^−/, '-');
    const p = /^[-+]?\d+([.,])(\d+)$/.exec(v);
    if (p && p[2].length !== 3) decimal.add(p[1]);
    if (p || ONE_GROUP.test(v)) continue;
    const g = GROUPED.exec(v);
    if (!g || g[4] === g[3]) continue;
    group.add(g[3]);
    if (g[4]) decimal.add(g[4]);
  }
  return { decimal, group };
}

/**
 * A survey answer as a number: plain (`3`, `2,5`), or written with thousands separators (`1 250`,
 * `1.250.000`, `1.250,5`: `grouped`). `1.250` and `1,250` are 1250 when the column uses that
 * separator for thousands elsewhere, or when only 1250 lies in the scale, or when both lie in it and
 * the column writes no decimals with it; else 1.25 (as before). Undefined when it is no number.
 */
export function surveyNumber(text: string, scale: SurveyScale, evidence: { decimal: Set<string>; group: Set<string> }): { n: number; grouped?: true } | undefined {
  const t = text.replace(/^−/, '-');
  const one = ONE_GROUP.exec(t);
  if (one) {
    const dec = Number(t.replace(',', '.'));
    const th = Number(t.replace(/[.,]/, ''));
    const inScale = (x: number) => x >= scale.min && x <= scale.max;
    const sep = one[1];
    if (evidence.group.has(sep) && !evidence.decimal.has(sep)) return { n: th, grouped: true };
    if (evidence.decimal.has(sep) && !evidence.group.has(sep)) return { n: dec };
    if (inScale(th)) return { n: th, grouped: true };
    return { n: dec };
  }
  if (PLAIN_NUMBER.test(t)) return { n: Number(t.replace(',', '.')) };
  const g = GROUPED.exec(t);
  if (!g || g[4] === g[3]) return undefined;
  return { n: Number(`${g[1]}${g[2].split(g[3]).join('')}${g[5] !== undefined ? `.${g[5]}` : ''}`), grouped: true };
}
// (after the ids: a participant's or respondent's name, `naam`, `deelnemer`; its rows were named
// "row N", and two rows of one name counted as two respondents without a word)
const ID_COLUMNS = ['respondent', 'respondent_id', 'respondentid', 'id', 'nr', 'respnr', 'responseid', 'response_id', 'response id', 'respondent id', 'respondentnummer', 'deelnemer', 'deelnemer_id', 'participant', 'participant_id', 'naam', 'name', 'respondentnaam', 'deelnemersnaam'];

const loc = (t: LocalisedText | undefined, lang: Lang): string | undefined => (t ? (lang === 'nl' ? t.nl ?? t.en : t.en ?? t.nl) : undefined);

/** `0–4`, `−2…+2` for messages and captions. */
export function scaleText(s: SurveyScale, lang: Lang): string {
  const n = (v: number) => (v < 0 ? '−' + fmtNum(-v, lang) : v > 0 && s.min < 0 ? '+' + fmtNum(v, lang) : fmtNum(v, lang));
  return s.min < 0 ? `${n(s.min)}…${n(s.max)}` : `${n(s.min)}–${n(s.max)}`;
}

function fmtNum(v: number, lang: Lang): string {
  const s = String(Math.round(v * 1000) / 1000);
  return lang === 'nl' ? s.replace('.', ',') : s;
}

const sameScale = (a: SurveyScale, b: SurveyScale) => a.min === b.min && a.max === b.max && a.midpoint === b.midpoint;

/** `11A-11H` → 11A … 11H; `Q1-Q5` → Q1 … Q5; anything else as is. */
export function expandItemRef(ref: string): string[] {
  const r = ref.trim();
  const letters = /^(.*?)([A-Za-z])\s*[-–—]\s*\1([A-Za-z])$/.exec(r);
  const lower = (c: string) => c === c.toLowerCase();
  if (letters && letters[1] !== '' && lower(letters[2]) === lower(letters[3])) {
    const a = letters[2].charCodeAt(0);
    const b = letters[3].charCodeAt(0);
    if (b >= a && b - a < 52) return Array.from({ length: b - a + 1 }, (_, i) => letters[1] + String.fromCharCode(a + i));
  }
  const nums = /^(.*?)(\d+)\s*[-–—]\s*\1(\d+)$/.exec(r);
  if (nums && nums[1] !== '') {
    const a = Number(nums[2]);
    const b = Number(nums[3]);
    if (b >= a && b - a < 500) return Array.from({ length: b - a + 1 }, (_, i) => nums[1] + String(a + i).padStart(nums[2].length, '0'));
  }
  return [r];
}

/** A scale written in a codebook's meta (`0..4`, `-2..2`, {min, max, midpoint}); undefined when not readable. */
function metaScale(v: MetaValue | undefined): SurveyScale | undefined {
  if (typeof v === 'string') {
    const m = /^\s*([-−]?\d+(?:[.,]\d+)?)\s*(?:\.\.|…|–|to|tot)\s*([-−+]?\d+(?:[.,]\d+)?)\s*$/.exec(v);
    if (!m) return undefined;
    const min = Number(m[1].replace('−', '-').replace(',', '.'));
    const max = Number(m[2].replace('−', '-').replace(',', '.'));
    return max > min ? { min, max, midpoint: (min + max) / 2 } : undefined;
  }
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, MetaValue>;
    const min = Number(o.min);
    const max = Number(o.max);
    const mid = o.midpoint === undefined ? (min + max) / 2 : Number(o.midpoint);
    return Number.isFinite(min) && Number.isFinite(max) && max > min && mid >= min && mid <= max ? { min, max, midpoint: mid } : undefined;
  }
  return undefined;
}

const strList = (v: MetaValue | undefined): string[] | undefined =>
  Array.isArray(v) ? v.filter((x) => x !== null && typeof x !== 'object').map((x) => String(x)) : typeof v === 'string' || typeof v === 'number' ? [String(v)] : undefined;

/** Dimensions from a codebook: every code whose `meta.items` names at least one item. */
export function codebookDimensions(book: Codebook, shown: string): { dimensions: SurveyDimensionSpec[]; reversed: Record<string, string[]>; scales: Record<string, SurveyScale> } {
  const dims: SurveyDimensionSpec[] = [];
  const reversed: Record<string, string[]> = {};
  const scales: Record<string, SurveyScale> = {};
  const byId = new Map(book.codes.map((c) => [c.id, c]));
  for (const c of book.codes) {
    const items = c.meta?.items;
    if (items === undefined || items === null) continue;
    let its: Record<string, string[]> | string[] | undefined;
    const list = strList(items);
    if (list) its = list;
    else if (typeof items === 'object') its = Object.fromEntries(Object.entries(items as Record<string, MetaValue>).map(([k, v]) => [k, strList(v) ?? []]));
    if (!its) continue;
    const count = Array.isArray(its) ? its.length : Object.values(its).reduce((n, l) => n + l.length, 0);
    if (!count) continue;
    const parent = c.parent ? byId.get(c.parent) : undefined;
    dims.push({ id: c.id, label: c.name, items: its, code: c.id, ...(parent ? { topic: parent.id, topicLabel: parent.name } : {}), origin: `codebook ${shown}` });
    const rev = c.meta?.reversed;
    const revList = strList(rev);
    if (revList) reversed['*:' + c.id] = revList;
    else if (rev && typeof rev === 'object') for (const [inst, v] of Object.entries(rev as Record<string, MetaValue>)) reversed[`${inst}:${c.id}`] = strList(v) ?? [];
    const sc = metaScale(c.meta?.scale);
    if (sc) scales[c.id] = sc;
  }
  return { dimensions: dims, reversed, scales };
}

interface Cell {
  readonly value: number | null;
}

export function computeSurvey(table: SurveyTable, spec: SurveySpec, opts: SurveyOptions): SurveyResult {
  const lang = opts.lang;
  const diags: Diagnostic[] = [];
  const warn = (ruleId: string, message: string, extra: Partial<Diagnostic> = {}) => diags.push({ severity: 'warning', source: 'analysis', ruleId, message, ...extra });
  const specFile = spec.file;
  const cols = table.columns;
  const colSet = new Set(cols);
  const findCol = (name: string): string | undefined => (colSet.has(name) ? name : cols.find((c) => c.toLowerCase() === name.toLowerCase()));

  // --- the group and id columns ---
  const groupWanted = opts.group ?? spec.group;
  const groupColumn = groupWanted ? findCol(groupWanted) : GROUP_COLUMNS.map(findCol).find(Boolean);
  if (!groupColumn) {
    throw inputError('analysis', 'no-group-column', groupWanted ? `the data have no column "${groupWanted}" for the group (columns: ${cols.join(', ')})` : `the data have no group column (${GROUP_COLUMNS.join(', ')}); columns: ${cols.join(', ')}`, {
      file: table.files[0],
      line: 1,
      hint: 'name the column that says who answered (e.g. group: groep in the spec, or --group COLUMN)',
    });
  }
  const idColumn = spec.id ? findCol(spec.id) : ID_COLUMNS.map(findCol).find(Boolean);
  if (spec.id && !idColumn) warn('no-id-column', `the data have no column "${spec.id}" for the respondent id; rows are named by their number`, { file: specFile });
  const cellRef = (r: SurveyRow, col: string) => {
    const letter = table.fileColumns[r.file]?.letters?.[col];
    return letter ? ` (cell ${letter}${r.line})` : '';
  };
  const rowName = (r: SurveyRow) => `row ${r.row}${idColumn && r.cells[idColumn] ? ` (respondent ${r.cells[idColumn]})` : ''}`;

  // --- rows and groups ---
  const rows: Array<{ r: SurveyRow; group: string }> = [];
  const noGroup: SurveyRow[] = [];
  for (const r of table.rows) {
    const g = (r.cells[groupColumn] ?? '').trim();
    if (g) rows.push({ r, group: g });
    else noGroup.push(r);
  }
  if (noGroup.length && !opts.lenient) {
    throw new QdaInputError(
      noGroup.slice(0, 25).map((r) => ({ severity: 'error' as const, source: 'analysis', ruleId: 'no-group-value', message: `${rowName(r)}, column "${groupColumn}"${cellRef(r, groupColumn)}: no group`, file: r.file, line: r.line, hint: 'fill in the group of every respondent, or pass --lenient to leave these rows out (with a warning)' })),
    );
  }
  if (noGroup.length) warn('no-group-value', `${noGroup.length} row${noGroup.length === 1 ? '' : 's'} without a value in "${groupColumn}" left out (--lenient): ${noGroup.map((r) => `${r.file}:${r.line}`).join(', ')}`, { file: noGroup[0].file });
  // one respondent id on two rows: each row counts as a respondent (n, means, tests); said with the lines
  if (idColumn) {
    const seenId = new Map<string, SurveyRow[]>();
    for (const { r } of rows) {
      const id = (r.cells[idColumn] ?? '').trim();
      if (id) (seenId.get(id) ?? seenId.set(id, []).get(id)!).push(r);
    }
    // ids that differ only in capitals or spaces ("R01" and "r01"): different respondents, said
    const foldId = (v: string) => v.normalize('NFC').replace(/[\u00AD\u200B\u2060\uFEFF]/g, '').replace(/\s+/gu, ' ').trim().toLocaleLowerCase();
    const byFold = new Map<string, string[]>();
    for (const id of seenId.keys()) (byFold.get(foldId(id)) ?? byFold.set(foldId(id), []).get(foldId(id))!).push(id);
    const alike = [...byFold.values()].filter((ids) => ids.length > 1);
    if (alike.length) {
      const first = seenId.get(alike[0][1])![0];
      warn('respondent-ids-look-alike', `${alike.length} respondent id${alike.length === 1 ? ' is' : 's are'} written in "${idColumn}" in ways that differ only in capitals or spaces: ${alike
        .slice(0, 8)
        .map((ids) => ids.map((id) => `"${id}" (${seenId.get(id)!.map((r) => `${r.file}:${r.line}`).join(', ')})`).join(' / '))
        .join('; ')}${alike.length > 8 ? '; …' : ''}; read as different respondents`, {
        file: first.file,
        line: first.line,
        hint: "write each respondent's id the same way on every row; if they are different respondents, give them visibly different ids",
      });
    }
    const twice = [...seenId].filter(([, rs]) => rs.length > 1);
    if (twice.length) {
      warn('duplicate-respondent', `${twice.length} respondent id(s) in "${idColumn}" are on more than one row, and each row counts as a respondent: ${twice.slice(0, 10).map(([id, rs]) => `${id} (${rs.map((r) => `${r.file}:${r.line}`).join(', ')})`).join('; ')}${twice.length > 10 ? '; …' : ''}`, {
        file: twice[0][1][1].file,
        line: twice[0][1][1].line,
        hint: 'delete the repeated row, or give a different respondent its own id',
      });
    }
  }
  // group values that look alike (capitals, accents written apart, no-break or double spaces) are
  // different groups: said, so that "wijkcoach" and "Wijkcoach" are not two groups without a word
  {
    const fold = (v: string) => v.normalize('NFC').replace(/[\u00AD\u200B\u2060\uFEFF]/g, '').replace(/\s+/gu, ' ').trim().toLocaleLowerCase();
    const byFold = new Map<string, Map<string, number>>();
    for (const { group } of rows) {
      const k = fold(group);
      const m = byFold.get(k) ?? byFold.set(k, new Map()).get(k)!;
      m.set(group, (m.get(group) ?? 0) + 1);
    }
    const alike = [...byFold.values()].filter((m) => m.size > 1);
    if (alike.length) {
      warn('look-alike-groups', `${alike.length} group(s) in "${groupColumn}" are written in more than one way and counted as separate groups: ${alike.map((m) => [...m].map(([g, n]) => `"${g}" (${n} row${n > 1 ? 's' : ''})`).join(' vs ')).join('; ')}`, {
        file: table.files[0],
        hint: 'write the group the same way on every row (capitals, accents, spaces)',
      });
    }
  }
  const present = [...new Set(rows.map((x) => x.group))];
  const order = [...(spec.groups ?? []).map((g) => g.value).filter((v) => present.includes(v)), ...present.filter((v) => !(spec.groups ?? []).some((g) => g.value === v)).sort(naturalCompare)];
  const absentGroups = (spec.groups ?? []).map((g) => g.value).filter((v) => !present.includes(v));
  if (absentGroups.length) warn('group-not-in-data', `groups in the spec that no row has in "${groupColumn}": ${absentGroups.join(', ')}`, { file: specFile, expected: present });

  // --- dimensions: the codebook's, then the spec's (a spec dimension with a codebook code's id replaces it) ---
  const fromBook = opts.codebook ? codebookDimensions(opts.codebook.book, opts.codebook.shown) : undefined;
  const specDims = spec.dimensions ?? [];
  const dimSpecs: SurveyDimensionSpec[] = [];
  for (const d of fromBook?.dimensions ?? []) {
    const over = specDims.find((s) => s.id === d.id);
    dimSpecs.push(over ? { ...d, ...over, label: over.label ?? d.label, topic: over.topic ?? d.topic, topicLabel: over.topic ? undefined : d.topicLabel } : d);
  }
  for (const d of specDims) if (!dimSpecs.some((x) => x.id === d.id)) dimSpecs.push(d);
  if (opts.codebook && !fromBook?.dimensions.length) {
    warn('no-codebook-items', `codebook ${opts.codebook.shown} has no code with meta.items: no dimensions from it`, { hint: 'give the items per code as meta: {items: {instrument: [4A, 4B]}}, or list dimensions: in the spec' });
  }

  // --- instruments ---
  const keyed = dimSpecs.some((d) => !Array.isArray(d.items));
  const instOf = new Map<string, string>();
  let instruments: Array<{ id: string; groups: string[] }>;
  if (spec.instruments?.length) {
    instruments = spec.instruments.map((i) => ({ id: i.id, groups: [...i.groups] }));
    for (const i of instruments) for (const g of i.groups) instOf.set(g, i.id);
    const unknown = instruments.flatMap((i) => i.groups.filter((g) => !present.includes(g)).map((g) => `${g} (${i.id})`));
    if (unknown.length) warn('instrument-group-not-in-data', `groups named under instruments: that no row has in "${groupColumn}": ${unknown.join(', ')}`, { file: specFile, expected: present });
  } else if (keyed) {
    instruments = order.map((g) => ({ id: g, groups: [g] }));
    for (const g of order) instOf.set(g, g);
  } else {
    instruments = [{ id: '', groups: [...order] }];
    for (const g of order) instOf.set(g, '');
  }
  const orphans = order.filter((g) => !instOf.has(g));
  for (const g of orphans) {
    const n = rows.filter((x) => x.group === g).length;
    warn('group-without-instrument', `group "${g}" (${n} row${n === 1 ? '' : 's'}) is in no instrument of the spec: its answers are not scored`, { file: specFile, hint: `add "${g}" to the groups of an instrument under instruments:` });
  }
  const groupsUsed = order.filter((g) => instOf.has(g));
  if (keyed) {
    const names = new Set(instruments.map((i) => i.id));
    const named = [...new Set(dimSpecs.flatMap((d) => (Array.isArray(d.items) ? [] : Object.keys(d.items))))];
    const strange = named.filter((n) => !names.has(n));
    if (strange.length) {
      warn('unknown-instrument', `the dimensions name instruments that ${spec.instruments?.length ? 'the spec does not declare' : `are not values of "${groupColumn}"`}: ${strange.join(', ')}; their items are not used`, {
        file: specFile,
        expected: [...names],
        hint: spec.instruments?.length ? 'declare them under instruments:' : `declare which groups answered which questionnaire, e.g. instruments: {${strange[0]}: [${present[0] ?? 'groep'}]}`,
      });
    }
  }

  // --- items per instrument ---
  const defScale = spec.scale ?? DEFAULT_SCALE;
  const globalMissing = spec.missing ?? [];
  const instSpec = (inst: string) => spec.instruments?.find((i) => i.id === inst);
  // the spec's item settings by the column they name: a key in other capitals (4b for the column 4B), a
  // range (reversed: [4B-4D]) or a whole question (11 for 11A, 11B, …) applies to its columns as the
  // exact key does (they were looked up by the reference as written, and a dimension's 4B was scored
  // unreversed without a word); the exact key is applied last, so it wins over a range or another spelling
  const subItems = (q: string) => cols.filter((x) => new RegExp(`^${q}[A-Za-z]+$`).test(x));
  const settingsByColumn = (items: Readonly<Record<string, SurveyItemSpec>> | undefined): Map<string, Array<{ key: string; s: SurveyItemSpec }>> => {
    const out = new Map<string, Array<{ key: string; s: SurveyItemSpec }>>();
    for (const [key, s] of Object.entries(items ?? {})) {
      const columns = new Set<string>();
      for (const r of s.column ? [key] : expandItemRef(key)) {
        const c = findCol(s.column ?? r);
        if (c) columns.add(c);
        else if (!s.column && /^\d+$/.test(r)) for (const x of subItems(r)) columns.add(x);
      }
      for (const c of columns) (out.get(c) ?? out.set(c, []).get(c)!).push({ key, s });
    }
    for (const [c, l] of out) l.sort((a, b) => (a.key === c ? 1 : 0) - (b.key === c ? 1 : 0) || (a.key.toLowerCase() === c.toLowerCase() ? 1 : 0) - (b.key.toLowerCase() === c.toLowerCase() ? 1 : 0));
    return out;
  };
  const globalByColumn = settingsByColumn(spec.items);
  const ownByColumn = new Map((spec.instruments ?? []).map((i) => [i.id, settingsByColumn(i.items)]));
  const settingsOf = (inst: string, column: string): SurveyItemSpec =>
    Object.assign({}, ...(globalByColumn.get(column) ?? []).map((x) => x.s), ...(ownByColumn.get(inst)?.get(column) ?? []).map((x) => x.s)) as SurveyItemSpec;
  const missingRefs = new Map<string, string[]>();
  const resolveRef = (inst: string, ref: string, dimId?: string): ResolvedItem[] => {
    const out: ResolvedItem[] = [];
    for (const r of expandItemRef(ref)) {
      const own = instSpec(inst)?.items?.[r];
      const glob = spec.items?.[r];
      const s: SurveyItemSpec = { ...(glob ?? {}), ...(own ?? {}) };
      let columns: Array<{ ref: string; column: string; s: SurveyItemSpec }> = [];
      const c = findCol(s.column ?? r);
      if (c) columns = [{ ref: r, column: c, s }];
      else if (!s.column && /^\d+$/.test(r)) {
        // a whole question: its lettered sub-items
        columns = subItems(r).sort(naturalCompare).map((x) => ({ ref: x, column: x, s }));
      }
      if (!columns.length) {
        const k = inst || '*';
        const l = missingRefs.get(k) ?? [];
        if (!l.includes(s.column ?? r)) l.push(s.column ?? r);
        missingRefs.set(k, l);
        continue;
      }
      for (const c of columns) {
        const x = { ...c, s: settingsOf(inst, c.column) };
        // the codebook's meta.reversed by the columns it names (4b or a range 4B-4D as 4B)
        const revBook = dimId && fromBook ? [...(fromBook.reversed[`*:${dimId}`] ?? []), ...(fromBook.reversed[`${inst}:${dimId}`] ?? [])].flatMap(expandItemRef) : [];
        const revBookHere = revBook.some((y) => y === x.ref || findCol(y) === x.column);
        out.push({
          instrument: inst,
          ref: x.ref,
          column: x.column,
          ...(loc(x.s.label, lang) ? { label: loc(x.s.label, lang)! } : {}),
          scale: x.s.scale ?? (dimId ? fromBook?.scales[dimId] : undefined) ?? defScale,
          reversed: x.s.reversed ?? revBookHere,
          missing: [...globalMissing, ...(x.s.missing ?? [])],
        });
      }
    }
    return out;
  };

  interface DimWork { spec: SurveyDimensionSpec; items: ResolvedItem[] }
  const dimWork: DimWork[] = [];
  const emptyDims: string[] = [];
  for (const d of dimSpecs) {
    const items: ResolvedItem[] = [];
    for (const inst of instruments) {
      const refs = Array.isArray(d.items) ? (d.items as readonly string[]) : ((d.items as Record<string, readonly string[]>)[inst.id] ?? []);
      for (const ref of refs) for (const it of resolveRef(inst.id, ref, d.id)) if (!items.some((x) => x.instrument === it.instrument && x.column === it.column)) items.push(it);
    }
    if (!items.length) {
      emptyDims.push(d.id);
      continue;
    }
    const scales = [...new Map(items.map((i) => [`${i.scale.min}|${i.scale.max}|${i.scale.midpoint}`, i])).values()];
    if (scales.length > 1) {
      throw inputError('analysis', 'mixed-scales', `dimension "${d.id}" mixes scales: ${scales.map((i) => `${i.instrument ? i.instrument + ' ' : ''}${i.ref} on ${scaleText(i.scale, 'en')}`).join(', ')}`, {
        file: specFile,
        hint: 'a dimension score is a mean of its items, so they need one scale: split the dimension, or correct the items\' scale:',
      });
    }
    dimWork.push({ spec: d, items });
  }
  if (emptyDims.length) warn('dimension-without-data', `${emptyDims.length} dimension${emptyDims.length === 1 ? '' : 's'} without any item in the data (not shown): ${emptyDims.join(', ')}`, { file: specFile ?? opts.codebook?.shown });

  // spec items in no dimension
  const looseResolved: ResolvedItem[] = [];
  const inDims = new Set(dimWork.flatMap((d) => d.items.map((i) => `${i.instrument}|${i.column}`)));
  for (const inst of instruments) {
    const refs = new Set([...Object.keys(spec.items ?? {}), ...Object.keys(instSpec(inst.id)?.items ?? {})]);
    for (const ref of refs) {
      // a reference that names another instrument's own item is not this instrument's
      if (!instSpec(inst.id)?.items?.[ref] && spec.instruments?.some((i) => i.id !== inst.id && i.items?.[ref]) && !spec.items?.[ref]) continue;
      for (const it of resolveRef(inst.id, ref)) if (!inDims.has(`${inst.id}|${it.column}`) && !looseResolved.some((x) => x.instrument === it.instrument && x.column === it.column)) looseResolved.push(it);
    }
  }
  if (missingRefs.size) {
    const parts = [...missingRefs].map(([k, l]) => `${k === '*' ? '' : `${k}: `}${l.join(', ')}`);
    warn('items-not-in-data', `items in the ${opts.codebook && !spec.dimensions?.length ? 'codebook' : 'spec'} that the data have no column for: ${parts.join('; ')}`, { file: specFile ?? opts.codebook?.shown, hint: 'check the column names in the first row of the data, or give the column with column: in the spec' });
  }
  const usedCols = new Set([...dimWork.flatMap((d) => d.items.map((i) => i.column)), ...looseResolved.map((i) => i.column), groupColumn, ...(idColumn ? [idColumn] : []), ...(spec.attributes ?? [])]);
  // without a respondent id, rows alike in every column, a column beside the group and the items among
  // them (a time stamp, an e-mail address), are most likely one response twice (an export pasted twice):
  // each counts as a respondent, so they are said with their lines
  if (!idColumn) {
    const itemCols = new Set([...dimWork.flatMap((d) => d.items.map((i) => i.column)), ...looseResolved.map((i) => i.column), groupColumn]);
    const others = cols.filter((c) => !itemCols.has(c));
    const byCells = new Map<string, SurveyRow[]>();
    for (const { r } of rows) {
      if (!others.some((c) => (r.cells[c] ?? '') !== '')) continue;
      const k = JSON.stringify(cols.map((c) => r.cells[c] ?? ''));
      (byCells.get(k) ?? byCells.set(k, []).get(k)!).push(r);
    }
    const twice = [...byCells.values()].filter((rs) => rs.length > 1);
    if (twice.length) {
      const n = twice.reduce((s, rs) => s + rs.length - 1, 0);
      warn('identical-rows', `${n} row${n === 1 ? ' is' : 's are'} the same as a row before in every column (${others.join(', ')} too), and each counts as a respondent: ${twice.slice(0, 10).map((rs) => rs.map((r) => `${r.file}:${r.line}`).join(' = ')).join('; ')}${twice.length > 10 ? '; …' : ''}`, {
        file: twice[0][1].file,
        line: twice[0][1].line,
        hint: 'delete the repeated rows if they are one response exported twice; give the respondent id column with id: in the spec to tell respondents apart',
      });
    }
  }
  // rows with a group and nothing else (no id, no answer: a group column filled down past the last
  // respondent): each counted as a respondent of its group, in its n, without a word. Said
  {
    const bare = rows.filter(({ r }) => cols.every((c) => c === groupColumn || (r.cells[c] ?? '') === ''));
    if (bare.length) {
      const per = new Map<string, number>();
      for (const { group } of bare) per.set(group, (per.get(group) ?? 0) + 1);
      warn('rows-with-group-only', `${bare.length} row${bare.length === 1 ? ' has' : 's have'} a value in "${groupColumn}" and nothing else (${bare
        .slice(0, 10)
        .map(({ r }) => `${r.file}:${r.line}`)
        .join(', ')}${bare.length > 10 ? ', …' : ''}): each is counted as a respondent without any answer, in the n of its group (${[...per].map(([g, n]) => `${g}: ${n}`).join(', ')})`, {
        file: bare[0].r.file,
        line: bare[0].r.line,
        hint: `if no respondent is on these rows (a group filled down past the last row), delete them; if they are respondents who answered nothing, nothing needs doing`,
      });
    }
  }
  const unused = cols.filter((c) => !usedCols.has(c));
  // (with several files, each column is named with the files that hold it)
  const filesOf = (c: string) => table.files.filter((f) => table.fileColumns[f]?.columns.includes(c));
  if (unused.length) {
    warn('columns-not-in-spec', `columns of the data that are not items of the spec (not used): ${unused.map((c) => (table.files.length > 1 ? `${c} (${filesOf(c).join(', ')})` : c)).join(', ')}`, { file: filesOf(unused[0])[0] ?? table.files[0], hint: 'add them under items: or to a dimension, or ignore this' });
  }

  // --- values: parse and check every cell once per (instrument, column) ---
  const allItems = new Map<string, ResolvedItem>();
  for (const it of [...dimWork.flatMap((d) => d.items), ...looseResolved]) {
    const k = `${it.instrument}|${it.column}`;
    const prev = allItems.get(k);
    if (prev && (!sameScale(prev.scale, it.scale) || prev.reversed !== it.reversed)) {
      warn('item-conflict', `item ${it.column}${it.instrument ? ` (${it.instrument})` : ''} is declared with different settings in two places (${prev.reversed !== it.reversed ? 'reversed' : 'scale'}); the first is used`, { file: specFile });
    }
    if (!prev) allItems.set(k, it);
  }
  // a file without an item's column, its respondents answering that item elsewhere (two exports that
  // name it differently: Q2 and Q2., Q2 and q2): they have no value for it, said per file
  if (table.files.length > 1) {
    const lacking = new Map<string, { columns: string[]; rows: Set<SurveyRow> }>();
    for (const it of allItems.values()) {
      for (const { r, group } of rows) {
        if (instOf.get(group) !== it.instrument || table.fileColumns[r.file]?.columns.includes(it.column)) continue;
        const l = lacking.get(r.file) ?? lacking.set(r.file, { columns: [], rows: new Set() }).get(r.file)!;
        if (!l.columns.includes(it.column)) l.columns.push(it.column);
        l.rows.add(r);
      }
    }
    for (const [f, l] of lacking) {
      const theirs = table.fileColumns[f]?.columns.filter((c) => !usedCols.has(c)) ?? [];
      warn('item-column-not-in-file', `${f} has no column ${l.columns.map((c) => `"${c}"`).join(', ')} (in ${table.files.filter((x) => x !== f && table.fileColumns[x]?.columns.some((c) => l.columns.includes(c))).join(', ')}): its ${l.rows.size} respondent${l.rows.size === 1 ? '' : 's'} ha${l.rows.size === 1 ? 's' : 've'} no value for ${l.columns.length === 1 ? 'it' : 'them'}${theirs.length ? `; its columns that are not used: ${theirs.join(', ')}` : ''}`, {
        file: f,
        line: 1,
        hint: 'name the columns in the first row of each file alike, or give the column of each item with column: in the spec',
      });
    }
  }
  const bad: Diagnostic[] = [];
  const badByColumn = new Map<string, { count: number; rows: string[]; why: Set<string> }>();
  // a missing-value code that is also a value of the item's scale (missing: [0] with a scale 0..4, as
  // an SPSS file's 0 = no answer): every such answer was left out as missing without a word; said per
  // code with the items and how many answers it took
  const inScaleMissing = new Map<string, { code: string; scale: SurveyScale; columns: string[]; cells: number; first?: SurveyRow }>();
  const values = new Map<string, Map<SurveyRow, Cell>>(); // instrument|column → row → value
  // numbers written with a thousands separator (`1.250`, `1,250`, `1 250`, `1.250.000`, `1.250,5`):
  // `1.250` was read 1.25, `1 250` was "not a number". Read as the whole number where the scale or
  // the column says so, and said per column with the cells
  const grouped = new Map<string, { cells: string[]; shown: string[] }>();
  for (const [k, it] of allItems) {
    const m = new Map<SurveyRow, Cell>();
    values.set(k, m);
    const missing = it.missing.map((x) => x.trim().toLowerCase());
    const missingNums = missing.map((x) => Number(x.replace(',', '.'))).filter((x) => Number.isFinite(x));
    const mine = rows.filter(({ group }) => instOf.get(group) === it.instrument);
    const evidence = separatorEvidence(mine.map(({ r }) => (r.cells[it.column] ?? '').trim()));
    for (const { r, group } of rows) {
      if (instOf.get(group) !== it.instrument) continue;
      const raw = r.cells[it.column];
      if (raw === undefined || raw.trim() === '') {
        m.set(r, { value: null });
        continue;
      }
      const t = raw.trim();
      const read = surveyNumber(t, it.scale, evidence);
      const asNum = read ? read.n : NaN;
      if (read?.grouped && !missing.includes(t.toLowerCase())) {
        const g = grouped.get(it.column) ?? grouped.set(it.column, { cells: [], shown: [] }).get(it.column)!;
        g.cells.push(`${r.file}:${r.line}${cellRef(r, it.column)}`);
        if (g.shown.length < 3) g.shown.push(`"${t}" = ${read.n}`);
      }
      if (missing.includes(t.toLowerCase()) || (Number.isFinite(asNum) && missingNums.includes(asNum))) {
        m.set(r, { value: null });
        if (Number.isFinite(asNum) && asNum >= it.scale.min && asNum <= it.scale.max) {
          const k = `${asNum}|${it.scale.min}|${it.scale.max}`;
          const e = inScaleMissing.get(k) ?? inScaleMissing.set(k, { code: String(asNum), scale: it.scale, columns: [], cells: 0 }).get(k)!;
          if (!e.columns.includes(it.column)) e.columns.push(it.column);
          e.cells++;
          e.first ??= r;
        }
        continue;
      }
      let why: string | undefined;
      if (!Number.isFinite(asNum)) why = `"${raw}" is not a number`;
      else if (asNum < it.scale.min || asNum > it.scale.max) why = `${t} is outside the scale ${scaleText(it.scale, 'en')}`;
      if (why) {
        m.set(r, { value: null });
        const kind = Number.isFinite(asNum) ? `outside the scale ${scaleText(it.scale, 'en')}` : 'not numeric';
        if (!opts.lenient) {
          bad.push({ severity: 'error', source: 'analysis', ruleId: 'bad-value', message: `${rowName(r)}, column "${it.column}"${cellRef(r, it.column)}: ${why}`, file: r.file, line: r.line, hint: `correct the value, add it to missing: in the spec if it means "no answer"${it.missing.length ? ` (now: ${it.missing.join(', ')})` : ''}, or pass --lenient to count such values as missing` });
        } else {
          const b = badByColumn.get(it.column) ?? { count: 0, rows: [], why: new Set<string>() };
          b.count++;
          b.rows.push(`${r.file}:${r.line}`);
          b.why.add(kind);
          badByColumn.set(it.column, b);
        }
        continue;
      }
      m.set(r, { value: asNum });
    }
  }
  for (const [col, g] of grouped) {
    warn('thousands-separator-read', `column "${col}": ${g.cells.length} value${g.cells.length === 1 ? '' : 's'} written with a thousands separator ${g.cells.length === 1 ? 'is' : 'are'} read as ${g.cells.length === 1 ? 'a whole number' : 'whole numbers'} (${g.shown.join(', ')}${g.cells.length > 3 ? ', …' : ''}): ${g.cells.slice(0, 8).join(', ')}${g.cells.length > 8 ? ', …' : ''}`, {
      file: g.cells[0].replace(/:\d+(?: \(cell [A-Z]+\d+\))?$/, ''),
      line: Number(/:(\d+)(?: \(cell [A-Z]+\d+\))?$/.exec(g.cells[0])?.[1] ?? 1),
      hint: 'nothing to do if these are thousands; if "1.250" means one and a quarter, write it 1.25 or 1,25 (without the last zero); to silence this, write the numbers without a separator (1250)',
    });
  }
  for (const e of inScaleMissing.values()) {
    warn('missing-code-in-scale', `the missing-value code ${e.code} is also a value of the scale ${scaleText(e.scale, 'en')}: ${e.cells} answer${e.cells === 1 ? '' : 's'} ${e.code} (${e.columns.slice(0, 10).join(', ')}${e.columns.length > 10 ? ', …' : ''}) ${e.cells === 1 ? 'is' : 'are'} counted as missing, not as ${e.code}`, {
      file: specFile ?? table.files[0],
      hint: `if ${e.code} is an answer on this scale, take it out of missing: in the spec (and give "no answer" a code outside ${scaleText(e.scale, 'en')}, e.g. 9); if it means no answer, nothing to do`,
    });
  }
  if (bad.length) {
    const shown = bad.slice(0, 25);
    if (bad.length > shown.length) shown.push({ severity: 'error', source: 'analysis', ruleId: 'bad-value', message: `… and ${bad.length - shown.length} more bad values`, file: bad[0].file });
    throw new QdaInputError(shown);
  }
  for (const [col, b] of badByColumn) {
    warn('bad-value-counted-missing', `column "${col}": ${b.count} value${b.count === 1 ? '' : 's'} ${[...b.why].join(' or ')} counted as missing (--lenient): ${b.rows.slice(0, 12).join(', ')}${b.rows.length > 12 ? ', …' : ''}`, { file: table.files[0] });
  }

  // --- groups ---
  const groupLabel = (g: string) => loc(spec.groups?.find((x) => x.value === g)?.label, lang) ?? g;
  const groups: SurveyGroup[] = groupsUsed.map((g) => ({ value: g, label: groupLabel(g), instrument: instOf.get(g)!, respondents: rows.filter((x) => x.group === g).length }));
  const rowsOf = (g: string) => rows.filter((x) => x.group === g).map((x) => x.r);
  const valueOf = (it: ResolvedItem, r: SurveyRow): number | null => values.get(`${it.instrument}|${it.column}`)?.get(r)?.value ?? null;
  const scored = (it: ResolvedItem, v: number) => (it.reversed ? it.scale.min + it.scale.max - v : v);
  const withMissing = (d: Describe, total: number): GroupStats => ({ ...d, missing: total - d.n });

  const itemRows = (items: readonly ResolvedItem[]): SurveyItemRow[] => {
    const out: Array<{ key: string; label: string; items: ResolvedItem[] }> = [];
    for (const it of items) {
      const key = it.label ?? it.ref;
      let row = out.find((x) => x.key === key && !x.items.some((y) => y.instrument === it.instrument));
      if (!row) out.push((row = { key, label: key, items: [] }));
      row.items.push(it);
    }
    return out.map((row) => {
      const stats: Record<string, GroupStats> = {};
      for (const g of groups) {
        const it = row.items.find((x) => x.instrument === g.instrument);
        if (!it) continue;
        const vals = rowsOf(g.value).map((r) => valueOf(it, r)).filter((v): v is number => v !== null);
        stats[g.value] = withMissing(describe(vals, it.scale.midpoint), g.respondents);
      }
      const label = row.label;
      return { key: row.key, label: row.items.some((i) => i.reversed) ? `${label} (${tr(lang, 'reversed', 'omgepoold')})` : label, items: row.items, reversed: row.items.some((i) => i.reversed), scale: row.items[0].scale, stats };
    });
  };

  const minAnswered = spec.minAnswered ?? 0.5;
  const dimensions: SurveyDimension[] = dimWork.map(({ spec: d, items }) => {
    const scale = items[0].scale;
    const stats: Record<string, GroupStats> = {};
    const scores = new Map<string, number[]>();
    for (const g of groups) {
      const its = items.filter((i) => i.instrument === g.instrument);
      if (!its.length) continue;
      const need = Math.max(1, Math.ceil(minAnswered * its.length - 1e-9));
      const vals: number[] = [];
      for (const r of rowsOf(g.value)) {
        const answered = its.map((i) => valueOf(i, r)).map((v, k) => (v === null ? null : scored(its[k], v))).filter((v): v is number => v !== null);
        if (answered.length >= need) vals.push(answered.reduce((s, v) => s + v, 0) / answered.length);
      }
      scores.set(g.value, vals);
      stats[g.value] = withMissing(describe(vals, scale.midpoint), g.respondents);
    }
    const alpha = instruments
      .map((inst) => {
        const its = items.filter((i) => i.instrument === inst.id);
        if (its.length < 2) return undefined;
        const rs = rows.filter((x) => instOf.get(x.group) === inst.id).map((x) => its.map((i) => {
          const v = valueOf(i, x.r);
          return v === null ? null : scored(i, v);
        }));
        return { instrument: inst.id, ...cronbachAlpha(rs, its.length) };
      })
      .filter((x): x is NonNullable<typeof x> => !!x);
    return {
      id: d.id,
      label: loc(d.label, lang) ?? d.id,
      code: d.code ?? d.id,
      ...(d.topic ? { topic: d.topic, topicLabel: loc(d.topicLabel, lang) ?? d.topic } : {}),
      scale,
      items,
      rows: itemRows(items),
      stats,
      alpha,
      scoresByGroup: scores,
    } as SurveyDimension & { scoresByGroup: Map<string, number[]> };
  });

  // --- comparisons ---
  const minGroup = opts.minGroup ?? 5;
  const level = opts.level ?? 0.95;
  const permutations = Math.max(0, Math.floor(opts.permutations ?? 0));
  const seed = opts.seed ?? 1;
  const compared = groups.length >= 2;
  if (!compared) {
    warn('one-group', groups.length === 1 ? `the group column "${groupColumn}" has one value (${groups[0].value}): the comparison between groups is skipped` : 'there are no groups to compare', { file: table.files[0], hint: 'give data with two or more groups, or the right column with --group / group: in the spec' });
  }
  const comparisons: SurveyComparison[] = [];
  const compare = (subject: 'dimension' | 'item', dimension: string, label: string, item: string | undefined, get: (g: string) => number[]) => {
    for (let i = 0; i < groups.length; i++) {
      for (let j = i + 1; j < groups.length; j++) {
        const a = get(groups[i].value);
        const b = get(groups[j].value);
        if (!a.length || !b.length) continue;
        const small = a.length < minGroup || b.length < minGroup;
        const base = { subject, dimension, ...(item !== undefined ? { item } : {}), label, a: groups[i].value, b: groups[j].value, nA: a.length, nB: b.length, meanA: a.reduce((s, v) => s + v, 0) / a.length, meanB: b.reduce((s, v) => s + v, 0) / b.length };
        const diff = base.meanA - base.meanB;
        if (small && !opts.testSmall) {
          comparisons.push({ ...base, diff, untested: 'small' });
          continue;
        }
        const w = a.length >= 2 && b.length >= 2 ? welch(a, b, level) : undefined;
        comparisons.push({
          ...base,
          diff,
          ...(w ? { welch: w } : { untested: 'too-few' as const }),
          mannWhitney: mannWhitney(a, b),
          ...(permutations > 0 ? { permutation: permutationTest(a, b, { permutations, seed }) } : {}),
        });
      }
    }
  };
  const grpRows = new Map(groups.map((g) => [g.value, rowsOf(g.value)]));
  for (const d of dimensions as Array<SurveyDimension & { scoresByGroup: Map<string, number[]> }>) {
    if (!compared) break;
    compare('dimension', d.id, d.label, undefined, (g) => d.scoresByGroup.get(g) ?? []);
    for (const row of d.rows) {
      compare('item', d.id, row.label, row.key, (g) => {
        const inst = groups.find((x) => x.value === g)!.instrument;
        const it = row.items.find((x) => x.instrument === inst);
        return it ? grpRows.get(g)!.map((r) => valueOf(it, r)).filter((v): v is number => v !== null) : [];
      });
    }
  }
  const clean = dimensions.map((d) => {
    const { scoresByGroup: _s, ...rest } = d as SurveyDimension & { scoresByGroup?: unknown };
    return rest as SurveyDimension;
  });
  return {
    groupColumn,
    ...(idColumn ? { idColumn } : {}),
    groups,
    instruments,
    dimensions: clean,
    unscored: dimSpecs.filter((d) => emptyDims.includes(d.id)).map((d) => ({ id: d.id, code: d.code ?? d.id, label: loc(d.label, lang) ?? d.id })),
    looseItems: itemRows(looseResolved),
    comparisons,
    compared,
    diagnostics: diags,
    params: { permutations, seed, minGroup, testSmall: opts.testSmall === true, level, minAnswered, lenient: opts.lenient === true, files: table.files, ...(specFile ? { spec: specFile } : {}), ...(opts.codebook ? { codebook: opts.codebook.shown } : {}) },
  };
}
