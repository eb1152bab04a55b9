import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

/**
 * One response counted twice: a Google Forms export (a time stamp, no respondent id) with a row
 * pasted twice, a data file given twice, a Qualtrics ResponseId on two rows. Each row counted as a
 * respondent (n and means) without a word.
 */
const FORMS = `Tijdstempel,Groep,Q1,Q2
2024/03/01 10:00:01,a,3,4
2024/03/01 10:00:01,a,3,4
2024/03/01 10:05:00,a,2,2
2024/03/01 11:00:00,b,1,1
2024/03/01 11:00:00,b,1,1
2024/03/01 12:00:00,b,0,2
`;
const QUALTRICS = `ResponseId,Groep,Q1,Q2
R_1,a,3,4
R_2,a,2,2
R_1,a,3,4
R_3,b,1,1
R_4,b,0,2
`;
const SPEC = 'group: Groep\nscale: 0..4\ndimensions:\n  d: [Q1, Q2]\n';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-survey-rows-'));
  writeFileSync(join(dir, 'forms.csv'), FORMS);
  writeFileSync(join(dir, 'qualtrics.csv'), QUALTRICS);
  writeFileSync(join(dir, 'spec.yaml'), SPEC);
});

async function survey(...args: string[]) {
  const io = memoryIo(dir);
  const code = await main(['survey', ...args, '--spec', 'spec.yaml', '-f', 'md'], io);
  return { code, out: io.out(), err: io.err() };
}

describe('survey: a response on two rows is said', () => {
  it('rows alike in every column, time stamp too, are named with their lines', async () => {
    const before = readFileSync(join(dir, 'forms.csv'));
    const r = await survey('forms.csv');
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('forms.csv:3: warning: 2 rows are the same as a row before in every column (Tijdstempel too), and each counts as a respondent: forms.csv:2 = forms.csv:3; forms.csv:5 = forms.csv:6 [analysis:identical-rows]');
    expect(readFileSync(join(dir, 'forms.csv')).equals(before)).toBe(true);
  });

  it('rows alike only in the group and the answers are not said (two respondents may answer alike)', async () => {
    writeFileSync(join(dir, 'plain.csv'), 'Groep,Q1,Q2\na,3,4\na,3,4\nb,1,1\n');
    const r = await survey('plain.csv');
    expect(r.code, r.err).toBe(0);
    expect(r.err).not.toContain('identical-rows');
  });

  it('a data file given twice is read once and said', async () => {
    const r = await survey('forms.csv', './forms.csv');
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('forms.csv: warning: given twice (also as forms.csv): read once, so that its respondents count once [ingest:same-file-twice]');
    // n per group as in the file once: 3 and 3
    expect(r.out).toMatch(/\| d \| Q1, Q2 \| 3 \| 3 \| [^|]+\| [^|]+\| [^|]+\| 3 \| 1 \|/);
  });

  it("a Qualtrics ResponseId is the respondent id: one on two rows is said", async () => {
    const r = await survey('qualtrics.csv');
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('1 respondent id(s) in "ResponseId" are on more than one row, and each row counts as a respondent: R_1 (qualtrics.csv:2, qualtrics.csv:4)');
  });
});
