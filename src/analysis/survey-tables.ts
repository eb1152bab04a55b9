import type { Cell, Column, Lang, Table } from '../model/types.js';
import { tr } from './prepare.js';
import { scaleText, type GroupStats, type SurveyComparison, type SurveyDimension, type SurveyItemRow, type SurveyResult } from './survey.js';
import { roundPercent } from '../model/percent.js';

/**
 * The tables and sentences of a questionnaire result (pure): dimension scores per group, the
 * differences between groups, the items per group and their differences, Cronbach's α, and one
 * sentence per dimension. Numbers stay numbers (rounded for reading: means to 2 decimals, shares
 * as percentages with 1, p to 4); the renderers localise them.
 */

const r2 = (v: number | null | undefined): Cell => (v === null || v === undefined || !Number.isFinite(v) ? null : Math.round(v * 100) / 100);
const r3 = (v: number | null | undefined): Cell => (v === null || v === undefined || !Number.isFinite(v) ? null : Math.round(v * 1000) / 1000);
const pct = (v: number | null | undefined): Cell => (v === null || v === undefined ? null : roundPercent(100 * v, 1));
const pval = (p: number | undefined, lang: Lang): Cell => (p === undefined ? null : p < 0.0001 ? (lang === 'nl' ? '< 0,0001' : '< 0.0001') : Math.round(p * 10000) / 10000);

/** "3.60" / "3,60": a mean in running text. */
export function fixed(v: number, lang: Lang, digits = 2): string {
  const s = (Object.is(Math.round(v * 10 ** digits), -0) ? 0 : v).toFixed(digits).replace(/^-/, '−');
  return lang === 'nl' ? s.replace('.', ',') : s;
}

/** p in running text: "p = 0.012", "p < 0.001". */
export function pText(p: number, lang: Lang): string {
  if (p < 0.001) return lang === 'nl' ? 'p < 0,001' : 'p < 0.001';
  return `p = ${fixed(p, lang, 3)}`;
}

export function groupName(res: SurveyResult, value: string): string {
  return res.groups.find((g) => g.value === value)?.label ?? value;
}

function midLabel(res: SurveyResult, lang: Lang, dims: readonly { scale: { midpoint: number } }[]): string {
  const mids = [...new Set(dims.map((d) => d.scale.midpoint))];
  return mids.length === 1 ? `≥ ${String(mids[0]).replace('.', lang === 'nl' ? ',' : '.')} (%)` : tr(lang, '≥ midpoint (%)', '≥ midden (%)');
}

function groupColumns(res: SurveyResult, lang: Lang, mid: string): Column[] {
  return res.groups.flatMap((g) => [
    { key: `${g.value}:n`, label: `${g.label}: n`, align: 'right' as const },
    { key: `${g.value}:mean`, label: `${g.label}: ${tr(lang, 'mean', 'gemiddelde')}`, align: 'right' as const },
    { key: `${g.value}:sd`, label: `${g.label}: ${tr(lang, 'SD', 'sd')}`, align: 'right' as const },
    { key: `${g.value}:median`, label: `${g.label}: ${tr(lang, 'median', 'mediaan')}`, align: 'right' as const },
    { key: `${g.value}:share`, label: `${g.label}: ${mid}`, align: 'right' as const },
  ]);
}

function groupCells(res: SurveyResult, stats: Readonly<Record<string, GroupStats>>): Record<string, Cell> {
  const out: Record<string, Cell> = {};
  for (const g of res.groups) {
    const s = stats[g.value];
    out[`${g.value}:n`] = s ? s.n : null;
    out[`${g.value}:mean`] = r2(s?.mean);
    out[`${g.value}:sd`] = r2(s?.sd);
    out[`${g.value}:median`] = r2(s?.median);
    out[`${g.value}:share`] = pct(s?.atOrAbove);
  }
  return out;
}

export const itemList = (d: SurveyDimension, res: SurveyResult) => {
  const byInst = new Map<string, string[]>();
  for (const i of d.items) byInst.set(i.instrument, [...(byInst.get(i.instrument) ?? []), i.reversed ? `${i.ref}*` : i.ref]);
  return [...byInst].map(([inst, l]) => (inst && res.instruments.length > 1 ? `${inst}: ${l.join(', ')}` : l.join(', '))).join('; ');
};

