import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs, writeProject } from '../helpers/inputs-untouched.js';

/**
 * A codings CSV saved by a Dutch Excel (Windows-1252) with a cell pasted in as UTF-8, or a UTF-8
 * codings CSV with one Windows-1252 byte: the codings reader decoded it without a report, so the
 * pasted `coördinatie` was read `coÃ¶rdinatie`, a code of its own in the matrix, without a word
 * (a cases table said it). Now said with the place (`mixed-encoding`, `invalid-utf8`).
 * Invented content.
 */
let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'qda-codings-enc-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const cp1252 = (s: string) => Uint8Array.from([...s].map((c) => c.charCodeAt(0)));
const utf8 = (s: string) => new TextEncoder().encode(s);
const join2 = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

describe('a codings CSV in two encodings', () => {
  it('Windows-1252 with a UTF-8 cell: the cell read as Windows-1252 is said with its place', async () => {
    const d = writeProject(root, 'a', { 'codings.csv': join2([cp1252('source;code;team\r\nr1;co\u00f6rdinatie;Noord\r\n'), utf8('r2;coördinatie;Zuid\r\n'), cp1252('r3;caf\u00e9;Zuid\r\n')]) });
    const r = await qdaLeavingInputs(d, ['matrix', 'codings.csv', '--cols', 'team']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('codings.csv:3:6: warning: read as Windows-1252');
    expect(r.err).toContain('[ingest:mixed-encoding]');
  });

  it('UTF-8 with one Windows-1252 byte: its repair is said with its line', async () => {
    const d = writeProject(root, 'b', { 'codings.csv': join2([utf8('source;code;team\nr1;coördinatie;Noord\nr2;coördinatie;Zuid\n'), cp1252('r3;co\u00f6rdinatie;Zuid\n'), utf8('r4;coördinatie;Zuid\n')]) });
    const r = await qdaLeavingInputs(d, ['matrix', 'codings.csv', '--cols', 'team']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('codings.csv:4:6: warning: 1 byte(s) on this line are not valid UTF-8 (0xF6)');
    expect(r.err).toContain('[ingest:invalid-utf8]');
  });
});
