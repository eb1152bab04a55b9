/**
 * Two codes of ONE codebook that share a name under different parents ("Overig" under both
 * Samenwerking and Vertrouwen): every label made from the codings (skeleton sentences, matrices,
 * comparisons, the heat map, appendices) qualifies them by their parent, so a reader can tell them
 * apart. Before, only codes of different codebooks were qualified: the matrix read "· Overig" twice
 * and the skeleton "Binnen Samenwerking noemen beide Overig." beside "… Overig (testboek)." (the id
 * of the codebook, which both share).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs, writeProject } from '../helpers/inputs-untouched.js';
import { uniqueCodeNames } from '../../src/analysis/hierarchy.js';

const CODEBOOK = `id: testboek
name: {nl: Testboek, en: Test book}
language: nl
codes:
  - id: samenwerking
    name: {nl: Samenwerking, en: Collaboration}
    rules: [{keywords: {nl: [samenwerken]}}]
  - id: samenwerking-overig
    parent: samenwerking
    name: {nl: Overig, en: Other}
    rules: [{keywords: {nl: [overleg]}}]
  - id: vertrouwen
    name: {nl: Vertrouwen, en: Trust}
    rules: [{keywords: {nl: [vertrouwen]}}]
  - id: vertrouwen-overig
    parent: vertrouwen
    name: {nl: Overig, en: Other}
    rules: [{keywords: {nl: [wantrouwen]}}]
`;

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'qda-same-name-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('codes of one codebook that share a name under different parents', () => {
  it('qda run: the skeleton, matrix, comparison, heat map and appendix name them "Overig (Samenwerking)" and "Overig (Vertrouwen)"; the codings keep the names as coded', async () => {
    const dir = writeProject(root, 'p', {
      'cb.yaml': CODEBOOK,
      'src/a.txt': 'Interviewer: Hoe gaat het samenwerken?\nAnna: Elke week is er overleg met het team.\nInterviewer: En het vertrouwen?\nAnna: Soms is er wantrouwen, meestal vertrouwen we elkaar.\n',
      'src/b.txt': 'Interviewer: Vertel eens.\nBram: Het overleg loopt rommelig. Er heerst wantrouwen bij de leiding.\n',
    });
    const r = await qdaLeavingInputs(dir, ['run', 'src', '-c', 'cb.yaml', '-o', 'out', '--lang', 'nl'], ['out']);
    expect(r.code).toBe(0);
    const out = (f: string) => readFileSync(join(dir, 'out', f), 'utf8');
    expect(out('results-skeleton.md')).toContain('Binnen Samenwerking noemen beide Overig (Samenwerking).');
    expect(out('results-skeleton.md')).toContain('Binnen Vertrouwen noemen beide Overig (Vertrouwen).');
    expect(out('matrix-case.csv')).toContain('samenwerking-overig,· Overig (Samenwerking),1,1,2');
    expect(out('matrix-case.csv')).toContain('vertrouwen-overig,· Overig (Vertrouwen),1,1,2');
    expect(out('compare-source-kind.md')).toContain('| vertrouwen-overig | · Overig (Vertrouwen) |');
    expect(out('appendix-codebook.md')).toContain('· Overig (Samenwerking) (samenwerking-overig)');
    const html = out('report.html');
    expect(html).toContain('Overig (Samenwerking) × transcript');
    expect(html).toContain('Overig (Vertrouwen) × transcript');
    // what is written for other tools keeps the names as coded
    const doc = JSON.parse(out('codings.json'));
    expect(doc.codes.filter((c: { name?: { nl?: string } }) => c.name?.nl === 'Overig')).toHaveLength(2);
  });

  it('a codings CSV with a parent column: the matrix qualifies them; the labelschema, whose Label column shows the parent, keeps the sub-label plain', async () => {
    const csv = 'source,question,code,code_name,parent,text\n1,1. Samenwerking,sw-overig,Overig,Samenwerking,We overleggen veel.\n2,2. Vertrouwen,vt-overig,Overig,Vertrouwen,Dat blijft lastig.\n';
    const dir = writeProject(root, 'csv', { 'c.csv': csv });
    const m = await qdaLeavingInputs(dir, ['matrix', 'c.csv', '--lang', 'nl']);
    expect(m.code).toBe(0);
    expect(m.out).toContain('| sw-overig | · Overig (Samenwerking) | 1 | 0 | 1 |');
    expect(m.out).toContain('| vt-overig | · Overig (Vertrouwen) | 0 | 1 | 1 |');
    const a = await qdaLeavingInputs(dir, ['appendix', 'c.csv', '--by', 'question', '--lang', 'nl']);
    expect(a.code).toBe(0);
    expect(a.out).toContain('| 1. Samenwerking | Samenwerking | Overig | 1 |');
    expect(a.out).toContain('| 2. Vertrouwen | Vertrouwen | Overig | 2 |');
  });

  it('a top-level code of the name keeps it; two under one parent, or two top-level ones, get their ids; codes of different codebooks still by codebook', () => {
    const base = { version: '1', sources: [], segments: [], codings: [] } as unknown as Parameters<typeof uniqueCodeNames>[0];
    const u = uniqueCodeNames({
      ...base,
      codebooks: [{ id: 'b1', name: { nl: 'Boek een' } }, { id: 'b2', name: { nl: 'Boek twee' } }],
      codes: [
        { id: 'overig', codebook: 'b1', name: { nl: 'Overig' } },
        { id: 'sw', codebook: 'b1', name: { nl: 'Samenwerking' } },
        { id: 'sw-ov', codebook: 'b1', parent: 'sw', name: { nl: 'Overig' } },
        { id: 'sw-ov2', codebook: 'b1', parent: 'sw', name: { nl: 'overig' } },
        { id: 'x', codebook: 'b2', name: { nl: 'Samenwerking' } },
      ],
    });
    const nl = (id: string) => u.codes.find((c) => c.id === id)!.name!.nl;
    expect(nl('overig')).toBe('Overig');
    expect(nl('sw-ov')).toBe('Overig (Samenwerking, sw-ov)');
    expect(nl('sw-ov2')).toBe('overig (Samenwerking, sw-ov2)');
    expect(nl('sw')).toBe('Samenwerking (b1)');
    expect(nl('x')).toBe('Samenwerking (b2)');
    // codes without a name show their ids, which differ: not qualified by them again
    const v = uniqueCodeNames({ ...base, codebooks: [], codes: [{ id: 'overlap' }, { id: 'Overlap' }] });
    expect(v.codes.map((c) => c.name)).toEqual([undefined, undefined]);
  });
});