export function smallNote(res: SurveyResult, lang: Lang): string | undefined {
  const small = res.groups.filter((g) => g.respondents < res.params.minGroup);
  if (!small.length) return undefined;
  const list = small.map((g) => `${g.label} (n = ${g.respondents})`).join(', ');
  return res.params.testSmall
    ? tr(lang, `Small group: ${list}; tested anyway (--test-small): read the tests with care.`, `Kleine groep: ${list}; toch getoetst (--test-small): lees de toetsen met zorg.`)
    : tr(lang, `Small group: ${list}. With fewer than ${res.params.minGroup} respondents in a group, means are shown with their n and no test is run (--test-small runs them).`, `Kleine groep: ${list}. Bij minder dan ${res.params.minGroup} respondenten in een groep staan de gemiddelden er met hun n bij en wordt er niet getoetst (--test-small toetst toch).`);
}

export function methodNotes(res: SurveyResult, lang: Lang): string[] {
  const lvl = Math.round(res.params.level * 100);
  const p = res.params;
  const notes = [
    tr(lang, `Difference = mean of the first group − mean of the second; ${lvl}% confidence interval by Welch's t (unequal variances).`, `Verschil = gemiddelde van de eerste groep − gemiddelde van de tweede; ${lvl}%-betrouwbaarheidsinterval volgens Welch (ongelijke varianties).`),
    tr(lang, 'Mann–Whitney U of the first group (R: W of wilcox.test), two-sided: exact when both groups have fewer than 50 values and there are no ties, otherwise the normal approximation with tie and continuity correction (column "method").', 'Mann–Whitney U van de eerste groep (R: W van wilcox.test), tweezijdig: exact als beide groepen minder dan 50 waarden hebben en er geen gelijke waarden zijn, anders de normale benadering met correctie voor gelijke waarden en continuïteit (kolom "methode").'),
    p.permutations > 0
      ? tr(lang, `Permutation test of the difference of means, two-sided: all splits of the respondents when there are at most ${p.permutations} (exact), else ${p.permutations} random splits (seed ${p.seed}), p = (b + 1)/(${p.permutations} + 1).`, `Permutatietoets van het verschil in gemiddelden, tweezijdig: alle verdelingen van de respondenten als het er hoogstens ${p.permutations} zijn (exact), anders ${p.permutations} willekeurige verdelingen (seed ${p.seed}), p = (b + 1)/(${p.permutations} + 1).`)
      : tr(lang, 'No permutation test (--permutations N adds one).', 'Geen permutatietoets (--permutations N voegt er een toe).'),
    tr(lang, 'p-values are not corrected for multiple testing.', 'De p-waarden zijn niet gecorrigeerd voor meervoudig toetsen.'),
  ];
  const small = smallNote(res, lang);
  return small ? [...notes, small] : notes;
}

