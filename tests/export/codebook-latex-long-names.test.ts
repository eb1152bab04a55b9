/**
 * The codebook's LaTeX table (qda codebook export -o x.tex, the thesis appendix): a code name that
 * is one long word ("Verantwoordelijkheidsverdeling") is the first word of its cell, which TeX
 * never hyphenates, and its id is in a typewriter font that never hyphenates: both ran over the
 * definition beside them, printed on top of it in the PDF, without a word (found by huntana).
 * Now the name may hyphenate (\hspace{0pt} before it, as the tables do) and the id may break.
 */
import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderCodebookLatex } from '../../src/export/codebook-latex.js';
import { texEngine } from '../helpers/latex.js';
import type { Codebook } from '../../src/codebook/types.js';

const book = {
  id: 'cb',
  name: 'Codeboek',
  version: '1',
  language: 'nl',
  codes: [
    { id: 'verantwoordelijkheidsverdeling', name: 'Verantwoordelijkheidsverdeling', definition: 'Wie doet wat: de verdeling van taken en verantwoordelijkheden tussen organisaties.' },
    { id: 'ketensamenwerkingsafspraken_en_convenanten', parent: 'verantwoordelijkheidsverdeling', name: 'Ketensamenwerkingsafspraken', definition: 'Afspraken in de keten.' },
  ],
} as unknown as Codebook;

describe('codebook LaTeX: long one-word names and ids stay in their column', () => {
  it('the name may hyphenate and the id may break', () => {
    const tex = renderCodebookLatex(book, 'nl');
    expect(tex).toContain('\\hspace{0pt}\\textbf{Verantwoordelijkheidsverdeling}');
    expect(tex).toMatch(/\\texttt\{\\small ketensamenwerking[a-z]*\\allowbreak\{\}[a-z]+\\_\\allowbreak\{\}en\\_\\allowbreak\{\}convenanten\}/);
    expect(tex).toMatch(/\\texttt\{\\small verantwoordelijk[a-z]*\\allowbreak\{\}[a-z]+\}/);
  });

  it.skipIf(!texEngine())('compiled: no line of the table is wider than its column (skipped without pdflatex/lualatex)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-cb-tex-'));
    try {
      writeFileSync(join(dir, 'body.tex'), renderCodebookLatex(book, 'nl'));
      writeFileSync(join(dir, 'doc.tex'), '\\documentclass{article}\\usepackage[T1]{fontenc}\\usepackage{longtable,booktabs,array}\n\\begin{document}\\input{body}\\end{document}\n');
      execFileSync(texEngine()!, ['-interaction=nonstopmode', '-halt-on-error', 'doc.tex'], { cwd: dir, stdio: 'ignore', timeout: 120_000 });
      const over = readFileSync(join(dir, 'doc.log'), 'utf8').match(/Overfull \\hbox \(([\d.]+)pt too wide\)/g) ?? [];
      // (TeX's own slack of a point or two aside: the name ran 24 pt over, the id 20 pt)
      expect(over.filter((l) => Number(/([\d.]+)pt/.exec(l)![1]) > 2)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
