/**
 * The stray-control check of text sources (decodeBytes with strays: 'remove') counts U+FFFD
 * with the control characters for its binary test but never removes one: a text whose only
 * such characters are U+FFFD is not searched a second time (speed, issue 16). What is removed,
 * said and refused is as before: a U+FFFD stays, a control character beside it goes (also one
 * beyond the first 64 K characters), a text full of U+FFFD is refused as binary.
 */
import { describe, expect, it } from 'vitest';
import { decodeBytes } from '../../src/ingest/decode.js';
import type { Diagnostic } from '../../src/model/types.js';

const TURN = 'Anna: We hebben elke week overleg met de wijkcoach, en we stemmen goed af met elkaar.\n';

async function decode(text: string) {
  const warnings: Diagnostic[] = [];
  const dec = await decodeBytes(Buffer.from(text, 'utf8'), { file: 'x.txt', strays: 'remove', report: (w) => warnings.push(w) });
  return { dec, warnings };
}

describe('U+FFFD among the control characters of a text source', () => {
  it('a text whose only such characters are U+FFFD is read as it is, without a warning', async () => {
    const text = 'Interviewer: Wat vond u daarvan?\n' + TURN.replace('overleg', 'overl\ufffdg') + TURN;
    const { dec, warnings } = await decode(text);
    expect(dec.text).toBe(text);
    expect(dec.strays).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  it('a control character beside a U+FFFD is removed and said; the U+FFFD stays', async () => {
    const text = 'Interviewer: Wat vond u daarvan?\n' + TURN.replace('overleg', 'overl\ufffdg') + TURN.replace('elke', 'elke\u0007');
    const { dec, warnings } = await decode(text);
    expect(dec.text).toBe(text.replace('\u0007', ''));
    expect(dec.text).toContain('overl\ufffdg');
    expect(dec.strays).toEqual({ removed: 1, nul: 0, line: 3, column: 21 });
    expect(warnings.map((w) => w.message)).toEqual(['1 character(s) that are not text removed (1 other control character(s)), the first at line 3, column 21; the rest of the file is read as text']);
  });

  it('a control character beyond the first 64 K characters, after a U+FFFD in them, is removed and said', async () => {
    const head = 'Interviewer: Wat vond u daarvan?\n' + TURN.replace('overleg', 'overl\ufffdg');
    const body = TURN.repeat(Math.ceil(70000 / TURN.length));
    const text = head + body + TURN.replace('elke', 'elke\u001b');
    expect(text.length).toBeGreaterThan(65536 + TURN.length);
    const { dec, warnings } = await decode(text);
    expect(dec.text).toBe(text.replace('\u001b', ''));
    expect(dec.strays?.removed).toBe(1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0].ruleId).toBe('control-characters');
  });

  it('a text that is mostly U+FFFD is still refused as binary', async () => {
    await expect(decode('Anna: ' + '\ufffd'.repeat(40) + ' ja.\n')).rejects.toThrow(/binary file/);
  });
});
