/**
 * One code id in two codebooks (`qda code -c a.yaml -c b.yaml`, both with "samenwerking"): qda
 * code says the collision and keeps each rule coding's codebook, but qda refi export wrote one
 * Code for the id (the first codebook's name and definition) and put the codings of the second
 * codebook's rules on it, without a word. Now said with the codebooks and the codings moved.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

const book = (id: string, name: string, word: string) => `id: ${id}
language: nl
codes:
  - id: samenwerking
    name: ${name}
    rules:
      - keywords: [${word}]
  - id: overleg-${id}
    name: Overleg ${id}
    rules:
      - keywords: [overleg]
`;

describe('qda refi export of a code id two codebooks define', () => {
  it('says it with the codebooks and the codings of the second one that go on the first one\'s Code', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-refi-two-books-'));
    writeFileSync(join(dir, 'a.yaml'), book('boek-a', 'Samenwerking A', 'school'));
    writeFileSync(join(dir, 'b.yaml'), book('boek-b', 'Samenwerking B', 'buurt'));
    writeFileSync(join(dir, 'r.txt'), 'Interviewer: Hoe?\nAnna: De school is fijn.\nInterviewer: En?\nAnna: De buurt ook, en het overleg.\n');
    expect(await main(['code', 'r.txt', '-c', 'a.yaml', '-c', 'b.yaml', '-o', 'c.json'], memoryIo(dir))).toBe(0);
    const io = memoryIo(dir);
    expect(await main(['refi', 'export', 'c.json', '-o', 'p.qdpx'], io), io.err()).toBe(0);
    expect(io.err()).toContain('warning: a code id is defined in two codebooks, and a REFI-QDA project has one Code per id: "samenwerking" (boek-a, boek-b; written as boek-a\'s, with the codings of 1 of boek-b\'s rules on it): other programs (and qda refi import) see one code [export:code-id-in-two-codebooks]');
    expect(io.err()).toContain('hint: give the code a new id in one of the codebooks (e.g. "boek-b-samenwerking")');
    const xml = strFromU8(unzipSync(new Uint8Array(readFileSync(join(dir, 'p.qdpx'))))['project.qde']);
    expect(xml.match(/<Code guid=/g)?.length).toBe(3);
    // codebooks without a shared id: not said
    writeFileSync(join(dir, 'b.yaml'), book('boek-b', 'Samenwerking B', 'buurt').replace('id: samenwerking', 'id: samen-b'));
    expect(await main(['code', 'r.txt', '-c', 'a.yaml', '-c', 'b.yaml', '-o', 'c2.json'], memoryIo(dir))).toBe(0);
    const io2 = memoryIo(dir);
    expect(await main(['refi', 'export', 'c2.json', '-o', 'p2.qdpx'], io2)).toBe(0);
    expect(io2.err()).not.toContain('code-id-in-two-codebooks');
  });
});
