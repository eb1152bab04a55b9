/**
 * Limits with clear messages: a source larger than the limit (refused from its size,
 * before it is read: a 2.5 GB sparse single-line file returns at once), a codebook
 * regex that would backtrack catastrophically, a .qdpx that declares 50 GB.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, writeFileSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import { readCodings } from '../../src/ingest/read-codings.js';
import { QdaInputError } from '../../src/model/errors.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-limits-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  delete process.env.QDA_MAX_SOURCE_BYTES;
});

const transcript = 'Interviewer: Hoe werkt de samenwerking?\nAnna: We hebben wekelijks overleg met de gemeente.\n';

async function ruleOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof QdaInputError) return e.diagnostics[0].ruleId;
    throw e;
  }
  return 'ok';
}

describe('source size limit', () => {
  it('a single-line file over the limit is refused with how to split it or raise the limit (env QDA_MAX_SOURCE_BYTES)', async () => {
    const w = join(dir, 'env');
    mkdirSync(w);
    writeFileSync(join(w, 'long.txt'), 'Anna: ' + 'woord '.repeat(400)); // one line, ~2.4 KB
    process.env.QDA_MAX_SOURCE_BYTES = '1k';
    const io = memoryIo(w);
    expect(await main(['segments', 'long.txt', '-o', 'seg.json', '--format', 'json'], io)).toBe(2);
    const err = io.err();
    expect(err).toContain('long.txt');
    expect(err).toContain('[ingest:source-too-large]');
    expect(err).toMatch(/split it/);
    expect(err).toContain('QDA_MAX_SOURCE_BYTES');
    expect(err).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(join(w, 'seg.json'))).toBe(false);
    // raised limit: read fine
    process.env.QDA_MAX_SOURCE_BYTES = '1m';
    expect(await main(['segments', 'long.txt', '--format', 'json'], memoryIo(w))).toBe(0);
  });

  it('the option overrides; in a folder the big file is skipped with a warning (an error with strict)', async () => {
    const w = join(dir, 'opt');
    mkdirSync(w);
    writeFileSync(join(w, 'a.txt'), transcript);
    writeFileSync(join(w, 'b.txt'), transcript.repeat(50));
    expect(await ruleOf(readCorpus(['b.txt'], { cwd: w, maxSourceBytes: 1000 }))).toBe('source-too-large');
    const r = await readCorpus(['.'], { cwd: w, maxSourceBytes: 1000 });
    expect(r.corpus.sources.map((s) => s.id)).toEqual(['a']);
    expect(r.diagnostics.some((d) => d.ruleId === 'source-too-large' && d.severity === 'warning')).toBe(true);
    expect(await ruleOf(readCorpus(['.'], { cwd: w, maxSourceBytes: 1000, strict: true }))).toBe('source-too-large');
  });

  it('a 2.5 GB (sparse) single-line file is refused from its size under the default 512 MB limit, without reading it', async () => {
    const w = join(dir, 'huge');
    mkdirSync(w);
    const f = join(w, 'huge.txt');
    const fd = openSync(f, 'w');
    try {
      ftruncateSync(fd, 2.5 * 1024 ** 3);
    } finally {
      closeSync(fd);
    }
    const io = memoryIo(w);
    expect(await main(['segments', 'huge.txt'], io)).toBe(2);
    expect(io.err()).toContain('[ingest:source-too-large]');
    expect(io.err()).toMatch(/2\.5 GB, more than the limit of 512\.0 MB/);
    rmSync(f);
  });

  it('a codings file over the limit is refused', async () => {
    const w = join(dir, 'cod');
    mkdirSync(w);
    writeFileSync(join(w, 'c.csv'), 'source,code\n' + 'a,trust\n'.repeat(500));
    process.env.QDA_MAX_SOURCE_BYTES = '1000';
    expect(await ruleOf(readCodings('c.csv', { cwd: w }))).toBe('codings-too-large');
  });
});

describe('catastrophic regex in a codebook', () => {
  it('qda code … -c hostile.yaml is refused before any coding, exit 2, the rule named', { timeout: 20_000 }, async () => {
    const w = join(dir, 'redos');
    mkdirSync(w);
    writeFileSync(join(w, 'int.txt'), 'Interviewer: Vraag?\nAnna: ' + 'a'.repeat(5000) + '!\n');
    writeFileSync(
      join(w, 'hostile.yaml'),
      ['id: hostile', 'name: {nl: Vijandig, en: Hostile}', 'codes:', '  - id: boom', '    name: {nl: Boem, en: Boom}', '    rules:', "      - regex: '(a+)+$'", ''].join('\n'),
    );
    const io = memoryIo(w);
    const code = await main(['code', 'int.txt', '-c', 'hostile.yaml', '-o', 'codings.json'], io);
    expect(code).toBe(2);
    expect(io.err()).toContain('hostile.yaml');
    expect(io.err()).toMatch(/\[codebook:[\w-]+\]/);
    expect(io.err()).toMatch(/backtrack|ReDoS|catastroph/i);
    expect(existsSync(join(w, 'codings.json'))).toBe(false);
  });
});

describe('a .qdpx that declares 50 GB', () => {
  it('qda refi import refuses it from the declared sizes, before inflating, and writes nothing', async () => {
    const w = join(dir, 'bomb');
    mkdirSync(w);
    const files: Record<string, Uint8Array> = { 'project.qde': strToU8('<?xml version="1.0"?><Project xmlns="urn:QDA-XML:project:1.0" name="x"/>') };
    for (let i = 0; i < 13; i++) files[`sources/s${String(i).padStart(2, '0')}.txt`] = strToU8('klein');
    const zip = Buffer.from(zipSync(files, { level: 0 }));
    // declare ~3.9 GB for each source entry in the central directory: 13 × 3.9 GB ≈ 50 GB
    let patched = 0;
    for (let i = 0; i + 46 < zip.length; i++) {
      if (zip.readUInt32LE(i) === 0x02014b50 && zip.toString('utf8', i + 46, i + 46 + 8) === 'sources/') {
        zip.writeUInt32LE(0xf0000000, i + 24);
        patched++;
      }
    }
    expect(patched).toBe(13);
    writeFileSync(join(w, 'bomb.qdpx'), zip);
    const io = memoryIo(w);
    expect(await main(['refi', 'import', 'bomb.qdpx', '-o', 'out'], io)).toBe(2);
    expect(io.err()).toContain('bomb.qdpx');
    expect(io.err()).toContain('[ingest:zip-bomb]');
    expect(io.err()).toMatch(/declares \d{11} uncompressed bytes/);
    expect(readdirSync(w)).toEqual(['bomb.qdpx']);
  });
});
