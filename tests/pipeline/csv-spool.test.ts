/**
 * The codings CSV written through its byte spool (rows without the attribute cells, the
 * cells put in at the end) is the CSV of the whole document in memory (codingsTable +
 * renderTables): with attribute columns that only some sources have, rows longer than the
 * spool's read chunks (a long turn coded several times), and without attribute columns
 * (the spool becomes the file: renamed over it, no copy); and csvRowsUtf8 cuts chunks only at row ends.
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeToDocument, codeToFile } from '../../src/pipeline/sinks.js';
import { codingsTable } from '../../src/export/codings-csv.js';
import { renderTables } from '../../src/export/render-table.js';
import { csvRowsUtf8 } from '../../src/pipeline/source-job.js';
import { book, kw } from '../coding/helpers.js';

const books = [book([{ id: 'samen', rules: [kw('r1', ['samenwerking']), kw('r2', ['overleg'])] }, { id: 'team', rules: [kw('r3', ['team*'])] }, { id: 'wijk', rules: [kw('r4', ['wijk'])] }])];

function corpus(withCases: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'qda-csv-spool-'));
  // a turn of ~1.5 MB (more than one read chunk of the spool), coded by three codes, with "quotes", commas and é
  const long = 'De samenwerking, "in de wijk", met het team en het overleg: één stap. '.repeat(22000);
  writeFileSync(join(dir, 'a.txt'), `Interviewer: Hoe?\n\nRespondent: ${long}\n\nInterviewer: En?\n\nRespondent: Geen samenwerking.\n`);
  writeFileSync(join(dir, 'b.txt'), 'Interviewer: En?\n\nRespondent: Het team overleg, "=samenwerking".\n');
  writeFileSync(join(dir, 'c.md'), '---\nsetting: wijk, oost\n---\n\nEva: De samenwerking in de wijk was stroef.\n');
  if (withCases) writeFileSync(join(dir, 'cases.csv'), 'source,team\nb,"B, west"\n');
  return dir;
}

describe('the codings CSV through the byte spool', () => {
  for (const withCases of [true, false]) {
    it(`equals the whole document's CSV (${withCases ? 'attribute columns from cases and front matter' : 'front matter only'})`, async () => {
      const dir = corpus(withCases);
      const opts = { inputs: ['a.txt', 'b.txt', 'c.md'], cwd: dir, books, version: 't', speakers: 'all' as const, threads: 1, ...(withCases ? { cases: 'cases.csv' } : {}) };
      await codeToFile(opts, join(dir, 'out.csv'), 'csv');
      const { doc } = await codeToDocument(opts);
      const want = (await renderTables([codingsTable(doc)], 'csv')) as string;
      const got = readFileSync(join(dir, 'out.csv'), 'utf8');
      expect(got.length).toBeGreaterThan(3_000_000);
      expect(got === want).toBe(true);
      expect(readdirSync(dir).filter((f) => f.includes('spool'))).toEqual([]);
    }, 60_000);
  }
  it('without any attribute column: the spool becomes the file (header and rows), replacing the old one whole; nothing left beside it', async () => {
    const dir = corpus(false);
    const opts = { inputs: ['a.txt', 'b.txt'], cwd: dir, books, version: 't', threads: 1 };
    const out = join(dir, 'out.csv');
    writeFileSync(out, 'the previous output\n');
    const before = statSync(out).ino;
    await codeToFile(opts, out, 'csv');
    const { doc } = await codeToDocument(opts);
    expect(codingsTable(doc).columns.length).toBe(18);
    expect(readFileSync(out, 'utf8') === ((await renderTables([codingsTable(doc)], 'csv')) as string)).toBe(true);
    // (renamed over the old file: a new file, with the mode of every file qda writes)
    expect(statSync(out).ino).not.toBe(before);
    expect(statSync(out).mode & 0o777).toBe(0o644 & ~process.umask());
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
  }, 60_000);
  for (const first of [true, false]) {
    it(`with a memo in ${first ? 'the first source only (the header has the memo column from the start; the other rows get an empty cell as they are spooled, the 1.5 MB turn across chunks)' : 'a later source only (the file is written again with the column)'}: equals the whole document's CSV`, async () => {
      const dir = corpus(false);
      const memoed = first ? 'b.txt' : 'c.md';
      const text = readFileSync(join(dir, memoed), 'utf8').replace('samenwerking', '{{samen | een notitie, met komma}} samenwerking');
      writeFileSync(join(dir, memoed), text);
      // (first: no attribute column either, so the spool becomes the file as it was spooled)
      const inputs = first ? ['b.txt', 'a.txt'] : ['a.txt', 'b.txt', 'c.md'];
      const opts = { inputs, cwd: dir, books, version: 't', speakers: 'all' as const, threads: 1 };
      const out = join(dir, 'out.csv');
      await codeToFile(opts, out, 'csv');
      const { doc } = await codeToDocument(opts);
      expect(doc.codings.filter((c) => c.memo).length).toBe(1);
      const want = (await renderTables([codingsTable(doc)], 'csv')) as string;
      const got = readFileSync(out, 'utf8');
      expect(got.split('\n', 1)[0].endsWith(first ? 'segment_text,memo' : ',memo')).toBe(true);
      expect(got.length).toBeGreaterThan(3_000_000);
      expect(got === want).toBe(true);
      expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
    }, 60_000);
  }
  it('to a device (-o /dev/null): written through, the device stays a device', async () => {
    if (process.platform === 'win32') return;
    const dir = corpus(false);
    await codeToFile({ inputs: ['b.txt'], cwd: dir, books, version: 't', threads: 1 }, '/dev/null', 'csv');
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });
  it('a run that fails after rows were spooled leaves the old file as it was, and no spool', async () => {
    const dir = corpus(false);
    const out = join(dir, 'out.csv');
    writeFileSync(out, 'the previous output\n');
    // (b.txt is coded, then the missing file given by name stops the run)
    await expect(codeToFile({ inputs: ['b.txt', 'missing.txt'], cwd: dir, books, version: 't', threads: 1 }, out, 'csv')).rejects.toThrow(/missing|not found/);
    expect(readFileSync(out, 'utf8')).toBe('the previous output\n');
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
  });
  it('csvRowsUtf8: chunks end at row ends; the row lengths add up; the bytes are the rows', () => {
    const tails = ['a,"b\nc"', 'é😀', 'x'.repeat(50), '', 'z'];
    const r = csvRowsUtf8('p,"q"', tails, 40);
    const all = Buffer.concat(r.chunks).toString('utf8');
    expect(all).toBe(tails.map((t) => `p,"q",${t}\n`).join(''));
    expect(r.prefixBytes).toBe(Buffer.byteLength('p,"q",'));
    expect([...r.rowBytes]).toEqual(tails.map((t) => Buffer.byteLength(`p,"q",${t}\n`)));
    let at = 0;
    const ends = new Set(r.rowBytes.reduce<number[]>((a, n) => (a.push((a[a.length - 1] ?? 0) + n), a), []));
    for (const c of r.chunks) expect(ends.has((at += c.length))).toBe(true);
    expect(r.chunks.length).toBeGreaterThan(1);
  });
});
