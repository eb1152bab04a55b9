/** Regressions from a QA pass over `qda code` (project codebooks, --explain, code-id collisions, streaming CSV). */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync, mkdirSync, readdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

import { ROOT, book, haveSamples, project } from './qa-project.js';
import { readCodings } from '../../src/ingest/read-codings.js';

describe('qda code: a code id that two codebooks define', () => {
  const own = `id: mijn
name: {nl: Mijn codeboek, en: My codebook}
language: nl
codes:
  - id: proces
    name: {nl: Proces, en: Process}
    rules:
      - keywords: {nl: [samenwerking]}
`;
  function setup() {
    const dir = mkdtempSync(join(tmpdir(), 'qda-qa-'));
    writeFileSync(join(dir, 'mijn.yaml'), own);
    writeFileSync(join(dir, 'a.txt'), 'Interviewer: Hoe gaat het?\n\nRespondent: De samenwerking loopt. {{proces}}\n');
    writeFileSync(join(dir, 'b.txt'), 'Interviewer: En verder?\n\nRespondent: Ook de samenwerking. Wel een goed proces.\n');
    return dir;
  }

  it('warns once per id naming both codebooks, warns at each marker using it, and keeps both codes with their codebook', async () => {
    const dir = setup();
    const io = memoryIo(dir);
    expect(await main(['code', 'a.txt', 'b.txt', '-c', 'kaats-opheij', '-c', 'mijn.yaml', '-o', 'c.json'], io)).toBe(0);
    const err = io.err();
    const collisions = err.split('\n').filter((l) => l.includes('code-id-collision'));
    expect(collisions).toHaveLength(1);
    expect(collisions[0]).toMatch(/^mijn\.yaml: warning: code id "proces" is defined in both kaats-opheij and mijn/);
    expect(err).toMatch(/hint: give the code a new id in your codebook mijn\.yaml \(e\.g\. "mijn-proces"\)/);
    const markers = err.split('\n').filter((l) => l.includes('ambiguous-code'));
    expect(markers).toHaveLength(1);
    expect(markers[0]).toMatch(/^a\.txt:3:36: warning: marker "\{\{proces\}\}" names code "proces", which is defined in both kaats-opheij and mijn; it is counted under kaats-opheij/);
    const doc = await readCodings(join(dir, 'c.json'));
    const procs = doc.codes.filter((c: { id: string }) => c.id === 'proces');
    expect(procs.map((c: { codebook: string }) => c.codebook)).toEqual(['kaats-opheij', 'mijn']);
    // the rule coding names its own codebook
    const rule = doc.codings.find((c: { coder: string; code: string; evidence?: { codebook?: string } }) => c.coder === 'rules' && c.code === 'proces' && c.evidence?.codebook === 'mijn');
    expect(rule).toBeDefined();
  });

  it('the streamed CSV path warns once per shared id too (built-ins share none: tests/builtins checks that)', async () => {
    const dir = setup();
    const io = memoryIo(dir, { QDA_THREADS: '1' });
    expect(await main(['code', 'a.txt', 'b.txt', '-c', 'kaats-opheij,mijn.yaml', '-o', 'c.csv'], io)).toBe(0);
    const lines = io.err().split('\n');
    expect(lines.filter((l) => l.includes('code-id-collision'))).toHaveLength(1);
    expect(lines.filter((l) => l.includes('ambiguous-code'))).toHaveLength(1);
  });

  it('the same codebook given twice is read once, with a warning (no collisions)', async () => {
    const dir = setup();
    const io = memoryIo(dir);
    expect(await main(['code', 'a.txt', '-c', 'mijn.yaml', '-c', 'mijn.yaml', '-o', 'c.json'], io)).toBe(0);
    expect(io.err()).toMatch(/codebook "mijn" is loaded twice/);
    expect(io.err()).not.toMatch(/code-id-collision/);
  });
});
