import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { unzipSync, strFromU8 } from 'fflate';
import { renderTables } from '../../src/export/render-table.js';
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
