import type { Lang } from '../model/types.js';
import type { SaturationResult, SaturationSeries } from '../analysis/saturation.js';
import { saturationMethodsText } from '../analysis/saturation-text.js';
import { renderSaturationSvg } from './chart-saturation.js';
import { svgOpen } from './chart-common.js';
import { maxOf } from '../model/arrays.js';

/**
 * The saturation figure of the report and `qda run`: one panel per group (stacked, each with its
 * observed curve, the median and 5th–95th percentile band over random interview orders, and the
 * Guest et al. saturation marker), so bands never overlap and the figure reads in black and
 * white. Groups with fewer than `minSources` interviews get no panel (a single interview is no
 * curve). Without groups: the single chart of all interviews.
 */

export interface SaturationFigure {
  readonly svg: string;
  /** Group values drawn, in order. */
  readonly plotted: readonly string[];
  /** Groups left out for having too few interviews. */
  readonly omitted: ReadonlyArray<{ readonly group: string; readonly sources: number }>;
}

export interface SaturationFigureOptions {
  readonly lang: Lang;
  readonly id?: string;
  /** Heading for a group value (e.g. "Wijkcoaches"); default the value. */
  readonly heading?: (group: string) => string;
  /** Fewest interviews for a panel (default 2). */
  readonly minSources?: number;
  readonly panelHeight?: number;
}

const slugOf = (s: string) => s.normalize('NFKD').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '').toLowerCase() || 'group';

export async function renderSaturationFigure(sat: SaturationResult, opts: SaturationFigureOptions): Promise<SaturationFigure> {
  const { lang } = opts;
  const nl = lang === 'nl';
  const id = opts.id ?? 'saturation';
  if (!sat.groups.length) return { svg: await renderSaturationSvg(sat, { lang, id }), plotted: [], omitted: [] };
  const min = opts.minSources ?? 2;
  const drawn = sat.groups.filter((s) => s.points.length >= min);
  const omitted = sat.groups.filter((s) => s.points.length < min).map((s) => ({ group: s.group ?? '', sources: s.points.length }));
  if (!drawn.length) return { svg: await renderSaturationSvg(sat, { lang, id }), plotted: [], omitted };
  const perms = sat.params.permutations;
  const bandNote = perms > 0 ? (nl ? ` (band: ${perms} willekeurige volgordes, seed ${sat.params.seed})` : ` (band: ${perms} random orders, seed ${sat.params.seed})`) : '';
  const panels: Array<{ svg: string; w: number; h: number }> = [];
  // (groups whose names slug alike keep ids of their own: each panel's title labels its own chart)
  const usedIds = new Set<string>();
  const panelId = (g: string) => {
    const base = `${id}-${slugOf(g)}`;
    let out = base;
    for (let k = 2; usedIds.has(out); k++) out = `${base}-${k}`;
    usedIds.add(out);
    return out;
  };
  for (const s of drawn as SaturationSeries[]) {
    const head = opts.heading?.(s.group ?? '') ?? s.group ?? '';
    const title = `${head}: ${nl ? 'cumulatief aantal codes' : 'cumulative number of codes'}${bandNote}`;
    const one: SaturationResult = { ...sat, groups: [], overall: s, by: null };
    const svg = (await renderSaturationSvg(one, { lang, id: panelId(s.group ?? ''), title, height: opts.panelHeight ?? 340 })).replace(/^<\?xml[^>]*>\s*/, '');
    const w = Number(/width="([\d.]+)"/.exec(svg)?.[1] ?? 900);
    const h = Number(/height="([\d.]+)"/.exec(svg)?.[1] ?? 340);
    panels.push({ svg, w, h });
  }
  const W = maxOf(panels.map((p) => p.w));
  const H = panels.reduce((n, p) => n + p.h, 0);
  const title = nl ? 'Saturatie per groep: cumulatief aantal codes per interview' : 'Saturation per group: cumulative number of codes per interview';
  const parts = [svgOpen(W, H, id, title, saturationMethodsText(sat, lang).join(' '))];
  let y = 0;
  for (const p of panels) {
    // nested <svg> keeps each panel's own coordinates; y stacks them
    parts.push(p.svg.replace(/^<svg /, `<svg x="0" y="${y}" `));
    y += p.h;
  }
  parts.push('</svg>\n');
  return { svg: parts.join(''), plotted: drawn.map((s) => s.group ?? ''), omitted };
}
