import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { naturalSort, romanValue } from '../../src/analysis/order.js';
import { tasksDoc, teamsDoc, TASK_JUDGEMENTS, TEAM_JUDGEMENTS } from './fixtures.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-framework-'));
  writeFileSync(join(dir, 'tasks.json'), JSON.stringify(tasksDoc()));
  writeFileSync(join(dir, 'druk.csv'), TASK_JUDGEMENTS);
  writeFileSync(join(dir, 'teams.json'), JSON.stringify(teamsDoc()));
  writeFileSync(join(dir, 'oordelen.csv'), TEAM_JUDGEMENTS);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]) {
  const io = memoryIo(dir);
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

function firstCsvTable(out: string): Array<Record<string, string>> {
  return Papa.parse<Record<string, string>>(out.trim().split('\n\n')[0], { header: true }).data;
}

describe('natural order', () => {
  it('Roman numerals by value, numbers by value, letters stay letters', () => {
    expect(romanValue('IX')).toBe(9);
    expect(romanValue('IIII')).toBeUndefined();
    expect(naturalSort(['X', 'IV', 'IX', 'VII', 'V'])).toEqual(['IV', 'V', 'VII', 'IX', 'X']);
    expect(naturalSort(['TH.IV', 'TH.II', 'TH.VII', 'TH.I'])).toEqual(['TH.I', 'TH.II', 'TH.IV', 'TH.VII']);
    expect(naturalSort(['10', '2', '1'])).toEqual(['1', '2', '10']);
    expect(naturalSort(['Opgave 10', 'Opgave 2'])).toEqual(['Opgave 2', 'Opgave 10']);
    expect(naturalSort(['team M', 'team C', 'team X'])).toEqual(['team C', 'team M', 'team X']);
  });
});

describe('qda matrix --framework: conditions × tasks (marks)', () => {
  it('each cell: the mark from the judgements and the evidence count, equal to an independent count', async () => {
    const r = await run(['matrix', 'tasks.json', '--framework', 'druk.csv', '--format', 'csv']);
    expect(r.code, r.err).toBe(0);
    const rows = firstCsvTable(r.out);
    const header = Object.keys(rows[0]);
    // columns in natural order of the Roman numerals, each with its evidence column
    expect(header).toEqual(['Dimension', 'IV', 'IV: evidence', 'V', 'V: evidence', 'VII', 'VII: evidence', 'IX', 'IX: evidence', 'X', 'X: evidence']);
    // independent: marks from the judgements text, evidence from the fixture's codings
    const doc = tasksDoc();
    const opgaveOf = new Map(doc.sources.map((s) => [s.id, s.attributes.opgave]));
    const nameToId = new Map(doc.codes.map((c) => [c.name!.nl!, c.id]));
    const marks = new Map<string, string>();
    for (const line of TASK_JUDGEMENTS.trim().split('\n').slice(1)) {
      const [op, dim, mark] = line.split(';');
      marks.set(`${nameToId.get(dim) ?? dim}|${op}`, mark.toUpperCase());
    }
    const evidence = new Map<string, number>();
    for (const c of doc.codings) for (const code of [c.code, 'rv']) evidence.set(`${code}|${opgaveOf.get(c.sourceId)}`, (evidence.get(`${code}|${opgaveOf.get(c.sourceId)}`) ?? 0) + 1);
    const seen = new Set<string>();
    for (const row of rows) {
      const id = /\(([^)]+)\)$/.exec(row.Dimension)![1];
      seen.add(id);
      for (const op of ['IV', 'V', 'VII', 'IX', 'X']) {
        expect(row[op], `${id} ${op}`).toBe(marks.get(`${id}|${op}`) ?? '');
        const n = evidence.get(`${id}|${op}`) ?? 0;
        const ev = row[`${op}: evidence`];
        if (n) expect(Number(ev.split(':')[0]), `${id} ${op}`).toBe(n);
        else expect(ev, `${id} ${op}`).toBe(marks.has(`${id}|${op}`) ? '⚑ no coded evidence' : '0');
      }
    }
    // rows: the judged conditions and the codes with evidence of the same codebook, in codebook order
    expect([...seen]).toEqual(['rv', 'rv-leren', 'rv-regie', 'rv-rollen', 'rv-match', 'rv-prikkels']);
    const j = JSON.parse((await run(['matrix', 'tasks.json', '--framework', 'druk.csv', '--format', 'json'])).out);
    const flagged = [...marks.keys()].filter((k) => !evidence.has(k));
    expect(flagged.sort()).toEqual(['rv-match|VII', 'rv-regie|IX']);
    expect(j[0].notes).toContain('⚑ 2 judgement(s) without coded evidence: IX × rv-regie; VII × rv-match.');
    // the evidence table: one row per coded segment behind a judged cell, with its quote
    const q = j[1].rows.filter((x: Record<string, string>) => x.column === 'V' && x.dimension.endsWith('(rv-match)'));
    expect(q.map((x: Record<string, string>) => x.quote)).toEqual(['Vacatures en werkzoekenden vinden elkaar niet.']);
  });

  it('--row-order, --col-order (list or file) and --judged-only', async () => {
    writeFileSync(join(dir, 'order.txt'), 'X\nIX\n');
    const r = await run(['matrix', 'tasks.json', '--framework', 'druk.csv', '--row-order', 'rv-match,Centrale regie', '--col-order', 'order.txt', '--judged-only', '--format', 'csv']);
    expect(r.code, r.err).toBe(0);
    const rows = firstCsvTable(r.out);
    expect(rows.map((x) => /\(([^)]+)\)$/.exec(x.Dimension)![1])).toEqual(['rv-match', 'rv-regie', 'rv-leren', 'rv-rollen']);
    expect(Object.keys(rows[0]).filter((k) => !k.includes(':')).slice(1)).toEqual(['X', 'IX', 'IV', 'V', 'VII']);
  });

  it('a judgements row naming an unknown task or condition: exit 2 with the rows and the nearest names; nothing written', async () => {
    writeFileSync(join(dir, 'bad.csv'), 'opgave;dimensie;oordeel\nIV;rv-rollen;X\nVI;rv-match;X\nV;rv-mach;X\n');
    const before = readFileSync(join(dir, 'bad.csv'));
    const r = await run(['matrix', 'tasks.json', '--framework', 'bad.csv', '-o', 'out.md']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('bad.csv:3: the opgave "VI" is not in the codings');
    expect(r.err).toMatch(/nearest: [^)]*VII/);
    expect(r.err).toContain('bad.csv:4: the dimension "rv-mach" is no code of the codings (nearest: rv-match');
    expect(existsSync(join(dir, 'out.md'))).toBe(false);
    expect(readFileSync(join(dir, 'bad.csv'))).toEqual(before);
    writeFileSync(join(dir, 'nocol.csv'), 'opgave;wat\nIV;X\n');
    const m = await run(['matrix', 'tasks.json', '--framework', 'nocol.csv']);
    expect(m.code).toBe(2);
    expect(m.err).toContain('a dimension column (dimension, dimensie, code');
  });
});

