/** Regressions from a QA pass over `qda code` (project codebooks, --explain, code-id collisions, streaming CSV). */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, mkdirSync, readdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

import { ROOT, book, haveSamples, project } from './qa-project.js';
import { readCodings } from '../../src/ingest/read-codings.js';

describe('qda code: the codebooks and sources of the project file', () => {
  it('`qda code proj -o c.json` from the folder above uses the codebooks of proj/qda.yaml, resolved against proj', async () => {
    const dir = project();
    const io = memoryIo(dir);
    expect(await main(['code', 'proj', '-o', 'c.json'], io)).toBe(0);
    expect(io.err()).not.toMatch(/no codebook given/);
    const doc = await readCodings(join(dir, 'c.json'));
    expect(doc.codebooks.map((b: { id: string }) => b.id)).toEqual(['mini', 'kaats-opheij']);
    expect(doc.provenance.options.codebooks).toEqual(['proj/books/mini.yaml', 'kaats-opheij']);
    expect(doc.codings.filter((c: { coder: string }) => c.coder === 'rules').map((c: { code: string }) => c.code)).toContain('samen');
  });

  it('`qda code -o codings.json` in the project folder reads its sources: and codebooks:', async () => {
    const dir = project();
    const io = memoryIo(join(dir, 'proj'));
    expect(await main(['code', '-o', 'codings.json'], io)).toBe(0);
    const doc = await readCodings(join(dir, 'proj/codings.json'));
    expect(doc.sources.map((s: { id: string }) => s.id)).toEqual(['int1']);
    expect(doc.codebooks.map((b: { id: string }) => b.id)).toEqual(['mini', 'kaats-opheij']);
  });

  it('a codebook file in qda.yaml that does not exist is named as a path of the project', async () => {
    const dir = project('sources: [interviews]\ncodebooks: [books/missing.yaml]\n');
    const io = memoryIo(dir);
    expect(await main(['code', 'proj', '-o', 'c.json'], io)).toBe(2);
    expect(io.err()).toMatch(/qda\.yaml:2:13 \(\/codebooks\/0\): error: codebooks: entry "books\/missing\.yaml" names no file \(looked for .*proj[\\/]books[\\/]missing\.yaml\)/);
  });

  it('no inputs and no qda.yaml with sources: one clear error, exit 2 (code and segments)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-qa-'));
    for (const cmd of ['code', 'segments']) {
      const io = memoryIo(dir);
      expect(await main([cmd], io)).toBe(2);
      expect(io.err()).toMatch(/no sources given/);
      expect(io.err()).toMatch(/sources:/);
      expect(io.err()).not.toMatch(/missing required argument/);
    }
    writeFileSync(join(dir, 'qda.yaml'), 'codebooks: [kaats-opheij]\n');
    const io = memoryIo(dir);
    expect(await main(['code'], io)).toBe(2);
    expect(io.err()).toMatch(/qda\.yaml lists no sources/);
  });

  it('`qda segments` without inputs reads the sources: of qda.yaml', async () => {
    const dir = project();
    const io = memoryIo(join(dir, 'proj'));
    expect(await main(['segments', '--format', 'json'], io)).toBe(0);
    expect(JSON.parse(io.out()).sources.map((s: { id: string }) => s.id)).toEqual(['int1']);
  });

  it.skipIf(!haveSamples)('`qda code samples` from the repository root uses the three codebooks of samples/qda.yaml (skipped: needs samples/)', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'qda-qa-')), 'c.json');
    const io = memoryIo(ROOT, { QDA_THREADS: '1' });
    expect(await main(['code', 'samples', '-o', out], io)).toBe(0);
    expect(io.err()).not.toMatch(/no codebook given/);
    const doc = await readCodings(out);
    expect(doc.codebooks.map((b: { id: string }) => b.id)).toEqual(['coordination-collaboration', 'kaats-opheij', 'hovik-hanssen']);
    expect(doc.codings.some((c: { coder: string }) => c.coder === 'rules')).toBe(true);
  });
});
