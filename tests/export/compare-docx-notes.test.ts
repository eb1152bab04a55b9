/**
 * `qda compare -o x.docx` (and `qda survey -o x.docx`) wrote the tables through the appendix
 * renderer, which wrote no notes: N per group, the rule of Notable, the small groups that † in
 * the headers marks, the sources counted in N with nothing counted in them: all in the Markdown,
 * HTML and LaTeX, none in the Word file, without a word (found by huntana). Now the notes are
 * under the table, as `qda matrix -o x.docx` writes them.
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

describe('qda compare -o x.docx keeps the notes of the table', () => {
  it('the † of a small group is explained, N per group and the Notable rule are there (en, nl)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-compare-docx-'));
    writeFileSync(
      join(dir, 'c.csv'),
      ['source,group,code,coder', 'w1,coach,overleg,anna', 'w2,coach,overleg,anna', 'w3,coach,vertrouwen,anna', 'j1,jeugd,vertrouwen,anna'].join('\n') + '\n',
    );
    const mammoth = await import('mammoth');
    for (const [lang, said] of [
      ['en', [/Groups \(2\): coach \(N=3 respondents\), jeugd \(N=1 respondents\)/, /Notable = \|difference\| ≥ 25 percentage points/, /† Small group: jeugd \(N = 1 respondent\)/]],
      ['nl', [/Groepen \(2\): coach \(N=3 respondenten\), jeugd \(N=1 respondenten?\)/, /† Kleine groep: jeugd \(N = 1 respondent\)/]],
    ] as const) {
      const io = memoryIo(dir);
      expect(await main(['compare', 'c.csv', '--by', 'group', '--lang', lang, '-o', `c-${lang}.docx`], io), io.err()).toBe(0);
      const { value } = await mammoth.extractRawText({ buffer: readFileSync(join(dir, `c-${lang}.docx`)) });
      expect(value).toContain('†'); // the mark in the headers …
      for (const re of said) expect(value).toMatch(re); // … and what it and the counts mean
    }
  }, 60_000);
});
