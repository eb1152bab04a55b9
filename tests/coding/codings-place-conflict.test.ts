import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

// r1#0 Interviewer, r1#1 Anna 44–128, r1#2 Interviewer 142–152, r1#3 Anna 159–239, r1#4 Interviewer, r1#5 Anna 269–290
const text = 'Interviewer: Hoe werken jullie samen?\nAnna: We hebben korte lijntjes met de wijkagent. We bellen elkaar "gewoon" als er iets is.\nInterviewer: En verder?\nAnna: We overleggen elke week samen in het team. Dat is fijn – echt waar… zeker weten.\nInterviewer: Nog iets?\nAnna: Nee, dat was het wel.\n';

async function run(csv: string) {
  const dir = mkdtempSync(join(tmpdir(), 'qda-conflict-'));
  writeFileSync(join(dir, 'r1.txt'), text);
  writeFileSync(join(dir, 'c.csv'), csv);
  const io = memoryIo(dir);
  expect(await main(['code', 'r1.txt', '--no-rules', '--codings', 'c.csv', '-o', 'out.csv'], io)).toBe(0);
  const out = readFileSync(join(dir, 'out.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  return { out, err: io.err() };
}

describe('a codings row whose place columns disagree', () => {
  it('a segment and a quote that stands in another segment: placed by the segment, said with where the quote stands', async () => {
    const { out, err } = await run('source,segment,code,coder,text\nr1,1,exchange,anna,We overleggen elke week\nr1,1,trust,anna,korte lijntjes\n');
    expect(out.map((r) => [r[2], r[7]])).toEqual([
      ['r1#1', 'exchange'],
      ['r1#1', 'trust'],
    ]);
    expect(err).toMatch(/c\.csv:2: warning: 1 coding of source "r1" gives a segment or turn that does not hold its quote \(text column\): line 2: segment "1" is 44–128, its quote stands in r1#3 \(159–182\); placed by the segment column \[coding:codings-place-conflict\]/);
    expect(err).not.toMatch(/line 3/);
  });

  it('offsets and a quote from elsewhere: placed where the quote stands, said with the column used', async () => {
    const { out, err } = await run('source,start,end,code,coder,text\nr1,44,60,exchange,anna,We overleggen elke week\n');
    expect(out.map((r) => [r[2], r[5], r[6]])).toEqual([['r1#3', '159', '182']]);
    expect(err).toMatch(/c\.csv:2: warning: 1 coding of source "r1" \(line 2\) no longer stands at its offsets: the text column holds other words than those at start\/end.*not by its start\/end: line 2: 44–60 → 159–182 \(r1#3\) \[coding:codings-moved\]/);
  });
});
