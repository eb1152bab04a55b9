import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { unzipSync, strFromU8 } from 'fflate';
import { renderTables } from '../../src/export/render-table.js';
import { docxMinWidths } from '../../src/export/docx-layout.js';
import type { Table } from '../../src/model/types.js';

const SOFFICE = spawnSync('sh', ['-c', 'command -v soffice']).status === 0;

/** A comparison-like table: two label columns, six count/share columns, a sentence column. */
const groups = ['noord', 'zuid'];
const table: Table = {
  title: 'Comparison by group',
  columns: [
    { key: 'code', label: 'Code' },
    { key: 'name', label: 'Name' },
    ...groups.flatMap((g) => [
      { key: `s:${g}`, label: `${g}: segments`, align: 'right' as const },
      { key: `r:${g}`, label: `${g}: respondents (N=4)`, align: 'right' as const },
      { key: `p:${g}`, label: `${g}: %`, align: 'right' as const },
    ]),
    { key: 'words', label: 'In words' },
  ],
  rows: Array.from({ length: 8 }, (_, i) => ({
    code: `code-${i}`,
    name: `Samenwerking & afstemming | rij ${i}`,
    ...Object.fromEntries(groups.flatMap((g, k) => [[`s:${g}`, i + k], [`r:${g}`, (i + k) % 5], [`p:${g}`, 25 * ((i + k) % 5)]])),
    words: `${i} of 4 (noord) vs ${(i + 1) % 5} of 4 (zuid), a sentence that is long enough to wrap`,
  })),
  notes: ['Segments = distinct coded segments.'],
};

function grid(bytes: Uint8Array): { widths: number[]; pageW: number; margins: number; landscape: boolean } {
  const xml = strFromU8(unzipSync(bytes)['word/document.xml']);
  const widths = [.../<w:tblGrid>([\s\S]*?)<\/w:tblGrid>/.exec(xml)![1].matchAll(/<w:gridCol w:w="(\d+)"/g)].map((m) => Number(m[1]));
  const pgSz = /<w:pgSz ([^>]*)\/>/.exec(xml)![1];
  const pgMar = /<w:pgMar ([^>]*)\/>/.exec(xml)![1];
  const num = (attrs: string, name: string) => Number(new RegExp(`w:${name}="(\\d+)"`).exec(attrs)![1]);
  return { widths, pageW: num(pgSz, 'w'), margins: num(pgMar, 'left') + num(pgMar, 'right'), landscape: /w:orient="landscape"/.test(pgSz) };
}

describe('DOCX tables (matrix, compare, agreement): column widths from the content', () => {
  it('count columns narrow, text columns wide, the table within the page', async () => {
    const g = grid((await renderTables([table], 'docx')) as Uint8Array);
    expect(g.widths).toHaveLength(table.columns.length);
    const count = g.widths[2];
    expect(g.widths[1]).toBeGreaterThan(count); // the name
    expect(new Set(g.widths).size).toBeGreaterThan(2); // (were all equal: 100% split evenly)
    expect(g.widths[table.columns.length - 1]).toBeGreaterThan(2 * count); // the sentence
    expect(g.widths.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(g.pageW - g.margins);
    expect(g.landscape).toBe(true);
  });

  it('a narrow table stays portrait', async () => {
    const g = grid((await renderTables([{ columns: [{ key: 'a', label: 'Code' }, { key: 'n', label: 'N', align: 'right' }], rows: [{ a: 'trust', n: 3 }] }], 'docx')) as Uint8Array);
    expect(g.landscape).toBe(false);
    expect(g.widths[0]).toBeGreaterThan(g.widths[1]);
    expect(g.widths.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(g.pageW - g.margins);
  });

  describe.skipIf(!SOFFICE)('LibreOffice reads every cell (skipped: needs soffice; apt-get install libreoffice-writer)', () => {
    it('converted to text by soffice --headless, every label and value is there', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'qda-docx-widths-'));
      writeFileSync(join(dir, 't.docx'), (await renderTables([table], 'docx')) as Uint8Array);
      const r = spawnSync('soffice', ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'txt:Text (encoded):UTF8', '--outdir', dir, join(dir, 't.docx')], { encoding: 'utf8', timeout: 120_000 });
      expect(r.status, r.stderr).toBe(0);
      const txt = readFileSync(join(dir, 't.txt'), 'utf8');
      for (const row of table.rows) for (const c of table.columns) expect(txt, `${c.key}`).toContain(String(row[c.key]));
      for (const c of table.columns) expect(txt).toContain(c.label);
    }, 180_000);
  });
});

