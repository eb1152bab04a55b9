/**
 * A source without codings (a respondent who said nothing codable) stays in N when the codings go
 * through a flat CSV: qda code and qda run write one row with an empty code for it, and the reader
 * reads that row as a source with zero codings. Before: the CSV had no row for it, so every N
 * counted from the CSV (group N, "k of N respondents", sources in the saturation curve) was
 * smaller than from the JSON document, without a word.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { parseCodingsCsv } from '../../src/ingest/read-codings.js';
import type { Diagnostic } from '../../src/model/types.js';

let dir: string;
async function qda(...args: string[]) {
  const io = memoryIo(dir);
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}
const turns = (who: string, a: string, b: string) => `Interviewer: Hoe werkt u samen?\n${who}: ${a}\nInterviewer: En verder?\n${who}: ${b}\n`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qda-uncoded-'));
  mkdirSync(join(dir, 'wijk'));
  mkdirSync(join(dir, 'jong'));
  // invented: r2 and r4 say nothing that is coded
  writeFileSync(join(dir, 'wijk/r1.txt'), turns('Anna', 'We overleggen elke week met de buurtagent. {{samenwerking}}', 'Verder niets.'));
  writeFileSync(join(dir, 'wijk/r2.txt'), turns('Bert', 'Dat weet ik niet goed.', 'Nee.'));
  writeFileSync(join(dir, 'jong/r3.txt'), turns('Cor', 'Ik stuur berichten door. {{informeren}}', 'Dat is alles.'));
  writeFileSync(join(dir, 'jong/r4.txt'), turns('Dirk', 'Geen idee eigenlijk.', 'Nee hoor.'));
  writeFileSync(join(dir, 'cases.csv'), 'source,group\nwijk/r1.txt,wijk\nwijk/r2.txt,wijk\njong/r3.txt,jong\njong/r4.txt,jong\n');
  const base = ['code', 'wijk', 'jong', '-c', 'coordination-collaboration', '--no-rules', '--cases', 'cases.csv'];
  for (const out of ['c.json', 'c.csv']) expect((await qda(...base, '-o', out)).code).toBe(0);
  // (qda run writes codings.csv through codingsTable, the in-memory path)
  expect((await qda('run', 'c.json', '-o', 'runout')).code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const groupNs = (md: string) => [...md.matchAll(/\b(\w+): respondents \(N=(\d+)\)/g)].map((m) => `${m[1]}=${m[2]}`);
const satSources = (md: string) => /\| all sources \| (\d+) \|/.exec(md)?.[1];

describe('sources without codings survive the flat CSV', () => {
  it('qda code -o x.csv and qda run write one row with an empty code per source without codings, in source order', () => {
    for (const f of ['c.csv', 'runout/codings.csv']) {
      const lines = readFileSync(join(dir, f), 'utf8').split('\n').filter((l) => /^r\d,/.test(l));
      expect(lines.map((l) => l.split(',')[0]), f).toEqual(['r1', 'r2', 'r3', 'r4']);
      expect(lines[1], f).toBe('r2,r2,wijk,,,,,,,,,,,,,,,,');
      expect(lines[3], f).toBe('r4,r4,jong,,,,,,,,,,,,,,,,');
    }
  });

  it('JSON → CSV → compare, saturation: the same N as from the JSON (was N=1 per group and 2 sources)', async () => {
    const fromJson = await qda('compare', 'c.json', '--by', 'group');
    expect(groupNs(fromJson.out)).toEqual(['jong=2', 'wijk=2']);
    for (const f of ['c.csv', 'runout/codings.csv']) {
      const r = await qda('compare', f, '--by', 'group');
      expect(r.code, r.err).toBe(0);
      expect(groupNs(r.out), f).toEqual(groupNs(fromJson.out));
      // the reader says what it read those rows as
      expect(r.err).toContain('2 source(s) have a row with an empty code and no codings: read as sources without codings (counted in N): "r2" (line 3), "r4" (line 5) [ingest:sources-without-codings]');
    }
    const satJson = await qda('saturation', 'c.json');
    const satCsv = await qda('saturation', 'c.csv');
    expect(satSources(satJson.out)).toBe('4');
    expect(satSources(satCsv.out)).toBe('4');
  });

  it('a CSV written by an older version (no such rows) is still read as before', async () => {
    const old = readFileSync(join(dir, 'c.csv'), 'utf8').split('\n').filter((l) => !l.endsWith(',,,,,,,,,,,,,,,,')).join('\n');
    writeFileSync(join(dir, 'old.csv'), old);
    const r = await qda('compare', 'old.csv', '--by', 'group');
    expect(r.code, r.err).toBe(0);
    expect(groupNs(r.out)).toEqual(['jong=1', 'wijk=1']);
    expect(r.err).not.toContain('sources-without-codings');
  });

  it('the row keeps the source\'s case and attributes; a row with an empty code that carries a coding is still an error', () => {
    const diags: Diagnostic[] = [];
    const doc = parseCodingsCsv('source,case,group,code,text\nR1,p1,a,X,iets\nR2,p2,b,,\n', 'h.csv', (d) => diags.push(d));
    expect(doc.sources.map((s) => [s.id, s.case, s.attributes.group])).toEqual([['R1', 'p1', 'a'], ['R2', 'p2', 'b']]);
    expect(doc.codings.map((c) => c.sourceId)).toEqual(['R1']);
    expect(diags.map((d) => d.ruleId)).toContain('sources-without-codings');
    // a quote without its code: the code was forgotten
    expect(() => parseCodingsCsv('source,code,text\nR1,X,iets\nR2,,een citaat\n', 'h.csv')).toThrow(/h\.csv:3: error: row has an empty code/);
    // a code cell of only invisible characters: a forgotten code, not a source without codings
    expect(() => parseCodingsCsv('source,code\nR1,\u200b\n', 'h.csv')).toThrow(/row has an empty code/);
    // a source with codings and an extra empty row: nothing to report, its codings count
    const both = parseCodingsCsv('source,code\nR1,X\nR1,\n', 'h.csv', (d) => diags.push(d));
    expect(both.codings).toHaveLength(1);
    expect(both.sources.map((s) => s.id)).toEqual(['R1']);
  });
});

describe('a segment belongs to the source of its row', () => {
  it('"r1#1" on a row of r2 is r2\'s own segment with that row\'s role (before: r2\'s coding was put in r1\'s interviewer turn and set aside)', () => {
    const diags: Diagnostic[] = [];
    const doc = parseCodingsCsv('source,code,segment,role,speaker\nr1,A,r1#1,interviewer,Int\nr2,B,r1#1,respondent,Bert\n', 's.csv', (d) => diags.push(d));
    const c = doc.codings.find((x) => x.sourceId === 'r2')!;
    const seg = doc.segments.find((g) => g.id === c.segmentId)!;
    expect(seg.sourceId).toBe('r2');
    expect(seg.role).toBe('respondent');
    expect(seg.speaker).toBe('Bert');
    // qdakit's own segment ids are kept as written
    expect(doc.codings.find((x) => x.sourceId === 'r1')!.segmentId).toBe('r1#1');
    expect(diags.map((d) => d.message).join('\n')).not.toContain('"r2"');
  });
});
