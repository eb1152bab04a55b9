/**
 * A long number id that Excel rewrote as a rounded number when saving a CSV (`1.23457E+11` for
 * the respondent numbers 123456789012 and 123457000001): the two ids read as one, their rows
 * merged into one source or case, without a word. Now said with the column, the count, the
 * lines and how to keep the digits (id-rounded-by-excel). Codings CSVs and case tables. (Found by
 * hunttable.) Our own invented numbers.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

describe('ids rounded by Excel', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qda-excel-ids-'));

  it('a codings CSV: said with the lines and values; the file is left as it was', async () => {
    const csv = 'source;code\n1.23457E+11;tuin\n1.23457E+11;buren\nR7;tuin\n';
    writeFileSync(join(dir, 'sci.csv'), csv);
    const io = memoryIo(dir);
    expect(await main(['matrix', 'sci.csv', '--cols', 'source'], io), io.err()).toBe(0);
    expect(io.err()).toContain('sci.csv:2: warning: 2 "source" cells hold a number as Excel writes one it has rounded (1.23457E+11) at lines 2–3: its last digits are lost, and ids that differed only there are read as one (1 distinct value) [ingest:id-rounded-by-excel]');
    expect(readFileSync(join(dir, 'sci.csv'), 'utf8')).toBe(csv);
  });

  it('a case table: said; ids that are plain numbers or words are not', async () => {
    writeFileSync(join(dir, 'a.txt'), 'Interviewer: Hoe gaat het?\n\nAnna: We werken samen in de buurt.\n');
    writeFileSync(join(dir, 'cases.csv'), 'source,case,group\na,1.23457E+11,x\n');
    const io = memoryIo(dir);
    expect(await main(['segments', 'a.txt', '--cases', 'cases.csv', '-f', 'csv', '-o', 's.csv'], io), io.err()).toBe(0);
    expect(io.err()).toContain('[ingest:id-rounded-by-excel]');
    expect(io.err()).toContain('1 "case" cell holds a number as Excel writes one it has rounded (1.23457E+11) at line 2');
    writeFileSync(join(dir, 'cases2.csv'), 'source,case,group\na,123456789012,x\n');
    const plain = memoryIo(dir);
    expect(await main(['segments', 'a.txt', '--cases', 'cases2.csv', '-f', 'csv', '-o', 's2.csv'], plain), plain.err()).toBe(0);
    expect(plain.err()).not.toContain('id-rounded-by-excel');
  });
});
