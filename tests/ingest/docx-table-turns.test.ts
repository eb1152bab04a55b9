/**
 * A Word transcript written as a table (`speaker | text`, `time | speaker | text`) was read with
 * each cell a paragraph of its own: in a table of two columns the name stood a line above its
 * words (read as turn heads, and said so), in one of three columns each time stood alone, as text
 * of the turn before (the first a turn without speaker), and the rows of such a table in a
 * transcript with `Name:` labels all went into the turn before the table, the respondent's
 * answers read as the interviewer's. A row is now one line, its cells apart by a tab (as Word
 * copies a table as text), read as the `Label<TAB>text` turns of a text file: each row a turn of
 * its speaker, a time in the first column the turn's time. The .odt reader had the same fault and
 * has the same fix. Our own invented text.
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
import { para, rawDocx, table } from '../helpers/raw-docx.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-docx-table-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The turns of one .docx (speaker, role, text, time), what was said, and that the file is left as it was. */
async function turns(name: string, bytes: Uint8Array) {
  writeFileSync(join(dir, name), bytes);
  const said: Diagnostic[] = [];
  const { corpus } = await readCorpus([name], { cwd: dir, unit: 'turn', report: (x) => said.push(x) });
  expect(new Uint8Array(readFileSync(join(dir, name)))).toEqual(bytes);
  return { turns: corpus.segments.map((s) => [s.speaker, s.role, s.text, ...(s.time ? [s.time.start] : [])]), said: said.map((x) => `${x.severity}: ${x.message}`) };
}

const ROWS = [
  ['Interviewer', 'Hoe bevalt de nieuwe buurtapp?'],
  ['Respondent', 'Wisselend, de oudere bewoners haken af.'],
  ['Interviewer', 'Waarom denk je dat?'],
  ['Respondent', 'Te veel meldingen op een dag.'],
];
const EXPECTED = [
  ['Interviewer', 'interviewer', 'Hoe bevalt de nieuwe buurtapp?'],
  ['Respondent', 'respondent', 'Wisselend, de oudere bewoners haken af.'],
  ['Interviewer', 'interviewer', 'Waarom denk je dat?'],
  ['Respondent', 'respondent', 'Te veel meldingen op een dag.'],
];

