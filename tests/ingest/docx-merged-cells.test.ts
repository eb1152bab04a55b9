/**
 * A table cell that continues a vertical merge (`w:vMerge` without `restart`) is dropped by
 * mammoth, words and all: a cell written with text by a program other than Word lost its words
 * without a word. It is now said, with the count, the first's words and its paragraph, as the
 * other .docx warnings have them. An empty continuing cell (a speaker's name merged over two
 * rows, the usual case) is said nothing about. Our own invented text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import type { Diagnostic } from '../../src/model/types.js';
import { para, rawDocx } from '../helpers/raw-docx.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-docx-merged-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tc = (text: string, pr = '') => `<w:tc><w:tcPr>${pr}</w:tcPr>${para(text)}</w:tc>`;
const CONT = '<w:vMerge/>';
const RESTART = '<w:vMerge w:val="restart"/>';

async function read(name: string, bytes: Uint8Array) {
  writeFileSync(join(dir, name), bytes);
  const said: Diagnostic[] = [];
  const { corpus } = await readCorpus([name], { cwd: dir, unit: 'turn', report: (x) => said.push(x) });
  expect(new Uint8Array(readFileSync(join(dir, name)))).toEqual(bytes);
  return { turns: corpus.segments.map((s) => [s.speaker, s.text]), said };
}

describe('.docx: text in a vertically merged cell', () => {
  it('a continuing cell that holds text: said with the count, the first words and the paragraph', async () => {
    const body =
      para('Gesprek over de wijk.') +
      `<w:tbl><w:tr>${tc('Interviewer')}${tc('Hoe bevalt de buurtapp?')}</w:tr>` +
      `<w:tr>${tc('Respondent', RESTART)}${tc('Prima, ik kijk er elke dag op.')}</w:tr>` +
      `<w:tr>${tc('notitie: spreker lacht', CONT)}${tc('Mijn buren ook.')}</w:tr>` +
      `<w:tr>${tc('tweede notitie', CONT)}${tc('Vooral de oudere.')}</w:tr>` +
      `<w:tr>${tc('Interviewer')}${tc('Dank je.')}</w:tr></w:tbl>`;
    const r = await read('samengevoegd.docx', rawDocx(body));
    const d = r.said.filter((x) => x.ruleId === 'docx-merged-cells-not-read');
    expect(d.map((x) => [x.file, x.severity, x.message])).toEqual([
      [
        'samengevoegd.docx',
        'warning',
        '2 table cells merged into the cell above (vertically merged) hold text that is not read (the first: "notitie: spreker lacht", in paragraph 6 ("notitie: spreker lacht")): a merged cell is read with the words of its first cell only',
      ],
    ]);
    expect(d[0].hint).toMatch(/Split Cells/);
    // (the rows of the merged speaker are the respondent's turn, as before)
    expect(r.turns).toEqual([
      [null, 'Gesprek over de wijk.'],
      ['Interviewer', 'Hoe bevalt de buurtapp?'],
      ['Respondent', 'Prima, ik kijk er elke dag op.\n\nMijn buren ook.\n\nVooral de oudere.'],
      ['Interviewer', 'Dank je.'],
    ]);
  });

  it('an empty continuing cell, and one in a table\'s first row (read by mammoth): nothing said', async () => {
    const body =
      `<w:tbl><w:tr>${tc('Interviewer')}${tc('Hoe bevalt de buurtapp?')}</w:tr>` +
      `<w:tr>${tc('Respondent', RESTART)}${tc('Prima.')}</w:tr>` +
      `<w:tr>${tc('', CONT)}${tc('Mijn buren ook.')}</w:tr></w:tbl>` +
      `<w:tbl><w:tr>${tc('Losse cel', CONT)}${tc('ernaast')}</w:tr></w:tbl>`;
    const r = await read('leeg.docx', rawDocx(body));
    expect(r.said.filter((x) => x.ruleId === 'docx-merged-cells-not-read')).toEqual([]);
    expect(r.turns.flat().join(' ')).toContain('Losse cel');
  });
});
