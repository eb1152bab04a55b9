/**
 * A soft hyphen (U+00AD, Word's optional hyphen, kept in a text copied out of Word) inside a
 * speaker's label (`Inter\u00adviewer:`) made the label no label: the interviewer's question was
 * read into the respondent's turn before it, without a word. It is no part of the name now, as a
 * zero-width space is not; the text and its offsets are the file's. Our own invented text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCorpus } from '../../src/ingest/read-corpus.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-soft-hyphen-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a soft hyphen inside a label', () => {
  it('is no part of the speaker: the turn is that speaker\'s (was read into the turn before)', async () => {
    const text = 'Interviewer: Hoe gaat het met de buurtapp?\nRespondent: Goed, iedereen doet mee.\nInter\u00adviewer: En de school?\nRes\u00adpon\u00addent: Die ook.\n';
    writeFileSync(join(dir, 'zacht.txt'), text);
    const { corpus } = await readCorpus(['zacht.txt'], { cwd: dir, unit: 'turn' });
    expect(corpus.segments.map((s) => [s.speaker, s.role, s.text])).toEqual([
      ['Interviewer', 'interviewer', 'Hoe gaat het met de buurtapp?'],
      ['Respondent', 'respondent', 'Goed, iedereen doet mee.'],
      ['Interviewer', 'interviewer', 'En de school?'],
      ['Respondent', 'respondent', 'Die ook.'],
    ]);
    for (const s of corpus.segments) expect(text.slice(s.start, s.end)).toBe(s.text);
  });
});
