/**
 * Lines that start like a speaker label but are not one, and label forms written a little
 * differently from the rest of the file (our own short Dutch and English texts).
 */
import { describe, it, expect } from 'vitest';
import { parseBlocks, readingDiagnostics } from '../../src/ingest/parse-blocks.js';
import { cpSlice } from '../../src/model/codepoints.js';

const turns = (text: string) => parseBlocks(text, 'transcript').blocks.map((b) => [b.speaker, cpSlice(text, b.start, b.end)]);

describe('a transcriber\'s note in brackets at a line start is text, not a speaker', () => {
  it('[lacht], [pauze], [laughs], [inaudible 00:12] stay in the turn where they stand', () => {
    const t = [
      'Interviewer: Hoe was de dag?',
      '[lacht] Nee, echt, hoe was het met het team?',
      'Bas: Druk.',
      'Interviewer: En de school?',
      '[lacht] Sorry, dat is een lange vraag.',
      'Bas: Goed.',
      '[pauze] Nou ja, meestal goed.',
      'Interviewer: And then?',
      '[laughs] We called again.',
      '[inaudible 00:12] something.',
      'Bas: Ja.',
    ].join('\n');
    expect(turns(t)).toEqual([
      ['Interviewer', 'Hoe was de dag?\n[lacht] Nee, echt, hoe was het met het team?'],
      ['Bas', 'Druk.'],
      ['Interviewer', 'En de school?\n[lacht] Sorry, dat is een lange vraag.'],
      ['Bas', 'Goed.\n[pauze] Nou ja, meestal goed.'],
      ['Interviewer', 'And then?\n[laughs] We called again.\n[inaudible 00:12] something.'],
      ['Bas', 'Ja.'],
    ]);
    expect(parseBlocks(t, 'transcript').speakers).toEqual(['Interviewer', 'Bas']);
  });
  it('a bracketed speaker label is still one', () => {
    expect(turns('[Interviewer] Hoe gaat het?\n[Bas] Goed.\n[Interviewer] Fijn.\n[Bas] Ja.')).toEqual([
      ['Interviewer', 'Hoe gaat het?'],
      ['Bas', 'Goed.'],
      ['Interviewer', 'Fijn.'],
      ['Bas', 'Ja.'],
    ]);
  });
});

describe('a transcript where only the interviewer is labelled', () => {
  const read = async (text: string) => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { readSource } = await import('../../src/ingest/read-source.js');
    const dir = mkdtempSync(join(tmpdir(), 'qda-ionly-'));
    writeFileSync(join(dir, 't.txt'), text);
    const seen: import('../../src/model/types.js').Diagnostic[] = [];
    const r = await readSource('t.txt', { cwd: dir, report: (d) => void seen.push(d) });
    return { r: r!, seen };
  };
  it('`I: vraag` then unlabelled answers: warned with the file, the count of turns and the fix', async () => {
    const { r, seen } = await read('I: Hoe gaat het met de buurt?\nHet gaat goed, we kennen elkaar.\n\nI: En de school?\nDaar praten we weinig mee.\n');
    expect(r.blocks.map((b) => b.speaker)).toEqual(['I', 'I']);
    const w = seen.filter((d) => d.ruleId === 'interviewer-only');
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ severity: 'warning', file: 't.txt', line: 1 });
    expect(w[0].message).toContain('(2)');
    expect(w[0].hint).toContain('R: ');
  });
  it('a single `Interviewer:` line with the answer below it is warned too; a file with a respondent is not', async () => {
    const one = await read('Interviewer: What do you think of the plan?\nWe like it, it brings people together.\n');
    expect(one.seen.filter((d) => d.ruleId === 'interviewer-only')).toHaveLength(1);
    const both = await read('I: Hoe gaat het?\nR: Goed.\nI: En verder?\nR: Prima.\n');
    expect(both.seen.filter((d) => d.ruleId === 'interviewer-only')).toEqual([]);
  });
});

describe('a speaker\'s label written otherwise on one line', () => {
  // (a no-break space before the colon is a label's own form since a file that writes every label
  // so, `Interviewer\u00a0:`, was read with no speaker at all: read as the label, without an info)
  it('lower case, no space after the colon: read as that speaker, and reported as info with the line; a no-break space before it: read as that speaker', () => {
    const t = [
      'Interviewer: Hoe gaat het?',
      'Bas: Goed.',
      'interviewer: En met de buren?',
      'Bas:Ook goed.',
      'Interviewer: Fijn.',
      'Bas\u00a0: Ja.',
    ].join('\n');
    const p = parseBlocks(t, 'transcript');
    expect(p.blocks.map((b) => [b.speaker, cpSlice(t, b.start, b.end)])).toEqual([
      ['Interviewer', 'Hoe gaat het?'],
      ['Bas', 'Goed.'],
      ['Interviewer', 'En met de buren?'],
      ['Bas', 'Ook goed.'],
      ['Interviewer', 'Fijn.'],
      ['Bas', 'Ja.'],
    ]);
    const d = readingDiagnostics(p, 't.txt').filter((x) => x.ruleId === 'label-variant-read');
    expect(d.map((x) => [x.line, x.severity, x.file])).toEqual([
      [3, 'info', 't.txt'],
      [4, 'info', 't.txt'],
    ]);
    expect(d[0].message).toContain('in other capitals');
    expect(d[1].message).toContain('without a space after the colon');
  });
  it('text with a colon that is not a speaker of the file stays in the turn; a web address is not a label', () => {
    const t = 'Interviewer: Hoe gaat het?\nBas: Goed, zie\nbas://niets en\ninterviewers: zeggen dat ook.\nInterviewer: Oké.\nBas: Ja.';
    const p = parseBlocks(t, 'transcript');
    expect(p.blocks.map((b) => b.speaker)).toEqual(['Interviewer', 'Bas', 'Interviewer', 'Bas']);
    expect(p.variantLabels).toBeUndefined();
  });
});

