import type { Lang } from '../model/types.js';
import { distinctLabels, esc, labelContent, n2, svgOpen, textWidth, slugId } from './chart-common.js';
import { maxOf } from '../model/arrays.js';
import { formatNumber } from './render-table.js';

/**
 * A heat map (e.g. code × case) as an SVG string. Cells are shaded on a
 * sequential blue scale (d3-scale-chromatic interpolateBlues, which is also
 * monotone in lightness, so it stays readable in grey) and always print their
 * number, so the values survive black-and-white printing. Empty/null cells are
 * white with a dash. Byte-deterministic.
 */

export interface HeatmapInput {
  readonly title: string;
  readonly rows: readonly string[];
  readonly cols: readonly string[];
  /** values[row][col]. */
  readonly values: readonly (readonly (number | null)[])[];
  readonly rowLabel?: string;
  readonly colLabel?: string;
  readonly desc?: string;
  readonly lang?: Lang;
  readonly id?: string;
  /** Scale maximum (default: the largest value). */
  readonly max?: number;
  /** Decimals of every printed value (default: each as the tables write it, up to 4, never 0 for a value that is not). */
  readonly digits?: number;
  readonly cell?: number;
}

export async function renderHeatmapSvg(input: HeatmapInput): Promise<string> {
  const { scaleSequential } = await import('d3-scale');
  const { interpolateBlues } = await import('d3-scale-chromatic');
  const id = input.id ?? slugId(input.title);
  const rows = distinctLabels(input.rows, 40);
  const cols = distinctLabels(input.cols, 24);
  const cell = input.cell ?? 34;
  const rowW = Math.min(280, Math.max(40, maxOf(rows.map((r) => textWidth(r, 11)))) + 10);
  const colH = Math.min(170, Math.max(30, maxOf(cols.map((c) => textWidth(c, 11) * 0.72))) + 12);
  const m = { top: 44 + colH, left: rowW + 8, right: 24, bottom: 24 + (input.rowLabel || input.colLabel ? 16 : 0) };
  // (a column label runs up and to the right from its column at 45°: the last ones reach past the
  // cells, and the width holds them; "Zuid/Oost [team]" of the last column was cut at the edge)
  const colReach = maxOf(cols.map((c, j) => m.left + j * cell + cell / 2 + 4 + textWidth(c, 11) * 0.72 + 8));
  const width = Math.max(360, m.left + cols.length * cell + m.right, textWidth(input.title, 15) * 1.08 + 16, colReach);
  const height = m.top + rows.length * cell + m.bottom;
  const vals = input.values.flatMap((r) => r.filter((v): v is number => v !== null && Number.isFinite(v)));
  const max = input.max ?? Math.max(0, maxOf(vals));
  // (without `digits`, each value as the tables write it: a share of 0.3% is not printed 0)
  const fmt = (v: number) => {
    const s = input.digits !== undefined ? v.toFixed(input.digits) : formatNumber(v);
    return input.lang === 'nl' ? s.replace('.', ',') : s;
  };
  // start the scale a little above white so a value of 0 is still distinguishable from "no value"
  const colour = scaleSequential((t: number) => interpolateBlues(0.05 + 0.9 * t)).domain([0, max > 0 ? max : 1]);
  const desc = input.desc ?? `${input.title}: ${rows.length} × ${cols.length}`;
  const parts: string[] = [svgOpen(width, height, id, input.title, desc)];
  parts.push(`<text x="8" y="26" font-size="15" font-weight="bold">${esc(input.title)}</text>\n`);
  parts.push('<g class="cols" font-size="11">\n');
  cols.forEach((c, j) => {
    const cx = m.left + j * cell + cell / 2;
    parts.push(`<text transform="translate(${n2(cx + 4)} ${n2(m.top - 6)}) rotate(-45)">${labelContent(c, input.cols[j])}</text>\n`);
  });
  parts.push('</g>\n<g class="rows" font-size="11" text-anchor="end">\n');
  rows.forEach((r, i) => parts.push(`<text x="${n2(m.left - 6)}" y="${n2(m.top + i * cell + cell / 2 + 4)}">${labelContent(r, input.rows[i])}</text>\n`));
  parts.push('</g>\n<g class="cells" font-size="10" text-anchor="middle">\n');
  input.rows.forEach((r, i) => {
    input.cols.forEach((c, j) => {
      const v = input.values[i]?.[j] ?? null;
      const x = m.left + j * cell;
      const y = m.top + i * cell;
      const has = v !== null && Number.isFinite(v);
      const fill = has ? colour(v as number) : '#ffffff';
      const dark = has && max > 0 && (v as number) / max > 0.55;
      parts.push(
        `<rect x="${n2(x)}" y="${n2(y)}" width="${cell}" height="${cell}" fill="${fill}" stroke="#fff" stroke-width="1"><title>${esc(`${r} × ${c}: ${has ? fmt(v as number) : '–'}`)}</title></rect>` +
          `<text x="${n2(x + cell / 2)}" y="${n2(y + cell / 2 + 4)}" fill="${dark ? '#fff' : '#000'}">${has ? esc(fmt(v as number)) : '–'}</text>\n`,
      );
    });
  });
  parts.push(`</g>\n<rect x="${n2(m.left)}" y="${n2(m.top)}" width="${cols.length * cell}" height="${rows.length * cell}" fill="none" stroke="#000" stroke-width="0.8"/>\n`);
  const axisText = [input.rowLabel, input.colLabel].filter(Boolean).join(' × ');
  if (axisText) parts.push(`<text x="8" y="${n2(height - 10)}" font-size="11" font-style="italic">${esc(axisText)}</text>\n`);
  parts.push('</svg>\n');
  return parts.join('');
}
