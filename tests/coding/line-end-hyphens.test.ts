/**
 * A word broken over two lines with a hyphen (`samen-⏎werking`), as the text layer of a justified
 * PDF has it and as text copied from one keeps it, was two words for every rule: `samen` and
 * `werking`, so that no keyword `samenwerking` (nor `buurtwerk`, `e-mail`) matched, without a
 * word. The tokeniser now reads a hyphen at a line end before a lower-case letter as inside the
 * word, and the engine matches it both joined (`samenwerking`) and hyphenated (`e-mail`, and the
 * parts, as any hyphenated word); the text and its offsets are not changed. Our own invented text.
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
import { lines, makePdf } from '../helpers/raw-pdf.js';

const book = `id: mini
name: {nl: Mini, en: Mini}
language: nl
codes:
  - id: werk
    name: {nl: Werk, en: Work}
    rules:
      - keywords: {nl: [buurtwerk, samenwerking], en: [work]}
  - id: mail
    name: {nl: Mail, en: Mail}
    rules:
      - keywords: {nl: [e-mail], en: [e-mail]}
`;

async function matches(name: string, bytes: Uint8Array): Promise<{ text: string; found: string[][] }> {
  const dir = mkdtempSync(join(tmpdir(), 'qda-line-end-'));
  writeFileSync(join(dir, 'book.yaml'), book);
  writeFileSync(join(dir, name), bytes);
  const io = memoryIo(dir);
  expect(await main(['code', name, '-c', 'book.yaml', '-o', 'out.json'], io)).toBe(0);
  const doc = await readCodings(join(dir, 'out.json'));
  const text = doc.sources[0].text;
  const found = doc.codings.filter((c) => c.coder === 'rules').flatMap((c) => (c.evidence?.matches ?? []).map((m) => [c.code, cpSlice(text, m.start, m.end)]));
  expect(new Uint8Array(readFileSync(join(dir, name)))).toEqual(bytes);
  return { text, found: found.sort() };
}

describe('a word broken at a line end with a hyphen', () => {
  it('the tokeniser reads it as one word (LF and CRLF), only before a lower-case letter', () => {
    expect(tokenize('de samen-\nwerking, het buurt-\r\nwerk; Noord-\nHolland en ja-\n- nee').map((t) => [t.raw, t.folded])).toEqual([
      ['de', 'de'],
      ['samen-\nwerking', 'samenwerking'],
      ['het', 'het'],
      ['buurt-\r\nwerk', 'buurtwerk'],
      ['Noord', 'noord'],
      ['Holland', 'holland'],
      ['en', 'en'],
      ['ja', 'ja'],
      ['nee', 'nee'],
    ]);
    expect(fold('E-\nmail')).toBe('email');
  });

  it('.txt: the keywords match the broken words, joined and hyphenated; offsets are those of the file text', async () => {
    const text = 'Interviewer: Hoe gaat het?\n\nRespondent: Het buurt-\nwerk en de samen-\nwerking gaan goed, ook via de e-\nmail.\n\nInterviewer: Dank.\n\nRespondent: Graag.\n';
    const r = await matches('afgebroken.txt', new TextEncoder().encode(text));
    expect(r.text).toBe(text);
    expect(r.found).toEqual([
      ['mail', 'e-\nmail'],
      ['werk', 'buurt-\nwerk'],
      ['werk', 'samen-\nwerking'],
    ]);
  });

  it('.pdf: the same for the lines of its text layer', async () => {
    const pdf = makePdf([lines(['Interviewer: Hoe gaat het?', 'Respondent: Het buurt-', 'werk en de samen-', 'werking gaan goed.', 'Interviewer: Dank.', 'Respondent: Graag.'])]);
    const r = await matches('afgebroken.pdf', new Uint8Array(pdf));
    expect(r.found).toEqual([
      ['werk', 'buurt-\nwerk'],
      ['werk', 'samen-\nwerking'],
    ]);
  });
});
