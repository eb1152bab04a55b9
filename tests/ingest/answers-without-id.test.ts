/**
 * An answers table in long form whose respondent id is written once, on a respondent's first row
 * (as a spreadsheet shows a group), read each following row as a respondent of its own ("row 3"),
 * one person's answers counted as several people's, without a word. Now said with the lines
 * (`answers-without-respondent-id`); read as before. Fails on the old code. Invented answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import type { Diagnostic } from '../../src/model/types.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-answers-no-id-'));
  writeFileSync(join(dir, 'lang.csv'), 'respondent;vraag;antwoord\nr1;V1;De buurt is schoon.\n;V2;Meer groen graag.\nr2;V1;Het is druk op straat.\n;V2;Minder verkeer.\n');
  writeFileSync(join(dir, 'all.csv'), 'respondent;antwoord\n;De buurt is schoon.\n;Meer groen graag.\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('answers without a respondent id', () => {
  it('are said with their lines, and what they may be', async () => {
    const diags: Diagnostic[] = [];
    const { corpus } = await readCorpus(['lang.csv'], { cwd: dir, report: (d) => void diags.push(d) });
    expect(corpus.segments.map((s) => s.speaker)).toEqual(['r1', 'row 3', 'r2', 'row 5']);
    const d = diags.find((x) => x.ruleId === 'answers-without-respondent-id');
    expect(d).toMatchObject({ severity: 'warning', file: 'lang.csv', line: 3 });
    expect(d!.message).toBe('2 rows have an answer but an empty "respondent" cell (lines 3, 5): each is read as a respondent of its own ("row N"), counted apart among the respondents; if they are answers of the respondent above them (an id written once per respondent), that respondent\'s answers are counted as other people\'s');
  });

  it('a table whose id column is empty on every row: nothing to say (each answer is its own)', async () => {
    const diags: Diagnostic[] = [];
    await readCorpus(['all.csv'], { cwd: dir, report: (d) => void diags.push(d) });
    expect(diags.some((x) => x.ruleId === 'answers-without-respondent-id')).toBe(false);
  });
});
