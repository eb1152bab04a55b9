/**
 * A questionnaire table's own columns (group, age, …) are per row: each answer's codings carry its
 * row's values, so `qda matrix --cols group` and `qda compare --by group` group by them (they said
 * "the sources carry no attributes"), and N counts every answer under its row's value, coded or
 * not (a group whose answers have no coding keeps its column).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

let work: string;
async function qda(args: string[]) {
  const io = memoryIo(work);
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'qda-survey-rows-'));
  writeFileSync(
    join(work, 'a.csv'),
    'respondent,group,age,antwoord\nr1,jeugd,23,We vertrouwen elkaar echt.\nr2,wijkteam,45,Geen vertrouwen in hen.\nr3,jeugd,31,Een gezamenlijk doel hebben we.\nr4,wijkteam,52,Vertrouwen is er wel.\nr5,jeugd,40,Geen idee eigenlijk.\nr6,buurt,33,Weet ik niet.\n',
  );
  expect((await qda(['code', 'a.csv', '-c', 'kaats-opheij', '-o', 'a.json'])).code).toBe(0);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("a questionnaire table's per-row columns", () => {
  it('compare --by group: the rows\' groups, N of every answer (coded or not)', async () => {
    const r = await qda(['compare', 'a.json', '--by', 'group', '--format', 'csv']);
    expect(r.code, r.err).toBe(0);
    const head = r.out.split('\n')[0];
    expect(head).toMatch(/buurt: respondents \(N=1\)/);
    expect(head).toMatch(/jeugd: respondents \(N=3\)/);
    expect(head).toMatch(/wijkteam: respondents \(N=2\)/);
    // trust: r1 (jeugd), r2 and r4 (wijkteam)
    expect(r.out.split('\n').find((l) => l.startsWith('relatie-vertrouwen,'))).toMatch(/,1 of 1 \(jeugd\)|0 of 1 \(buurt\) vs 1 of 3 \(jeugd\) vs 2 of 2 \(wijkteam\)/);
  });
  it('matrix --cols group --measure respondents: N per group and in all', async () => {
    const r = await qda(['matrix', 'a.json', '--cols', 'group', '--measure', 'respondents', '--format', 'csv']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/\n,N respondents,1,3,2,6\n/);
  });
});

describe("a questionnaire table's per-row columns in the CSV of qda code", () => {
  it('are written (one column each, with a kind column and a row for each answer without codings) and read back to the same matrix as the JSON', async () => {
    const { readFileSync } = await import('node:fs');
    const before = readFileSync(join(work, 'a.csv'));
    expect((await qda(['code', 'a.csv', '-c', 'kaats-opheij', '--format', 'csv', '-o', 'a.out.csv'])).code).toBe(0);
    const csv = readFileSync(join(work, 'a.out.csv'), 'utf8');
    expect(csv.split('\n')[0]).toBe('source,case,kind,age,group,segment,speaker,role,start,end,code,code_name,coder,score,evidence,id,link,relation,verdict,text,segment_text');
    // r5 and r6 have no coding: a row each, with their answers' group
    expect(csv).toContain('\na,a,survey,40,jeugd,a#4,r5,respondent,');
    expect(csv).toContain('\na,a,survey,33,buurt,a#5,r6,respondent,');
    // the same file on standard output
    const stdout = await qda(['code', 'a.csv', '-c', 'kaats-opheij', '--format', 'csv']);
    expect(stdout.out).toBe(csv);
    for (const cols of ['group', 'age']) {
      for (const measure of ['respondents', 'uses', 'sources']) {
        const fromJson = await qda(['matrix', 'a.json', '--cols', cols, '--measure', measure, '--format', 'csv']);
        const fromCsv = await qda(['matrix', 'a.out.csv', '-c', 'kaats-opheij', '--cols', cols, '--measure', measure, '--format', 'csv']);
        expect(fromCsv.code, fromCsv.err).toBe(0);
        expect(fromCsv.out, `${cols} ${measure}`).toBe(fromJson.out);
      }
    }
    const r = await qda(['matrix', 'a.out.csv', '--cols', 'group', '--measure', 'respondents', '--format', 'csv']);
    expect(r.out).toMatch(/\n,N respondents,1,3,2,6\n/);
    expect(r.err).toContain('a.out.csv:6: info: 2 row(s) of questionnaire sources (kind survey) have a segment and an empty code: read as answers without codings (counted in N under their rows\' values): "a" (2 rows, lines 6–7)');
    expect(readFileSync(join(work, 'a.csv')).equals(before)).toBe(true);
  });
});
