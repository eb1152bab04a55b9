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
import { passagePrints, textFingerprint } from '../../src/ingest/same-text.js';
import { parseBlocks } from '../../src/ingest/parse-blocks.js';

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

// an interview of our own: the same guide questions (long, read out word for word), answers of its own
const QUESTIONS = [
  'Interviewer: Kunt u om te beginnen vertellen hoe de samenwerking met de andere partijen in de wijk er op dit moment uitziet?',
  'Interviewer: Welke afspraken zijn er gemaakt over wie wat doet wanneer een gezin met meerdere problemen zich meldt bij het team?',
  'Interviewer: Hoe merkt u in de praktijk of partijen elkaar vertrouwen, en wat doet u wanneer dat vertrouwen onder druk komt te staan?',
  'Interviewer: Wat zou er volgens u moeten veranderen om de samenwerking de komende jaren beter te laten verlopen dan nu?',
  'Interviewer: Zijn er nog zaken die we niet besproken hebben maar die u belangrijk vindt voor dit onderzoek naar samenwerking?',
  'Interviewer: Hoe worden bewoners zelf betrokken bij de keuzes die het wijkteam maakt, en wie neemt daarin het initiatief?',
];
function interview(answers: readonly string[]): string {
  return QUESTIONS.map((q, i) => `${q}\nRespondent: ${answers[i]}\n`).join('');
}
const ANSWERS = [
  'Eerlijk gezegd is het nog zoeken. We hebben een wekelijks overleg met het jongerenwerk en de wijkagent, maar de woningcorporatie schuift maar af en toe aan.',
  'Er is een casusregisseur aangewezen per gezin, dat staat op papier. In de praktijk pakt degene die het eerst belt het op, en dat is vaak de school.',
  'Je merkt het aan hoe snel iemand terugbelt. Als het vertrouwen weg is, gaan mensen mailen met de leidinggevende in de cc, dat zegt genoeg over de verhoudingen.',
  'Minder losse projecten en meer vaste gezichten. Elke twee jaar een nieuwe aanbesteding betekent dat je steeds opnieuw moet beginnen met kennismaken en afspraken.',
  'Wat ik nog kwijt wil is dat de bewoners zelf vaak het beste weten wat er speelt, en dat we ze te weinig vragen. Dat zou ik graag in het rapport terugzien.',
  'Bewoners worden uitgenodigd voor de buurtavond, maar daar komen steeds dezelfde tien mensen. De jongeren zie je er nooit, die bereik je alleen op straat.',
];
const OTHER_ANSWERS = [
  'In onze wijk gaat het eigenlijk best goed: de lijntjes zijn kort, ik ken de meeste collega\'s van de corporatie en het maatschappelijk werk bij naam en toenaam.',
  'We werken met een vast formulier voor de aanmelding, en in het teamoverleg op donderdag wordt besloten wie de regie neemt. Dat werkt meestal, niet altijd.',
  'Vertrouwen groeit als je samen iets hebt meegemaakt. Na die brand in de flat vorig jaar stonden we allemaal op straat, sindsdien gaat het een stuk makkelijker.',
  'Meer ruimte voor de professional om zelf te beslissen. Nu moet alles langs drie loketten voordat er iets gebeurt, en dan is het gezin alweer een maand verder.',
  'Misschien dat de gemeente zelf ook een spiegel voorgehouden mag worden, want de regels komen daar vandaan en die maken het werk op straat soms onmogelijk.',
  'We hebben een bewonerspanel van twaalf mensen dat elk kwartaal meedenkt over de plannen. Dat panel heeft ook zelf het idee voor de moestuin aangedragen, mooi om te zien.',
];

