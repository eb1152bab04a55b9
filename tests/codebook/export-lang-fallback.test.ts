import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { textsInOtherLanguage } from '../../src/codebook/localise.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

/**
 * qda codebook export --lang en of a codebook written in Dutch only wrote the Dutch names and
 * definitions under English headings without a word (and a .qdc said the Dutch texts were left out,
 * when they were written). Now a warning names the codes and fields written in the other language,
 * the codebook file and the first place, and how to fix it.
 */
const yaml = `id: nlonly
name: {nl: Alleen Nederlands}
codes:
  - id: relatie
    name: {nl: Relatie}
    definition: {nl: Hoe mensen zich verhouden.}
  - id: vertrouwen
    parent: relatie
    name: {nl: Vertrouwen, en: Trust}
    definition: {nl: Vertrouwen in elkaar.}
    examples: {nl: ["we vertrouwen elkaar"]}
  - id: overleg
    name: {nl: Overleg, en: Consultation}
    definition: {nl: Samen praten., en: Talking together.}
`;

describe('codebook export in a language the codebook lacks', () => {
  it('textsInOtherLanguage: per code the fields that fall back, and the codebook name', () => {
    const book = { name: { nl: 'x' }, codes: [{ id: 'a', name: { nl: 'A' }, examples: { nl: ['e'] } }, { id: 'b', name: { nl: 'B', en: 'B' } }] };
    expect(textsInOtherLanguage(book, 'en')).toEqual({ codes: [{ id: 'a', index: 0, fields: ['name', 'examples'] }], bookName: true });
    expect(textsInOtherLanguage(book, 'nl')).toEqual({ codes: [], bookName: false });
    expect(textsInOtherLanguage(book, 'en', ['name'])).toEqual({ codes: [{ id: 'a', index: 0, fields: ['name'] }], bookName: true });
  });

  it('--format md --lang en: the warning names the file, the first place, the codes and fields, and the fix; the codebook unchanged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-lang-fb-'));
    writeFileSync(join(dir, 'cb.yaml'), yaml);
    const before = readFileSync(join(dir, 'cb.yaml'));
    const io = memoryIo(dir);
    expect(await main(['codebook', 'export', 'cb.yaml', '--format', 'md', '--lang', 'en', '-o', 'cb.md'], io), io.err()).toBe(0);
    expect(io.err()).toContain(
      "cb.yaml (/codes/0/name): warning: --lang en: 4 texts of 2 of the 3 codes have no English and are written in Dutch: relatie (name, definition), vertrouwen (definition, examples); the codebook's name has no English and is written in Dutch [cli:lang-fallback]",
    );
    expect(io.err()).toContain('hint: add the English texts to the codebook (cb.yaml) beside the Dutch ones, e.g. under the code "relatie": name: {nl: …, en: …}; or export with --lang nl');
    expect(readFileSync(join(dir, 'cb.md'), 'utf8')).toContain('Hoe mensen zich verhouden.');
    expect(readFileSync(join(dir, 'cb.yaml')).equals(before)).toBe(true);
  });

  it('--format qdc --lang en: the same warning (no codebook name, the .qdc has none); the Dutch texts written in its place are not said to be left out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-lang-fb-'));
    writeFileSync(join(dir, 'cb.yaml'), yaml.replace('name: {nl: Alleen Nederlands}\n', ''));
    const io = memoryIo(dir);
    expect(await main(['codebook', 'export', 'cb.yaml', '--format', 'qdc', '--lang', 'en', '-o', 'cb.qdc'], io), io.err()).toBe(0);
    expect(io.err()).toContain('cb.yaml (/codes/0/name): warning: --lang en: 4 texts of 2 of the 3 codes have no English and are written in Dutch: relatie (name, definition), vertrouwen (definition, examples) [cli:lang-fallback]');
    // the Dutch texts that differ from English ones (Vertrouwen / Trust, Overleg's) are left out: said as before
    expect(io.err()).toContain('the Dutch names and texts (a .qdc holds one language; this one --lang en)');
  });

  it('--lang nl of the same codebook, and --format yaml: nothing said', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-lang-fb-'));
    writeFileSync(join(dir, 'cb.yaml'), yaml);
    for (const args of [['--format', 'md', '--lang', 'nl'], ['--format', 'yaml', '--lang', 'en']]) {
      const io = memoryIo(dir);
      expect(await main(['codebook', 'export', 'cb.yaml', ...args, '-o', 'out.txt'], io), io.err()).toBe(0);
      expect(io.err()).not.toContain('lang-fallback');
    }
  });
});
