import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { computeSaturation } from '../../src/analysis/saturation.js';
import { saturationMethodsText, saturationTables } from '../../src/analysis/saturation-text.js';
import { docFrom } from '../saturation/helpers.js';

/**
 * The sources without a group are named as compare names them ("(no group)" / "(geen groep)").
 * Before: the report's caption said "Not drawn: Z (1),  (1)" (no name at all), the tables "(no value)".
 */

const doc = docFrom([
  ['s1', ['a'], { group: 'A' }],
  ['s2', ['b'], { group: 'A' }],
  ['s3', ['c'], { group: 'Z' }],
  ['s4', ['a'], {}],
  ['s5', ['d'], {}],
]);

describe('saturation: the sources without a group under compare\'s label', () => {
  it('tables and sentences (en, nl)', () => {
    const res = computeSaturation(doc, { by: 'group', base: 1, run: 1 });
    const [summary] = saturationTables(res, 'en');
    expect(summary.rows.map((r) => r.group)).toEqual(['all sources', 'A', 'Z', '(no group)']);
    expect(saturationMethodsText(res, 'en').join(' ')).toContain('Group (no group): ');
    expect(saturationTables(res, 'nl')[0].rows.map((r) => r.group)).toContain('(geen groep)');
  });

  it('the report\'s caption names them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-sat-nogroup-'));
    writeFileSync(join(dir, 'c.csv'), 'source,code,group\ns1,a,A\ns2,b,A\ns3,c,Z\ns4,a,\n');
    const io = memoryIo(dir);
    expect(await main(['report', 'c.csv', '-o', 'r.html', '--by', 'group', '--permutations', '10'], io)).toBe(0);
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(html).toContain('Not drawn (too few interviews): Z (1), (no group) (1)');
  });
});
