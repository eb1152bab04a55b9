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