describe('a .docx transcript written as a table', () => {
  it('a row of a table of turns is one line, its cells apart by a tab (empty cells at its end left out); the paragraphs of a cell a line apart', async () => {
    const body =
      para('Voor de tabel.') +
      `<w:tbl>${['Interviewer', 'Respondent'].map((s, i) => `<w:tr><w:tc>${para(s)}</w:tc><w:tc>${para(`Zin ${i + 1}.`)}</w:tc><w:tc>${para('')}</w:tc></w:tr>`).join('')}<w:tr><w:tc>${para('Yara')}</w:tc><w:tc>${para('Regel een.')}${para('Regel twee.')}</w:tc></w:tr></w:tbl>` +
      para('Na de tabel.');
    expect(await readDocxText(rawDocx(body), 'x.docx')).toBe('Voor de tabel.\n\nInterviewer\tZin 1.\n\nRespondent\tZin 2.\n\nYara\tRegel een.\nRegel twee.\n\nNa de tabel.');
  });

  it('any other table (a column of notes, of row numbers, of data) is read a cell a paragraph, as before', async () => {
    const notes = table(['Interviewer', 'Hoe bevalt de app?', 'open vraag'], ['Respondent', 'Goed.', 'twijfel']);
    const numbered = table(['1', 'Interviewer', 'Hoe bevalt de app?'], ['2', 'Respondent', 'Goed.']);
    const data = table(['Leeftijd', '45'], ['Wijk', 'Noord'], ['Sinds', '2019']);
    expect(await readDocxText(rawDocx(notes + numbered + data), 'x.docx')).toBe(
      ['Interviewer', 'Hoe bevalt de app?', 'open vraag', 'Respondent', 'Goed.', 'twijfel', '1', 'Interviewer', 'Hoe bevalt de app?', '2', 'Respondent', 'Goed.', 'Leeftijd', '45', 'Wijk', 'Noord', 'Sinds', '2019'].join('\n\n'),
    );
  });

  it('speaker | text: each row a turn of its speaker, with its role (not lines of names heading turns, said as such)', async () => {
    const r = await turns('twee.docx', rawDocx(table(...ROWS)));
    expect(r.turns).toEqual(EXPECTED);
    expect(r.said).toEqual([]);
  });

  it('time | speaker | text: each row a turn of its speaker, the time its time (no time left in a turn)', async () => {
    const times = ['00:01:12', '00:01:20', '00:01:31', '00:01:35'];
    const r = await turns('drie.docx', rawDocx(table(...ROWS.map((row, i) => [times[i], ...row]))));
    expect(r.turns).toEqual(EXPECTED.map((t, i) => [...t, [72, 80, 91, 95][i]]));
    expect(r.said).toEqual([]);
  });

  it('label lines and a table in one document: the rows are turns of their speakers, not text of the turn before the table', async () => {
    const body = para('Interviewer: Fijn dat je er bent.') + para('Respondent: Graag gedaan.') + table(...ROWS.slice(0, 2)) + para('Interviewer: Dank je wel.');
    const r = await turns('gemengd.docx', rawDocx(body));
    expect(r.turns).toEqual([['Interviewer', 'interviewer', 'Fijn dat je er bent.'], ['Respondent', 'respondent', 'Graag gedaan.'], ...EXPECTED.slice(0, 2), ['Interviewer', 'interviewer', 'Dank je wel.']]);
    expect(r.said).toEqual([]);
  });

  it('a speaker cell merged down over rows: the rows under it are text of that speaker\'s turn', async () => {
    const cell = (t: string, merge?: 'restart' | 'continue') => `<w:tc>${merge ? `<w:tcPr><w:vMerge${merge === 'restart' ? ' w:val="restart"' : ''}/></w:tcPr>` : ''}${para(t)}</w:tc>`;
    const body = `<w:tbl><w:tr>${cell('Interviewer')}${cell('Hoe bevalt de app?')}</w:tr><w:tr>${cell('Respondent', 'restart')}${cell('Goed.')}</w:tr><w:tr>${cell('', 'continue')}${cell('Al zijn er veel meldingen.')}</w:tr><w:tr>${cell('Interviewer')}${cell('Dank je.')}</w:tr></w:tbl>`;
    const r = await turns('samengevoegd.docx', rawDocx(body));
    expect(r.turns).toEqual([
      ['Interviewer', 'interviewer', 'Hoe bevalt de app?'],
      ['Respondent', 'respondent', 'Goed.\n\nAl zijn er veel meldingen.'],
      ['Interviewer', 'interviewer', 'Dank je.'],
    ]);
  });
});

