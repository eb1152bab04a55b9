import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsvRecords } from '../../src/ingest/csv-records.js';
import { parseCodingsCsv } from '../../src/ingest/read-codings.js';
import { humanCodingCounts } from '../../src/ingest/coder-counts.js';
import { readSurveyTable } from '../../src/ingest/read-survey.js';
import { computeSurvey } from '../../src/analysis/survey.js';
import { qdaLeavingInputs, writeProject } from '../helpers/inputs-untouched.js';
import type { Diagnostic } from '../../src/model/types.js';

/**
 * Tables read as inputs, each a loss or merge without a word before (every test fails on the old
 * code). All content is invented.
 * - A `sep=;` line as a spreadsheet writes it back (`sep=;;`, `"sep=;"`) was read as the header.
 * - The guard of `qda code -o FILE.csv` read a table with a `sep=;` line as no codings table and
 *   wrote over the codings added by hand in it.
 * - A codings CSV's score with a decimal comma (0,75) or no number ("hoog") was dropped.
 * - Attribute columns of a codings CSV whose names differ only in capitals were two attributes.
 * - Survey rows with a group and nothing else counted in their group's n.
 * - A names list in a workbook (.xlsx) stopped as "a binary file".
 */
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-tables-whole-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tables read whole', () => {
  it('a sep= line written back by a spreadsheet (sep=;; and "sep=;") is no header', () => {
    for (const first of ['sep=;;', '"sep=;"', 'sep=;']) {
      const t = parseCsvRecords(`${first}\nsource;groep\nr1;A\n`, 'c.csv');
      expect(t.header, first).toEqual(['source', 'groep']);
      expect(t.records, first).toEqual([['r1', 'A']]);
      expect(t.lines, first).toEqual([3]);
    }
  });

  it('the guard of qda code -o reads a codings table with a sep= line (it wrote over its human codings)', async () => {
    writeFileSync(join(dir, 'h.csv'), 'sep=;\nsource;code;coder\nr1;overleg;anna\n');
    expect(Object.fromEntries((await humanCodingCounts(join(dir, 'h.csv')))!)).toEqual({ anna: 1 });
  });

  it('a score with a decimal comma is read; one that is no number is said', () => {
    const diags: Diagnostic[] = [];
    const doc = parseCodingsCsv('source;code;coder;score\nr1;overleg;anna;0,75\nr1;samen;anna;hoog\nr1;team;anna;1\n', 'c.csv', (d) => diags.push(d));
    expect(doc.codings.map((c) => c.score)).toEqual([0.75, undefined, 1]);
    const d = diags.find((x) => x.ruleId === 'score-not-a-number');
    expect(d).toMatchObject({ severity: 'warning', file: 'c.csv', line: 3 });
    expect(d!.message).toContain('1 coding has a "score" that is no number (line 3: "hoog"): read without a score');
  });

  it('codings CSV: attribute columns whose names differ only in capitals are said', () => {
    const diags: Diagnostic[] = [];
    parseCodingsCsv('source,code,Team,team\nr1,overleg,Noord,Zuid\n', 'c.csv', (d) => diags.push(d));
    const d = diags.find((x) => x.ruleId === 'columns-differ-in-case');
    expect(d).toMatchObject({ severity: 'warning', file: 'c.csv', line: 1 });
    expect(d!.message).toContain('two columns have names that differ only in capitals: column 3 "Team" and column 4 "team"; read as different attributes of each coding');
    // known columns in other capitals are one column (said as two columns for one meaning, as before)
    expect(() => parseCodingsCsv('source,code,Code\nr1,a,b\n', 'c.csv')).toThrow(/two columns for "code"/);
  });

  it('survey: rows with a group and nothing else are said with their lines and groups', async () => {
    writeFileSync(join(dir, 's.csv'), 'respondent,groep,V1\n1,A,3\n2,B,2\n,A,\n,A,\n');
    const t = await readSurveyTable(['s.csv'], { cwd: dir });
    const res = computeSurvey(t, { file: 'spec.yaml', items: {}, dimensions: [{ id: 'd', items: ['V1'], origin: 'spec.yaml' }] }, { lang: 'en' });
    const d = res.diagnostics.find((x) => x.ruleId === 'rows-with-group-only');
    expect(d).toMatchObject({ severity: 'warning', file: 's.csv', line: 4 });
    expect(d!.message).toContain('2 rows have a value in "groep" and nothing else (s.csv:4, s.csv:5): each is counted as a respondent without any answer, in the n of its group (A: 2)');
  });

  it('a names list in a workbook is read (it stopped as "a binary file")', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Namen');
    ws.addRow(['naam', 'pseudoniem']);
    ws.addRow(['Petra Jansen', 'Anna']);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const d = writeProject(dir, 'names', { 'corpus/int1.txt': 'Interviewer: Hoe gaat het?\nRespondent: Petra Jansen belde.\n' });
    writeFileSync(join(d, 'namen.xlsx'), buf);
    const r = await qdaLeavingInputs(d, ['anonymize', 'corpus', '-o', 'anon', '--names', 'namen.xlsx', '--no-heuristics'], ['anon']);
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(join(d, 'anon/int1.txt'), 'utf8')).toBe('Interviewer: Hoe gaat het?\nRespondent: Anna belde.\n');
    // a key kept as a workbook is not read: it is written back as CSV, over the workbook
    const k = await qdaLeavingInputs(d, ['anonymize', 'corpus', '-o', 'anon2', '--key', 'namen.xlsx', '--no-heuristics']);
    expect(k.code).toBe(2);
    expect(k.err).toContain('namen.xlsx: error: the key file is a workbook (.xlsx): the key is read and written back as CSV (original,pseudonym,kind), which would replace the workbook; nothing was written [cli:bad-key-file]');
    expect(readFileSync(join(d, 'namen.xlsx')).equals(buf)).toBe(true);
    // a new key named as a workbook was written as CSV text under that name (Excel then refuses it)
    const n = await qdaLeavingInputs(d, ['anonymize', 'corpus', '-o', 'anon3', '--key', 'sleutel-nieuw.xlsx', '--no-heuristics']);
    expect(n.code).toBe(2);
    expect(n.err).toContain('sleutel-nieuw.xlsx: error: the key file is named as a workbook (.xlsx)');
    expect(n.err).toContain('--key sleutel-nieuw.csv');
    expect(existsSync(join(d, 'sleutel-nieuw.xlsx'))).toBe(false);
    expect(existsSync(join(d, 'anon3'))).toBe(false);
  });
});
