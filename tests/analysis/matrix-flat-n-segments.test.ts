/**
 * qda matrix --measure segments (the default) on a flat codings CSV: the CSV holds only coded
 * segments, so the row "N segments" (the denominators the codings document shows) was left out
 * without a word. Now a note says it is not shown, why, and where it is (en, nl). Found by
 * comparing each analysis on the JSON document and on the CSV of one coding.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

describe('matrix of segments on a flat CSV', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qda-flat-n-'));
  writeFileSync(join(dir, 'a.txt'), 'Interviewer: Hoe gaat het?\n\nAnna: We delen informatie met de partners. {{informing}}\n\nAnna: Het weer is mooi.\n');
  writeFileSync(join(dir, 'b.txt'), 'Interviewer: En bij jou?\n\nBram: Wij overleggen elke week. {{informing}}\n');

  it('the document shows N segments; the CSV says it is not shown (en, nl)', async () => {
    for (const [args, out] of [[['-o', 'c.json'], 'c.json'], [['-f', 'csv', '-o', 'c.csv'], 'c.csv']] as const) {
      const io = memoryIo(dir);
      expect(await main(['code', 'a.txt', 'b.txt', '-c', 'coordination-collaboration', ...args], io), io.err()).toBe(0);
      expect(out).toBeTruthy();
    }
    const json = memoryIo(dir);
    expect(await main(['matrix', 'c.json', '-c', 'coordination-collaboration'], json)).toBe(0);
    expect(json.out()).toMatch(/\*\*N segments\*\* \| \*\*2\*\* \| \*\*1\*\* \| \*\*3\*\*/);
    expect(json.out()).not.toContain('N segments is not shown');
    const csv = memoryIo(dir);
    expect(await main(['matrix', 'c.csv', '-c', 'coordination-collaboration'], csv)).toBe(0);
    expect(csv.out()).not.toContain('**N segments**');
    expect(csv.out()).toContain('N segments is not shown: the codings carry no source texts nor their uncoded segments (a flat file).');
    const nl = memoryIo(dir);
    expect(await main(['matrix', 'c.csv', '-c', 'coordination-collaboration', '--lang', 'nl'], nl)).toBe(0);
    expect(nl.out()).toContain('N segmenten staat er niet');
  });
});
