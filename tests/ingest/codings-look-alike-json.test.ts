/**
 * A codings document (JSON) whose codes or coders are written in ways that look the same — an accent
 * composed in one coding and decomposed (NFD) in another — counted them as two codes without a word:
 * two rows that read alike in every table. Now said, with the count of each spelling (as for a CSV).
 * Codes that differ by an accent (coördinatie, coordinatie) are two codes, and nothing is said.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { codingsDocumentText } from '../../src/export/codings-document.js';
import { codeWords, mkSource } from '../refi/helpers.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-lookalike-json-'));
  const s = mkSource('gesprek', 'Anna: We stemmen alles samen af.\nAnna: Dat kost tijd.\n', { kind: 'document' });
  const codings = [
    codeWords(s, 'We stemmen alles samen af.', 'coördinatie', 'fem'),
    codeWords(s, 'Dat kost tijd.', 'coo\u0308rdinatie', 'bas'),
    codeWords(s, 'Dat kost tijd.', 'co\u00f6rdinatie', 'bas'),
    codeWords(s, 'Dat kost tijd.', 'coordinatie', 'fem'),
  ];
  writeFileSync(join(dir, 'c.json'), codingsDocumentText({ provenance: { tool: 'qdakit', version: '0' }, codebooks: [], codes: [], sources: [s], segments: [], codings }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('codings document: codes that look the same', () => {
  it('are said with each spelling and its count (were counted apart without a word); the file stays as it was', async () => {
    const before = readFileSync(join(dir, 'c.json'));
    const io = memoryIo(dir);
    expect(await main(['matrix', 'c.json'], io), io.err()).toBe(0);
    expect(io.err()).toContain(
      'c.json (/sources/0): warning: 1 code is written in ways that look the same but differ in Unicode normalisation, invisible characters or spaces, and counted apart (unless a codebook given with them names the code: then they are joined into it, and that is said): "coördinatie" as plain (2 codings) and decomposed accents (not NFC) (1 coding) [ingest:look-alike-names]',
    );
    expect(io.err()).not.toContain('names-differ-in-case');
    expect(io.err()).not.toContain('"coordinatie"');
    expect(readFileSync(join(dir, 'c.json')).equals(before)).toBe(true);
  });
});
