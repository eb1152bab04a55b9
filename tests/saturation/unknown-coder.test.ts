import { describe, it, expect } from 'vitest';
import { mkdtempSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { computeSaturation } from '../../src/analysis/saturation.js';
import { docFrom } from './helpers.js';

/** `--coder` naming no coder of the codings is refused, as matrix and compare refuse it (not an empty analysis). */

const FIXTURE = new URL('../fixtures/saturation/codings.csv', import.meta.url);

describe('saturation --coder with no codings', () => {
  it('throws the unknown-coder input error with the coders present', () => {
    const doc = docFrom([
      ['s1', ['a', 'b']],
      ['s2', ['c']],
    ]);
    expect(() => computeSaturation(doc, { coders: ['nobody'] })).toThrow(/no codings by coder "nobody"/);
    expect(computeSaturation(doc, { coders: ['human'] }).overall.totalCodes).toBe(3);
  });

  it('the CLI exits 2 like matrix and compare', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-sat-coder-'));
    copyFileSync(FIXTURE, join(dir, 'codings.csv'));
    for (const verb of ['saturation', 'matrix', 'compare']) {
      const io = memoryIo(dir);
      const args = verb === 'compare' ? [verb, 'codings.csv', '--by', 'team', '--coder', 'nobody'] : [verb, 'codings.csv', '--coder', 'nobody'];
      expect(await main(args, io), verb).toBe(2);
      expect(io.err(), verb).toMatch(/no codings by coder "nobody"/);
    }
  });
});
