/**
 * `qda code -o FILE.xlsx` wrote over a workbook the user had edited in Excel without a word: the
 * guard of human codings read no XLSX. Now a workbook changed since qda wrote it is read (its
 * codings sheet: rows whose coder is human, an empty coder with a code counting as "human", as
 * the codings reader reads a CSV row) and the run stops (exit 2) when the new codings lack them;
 * a workbook whose codings cannot be read stops it too (output-edited). FILE is left
 * byte-identical and nothing of the run is left behind. Also: a row added by hand to the codings
 * CSV with the coder cell left empty, or a JSON coding without "coder", which the codings reader
 * reads as coder "human", was not counted by the guard and was dropped silently.
 */
import { describe, it, expect } from 'vitest';
import { writeFileSync, readFileSync, readdirSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { codeR1, oneSourceProject } from '../helpers/code-run.js';

const TEXT = 'Interviewer: Hoe werken jullie samen?\nAnna: We hebben korte lijntjes met de wijkagent. {{exchange @anna}}\nInterviewer: En verder?\nAnna: We overleggen elke week samen in het team.\n';

const project = () => oneSourceProject('qda-out-xlsx-', TEXT);
const code = codeR1;
/** Add a row to the first sheet as a user in Excel would (by header name). */
async function addRow(file: string, cells: Record<string, string | number>) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets[0];
  const names: string[] = [];
  ws.getRow(1).eachCell((c, j) => void (names[j] = String(c.value)));
  ws.addRow(names.map((n) => cells[n] ?? null));
  await wb.xlsx.writeFile(file);
}

describe('qda code -o FILE.xlsx over a workbook edited in Excel', () => {
  it('a row with a human coder added by hand stops the run (exit 2), the workbook byte-identical (an unchanged rerun writes as before)', async () => {
    const dir = project();
    expect((await code(dir, '-o', 'c.xlsx')).rc).toBe(0);
    expect((await code(dir, '-o', 'c.xlsx')).rc).toBe(0);
    await addRow(join(dir, 'c.xlsx'), { source: 'r1', segment: 'r1#3', code: 'deliberating', coder: 'piet', text: 'We overleggen' });
    const edited = readFileSync(join(dir, 'c.xlsx'));
    const { rc, err } = await code(dir, '-o', 'c.xlsx');
    expect(rc).toBe(2);
    expect(err).toContain('c.xlsx: error: c.xlsx holds 1 human coding that this run does not make (piet: 1 there, 0 now)');
    expect(err).toContain('hint: to keep them, save its codings sheet as CSV (in Excel: Save As, CSV) and add that file to the run (qda code … --codings c.csv -o c.xlsx');
    expect(readFileSync(join(dir, 'c.xlsx')).equals(edited)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['c.xlsx', 'r1.txt']);
  });

  it('a row whose coder cell is left empty counts as coder "human" (as the codings reader reads it)', async () => {
    const dir = project();
    expect((await code(dir, '-o', 'c.xlsx')).rc).toBe(0);
    await addRow(join(dir, 'c.xlsx'), { source: 'r1', segment: 'r1#3', code: 'deliberating' });
    const edited = readFileSync(join(dir, 'c.xlsx'));
    const { rc, err } = await code(dir, '-o', 'c.xlsx');
    expect(rc).toBe(2);
    expect(err).toContain('c.xlsx holds 1 human coding that this run does not make (human: 1 there, 0 now)');
    expect(readFileSync(join(dir, 'c.xlsx')).equals(edited)).toBe(true);
  });

  it('a workbook whose codings cannot be read (not an XLSX, no codings sheet) stops the run: output-edited', async () => {
    const dir = project();
    writeFileSync(join(dir, 'c.xlsx'), 'not a workbook');
    let r = await code(dir, '-o', 'c.xlsx');
    expect(r.rc).toBe(2);
    expect(r.err).toMatch(/c\.xlsx: error: c\.xlsx is not the workbook qda code last wrote there \(it was changed since, or another program wrote it\) and no codings sheet could be read from it \(.+\): it may hold rows added by hand; c\.xlsx is kept as it was and the new codings are not written \[cli:output-edited\]/);
    expect(r.err).toContain('hint: write elsewhere (qda code … -o NEW.xlsx), or move c.xlsx away first if it holds nothing you need');
    expect(readFileSync(join(dir, 'c.xlsx'), 'utf8')).toBe('not a workbook');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Budget').addRow(['item', 'euro']);
    await wb.xlsx.writeFile(join(dir, 'b.xlsx'));
    const budget = readFileSync(join(dir, 'b.xlsx'));
    r = await code(dir, '-o', 'b.xlsx');
    expect(r.rc).toBe(2);
    expect(r.err).toContain('(no sheet has a coder or code column)');
    expect(readFileSync(join(dir, 'b.xlsx')).equals(budget)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['b.xlsx', 'c.xlsx', 'r1.txt']);
  });
});

