/**
 * `--coder X` on codings where X coded only some of the sources another coder coded (bert 4 of
 * anna's 12): the other 8 counted as sources where bert found nothing — in N of the comparison and
 * matrix, and as interviews adding no new codes in saturation ("saturation at 4+2" from the 8 bert
 * never coded) — without a word (found by huntana). Now each says it, naming the sources.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-coder-gaps-'));
  const rows = ['source,order,group,code,coder'];
  const codes = ['samen', 'plan', 'delen', 'overleg', 'vertrouwen', 'regie', 'taak'];
  for (let i = 1; i <= 12; i++) for (const c of codes.slice(0, (i % 7) + 1)) rows.push(`r${i},${i},${i % 2 ? 'A' : 'B'},${c},anna`);
  for (let i = 1; i <= 4; i++) rows.push(`r${i},${i},${i % 2 ? 'A' : 'B'},samen,bert`, `r${i},${i},${i % 2 ? 'A' : 'B'},plan,bert`);
  writeFileSync(join(dir, 'c.csv'), rows.join('\n') + '\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]): Promise<string> {
  const io = memoryIo(dir);
  expect(await main(args, io), io.err()).toBe(0);
  return io.out() + io.err();
}

const SAID = /Coder bert has no coding in 8 source\(s\) that other coders coded \(r5, r6, r7, r8, r9, r10, r11, r12; bert coded 4\)/;

describe('--coder X where X coded fewer sources than the others', () => {
  it('saturation says the sources bert never coded count as interviews without new codes', async () => {
    const out = await run(['saturation', 'c.csv', '--coder', 'bert', '--format', 'md', '--lang', 'en']);
    expect(out).toMatch(SAID);
    expect(out).toMatch(/may show saturation too early/);
  });

  it('compare and matrix say they are in N', async () => {
    expect(await run(['compare', 'c.csv', '--by', 'group', '--coder', 'bert', '--format', 'md', '--lang', 'en'])).toMatch(SAID);
    expect(await run(['matrix', 'c.csv', '--cols', 'group', '--measure', 'respondents', '--coder', 'bert', '--format', 'md', '--lang', 'en'])).toMatch(SAID);
    const nl = await run(['matrix', 'c.csv', '--cols', 'group', '--measure', 'sources', '--coder', 'bert', '--format', 'md', '--lang', 'nl']);
    expect(nl).toMatch(/Codeur bert heeft geen codering in 8 bron\(nen\)/);
  });

  it('says nothing for a coder who coded every source, or without --coder', async () => {
    expect(await run(['compare', 'c.csv', '--by', 'group', '--coder', 'anna', '--format', 'md', '--lang', 'en'])).not.toMatch(/has no coding in/);
    expect(await run(['compare', 'c.csv', '--by', 'group', '--format', 'md', '--lang', 'en'])).not.toMatch(/has no coding in/);
  });
});
