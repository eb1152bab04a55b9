/**
 * The stray-control check of text sources looked at the first 64 K characters of a file
 * without a NUL only: a stray control character after them (and nothing before) was kept in
 * the text without a word. The whole file is now searched (strict UTF-8: its bytes, natively;
 * other encodings: the text), and such a character is removed and said like one at the start;
 * what stays, is removed and is refused elsewhere is as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { decodeBytes } from '../../src/ingest/decode.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import type { Diagnostic } from '../../src/model/types.js';

const TURNS = [
  'Interviewer: Hoe verloopt de samenwerking met de gemeente?\n',
  'Anna: We hebben elke week overleg met de wijkcoach, en we stemmen goed af met elkaar.\n',
];
/** Over 100 KB of clean turns (1 + 2·n lines). */
const n = Math.ceil(110_000 / (TURNS[0].length + TURNS[1].length));
const BODY = TURNS.join('').repeat(n);
const LAST = 'Anna: Dan zoeken we elkaar op en maken we samen een plan van aanpak.\n';

async function decode(bytes: Uint8Array, encoding?: string) {
  const warnings: Diagnostic[] = [];
  const dec = await decodeBytes(bytes, { file: 'x.txt', strays: 'remove', report: (w) => warnings.push(w), ...(encoding ? { encoding } : {}) });
  return { dec, warnings };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-control-whole-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a stray control character after the first 100 KB of a text source', () => {
  const line = 2 * n + 1;
  const text = BODY + LAST.replace('samen een', 'samen\u0007 een');
  const column = LAST.indexOf(' een') + 1;

  it('is removed and said with its line and column (UTF-8)', async () => {
    expect(Buffer.byteLength(text)).toBeGreaterThan(100_000);
    const { dec, warnings } = await decode(Buffer.from(text, 'utf8'));
    expect(dec.text).toBe(BODY + LAST);
    expect(dec.strays).toEqual({ removed: 1, nul: 0, line, column });
    expect(warnings.map((w) => `${w.line}:${w.column} ${w.message}`)).toEqual([
      `${line}:${column} 1 character(s) that are not text removed (1 other control character(s)), the first at line ${line}, column ${column}; the rest of the file is read as text`,
    ]);
  });

  it('a C1 control character (U+0085 as C2 85) there is removed too; a U+FFFD stays', async () => {
    const t = BODY + LAST.replace('samen een', 'samen\u0085 een').replace('plan', 'pl\ufffdn');
    const { dec, warnings } = await decode(Buffer.from(t, 'utf8'));
    expect(dec.text).toBe(BODY + LAST.replace('plan', 'pl\ufffdn'));
    expect(dec.strays).toEqual({ removed: 1, nul: 0, line, column });
    expect(warnings).toHaveLength(1);
  });

  it('after a UTF-8 BOM, in Windows-1252 and in UTF-16 the same', async () => {
    const cases: Array<[Uint8Array, string | undefined]> = [
      [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]), undefined],
      [iconv.encode(text.replace('Anna: Dan', 'Anna: Dán'), 'windows-1252'), undefined],
      [Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), undefined],
      [Buffer.from(text, 'utf8'), 'utf-8'],
    ];
    for (const [bytes, encoding] of cases) {
      const { dec, warnings } = await decode(bytes, encoding);
      expect(dec.strays).toEqual({ removed: 1, nul: 0, line, column });
      expect(dec.text).not.toContain('\u0007');
      expect(warnings.filter((w) => w.ruleId === 'control-characters')).toHaveLength(1);
    }
  });

  it('qda segments says so and leaves the file as it was; the turn reads without it', async () => {
    writeFileSync(join(dir, 'long.txt'), text);
    const before = readFileSync(join(dir, 'long.txt'));
    const io = memoryIo(dir);
    const code = await main(['segments', 'long.txt', '--format', 'csv'], io);
    expect(code).toBe(0);
    expect(io.err()).toContain(
      `long.txt:${line}:${column}: warning: 1 character(s) that are not text removed (1 other control character(s)), the first at line ${line}, column ${column}; the rest of the file is read as text [ingest:control-characters]`,
    );
    expect(io.out()).toContain('Dan zoeken we elkaar op en maken we samen een plan van aanpak.');
    expect(io.out()).not.toContain('\u0007');
    expect(Buffer.compare(readFileSync(join(dir, 'long.txt')), before)).toBe(0);
  });

  it('a clean long file, and one whose only such characters are U+FFFD, are read as they are without a warning', async () => {
    for (const t of [BODY + LAST, BODY + LAST.replace('plan', 'pl\ufffdn')]) {
      const { dec, warnings } = await decode(Buffer.from(t, 'utf8'));
      expect(dec.text).toBe(t);
      expect(dec.strays).toBeUndefined();
      expect(warnings).toEqual([]);
    }
  });

  it('a text mostly U+FFFD in its first 64 K characters is still refused as binary, with or without a stray later', async () => {
    const junk = 'Anna: ' + '\ufffd'.repeat(3000) + ' ja.\n';
    await expect(decode(Buffer.from(junk + BODY, 'utf8'))).rejects.toThrow(/binary file/);
    await expect(decode(Buffer.from(junk + BODY + '\u0007', 'utf8'))).rejects.toThrow(/binary file/);
    // (the other readers: the same share, without removing)
    await expect(decodeBytes(Buffer.from(junk + BODY, 'utf8'), { file: 'x.txt' })).rejects.toThrow(/binary file/);
  });

  it('the bytes may be a plain Uint8Array (not a Buffer)', async () => {
    const b = Buffer.from(text, 'utf8');
    const { dec } = await decode(new Uint8Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)));
    expect(dec.strays).toEqual({ removed: 1, nul: 0, line, column });
  });
});
