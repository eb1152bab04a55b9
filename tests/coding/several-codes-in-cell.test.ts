/**
 * A codings CSV whose code cell names two codes (`samenwerking; vertrouwen`, `Samenwerking, Trust`,
 * as a spreadsheet coder types them) was read as one code of that whole name, in no codebook: the
 * codes it names went uncounted. Now read as one coding of each code when each part is a code of
 * the codebooks (or one the file names on a row of its own), said with the cells and lines; a cell
 * with a part that is no code is kept whole and said with that part (`several-codes-in-cell`).
 * Each test fails on the old code. Content invented.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { codeCellParts } from '../../src/ingest/code-cells.js';

const BOOK = `id: boek
language: nl
codes:
  - id: samenwerking
    name: {nl: Samenwerking, en: Collaboration}
  - id: vertrouwen
    name: {nl: Vertrouwen, en: Trust}
`;
const TEXT = 'Interviewer: Hoe gaat het?\nAnna: We werken goed samen en ik vertrouw ze.\nInterviewer: En verder?\nAnna: Prima, het overleg loopt.\n';

function setup(csv: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'qda-several-codes-'));
  writeFileSync(join(dir, 'cb.yaml'), BOOK);
  writeFileSync(join(dir, 'r1.txt'), TEXT);
  writeFileSync(join(dir, 'c.csv'), csv);
  return dir;
}

describe('a code cell that names several codes', () => {
  it('qda code --codings: one coding of each code of the codebooks, said; a cell with a part that is no code kept whole and said', async () => {
    const dir = setup('source;segment;code;coder\nr1;r1#1;"samenwerking; vertrouwen";anna\nr1;r1#3;"Samenwerking, Trust";anna\nr1;r1#3;"samenwerking, overleg";anna\n');
    const io = memoryIo(dir);
    expect(await main(['code', 'r1.txt', '-c', 'cb.yaml', '--no-rules', '--codings', 'c.csv', '-f', 'csv'], io), io.err()).toBe(0);
    expect(io.err()).toContain('c.csv:2: warning: 2 codings name several codes of the codebooks in one code cell: "samenwerking; vertrouwen" (line 2), "Samenwerking, Trust" (line 3); each is read as one coding of each code it names');
    expect(io.err()).toContain('c.csv:4: warning: 1 coding seems to name several codes in one code cell, but not each part is one of the codes of the codebooks: "samenwerking, overleg" (line 4; no code: "overleg"); each cell is kept as one code of that whole name [coding:several-codes-in-cell]');
    const rows = io.out().trim().split('\n').slice(1).map((l) => l.split(','));
    const codes = rows.map((r) => r[7]);
    expect(codes.filter((c) => c === 'samenwerking' || c === 'vertrouwen').sort()).toEqual(['samenwerking', 'samenwerking', 'vertrouwen', 'vertrouwen']);
  });

  it('qda matrix -c: counted under each code (was one row "samenwerking; vertrouwen")', async () => {
    const dir = setup('source;segment;code;coder\nr1;r1#1;"samenwerking; vertrouwen";anna\nr1;r1#3;vertrouwen;anna\n');
    const io = memoryIo(dir);
    expect(await main(['matrix', 'c.csv', '-c', 'cb.yaml', '-f', 'csv'], io), io.err()).toBe(0);
    expect(io.err()).toContain('several-codes-in-cell');
    const out = io.out();
    expect(out).not.toContain('samenwerking; vertrouwen');
    expect(out).toMatch(/samenwerking,[^\n]*,1,1/);
    expect(out).toMatch(/vertrouwen,[^\n]*,2,2/);
  });

  it('without -c: split when each part is a code the file names on a row of its own; kept and said when one part is', async () => {
    const dir = setup('source;segment;code;coder\nr1;r1#1;"samenwerking; vertrouwen";anna\nr1;r1#3;samenwerking;anna\nr1;r1#1;vertrouwen;anna\nr1;r1#3;"vertrouwen, overleg";anna\nr1;r1#3;"Rust, reinheid";anna\n');
    const io = memoryIo(dir);
    expect(await main(['matrix', 'c.csv', '-f', 'csv'], io), io.err()).toBe(0);
    expect(io.err()).toContain('c.csv:2: warning: 1 coding names several codes of this file in one code cell: "samenwerking; vertrouwen" (line 2)');
    expect(io.err()).toContain('"vertrouwen, overleg" (line 5; no code: "overleg")');
    // (a code name with a comma, no part of it a code, is no mistake: not said)
    expect(io.err()).not.toContain('"Rust, reinheid" (line');
    expect(io.out()).not.toContain('samenwerking; vertrouwen');
  });

  it('codeCellParts: ; , | and line breaks; one code is undefined', () => {
    expect(codeCellParts('a; b')).toEqual(['a', 'b']);
    expect(codeCellParts('a,b | c')).toEqual(['a', 'b', 'c']);
    expect(codeCellParts('a\nb')).toEqual(['a', 'b']);
    expect(codeCellParts('a;')).toBeUndefined();
    expect(codeCellParts('samenwerking')).toBeUndefined();
  });
});
