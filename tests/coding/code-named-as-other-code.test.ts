/**
 * A codings CSV whose code_name column gives a code the name of another code of the codebook
 * (`samenwerking` named "Overleg": recoded in a spreadsheet by editing the name): the codings
 * were read by the id in the code column and the name rewritten, without a word. Now said per
 * code with the count, the first line and the code the name names; still read by the id.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

const BOOK = `id: boek
language: nl
codes:
  - id: samenwerking
    name: Samenwerking
  - id: overleg
    name: {nl: Overleg, en: Consultation}
`;
const TEXT = 'Interviewer: Hoe gaat het?\nAnna: De samenwerking met de school is goed.\nInterviewer: En?\nAnna: Het overleg met de buurt is lastig.\n';

describe('a codings file that names a code after another code', () => {
  it('is said with the code, the name, the count and the first line; the codings keep their id', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-code-named-other-'));
    writeFileSync(join(dir, 'cb.yaml'), BOOK);
    writeFileSync(join(dir, 'r1.txt'), TEXT);
    writeFileSync(join(dir, 'c.csv'), 'source,segment,code,code_name,coder\nr1,r1#1,overleg,Overleg,anna\nr1,r1#1,samenwerking,Overleg,anna\nr1,r1#3,samenwerking,Overleg,anna\n');
    const io = memoryIo(dir);
    expect(await main(['code', 'r1.txt', '-c', 'cb.yaml', '--no-rules', '--codings', 'c.csv', '-f', 'csv'], io), io.err()).toBe(0);
    expect(io.err()).toContain('c.csv:3: warning: the codings file gives a code the name of another code: "samenwerking" named "Overleg" (2 codings, first on line 3), which is the name of code "overleg"; read as the code in the code column (the id), not as the code the name names [coding:code-named-as-other-code]');
    const codes = io.out().trim().split('\n').slice(1).map((l) => l.split(',')[7]);
    expect(codes).toEqual(['overleg', 'samenwerking', 'samenwerking']);
  });

  it('a name of its own (an old name, a translation) is not said', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-code-named-own-'));
    writeFileSync(join(dir, 'cb.yaml'), BOOK);
    writeFileSync(join(dir, 'r1.txt'), TEXT);
    writeFileSync(join(dir, 'c.csv'), 'source,segment,code,code_name,coder\nr1,r1#1,samenwerking,Collaboration,anna\nr1,r1#3,overleg,Consultation,anna\n');
    const io = memoryIo(dir);
    expect(await main(['code', 'r1.txt', '-c', 'cb.yaml', '--no-rules', '--codings', 'c.csv', '-f', 'csv'], io), io.err()).toBe(0);
    expect(io.err()).not.toContain('code-named-as-other-code');
  });
});
