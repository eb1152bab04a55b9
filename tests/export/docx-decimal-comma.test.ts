import { describe, it, expect } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { unzipSync, strFromU8 } from 'fflate';
import { renderTables } from '../../src/export/render-table.js';
import { renderAppendix } from '../../src/export/appendix-render.js';
import { qdaLeavingInputs, writeProject } from '../helpers/inputs-untouched.js';
import type { Table } from '../../src/model/types.js';

/** The text of every table cell of a .docx, cell by cell (runs joined, paragraphs by "\n"). */
function docxCells(bytes: Uint8Array): string[] {
  const xml = strFromU8(unzipSync(bytes)['word/document.xml']);
  return [...xml.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((m) =>
    [...m[1].matchAll(/<w:p\b[\s\S]*?<\/w:p>/g)].map((p) => [...p[0].matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('')).join('\n'),
  );
}

const table: Table = {
  title: 'Dekking',
  columns: [
    { key: 'code', label: 'Code' },
    { key: 'a', label: 'noord', align: 'right' },
    { key: 'b', label: 'zuid', align: 'right' },
  ],
  rows: [
    { code: 'overleg', a: 33.3, b: 0.25 },
    { code: 'vertrouwen', a: 12, b: 66.67 },
  ],
};

describe('DOCX tables write numbers as the other formats do (decimal comma in Dutch)', () => {
  it('renderTables docx --lang nl: 33,3 and 0,25 as in Markdown, HTML and LaTeX (was 33.3 and 0.25)', async () => {
    const cells = docxCells((await renderTables([table], 'docx', { lang: 'nl' })) as Uint8Array);
    expect(cells).toEqual(['Code', 'noord', 'zuid', 'overleg', '33,3', '0,25', 'vertrouwen', '12', '66,67']);
    const md = (await renderTables([table], 'md', { lang: 'nl' })) as string;
    for (const v of ['33,3', '0,25', '66,67']) expect(md).toContain(`| ${v} |`);
    // English keeps the decimal point
    expect(docxCells((await renderTables([table], 'docx', { lang: 'en' })) as Uint8Array)).toContain('33.3');
  });

  it('the appendix as DOCX in Dutch: its table numbers with a decimal comma (was a point)', async () => {
    const bytes = (await renderAppendix({ lang: 'nl', title: 'Bijlage', paragraphs: [], sections: [{ id: 's', level: 2, heading: 'Codes', table }] } as never, 'docx')) as Uint8Array;
    const cells = docxCells(bytes);
    expect(cells).toContain('33,3');
    expect(cells).toContain('66,67');
    expect(cells.filter((c) => /\d\.\d/.test(c))).toEqual([]);
  });

  it('qda matrix --measure coverage --lang nl -f docx: the same shares as -f md, with commas; inputs byte-identical', async () => {
    const dir = writeProject(mkdtempSync(join(tmpdir(), 'qda-docx-comma-')), 'p', {
      'cb.yaml': 'id: cb\nname: CB\nversion: "1"\nlanguage: nl\ncodes:\n  - id: overleg\n    name: Overleg\n    definition: overleg.\n    rules:\n      - keywords: {nl: [overleg]}\n',
      'r1.txt': 'Interviewer: Vertel eens.\nAnna: Het overleg gaat goed, al duurt het soms lang en is niet iedereen er steeds bij.\n',
      'r2.txt': 'Interviewer: En bij u?\nBert: Wij hebben elke week overleg met het team over de wijk.\n',
    });
    const coded = await qdaLeavingInputs(dir, ['code', 'r1.txt', 'r2.txt', '-c', 'cb.yaml', '-o', 'codings.json'], ['codings.json']);
    expect(coded.code).toBe(0);
    const md = await qdaLeavingInputs(dir, ['matrix', 'codings.json', '--cols', 'source', '--measure', 'coverage', '--coverage-of', 'all', '--lang', 'nl', '-f', 'md']);
    const shares = [...md.out.matchAll(/\| (\d+,\d+) /g)].map((m) => m[1]);
    expect(shares.length).toBeGreaterThan(0);
    const r = await qdaLeavingInputs(dir, ['matrix', 'codings.json', '--cols', 'source', '--measure', 'coverage', '--coverage-of', 'all', '--lang', 'nl', '-f', 'docx', '-o', 'm.docx'], ['m.docx']);
    expect(r.code).toBe(0);
    const cells = docxCells(new Uint8Array(readFileSync(join(dir, 'm.docx'))));
    for (const s of shares) expect(cells).toContain(s);
    expect(cells.filter((c) => /^\d+\.\d+$/.test(c))).toEqual([]);
  });
});
