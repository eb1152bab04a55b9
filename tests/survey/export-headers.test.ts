import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { readSurveyTable } from '../../src/ingest/read-survey.js';

/**
 * Questionnaire exports as the tools write them: Qualtrics puts a row of question texts and a row
 * of import ids under the header (with --lenient they became respondents in groups of their own,
 * "Welk team?" and {"ImportId":"QID2"}; without it, errors on cells that are no answers); Excel
 * writes "sep=;" above the header of a CSV (read as the header: every row had too many values).
 */
const QUALTRICS = `ResponseId,Groep,Q1_1,Q1_2
"Response ID","Welk team?","Ik krijg informatie - Stelling 1","Stelling 2"
"{""ImportId"":""_recordId""}","{""ImportId"":""QID2""}","{""ImportId"":""QID1_1""}","{""ImportId"":""QID1_2""}"
R_1,a,3,4
R_2,a,2,
R_3,b,1,1
R_4,b,0,2
`;
const SPEC = 'group: Groep\nscale: 0..4\ndimensions:\n  d: [Q1_1, Q1_2]\n';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-survey-exports-'));
  writeFileSync(join(dir, 'qualtrics.csv'), QUALTRICS);
  writeFileSync(join(dir, 'excel.csv'), 'sep=;\r\nrespondent;Groep;Q1_1;Q1_2\r\nr1;a;3;4\r\nr2;b;1;1\r\n');
  writeFileSync(join(dir, 'spec.yaml'), SPEC);
});

describe('survey: the header rows of questionnaire exports', () => {
  it('Qualtrics: the rows of question texts and import ids are said and not read as respondents', async () => {
    const before = readFileSync(join(dir, 'qualtrics.csv'));
    const io = memoryIo(dir);
    const code = await main(['survey', 'qualtrics.csv', '--spec', 'spec.yaml', '-f', 'md'], io);
    expect(code, io.err()).toBe(0);
    expect(io.err()).toContain(
      'qualtrics.csv:2: warning: lines 2 and 3 under the header hold the question texts and import ids of a Qualtrics export ({"ImportId": …}): not read as answers [ingest:qualtrics-header-rows]',
    );
    // two groups of two respondents, no group "Welk team?"
    expect(io.out()).toContain('| d | Q1_1, Q1_2 | 2 | 2.75 | 1.06 | 2.75 | 100 | 2 | 1 | 0 | 1 | 0 |');
    expect(io.out()).not.toContain('Welk team?');
    expect(readFileSync(join(dir, 'qualtrics.csv')).equals(before)).toBe(true);
  });

  it('Excel "sep=;": the header is the line after it, lines keep their numbers', async () => {
    const t = await readSurveyTable(['excel.csv'], { cwd: dir });
    expect(t.columns).toEqual(['respondent', 'Groep', 'Q1_1', 'Q1_2']);
    expect(t.rows.map((r) => [r.line, r.cells.respondent])).toEqual([
      [3, 'r1'],
      [4, 'r2'],
    ]);
  });
});
