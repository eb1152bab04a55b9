import type { Lang } from '../model/types.js';
import type { SurveyScale } from '../analysis/survey-model.js';
import type { SurveyResult } from '../analysis/survey.js';
import { scaleText } from '../analysis/survey.js';
import { tr } from '../analysis/prepare.js';
import { distinctLabels, esc, labelContent, labelLines, n2, slugId, svgOpen, textWidth, wrappedTitle } from './chart-common.js';
import { maxOf } from '../model/arrays.js';

/**
 * Questionnaire charts as SVG strings (d3-scale for the geometry), byte-deterministic:
 *
 * - paired horizontal bars: one row per item (or dimension), one bar per group, drawn from the
 *   scale's minimum; the midpoint marked by a dashed line; n per group in the legend, and at a bar
 *   whose n is below the group's; groups told apart by greys and hatching (black-and-white safe).
 * - diverging bars for bipolar scales (minimum below 0): bars from the midpoint to the mean, to
 *   the left for negative means, to the right for positive ones.
 */

export interface SurveyChartInput {
  readonly title: string;
  readonly rows: ReadonlyArray<{ readonly label: string; readonly values: ReadonlyArray<{ readonly mean: number | null; readonly n: number } | undefined> }>;
  readonly series: ReadonlyArray<{ readonly name: string; readonly n: number }>;
  readonly scale: SurveyScale;
  readonly lang: Lang;
  readonly id?: string;
  readonly desc?: string;
  readonly width?: number;
  /** Force the diverging layout (default: when the scale runs below 0). */
  readonly diverging?: boolean;
}

/** Greys and hatching (pattern ids made unique per chart, so several charts can share one HTML page). */
const fills = (id: string) => ['#404040', `url(#${id}-hatch-a)`, '#bfbfbf', `url(#${id}-hatch-b)`, '#ffffff', '#808080'];

