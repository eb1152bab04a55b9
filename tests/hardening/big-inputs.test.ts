/**
 * Large inputs inside the limits (issue 13, item 6), proved with moderate files and lowered
 * limits: a .qdpx whose source texts are more than one import can hold in memory is refused
 * from its declared sizes (and while inflating, when a header lies) with exit 2 and no
 * output folder, instead of an out-of-memory abort or "Invalid string length" with a
 * half-written folder (QDA_MAX_SOURCE_BYTES sets the limit; default: 1/16 of the heap, at
 * most 512 MB); the CSV rows of one source are spooled in lines of bounded size, so the
 * rows of a 50 MB turn coded 11 times (each holding the turn) no longer make one string.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import Papa from 'papaparse';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { heldTextLimit } from '../../src/ingest/read-source.js';
import { csvSpoolLines } from '../../src/pipeline/source-job.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-big-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  delete process.env.QDA_MAX_SOURCE_BYTES;
});

/** A .qdpx with one text source of about `bytes` bytes (varied: it compresses well under 200:1), coded once. */
function qdpx(bytes: number): { zip: Uint8Array; text: string } {
  const parts: string[] = [];
  let n = 0;
  for (let i = 0; n < bytes; i++) {
    const l = `Anna: punt ${((i * 7919) % 1000003).toString(36)} over het overleg met de gemeente.\n\nInterviewer: En dan?\n\n`;
    parts.push(l);
    n += l.length;
  }
  const text = parts.join('');
  const qde = `<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="groot"><CodeBook><Codes><Code guid="11111111-1111-1111-1111-111111111111" name="overleg" isCodable="true"/></Codes></CodeBook><Sources><TextSource guid="22222222-2222-2222-2222-222222222222" name="groot" plainTextPath="internal://groot.txt"><PlainTextSelection guid="33333333-3333-3333-3333-333333333333" startPosition="0" endPosition="10"><Coding guid="44444444-4444-4444-4444-444444444444"><CodeRef targetGUID="11111111-1111-1111-1111-111111111111"/></Coding></PlainTextSelection></TextSource></Sources></Project>`;
  return { zip: zipSync({ 'project.qde': strToU8(qde), 'sources/groot.txt': strToU8(text) }, { level: 6 }), text };
}

/** Patch the declared uncompressed size of the central-directory entry `name`. */
function declare(zip: Uint8Array, name: string, size: number): Uint8Array {
  const b = Buffer.from(zip);
  let n = 0;
  for (let i = 0; i + 46 < b.length; i++) {
    if (b.readUInt32LE(i) === 0x02014b50 && b.toString('utf8', i + 46, i + 46 + name.length) === name) {
      b.writeUInt32LE(size, i + 24);
      n++;
    }
  }
  expect(n).toBe(1);
  return new Uint8Array(b);
}