describe('qda matrix --framework: team × dimension with a ladder', () => {
  it('judgement text with the ladder level named, evidence beside; md, docx', async () => {
    const r = await run(['matrix', 'teams.json', '--framework', 'oordelen.csv', '--ladder', 'hovik-hanssen', '--format', 'csv']);
    expect(r.code, r.err).toBe(0);
    const rows = firstCsvTable(r.out);
    const doc = teamsDoc();
    const teamOf = new Map(doc.sources.map((s) => [s.id, s.attributes.team]));
    const judged = new Map<string, string>();
    for (const line of TEAM_JUDGEMENTS.trim().split('\n').slice(1)) {
      const [team, dim, text, level] = line.split(',');
      judged.set(`${dim}|${team}`, level ? `${text} (level ${level} · ${level === '1' ? 'Mediation' : 'First-order coordination'})` : text);
    }
    for (const row of rows) {
      const id = /\(([^)]+)\)$/.exec(row.Dimension)![1];
      for (const team of ['noord', 'zuid']) {
        expect(row[team], `${id} ${team}`).toBe(judged.get(`${id}|${team}`) ?? '');
        const n = doc.codings.filter((c) => c.code === id && teamOf.get(c.sourceId) === team).length;
        expect(row[`${team}: evidence`].startsWith(n ? `${n}: ` : ''), `${id} ${team}`).toBe(true);
      }
    }
    // codebook order of the rows (the codings' codes list), not the order of the judgements
    expect(rows.map((x) => /\(([^)]+)\)$/.exec(x.Dimension)![1])).toEqual(['communication', 'agreement', 'working-together', 'assisting']);
    const md = await run(['matrix', 'teams.json', '--framework', 'oordelen.csv', '--ladder', 'hovik-hanssen', '--evidence', 'under', '--lang', 'nl', '--format', 'md']);
    expect(md.code).toBe(0);
    expect(md.out).toContain('Raamwerkmatrix: dimensies × team');
    expect(md.out).toContain('niveau 1 · Bemiddeling');
    const docx = await run(['matrix', 'teams.json', '--framework', 'oordelen.csv', '-o', 'f.docx']);
    expect(docx.code).toBe(0);
    const mammoth = await import('mammoth');
    const { value } = await mammoth.extractRawText({ buffer: readFileSync(join(dir, 'f.docx')) });
    expect(value).toContain('weakness: the client is lost after a transfer');
  });
});