export async function renderSurveyChartSvg(input: SurveyChartInput): Promise<string> {
  const { scaleLinear, scaleBand } = await import('d3-scale');
  const { lang, scale } = input;
  const id = input.id ?? slugId(input.title);
  const diverging = input.diverging ?? scale.min < 0;
  // items on up to two lines of 48 characters (a questionnaire item is a sentence: it was cut at 48
  // with "…", the rest only in a tooltip); shortened, when longer still, so that two stay distinct
  const labels = distinctLabels(input.rows.map((r) => r.label), 96);
  const lines = labels.map((l) => labelLines(l, 48, 2));
  const seriesNames = distinctLabels(input.series.map((s) => s.name), 34);
  const S = Math.max(1, input.series.length);
  const barH = 14;
  const rowH = Math.max(S * barH + 12, lines.some((l) => l.length > 1) ? 34 : 0);
  const labelW = Math.min(320, Math.max(60, maxOf(lines.flat().map((c) => textWidth(c, 11)))) + 12);
  const width = input.width ?? 760;
  // the title wrapped to the chart's width (was cut with "…": the rest only in a tooltip)
  const head = wrappedTitle(input.title, 8, 26, width - 16);
  // legend: each group with its n; from the plot's left edge, or from the chart's left edge when
  // that does not fit, in as many lines as needed (never cut off at the right)
  const legendItems = input.series.map((s, i) => {
    const name = `${seriesNames[i]} (n = ${s.n})`;
    return { name, full: `${s.name} (n = ${s.n})`, w: 18 + textWidth(name, 11) + 16 };
  });
  const legendTotal = legendItems.reduce((a, x) => a + x.w, 0);
  const legendX0 = labelW + 8 + legendTotal <= width - 8 ? labelW + 8 : 8;
  const legendAt: Array<{ x: number; y: number }> = [];
  {
    let lx = legendX0;
    let ly = 42 + head.extra;
    for (const it of legendItems) {
      if (lx > legendX0 && lx + it.w - 16 > width - 8) {
        lx = legendX0;
        ly += 18;
      }
      legendAt.push({ x: lx, y: ly });
      lx += it.w;
    }
  }
  const legendH = 22 + (legendAt.length ? legendAt[legendAt.length - 1].y - 42 - head.extra : 0);
  const m = { top: 50 + head.extra + legendH, right: 90, bottom: 52, left: labelW + 8 };
  const height = m.top + m.bottom + Math.max(1, labels.length) * rowH;
  const iw = width - m.left - m.right;
  const x = scaleLinear().domain([scale.min, scale.max]).range([m.left, m.left + iw]);
  const yb = scaleBand<number>().domain(labels.map((_, i) => i)).range([m.top, m.top + labels.length * rowH]);
  const base = diverging ? scale.midpoint : scale.min;
  const num = (v: number, d = 2) => {
    const s = (Math.abs(v) < 0.5 * 10 ** -d ? 0 : v).toFixed(d);
    const t = lang === 'nl' ? s.replace('.', ',') : s;
    return v < 0 && t.startsWith('-') ? '−' + t.slice(1) : diverging && v > 0 ? '+' + t : t;
  };
  const desc = input.desc ?? `${input.title}: ${labels.length} × ${S}`;
  const FILLS = fills(id);
  const out: string[] = [svgOpen(width, height, id, input.title, desc)];
  out.push(
    '<defs>' +
      `<pattern id="${id}-hatch-a" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#000" stroke-width="2"/></pattern>` +
      `<pattern id="${id}-hatch-b" width="5" height="5" patternUnits="userSpaceOnUse"><rect width="5" height="5" fill="#fff"/><circle cx="2.5" cy="2.5" r="1" fill="#000"/></pattern>` +
      '</defs>\n',
  );
  out.push(head.svg);
  // legend: each group with its n
  legendItems.forEach((it, i) => {
    const { x: lx, y: ly } = legendAt[i];
    out.push(`<rect x="${n2(lx)}" y="${ly}" width="14" height="12" fill="${FILLS[i % FILLS.length]}" stroke="#000"/><text x="${n2(lx + 18)}" y="${ly + 10}" font-size="11">${labelContent(it.name, it.full)}</text>\n`);
  });
  const bottom = m.top + labels.length * rowH;
  // axis: every whole number of the scale
  const ticks: number[] = [];
  for (let t = Math.ceil(scale.min); t <= scale.max + 1e-9; t++) ticks.push(t);
  out.push('<g class="axis x" font-size="11" text-anchor="middle">\n');
  for (const t of ticks) {
    out.push(`<line x1="${n2(x(t))}" y1="${n2(m.top)}" x2="${n2(x(t))}" y2="${n2(bottom)}" stroke="#e6e6e6"/><line x1="${n2(x(t))}" y1="${n2(bottom)}" x2="${n2(x(t))}" y2="${n2(bottom + 5)}" stroke="#000"/><text x="${n2(x(t))}" y="${n2(bottom + 18)}">${esc(num(t, 0))}</text>\n`);
  }
  out.push(`<line x1="${n2(m.left)}" y1="${n2(bottom)}" x2="${n2(m.left + iw)}" y2="${n2(bottom)}" stroke="#000"/>\n`);
  const axisLabel = diverging
    ? tr(lang, `Mean on ${scaleText(scale, lang)}: bars from the midpoint ${num(scale.midpoint, 0)}`, `Gemiddelde op ${scaleText(scale, lang)}: balken vanaf het midden ${num(scale.midpoint, 0)}`)
    : tr(lang, `Mean on ${scaleText(scale, lang)} (dashed line: midpoint ${num(scale.midpoint, 0)})`, `Gemiddelde op ${scaleText(scale, lang)} (stippellijn: midden ${num(scale.midpoint, 0)})`);
  out.push(`<text x="${n2(m.left + iw / 2)}" y="${n2(bottom + 38)}" font-size="12">${esc(axisLabel)}</text>\n</g>\n`);
  // the midpoint (dashed; solid zero line in the diverging layout)
  out.push(`<line class="midpoint" x1="${n2(x(scale.midpoint))}" y1="${n2(m.top - 6)}" x2="${n2(x(scale.midpoint))}" y2="${n2(bottom)}" stroke="#000" stroke-width="1.4"${diverging ? '' : ' stroke-dasharray="5 3"'}/>\n`);
  if (!diverging) out.push(`<text x="${n2(x(scale.midpoint) + 3)}" y="${n2(m.top - 8)}" font-size="10">${esc(tr(lang, 'midpoint', 'midden'))}</text>\n`);
  // bars
  out.push('<g class="bars" font-size="11">\n');
  labels.forEach((label, ri) => {
    const y0 = yb(ri)! + 6;
    const ls = lines[ri];
    const full = input.rows[ri].label;
    const ly = y0 + (S * barH) / 2 + 4 - ((ls.length - 1) * 13) / 2;
    out.push(
      ls.length === 1
        ? `<text x="${n2(m.left - 6)}" y="${n2(ly)}" text-anchor="end">${labelContent(label, full)}</text>`
        : `<text x="${n2(m.left - 6)}" y="${n2(ly)}" text-anchor="end">${ls.join(' ') === full ? '' : `<title>${esc(full)}</title>`}${ls.map((l, k) => `<tspan x="${n2(m.left - 6)}"${k ? ' dy="13"' : ''}>${esc(l)}</tspan>`).join('')}</text>`,
    );
    input.series.forEach((s, si) => {
      const v = input.rows[ri].values[si];
      const yy = y0 + si * barH;
      if (!v || v.mean === null || !Number.isFinite(v.mean)) {
        if (v === undefined || v.n === 0) out.push(`<text x="${n2(x(base) + 4)}" y="${n2(yy + barH - 3)}" font-size="9" font-style="italic">${esc(v === undefined ? tr(lang, 'not asked', 'niet gevraagd') : tr(lang, 'no answers', 'geen antwoorden'))}</text>`);
        return;
      }
      const x0 = Math.min(x(base), x(v.mean));
      const w = Math.abs(x(v.mean) - x(base));
      const fewer = v.n < s.n ? ` (n = ${v.n})` : '';
      const title = `${input.rows[ri].label} — ${s.name}: ${num(v.mean)} (n = ${v.n})`;
      out.push(`<rect x="${n2(x0)}" y="${n2(yy + 1)}" width="${n2(w)}" height="${n2(barH - 2)}" fill="${FILLS[si % FILLS.length]}" stroke="#000" stroke-width="0.6"><title>${esc(title)}</title></rect>`);
      const right = v.mean >= base;
      const tx = right ? x0 + w + 4 : x0 - 4;
      out.push(`<text x="${n2(tx)}" y="${n2(yy + barH - 3)}" font-size="10"${right ? '' : ' text-anchor="end"'}>${esc(num(v.mean) + fewer)}</text>`);
    });
    out.push('\n');
  });
  out.push(`<line x1="${n2(m.left)}" y1="${n2(m.top)}" x2="${n2(m.left)}" y2="${n2(bottom)}" stroke="#000"/>\n</g>\n</svg>\n`);
  return out.join('');
}

