/**
 * `qda code` to standard output (which cannot be replaced whole as a file is): a JSON document is
 * written only once it is whole; a run that stops at an unreadable source (exit 2) had printed
 * half a document first. JSON Lines still comes line by line (for pipelines).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

const root = resolve(__dirname, '../..');
let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'qda-stdout-whole-'));
  cpSync(join(root, 'samples/interviews/wijkcoach-01.txt'), join(work, 'a.txt'));
  writeFileSync(join(work, 'z.docx'), 'PK\x03\x04 not a zip');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function qda(args: string[]) {
  const io = memoryIo(work);
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('qda code to standard output', () => {
  it('a JSON document: nothing printed when a later source cannot be read (exit 2)', async () => {
    const r = await qda(['code', 'a.txt', 'z.docx', '-c', 'kaats-opheij']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/z\.docx: error: cannot read this \.docx file/);
    expect(r.out).toBe('');
  });
  it('a JSON document that is whole: the same bytes as written to a file', async () => {
    const r = await qda(['code', 'a.txt', '-c', 'kaats-opheij']);
    expect(r.code, r.err).toBe(0);
    expect(() => JSON.parse(r.out)).not.toThrow();
    expect((await qda(['code', 'a.txt', '-c', 'kaats-opheij', '-o', 'a.json'])).code).toBe(0);
    const { readFileSync } = await import('node:fs');
    expect(r.out).toBe(readFileSync(join(work, 'a.json'), 'utf8'));
  });
  it('JSON Lines: still line by line (the header and the first source before the failure)', async () => {
    const r = await qda(['code', 'a.txt', 'z.docx', '-c', 'kaats-opheij', '--format', 'jsonl']);
    expect(r.code).toBe(2);
    expect(r.out.split('\n').filter(Boolean).length).toBeGreaterThanOrEqual(2);
  });
});
