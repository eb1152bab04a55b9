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

describe('the memo of an inline marker in the CSV of qda code (written source by source)', () => {
  it('is written in a memo column and read back as from the JSON document; sources without memos get an empty cell; inputs untouched', async () => {
    const { renderTables } = await import('../../src/export/render-table.js');
    const { codingsTable } = await import('../../src/export/codings-csv.js');
    const dir = mkdtempSync(join(tmpdir(), 'qda-memo-stream-'));
    const files: Record<string, string> = {
      'r1.txt': 'Interviewer: Hoe werken jullie samen?\nAnna: We hebben korte lijntjes met de wijkagent. {{exchange | kort, maar "krachtig"}}\nInterviewer: En verder?\nAnna: We overleggen elke week samen in het team. {{deliberating}}\n',
      'r2.txt': 'Interviewer: En bij jullie?\nBob: Wij overleggen elke week. {{deliberating}}\nInterviewer: Dank.\nBob: Graag.\n',
      'r3.txt': 'Interviewer: En jij?\nCees: Niets te melden.\nInterviewer: Goed.\nCees: Ja.\n',
      'cases.csv': 'source,team\nr1,noord\nr2,zuid\nr3,zuid\n',
    };
    for (const [f, t] of Object.entries(files)) writeFileSync(join(dir, f), t);
    for (const args of [[], ['--cases', 'cases.csv']]) {
      expect(await main(['code', 'r1.txt', 'r2.txt', 'r3.txt', '-c', 'coordination-collaboration', ...args, '-o', 'out.json'], memoryIo(dir))).toBe(0);
      expect(await main(['code', 'r1.txt', 'r2.txt', 'r3.txt', '-c', 'coordination-collaboration', ...args, '-o', 'out.csv'], memoryIo(dir))).toBe(0);
      const csv = readFileSync(join(dir, 'out.csv'), 'utf8');
      expect(csv.split('\n')[0]).toMatch(/,text,segment_text,memo$/);
      const fromJson = await readCodings(join(dir, 'out.json'));
      const fromCsv = await readCodings(join(dir, 'out.csv'));
      const memos = (d: typeof fromJson) => d.codings.map((c) => [c.sourceId, c.code, c.coder, c.memo]);
      expect(memos(fromCsv)).toEqual(memos(fromJson));
      expect(fromCsv.codings.filter((c) => c.memo).map((c) => c.memo)).toEqual(['kort, maar "krachtig"']);
      // the same file as the CSV written from the whole document in memory
      expect(csv).toBe((await renderTables([codingsTable(fromJson)], 'csv')) as string);
    }
    for (const [f, t] of Object.entries(files)) expect(readFileSync(join(dir, f), 'utf8')).toBe(t);
  });
});
