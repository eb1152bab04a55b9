import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { readCodings } from '../../src/ingest/read-codings.js';

const text = 'Interviewer: Hoe werken jullie samen?\nAnna: We hebben korte lijntjes met de wijkagent.\nInterviewer: En verder?\nAnna: We overleggen elke week samen in het team.\n';

describe('the memo column of a codings CSV', () => {
  it('is read into the coding, written back to the JSON document and the CSV, and read again (round trip)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-memo-'));
    writeFileSync(join(dir, 'r1.txt'), text);
    writeFileSync(join(dir, 'c.csv'), 'source,segment,code,coder,memo\nr1,1,exchange,anna,"kort, maar krachtig"\nr1,3,deliberating,anna,\n');
    const first = await readCodings(join(dir, 'c.csv'));
    expect(first.codings.map((c) => c.memo)).toEqual(['kort, maar krachtig', undefined]);
    for (const out of ['out.json', 'out.csv']) {
      expect(await main(['code', 'r1.txt', '--no-rules', '--codings', 'c.csv', '-o', out], memoryIo(dir))).toBe(0);
      const back = await readCodings(join(dir, out));
      expect(back.codings.map((c) => [c.code, c.memo])).toEqual([
        ['exchange', 'kort, maar krachtig'],
        ['deliberating', undefined],
      ]);
    }
    const csv = readFileSync(join(dir, 'out.csv'), 'utf8');
    expect(csv.split('\n')[0]).toMatch(/,text,segment_text,memo$/);
    // and once more through qda code: the memo survives its own CSV
    expect(await main(['code', 'r1.txt', '--no-rules', '--codings', 'out.csv', '-o', 'again.csv'], memoryIo(dir))).toBe(0);
    expect((await readCodings(join(dir, 'again.csv'))).codings.map((c) => c.memo)).toEqual(['kort, maar krachtig', undefined]);
  });
});