describe('the guard counts codings without coder as the codings reader does ("human")', () => {
  it('CSV: a row added with an empty coder cell stops the run', async () => {
    const dir = project();
    expect((await code(dir, '-o', 'c.csv')).rc).toBe(0);
    appendFileSync(join(dir, 'c.csv'), 'r1,r1,r1#3,Anna,respondent,136,178,deliberating,,,,,,,,,We overleggen elke week samen in het team.,\n');
    const edited = readFileSync(join(dir, 'c.csv'), 'utf8');
    const { rc, err } = await code(dir, '-o', 'c.csv');
    expect(rc).toBe(2);
    expect(err).toContain('c.csv holds 1 human coding that this run does not make (human: 1 there, 0 now)');
    expect(readFileSync(join(dir, 'c.csv'), 'utf8')).toBe(edited);
  });

  it('JSON: a coding added without "coder" and without rule stops the run', async () => {
    const dir = project();
    expect((await code(dir, '-o', 'c.json')).rc).toBe(0);
    const doc = JSON.parse(readFileSync(join(dir, 'c.json'), 'utf8'));
    doc.sources[0].codings.push({ segment: 3, code: 'deliberating' });
    const edited = JSON.stringify(doc, null, 2);
    writeFileSync(join(dir, 'c.json'), edited);
    const { rc, err } = await code(dir, '-o', 'c.json');
    expect(rc).toBe(2);
    expect(err).toContain('c.json holds 1 human coding that this run does not make (human: 1 there, 0 now)');
    expect(readFileSync(join(dir, 'c.json'), 'utf8')).toBe(edited);
  });
});

describe('a human coding changed by hand (another code): as many per coder, but not the same codings', () => {
  it('CSV, JSON and XLSX: the rerun with the codings file that made it stops (exit 2) and names what would be lost; the file byte-identical', async () => {
    // old: the guard compared counts per coder only; the code changed by hand was written over
    for (const out of ['c.csv', 'c.json', 'c.xlsx']) {
      const dir = project();
      writeFileSync(join(dir, 'extra.csv'), 'source,segment,code,coder\nr1,3,deliberating,bram\n');
      expect((await code(dir, '--codings', 'extra.csv', '-o', out)).rc).toBe(0);
      if (out === 'c.csv') writeFileSync(join(dir, out), readFileSync(join(dir, out), 'utf8').replace(',deliberating,Deliberating,bram,', ',exchange,Exchange,bram,'));
      else if (out === 'c.json') writeFileSync(join(dir, out), readFileSync(join(dir, out), 'utf8').replace('"code":"deliberating","coder":"bram"', '"code":"exchange","coder":"bram"'));
      else {
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.readFile(join(dir, out));
        const ws = wb.worksheets[0];
        const names: string[] = [];
        ws.getRow(1).eachCell((c, j) => void (names[j] = String(c.value)));
        ws.eachRow((r) => {
          if (r.getCell(names.indexOf('coder')).text === 'bram') r.getCell(names.indexOf('code')).value = 'exchange';
        });
        await wb.xlsx.writeFile(join(dir, out));
      }
      const edited = readFileSync(join(dir, out));
      expect(edited.includes('exchange') || out === 'c.xlsx', out).toBe(true);
      const { rc, err } = await code(dir, '--codings', 'extra.csv', '-o', out);
      expect(rc, out).toBe(2);
      expect(err).toContain(`${out} holds 1 human coding that this run does not make (bram: exchange on source "r1", 1 there, 0 now; as many per coder as this run makes, but with other codes or sources: changed by hand?): codings added or changed by hand`);
      expect(readFileSync(join(dir, out)).equals(edited), out).toBe(true);
      expect(readdirSync(dir).sort()).toEqual([out, 'extra.csv', 'r1.txt']);
    }
  });
});
