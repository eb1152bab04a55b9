import type { Lang } from '../model/types.js';
import { distinctLabels, esc, integerTicks, labelContent, n2, svgOpen, textWidth, slugId, wrappedTitle } from './chart-common.js';
import { maxOf } from '../model/arrays.js';

/**
 * A horizontal (grouped) bar chart as an SVG string: one row per category
 * (e.g. a code), one bar per series (e.g. a team). Series are told apart by
 * grey fills and hatching so the chart survives black-and-white printing.
 * Values are printed at the bar ends. Byte-deterministic.
 */

export interface BarChartInput {
  readonly title: string;
  readonly categories: readonly string[];
  readonly series: readonly { readonly name: string; readonly values: readonly (number | null)[] }[];
  /** Label of the value axis (e.g. "Segments"). */
  readonly valueLabel?: string;
  /** Label of the category axis (e.g. "Code"). */
  readonly categoryLabel?: string;
  readonly desc?: string;
  readonly lang?: Lang;
  readonly width?: number;
  readonly id?: string;
  /** Decimals for the value labels (default 0 for integers, else 2). */
  readonly digits?: number;
}

const FILLS = ['#404040', 'url(#hatch-a)', '#bfbfbf', 'url(#hatch-b)', '#ffffff', '#808080'];

export async function renderBarChartSvg(input: BarChartInput): Promise<string> {
  const { scaleLinear, scaleBand } = await import('d3-scale');
  const id = input.id ?? slugId(input.title);
  const cats = distinctLabels(input.categories, 40);
  const seriesNames = distinctLabels(input.series.map((s) => s.name), 30);
  const S = Math.max(1, input.series.length);
  const barH = 14;
  const rowH = S * barH + 10;
  const labelW = Math.min(280, Math.max(60, maxOf(cats.map((c) => textWidth(c, 11)))) + 12);
  const legendH = S > 1 ? 22 : 0;
  const width = input.width ?? 720;
  // a title wider than the chart goes on over more lines: what is below it moves down
  const head = wrappedTitle(input.title, 8, 28, width - 16);
  const m = { top: 48 + legendH + head.extra, right: 48, bottom: 48, left: labelW + 8 };
  const height = m.top + m.bottom + Math.max(1, cats.length) * rowH;
  const iw = width - m.left - m.right;
  const all = input.series.flatMap((s) => s.values.filter((v): v is number => v !== null && Number.isFinite(v)));
  const vMax = Math.max(1, maxOf(all));
  const x = scaleLinear().domain([0, vMax]).nice().range([m.left, m.left + iw]);
  const yb = scaleBand<number>().domain(cats.map((_, i) => i)).range([m.top, m.top + cats.length * rowH]).paddingInner(0);
  const intValues = all.every((v) => Number.isInteger(v));
  const digits = input.digits ?? (intValues ? 0 : 2);
  const fmt = (v: number) => {
    const s = v.toFixed(digits);
    return input.lang === 'nl' ? s.replace('.', ',') : s;
  };
  const desc = input.desc ?? `${input.title}: ${cats.length} × ${S}`;
  const parts: string[] = [svgOpen(width, height, id, input.title, desc)];
  parts.push(
    '<defs>' +
      `<pattern id="hatch-a" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#000" stroke-width="2"/></pattern>` +
      `<pattern id="hatch-b" width="5" height="5" patternUnits="userSpaceOnUse"><rect width="5" height="5" fill="#fff"/><circle cx="2.5" cy="2.5" r="1" fill="#000"/></pattern>` +
      '</defs>\n',
  );
  parts.push(head.svg);
  // legend
  if (S > 1) {
    let lx = m.left;
    input.series.forEach((s, i) => {
      const name = seriesNames[i];
      parts.push(`<rect x="${n2(lx)}" y="${n2(44 + head.extra)}" width="14" height="12" fill="${FILLS[i % FILLS.length]}" stroke="#000"/><text x="${n2(lx + 18)}" y="${n2(54 + head.extra)}" font-size="11">${labelContent(name, s.name)}</text>\n`);
      lx += 18 + textWidth(name, 11) + 16;
    });
  }
  // value axis
  const ticks = intValues ? integerTicks(x.ticks(6)) : x.ticks(6);
  const bottom = m.top + cats.length * rowH;
  parts.push('<g class="axis x" font-size="11" text-anchor="middle">\n');
  for (const t of ticks) {
    parts.push(`<line x1="${n2(x(t))}" y1="${n2(m.top)}" x2="${n2(x(t))}" y2="${n2(bottom)}" stroke="#e6e6e6"/><line x1="${n2(x(t))}" y1="${n2(bottom)}" x2="${n2(x(t))}" y2="${n2(bottom + 5)}" stroke="#000"/><text x="${n2(x(t))}" y="${n2(bottom + 18)}">${esc(fmt(t).replace(/[.,]0+$/, ''))}</text>\n`);
  }
  parts.push(`<line x1="${n2(m.left)}" y1="${n2(bottom)}" x2="${n2(m.left + iw)}" y2="${n2(bottom)}" stroke="#000"/>\n`);
  if (input.valueLabel) parts.push(`<text x="${n2(m.left + iw / 2)}" y="${n2(bottom + 36)}" font-size="12">${esc(input.valueLabel)}</text>\n`);
  parts.push('</g>\n');
  if (input.categoryLabel) parts.push(`<text x="${n2(8)}" y="${n2(m.top - 6)}" font-size="11" font-style="italic">${esc(input.categoryLabel)}</text>\n`);
  // bars
  parts.push('<g class="bars" font-size="11">\n');
  cats.forEach((c, ci) => {
    const y0 = yb(ci)! + 5;
    parts.push(`<text x="${n2(m.left - 6)}" y="${n2(y0 + (S * barH) / 2 + 4)}" text-anchor="end">${labelContent(c, input.categories[ci])}</text>`);
    input.series.forEach((s, si) => {
      const v = s.values[ci];
      if (v === null || v === undefined || !Number.isFinite(v)) return;
      const w = Math.max(0, x(v) - m.left);
      const yy = y0 + si * barH;
      parts.push(`<rect x="${n2(m.left)}" y="${n2(yy + 1)}" width="${n2(w)}" height="${n2(barH - 2)}" fill="${FILLS[si % FILLS.length]}" stroke="#000" stroke-width="0.6"><title>${esc(`${input.categories[ci]} — ${s.name}: ${fmt(v)}`)}</title></rect>`);
      parts.push(`<text x="${n2(m.left + w + 4)}" y="${n2(yy + barH - 3)}" font-size="10">${esc(fmt(v))}</text>`);
    });
    parts.push('\n');
  });
  parts.push(`<line x1="${n2(m.left)}" y1="${n2(m.top)}" x2="${n2(m.left)}" y2="${n2(bottom)}" stroke="#000"/>\n</g>\n</svg>\n`);
  return parts.join('');
}