describe('near-copies: two versions of one transcript (a corrected or anonymised copy, a part and the whole)', () => {
  it('a corrected copy beside the original: said with the count of shared long passages and the first file; both read; inputs untouched; on two threads and by qda segments', async () => {
    const original = interview(ANSWERS);
    // (an answer corrected at its end, one in its middle: the copy is no longer the same text)
    const corrected = interview(ANSWERS.map((a, i) => (i === 1 ? a.replace('vaak de school.', 'meestal de school.') : i === 2 ? a.replace('terugbelt', 'opbelt') : a)));
    const dir = folder({ 'wijkcoach-08.txt': original, 'wijkcoach-08 gecorrigeerd.txt': corrected, 'wijkcoach-09.txt': interview(OTHER_ANSWERS) });
    const said = (err: string) => err.split('\n').filter((l) => l.includes('[ingest:near-copy]'));
    const expected = [
      'wijkcoach-08.txt: warning: 5 of its 6 long passages (turns or paragraphs of 80 characters or more, the interviewer\'s left aside) are in wijkcoach-08 gecorrigeerd.txt too (source "wijkcoach-08 gecorrigeerd"; the same first and last 12 characters, spaces and line breaks aside): both are read as sources ("wijkcoach-08 gecorrigeerd" and "wijkcoach-08"), so each of those passages and its codings counts twice in matrices, comparisons and saturation [ingest:near-copy]',
    ];
    for (const env of [{}, { QDA_THREADS: '2', QDA_STREAM_MIN_BYTES: '1' }]) {
      const io = memoryIo(dir, env);
      expect(await main(['code', '.', '-c', 'kaats-opheij', '-o', 'out.json'], io)).toBe(0);
      expect(said(io.err())).toEqual(expected);
      expect(io.err()).not.toContain('[ingest:same-text]');
      expect(io.err()).toContain('qda code: 3 sources');
    }
    const io2 = memoryIo(dir);
    expect(await main(['segments', '.', '--format', 'csv', '-o', 'seg.csv'], io2)).toBe(0);
    expect(said(io2.err())).toEqual(expected);
    expect(readFileSync(join(dir, 'wijkcoach-08 gecorrigeerd.txt'), 'utf8')).toBe(corrected);
    expect(readFileSync(join(dir, 'wijkcoach-08.txt'), 'utf8')).toBe(original);
  });

  it('a part and the whole: "all N of" the part\'s; the guide\'s questions asked word for word in two interviews are not a copy', async () => {
    const whole = interview(ANSWERS);
    const part = whole.split('\n').slice(0, 10).join('\n') + '\n';
    const dir = folder({ 'a-deel-1.txt': part, 'b-heel.txt': whole, 'c-ander.txt': interview(OTHER_ANSWERS) });
    const io = memoryIo(dir);
    expect(await main(['segments', '.', '--format', 'csv', '-o', 'seg.csv'], io)).toBe(0);
    const said = io.err().split('\n').filter((l) => l.includes('[ingest:near-copy]'));
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('b-heel.txt: warning: 5 of its 6 long passages');
    expect(said[0]).toContain('are in a-deel-1.txt too (source "a-deel-1"; all 5 of "a-deel-1"\'s; the same first');
  });

  it('prints: the interviewer\'s turns and short turns left aside; an edit in a passage changes its print', () => {
    const prints = (t: string) => passagePrints({ text: t, kind: 'transcript' }, parseBlocks(t, 'transcript').blocks);
    const p = prints(interview(ANSWERS))!;
    expect(p).toHaveLength(6);
    expect(new Set(p).size).toBe(6);
    const q = prints(interview(OTHER_ANSWERS))!;
    expect([...p].filter((x) => q.includes(x))).toEqual([]);
    const edited = prints(interview(ANSWERS.map((a, i) => (i === 0 ? a.replace('Eerlijk', 'Eerlijker') : a))))!;
    expect([...edited].filter((x) => p.includes(x))).toHaveLength(5);
    expect(prints('Interviewer: Hoe gaat het?\nRespondent: Goed.\n')).toBeUndefined();
    // a copy wrapped otherwise (from a PDF: lines broken, blank lines between) has the same prints
    const wrapped = interview(ANSWERS.map((a) => a.replace(/ (\S+) /g, (m, w: string, at: number) => (at % 3 === 0 ? ` ${w} \n\n` : m))));
    expect(wrapped).not.toBe(interview(ANSWERS));
    expect(prints(wrapped)).toEqual(p);
  });
});
