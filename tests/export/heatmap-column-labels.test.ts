/**
 * The heat map's column labels run up and to the right at 45° from their columns: the width held
 * the cells and the title only, so the label of the last group ("Zuid/Oost [team]", a group of
 * a cases table) ran past the right edge of the SVG and was cut in the report, and in a PNG of it,
 * without a word (found by huntana). Now the width holds every label.
 */
import { describe, it, expect } from 'vitest';
import { renderHeatmapSvg } from '../../src/export/chart-heatmap.js';
import { textWidth } from '../../src/export/chart-common.js';

describe('heat map: every column label inside the picture', () => {
  it('the last column label ends within the width (long code names, three groups)', async () => {
    const cols = ['Noord', 'noord', 'Zuid/Oost [wijkteam]'];
    const svg = await renderHeatmapSvg({ title: 'Share (%)', rows: ['Overleg en afstemming tussen de organisaties', 'Vertrouwen'], cols, values: [[100, 0, 50], [0, 100, 25]] });
    const width = Number(/<svg[^>]* width="([\d.]+)"/.exec(svg)![1]);
    const labels = [...svg.matchAll(/<text transform="translate\(([\d.]+) [\d.]+\) rotate\(-45\)">([^<]*)<\/text>/g)];
    expect(labels).toHaveLength(3);
    for (const [, x, text] of labels) {
      // (the right end of a label at 45°: its start plus its length × cos 45°)
      expect(Number(x) + textWidth(text, 11) * Math.SQRT1_2, text).toBeLessThanOrEqual(width);
    }
  });
});
