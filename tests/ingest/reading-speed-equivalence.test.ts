/**
 * Shortcuts the reader takes for speed (issue 16: `qda segments` per core) give what the
 * simple computation they skip gives, on random input with the bytes and characters that
 * matter. No timings here: only that the results are the same.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { decodeBytes, detectNewline } from '../../src/ingest/decode.js';

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
