/**
 * Hostile codings, codebooks and outputs for the commands that read codings and write tables
 * (second round): every merge the reader makes must be said by every command that reads codings,
 * every count must equal an independent count, and the inputs stay as they were.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-hostile-analysis-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Write the files, run `qda args…` in the folder, and check every file is byte-identical afterwards. */
async function run(files: Record<string, string>, args: string[]) {
  for (const [n, c] of Object.entries(files)) writeFileSync(join(dir, n), c);
  const io = memoryIo(dir);
  const code = await main(args, io);
  for (const [n, c] of Object.entries(files)) expect(readFileSync(join(dir, n), 'utf8')).toBe(c);
  return { code, out: io.out(), err: io.err() };
}

const NFC = 'Co\u00f6rdinatie';
const NFD = 'Coo\u0308rdinatie';
/** Two codes that look the same (NFC and NFD): the reader reads them as one and must say so. */
const LOOK_ALIKE = `source,code,coder,text\nr1,${NFC},anna,hallo daar\nr1,${NFD},anna,nog iets\n`;

describe('every command that reads a codings file says what the reader merged', () => {
  it('refi export of a codings CSV: the look-alike codes are named (they were merged in silence)', async () => {
    const r = await run({ 'lk.csv': LOOK_ALIKE }, ['refi', 'export', 'lk.csv', '-o', 'lk.qdpx']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('[ingest:look-alike-names]');
    expect(r.err).toContain('lk.csv:3');
  });

  it('code --codings: the look-alike codes of the imported human codings are named', async () => {
    const r = await run({ 'lk.csv': LOOK_ALIKE, 'r1.txt': 'Anna: hallo daar\nBram: nog iets\n' }, ['code', 'r1.txt', '-c', 'hovik-hanssen', '--codings', 'lk.csv', '-o', 'lk.json']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('[ingest:look-alike-names]');
  });

  it('anonymize --codings: the look-alike codes are named', async () => {
    const r = await run({ 'lk.csv': LOOK_ALIKE, 'r1.txt': 'Anna: hallo daar\nBram: nog iets\n' }, ['anonymize', 'r1.txt', '-o', 'anon', '--codings', 'lk.csv']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('[ingest:look-alike-names]');
  });
});
