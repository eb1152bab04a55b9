/**
 * A text source with a few stray NUL or control bytes (a broken save, an export glitch) was
 * refused whole as a binary file (in a folder: skipped). It is now read as text without them,
 * said once per file with the count and the first line:column; offsets follow the text without
 * them. Binary files (a PNG, a zip renamed .txt, a file full of NULs) are still refused, and the
 * other readers (codings, cases) still refuse NUL bytes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { decodeBytes } from '../../src/ingest/decode.js';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import { readCodings } from '../../src/ingest/read-codings.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import type { Diagnostic } from '../../src/model/types.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-control-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TURNS = [
  'Interviewer: Hoe verloopt de samenwerking met de gemeente?',
  'Anna: We hebben elke week overleg met de wijkcoach, en we stemmen goed af met elkaar.',
  'Interviewer: En als het misgaat?',
  'Anna: Dan zoeken we elkaar op en maken we samen een plan van aanpak.',
];
const CLEAN = TURNS.join('\n') + '\n';
/** The clean text with a NUL after "overleg" (2:34), a BEL and a NUL in the last turn. */
const DIRTY = CLEAN.replace('overleg met', 'overleg\u0000 met').replace('samen een', 'samen\u0007 een\u0000');

async function run(args: string[]) {
  const io = memoryIo(dir);
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

type Doc = { sources: Array<{ text: string; meta?: Record<string, unknown> }>; segments: Array<{ start: number; end: number; text: string; speaker: string }>; codings: Array<{ segmentId: string; code: string }> };

describe('a transcript with a few stray NUL/control bytes', () => {
  it('is read as text without them: one warning with the count and the first place, the same codings as the clean file, the file untouched', async () => {
    writeFileSync(join(dir, 'clean.txt'), CLEAN);
    writeFileSync(join(dir, 'dirty.txt'), DIRTY, 'latin1');
    const before = readFileSync(join(dir, 'dirty.txt'));
    const a = await run(['code', 'clean.txt', '-c', 'coordination-collaboration', '-o', 'clean.json']);
    const b = await run(['code', 'dirty.txt', '-c', 'coordination-collaboration', '-o', 'dirty.json']);
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    expect(b.err).toContain(
      'dirty.txt:2:34: warning: 3 character(s) that are not text removed (2 NUL and 1 other control character(s)), the first at line 2, column 34; the rest of the file is read as text [ingest:control-characters]',
    );
    expect(b.err).toMatch(/hint: open the file in an editor at that place .*delete them and save the file as UTF-8/);
    expect(b.err.match(/\[ingest:control-characters\]/g)).toHaveLength(1);
    const da = (await readCodings(join(dir, 'clean.json'))) as unknown as Doc;
    const db = (await readCodings(join(dir, 'dirty.json'))) as unknown as Doc;
    expect(db.sources[0].text).toBe(CLEAN);
    expect(db.sources[0].meta?.controlCharactersRemoved).toEqual({ removed: 3, nul: 2, line: 2, column: 34 });
    // segments are slices of the source text
    for (const s of db.segments) expect(db.sources[0].text.slice(s.start, s.end)).toBe(s.text);
    const codes = (d: Doc) => d.codings.map((c) => `${c.segmentId.split('#')[1]} ${c.code}`).sort();
    expect(codes(da).length).toBeGreaterThan(0);
    expect(codes(db)).toEqual(codes(da));
    expect(Buffer.compare(readFileSync(join(dir, 'dirty.txt')), before)).toBe(0);
  });

  it('the example from the report: exit 0, the turn reads "we overleggen elke week"', async () => {
    writeFileSync(join(dir, 'nul.txt'), 'Interviewer: Hoe?\nAnna: Goed, we overleggen\u0000 elke week.\n', 'latin1');
    const r = await run(['segments', 'nul.txt', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^nul\.txt:2:26: warning: 1 character\(s\) that are not text removed \(1 NUL\), the first at line 2, column 26;/);
    expect(r.out).toContain('Goed, we overleggen elke week.');
  });

  it('in a folder it is read, not skipped; a binary file next to it is still skipped', async () => {
    const d = mkdtempSync(join(dir, 'folder-'));
    writeFileSync(join(d, 'anna.txt'), DIRTY, 'latin1');
    writeFileSync(join(d, 'photo.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 0, 0, 0xff]));
    const r = await readCorpus(['.'], { cwd: d });
    expect(r.corpus.sources.map((s) => s.id)).toEqual(['anna']);
    expect(r.corpus.sources[0].text).toBe(CLEAN);
    expect(r.diagnostics.map((x: Diagnostic) => `${x.file} ${x.ruleId}`).sort()).toEqual(['anna.txt control-characters', 'photo.txt binary-file']);
  });

  it('a NUL far into a long file (past the first 64 K characters) is removed too', async () => {
    const long = Array.from({ length: 1500 }, (_, i) => `${i % 2 ? 'Anna' : 'Interviewer'}: Zin ${i} over de samenwerking in de wijk.`).join('\n') + '\n';
    const at = long.length - 20;
    const bytes = Buffer.from(long.slice(0, at) + '\u0000' + long.slice(at), 'latin1');
    const warnings: Diagnostic[] = [];
    const dec = await decodeBytes(bytes, { file: 'long.txt', strays: 'remove', report: (w) => warnings.push(w) });
    expect(dec.text).toBe(long);
    expect(dec.strays).toMatchObject({ removed: 1, nul: 1, line: 1500 });
    expect(warnings).toHaveLength(1);
  });

  it('one stray byte at the very start is text too (a signature needs two among the first 8 bytes)', async () => {
    const dec = await decodeBytes(Buffer.from('\u0000' + CLEAN, 'latin1'), { file: 'x.txt', strays: 'remove' });
    expect(dec.text).toBe(CLEAN);
    expect(dec.strays).toEqual({ removed: 1, nul: 1, line: 1, column: 1 });
  });

  it('a file with control characters in cp1252 or after a UTF-8 BOM is read the same way', async () => {
    const cp = Buffer.concat([Buffer.from('Anna: caf'), Buffer.from([0xe9, 0x00, 0x20]), Buffer.from('en zo.\nAnna: ja.\n')]);
    const d1 = await decodeBytes(cp, { file: 'x.txt', strays: 'remove' });
    expect(d1).toMatchObject({ encoding: 'windows-1252', text: 'Anna: café en zo.\nAnna: ja.\n', strays: { removed: 1, line: 1, column: 11 } });
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Anna: één\u0000.\n')]);
    const d2 = await decodeBytes(bom, { file: 'x.txt', strays: 'remove' });
    expect(d2).toMatchObject({ encoding: 'utf-8-bom', text: 'Anna: één.\n', strays: { removed: 1, line: 1, column: 10 } });
  });
});

describe('binary files are still refused', () => {
  const refused = async (name: string, bytes: Uint8Array) => {
    writeFileSync(join(dir, name), bytes);
    const before = readFileSync(join(dir, name));
    const r = await run(['segments', name]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`^${name.replace('.', '\\.')}: error: this looks like a binary file, not text .*\\[ingest:binary-file\\]`));
    expect(Buffer.compare(readFileSync(join(dir, name)), before)).toBe(0);
  };

  it('a PNG renamed .txt', async () => {
    await refused('photo.txt', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]));
  });

  it('a zip renamed .txt, even one that stores a long transcript uncompressed (few NULs in all, but a zip signature)', async () => {
    const text = strToU8(CLEAN.repeat(200));
    await refused('stored.txt', zipSync({ 'interview.txt': [text, { level: 0 }] }));
    await refused('deflated.txt', zipSync({ 'interview.txt': text }));
  });

  it('a text with many NULs (more than 3, and more than 2% of its characters)', async () => {
    await refused('nuls.txt', Buffer.from('Anna: ja\u0000\u0000\u0000 nee\u0000\u0000 misschien.\n', 'latin1'));
  });

  it('the other readers still refuse a NUL byte (decodeBytes without strays: "remove")', async () => {
    await expect(decodeBytes(Buffer.from('code,text\nx,ja\u0000\n', 'latin1'), { file: 'c.csv' })).rejects.toThrow(/binary file/);
  });
});

describe('UTF-16 without BOM is still read as UTF-16', () => {
  it('LE and BE', async () => {
    const le = Buffer.from(CLEAN, 'utf16le');
    expect((await decodeBytes(le, { file: 'x.txt', strays: 'remove' })).text).toBe(CLEAN);
    expect((await decodeBytes(Buffer.from(le).swap16(), { file: 'x.txt', strays: 'remove' })).text).toBe(CLEAN);
  });
});
