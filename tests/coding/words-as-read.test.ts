/**
 * A word broken at a line end (`samen-⏎werking`, as text from a PDF has it) or holding a soft
 * hyphen (`buurt\u00adapp`) is one word for the coder (the tokeniser folds it), but:
 * - the evidence of a coding on it showed the line break inside the word (`matched: samen-⏎werking`);
 * - a regex rule (`samenwerking`) did not match it at all;
 * - qda guide (questions found in the interviewer's turns), the word counts of qda matrix and the
 *   report, and the quotes of the appendix read it with a word pattern of their own, as two words
 *   (`samen`, `werking`; a quote showed `samen- werking`).
 * Now they all read it as the coder does (asRead / WORD_PATTERN of the tokeniser). Our own text.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { readCodings } from '../../src/ingest/read-codings.js';
import { evidenceText } from '../../src/export/codings-csv.js';
import { asRead, fold } from '../../src/coding/tokenize.js';
import { contentTokens } from '../../src/analysis/guide.js';
import { countWords } from '../../src/analysis/prepare.js';
import { cleanQuote, quoteAnchor, wordCount } from '../../src/analysis/appendix.js';

const book = `id: mini
name: {nl: Mini, en: Mini}
language: nl
codes:
  - id: sw
    name: {nl: Samenwerking, en: Cooperation}
    rules:
      - keywords: {nl: [samenwerking, buurtapp], en: [cooperation]}
  - id: re
    name: {nl: Regel, en: Rule}
    rules:
      - regex: 'samenwerking|buurtapp'
`;

describe('a word broken at a line end or by a soft hyphen, read as the coder reads it', () => {
  it('the evidence of a coding shows the word as read (was: the line break inside it)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-as-read-'));
    writeFileSync(join(dir, 'book.yaml'), book);
    writeFileSync(join(dir, 'afbreek.txt'), 'Interviewer: Hoe gaat het?\n\nRespondent: De samen-\nwerking met de buurt\u00adapp gaat goed.\n');
    const io = memoryIo(dir);
    expect(await main(['code', 'afbreek.txt', '-c', 'book.yaml', '-o', 'out.json'], io)).toBe(0);
    const doc = await readCodings(join(dir, 'out.json'));
    const c = doc.codings.find((x) => x.coder === 'rules' && x.code === 'sw')!;
    expect(c.evidence?.matches?.map((m) => [m.term, m.end - m.start])).toEqual([
      ['samenwerking', 14],
      ['buurtapp', 9],
    ]);
    expect(evidenceText(c.evidence)).toBe('matched: samenwerking, buurtapp; rule: sw/r1');
    // a regex rule matches them whole too, its matches on the words in the file's text (was: no match)
    const r = doc.codings.find((x) => x.coder === 'rules' && x.code === 're')!;
    const text = doc.sources[0].text;
    expect(r.evidence?.matches?.map((m) => [m.term, text.slice(m.start, m.end)])).toEqual([
      ['samenwerking', 'samen-\nwerking'],
      ['buurtapp', 'buurt\u00adapp'],
    ]);
  });

  it('asRead joins only a hyphen at a line end inside a word; fold is asRead folded', () => {
    expect(asRead('Samen-\r\nwerking')).toBe('Samenwerking');
    expect(asRead('ik zei -\nnee, of Noord-\nHolland')).toBe('ik zei -\nnee, of Noord-\nHolland');
    expect(asRead('e\u2011mail buurt\u00adapp')).toBe('e-mail buurtapp');
    expect(fold('Samen-\nwérking')).toBe('samenwerking');
  });

  it('qda guide, the word counts and the appendix quotes read the word whole', () => {
    // (before: ['samen', 'werk', 'buurt', 'app'] and 6 words, a quote "De samen- werking …")
    expect(contentTokens('De samen-\nwerking en de buurt\u00adapp', (w) => w)).toEqual(['samenwerking', 'buurtapp']);
    expect(countWords('De samen-\nwerking en de buurt\u00adapp')).toBe(5);
    expect(wordCount('De samen-\nwerking en de buurt\u00adapp')).toBe(5);
    expect(cleanQuote('De samen-\nwerking en de buurt\u00adapp, zo -\nniet')).toBe('De samenwerking en de buurtapp, zo - niet');
    expect(quoteAnchor('De samen-\nwerking gaat in de wijk heel goed nu', 2)).toBe('“De samenwerking (…) goed nu”');
  });
});

describe('foldHidden looks for what it folds by native searches', () => {
  it('says there is something to fold exactly when the pattern does', async () => {
    const { foldHidden } = await import('../../src/coding/tokenize.js');
    const pieces = ['a', 'B', '-', '\n', '\r', ' ', '\t', '\u00ad', '\u200b', '\u200c', '\u200d', '\u2060', ':'];
    const any = /[\u00ad\u200b-\u200d\u2060]|(?<=[\p{L}\p{N}])-[ \t]*\r?\n[ \t]*(?=\p{Ll})(?!\p{L}+:)/u;
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    for (let i = 0; i < 20000; i++) {
      let s = '';
      for (let k = rnd(9); k > 0; k--) s += pieces[rnd(pieces.length)];
      expect(foldHidden(s) !== undefined, JSON.stringify(s)).toBe(any.test(s));
    }
  });
});
