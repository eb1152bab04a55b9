import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

/**
 * QA: `qda saturation … --by group --permutations N --plot x.png` wrote a methods sentence about
 * a band while the grouped plot drew none, and group labels overlapped the lines. The command now
 * draws the report's figure: one stacked panel per group, each with its own band and no labels
 * at the line ends.
 */

const FIXTURE = new URL('../fixtures/saturation/codings.csv', import.meta.url);

describe('qda saturation --by --plot', () => {
  it('one panel per group, each with its permutation band, as the methods sentences say', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-sat-plot-'));
    copyFileSync(FIXTURE, join(dir, 'codings.csv'));
    const io = memoryIo(dir);
    expect(await main(['saturation', 'codings.csv', '--by', 'team', '--base', '2', '--run', '1', '--permutations', '50', '--plot', 'sat.svg', '-o', 'sat.md'], io)).toBe(0);
    const svg = readFileSync(join(dir, 'sat.svg'), 'utf8');
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(io.out()).toMatch(/the band shows the 5th–95th percentile/);
    const panels = [...svg.matchAll(/<svg x="0" y="([\d.]+)"/g)].map((m) => Number(m[1]));
    const groups = new Set(readFileSync(join(dir, 'codings.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[4])).size;
    expect(groups).toBeGreaterThan(1);
    expect(panels.length).toBe(groups);
    expect(panels).toEqual([...panels].sort((a, b) => a - b)); // stacked, not overlaid
    expect(svg.match(/<g class="band">/g)?.length).toBe(groups);
    // each panel has one observed series, so no group labels sit on other groups' lines
    expect(svg.match(/<g class="series"/g)?.length).toBe(groups);
  });

  it('a PNG too, and groups with a single interview are named on stderr instead of drawn', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-sat-plot-'));
    copyFileSync(FIXTURE, join(dir, 'codings.csv'));
    const io = memoryIo(dir);
    expect(await main(['saturation', 'codings.csv', '--by', 'source', '--permutations', '20', '--plot', 'sat.png', '--format', 'csv', '-o', 'sat.csv'], io)).toBe(0);
    const png = readFileSync(join(dir, 'sat.png'));
    expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
    expect(io.err()).toMatch(/not in the plot \(fewer than 2 interviews\)/);
  });
});
