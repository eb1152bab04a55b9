import { describe, it, expect, beforeAll } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { estimateTableWidth, renderHtmlTable, splitWideTable } from '../../src/export/render-table.js';
import { flagSmallShares } from '../../src/export/small-groups.js';
import type { Table } from '../../src/model/types.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const SAMPLES = join(ROOT, 'samples');
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));
const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const POPPLER = has('pdftotext') && has('pdfinfo');

/** A code × case matrix with 30 cases and a comparison-like table with "group: measure" runs. */
const wide: Table = {
  title: 'Wide',
  columns: [
    { key: 'code', label: 'Code' },
    { key: 'label', label: 'Name' },
    ...Array.from({ length: 30 }, (_, i) => ({ key: `c${i}`, label: `CASE${i + 1}`, align: 'right' as const, heat: true })),
    { key: 'total', label: 'Total', align: 'right' },
  ],
  rows: Array.from({ length: 5 }, (_, r) => ({ code: `code-${r}`, label: `Code number ${r}`, total: 30 * r, ...Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`c${i}`, r])) })),
  totalRows: [4],
  notes: ['Cell = segments.'],
};
const grouped: Table = {
  title: 'Groups',
  columns: [
    { key: 'code', label: 'Code' },
    { key: 'label', label: 'Name' },
    ...['alpha', 'beta', 'gamma', 'delta', 'epsilon'].flatMap((g) => [
      { key: `segments:${g}`, label: `${g}: segments`, align: 'right' as const },
      { key: `respondents:${g}`, label: `${g}: respondents (N=2)`, align: 'right' as const },
      { key: `share:${g}`, label: `${g}: %`, align: 'right' as const, heat: true },
    ]),
    { key: 'summary', label: 'In words' },
  ],
  rows: [{ code: 'x', label: 'X', summary: '1 of 2 (alpha) vs 2 of 2 (beta) vs 0 of 2 (gamma) vs 1 of 2 (delta) vs 2 of 2 (epsilon)' }],
};

describe('wide tables: column groups and small-group flags', () => {
  it('splits a wide matrix into parts that repeat the label columns and keep every other column exactly once', () => {
    const parts = splitWideTable(wide, 1000, 'en');
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(p.columns.slice(0, 2).map((c) => c.key)).toEqual(['code', 'label']);
      expect(estimateTableWidth(p)).toBeLessThanOrEqual(1000);
      expect(p.rows).toBe(wide.rows);
      expect(p.totalRows).toEqual([4]);
    }
    const rest = parts.flatMap((p) => p.columns.slice(2).map((c) => c.key));
    expect(rest).toEqual(wide.columns.slice(2).map((c) => c.key));
    expect(parts.map((p) => p.caption)).toEqual(parts.map((_, i) => `(part ${i + 1} of ${parts.length})`));
    // notes once, under the last part
    expect(parts.map((p) => p.notes ?? [])).toEqual([...parts.slice(1).map(() => []), ['Cell = segments.']]);
    expect(splitWideTable(wide, 100_000)).toEqual([wide]);
    expect(splitWideTable(wide, 1000, 'nl')[0].caption).toBe(`(deel 1 van ${parts.length})`);
  });

  it('never cuts a "group: measure" run, and shows the group once above its measures', () => {
    const parts = splitWideTable(grouped, 700, 'en');
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      const groupsIn = new Map<string, number>();
      for (const c of p.columns.slice(2)) {
        const g = /^(.+?): /.exec(c.label)?.[1];
        if (g) groupsIn.set(g, (groupsIn.get(g) ?? 0) + 1);
      }
      for (const n of groupsIn.values()) expect(n).toBe(3);
    }
    const html = renderHtmlTable(grouped);
    expect(html).toContain('<th scope="colgroup" colspan="3" class="group">alpha</th>');
    expect(html).toContain('<th scope="col" class="num" title="alpha: respondents (N=2)">respondents (N=2)</th>');
    expect(html).toMatch(/<th scope="col" rowspan="2" class="long">In words<\/th>/);
  });

  it('flags the share columns of groups with fewer than 3 members and says why', () => {
    const t = flagSmallShares(grouped, [{ key: 'share:alpha', name: 'alpha', n: 2 }, { key: 'share:beta', name: 'beta', n: 7 }, { key: 'share:none', name: 'none', n: 1 }], 'nl');
    expect(t.columns.find((c) => c.key === 'share:alpha')!.label).toBe('alpha: % †');
    expect(t.columns.find((c) => c.key === 'share:beta')!.label).toBe('beta: %');
    expect(t.notes).toEqual(['† Kleine groep: alpha (N = 2 respondenten). Bij minder dan 3 respondenten is een aandeel vooral 0% of 100% en zegt het weinig over de groep.']);
    expect(flagSmallShares(grouped, [{ key: 'share:alpha', name: 'alpha', n: 3 }], 'en')).toBe(grouped);
  });
});

