/**
 * A codings document larger than the streaming threshold (64 MB; here lowered with the
 * `streamBytes` option, so the fixtures stay small) is read piece by piece. A NUL byte or bytes
 * that are not UTF-8 anywhere in it, also far past its first part, stop the reading with the place
 * of the first (line, column, byte) and the count of NULs; the file is left byte-identical. (The
 * pieces were decoded leniently: bytes that are not UTF-8 became U+FFFD without a word, and a NUL
 * in a string was a JSON error without its place.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { readCodings } from '../../src/ingest/read-codings.js';
import { QdaInputError } from '../../src/model/errors.js';
import { formatDiagnostic } from '../../src/model/errors.js';

let dir: string;
let json: string;
let jsonl: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'qda-large-nul-'));
  writeFileSync(join(dir, 'r1.txt'), 'Interviewer: Hoe gaat het?\nAnna: We vertrouwen elkaar en werken samen.\n');
  const io = memoryIo(dir);
  expect(await main(['code', 'r1.txt', '-c', 'kaats-opheij', '-o', 'c.json'], io)).toBe(0);
  expect(await main(['code', 'r1.txt', '-c', 'kaats-opheij', '--format', 'jsonl', '-o', 'c.jsonl'], io)).toBe(0);
  json = readFileSync(join(dir, 'c.json'), 'utf8');
  jsonl = readFileSync(join(dir, 'c.jsonl'), 'utf8');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `text` with `pad` spaces (on lines of 100) before its last "}", then `bad` there: the file, and the line and column of `bad`. */
function padded(name: string, text: string, bad: Buffer, pad = 300_000) {
  const end = text.lastIndexOf('}');
  const fill = (' '.repeat(99) + '\n').repeat(pad / 100);
  const head = text.slice(0, end) + fill;
  const bytes = Buffer.concat([Buffer.from(head, 'utf8'), bad, Buffer.from('  ' + text.slice(end), 'utf8')]);
  writeFileSync(join(dir, name), bytes);
  const line = head.split('\n').length;
  return { bytes, line, column: head.length - head.lastIndexOf('\n'), byte: Buffer.byteLength(head) };
}

async function refusal(name: string, opts: { streamBytes?: number } = { streamBytes: 4096 }): Promise<string> {
  try {
    await readCodings(name, { cwd: dir, ...opts });
  } catch (e) {
    expect(e).toBeInstanceOf(QdaInputError);
    return (e as QdaInputError).diagnostics.map(formatDiagnostic).join('\n');
  }
  throw new Error('read without a word');
}

describe('a large codings document is searched whole', () => {
  it('a NUL 300 KB into a streamed JSON document: its line, column and byte, and the count', async () => {
    const f = padded('nul.json', json, Buffer.from([0, 0x20, 0]));
    const msg = await refusal('nul.json');
    expect(msg).toBe(
      `nul.json:${f.line}:${f.column}: error: this codings file holds 2 NUL bytes (characters that are never text), the first at line ${f.line}, column ${f.column} (byte ${f.byte}); nothing was read from it [ingest:nul-byte]\n` +
        '  hint: open the file in an editor at that place (a NUL may show as ␀, ^@ or a small box), delete it and save the file as UTF-8',
    );
    expect(readFileSync(join(dir, 'nul.json')).equals(f.bytes)).toBe(true);
    // (read whole, below the threshold, the same NUL is refused with the same place)
    expect(await refusal('nul.json', {})).toContain(`nul.json:${f.line}:${f.column}: error: this codings file holds 2 NUL bytes`);
  });

  it('a NUL in a streamed JSON Lines file', async () => {
    const lines = jsonl.split('\n');
    const at = lines.findIndex((l) => l.startsWith('{"end":'));
    const head = lines.slice(0, at).join('\n') + '\n' + (' '.repeat(99) + '\n').repeat(3000);
    const bytes = Buffer.concat([Buffer.from(head), Buffer.from([0]), Buffer.from('\n' + lines.slice(at).join('\n'))]);
    writeFileSync(join(dir, 'nul.jsonl'), bytes);
    const line = head.split('\n').length;
    expect(await refusal('nul.jsonl')).toContain(`nul.jsonl:${line}:1: error: this codings file holds a NUL byte (a character that is never text) at line ${line}, column 1 (byte ${Buffer.byteLength(head)}); nothing was read from it [ingest:nul-byte]`);
    expect(readFileSync(join(dir, 'nul.jsonl')).equals(bytes)).toBe(true);
  });

  it('a byte that is not UTF-8 (a Windows-1252 é) 300 KB into a streamed document: refused with its place (it became U+FFFD without a word)', async () => {
    const f = padded('cp1252.json', json, Buffer.from('"caf\xe9"', 'latin1'));
    const msg = await refusal('cp1252.json');
    expect(msg).toBe(
      `cp1252.json:${f.line}:${f.column + 4}: error: this codings file is large and read as UTF-8 piece by piece, but its bytes at line ${f.line}, column ${f.column + 4} (byte ${f.byte + 4}) are not UTF-8; nothing was read from it [ingest:undecodable]\n` +
        '  hint: save the file as UTF-8 (a file this large is not read as Windows-1252 or UTF-16), or write it again with `qda code … -o codings.json`',
    );
    // the same place in UTF-8 is no encoding problem (here a JSON one: a bare string in the object)
    padded('utf8.json', json, Buffer.from('"café"', 'utf8'));
    expect(await refusal('utf8.json')).not.toContain('undecodable');
    // a document that is UTF-8 throughout, streamed, is read as before
    const ok = padded('fine2.json', json, Buffer.alloc(0));
    expect((await readCodings('fine2.json', { cwd: dir, streamBytes: 4096 })).codings.length).toBeGreaterThan(0);
    expect(readFileSync(join(dir, 'fine2.json')).equals(ok.bytes)).toBe(true);
  });
});
