/**
 * What a PDF's text layer lost or put out of order was not said: a page without text (a scanned
 * page between text pages) was passed over, its words gone, and the text went on as if nothing
 * were missing; two columns stored across, line by line, were read interleaved (only a label in
 * a line was said); lines stored from the bottom of the page up were read bottom-up. Each is now
 * said with the pages and the count. PDFs written by hand, our own invented text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import type { Diagnostic } from '../../src/model/types.js';
import { at, lines, makePdf } from '../helpers/raw-pdf.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-pdf-pages-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function read(name: string, bytes: Buffer) {
  writeFileSync(join(dir, name), bytes);
  const said: Diagnostic[] = [];
  const { corpus } = await readCorpus([name], { cwd: dir, unit: 'turn', report: (x) => said.push(x) });
  expect(readFileSync(join(dir, name))).toEqual(bytes);
  return { corpus, said, rule: (id: string) => said.filter((x) => x.ruleId === id).map((x) => [x.file, x.severity, x.message]) };
}

describe('.pdf pages and layout', () => {
  it('a page without text between text pages: said with its page and the count', async () => {
    const r = await read('scan.pdf', makePdf([lines(['Interviewer: Hoe begon het project?', 'Respondent: Met een buurtavond.']), null, lines(['Interviewer: En daarna?', 'Respondent: Een app voor de buurt.']), null]));
    expect(r.rule('pdf-pages-without-text')).toEqual([
      ['scan.pdf', 'warning', '2 of the 4 pages have no text layer (page 2, 4): a scanned page or a picture (or a blank page); nothing on them is read (the text read runs on past them)'],
    ]);
    // (the text read is as before: the pages with text, merged)
    expect(r.corpus.sources[0].text).toBe('Interviewer: Hoe begon het project?\nRespondent: Met een buurtavond.\n\nInterviewer: En daarna?\nRespondent: Een app voor de buurt.\n');
  });

  it('two columns stored across, line by line: said with the page, the count and the first line', async () => {
    const rows = [
      ['Interviewer: Hoe gaat het in de wijk?', 'Interviewer: Wat vindt u van het budget?'],
      ['Respondent: Het gaat best goed hier.', 'Respondent: Het is echt te krap voor ons.'],
      ['Interviewer: En de buurtapp, werkt die?', 'Interviewer: Wie beslist daar dan over?'],
      ['Respondent: Ja, de meeste mensen.', 'Respondent: De gemeente, na overleg met ons.'],
    ];
    const r = await read('kolommen.pdf', makePdf([rows.map((row, i) => `${at(72, 720 - 14 * i, row[0])} ${at(330, 720 - 14 * i, row[1])}`).join(' ')]));
    expect(r.rule('pdf-columns-side-by-side')).toEqual([
      ['kolommen.pdf', 'warning', '4 lines on 1 page (page 1) hold text in columns side by side, stored across the columns line by line (the first: "Interviewer: Hoe gaat het in de wijk? | Interviewer: Wat vindt u van het budget?", page 1, line 1): they are read across, so that the sentences of the columns are interleaved and a turn may hold words of the column beside it'],
    ]);
  });

  it('two columns stored column by column, and a table of turns (a short first column): nothing said', async () => {
    const left = ['Interviewer: Hoe gaat het in de wijk?', 'Respondent: Het gaat best goed hier.', 'Interviewer: En de buurtapp?', 'Respondent: Die gebruiken de meeste mensen.'];
    const right = ['Interviewer: Wat vindt u van het budget?', 'Respondent: Het is echt te krap voor ons.', 'Interviewer: Wie beslist daarover?', 'Respondent: De gemeente, na overleg.'];
    const table = left.map((l, i) => `${at(72, 720 - 14 * i, l.split(': ')[0])} ${at(200, 720 - 14 * i, l.split(': ')[1] + ' en dat blijft zo')}`).join(' ');
    const r = await read('netjes.pdf', makePdf([`${lines(left)} ${lines(right, 330)}`, table]));
    expect(r.said.filter((x) => /^pdf-/.test(x.ruleId ?? ''))).toEqual([]);
  });

  it('lines stored from the bottom of the page up: said with the page and the steps', async () => {
    const ls = ['Interviewer: Eerste vraag over de wijk?', 'Respondent: Eerste antwoord.', 'Interviewer: Tweede vraag?', 'Respondent: Tweede antwoord.'];
    const r = await read('omgekeerd.pdf', makePdf([ls.map((l, i) => [i, l] as const).reverse().map(([i, l]) => at(72, 720 - 14 * i, l)).join(' ')]));
    expect(r.rule('pdf-text-order')).toEqual([
      ['omgekeerd.pdf', 'warning', 'on 1 page (page 1) the text layer stores the lines mostly from the bottom of the page up (page 1: 3 of 3 steps from a line to the next go up): they are read in the order stored, not in the order they stand on the page'],
    ]);
  });

  it('comments, text boxes and filled-in form fields (annotations): said with the count, the first words and the page; a popup and a link not counted', async () => {
    const page1 = lines(['Interviewer: Hoe gaat het?', 'Respondent: Goed.']);
    const page2 = { content: lines(['Interviewer: En verder?', 'Respondent: Ook goed.']), annots: [
      '<< /Type /Annot /Subtype /Text /Rect [300 700 320 720] /Contents (Hier aarzelt ze lang) /T (Codeur) >>',
      '<< /Type /Annot /Subtype /Popup /Rect [320 600 500 700] /Contents (Hier aarzelt ze lang) >>',
      '<< /Type /Annot /Subtype /FreeText /Rect [300 500 500 540] /Contents (Leeftijd respondent: 45) /DA (/Helv 10 Tf 0 g) >>',
      '<< /Type /Annot /Subtype /Link /Rect [72 100 200 120] /Contents (naar de website) >>',
    ] };
    const r = await read('notities.pdf', makePdf([page1, page2]));
    expect(r.rule('pdf-annotations-not-read')).toEqual([
      ['notities.pdf', 'warning', '2 annotations with words (a comment, a text box, a form field) on page 2 are not read as text (the first: "Hier aarzelt ze lang", page 2): the text layer does not hold them'],
    ]);
    expect(r.corpus.sources[0].text).not.toMatch(/aarzelt|Leeftijd/);
  });

  it('page debris and the first line of columns: said with the page and the line on it (were the lines of the merged text, found nowhere in the PDF)', async () => {
    // (before: "line 6 "Gemeente Zuid - interview 3"", and columns "page 2" alone)
    const page = (n: number, body: string[]) => lines(['Gemeente Zuid - interview 3', ...body, `${n}`]);
    const cols = [
      ['Respondent: Het gaat best goed hier.', 'Respondent: Het is echt te krap voor ons.'],
      ['Interviewer: En de buurtapp, werkt die?', 'Interviewer: Wie beslist daar dan over?'],
      ['Respondent: Ja, de meeste mensen.', 'Respondent: De gemeente, na overleg met ons.'],
    ];
    const r = await read(
      'koppen.pdf',
      makePdf([
        page(1, ['Interviewer: Hoe gaat het met de wijk?', 'Respondent: Goed, de buurtapp helpt.', 'Interviewer: Waarom?']),
        `${lines(['Gemeente Zuid - interview 3', 'Interviewer: Hoe gaat het in de wijk?'])} ${cols.map((row, i) => `${at(72, 692 - 14 * i, row[0])} ${at(330, 692 - 14 * i, row[1])}`).join(' ')} ${lines(['2'], 72, 600)}`,
        page(3, ['Respondent: Graag gedaan.', 'Interviewer: Tot ziens.']),
      ]),
    );
    expect(r.rule('page-debris')).toEqual([
      ['koppen.pdf', 'info', 'left out 3 lines as page debris (a running header or footer "Gemeente Zuid - interview #"): line 1 (page 1, line 1) "Gemeente Zuid - interview 3", line 6 (page 2, line 1) "Gemeente Zuid - interview 3", line 12 (page 3, line 1) "Gemeente Zuid - interview 3"; they are in no segment'],
      ['koppen.pdf', 'info', 'left out 3 lines as page debris (a lone page number): line 5 (page 1, line 5) "1", line 11 (page 2, line 6) "2", line 15 (page 3, line 4) "3"; they are in no segment'],
    ]);
    expect(r.rule('pdf-columns-side-by-side').map((x) => /\(the first: .*?, page \d+, line \d+\)/.exec(x[2])?.[0])).toEqual(['(the first: "Respondent: Het gaat best goed hier. | Respondent: Het is echt te krap voor ons.", page 2, line 3)']);
    // (the text read is as before)
    expect(r.corpus.sources[0].text.split('\n')[5]).toBe('Gemeente Zuid - interview 3');
  });

  it('a page header drawn before the text and a footer: nothing said about the order', async () => {
    const page = (n: number) => `${at(72, 760, 'Interview 7')} ${at(300, 40, `pagina ${n}`)} ${lines([`Interviewer: Vraag ${n}?`, `Respondent: Antwoord ${n}.`])}`;
    const r = await read('kop.pdf', makePdf([page(1), page(2)]));
    expect(r.said.filter((x) => /^pdf-/.test(x.ruleId ?? ''))).toEqual([]);
  });
});
