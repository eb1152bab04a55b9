/**
 * One case interviewed alone and in a group conversation (Piet alone; then Piet and Marie): the
 * group's respondents are its speakers, so the one of the interview alone is keyed by its speaker
 * too, and Piet is one respondent in N (he was counted twice: as the case and as a speaker). When
 * the interview alone names no speaker the group has (`R:`), N counts them apart: said in a note.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

let work: string;
const BOOK = `id: fruit\nname: {nl: Fruit, en: Fruit}\nlanguage: nl\ncodes:\n  - id: appel\n    name: {nl: Appel, en: Apple}\n    rules:\n      - keywords: {nl: [appel]}\n  - id: banaan\n    name: {nl: Banaan, en: Banana}\n    rules:\n      - keywords: {nl: [banaan]}\n`;
async function qda(args: string[], dir: string) {
  const io = memoryIo(dir);
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}
function project(name: string, aloneLabel: string): string {
  const dir = join(work, name);
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'book.yaml'), BOOK);
  writeFileSync(join(dir, 'cases.csv'), 'source,case,group\ns1,C1,A\ns2,C1,A\ns3,C3,A\n');
  writeFileSync(join(dir, 'src/s1.txt'), `Interviewer: Wat eet u?\n${aloneLabel}: Ik eet een appel.\n`);
  writeFileSync(join(dir, 'src/s2.txt'), 'Interviewer: Wat eet u?\nPiet: Een appel.\nMarie: Een banaan.\nPiet: Nog een appel.\nMarie: Nog een banaan.\n');
  writeFileSync(join(dir, 'src/s3.txt'), 'Interviewer: Wat eet u?\nAnn: Niets.\n');
  return dir;
}
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'qda-alone-group-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a case alone and in a group conversation', () => {
  it('the same name: one respondent (N = 3: Piet, Marie, Ann), apple 1 of 3', async () => {
    const dir = project('same', 'Piet');
    expect((await qda(['code', 'src', '-c', 'book.yaml', '--cases', 'cases.csv', '-o', 'c.json'], dir)).code).toBe(0);
    const r = await qda(['compare', 'c.json', '--by', 'group', '--format', 'csv'], dir);
    expect(r.code, r.err).toBe(0);
    const row = (code: string) => r.out.split('\n').find((l) => l.startsWith(code + ','))!;
    expect(r.out).toMatch(/A: respondents \(N=3\)/);
    expect(row('appel')).toMatch(/^appel,Apple,\d+,1,33\.3/);
    const m = await qda(['matrix', 'c.json', '--cols', 'group', '--measure', 'respondents', '--format', 'csv'], dir);
    expect(m.out).toMatch(/\n,N respondents,3,3\n/);
    expect(r.out + r.err).not.toMatch(/not named like any speaker/);
  });
  it('a speaker label that is no name (R:): counted apart, and said', async () => {
    const dir = project('other', 'R');
    expect((await qda(['code', 'src', '-c', 'book.yaml', '--cases', 'cases.csv', '-o', 'c.json'], dir)).code).toBe(0);
    const r = await qda(['compare', 'c.json', '--by', 'group'], dir);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/A: respondents \(N=4\)/);
    expect(r.out).toMatch(/1 case\(s\) have an interview with one respondent and a group conversation, and the respondent of the first is not named like any speaker of the second, so N counts them as different people: C1: s1 \("R"\) beside s2 \(Marie, Piet\)/);
  });
});
