import type { Cell, Column, Lang, Table } from '../model/types.js';
import { cellText } from './render-table.js';

/**
 * The comparison table (`qda compare --by`) as a thesis prints it: the groups side by side, one
 * column a group with the respondents who mention the code and their share of the group's N,
 * "6 (85,7)", then the difference, Fisher's p and Notable; the coded segments per group in a
 * second table. The table of the other formats has three columns a group (segments,
 * respondents, %) and a column "In words": in LaTeX and Word that was split into a part a
 * group, "part 1 of 6", the groups never beside each other. Nothing is left out: the code's id
 * stands after its name where they differ, the segments are the second table, and a note says
 * that "In words" said the same numbers. A table that is no comparison: as it is.
 */
export function comparisonForPrint(t: Table, lang: Lang): Table[] {
  const groups = t.columns.filter((c) => c.key.startsWith('respondents:')).map((c) => c.key.slice('respondents:'.length));
  if (!groups.length || !groups.every((g) => t.columns.some((c) => c.key === `share:${g}`) && t.columns.some((c) => c.key === `segments:${g}`))) return [t];
  const label = (key: string) => t.columns.find((c) => c.key === key)!.label;
  // "beleid: respondenten (N=1)" → N=1; "beleid: % †" → the small-group mark
  const nOf = (g: string) => /\(N=(\d+)\)\s*$/.exec(label(`respondents:${g}`))?.[1];
  const mark = (g: string) => (/\s†$/.test(label(`share:${g}`)) ? ' †' : '');
  const head = (g: string) => `${g}${nOf(g) !== undefined ? ` (N=${nOf(g)})` : ''}${mark(g)}`;
  const codeCell = (r: Readonly<Record<string, Cell>>): Cell => {
    const name = cellText(r.label);
    const id = cellText(r.code);
    if (!name) return id;
    const bare = name.replace(/^(?:·\s*)+/u, '');
    return !id || bare.toLowerCase() === id.toLowerCase() ? name : `${name} (${id})`;
  };
  const rest = t.columns.filter((c) => !/^(?:segments|respondents|share):/.test(c.key) && c.key !== 'code' && c.key !== 'label' && c.key !== 'summary');
  const hadSummary = t.columns.some((c) => c.key === 'summary');
  const main: Column[] = [
    { key: 'code', label: 'Code' },
    ...groups.map((g) => ({ key: `n:${g}`, label: head(g), align: 'right' as const })),
    ...rest,
  ];
  const rows = t.rows.map((r) => {
    const row: Record<string, Cell> = { code: codeCell(r) };
    for (const g of groups) {
      const n = r[`respondents:${g}`];
      const share = r[`share:${g}`];
      // (a group without respondents has no share: its cell is the count alone)
      row[`n:${g}`] = n === null || n === undefined ? null : share === null || share === undefined || share === '' ? cellText(n, lang) : `${cellText(n, lang)} (${cellText(share, lang)})`;
    }
    for (const c of rest) row[c.key] = r[c.key] ?? null;
    return row;
  });
  const cellNote =
    lang === 'nl'
      ? `Elke cel van een groep: de respondenten die de code noemen (hun aandeel in % van N van de groep). De gecodeerde segmenten per groep staan in de tabel hierna.${hadSummary ? ' De kolom "In woorden" van de andere formaten (csv, md, html) zegt dezelfde getallen als "n van de N".' : ''}`
      : `Each cell of a group: the respondents who mention the code (their share in % of the group's N). The coded segments per group are in the table below.${hadSummary ? ' The column "In words" of the other formats (csv, md, html) says the same numbers as "n of N".' : ''}`;
  const segments: Table = {
    title: lang === 'nl' ? `${t.title ?? 'Vergelijking'}: gecodeerde segmenten` : `${t.title ?? 'Comparison'}: coded segments`,
    columns: [{ key: 'code', label: 'Code' }, ...groups.map((g) => ({ key: `segments:${g}`, label: g, align: 'right' as const }))],
    rows: t.rows.map((r) => ({ code: codeCell(r), ...Object.fromEntries(groups.map((g) => [`segments:${g}`, r[`segments:${g}`] ?? null])) })),
    notes: [lang === 'nl' ? 'Segmenten = verschillende gecodeerde segmenten per groep (een bovenliggende code telt de onderliggende mee).' : 'Segments = distinct coded segments per group (a parent code counts its subcodes).'],
    ...(t.totalRows ? { totalRows: t.totalRows } : {}),
  };
  return [{ ...t, columns: main, rows, notes: [cellNote, ...(t.notes ?? [])] }, segments];
}

/**
 * The table of `qda compare --within` as a thesis prints it: a column a group, "X/Y (%)" (the
 * respondents with the code under that value, those who answered it, the share), where the other
 * formats have four columns a group (X, Y, %, and X and Y in words), split in LaTeX into parts
 * of one or two groups. A table that is no such table: as it is.
 */
export function withinForPrint(t: Table, lang: Lang): Table {
  const groups = t.columns.filter((c) => c.key.startsWith('x:')).map((c) => c.key.slice(2));
  if (!groups.length || !groups.every((g) => ['y', 'share', 'text'].every((k) => t.columns.some((c) => c.key === `${k}:${g}`)))) return t;
  const first = t.columns.filter((c) => c.key === 'value' || c.key === 'code' || c.key === 'label');
  const rest = t.columns.filter((c) => !/^(?:x|y|share|text):/.test(c.key) && !first.includes(c));
  const groupLabel = (g: string) => t.columns.find((c) => c.key === `text:${g}`)!.label;
  const columns: Column[] = [
    ...first.filter((c) => c.key !== 'code' && c.key !== 'label'),
    { key: 'code', label: 'Code' },
    ...groups.map((g) => ({ key: `n:${g}`, label: groups.length > 1 ? groupLabel(g) : 'X/Y (%)', align: 'right' as const })),
    ...rest,
  ];
  const rows = t.rows.map((r) => {
    const name = cellText(r.label);
    const id = cellText(r.code);
    const bare = name.replace(/^(?:·\s*)+/u, '');
    const row: Record<string, Cell> = { ...Object.fromEntries(first.map((c) => [c.key, r[c.key] ?? null])), code: !id || bare.toLowerCase() === id.toLowerCase() ? name || id : `${name} (${id})` };
    for (const g of groups) {
      const x = r[`x:${g}`];
      const y = r[`y:${g}`];
      const share = r[`share:${g}`];
      // (not asked: the words of the other formats, "1 not asked"; a question no coding names: Y = 0)
      row[`n:${g}`] =
        y === null || y === undefined
          ? (r[`text:${g}`] ?? null)
          : `${x === null || x === undefined ? 0 : cellText(x, lang)}/${cellText(y, lang)}${share === null || share === undefined || share === '' ? '' : ` (${cellText(share, lang)})`}`;
    }
    for (const c of rest) row[c.key] = r[c.key] ?? null;
    return row;
  });
  const note =
    lang === 'nl'
      ? 'Elke cel van een groep: X/Y (%), zoals hieronder uitgelegd; de andere formaten (csv, md, html) hebben X, Y, % en "X van de Y" elk in een kolom.'
      : 'Each cell of a group: X/Y (%), as explained below; the other formats (csv, md, html) have X, Y, % and "X of Y" each in a column.';
  return { ...t, columns, rows, notes: [note, ...(t.notes ?? [])] };
}
