/**
 * A longtable row cannot break over a page: a cell taller than the page ran off its foot and
 * was cut from the PDF without a word (in the codebook appendix a quote of 150 words in the
 * narrow quote column lost its second half), and a cell taller than TeX's largest dimension
 * (a quote of ≈ 47,000 characters) stopped the compilation ("Dimension too large"). Now a long
 * text goes on in the rows below it, marked "(continued k/n)" in the first column, preferably
 * between two quotes, and every word is in the PDF.
 */
import { describe, it, expect } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderTable, latexCellPieces, latexCharsPerLine, LATEX_PIECE_LINES } from '../../src/export/render-table.js';
import { texEngine } from '../helpers/latex.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import type { Table } from '../../src/model/types.js';

const POPPLER = spawnSync('sh', ['-c', 'command -v pdftotext && command -v pdfinfo']).status === 0;
const ENGINE = texEngine();

/** An invented answer of `n` numbered phrases (7 words each): nr0 … nr(n-1) in order. */
const answer = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => `we spraken in overleg nr${from + i} over de wijk`).join(' ');
/** The numbers of the phrases in a text, in order. */
const numbers = (text: string) => [...text.matchAll(/\bnr(\d+)\b/g)].map((m) => Number(m[1]));

/** A table laid out like the codebook appendix: the quotes in a narrow last column. */
const appendixLike = (quotes: string): Table => ({
  columns: [
    { key: 'code', label: 'Code' },
    { key: 'def', label: 'Definition' },
    { key: 'crit', label: 'Include / exclude' },
    { key: 's', label: 'Segments', align: 'right' },
    { key: 'r', label: 'Respondents', align: 'right' },
    { key: 'q', label: 'Example quotes' },
  ],
  rows: [
    { code: 'Collaboration (collaboration)', def: 'Professionals work across the boundaries of their own task.', crit: 'Include: statements about working together.', s: 2, r: 1, q: quotes },
    { code: 'Other (other)', def: 'Short.', crit: '', s: 1, r: 1, q: '“Kort citaat.” (b, Kees, line 4)' },
  ],
});

