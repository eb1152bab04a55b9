/**
 * LaTeX tables fit the page: with `l` columns a comparison table of 5 groups ran 1,800 pt past
 * the right edge and the PDF showed two of its 19 columns. Now a wide table is split into column
 * groups (label columns repeated, "part 1 of 3") and every column is a paragraph column of its
 * share of \linewidth: every header and cell is in the PDF, on the page.
 */
import { describe, it, expect } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderTable } from '../../src/export/render-table.js';
import { texEngine } from '../helpers/latex.js';
import type { Table } from '../../src/model/types.js';

const POPPLER = spawnSync('sh', ['-c', 'command -v pdftotext && command -v pdfinfo']).status === 0;
const ENGINE = texEngine();

const groups = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'];
const table: Table = {
  title: 'Comparison by group',
  columns: [
    { key: 'code', label: 'Code' },
    { key: 'name', label: 'Name' },
    ...groups.flatMap((g) => [
      { key: `s:${g}`, label: `${g}: segments`, align: 'right' as const },
      { key: `r:${g}`, label: `${g}: respondents (N=7)`, align: 'right' as const },
      { key: `p:${g}`, label: `${g}: %`, align: 'right' as const },
    ]),
    { key: 'diff', label: 'Difference max − min (pp)', align: 'right' },
    { key: 'words', label: 'In words' },
  ],
  rows: Array.from({ length: 6 }, (_, i) => ({
    code: `code${i}`,
    name: `Working together number ${i}`,
    ...Object.fromEntries(groups.flatMap((g, k) => [[`s:${g}`, 1000 + 100 * k + i], [`r:${g}`, 2000 + 100 * k + i], [`p:${g}`, 3000 + 100 * k + i]])),
    diff: 4000 + i,
    words: `zzsentence${i} of the row, long enough to wrap in its column`,
  })),
  notes: ['Note at the end.'],
};

function compile(tex: string): { text: string; log: string; width: number } {
  const dir = mkdtempSync(join(tmpdir(), 'qda-latex-fit-'));
  writeFileSync(join(dir, 'body.tex'), tex);
  writeFileSync(join(dir, 'doc.tex'), '\\documentclass{article}\\usepackage[T1]{fontenc}\\usepackage[utf8]{inputenc}\\usepackage{textcomp}\\usepackage{longtable,booktabs,array}\n\\begin{document}\\input{body}\\end{document}\n');
  execFileSync(ENGINE!, ['-interaction=nonstopmode', '-halt-on-error', 'doc.tex'], { cwd: dir, stdio: 'ignore', timeout: 120_000 });
  const text = execFileSync('pdftotext', [join(dir, 'doc.pdf'), '-'], { encoding: 'utf8' });
  const width = Number(/Page size:\s+([\d.]+)/.exec(execFileSync('pdfinfo', [join(dir, 'doc.pdf')], { encoding: 'utf8' }))![1]);
  return { text, log: readFileSync(join(dir, 'doc.log'), 'latin1'), width };
}

describe('LaTeX tables within the page', () => {
  it('a wide table is split into parts that repeat the code column; each part is paragraph columns summing to \\linewidth', async () => {
    const tex = (await renderTable(table, 'latex')) as string;
    const specs = [...tex.matchAll(/\\begin\{longtable\}\{(.*)\}$/gm)].map((m) => m[1]);
    expect(specs.length).toBeGreaterThan(1);
    for (const spec of specs) {
      const fr = [...spec.matchAll(/p\{\\dimexpr ([\d.]+)\\linewidth/g)].map((m) => Number(m[1]));
      expect(fr.length).toBe((spec.match(/p\{/g) ?? []).length);
      expect(fr.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1.0001);
    }
    expect(tex).toContain('(part 1 of');
    expect(tex).toContain('\\multicolumn{3}{c}{\\textbf{alpha}}');
  });

  describe.skipIf(!ENGINE || !POPPLER)('compiled (skipped: needs pdflatex or lualatex, and pdftotext/pdfinfo)', () => {
    it('every header and every cell is in the PDF, and nothing runs far past the margin', async () => {
      const { text, log } = compile((await renderTable(table, 'latex')) as string);
      for (const g of groups) expect(text).toContain(g);
      for (const r of table.rows) for (const c of table.columns) {
        const v = String(r[c.key]);
        expect(text, `${c.key} = ${v}`).toContain(c.key === 'words' ? v.split(' ')[0] : c.key === 'name' ? 'Working' : v);
      }
      const over = [...log.matchAll(/Overfull \\hbox \(([\d.]+)pt too wide\)/g)].map((m) => Number(m[1]));
      expect(Math.max(0, ...over)).toBeLessThan(20);
    }, 120_000);
  });
});

/**
 * TeX does not hyphenate the first word of a paragraph: a header or a code name wider than its
 * paragraph column ("Voorbeeldcitaten", "Respondenten", "Samenwerking" in the appendix's narrow
 * columns) ran into the next column or past the right margin (Overfull \hbox of 30–35 pt). Such a
 * cell now starts with \hspace{0pt}, so its first word is hyphenated as the others are, and the
 * number columns take half a long header word, leaving the room to the text columns.
 */
describe('first words of LaTeX cells', () => {
  const long = 'Professionals werken over de grenzen van hun eigen taak of organisatie heen en leggen nieuwe verbindingen.';
  const appendix: Table = {
    columns: [
      { key: 'code', label: 'Code' },
      { key: 'def', label: 'Definitie' },
      { key: 'inc', label: 'Inclusie / exclusie' },
      { key: 'seg', label: 'Segmenten', align: 'right' },
      { key: 'resp', label: 'Respondenten', align: 'right' },
      { key: 'quotes', label: 'Voorbeeldcitaten' },
    ],
    rows: [
      { code: 'Samenwerking (collaboration)', def: long, inc: `Wel: ${long} Niet: ${long}`, seg: 6, resp: 3, quotes: `“${long}” (jongerenwerker-03, Daan, regel 7)` },
      { code: 'Informatievoorziening (information)', def: long, inc: long, seg: 12, resp: 7, quotes: `“${long}” (wijkcoach-01, Fatima, regel 12)` },
    ],
  };

  it('a header or cell whose first word is longer than its column may be hyphenated (\\hspace{0pt} before it), a short one is left as it was', async () => {
    const tex = (await renderTable(appendix, 'latex')) as string;
    expect(tex).toContain('\\hspace{0pt}\\textbf{Voorbeeldcitaten}');
    expect(tex).toContain('\\hspace{0pt}\\textbf{Respondenten}');
    expect(tex).toMatch(/^\\textbf\{Code\} &/m);
    expect(tex).toMatch(/& 6 & 3 &/);
  });

  it.skipIf(!ENGINE || !POPPLER)('compiled, no header runs more than 10 pt into the next column (old: "Voorbeeldcitaten" 45 pt) (skipped: needs pdflatex or lualatex, and pdftotext)', async () => {
    const tex = (await renderTable(appendix, 'latex')) as string;
    const { log, text } = compile(tex);
    // (the bold font's boxes: the header rows)
    const over = [...log.matchAll(/Overfull \\hbox \(([\d.]+)pt too wide\)[^\n]*\n[^\n]*\/bx\//g)].map((m) => Number(m[1]));
    expect(Math.max(0, ...over)).toBeLessThan(10);
    expect(text.replace(/-\n/g, '').replace(/\s+/g, ' ')).toContain('Voorbeeldcitaten');
  });
});
