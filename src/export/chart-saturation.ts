import type { Lang } from '../model/types.js';
import type { SaturationResult, SaturationSeries } from '../analysis/saturation.js';
import { groupLabel, saturationMethodsText } from '../analysis/saturation-text.js';
import { DASHES, MARKERS, distinctLabels, esc, integerTicks, labelContent, marker, n2, svgOpen, textWidth, wrappedTitle } from './chart-common.js';
import { maxOf } from '../model/arrays.js';

/**
 * The saturation plot as an SVG string: cumulative curve (solid line with
 * markers), the permutation band (light grey area with dashed edges, so it
 * reads in black and white), a vertical marker at the Guest et al. saturation
 * point with its "k+r" label, axes with ticks and labels in nl/en, a title,
 * and <title>/<desc> for screen readers. With groups: one line per group with
 * its own dash pattern and marker, and a legend. Byte-deterministic.
 */

export interface SaturationChartOptions {
  readonly lang?: Lang;
  readonly title?: string;
  readonly width?: number;
  readonly height?: number;
  /** Id prefix for title/desc (unique when several charts share a page). */
  readonly id?: string;
}

const LABELS = {
  nl: {
    x: 'Aantal interviews',
    y: { code: 'Cumulatief aantal codes', category: 'Cumulatief aantal categorieën', label: 'Cumulatief aantal labels' },
    title: 'Saturatie: cumulatief aantal codes per interview',
    observed: 'waargenomen volgorde',
    band: (n: number) => `5e–95e percentiel (${n} volgordes)`,
    median: 'mediaan over volgordes',
    sat: 'saturatie',
    notReached: 'saturatie niet bereikt',
  },
  en: {
    x: 'Number of interviews',
    y: { code: 'Cumulative number of codes', category: 'Cumulative number of categories', label: 'Cumulative number of labels' },
    title: 'Saturation: cumulative number of codes per interview',
    observed: 'observed order',
    band: (n: number) => `5th–95th percentile (${n} orders)`,
    median: 'median over orders',
    sat: 'saturation',
    notReached: 'saturation not reached',
  },
} as const;

