/**
 * A CSV saved by a spreadsheet writes a formula that failed as its error value: `#N/A` (a lookup
 * that found nothing), `#N/B` from a Dutch Excel, `#DIV/0!`, LibreOffice's `Err:502`. Read as that
 * text without a word, it was a group "#N/A" in a cases table, a code "#N/A" in a codings table, an
 * answer "#N/A" coded (a workbook's error cells were already said). Now said with the lines and
 * columns (`error-cells-read`), read as written. Fails on the old code. Invented data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCases } from '../../src/ingest/read-cases.js';
import { readCodings } from '../../src/ingest/read-codings.js';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import { SPREADSHEET_ERROR } from '../../src/ingest/csv-records.js';
import type { Diagnostic } from '../../src/model/types.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-csv-errors-'));
  writeFileSync(join(dir, 'cases.csv'), 'source;groep;wijk\nint-01;#N/A;Noord\nint-02;Zuid;#N/B\nint-03;Zuid;Oost\n');
  writeFileSync(join(dir, 'c.csv'), 'source,code\ns1,samenwerking\ns2,#N/A\n');
  writeFileSync(join(dir, 'a.csv'), 'respondent;antwoord\nr1;De buurt is schoon en veilig.\nr2;#DIV/0!\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('CSV cells with a spreadsheet error value', () => {
  it('a cases table: said with the lines and columns; the values read as written', async () => {
    const diags: Diagnostic[] = [];
    const t = await readCases('cases.csv', { cwd: dir, report: (d) => diags.push(d) });
    expect(t.rows.map((r) => r.attributes.groep)).toEqual(['#N/A', 'Zuid', 'Zuid']);
    const d = diags.find((x) => x.ruleId === 'error-cells-read');
    expect(d).toMatchObject({ severity: 'warning', file: 'cases.csv', line: 2 });
    expect(d!.message).toBe('2 cells hold error values of a spreadsheet (#N/A, #N/B), as it wrote a formula that failed into this file: line 2 "groep" #N/A, line 3 "wijk" #N/B; read as that text (a value "#N/A" of its own: a code, group or answer)');
  });

  it('a codings table and an answers table: said', async () => {
    const diags: Diagnostic[] = [];
    await readCodings('c.csv', { cwd: dir, report: (d) => diags.push(d) });
    await readCorpus(['a.csv'], { cwd: dir, report: (d) => void diags.push(d) });
    expect(diags.filter((x) => x.ruleId === 'error-cells-read').map((x) => [x.file, x.line])).toEqual([
      ['c.csv', 3],
      ['a.csv', 3],
    ]);
  });

  it('knows the error values of Excel in English and Dutch and of LibreOffice, not words that look alike', () => {
    for (const v of ['#N/A', '#N/B', '#DIV/0!', '#DEEL/0!', '#VALUE!', '#WAARDE!', '#REF!', '#VERW!', '#NAME?', '#NAAM?', '#NUM!', '#GETAL!', '#NULL!', '#LEEG!', '#SPILL!', 'Err:502']) expect(SPREADSHEET_ERROR.test(v), v).toBe(true);
    for (const v of ['#1', '#hashtag', 'N/A', 'n.v.t.', 'Error', '#NA', 'Err:50']) expect(SPREADSHEET_ERROR.test(v), v).toBe(false);
  });
});
