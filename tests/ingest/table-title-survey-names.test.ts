/**
 * A survey's responses or a names list with a title above the header (`Tevredenheidsonderzoek
 * 2024` ⏎ ⏎ `respondent;groep;q1`), as a report exported to CSV or a sheet with a heading has.
 * Before: the title was the header of a one-column table: the survey stopped with "no group
 * column (columns: Tevredenheidsonderzoek 2024)"; a names list read its header row as a name with
 * its "pseudonym" and, under `voornaam;achternaam`, replaced each first name by the surname beside
 * it (the surname written into the text). Now the header is found below the title, and the title
 * is said (`table-title`), as cases and answers tables already did. Invented names and answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSurveyTable } from '../../src/ingest/read-survey.js';
import { qdaLeavingInputs, writeProject } from '../helpers/inputs-untouched.js';
import type { Diagnostic } from '../../src/model/types.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-title-survey-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a title above the header of survey responses', () => {
  it('CSV: read from the header below it, rows with their own lines; the title said', async () => {
    writeFileSync(join(dir, 'titled.csv'), 'Tevredenheidsonderzoek 2024\r\n\r\nrespondent;groep;q1;q2\r\nr1;A;3;4\r\nr2;B;2;1\r\n');
    const diags: Diagnostic[] = [];
    const t = await readSurveyTable(['titled.csv'], { cwd: dir, report: (d) => diags.push(d), known: ['q1'] });
    expect(t.columns).toEqual(['respondent', 'groep', 'q1', 'q2']);
    expect(t.rows.map((r) => [r.line, r.cells.respondent, r.cells.q1])).toEqual([
      [4, 'r1', '3'],
      [5, 'r2', '2'],
    ]);
    const w = diags.find((d) => d.ruleId === 'table-title');
    expect(w).toMatchObject({ file: 'titled.csv', line: 1 });
    expect(w!.message).toContain('("Tevredenheidsonderzoek 2024") stand above the header of line 3');
  });

  it('CSV: a header that names only the spec\'s items (no id, no group named so) is found by them', async () => {
    writeFileSync(join(dir, 'items.csv'), 'Meting voorjaar;;\nafdeling;4A;4B\nX;1;2\n');
    const diags: Diagnostic[] = [];
    const t = await readSurveyTable(['items.csv'], { cwd: dir, report: (d) => diags.push(d), known: ['4A', '4B'] });
    expect(t.columns).toEqual(['afdeling', '4A', '4B']);
    expect(t.rows[0]).toMatchObject({ line: 3, cells: { afdeling: 'X', '4A': '1', '4B': '2' } });
    expect(diags.some((d) => d.ruleId === 'table-title')).toBe(true);
  });

  it('XLSX: a title row above a header that names the spec\'s items is the title', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Data');
    ws.addRow(['Meting voorjaar 2024']);
    ws.addRow(['afdeling', '4A', '4B']);
    ws.addRow(['X', 1, 2]);
    writeFileSync(join(dir, 'titled.xlsx'), Buffer.from(await wb.xlsx.writeBuffer()));
    const diags: Diagnostic[] = [];
    const t = await readSurveyTable(['titled.xlsx'], { cwd: dir, report: (d) => diags.push(d), known: ['4A'] });
    expect(t.columns).toEqual(['afdeling', '4A', '4B']);
    expect(t.rows[0]).toMatchObject({ line: 3, cells: { afdeling: 'X', '4A': '1' } });
    expect(diags.find((d) => d.ruleId === 'table-title')?.message).toContain('"Meting voorjaar 2024"');
  });

  it('qda survey reads it with the spec\'s columns', async () => {
    const d = writeProject(dir, 'cli', { 'data.csv': 'Tevredenheidsonderzoek 2024\n\nafdeling;q1\nA;3\nB;2\nA;4\nB;1\n', 'spec.yaml': 'group: afdeling\nscale: 1..4\nitems:\n  q1: Tevredenheid\n' });
    const r = await qdaLeavingInputs(d, ['survey', 'data.csv', '--spec', 'spec.yaml', '-f', 'csv']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('[ingest:table-title]');
  });
});

const text = 'Interviewer: Hoe gaat het met Petra?\nRespondent: Petra en Jan de Boer werken goed samen.\n';

describe('a title above the header of a names list', () => {
  it('naam,pseudoniem below a title: read from the header; the title and the header are no names', async () => {
    const d = writeProject(dir, 'n1', { 'corpus/int1.txt': text, 'namen.csv': 'Namenlijst project Buurtteams\nnaam,pseudoniem\nPetra,Anna\nJan de Boer,Kees\n' });
    const r = await qdaLeavingInputs(d, ['anonymize', 'corpus', '-o', 'anon', '--names', 'namen.csv', '--no-heuristics'], ['anon']);
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(join(d, 'anon/int1.txt'), 'utf8')).toBe('Interviewer: Hoe gaat het met Anna?\nRespondent: Anna en Kees werken goed samen.\n');
    expect(r.err).toContain('namen.csv:1: warning: the line before line 2 ("Namenlijst project Buurtteams") stand above the header of line 2');
    expect(r.err).not.toContain('"naam" of the names list');
    expect(r.err).not.toContain('"Namenlijst project Buurtteams" of the names list');
  });

  it('voornaam;achternaam below a title stops (each first name was replaced by its surname)', async () => {
    const d = writeProject(dir, 'n2', { 'corpus/int1.txt': text, 'namen.csv': 'Deelnemers;\n;\nvoornaam;achternaam\nPetra;Jansen\n' });
    const r = await qdaLeavingInputs(d, ['anonymize', 'corpus', '-o', 'anon', '--names', 'namen.csv', '--no-heuristics']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('[cli:bad-names-file]');
    expect(existsSync(join(d, 'anon'))).toBe(false);
  });

  it('a names workbook with a title row: read from its header', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Namen');
    ws.addRow(['Namenlijst (vertrouwelijk)']);
    ws.addRow(['naam', 'pseudoniem']);
    ws.addRow(['Petra', 'Anna']);
    const d = writeProject(dir, 'n3', { 'corpus/int1.txt': text });
    writeFileSync(join(d, 'namen.xlsx'), Buffer.from(await wb.xlsx.writeBuffer()));
    const r = await qdaLeavingInputs(d, ['anonymize', 'corpus', '-o', 'anon', '--names', 'namen.xlsx', '--no-heuristics'], ['anon']);
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(join(d, 'anon/int1.txt'), 'utf8')).toContain('met Anna?');
    expect(r.err).toContain('[ingest:table-title]');
    expect(r.err).not.toContain('"naam" of the names list');
  });
});

describe('a title above the header of a codings CSV', () => {
  it('is read from the header below it (it stopped: no "source" column, its columns the title)', async () => {
    const { parseCodingsCsv } = await import('../../src/ingest/read-codings.js');
    const diags: Diagnostic[] = [];
    const doc = parseCodingsCsv('Coderingen project X\n\nsource;segment;code;coder\nint-01;int-01#1;samenwerking;anna\n', 'c.csv', (d) => diags.push(d));
    expect(doc.codings.map((c) => c.code)).toEqual(['samenwerking']);
    expect(diags.find((d) => d.ruleId === 'table-title')?.message).toContain('("Coderingen project X") stand above the header of line 3');
  });
});
