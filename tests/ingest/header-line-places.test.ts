import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic } from '../../src/model/types.js';
import { readCases } from '../../src/ingest/read-cases.js';
import { readSurveyTable } from '../../src/ingest/read-survey.js';
import { parseCodingsCsv } from '../../src/ingest/read-codings.js';
import { checkAnswerTable, readAnswerCsv, readXlsxTable } from '../../src/ingest/read-table.js';
import { parseJudgements } from '../../src/ingest/read-judgements.js';
import { qdaLeavingInputs, writeProject } from '../helpers/inputs-untouched.js';

/**
 * Messages about a table's header (a column named twice, names that differ only in capitals, a
 * column without a name, no source column) said "line 1" also when the header is not on line 1:
 * below Excel's `sep=;` line, or below a title (a CSV's lines, a sheet's rows). They now name the
 * header's own line or row, in cases, survey, answers, codings and judgements tables alike.
 * Invented content.
 */
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qda-header-line-'));
  writeFileSync(join(dir, 'cases-sep.csv'), 'sep=;\nsource;team;;Team\nr1;Noord;x;n\n');
  writeFileSync(join(dir, 'cases-twice.csv'), 'sep=;\nsource;team;team\nr1;Noord;Zuid\n');
  writeFileSync(join(dir, 'cases-title.csv'), 'Overzicht respondenten 2024\n\nsource;groep;Groep\nr1;a;b\n');
  writeFileSync(join(dir, 'cases-nosource.csv'), 'sep=;\nnaam;team\nr1;Noord\n');
  writeFileSync(join(dir, 'survey-sep.csv'), 'sep=;\nrespondent;groep;Q1;;q1\nR1;a;3;x;2\nR2;b;1;y;4\n');
  writeFileSync(join(dir, 'survey-twice.csv'), 'sep=;\nrespondent;groep;Q1;Q1\nR1;a;3;2\n');
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Blad1');
  ws.addRow(['Overzicht respondenten 2024']);
  ws.addRow([]);
  ws.addRow(['source', 'groep', 'Groep', '']);
  ws.addRow(['r1', 'a', 'b', 'los']);
  await wb.xlsx.writeFile(join(dir, 'cases-title.xlsx'));
  const sv = new ExcelJS.Workbook();
  const s = sv.addWorksheet('Antwoorden');
  s.addRow(['Tevredenheidsonderzoek 2024']);
  s.addRow(['respondent', 'groep', 'Q1', 'q1']);
  s.addRow(['R1', 'a', 3, 2]);
  await sv.xlsx.writeFile(join(dir, 'survey-title.xlsx'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const collect = () => {
  const said: Diagnostic[] = [];
  return { said, report: (d: Diagnostic) => void said.push(d) };
};
const rule = (said: Diagnostic[], id: string) => said.find((d) => d.ruleId === id);

describe('messages about the header name its own line or row', () => {
  it('a cases CSV below a sep= line: columns that differ in capitals and a column without a name are said at line 2', async () => {
    const { said, report } = collect();
    await readCases('cases-sep.csv', { cwd: dir, report });
    expect(rule(said, 'columns-differ-in-case')?.line).toBe(2);
    expect(rule(said, 'unnamed-column')).toMatchObject({ line: 2, message: expect.stringContaining('has no name in the header (line 2)') });
  });

  it('a cases CSV below a sep= line: a column named twice and no source column stop at line 2', async () => {
    await expect(readCases('cases-twice.csv', { cwd: dir })).rejects.toMatchObject({ diagnostics: [expect.objectContaining({ ruleId: 'duplicate-column', line: 2 })] });
    await expect(readCases('cases-nosource.csv', { cwd: dir })).rejects.toMatchObject({ diagnostics: [expect.objectContaining({ ruleId: 'missing-column', line: 2 })] });
  });

  it('a cases CSV below a title: said at the header of line 3', async () => {
    const { said, report } = collect();
    await readCases('cases-title.csv', { cwd: dir, report });
    expect(rule(said, 'columns-differ-in-case')?.line).toBe(3);
  });

  it('a cases workbook below a title row: said at row 3', async () => {
    const { said, report } = collect();
    await readCases('cases-title.xlsx', { cwd: dir, report });
    expect(rule(said, 'columns-differ-in-case')?.line).toBe(3);
    expect(rule(said, 'unnamed-column')).toMatchObject({ line: 3, message: expect.stringContaining('in the header (row 3)') });
  });

  it('survey data below a sep= line (CSV) and a title row (workbook)', async () => {
    const a = collect();
    await readSurveyTable(['survey-sep.csv'], { cwd: dir, report: a.report });
    expect(rule(a.said, 'columns-differ-in-case')?.line).toBe(2);
    expect(rule(a.said, 'unnamed-column')).toMatchObject({ line: 2, message: expect.stringContaining('in the header (line 2)') });
    await expect(readSurveyTable(['survey-twice.csv'], { cwd: dir })).rejects.toMatchObject({ diagnostics: [expect.objectContaining({ ruleId: 'duplicate-column', line: 2 })] });
    const b = collect();
    await readSurveyTable(['survey-title.xlsx'], { cwd: dir, report: b.report });
    expect(rule(b.said, 'columns-differ-in-case')?.line).toBe(2);
  });

  it('an answers CSV below a sep= line: a column name used twice is said at line 2', () => {
    const t = readAnswerCsv('sep=;\nrespondent;antwoord;team;team\nR1;Prima contact met de wijk.;a;b\n', 'a.csv');
    const { said, report } = collect();
    checkAnswerTable(t, { text: 1, id: 0 }, 'a.csv', report);
    expect(rule(said, 'duplicate-column')?.line).toBe(2);
  });

  it('an answers workbook below a title row: said at row 2', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Blad1');
    ws.addRow(['Enquête buurtteams']);
    ws.addRow(['respondent', 'antwoord', 'team', 'team']);
    ws.addRow(['R1', 'Prima contact met de wijk.', 'a', 'b']);
    ws.addRow(['R2', 'Te weinig tijd.', 'a', 'b']);
    const t = await readXlsxTable(new Uint8Array(await wb.xlsx.writeBuffer()), 'a.xlsx');
    const { said, report } = collect();
    checkAnswerTable(t, { text: 1, id: 0 }, 'a.xlsx', report);
    expect(rule(said, 'duplicate-column')?.line).toBe(2);
  });

  it('a codings CSV below a sep= line: columns that differ in capitals, a column without a name, a missing code column', () => {
    const { said, report } = collect();
    parseCodingsCsv('sep=;\nsource;code;Team;team;\nr1;tuin;a;a;x\n', 'c.csv', report);
    expect(rule(said, 'columns-differ-in-case')?.line).toBe(2);
    expect(rule(said, 'unnamed-column')).toMatchObject({ line: 2, message: expect.stringContaining('in the header (line 2)') });
    expect(() => parseCodingsCsv('sep=;\nsource;kode\nr1;tuin\n', 'c.csv')).toThrow(expect.objectContaining({ diagnostics: [expect.objectContaining({ ruleId: 'missing-column', line: 2 })] }));
  });

  it('a judgements CSV below a sep= line that lacks a column stops at line 2', () => {
    expect(() => parseJudgements('sep=;\nteam;oordeel\nNoord;goed\n', 'j.csv')).toThrow(expect.objectContaining({ diagnostics: [expect.objectContaining({ ruleId: 'missing-column', line: 2 })] }));
  });

  it('a names list below a sep= line whose first row names other columns stops at line 2', async () => {
    const d = writeProject(dir, 'names', { 'corpus/int1.txt': 'Interviewer: Hoe gaat het met Jan?\nRespondent: Goed.\n', 'namen.csv': 'sep=;\nvoornaam;achternaam\nJan;Jansen\n' });
    const r = await qdaLeavingInputs(d, ['anonymize', 'corpus', '-o', 'anon', '--names', 'namen.csv', '--no-heuristics']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('namen.csv:2: error: the first row ("voornaam,achternaam")');
  });

  it('a cases column whose name is only spaces is not read, as said (it was an attribute "")', async () => {
    writeFileSync(join(dir, 'cases-blank.csv'), 'source;  ;team\nr1;x;a\n');
    const { said, report } = collect();
    const t = await readCases('cases-blank.csv', { cwd: dir, report });
    expect(rule(said, 'unnamed-column')).toBeDefined();
    expect(t.rows[0].attributes).toEqual({ team: 'a' });
  });
});