function comparisonTable(res: SurveyResult, lang: Lang, list: readonly SurveyComparison[], items: boolean): Table {
  const lvl = Math.round(res.params.level * 100);
  const ci = tr(lang, `${lvl}% CI`, `${lvl}%-BI`);
  const columns: Column[] = [
    { key: 'dimension', label: tr(lang, 'Dimension', 'Dimensie') },
    ...(items ? [{ key: 'item', label: tr(lang, 'Item', 'Item') }] : []),
    { key: 'groups', label: tr(lang, 'Groups', 'Groepen') },
    { key: 'nA', label: 'n₁', align: 'right' },
    { key: 'nB', label: 'n₂', align: 'right' },
    { key: 'meanA', label: tr(lang, 'Mean₁', 'Gemiddelde₁'), align: 'right' },
    { key: 'meanB', label: tr(lang, 'Mean₂', 'Gemiddelde₂'), align: 'right' },
    { key: 'diff', label: tr(lang, 'Difference', 'Verschil'), align: 'right' },
    { key: 'lo', label: `${ci}: ${tr(lang, 'from', 'van')}`, align: 'right' },
    { key: 'hi', label: `${ci}: ${tr(lang, 'to', 'tot')}`, align: 'right' },
    { key: 'u', label: 'Mann–Whitney: U', align: 'right' },
    { key: 'p', label: 'Mann–Whitney: p', align: 'right' },
    { key: 'method', label: `Mann–Whitney: ${tr(lang, 'method', 'methode')}` },
    ...(res.params.permutations > 0 ? [{ key: 'perm', label: tr(lang, 'Permutation: p', 'Permutatie: p'), align: 'right' as const }, { key: 'permMethod', label: tr(lang, 'Permutation: splits', 'Permutatie: verdelingen') }] : []),
    { key: 'note', label: tr(lang, 'Note', 'Opmerking') },
  ];
  const dimLabel = new Map(res.dimensions.map((d) => [d.id, d.label]));
  const rows = list.map((c) => ({
    dimension: dimLabel.get(c.dimension) ?? c.dimension,
    ...(items ? { item: c.label } : {}),
    groups: `${groupName(res, c.a)} − ${groupName(res, c.b)}`,
    nA: c.nA,
    nB: c.nB,
    meanA: r2(c.meanA),
    meanB: r2(c.meanB),
    diff: r2(c.diff),
    lo: r2(c.welch?.lo),
    hi: r2(c.welch?.hi),
    u: c.mannWhitney ? c.mannWhitney.u : null,
    p: pval(c.mannWhitney?.p, lang),
    method: c.mannWhitney ? (c.mannWhitney.method === 'exact' ? tr(lang, 'exact', 'exact') : c.mannWhitney.ties ? tr(lang, 'normal approx. (ties)', 'normale benadering (gelijke waarden)') : tr(lang, 'normal approx.', 'normale benadering')) : '',
    ...(res.params.permutations > 0 ? { perm: pval(c.permutation?.p, lang), permMethod: c.permutation ? (c.permutation.method === 'exact' ? tr(lang, `all ${c.permutation.permutations}`, `alle ${c.permutation.permutations}`) : `${c.permutation.permutations} (seed ${c.permutation.seed})`) : '' } : {}),
    note:
      c.untested === 'small'
        ? tr(lang, `not tested: n < ${res.params.minGroup}`, `niet getoetst: n < ${res.params.minGroup}`)
        : c.untested === 'too-few'
          ? tr(lang, 'no interval: a group has 1 value', 'geen interval: een groep heeft 1 waarde')
          : c.welch && c.welch.lo === null
            ? tr(lang, 'no interval: no variance', 'geen interval: geen spreiding')
            : '',
  }));
  return {
    title: items ? tr(lang, 'Differences between groups per item', 'Verschillen tussen groepen per item') : tr(lang, 'Differences between groups per dimension', 'Verschillen tussen groepen per dimensie'),
    columns,
    rows,
    notes: methodNotes(res, lang),
  };
}

/** A scale as a cell or in a note: `0–4 (midpoint 2)`. */
const scaleCell = (sc: { min: number; max: number; midpoint: number }, lang: Lang): string => `${scaleText(sc, lang)} (${tr(lang, 'midpoint', 'midden')} ${String(sc.midpoint).replace('.', lang === 'nl' ? ',' : '.')})`;

/** The scales of rows, one each (in the order first met). */
const scalesOf = (rows: readonly { scale: { min: number; max: number; midpoint: number } }[]) => [...new Map(rows.map((r) => [`${r.scale.min}|${r.scale.max}|${r.scale.midpoint}`, r.scale])).values()];

