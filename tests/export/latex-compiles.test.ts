import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderTable } from '../../src/export/render-table.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { compileLatex, texEngine } from '../helpers/latex.js';

const HOSTILE = 'Ideeën & “afspraken” 50% {x}_$ #1 ^~ \\end{longtable} <script>';
const ROOT = new URL('../../', import.meta.url).pathname;

describe.skipIf(!texEngine())('LaTeX output compiles with a real TeX engine (skipped: no pdflatex/lualatex on PATH; .ci/run installs texlive, the structure is checked separately)', () => {
  let codings: string;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-latex-'));
    codings = join(dir, 'codings.json');
    expect(await main(['code', join(ROOT, 'samples'), '-o', codings], memoryIo(ROOT))).toBe(0);
  }, 120_000);

  it('a table with hostile text in every cell, a total row and notes', async () => {
    const tex = (await renderTable(
      {
        title: HOSTILE,
        columns: [
          { key: 'a', label: HOSTILE },
          { key: 'b', label: 'n', align: 'right' },
        ],
        rows: [{ a: HOSTILE, b: 3 }, { a: 'Totaal', b: 3 }],
        totalRows: [1],
        notes: [HOSTILE],
      },
      'latex',
    )) as string;
    expect(compileLatex(tex)).toBe(true);
  }, 120_000);

  it('matrix, comparison with ladder, agreement and saturation tables of the samples', async () => {
    for (const args of [
      ['matrix', codings, '--cols', 'case'],
      ['compare', codings, '--by', 'group', '--ladder', 'hovik-hanssen', '--lang', 'nl'],
      ['agree', join(ROOT, 'samples/codings/anna.csv'), join(ROOT, 'samples/codings/bram.csv')],
      ['saturation', codings, '--by', 'group'],
    ]) {
      const io = memoryIo(ROOT);
      expect(await main([...args, '--format', 'latex'], io)).toBe(0);
      expect(compileLatex(io.out()), args.join(' ')).toBe(true);
    }
  }, 240_000);

  it('both appendices of the samples, in Dutch', async () => {
    for (const by of ['code', 'question']) {
      const io = memoryIo(ROOT);
      expect(await main(['appendix', codings, '--by', by, '--guide', join(ROOT, 'samples/topics.yaml'), '--format', 'latex', '--lang', 'nl'], io)).toBe(0);
      expect(compileLatex(io.out()), by).toBe(true);
    }
  }, 240_000);
});
