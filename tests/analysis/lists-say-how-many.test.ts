/**
 * Notes that name a list of sources shorten it, and say how many they left out (they ended in
 * "; …", so a reader could not tell 13 from 300).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-lists-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('shortened lists in notes say how many more', () => {
  it('agreement: 20 sources in one coder\'s file only, 12 named and "and 8 more"', async () => {
    const rows = (coder: string, from: number, to: number) => Array.from({ length: to - from }, (_, i) => `s${from + i},1,x,${coder}`).join('\n');
    writeFileSync(join(dir, 'a.csv'), `source,segment,code,coder\n${rows('ann', 0, 25)}\n`);
    writeFileSync(join(dir, 'b.csv'), `source,segment,code,coder\n${rows('bob', 0, 5)}\n`);
    for (const [lang, want] of [['en', '; and 8 more.'], ['nl', '; en nog 8.']]) {
      const io = memoryIo(dir);
      expect(await main(['agree', 'a.csv', 'b.csv', '--lang', lang], io)).toBe(0);
      expect(io.out()).toContain(lang === 'en' ? '20 source(s) are not rated by every coder' : '20 bron(nen) worden niet');
      expect(io.out()).toContain(want);
      expect(io.out()).not.toContain('; …');
    }
  });
});
