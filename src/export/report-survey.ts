import type { CodingsDocument, Lang, Table } from '../model/types.js';
import type { SurveyComparison, SurveyDimension, SurveyResult } from '../analysis/survey.js';
import { scaleText } from '../analysis/survey.js';
import { fixed, groupName, itemList, pText, smallNote, surveySentences, surveyTables } from '../analysis/survey-tables.js';
import { surveyJoint, type JointRow } from '../analysis/survey-joint.js';
import { tr } from '../analysis/prepare.js';
import { escapeHtml } from './escape.js';
import { renderSurveyCharts } from './chart-survey.js';
import { slugId } from './chart-common.js';
import { roundPercent } from '../model/percent.js';

/**
 * The report's questionnaire section (`qda report --survey DATA --survey-spec SPEC`, or `survey:`
 * in qda.yaml). Per dimension: the sentence, the groups' scores (n, mean, SD, median, share at or
 * above the midpoint), the differences with their interval and test (method named; small groups
 * not tested unless asked), Cronbach's α per questionnaire, the items' paired bar chart and,
 * beside it, the coded interview material for the dimension's code (passages and respondents per
 * group, quotes with source:line) — or a plain statement that there is none. Then the codes coded
 * outside every dimension, the joint table and the tables of `qda survey`. `tableBlock` is the
 * report's own table wrapper (splitting wide tables, landscape print).
 */

export interface SurveySectionOptions {
  readonly lang: Lang;
  readonly by?: string;
  readonly coders?: readonly string[];
  readonly tableBlock: (t: Table) => string;
  /** Noun of an interview group (qda.yaml `groups:`); the questionnaire's label is used first. */
  readonly groupNoun?: (value: string) => string | undefined;
  /** Quotes per dimension (default 3). */
  readonly quotes?: number;
}

/** Section-local CSS: the chart beside the coded material, wrapping on narrow pages. */
export const SURVEY_CSS = `.survey-dim{margin:1.6rem 0 2rem}.survey-pair{display:flex;flex-wrap:wrap;gap:1.2rem;align-items:flex-start}
.survey-pair>figure{flex:3 1 26rem;min-width:0;margin:0}.survey-pair>.survey-coded{flex:2 1 18rem;min-width:0}
.survey-coded h4{margin:.2rem 0 .4rem}.survey-coded ul{margin:.2rem 0 .6rem;padding-left:1.2rem}.flag{border-left:4px solid #b35806;padding:.3rem .8rem;background:#fdf3e7}
@media print{.survey-pair{break-inside:avoid}}`;

const r2 = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? null : Math.round(v * 100) / 100);
const pct = (v: number | null | undefined) => (v === null || v === undefined ? null : roundPercent(100 * v, 1));

/** The groups' scores on one dimension: one row per questionnaire group (the numbers of `qda survey`'s dimension table). */
export function dimensionScoreTable(res: SurveyResult, d: SurveyDimension, lang: Lang): Table {
  const mid = String(d.scale.midpoint).replace('.', lang === 'nl' ? ',' : '.');
  return {
    caption: tr(lang, `Scores on ${d.label} (${scaleText(d.scale, lang)})`, `Scores op ${d.label} (${scaleText(d.scale, lang)})`),
    columns: [
      { key: 'group', label: tr(lang, 'Group', 'Groep') },
      { key: 'n', label: 'n', align: 'right' },
      { key: 'mean', label: tr(lang, 'Mean', 'Gemiddelde'), align: 'right' },
      { key: 'sd', label: tr(lang, 'SD', 'Sd'), align: 'right' },
      { key: 'median', label: tr(lang, 'Median', 'Mediaan'), align: 'right' },
      { key: 'share', label: `≥ ${mid} (%)`, align: 'right' },
    ],
    rows: res.groups.map((g) => {
      const s = d.stats[g.value];
      const small = g.respondents < res.params.minGroup;
      return {
        group: small ? `${g.label} (n = ${g.respondents}, ${tr(lang, 'small group', 'kleine groep')})` : g.label,
        n: s ? s.n : null,
        mean: r2(s?.mean),
        sd: r2(s?.sd),
        median: r2(s?.median),
        share: pct(s?.atOrAbove),
      };
    }),
  };
}