function compile(tex: string): { text: string; log: string } {
  const dir = mkdtempSync(join(tmpdir(), 'qda-latex-tall-'));
  writeFileSync(join(dir, 'body.tex'), tex);
  writeFileSync(join(dir, 'doc.tex'), '\\documentclass{article}\\usepackage[T1]{fontenc}\\usepackage[utf8]{inputenc}\\usepackage{textcomp}\\usepackage{longtable,booktabs,array}\n\\begin{document}\\input{body}\\end{document}\n');
  const r = spawnSync(ENGINE!, ['-interaction=nonstopmode', '-halt-on-error', 'doc.tex'], { cwd: dir, stdio: 'ignore', timeout: 240_000 });
  const log = readFileSync(join(dir, 'doc.log'), 'latin1');
  if (r.status !== 0) throw new Error(`LaTeX did not compile:\n${log.split('\n').filter((l) => l.startsWith('!') || l.startsWith('l.')).slice(0, 6).join('\n')}`);
  // (a word hyphenated at a line end is joined again)
  const text = execFileSync('pdftotext', [join(dir, 'doc.pdf'), '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).replace(/-\n/g, '').replace(/\s+/g, ' ');
  return { text, log };
}

describe('latexCellPieces', () => {
  it('a text that fits is itself; a long one is cut at spaces into pieces of at most the lines a row may take, no word lost or moved', () => {
    expect(latexCellPieces('kort', 20)).toEqual(['kort']);
    const text = answer(600);
    const pieces = latexCellPieces(text, 20);
    expect(pieces.length).toBeGreaterThan(10);
    expect(pieces.join(' ')).toBe(text);
    // every piece within the limit by the same measure: at most 40 lines of 20 characters
    for (const p of pieces) expect(p.length).toBeLessThanOrEqual(20 * LATEX_PIECE_LINES);
  });

  it('breaks between two quotes (lines of the cell) when the second fits a piece', () => {
    const first = `“${answer(55)}” (a, Piet, line 3)`;
    const second = `“${answer(10, 1000)}” (b, Kees, line 9)`;
    const pieces = latexCellPieces(`${first}\n${second}`, 20);
    expect(pieces.at(-1)).toBe(second);
    expect(pieces.join(' ').replace(/\s+/g, ' ')).toBe(`${first} ${second}`);
    // the long first quote in pieces of about equal length, none of a few words
    for (const p of pieces.slice(0, -1)) expect(p.length).toBeGreaterThan(300);
  });

  it('a run without spaces longer than a piece is cut inside, nothing lost', () => {
    const run = 'x'.repeat(5000);
    const pieces = latexCellPieces(run, 10);
    expect(pieces.join('')).toBe(run);
    for (const p of pieces) expect(p.length).toBeLessThanOrEqual(10 * LATEX_PIECE_LINES);
  });

  it('the narrow quote column of the appendix holds about ten characters a line', () => {
    expect(latexCharsPerLine(0.2308)).toBeGreaterThanOrEqual(8);
    expect(latexCharsPerLine(0.2308)).toBeLessThanOrEqual(16);
  });
});

describe('LaTeX rows taller than a page go on in the rows below', () => {
  it('a 150-phrase quote becomes several rows marked "(continued k/n)", every phrase once and in order', async () => {
    const tex = (await renderTable(appendixLike(`“${answer(150)}” (a, Piet, line 3)`), 'latex')) as string;
    const rows = tex.split('\n').filter((l) => l.includes('(continued '));
    expect(rows.length).toBeGreaterThan(2);
    expect(rows.at(-1)).toContain(`(continued ${rows.length + 1}/${rows.length + 1})`);
    expect(numbers(tex)).toEqual(Array.from({ length: 150 }, (_, i) => i));
    // the short row is one row, as before
    expect(tex).toContain('Other (other) & Short. &  & 1 & 1 & “Kort citaat.” (b, Kees, line 4) \\\\');
  });

  it('in Dutch the mark is "(vervolg k/n)"', async () => {
    const tex = (await renderTable(appendixLike(answer(150)), 'latex', { lang: 'nl' })) as string;
    expect(tex).toContain('\\textit{(vervolg 2/');
    expect(tex).not.toContain('(continued');
  });

  describe.skipIf(!ENGINE || !POPPLER)('compiled (skipped: needs pdflatex or lualatex, and pdftotext/pdfinfo)', () => {
    it('every phrase of a 150-phrase quote is in the PDF (old: its first 11)', async () => {
      const { text } = compile((await renderTable(appendixLike(`“${answer(150)}” (a, Piet, line 3)`), 'latex')) as string);
      expect(numbers(text)).toEqual(Array.from({ length: 150 }, (_, i) => i));
      expect(text).toContain('(a, Piet, line 3)');
      expect(text).toContain('Kort citaat');
    }, 240_000);

    it('a quote of ≈ 50,000 characters compiles and is whole (old: its first 11 of 1,500 phrases)', async () => {
      const n = 1500;
      const { text } = compile((await renderTable(appendixLike(answer(n)), 'latex')) as string);
      expect(numbers(text)).toEqual(Array.from({ length: n }, (_, i) => i));
    }, 240_000);
  });
});

describe('the codebook as LaTeX: a definition taller than a page goes on in the rows below', () => {
  const codebookWith = (definition: string) => `id: lang\nname: {nl: Lang, en: Long}\nversion: "1.0"\nlanguage: nl\ncodes:\n  - id: een\n    name: {nl: Een, en: One}\n    definition: {nl: "${definition}", en: "x"}\n    include: {nl: ["een kort criterium"], en: ["y"]}\n  - id: twee\n    name: {nl: Twee, en: Two}\n    definition: {nl: "kort", en: "y"}\n`;
  const exportLatex = async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-latex-cb-'));
    const file = join(dir, 'lang.yaml');
    const yaml = codebookWith(answer(120));
    writeFileSync(file, yaml);
    const io = memoryIo(dir);
    expect(await main(['codebook', 'export', file, '--format', 'latex', '--lang', 'nl'], io), io.err()).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(yaml);
    return io.out();
  };

  it('a 120-phrase definition is several rows, "(vervolg k/n)" in the code column, every phrase once and in order', async () => {
    const tex = await exportLatex();
    expect(tex).toContain('\\textit{(vervolg 2/');
    expect(numbers(tex)).toEqual(Array.from({ length: 120 }, (_, i) => i));
    expect(tex).toContain('\\textbullet{} een kort criterium');
  });

  describe.skipIf(!ENGINE || !POPPLER)('compiled (skipped: needs pdflatex or lualatex, and pdftotext/pdfinfo)', () => {
    it('every phrase is in the PDF (old: the first 62 of 120)', async () => {
      const { text } = compile(await exportLatex());
      expect(numbers(text)).toEqual(Array.from({ length: 120 }, (_, i) => i));
    }, 240_000);
  });
});
