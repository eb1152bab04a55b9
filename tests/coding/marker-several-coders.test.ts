import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { findMarkers } from '../../src/coding/markers.js';

const text = 'Interviewer: Wie helpt er mee?\nSanne: De buren komen op zaterdag. {{hulp @fem @kees}} En de gemeente zien we nooit. {{afstand @fem}}\n';

describe('a marker that names several coders', () => {
  it('gives a coding of each coder named, and says so with the line (only the last coder had one, without a word)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-coders-'));
    writeFileSync(join(dir, 'r1.txt'), text);
    const io = memoryIo(dir);
    expect(await main(['code', 'r1.txt', '--no-rules', '-o', 'out.csv'], io)).toBe(0);
    const rows = readFileSync(join(dir, 'out.csv'), 'utf8').trim().split('\n');
    const head = rows[0].split(',');
    const cols = rows.slice(1).map((r) => r.split(','));
    const code = head.indexOf('code');
    const coder = head.indexOf('coder');
    const start = head.indexOf('start');
    expect(cols.map((r) => [r[code], r[coder], r[start]]).sort()).toEqual([
      ['afstand', 'fem', cols.find((r) => r[code] === 'afstand')![start]],
      ['hulp', 'fem', cols.find((r) => r[code] === 'hulp')![start]],
      ['hulp', 'kees', cols.find((r) => r[code] === 'hulp')![start]],
    ]);
    expect(io.err()).toMatch(/r1\.txt:2: warning: 1 marker names more than one coder \(line 2 "\{\{hulp @fem @kees\}\}": fem, kees\): each is read as a coding of each coder named.*\[coding:marker-several-coders\]/);
  });

  it('keeps the last coder as `coder` and names them all in `coders` (one name written twice is one coder)', () => {
    const [m] = findMarkers('x {{a @fem @kees}}');
    expect([m.coder, m.coders]).toEqual(['kees', ['fem', 'kees']]);
    const [n] = findMarkers('x {{a @fem @fem}}');
    expect([n.coder, n.coders]).toEqual(['fem', undefined]);
  });
});
