/**
 * A file whose contents are another format than its extension says, as researchers get them: a
 * .docx that Word saved as a web page or as RTF, an old .doc renamed, a .xlsx that a system exported
 * as CSV or as an HTML table, a .txt that is a .docx, a PDF or RTF. Refused before, with "not a zip
 * archive" or "a binary file" and a hint to save it again as what it already claimed to be; an RTF
 * .txt was read as a transcript of control words (`{\rtf1\ansi …`) without a word. Each now says
 * what the file is and how to read it (exit 2 when given alone), and the file is left as it was.
 * Our own invented text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { readSource } from '../../src/ingest/read-source.js';
import type { QdaInputError } from '../../src/model/errors.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-not-ext-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0, 0, 0, 0, 0];

async function refusal(name: string, bytes: Uint8Array | string): Promise<{ ruleId: string; message: string; hint?: string }> {
  const b = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes);
  writeFileSync(join(dir, name), b);
  let err: QdaInputError | undefined;
  try {
    await readSource(name, { cwd: dir });
  } catch (e) {
    err = e as QdaInputError;
  }
  expect(err?.name).toBe('QdaInputError');
  expect(err!.diagnostics[0].file).toBe(name);
  expect(readFileSync(join(dir, name))).toEqual(b);
  return { ruleId: err!.diagnostics[0].ruleId, message: err!.diagnostics[0].message, hint: err!.diagnostics[0].hint };
}

describe('a document that is another format than its extension', () => {
  it('.docx: a web page, RTF, an old .doc, Word 2003 XML, plain text', async () => {
    const html = await refusal('web.docx', '<html><body><p>Interviewer: Hoe gaat het?</p></body></html>');
    expect(html.ruleId).toBe('unreadable-document');
    expect(html.message).toBe('cannot read this .docx file: it is a web page (HTML; Word\'s "Save as Web Page"), not a .docx (the file is not a zip archive)');
    expect(html.hint).toBe('open it in Word or LibreOffice and save it as .docx (File → Save As), or save the text as .txt');
    expect((await refusal('rich.docx', '{\\rtf1\\ansi Interviewer: Hoe?\\par}')).message).toContain('it is an RTF file (Rich Text Format), not a .docx');
    const doc = await refusal('oud.docx', new Uint8Array(OLE2));
    expect(doc.message).toContain('it is an old Word file (.doc, Word 97–2003), not a .docx');
    expect(doc.hint).toContain('qda does not read the old binary format');
    expect((await refusal('xml.docx', '<?xml version="1.0"?><?mso-application progid="Word.Document"?><w:wordDocument/>')).message).toContain('it is a Word XML file (Word 2003 XML)');
    const txt = await refusal('tekst.docx', 'Interviewer: Hoe gaat het?\nRespondent: Goed.\n');
    expect(txt.message).toContain('it is a plain text file, not a .docx');
    expect(txt.hint).toContain('rename it to .txt');
  });

  it('.xlsx: CSV text and an HTML table; .odt: flat OpenDocument', async () => {
    const csv = await refusal('export.xlsx', 'respondent;antwoord\nr1;Het gaat goed met de buurt\n');
    expect(csv.message).toBe('cannot read this .xlsx file: it is a text file (a table as CSV or tab-separated text?), not an .xlsx (the file is not a zip archive)');
    expect(csv.hint).toContain('rename it to .csv');
    expect((await refusal('web.xlsx', '<table><tr><td>r1</td><td>goed</td></tr></table>')).message).toContain('it is a web page (HTML');
    expect((await refusal('plat.odt', '<?xml version="1.0"?><office:document office:mimetype="application/vnd.oasis.opendocument.text"/>')).message).toContain('it is a flat OpenDocument file (.fodt/.fods), not an .odt');
  });
});

describe('a .txt that is a document', () => {
  it('a .docx renamed .txt: said to be a Word document, rename it', async () => {
    const docx = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': strToU8('<w:document/>') });
    const r = await refusal('gesprek.txt', docx);
    expect(r.ruleId).toBe('binary-file');
    expect(r.message).toBe('this looks like a binary file, not text (it contains NUL or control bytes): it is a Word document (.docx) with another extension');
    expect(r.hint).toBe('rename it to .docx (or save the text as .txt)');
  });

  it('an old .doc renamed .txt', async () => {
    expect((await refusal('oud.txt', new Uint8Array([...OLE2, ...OLE2]))).message).toContain('it is an old Word or Excel file');
  });

  it('an RTF file saved as .txt is refused, not read as a transcript of control words', async () => {
    const r = await refusal('rich.txt', '{\\rtf1\\ansi\\deff0 Interviewer: Hoe gaat het?\\par Respondent: Goed.\\par}');
    expect(r.ruleId).toBe('rtf-as-text');
    expect(r.message).toBe('this .txt file is an RTF file (Rich Text Format): its text is wrapped in RTF control words (\\rtf1, \\par, …), which would be read as words of the source');
    expect(r.hint).toContain('save it as .docx');
  });

  it('a PDF renamed .txt is refused', async () => {
    const r = await refusal('scan.txt', '%PDF-1.4\n1 0 obj << /Length 5 >> stream\nabcde\nendstream endobj\n');
    expect(r.message).toBe('this .txt file is a PDF: its text is in compressed streams, which would be read as the words of the source');
    expect(r.hint).toBe('rename it to .pdf');
  });
});