export async function renderSaturationSvg(res: SaturationResult, opts: SaturationChartOptions = {}): Promise<string> {
  const { scaleLinear } = await import('d3-scale');
  const { line, area } = await import('d3-shape');
  const lang = opts.lang ?? res.lang;
  const L = LABELS[lang];
  const id = opts.id ?? 'saturation';
  const series: SaturationSeries[] = res.groups.length ? [...res.groups] : [res.overall];
  const grouped = res.groups.length > 0;
  const single = series[0];
  const band = !grouped ? single.band : undefined;

  // legend entries
  const legend: { label: string; full?: string; kind: 'line' | 'band' | 'median'; i: number }[] = [];
  if (grouped) {
    const names24 = distinctLabels(series.map((s) => groupLabel(s.group, lang, res.by)), 24);
    series.forEach((s, i) => {
      const note = s.guest.notation ? ` (${s.guest.notation})` : '';
      legend.push({ label: `${names24[i]}${note}`, full: `${groupLabel(s.group, lang, res.by)}${note}`, kind: 'line', i });
    });
  } else if (band) {
    legend.push({ label: L.observed, kind: 'line', i: 0 });
    legend.push({ label: L.median, kind: 'median', i: 0 });
    legend.push({ label: L.band(band.permutations), kind: 'band', i: 0 });
  }
  const legendWidth = legend.length ? Math.min(240, maxOf(legend.map((l) => textWidth(l.label, 11))) + 44) : 0;

  const width = opts.width ?? 720 + (legendWidth ? legendWidth : 0);
  const height = opts.height ?? 440;
  const N = Math.max(1, maxOf(series.map((s) => s.points.length)));
  // saturation labels ("wijkcoach: 4+2") sit above the plot area, each at the top of its marker
  // line (a leader), staggered into rows so that no label touches a point, a line or another label
  const left = 68;
  const right = 24 + legendWidth;
  const plotW = width - left - right;
  const LABEL_FONT = 11;
  const ROW = 15;
  const names16 = distinctLabels(series.map((s) => groupLabel(s.group, lang, res.by)), 16);
  const satLabels = series
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => s.guest.reached)
    .map(({ s, i }) => {
      const text = grouped ? `${names16[i]}: ${s.guest.notation}` : `${L.sat} ${s.guest.notation}`;
      const px = left + (plotW * s.guest.point!) / N;
      const w = textWidth(text, LABEL_FONT);
      // start just right of the line; flip to its left where it would run past the plot
      const anchorEnd = px + 4 + w > left + plotW;
      return { i, text, px, x0: anchorEnd ? px - 4 - w : px + 4, x1: anchorEnd ? px - 4 : px + 4 + w, anchorEnd, row: 0 };
    })
    .sort((a, b) => a.px - b.px || a.i - b.i);
  const rowEnds: number[] = [];
  for (const l of satLabels) {
    let r = rowEnds.findIndex((end) => l.x0 > end + 6);
    if (r < 0) r = rowEnds.length;
    rowEnds[r] = l.x1;
    l.row = r;
  }
  // a title wider than the chart goes on over more lines: what is below it moves down
  const title = opts.title ?? L.title;
  const head = wrappedTitle(title, left, 28, width - left - 8);
  const labelTop = 40 + head.extra;
  const m = { top: rowEnds.length ? labelTop + ROW * rowEnds.length + 8 : 48 + head.extra, right, bottom: 56, left };
  const iw = width - m.left - m.right;
  const ih = height - m.top - m.bottom;
  let yMax = Math.max(1, maxOf(series.map((s) => s.totalCodes)));
  if (band) yMax = Math.max(yMax, maxOf(band.p95));
  const x = scaleLinear().domain([0, N]).range([m.left, m.left + iw]);
  const y = scaleLinear().domain([0, yMax]).nice().range([m.top + ih, m.top]);

  const desc = saturationMethodsText(res, lang).join(' ');
  const parts: string[] = [svgOpen(width, height, id, title, desc)];
  parts.push(head.svg);

  // axes: ticks and grid
  const xt = integerTicks(x.ticks(Math.min(N, 12)));
  const yt = integerTicks(y.ticks(8));
  parts.push('<g class="axis x" font-size="11" text-anchor="middle">\n');
  for (const t of xt) {
    parts.push(`<line x1="${n2(x(t))}" y1="${n2(m.top + ih)}" x2="${n2(x(t))}" y2="${n2(m.top + ih + 5)}" stroke="#000"/><text x="${n2(x(t))}" y="${n2(m.top + ih + 18)}">${t}</text>\n`);
  }
  parts.push(`<line x1="${n2(m.left)}" y1="${n2(m.top + ih)}" x2="${n2(m.left + iw)}" y2="${n2(m.top + ih)}" stroke="#000"/>\n`);
  parts.push(`<text x="${n2(m.left + iw / 2)}" y="${n2(height - 14)}" font-size="12">${esc(L.x)}</text>\n</g>\n`);
  parts.push('<g class="axis y" font-size="11" text-anchor="end">\n');
  for (const t of yt) {
    parts.push(`<line x1="${n2(m.left)}" y1="${n2(y(t))}" x2="${n2(m.left + iw)}" y2="${n2(y(t))}" stroke="#e6e6e6"/><line x1="${n2(m.left - 5)}" y1="${n2(y(t))}" x2="${n2(m.left)}" y2="${n2(y(t))}" stroke="#000"/><text x="${n2(m.left - 8)}" y="${n2(y(t) + 4)}">${t}</text>\n`);
  }
  parts.push(`<line x1="${n2(m.left)}" y1="${n2(m.top)}" x2="${n2(m.left)}" y2="${n2(m.top + ih)}" stroke="#000"/>\n`);
  parts.push(`<text transform="translate(18 ${n2(m.top + ih / 2)}) rotate(-90)" text-anchor="middle" font-size="12">${esc(L.y[res.level])}</text>\n</g>\n`);

  // band
  if (band && band.permutations > 0) {
    const idx = Array.from({ length: band.median.length }, (_, i) => i);
    const X = (i: number) => x(i + 1);
    const a = area<number>().x(X).y0((i) => y(band.p5[i])).y1((i) => y(band.p95[i])).digits(2);
    const lo = line<number>().x(X).y((i) => y(band.p5[i])).digits(2);
    const hi = line<number>().x(X).y((i) => y(band.p95[i])).digits(2);
    const med = line<number>().x(X).y((i) => y(band.median[i])).digits(2);
    parts.push(`<g class="band"><path d="${a(idx)}" fill="#d9d9d9" fill-opacity="0.7" stroke="none"/>`);
    parts.push(`<path d="${lo(idx)}" fill="none" stroke="#555" stroke-width="1" stroke-dasharray="4 3"/><path d="${hi(idx)}" fill="none" stroke="#555" stroke-width="1" stroke-dasharray="4 3"/>`);
    parts.push(`<path d="${med(idx)}" fill="none" stroke="#555" stroke-width="1.2" stroke-dasharray="1 2"/></g>\n`);
  }

  // saturation markers (behind the lines): the marker line runs up to its label above the plot
  for (const l of satLabels) {
    const ly = labelTop + ROW * l.row + LABEL_FONT;
    const dash = grouped ? DASHES[l.i % DASHES.length] : '5 4';
    parts.push(
      `<g class="saturation-point"><line x1="${n2(l.px)}" y1="${n2(ly + 3)}" x2="${n2(l.px)}" y2="${n2(m.top + ih)}" stroke="#000" stroke-width="1"${dash ? ` stroke-dasharray="${dash}"` : ''}/>` +
        `<text x="${n2(l.anchorEnd ? l.px - 4 : l.px + 4)}" y="${n2(ly)}" font-size="${LABEL_FONT}"${l.anchorEnd ? ' text-anchor="end"' : ''} paint-order="stroke" stroke="#fff" stroke-width="3" stroke-linejoin="round">${esc(l.text)}</text></g>\n`,
    );
  }
  if (!grouped && !single.guest.reached) {
    parts.push(`<text x="${n2(m.left + iw - 4)}" y="${n2(m.top + ih - 8)}" font-size="11" text-anchor="end" font-style="italic">${esc(L.notReached)}</text>\n`);
  }

  // curves
  series.forEach((s, i) => {
    const pts = s.points;
    const ln = line<number>().x((j) => x(pts[j].position)).y((j) => y(pts[j].cumulative)).digits(2);
    const idx = pts.map((_, j) => j);
    const dash = grouped ? DASHES[i % DASHES.length] : '';
    const shape = MARKERS[grouped ? i % MARKERS.length : 0];
    const name = groupLabel(s.group, lang, res.by);
    parts.push(`<g class="series" data-group="${esc(name)}">`);
    if (pts.length > 1) parts.push(`<path d="${ln(idx)}" fill="none" stroke="#000" stroke-width="1.8"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`);
    for (const p of pts) parts.push(marker(shape, x(p.position), y(p.cumulative), 3));
    parts.push('</g>\n');
  });

  // legend
  if (legend.length) {
    const lx = m.left + iw + 20;
    let ly = m.top + 8;
    parts.push('<g class="legend" font-size="11">\n');
    for (const l of legend) {
      if (l.kind === 'band') {
        parts.push(`<rect x="${n2(lx)}" y="${n2(ly - 6)}" width="28" height="12" fill="#d9d9d9" stroke="#555" stroke-dasharray="4 3"/>`);
      } else if (l.kind === 'median') {
        parts.push(`<line x1="${n2(lx)}" y1="${n2(ly)}" x2="${n2(lx + 28)}" y2="${n2(ly)}" stroke="#555" stroke-width="1.2" stroke-dasharray="1 2"/>`);
      } else {
        const dash = grouped ? DASHES[l.i % DASHES.length] : '';
        parts.push(`<line x1="${n2(lx)}" y1="${n2(ly)}" x2="${n2(lx + 28)}" y2="${n2(ly)}" stroke="#000" stroke-width="1.8"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`);
        parts.push(marker(MARKERS[grouped ? l.i % MARKERS.length : 0], lx + 14, ly, 3));
      }
      parts.push(`<text x="${n2(lx + 34)}" y="${n2(ly + 4)}">${labelContent(l.label, l.full ?? l.label)}</text>\n`);
      ly += 20;
    }
    parts.push('</g>\n');
  }
  parts.push('</svg>\n');
  return parts.join('');
}