describe('the header row of a table of turns', () => {
  // (before: `Spreker | Tekst` was read as a turn of a speaker "Spreker" saying "Tekst", a
  // respondent's, coded as speech; `Tijd | Spreker | Tekst` as a turn without speaker)
  it('.docx, speaker | text with a header row: the header is left out, not a turn, and said with its words and paragraph', async () => {
    const r = await turns('kop.docx', rawDocx(para('Gesprek 3') + table(['Spreker', 'Tekst'], ...ROWS)));
    expect(r.turns).toEqual([[null, 'other', 'Gesprek 3'], ...EXPECTED]);
    expect(r.said).toEqual(['info: the first row of a table of turns is its header and is left out, not read as a turn ("Spreker | Tekst", in paragraph 2 ("Spreker"))']);
  });

  it('.docx, time | speaker | text with a header row (`Speaker:` with a colon too), in two tables: both left out, said once with the count', async () => {
    const times = ['00:01:12', '00:01:20', '00:01:31', '00:01:35'];
    const timed = (rows: string[][], from: number) => rows.map((row, i) => [times[from + i], ...row]);
    const r = await turns('kop3.docx', rawDocx(table(['Tijd', 'Spreker', 'Tekst'], ...timed(ROWS.slice(0, 2), 0)) + table(['Time', 'Speaker:', 'Text'], ...timed(ROWS.slice(2), 2))));
    expect(r.turns).toEqual(EXPECTED.map((x, i) => [...x, [72, 80, 91, 95][i]]));
    expect(r.said).toEqual(['info: the first rows of 2 tables of turns are their headers and are left out, not read as a turn (the first: "Tijd | Spreker | Tekst", in paragraph 1 ("Tijd"))']);
  });

  it('.odt: the same, with the paragraph of the text read', async () => {
    const NS = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"';
    const rows = [['Spreker', 'Tekst'], ...ROWS].map((r) => `<table:table-row>${r.map((c) => `<table:table-cell><text:p>${c}</text:p></table:table-cell>`).join('')}</table:table-row>`).join('');
    const bytes = zipSync({
      mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }],
      'content.xml': strToU8(`<?xml version="1.0" encoding="UTF-8"?><office:document-content ${NS}><office:body><office:text><text:p>Gesprek 3</text:p><table:table>${rows}</table:table></office:text></office:body></office:document-content>`),
    });
    const r = await turns('kop.odt', bytes);
    expect(r.turns).toEqual([[null, 'other', 'Gesprek 3'], ...EXPECTED]);
    expect(r.said).toEqual(['info: the first row of a table of turns is its header and is left out, not read as a turn ("Spreker | Tekst", in paragraph 2)']);
  });

  it('a first row that is a turn, or names other columns, stays', async () => {
    const r = await turns('geenkop.docx', rawDocx(table(['Naam', 'Hoe bevalt de app?'], ...ROWS)));
    expect(r.turns[0]).toEqual([null, 'other', 'Naam\tHoe bevalt de app?']);
    expect(r.said.filter((x) => x.includes('header'))).toEqual([]);
  });
});

describe('an .odt transcript written as a table', () => {
  const NS = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"';
  const odt = (body: string) =>
    zipSync({
      mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }],
      'content.xml': strToU8(`<?xml version="1.0" encoding="UTF-8"?><office:document-content ${NS}><office:body><office:text>${body}</office:text></office:body></office:document-content>`),
    });
  const cell = (...ps: string[]) => `<table:table-cell>${ps.map((p) => `<text:p>${p}</text:p>`).join('')}</table:table-cell>`;
  const rows = (rs: string[][]) => `<table:table><table:table-column table:number-columns-repeated="3"/>${rs.map((r) => `<table:table-row>${r.map((c) => cell(c)).join('')}</table:table-row>`).join('')}</table:table>`;

  it('a row of a table of turns is one line, its cells apart by a tab; an empty covered cell (merged) and empty cells at a row\'s end are passed over; another table a cell a paragraph', async () => {
    const body =
      '<text:p>Voor.</text:p>' +
      `<table:table><table:table-header-rows><table:table-row>${cell('Interviewer')}${cell('Eerste zin.')}${cell()}</table:table-row></table:table-header-rows><table:table-row>${cell('Yara')}${cell('Regel een.', 'Regel twee.')}<table:covered-table-cell/></table:table-row></table:table>` +
      rows([['Leeftijd', '45'], ['Wijk', 'Noord']]) +
      '<text:p>Na.</text:p>';
    expect(await readOdtText(odt(body), 'x.odt')).toBe('Voor.\n\nInterviewer\tEerste zin.\n\nYara\tRegel een.\nRegel twee.\n\nLeeftijd\n\n45\n\nWijk\n\nNoord\n\nNa.');
  });

  it('time | speaker | text and label lines around it: each row a turn of its speaker with its time', async () => {
    const body = '<text:p>Interviewer: Fijn dat je er bent.</text:p><text:p>Respondent: Graag gedaan.</text:p>' + rows([['00:01:12', ...ROWS[0]], ['00:01:20', ...ROWS[1]]]) + '<text:p>Interviewer: Dank je wel.</text:p>';
    const r = await turns('gemengd.odt', odt(body));
    expect(r.turns).toEqual([
      ['Interviewer', 'interviewer', 'Fijn dat je er bent.'],
      ['Respondent', 'respondent', 'Graag gedaan.'],
      [...EXPECTED[0], 72],
      [...EXPECTED[1], 80],
      ['Interviewer', 'interviewer', 'Dank je wel.'],
    ]);
    expect(r.said).toEqual([]);
  });
});
