import type { Lang, Table, Column, Cell } from '../model/types.js';
import type { SaturationResult, SaturationSeries } from './saturation.js';
import { noValue } from './prepare.js';

/** Methods sentences and tables for a saturation result (pure). */

function num(v: number, lang: Lang, digits = 1): string {
  const r = Number(v.toFixed(digits));
  const s = Number.isInteger(r) ? String(r) : r.toFixed(digits).replace(/0+$/, '');
  return lang === 'nl' ? s.replace('.', ',') : s;
}

function pct(p: number, lang: Lang): string {
  return `${num(p * 100, lang, 1)}%`;
}

/** A parameter given by the user, as a percentage with the precision given (0.0999 → "9,99%"), no rounding. */
function pctGiven(p: number, lang: Lang): string {
  const s = String(Number((p * 100).toPrecision(12)));
  return `${lang === 'nl' ? s.replace('.', ',') : s}%`;
}

/** A series' name; the sources without a value of `by` under the label compare gives them ("(no group)"). */
export function groupLabel(group: string | null, lang: Lang, by?: string | null): string {
  if (group === null) return lang === 'nl' ? 'alle bronnen' : 'all sources';
  if (group === '') return by ? noValue({ kind: 'attribute', name: by }, lang) : lang === 'nl' ? '(geen waarde)' : '(no value)';
  return group;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The Guest et al. (2020) sentence for one series. */
export function guestSentence(s: SaturationSeries, lang: Lang, by?: string | null): string {
  const g = s.guest;
  const params =
    lang === 'nl'
      ? `basis ${g.base}, run ${g.run}, drempel ${pctGiven(g.threshold, lang)}; Guest, Namey & Chen, 2020`
      : `base ${g.base}, run ${g.run}, threshold ${pctGiven(g.threshold, lang)}; Guest, Namey & Chen, 2020`;
  const who = s.group === null ? '' : lang === 'nl' ? `Groep ${groupLabel(s.group, lang, by)}: ` : `Group ${groupLabel(s.group, lang, by)}: `;
  if (g.reached) {
    const k = g.point!;
    const n = g.newInRun!;
    return lang === 'nl'
      ? `${who}Na ${k} interviews leverden de ${g.run} volgende interviews ${g.threshold === 0 ? 'geen' : `ten hoogste ${pctGiven(g.threshold, lang)}`} nieuwe codes op (${plural(n, 'nieuwe code', 'nieuwe codes')} tegenover ${plural(g.baseCodes, 'code', 'codes')} in de eerste ${g.base} interviews, ${pct(g.ratio!, lang)}); saturatie bij ${g.notation} (${params}).`
      : `${who}After ${k} interviews, the next ${g.run} interviews added ${g.threshold === 0 ? 'no' : `at most ${pctGiven(g.threshold, lang)}`} new codes (${plural(n, 'new code', 'new codes')} against ${plural(g.baseCodes, 'code', 'codes')} in the first ${g.base} interviews, ${pct(g.ratio!, lang)}); saturation at ${g.notation} (${params}).`;
  }
  if (g.reason === 'too-few-sources') {
    return lang === 'nl'
      ? `${who}Saturatie kon niet worden beoordeeld: ${plural(g.sources, 'interview is', 'interviews zijn')} te weinig voor een basis van ${g.base} plus een run van ${g.run} (${params}).`
      : `${who}Saturation could not be assessed: ${plural(g.sources, 'interview is', 'interviews are')} too few for a base of ${g.base} plus a run of ${g.run} (${params}).`;
  }
  if (g.reason === 'no-codes-in-base') {
    return lang === 'nl'
      ? `${who}Saturatie kon niet worden beoordeeld: de eerste ${g.base} interviews bevatten geen codes (${params}).`
      : `${who}Saturation could not be assessed: the first ${g.base} interviews hold no codes (${params}).`;
  }
  const m = g.minRatio!;
  return lang === 'nl'
    ? `${who}Saturatie werd niet bereikt: geen reeks van ${g.run} interviews na de basis leverde ten hoogste ${pctGiven(g.threshold, lang)} nieuwe codes op (laagste aandeel ${pct(m.ratio, lang)}, na interview ${m.k}; ${params}).`
    : `${who}Saturation was not reached: no run of ${g.run} interviews after the base added at most ${pctGiven(g.threshold, lang)} new codes (lowest ratio ${pct(m.ratio, lang)}, after interview ${m.k}; ${params}).`;
}

/** The Chao2 sentence for one series. */
export function richnessSentence(s: SaturationSeries, lang: Lang, by?: string | null): string {
  const r = s.richness;
  const who = s.group === null ? '' : lang === 'nl' ? `Groep ${groupLabel(s.group, lang, by)}: ` : `Group ${groupLabel(s.group, lang, by)}: `;
  if (r.m < 2) {
    return lang === 'nl'
      ? `${who}Het totale aantal codes is niet geschat: de schatter Chao2 (Chao, 1987) heeft ten minste 2 bronnen nodig (hier ${plural(r.m, 'bron', 'bronnen')}).`
      : `${who}The total number of codes was not estimated: the Chao2 estimator (Chao, 1987) needs at least 2 sources (here ${plural(r.m, 'source', 'sources')}).`;
  }
  const form =
    r.form === 'classic'
      ? lang === 'nl' ? 'klassieke vorm' : 'classic form'
      : r.form === 'bias-corrected'
        ? lang === 'nl' ? 'bias-gecorrigeerde vorm, Q2 = 0' : 'bias-corrected form, Q2 = 0'
        : lang === 'nl'
          ? 'Q1 ≤ 1: schatting = waargenomen aantal, 95%-BI met Chao’s variantie van het waargenomen aantal zoals in SpadeR'
          : 'Q1 ≤ 1: estimate = observed number, 95% CI from Chao’s variance of the observed number as in SpadeR';
  const ci = `${num(r.ci95[0], lang)}–${num(r.ci95[1], lang)}`;
  const unseen = Math.round(r.unseen);
  return lang === 'nl'
    ? `${who}De incidentie-schatter Chao2 (Chao, 1987; ${form}; ${plural(r.m, 'bron', 'bronnen')}, Q1 = ${r.q1}, Q2 = ${r.q2}) schat het totale aantal codes op ${num(r.estimate, lang)} (95%-BI ${ci}) tegenover ${r.observed} waargenomen; naar schatting ${unseen === 1 ? 'is 1 code' : `zijn ${unseen} codes`} nog niet gezien.`
    : `${who}The incidence-based Chao2 estimator (Chao, 1987; ${form}; ${plural(r.m, 'source', 'sources')}, Q1 = ${r.q1}, Q2 = ${r.q2}) puts the total number of codes at ${num(r.estimate, lang)} (95% CI ${ci}) against ${r.observed} observed; an estimated ${plural(unseen, 'code is', 'codes are')} still unseen.`;
}

/** `seed` is the user's seed (groups use sub-streams derived from it). */
/** The Lowe et al. (2018) model sentence (permutations only). */
export function loweSentence(s: SaturationSeries, lang: Lang, by?: string | null): string | null {
  const f = s.lowe;
  if (!f) return null;
  const who = s.group === null ? '' : lang === 'nl' ? `Groep ${groupLabel(s.group, lang, by)}: ` : `Group ${groupLabel(s.group, lang, by)}: `;
  if (!f.finite) {
    return lang === 'nl'
      ? `${who}Het model van Lowe e.a. (2018), E[S(n)] = T·(1 − (1 − p)^n), heeft op de gemiddelde curve geen eindige asymptoot: de curve stijgt na ${s.points.length} interviews nog (bijna) rechtlijnig, dus het totaal T en het aantal interviews voor 95% saturatie zijn niet te schatten.`
      : `${who}The model of Lowe et al. (2018), E[S(n)] = T·(1 − (1 − p)^n), has no finite asymptote on the mean curve: after ${s.points.length} interviews the curve still rises (nearly) linearly, so the total T and the interviews needed for 95% saturation cannot be estimated.`;
  }
  const n95 = f.n95 === null ? '–' : String(f.n95);
  return lang === 'nl'
    ? `${who}Het model van Lowe e.a. (2018), E[S(n)] = T·(1 − (1 − p)^n), past op de gemiddelde curve met T = ${num(f.total, lang)} en p = ${num(f.p, lang, 3)}: saturatie ${pct(f.saturation, lang)} na ${s.points.length} interviews; voor 95% zijn ${n95} interviews nodig.`
    : `${who}The model of Lowe et al. (2018), E[S(n)] = T·(1 − (1 − p)^n), fitted to the mean curve gives T = ${num(f.total, lang)} and p = ${num(f.p, lang, 3)}: saturation ${pct(f.saturation, lang)} after ${s.points.length} interviews; 95% needs ${n95} interviews.`;
}

export function bandSentence(s: SaturationSeries, lang: Lang, seed?: number, by?: string | null): string | null {
  const b = s.band;
  if (!b) return null;
  const who = s.group === null ? '' : lang === 'nl' ? `Groep ${groupLabel(s.group, lang, by)}: ` : `Group ${groupLabel(s.group, lang, by)}: `;
  const med = b.pointMedian === null ? '' : lang === 'nl' ? ` (mediaan saturatiepunt ${num(b.pointMedian, lang)}+${s.guest.run})` : ` (median saturation point ${num(b.pointMedian, lang)}+${s.guest.run})`;
  if (s.guest.reason === 'too-few-sources') return null; // every order is too short: nothing to add to the Guest sentence
  return lang === 'nl'
    ? `${who}In ${b.permutations} willekeurige volgordes van de interviews (seed ${seed ?? b.seed}) werd in ${pct(b.shareReached, lang)} van de gevallen saturatie bereikt volgens dezelfde regel${med}; de band toont het 5e–95e percentiel van de cumulatieve curve.`
    : `${who}Across ${b.permutations} random interview orders (seed ${seed ?? b.seed}), ${pct(b.shareReached, lang)} reached saturation by the same rule${med}; the band shows the 5th–95th percentile of the cumulative curve.`;
}

/** All methods sentences: per series Guest, band, Chao2; then what was counted. */
export function saturationMethodsText(res: SaturationResult, lang: Lang = res.lang): string[] {
  const out: string[] = [];
  const list = [res.overall, ...res.groups];
  for (const s of list) {
    out.push(guestSentence(s, lang, res.by));
    const b = bandSentence(s, lang, res.params.seed, res.by);
    if (b) out.push(b);
    const l = loweSentence(s, lang, res.by);
    if (l) out.push(l);
    out.push(richnessSentence(s, lang, res.by));
  }
  const levelWord = lang === 'nl' ? { code: 'codes', category: 'hoofdcategorieën', label: 'labels' }[res.level] : { code: 'codes', category: 'top-level categories', label: 'labels' }[res.level];
  const dmy = res.dayFirst ? (lang === 'nl' ? ' (gelezen als dag-maand-jaar)' : ' (read as day-month-year)') : '';
  const orderWord = res.order.attribute ? (lang === 'nl' ? `geordend op "${res.order.attribute}"${dmy}` : `ordered by "${res.order.attribute}"${dmy}`) : lang === 'nl' ? 'in bestandsvolgorde' : 'in file order';
  out.push(
    lang === 'nl'
      ? `Geteld: ${levelWord} per bron (één bron = één interview), ${orderWord}, codeurs ${res.coders?.join(', ') || '–'}; dit is codesaturatie, geen betekenissaturatie (Hennink e.a., 2017).`
      : `Counted: ${levelWord} per source (one source = one interview), ${orderWord}, coders ${res.coders?.join(', ') || '–'}; this is code saturation, not meaning saturation (Hennink et al., 2017).`,
  );
  const aside = res.setAside?.interviewer ?? 0;
  if (aside > 0) {
    out.push(
      lang === 'nl'
        ? `Coderingen op beurten van de interviewer tellen niet mee (${aside} terzijde gelegd), zoals in de matrix en de vergelijking.`
        : `Codings on interviewer turns are not counted (${aside} set aside), as in the matrix and the comparison.`,
    );
  }
  const oi = res.orderIssues;
  if (oi) {
    const nl = lang === 'nl';
    const list = (ids: readonly string[]) => `${ids.slice(0, 8).join(', ')}${ids.length > 8 ? ', …' : ''}`;
    const parts: string[] = [];
    if (oi.notNumber.length) parts.push(nl ? `waarden die geen getal zijn (${oi.notNumber.slice(0, 5).map((x) => `${x.id}: "${x.value}"`).join(', ')}) maken de volgorde alfabetisch` : `values that are not numbers (${oi.notNumber.slice(0, 5).map((x) => `${x.id}: "${x.value}"`).join(', ')}) make the order alphabetical`);
    if (oi.notDate?.length) parts.push(nl ? `waarden die geen datum als JJJJ-MM-DD zijn (${oi.notDate.slice(0, 5).map((x) => `${x.id}: "${x.value}"`).join(', ')}) maken de volgorde alfabetisch: schrijf elke datum als JJJJ-MM-DD` : `values that are not dates written as YYYY-MM-DD (${oi.notDate.slice(0, 5).map((x) => `${x.id}: "${x.value}"`).join(', ')}) make the order alphabetical: write every date as YYYY-MM-DD`);
    if (oi.ties.length) parts.push(nl ? `bronnen met dezelfde waarde staan op volgorde van hun id (${oi.ties.slice(0, 5).map((t) => `${t.value}: ${list(t.ids)}`).join('; ')})` : `sources that share a value are placed by their id (${oi.ties.slice(0, 5).map((t) => `${t.value}: ${list(t.ids)}`).join('; ')})`);
    if (oi.missing.length) parts.push(nl ? `bronnen zonder waarde staan achteraan (${list(oi.missing)})` : `sources without a value are placed last (${list(oi.missing)})`);
    if (oi.manyValues?.length) {
      const mv = oi.manyValues.slice(0, 5).map((x) => `${x.id}: ${x.values.map((v) => `"${v}"`).join(nl ? ' en ' : ' and ')}`).join('; ') + (oi.manyValues.length > 5 ? '; …' : '');
      parts.push(nl ? `bronnen met meer dan één waarde op hun rijen staan achteraan, als zonder waarde (${mv}): geef elke bron één waarde` : `sources with more than one value on their rows are placed last, as without a value (${mv}): give each source one value`);
    }
    out.push(
      nl
        ? `Volgorde op "${oi.attribute}": ${parts.join('; ')}. De verzadiging hangt af van de volgorde: vul "${oi.attribute}" aan of maak de waarden uniek.`
        : `Order by "${oi.attribute}": ${parts.join('; ')}. Saturation depends on the order: complete "${oi.attribute}" or make its values unique.`,
    );
  }
  if (res.inSeveralGroups?.length) {
    const l = res.inSeveralGroups.slice(0, 8).map((x) => `${x.id} (${x.groups.map((g) => g || (lang === 'nl' ? '(geen groep)' : '(no group)')).join(', ')})`).join(', ') + (res.inSeveralGroups.length > 8 ? ', …' : '');
    out.push(
      lang === 'nl'
        ? `${res.inSeveralGroups.length} bron(nen) tellen in meer dan één groep mee, omdat hun rijen meer dan één waarde van "${res.by}" geven: ${l}; elke groep telt zo'n bron als interview met alleen de codes onder haar waarde, dus de groepen samen tellen meer bronnen dan er zijn.`
        : `${res.inSeveralGroups.length} source(s) count in more than one group, as their rows give more than one value of "${res.by}": ${l}; each group counts such a source as an interview with only the codes under its value, so the groups together count more sources than there are.`,
    );
  }
  for (const g of res.coderGaps ?? []) {
    const l = `${g.sources.slice(0, 8).join(', ')}${g.sources.length > 8 ? ', …' : ''}`;
    if (g.coders?.length) {
      // several coders counted together: the sources none of them coded
      out.push(
        lang === 'nl'
          ? `Codeurs ${g.coders.join(', ')} (samen geteld) hebben geen codering in ${g.sources.length} bron(nen) die andere codeurs (${g.by.join(', ')}) codeerden (${l}; zij codeerden er ${g.coded}): ze tellen als interviews zonder nieuwe codes, dus de curve kan te vroeg verzadiging tonen als zij ze niet codeerden; codeer ze, of geef alleen de bronnen die zij codeerden.`
          : `Coders ${g.coders.join(', ')} (counted together) have no coding in ${g.sources.length} source(s) that other coders (${g.by.join(', ')}) coded (${l}; they coded ${g.coded}): they count as interviews adding no new codes, so the curve may show saturation too early if they did not code them; code them, or give only the sources they coded.`,
      );
      continue;
    }
    out.push(
      lang === 'nl'
        ? `Codeur ${g.coder} heeft geen codering in ${g.sources.length} bron(nen) die andere codeurs codeerden (${l}; ${g.coder} codeerde er ${g.coded}): ze tellen als interviews zonder nieuwe codes, dus de curve kan te vroeg verzadiging tonen als ${g.coder} ze niet codeerde; codeer ze, of geef alleen de bronnen die ${g.coder} codeerde.`
        : `Coder ${g.coder} has no coding in ${g.sources.length} source(s) that other coders coded (${l}; ${g.coder} coded ${g.coded}): they count as interviews adding no new codes, so the curve may show saturation too early if ${g.coder} did not code them; code them, or give only the sources ${g.coder} coded.`,
    );
  }
  if (res.excluded.length) {
    out.push(lang === 'nl' ? `Niet meegeteld (geen interview of enquête): ${res.excluded.map((e) => e.id).join(', ')}.` : `Not counted (not an interview or survey): ${res.excluded.map((e) => e.id).join(', ')}.`);
  }
  return out;
}

const round = (v: number | null | undefined, d = 4): Cell => (v === null || v === undefined || !Number.isFinite(v) ? null : Number(v.toFixed(d)));

/** Tables: the curve (one row per position, per group when --by) and a summary. */
export function saturationTables(res: SaturationResult, lang: Lang = res.lang): Table[] {
  const nl = lang === 'nl';
  const grouped = res.groups.length > 0;
  const list = grouped ? res.groups : [res.overall];
  const hasBand = list.some((s) => s.band);
  const cols: Column[] = [
    ...(grouped ? [{ key: 'group', label: nl ? 'groep' : 'group' }] : []),
    { key: 'position', label: nl ? 'positie' : 'position', align: 'right' as const },
    { key: 'source', label: nl ? 'bron' : 'source' },
    ...(res.order.attribute ? [{ key: 'order', label: res.order.attribute }] : []),
    { key: 'codes', label: nl ? 'codes' : 'codes', align: 'right' as const },
    { key: 'new', label: nl ? 'nieuw' : 'new', align: 'right' as const, heat: true },
    { key: 'newCodes', label: nl ? 'nieuwe codes' : 'new codes' },
    { key: 'cumulative', label: nl ? 'cumulatief' : 'cumulative', align: 'right' as const },
    { key: 'ratio', label: nl ? 'aandeel nieuw in run erna' : 'new-info ratio of next run', align: 'right' as const },
    ...(hasBand
      ? [
          { key: 'median', label: nl ? 'mediaan' : 'median', align: 'right' as const },
          { key: 'p5', label: 'p5', align: 'right' as const },
          { key: 'p95', label: 'p95', align: 'right' as const },
          { key: 'shareSaturated', label: nl ? 'aandeel verzadigd' : 'share saturated', align: 'right' as const },
        ]
      : []),
  ];
  const rows: Record<string, Cell>[] = [];
  for (const s of list) {
    s.points.forEach((p, i) => {
      const row: Record<string, Cell> = {};
      if (grouped) row.group = groupLabel(s.group, lang, res.by);
      row.position = p.position;
      row.source = p.sourceId;
      if (res.order.attribute) row.order = p.orderValue;
      row.codes = p.codes.length;
      row.new = p.newCodes.length;
      row.newCodes = p.newCodes.join(', ');
      row.cumulative = p.cumulative;
      row.ratio = round(p.ratio);
      if (hasBand) {
        row.median = s.band ? round(s.band.median[i], 2) : null;
        row.p5 = s.band ? round(s.band.p5[i], 2) : null;
        row.p95 = s.band ? round(s.band.p95[i], 2) : null;
        row.shareSaturated = s.band ? round(s.band.shareSaturated[i]) : null;
      }
      rows.push(row);
    });
  }
  const curve: Table = {
    title: nl ? 'Saturatie: nieuwe codes per bron' : 'Saturation: new codes per source',
    caption: nl
      ? `Nieuwe ${res.level === 'code' ? 'codes' : res.level === 'category' ? 'hoofdcategorieën' : 'labels'} per bron in volgorde; aandeel = nieuwe codes in de ${res.params.run} bronnen na deze positie gedeeld door de codes in de basis (eerste ${res.params.base}).`
      : `New ${res.level === 'code' ? 'codes' : res.level === 'category' ? 'top-level categories' : 'labels'} per source in order; ratio = new codes in the ${res.params.run} sources after this position divided by the codes in the base (first ${res.params.base}).`,
    columns: cols,
    rows,
  };
  const all = grouped ? [res.overall, ...res.groups] : [res.overall];
  const sumCols: Column[] = [
    { key: 'group', label: nl ? 'groep' : 'group' },
    { key: 'sources', label: nl ? 'bronnen' : 'sources', align: 'right' },
    { key: 'observed', label: nl ? 'codes waargenomen' : 'codes observed', align: 'right' },
    { key: 'baseCodes', label: nl ? 'codes in basis' : 'codes in base', align: 'right' },
    { key: 'saturation', label: nl ? 'saturatie (Guest e.a.)' : 'saturation (Guest et al.)' },
    { key: 'ratio', label: nl ? 'aandeel' : 'ratio', align: 'right' },
    { key: 'chao2', label: 'Chao2', align: 'right' },
    { key: 'se', label: 'SE', align: 'right' },
    { key: 'ciLow', label: nl ? '95%-BI onder' : '95% CI low', align: 'right' },
    { key: 'ciHigh', label: nl ? '95%-BI boven' : '95% CI high', align: 'right' },
    { key: 'unseen', label: nl ? 'nog niet gezien' : 'unseen (est.)', align: 'right' },
    ...(all.some((s) => s.band)
      ? [
          { key: 'shareReached', label: nl ? 'aandeel volgordes verzadigd' : 'share of orders saturated', align: 'right' as const },
          { key: 'pointMedian', label: nl ? 'mediaan punt' : 'median point', align: 'right' as const },
          { key: 'loweTotal', label: nl ? 'Lowe T' : 'Lowe T', align: 'right' as const },
          { key: 'loweSaturation', label: nl ? 'Lowe saturatie' : 'Lowe saturation', align: 'right' as const },
          { key: 'loweN95', label: nl ? 'Lowe n (95%)' : 'Lowe n (95%)', align: 'right' as const },
        ]
      : []),
  ];
  const notReached = (s: SaturationSeries) =>
    s.guest.reason === 'too-few-sources' ? (nl ? 'te weinig bronnen' : 'too few sources') : s.guest.reason === 'no-codes-in-base' ? (nl ? 'geen codes in basis' : 'no codes in base') : nl ? 'niet bereikt' : 'not reached';
  const sumRows = all.map((s) => {
    const row: Record<string, Cell> = {
      group: groupLabel(s.group, lang, res.by),
      sources: s.points.length,
      observed: s.totalCodes,
      baseCodes: s.guest.baseCodes,
      saturation: s.guest.notation ?? notReached(s),
      ratio: round(s.guest.ratio ?? s.guest.minRatio?.ratio ?? null),
      // Chao2 needs ≥ 2 sampling units (with one, (m − 1)/m = 0 and it would claim "0 unseen")
      chao2: s.richness.m < 2 ? null : round(s.richness.estimate, 2),
      se: s.richness.m < 2 ? null : round(s.richness.se, 2),
      ciLow: s.richness.m < 2 ? null : round(s.richness.ci95[0], 2),
      ciHigh: s.richness.m < 2 ? null : round(s.richness.ci95[1], 2),
      unseen: s.richness.m < 2 ? null : round(s.richness.unseen, 2),
    };
    if (sumCols.some((c) => c.key === 'shareReached')) {
      row.shareReached = s.band ? round(s.band.shareReached) : null;
      row.pointMedian = s.band ? round(s.band.pointMedian, 1) : null;
      // no finite asymptote: the fit's numbers are the edge of its search, not estimates
      const lowe = s.lowe?.finite ? s.lowe : undefined;
      row.loweTotal = lowe ? round(lowe.total, 2) : s.lowe ? (nl ? 'geen eindige asymptoot' : 'no finite asymptote') : null;
      row.loweSaturation = lowe ? round(lowe.saturation) : null;
      row.loweN95 = lowe ? lowe.n95 : null;
    }
    return row;
  });
  const summary: Table = {
    title: nl ? 'Saturatie: samenvatting' : 'Saturation: summary',
    columns: sumCols,
    rows: sumRows,
    totalRows: grouped ? [0] : undefined,
    notes: saturationMethodsText(res, lang),
  };
  return [summary, curve];
}
