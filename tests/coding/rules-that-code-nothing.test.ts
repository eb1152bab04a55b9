/**
 * A codebook whose keywords are all in one language, on sources in the other: before, every
 * such source got no codings from it without a word (an English interview coded with a codebook
 * that names no `language` — its plain keyword lists read as Dutch — looked exactly like an
 * interview where none of the codes is discussed). Now said per codebook and language, with the
 * sources, the codes and the fix; the output is unchanged (no keywords are carried across languages).
 * Also: a case table's language column (was an attribute only) and a built-in id given where an
 * adapted file of that name lies (the built-in was used without a word).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs, writeProject } from '../helpers/inputs-untouched.js';
import { ruleLanguageGaps } from '../../src/coding/rule-languages.js';
import { parseCodebook } from '../../src/codebook/index.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-rule-lang-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const EN_1 =
  'Interviewer: How do you work with the other teams?\n' +
  'Respondent: We have a weekly meeting with the youth workers, and the budget is shared between the teams. The meeting is where we agree on the cases.\n' +
  'Interviewer: And is that working for you?\n' +
  'Respondent: Mostly it is, because the budget is clear and we know what the others do with it.\n';
const EN_2 =
  'Interviewer: What would you change?\n' +
  'Respondent: I would like a shorter meeting and more time for the families. The budget should follow the family, not the team.\n';
const NL_1 =
  'Interviewer: Hoe werken jullie samen met de andere teams?\n' +
  'Respondent: We hebben elke week een overleg met de jongerenwerkers en het budget is van ons samen. In dat overleg spreken we af wie wat doet.\n';

const BOOK_NO_LANG = 'id: mine\nname: {en: Mine}\ncodes:\n  - id: meeting\n    name: {en: Meeting}\n    rules: [{keywords: [meeting]}]\n  - id: money\n    name: {en: Money}\n    rules: [{keywords: [budget]}]\n';

describe('a codebook without `language` whose plain keyword lists are English, on English sources', () => {
  it('is said (rules-not-in-source-language) with the codebook file, the sources and the fix; the codings are as before (none); inputs untouched', async () => {
    const d = writeProject(dir, 'no-lang', { 'book.yaml': BOOK_NO_LANG, 'a.txt': EN_1, 'b.txt': EN_2 });
    const r = await qdaLeavingInputs(d, ['code', 'a.txt', 'b.txt', '-c', 'book.yaml', '-o', 'c.json'], ['c.json']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('book.yaml: warning: codebook "mine" has rules in Dutch only: its 2 code(s) with rules code nothing in the 2 source(s) read as English (a, b) [coding:rules-not-in-source-language]');
    expect(r.err).toContain('write `language: en` there if the keywords are English');
    const doc = JSON.parse(readFileSync(join(d, 'c.json'), 'utf8')) as { sources: Array<{ codings?: unknown[] }> };
    expect(doc.sources.flatMap((s) => s.codings ?? [])).toHaveLength(0);
  });

  it('with `language: en` added: the keywords code the English sources and nothing is said', async () => {
    const d = writeProject(dir, 'lang-en', { 'book.yaml': 'language: en\n' + BOOK_NO_LANG, 'a.txt': EN_1, 'b.txt': EN_2 });
    const r = await qdaLeavingInputs(d, ['code', 'a.txt', 'b.txt', '-c', 'book.yaml', '-o', 'c.json'], ['c.json']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).not.toContain('rules-not-in-source-language');
    expect(r.err).toMatch(/qda code: 2 sources, \d+ segments, [1-9]\d* codings/);
  });
});

describe('a codebook with some codes in both languages and one in Dutch only, on a Dutch and an English source', () => {
  it('names the code without English keywords and the English source only, once', async () => {
    const book =
      'id: half\nname: {nl: Half, en: Half}\nlanguage: nl\ncodes:\n' +
      '  - id: overleg\n    name: {nl: Overleg, en: Meeting}\n    rules: [{keywords: {nl: [overleg], en: [meeting]}}]\n' +
      '  - id: geld\n    name: {nl: Geld, en: Money}\n    rules: [{keywords: [budget]}]\n' +
      '  - id: patroon\n    name: {nl: Patroon, en: Pattern}\n    rules: [{regex: "week(ly)?"}]\n';
    const d = writeProject(dir, 'half', { 'book.yaml': book, 'en.txt': EN_1, 'nl.txt': NL_1 });
    const r = await qdaLeavingInputs(d, ['code', 'en.txt', 'nl.txt', '-c', 'book.yaml', '-o', 'c.json'], ['c.json']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('codebook "half": 1 of its 3 code(s) with rules have none in English (geld): they code nothing in the 1 source(s) read as English (en) [coding:rules-not-in-source-language]');
    expect(r.err).toContain('give these codes keywords in English too');
    expect(r.err.match(/rules-not-in-source-language/g)).toHaveLength(1);
  });
});

describe('ruleLanguageGaps (pure)', () => {
  it('says nothing for a codebook with rules in both languages, for codes without rules, and for languages no source is in', () => {
    const book = parseCodebook(
      'id: b\nname: {nl: B}\ncodes:\n  - id: x\n    name: {nl: X}\n    rules: [{keywords: {nl: [a], en: [b]}}]\n  - id: y\n    name: {nl: Y}\n  - id: z\n    name: {nl: Z}\n    rules: [{near: "a NEAR/3 b"}]\n',
      { file: 'b.yaml' },
    );
    expect(ruleLanguageGaps([book], new Map([['nl', ['s1']]]))).toEqual([]);
    // z's NEAR is Dutch only: English sources are said, with z alone
    const en = ruleLanguageGaps([book], new Map([['en', ['s2']]]));
    expect(en.map((d) => d.message)).toEqual(['codebook "b": 1 of its 2 code(s) with rules have none in English (z): they code nothing in the 1 source(s) read as English (s2)']);
    expect(ruleLanguageGaps([book], new Map([['en', []]]))).toEqual([]);
  });
});

describe("a case table's language column", () => {
  it('sets the language a source is coded in (was: an attribute only, the source coded as its text was guessed), said where it differs; a value that is no language is said and left', async () => {
    const book = 'id: eng\nname: {en: Eng}\nlanguage: en\ncodes:\n  - id: meeting\n    name: {en: Meeting}\n    rules: [{keywords: [meeting]}]\n';
    const d = writeProject(dir, 'case-lang', {
      'book.yaml': book,
      'a.txt': EN_1,
      'b.txt': EN_2,
      'c.txt': EN_1.replace('weekly', 'monthly'),
      'cases.csv': 'source,case,group,Language\na,A,x,nl\nb,B,y,Duits\nc,C,y,English\n',
    });
    const r = await qdaLeavingInputs(d, ['code', 'a.txt', 'b.txt', 'c.txt', '-c', 'book.yaml', '--cases', 'cases.csv', '-o', 'c.json'], ['c.json']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('cases.csv: warning: source "a" reads as English, and the case table\'s "Language" says Dutch: it is coded as Dutch (the keywords and stemming of that language) [ingest:case-language-differs]');
    expect(r.err).toContain('cases.csv: warning: source "b": the case table\'s "Language" is "Duits", not a language qdakit codes in (nl, en): it is coded as English, as its text reads [ingest:case-language-unknown]');
    // c: the table agrees with the text: nothing said for it
    expect(r.err).not.toContain('source "c"');
    // a: coded as Dutch, where the English keywords find nothing (said too); b and c coded as English
    expect(r.err).toContain('code nothing in the 1 source(s) read as Dutch (a)');
    const doc = JSON.parse(readFileSync(join(d, 'c.json'), 'utf8')) as { sources: Array<{ id: string; language?: string; codings?: unknown[] }> };
    expect(doc.sources.map((s) => [s.id, s.language, (s.codings ?? []).length > 0])).toEqual([
      ['a', 'nl', false],
      ['b', 'en', true],
      ['c', 'en', true],
    ]);
    // qda segments reads the sources the same way
    const s = await qdaLeavingInputs(d, ['segments', 'a.txt', '--cases', 'cases.csv', '--format', 'json']);
    expect(s.code, s.err).toBe(0);
    expect(s.out).toContain('"language": "nl"');
  });
});

describe('-c with a built-in id where a file of that name lies beside it', () => {
  it('says that the built-in is used, not the (adapted) file, and how to use the file; an identical copy is not said', async () => {
    const builtin = readFileSync(join(__dirname, '../../codebooks/kaats-opheij.yaml'), 'utf8');
    const d = writeProject(dir, 'builtin-beside', { 'kaats-opheij.yaml': builtin.replace(/samenwerk/g, 'xyzzy'), 'a.txt': NL_1 });
    const r = await qdaLeavingInputs(d, ['code', 'a.txt', '-c', 'kaats-opheij', '-o', 'c.json'], ['c.json']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('kaats-opheij.yaml: warning: "kaats-opheij" is the built-in codebook (codebooks/kaats-opheij.yaml), not the file kaats-opheij.yaml beside it, which differs from it: kaats-opheij.yaml is not used [codebook:builtin-beside-file]');
    expect(r.err).toContain('-c kaats-opheij.yaml');
    const same = writeProject(dir, 'builtin-same', { 'kaats-opheij.yaml': builtin, 'a.txt': NL_1 });
    const r2 = await qdaLeavingInputs(same, ['code', 'a.txt', '-c', 'kaats-opheij', '-o', 'c.json'], ['c.json']);
    expect(r2.code, r2.err).toBe(0);
    expect(r2.err).not.toContain('builtin-beside-file');
  });
});

describe('a source in two languages', () => {
  const dutch = Array.from({ length: 12 }, (_, i) => `Interviewer: Hoe gaat het overleg nummer ${i}?\nRespondent: Het is goed, want we hebben elke week een overleg met de jongerenwerkers en dat werkt wel.\n`).join('');
  const english = Array.from({ length: 6 }, (_, i) => `Interviewer: And meeting number ${i}?\nRespondent: It was fine, because we have a meeting with the youth workers every week and that is what works.\n`).join('');
  it('is said (mixed-language): read as one language, the other passages find none of their keywords; one language alone, or the language given, says nothing', async () => {
    const d = writeProject(dir, 'mixed', { 'mixed.txt': dutch + english, 'nl.txt': dutch, 'given.txt': '---\nlanguage: nl\n---\n' + dutch + english });
    const r = await qdaLeavingInputs(d, ['code', 'mixed.txt', 'nl.txt', 'given.txt', '-c', 'kaats-opheij', '-o', 'c.json'], ['c.json']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/mixed\.txt: warning: reads as Dutch, but \d\d % of the common words counted \(in its text\) are English: it is coded with the Dutch keywords only, and its English passages find none of the English keywords \[ingest:mixed-language\]/);
    expect(r.err).toContain('split it into one source per language');
    expect(r.err.match(/mixed-language/g)).toHaveLength(1);
  });

  it('a long source whose other-language part comes after the first 20,000 characters: said with the line of that part; a long source in one language says nothing', async () => {
    // (about 40,000 characters of Dutch, then 6,000 of English: the first 20,000 are all Dutch)
    const longNl = Array.from({ length: 25 }, () => dutch).join('');
    const englishPart = Array.from({ length: 5 }, () => english).join('');
    const d = writeProject(dir, 'mixed-late', { 'late.txt': longNl + englishPart, 'long-nl.txt': longNl + longNl });
    const r = await qdaLeavingInputs(d, ['code', 'late.txt', 'long-nl.txt', '-c', 'kaats-opheij', '-o', 'c.json'], ['c.json']);
    expect(r.code, r.err).toBe(0);
    const englishFrom = longNl.split('\n').length;
    const m = /late\.txt:(\d+): warning: reads as Dutch, but the part around line (\d+) reads as English \(\d+ % of the common words counted in five parts of 4,000 characters spread over it are English\): it is coded with the Dutch keywords only/.exec(r.err);
    expect(m, r.err).not.toBeNull();
    expect(Number(m![1])).toBe(Number(m![2]));
    expect(Number(m![2])).toBeGreaterThanOrEqual(englishFrom);
    expect(r.err.match(/mixed-language/g)).toHaveLength(1);
  });
});
