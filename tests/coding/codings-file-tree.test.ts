/**
 * A codings file's own code tree (`Ouder > Kind > kleinkind` paths, or a parent column) for codes
 * that no codebook holds is kept when `qda code --codings` merges it: each such code was kept
 * flat and its parents were gone (qda matrix on the CSV itself showed them).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { readCodings } from '../../src/ingest/read-codings.js';
import { withOwnTree } from '../../src/coding/code-corpus.js';

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'qda-codings-tree-'));
  writeFileSync(join(work, 'r1.txt'), 'Interviewer: Hoe werkt het?\nAnna: We hebben korte lijntjes met het wijkteam en bellen vaak.\nInterviewer: En verder?\nAnna: Soms is het lastig.\n');
  writeFileSync(join(work, 'paths.csv'), 'source,segment,code,coder\nr1,1,Ouder > Kind > kleinkind,anna\nr1,3,Ouder > ander,anna\n');
  writeFileSync(join(work, 'parents.csv'), 'source,segment,code,parent,coder\nr1,1,kleinkind,Kind,anna\nr1,1,Kind,Ouder,anna\n');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("a codings file's code tree, merged by qda code --codings", () => {
  for (const file of ['paths.csv', 'parents.csv']) {
    it(`${file}: the parents are kept`, async () => {
      const io = memoryIo(work);
      expect(await main(['code', 'r1.txt', '--no-rules', '--codings', file, '-o', `${file}.json`], io)).toBe(0);
      const doc = await readCodings(join(work, `${file}.json`));
      const parent = new Map(doc.codes.map((c) => [c.id, c.parent]));
      expect(parent.get('kleinkind')).toBe('Kind');
      expect(parent.get('Kind')).toBe('Ouder');
      expect(parent.has('Ouder')).toBe(true);
    });
  }
  it('withOwnTree: ancestors before the code, codes the table lacks as they are', () => {
    const t = [{ id: 'a' }, { id: 'b', parent: 'a' }, { id: 'c', parent: 'b' }];
    expect(withOwnTree([{ id: 'c' }, { id: 'x' }], t)).toEqual([{ id: 'a' }, { id: 'b', parent: 'a' }, { id: 'c', parent: 'b' }, { id: 'x' }]);
  });
});
