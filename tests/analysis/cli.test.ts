import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { cohenKappa, krippendorffAlphaNominal, byUnit } from '../../src/analysis/agreement.js';
import { twoTeams } from '../fixtures/analysis/build.js';
import { xlsxTextCells } from '../helpers/xlsx-text.js';

const FIX = new URL('../fixtures/analysis/', import.meta.url).pathname;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-analysis-'));
  writeFileSync(join(dir, 'codings.json'), JSON.stringify(twoTeams()));
  for (const f of ['anna.csv', 'bart.csv', 'hostile.csv']) copyFileSync(join(FIX, f), join(dir, f));
  writeFileSync(join(dir, 'empty.csv'), 'source,code\n');
});

async function run(...argv: string[]) {
  const io = memoryIo(dir);
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err(), bytes: io.outBytes() };
}

describe('qda matrix', () => {
  it('markdown to stdout by default', async () => {
    const r = await run('matrix', 'codings.json', '--cols', 'team', '--measure', 'respondents');
    expect(r.code).toBe(0);
    expect(r.out).toContain('| coop | Cooperation | 2 | 3 | 5 |');
    expect(r.out).toMatch(/N respondents \*\* \| \*\*2\*\* \| \*\*4\*\*|N respondents/);
  });
  it('co-occurrence as JSON (two tables)', async () => {
    const r = await run('matrix', 'codings.json', '--cooccur', '--within', 'turn', '--format', 'json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j).toHaveLength(2);
    expect(j[1].notes.join(' ')).toMatch(/Jaccard/);
  });
  it('unknown attribute: exit 2 with the available attributes and did-you-mean', async () => {
    const r = await run('matrix', 'codings.json', '--cols', 'teams');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown attribute "teams"/);
    expect(r.err).toMatch(/did you mean: team/);
    expect(r.err).toMatch(/available: source, case, source-kind, team/);
  });
  it('empty codings: exit 2 with a clear message', async () => {
    const r = await run('matrix', 'empty.csv');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/empty\.csv: error: the codings file contains no codings/);
  });
  it('XLSX re-opened by exceljs: values and a conditional format', async () => {
    const r = await run('matrix', 'codings.json', '--cols', 'team', '-o', 'm.xlsx');
    expect(r.code).toBe(0);
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(join(dir, 'm.xlsx')) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const header = rows.findIndex((x) => x.includes('Code'));
    expect(rows[header]).toEqual(['Code', 'Name', 'A', 'B', 'Total']);
    expect(rows.find((x) => x[0] === 'coop')!.slice(2)).toEqual([2, 4, 6]);
    const cf = (ws as unknown as { conditionalFormattings: Array<{ rules: Array<{ type: string }> }> }).conditionalFormattings;
    expect(cf.length).toBeGreaterThan(0);
    expect(cf[0].rules[0].type).toBe('colorScale');
  });
  it('hostile text: escaped in HTML and LaTeX, formulas neutralised in CSV and XLSX', async () => {
    const html = await run('matrix', 'hostile.csv', '--cols', 'team', '--format', 'html');
    expect(html.out).not.toContain('<script>');
    expect(html.out).toContain('&lt;script&gt;');
    const tex = await run('matrix', 'hostile.csv', '--cols', 'team', '--format', 'latex');
    expect(tex.out).toContain('\\textbackslash{}textbf\\{x\\}\\&\\$');
    const csv = await run('matrix', 'hostile.csv', '--cols', 'team', '--format', 'csv');
    expect(csv.out).not.toMatch(/(^|,)"?=HYPERLINK/m);
    expect(csv.out).toContain("'=HYPERLINK");
    await run('matrix', 'hostile.csv', '--cols', 'team', '-o', 'h.xlsx');
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(join(dir, 'h.xlsx')) as unknown as ArrayBuffer);
    const cells: unknown[] = [];
    wb.worksheets[0].eachRow((row) => row.eachCell((c) => cells.push(c.value)));
    expect(cells.some((v) => typeof v === 'object' && v !== null && 'formula' in (v as object))).toBe(false);
    // (a text that starts like a formula is as typed, in a cell kept as text: quotePrefix)
    const xml = xlsxTextCells(readFileSync(join(dir, 'h.xlsx')));
    expect(xml.formulas).toBe(0);
    const risky = xml.cells.filter((c) => c.text.startsWith('='));
    expect(risky.length).toBeGreaterThan(0);
    for (const c of risky) expect(c.quotePrefix, c.ref).toBe(true);
  });
});

