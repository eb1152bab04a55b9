/**
 * lineNumbers (parse-blocks: the line of each offset, for the reader's notes) counts breaks with
 * indexOf and character codes; it gives the lines the regular expression it replaced gave (CRLF one
 * break, CR or LF alone one each), on random texts and sorted offsets.
 */
import { describe, expect, it } from 'vitest';
import { lineNumbers } from '../../src/ingest/parse-blocks.js';

function reference(text: string, offsets: readonly number[]): number[] {
  const out: number[] = [];
  const re = /\r\n|\r|\n/g;
  let line = 1;
  let m = re.exec(text);
  for (const o of offsets) {
    while (m && m.index < o) {
      line++;
      m = re.exec(text);
    }
    out.push(line);
  }
  return out;
}

describe('lineNumbers', () => {
  it('equals the regular-expression count on random texts (LF only, CRLF, CR, mixed) and offsets', () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    const parts = [['a', 'b', ' ', '\n'], ['a', '\r\n', 'b', '\n'], ['x', '\r', 'y', '\r\n', '\n']];
    for (let k = 0; k < 600; k++) {
      const alphabet = parts[k % parts.length];
      let text = '';
      for (let i = 0, n = rnd(80); i < n; i++) text += alphabet[rnd(alphabet.length)];
      const offsets = Array.from({ length: rnd(6) }, () => rnd(text.length + 2)).sort((a, b) => a - b);
      expect(lineNumbers(text, offsets), JSON.stringify({ text, offsets })).toEqual(reference(text, offsets));
    }
  });
});
