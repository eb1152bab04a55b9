/**
 * TeX turns some pairs of characters into one glyph (ligatures of the T1 fonts): a quote's
 * `--` became an en dash, `---` an em dash, `''` and two backticks curly double quotes, `,,` a
 * low double quote, `!` or `?` before a backtick an inverted mark. A quote in an appendix or
 * table changed without a word; now each character is set as typed.
 */
import { describe, it, expect } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { escapeLatex } from '../../src/export/escape.js';
import { texEngine } from '../helpers/latex.js';

const POPPLER = spawnSync('sh', ['-c', 'command -v pdftotext']).status === 0;
const ENGINE = texEngine();
const QUOTE = "ja -- nee --- 'zo' ''zo'' ,,laag`` ?`x !`y a-b";

describe('escapeLatex keeps pairs that TeX would join', () => {
  it('an empty group between the characters of each ligature pair, other text as it was', () => {
    expect(escapeLatex('a--b')).toBe('a-{}-b');
    expect(escapeLatex('a---b')).toBe('a-{}-{}-b');
    expect(escapeLatex("''x''")).toBe("'{}'x'{}'");
    expect(escapeLatex('``x')).toBe('`{}`x');
    expect(escapeLatex(',,x')).toBe(',{},x');
    expect(escapeLatex('?`!`')).toBe('?{}`!{}`');
    expect(escapeLatex("a-b 'c' d, e")).toBe("a-b 'c' d, e");
  });

  describe.skipIf(!ENGINE || !POPPLER)('compiled (skipped: needs pdflatex or lualatex, and pdftotext)', () => {
    it('the PDF has the characters as typed, not dashes, curly quotes or inverted marks', () => {
      const dir = mkdtempSync(join(tmpdir(), 'qda-latex-lig-'));
      writeFileSync(join(dir, 'doc.tex'), '\\documentclass{article}\\usepackage[T1]{fontenc}\\usepackage[utf8]{inputenc}\\usepackage{textcomp}\n\\pagestyle{empty}\\begin{document}\n' + escapeLatex(QUOTE) + '\n\\end{document}\n');
      const r = spawnSync(ENGINE!, ['-interaction=nonstopmode', '-halt-on-error', 'doc.tex'], { cwd: dir, stdio: 'ignore', timeout: 120_000 });
      expect(r.status, readFileSync(join(dir, 'doc.log'), 'latin1').slice(-2000)).toBe(0);
      const text = execFileSync('pdftotext', [join(dir, 'doc.pdf'), '-'], { encoding: 'utf8' });
      expect(text).not.toMatch(/[\u2013\u2014\u201C\u201D\u201E\u00A1\u00BF]/);
      // (a single ' or ` is set as a typographic apostrophe or opening quote, as TeX does: not a ligature)
      const plain = text.replace(/[\u2019]/g, "'").replace(/[\u2018]/g, '`').trim();
      expect(plain).toBe(QUOTE);
    }, 120_000);
  });
});
