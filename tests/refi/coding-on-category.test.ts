/**
 * A coding on a code the codebook marks not codable (`codable: false`, a category: a marker
 * {{relatie}} on it) was written by qda refi export on a Code with isCodable="false", without a
 * word; other programs may refuse such a coding or leave it out when they open the project. Now
 * said with the codes and counts (coding-on-not-codable); the project is written as before, and
 * qda refi import still reads the coding back.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { readCodings } from '../../src/ingest/read-codings.js';

const BOOK = `id: cat
language: nl
codes:
  - id: relatie
    name: Relatie
    codable: false
  - id: vertrouwen
    parent: relatie
    name: Vertrouwen
`;

describe('qda refi export of codings on a category', () => {
  it('says them with their codes and counts; the project still holds them and the import reads them back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-refi-category-'));
    writeFileSync(join(dir, 'cb.yaml'), BOOK);
    writeFileSync(join(dir, 'r.txt'), 'Interviewer: Hoe?\nAnna: Ik ken ze goed. {{relatie}} We vertrouwen elkaar. {{vertrouwen}}\n');
    expect(await main(['code', 'r.txt', '-c', 'cb.yaml', '--no-rules', '-o', 'c.json'], memoryIo(dir))).toBe(0);
    const io = memoryIo(dir);
    expect(await main(['refi', 'export', 'c.json', '-c', 'cb.yaml', '-o', 'p.qdpx'], io), io.err()).toBe(0);
    expect(io.err()).toContain('warning: 1 coding is on a code the codebook marks not codable (a category: "relatie" 1×): written on a Code with isCodable="false", which other programs may refuse or leave out when they open the project [export:coding-on-not-codable]');
    expect(io.err()).toContain('hint: code a subcode instead, or make the code codable in the codebook (remove codable: false) before exporting');
    const xml = strFromU8(unzipSync(new Uint8Array(readFileSync(join(dir, 'p.qdpx'))))['project.qde']);
    expect(xml).toMatch(/name="Relatie" isCodable="false"/);
    expect(await main(['refi', 'import', 'p.qdpx', '-o', 'imp'], memoryIo(dir))).toBe(0);
    const back = await readCodings('imp/codings.json', { cwd: dir });
    expect(back.codings.map((c) => c.code).sort()).toEqual(['relatie', 'vertrouwen']);
    // a codings document on codable codes only: nothing said
    writeFileSync(join(dir, 'r.txt'), 'Interviewer: Hoe?\nAnna: We vertrouwen elkaar. {{vertrouwen}}\n');
    expect(await main(['code', 'r.txt', '-c', 'cb.yaml', '--no-rules', '-o', 'c2.json'], memoryIo(dir))).toBe(0);
    const io2 = memoryIo(dir);
    expect(await main(['refi', 'export', 'c2.json', '-c', 'cb.yaml', '-o', 'p2.qdpx'], io2)).toBe(0);
    expect(io2.err()).not.toContain('coding-on-not-codable');
  });
});
