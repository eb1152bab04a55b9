import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCodings, parseCodingsCsv } from '../../src/ingest/read-codings.js';
import { QdaInputError } from '../../src/model/errors.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-read-codings-'));
  mkdirSync(join(dir, 'folder'));
  // Dutch Excel "CSV (puntkomma)": Windows-1252 bytes, ; separator, CRLF
  writeFileSync(join(dir, 'excel.csv'), Buffer.from('source;code;team\r\ns1;co\xf6rdinatie;Zuid\r\ns2;samenwerking;Noord\r\n', 'latin1'));
  writeFileSync(join(dir, 'fake.csv'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 8, 0]));
});

async function err(p: Promise<unknown>): Promise<QdaInputError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(QdaInputError);
    return e as QdaInputError;
  }
  throw new Error('expected an input error');
}

describe('readCodings: files that are not there or not text', () => {
  it('a missing file names the file (as given) and how to make one', async () => {
    const e = await err(readCodings('nope.csv', { cwd: dir }));
    expect(e.diagnostics[0]).toMatchObject({ ruleId: 'file-not-found', file: 'nope.csv' });
    expect(e.diagnostics[0].hint).toMatch(/qda code/);
  });
  it('a folder is refused by name', async () => {
    const e = await err(readCodings('folder', { cwd: dir }));
    expect(e.diagnostics[0]).toMatchObject({ ruleId: 'is-a-folder', file: 'folder' });
  });
  it('a binary file gets a codings-specific message', async () => {
    const e = await err(readCodings('fake.csv', { cwd: dir }));
    expect(e.diagnostics[0].ruleId).toBe('binary-file');
    expect(e.diagnostics[0].message).toMatch(/not a codings JSON or CSV/);
  });
});

describe('readCodings: Windows-1252 CSV with ; from Dutch Excel', () => {
  it('decodes ö and reads the ; columns', async () => {
    const doc = await readCodings('excel.csv', { cwd: dir });
    expect(doc.codings.map((c) => c.code)).toEqual(['coördinatie', 'samenwerking']);
    expect(doc.sources.find((s) => s.id === 's1')!.attributes).toEqual({ team: 'Zuid' });
  });
});

describe('parseCodingsCsv: header problems', () => {
  it('a missing column lists the columns found, and suggests only close names', () => {
    try {
      parseCodingsCsv('sourse,code\ns1,a\n', 'c.csv');
      throw new Error('no error');
    } catch (e) {
      const d = (e as QdaInputError).diagnostics[0];
      expect(d.message).toBe('the codings CSV has no "source" column (its columns: sourse, code)');
      expect(d.expected).toEqual(['sourse']);
    }
    try {
      parseCodingsCsv('file,label\ns1,a\n', 'c.csv');
      throw new Error('no error');
    } catch (e) {
      expect((e as QdaInputError).diagnostics[0].expected).toBeUndefined();
    }
  });
  it('accepts Dutch column names bron, codeur, spreker (not as attributes)', () => {
    const doc = parseCodingsCsv('bron;segment;spreker;code;codeur;team\nwc1;4;Sanne;exchange;anna;Zuid\n', 'c.csv');
    expect(doc.codings[0]).toMatchObject({ sourceId: 'wc1', code: 'exchange', coder: 'anna', segmentId: 'wc1#4' });
    expect(doc.segments[0].speaker).toBe('Sanne');
    expect(doc.sources[0].attributes).toEqual({ team: 'Zuid' });
  });
  it('an English column wins over its Dutch alias (which stays an attribute)', () => {
    const doc = parseCodingsCsv('source,bron,code\ns1,x,a\n', 'c.csv');
    expect(doc.codings[0].sourceId).toBe('s1');
    expect(doc.sources[0].attributes).toEqual({ bron: 'x' });
  });
  it('offsets must be whole numbers, end not before start', () => {
    expect(() => parseCodingsCsv('source,code,start,end\ns1,a,10,x\n', 'c.csv')).toThrow(/"end" must be a whole number/);
    expect(() => parseCodingsCsv('source,code,start,end\ns1,a,10,4\n', 'c.csv')).toThrow(/is before "start"/);
    expect(parseCodingsCsv('source,code,start,end\ns1,a,4,10\n', 'c.csv').codings[0]).toMatchObject({ start: 4, end: 10 });
  });
});