/** The test of one comparison in words, with its method; or why there is none. */
export function testText(res: SurveyResult, c: SurveyComparison, lang: Lang): string {
  if (c.untested === 'small') {
    return tr(
      lang,
      `not tested: a group has fewer than ${res.params.minGroup} respondents (n = ${Math.min(c.nA, c.nB)}; --test-small tests it)`,
      `niet getoetst: een groep heeft minder dan ${res.params.minGroup} respondenten (n = ${Math.min(c.nA, c.nB)}; --test-small toetst toch)`,
    );
  }
  const bits: string[] = [];
  if (c.mannWhitney) {
    const m = c.mannWhitney;
    const method = m.method === 'exact' ? tr(lang, 'exact', 'exact') : m.ties ? tr(lang, 'normal approximation with tie correction', 'normale benadering met correctie voor gelijke waarden') : tr(lang, 'normal approximation', 'normale benadering');
    bits.push(`Mann–Whitney U = ${fixed(m.u, lang, Number.isInteger(m.u) ? 0 : 1)}, ${pText(m.p, lang)} (${method})`);
  }
  if (c.permutation) {
    const pm = c.permutation;
    const how = pm.method === 'exact' ? tr(lang, `exact, all ${pm.permutations} splits`, `exact, alle ${pm.permutations} verdelingen`) : tr(lang, `${pm.permutations} random splits, seed ${pm.seed}`, `${pm.permutations} willekeurige verdelingen, seed ${pm.seed}`);
    bits.push(`${tr(lang, 'permutation test', 'permutatietoets')} ${pText(pm.p, lang)} (${how})`);
  }
  if (c.untested === 'too-few') bits.push(tr(lang, 'no interval: a group has 1 value', 'geen interval: een groep heeft 1 waarde'));
  return bits.join('; ') || '–';
}

/** The differences between the groups on one dimension: difference, interval, test and method. */
export function dimensionDiffTable(res: SurveyResult, d: SurveyDimension, lang: Lang): Table | undefined {
  const list = res.comparisons.filter((c) => c.subject === 'dimension' && c.dimension === d.id);
  if (!res.compared || !list.length) return undefined;
  const lvl = Math.round(res.params.level * 100);
  return {
    caption: tr(lang, `Differences between the groups on ${d.label}`, `Verschillen tussen de groepen op ${d.label}`),
    columns: [
      { key: 'groups', label: tr(lang, 'Groups', 'Groepen') },
      { key: 'diff', label: tr(lang, 'Difference', 'Verschil'), align: 'right' },
      { key: 'ci', label: tr(lang, `${lvl}% CI (Welch)`, `${lvl}%-BI (Welch)`) },
      { key: 'test', label: tr(lang, 'Test', 'Toets') },
    ],
    rows: list.map((c) => ({
      groups: `${groupName(res, c.a)} (n = ${c.nA}) − ${groupName(res, c.b)} (n = ${c.nB})`,
      diff: r2(c.diff),
      ci: c.untested === 'small' || !c.welch || c.welch.lo === null || c.welch.hi === null ? '–' : `${fixed(c.welch.lo, lang)} ${tr(lang, 'to', 'tot')} ${fixed(c.welch.hi, lang)}`,
      test: testText(res, c, lang),
    })),
  };
}

