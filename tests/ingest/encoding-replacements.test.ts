/** Bytes that become U+FFFD outside UTF-8 repair: each said with the count and the first place. */
import { describe, it, expect } from 'vitest';
import { decodeBytes } from '../../src/ingest/decode.js';
import type { Diagnostic } from '../../src/model/types.js';

const dec = async (bytes: Uint8Array) => {
  const seen: Diagnostic[] = [];
  const d = await decodeBytes(bytes, { file: 'f.txt', strays: 'remove', report: (x) => void seen.push(x) });
  return { d, seen };
};

describe('U+FFFD made while decoding', () => {
  it('Windows-1252 bytes with no character (0x81, 0x8D, 0x8F, 0x90, 0x9D): warned with the count and the first line:column, kept in repairs', async () => {
    const bytes = Buffer.concat([Buffer.from('Interviewer: Hoe?\nBas: caf'), Buffer.from([0xe9, 0x20, 0x81, 0x20, 0x90, 0x0a]), Buffer.from('Ja '), Buffer.from([0x8f, 0x0a])]);
    const { d, seen } = await dec(bytes);
    expect(d.encoding).toBe('windows-1252');
    const w = seen.filter((x) => x.ruleId === 'undefined-windows-1252');
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ severity: 'warning', file: 'f.txt', line: 2, column: 11 });
    expect(w[0].message).toMatch(/^3 byte\(s\) \(0x81, 0x8F, 0x90\)/);
    expect(d.repairs).toMatchObject({ replaced: 3, line: 2, column: 11 });
  });
  it('a lone surrogate in UTF-16: warned with its place; a pair and a U+FFFD written in the file are not', async () => {
    const le = (s: string) => Buffer.from(s, 'utf16le');
    const lone = Buffer.concat([Buffer.from([0xff, 0xfe]), le('Interviewer: Hoe?\nBas: een '), Buffer.from([0x00, 0xd8]), le(' twee\n')]);
    const { d, seen } = await dec(lone);
    const w = seen.filter((x) => x.ruleId === 'lone-surrogate');
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ line: 2, column: 10 });
    expect(d.repairs).toMatchObject({ replaced: 1 });
    const fine = await dec(Buffer.concat([Buffer.from([0xff, 0xfe]), le('Bas: 😀 en \ufffd\n')]));
    expect(fine.seen.filter((x) => x.ruleId === 'lone-surrogate')).toEqual([]);
    expect(fine.d.repairs).toBeUndefined();
  });
});
