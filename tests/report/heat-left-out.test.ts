/** The report's heat map leaves out codes no respondent mentions, and says how many (it did not). */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

describe('report heat map', () => {
  it('names how many codes of the codebook have no row in it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-heat-'));
    writeFileSync(join(dir, 'cb.yaml'), 'id: cb\nname: {en: CB}\nlanguage: en\ncodes:\n' + ['a', 'b', 'c', 'd', 'e'].map((c) => `  - id: ${c}\n    name: {en: Code ${c}}\n`).join(''));
    writeFileSync(join(dir, 'c.csv'), 'source,segment,code,coder,group,text\np1,1,a,ann,north,one two three\np2,1,b,ann,south,four five six\n');
    for (const [lang, want] of [['en', '3 code(s) that no respondent mentions are left out of the heat map'], ['nl', '3 code(s) die geen respondent noemt staan niet in de heatmap']]) {
      const io = memoryIo(dir);
      expect(await main(['report', 'c.csv', '-c', 'cb.yaml', '--by', 'group', '--lang', lang, '-o', `r-${lang}.html`], io), io.err()).toBe(0);
      const html = readFileSync(join(dir, `r-${lang}.html`), 'utf8');
      expect(html).toContain(want);
      expect(html).toContain('heatmap-groups');
    }
  });
});
