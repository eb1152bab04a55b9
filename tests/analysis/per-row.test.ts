import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { parseCodingsCsv, parseCodingsJson } from '../../src/ingest/read-codings.js';
import { computeMatrix } from '../../src/analysis/matrix.js';
import { compareGroups } from '../../src/analysis/compare.js';
import { compareWithin } from '../../src/analysis/compare-within.js';
import { computeSaturation } from '../../src/analysis/saturation.js';
import type { Diagnostic } from '../../src/model/types.js';
import { codingsDocumentText } from '../../src/export/codings-document.js';

/**
 * Per-row attributes of a flat codings CSV, code hierarchy from CSV, the `uses` measure and
 * "X of Y" per question. The fixture is our own: two respondents who answer different questions
 * under different factors (the bug: every row took the first row's attributes).
 */
const CSV = [
  'source,group,question,factor,code,text',
  'r1,A,Q1,Organisatie,trust,eerste antwoord van r1',
  'r1,A,Q2,Proces,trust,tweede antwoord van r1',
  'r1,A,Q2,Proces,meeting,tweede antwoord van r1',
  'r1,A,Q3,Relatie,meeting,derde antwoord van r1',
  'r2,A,Q1,Organisatie,meeting,antwoord van r2',
  'r3,B,Q2,Proces,trust,antwoord van r3 op vraag twee',
  'r3,B,Q3,Relatie,trust,antwoord van r3 op vraag drie',
].join('\n');

describe('per-row attributes of a flat codings CSV', () => {
  const warnings: Diagnostic[] = [];
  const doc = parseCodingsCsv(CSV, 'rows.csv', (d) => warnings.push(d));
  it('every non-known column is an attribute of its own coding', () => {
    expect(doc.codings.map((c) => c.attributes?.question)).toEqual(['Q1', 'Q2', 'Q2', 'Q3', 'Q1', 'Q2', 'Q3']);
    expect(doc.codings.map((c) => c.attributes?.factor)).toEqual(['Organisatie', 'Proces', 'Proces', 'Relatie', 'Organisatie', 'Proces', 'Relatie']);
  });
  it('a column constant within each source is also a source attribute; a varying one is not', () => {
    const r1 = doc.sources.find((s) => s.id === 'r1')!;
    expect(r1.attributes).toEqual({ group: 'A' });
    // r2 has one row: its question is constant within it
    expect(doc.sources.find((s) => s.id === 'r2')!.attributes).toEqual({ group: 'A', question: 'Q1', factor: 'Organisatie' });
    expect(warnings).toEqual([]);
  });
  it('matrix --cols factor counts each coding under its own factor (before: all codings of r1 under the factor of its first row)', () => {
    const t = computeMatrix(doc, { cols: 'factor', measure: 'uses' });
    const row = (code: string) => t.rows.find((r) => r.code === code)!;
    // trust: r1 Q1 Organisatie, r1 Q2 Proces, r3 Q2 Proces, r3 Q3 Relatie
    expect([row('trust').Organisatie, row('trust').Proces, row('trust').Relatie]).toEqual([1, 2, 1]);
    // meeting: r1 Q2 Proces, r1 Q3 Relatie, r2 Q1 Organisatie
    expect([row('meeting').Organisatie, row('meeting').Proces, row('meeting').Relatie]).toEqual([1, 1, 1]);
    expect(t.notes!.join(' ')).toMatch(/"factor" is an attribute of each coding/);
  });
  it('respondents per factor: N per column = respondents with a coding under that value', () => {
    const t = computeMatrix(doc, { cols: 'factor', measure: 'respondents' });
    const n = t.rows.find((r) => r.label === 'N respondents')!;
    // Organisatie: r1, r2; Proces: r1, r3; Relatie: r1, r3
    expect([n.Organisatie, n.Proces, n.Relatie]).toEqual([2, 2, 2]);
  });
  it('compare --by question shows every question (before: 2 of 3, each respondent under the question of its first row)', () => {
    const r = compareGroups(doc, { by: 'question' });
    expect(r.groups.map((g) => [g.group, g.respondents])).toEqual([
      ['Q1', 2],
      ['Q2', 2],
      ['Q3', 2],
    ]);
  });
  it('saturation --by factor uses the coding’s own factor', () => {
    const r = computeSaturation(doc, { by: 'factor', base: 1, run: 1 });
    expect(r.groups.map((g) => [g.group, g.points.map((p) => `${p.sourceId}:${p.codes.join('+')}`).join(' ')])).toEqual([
      ['Organisatie', 'r1:trust r2:meeting'],
      ['Proces', 'r1:meeting+trust r3:trust'],
      ['Relatie', 'r1:meeting r3:trust'],
    ]);
  });
  it('the JSON document carries the per-coding attributes (documented field) and reads back the same', () => {
    const back = parseCodingsJson(JSON.stringify(doc), 'rows.json');
    expect(back.codings.map((c) => c.attributes)).toEqual(doc.codings.map((c) => c.attributes));
    expect(computeMatrix(back, { cols: 'factor', measure: 'uses' }).rows).toEqual(computeMatrix(doc, { cols: 'factor', measure: 'uses' }).rows);
    // and in the document qda code writes (schema version 2)
    const v2 = parseCodingsJson(codingsDocumentText(doc), 'rows.json');
    expect(v2.codings.map((c) => c.attributes)).toEqual(doc.codings.map((c) => c.attributes));
    const schema = JSON.parse(readFileSync(new URL('../../schemas/codings.schema.json', import.meta.url), 'utf8'));
    expect(schema.definitions.coding.properties.attributes.additionalProperties).toEqual({ type: 'string' });
    const v1 = JSON.parse(readFileSync(new URL('../../schemas/codings-v1.schema.json', import.meta.url), 'utf8'));
    expect(v1.properties.codings.items.properties.attributes.additionalProperties).toEqual({ type: 'string' });
  });
  it('a damaged per-coding attribute is refused with its JSON path', () => {
    const bad = JSON.parse(JSON.stringify(doc));
    bad.codings[2].attributes = { question: 3 };
    expect(() => parseCodingsJson(JSON.stringify(bad), 'bad.json')).toThrow(/\/codings\/2\/attributes\/question.*|attribute values must be strings/);
  });
});

