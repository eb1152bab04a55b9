/**
 * An answers CSV with a title above its header (a report exported to CSV): the title was read as
 * the header of a one-column table, so every row became one value and a quoted line break cut an
 * answer in two. The header is now found below the title, the title is said, and every answer
 * keeps its own line. Our own invented text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import type { Diagnostic } from '../../src/model/types.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-title-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function read(name: string, content: string) {
  writeFileSync(join(dir, name), content);
  const diags: Diagnostic[] = [];
  const { corpus } = await readCorpus([name], { cwd: dir, report: (d) => void diags.push(d) });
  return { corpus, diags };
}

describe('a title above the header of an answers CSV', () => {
  it('is said, and the rows below the header are answers with their respondent and real lines', async () => {
    const csv = 'Enquête buurtteams 2024\r\n\r\nrespondent;antwoord\r\nR1;"Wij werken samen\r\nmet de school, woord-alfa."\r\nR2;Het overleg is te kort, woord-beta.\r\n';
    const { corpus, diags } = await read('titled.csv', csv);
    expect(corpus.segments.map((s) => [s.speaker, s.text, s.meta?.row])).toEqual([
      ['R1', 'Wij werken samen\r\nmet de school, woord-alfa.', '4'],
      ['R2', 'Het overleg is te kort, woord-beta.', '6'],
    ]);
    const w = diags.filter((d) => d.ruleId === 'table-title');
    expect(w).toHaveLength(1);
    expect(w[0].message).toContain('Enquête buurtteams 2024');
    expect(w[0].message).toContain('line 3');
  });
  it('a one-column table whose answers hold a separator is not taken for a titled one', async () => {
    const { corpus, diags } = await read('one.csv', 'antwoord\nja; dat klopt\nnee, helemaal niet\n');
    expect(corpus.segments.map((s) => s.text)).toEqual(['ja; dat klopt', 'nee, helemaal niet']);
    expect(diags.filter((d) => d.ruleId === 'table-title')).toEqual([]);
  });
});

describe('a title row above the header of an answers workbook', () => {
  it('a merged title cell is said, and the header below it names the respondent, question and answer columns', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Antwoorden');
    ws.addRow(['Enquête wijkteams voorjaar', '', '']);
    ws.mergeCells('A1:C1');
    ws.addRow(['respondent', 'vraag', 'antwoord']);
    ws.addRow(['R1', 'V1', 'We overleggen wekelijks, woord-alfa.']);
    ws.addRow(['R2', 'V1', 'Geen idee eigenlijk, woord-beta.']);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    writeFileSync(join(dir, 'titled.xlsx'), buf);
    const diags: Diagnostic[] = [];
    const { corpus } = await readCorpus(['titled.xlsx'], { cwd: dir, report: (d) => void diags.push(d) });
    expect(corpus.segments.map((s) => [s.speaker, s.text, s.meta?.row])).toEqual([
      ['R1', 'We overleggen wekelijks, woord-alfa.', '3'],
      ['R2', 'Geen idee eigenlijk, woord-beta.', '4'],
    ]);
    expect(diags.filter((d) => d.ruleId === 'duplicate-column')).toEqual([]);
    const w = diags.filter((d) => d.ruleId === 'table-title');
    expect(w).toHaveLength(1);
    expect(w[0].message).toContain('Enquête wijkteams voorjaar');
  });
});
