import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

/**
 * Two exports of one questionnaire (one per group) that name an item differently ("Q2" and
 * "Q2."): the second file's respondents had no value for Q2, their dimension scores were the mean
 * of Q1 alone, and the one warning (an unused column "Q2.") named the first file.
 */
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-survey-files-'));
  writeFileSync(join(dir, 'coaches.csv'), 'respondent,groep,Q1,Q2\nr1,a,3,4\nr2,a,2,3\nr3,a,4,4\n');
  writeFileSync(join(dir, 'partners.csv'), 'respondent,groep,Q1,Q2.\nr4,b,1,1\nr5,b,0,2\nr6,b,1,0\n');
  writeFileSync(join(dir, 'spec.yaml'), 'group: groep\nscale: 0..4\ndimensions:\n  d: [Q1, Q2]\n');
});

async function survey(...files: string[]) {
  const io = memoryIo(dir);
  const code = await main(['survey', ...files, '--spec', 'spec.yaml', '-f', 'md'], io);
  return { code, out: io.out(), err: io.err() };
}

describe('survey: several files, an item column one of them lacks', () => {
  it('is said for that file, with its respondents and its unused columns; the unused column with its file', async () => {
    const before = [readFileSync(join(dir, 'coaches.csv')), readFileSync(join(dir, 'partners.csv'))];
    const r = await survey('coaches.csv', 'partners.csv');
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(
      'partners.csv:1: warning: partners.csv has no column "Q2" (in coaches.csv): its 3 respondents have no value for it; its columns that are not used: Q2. [analysis:item-column-not-in-file]\n' +
        '  hint: name the columns in the first row of each file alike, or give the column of each item with column: in the spec',
    );
    expect(r.err).toContain('partners.csv: warning: columns of the data that are not items of the spec (not used): Q2. (partners.csv) [analysis:columns-not-in-spec]');
    expect(readFileSync(join(dir, 'coaches.csv')).equals(before[0])).toBe(true);
    expect(readFileSync(join(dir, 'partners.csv')).equals(before[1])).toBe(true);
  });

  it('files with the same columns are not said', async () => {
    writeFileSync(join(dir, 'partners2.csv'), 'respondent,groep,Q1,Q2\nr4,b,1,1\n');
    const r = await survey('coaches.csv', 'partners2.csv');
    expect(r.code, r.err).toBe(0);
    expect(r.err).not.toContain('item-column-not-in-file');
    expect(r.err).not.toContain('columns-not-in-spec');
  });
});