describe('empty and stray values are reported with their rows', () => {
  it('an empty question counts under "(no question)", with a warning naming the rows', () => {
    const warnings: Diagnostic[] = [];
    const doc = parseCodingsCsv(['source,question,code', 'a,Q1,x', 'a,,y', 'b,Q1,x', 'b,Q2,y', 'c,Q2,x'].join('\n'), 'q.csv', (d) => warnings.push(d));
    expect(warnings.map((w) => [w.ruleId, w.line])).toEqual([['empty-attribute', 3]]);
    expect(warnings[0].message).toMatch(/1 row\(s\) leave "question" empty \(lines 3\); they count under "\(no question\)"/);
    const t = computeMatrix(doc, { cols: 'question', measure: 'uses' });
    expect(t.columns.map((c) => c.label)).toContain('(no question)');
    const w = compareWithin(doc, { within: 'question' });
    expect(w.values.map((v) => v.value)).toEqual(['Q1', 'Q2', '(no question)']);
    expect(w.warnings.map((d) => d.ruleId)).toEqual(['no-within-value']);
  });
  it('a respondent under a second group on one row: a warning with the rows, and a note in the comparison', () => {
    const warnings: Diagnostic[] = [];
    const rows = ['source,group,code'];
    for (const s of ['w1', 'w2', 'w3', 'w4']) rows.push(`${s},WC,x`, `${s},WC,y`);
    for (const s of ['j1', 'j2', 'j3']) rows.push(`${s},JW,x`);
    rows.push('w4,JW,y'); // line 13: the stray row
    const doc = parseCodingsCsv(rows.join('\n'), 'g.csv', (d) => warnings.push(d));
    expect(warnings.map((w) => w.ruleId)).toEqual(['attribute-varies']);
    expect(warnings[0].message).toMatch(/"group" has more than one value within source "w4", while it is constant within 6 of 7 sources: "WC" \(lines 8–9\), "JW" \(line 13\)/);
    const r = compareGroups(doc, { by: 'group' });
    // w4 is counted in both groups (it says so): JW has 4 respondents, WC 4
    expect(r.groups.map((g) => [g.group, g.respondents])).toEqual([
      ['JW', 4],
      ['WC', 4],
    ]);
    expect(r.tables[0].notes!.join(' ')).toMatch(/Respondent w4 occurs in 2 groups and is counted in each: WC \(2 codings\); JW \(1 coding: y @/);
  });
  it('ids that occur only on interviewer rows are not counted in N, and are named (in the notes and in a reader warning with their lines); a respondent with one interviewer row keeps its own codings (before: set aside with that row, N 1 of 2)', () => {
    const warnings: Diagnostic[] = [];
    const doc = parseCodingsCsv(['source,role,code', 'a,respondent,x', 'b,respondent,x', 'b,respondent,y', 'int1,interviewer,x', 'b,interviewer,z'].join('\n'), 'i.csv', (d) => warnings.push(d));
    // b also has an interviewer row (line 6), but respondent rows too: it is a respondent and not named
    expect(warnings.map((w) => [w.ruleId, w.line])).toEqual([['interviewer-only-id', 5]]);
    expect(warnings[0].message).toBe('1 id(s) occur only on interviewer rows and are not counted as respondents: "int1" (line 5)');
    const t = computeMatrix(doc, { cols: 'source', measure: 'respondents' });
    expect(t.rows.find((r) => r.label === 'N respondents')!.total).toBe(2);
    expect([t.rows.find((r) => r.code === 'x')!.b, t.rows.find((r) => r.code === 'y')!.b, t.rows.find((r) => r.code === 'z')?.b ?? 0]).toEqual([1, 1, 0]);
    expect(t.notes!.join(' ')).toMatch(/interviewer turns are not counted \(2 set aside\)/);
    expect(t.notes!.join(' ')).toMatch(/Not counted as respondents: 1 id\(s\) that occur only on interviewer rows: int1 \(int1#line5\)/);
    const c = compareGroups(doc, { by: 'source' });
    expect(c.groups.find((g) => g.group === 'int1')?.respondents ?? 0).toBe(0);
  });
});

describe('code hierarchy from a CSV', () => {
  it('a parent column: roll-ups (--rows category) as from JSON', () => {
    const doc = parseCodingsCsv(['source,code,parent', 'a,informeren,samenwerking', 'a,afstemmen,samenwerking', 'b,afstemmen,', 'b,vertrouwen,relatie'].join('\n'), 'p.csv');
    const t = computeMatrix(doc, { cols: 'source', measure: 'segments', rows: 'category' });
    const row = (c: string) => t.rows.find((r) => r.code === c)!;
    // samenwerking: a has 2 codings (distinct segments = 2 rows), b 1
    expect([row('samenwerking').a, row('samenwerking').b, row('relatie').b]).toEqual([2, 1, 1]);
    expect(doc.codes.find((c) => c.id === 'afstemmen')!.parent).toBe('samenwerking');
  });
  it('a code path: each part the parent of the next', () => {
    const doc = parseCodingsCsv(['source,code', 'a,Samenwerking > Informeren > systems', 'b,Samenwerking > Afstemmen'].join('\n'), 'path.csv');
    expect(doc.codings.map((c) => c.code)).toEqual(['systems', 'Afstemmen']);
    expect(Object.fromEntries(doc.codes.map((c) => [c.id, c.parent ?? null]))).toEqual({ Samenwerking: null, Informeren: 'Samenwerking', systems: 'Informeren', Afstemmen: 'Samenwerking' });
    const t = computeMatrix(doc, { cols: 'source', measure: 'sources', rows: 'category' });
    expect(t.rows.find((r) => r.code === 'Samenwerking')!.total).toBe(2);
  });
  it('conflicting parents: exit 2 naming both rows, files untouched', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-parent-'));
    const text = ['source,code,parent', 'a,x,P', 'b,y,P', 'c,x,Q'].join('\n');
    writeFileSync(join(dir, 'c.csv'), text);
    const io = memoryIo(dir);
    const code = await main(['matrix', 'c.csv', '--rows', 'category'], io);
    expect(code).toBe(2);
    expect(io.err()).toMatch(/c\.csv:4: error: code "x" has two parents: "P" \(line 2\) and "Q" \(line 4\)/);
    expect(readFileSync(join(dir, 'c.csv'), 'utf8')).toBe(text);
    expect(() => parseCodingsCsv(['source,code', 'a,A > B', 'b,B > A'].join('\n'), 'cyc.csv')).toThrow(/form a cycle/);
  });
});

describe('the uses measure', () => {
  it('counts every code application: twice in one segment counts twice (segments counts once)', () => {
    const doc = parseCodingsCsv(['source,segment,code,parent', 'a,1,x,P', 'a,1,x,P', 'a,1,y,P', 'a,2,x,P', 'b,1,y,P'].join('\n'), 'u.csv');
    const uses = computeMatrix(doc, { cols: 'source', measure: 'uses' });
    const segs = computeMatrix(doc, { cols: 'source', measure: 'segments' });
    const u = (c: string) => uses.rows.find((r) => r.code === c)!;
    const s = (c: string) => segs.rows.find((r) => r.code === c)!;
    // x: 3 uses in a (two in segment 1, one in segment 2), 2 segments
    expect([u('x').a, s('x').a]).toEqual([3, 2]);
    // parent P: 5 uses in all (own none, children 3 + 2), segments a#1, a#2, b#1 = 3
    expect([u('P').total, s('P').total]).toEqual([5, 3]);
    expect(uses.notes!.join(' ')).toMatch(/Measure: code uses\..*every coding counts, also when a segment has the same code twice/);
  });
});

describe('qda compare --within: X of Y per question', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'qda-within-'));
    // our own labelschema: 4 WC (one not asked Q1), 3 JW
    const rows = ['source,group,question,code'];
    rows.push('w1,WC,Q1,steunen', 'w2,WC,Q1,steunen', 'w2,WC,Q1,signaleren', 'w3,WC,Q1,signaleren', 'w4,WC,Q1,Onbekend');
    rows.push('w1,WC,Q2,ja', 'w2,WC,Q2,nee', 'w3,WC,Q2,ja', 'w4,WC,Q2,ja');
    rows.push('j1,JW,Q1,steunen', 'j2,JW,Q2,nee', 'j3,JW,Q2,nee');
    writeFileSync(join(dir, 'l.csv'), rows.join('\n'));
  });
  const run = async (...argv: string[]) => {
    const io = memoryIo(dir);
    const code = await main(argv, io);
    return { code, out: io.out(), err: io.err() };
  };
  it('X = respondents with the code under the question, Y = respondents of the group who answered it; not asked left out of Y', async () => {
    const r = await run('compare', 'l.csv', '--by', 'group', '--within', 'question', '--not-asked', 'Onbekend', '--format', 'json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    const row = (q: string, c: string) => j.rows.find((x: Record<string, unknown>) => x.value === q && x.code === c);
    // WC Q1: answered w1, w2, w3 (w4 only "Onbekend") → Y = 3; steunen w1, w2 → X = 2
    expect([row('Q1', 'steunen')['x:WC'], row('Q1', 'steunen')['y:WC'], row('Q1', 'steunen')['share:WC']]).toEqual([2, 3, 66.7]);
    expect([row('Q1', 'steunen')['x:JW'], row('Q1', 'steunen')['y:JW']]).toEqual([1, 1]);
    expect(row('Q1', 'Onbekend')['x:WC']).toBe(1);
    expect(row('Q1', 'Onbekend')['y:WC']).toBeNull();
    // WC Q2: all 4 answered; ja = w1, w3, w4
    expect([row('Q2', 'ja')['x:WC'], row('Q2', 'ja')['y:WC']]).toEqual([3, 4]);
    expect([row('Q2', 'nee')['x:JW'], row('Q2', 'nee')['y:JW']]).toEqual([2, 2]);
  });
  it('md in Dutch reads "X van de Y"', async () => {
    const r = await run('compare', 'l.csv', '--by', 'group', '--within', 'question', '--not-asked', 'Onbekend', '--lang', 'nl');
    expect(r.out).toMatch(/\| Q1 \| steunen \| steunen \| 1 \| 1 \| 100 \| 1 van de 1 \| 2 \| 3 \| 66,7 \| 2 van de 3 \|/);
    expect(r.out).toMatch(/1 niet gevraagd/);
  });
  it('docx: the same table in a Word file (re-opened with mammoth)', async () => {
    const r = await run('compare', 'l.csv', '--by', 'group', '--within', 'question', '--lang', 'nl', '-o', 'w.docx');
    expect(r.code).toBe(0);
    const mammoth = await import('mammoth');
    const { value } = await mammoth.extractRawText({ buffer: readFileSync(join(dir, 'w.docx')) });
    // (for print a column a group, X/Y (%): huntana, session 23)
    expect(value).toMatch(/2\/4 \(50\)/);
  });
  it('--within an attribute no coding has: exit 2 naming the attributes that exist', async () => {
    const r = await run('compare', 'l.csv', '--by', 'group', '--within', 'factor');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown attribute "factor" for --within/);
    expect(r.err).toMatch(/available: group, question/);
  });
  it('--not-asked naming no code: a warning', async () => {
    const r = await run('compare', 'l.csv', '--by', 'group', '--within', 'question', '--not-asked', 'Onbekent');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/warning: --not-asked "Onbekent" names no code/);
    expect(r.err).toMatch(/did you mean: Onbekend/);
  });
});

