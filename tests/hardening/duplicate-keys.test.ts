/**
 * A codings document that gives a key twice in one object (a hand edit: a second "code" in a
 * coding, a second "segments" list in a source, a second "codes" at the top) is refused when it is
 * read (exit 2, the file, the line, the key and both values): JSON.parse keeps only the last, so
 * the first was dropped without a word (the coding counted under the other code, the segments of
 * the first list gone). In every form: whole, piece by piece (a large document), JSON Lines. The
 * search runs only when a cheap count says a key may be given twice (json-keys.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { readCodings } from '../../src/ingest/read-codings.js';
import { QdaInputError } from '../../src/model/errors.js';
import { duplicateJsonKeys, mayHaveDuplicateKeys } from '../../src/model/json-keys.js';

let dir: string;
let json: string;
let jsonl: string;

async function qda(args: string[]) {
  const io = memoryIo(dir);
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qda-dup-keys-'));
  // (an invented transcript)
  writeFileSync(join(dir, 'r1.txt'), 'Interviewer: Hoe werkt u samen?\nAnna: We overleggen elke week met de buurtagent. {{samenwerking}}\nInterviewer: En verder?\nAnna: Ik stuur berichten door. {{informeren, hulp}}\n');
  expect((await qda(['code', 'r1.txt', '--no-rules', '-o', 'good.json'])).code).toBe(0);
  expect((await qda(['code', 'r1.txt', '--no-rules', '--format', 'jsonl', '-o', 'good.jsonl'])).code).toBe(0);
  json = readFileSync(join(dir, 'good.json'), 'utf8');
  jsonl = readFileSync(join(dir, 'good.jsonl'), 'utf8');
});

function edit(text: string, from: string, to: string): string {
  expect(text).toContain(from);
  return text.replace(from, to);
}
const lineOf = (text: string, what: string) => text.slice(0, text.indexOf(what)).split('\n').length;

async function refusal(name: string, text: string, streamBytes?: number): Promise<QdaInputError> {
  writeFileSync(join(dir, name), text);
  const e = await readCodings(name, { cwd: dir, ...(streamBytes !== undefined ? { streamBytes } : {}) }).catch((x: unknown) => x);
  expect(e, name).toBeInstanceOf(QdaInputError);
  expect(readFileSync(join(dir, name), 'utf8')).toBe(text);
  return e as QdaInputError;
}

describe('a key given twice in one object of a codings document', () => {
  it('two "code" keys in one coding: refused with the line and both values, whole and piece by piece', async () => {
    const text = edit(json, '{"segment":1,"code":"samenwerking",', '{"segment":1,"code":"overleg","code":"samenwerking",');
    const line = lineOf(text, '"code":"overleg"');
    for (const stream of [undefined, 1]) {
      const e = await refusal('two-codes.json', text, stream);
      expect(e.diagnostics[0]).toMatchObject({ ruleId: 'duplicate-key', file: 'two-codes.json', line, actual: 'code' });
      expect(e.message).toMatch(/the codings document gives the key "code" twice in one object.*JSON keeps only the last \("samenwerking"\), so the first \("overleg"\) would be dropped without a word/);
    }
  });

  it('two "segments" lists in one source, and two "codes" at the top: refused (whole and piece by piece)', async () => {
    const segs = edit(json, '"segments":[', '"segments":[[13,31,0]],"segments":[');
    for (const stream of [undefined, 1]) {
      const e = await refusal('two-segments.json', segs, stream);
      expect(e.diagnostics[0]).toMatchObject({ ruleId: 'duplicate-key', actual: 'segments', line: lineOf(segs, '"segments":[[13') });
    }
    const codes = edit(json, '  "codes": [],\n', '  "codes": [{"id":"samenwerking"}],\n  "codes": [],\n');
    for (const stream of [undefined, 1]) {
      const e = await refusal('two-code-lists.json', codes, stream);
      expect(e.diagnostics[0], String(stream)).toMatchObject({ ruleId: 'duplicate-key', actual: 'codes', line: lineOf(codes, '  "codes": [],') });
    }
  });

  it('JSON Lines: a coding line with two "code" keys, with its line', async () => {
    const text = edit(jsonl, '"segment":1,"code":"samenwerking"', '"segment":1,"code":"overleg","code":"samenwerking"');
    for (const stream of [undefined, 1]) {
      const e = await refusal('two-codes.jsonl', text, stream);
      expect(e.diagnostics[0]).toMatchObject({ ruleId: 'duplicate-key', line: lineOf(text, '"code":"overleg"') });
    }
  });

  it('qda matrix stops with exit 2 and says the file, line and key', async () => {
    writeFileSync(join(dir, 'm.json'), edit(json, '{"segment":1,"code":"samenwerking",', '{"segment":1,"code":"overleg","code":"samenwerking",'));
    const r = await qda(['matrix', 'm.json']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/m\.json:\d+:\d+: error: the codings document gives the key "code" twice .*\[ingest:duplicate-key\]/);
  });

  it('documents without such a key are read as before, also with a quote and a colon in a text or memo', async () => {
    const memo = edit(json, '"marker":"{{samenwerking}}"}', '"marker":"{{samenwerking}}","memo":"zij zei \\"ja\\": prima"}');
    for (const [name, text] of [['good.json', json], ['good.jsonl', jsonl], ['memo.json', memo]] as const) {
      writeFileSync(join(dir, name), text);
      for (const stream of [undefined, 1]) {
        const d = await readCodings(name, { cwd: dir, ...(stream !== undefined ? { streamBytes: stream } : {}) });
        expect(d.codings.map((c) => c.code).sort(), name).toEqual(['hulp', 'informeren', 'samenwerking']);
      }
    }
    // (the memo's `\":` makes the cheap count look twice; the exact search finds nothing)
    expect(mayHaveDuplicateKeys(memo, JSON.parse(memo))).toBe(true);
    expect(duplicateJsonKeys(memo)).toEqual([]);
    expect(mayHaveDuplicateKeys(json, JSON.parse(json))).toBe(false);
  });

  it('the cheap count never misses a key given twice (spaces before the colon, nesting)', () => {
    for (const t of ['{"a":1,"a":2}', '{"a" :1, "a"\n:2}', '{"x":{"b":[{"c":1,"c" : 1}]}}', '{"x":"\\":", "y":{"z":1,"z":2}}']) {
      expect(mayHaveDuplicateKeys(t, JSON.parse(t)), t).toBe(true);
      expect(duplicateJsonKeys(t).length, t).toBe(1);
    }
  });
});