/** Words of a text, split at white space and hyphens (a browser may break a line after a hyphen). */
const words = (s: string) => s.split(/[\s\-‐–—]+/).map((w) => w.replace(/^[(“"']+|[)”"',.;:]+$/g, '')).filter((w) => w.length >= 2);
const unescape = (s: string) => s.replace(/<[^>]+>/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

describe.skipIf(!CHROMIUM || !POPPLER || !existsSync(join(SAMPLES, 'qda.yaml')))('the report printed by headless Chromium (skipped: needs chromium, pdftotext/pdfinfo and samples/)', () => {
  let dir: string;
  let html: string;
  let pages: Array<{ width: number; height: number; words: Array<{ xMin: number; xMax: number; yMin: number; text: string }> }>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'qda-print-'));
    const io = memoryIo(ROOT);
    expect(await main(['report', 'samples', '-o', join(dir, 'report.html'), '--lang', 'nl'], io)).toBe(0);
    html = readFileSync(join(dir, 'report.html'), 'utf8');
    const profile = mkdtempSync(join(tmpdir(), 'qda-chromium-'));
    const pdf = join(dir, 'report.pdf');
    const r = spawnSync(CHROMIUM!, ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', `--user-data-dir=${profile}`, '--no-pdf-header-footer', `--print-to-pdf=${pdf}`, 'file://' + join(dir, 'report.html')], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status).toBe(0);
    const bbox = spawnSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 }).stdout;
    pages = [...bbox.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)].map((m) => ({
      width: Number(m[1]),
      height: Number(m[2]),
      words: [...m[3].matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)].map((w) => ({ xMin: Number(w[1]), yMin: Number(w[2]), xMax: Number(w[3]), text: unescape(w[4]) })),
    }));
  }, 240_000);

  it('prints wide sections in landscape, the rest in portrait (A4)', () => {
    expect(pages.length).toBeGreaterThan(5);
    const landscape = pages.filter((p) => p.width > p.height);
    expect(landscape.length).toBeGreaterThan(0);
    expect(pages.length - landscape.length).toBeGreaterThan(0);
    for (const p of pages) expect(Math.round(Math.max(p.width, p.height))).toBe(842);
  });

  it('cuts no column off: every word lies on its page, and every header and last-column cell of every table is in the PDF', () => {
    for (const p of pages) for (const w of p.words) expect(w.xMax, `"${w.text}" beyond the right edge`).toBeLessThanOrEqual(p.width + 0.5);
    const inPdf = new Set(pages.flatMap((p) => p.words.flatMap((w) => words(w.text))));
    const tables = [...html.matchAll(/<table[\s\S]*?<\/table>/g)].map((m) => m[0]);
    expect(tables.length).toBeGreaterThan(5);
    let checked = 0;
    for (const t of tables) {
      const heads = [...t.matchAll(/<th scope="col(?:group)?"[^>]*>([\s\S]*?)<\/th>/g)].map((m) => unescape(m[1]));
      const lastCells = [...t.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => [...m[1].matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].pop()?.[1] ?? '').map(unescape);
      for (const text of [...heads, ...lastCells]) {
        for (const w of words(text)) {
          expect(inPdf.has(w), `"${w}" (from "${text}") is missing in the printed PDF`).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(200);
  });

  it('repeats the header row on every landscape page that holds table rows', () => {
    // the row labels of the tables headed "Code" (matrix, comparison, said vs. observed)
    const codeTables = [...html.matchAll(/<table[\s\S]*?<\/table>/g)].map((m) => m[0]).filter((t) => /<thead><tr><th scope="col"[^>]*>Code</.test(t));
    const ids = new Set(codeTables.flatMap((t) => [...t.matchAll(/<th scope="row"[^>]*>([^<]*)<\/th>/g)].map((x) => unescape(x[1]))).filter((x) => /^[a-z][a-z-]+$/.test(x)));
    expect(ids.size).toBeGreaterThan(20);
    let withRows = 0;
    for (const p of pages.filter((x) => x.width > x.height)) {
      const left = Math.min(...p.words.map((w) => w.xMin));
      const rows = p.words.filter((w) => ids.has(w.text) && w.xMin < left + 12); // a row label starts the line
      if (!rows.length) continue;
      withRows++;
      const top = Math.min(...rows.map((w) => w.yMin));
      expect(p.words.some((w) => w.text === 'Code' && w.yMin < top), `a page with rows ${rows[0].text}… has no header above them`).toBe(true);
    }
    expect(withRows).toBeGreaterThan(5);
  });
});
