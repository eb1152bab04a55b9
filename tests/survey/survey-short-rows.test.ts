import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs } from '../helpers/inputs-untouched.js';

/**
 * Survey data (CSV) with a row that has fewer values than the header names columns (a separator or
 * value lost by hand editing): its last items were read as empty, missing answers, without a word,
 * and a value lost in the middle put the ones after it under the wrong items. Now said with the
 * lines and the columns the row lacks, as for a cases table (one shortRowsWarning). Invented data.
 */
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-survey-short-'));
  writeFileSync(join(dir, 'spec.yaml'), 'group: groep\nid: respondent\nscale: 1..5\ndimensions:\n  d: [Q1, Q2, Q3]\n');
  writeFileSync(join(dir, 'kort.csv'), 'respondent;groep;Q1;Q2;Q3\nR1;a;3;4;5\nR2;a;2;3\nR3;b;1;1;2\nR4;b;5;4;3\nR5;a;4\nR6;b;2;2;2\n');
  writeFileSync(join(dir, 'heel.csv'), 'respondent;groep;Q1;Q2;Q3\nR1;a;3;4;5\nR2;a;2;3;\nR3;b;1;1;2\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('survey CSV: rows with fewer values than the header', () => {
  it('are said with their lines and the columns they lack; the file is left as it was', async () => {
    const r = await qdaLeavingInputs(dir, ['survey', 'kort.csv', '--spec', 'spec.yaml', '-f', 'md']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(
      'kort.csv:3: warning: 2 row(s) have fewer values than the header names columns; the columns they lack are read as empty: line 3 (4 of 5: no "Q3"); line 6 (3 of 5: no "Q2", "Q3") [ingest:too-few-values]\n' +
        '  hint: fill in the missing values (or end the row with a separator per empty column), or check that no separator or value was lost',
    );
  });

  it('a row that ends with a separator per empty column is whole: not said', async () => {
    const r = await qdaLeavingInputs(dir, ['survey', 'heel.csv', '--spec', 'spec.yaml', '-f', 'md']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).not.toContain('too-few-values');
  });
});