export async function renderSurveySection(res: SurveyResult, doc: CodingsDocument, opts: SurveySectionOptions): Promise<string> {
  const { lang } = opts;
  const esc = escapeHtml;
  const p = res.params;
  const groupList = res.groups.map((g) => `${g.label} (n = ${g.respondents})`).join(', ');
  const out: string[] = [];
  out.push(
    `<p class="muted">${esc(
      tr(
        lang,
        `Questionnaire: ${p.files.join(', ')}${p.spec ? `; spec ${p.spec}` : ''}${p.codebook ? `; dimensions from codebook ${p.codebook}` : ''}. Groups (by ${res.groupColumn}): ${groupList || '–'}. Per dimension: the groups' scores and their differences, the items in a chart, and beside it the interview passages coded with the dimension's code.`,
        `Vragenlijst: ${p.files.join(', ')}${p.spec ? `; spec ${p.spec}` : ''}${p.codebook ? `; dimensies uit codeboek ${p.codebook}` : ''}. Groepen (naar ${res.groupColumn}): ${groupList || '–'}. Per dimensie: de scores van de groepen en de verschillen, de items in een grafiek, en daarnaast de interviewpassages die met de code van de dimensie zijn gecodeerd.`,
      ),
    )}</p>`,
  );
  const small = smallNote(res, lang);
  if (small) out.push(`<p class="muted" id="survey-small">${esc(small)}</p>`);
  if (!res.compared) out.push(`<p class="flag">${esc(tr(lang, `The group column ${res.groupColumn} has one value only: the groups are not compared.`, `De groepskolom ${res.groupColumn} heeft maar één waarde: de groepen worden niet vergeleken.`))}</p>`);
  const warnings = res.diagnostics.filter((d) => d.severity === 'warning');
  if (warnings.length) out.push(`<ul class="muted">${warnings.map((d) => `<li>${esc(d.message)}</li>`).join('')}</ul>`);

  const charts = await renderSurveyCharts(res, lang);
  const svgOf = (svg: string) => svg.replace(/^<\?xml[^>]*>\s*/, '');
  for (const c of charts.filter((x) => !x.dimension)) out.push(`<figure class="chart">${svgOf(c.svg)}<figcaption>${esc(c.caption)}</figcaption></figure>`);

  const joint = surveyJoint(res, doc, { lang, ...(opts.by ? { by: opts.by } : {}), ...(opts.coders ? { coders: opts.coders } : {}), quotes: opts.quotes ?? 3, ...(opts.groupNoun ? { groupLabel: opts.groupNoun } : {}) });
  const noun = (g: string) => res.groups.find((x) => x.value === g)?.label ?? opts.groupNoun?.(g) ?? (g || '–');
  const sentences = new Map(surveySentences(res, lang).map((s) => [s.dimension, s.text]));
  const coderNote = joint.coders.length ? tr(lang, `coders counted: ${joint.coders.join(', ')}`, `getelde codeurs: ${joint.coders.join(', ')}`) : '';
  for (const n of joint.gapNotes ?? []) out.push(`<p class="flag">${esc(n)}</p>`);

  const coded = (r: JointRow | undefined, dimLabel: string, code: string, codeLabel: string): string => {
    const parts: string[] = [`<div class="survey-coded"><h4>${esc(tr(lang, 'In the interviews', 'In de interviews'))}</h4>`];
    const codeShown = codeLabel === code ? `“${codeLabel}”` : `“${codeLabel}” (${code})`;
    if (!doc.codings.length) {
      parts.push(`<p class="flag">${esc(tr(lang, `There are no codings: ${dimLabel} has questionnaire scores but no coded interview material.`, `Er zijn geen coderingen: ${dimLabel} heeft scores uit de vragenlijst maar geen gecodeerd interviewmateriaal.`))}</p>`);
    } else if (!r || r.status === 'scores-only') {
      parts.push(`<p class="flag">${esc(tr(lang, `No passage is coded with ${codeShown} or a sub-code: ${dimLabel} has questionnaire scores but no coded interview material.`, `Geen passage is gecodeerd met ${codeShown} of een subcode: ${dimLabel} heeft scores uit de vragenlijst maar geen gecodeerd interviewmateriaal.`))}</p>`);
    } else {
      const total = new Set<string>();
      let passages = 0;
      const lines: string[] = [];
      for (const g of joint.codingGroups) {
        const x = r.coded[g];
        if (!x) continue;
        passages += x.passages;
        if (x.passages) {
          total.add(g);
          lines.push(
            tr(
              lang,
              `${noun(g)}: ${x.passages} passage${x.passages === 1 ? '' : 's'} from ${x.respondents} of ${x.of} respondent${x.of === 1 ? '' : 's'}`,
              `${noun(g)}: ${x.passages} passage${x.passages === 1 ? '' : 's'} van ${x.respondents} van de ${x.of} respondent${x.of === 1 ? '' : 'en'}`,
            ),
          );
        } else if (res.groups.some((q) => q.value === g)) {
          lines.push(tr(lang, `${noun(g)}: no coded passage (${x.of} respondent${x.of === 1 ? '' : 's'})`, `${noun(g)}: geen gecodeerde passage (${x.of} respondent${x.of === 1 ? '' : 'en'})`));
        }
      }
      parts.push(`<p>${esc(tr(lang, `Passages coded with ${codeShown} or a sub-code: ${passages}${coderNote ? ` (${coderNote})` : ''}.`, `Passages gecodeerd met ${codeShown} of een subcode: ${passages}${coderNote ? ` (${coderNote})` : ''}.`))}</p>`);
      parts.push(`<ul>${lines.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>`);
      for (const q of r.cites) {
        const cite = `${q.source}:${q.line}${q.speaker ? ` · ${q.speaker}` : ''}${q.group ? ` · ${noun(q.group)}` : ''}`;
        parts.push(`<blockquote class="quote"><p>“${esc(q.text)}”</p><p class="cite">${esc(cite)}</p></blockquote>`);
      }
    }
    parts.push('</div>');
    return parts.join('\n');
  };

  const usedIds = new Set<string>();
  const idFor = (s: string) => {
    const base = `survey-dim-${slugId(s)}`;
    let id = base;
    for (let i = 2; usedIds.has(id); i++) id = `${base}-${i}`;
    usedIds.add(id);
    return id;
  };
  const ids = res.dimensions.map((d) => idFor(d.id));
  if (res.dimensions.length > 1) {
    const statusOf = (d: SurveyDimension) => (joint.rows.some((x) => x.dimension === d.id && x.status === 'both') ? '' : ` (${tr(lang, 'no coded passages', 'geen gecodeerde passages')})`);
    out.push(`<p>${esc(tr(lang, 'Dimensions:', 'Dimensies:'))} ${res.dimensions.map((d, i) => `<a href="#${ids[i]}">${esc(d.label)}</a>${esc(statusOf(d))}`).join(' · ')}</p>`);
  }
  for (const [di, d] of res.dimensions.entries()) {
    const r = joint.rows.find((x) => x.dimension === d.id && x.status !== 'codings-only');
    const id = ids[di];
    const block: string[] = [`<div class="survey-dim" id="${id}-block"><h3 id="${id}">${esc(d.label)}</h3>`];
    const sentence = sentences.get(d.id);
    if (sentence) block.push(`<p class="skeleton">${esc(sentence)}</p>`);
    block.push(`<p class="muted">${esc(tr(lang, `Items: ${itemList(d, res)} (* reversed before the dimension score).`, `Items: ${itemList(d, res)} (* omgepoold voor de dimensiescore).`))}</p>`);
    block.push(opts.tableBlock(dimensionScoreTable(res, d, lang)));
    const diff = dimensionDiffTable(res, d, lang);
    if (diff) block.push(opts.tableBlock(diff));
    const alpha = d.alpha.length
      ? d.alpha
          .map((a) => `${a.instrument || '–'}: ${a.alpha === null ? tr(lang, 'not computable', 'niet te berekenen') : fixed(a.alpha, lang, 3)} (${tr(lang, `${a.k} items, ${a.n} complete cases`, `${a.k} items, ${a.n} volledige gevallen`)})`)
          .join('; ')
      : tr(lang, 'not computed (fewer than 2 items per questionnaire)', 'niet berekend (minder dan 2 items per vragenlijst)');
    block.push(`<p class="muted">${esc(`${tr(lang, "Cronbach's α", 'Cronbachs α')}: ${alpha}.`)}</p>`);
    const chart = charts.find((c) => c.dimension === d.id);
    block.push('<div class="survey-pair">');
    if (chart) block.push(`<figure class="chart">${svgOf(chart.svg)}<figcaption>${esc(chart.caption)}</figcaption></figure>`);
    block.push(coded(r, d.label, d.code, r?.codeLabel ?? d.code));
    block.push('</div></div>');
    out.push(block.join('\n'));
  }

  // the reverse: coded material without questionnaire scores
  const only = joint.rows.filter((r) => r.status === 'codings-only');
  if (only.length) {
    out.push(`<h3 id="survey-codings-only">${esc(tr(lang, 'Coded in the interviews, without questionnaire scores', 'Gecodeerd in de interviews, zonder scores uit de vragenlijst'))}</h3>`);
    out.push(
      `<ul>${only
        .map((r) => {
          const n = Object.values(r.coded).reduce((a, x) => a + x.passages, 0);
          const who = joint.codingGroups.filter((g) => r.coded[g]?.passages).map((g) => `${noun(g)} ${r.coded[g].passages}`).join(', ');
          const why = r.dimension
            ? tr(lang, 'a dimension of the spec whose items are not in the data', 'een dimensie van de spec waarvan de items niet in de data staan')
            : tr(lang, 'no questionnaire dimension', 'geen dimensie van de vragenlijst');
          return `<li>${esc(`${r.label}: ${n} passage${n === 1 ? '' : 's'} (${who}); ${why}.`)}</li>`;
        })
        .join('')}</ul>`,
    );
  }
  if (doc.codings.length) {
    out.push(`<h3 id="survey-joint">${esc(tr(lang, 'Overview: scores beside the coded interviews', 'Overzicht: scores naast de gecodeerde interviews'))}</h3>`);
    out.push(opts.tableBlock({ ...joint.table, title: undefined, caption: joint.table.title }));
  }
  out.push(`<h3 id="survey-tables">${esc(tr(lang, 'Tables of the questionnaire', 'Tabellen van de vragenlijst'))}</h3>`);
  for (const t of surveyTables(res, lang).filter((t) => t.title !== tr(lang, 'Results in sentences', 'Resultaten in zinnen'))) out.push(opts.tableBlock(t));
  return out.join('\n');
}