describe('code hierarchy from the codebooks given with -c', () => {
  it('matrix --rows category on a flat CSV resolves parents (and names) against the codebook; a different parent is reported', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-cb-'));
    writeFileSync(
      join(dir, 'book.yaml'),
      ['id: mijn-boek', 'name: {nl: Mijn boek, en: My book}', 'language: nl', 'codes:', '  - id: relatie', '    name: {nl: Relatie, en: Relationship}', '  - id: trust', '    parent: relatie', '    name: {nl: Vertrouwen, en: Trust}', '  - id: conflict', '    parent: relatie', '    name: {nl: Conflict, en: Conflict}', ''].join('\n'),
    );
    writeFileSync(join(dir, 'c.csv'), ['source,code', 'a,trust', 'a,Conflict', 'b,trust', 'c,other'].join('\n'));
    const io = memoryIo(dir);
    expect(await main(['matrix', 'c.csv', '-c', 'book.yaml', '--rows', 'category', '--cols', 'source', '--measure', 'sources', '--format', 'json'], io)).toBe(0);
    const t = JSON.parse(io.out());
    const row = (c: string) => t.rows.find((r: Record<string, unknown>) => r.code === c);
    // relatie = trust (a, b) ∪ conflict (a, named by its name) → 2 sources; "other" stays its own category
    expect([row('relatie').a, row('relatie').b, row('relatie').total]).toEqual([1, 1, 2]);
    expect(row('other').c).toBe(1);
    expect(io.err()).toMatch(/1 coding\(s\) name the code "Conflict" by its name; they are counted under its id "conflict"/);
    writeFileSync(join(dir, 'p.csv'), ['source,code,parent', 'a,trust,elders'].join('\n'));
    const io2 = memoryIo(dir);
    expect(await main(['matrix', 'p.csv', '-c', 'book.yaml', '--rows', 'category'], io2)).toBe(0);
    expect(io2.err()).toMatch(/code "trust" has parent "elders" in the codings, but "relatie" in codebook "mijn-boek"; the codings' parent is used/);
  });
});

