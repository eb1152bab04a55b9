/** A row of an answers CSV with fewer values than the header names stops, as one with more does. */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { readSource } from '../../src/ingest/read-source.js';
import { QdaInputError } from '../../src/model/errors.js';

const readCsv = async (text: string) => {
  const dir = mkdtempSync(join(tmpdir(), 'qda-short-'));
  writeFileSync(join(dir, 'a.csv'), text);
  return readSource('a.csv', { cwd: dir });
};

describe('answers CSV rows with fewer values than the header', () => {
  it('a value missing in the middle (the answer would be read from the wrong column): stops with the line and the counts', async () => {
    const e = await readCsv('respondent,team,antwoord,leeftijd\nx1,noord,Een goed gesprek gehad,40\nx2,Geen team ingevuld,38\n').then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(QdaInputError);
    const d = (e as QdaInputError).diagnostics[0];
    expect(d).toMatchObject({ ruleId: 'too-few-values', file: 'a.csv', line: 3 });
    expect(d.message).toContain('3 values, but the header names 4 columns');
  });
  it('the answer column missing at the end: stops too; a full table reads', async () => {
    await expect(readCsv('respondent,team,leeftijd,antwoord\nx1,noord,40,Prima overleg\nx2,zuid,Alleen dit\n')).rejects.toThrow(/fewer|2 values|3 values/);
    const r = await readCsv('respondent,team,antwoord\nx1,noord,Prima overleg\nx2,,Ook goed\n');
    expect(r!.blocks).toHaveLength(2);
  });
});
