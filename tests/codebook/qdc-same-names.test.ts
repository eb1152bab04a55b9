/**
 * Two codes of one name under different parents ("Overig" under "Ouder A" and under "Ouder B")
 * were written into a .qdc with that one name, without a word: QualCoder and other programs
 * merge codes of one name into one, so the second was lost there. Now the names are told apart
 * by the parent's name, said (info, each code), and `qda codebook import` gives them their own
 * names back.
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

const ROOT = join(__dirname, '../..');
const XSD = readFileSync(join(ROOT, 'schemas/refi-qda/Codebook.xsd'), 'utf8');

const YAML = `id: dubbel
name: {nl: Dubbel, en: Double}
version: "1.0"
language: nl
codes:
  - id: ouder-a
    name: {nl: Ouder A, en: Parent A}
  - id: kind-a
    parent: ouder-a
    name: {nl: Overig, en: Other}
    definition: {nl: Wat onder A overblijft., en: What is left under A.}
  - id: ouder-b
    name: {nl: Ouder B, en: Parent B}
  - id: kind-b
    parent: ouder-b
    name: {nl: Overig, en: Other}
  - id: los
    name: {nl: Los, en: Loose}
`;

describe('qda codebook export --format qdc: codes that share a name', () => {
  it('are told apart by their parent, said, valid against Codebook.xsd, and imported with their own names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-qdc-names-'));
    const file = join(dir, 'dubbel.yaml');
    writeFileSync(file, YAML);
    const io = memoryIo(dir);
    expect(await main(['codebook', 'export', file, '--format', 'qdc', '--lang', 'nl', '-o', join(dir, 'dubbel.qdc')], io)).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(YAML);
    expect(io.err()).toContain('info: 2 codes share a name with another code');
    expect(io.err()).toContain('"Overig" (kind-a) as "Overig (Ouder A)", "Overig" (kind-b) as "Overig (Ouder B)"');
    const qdc = readFileSync(join(dir, 'dubbel.qdc'), 'utf8');
    const names = [...qdc.matchAll(/<Code [^>]*name="([^"]*)"/g)].map((m) => m[1]);
    // (old: "Overig" twice)
    expect(names).toEqual(['Ouder A', 'Overig (Ouder A)', 'Ouder B', 'Overig (Ouder B)', 'Los']);
    const r = await validateXML({ xml: [{ fileName: 'dubbel.qdc', contents: qdc }], schema: [XSD], maxMemoryPages: 4096 });
    expect(r.errors).toEqual([]);
    const back = memoryIo(dir);
    expect(await main(['codebook', 'import', join(dir, 'dubbel.qdc'), '-o', join(dir, 'back.json')], back)).toBe(0);
    const book = JSON.parse(readFileSync(join(dir, 'back.json'), 'utf8')) as { codes: Array<{ id: string; name: { nl: string }; parent?: string; definition?: { nl: string } }> };
    const code = (id: string) => book.codes.find((c) => c.id === id)!;
    expect([code('kind-a').name.nl, code('kind-a').parent]).toEqual(['Overig', 'ouder-a']);
    expect([code('kind-b').name.nl, code('kind-b').parent]).toEqual(['Overig', 'ouder-b']);
    expect(code('kind-a').definition?.nl).toBe('Wat onder A overblijft.');
    expect(code('los').name.nl).toBe('Los');
  });

  it('a name renamed in the other program since is kept as it is', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-qdc-names-'));
    const file = join(dir, 'dubbel.yaml');
    writeFileSync(file, YAML);
    expect(await main(['codebook', 'export', file, '--format', 'qdc', '--lang', 'nl', '-o', join(dir, 'dubbel.qdc')], memoryIo(dir))).toBe(0);
    writeFileSync(join(dir, 'edited.qdc'), readFileSync(join(dir, 'dubbel.qdc'), 'utf8').replace('name="Overig (Ouder B)"', 'name="Rest van B"'));
    expect(await main(['codebook', 'import', join(dir, 'edited.qdc'), '-o', join(dir, 'back.json')], memoryIo(dir))).toBe(0);
    const book = JSON.parse(readFileSync(join(dir, 'back.json'), 'utf8')) as { codes: Array<{ id: string; name: { nl: string } }> };
    expect(book.codes.find((c) => c.id === 'kind-b')!.name.nl).toBe('Rest van B');
    expect(book.codes.find((c) => c.id === 'kind-a')!.name.nl).toBe('Overig');
  });
});
