/**
 * qda review --store inline: a decision that cannot be written as a marker (its passage holds a
 * marker already) goes to the decisions file, said (inline-fallback). Several in one file for the
 * same reason were one warning without a place (the warnings are printed once per text): which
 * passages were not written into the source could not be found. Now each is said at its line, with
 * its segment and code.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

const BOOK = `id: fb
language: nl
codes:
  - id: overleg
    name: Overleg
    rules:
      - keywords: [overleg]
`;
const TEXT = [
  'Interviewer: Hoe gaat het?',
  'Anna: Het overleg is goed, {{vertrouwen}} echt.',
  'Interviewer: En verder?',
  'Anna: Niets bijzonders.',
  'Interviewer: En de wijkteams?',
  'Anna: Weer overleg, [[elke week]]{{ritme}} op dinsdag.',
  '',
].join('\n');

describe('inline-fallback', () => {
  it('says each passage not written into the source at its line, with its segment and code', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-review-fallback-'));
    writeFileSync(join(dir, 'cb.yaml'), BOOK);
    writeFileSync(join(dir, 'g.txt'), TEXT);
    const io = memoryIo(dir);
    expect(await main(['review', 'g.txt', '-c', 'cb.yaml', '--accept-above', '0.1', '--store', 'inline', '--decisions', 'd.json'], io), io.err()).toBe(0);
    expect(readFileSync(join(dir, 'g.txt'), 'utf8')).toBe(TEXT);
    const said = io.err().split('\n').filter((l) => l.includes('[cli:inline-fallback]'));
    expect(said).toEqual([
      'g.txt:2: warning: saved in d.json, not inline: the span contains markers or brackets (the passage g#1, coded overleg) [cli:inline-fallback]',
      'g.txt:6: warning: saved in d.json, not inline: the span contains markers or brackets (the passage g#5, coded overleg) [cli:inline-fallback]',
    ]);
  });
});
