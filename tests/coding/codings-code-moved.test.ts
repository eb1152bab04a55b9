/**
 * Codings read with --codings whose file puts a code under another parent than the codebooks given
 * now (the codebook revised since: "vertrouwen" moved from Relatie to Proces): the codings were
 * counted under the new parent in every roll-up without a word. Now said per code with both places
 * and the count (`codings-code-moved`); the same tree, or a file without one, says nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs, writeProject } from '../helpers/inputs-untouched.js';

const BOOK = (parent: string, name: string) => `id: tb
name: {nl: TB}
language: nl
codes:
  - id: ${parent}
    name: {nl: ${name}}
  - id: vertrouwen
    parent: ${parent}
    name: {nl: Vertrouwen}
`;
const TEXT = 'Interviewer: Hoe gaat het?\nRespondent: We vertrouwen elkaar wel.\n';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'qda-code-moved-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('a code the codings file puts under another parent than the codebooks now', () => {
  it('is said with both places and the count (a codings document and a CSV with a parent column)', async () => {
    const dir = writeProject(root, 'moved', {
      'oud.yaml': BOOK('relatie', 'Relatie'),
      'nieuw.yaml': BOOK('proces', 'Proces'),
      'src/r1.txt': TEXT,
      'p.csv': 'source,code,parent,start,end,coder\nr1,vertrouwen,relatie,42,61,fem\nr1,vertrouwen,relatie,42,50,bert\n',
    });
    const first = await qdaLeavingInputs(dir, ['code', 'src', '-c', 'oud.yaml', '--codings', 'p.csv', '--no-rules', '-o', 'oud.json'], ['oud.json']);
    expect(first.code).toBe(0);
    expect(first.err).not.toContain('codings-code-moved');
    const r = await qdaLeavingInputs(dir, ['code', 'src', '-c', 'nieuw.yaml', '--codings', 'oud.json', '--no-rules', '-o', 'nieuw.json'], ['nieuw.json']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('warning: a code of the codings file stands elsewhere in the code tree of the codebooks given now: "vertrouwen" under "relatie" in the file, under "proces" now (2 codings, first at /sources/0); its codings are counted where the codebooks put it now (under the new parent in every roll-up) [coding:codings-code-moved]');
    const c = await qdaLeavingInputs(dir, ['code', 'src', '-c', 'nieuw.yaml', '--codings', 'p.csv', '--no-rules', '-o', 'c.json'], ['c.json']);
    expect(c.err).toContain('p.csv:2: warning: a code of the codings file stands elsewhere');
  });

  it('a file without a code tree says nothing of it', async () => {
    const dir = writeProject(root, 'flat', { 'nieuw.yaml': BOOK('proces', 'Proces'), 'src/r1.txt': TEXT, 'f.csv': 'source,code,start,end,coder\nr1,vertrouwen,42,61,fem\n' });
    const r = await qdaLeavingInputs(dir, ['code', 'src', '-c', 'nieuw.yaml', '--codings', 'f.csv', '--no-rules', '-o', 'out.json'], ['out.json']);
    expect(r.code).toBe(0);
    expect(r.err).not.toContain('codings-code-moved');
  });
});