describe('DOCX: a table wider than a landscape page is split into column groups', () => {
  // a code × source matrix of 19 interviews: squeezed onto one page its columns were ≈ 2
  // characters wide, a count of 36 printed as a 3 above a 6 and each header a letter a line
  const sources = Array.from({ length: 19 }, (_, i) => `respondent-${String(i + 1).padStart(2, '0')}`);
  const wide: Table = {
    title: 'Codes by source',
    columns: [{ key: 'code', label: 'Code' }, { key: 'name', label: 'Name' }, ...sources.map((s) => ({ key: s, label: s, align: 'right' as const })), { key: 'total', label: 'Total', align: 'right' }],
    rows: Array.from({ length: 5 }, (_, i) => ({ code: `code-${i}`, name: `Samenwerking ${i}`, ...Object.fromEntries(sources.map((s, k) => [s, 10 + i * 19 + k])), total: 1000 + i })),
    notes: ['Segments = distinct coded segments.'],
  };
  const grids = (bytes: Uint8Array) => {
    const xml = strFromU8(unzipSync(bytes)['word/document.xml']);
    return [...xml.matchAll(/<w:tblGrid>([\s\S]*?)<\/w:tblGrid>/g)].map((m) => [...m[1].matchAll(/<w:gridCol w:w="(\d+)"/g)].map((x) => Number(x[1])));
  };

  it('parts that repeat the code and name columns, no column below its least width, every source once, "part k of n"', async () => {
    const bytes = (await renderTables([wide], 'docx')) as Uint8Array;
    const parts = grids(bytes);
    expect(parts.length).toBeGreaterThan(1);
    const xml = strFromU8(unzipSync(bytes)['word/document.xml']);
    expect(xml).toContain(`(part 1 of ${parts.length})`);
    expect(xml).toContain(`(part ${parts.length} of ${parts.length})`);
    // every source column in exactly one part, in order; the total in the last
    expect(xml.match(/>code-0</g)?.length).toBe(parts.length);
    expect(xml.match(/>Samenwerking 0</g)?.length).toBe(parts.length);
    const headers = [...xml.matchAll(/respondent-\d\d/g)].map((m) => m[0]);
    expect(headers).toEqual(sources);
    const g = grid(bytes);
    const minTwips = Math.min(...docxMinWidths(wide)) * 105;
    for (const widths of parts) {
      expect(widths.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(g.pageW - g.margins);
      // (old: 22 columns of ≈ 650 twips, less than a header word or a 4-digit count needs)
      for (const w of widths) expect(w).toBeGreaterThanOrEqual(minTwips * 0.95);
    }
    // the note once, after the last part
    expect(xml.split('Segments = distinct coded segments.').length - 1).toBe(1);
  });

  it('in Dutch the parts say "deel k van n"', async () => {
    const xml = strFromU8(unzipSync((await renderTables([wide], 'docx', { lang: 'nl' })) as Uint8Array)['word/document.xml']);
    expect(xml).toContain('(deel 1 van ');
  });

  describe.skipIf(!SOFFICE)('LibreOffice reads every cell (skipped: needs soffice; apt-get install libreoffice-writer)', () => {
    it('converted to text, every count is there as one number', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'qda-docx-wide-'));
      writeFileSync(join(dir, 'w.docx'), (await renderTables([wide], 'docx')) as Uint8Array);
      const r = spawnSync('soffice', ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'txt:Text (encoded):UTF8', '--outdir', dir, join(dir, 'w.docx')], { encoding: 'utf8', timeout: 120_000 });
      expect(r.status, r.stderr).toBe(0);
      const words = new Set(readFileSync(join(dir, 'w.txt'), 'utf8').split(/\s+/));
      for (const row of wide.rows) for (const s of [...sources, 'total']) expect(words.has(String(row[s])), `${s} = ${row[s]}`).toBe(true);
    }, 180_000);
  });
});