describe('qda compare', () => {
  it('by team with a ladder file', async () => {
    writeFileSync(
      join(dir, 'ladder.yaml'),
      'id: tladder\nname: {en: Test ladder, nl: Testladder}\nladder: true\ncodes:\n  - id: coop\n    name: {en: Cooperation}\n    level: 1\n  - id: trust\n    name: {en: Trust}\n    level: 2\n',
    );
    const r = await run('compare', 'codings.json', '--by', 'team', '--ladder', 'ladder.yaml', '--format', 'json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const [cmp, lad] = JSON.parse(r.out);
    expect(cmp.rows.find((x: { code: string }) => x.code === 'trust').flag).toBe('yes');
    const a = lad.rows.find((x: { group: string; case: string }) => x.group === 'A' && x.case === 'p1');
    expect(a).toMatchObject({ level: 2, levelName: 'Trust', count: 1, evidence: 's1#3' });
  });
  it('unknown --by: exit 2', async () => {
    const r = await run('compare', 'codings.json', '--by', 'group');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown attribute "group" for --by/);
  });
});

describe('qda agree', () => {
  it('two coders\' CSV files with the same coder name: names from the files; κ and α match hand-built vectors', async () => {
    const r = await run('agree', 'anna.csv', 'bart.csv', '--format', 'json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const t = JSON.parse(r.out);
    expect(t.title).toMatch(/anna vs bart/);
    expect(t.notes.join(' ')).toMatch(/N = 7 units/);
    // units i1#1,i1#2,i1#3,i2#1,i2#2,i2#3,i2#4
    const A = { trust: [1, 0, 1, 0, 1, 0, 0], meet: [0, 1, 0, 1, 0, 0, 0], share: [0, 0, 0, 0, 0, 0, 1] };
    const B = { trust: [1, 1, 0, 0, 0, 0, 0], meet: [0, 1, 0, 1, 0, 0, 0], share: [0, 0, 0, 0, 0, 1, 1] };
    for (const code of ['trust', 'meet', 'share'] as const) {
      const row = t.rows.find((x: { code: string }) => x.code === code);
      expect(row.cohen).toBeCloseTo(cohenKappa(A[code], B[code])!, 4);
      expect(row.alpha).toBeCloseTo(krippendorffAlphaNominal(byUnit([A[code], B[code]]))!, 4);
    }
    expect(t.rows.find((x: { code: string }) => x.code === 'trust').cohen).toBeCloseTo(2 / 23, 4);
    const pooled = t.rows[3];
    const all = (o: typeof A) => [...o.trust, ...o.meet, ...o.share];
    expect(pooled.cohen).toBeCloseTo(cohenKappa(all(A), all(B))!, 4);
    expect(pooled.cohen).toBeCloseTo(96 / 180, 4);
  });
  it('one file with one coder: exit 2 explaining why', async () => {
    const r = await run('agree', 'anna.csv');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/at least two coders/);
  });
  it('--coders picks and orders coders; unknown coder has did-you-mean', async () => {
    const doc = twoTeams();
    const two = { ...doc, codings: [...doc.codings, ...doc.codings.filter((_, i) => i % 2 === 0).map((c) => ({ ...c, id: c.id + 'r', coder: 'rules' }))] };
    writeFileSync(join(dir, 'two.json'), JSON.stringify(two));
    const r = await run('agree', 'two.json', '--coders', 'rules,human', '--unit', 'source', '--format', 'md');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/rules vs human/);
    expect(r.out).toMatch(/Precision, recall and F1 of rules against human/);
    const bad = await run('agree', 'two.json', '--coders', 'rulez,human');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/did you mean: rules/);
  });
});

describe('table commands: -o names a format', () => {
  it('an unknown extension without --format is refused before any work', async () => {
    for (const argv of [
      ['matrix', 'codings.json', '-o', 'm.xls'],
      ['compare', 'codings.json', '--by', 'team', '-o', 'c.pdf'],
      ['agree', 'anna.csv', 'bart.csv', '-o', 'a.txt'],
      ['saturation', 'codings.json', '-o', 's.pdf'],
    ]) {
      const r = await run(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toMatch(/cannot tell the output format from the file name/);
    }
    expect((await run('matrix', 'codings.json', '-o', 'm.xls')).err).toMatch(/Excel: use \.xlsx/);
  });
  it('--format wins, with a warning when the extension says otherwise', async () => {
    const r = await run('matrix', 'codings.json', '--format', 'csv', '-o', 'm.md');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/--format csv is written to "m.md", whose extension says md/);
    expect(readFileSync(join(dir, 'm.md'), 'utf8')).toMatch(/^Code,Name,/);
  });
});
