/**
 * The lines of variant labels (`interviewer:` for `Interviewer:`) are the file's: parseBlocks takes
 * them from the line's index while no line was split (front matter before, LF or CRLF), and counts
 * breaks when lines were split (a line separator, a `<br>`, a label glued to the turn before).
 * Each is checked against the line found by searching the file for the written label.
 */
import { describe, expect, it } from 'vitest';
import { parseBlocks } from '../../src/ingest/parse-blocks.js';

function body(k: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < 12; i++) {
    out.push(i % 4 === 3 ? `interviewer: vraag ${k}.${i}?` : `Interviewer: vraag ${k}.${i}?`);
    out.push('', i % 5 === 2 ? `anna: antwoord ${k}.${i}.` : `Anna: antwoord ${k}.${i}.`, '');
  }
  return out;
}

/** The 1-based line of each line holding `written + ':'` at its start (after a separator or tag too). */
function expected(text: string, written: string): number[] {
  return text
    .split(/\r\n|\r|\n/)
    .flatMap((l, i) => (l.split(/\u2028|<br>|(?<=\.) (?=anna:)/).some((p) => p.startsWith(`${written}:`)) ? [i + 1] : []));
}

describe('variant label lines', () => {
  const variants: Record<string, string> = {
    'LF': body(1).join('\n'),
    'front matter': `---\ncase: c1\ngroup: g\n---\n\n${body(2).join('\n')}`,
    'CRLF and front matter': `---\r\ncase: c2\r\n---\r\n${body(3).join('\r\n')}`,
    'a line separator': `${body(4).join('\n')}\nInterviewer: nog één?\u2028anna: ja.\n`,
    'a <br> tag': `${body(5).join('\n')}\nInterviewer: nog één?<br>anna: ja.\n`,
    'a label glued to the turn before': `Interviewer: hoe gaat het? Anna: goed, dank je.\n\n${body(6).join('\n')}`,
  };
  for (const [name, text] of Object.entries(variants)) {
    it(`are the file's lines (${name})`, () => {
      const p = parseBlocks(text, 'transcript');
      const got = (p.variantLabels ?? []).map((v) => `${v.written}@${v.line}`);
      const want = [...expected(text, 'interviewer').map((l) => `interviewer@${l}`), ...expected(text, 'anna').map((l) => `anna@${l}`)];
      expect(got.sort()).toEqual(want.sort());
      expect(got.length).toBeGreaterThan(3);
    });
  }
});
