import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

/**
 * A codebook saved as Windows-1252 (Notepad, Excel): every ö, é, – and “ was read as U+FFFD without a
 * word ("Co�rdinatie"), so its keywords with accents never matched, while validate said ok. Now read
 * as Windows-1252, as the sources are, and said.
 */
const bytes = Buffer.from(
  'id: cp\ncodes:\n  - id: coordinatie\n    name: {nl: Co\xf6rdinatie}\n    definition: {nl: "Afstemming \x96 met \x93partners\x94"}\n    rules:\n      - keywords: {nl: [co\xf6rdinatie, caf\xe9]}\n',
  'latin1',
);

describe('a codebook in Windows-1252', () => {
  it('qda code reads its names and keywords with their accents, says the encoding, and codes the accented words; the files left as they were', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-cb-cp1252-'));
    writeFileSync(join(dir, 'cb.yaml'), bytes);
    writeFileSync(join(dir, 't.txt'), 'Interviewer: Hoe ging het?\nAnna: De coördinatie in het café ging goed.\n');
    const before = readFileSync(join(dir, 't.txt'));
    const io = memoryIo(dir);
    expect(await main(['code', 't.txt', '-c', 'cb.yaml', '-o', 'out.json'], io), io.err()).toBe(0);
    expect(io.err()).toContain('cb.yaml: warning: the codebook is not UTF-8: read as Windows-1252 (its accented letters and signs as that encoding writes them) [codebook:codebook-not-utf8]');
    const doc = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as { codes: Array<{ id: string; name: { nl: string } }>; sources: Array<{ codings: Array<{ code: string; matches: Array<[number, string]> }> }> };
    expect(doc.codes.find((c) => c.id === 'coordinatie')?.name.nl).toBe('Coördinatie');
    expect(doc.sources[0].codings.map((c) => [c.code, c.matches.map((m) => m[1])])).toEqual([['coordinatie', ['coördinatie', 'café']]]);
    expect(readFileSync(join(dir, 'cb.yaml')).equals(bytes)).toBe(true);
    expect(readFileSync(join(dir, 't.txt')).equals(before)).toBe(true);
  });

  it('qda codebook validate says it too, and the export shows the letters', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-cb-cp1252-'));
    writeFileSync(join(dir, 'cb.yaml'), bytes);
    let io = memoryIo(dir);
    expect(await main(['codebook', 'validate', 'cb.yaml'], io), io.err()).toBe(0);
    expect(io.out() + io.err()).toContain('[codebook:codebook-not-utf8]');
    io = memoryIo(dir);
    expect(await main(['codebook', 'export', 'cb.yaml', '--format', 'yaml'], io), io.err()).toBe(0);
    expect(io.out()).toContain('nl: Afstemming – met “partners”');
    expect(io.out()).not.toContain('\uFFFD');
  });
});
