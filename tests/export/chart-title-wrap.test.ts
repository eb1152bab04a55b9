import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { wrappedTitle } from '../../src/export/chart-common.js';
import { renderBarChartSvg } from '../../src/export/chart-bar.js';
import { renderSurveyChartSvg } from '../../src/export/chart-survey.js';
import { qdaLeavingInputs } from '../helpers/inputs-untouched.js';

/** The lines of each bold title of an SVG (its <tspan>s, or the text itself). */
function titles(svg: string): string[][] {
  return [...svg.matchAll(/<text [^>]*font-size="15" font-weight="bold">([\s\S]*?)<\/text>/g)].map((m) =>
    m[1].includes('<tspan') ? [...m[1].matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g)].map((t) => t[1]) : [m[1]],
  );
}

describe('a chart title wider than the chart goes on over more lines (was cut off at the chart’s right edge)', () => {
  it('wrappedTitle: every word kept, each line within the width; a short title as one text as before', () => {
    const t = 'Groep nummer 11 met een bijzonder lange naam voor de legenda: cumulatief aantal codes';
    const { svg, extra } = wrappedTitle(t, 68, 28, 644);
    const lines = titles(svg)[0];
    expect(lines.length).toBe(2);
    expect(lines.join(' ')).toBe(t);
    for (const l of lines) expect([...l].length * 15 * 0.62).toBeLessThanOrEqual(644);
    expect(extra).toBe(19);
    expect(wrappedTitle('Kort', 8, 28, 700)).toEqual({ svg: '<text x="8" y="28" font-size="15" font-weight="bold">Kort</text>\n', extra: 0 });
    // a word longer than a line is broken inside, nothing dropped
    const long = 'x'.repeat(150);
    expect(titles(wrappedTitle(long, 8, 28, 300).svg)[0].join('')).toBe(long);
  });

  it('the bar chart moves its legend and bars below a wrapped title', async () => {
    const title = 'Aantal gecodeerde segmenten per code en per team in de wijken van de gemeente, voorjaar en najaar';
    const svg = await renderBarChartSvg({ title, categories: ['overleg', 'vertrouwen'], series: [{ name: 'noord', values: [1, 2] }, { name: 'zuid', values: [3, 4] }] });
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(titles(svg)[0].join(' ')).toBe(title);
    expect(titles(svg)[0].length).toBe(2);
    // the legend below the second line (was at 44 under a one-line title)
    expect(svg).toMatch(/<rect x="[\d.]+" y="63" width="14" height="12"/);
  });

  it('the questionnaire chart wraps its title too (was cut with "…", the rest only in a tooltip), its legend and bars below it', async () => {
    const title = 'Gemiddelde score per uitspraak over samenwerking in het wijkteam, naar functie van de respondent (1 = helemaal oneens, 5 = helemaal eens)';
    const input = { rows: [{ label: 'We delen informatie op tijd', values: [{ mean: 3.5, n: 8 }] }], series: [{ name: 'wijkcoaches', n: 8 }], scale: { min: 1, max: 5, midpoint: 3 }, lang: 'nl' as const };
    const svg = await renderSurveyChartSvg({ title, ...input });
    expect(XMLValidator.validate(svg)).toBe(true);
    const lines = titles(svg)[0];
    expect(lines.join(' ')).toBe(title);
    expect(lines.length).toBe(2);
    expect(svg).not.toContain('…');
    for (const l of lines) expect(8 + [...l].length * 15 * 0.62).toBeLessThanOrEqual(760);
    // the legend one title line lower than under a short title
    const short = await renderSurveyChartSvg({ title: 'Samenwerking', ...input });
    const legendY = (s: string) => Number(/<rect x="[\d.]+" y="(\d+)" width="14" height="12"/.exec(s)![1]);
    expect(legendY(svg) - legendY(short)).toBe(19);
    const h = (s: string) => Number(/<svg[^>]* height="([\d.]+)"/.exec(s)![1]);
    expect(h(svg) - h(short)).toBe(19);
  });

  it('a questionnaire item goes on over two lines (was cut at 48 characters with "…"); one longer still ends with "…" and is whole in its <title>', async () => {
    const item = 'Ik weet bij welke organisatie in de wijk ik terecht kan voor hulp bij schulden of wonen';
    const long = 'Als ik een vraag heb over de samenwerking tussen de organisaties in de wijk, weet ik bij wie ik moet zijn en word ik binnen een week teruggebeld';
    const svg = await renderSurveyChartSvg({ title: 'Items', rows: [{ label: item, values: [{ mean: 2, n: 5 }] }, { label: long, values: [{ mean: 4, n: 5 }] }], series: [{ name: 'coaches', n: 5 }], scale: { min: 1, max: 5, midpoint: 3 }, lang: 'nl' });
    expect(XMLValidator.validate(svg)).toBe(true);
    const rows = [...svg.matchAll(/<text x="[\d.]+" y="[\d.]+" text-anchor="end">([\s\S]*?)<\/text>/g)].map((m) => m[1]);
    const shown = (r: string) => [...r.matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g)].map((t) => t[1]);
    expect(shown(rows[0])).toHaveLength(2);
    expect(shown(rows[0]).join(' ')).toBe(item);
    expect(rows[0]).not.toContain('<title>');
    expect(shown(rows[1])).toHaveLength(2);
    expect(shown(rows[1])[1].endsWith('…')).toBe(true);
    expect(rows[1]).toContain(`<title>${long}</title>`);
    for (const r of rows) for (const l of shown(r)) expect([...l].length).toBeLessThanOrEqual(48);
  });

  it('qda saturation --by group --plot: each group panel’s title with the whole group name on the chart (was cut at 720 px); inputs byte-identical', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-sat-title-'));
    const name = 'Jongerenwerkers van de stichting in het noordoosten van de gemeente';
    const rows = ['source,code,group'];
    for (let s = 1; s <= 6; s++) for (const c of ['overleg', 'vertrouwen', 'tijd'].slice(0, 1 + (s % 3))) rows.push(`r${s},${c},"${s <= 3 ? name : 'wijkcoaches'}"`);
    writeFileSync(join(dir, 'codings.csv'), rows.join('\n') + '\n');
    const r = await qdaLeavingInputs(dir, ['saturation', 'codings.csv', '--by', 'group', '--plot', 'sat.svg', '--lang', 'nl', '-f', 'md', '-o', 'sat.md'], ['sat.svg', 'sat.md']);
    expect(r.code).toBe(0);
    const svg = readFileSync(join(dir, 'sat.svg'), 'utf8');
    expect(XMLValidator.validate(svg)).toBe(true);
    const panel = titles(svg).find((l) => l.join(' ').startsWith('Jongerenwerkers'))!;
    expect(panel.join(' ')).toBe(`${name}: cumulatief aantal codes`);
    expect(panel.length).toBeGreaterThan(1);
    // each line fits the 720 px panel from x = 68
    for (const l of panel) expect(68 + [...l].length * 15 * 0.62).toBeLessThanOrEqual(720);
  }, 60_000);
});