export function surveyTables(res: SurveyResult, lang: Lang): Table[] {
  const dims = res.dimensions;
  const mid = midLabel(res, lang, dims);
  // (the dimensions on scales of their own: each row's scale in a column; the note named "the
  // items' scale" and listed the scales without saying which dimension is on which)
  const itemRows0: readonly { scale: { min: number; max: number; midpoint: number } }[] = [...dims.flatMap((d) => d.rows), ...res.looseItems];
  const dimScales = scalesOf(dims.length ? dims : itemRows0);
  const severalDimScales = dims.length > 0 && dimScales.length > 1;
  const scaleNote = severalDimScales
    ? tr(
        lang,
        `Scores on each dimension's own scale (column "Scale"; "≥ midpoint": at or above that scale's midpoint). Dimension score of a respondent: the mean of the dimension's items, reversed items (*) scored min + max − value, when at least ${Math.round(res.params.minAnswered * 100)}% of them were answered. SD with n − 1.`,
        `Scores op de eigen schaal van elke dimensie (kolom "Schaal"; "≥ midden": op of boven het midden van die schaal). Dimensiescore van een respondent: het gemiddelde van de items van de dimensie, omgepoolde items (*) gescoord als min + max − waarde, als minstens ${Math.round(res.params.minAnswered * 100)}% ervan is beantwoord. Sd met n − 1.`,
      )
    : tr(
        lang,
        `Scores on the items' scale (${dimScales.map((sc) => `${scaleText(sc, lang)}, midpoint ${sc.midpoint}`).join('; ') || scaleText({ min: 0, max: 4, midpoint: 2 }, lang)}). Dimension score of a respondent: the mean of the dimension's items, reversed items (*) scored min + max − value, when at least ${Math.round(res.params.minAnswered * 100)}% of them were answered. SD with n − 1.`,
        `Scores op de schaal van de items (${dimScales.map((sc) => `${scaleText(sc, lang)}, midden ${String(sc.midpoint).replace('.', ',')}`).join('; ') || scaleText({ min: 0, max: 4, midpoint: 2 }, lang)}). Dimensiescore van een respondent: het gemiddelde van de items van de dimensie, omgepoolde items (*) gescoord als min + max − waarde, als minstens ${Math.round(res.params.minAnswered * 100)}% ervan is beantwoord. Sd met n − 1.`,
      );
  const scaleColumn: Column = { key: 'scale', label: tr(lang, 'Scale', 'Schaal') };
  const small = smallNote(res, lang);
  const tables: Table[] = [];
  tables.push({
    title: tr(lang, 'Dimension scores per group', 'Dimensiescores per groep'),
    columns: [
      { key: 'dimension', label: tr(lang, 'Dimension', 'Dimensie') },
      { key: 'items', label: tr(lang, 'Items', 'Items') },
      ...(severalDimScales ? [scaleColumn] : []),
      ...groupColumns(res, lang, mid),
    ],
    rows: dims.map((d) => ({ dimension: d.label, items: itemList(d, res), ...(severalDimScales ? { scale: scaleCell(d.scale, lang) } : {}), ...groupCells(res, d.stats) })),
    notes: [scaleNote, ...(small ? [small] : [])],
  });
  const dimComparisons = res.comparisons.filter((c) => c.subject === 'dimension');
  if (res.compared && dimComparisons.length) tables.push(comparisonTable(res, lang, dimComparisons, false));
  const itemRows: Array<{ d?: SurveyDimension; row: SurveyItemRow }> = [...dims.flatMap((d) => d.rows.map((row) => ({ d, row }))), ...res.looseItems.map((row) => ({ row }))];
  // (items on different scales, a loose item on a scale of its own: each row's scale in a column)
  const severalItemScales = scalesOf(itemRows.map((x) => x.row)).length > 1;
  tables.push({
    title: tr(lang, 'Items per group', 'Items per groep'),
    columns: [
      { key: 'dimension', label: tr(lang, 'Dimension', 'Dimensie') },
      { key: 'item', label: tr(lang, 'Item', 'Item') },
      { key: 'columns', label: tr(lang, 'Column', 'Kolom') },
      ...(severalItemScales ? [scaleColumn] : []),
      ...groupColumns(res, lang, midLabel(res, lang, itemRows.map((x) => x.row))),
    ],
    rows: itemRows.map(({ d, row }) => ({
      dimension: d?.label ?? tr(lang, '(no dimension)', '(geen dimensie)'),
      item: row.label,
      columns: row.items.map((i) => (i.instrument && res.instruments.length > 1 ? `${i.instrument} ${i.column}` : i.column)).join(', '),
      ...(severalItemScales ? { scale: scaleCell(row.scale, lang) } : {}),
      ...groupCells(res, row.stats),
    })),
    notes: [tr(lang, 'Answers as given (reversed items not reversed here).', 'Antwoorden zoals gegeven (omgepoolde items hier niet omgepoold).'), ...(small ? [small] : [])],
  });
  const itemComparisons = res.comparisons.filter((c) => c.subject === 'item');
  if (res.compared && itemComparisons.length) tables.push(comparisonTable(res, lang, itemComparisons, true));
  const alphaRows = dims.flatMap((d) => d.alpha.map((a) => ({ dimension: d.label, instrument: a.instrument || '–', k: a.k, n: a.n, alpha: r3(a.alpha) })));
  tables.push({
    title: tr(lang, "Reliability per dimension (Cronbach's α)", "Betrouwbaarheid per dimensie (Cronbachs α)"),
    columns: [
      { key: 'dimension', label: tr(lang, 'Dimension', 'Dimensie') },
      { key: 'instrument', label: tr(lang, 'Instrument', 'Instrument') },
      { key: 'k', label: tr(lang, 'Items', 'Items'), align: 'right' },
      { key: 'n', label: tr(lang, 'Complete cases', 'Volledige gevallen'), align: 'right' },
      { key: 'alpha', label: 'α', align: 'right' },
    ],
    rows: alphaRows,
    notes: [
      tr(lang, "α = k/(k − 1) · (1 − Σ item variances / variance of the sum), on respondents who answered every item of the dimension (reversed items reversed); only for dimensions with 2 or more items per instrument; empty when fewer than 2 complete cases or no variance.", 'α = k/(k − 1) · (1 − Σ itemvarianties / variantie van de som), over respondenten die alle items van de dimensie beantwoordden (omgepoolde items omgepoold); alleen voor dimensies met 2 of meer items per instrument; leeg bij minder dan 2 volledige gevallen of zonder spreiding.'),
    ],
  });
  const sentences = surveySentences(res, lang);
  tables.push({
    title: tr(lang, 'Results in sentences', 'Resultaten in zinnen'),
    columns: [
      { key: 'dimension', label: tr(lang, 'Dimension', 'Dimensie') },
      { key: 'sentence', label: tr(lang, 'Sentence', 'Zin') },
    ],
    rows: sentences.map((s) => ({ dimension: s.label, sentence: s.text })),
  });
  return tables;
}

