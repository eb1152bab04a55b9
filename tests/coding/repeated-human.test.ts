/**
 * Human codings that two places give alike were kept twice and counted twice without a word:
 * the same codings file given twice (`--codings a.csv --codings a.csv`: every coding doubled), a
 * codings export that repeats what the inline markers already say. Now the second file is read
 * once, with a warning; repeats across places are kept (neither is the one to drop) and said,
 * with the count and the first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs as qda } from '../helpers/inputs-untouched.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-repeated-human-'));
  mkdirSync(join(dir, 'in'));
  writeFileSync(join(dir, 'in/r1.txt'), 'Interviewer: Hoe werkt de samenwerking?\nAnna: We hebben korte lijntjes met de wijkagent. {{exchange}}\nInterviewer: En verder?\nAnna: We delen informatie via de app.\n');
  writeFileSync(join(dir, 'a.csv'), 'source,turn,code,coder\nr1,4,exchange,human\n');
  writeFileSync(join(dir, 'b.csv'), 'source,turn,code,coder\nr1,2,exchange,human\nr1,4,systems,human\nr1,2,exchange,bram\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const codings = (f: string) => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { sources: Array<{ codings: Array<{ code: string; coder: string }> }> }).sources.flatMap((s) => s.codings);

describe('the same human coding from two places', () => {
  it('a codings file given twice is read once, with a warning', async () => {
    const r = await qda(dir, ['code', 'in', '-c', 'coordination-collaboration', '--no-rules', '--codings', 'a.csv', '--codings', 'a.csv', '-o', 'o1.json'], ['o1.json']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('a.csv: warning: this codings file is given twice: read once (twice, each of its codings would count double) [coding:codings-file-twice]');
    expect(codings('o1.json')).toHaveLength(2); // the marker and a.csv's row, once
  });

  it('a codings file that repeats an inline marker: both kept, said with the count; another coder is no repeat', async () => {
    const r = await qda(dir, ['code', 'in', '-c', 'coordination-collaboration', '--no-rules', '--codings', 'b.csv', '-o', 'o2.json'], ['o2.json']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('b.csv: warning: 1 coding(s) repeat the inline markers (same segment, code and coder; the first: source "r1", segment r1#1, code "exchange" by human): both are kept, so each counts twice where codings are counted [coding:repeated-human-coding]');
    expect(r.err.match(/repeated-human-coding/g)).toHaveLength(1);
    expect(codings('o2.json').map((c) => `${c.code}/${c.coder}`).sort()).toEqual(['exchange/bram', 'exchange/human', 'exchange/human', 'systems/human']);
  });

  it('two files with the same row: said once for the pair, naming both', async () => {
    writeFileSync(join(dir, 'c.csv'), 'source,turn,code,coder\nr1,4,exchange,human\nr1,4,systems,anna\n');
    const r = await qda(dir, ['code', 'in', '-c', 'coordination-collaboration', '--no-rules', '--codings', 'a.csv', '--codings', 'c.csv', '-o', 'o3.json'], ['o3.json', 'c.csv']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('c.csv: warning: 1 coding(s) repeat a.csv (same segment, code and coder; the first: source "r1", segment r1#3, code "exchange" by human)');
    expect(codings('o3.json')).toHaveLength(4);
  });
});
