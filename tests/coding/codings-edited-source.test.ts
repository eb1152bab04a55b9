import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

// a codings document or CSV applied to a source edited since: never re-placed by the old offsets in silence
const before = 'Interviewer: Goedemorgen, welkom bij dit gesprek. Hoe werken jullie samen?\nAnna: We hebben korte lijntjes met de wijkagent. We bellen elkaar "gewoon" als er iets is.\nInterviewer: En verder?\nAnna: We overleggen elke week samen in het team. Dat is fijn.\nInterviewer: Nog iets?\nAnna: Nee, dat was het wel.\n';
const after = before.replace('Goedemorgen, welkom bij dit gesprek. ', '');

function project() {
  const dir = mkdtempSync(join(tmpdir(), 'qda-edited-'));
  writeFileSync(join(dir, 'r1.txt'), before);
  writeFileSync(join(dir, 'c.csv'), 'source,segment,code,coder\nr1,1,exchange,anna\nr1,3,deliberating,anna\n');
  return dir;
}

const rows = (csv: string) => csv.trim().split('\n').slice(1).map((l) => l.split(','));

describe('codings applied to an edited source', () => {
  for (const fmt of ['json', 'csv'] as const) {
    it(`re-anchors the codings of a ${fmt} document by their recorded text and says how many moved`, async () => {
      const dir = project();
      expect(await main(['code', 'r1.txt', '--no-rules', '--codings', 'c.csv', '-o', `made.${fmt}`], memoryIo(dir))).toBe(0);
      writeFileSync(join(dir, 'r1.txt'), after);
      const io = memoryIo(dir);
      expect(await main(['code', 'r1.txt', '--no-rules', '--codings', `made.${fmt}`, '-o', 'out.csv'], io)).toBe(0);
      const out = rows(readFileSync(join(dir, 'out.csv'), 'utf8'));
      // one coding each, on Anna's turns (was: split over three segments, two of them the interviewer's)
      expect(out.map((r) => [r[2], r[4], r[7]])).toEqual([
        ['r1#1', 'respondent', 'exchange'],
        ['r1#3', 'respondent', 'deliberating'],
      ]);
      expect(io.err()).toMatch(/warning: 2 codings of source "r1".* no longer stand at their offsets.*placed where their recorded text stands.*\[coding:codings-moved\]/);
    });
  }

  it('keeps a coding whose recorded text is gone without segment, and says so', async () => {
    const dir = project();
    expect(await main(['code', 'r1.txt', '--no-rules', '--codings', 'c.csv', '-o', 'made.json'], memoryIo(dir))).toBe(0);
    writeFileSync(join(dir, 'r1.txt'), after.replace('korte lijntjes', 'lange lijnen'));
    const io = memoryIo(dir);
    expect(await main(['code', 'r1.txt', '--no-rules', '--codings', 'made.json', '-o', 'out.csv'], io)).toBe(0);
    const out = rows(readFileSync(join(dir, 'out.csv'), 'utf8'));
    expect(out.map((r) => [r[2], r[7]])).toEqual([
      ['', 'exchange'],
      ['r1#3', 'deliberating'],
    ]);
    expect(io.err()).toMatch(/made\.json.*warning: 1 coding of source "r1".*no longer stands at its offsets.*nowhere in the text.*kept without segment.*\[coding:codings-stale\]/);
    expect(io.err()).toMatch(/codings-moved/);
  });

  it('places codings of an unchanged source as before, without a word', async () => {
    const dir = project();
    expect(await main(['code', 'r1.txt', '--no-rules', '--codings', 'c.csv', '-o', 'made.json'], memoryIo(dir))).toBe(0);
    const io = memoryIo(dir);
    expect(await main(['code', 'r1.txt', '--no-rules', '--codings', 'made.json', '-o', 'out.csv'], io)).toBe(0);
    expect(rows(readFileSync(join(dir, 'out.csv'), 'utf8')).map((r) => r[2])).toEqual(['r1#1', 'r1#3']);
    expect(io.err()).not.toMatch(/codings-(moved|stale)/);
  });
});
