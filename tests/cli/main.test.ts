import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { VERSION } from '../../src/version.js';

describe('qda main', () => {
  it('prints help listing every command and exits 0', async () => {
    const io = memoryIo(process.cwd());
    expect(await main(['--help'], io)).toBe(0);
    for (const c of ['segments', 'codebook', 'code', 'matrix', 'compare', 'agree', 'saturation', 'appendix', 'report', 'anonymize', 'refi', 'review']) {
      expect(io.out()).toContain(c);
    }
  });

  it('exits 2 on an unknown command with a usage hint', async () => {
    const io = memoryIo(process.cwd());
    expect(await main(['frobnicate'], io)).toBe(2);
    expect(io.err()).toMatch(/unknown command/);
  });

  it('keeps VERSION in step with package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(VERSION).toBe(pkg.version);
  });
});

describe('table output file names', () => {
  it('refuses an -o extension that names no table format instead of writing Markdown into it', async () => {
    const { tableFormat } = await import('../../src/cli/output.js');
    expect(() => tableFormat(undefined, 'matrix.xls')).toThrow(/cannot tell the output format/);
    expect(() => tableFormat(undefined, 'out/appendix.pdf')).toThrow(/cannot tell the output format/);
    expect(tableFormat(undefined, 'matrix.xlsx')).toBe('xlsx');
    expect(tableFormat(undefined, 'dir.v2/matrix')).toBe('md');
    expect(tableFormat('csv', 'matrix.xls')).toBe('csv');
  });
});