describe('qda matrix --framework: an attribute of each coding (a flat CSV whose opgave varies per row)', () => {
  // our fixture: respondent r1 speaks to two tasks (opgave I and II), r2 and r3 to one each
  const CODINGS = [
    'source,code,text,coder,team,opgave',
    'r1,trust,trust one,anna,noord,I',
    'r1,trust,trust two,anna,noord,II',
    'r1,speed,speed one,anna,noord,II',
    'r2,speed,speed two,anna,zuid,I',
    'r3,trust,trust three,anna,zuid,II',
    'r3,trust,trust four,anna,zuid,II',
  ];
  const JUDGED = ['opgave,dimension,judgement', 'I,trust,X', 'II,speed,X', 'II,trust,X', 'I,speed,'];
  it('each coding counts under its own opgave (before: II was "not in the codings", exit 2); cells equal an independent count', async () => {
    writeFileSync(join(dir, 'per-row.csv'), CODINGS.join('\n') + '\n');
    writeFileSync(join(dir, 'per-row-judged.csv'), JUDGED.join('\n') + '\n');
    const r = await run(['matrix', 'per-row.csv', '--framework', 'per-row-judged.csv', '--format', 'csv']);
    expect(r.err).not.toMatch(/error/);
    expect(r.code).toBe(0);
    const rows = firstCsvTable(r.out);
    const body = CODINGS.slice(1).map((l) => l.split(','));
    const judged = new Map(JUDGED.slice(1).map((l) => l.split(',')).map(([op, dim, j]) => [`${dim}|${op}`, j === 'x' ? 'X' : j]));
    expect(rows.map((x) => x.Dimension)).toEqual(['trust', 'speed']);
    for (const row of rows) {
      for (const op of ['I', 'II']) {
        // independent count: rows of the CSV with this code and this opgave (each row its own segment)
        const n = body.filter((b) => b[1] === row.Dimension && b[5] === op).length;
        expect(row[op], `${row.Dimension} ${op}`).toBe(judged.get(`${row.Dimension}|${op}`) ?? '');
        expect(Number(row[`${op}: evidence`].split(':')[0]), `${row.Dimension} ${op}`).toBe(n);
      }
    }
    const md = await run(['matrix', 'per-row.csv', '--framework', 'per-row-judged.csv', '--format', 'md']);
    expect(md.out).toContain('attribute of each coding');
    // the same from qda report --framework
    const rep = await run(['report', 'per-row.csv', '--framework', 'per-row-judged.csv', '-o', 'per-row.html']);
    expect(rep.code).toBe(0);
    expect(readFileSync(join(dir, 'per-row.html'), 'utf8')).toContain('attribute of each coding');
  });
});

describe('framework: in qda.yaml (qda run and qda report include the framework matrix)', () => {
  const CODINGS = ['source,code,text,coder,team', 'r1,trust,trust one,anna,noord', 'r2,trust,trust two,anna,zuid', 'r2,speed,speed one,anna,zuid'].join('\n') + '\n';
  const JUDGED = ['team,dimension,judgement', 'noord,trust,strength: they trust each other', 'noord,speed,weakness: slow'].join('\n') + '\n';
  const project = () => {
    const d = mkdtempSync(join(tmpdir(), 'qda-framework-yaml-'));
    writeFileSync(join(d, 'codings.csv'), CODINGS);
    writeFileSync(join(d, 'oordelen.csv'), JUDGED);
    writeFileSync(join(d, 'qda.yaml'), 'framework: oordelen.csv\nlanguage: en\n');
    return d;
  };
  const runIn = async (d: string, args: string[]) => {
    const io = memoryIo(d);
    const code = await main(args, io);
    return { code, out: io.out(), err: io.err() };
  };
  it('qda run writes framework.md/.xlsx and the report section; cells equal the judgements and an independent count', async () => {
    const d = project();
    const r = await runIn(d, ['run', 'codings.csv', '-o', 'out']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/framework matrix: 2 judged cells of 4 \(oordelen\.csv\), 1 without coded evidence/);
    expect(r.out).toContain('framework.md');
    const md = readFileSync(join(d, 'out', 'framework.md'), 'utf8');
    // trust × noord: judged, 1 coding (r1); speed × noord: judged, no evidence (flagged); zuid: no judgements, evidence 1 and 1
    expect(md).toMatch(/\| trust \| strength: they trust each other \| 1: r1#\w+ \|  \| 1: r2#\w+ \|/);
    expect(md).toMatch(/\| speed \| weakness: slow \| ⚑ no coded evidence \|  \| 1: r2#\w+ \|/);
    expect(existsSync(join(d, 'out', 'framework.xlsx'))).toBe(true);
    expect(readFileSync(join(d, 'out', 'report.html'), 'utf8')).toContain('id="framework"');
    // the same from qda report (no --framework: from qda.yaml); --framework overrides it
    const rep = await runIn(d, ['report', 'codings.csv', '-o', 'r.html']);
    expect(rep.code).toBe(0);
    expect(readFileSync(join(d, 'r.html'), 'utf8')).toContain('weakness: slow');
  });
  it('an output over the judgements file of qda.yaml is refused (exit 2), the file unchanged; a framework: that is no path is exit 2', async () => {
    const d = project();
    const before = readFileSync(join(d, 'oordelen.csv'));
    const r = await runIn(d, ['report', 'codings.csv', '-o', 'oordelen.csv']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/-o oordelen\.csv is the judgements file \(framework:\) of qda\.yaml/);
    expect(readFileSync(join(d, 'oordelen.csv'))).toEqual(before);
    writeFileSync(join(d, 'qda.yaml'), 'framework: [a, b]\n');
    const bad = await runIn(d, ['report', 'codings.csv', '-o', 'r.html']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/qda\.yaml.*"framework" must be the path of the judgements CSV/s);
    expect(existsSync(join(d, 'r.html'))).toBe(false);
  });
});
