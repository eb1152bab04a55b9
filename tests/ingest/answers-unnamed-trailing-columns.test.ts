import { describe, expect, it } from 'vitest';
import { readAnswerCsv, checkAnswerTable } from '../../src/ingest/read-table.js';
import { detectAnswerColumns } from '../../src/ingest/parse-answers.js';

/**
 * An answers CSV whose header ends in separators (`respondent;antwoord;;`, columns without a name,
 * as a spreadsheet writes them) and whose rows end after the answer: each row lacks only columns
 * that no row is read from, yet it stopped (exit 2) as if a value were missing ("which is missing
 * cannot be known"). Now read; a row that lacks a named column still stops. Fails on the old code.
 */
describe('answers CSV: unnamed columns at the end of the header', () => {
  it('rows that end before them are read whole', () => {
    const t = readAnswerCsv('respondent;antwoord;;\nR1;Goed overleg met de wijkagent\nR2;We werken samen met het team\n', 'a.csv');
    const cols = detectAnswerColumns(t.header, t.rows)!;
    expect(() => checkAnswerTable(t, cols, 'a.csv', undefined)).not.toThrow();
  });

  it('a row that lacks a named column still stops', () => {
    const t = readAnswerCsv('respondent;groep;antwoord;;\nR1;A;Goed overleg met de wijkagent\nR2;We werken samen met het team\n', 'a.csv');
    const cols = detectAnswerColumns(t.header, t.rows)!;
    expect(() => checkAnswerTable(t, cols, 'a.csv', undefined)).toThrow(/line 3 has 2 values, but the header names 5 columns/);
  });
});
