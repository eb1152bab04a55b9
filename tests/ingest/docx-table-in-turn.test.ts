/**
 * A table of a .docx or .odt that is no table of turns (figures, a list shown in the interview) inside a
 * speaker's turn: its cells were read as that speaker's words, without a word. Said now
 * (`table-in-turn`), with the line, the first cell's words and the speaker; a table before the
 * first turn (the interview's details) and a table of turns are not. The text is as before. Our own
 * invented text.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import type { Diagnostic } from '../../src/model/types.js';
import { strToU8, zipSync } from 'fflate';

const NS =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"';
const odt = (body: string) =>
  zipSync({
    mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }],
    'content.xml': strToU8(`<?xml version="1.0" encoding="UTF-8"?><office:document-content ${NS}><office:body><office:text>${body}</office:text></office:body></office:document-content>`),
  });
const cell = (t: string) => `<table:table-cell><text:p>${t}</text:p></table:table-cell>`;

async function docx(withTableInTurn: boolean): Promise<Uint8Array> {
  const d = await import('docx');
  const p = (text: string) => new d.Paragraph({ children: [new d.TextRun(text)] });
  const table = (rows: string[][]) => new d.Table({ rows: rows.map((r) => new d.TableRow({ children: r.map((c) => new d.TableCell({ children: [p(c)] })) })) });
  const doc = new d.Document({
    sections: [
      {
        children: [
          table([
            ['Datum', '3 maart'],
            ['Plaats', 'Buurthuis'],
          ]),
          p('Interviewer: Hoe vaak komen er meldingen binnen?'),
          p('Respondent: Kijk maar naar de cijfers.'),
          ...(withTableInTurn
            ? [
                table([
                  ['Jaar', 'Meldingen'],
                  ['2021', '34 zorgen over eenzaamheid'],
                ]),
              ]
            : []),
          p('Interviewer: En dit jaar?'),
          p('Respondent: Meer.'),
        ],
      },
    ],
  });
  return new Uint8Array(await d.Packer.toBuffer(doc));
}

async function read(name: string, bytes: Uint8Array) {
  const dir = mkdtempSync(join(tmpdir(), 'qda-table-in-turn-'));
  writeFileSync(join(dir, name), bytes);
  const seen: Diagnostic[] = [];
  const { corpus } = await readCorpus([name], { cwd: dir, unit: 'turn', report: (x) => seen.push(x) });
  return { corpus, said: seen.filter((x) => x.ruleId === 'table-in-turn') };
}

describe('a .docx or .odt table inside a turn', () => {
  it('is said with its line, first words and the speaker; its cells stay that turn\'s text', async () => {
    const { corpus, said } = await read('cijfers.docx', await docx(true));
    expect(corpus.segments.find((s) => s.text.includes('Meldingen'))?.speaker).toBe('Respondent');
    expect(said.map((x) => [x.severity, x.line, x.message])).toEqual([
      ['warning', 13, `1 table of the document stands inside a speaker's turn (the first: line 13 "Jaar", in Respondent's turn): its cells are read as the words of the speaker of that turn`],
    ]);
  });

  it('a table before the first turn says nothing', async () => {
    expect((await read('kop.docx', await docx(false))).said).toEqual([]);
  });

  it('.odt alike', async () => {
    const body =
      `<table:table><table:table-row>${cell('Datum')}${cell('3 maart')}</table:table-row></table:table>` +
      '<text:p>Interviewer: Hoe vaak komen er meldingen binnen?</text:p><text:p>Respondent: Kijk maar naar de cijfers.</text:p>' +
      `<table:table><table:table-row>${cell('Jaar')}${cell('Meldingen')}</table:table-row><table:table-row>${cell('2021')}${cell('34')}</table:table-row></table:table>` +
      '<text:p>Interviewer: En dit jaar?</text:p><text:p>Respondent: Meer.</text:p>';
    const { said } = await read('cijfers.odt', odt(body));
    expect(said.map((x) => [x.line, x.actual])).toEqual([[9, 'Jaar']]);
  });
});
