/**
 * A respondent whose only coding lies on the interviewer's turn (a marker in the question) stays in
 * N when the codings go through a flat CSV. Before: the CSV had only the interviewer row for it, so
 * the reader took its id for a stray and every N counted from the CSV was one smaller than from the
 * JSON document (group B: N=3, beta 2 of 3, against N=4, 2 of 4), and the warning told the user to
 * correct a role that was right.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qda-ivonly-'));
  // invented: r1 and r2 answer with a code; r3's only code is a marker on the interviewer's question
  writeFileSync(join(dir, 'r1.txt'), 'Interviewer: Hoe werkt u samen?\nAnna: We overleggen elke week. {{samenwerking}}\n');
  writeFileSync(join(dir, 'r2.txt'), 'Interviewer: Hoe werkt u samen?\nBert: Ik stuur berichten door. {{informeren}}\n');
  writeFileSync(join(dir, 'r3.txt'), 'Interviewer: Werkt u samen met de buurtagent? {{samenwerking}}\nCor: Nee hoor.\n');
  writeFileSync(join(dir, 'cases.csv'), 'source,group\nr1,a\nr2,b\nr3,b\n');
  const base = ['code', 'r1.txt', 'r2.txt', 'r3.txt', '-c', 'coordination-collaboration', '--no-rules', '--cases', 'cases.csv'];
  for (const out of ['c.json', 'c.csv']) expect((await qda(...base, '-o', out)).code).toBe(0);
  expect((await qda('run', 'c.json', '-o', 'runout')).code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const groupNs = (md: string) => [...md.matchAll(/\b(\w+): respondents \(N=(\d+)\)/g)].map((m) => `${m[1]}=${m[2]}`);

describe('a respondent coded only on the interviewer\'s turn survives the flat CSV', () => {
  it('qda code -o x.csv and qda run write the row with an empty code after its interviewer row', () => {
    for (const f of ['c.csv', 'runout/codings.csv']) {
      const lines = readFileSync(join(dir, f), 'utf8').split('\n').filter((l) => l.startsWith('r3,'));
      expect(lines, f).toHaveLength(2);
      expect(lines[0], f).toContain(',interviewer,');
      expect(lines[1], f).toBe('r3,r3,b,,,,,,,,,,,,,,,,');
    }
  });

  it('JSON → CSV → compare: the same N as from the JSON (was b=1), and no warning to correct the role', async () => {
    const fromJson = await qda('compare', 'c.json', '--by', 'group');
    expect(groupNs(fromJson.out)).toEqual(['a=1', 'b=2']);
    for (const f of ['c.csv', 'runout/codings.csv']) {
      const r = await qda('compare', f, '--by', 'group');
      expect(r.code, r.err).toBe(0);
      expect(groupNs(r.out), f).toEqual(['a=1', 'b=2']);
      expect(r.err, f).not.toContain('interviewer-only-id');
      expect(r.out, f).not.toContain('Not counted as respondents');
    }
  });

  it('without that row (an older or hand-made CSV) the id is still named, and the hint says how to keep a respondent in N', () => {
    const diags: Diagnostic[] = [];
    const doc = parseCodingsCsv('source,code,segment,role\nr1,X,r1#1,respondent\nr3,X,r3#0,interviewer\n', 'h.csv', (d) => diags.push(d));
    expect(doc.segments.filter((g) => g.sourceId === 'r3').map((g) => g.role)).toEqual(['interviewer']);
    const d = diags.find((x) => x.ruleId === 'interviewer-only-id')!;
    expect(d.message).toContain('"r3" (line 3)');
    expect(d.hint).toMatch(/add a row with its source \(case and attributes\) and an empty code/);
    // with the row: an empty respondent turn of its own, no warning
    const diags2: Diagnostic[] = [];
    const doc2 = parseCodingsCsv('source,code,segment,role\nr1,X,r1#1,respondent\nr3,X,r3#0,interviewer\nr3,,,\n', 'h.csv', (d) => diags2.push(d));
    expect(doc2.segments.filter((g) => g.sourceId === 'r3').map((g) => g.role)).toEqual(['interviewer', 'respondent']);
    expect(diags2.map((x) => x.ruleId)).not.toContain('interviewer-only-id');
  });
});