describe('a labelschema typed in the study’s own columns', () => {
  it('Hoofdlabel = question, Sublabel = label, Sub-sub-label = sub-label; Respondent, Citaat, Pagina, Kenmerken; said in a warning', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-ls-cols-'));
    writeFileSync(
      join(dir, 'ls.csv'),
      [
        'Hoofdlabel;Sublabel;Sub-sub-label;Respondent;Kenmerken;Citaat;Pagina',
        '1. Eigen rol;Ondersteunend;;1;V 40-59 jaar;“Ik help (…) de wijk.”;2',
        '1. Eigen rol;Ondersteunend;Praktisch;2;M 20-39 jaar;“Wij regelen (…) voor gezinnen.”;3',
        '2. Rolverdeling;Overlap;Zoekend;1;V 40-59 jaar;“Niet goed (…) jullie doen.”;',
        '2. Rolverdeling;Onbekend;;2;M 20-39 jaar;-;',
      ].join('\n'),
    );
    const io = memoryIo(dir);
    expect(await main(['appendix', 'ls.csv', '--by', 'question', '--lang', 'nl'], io)).toBe(0);
    expect(io.err()).toMatch(/no "code" column: read as a labelschema, "Hoofdlabel" = the question, "Sublabel" = the label \(code\), "Sub-sub-label" = the sub-label/);
    const md = io.out();
    expect(md).toContain('| 1. Eigen rol | Ondersteunend |  | 1 | V 40-59 jaar | “Ik help (…) de wijk.” | 2 |');
    expect(md).toContain('|  |  | Praktisch | 2 | M 20-39 jaar | “Wij regelen (…) voor gezinnen.” | 3 |');
    expect(md).toContain('| 2. Rolverdeling | Overlap | Zoekend | 1 | V 40-59 jaar | “Niet goed (…) jullie doen.” | – |');
    expect(md).toContain('|  | Onbekend |  | 2 | M 20-39 jaar | – | – |');
    for (const [format, want] of [['latex', '\\begin{longtable}'], ['html', '<th scope="col">Kenmerken</th>']] as const) {
      const io3 = memoryIo(dir);
      expect(await main(['appendix', 'ls.csv', '--by', 'question', '--lang', 'nl', '--format', format], io3)).toBe(0);
      expect(io3.out()).toContain(want);
      expect(io3.out()).toContain('Rolverdeling');
    }
    const io2 = memoryIo(dir);
    expect(await main(['compare', 'ls.csv', '--by', 'source', '--within', 'question', '--not-asked', 'Onbekend', '--format', 'json'], io2)).toBe(0);
    const rows = JSON.parse(io2.out()).rows;
    expect(rows.find((r: Record<string, unknown>) => r.value === '2. Rolverdeling' && r.code === 'Overlap')['y:2']).toBe(0);
  });
});