describe('words kept from being speakers', () => {
  it('`Vraag 1:` is read as `Vraag 2:` and `Vraag 3:` are (an interviewer\'s turn), not left without a speaker', () => {
    const t = 'Vraag 1: Hoe gaat het?\nGoed.\n\nVraag 2: En de school?\nPrima.\n\nVraag 3: Verder?\nNee.';
    expect(parseBlocks(t, 'transcript').blocks.map((b) => b.speaker)).toEqual(['Vraag 1', 'Vraag 2', 'Vraag 3']);
  });
  it('`Opmerking: …` read into a turn is warned as `Noot: …` is, with its line', () => {
    const t = 'Interviewer: Hoe gaat het?\nBas: Goed.\nOpmerking: hij twijfelt.\nInterviewer: En verder?\nBas: Prima.\nNoot: lange stilte.';
    const p = parseBlocks(t, 'transcript');
    expect(p.blocks.map((b) => b.speaker)).toEqual(['Interviewer', 'Bas', 'Interviewer', 'Bas']);
    const d = readingDiagnostics(p, 't.txt').filter((x) => x.ruleId === 'unread-speaker-label');
    expect(d.map((x) => [x.actual, x.line, x.severity])).toEqual([
      ['Opmerking', 3, 'warning'],
      ['Noot', 6, 'warning'],
    ]);
  });
  it('`Code: label` on a line of its own (the thesis form of a code marker, read by the marker reader) is not warned as an unread speaker', () => {
    const t = 'Interviewer: Hoe gaat het?\nBas: We delen informatie met de wijkagent.\nCode: information-exchange\nInterviewer: En verder?\nBas: Prima.\nCODES: trust, exchange\nNoot: lange stilte.';
    const p = parseBlocks(t, 'transcript');
    expect(p.blocks.map((b) => b.speaker)).toEqual(['Interviewer', 'Bas', 'Interviewer', 'Bas']);
    const d = readingDiagnostics(p, 't.txt').filter((x) => x.ruleId === 'unread-speaker-label');
    expect(d.map((x) => [x.actual, x.line])).toEqual([['Noot', 7]]);
  });
});

describe('a number that is all a labelled turn holds', () => {
  it('`R:` ⏎ `7` with no page numbers in the file: the 7 is the answer, read as the turn of R (nothing left out)', () => {
    const t = 'Interviewer: Hoeveel teams zijn er?\nR:\n7\nInterviewer: En volgend jaar?\nR: Meer, denk ik.\n';
    const p = parseBlocks(t, 'transcript');
    expect(p.blocks.map((b) => [b.speaker, cpSlice(t, b.start, b.end)])).toEqual([
      ['Interviewer', 'Hoeveel teams zijn er?'],
      ['R', '7'],
      ['Interviewer', 'En volgend jaar?'],
      ['R', 'Meer, denk ik.'],
    ]);
    expect(readingDiagnostics(p, 't.txt').filter((x) => x.ruleId === 'page-debris')).toEqual([]);
  });
  it('`R:` ⏎ `7` where 7 is one of the page numbers: the line left out is warned as the whole turn, with both lines and the fix', () => {
    const page = (n: number) => [`${n}`, ''];
    const t = [
      'Interviewer: Hoeveel teams zijn er?', '', 'R: Een stuk of wat, verspreid over de stad.', '', 'Interviewer: Welke wijken?', '', ...page(5),
      'R: Noord en Zuid, en sinds kort ook het centrum.', '', 'Interviewer: En de teams zelf?', '', ...page(6),
      'Interviewer: Hoeveel mensen?', '', 'R: Zo\'n twaalf per team, soms meer.', '', 'R:', ...page(7),
      'Interviewer: En volgend jaar?', '', 'R: Meer, denk ik.', '',
    ].join('\n');
    const p = parseBlocks(t, 'transcript');
    const d = readingDiagnostics(p, 't.txt').filter((x) => x.ruleId === 'page-debris');
    expect(d.map((x) => [x.severity, x.line])).toEqual([['warning', 20], ['info', 7]]);
    expect(d[0].message).toContain('turn of R (line 19)');
    expect(d[0].hint).toContain('"R: 7"');
    expect(d[1].message).toContain('left out 2 lines as page debris (a lone page number): line 7 "5", line 13 "6"');
  });
  it('a page number between a label and its answer stays info', () => {
    const t = 'Interviewer: Hoeveel teams zijn er?\nR:\n\n12\n\nZeven, denk ik.\nInterviewer: Dank je.\nR: Graag.\n';
    const d = readingDiagnostics(parseBlocks(t, 'transcript'), 't.txt').filter((x) => x.ruleId === 'page-debris');
    expect(d.every((x) => x.severity === 'info')).toBe(true);
  });
});
