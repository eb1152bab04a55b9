/**
 * What a Word run holds beyond plain text, read as Word shows it:
 * - a carriage return (`w:cr`) and a positional tab (`w:ptab`) were left out by mammoth (said as
 *   elements not read), gluing the words on both sides (`gaat het?Respondent:`: the respondent's
 *   turn read as the interviewer's); now a line end and a tab;
 * - a simple field (`w:fldSimple`: a date, a name) was left out with its shown words (said as an
 *   element not read); now read as its shown result, as a complex field is;
 * - hidden text (`w:vanish`) was read as spoken text without a word, so codes and quotes held words
 *   Word does not show nor print (a transcriber's note, the guide's question); now left out and
 *   said with its count, first words and paragraph. `w:vanish w:val="0"` is not hidden; a hidden
 *   paragraph mark hides no words (its paragraph is read on its own).
 * - a soft hyphen (`w:softHyphen`, U+00AD) and a non-breaking hyphen (`w:noBreakHyphen`, U+2011)
 *   were read as mammoth gives them and split the word for every rule (`buurt\u00adapp` matched no
 *   keyword `buurtapp`): now read as shown (nothing, and `-`); in an .odt too.
 * Our own invented text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import { readDocxText } from '../../src/ingest/read-docx.js';
import { readOdtText } from '../../src/ingest/read-odt.js';
import { strToU8, zipSync } from 'fflate';
import type { Diagnostic } from '../../src/model/types.js';
import { para, rawDocx } from '../helpers/raw-docx.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-docx-runs-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (t: string, rPr = '') => `<w:r>${rPr}<w:t xml:space="preserve">${t}</w:t></w:r>`;
const HIDDEN = '<w:rPr><w:vanish/></w:rPr>';

async function read(name: string, bytes: Uint8Array) {
  writeFileSync(join(dir, name), bytes);
  const said: Diagnostic[] = [];
  const { corpus } = await readCorpus([name], { cwd: dir, unit: 'turn', report: (x) => said.push(x) });
  expect(new Uint8Array(readFileSync(join(dir, name)))).toEqual(bytes);
  return { turns: corpus.segments.map((s) => [s.speaker, s.text]), said: said.filter((x) => x.severity !== 'info') };
}

describe('.docx carriage returns, positional tabs and simple fields', () => {
  const body =
    `<w:p>${run('Interviewer: Hoe gaat het?')}<w:r><w:cr/></w:r>${run('Respondent: Goed hoor.')}</w:p>` +
    `<w:p>${run('Interviewer: Nog iets?')}<w:r><w:ptab w:relativeTo="margin" w:alignment="right" w:leader="none"/></w:r>${run('Graag.')}</w:p>` +
    `<w:p>${run('Respondent: Het was op ')}<w:fldSimple w:instr=" DATE \\@ &quot;d MMMM&quot; &gt; 0"><w:r><w:t>3 maart</w:t></w:r></w:fldSimple>${run(', denk ik.')}</w:p>` +
    `<w:p><w:fldSimple w:instr=" PAGE "/>${run('Interviewer: Dank je.')}</w:p>`;

  it('a carriage return is a line end, a positional tab a tab, a simple field its shown words', async () => {
    expect(await readDocxText(rawDocx(body), 'x.docx')).toBe('Interviewer: Hoe gaat het?\nRespondent: Goed hoor.\n\nInterviewer: Nog iets?\tGraag.\n\nRespondent: Het was op 3 maart, denk ik.\n\nInterviewer: Dank je.');
  });

  it('each label after a carriage return starts its turn; nothing is said to be left out; the file is untouched', async () => {
    const r = await read('cr.docx', rawDocx(body));
    expect(r.turns).toEqual([
      ['Interviewer', 'Hoe gaat het?'],
      ['Respondent', 'Goed hoor.'],
      ['Interviewer', 'Nog iets?\tGraag.'],
      ['Respondent', 'Het was op 3 maart, denk ik.'],
      ['Interviewer', 'Dank je.'],
    ]);
    expect(r.said.map((x) => x.message)).toEqual([]);
  });
});

describe('.docx hidden text', () => {
  const body =
    para('Interviewer: Hoe bevalt de buurtapp?') +
    `<w:p>${run('Respondent: Wisselend ')}${run('[NB: ze ', HIDDEN)}${run('aarzelt hier]', HIDDEN)}${run('eigenlijk.')}</w:p>` +
    `<w:p>${run('Interviewer: ')}${run('Vraag 4 uit de gids: ', HIDDEN)}${run('En de meldingen?')}</w:p>` +
    // a hidden paragraph mark hides no words; w:val="0" is not hidden
    `<w:p><w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr>${run('Respondent: Te veel, ')}</w:p>` +
    `<w:p>${run('Respondent: echt ')}${run('te veel.', '<w:rPr><w:i/><w:vanish w:val="0"/></w:rPr>')}</w:p>`;

  it('left out of the turns, said once with the count, the first passage and its paragraph; the file untouched', async () => {
    const r = await read('verborgen.docx', rawDocx(body));
    expect(r.turns).toEqual([
      ['Interviewer', 'Hoe bevalt de buurtapp?'],
      ['Respondent', 'Wisselend eigenlijk.'],
      ['Interviewer', 'En de meldingen?'],
      ['Respondent', 'Te veel,'],
      ['Respondent', 'echt te veel.'],
    ]);
    expect(r.said.map((x) => [x.ruleId, x.file, x.message, x.hint])).toEqual([
      [
        'docx-hidden-text-not-read',
        'verborgen.docx',
        '2 passages of hidden text (formatted as Hidden: Word shows them only with hidden text shown, and does not print them) are not read as text (the first: "[NB: ze aarzelt hier]", in paragraph 2 ("Respondent: Wisselend eigenlijk."))',
        'hidden text is mostly a note or an instruction, not speech; if it holds words to code, select it in Word (Show/Hide ¶ shows it), open Font, clear Hidden, and save the file again',
      ],
    ]);
  });

  it('a hidden run in a text box and a hidden paragraph of its own: left out; a paragraph with no words shown is named by the one before', async () => {
    const box = `<w:r><w:pict><v:rect xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox><w:txbxContent>${para('Kader: zichtbaar')}<w:p>${run('en verborgen', HIDDEN)}</w:p></w:txbxContent></v:textbox></v:rect></w:pict></w:r>`;
    const doc = para('Interviewer: Begin.') + `<w:p>${run('Stilte van tien seconden.', HIDDEN)}</w:p>` + `<w:p>${run('Respondent: Kijk.')}${box}</w:p>`;
    const said: Diagnostic[] = [];
    const text = await readDocxText(rawDocx(doc), 'kader.docx', (x) => said.push(x));
    expect(text).not.toMatch(/verborgen|Stilte/);
    expect(text).toContain('Kader: zichtbaar');
    expect(said.map((x) => x.message)).toEqual([
      '2 passages of hidden text (formatted as Hidden: Word shows them only with hidden text shown, and does not print them) are not read as text (the first: "Stilte van tien seconden.", in paragraph 2 (no text shown; after paragraph 1, "Interviewer: Begin."))',
    ]);
  });
});

describe('.docx text hidden by its style', () => {
  it('a character style and a paragraph style that hide their text (also through the style they are based on): left out and said; a run that sets vanish off is read', async () => {
    const styles =
      '<w:style w:type="character" w:styleId="Notitie"><w:name w:val="Notitie"/><w:rPr><w:i/><w:vanish/></w:rPr></w:style>' +
      '<w:style w:type="character" w:styleId="NotitieVet"><w:name w:val="Notitie vet"/><w:basedOn w:val="Notitie"/><w:rPr><w:b/></w:rPr></w:style>' +
      '<w:style w:type="paragraph" w:styleId="Gids"><w:name w:val="Gids"/><w:rPr><w:vanish/></w:rPr></w:style>';
    const body =
      `<w:p>${run('Interviewer: Hoe gaat het? ')}${run('[aarzelt]', '<w:rPr><w:rStyle w:val="NotitieVet"/></w:rPr>')}</w:p>` +
      `<w:p><w:pPr><w:pStyle w:val="Gids"/></w:pPr>${run('Vraag 2 uit de gids.')}</w:p>` +
      `<w:p><w:pPr><w:pStyle w:val="Gids"/></w:pPr>${run('Respondent: Goed, ', '<w:rPr><w:vanish w:val="0"/></w:rPr>')}${run('echt.', '<w:rPr><w:rStyle w:val="Geen"/><w:vanish w:val="false"/></w:rPr>')}</w:p>`;
    const said: Diagnostic[] = [];
    const text = await readDocxText(rawDocx(body, undefined, styles), 'stijl.docx', (x) => said.push(x));
    expect(text).toBe('Interviewer: Hoe gaat het? \n\n\n\nRespondent: Goed, echt.');
    expect(said.map((x) => x.message)).toEqual([
      '2 passages of hidden text (formatted as Hidden: Word shows them only with hidden text shown, and does not print them) are not read as text (the first: "[aarzelt]", in paragraph 1 ("Interviewer: Hoe gaat het?"))',
    ]);
  });
});

describe('.docx text hidden by the document defaults or a table style', () => {
  // (before: only a run's own setting, its character style and its paragraph's named style were
  // looked at; text hidden by w:docDefaults, the default paragraph style or a table's style was read
  // as spoken text without a word)
  it('w:docDefaults hides every run that no style or run shows again: left out and said; a style that sets vanish off is read', async () => {
    const styles =
      '<w:docDefaults><w:rPrDefault><w:rPr><w:vanish/></w:rPr></w:rPrDefault></w:docDefaults>' +
      '<w:style w:type="paragraph" w:styleId="Zichtbaar"><w:name w:val="Zichtbaar"/><w:rPr><w:vanish w:val="0"/></w:rPr></w:style>';
    const body =
      para('Interviewer: Dit ziet niemand.') +
      `<w:p><w:pPr><w:pStyle w:val="Zichtbaar"/></w:pPr>${run('Respondent: Dit wel, de buurtapp.')}</w:p>` +
      `<w:p>${run('Interviewer: Dit ook, door de run zelf.', '<w:rPr><w:vanish w:val="false"/></w:rPr>')}</w:p>`;
    const said: Diagnostic[] = [];
    const bytes = rawDocx(body, undefined, styles);
    const copy = bytes.slice();
    const text = await readDocxText(bytes, 'standaard.docx', (x) => said.push(x));
    expect(bytes).toEqual(copy);
    expect(text).toBe('\n\nRespondent: Dit wel, de buurtapp.\n\nInterviewer: Dit ook, door de run zelf.');
    expect(said.map((x) => [x.ruleId, x.file, x.message])).toEqual([
      ['docx-hidden-text-not-read', 'standaard.docx', '1 passage of hidden text (formatted as Hidden: Word shows it only with hidden text shown, and does not print it) is not read as text (the first: "Interviewer: Dit ziet niemand.", in paragraph 1 (no text shown))'],
    ]);
  });

  it('a paragraph style and a table style hide their text (a table style\'s first-row setting is not its own); a paragraph mark hidden by a style (w:pPr/w:rPr), the default style\'s too, hides none', async () => {
    const styles =
      '<w:style w:type="paragraph" w:default="1" w:styleId="Standaard"><w:name w:val="Normal"/><w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr></w:style>' +
      '<w:style w:type="paragraph" w:styleId="Toelichting"><w:name w:val="Toelichting"/><w:rPr><w:vanish/></w:rPr></w:style>' +
      '<w:style w:type="paragraph" w:styleId="Gewoon"><w:name w:val="Gewoon"/><w:basedOn w:val="Toelichting"/><w:rPr><w:vanish w:val="0"/></w:rPr></w:style>' +
      '<w:style w:type="table" w:styleId="Notities"><w:name w:val="Notities"/><w:rPr><w:vanish/></w:rPr><w:tblStylePr w:type="firstRow"><w:rPr><w:vanish w:val="0"/></w:rPr></w:tblStylePr></w:style>';
    const cells = (a: string, b: string) => `<w:tr><w:tc>${para(a)}</w:tc><w:tc>${para(b)}</w:tc></w:tr>`;
    const body =
      para('Interviewer: Hoe gaat het met de wijk?') +
      `<w:p><w:pPr><w:pStyle w:val="Toelichting"/></w:pPr>${run('Uitleg bij vraag 1.')}</w:p>` +
      `<w:tbl><w:tblPr><w:tblStyle w:val="Notities"/></w:tblPr>${cells('Notitie', 'gesprek liep uit')}</w:tbl>` +
      `<w:tbl>${cells('Respondent', 'Goed, vooral met de buurtapp.')}</w:tbl>` +
      `<w:p><w:pPr><w:pStyle w:val="Gewoon"/></w:pPr>${run('Interviewer: Dank je.')}</w:p>`;
    const said: Diagnostic[] = [];
    const text = await readDocxText(rawDocx(body, undefined, styles), 'tabelstijl.docx', (x) => said.push(x));
    expect(text).not.toMatch(/Uitleg|Notitie|liep uit/);
    expect(text).toContain('Interviewer: Hoe gaat het met de wijk?');
    expect(text).toContain('Goed, vooral met de buurtapp.');
    expect(text).toContain('Interviewer: Dank je.');
    expect(said.map((x) => x.message)).toEqual([
      '3 passages of hidden text (formatted as Hidden: Word shows them only with hidden text shown, and does not print them) are not read as text (the first: "Uitleg bij vraag 1.", in paragraph 2 (no text shown; after paragraph 1, "Interviewer: Hoe gaat het met de wijk?"))',
    ]);
  });
});

describe('.docx text hidden by the default styles', () => {
  it('the default paragraph style (w:default="1") hides the paragraphs that name no style, in a table too', async () => {
    const styles =
      '<w:style w:type="paragraph" w:default="1" w:styleId="Standaard"><w:name w:val="Normal"/><w:rPr><w:vanish/></w:rPr></w:style>' +
      '<w:style w:type="paragraph" w:styleId="Tekst"><w:name w:val="Tekst"/><w:rPr><w:vanish w:val="0"/></w:rPr></w:style>';
    const shown = (t: string) => `<w:p><w:pPr><w:pStyle w:val="Tekst"/></w:pPr>${run(t)}</w:p>`;
    const body = para('Interviewer: niet te zien.') + shown('Respondent: wel te zien.') + `<w:tbl><w:tr><w:tc>${shown('Ook in de tabel te zien.')}</w:tc><w:tc><w:p>${run('verborgen door de standaardstijl')}</w:p></w:tc></w:tr></w:tbl>`;
    const said: Diagnostic[] = [];
    const text = await readDocxText(rawDocx(body, undefined, styles), 'standaardstijl.docx', (x) => said.push(x));
    expect(text).toBe('\n\nRespondent: wel te zien.\n\nOok in de tabel te zien.');
    expect(said.map((x) => x.message)).toEqual([
      '2 passages of hidden text (formatted as Hidden: Word shows them only with hidden text shown, and does not print them) are not read as text (the first: "Interviewer: niet te zien.", in paragraph 1 (no text shown))',
    ]);
  });
});

describe('soft and non-breaking hyphens', () => {
  it('.docx: a soft hyphen is no character, a non-breaking hyphen a hyphen; the words are whole for the rules', async () => {
    const body = `<w:p>${run('Respondent: De buurt')}<w:r><w:softHyphen/></w:r>${run('app, ook de e')}<w:r><w:noBreakHyphen/></w:r>${run('mail en de buurt\u00adkrant.')}</w:p>`;
    expect(await readDocxText(rawDocx(body), 'x.docx')).toBe('Respondent: De buurtapp, ook de e-mail en de buurtkrant.');
  });

  it('.odt: the same', async () => {
    const NS = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"';
    const odt = zipSync({
      mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }],
      'content.xml': strToU8(`<?xml version="1.0" encoding="UTF-8"?><office:document-content ${NS}><office:body><office:text><text:p>Respondent: De buurt\u00adapp, ook de e\u2011mail.</text:p></office:text></office:body></office:document-content>`),
    });
    expect(await readOdtText(odt, 'x.odt')).toBe('Respondent: De buurtapp, ook de e-mail.');
  });
});
