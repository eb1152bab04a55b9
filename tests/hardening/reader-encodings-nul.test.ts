/**
 * Tables and project files with a stray NUL byte or in Windows-1252, read by the commands that
 * take codings, cases, names lists, qda.yaml and interview guides:
 * - a NUL (never text) is refused with the file, line, column and count (it was "a binary file"
 *   with no place), while a binary file renamed .csv keeps the binary-file message;
 * - a names list, qda.yaml or guide in Windows-1252 is read as such (they were read as UTF-8
 *   without a word: "José" became "Jos\uFFFD", so the listed name stayed in the anonymized text,
 *   and a case attribute "équipe" became a group of its own).
 * Every input is left byte-identical.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs, writeProject } from '../helpers/inputs-untouched.js';
import { readGuide } from '../../src/ingest/read-guide.js';
import { nulPlace } from '../../src/ingest/nul-place.js';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'qda-reader-nul-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const latin1 = (s: string) => Buffer.from(s, 'latin1');
const R1 = 'Interviewer: Hoe gaat het met José?\nAnna: José en Brinkman vertrouwen elkaar.\n';
const R2 = 'Interviewer: En jij?\nBob: Ik vertrouw de partners niet.\n';

describe('a stray NUL is refused with its place', () => {
  it('a codings CSV: file, line, column and the count; exit 2', async () => {
    const d = writeProject(root, 'codings-nul', { 'c.csv': latin1('source,code\nr1,trust\nr2,caf\xe9 \x00x\x00\n') });
    const r = await qdaLeavingInputs(d, ['matrix', 'c.csv']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain('c.csv:3:9: error: this codings file holds 2 NUL bytes (characters that are never text), the first at line 3, column 9; nothing was read from it [ingest:nul-byte]');
  });

  it('a cases CSV given to qda code: its place, and nothing written', async () => {
    const d = writeProject(root, 'cases-nul', { 'src/r1.txt': R1, 'src/r2.txt': R2, 'cases.csv': 'source,team\nr1,A\x00\nr2,B\n' });
    const r = await qdaLeavingInputs(d, ['code', 'src', '-c', 'kaats-opheij', '--cases', 'cases.csv', '-o', 'out.json'], ['out.json']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('cases.csv:2:5: error: this cases file holds a NUL byte (a character that is never text) at line 2, column 5');
    expect(() => readFileSync(join(d, 'out.json'))).toThrow();
  });

  it('a names list given to qda anonymize', async () => {
    const d = writeProject(root, 'names-nul', { 'src/r1.txt': R1, 'names.txt': 'Brinkman\nJo\x00sé\n' });
    const r = await qdaLeavingInputs(d, ['anonymize', 'src', '--names', 'names.txt', '-o', 'anon'], ['anon']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('names.txt:2:3: error: this list holds a NUL byte (a character that is never text) at line 2, column 3');
  });

  it('qda.yaml', async () => {
    const d = writeProject(root, 'yaml-nul', { 'src/r1.txt': R1, 'qda.yaml': 'sources: [src]\ncodebooks: [kaats-opheij]\ncases:\n  r1: {team: A\x00}\n' });
    const r = await qdaLeavingInputs(d, ['code', '-o', 'out.json'], ['out.json']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('qda.yaml:4:15: error: this project file holds a NUL byte');
  });

  it('a binary file renamed .csv is still "a binary file", with no place; a file without NUL has none', async () => {
    const d = writeProject(root, 'zip', { 'c.csv': latin1('PK\x03\x04\x14\x00\x00\x00source,code\n') });
    const r = await qdaLeavingInputs(d, ['matrix', 'c.csv']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('c.csv: error: this is a binary file (Word, PDF, Excel?), not a codings JSON or CSV file [ingest:binary-file]');
    expect(nulPlace(latin1('PK\x03\x04\x00'))).toBeUndefined();
    expect(nulPlace(latin1('a,b\n'))).toBeUndefined();
    expect(nulPlace(Buffer.from('a,b\nné,\u0000'))).toEqual({ count: 1, line: 2, column: 4 });
  });
});

describe('Windows-1252 names lists, project files and guides are read as Windows-1252', () => {
  it('anonymize --names: "José" in a Windows-1252 list is replaced (it stayed in the output)', async () => {
    const d = writeProject(root, 'names-1252', { 'src/r1.txt': R1, 'names.txt': latin1('Jos\xe9,Piet\n') });
    const r = await qdaLeavingInputs(d, ['anonymize', 'src', '--names', 'names.txt', '--no-heuristics', '-o', 'anon'], ['anon']);
    expect(r.code).toBe(0);
    const out = readFileSync(join(d, 'anon', 'r1.txt'), 'utf8');
    expect(out).not.toContain('José');
    expect(out).toContain('Piet en Brinkman');
  });

  it('qda.yaml: a case attribute "équipe" stays "équipe"', async () => {
    const d = writeProject(root, 'yaml-1252', { 'src/r1.txt': R1, 'src/r2.txt': R2, 'qda.yaml': latin1('sources: [src]\ncodebooks: [kaats-opheij]\ncases:\n  r1: {team: \xe9quipe}\n  r2: {team: B}\n') });
    const r = await qdaLeavingInputs(d, ['code', '-o', 'out.json'], ['out.json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(join(d, 'out.json'), 'utf8')) as { sources: Array<{ id: string; attributes: Record<string, string> }> };
    expect(doc.sources.find((s) => s.id === 'r1')?.attributes.team).toBe('équipe');
  });

  it('an interview guide: its question text keeps its é', async () => {
    const d = writeProject(root, 'guide-1252', { 'topics.yaml': latin1('id: g\nparts:\n  - id: a\n    title: Deel\n    questions:\n      - id: q1\n        text: Hoe gaat het met \xe9\xe9n team?\n') });
    const before = readFileSync(join(d, 'topics.yaml'));
    const g = await readGuide('topics.yaml', { cwd: d });
    expect(JSON.stringify(g.parts)).toContain('Hoe gaat het met één team?');
    expect(readFileSync(join(d, 'topics.yaml')).equals(before)).toBe(true);
  });
});

describe('qda review: the coder name of a Windows-1252 qda.yaml', () => {
  it('"coder: José" is José in the decisions (it was "Jos\\uFFFD")', async () => {
    const { copyFileSync } = await import('node:fs');
    const { dirname, resolve } = await import('node:path');
    const { fileURLToPath } = await import('node:url');
    const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/review');
    const d = writeProject(root, 'review-1252', { 'qda.yaml': latin1('coder: Jos\xe9\n') });
    for (const f of ['codebook.yaml', 'gesprek-a.txt']) copyFileSync(join(fixtures, f), join(d, f));
    const r = await qdaLeavingInputs(d, ['review', 'gesprek-a.txt', '-c', 'codebook.yaml', '--accept-above', '0.9', '--export-decisions', 'd.csv'], ['d.csv', 'qda-decisions.json']);
    expect(r.code).toBe(0);
    const rows = readFileSync(join(d, 'd.csv'), 'utf8').trim().split(/\r?\n/).slice(1);
    expect(rows.length).toBeGreaterThan(0);
    for (const l of rows) expect(l.split(',')[5]).toBe('José');
  });
});

describe('an empty codings document', () => {
  it('a .json of 0 bytes or blank lines is "the codings document is empty", not a CSV without a header', async () => {
    const d = writeProject(root, 'empty-json', { 'e.json': '', 'w.jsonl': '\n  \n' });
    const r = await qdaLeavingInputs(d, ['matrix', 'e.json']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('e.json: error: the codings document is empty (0 bytes) [ingest:empty-codings]');
    expect(r.err).toContain('hint: write it again with `qda code … -o codings.json`');
    const r2 = await qdaLeavingInputs(d, ['saturation', 'w.jsonl']);
    expect(r2.code).toBe(2);
    expect(r2.err).toContain('w.jsonl: error: the codings document is empty (only blank lines) [ingest:empty-codings]');
  });
});
