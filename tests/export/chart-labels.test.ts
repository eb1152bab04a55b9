import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { distinctLabels } from '../../src/export/chart-common.js';
import { renderHeatmapSvg } from '../../src/export/chart-heatmap.js';
import { renderBarChartSvg } from '../../src/export/chart-bar.js';
import { renderSurveyChartSvg } from '../../src/export/chart-survey.js';

const XMLLINT = spawnSync('sh', ['-c', 'command -v xmllint']).status === 0;

/** Two codes whose names share their first 40+ characters (two codebooks, or "… first" / "… second"). */
const A = 'Collaboration between organisations in the district: first';
const B = 'Collaboration between organisations in the district: second';
const MIDDLE_A = 'Samenwerking tussen organisaties A in de wijk en de stad samen';
const MIDDLE_B = 'Samenwerking tussen organisaties B in de wijk en de stad samen';

/** The visible text of the <text> elements (their <title> taken out). */
function shownTexts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>(.*?)<\/text>/g)].map((m) => m[1].replace(/<title>.*?<\/title>/g, '').replace(/&amp;/g, '&'));
}

function wellFormed(svg: string): void {
  if (!XMLLINT) return;
  const r = spawnSync('xmllint', ['--noout', '-'], { input: svg, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
}

describe('chart labels: shortened labels stay distinct, the whole label kept in a <title>', () => {
  it('distinctLabels: start and end where the start alone reads alike; a number where even that does', () => {
    const out = distinctLabels([A, B, 'Trust', MIDDLE_A, MIDDLE_B], 40);
    expect(new Set(out).size).toBe(5);
    for (const s of out) expect([...s].length).toBeLessThanOrEqual(40);
    expect(out[2]).toBe('Trust');
    expect(out[0].endsWith('first')).toBe(true);
    expect(out[1].endsWith('second')).toBe(true);
    // differing only in the middle
    const mid = distinctLabels([MIDDLE_A, MIDDLE_B], 20);
    expect(mid[0]).not.toBe(mid[1]);
    for (const s of mid) expect([...s].length).toBeLessThanOrEqual(20);
    // identical labels are the caller's business (two rows of one name): not renumbered
    expect(distinctLabels(['same', 'same'], 40)).toEqual(['same', 'same']);
  });

  it('heat map (report): two long code names are two different row labels, and their cells name the whole code', async () => {
    const svg = await renderHeatmapSvg({ title: 'Share', rows: [A, B], cols: ['a group with a rather long name 1', 'a group with a rather long name 2'], values: [[1, 2], [3, 4]] });
    wellFormed(svg);
    const shown = shownTexts(svg);
    const rowLabels = shown.filter((t) => t.startsWith('Collab'));
    expect(rowLabels).toHaveLength(2);
    expect(rowLabels[0]).not.toBe(rowLabels[1]);
    const colLabels = shown.filter((t) => t.startsWith('a group'));
    expect(new Set(colLabels).size).toBe(2);
    expect(svg).toContain(`<title>${A}</title>`);
    expect(svg).toContain(`<title>${B} × a group with a rather long name 2: 4</title>`);
  });

  it('bar chart: categories and series stay distinct', async () => {
    const svg = await renderBarChartSvg({ title: 'Bars', categories: [A, B], series: [{ name: 'team with a name of more than thirty chars x', values: [1, 2] }, { name: 'team with a name of more than thirty chars y', values: [3, 4] }] });
    wellFormed(svg);
    const shown = shownTexts(svg);
    expect(new Set(shown.filter((t) => t.startsWith('Collab'))).size).toBe(2);
    expect(new Set(shown.filter((t) => t.startsWith('team'))).size).toBe(2);
  });

  it('survey chart: two items whose texts share their first 96 characters stay distinct, each whole in its <title>; the title is shown whole (wrapped)', async () => {
    const stem = 'Ik weet bij welke organisatie in de wijk of in de stad ik terecht kan voor hulp en advies bij mijn vragen over';
    const long1 = `${stem} schulden en geldzaken`;
    const long2 = `${stem} wonen en de woning`;
    const title = 'Een heel lange titel van een dimensie die niet op de breedte van de grafiek past, echt niet, nee echt niet';
    const svg = await renderSurveyChartSvg({
      title,
      rows: [{ label: long1, values: [{ mean: 2, n: 5 }] }, { label: long2, values: [{ mean: 3, n: 5 }] }],
      series: [{ name: 'coaches', n: 5 }],
      scale: { min: 0, max: 4, midpoint: 2 },
      lang: 'nl',
    });
    wellFormed(svg);
    // (each item's lines joined)
    const items = [...svg.matchAll(/<text [^>]*text-anchor="end">([\s\S]*?)<\/text>/g)].map((m) => [...m[1].replace(/<title>.*?<\/title>/g, '').matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g)].map((t) => t[1]).join(' '));
    expect(items).toHaveLength(2);
    expect(items[0]).not.toBe(items[1]);
    expect(svg).toContain(`<title>${long1}</title>`);
    expect(svg).toContain(`<title>${long2}</title>`);
    const head = /<text x="8" y="26" font-size="15" font-weight="bold">([\s\S]*?)<\/text>/.exec(svg)![1];
    expect([...head.matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g)].map((m) => m[1]).join(' ')).toBe(title);
  });
});
