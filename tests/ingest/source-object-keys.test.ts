/**
 * Sources of text files without front matter are built as object literals (one hidden class
 * for V8, issue 16) instead of spreads. The properties, their order (seen by `qda segments
 * --format json` and by library users) and the absence of `language` when it cannot be
 * guessed are what the spreads gave.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSource } from '../../src/ingest/read-source.js';

const ORDER = ['id', 'path', 'format', 'case', 'sha256', 'encoding', 'newline', 'kind', 'text', 'attributes', 'length'];
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-source-keys-'));
  writeFileSync(join(dir, 'nl.txt'), 'Interviewer: Hoe werkt de samenwerking in het team?\nAnna: Wij overleggen elke week en dat is niet altijd makkelijk, maar het helpt wel.\nInterviewer: En met de gemeente?\nAnna: Die zijn er ook bij.\n');
  writeFileSync(join(dir, 'en.txt'), 'Interviewer: How does the team work together?\r\nAnna: We meet every week and it is not always easy, but it does help.\r\nInterviewer: And the council?\r\nAnna: They are there as well.\r\n');
  writeFileSync(join(dir, 'short.txt'), 'Xq: zzz\nYq: www\n');
  writeFileSync(join(dir, 'doc.md'), '# Notes\n\nSome paragraph of the report about the team.\n\nAnother one.\n');
  writeFileSync(join(dir, 'front.md'), '---\nlanguage: en\nsetting: office\n---\nAnna: Hello there, how are you?\nBob: Fine, thanks.\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a source read from a text file', () => {
  it('has the properties in the order the reader always gave, language only when guessed', async () => {
    for (const [file, language] of [['nl.txt', 'nl'], ['en.txt', 'en'], ['short.txt', undefined], ['doc.md', 'en']] as const) {
      const r = await readSource(file, { cwd: dir });
      const s = r!.source;
      expect(Object.keys(s), file).toEqual(language ? [...ORDER, 'language'] : ORDER);
      expect('language' in s, file).toBe(language !== undefined);
      expect(s.language, file).toBe(language);
      expect(s.attributes, file).toEqual({});
      expect(s.length, file).toBe([...s.text].length);
    }
  });

  it('with front matter keeps its own order (front matter language and meta before length)', async () => {
    const s = (await readSource('front.md', { cwd: dir }))!.source;
    expect(Object.keys(s)).toEqual(['id', 'path', 'format', 'case', 'sha256', 'encoding', 'newline', 'kind', 'text', 'attributes', 'language', 'meta', 'length']);
    expect(s.attributes).toEqual({ setting: 'office' });
  });
});