describe('.qdpx larger than one import can hold', () => {
  const { zip, text } = qdpx(3 * 1024 * 1024);

  it('is refused from the declared sizes: exit 2, file named, how to raise the limit, no folder and no temp folder left', async () => {
    const w = join(dir, 'refused');
    mkdirSync(w);
    writeFileSync(join(w, 'groot.qdpx'), zip);
    process.env.QDA_MAX_SOURCE_BYTES = '1m';
    const io = memoryIo(w);
    expect(await main(['refi', 'import', 'groot.qdpx', '-o', 'proj'], io)).toBe(2);
    expect(io.err()).toMatch(/^groot\.qdpx: error: this project holds declared 3\.\d MB of project file and source texts, more than the 1\.0 MB one import can hold in memory \[ingest:project-too-large\]/m);
    expect(io.err()).toContain('QDA_MAX_SOURCE_BYTES');
    expect(io.err()).not.toMatch(/internal error|\n\s+at /);
    expect(readdirSync(w)).toEqual(['groot.qdpx']);
  });

  it('a header that declares 1 KB is caught while inflating, the same way', async () => {
    const w = join(dir, 'liar');
    mkdirSync(w);
    writeFileSync(join(w, 'groot.qdpx'), declare(zip, 'sources/groot.txt', 1024));
    process.env.QDA_MAX_SOURCE_BYTES = '1m';
    const io = memoryIo(w);
    expect(await main(['refi', 'import', 'groot.qdpx', '-o', 'proj'], io)).toBe(2);
    expect(io.err()).toMatch(/^groot\.qdpx: error: this project holds more than the 1\.0 MB of project file and source texts that one import can hold in memory \[ingest:project-too-large\]/m);
    expect(readdirSync(w)).toEqual(['groot.qdpx']);
  });

  it('with the limit raised it is imported whole (the source text byte for byte)', { timeout: 120_000 }, async () => {
    const w = join(dir, 'raised');
    mkdirSync(w);
    writeFileSync(join(w, 'groot.qdpx'), zip);
    process.env.QDA_MAX_SOURCE_BYTES = '8m';
    const io = memoryIo(w);
    expect(await main(['refi', 'import', 'groot.qdpx', '-o', 'proj'], io)).toBe(0);
    expect(readFileSync(join(w, 'proj', 'sources', 'groot.txt'), 'utf8')).toBe(text);
    expect(existsSync(join(w, 'proj', 'codings.json'))).toBe(true);
  });

  it('the default limit follows the heap: at most 512 MB, 1/16 of the heap limit', async () => {
    const { getHeapStatistics } = await import('node:v8');
    expect(heldTextLimit()).toBe(Math.min(512 * 1024 * 1024, Math.floor(getHeapStatistics().heap_size_limit / 16)));
    process.env.QDA_MAX_SOURCE_BYTES = '2g';
    expect(heldTextLimit()).toBe(2 * 1024 ** 3);
  });
});

describe('the CSV rows of one long turn', () => {
  it('csvSpoolLines: lines of bounded size, the same rows in order', () => {
    const tails = Array.from({ length: 9 }, (_, i) => `${i},"${'x'.repeat(1000 * (i + 1))}"`);
    const lines = csvSpoolLines('s', 'p', tails, 5000);
    expect(lines.length).toBeGreaterThan(3);
    const back = lines.flatMap((l) => {
      expect(l.endsWith('\n') && !l.slice(0, -1).includes('\n')).toBe(true);
      const [id, prefix, t] = JSON.parse(l) as [string, string, string[]];
      expect([id, prefix]).toEqual(['s', 'p']);
      return t;
    });
    expect(back).toEqual(tails);
    // a row longer than the limit is a line of its own
    expect(csvSpoolLines('s', 'p', ['a'.repeat(9000)], 5000)).toHaveLength(1);
    expect(csvSpoolLines('s', 'p', ['a', 'b'])).toHaveLength(1);
  });

  it('qda code --format csv of a 3 MB single turn coded several times: every row whole (spooled over several lines)', { timeout: 120_000 }, async () => {
    const w = join(dir, 'turn');
    mkdirSync(w);
    const sentence = 'We schakelen de ketenpartner in en verwijzen naar de schuldhulp; alles staat in het dossier en in het systeem, we houden elkaar op de hoogte via een warme overdracht en informatie delen met een nieuwe partner, we stemmen af en werken samen aan een plan. ';
    const turn = sentence.repeat(Math.ceil((3 * 1024 * 1024) / sentence.length)).trim();
    writeFileSync(join(w, 'lang.txt'), `Interviewer: Vertel eens.\n\nAnna: Goed.\n\nInterviewer: En verder?\n\nAnna: ${turn}\n`);
    const io = memoryIo(w);
    expect(await main(['code', 'lang.txt', '-c', 'coordination-collaboration', '--format', 'csv', '-o', 'out.csv'], io)).toBe(0);
    const rows = Papa.parse<Record<string, string>>(readFileSync(join(w, 'out.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;
    const long = rows.filter((r) => r.text === turn && r.segment === 'lang#3');
    // enough codings of the long turn that their rows pass the 16 MB line size
    expect(long.length * turn.length).toBeGreaterThan(16 * 1024 * 1024);
    expect(readdirSync(w).sort()).toEqual(['lang.txt', 'out.csv']);
  });
});
