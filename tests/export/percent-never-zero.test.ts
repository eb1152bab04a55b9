import { describe, it, expect } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { roundPercent, percentOf } from '../../src/model/percent.js';
import { formatNumber } from '../../src/export/render-table.js';
import { renderHeatmapSvg } from '../../src/export/chart-heatmap.js';
import { qdaLeavingInputs, writeProject } from '../helpers/inputs-untouched.js';

describe('a share of something is never written 0%, a share short of all never 100%', () => {
  it('roundPercent keeps the decimals it needs; formatNumber never writes a value that is not 0 as 0', () => {
    expect(percentOf(1, 300, 0)).toBe(0.3); // was 0
    expect(percentOf(299, 300, 0)).toBe(99.7); // was 100
    expect(percentOf(2499, 2500, 1)).toBe(99.96); // was 100
    expect(percentOf(1, 3, 1)).toBe(33.3);
    expect(percentOf(0, 3, 1)).toBe(0);
    expect(percentOf(3, 3, 1)).toBe(100);
    expect(percentOf(1, 0, 1)).toBeNull();
    expect(roundPercent(50, 0)).toBe(50);
    expect(formatNumber(0.00003)).toBe('0.00003'); // was 0
    expect(formatNumber(1.2e-7)).toBe('0.00000012');
    expect(formatNumber(-0.00002)).toBe('-0.00002');
    expect(formatNumber(0.25)).toBe('0.25');
  });

  it('the heat map prints 0,3 for a share that rounds to 0 at whole percents (was 0, as for nobody)', async () => {
    const svg = await renderHeatmapSvg({ title: 'Aandeel', rows: ['overleg'], cols: ['noord', 'zuid'], values: [[0.3, 100]], max: 100, lang: 'nl' });
    expect(svg).toContain('>0,3</text>');
    expect(svg).toContain('>100</text>');
  });

  it('qda matrix --measure coverage: a code coded once in long sources is not 0 in md and html; inputs byte-identical', async () => {
    // ≈ 110,000 characters a source in 1,200 turns; one short turn of r1 is coded
    const turns = (i: number) => Array.from({ length: 600 }, (_, k) => `Interviewer: Vraag ${k + 1}, over de buurt?\nRespondent ${i}: Wij spreken elke dag met bewoners over wat daar speelt in het dagelijks leven.\n`).join('');
    const files: Record<string, string> = {
      'cb.yaml': 'id: cb\nname: CB\nversion: "1"\nlanguage: nl\ncodes:\n  - id: overleg\n    name: Overleg\n    definition: overleg.\n    rules:\n      - keywords: {nl: [overleg]}\n',
      'cases.csv': 'source,case,group\n' + Array.from({ length: 6 }, (_, i) => `r${i + 1},R${i + 1},wijk\n`).join(''),
    };
    for (let i = 1; i <= 6; i++) files[`r${i}.txt`] = `${turns(i)}${i === 1 ? 'Interviewer: En verder?\nRespondent 1: Overleg.\n' : ''}`;
    const dir = writeProject(mkdtempSync(join(tmpdir(), 'qda-pct-')), 'p', files);
    const coded = await qdaLeavingInputs(dir, ['code', '.', '-c', 'cb.yaml', '--cases', 'cases.csv', '-o', 'codings.json'], ['codings.json']);
    expect(coded.code).toBe(0);
    const md = await qdaLeavingInputs(dir, ['matrix', 'codings.json', '--cols', 'group', '--measure', 'coverage', '--lang', 'nl', '-f', 'md']);
    expect(md.code).toBe(0);
    // one answer of 8 characters in ≈ 280,000 of the respondents' turns: 0,003% (was 0, as for a code nobody coded)
    const row = md.out.split('\n').find((l) => l.startsWith('| overleg '))!;
    expect(row).toMatch(/^\| overleg \| Overleg \| 0,003 \| 0,003 \|$/);
    const html = await qdaLeavingInputs(dir, ['matrix', 'codings.json', '--cols', 'group', '--measure', 'coverage', '--lang', 'nl', '-f', 'html']);
    expect(html.out).toMatch(/<td class="num"[^>]*>0,003<\/td>/);
  }, 60_000);
});
