import { describe, it, expect, beforeAll } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

// End-to-end on the bundled, invented samples: code them, then matrix / compare with the
// Hovik & Hanssen ladder / agreement between the two coders' files.
const ROOT = new URL('../../', import.meta.url).pathname;
const SAMPLES = join(ROOT, 'samples');
const ready = existsSync(join(SAMPLES, 'qda.yaml')) && existsSync(join(ROOT, 'codebooks', 'hovik-hanssen.yaml'));

describe.skipIf(!ready)('analysis on the samples (skipped: samples or hovik-hanssen codebook absent)', () => {
  let dir: string;
  let codings: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'qda-samples-analysis-'));
    codings = join(dir, 'codings.json');
    const io = memoryIo(SAMPLES);
    expect(await main(['code', '.', '-o', codings], io)).toBe(0);
  }, 120_000);

  it('matrix by group: "x of N respondents" with N per group from the cases', async () => {
    const io = memoryIo(dir);
    expect(await main(['matrix', codings, '--cols', 'group', '--measure', 'respondents', '--format', 'json', '--lang', 'en'], io)).toBe(0);
    const t = JSON.parse(io.out());
    const n = t.rows.find((r: { label: string }) => r.label === 'N respondents');
    expect(n).toMatchObject({ wijkcoach: 7, jongerenwerker: 7 });
    for (const r of t.rows) if (r.code) expect(r.wijkcoach).toBeLessThanOrEqual(7);
  });

  it('compare by group with the Hovik & Hanssen ladder (xlsx re-opened)', async () => {
    const io = memoryIo(dir);
    expect(await main(['compare', codings, '--by', 'group', '--ladder', 'hovik-hanssen', '--format', 'json', '--lang', 'en'], io)).toBe(0);
    const [cmp, ladder] = JSON.parse(io.out());
    expect(cmp.rows.length).toBeGreaterThan(5);
    const groupRows = ladder.rows.filter((r: { case: string }) => r.case.startsWith('(group'));
    expect(groupRows.map((r: { group: string }) => r.group)).toEqual(expect.arrayContaining(['wijkcoach', 'jongerenwerker']));
    for (const r of groupRows) {
      if (r.level === null) continue;
      expect(r.level).toBeGreaterThanOrEqual(1);
      expect(r.level).toBeLessThanOrEqual(4);
      expect(r.count).toBeGreaterThan(0);
      expect(r.evidence).toMatch(/#\d+/);
    }
    const x = memoryIo(dir);
    expect(await main(['compare', codings, '--by', 'source-kind', '--ladder', 'hovik-hanssen', '-o', 'cmp.xlsx', '--lang', 'en'], x)).toBe(0);
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(join(dir, 'cmp.xlsx')) as unknown as ArrayBuffer);
    expect(wb.worksheets.length).toBe(2);
  });

  it("agreement between the two coders' files", async () => {
    const io = memoryIo(SAMPLES);
    expect(await main(['agree', 'codings/anna.csv', 'codings/bram.csv', '--format', 'json', '--lang', 'en'], io)).toBe(0);
    const t = JSON.parse(io.out());
    expect(t.title).toMatch(/anna vs bram/);
    const pooled = t.rows.find((r: { label: string }) => r.label.startsWith('Pooled'));
    expect(pooled.alpha).toBeGreaterThan(-1);
    expect(pooled.alpha).toBeLessThanOrEqual(1);
    expect(t.notes[0]).toMatch(/Unit: segment; N = \d+ units/);
  });
});
