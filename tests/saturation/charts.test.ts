import { describe, it, expect } from 'vitest';
import { XMLValidator, XMLParser } from 'fast-xml-parser';
import { computeSaturation } from '../../src/analysis/saturation.js';
import { renderSaturationSvg } from '../../src/export/chart-saturation.js';
import { renderBarChartSvg } from '../../src/export/chart-bar.js';
import { renderHeatmapSvg } from '../../src/export/chart-heatmap.js';
import { svgToPng } from '../../src/export/svg-to-png.js';
import { docFrom } from './helpers.js';

const doc = docFrom([
  ['s1', ['a', 'b', 'c'], { team: 'Wijk <coaches> & co', order: '1' }],
  ['s2', ['b', 'd'], { team: 'jongerenwerk', order: '2' }],
  ['s3', ['e'], { team: 'Wijk <coaches> & co', order: '3' }],
  ['s4', ['a', 'f'], { team: 'jongerenwerk', order: '4' }],
  ['s5', ['g'], { team: 'Wijk <coaches> & co', order: '5' }],
  ['s6', [], { team: 'jongerenwerk', order: '6' }],
  ['s7', ['a'], { team: 'Wijk <coaches> & co', order: '7' }],
  ['s8', ['h'], { team: 'jongerenwerk', order: '8' }],
]);

function pngSize(png: Uint8Array): { w: number; h: number } {
  const b = Buffer.from(png);
  expect([...b.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(b.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { w: b.readUInt32BE(16), h: b.readUInt32BE(20) };
}

describe('saturation chart', () => {
  it('single series with band: valid XML, labels, title/desc, marker, byte-deterministic', async () => {
    const res = computeSaturation(doc, { permutations: 200, seed: 3 });
    const svg = await renderSaturationSvg(res, { lang: 'en' });
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).toContain('Number of interviews');
    expect(svg).toContain('Cumulative number of codes');
    expect(svg).toContain('saturation 5+2');
    expect(svg).toMatch(/<title id="saturation-title">/);
    expect(svg).toMatch(/<desc id="saturation-desc">After 5 interviews/);
    expect(svg).toContain('class="band"');
    expect(svg).toContain('stroke-dasharray="4 3"'); // dashed band edges
    expect(svg).toContain('font-family="DejaVu Sans, sans-serif"');
    expect(await renderSaturationSvg(computeSaturation(doc, { permutations: 200, seed: 3 }), { lang: 'en' })).toBe(svg);
    const tree = new XMLParser({ ignoreAttributes: false }).parse(svg);
    expect(tree.svg['@_viewBox']).toMatch(/^0 0 \d+ 440$/);
  });

  it('groups: one line per group with distinct dash patterns, legend, escaped labels (nl)', async () => {
    const res = computeSaturation(doc, { by: 'team', base: 1, run: 1 });
    const svg = await renderSaturationSvg(res, { lang: 'nl' });
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).toContain('Aantal interviews');
    expect(svg).toContain('Cumulatief aantal codes');
    expect(svg).toContain('Wijk &lt;coaches&gt; &amp; co');
    expect(svg).not.toContain('<coaches>');
    const series = svg.match(/<g class="series"[^>]*><path [^>]*>/g)!;
    expect(series).toHaveLength(2);
    const dashes = series.map((s) => /stroke-dasharray="([^"]+)"/.exec(s)?.[1] ?? 'solid');
    expect(new Set(dashes).size).toBe(2);
    expect(svg).toContain('class="legend"');
  });

  it('not reached and a single source still render', async () => {
    const one = computeSaturation(docFrom([['only', ['a']]]));
    const svg = await renderSaturationSvg(one, { lang: 'en' });
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).toContain('saturation not reached');
  });

  it('PNG decodes with the expected size (and text is drawn: the bundled font is used)', async () => {
    const res = computeSaturation(doc, {});
    const svg = await renderSaturationSvg(res, { lang: 'en' });
    const png = await svgToPng(svg, { scale: 1 });
    expect(pngSize(png)).toEqual({ w: 720, h: 440 });
    // the same SVG without any text renders to a smaller PNG: text was drawn
    const noText = await svgToPng(svg.replace(/<text[^>]*>[^<]*<\/text>/g, ''), { scale: 1 });
    expect(png.length).toBeGreaterThan(noText.length + 1000);
    // resvg re-reads the PNG it made (as an <image>)
    const { Resvg } = await import('@resvg/resvg-js');
    const wrapped = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="72" height="44"><image width="72" height="44" href="data:image/png;base64,${Buffer.from(png).toString('base64')}"/></svg>`;
    expect(new Resvg(wrapped).render().width).toBe(72);
  });
});

describe('bar chart and heat map', () => {
  it('bar chart: valid XML, escaped, deterministic, grouped bars', async () => {
    const input = { title: 'Codes & teams', categories: ['trust', '<script>', 'x'], series: [{ name: 'A', values: [1, 2, null] }, { name: 'B "b"', values: [0, 3.5, 1] }], valueLabel: 'Segments', categoryLabel: 'Code' };
    const svg = await renderBarChartSvg(input);
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).toContain('Segments');
    expect((svg.match(/stroke-width="0.6"><title>/g) ?? []).length).toBe(5); // null is skipped
    expect(await renderBarChartSvg(input)).toBe(svg);
    expect(pngSize(await svgToPng(svg, { scale: 1 })).w).toBe(720);
  });

  it('heat map: one cell per value, numbers printed, null shown as a dash', async () => {
    const input = { title: 'Code × case', rows: ['trust', 'roles'], cols: ['c1', 'c2', 'c3'], values: [[0, 2, null], [4, 1, 3]], rowLabel: 'code', colLabel: 'case' };
    const svg = await renderHeatmapSvg(input);
    expect(XMLValidator.validate(svg)).toBe(true);
    expect((svg.match(/<rect [^>]*><title>/g) ?? []).length).toBe(6);
    expect(svg).toContain('>–</text>');
    expect(svg).toContain('trust × c2: 2');
    expect(await renderHeatmapSvg(input)).toBe(svg);
    pngSize(await svgToPng(svg));
  });
});
