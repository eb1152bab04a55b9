import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import type { Diagnostic } from '../../src/model/types.js';

/**
 * A long answers table (a row per respondent and question) that gives one respondent two groups
 * (R1 in Noord on one row, in Zuid on the next): each answer counted under its own row's group, so
 * R1 was a respondent of both groups (N Zuid 2 of 2 respondents), without a word. Now said per
 * column with the respondents, values and lines (`respondent-attribute-varies`); a column that
 * varies per answer (a date) is not. Fails on the old code (hunttable, session 20). Content invented.
 */
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-resp-varies-'));
  writeFileSync(join(dir, 'lang.csv'), 'respondent;vraag;groep;datum;antwoord\nR1;1;Noord;maandag;We werken goed samen.\nR1;2;Zuid;dinsdag;Het vertrouwen groeit.\nR2;1;Zuid;maandag;Weinig contact.\nR2;2;Zuid;woensdag;Niets te melden.\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('one respondent with two values of a column that describes respondents', () => {
  it('is said with the values and lines; a column that varies per answer is not', async () => {
    const diags: Diagnostic[] = [];
    const { corpus } = await readCorpus(['lang.csv'], { cwd: dir, report: (d) => void diags.push(d) });
    expect(corpus.segments).toHaveLength(4);
    const said = diags.filter((d) => d.ruleId === 'respondent-attribute-varies');
    expect(said).toHaveLength(1);
    expect(said[0]).toMatchObject({ severity: 'warning', file: 'lang.csv', line: 3 });
    expect(said[0].message).toContain('"groep" has more than one value for 1 respondent: "R1": "Noord" (line 2), "Zuid" (line 3)');
  });
});
