/**
 * A `|` in a LaTeX table or note (the compare note's "|difference|", a quote's "ja | nee", a code
 * name) was written bare: in the default OT1 font encoding (a document without
 * \usepackage[T1]{fontenc}) TeX sets it as an em dash, so the PDF read "—difference—" without a
 * word. It is \textbar{} now, a bar in every encoding (found by huntana, session 23; the test fails
 * on the old code).
 */
import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { escapeLatex } from '../../src/export/escape.js';
import { renderTable } from '../../src/export/render-table.js';
import { texEngine } from '../helpers/latex.js';

const hasPdftotext = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('LaTeX: a | stays a bar', () => {
  it('is written \\textbar{}', () => {
    expect(escapeLatex('ja | nee')).toBe('ja \\textbar{} nee');
  });

  it.skipIf(!texEngine() || !hasPdftotext)('in a PDF of the default font encoding (OT1) it reads |, not — (skipped without pdflatex and pdftotext)', async () => {
    const tex = (await renderTable({ columns: [{ key: 'a', label: 'Quote' }], rows: [{ a: 'ja | nee' }], notes: ['Notable = |difference| of 25'] }, 'latex')) as string;
    const dir = mkdtempSync(join(tmpdir(), 'qda-bar-'));
    writeFileSync(join(dir, 'doc.tex'), `\\documentclass{article}\\usepackage{longtable,booktabs,array}\\begin{document}\n${tex}\n\\end{document}\n`);
    execFileSync(texEngine()!, ['-interaction=nonstopmode', '-halt-on-error', 'doc.tex'], { cwd: dir, stdio: 'ignore', timeout: 120_000 });
    const text = execFileSync('pdftotext', [join(dir, 'doc.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('ja | nee');
    expect(text).toContain('|difference|');
    expect(text).not.toContain('—');
  }, 120_000);
});
