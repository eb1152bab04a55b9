/**
 * Unicode's line and paragraph separators (U+2028, U+2029) are no line ends for the reader: a
 * transcript whose turns were apart by them (a copy from a web page) had each respondent's answer
 * read into the interviewer's turn before it, and what was said (only the interviewer speaks; a
 * label inside a line, "split there") did not name the cause. The separators are now said with
 * their count and the first's line and column; the text is not changed. Our own invented text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import type { Diagnostic } from '../../src/model/types.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-line-separators-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('U+2028 and U+2029 in a text file', () => {
  it('said with the count and the first place; the text is the file\'s', async () => {
    const text = 'Kop van het gesprek\n\nInterviewer: Hoe gaat het met de wijk?\u2028Respondent: Goed, de buurtapp helpt.\u2029Interviewer: Waarom?\u2028Respondent: Iedereen doet mee.\n';
    const bytes = new TextEncoder().encode(text);
    writeFileSync(join(dir, 'scheiding.txt'), bytes);
    const said: Diagnostic[] = [];
    const { corpus } = await readCorpus(['scheiding.txt'], { cwd: dir, unit: 'turn', report: (x) => said.push(x) });
    expect(said.filter((x) => x.ruleId === 'unicode-line-separators').map((x) => [x.file, x.severity, x.line, x.column, x.message])).toEqual([
      [
        'scheiding.txt',
        'warning',
        3,
        39,
        '3 Unicode line or paragraph separators (U+2028, U+2029) stand in the text, the first at line 3, column 39: they are not read as a line end, so the words after each go on the line before it (a speaker\'s label there is no turn of its own; its words are read into the turn before)',
      ],
    ]);
    expect(corpus.sources[0].text).toBe(text);
    expect(new Uint8Array(readFileSync(join(dir, 'scheiding.txt')))).toEqual(bytes);
  });

  it('a text without them: nothing said', async () => {
    writeFileSync(join(dir, 'gewoon.txt'), 'Interviewer: Hoe gaat het?\nRespondent: Goed.\nInterviewer: Dank.\nRespondent: Graag.\n');
    const said: Diagnostic[] = [];
    await readCorpus(['gewoon.txt'], { cwd: dir, unit: 'turn', report: (x) => said.push(x) });
    expect(said.filter((x) => x.ruleId === 'unicode-line-separators')).toEqual([]);
  });
});
