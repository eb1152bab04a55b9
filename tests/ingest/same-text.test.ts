/**
 * Two sources with the same text (a copy beside the transcript, `wijkcoach-03 - kopie.txt`; a .docx
 * and its .txt export in one folder) were read as two sources without a word: every passage and
 * coding counted twice in matrices, comparisons and saturation. Now said (same-text) for the later
 * one, with the first, by qda code (streaming, on one thread or two) and by every reader of sources.
 * Our own invented text.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { textFingerprint } from '../../src/ingest/same-text.js';

const TURN = 'Interviewer: Hoe loopt de samenwerking met de jongerenwerkers?\nRespondent: We zien elkaar elke dinsdag in de buurtkamer en daar stemmen we af welke jongeren extra aandacht nodig hebben.\n';
const TEXT = Array.from({ length: 6 }, (_, i) => TURN.replace('dinsdag', ['maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag'][i])).join('');

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'qda-same-text-'));
  for (const [n, t] of Object.entries(files)) writeFileSync(join(dir, n), t);
  return dir;
}

describe('two sources with the same text', () => {
  it('a copy beside the transcript: said for the copy, with the first file and "the same bytes"; both still read; inputs untouched', async () => {
    const other = TEXT.replace(/buurtkamer/g, 'wijkcentrum');
    const dir = folder({ 'wijkcoach-03.txt': TEXT, 'wijkcoach-03 - kopie.txt': TEXT, 'wijkcoach-04.txt': other });
    const io = memoryIo(dir);
    expect(await main(['code', '.', '-c', 'kaats-opheij', '-o', 'out.json'], io)).toBe(0);
    const said = io.err().split('\n').filter((l) => l.includes('[ingest:same-text]'));
    expect(said).toEqual([
      'wijkcoach-03.txt: warning: holds the same text as wijkcoach-03 - kopie.txt (source "wijkcoach-03 - kopie": the same bytes): both are read as sources ("wijkcoach-03 - kopie" and "wijkcoach-03"), so each of its passages and codings counts twice in matrices, comparisons and saturation [ingest:same-text]',
    ]);
    expect(io.err()).toContain('qda code: 3 sources');
    expect(readFileSync(join(dir, 'wijkcoach-03 - kopie.txt'), 'utf8')).toBe(TEXT);
  });

  it('the same text in another format (.md beside .txt), on two threads, and by qda segments', async () => {
    const dir = folder({ 'a.txt': TEXT, 'b.md': TEXT });
    const io = memoryIo(dir, { QDA_THREADS: '2', QDA_STREAM_MIN_BYTES: '1' });
    expect(await main(['code', '.', '-c', 'kaats-opheij', '-o', 'out.json'], io)).toBe(0);
    expect(io.err()).toContain('b.md: warning: holds the same text as a.txt (source "a": the same bytes)');
    const io2 = memoryIo(dir);
    expect(await main(['segments', '.', '--format', 'csv', '-o', 'seg.csv'], io2)).toBe(0);
    expect(io2.err()).toContain('b.md: warning: holds the same text as a.txt (source "a": the same length and the same characters at 128 places spread over it)');
  });

  it('short texts are not compared; a text that differs is not said', () => {
    expect(textFingerprint('Interviewer: Hoe?\nRespondent: Goed.\n')).toBeUndefined();
    expect(textFingerprint(TEXT)).toBe(textFingerprint(String(TEXT)));
    expect(textFingerprint(TEXT)).not.toBe(textFingerprint(TEXT.replace('maandag', 'zondag!')));
    expect(textFingerprint(TEXT)).not.toBe(textFingerprint(TEXT.slice(1) + ' '));
  });
});
