/**
 * Shortcuts the reader takes for speed (issue 16: `qda segments` per core) give what the
 * simple computation they skip gives, on random input with the bytes and characters that
 * matter. No timings here: only that the results are the same.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { decodeBytes, detectNewline } from '../../src/ingest/decode.js';
import { COLON_LABEL, colonLabel, parseStamp } from '../../src/ingest/parse-blocks.js';

const BYTE_PIECES: number[][] = [
  [0x61], [0x20], [0x0d], [0x0a], [0x0d, 0x0a], [0x09], [0x0c],
  [0xc3, 0xa9], [0xe2, 0x80, 0x99], [0xf0, 0x9f, 0x98, 0x80], [0xef, 0xbf, 0xbd],
  [0x92], [0xe9], [0xff], [0x81], [0x8d], [0xc2], [0xe2, 0x80],
];
const bytesArb = fc
  .tuple(fc.constantFrom<number[]>([], [0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff]), fc.array(fc.constantFrom(...BYTE_PIECES), { maxLength: 40 }))
  .map(([bom, parts]) => Uint8Array.from([...bom, ...parts.flat()]));

describe('decodeBytes: the newline style from the bytes', () => {
  it('is detectNewline of the decoded text, whatever the encoding found or forced', async () => {
    await fc.assert(
      fc.asyncProperty(bytesArb, fc.constantFrom(undefined, 'utf-8', 'windows-1252', 'utf-16le', 'utf-16be'), async (bytes, encoding) => {
        let dec;
        try {
          dec = await decodeBytes(bytes, { file: 'x.txt', ...(encoding ? { encoding } : {}) });
        } catch {
          return; // (binary or undecodable: no text to compare)
        }
        expect(dec.newline).toBe(detectNewline(dec.text));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('speaker labels of the common form read without the regular expression', () => {
  const PIECES = ['Anna', 'Bram de Vries', 'A', 'x', 'de', ' ', '  ', '\t', ':', ': ', ':x', '**', '__', '(', ')', '[', ']', '00:12', '1:02:03.5', '.', "'", '’', '-', '7', 'é', 'Ü', 'İ', '😀', '\n', '\u00a0', 'Abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJ '];
  const line = fc.array(fc.constantFrom(...PIECES), { maxLength: 14 }).map((a) => a.join(''));
  it('colonLabel gives what COLON_LABEL.exec gives (label group, end of match, stamp group)', () => {
    fc.assert(
      fc.property(line, (s) => {
        const m = COLON_LABEL.exec(s);
        expect(colonLabel(s)).toEqual(m ? [m[1], m[0].length, m[2]] : undefined);
      }),
      { numRuns: 5000 },
    );
    // labels of 38 to 42 characters before the colon (the limit is 40), with spaces before the colon
    for (let n = 36; n <= 44; n++) {
      for (const tail of [': a', ' : a', ':', ':\ta', ':x', '  :  a']) {
        const s = 'A' + 'b'.repeat(n - 1) + tail;
        const m = COLON_LABEL.exec(s);
        expect(colonLabel(s), JSON.stringify(s)).toEqual(m ? [m[1], m[0].length, m[2]] : undefined);
      }
    }
  });
});

describe('parseStamp by char codes', () => {
  /** The implementation before (string splits). */
  function reference(s: string, twoPart: 'mm:ss' | 'hh:mm' = 'mm:ss'): number {
    const [main, frac] = s.split(/[.,]/);
    const parts = main.split(':').map(Number);
    let sec: number;
    if (parts.length === 3) sec = parts[0] * 3600 + parts[1] * 60 + parts[2];
    else sec = twoPart === 'hh:mm' ? parts[0] * 3600 + parts[1] * 60 : parts[0] * 60 + parts[1];
    if (frac) sec += Number(`0.${frac}`);
    return Math.round(sec * 1000) / 1000;
  }
  const piece = fc.oneof(fc.constantFrom(':', '.', ',', '', 'a', ' '), fc.nat(99999).map(String), fc.constantFrom('0', '00', '000', '0000', '05', '999'));
  const stamp = fc.oneof(
    fc.array(piece, { maxLength: 7 }).map((a) => a.join('')),
    fc.tuple(fc.nat(99), fc.nat(99), fc.option(fc.nat(99)), fc.option(fc.nat(999)), fc.constantFrom('.', ','), fc.nat(3)).map(([a, b, c, f, sep, pad]) =>
      `${a}:${String(b).padStart(2, '0')}${c === null ? '' : ':' + String(c).padStart(2, '0')}${f === null ? '' : sep + String(f).padStart(pad, '0')}`,
    ),
  );
  it('gives the seconds (or NaN) of the string splits it replaced, in both two-part modes', () => {
    fc.assert(
      fc.property(stamp, fc.constantFrom('mm:ss' as const, 'hh:mm' as const), (s, mode) => {
        expect(Object.is(parseStamp(s, mode), reference(s, mode)), `${JSON.stringify(s)} ${mode}: ${parseStamp(s, mode)} vs ${reference(s, mode)}`).toBe(true);
      }),
      { numRuns: 5000 },
    );
    // every fraction of 1 to 3 digits
    for (let f = 0; f < 1000; f++) for (const d of [String(f), String(f).padStart(3, '0')]) if (d.length <= 3) expect(parseStamp(`1:02:03.${d}`)).toBe(reference(`1:02:03.${d}`));
  });
});
