/**
 * A transcript written with the speakers' names as markdown headings (`## Interviewer` ⏎ words ⏎
 * `## Respondent` ⏎ words; found by huntdoc, session 23): it has no speaker labels, and a text with
 * headings is taken to be a document, so it was read as one, the names as paragraphs and every turn
 * without a speaker, without a word. Now said (`speaker-headings-not-read`), with the forms that are
 * read as turns; a document whose headings are no speakers' names, or one that says `kind: document`,
 * says nothing of it. Our own invented text.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import type { Diagnostic } from '../../src/model/types.js';

async function read(name: string, text: string) {
  const dir = mkdtempSync(join(tmpdir(), 'qda-speaker-headings-'));
  writeFileSync(join(dir, name), text);
  const seen: Diagnostic[] = [];
  const { corpus } = await readCorpus([name], { cwd: dir, unit: 'turn', report: (x) => seen.push(x) });
  return { seen: seen.filter((x) => x.ruleId === 'speaker-headings-not-read'), kind: corpus.sources[0].kind };
}

const talk = '# Gesprek 3\n\n## Interviewer\n\nHoe gaat het met de buurt?\n\n## Respondent\n\nGoed, veel contact.\n\n## Interviewer\n\nEn met de gemeente?\n\n## Respondent\n\nMinder.\n';

describe('markdown headings that name the speakers', () => {
  it('are said: the file is read as a document, every turn without a speaker', async () => {
    const { seen, kind } = await read('gesprek.md', talk);
    expect(kind).toBe('document');
    expect(seen.map((x) => [x.severity, x.line, x.actual])).toEqual([['warning', 3, 'Interviewer']]);
    expect(seen[0].message).toBe(
      '4 headings of this file are a speaker\'s name (the first: line 3 "Interviewer"), and no speaker labels are read: the file is read as a document, the names as paragraphs and every turn without a speaker',
    );
  });

  it('a document with other headings, or front matter kind: document, says nothing of it', async () => {
    expect((await read('nota.md', '# Nota\n\n## Aanleiding\n\nDe wijk groeit.\n\n## Interviewer\n\nDe interviewer was een stagiair.\n')).seen).toEqual([]);
    expect((await read('doc.md', `---\nkind: document\n---\n${talk}`)).seen).toEqual([]);
  });
});
