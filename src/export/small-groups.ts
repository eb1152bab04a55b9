import type { Lang, Table } from '../model/types.js';

/** Groups with fewer members than this get a flag wherever their shares are shown. */
export const SMALL_GROUP = 3;

export interface GroupCount {
  /** Column key of the group's share column (e.g. `share:beleid`). */
  readonly key: string;
  /** The group as shown. */
  readonly name: string;
  /** Members behind the share (respondents, notes). */
  readonly n: number;
}

/**
 * Mark the share columns of small groups (n < 3) with † and add a note saying why: a share of
 * 1 respondent is 0% or 100%, whatever the code. Values are unchanged. Columns that are not in
 * the table are ignored.
 */
export function flagSmallShares(t: Table, counts: readonly GroupCount[], lang: Lang, unit: { en: [string, string]; nl: [string, string] } = { en: ['respondent', 'respondents'], nl: ['respondent', 'respondenten'] }): Table {
  // (a group of none has no share at all: said by its own note, not as a small group)
  const small = counts.filter((c) => c.n > 0 && c.n < SMALL_GROUP && t.columns.some((col) => col.key === c.key));
  if (!small.length) return t;
  const keys = new Set(small.map((c) => c.key));
  const word = (n: number) => (lang === 'nl' ? unit.nl : unit.en)[n === 1 ? 0 : 1];
  const list = small.map((c) => `${c.name} (N = ${c.n} ${word(c.n)})`).join(', ');
  const note =
    lang === 'nl'
      ? `† Kleine groep: ${list}. Bij minder dan ${SMALL_GROUP} ${unit.nl[1]} is een aandeel vooral 0% of 100% en zegt het weinig over de groep.`
      : `† Small group: ${list}. With fewer than ${SMALL_GROUP} ${unit.en[1]} a share is mostly 0% or 100% and says little about the group.`;
  return {
    ...t,
    columns: t.columns.map((c) => (keys.has(c.key) ? { ...c, label: `${c.label} †` } : c)),
    notes: [...(t.notes ?? []), note],
  };
}

/** The comparison's tables with the share columns of small groups flagged (see flagSmallShares). */
export function flagCompareTables(cmp: { readonly groups: ReadonlyArray<{ readonly group: string; readonly respondents: number }>; readonly tables: readonly Table[] }, lang: Lang): Table[] {
  const counts = cmp.groups.map((g) => ({ key: `share:${g.group}`, name: g.group, n: g.respondents }));
  return cmp.tables.map((t) => flagSmallShares(t, counts, lang));
}
