/**
 * What ends a turn that is no speaker's label, and what stays in a turn that may not be the
 * speaker's words (found by huntdoc, session 21). Before, each was silent:
 * - a heading of a .docx/.odt (a Word heading style, an .odt `text:h`) between two turns was read
 *   as the words of the speaker before it; the text is not changed for it (no `#` written: the
 *   offsets of every .docx stay as they were), its places reach the turn reader beside the text;
 * - field notes after a closing `---` were the last respondent's words;
 * - a lone page number (`12`) or a running header inside an answer stayed in it unsaid;
 * - a NUL between two words was removed and the words glued (`defusie`), said only as a control
 *   character;
 * - a line holding only a time stamp above each label (`00:00:05` ⏎ `Interviewer: …`) was read as
 *   the words of the turn before it, and the turns had no time;
 * - a label written with a semicolon (`R; …`, Shift missed) was read into the turn before unsaid.
 * Our own invented text.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { strToU8, zipSync } from 'fflate';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import { labelLikeLines } from '../../src/ingest/label-like-lines.js';
import { readDocxText } from '../../src/ingest/read-docx.js';
import { parseBlocks, readingDiagnostics } from '../../src/ingest/parse-blocks.js';
import { segmentSource } from '../../src/ingest/segment.js';
import { decodeBytes } from '../../src/ingest/decode.js';
import { cpSlice } from '../../src/model/codepoints.js';
import type { Diagnostic } from '../../src/model/types.js';

async function headedDocx(): Promise<Uint8Array> {
  const d = await import('docx');
  const p = (text: string) => new d.Paragraph({ children: [new d.TextRun(text)] });
  const doc = new d.Document({
    sections: [
      {
        children: [
          new d.Paragraph({ text: 'Gesprek buurtteam Oost', heading: d.HeadingLevel.HEADING_1 }),
          p('Interviewer: Hoe loopt het contact met de huisartsenpraktijk?'),
          p('Respondent: Moeizaam, we missen elkaar steeds aan de telefoon.'),
          new d.Paragraph({ text: 'Thema 2: samenwerking', heading: d.HeadingLevel.HEADING_2 }),
          p('Interviewer: En met de basisschool?'),
          p('Respondent: Beter, daar hebben we één vast aanspreekpunt.'),
          new d.Paragraph({ text: 'Afronding', heading: d.HeadingLevel.HEADING_2 }),
          p('Interviewer: Bedankt voor je tijd.'),
        ],
      },
    ],
  });
  return new Uint8Array(await d.Packer.toBuffer(doc));
}

const NS =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"';
const odt = (body: string) =>
  zipSync({
    mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }],
    'content.xml': strToU8(`<?xml version="1.0" encoding="UTF-8"?><office:document-content ${NS}><office:body><office:text>${body}</office:text></office:body></office:document-content>`),
  });

async function read(name: string, bytes: Uint8Array | string) {
  const dir = mkdtempSync(join(tmpdir(), 'qda-turn-ends-'));
  writeFileSync(join(dir, name), bytes);
  const seen: Diagnostic[] = [];
  const { corpus } = await readCorpus([name], { cwd: dir, unit: 'turn', report: (x) => seen.push(x) });
  return { corpus, seen, rows: corpus.segments.map((s) => [s.speaker, s.text]) };
}

describe('a heading of a .docx or .odt between turns', () => {
  it('.docx: ends the turn before it, is text without a speaker, and is said; the text (and every offset) is as before', async () => {
    const bytes = await headedDocx();
    const { corpus, seen, rows } = await read('buurtteam.docx', bytes);
    expect(rows).toEqual([
      [null, 'Gesprek buurtteam Oost'],
      ['Interviewer', 'Hoe loopt het contact met de huisartsenpraktijk?'],
      ['Respondent', 'Moeizaam, we missen elkaar steeds aan de telefoon.'],
      [null, 'Thema 2: samenwerking'],
      ['Interviewer', 'En met de basisschool?'],
      ['Respondent', 'Beter, daar hebben we één vast aanspreekpunt.'],
      [null, 'Afronding'],
      ['Interviewer', 'Bedankt voor je tijd.'],
    ]);
    // (the text as read without the places: no `#`, nothing moved)
    expect(corpus.sources[0].text).toBe(await readDocxText(bytes, 'buurtteam.docx'));
    const said = seen.filter((d) => d.ruleId === 'heading-ends-turn');
    expect(said.map((d) => [d.severity, d.line, d.message])).toEqual([
      [
        'info',
        7,
        `2 headings of the document (a paragraph in a heading style) stand after a turn (the first: line 7 "Thema 2: samenwerking", after Respondent's turn): each ends that turn and is read as text without a speaker, not as the words of the speaker before`,
      ],
    ]);
    // ("Thema 2:" is a heading, not a label seen once)
    expect(seen.filter((d) => d.ruleId === 'unread-speaker-label')).toEqual([]);
    // read again without its blocks (a rule of another unit, a corpus read back): the same turns
    const again = segmentSource(corpus.sources[0], 'sentence');
    expect(again.filter((s) => s.speaker === null).map((s) => s.text)).toEqual(['Gesprek buurtteam Oost', 'Thema 2: samenwerking', 'Afronding']);
  });

  it('.odt: a `text:h` between turns alike', async () => {
    const body =
      '<text:h text:outline-level="1">Gesprek buurtteam West</text:h>' +
      '<text:p>Interviewer: Wat vind je van de nieuwe werkwijze?</text:p>' +
      '<text:p>Respondent: Het kost tijd om te wennen.</text:p>' +
      '<text:h text:outline-level="2">Deel B</text:h>' +
      '<text:p>Interviewer: Wat zou je veranderen?</text:p>' +
      '<text:p>Respondent: Minder formulieren.</text:p>';
    const { rows, seen } = await read('west.odt', odt(body));
    expect(rows).toEqual([
      [null, 'Gesprek buurtteam West'],
      ['Interviewer', 'Wat vind je van de nieuwe werkwijze?'],
      ['Respondent', 'Het kost tijd om te wennen.'],
      [null, 'Deel B'],
      ['Interviewer', 'Wat zou je veranderen?'],
      ['Respondent', 'Minder formulieren.'],
    ]);
    expect(seen.filter((d) => d.ruleId === 'heading-ends-turn')).toHaveLength(1);
  });

  it('a heading before the first turn reads as before, and says nothing', async () => {
    const body = '<text:h text:outline-level="1">Interview 4</text:h><text:p>Interviewer: Hoe gaat het?</text:p><text:p>Respondent: Prima.</text:p>';
    const { rows, seen, corpus } = await read('vier.odt', odt(body));
    expect(rows).toEqual([
      [null, 'Interview 4'],
      ['Interviewer', 'Hoe gaat het?'],
      ['Respondent', 'Prima.'],
    ]);
    expect(seen.filter((d) => d.ruleId === 'heading-ends-turn')).toEqual([]);
    expect(corpus.sources[0].meta).toBeUndefined();
  });
});

const turns = (text: string) => parseBlocks(text, 'transcript').blocks.map((b) => [b.speaker, cpSlice(text, b.start, b.end)]);
const said = (text: string, rule: string) => readingDiagnostics(parseBlocks(text, 'transcript'), 't.txt').filter((d) => d.ruleId === rule);

describe('notes after a closing rule line', () => {
  it('the interviewer\'s field notes after `---` are text without a speaker, not the last answer (Dutch)', () => {
    const t =
      'Interviewer: Hoe lang zit je al in dit team?\nRespondent: Sinds de reorganisatie, een jaar of drie.\nInterviewer: En bevalt het?\nRespondent: Wisselend, de wachtlijst groeit.\n\n---\n\n' +
      'Aantekeningen interviewer: gesprek in de kantine, veel achtergrondgeluid.\nRespondent moest om elf uur weg.\n';
    expect(turns(t)).toEqual([
      ['Interviewer', 'Hoe lang zit je al in dit team?'],
      ['Respondent', 'Sinds de reorganisatie, een jaar of drie.'],
      ['Interviewer', 'En bevalt het?'],
      ['Respondent', 'Wisselend, de wachtlijst groeit.'],
      [null, 'Aantekeningen interviewer: gesprek in de kantine, veel achtergrondgeluid.\nRespondent moest om elf uur weg.'],
    ]);
    expect(said(t, 'rule-ends-turn').map((d) => [d.line, d.message])).toEqual([
      [
        6,
        '1 rule line ("---") ends the turn before it (line 6, after Respondent\'s turn) and is in no segment; the text after it up to the next speaker\'s label (from line 8 "Aantekeningen interviewer: gesprek in de kantine, veel ac...") is read as text without a speaker, not as Respondent\'s words',
      ],
    ]);
  });

  it('a rule between two parts of an interview ends the turn; the next label starts the next (English)', () => {
    const t = 'Interviewer: Shall we start?\nMaya: Sure.\n***\nInterviewer: Part two, then.\nMaya: Fine by me.\n';
    expect(turns(t)).toEqual([
      ['Interviewer', 'Shall we start?'],
      ['Maya', 'Sure.'],
      ['Interviewer', 'Part two, then.'],
      ['Maya', 'Fine by me.'],
    ]);
    expect(said(t, 'rule-ends-turn').map((d) => d.message)).toEqual(['1 rule line ("***") ends the turn before it (line 3, after Maya\'s turn) and is in no segment']);
  });
});

describe('page debris inside a turn', () => {
  it('a lone page number between two parts of an answer stays in it and is said', () => {
    const t = 'Interviewer: Hoe ziet je dag eruit?\nRespondent: Eerst de mail, dan huisbezoeken. Soms zit ik een hele ochtend bij\n\n12\n\neen gezin aan de keukentafel.\nInterviewer: En daarna?\nRespondent: Teamoverleg.\n';
    expect(turns(t)[1]).toEqual(['Respondent', 'Eerst de mail, dan huisbezoeken. Soms zit ik een hele ochtend bij\n\n12\n\neen gezin aan de keukentafel.']);
    expect(said(t, 'page-debris-in-turn').map((d) => [d.severity, d.line, d.message])).toEqual([
      ['info', 4, '1 line inside a turn looks like page debris (a lone number, as a page number is; line 4 "12", in Respondent\'s turn from line 2): it is read as the words of the speaker whose turn it stands in'],
    ]);
  });

  it('a number said on its own line at the end of a turn, or a year, is not said', () => {
    const t = 'Interviewer: Welk cijfer geef je het team?\nRespondent: Ik zou zeggen\n7\nInterviewer: En sinds wanneer werk je er?\nRespondent: Sinds\n2019\nen het bevalt.\n';
    expect(said(t, 'page-debris-in-turn')).toEqual([]);
  });

  it('a running header repeated mid-turn (page numbers show the breaks) is said as a warning', () => {
    const page = (n: number, words: string) => `Transcript gesprek C — pagina ${n}\n${words}\n${n}\n\f`;
    const t =
      page(1, 'Interviewer: Wat betekent de buurtkamer voor bewoners?\nRespondent: Veel, het is een plek waar mensen elkaar') +
      page(2, 'tegenkomen zonder afspraak. Dat zie je vooral bij ouderen.\nInterviewer: En bij jongeren?\nRespondent: Minder, die komen') +
      page(3, 'alleen bij activiteiten.\nInterviewer: Dank je.');
    const d = said(t, 'page-debris-in-turn');
    expect(d.map((x) => x.severity)).toEqual(['warning']);
    expect(d[0].message).toMatch(/^\d+ lines inside a turn look like page debris \(a running header or footer, or a lone page number; the first: line 4 /);
  });
});

describe('a NUL between two words', () => {
  it('the words read as one is said, with the word', async () => {
    const bytes = new Uint8Array(Buffer.from('Interviewer: Hoe lang al?\nRespondent: Sinds de\u0000fusie, vier jaar.\n', 'latin1'));
    const seen: Diagnostic[] = [];
    const dec = await decodeBytes(bytes, { file: 'nul.txt', report: (x) => seen.push(x), strays: 'remove' });
    expect(dec.text).toContain('Sinds defusie');
    expect(seen.map((x) => x.message)).toEqual([
      '1 character(s) that are not text removed (1 NUL), the first at line 2, column 21; the rest of the file is read as text; it stood between two letters or digits, so the words on both sides are read as one (line 2, column 21, read as "defusie")',
    ]);
    expect(dec.strays?.glued).toEqual({ count: 1, line: 2, column: 21, word: 'defusie' });
  });
});

describe('a time stamp on a line of its own above each label', () => {
  it('is the time of the turn below it, in no segment, said once (bare or in brackets)', () => {
    for (const [t0, t1, t2] of [
      ['00:00:04', '00:00:15', '00:00:40'],
      ['[00:00:04]', '[00:00:15]', '[00:00:40]'],
    ]) {
      const t = `${t0}\nInterviewer: Hoe kwam je bij dit team terecht?\n\n${t1}\nRespondent: Via een stage, eigenlijk toevallig.\n\n${t2}\nInterviewer: En wat hield je hier?\nRespondent: De collega's.\n`;
      const p = parseBlocks(t, 'transcript');
      expect(p.blocks.map((b) => [b.speaker, cpSlice(t, b.start, b.end), b.time?.start])).toEqual([
        ['Interviewer', 'Hoe kwam je bij dit team terecht?', 4],
        ['Respondent', 'Via een stage, eigenlijk toevallig.', 15],
        ['Interviewer', 'En wat hield je hier?', 40],
        ['Respondent', "De collega's.", undefined],
      ]);
      const d = readingDiagnostics(p, 't.txt').filter((x) => x.ruleId === 'time-lines-read');
      expect(d.map((x) => [x.severity, x.line, x.message])).toEqual([
        ['info', 1, `3 lines hold only a time stamp right above a speaker's label (the first: line 1 "${t0}"): each is read as the time of the turn below it, and is in no segment (not as the words of the turn before)`],
      ]);
    }
  });

  it('a time said on a line of its own inside a turn stays its words', () => {
    const t = 'Interviewer: Hoe laat begin je?\nRespondent: Meestal om\n08:30\nInterviewer: Vroeg!\nRespondent: Ja, en soms om\n07:45\nInterviewer: Nog vroeger.\n';
    expect(turns(t)[1]).toEqual(['Respondent', 'Meestal om\n08:30']);
    expect(said(t, 'time-lines-read')).toEqual([]);
  });
});

describe('a label written with a semicolon', () => {
  it('`R; …` of a speaker of the file is said (it is read into the turn before)', () => {
    const t = 'Interviewer: Hoe lang woont u hier?\nR: Al dertig jaar.\nInterviewer: Wat is er veranderd?\nR; Alles. De winkels zijn weg.\nInterviewer: Jammer.\nR: Ja.\n';
    const p = parseBlocks(t, 'transcript');
    const d = labelLikeLines(t, p.blocks, p.speakers, 't.txt');
    expect(d?.message).toBe('1 line starts like a speaker label but is not read as one: "R;" (line 4); it is read as part of the turn before it (or as text without a speaker)');
  });
});

describe('a label with a time range in brackets', () => {
  it('`Interviewer [00:00:01 - 00:00:06]: …` is read as the label and its turn\'s time (was one document without speakers)', () => {
    const t = 'Interviewer [00:00:01 - 00:00:06]: Hoe ging de overdracht?\nRespondent [00:00:07 - 00:00:15]: Rommelig, er ontbrak een dossier.\nInterviewer (00:00:16–00:00:18): En toen?\n';
    expect(parseBlocks(t, 'transcript').blocks.map((b) => [b.speaker, cpSlice(t, b.start, b.end), b.time?.start])).toEqual([
      ['Interviewer', 'Hoe ging de overdracht?', 1],
      ['Respondent', 'Rommelig, er ontbrak een dossier.', 7],
      ['Interviewer', 'En toen?', 16],
    ]);
  });
});

describe('HTML line breaks in a transcript', () => {
  it('`<br>` ends a line: each label after one starts its turn (the answers were in the interviewer\'s turn), said once', () => {
    const t = 'Interviewer: Hoe gaat het met de buurtapp?<br>Respondent: Wisselend, ouderen haken af.<br/>Interviewer: Waarom?<BR />Respondent: Te veel meldingen.\n';
    const p = parseBlocks(t, 'transcript', { markdown: true });
    expect(p.blocks.map((b) => [b.speaker, cpSlice(t, b.start, b.end)])).toEqual([
      ['Interviewer', 'Hoe gaat het met de buurtapp?'],
      ['Respondent', 'Wisselend, ouderen haken af.'],
      ['Interviewer', 'Waarom?'],
      ['Respondent', 'Te veel meldingen.'],
    ]);
    expect(readingDiagnostics(p, 't.md').filter((d) => d.ruleId === 'html-line-breaks').map((d) => [d.severity, d.line, d.message])).toEqual([
      ['info', 1, '3 HTML line breaks (`<br>`) stand in the text, the first at line 1: the reader ends a line at each, so that a speaker\'s label after one starts a turn; a tag inside a turn stays in its text'],
    ]);
  });
});

describe('a line that says the interview ends', () => {
  it('`EINDE INTERVIEW`, `[Einde opname]`, `*** End of recording ***` end the turn; it and the notes after it are text without a speaker, said', () => {
    for (const end of ['EINDE INTERVIEW', '[Einde opname]', '*** End of recording ***', 'Einde transcript.']) {
      const t = `Interviewer: Wil je nog iets kwijt?\nRespondent: Nee, ik heb alles gezegd.\n\n${end}\n\nDe respondent was zichtbaar moe.\n`;
      expect(turns(t)).toEqual([
        ['Interviewer', 'Wil je nog iets kwijt?'],
        ['Respondent', 'Nee, ik heb alles gezegd.'],
        [null, end],
        [null, 'De respondent was zichtbaar moe.'],
      ]);
      expect(said(t, 'end-line-ends-turn').map((d) => [d.severity, d.line, d.message])).toEqual([
        ['info', 4, `line 4 "${end}" says the interview or its transcript ends: it ends Respondent's turn, and it and the text after it up to the next speaker's label are read as text without a speaker, not as Respondent's words`],
      ]);
    }
  });

  it('`Einde.` said alone, or `the end of the story`, stays the speaker\'s words', () => {
    for (const t of ['Interviewer: En toen?\nRespondent: Toen was het\nEinde.\nInterviewer: Oké.\n', 'Interviewer: And then?\nMaya: That was\nthe end of the story\nInterviewer: Right.\n']) {
      expect(turns(t)[1][0]).not.toBeNull();
      expect(turns(t)).toHaveLength(3);
      expect(said(t, 'end-line-ends-turn')).toEqual([]);
    }
  });
});
