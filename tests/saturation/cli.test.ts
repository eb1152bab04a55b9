import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, copyFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

const FIXTURE = new URL('../fixtures/saturation/codings.csv', import.meta.url);

function workdir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'qda-sat-'));
  copyFileSync(FIXTURE, join(dir, 'codings.csv'));
  return dir;
}

describe('qda saturation (CLI)', () => {
  it('orders by the "order" attribute and reports the Guest verdict 6+2 (hand-computed)', async () => {
    const dir = workdir();
    const io = memoryIo(dir);
    expect(await main(['saturation', 'codings.csv', '--format', 'json'], io)).toBe(0);
    const [summary, curve] = JSON.parse(io.out());
    // order 1..10 = int-02, int-03, int-01, int-04, …; new: 4,1,1,1,0,1,0,0,0,0
    expect(curve.rows.map((r: { source: string }) => r.source).slice(0, 4)).toEqual(['int-02', 'int-03', 'int-01', 'int-04']);
    expect(curve.rows.map((r: { new: number }) => r.new)).toEqual([4, 1, 1, 1, 0, 1, 0, 0, 0, 0]);
    expect(curve.rows.map((r: { cumulative: number }) => r.cumulative)).toEqual([4, 5, 6, 7, 7, 8, 8, 8, 8, 8]);
    // ρ(4) = 1/7, ρ(5) = 1/7, ρ(6) = 0 → 6+2
    expect(curve.rows[3].ratio).toBeCloseTo(1 / 7, 4);
    expect(summary.rows[0].saturation).toBe('6+2');
    // Chao2: m=10, S_obs=8, Q1=2 (time-pressure, privacy), Q2=1 (training) → 8 + 0.9·4/2 = 9.8
    expect(summary.rows[0].chao2).toBe(9.8);
    expect(summary.rows[0].unseen).toBe(1.8);
    // the methods sentence goes to stderr for machine formats
    expect(io.err()).toMatch(/After 6 interviews, the next 2 interviews added at most 5% new codes/);
    expect(io.err()).toMatch(/saturation at 6\+2 \(base 4, run 2, threshold 5%/);
  });

  it('Dutch markdown with --by team carries the sentences as notes', async () => {
    const dir = workdir();
    const io = memoryIo(dir);
    expect(await main(['saturation', 'codings.csv', '--by', 'team', '--lang', 'nl', '--base', '2', '--run', '1'], io)).toBe(0);
    const md = io.out();
    expect(md).toContain('### Saturatie: samenvatting');
    expect(md).toContain('| groep |');
    expect(md).toMatch(/Groep A: /);
    expect(md).toMatch(/Chao2/);
    expect(io.err()).toBe('');
  });

  it('permutations with a seed are deterministic; CSV output', async () => {
    const dir = workdir();
    const run = async (seed: string) => {
      const io = memoryIo(dir);
      expect(await main(['saturation', 'codings.csv', '--permutations', '300', '--seed', seed, '--format', 'csv'], io)).toBe(0);
      return io.out();
    };
    const a = await run('7');
    expect(await run('7')).toBe(a);
    expect(a).toMatch(/share saturated/);
    expect(a.split('\n')[0]).toMatch(/^group,sources,codes observed/);
  });

  it('writes an SVG plot (valid XML, axis labels) and a PNG plot (signature, IHDR size)', async () => {
    const dir = workdir();
    const io = memoryIo(dir);
    expect(await main(['saturation', 'codings.csv', '--permutations', '100', '--plot', 'sat.svg', '--lang', 'nl', '-o', 'sat.md'], io)).toBe(0);
    const svg = readFileSync(join(dir, 'sat.svg'), 'utf8');
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).toContain('Aantal interviews');
    expect(svg).toContain('Cumulatief aantal codes');
    expect(svg).toContain('saturatie 6+2');
    expect(readFileSync(join(dir, 'sat.md'), 'utf8')).toContain('Saturatie');
    expect(io.out()).toMatch(/Na 6 interviews/);

    const io2 = memoryIo(dir);
    expect(await main(['saturation', 'codings.csv', '--plot', 'sat.png', '--format', 'csv'], io2)).toBe(0);
    const png = readFileSync(join(dir, 'sat.png'));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
    expect(png.readUInt32BE(16)).toBe(1440); // 720 px × zoom 2
    expect(png.readUInt32BE(20)).toBe(880);
  });

  it('reads a codings JSON document too', async () => {
    const dir = workdir();
    const doc = {
      provenance: { tool: 'qdakit', version: 'x' },
      codebooks: [],
      codes: [],
      sources: ['a', 'b', 'c'].map((id) => ({ id, path: id, kind: 'transcript', format: 'txt', case: id, attributes: {}, encoding: 'utf-8', newline: 'lf', sha256: '', text: '', length: 0 })),
      segments: [],
      codings: [
        { id: '1', sourceId: 'a', code: 'x', coder: 'human', start: 0, end: 0 },
        { id: '2', sourceId: 'c', code: 'y', coder: 'rules', start: 0, end: 0 },
      ],
    };
    writeFileSync(join(dir, 'codings.json'), JSON.stringify(doc));
    const io = memoryIo(dir);
    expect(await main(['saturation', 'codings.json', '--format', 'json', '--coder', 'human', '--base', '1', '--run', '1'], io)).toBe(0);
    const [summary, curve] = JSON.parse(io.out());
    expect(curve.rows.map((r: { cumulative: number }) => r.cumulative)).toEqual([1, 1, 1]); // b has no codes, c's code is by "rules"
    expect(summary.rows[0].saturation).toBe('1+1');
  });

  it('a minimal flat CSV with only source,code works (file order), html carries the sentence as a note', async () => {
    const dir = workdir();
    writeFileSync(join(dir, 'min.csv'), 'source,code\nr1,a\nr1,b\nr2,a\nr3,c\nr4,a\nr5,b\nr6,a\n');
    const io = memoryIo(dir);
    expect(await main(['saturation', 'min.csv', '--format', 'html', '--order', 'file'], io)).toBe(0);
    const html = io.out();
    // cumulative 2,2,3,3,3,3: base {a,b,c} = 3 codes, ρ(4) = 0 → 4+2
    expect(html).toContain('<p class="note">After 4 interviews, the next 2 interviews added at most 5% new codes');
    expect(html).not.toContain('<script');
  });

  it('bad options exit 2 with a hint', async () => {
    const dir = workdir();
    const cases: [string[], RegExp][] = [
      [['--base', '0'], /--base must be a whole number ≥ 1[\s\S]*hint:/],
      [['--base', 'four'], /--base must be a whole number, got "four"/],
      [['--threshold', '1.5'], /--threshold must be a proportion in \[0, 1\)/],
      [['--order', 'volgorde'], /no source has the attribute "volgorde"[\s\S]*did you mean: order, team, file/],
      [['--by', 'wijk'], /no source has the attribute "wijk" to group by/],
      [['--plot', 'x.pdf'], /--plot needs a file ending in \.svg or \.png/],
    ];
    for (const [args, re] of cases) {
      const io = memoryIo(dir);
      expect(await main(['saturation', 'codings.csv', ...args], io)).toBe(2);
      expect(io.err()).toMatch(re);
    }
  });
});
