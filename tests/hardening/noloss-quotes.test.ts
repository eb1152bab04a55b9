/**
 * Imported codings whose rows carry only a quote (no start/end, no segment or turn): they were
 * kept without segment (counted for the source, in no segment). Now the quote is looked up in
 * its source's text, as written and then with white space read loosely, and the coding is placed
 * there; a quote not found, or found more than once (never guessed), is said with its rows' lines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs as qda } from '../helpers/inputs-untouched.js';
import { findQuote } from '../../src/coding/human-codings.js';
import { readCodings } from '../../src/ingest/read-codings.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-noloss-quotes-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TRANSCRIPT = 'Interviewer: Hoe werkt u samen?\nAnna: We overleggen elke week met het hele team.\nInterviewer: En verder?\nAnna: Ja.\nInterviewer: Echt?\nAnna: Ja.\nInterviewer: Met wie? 🙂\nAnna: Met de wijkagent  en\tde school.\n';

describe('findQuote', () => {
  it('as written, then with white space read loosely; code-point offsets; more than once is not guessed', () => {
    const t = 'a 🙂 b  c\nd b c';
    expect(findQuote(t, 'b  c\nd')).toEqual({ span: [4, 10], found: 1 });
    // (read loosely: said so, as an info line per source)
    expect(findQuote(t, 'b c d')).toEqual({ span: [4, 10], found: 1, loose: true });
    // (as written it stands once: that place, although read loosely it stands twice)
    expect(findQuote(t, 'b c')).toEqual({ span: [11, 14], found: 1 });
    expect(findQuote('x y\nx  y', 'x   y')).toEqual({ found: 2 });
    expect(findQuote('ab ab', 'ab')).toEqual({ found: 2 });
    expect(findQuote(t, 'x')).toEqual({ found: 0 });
    // (the text at the span is the quote)
    expect([...t].slice(4, 10).join('')).toBe('b  c\nd');
  });
});

describe('qda code --codings: rows with a quote only', () => {
  it('placed where the quote stands (exact or with loose white space); not found or found twice: said with the lines, exit 0, inputs untouched', async () => {
    const d = join(dir, 'quotes');
    mkdirSync(join(d, 'iv'), { recursive: true });
    writeFileSync(join(d, 'iv/r1.txt'), TRANSCRIPT);
    writeFileSync(
      join(d, 'cod.csv'),
      [
        'source,code,coder,quote',
        'r1,collaboration,anna,We overleggen elke week',
        'r1,structures,anna,"met  het hele\nteam."',
        'r1,connections,anna,Met de wijkagent en de school.',
        'r1,structures,anna,Ja.',
        'r1,collaboration,anna,Dit staat er niet.',
        'r1,connections,anna,Ja.',
        '',
      ].join('\n'),
    );
    // (the quote of line 3 goes over two lines: the rows after it stand one line lower)
    const r = await qda(d, ['code', 'iv', '-c', 'coordination-collaboration', '--codings', 'cod.csv', '--no-rules', '-o', 'c.json'], ['c.json']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(
      'cod.csv:7: warning: 1 coding of source "r1" (on line 7) names a quote that is not in its text (looked for as written, and with white space, quotation marks, dashes and ellipses read loosely; capitals as written); it is kept without segment (counted for the source, in no segment) [coding:codings-not-placed]',
    );
    expect(r.err).toContain(
      'cod.csv:6: warning: 2 codings of source "r1" (lines 6, 8) name a quote that stands 2 times in its text (which one is meant is not guessed); they are kept without segment (counted for the source, in no segment) [coding:codings-not-placed]',
    );
    expect(r.err).toContain('hint: give those rows start/end offsets or a segment/turn, or quote enough words to stand once in the text');
    // (placed by a quote read loosely: an info line, once per source)
    expect(r.err).toContain('2 codings of source "r1" (first on line 3) placed by a quote that matches its text only with white space, quotation marks, dashes or ellipses read loosely [coding:quote-placed-loosely]');
    const doc = await readCodings('c.json', { cwd: d });
    const text = [...TRANSCRIPT];
    // (kept without segment: the row's own #textN, start = end = 0)
    const placed = doc.codings.filter((c) => c.segmentId && !/#text\d+$/.test(c.segmentId)).sort((a, b) => a.start - b.start);
    expect(placed.map((c) => [c.code, text.slice(c.start, c.end).join('')])).toEqual([
      ['collaboration', 'We overleggen elke week'],
      ['structures', 'met het hele team.'],
      ['connections', 'Met de wijkagent  en\tde school.'],
    ]);
    for (const c of placed) expect(doc.segments.find((s) => s.id === c.segmentId)!.text).toContain(text.slice(c.start, c.end).join(''));
    expect(doc.codings.filter((c) => c.end === c.start)).toHaveLength(3);
  }, 60_000);
});
