/**
 * A flat codings CSV (qda code writes no parent column) read without -c: its codes were counted
 * flat, without their parent codes, while the codings document of the same run counts them under
 * their parents (the samples: qda matrix 39 rows against 59) — without a word. Now said, with the
 * codebooks that hold the parents (the project's, else the built-in ones) and the -c to give.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs as qda, writeProject } from '../helpers/inputs-untouched.js';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'qda-csv-tree-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const csv = 'source,segment,code,coder\nr1,1,exchange,anna\nr1,2,systems,anna\nr2,1,exchange,anna\n';

describe('a codings CSV without a code tree', () => {
  it('in a project with codebooks: the warning names the file, the codes, the parents left out and the -c', async () => {
    const d = writeProject(root, 'p', { 'qda.yaml': 'codebooks: [coordination-collaboration]\n', 'codings.csv': csv });
    const r = await qda(d, ['matrix', 'codings.csv', '--format', 'csv', '-o', 'm.csv'], ['m.csv']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(
      "codings.csv: warning: the codings CSV carries no code tree (no parent column, no -c): its 2 codes are counted flat, while 2 of them have parent codes in coordination-collaboration (2) (qda.yaml's codebooks); the 2 parent codes no row names (informing, collaboration) are left out and no code counts its subcodes' codings (a codings document, or -c, counts them under their parents) [cli:csv-without-code-tree]",
    );
    expect(r.err).toContain('hint: give -c coordination-collaboration to count the codes under their parents, or read the codings document (.json) of the run instead');
  });

  it('without a project: the built-in codebook that holds most of its codes; with -c, or a parent column, nothing is said', async () => {
    const d = writeProject(root, 'q', { 'codings.csv': csv, 'tree.csv': 'source,segment,code,parent,coder\nr1,1,exchange,informing,anna\n' });
    let r = await qda(d, ['compare', 'codings.csv', '--by', 'source', '--format', 'csv', '-o', 'c.csv'], ['c.csv']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('(built-in codebooks)');
    r = await qda(d, ['matrix', 'codings.csv', '-c', 'coordination-collaboration', '--format', 'csv', '-o', 'm.csv'], ['m.csv']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).not.toContain('csv-without-code-tree');
    r = await qda(d, ['matrix', 'tree.csv', '--format', 'csv', '-o', 'm2.csv'], ['m2.csv']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).not.toContain('csv-without-code-tree');
  });

  it('codes of its own that share an id or two with a built-in codebook: nothing said', async () => {
    const d = writeProject(root, 'o', { 'codings.csv': 'source,code\nr1,exchange\nr1,eigen-a\nr1,eigen-b\nr1,eigen-c\n' });
    const r = await qda(d, ['matrix', 'codings.csv', '--format', 'csv', '-o', 'm.csv'], ['m.csv']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).not.toContain('csv-without-code-tree');
  });
});

// (session 17) qda saturation and qda contrast counted a flat CSV flat without a word where matrix,
// compare and appendix said it; contrast's -c did not even apply the tree to the CSV's codes
describe('a codings CSV without a code tree: saturation, contrast and agree say it the same way where the tree counts', () => {
  const book = [
    'id: theorie',
    'name: {nl: Theorie, en: Theory}',
    'version: "1"',
    'codes:',
    '  - id: beleden',
    '    name: {nl: Beleden, en: Espoused}',
    '    definition: {nl: wat men zegt te doen, en: what one says one does}',
    '  - id: beleden-team',
    '    parent: beleden',
    '    name: {nl: Beleden door het team, en: Espoused by the team}',
    '    definition: {nl: wat het team zegt, en: what the team says}',
    '  - id: gedaan',
    '    name: {nl: Gedaan, en: Done}',
    '    definition: {nl: wat men doet, en: what one does}',
    '',
  ].join('\n');
  const linked = 'source,segment,code,coder,id,link,relation,verdict\nr1,1,beleden,anna,e1,,,\nr1,2,beleden-team,anna,e2,,,\nr1,3,gedaan,anna,,e1,enacts,consistent\nr1,4,gedaan,anna,,e2,enacts,inconsistent\n';
  const files = { 'qda.yaml': 'codebooks: [theorie.yaml]\n', 'theorie.yaml': book, 'c.csv': linked };

  it('qda contrast --to CODE: the subcodes it leaves out are named; with -c they are taken with it (2 pairs, was 1)', async () => {
    const d = writeProject(root, 'ct', files);
    let r = await qda(d, ['contrast', 'c.csv', '--to', 'beleden', '--format', 'csv', '-o', 'x.csv'], ['x.csv']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain("c.csv: warning: the codings CSV carries no code tree (no parent column, no -c): --to beleden takes the codings of beleden itself only, not those of its 1 subcode that rows name (beleden-team) in ");
    expect(r.err).toContain("(qda.yaml's codebooks) (a codings document, or -c, takes them with it) [cli:csv-without-code-tree]");
    expect(r.err).toMatch(/hint: give -c \S*theorie\.yaml to count the codes under their parents, or read the codings document \(\.json\) of the run instead/);
    r = await qda(d, ['contrast', 'c.csv', '--to', 'beleden', '-c', 'theorie.yaml', '--format', 'csv', '-o', 'y.csv'], ['y.csv']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).not.toContain('csv-without-code-tree');
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(join(d, 'y.csv'), 'utf8')).toContain('Total,1,1,2');
    // no --from/--to: the pairs do not depend on the tree, nothing said
    r = await qda(d, ['contrast', 'c.csv', '--format', 'csv', '-o', 'z.csv'], ['z.csv']);
    expect(r.err).not.toContain('csv-without-code-tree');
  });

  it('qda saturation --level category: said with the top-level codes; --level code (the tree changes nothing): not; qda agree: not', async () => {
    const d = writeProject(root, 'st', files);
    let r = await qda(d, ['saturation', 'c.csv', '--level', 'category', '--format', 'csv', '-o', 's.csv'], ['s.csv']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('c.csv: warning: the codings CSV carries no code tree (no parent column, no -c): at --level category each of its 3 codes is a category of its own, while 1 of them have parent codes in ');
    expect(r.err).toContain('a codings document, or -c, counts them under their 1 top-level code (beleden) [cli:csv-without-code-tree]');
    r = await qda(d, ['saturation', 'c.csv', '--level', 'category', '-c', 'theorie.yaml', '--format', 'csv', '-o', 's2.csv'], ['s2.csv']);
    expect(r.err).not.toContain('csv-without-code-tree');
    r = await qda(d, ['saturation', 'c.csv', '--format', 'csv', '-o', 's3.csv'], ['s3.csv']);
    expect(r.err).not.toContain('csv-without-code-tree');
    const two = writeProject(root, 'ag', { ...files, 'c.csv': linked + 'r1,1,beleden,bram,,,,\nr1,2,beleden-team,bram,,,,\n' });
    r = await qda(two, ['agree', 'c.csv', '--format', 'csv', '-o', 'a.csv'], ['a.csv']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).not.toContain('csv-without-code-tree');
  });
});
