/**
 * A soft hyphen (U+00AD), a non-breaking hyphen (U+2011) or a ligature (ﬁ, ﬂ: text copied from a
 * PDF) in a text file split or changed a word for every rule: `buurt\u00adapp` matched no keyword
 * `buurtapp`, `e\u2011mail` no `e-mail`, `ﬁnanciën` no `financiën`, without a word. The .docx and
 * .odt readers read soft and non-breaking hyphens as Word shows them; a text file's text is its
 * file's, offsets and all, so the words are matched across them instead (the tokeniser keeps them
 * inside a word, and folds them away), and the text is not changed. Our own invented text.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { cpSlice } from '../../src/model/codepoints.js';
import { fold, tokenize } from '../../src/coding/tokenize.js';
import { readCodings } from '../../src/ingest/read-codings.js';

const book = `id: mini
name: {nl: Mini, en: Mini}
language: nl
codes:
  - id: app
    name: {nl: Buurtapp, en: App}
    rules:
      - keywords: {nl: [buurtapp], en: [app]}
  - id: mail
    name: {nl: Mail, en: Mail}
    rules:
      - keywords: {nl: [e-mail], en: [e-mail]}
  - id: geld
    name: {nl: Geld, en: Money}
    rules:
      - keywords: {nl: [financiën, reflectie], en: [finances]}
`;

describe('soft hyphens, non-breaking hyphens and ligatures in a text file', () => {
  it('the tokeniser reads them inside a word and folds them away', () => {
    expect(tokenize('de buurt\u00adapp, e\u2011mail en ﬁnanciën').map((t) => [t.raw, t.folded])).toEqual([
      ['de', 'de'],
      ['buurt\u00adapp', 'buurtapp'],
      ['e\u2011mail', 'e-mail'],
      ['en', 'en'],
      ['ﬁnanciën', 'financien'],
    ]);
    expect(fold('Inﬂuence')).toBe('influence');
    expect(fold('Ĳsbaan')).toBe('ijsbaan');
  });

  it('a zero-width space, joiner or non-joiner, or a word joiner (U+200B–U+200D, U+2060: not seen) inside a word: one word, folded without it', () => {
    // (before: `buurt\u200bapp` was the words `buurt` and `app`, matching no keyword `buurtapp`)
    expect(tokenize('de buurt\u200bapp, het wijk\u2060team en de buurt\u200capp').map((t) => [t.raw, t.folded])).toEqual([
      ['de', 'de'],
      ['buurt\u200bapp', 'buurtapp'],
      ['het', 'het'],
      ['wijk\u2060team', 'wijkteam'],
      ['en', 'en'],
      ['de', 'de'],
      ['buurt\u200capp', 'buurtapp'],
    ]);
  });

  it('qda code matches the keywords across them; offsets are those of the file text; the file is unchanged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-soft-'));
    const text = 'Interviewer: Hoe gaat het?\n\nRespondent: De buurt\u00adapp werkt, de e\u2011mail ook.\n\nInterviewer: En verder?\n\nRespondent: Over ﬁnanciën en reﬂectie praten we niet.\n';
    writeFileSync(join(dir, 'book.yaml'), book);
    writeFileSync(join(dir, 'zacht.txt'), text);
    const bytes = readFileSync(join(dir, 'zacht.txt'));
    const io = memoryIo(dir);
    expect(await main(['code', 'zacht.txt', '-c', 'book.yaml', '-o', 'out.json'], io)).toBe(0);
    const doc = await readCodings(join(dir, 'out.json'));
    expect(doc.sources[0].text).toBe(text);
    const found = doc.codings
      .filter((c) => c.coder === 'rules')
      .flatMap((c) => (c.evidence?.matches ?? []).map((m) => [c.code, cpSlice(text, m.start, m.end)]));
    expect(found.sort()).toEqual([
      ['app', 'buurt\u00adapp'],
      ['geld', 'reﬂectie'],
      ['geld', 'ﬁnanciën'],
      ['mail', 'e\u2011mail'],
    ]);
    expect(readFileSync(join(dir, 'zacht.txt'))).toEqual(bytes);
  });
});
