/**
 * The decisions of `qda review` kept in a file (its default store: qda-decisions.json beside the
 * inputs, or `codingsFile:` of qda.yaml) are human codings: `qda code`, `qda run` (and so the
 * report) read them with the sources and say so. They were read by no command unless named with
 * --codings: a review's codings were left out of every count after it, without a word.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { readCodings } from '../../src/ingest/read-codings.js';

const root = resolve(__dirname, '../..');
let work: string;

async function qda(args: string[], cwd = work): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo(cwd);
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}
const humanOf = async (file: string) => (await readCodings(join(work, file))).codings.filter((c) => c.coder === 'human').length;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'qda-decisions-read-'));
  for (const d of ['a', 'b']) {
    mkdirSync(join(work, d));
    cpSync(join(root, 'samples/interviews/wijkcoach-03.txt'), join(work, d, 'wijkcoach-03.txt'));
  }
  const r = await qda(['review', 'a', '-c', 'coordination-collaboration', '--accept-above', '0.6']);
  expect(r.code, r.err).toBe(0);
  cpSync(join(work, 'a/qda-decisions.json'), join(work, 'b/qda-decisions.json'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('qda review decisions in a file', () => {
  it('qda code reads them with the sources, and says so', async () => {
    const decided = (JSON.parse(readFileSync(join(work, 'a/qda-decisions.json'), 'utf8')).codings as unknown[]).length;
    expect(decided).toBeGreaterThan(0);
    const r = await qda(['code', 'a', '-c', 'coordination-collaboration', '-o', 'a.json']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/a\/qda-decisions\.json: info: the decisions of qda review in this file are read as human codings \[cli:decisions-file-read\]/);
    expect(await humanOf('a.json')).toBe(decided);
    // given with --codings as well: read once
    const twice = await qda(['code', 'a', '-c', 'coordination-collaboration', '--codings', 'a/qda-decisions.json', '-o', 'a2.json']);
    expect(twice.code, twice.err).toBe(0);
    expect(twice.err).not.toMatch(/decisions-file-read/);
    expect(await humanOf('a2.json')).toBe(decided);
  });

  it('qda run counts them (codings.json of its output)', async () => {
    const r = await qda(['run', 'a', '-c', 'coordination-collaboration', '-o', 'run-a']);
    expect(r.code, r.err).toBe(0);
    expect(await humanOf('run-a/codings.json')).toBe(await humanOf('a.json'));
  });

  it('a project that keeps decisions inline: the file is not read, and a warning names it', async () => {
    writeFileSync(join(work, 'b/qda.yaml'), 'codingsStore: inline\n');
    const r = await qda(['code', '.', '-c', 'coordination-collaboration', '-o', '../b.json'], join(work, 'b'));
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/qda-decisions\.json: warning: .*codingsStore: inline.*not read.*\[cli:decisions-file-not-read\]/);
    expect(await humanOf('b.json')).toBe(0);
  });

  it('-o onto the decisions file stops with exit 2, the file kept', async () => {
    const before = readFileSync(join(work, 'a/qda-decisions.json'));
    const r = await qda(['code', 'a', '-c', 'coordination-collaboration', '-o', 'a/qda-decisions.json']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/-o a\/qda-decisions\.json is the decisions file of qda review/);
    expect(readFileSync(join(work, 'a/qda-decisions.json'))).toEqual(before);
  });
});
