import { describe, it, expect } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

const book = 'id: tuin\nlanguage: nl\ncodes:\n  - id: buren\n    rules: [{keywords: [buren]}]\n  - id: oogst\n    rules: [{keywords: [bonen]}]\n';
const other = 'id: tuin\nlanguage: nl\ncodes:\n  - id: buren\n    rules: [{keywords: [buren]}]\n  - id: gereedschap\n    rules: [{keywords: [schoffel]}]\n';
const text = 'Interviewer: Wie helpt er mee?\nSanne: De buren komen op zaterdag met een schoffel.\n';

function setup(): string {
  const dir = mkdtempSync(join(tmpdir(), 'qda-book-twice-'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'r1.txt'), text);
  writeFileSync(join(dir, 'tuin.yaml'), book);
  writeFileSync(join(dir, 'tuin-kopie.yaml'), book);
  writeFileSync(join(dir, 'tuin-nieuw.yaml'), other);
  return dir;
}

describe('one codebook id given twice', () => {
  it('qda run reads it once and says so (each rule ran twice: a score of 0.96 for one keyword, each code twice in the codes table)', async () => {
    const dir = setup();
    const io = memoryIo(dir);
    expect(await main(['run', 'src', '-c', 'tuin.yaml', '-c', 'tuin-kopie.yaml', '-o', 'out'], io), io.err()).toBe(0);
    const doc = JSON.parse(readFileSync(join(dir, 'out', 'codings.json'), 'utf8'));
    expect(doc.codebooks.map((b: { id: string }) => b.id)).toEqual(['tuin']);
    expect(doc.codes.map((c: { id: string }) => c.id)).toEqual(['buren', 'oogst']);
    expect(doc.sources[0].codings.map((c: { code: string; score: number }) => [c.code, c.score])).toEqual([['buren', 0.8]]);
    expect(io.err()).toMatch(/warning: codebook "tuin" is loaded twice \(tuin\.yaml and tuin-kopie\.yaml\); the second is ignored \[cli:codebook-twice\]/);
  });

  it('two different files under one id: the codes of the second that the first lacks are named (they are not coded)', async () => {
    const dir = setup();
    const io = memoryIo(dir);
    expect(await main(['code', 'src', '-c', 'tuin.yaml', '-c', 'tuin-nieuw.yaml', '-o', 'c.json'], io), io.err()).toBe(0);
    expect(io.err()).toMatch(/codebook "tuin" is loaded twice \(tuin\.yaml and tuin-nieuw\.yaml\), and the two files differ; the second is ignored: its 1 code that the first lacks \("gereedschap"\) is not coded \[cli:codebook-twice\]/);
    expect(io.err()).toMatch(/id: at the top of tuin-nieuw\.yaml, e\.g\. "tuin-2"/);
  });
});
