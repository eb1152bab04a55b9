/**
 * Bounded resources for .docx/.odt/.xlsx/.pdf (issue 13, item 6): what a document
 * expands to is checked before its parser reads it (declared zip sizes, then real
 * sizes while inflating; Flate streams of a PDF), configurable by QDA_MAX_SOURCE_BYTES
 * (the parsed parts may be 1/16 of it). Every bomb is exit 2 with the file named,
 * never a heap abort; no output file is written. Bombs are generated here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync, zlibSync, strToU8 } from 'fflate';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { checkPdfStreams, checkZipDocument, documentLimits } from '../../src/ingest/document-limits.js';
import { QdaInputError } from '../../src/model/errors.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-docbomb-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PARA = '<w:p><w:r><w:t>Anna: we hebben overleg met de gemeente.</w:t></w:r></w:p>';
function docx(paragraphs: number): Uint8Array {
  const doc = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${'<w:p><w:r><w:t>Interviewer: Hoe gaat het?</w:t></w:r></w:p>'}${PARA.repeat(paragraphs)}</w:body></w:document>`;
  return zipSync(
    {
      '[Content_Types].xml': strToU8('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'),
      '_rels/.rels': strToU8('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'),
      'word/document.xml': strToU8(doc),
    },
    { level: 9 },
  );
}
function odt(spaces: number): Uint8Array {
  const content = `<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><text:p>Interviewer: Hoe gaat het?</text:p><text:p>Anna: goed${' '.repeat(spaces)}.</text:p></office:text></office:body></office:document-content>`;
  return zipSync({ mimetype: strToU8('application/vnd.oasis.opendocument.text'), 'content.xml': strToU8(content) }, { level: 9 });
}
/** A one-page PDF whose content stream (Flate) is `content`. */
function pdf(content: string): Uint8Array {
  const z = zlibSync(strToU8(content), { level: 9 });
  const parts: Uint8Array[] = [];
  const offs: number[] = [];
  let len = 0;
  const put = (b: Uint8Array | string) => {
    const u = typeof b === 'string' ? Buffer.from(b, 'latin1') : b;
    parts.push(u);
    len += u.length;
  };
  put('%PDF-1.4\n');
  const objs = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>', null, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'];
  objs.forEach((o, i) => {
    offs.push(len);
    if (o === null) {
      put(`${i + 1} 0 obj\n<< /Length ${z.length} /Filter /FlateDecode >>\nstream\n`);
      put(z);
      put('\nendstream\nendobj\n');
    } else put(`${i + 1} 0 obj\n${o}\nendobj\n`);
  });
  const x = len;
  put(`xref\n0 ${objs.length + 1}\n0000000000 65535 f \n` + offs.map((o) => String(o).padStart(10, '0') + ' 00000 n \n').join(''));
  put(`trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${x}\n%%EOF\n`);
  return new Uint8Array(Buffer.concat(parts));
}
const textOps = (lines: string[]) => lines.map((l, i) => `BT /F1 12 Tf 72 ${720 - i * 14} Td (${l}) Tj ET\n`).join('');

/** Patch the uncompressed size of every central-directory entry named `name` (a header that lies or boasts). */
function declare(zip: Uint8Array, name: string, size: number): Uint8Array {
  const b = Buffer.from(zip);
  let n = 0;
  for (let i = 0; i + 46 < b.length; i++) {
    if (b.readUInt32LE(i) === 0x02014b50 && b.toString('utf8', i + 46, i + 46 + name.length) === name) {
      b.writeUInt32LE(size, i + 24);
      n++;
    }
  }
  expect(n).toBe(1);
  return new Uint8Array(b);
}

async function runIn(name: string, files: Record<string, Uint8Array>, env: Record<string, string> = {}) {
  const w = join(dir, name);
  mkdirSync(w);
  for (const [f, b] of Object.entries(files)) writeFileSync(join(w, f), b);
  writeFileSync(join(w, 'out.json'), 'old\n');
  const saved = process.env.QDA_MAX_SOURCE_BYTES;
  if (env.QDA_MAX_SOURCE_BYTES) process.env.QDA_MAX_SOURCE_BYTES = env.QDA_MAX_SOURCE_BYTES;
  try {
    const io = memoryIo(w);
    const code = await main(['code', ...Object.keys(files), '-c', 'coordination-collaboration', '-o', 'out.json'], io);
    // the inputs are never touched
    for (const [f, b] of Object.entries(files)) expect(Buffer.compare(readFileSync(join(w, f)), Buffer.from(b))).toBe(0);
    return { code, err: io.err(), out: readFileSync(join(w, 'out.json'), 'utf8'), w };
  } finally {
    if (saved === undefined) delete process.env.QDA_MAX_SOURCE_BYTES;
    else process.env.QDA_MAX_SOURCE_BYTES = saved;
  }
}

