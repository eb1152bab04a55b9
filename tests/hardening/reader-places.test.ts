/**
 * Codings read from a file (`qda code --codings FILE`) that cannot be used as written are said
 * with the file AND the place in it (the CSV line, the JSON path, the JSON Lines line) of the
 * first such row, and with their count: a user must be able to go to the row. Each case runs the
 * real command on invented files and checks that the inputs stay byte-identical.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs } from '../helpers/inputs-untouched.js';
import { parseCodingsCsv } from '../../src/ingest/read-codings.js';
import { codingPlace } from '../../src/ingest/coding-places.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-places-'));
  // an invented interview: four turns
  writeFileSync(join(dir, 'r1.txt'), 'I: Hoe loopt de planning?\nR: Goed, we stemmen alles af.\nI: En het budget?\nR: Dat blijft krap.\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('codings of a source not read name the file and line of the first such row', () => {
  it('CSV: the line of the first row and the count', async () => {
    writeFileSync(join(dir, 'c.csv'), 'source,code,segment\nr1,budget,3\nR1,budget,3\nr1,planning,1\nR1,planning,1\nR1,budget,3\n');
    const r = await qdaLeavingInputs(dir, ['code', 'r1.txt', '--codings', 'c.csv', '-o', 'out.json'], ['out.json']);
    expect(r.code).toBe(0);
    // before: 'c.csv: warning: 3 codings for source "R1" match no source read …' (no line)
    expect(r.err).toContain('c.csv:3: warning: 3 codings for source "R1" (first on line 3) match no source read (did you mean "r1"?)');
    // nothing dropped: all five codings are in the output
    const out = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as { sources: Array<{ codings?: unknown[] }>; otherCodings?: unknown[] };
    const n = out.sources.reduce((k, s) => k + (s.codings?.length ?? 0), 0) + (out.otherCodings?.length ?? 0);
    expect(n).toBe(5);
  });

  it('a codings JSON document: the JSON path of the first such coding', async () => {
    const doc = { codings: [
      { sourceId: 'r1', code: 'budget', start: 0, end: 5 },
      { sourceId: 'r9', code: 'budget', start: 0, end: 5 },
      { sourceId: 'r9', code: 'planning', start: 0, end: 5 },
    ] };
    writeFileSync(join(dir, 'c.json'), JSON.stringify(doc, null, 1));
    // (an output of its own: out.json of another test holds that test's codings-file codings, which qda code does not write over)
    const r = await qdaLeavingInputs(dir, ['code', 'r1.txt', '--codings', 'c.json', '-o', 'out-paths.json'], ['out-paths.json']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('c.json (/codings/1): warning: 2 codings for source "r9" (first at /codings/1) match no source read');
  });

  it('the reader keeps each CSV row\'s line beside its coding (after blank lines and a quoted line break)', () => {
    const doc = parseCodingsCsv('source,code,text\n\nr1,a,"twee\nregels"\nr1,b,x\n', 'c.csv');
    expect(doc.codings.map((c) => codingPlace(c)?.line)).toEqual([3, 5]);
  });
});

describe('codings of a source read that land in no segment are said, with the line', () => {
  it('offsets past the end of the text and turns the source does not have', async () => {
    writeFileSync(join(dir, 'off.csv'), 'source,code,start,end\nr1,budget,10,20\nr1,budget,400,420\nr1,planning,500,501\n');
    writeFileSync(join(dir, 'turn.csv'), 'source,code,turn\nr1,budget,2\nr1,budget,12\n');
    // (an output of its own: out.json holds the first test's codings, as many per coder but of other codes, which qda code does not write over)
    const r = await qdaLeavingInputs(dir, ['code', 'r1.txt', '--codings', 'off.csv', '--codings', 'turn.csv', '-o', 'out-off.json'], ['out-off.json']);
    expect(r.code).toBe(0);
    // before: nothing said; the codings sat in no segment (not counted by speaker, role or segment)
    expect(r.err).toContain('off.csv:3: warning: 2 codings of source "r1" (first on line 3) name offsets past the end of its text (');
    expect(r.err).toContain('turn.csv:3: warning: 1 coding of source "r1" (on line 3) names a turn it does not have ("12")');
    expect(r.err).toContain('[coding:codings-not-placed]');
    // (line 2 codes the interviewer's question: placed, and said as such since session 22, nothing else)
    expect(r.err).toContain('off.csv:2: warning: 1 coding is on interviewer turns: source "r1": 1 (line 2; r1#0)');
    expect(r.err.split('\n').filter((l) => /off\.csv:2:/.test(l) && !l.includes('[coding:codings-on-interviewer-turns]'))).toEqual([]);
  });
});