export interface SurveyChart {
  /** File name stem, e.g. `survey-mandatering`. */
  readonly name: string;
  readonly title: string;
  readonly svg: string;
  readonly caption: string;
  /** The dimension whose items it shows (absent for an overview of dimension scores). */
  readonly dimension?: string;
}

/**
 * The charts of a questionnaire result: per dimension its items (paired bars, or diverging for a
 * bipolar scale), and per topic (or for all dimensions) the dimension scores.
 */
export async function renderSurveyCharts(res: SurveyResult, lang: Lang): Promise<SurveyChart[]> {
  const charts: SurveyChart[] = [];
  const series = res.groups.map((g) => ({ name: g.label, n: g.respondents }));
  const names = new Set<string>();
  const fileName = (s: string) => {
    const base = `survey-${slugId(s) || 'chart'}`;
    let n = base;
    for (let i = 2; names.has(n); i++) n = `${base}-${i}`;
    names.add(n);
    return n;
  };
  const according = res.groups.length ? tr(lang, ` according to ${joinAnd(res.groups.map((g) => g.label), lang)}`, ` volgens ${joinAnd(res.groups.map((g) => g.label), lang)}`) : '';
  // overview: dimension scores, per topic (scales must agree within a chart)
  const topics = new Map<string, { label: string; dims: typeof res.dimensions[number][] }>();
  for (const d of res.dimensions) {
    const key = `${d.topic ?? ''}|${d.scale.min}|${d.scale.max}|${d.scale.midpoint}`;
    const t = topics.get(key) ?? { label: d.topicLabel ?? tr(lang, 'Dimension scores', 'Dimensiescores'), dims: [] };
    t.dims.push(d);
    topics.set(key, t);
  }
  for (const t of topics.values()) {
    const title = `${t.label}${according}`;
    const name = fileName(`${t.label === tr(lang, 'Dimension scores', 'Dimensiescores') ? 'dimensions' : t.label}${t.dims[0].scale.min < 0 ? '-bipolar' : ''}`);
    charts.push({
      name,
      title,
      caption: tr(lang, `Mean dimension scores per group (${scaleText(t.dims[0].scale, lang)}; n per group in the legend).`, `Gemiddelde dimensiescores per groep (${scaleText(t.dims[0].scale, lang)}; n per groep in de legenda).`),
      svg: await renderSurveyChartSvg({
        title,
        rows: t.dims.map((d) => ({ label: d.label, values: res.groups.map((g) => (d.stats[g.value] ? { mean: d.stats[g.value].mean, n: d.stats[g.value].n } : undefined)) })),
        series,
        scale: t.dims[0].scale,
        lang,
        id: name,
      }),
    });
  }
  // per dimension: its items
  for (const d of res.dimensions) {
    const title = `${d.label}${according}`;
    const name = fileName(d.id);
    const bipolar = d.scale.min < 0;
    charts.push({
      name,
      title,
      dimension: d.id,
      caption: bipolar
        ? tr(lang, `Items of ${d.label}: mean per group on the bipolar scale ${scaleText(d.scale, lang)}, bars from the midpoint (right: positive).`, `Items van ${d.label}: gemiddelde per groep op de bipolaire schaal ${scaleText(d.scale, lang)}, balken vanaf het midden (rechts: positief).`)
        : tr(lang, `Items of ${d.label}: mean per group (${scaleText(d.scale, lang)}, dashed line at the midpoint ${d.scale.midpoint}); answers as given.`, `Items van ${d.label}: gemiddelde per groep (${scaleText(d.scale, lang)}, stippellijn op het midden ${String(d.scale.midpoint).replace('.', ',')}); antwoorden zoals gegeven.`),
      svg: await renderSurveyChartSvg({
        title,
        rows: d.rows.map((r) => ({ label: r.label, values: res.groups.map((g) => (r.stats[g.value] ? { mean: r.stats[g.value].mean, n: r.stats[g.value].n } : undefined)) })),
        series,
        scale: d.scale,
        lang,
        id: name,
      }),
    });
  }
  return charts;
}

function joinAnd(list: readonly string[], lang: Lang): string {
  if (list.length <= 1) return list.join('');
  return `${list.slice(0, -1).join(', ')} ${lang === 'nl' ? 'en' : 'and'} ${list[list.length - 1]}`;
}
