/**
 * LaTeX and Word for a thesis (found by huntana, session 23):
 * - `qda compare --by group -f latex` (and `-o x.docx`) wrote the comparison in parts of one group
 *   each ("part 1 of 5": code and name; then each group's segments, respondents and %; then the
 *   difference): the groups were never beside each other. Now one table has the groups side by side,
 *   "n (%)" a group, then the difference and Notable; the segments are a second table; the
 *   column "In words" is said to say the same numbers.
 * - `qda appendix --by code -f latex` gave its six columns a fifth of the line each, the quotes as
 *   narrow as the code's name beside them (≈ 18 characters a line). Now the quotes stand under
 *   their code's row over the whole width, and the other text columns share the line by their text,
 *   alike in every code's table.
 * The old code fails each test. The PDFs are compiled with pdflatex when it is installed.
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { renderTable } from '../../src/export/render-table.js';
import { compileLatex, texEngine, NO_TEX } from '../helpers/latex.js';

const CODINGS = [
  'source,group,code,coder',
  'w1,coach,overleg,anna',
  'w2,coach,overleg,anna',
  'w3,coach,vertrouwen,anna',
  'j1,jeugd,vertrouwen,anna',
  'j2,jeugd,vertrouwen,anna',
  'j3,jeugd,overleg,anna',
  'b1,beleid,overleg,anna',
  'b2,beleid,overleg,anna',
  'b3,beleid,vertrouwen,anna',
].join('\n') + '\n';

function fixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'qda-compare-print-'));
  writeFileSync(join(dir, 'c.csv'), CODINGS);
  return dir;
}

const longtables = (tex: string) => tex.split('\\begin{longtable}').length - 1;
const headerOf = (tex: string, k: number) => tex.split('\\begin{longtable}')[k + 1].split('\\midrule')[0];

describe('qda compare -f latex: the groups side by side', () => {
  it('one table with every group in its header and "n (%)" cells, the segments in a second; no "part k of n"', async () => {
    const dir = fixture();
    for (const [lang, words] of [['en', /respondents who mention the code/], ['nl', /respondenten die de code noemen/]] as const) {
      const io = memoryIo(dir);
      expect(await main(['compare', 'c.csv', '--by', 'group', '--lang', lang, '-f', 'latex'], io), io.err()).toBe(0);
      const tex = io.out();
      expect(tex).not.toMatch(/part \d of|deel \d van/); // (old: 5 parts, a group each)
      expect(longtables(tex)).toBe(2);
      const head = headerOf(tex, 0);
      for (const g of ['beleid (N=3)', 'coach (N=3)', 'jeugd (N=3)']) expect(head).toContain(g);
      // overleg: beleid 2 of 3, coach 2 of 3, jeugd 1 of 3
      const row = tex.split('\n').find((l) => l.startsWith('overleg &'))!;
      expect(row).toMatch(lang === 'nl' ? /2 \(66,7\) & 2 \(66,7\) & 1 \(33,3\)/ : /2 \(66\.7\) & 2 \(66\.7\) & 1 \(33\.3\)/);
      expect(tex).toMatch(words);
      expect(tex).toMatch(/In words|In woorden/); // said, not dropped without a word
      // the segments: their own table, every group a column
      const seg = headerOf(tex, 1);
      for (const g of ['beleid', 'coach', 'jeugd']) expect(seg).toContain(g);
    }
  }, 120_000);

  it.skipIf(!texEngine())('the comparison compiles with pdflatex (skipped when no pdflatex or lualatex is on PATH)', async () => {
    const dir = fixture();
    for (const lang of ['en', 'nl']) {
      const io = memoryIo(dir);
      expect(await main(['compare', 'c.csv', '--by', 'group', '--lang', lang, '-f', 'latex'], io)).toBe(0);
      expect(compileLatex(io.out()), lang).toBe(true);
    }
  }, 120_000);

  it('the CSV is as before: three columns a group and "In words"', async () => {
    const dir = fixture();
    const io = memoryIo(dir);
    expect(await main(['compare', 'c.csv', '--by', 'group', '-f', 'csv'], io)).toBe(0);
    const head = io.out().split('\n')[0];
    expect(head).toContain('coach: segments');
    expect(head).toContain('coach: respondents (N=3)');
    expect(head).toContain('In words');
  });

  it('-o x.docx: one table of the groups side by side, not a part a group', async () => {
    const dir = fixture();
    const io = memoryIo(dir);
    expect(await main(['compare', 'c.csv', '--by', 'group', '-o', 'c.docx'], io), io.err()).toBe(0);
    const xml = strFromU8(unzipSync(readFileSync(join(dir, 'c.docx')))['word/document.xml']);
    expect(xml).not.toMatch(/part \d of/);
    expect(xml).toContain('coach (N=3)');
    expect(xml).toContain('2 (66.7)');
  });
});

describe('LaTeX: long text columns share the line by their text', () => {
  it('a column of long quotes beside short names is wider than the names (were alike, a third each)', async () => {
    const quote = 'Ik vertrouw de meeste wijkcoaches wel, maar niet allemaal even erg, en dat zeg ik ook gewoon. '.repeat(4);
    const tex = (await renderTable(
      {
        columns: [
          { key: 'code', label: 'Code' },
          { key: 'n', label: 'n', align: 'right' },
          { key: 'q', label: 'Quotes' },
        ],
        rows: Array.from({ length: 6 }, (_, i) => ({ code: `Vertrouwen in elkaars professionaliteit ${i} (trust)`, n: i, q: quote })),
      },
      'latex',
    )) as string;
    const shares = [...tex.matchAll(/p\{\\dimexpr ([\d.]+)\\linewidth/g)].map((m) => Number(m[1]));
    expect(shares).toHaveLength(3);
    expect(shares[2]).toBeGreaterThan(2 * shares[0]);
    expect(shares.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1);
    expect(shares.reduce((a, b) => a + b, 0)).toBeGreaterThan(0.95); // the line used
  });
});

describe('qda appendix -f latex: the quotes readable', () => {
  it('under their code\'s row over the whole width, the same columns in every code\'s table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-appendix-print-'));
    writeFileSync(
      join(dir, 'c.csv'),
      [
        'source,code,coder,text',
        'w1,overleg,anna,"We hebben elke week overleg met het jongerenwerk, en dat werkt eigenlijk heel goed voor ons allebei."',
        'w2,vertrouwen,anna,"Ik vertrouw de meeste wijkcoaches wel, maar niet allemaal even erg, dat zeg ik eerlijk."',
      ].join('\n') + '\n',
    );
    const io = memoryIo(dir);
    expect(await main(['appendix', 'c.csv', '--by', 'code', '--lang', 'en', '-f', 'latex'], io), io.err()).toBe(0);
    const tex = io.out();
    const specs = [...tex.matchAll(/\\begin\{longtable\}\{(.*)\}/g)].map((m) => m[1]);
    expect(specs.length).toBeGreaterThan(1);
    expect(new Set(specs).size).toBe(1); // one set of widths for the whole appendix
    const cols = specs[0].split('p{').length - 1;
    expect(cols).toBe(5); // code, definition, criteria, segments, respondents (old: the quotes a sixth)
    const quoteRow = tex.split('\n').find((l) => l.includes('elke week overleg'))!;
    expect(quoteRow).toMatch(new RegExp(`^\\\\multicolumn\\{${cols}\\}`));
    expect(quoteRow).toContain('\\textit{Example quotes:}');
    if (!texEngine()) console.log(NO_TEX);
    else expect(compileLatex(tex)).toBe(true);
  }, 120_000);
});

describe('a wide table split into parts alike in width', () => {
  it('no last part of one column: 10 equal columns over 3 parts are 4, 3, 3 or so (were 4, 4, 2 and the like)', async () => {
    const { splitWideTable, estimateColumnWidths } = await import('../../src/export/render-table.js');
    const cols = Array.from({ length: 10 }, (_, i) => ({ key: `c${i}`, label: `Kolom${i}`, align: 'right' as const }));
    const t = { columns: [{ key: 'code', label: 'Code' }, ...cols], rows: [{ code: 'x', ...Object.fromEntries(cols.map((c) => [c.key, 1])) }] };
    const w = estimateColumnWidths(t);
    // room for the code and 4 columns and a bit: greedy gives 4, 4, 2
    const max = w[0] + 4 * w[1] + 5;
    const parts = splitWideTable(t, max, 'en');
    expect(parts.length).toBe(3);
    const sizes = parts.map((p) => p.columns.length - 1);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(10);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(3);
    expect(parts.flatMap((p) => p.columns.slice(1).map((c) => c.key))).toEqual(cols.map((c) => c.key));
  });
});

describe('qda compare --within -f latex: a column a group', () => {
  it('"X/Y (%)" a group in one table (were four columns a group, split into parts)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-within-print-'));
    writeFileSync(
      join(dir, 'q.csv'),
      ['source,group,question,code,coder', 'w1,coach,1,overleg,anna', 'w2,coach,1,vertrouwen,anna', 'w3,coach,2,overleg,anna', 'j1,jeugd,1,overleg,anna', 'j2,jeugd,2,vertrouwen,anna', 'b1,beleid,2,overleg,anna', 'b2,beleid,1,overleg,anna', 'x1,extra,1,overleg,anna'].join('\n') + '\n',
    );
    const io = memoryIo(dir);
    expect(await main(['compare', 'q.csv', '--by', 'group', '--within', 'question', '--lang', 'en', '-f', 'latex'], io), io.err()).toBe(0);
    const tex = io.out();
    expect(tex).not.toMatch(/part \d of/);
    expect(longtables(tex)).toBe(1);
    // question 1, overleg: beleid 1 of 1, coach 1 of 2, extra 1 of 1, jeugd 1 of 1
    expect(tex).toMatch(/^1 & overleg & 1\/1 \(100\) & 1\/2 \(50\) & 1\/1 \(100\) & 1\/1 \(100\) & {2}\\\\$/m);
    expect(tex).toContain('X/Y (\\%)');
    if (texEngine()) expect(compileLatex(tex)).toBe(true);
  }, 60_000);
});
