/**
 * A control character in a cell (a vertical tab is Word's manual line break in text pasted from
 * Word; NUL, BEL, ESC from other exports) or a lone surrogate made the DOCX's document.xml and the
 * XLSX's sharedStrings.xml not XML: Word and Excel refuse the whole file. Now a vertical tab or form
 * feed is a line break, the other forbidden characters are dropped, a lone surrogate is U+FFFD,
 * and every XML part is well-formed (xmllint) with the text there (mammoth, exceljs).
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { unzipSync, strFromU8 } from 'fflate';
import { renderTables } from '../../src/export/render-table.js';
import { xmlSafeText } from '../../src/export/escape.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import type { Table } from '../../src/model/types.js';

const XMLLINT = spawnSync('sh', ['-c', 'command -v xmllint']).status === 0;
const BAD = 'one\u000btwo\u0000three\u0007four\u001bfive\ufffesix \ud800 seven 😀';

const table: Table = {
  title: `Title\u0001 ${BAD}`,
  caption: `cap\u0002`,
  columns: [
    { key: 'a', label: `Code\u0007` },
    { key: 'n', label: 'N', align: 'right' },
  ],
  rows: [{ a: BAD, n: 3 }],
  notes: [`note\u001b`],
};

function wellFormed(zip: Uint8Array, parts: RegExp): void {
  const files = unzipSync(zip);
  const names = Object.keys(files).filter((n) => parts.test(n));
  expect(names.length).toBeGreaterThan(0);
  for (const n of names) {
    const xml = strFromU8(files[n]);
    // eslint-disable-next-line no-control-regex
    expect(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(xml), n).toBe(false);
    if (XMLLINT) {
      const r = spawnSync('xmllint', ['--noout', '-'], { input: xml, encoding: 'utf8' });
      expect(r.status, `${n}: ${r.stderr}`).toBe(0);
    }
  }
}

describe('control characters and lone surrogates in DOCX and XLSX', () => {
  it('xmlSafeText: line breaks for VT/FF, forbidden characters out, U+FFFD for a lone surrogate, pairs kept', () => {
    expect(xmlSafeText(BAD)).toBe('one\ntwothreefourfivesix \ufffd seven 😀');
    expect(xmlSafeText('plain 😀 text')).toBe('plain 😀 text');
  });

  it('docx of a table: well-formed, the text there', async () => {
    const bytes = (await renderTables([table], 'docx')) as Uint8Array;
    wellFormed(bytes, /^word\/.*\.xml$/);
    const mammoth = await import('mammoth');
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
    for (const w of ['one', 'twothreefourfivesix', 'seven']) expect(value).toContain(w);
  });

  it('xlsx of a table: well-formed, the text read back by exceljs', async () => {
    const bytes = (await renderTables([table], 'xlsx')) as Uint8Array;
    wellFormed(bytes, /^xl\/.*\.xml$/);
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    expect(wb.worksheets[0].getCell('A2').value).toBe(xmlSafeText(BAD));
  });

  it('the appendix of a codings table whose quotes hold a vertical tab: a docx Word opens', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-ooxml-'));
    writeFileSync(join(dir, 'c.csv'), `source,segment,code,coder,text\np1,1,trust,ann,"We trust\u000bthem fully, all of them, really"\n`);
    const io = memoryIo(dir);
    expect(await main(['appendix', 'c.csv', '--by', 'code', '-o', 'a.docx'], io), io.err()).toBe(0);
    const bytes = new Uint8Array(readFileSync(join(dir, 'a.docx')));
    wellFormed(bytes, /^word\/.*\.xml$/);
    const mammoth = await import('mammoth');
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
    expect(value).toContain("them fully");
  });
});
