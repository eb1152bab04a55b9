import { describe, it, expect } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs, writeProject } from '../helpers/inputs-untouched.js';

describe('qda matrix --cooccur names the codebook codes that are no row or column', () => {
  it('a code never coded and a parent coded only through its subcodes: said with the count and their ids (were left out without a word); inputs byte-identical', async () => {
    const dir = writeProject(mkdtempSync(join(tmpdir(), 'qda-cooc-absent-')), 'p', {
      'cb.yaml':
        'id: cb\nname: CB\nversion: "1"\nlanguage: nl\ncodes:\n' +
        '  - id: relatie\n    name: Relatie\n    definition: r.\n' +
        '  - id: vertrouwen\n    parent: relatie\n    name: Vertrouwen\n    definition: v.\n    rules:\n      - keywords: {nl: [vertrouwen]}\n' +
        '  - id: overleg\n    name: Overleg\n    definition: o.\n    rules:\n      - keywords: {nl: [overleg]}\n' +
        '  - id: geld\n    name: Geld\n    definition: g.\n    rules:\n      - keywords: {nl: [subsidiepot]}\n',
      'r1.txt': 'Interviewer: Vertel.\nAnna: Het overleg geeft vertrouwen.\n',
      'r2.txt': 'Interviewer: En u?\nBert: Het overleg is lastig.\n',
    });
    expect((await qdaLeavingInputs(dir, ['code', 'r1.txt', 'r2.txt', '-c', 'cb.yaml', '-o', 'codings.json'], ['codings.json'])).code).toBe(0);
    const en = await qdaLeavingInputs(dir, ['matrix', 'codings.json', '--cooccur', '--lang', 'en', '-f', 'md']);
    expect(en.code).toBe(0);
    expect(en.out).toContain('2 code(s) of the codebook have no coding here (counted as coded, without their subcodes) and are no row or column: relatie, geld.');
    // the coded ones are rows
    expect(en.out).toMatch(/^\| vertrouwen \| /m);
    expect(en.out).toMatch(/^\| overleg \| /m);
    const nl = await qdaLeavingInputs(dir, ['matrix', 'codings.json', '--cooccur', '--lang', 'nl', '-f', 'md']);
    expect(nl.out).toContain('2 code(s) uit het codeboek hebben hier geen codering (geteld zoals gecodeerd, zonder hun subcodes) en zijn geen rij of kolom: relatie, geld.');
  }, 60_000);
});
