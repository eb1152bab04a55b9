import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

// r1#0 Interviewer, r1#1 Anna 44–128, r1#2 Interviewer 142–152, r1#3 Anna 159–239, r1#4 Interviewer, r1#5 Anna 269–290
const text = 'Interviewer: Hoe werken jullie samen?\nAnna: We hebben korte lijntjes met de wijkagent. We bellen elkaar "gewoon" als er iets is.\nInterviewer: En verder?\nAnna: We overleggen elke week samen in het team. Dat is fijn – echt waar… zeker weten.\nInterviewer: Nog iets?\nAnna: Nee, dat was het wel.\n';

describe('imported codings whose offsets cover several segments or run past the text', () => {
  it('says a coding split over segments (with the line and the segments) and one clipped at the end', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-spread-'));
    writeFileSync(join(dir, 'r1.txt'), text);
    writeFileSync(join(dir, 'c.csv'), 'source,start,end,code,coder\nr1,100,170,exchange,cees\nr1,269,400,deliberating,cees\nr1,44,60,trust,cees\n');
    const io = memoryIo(dir);
    expect(await main(['code', 'r1.txt', '--no-rules', '--codings', 'c.csv', '-o', 'out.csv'], io)).toBe(0);
    const out = readFileSync(join(dir, 'out.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    // (kept as before: one piece per segment, the clipped one to the end)
    expect(out.map((r) => [r[2], r[5], r[6], r[7]])).toEqual([
      ['r1#1', '44', '60', 'trust'],
      ['r1#1', '100', '128', 'exchange'],
      ['r1#2', '142', '152', 'exchange'],
      ['r1#3', '159', '170', 'exchange'],
      ['r1#5', '269', '290', 'deliberating'],
    ]);
    const err = io.err();
    expect(err).toMatch(/c\.csv:2: warning: 1 coding codes a passage of source "r1" that covers more than one segment \(line 2: r1#1, r1#2 \(interviewer\), r1#3\): coded on each segment, 3 codings in all, 1 of them on interviewer turns.*\[coding:codings-passage-spread\]/);
    expect(err).toMatch(/c\.csv:3: warning: 1 coding of source "r1" runs past the end of its text \(291 characters\) \(line 3: 269–400\): clipped to the end of the text \[coding:codings-offsets-clipped\]/);
    expect(err).not.toMatch(/line 4/);
  });
});
