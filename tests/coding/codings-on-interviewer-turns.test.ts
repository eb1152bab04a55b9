import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

// r1#0 Interviewer, r1#1 Sanne, r1#2 Interviewer, r1#3 Sanne
const text = 'Interviewer: Wie helpt er mee in de tuin?\nSanne: De buren komen op zaterdag, dat geeft vertrouwen.\nInterviewer: En de gemeente?\nSanne: Die zien we bijna nooit.\n';

describe('codings of a --codings file on interviewer turns', () => {
  it('are said where they are read (qda code), with the lines and segments, once for the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-ivcod-'));
    writeFileSync(join(dir, 'r1.txt'), text);
    writeFileSync(join(dir, 'r2.txt'), text.replace(/Sanne/g, 'Joost'));
    writeFileSync(join(dir, 'c.csv'), 'source,segment,code,coder\nr1,r1#0,hulp,fem\nr1,r1#1,hulp,fem\nr1,r1#2,gemeente,fem\nr2,r2#3,gemeente,fem\nr2,r2#0,hulp,fem\n');
    const io = memoryIo(dir);
    expect(await main(['code', 'r1.txt', 'r2.txt', '--no-rules', '--codings', 'c.csv', '-o', 'out.json'], io)).toBe(0);
    const err = io.err();
    expect(err).toMatch(/c\.csv:2: warning: 3 codings are on interviewer turns: source "r1": 2 \(lines 2, 4; r1#0, r1#2\); source "r2": 1 \(line 6; r2#0\); kept as codings of those turns, but left out of every respondent measure.*\[coding:codings-on-interviewer-turns\]/);
    expect(err.match(/codings-on-interviewer-turns/g)).toHaveLength(1);
  });

  it('says nothing when every coding is on a respondent turn', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-ivcod-'));
    writeFileSync(join(dir, 'r1.txt'), text);
    writeFileSync(join(dir, 'c.csv'), 'source,segment,code,coder\nr1,r1#1,hulp,fem\nr1,r1#3,gemeente,fem\n');
    const io = memoryIo(dir);
    expect(await main(['code', 'r1.txt', '--no-rules', '--codings', 'c.csv', '-o', 'out.json'], io)).toBe(0);
    expect(io.err()).not.toMatch(/interviewer turns/);
  });
});
