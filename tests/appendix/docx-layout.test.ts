import { describe, it, expect, beforeAll } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { unzipSync, strFromU8 } from 'fflate';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { docxColumnWidths } from '../../src/export/appendix-render.js';
import { joinClauses } from '../../src/analysis/appendix.js';
import type { Table } from '../../src/model/types.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const SAMPLES = join(ROOT, 'samples');
const SOFFICE = spawnSync('sh', ['-c', 'command -v soffice']).status === 0;
const POPPLER = spawnSync('sh', ['-c', 'command -v pdftotext && command -v pdfinfo']).status === 0;

const quote = (i: number) => `“${'Dat is echt iets wat we samen moeten doen, anders lukt het niet '.repeat(1 + (i % 3))}” (wijkcoach-0${i}, Sanne, regel ${10 + i})`;
const appendixLike: Table = {
  columns: [
    { key: 'code', label: 'Code' },
    { key: 'definition', label: 'Definitie' },
    { key: 'segments', label: 'Segmenten', align: 'right' },
    { key: 'id', label: 'Bron' },
    { key: 'quotes', label: 'Voorbeeldcitaten' },
  ],
  rows: Array.from({ length: 12 }, (_, i) => ({
    code: `· code-${i}`,
    definition: 'Het uitwisselen van informatie tussen collega’s en organisaties, en de kanalen die daarvoor worden gebruikt.',
    segments: i * 3,
    id: `WC${i}`,
    quotes: `${quote(i)}\n${quote(i + 1)}`,
  })),
};

describe('DOCX column widths from content', () => {
  it('gives quotes and definitions the room, ids and numbers little, and fills the page', () => {
    const { widths, landscape } = docxColumnWidths(appendixLike);
    expect(landscape).toBe(true);
    const [code, def, segs, id, quotes] = widths;
    expect(quotes).toBeGreaterThan(def);
    expect(def).toBeGreaterThan(1.5 * segs);
    expect(quotes).toBeGreaterThan(3 * id);
    expect(quotes).toBeGreaterThan(2 * code);
    // A4 landscape less 2 cm margins: 16838 − 2 × 1134 twips
    expect(widths.reduce((a, b) => a + b, 0)).toBeGreaterThan(14570 - widths.length);
    expect(widths.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(14570);
    // a header word is never narrower than its column ("Segmenten" in bold, plus cell margins)
    expect(segs).toBeGreaterThanOrEqual(9 * 105 * 1.2);
  });

  it('keeps a narrow table in portrait, at its natural proportions', () => {
    const narrow: Table = { columns: [{ key: 'a', label: 'Code' }, { key: 'n', label: 'N', align: 'right' }], rows: [{ a: 'samenwerking', n: 3 }] };
    const { widths, landscape } = docxColumnWidths(narrow);
    expect(landscape).toBe(false);
    expect(widths[0]).toBeGreaterThan(widths[1]);
    expect(widths.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(11906 - 2 * 1134);
  });

  it('joins list items without a stray ".;"', () => {
    expect(joinClauses(['Een nieuw overleg.', 'Contacten met bedrijven.', 'Wat nu?', 'En verder…', ''])).toBe('Een nieuw overleg; Contacten met bedrijven; Wat nu?; En verder…');
  });
});

/** Text and layout facts of a .docx: the table grids (twips) and the page orientation. */
function docxFacts(bytes: Uint8Array): { xml: string; grids: number[][]; landscape: boolean } {
  const xml = strFromU8(unzipSync(bytes)['word/document.xml']);
  const grids = [...xml.matchAll(/<w:tblGrid>([\s\S]*?)<\/w:tblGrid>/g)].map((m) => [...m[1].matchAll(/<w:gridCol w:w="(\d+)"/g)].map((x) => Number(x[1])));
  return { xml, grids, landscape: /<w:pgSz[^>]*w:orient="landscape"/.test(xml) };
}

describe.skipIf(!existsSync(join(SAMPLES, 'qda.yaml')))('the samples’ appendices (skipped: samples absent)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'qda-docx-'));
    const io = memoryIo(ROOT);
    expect(await main(['run', 'samples', '-o', join(dir, 'out')], io)).toBe(0);
  }, 120_000);

  it('codebook appendix: landscape, widths from content (quotes widest, counts narrow), no ".;"', () => {
    const f = docxFacts(readFileSync(join(dir, 'out', 'appendix-codebook.docx')));
    expect(f.landscape).toBe(true);
    expect(f.grids.length).toBeGreaterThan(3);
    for (const g of f.grids) {
      expect(g).toHaveLength(6); // code, definition, criteria, segments, respondents, quotes
      expect(new Set(g).size).toBeGreaterThan(2); // not all the same width
      expect(g[3]).toBeLessThan(g[5]);
      expect(g[4]).toBeLessThan(g[5]);
    }
    const text = f.xml.replace(/<[^>]+>/g, '');
    expect(text).not.toContain('.;');
    expect(readFileSync(join(dir, 'out', 'appendix-codebook.md'), 'utf8')).not.toContain('.;');
  });

  describe.skipIf(!SOFFICE || !POPPLER)('converted by LibreOffice headless (skipped: needs soffice and pdftotext; apt-get install libreoffice-writer poppler-utils)', () => {
    it('prints on landscape A4 pages with every quote citation and no word cut', () => {
      const r = spawnSync('soffice', [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, join(dir, 'out', 'appendix-codebook.docx'), join(dir, 'out', 'labelschema.docx')], { encoding: 'utf8', timeout: 180_000 });
      expect(r.status, r.stderr).toBe(0);
      for (const name of ['appendix-codebook', 'labelschema']) {
        const pdf = join(dir, `${name}.pdf`);
        const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout;
        const [w, h] = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info)!.slice(1).map(Number);
        expect(w, name).toBeGreaterThan(h);
        const text = spawnSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).stdout;
        // header words stay whole: a column narrower than its header would break "Respondenten" / "Segmenten"
        for (const word of name === 'labelschema' ? ['Respondent', 'Kenmerken', 'Posities'] : ['Segmenten', 'Respondenten', 'Voorbeeldcitaten']) expect(text, `${name}: ${word}`).toMatch(new RegExp(`\\b${word}\\b`));
      }
      // the codebook appendix: every quote's citation line is in the PDF
      const md = readFileSync(join(dir, 'out', 'appendix-codebook.md'), 'utf8');
      const cites = [...md.matchAll(/\((jongerenwerker-0\d|wijkcoach-0\d|beleidsadviseur-0\d), [^,)]+, regel (\d+)\)/g)].map((m) => `regel ${m[2]}`);
      expect(cites.length).toBeGreaterThan(20);
      const pdfText = spawnSync('pdftotext', [join(dir, 'appendix-codebook.pdf'), '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
      for (const c of cites) expect(pdfText).toContain(c);
      const pages = Number(/Pages:\s+(\d+)/.exec(spawnSync('pdfinfo', [join(dir, 'appendix-codebook.pdf')], { encoding: 'utf8' }).stdout)![1]);
      expect(pages).toBeLessThan(23); // equal column widths took 23–29 pages
    }, 200_000);
  });
});
