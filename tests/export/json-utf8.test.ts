/**
 * jsonPieceUtf8 gives the bytes of before + JSON.stringify(text) + after exactly: on every
 * kind of character (control characters, quotes, backslashes, two- and three-byte
 * characters, astral pairs, lone surrogates), on texts made mostly of characters written as
 * 6 bytes (the buffer, sized for 3 bytes a unit, grows) and on a sample transcript.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { jsonPieceUtf8 } from '../../src/model/json-utf8.js';

const want = (b: string, t: string, a: string) => new Uint8Array(Buffer.from(b + JSON.stringify(t) + a, 'utf8'));
const units = fc.oneof(
  fc.integer({ min: 0, max: 0x7f }),
  fc.integer({ min: 0x80, max: 0x7ff }),
  fc.integer({ min: 0x800, max: 0xffff }),
  fc.integer({ min: 0xd800, max: 0xdfff }),
  fc.constantFrom(0x22, 0x5c, 8, 9, 10, 12, 13, 0, 0x1f, 0x2028, 0xfeff),
);

describe('jsonPieceUtf8', () => {
  it('equals the UTF-8 of the JSON string, on random UTF-16 (lone surrogates too)', () => {
    fc.assert(
      fc.property(fc.array(units, { maxLength: 40 }), fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), (us, b, a) => {
        const t = String.fromCharCode(...us);
        expect(jsonPieceUtf8(b, t, a)).toEqual(want(b, t, a));
      }),
      { numRuns: 3000 },
    );
  });
  it('equals it on full Unicode strings and around non-ASCII pieces', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (t) => {
        expect(jsonPieceUtf8('{"a":"é’",', t, '}\n€')).toEqual(want('{"a":"é’",', t, '}\n€'));
      }),
      { numRuns: 2000 },
    );
  });
  it('equals it when most units are written wide (control characters, lone surrogates: the buffer grows)', () => {
    const wide = fc.oneof(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 14, max: 0x1f }), fc.constantFrom(0x0b), fc.integer({ min: 0xd800, max: 0xdfff }), fc.constantFrom(0x41, 0xe9, 0x20ac));
    fc.assert(
      fc.property(fc.array(wide, { maxLength: 300 }), fc.string({ maxLength: 4 }), fc.string({ unit: 'binary', maxLength: 20 }), (us, b, a) => {
        const t = String.fromCharCode(...us);
        expect(jsonPieceUtf8(b, t, a)).toEqual(want(b, t, a));
      }),
      { numRuns: 1000 },
    );
    const all = String.fromCharCode(...Array.from({ length: 5000 }, (_, i) => (i % 2 ? 0xdc00 + (i % 50) : i % 8)));
    expect(jsonPieceUtf8('', all, '€'.repeat(100))).toEqual(want('', all, '€'.repeat(100)));
  });
  it('equals it on long strings (written by runs between the units to escape: strRuns), awkward units at run ends, the start and the end', () => {
    // mostly plain text with the units JSON escapes, surrogates (pairs, lone, split pairs) and
    // non-ASCII here and there, so that runs of every length meet every kind of unit
    const plain = fc.oneof(fc.constantFrom('a', ' ', 'é', '€', '\u{1F600}', 'ab cd ', 'x'.repeat(40)), fc.string({ unit: 'binary', maxLength: 6 }));
    const odd = fc.oneof(units.map((u) => String.fromCharCode(u)), fc.constantFrom('\ud800', '\udc00', '\ud83d\ude00', '"\\', '\r\n'));
    fc.assert(
      fc.property(fc.array(fc.oneof({ weight: 4, arbitrary: plain }, { weight: 1, arbitrary: odd }), { minLength: 60, maxLength: 400 }), fc.string({ maxLength: 4 }), (parts, b) => {
        const t = parts.join('');
        expect(jsonPieceUtf8(b, t, '}')).toEqual(want(b, t, '}'));
        // the same text after a first unit to escape (str hands the rest to strFrom there)
        expect(jsonPieceUtf8(b, '\n' + t, '')).toEqual(want(b, '\n' + t, ''));
      }),
      { numRuns: 300 },
    );
    for (const t of ['\ud800'.repeat(300), '\udc00' + 'a'.repeat(300) + '\ud800', 'é'.repeat(257), '\u0001'.repeat(600), '"'.repeat(256) + '\ud83d', 'a'.repeat(255) + '\n' + 'b'.repeat(255)]) {
      expect(jsonPieceUtf8('', t, '')).toEqual(want('', t, ''));
    }
  });
  it('equals it on a sample transcript and the empty string', () => {
    const t = readFileSync(new URL('../../samples/interviews/wijkcoach-01.txt', import.meta.url), 'utf8');
    expect(jsonPieceUtf8('x', t, 'y')).toEqual(want('x', t, 'y'));
    expect(jsonPieceUtf8('', '', '')).toEqual(want('', '', ''));
    expect(jsonPieceUtf8('', '\ud800\udc00\udc00\ud800', '')).toEqual(want('', '\ud800\udc00\udc00\ud800', ''));
  });
});
