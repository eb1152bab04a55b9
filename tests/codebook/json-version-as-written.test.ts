import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCodebookWithDiagnostics } from '../../src/codebook/parse-codebook.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

/**
 * A JSON codebook's `"version": 1.10` is the number 1.1 to JSON.parse: it was read (and exported) as
 * "1.1" without a word. The version is kept as written, as YAML's `version: 1.10` already was.
 */
describe('JSON codebooks: a numeric version is kept as written', () => {
  const json = '{\n  "id": "vj",\n  "version": 1.10,\n  "codes": [{ "id": "a" }]\n}\n';

  it(`"version": 1.10 reads as "1.10", 2 as "2", a code's version aside`, () => {
    expect(parseCodebookWithDiagnostics(json, { file: 'cb.json' }).book!.version).toBe('1.10');
    expect(parseCodebookWithDiagnostics('{"id":"vj","version":2,"codes":[{"id":"a"}]}', { file: 'cb.json' }).book!.version).toBe('2');
    expect(parseCodebookWithDiagnostics('{"id":"vj","version":"1.10","codes":[{"id":"a"}]}', { file: 'cb.json' }).book!.version).toBe('1.10');
    // a "version" inside a code is not the codebook's
    expect(parseCodebookWithDiagnostics('{"id":"vj","codes":[{"id":"a","meta":{"version":1.10}}],"version":3.10}', { file: 'cb.json' }).book!.version).toBe('3.10');
  });

  it('qda codebook export --format yaml writes the version as written; the JSON file is left as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-json-version-'));
    writeFileSync(join(dir, 'cb.json'), json);
    const before = readFileSync(join(dir, 'cb.json'));
    const io = memoryIo(dir);
    const code = await main(['codebook', 'export', 'cb.json', '--format', 'yaml', '-o', 'out.yaml'], io);
    expect(code, io.err()).toBe(0);
    expect(readFileSync(join(dir, 'out.yaml'), 'utf8')).toMatch(/^version: "1\.10"$/m);
    expect(readFileSync(join(dir, 'cb.json')).equals(before)).toBe(true);
  });
});
