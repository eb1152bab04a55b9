/**
 * Two leftovers of the survey tables (invented data):
 * - dimensions on different scales (0..4 and 1..7): the note said "Scores on the items' scale (0–4,
 *   midpoint 2; 1–7, midpoint 4)", one scale in words and two in the list, without saying which
 *   dimension is on which, and a loose item on a third scale was nowhere. Now each dimension's and
 *   item's scale is a column "Scale" when they differ (Dutch: "Schaal"), and the note says so.
 * - a survey's `naam` / `deelnemer` column was not read as the respondent id: its rows were "row N",
 *   and one name on two rows counted as two respondents without a word. Now it is the id, and the
 *   name on two rows is said (duplicate-respondent). Both fail on the old code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-survey-scales-'));
  writeFileSync(join(dir, 's.csv'), 'respondent,groep,A,B,C\nr1,x,1,5,2\nr2,x,2,4,3\nr3,y,3,1,4\nr4,y,4,2,1\n');
  writeFileSync(join(dir, 's.yaml'), 'group: groep\nscale: 0..4\nitems:\n  B: {scale: 1..7}\n  C: {scale: 1..5}\ndimensions:\n  d1: {items: [A]}\n  d2: {items: [B]}\n');
  writeFileSync(join(dir, 'one.yaml'), 'group: groep\nscale: 0..4\ndimensions:\n  d1: {items: [A]}\n');
  writeFileSync(join(dir, 'n.csv'), 'naam,groep,A\nAnna,x,1\nBen,x,?\nAnna,y,3\nDirk,y,4\n');
  writeFileSync(join(dir, 'd.csv'), 'deelnemer;groep;A\nP1;x;1\nP1;y;3\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('survey tables on several scales', () => {
  it('show each dimension\'s and item\'s scale in a column, in English and Dutch', async () => {
    let io = memoryIo(dir);
    expect(await main(['survey', 's.csv', '--spec', 's.yaml'], io), io.err()).toBe(0);
    expect(io.out()).toContain('| Dimension | Items | Scale | x: n |');
    expect(io.out()).toContain('| d2 | B | 1–7 (midpoint 4) | 2 |');
    expect(io.out()).toContain('| (no dimension) | C | C | 1–5 (midpoint 3) |');
    expect(io.out()).toContain('Scores on each dimension\'s own scale (column "Scale";');
    expect(io.out()).not.toContain("items' scale (0–4, midpoint 2; 1–7");
    io = memoryIo(dir);
    expect(await main(['survey', 's.csv', '--spec', 's.yaml', '--lang', 'nl'], io), io.err()).toBe(0);
    expect(io.out()).toContain('| d2 | B | 1–7 (midden 4) |');
    expect(io.out()).toContain('Scores op de eigen schaal van elke dimensie (kolom "Schaal";');
  });

  it('one scale: the note as before, no column', async () => {
    const io = memoryIo(dir);
    expect(await main(['survey', 's.csv', '--spec', 'one.yaml'], io), io.err()).toBe(0);
    expect(io.out()).toContain("Scores on the items' scale (0–4, midpoint 2).");
    expect(io.out()).not.toContain('| Scale |');
  });
});

describe('a survey\'s naam or deelnemer column', () => {
  it('is the respondent id: rows named by it, one name on two rows said', async () => {
    let io = memoryIo(dir);
    expect(await main(['survey', 'n.csv', '--spec', 'one.yaml'], io)).toBe(2);
    expect(io.err()).toContain('row 2 (respondent Ben), column "A"');
    io = memoryIo(dir);
    expect(await main(['survey', 'n.csv', '--spec', 'one.yaml', '--lenient'], io)).toBe(0);
    expect(io.err()).toContain('n.csv:4: warning: 1 respondent id(s) in "naam" are on more than one row, and each row counts as a respondent: Anna (n.csv:2, n.csv:4) [analysis:duplicate-respondent]');
    expect(io.err()).not.toContain('not used): naam');
    io = memoryIo(dir);
    expect(await main(['survey', 'd.csv', '--spec', 'one.yaml'], io)).toBe(0);
    expect(io.err()).toContain('in "deelnemer" are on more than one row');
  });
});
