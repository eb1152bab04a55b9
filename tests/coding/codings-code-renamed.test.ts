import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

const text = 'Interviewer: Wie helpt er mee?\nSanne: De buren komen op zaterdag.\n';
const book = 'id: tuin\nlanguage: nl\ncodes:\n  - id: burenhulp\n    name: Hulp van buren\n    rules: [{keywords: [buren]}]\n';

describe('a code of a codings file that the codebook has under another id', () => {
  it('is named with the code whose name the file gives it (its id changed since?), and kept as before', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-renamed-'));
    writeFileSync(join(dir, 'r1.txt'), text);
    writeFileSync(join(dir, 'tuin.yaml'), book);
    writeFileSync(join(dir, 'c.csv'), 'source,segment,code,code_name,coder\nr1,r1#1,buren,Hulp van buren,fem\n');
    const io = memoryIo(dir);
    expect(await main(['code', 'r1.txt', '-c', 'tuin.yaml', '--no-rules', '--codings', 'c.csv', '-o', 'out.csv'], io), io.err()).toBe(0);
    expect(io.err()).toMatch(/warning: code "buren" is in no codebook \(first on line 2\); the codings file names it "Hulp van buren", the name of code "burenhulp" in the codebooks \(its id changed since\?\); kept as an uncategorised human code "buren" \[coding:unknown-code\]/);
    expect(io.err()).toMatch(/add "buren" to its aliases in the codebook/);
  });
});
