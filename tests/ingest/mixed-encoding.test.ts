/**
 * Mixed encodings (issue 13, item 3): a file that is UTF-8 except for a few bytes is read
 * as UTF-8; each invalid byte is decoded on its own (Windows-1252 where that gives a letter
 * or typographic punctuation, else U+FFFD) and reported with line:column. Whole-file
 * Windows-1252 only when most non-ASCII bytes are not UTF-8.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { decodeBytes, repairByte } from '../../src/ingest/decode.js';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import type { Diagnostic } from '../../src/model/types.js';
import { readCodings } from '../../src/ingest/read-codings.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-mixed-enc-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const cat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));

async function decodeWith(bytes: Uint8Array, encoding?: string) {
  const warnings: Diagnostic[] = [];
  const d = await decodeBytes(bytes, { file: 'x.txt', report: (w) => warnings.push(w), ...(encoding ? { encoding } : {}) });
  return { ...d, warnings };
}

describe('repairByte: Windows-1252 where that is a letter or typographic punctuation, else U+FFFD', () => {
  it('letters and quotes', () => {
    expect([0xe9, 0xeb, 0xef, 0xc9, 0x8a, 0x9f, 0x92, 0x93, 0x85, 0x80].map(repairByte).join('')).toBe('éëïÉŠŸ’“…€');
  });
  it('undefined bytes, symbols and spaces become U+FFFD', () => {
    for (const b of [0x81, 0x8d, 0x8f, 0x90, 0x9d, 0xa0, 0xa4, 0xd7, 0xf7, 0xad]) expect(repairByte(b)).toBe('\ufffd');
  });
});

describe('decodeBytes: mixed UTF-8', () => {
  it('one cp1252 "één" pasted into UTF-8 text: read as UTF-8, the two bytes repaired and reported with line:column', async () => {
    const bytes = cat(utf8('Interviewer: Hoe vaak?\nGeïnterviewde C: '), iconv.encode('één', 'win1252'), utf8(' keer per week, zeker 😀.\n'));
    const d = await decodeWith(bytes);
    expect(d.encoding).toBe('utf-8');
    expect(d.text).toBe('Interviewer: Hoe vaak?\nGeïnterviewde C: één keer per week, zeker 😀.\n');
    expect(d.repairs).toEqual({ bytes: 2, asWindows1252: 2, replaced: 0, line: 2, column: 18 });
    expect(d.warnings).toHaveLength(1);
    expect(d.warnings[0]).toMatchObject({ severity: 'warning', ruleId: 'invalid-utf8', file: 'x.txt', line: 2, column: 18 });
    expect(d.warnings[0].message).toContain('0xE9 0xE9');
    expect(d.warnings[0].message).toContain('"éé"');
  });

  it('a byte that is no letter in Windows-1252 becomes U+FFFD, reported as such', async () => {
    const d = await decodeWith(cat(utf8('Anna: één, twee'), new Uint8Array([0x81]), utf8(' drie\n')));
    expect(d.text).toBe('Anna: één, twee\ufffd drie\n');
    expect(d.repairs).toMatchObject({ bytes: 1, asWindows1252: 0, replaced: 1, line: 1, column: 16 });
    expect(d.warnings[0].message).toMatch(/1 replaced by U\+FFFD/);
  });

  it('repairs on more than 20 lines: 20 warnings with their line, then one with the rest counted', async () => {
    const line = (i: number) => cat(utf8(`Anna: regel ${i} met één `), new Uint8Array([0xeb]), utf8('\n'));
    const d = await decodeWith(cat(...Array.from({ length: 25 }, (_, i) => line(i))));
    expect(d.encoding).toBe('utf-8');
    expect(d.repairs?.bytes).toBe(25);
    expect(d.warnings).toHaveLength(21);
    expect(d.warnings.slice(0, 20).map((w) => w.line)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(d.warnings[20].message).toMatch(/^5 more byte\(s\) .* on 5 more line\(s\)/);
  });

  it('a UTF-8 BOM file or --encoding utf-8 with a pasted byte: repaired too (encoding kept)', async () => {
    const body = cat(utf8('Anna: één keer, Geïnterviewde '), new Uint8Array([0xe9]), utf8('\n'));
    const bom = await decodeWith(cat(new Uint8Array([0xef, 0xbb, 0xbf]), body));
    expect(bom).toMatchObject({ encoding: 'utf-8-bom', text: 'Anna: één keer, Geïnterviewde é\n' });
    const forced = await decodeWith(body, 'utf-8');
    expect(forced).toMatchObject({ encoding: 'utf-8', text: 'Anna: één keer, Geïnterviewde é\n' });
    expect(forced.warnings[0]).toMatchObject({ ruleId: 'invalid-utf8', line: 1, column: 31 });
  });

  it('a Windows-1252 file is still read as Windows-1252 as a whole, without warnings', async () => {
    const d = await decodeWith(iconv.encode('Geïnterviewde C: één keer – “zo”.\nÀ la carte, naïef.\n', 'win1252'));
    expect(d.encoding).toBe('windows-1252');
    expect(d.text).toBe('Geïnterviewde C: één keer – “zo”.\nÀ la carte, naïef.\n');
    expect(d.repairs).toBeUndefined();
    expect(d.warnings).toEqual([]);
  });

  it('a Windows-1252 file with one UTF-8 character: read as Windows-1252, the UTF-8 character reported with its place', async () => {
    const d = await decodeWith(cat(iconv.encode('Geïnterviewde C: één keer.\nDaarna: ', 'win1252'), utf8('café'), iconv.encode(' – “zo”.\n', 'win1252')));
    expect(d.encoding).toBe('windows-1252');
    expect(d.warnings).toHaveLength(1);
    expect(d.warnings[0]).toMatchObject({ ruleId: 'mixed-encoding', line: 2, column: 12 });
  });

  it('--encoding utf-8 on a file that is not UTF-8 at all is still refused, now with the place of the first bad byte', async () => {
    await expect(decodeBytes(iconv.encode('Anna: hallo\nBram: één keer\n', 'win1252'), { file: 'x.txt', encoding: 'utf-8' })).rejects.toMatchObject({
      diagnostics: [{ ruleId: 'undecodable', file: 'x.txt', line: 2, column: 7 }],
    });
  });

  const pool = fc.constantFrom(
    ...'abcdefghij klmnopqrstuvwxyz ABCXYZ .,;:?!\'"-()0123456789'.split(''),
    'é', 'ë', 'ï', 'ü', 'ö', 'á', 'è', 'Ë', 'Ï', 'ĳ', 'Ĳ', '’', '“', '”', '…', '€', '–', 'ß', 'ø',
    '😀', '𝄞', '🇳', '𠜎', '中', '文', 'ا', 'ש', '\u200d', '\n', '\r\n', '\t',
  );

  it('property: random UTF-8 text with a few invalid bytes inserted keeps every valid character, in order, and reports every byte at its place', { timeout: 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(pool, { minLength: 300, maxLength: 800 }),
        fc.uniqueArray(fc.nat(), { minLength: 1, maxLength: 5 }),
        fc.array(fc.integer({ min: 0x80, max: 0xff }), { minLength: 5, maxLength: 5 }),
        async (chars, at, bad) => {
          const multi = chars.filter((c) => Buffer.byteLength(c) > 1).length;
          fc.pre(multi >= at.length);
          // insert one invalid byte before character at[k] (distinct places: two bytes never form a valid sequence)
          const places = [...new Set(at.map((p) => p % (chars.length + 1)))].sort((a, b) => a - b);
          const parts: Uint8Array[] = [];
          let expected = '';
          const expectedPlaces: Array<[number, number, string]> = [];
          let line = 1;
          let column = 1;
          let k = 0;
          for (let i = 0; i <= chars.length; i++) {
            if (places[k] === i) {
              const r = repairByte(bad[k]);
              parts.push(new Uint8Array([bad[k]]));
              expected += r;
              expectedPlaces.push([line, column, r]);
              column++;
              k++;
            }
            if (i < chars.length) {
              const c = chars[i];
              parts.push(utf8(c));
              expected += c;
              if (c.includes('\n')) {
                line++;
                column = 1;
              } else column += [...c].length;
            }
          }
          const d = await decodeWith(cat(...parts));
          expect(d.encoding).toBe('utf-8');
          expect(d.text).toBe(expected);
          expect(d.repairs?.bytes).toBe(places.length);
          // every valid character kept, in order: the text without the inserted characters is the original
          const got = [...d.text];
          const inserted = new Set<number>();
          const lines = d.text.split('\n').map((l) => [...l]);
          for (const w of d.warnings) {
            expect(w.ruleId).toBe('invalid-utf8');
            // the place points at the first repaired character of that line
            const first = expectedPlaces.find(([l]) => l === w.line)!;
            expect([w.line, w.column]).toEqual([first[0], first[1]]);
            expect(lines[w.line! - 1][w.column! - 1]).toBe(first[2]);
          }
          // counted per line: the bytes in the warnings add up to the inserted ones
          const counted = d.warnings.reduce((s, w) => s + Number(/^(\d+) byte/.exec(w.message)![1]), 0);
          expect(counted).toBe(places.length);
          // the original characters are the decoded ones minus the inserted positions
          let cp = 0;
          let kk = 0;
          for (let i = 0; i <= chars.length; i++) {
            if (places[kk] === i) {
              inserted.add(cp);
              cp++;
              kk++;
            }
            if (i < chars.length) cp += [...chars[i]].length;
          }
          expect(got.filter((_, i) => !inserted.has(i)).join('')).toBe(chars.join(''));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('the issue example: a Geïnterviewde C: transcript with one cp1252 "één" pasted in', () => {
  const turns = [
    'Interviewer: Hoe verloopt de samenwerking met de gemeente?',
    'Geïnterviewde C: We hebben ÉÉN keer per week overleg met de wijkcoach, en we stemmen goed af met elkaar. De korte lijntjes helpen.',
    'Interviewer: En als het misgaat?',
    'Geïnterviewde C: Dan zoeken we elkaar op en maken we samen een plan van aanpak. Warme overdracht is belangrijk, vinden wij.',
    'Interviewer: Wat mist er?',
    'Geïnterviewde C: Tijd en budget. Het casusoverleg is te vaak afgezegd, dat frustreert de samenwerking.',
  ];
  const clean = turns.join('\n').replace('ÉÉN', 'één') + '\n';
  const mixed = Buffer.concat(turns.join('\n').split('ÉÉN').flatMap((p, i) => (i ? [iconv.encode('één', 'win1252'), utf8(p)] : [utf8(p)]))).toString('latin1');

  it('qda code reads it as UTF-8 and codes the respondent turns exactly as the clean file, with a warning at 2:28', async () => {
    writeFileSync(join(dir, 'clean.txt'), clean);
    writeFileSync(join(dir, 'mixed.txt'), Buffer.concat([Buffer.from(mixed, 'latin1'), Buffer.from('\n')]));
    const before = readFileSync(join(dir, 'mixed.txt'));
    const runOn = async (f: string) => {
      const io = memoryIo(dir);
      const code = await main(['code', f, '-c', 'coordination-collaboration', '-o', f.replace('.txt', '.json')], io);
      return { code, err: io.err(), doc: (await readCodings(join(dir, f.replace('.txt', '.json')))) as unknown as { sources: Array<{ encoding: string; meta: Record<string, unknown>; text: string }>; segments: Array<{ speaker: string; role: string }>; codings: Array<{ segmentId: string; code: string }> } };
    };
    const a = await runOn('clean.txt');
    const b = await runOn('mixed.txt');
    expect(b.code).toBe(0);
    expect(b.err).toMatch(/mixed\.txt:2:28: warning: 2 byte\(s\) on this line are not valid UTF-8 \(0xE9 0xE9\): read as Windows-1252 "éé"/);
    expect(b.doc.sources[0].encoding).toBe('utf-8');
    expect(b.doc.sources[0].meta.encodingRepairs).toMatchObject({ bytes: 2, asWindows1252: 2, replaced: 0, line: 2, column: 28 });
    expect(b.doc.sources[0].text).toBe(a.doc.sources[0].text);
    const roles = (doc: { segments: Array<{ speaker: string; role: string }> }) => doc.segments.map((s) => `${s.speaker}/${s.role}`);
    expect(roles(b.doc)).toEqual(roles(a.doc));
    expect(roles(b.doc).filter((r) => r === 'Geïnterviewde C/respondent')).toHaveLength(3);
    const codes = (doc: { codings: Array<{ segmentId: string; code: string }> }) => doc.codings.map((c) => `${c.segmentId.split('#')[1]} ${c.code}`).sort();
    expect(codes(a.doc).length).toBeGreaterThan(0);
    expect(codes(b.doc)).toEqual(codes(a.doc));
    // the source file is not touched
    expect(Buffer.compare(readFileSync(join(dir, 'mixed.txt')), before)).toBe(0);
    expect(existsSync(join(dir, 'mixed.json'))).toBe(true);
  });

  it('readCorpus reports the repair as a warning diagnostic', async () => {
    const r = await readCorpus(['mixed.txt'], { cwd: dir });
    expect(r.diagnostics.filter((d) => d.ruleId === 'invalid-utf8')).toHaveLength(1);
  });
});
