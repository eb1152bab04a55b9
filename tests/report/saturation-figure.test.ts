import { describe, it, expect } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import type { Coding, CodingsDocument, Source } from '../../src/model/types.js';
import { computeSaturation } from '../../src/analysis/saturation.js';
import { renderSaturationSvg } from '../../src/export/chart-saturation.js';
import { renderSaturationFigure } from '../../src/export/report-saturation.js';
import { svgToPng } from '../../src/export/svg-to-png.js';
import { textWidth } from '../../src/export/chart-common.js';

/** Two groups whose interviews bring the same new codes, so both saturate at 4+2 (labels would collide). */
function doc(): CodingsDocument {
  const perInterview = [['a', 'b', 'c'], ['d'], ['e'], ['f'], [], []];
  const sources: Source[] = [];
  const codings: Coding[] = [];
  for (const g of ['alpha', 'beta']) {
    perInterview.forEach((codes, i) => {
      const id = `${g}-${i + 1}`;
      sources.push({ id, path: id, kind: 'transcript', format: 'txt', case: id, attributes: { group: g, order: String(i + 1) }, encoding: 'utf-8', newline: 'lf', sha256: '', text: 'x', length: 1 });
      for (const c of codes) codings.push({ id: `${id}-${c}`, sourceId: id, code: c, coder: 'rules', start: 0, end: 1 });
    });
  }
  sources.push({ id: 'solo', path: 'solo', kind: 'transcript', format: 'txt', case: 'solo', attributes: { group: 'gamma', order: '1' }, encoding: 'utf-8', newline: 'lf', sha256: '', text: 'x', length: 1 });
  return { provenance: { tool: 'qdakit', version: 't' }, codebooks: [], codes: [], sources, segments: [], codings };
}

const num = (v: string | undefined) => Number(v);

describe('saturation figure and label placement', () => {
  it('places "k+r" labels above the plot area, in separate rows when they would overlap', async () => {
    const sat = computeSaturation(doc(), { by: 'group', lang: 'en' });
    expect(sat.groups.filter((s) => s.guest.reached).map((s) => s.guest.notation)).toEqual(['4+2', '4+2']);
    const svg = await renderSaturationSvg(sat, { lang: 'en' });
    const labels = [...svg.matchAll(/<g class="saturation-point"><line x1="([\d.]+)" y1="([\d.]+)" x2="[\d.]+" y2="([\d.]+)"[^>]*\/><text x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]+)<\/text>/g)].map((m) => ({
      x: num(m[4]), y: num(m[5]), text: m[6], lineTop: num(m[2]), lineBottom: num(m[3]),
    }));
    expect(labels.map((l) => l.text)).toEqual(['alpha: 4+2', 'beta: 4+2']);
    // the plot area's top = the y axis line's top; every marker point lies at or below it
    const axisTop = Math.min(...[...svg.matchAll(/<line x1="68" y1="([\d.]+)" x2="68" y2="[\d.]+" stroke="#000"\/>/g)].map((m) => num(m[1])));
    const pointYs = [...svg.matchAll(/<g class="series"[^>]*>([\s\S]*?)<\/g>/g)].flatMap((m) => [...m[1].matchAll(/c?y="([\d.]+)"/g)].map((y) => num(y[1])));
    expect(pointYs.length).toBeGreaterThan(0);
    for (const l of labels) {
      expect(l.y, l.text).toBeLessThan(axisTop - 3); // baseline above the plot: no point or curve can touch it
      expect(l.lineTop).toBeGreaterThan(l.y); // leader line starts under its label
      expect(l.lineTop).toBeLessThan(axisTop);
      expect(Math.min(...pointYs)).toBeGreaterThanOrEqual(axisTop - 4);
    }
    // no two label boxes overlap
    const box = (l: (typeof labels)[number]) => ({ x0: l.x, x1: l.x + textWidth(l.text, 11), y0: l.y - 11, y1: l.y + 3 });
    const [a, b] = labels.map(box);
    const overlap = a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
    expect(overlap).toBe(false);
  });

  it('one panel per group with ≥ 2 interviews, each with its permutation band; seed and permutations in the titles', async () => {
    const sat = computeSaturation(doc(), { by: 'group', lang: 'nl', permutations: 1000, seed: 1 });
    const fig = await renderSaturationFigure(sat, { lang: 'nl', heading: (g) => g.toUpperCase() });
    expect(fig.plotted).toEqual(['alpha', 'beta']);
    expect(fig.omitted).toEqual([{ group: 'gamma', sources: 1 }]);
    // well-formed XML with nested panels
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(fig.svg);
    expect(parsed.svg.svg).toHaveLength(2);
    expect(fig.svg.match(/<g class="band">/g)).toHaveLength(2);
    expect(fig.svg).toContain('ALPHA: cumulatief aantal codes (band: 1000 willekeurige volgordes, seed 1)');
    expect(fig.svg).toMatch(/<title id="saturation-alpha-title">/);
    const png = await svgToPng(fig.svg);
    expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
    // the same seed gives the same figure
    const again = await renderSaturationFigure(computeSaturation(doc(), { by: 'group', lang: 'nl', permutations: 1000, seed: 1 }), { lang: 'nl', heading: (g) => g.toUpperCase() });
    expect(again.svg).toBe(fig.svg);
  });
});
