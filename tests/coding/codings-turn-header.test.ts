import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

// turns from 1: turn 2 is Anna's first answer (r1#1), turn 4 her second (r1#3)
const text = 'Interviewer: Hoe werken jullie samen?\nAnna: We hebben korte lijntjes met de wijkagent.\nInterviewer: En verder?\nAnna: We overleggen elke week samen in het team.\n';
const utf16 = (s: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);

describe('a codings CSV with a turn column', () => {
  const cases: Array<[string, string | Buffer]> = [
    ['plain header', 'source,turn,code,coder\nr1,2,exchange,anna\nr1,4,deliberating,anna\n'],
    ['quoted header', '"source","turn","code","coder"\nr1,2,exchange,anna\nr1,4,deliberating,anna\n'],
    ['UTF-16 file', utf16('source;turn;code;coder\r\nr1;2;exchange;anna\r\nr1;4;deliberating;anna\r\n')],
    ['byte order mark and quoted header', '\ufeff"Source";"Turn";"Code";"Coder"\nr1;2;exchange;anna\nr1;4;deliberating;anna\n'],
  ];
  for (const [name, csv] of cases) {
    it(`numbers turns from 1 (${name})`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'qda-turn-'));
      writeFileSync(join(dir, 'r1.txt'), text);
      writeFileSync(join(dir, 'c.csv'), csv);
      const io = memoryIo(dir);
      expect(await main(['code', 'r1.txt', '--no-rules', '--codings', 'c.csv', '-o', 'out.csv'], io)).toBe(0);
      const out = readFileSync(join(dir, 'out.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
      expect(out.map((r) => [r[2], r[4], r[7]])).toEqual([
        ['r1#1', 'respondent', 'exchange'],
        ['r1#3', 'respondent', 'deliberating'],
      ]);
    });
  }
});
