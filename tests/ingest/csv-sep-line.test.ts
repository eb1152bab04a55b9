import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs } from '../helpers/inputs-untouched.js';
import { readCases } from '../../src/ingest/read-cases.js';

/**
 * Excel's `sep=;` first line (it names the separator for Excel itself) was understood by the survey
 * reader only: an answers table stopped with "line 2 has 3 values, but the header names 2
 * columns", a cases table with "no source column", a codings CSV with "no source column". Now
 * parseCsvRecords reads it for every table: the header is the line after it, each row keeps its own
 * line. Invented content.
 */
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-sep-line-'));
  writeFileSync(join(dir, 'antwoorden.csv'), 'sep=;\r\nrespondent;antwoord;team\r\nR1;Het contact met de wijk gaat prima, echt.;Noord\r\nR2;Te weinig tijd voor de bewoners.;Zuid\r\n');
  writeFileSync(join(dir, 'cases.csv'), 'SEP=;\nsource;team\nr1;Noord\n\nr2;Zuid;extra\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a CSV that starts with Excel\'s "sep=;" line', () => {
  it('an answers table reads with its header on line 2 and each row on its own line; the file is left as it was', async () => {
    const r = await qdaLeavingInputs(dir, ['segments', 'antwoorden.csv', '-f', 'json']);
    expect(r.code, r.err).toBe(0);
    const segs = (JSON.parse(r.out) as { segments: Array<{ speaker: string; text: string; meta: Record<string, string> }> }).segments;
    expect(segs.map((s) => [s.speaker, s.text, s.meta.row, s.meta.team])).toEqual([
      ['R1', 'Het contact met de wijk gaat prima, echt.', '3', 'Noord'],
      ['R2', 'Te weinig tijd voor de bewoners.', '4', 'Zuid'],
    ]);
  });

  it('a cases table reads too, its lines counted from the file\'s first line', async () => {
    await expect(readCases('cases.csv', { cwd: dir })).rejects.toMatchObject({ diagnostics: [expect.objectContaining({ ruleId: 'too-many-values', line: 5 })] });
  });
});
