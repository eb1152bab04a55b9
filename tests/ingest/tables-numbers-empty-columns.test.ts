import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCases } from '../../src/ingest/read-cases.js';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import { parseCodingsCsv } from '../../src/ingest/read-codings.js';
import { QdaInputError } from '../../src/model/errors.js';
import { strToU8, zipSync } from 'fflate';
import type { Diagnostic } from '../../src/model/types.js';

/**
 * Two tables as spreadsheets save them (hunttable, session 20). A codings CSV whose offsets were
 * formatted with a thousands separator (`1.000`, `12.000` in a Dutch Excel): 1.000 was read as the
 * offset 1 without a word (the wrong passage); it stops with the value and the fix. A cases
 * column with a name and no values: grouping by it said only "unknown attribute"; said when read.
 * An answer of exactly 32,767 characters (where Excel cuts a cell's text without a word) is said.
 * A LibreOffice sheet (.ods) given as a table is named as such, with how to save it (it was "a zip
 * archive: unpack it").
 * Each test fails on the old code. Content invented.
 */
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-numbers-'));
  writeFileSync(join(dir, 'cases.csv'), 'source;groep;leeftijd;opmerking\nr1;Noord;;\nr2;Zuid;;\n');
  const long = 'woord '.repeat(6000).slice(0, 32767);
  writeFileSync(join(dir, 'cases.ods'), zipSync({ mimetype: [strToU8('application/vnd.oasis.opendocument.spreadsheet'), { level: 0 }], 'content.xml': strToU8('<office:document-content/>') }));
  writeFileSync(join(dir, 'answers.csv'), `respondent;antwoord\nR1;Kort antwoord.\nR2;"${long}"\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('offsets written with a thousands separator', () => {
  it('stop with the value and how to save it (1.000 was read 1)', () => {
    let err: unknown;
    try {
      parseCodingsCsv('source;start;end;code\nr1;1.000;12.000;samenwerking\n', 'c.csv');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(QdaInputError);
    const d = (err as QdaInputError).diagnostics[0];
    expect(d).toMatchObject({ ruleId: 'bad-offset', file: 'c.csv', line: 2 });
    expect(d.message).toContain('"start" is "1.000", a whole number written with a thousands separator (1000?)');
  });

  it('whole numbers, and a float written 12.0, are read as before', () => {
    const doc = parseCodingsCsv('source;start;end;code\nr1;10;12.0;samenwerking\n', 'c.csv');
    expect(doc.codings.map((c) => [c.start, c.end])).toEqual([[10, 12]]);
  });
});

describe('a cases column with a name and no values', () => {
  it('is said with the columns (info)', async () => {
    const diags: Diagnostic[] = [];
    const t = await readCases('cases.csv', { cwd: dir, report: (d) => diags.push(d) });
    expect(t.rows.map((r) => r.attributes)).toEqual([{ groep: 'Noord' }, { groep: 'Zuid' }]);
    const d = diags.find((x) => x.ruleId === 'column-without-values');
    expect(d).toMatchObject({ severity: 'info', file: 'cases.csv', line: 1 });
    expect(d!.message).toContain('2 columns "leeftijd", "opmerking" have a name but no value on any row');
  });
});

describe('an answer of exactly 32,767 characters', () => {
  it('is said as probably cut by Excel, with its line and column', async () => {
    const diags: Diagnostic[] = [];
    const { corpus } = await readCorpus(['answers.csv'], { cwd: dir, report: (d) => void diags.push(d) });
    expect(corpus.segments).toHaveLength(2);
    const d = diags.find((x) => x.ruleId === 'cell-at-excel-limit');
    expect(d).toMatchObject({ severity: 'warning', file: 'answers.csv', line: 3 });
    expect(d!.message).toContain('1 cell holds exactly 32767 characters, the most an Excel cell holds (line 3, column "antwoord")');
  });
});

describe('a LibreOffice Calc sheet (.ods) given as a cases table', () => {
  it('stops naming it and how to save it (was "a zip archive: unpack it")', async () => {
    let err: unknown;
    try {
      await readCases('cases.ods', { cwd: dir });
    } catch (e) {
      err = e;
    }
    const d = (err as QdaInputError).diagnostics[0];
    expect(d.message).toContain('an OpenDocument spreadsheet (.ods, LibreOffice Calc), which qda does not read');
    expect(d.hint).toContain('save it as .xlsx');
  });
});