describe('zip documents: declared sizes checked before inflating', () => {
  it('an .odt whose content.xml declares 400 MB (the issue: a 474 KB file) is refused at once under the default limit, exit 2, out.json untouched', async () => {
    const r = await runIn('odt-declared', { 'bomb.odt': declare(odt(10), 'content.xml', 400 * 1024 * 1024) });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^bomb\.odt: error: this \.odt file holds declared XML of 400\.0 MB, more than the limit of 32\.0 MB \[ingest:document-too-large\]/m);
    expect(r.err).toContain('QDA_MAX_SOURCE_BYTES');
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(r.out).toBe('old\n');
  });

  it('a .docx whose XML expands 1000:1 is refused as a zip bomb (from the declared sizes)', async () => {
    const bytes = docx(60_000); // ~4 MB of XML, a few KB zipped
    const r = await runIn('docx-ratio', { 'bomb.docx': bytes });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^bomb\.docx: error: refused: its declared XML parts expand \d+:1 \(limit 200:1\) \[ingest:zip-bomb\]/m);
    expect(r.out).toBe('old\n');
  });

  it('a header that lies (declares 1 KB, holds 4 MB) is caught while inflating', async () => {
    const bytes = declare(docx(60_000), 'word/document.xml', 1024);
    const r = await runIn('docx-lie', { 'liar.docx': bytes });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^liar\.docx: error: refused: its XML parts expand \d+:1 \(limit 200:1\) \[ingest:zip-bomb\]/m);
    expect(r.out).toBe('old\n');
  });

  it('QDA_MAX_SOURCE_BYTES sets the limit: 1/16 of it for the XML; raised, the same file is read', async () => {
    const varied = docx(0);
    // a varied document (compresses well under 200:1) of ~600 KB XML
    // (words without digits: lines that differ only in a number would be taken for running headers)
    const word = (n: number) => n.toString(26).replace(/[0-9]/g, (d) => 'qrstuvwxyz'[Number(d)]);
    const paras = Array.from({ length: 8000 }, (_, i) => `<w:p><w:r><w:t>Anna: punt ${word((i * 7919) % 10007)} over ${word(i * 104729)}.</w:t></w:r></w:p>`).join('');
    const xml = new TextDecoder().decode((await import('fflate')).unzipSync(varied)['word/document.xml']).replace('</w:body>', paras + '</w:body>');
    const files = (await import('fflate')).unzipSync(varied);
    files['word/document.xml'] = strToU8(xml);
    const big = zipSync(files, { level: 9 });
    const small = await runIn('docx-env-small', { 'lang.docx': big }, { QDA_MAX_SOURCE_BYTES: '4m' });
    expect(small.code).toBe(2);
    expect(small.err).toMatch(/lang\.docx: error: this \.docx file holds declared XML of .* more than the limit of 256 KB \[ingest:document-too-large\]/);
    const raised = await runIn('docx-env-big', { 'lang.docx': big }, { QDA_MAX_SOURCE_BYTES: '64m' });
    expect(raised.code).toBe(0);
    const doc = JSON.parse(raised.out) as { sources: Array<{ segments: unknown[] }> };
    expect(doc.sources.reduce((n, x) => n + x.segments.length, 0)).toBe(8001);
  });

  it('an .xlsx bomb (sheet XML declared at 3 GB) is refused the same way', async () => {
    const xlsx = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'xl/worksheets/sheet1.xml': strToU8('<worksheet/>') });
    const r = await runIn('xlsx', { 'answers.xlsx': declare(xlsx, 'xl/worksheets/sheet1.xml', 3 * 1024 ** 3) });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/answers\.xlsx: error: this \.xlsx file holds declared contents of 3072\.0 MB, more than the limit of 512\.0 MB \[ingest:document-too-large\]/);
  });

  it('not a zip at all: unreadable-document, exit 2', async () => {
    await expect(checkZipDocument(strToU8('PK no zip here'), 'x.docx', 'docx', documentLimits(512 * 1024 * 1024))).rejects.toMatchObject({ diagnostics: [{ ruleId: 'unreadable-document' }] });
  });
});

describe('PDF: Flate streams counted before pdf.js decodes them', () => {
  it('a 1,000:1 content stream over the limit: exit 2, document-too-large, out.json untouched', async () => {
    const bomb = pdf(textOps(['Interviewer: Vraag?', 'Anna: antwoord.']) + ' '.repeat(3 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(20_000);
    const r = await runIn('pdf-bomb', { 'bomb.pdf': bomb }, { QDA_MAX_SOURCE_BYTES: '32m' });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^bomb\.pdf: error: this \.pdf file holds more than 2\.0 MB of page content and fonts \(decompressed\), the limit \[ingest:document-too-large\]/m);
    expect(r.out).toBe('old\n');
  });

  it('a Flate stream inside a Flate stream (filter chain) is counted through both', async () => {
    const inner = zlibSync(new Uint8Array(3 * 1024 * 1024).fill(32), { level: 9 });
    const outer = zlibSync(inner, { level: 9 });
    const head = Buffer.from(`%PDF-1.4\n4 0 obj\n<< /Length ${outer.length} /Filter [/FlateDecode /FlateDecode] >>\nstream\n`, 'latin1');
    const bytes = new Uint8Array(Buffer.concat([head, Buffer.from(outer), Buffer.from('\nendstream\nendobj\n%%EOF\n')]));
    await expect(checkPdfStreams(bytes, 'chain.pdf', documentLimits(32 * 1024 * 1024))).rejects.toBeInstanceOf(QdaInputError);
    await expect(checkPdfStreams(bytes, 'chain.pdf', documentLimits(64 * 1024 * 1024))).resolves.toBeUndefined();
  });

  it('an image stream is not counted (text extraction does not decode it); a normal PDF is read', async () => {
    const img = zlibSync(new Uint8Array(4 * 1024 * 1024), { level: 9 });
    const bytes = new Uint8Array(Buffer.concat([Buffer.from(`%PDF-1.4\n6 0 obj\n<< /Type /XObject /Subtype /Image /Length ${img.length} /Filter /FlateDecode >>\nstream\n`, 'latin1'), Buffer.from(img), Buffer.from('\nendstream\nendobj\n')]));
    await expect(checkPdfStreams(bytes, 'img.pdf', documentLimits(32 * 1024 * 1024))).resolves.toBeUndefined();
    const r = await runIn('pdf-ok', { 'talk.pdf': pdf(textOps(['Interviewer: Hoe gaat het?', 'Karin: We stemmen af met de gemeente.', 'Interviewer: Altijd?', 'Karin: Meestal.'])) });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).sources[0].format).toBe('pdf');
  });
});