/** One sentence per dimension: the groups' means with their n, the difference, its interval and test. */
export function surveySentences(res: SurveyResult, lang: Lang): Array<{ dimension: string; label: string; text: string }> {
  return res.dimensions.map((d) => {
    const parts = res.groups
      .filter((g) => d.stats[g.value]?.n)
      .map((g) => `${g.label} (n = ${d.stats[g.value].n}) ${fixed(d.stats[g.value].mean!, lang)}`);
    const scale = tr(lang, `on ${scaleText(d.scale, lang)} (midpoint ${String(d.scale.midpoint).replace('.', '.')})`, `op ${scaleText(d.scale, lang)} (midden ${String(d.scale.midpoint).replace('.', ',')})`);
    let text = `${d.label}: ${parts.length ? parts.join(', ') : tr(lang, 'no scores', 'geen scores')} ${scale}`;
    const cmps = res.comparisons.filter((c) => c.subject === 'dimension' && c.dimension === d.id);
    const lvl = Math.round(res.params.level * 100);
    const diffs = cmps.map((c) => {
      const who = res.groups.length > 2 ? `${groupName(res, c.a)} − ${groupName(res, c.b)} ` : '';
      const diff = `${who}${tr(lang, 'difference', 'verschil')} ${fixed(c.diff, lang)}`;
      if (c.untested === 'small') return `${diff}, ${tr(lang, `not tested (a group has fewer than ${res.params.minGroup} respondents)`, `niet getoetst (een groep heeft minder dan ${res.params.minGroup} respondenten)`)}`;
      const bits: string[] = [];
      if (c.welch && c.welch.lo !== null) bits.push(`Welch ${tr(lang, `${lvl}% CI`, `${lvl}%-BI`)} ${fixed(c.welch.lo, lang)} ${tr(lang, 'to', 'tot')} ${fixed(c.welch.hi!, lang)}`);
      if (c.mannWhitney) bits.push(`Mann–Whitney U = ${fixed(c.mannWhitney.u, lang, Number.isInteger(c.mannWhitney.u) ? 0 : 1)}, ${pText(c.mannWhitney.p, lang)}, ${c.mannWhitney.method === 'exact' ? tr(lang, 'exact', 'exact') : tr(lang, 'normal approximation', 'normale benadering')}`);
      if (c.permutation) bits.push(`${tr(lang, 'permutation test', 'permutatietoets')} ${pText(c.permutation.p, lang)}`);
      return bits.length ? `${diff} (${bits.join('; ')})` : diff;
    });
    if (!res.compared) text += '.';
    else text += diffs.length ? `; ${diffs.join('; ')}.` : '.';
    return { dimension: d.id, label: d.label, text };
  });
}
