import { inputError } from '../model/errors.js';
import { listZipEntries, type ZipEntryInfo } from './refi-zip.js';

/**
 * Bounded resources for the document readers (.docx, .odt, .xlsx, .pdf), as for
 * .qdpx archives: what a document expands to is checked before its parser sees
 * it. For a zip the central directory's declared sizes are checked first, then
 * every entry is inflated once with running counters (headers can lie); for a
 * PDF every Flate stream a text extraction would decode is inflated with a
 * counter. A document over a limit is refused (exit 2) instead of taking the
 * heap down (the parsers hold about 20–60 bytes of memory per byte of XML or
 * content stream).
 */
export interface DocumentLimits {
  /** Everything a zip holds, uncompressed (the source limit, QDA_MAX_SOURCE_BYTES). */
  readonly maxTotalBytes: number;
  /** The parts that are parsed: XML in a zip, content streams and fonts in a PDF (1/16 of the source limit). */
  readonly maxPartsBytes: number;
  /** Uncompressed:compressed ratio limit of a zip, above `ratioFloorBytes` (as for .qdpx). */
  readonly maxRatio: number;
  readonly ratioFloorBytes: number;
}

/** The limits for a source limit in bytes (QDA_MAX_SOURCE_BYTES; 512 MB by default → parsed parts up to 32 MB). */
export function documentLimits(maxSourceBytes: number): DocumentLimits {
  return { maxTotalBytes: maxSourceBytes, maxPartsBytes: Math.floor(maxSourceBytes / 16), maxRatio: 200, ratioFloorBytes: 1024 * 1024 };
}

const RAISE = 'raise the limit with the environment variable QDA_MAX_SOURCE_BYTES (the parsed parts of a document may be 1/16 of it; e.g. QDA_MAX_SOURCE_BYTES=2g allows 128 MB)';

function mb(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`;
}

const isXmlPart = (e: ZipEntryInfo) => /\.(xml|rels)$/i.test(e.name);

/**
 * What a file given as .docx/.odt/.xlsx is when it is no zip archive, told by its first bytes: an
 * old Word or Excel file (OLE2), RTF, a web page (Word's and Excel's "Save as Web Page", and many
 * systems' "Excel" exports), a Word or Excel XML file (2003 XML, flat OpenDocument), or plain text
 * (an export renamed); undefined when it is none of these.
 */
export function otherFormat(bytes: Uint8Array, format: string): { what: string; hint: string } | undefined {
  const sheet = format === 'xlsx';
  const app = sheet ? 'Excel or LibreOffice Calc' : 'Word or LibreOffice';
  const saveAs = `open it in ${app} and save it as .${format} (File → Save As)`;
  if (bytes.length >= 8 && bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0 && bytes[4] === 0xa1 && bytes[5] === 0xb1 && bytes[6] === 0x1a && bytes[7] === 0xe1) {
    return { what: sheet ? 'an old Excel file (.xls, Excel 97–2003)' : 'an old Word file (.doc, Word 97–2003)', hint: `${saveAs}; qda does not read the old binary format` };
  }
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 4096)).replace(/^\uFEFF/, '').replace(/\0/g, '');
  const start = head.trimStart();
  if (start.startsWith('{\\rtf')) return { what: 'an RTF file (Rich Text Format)', hint: `${saveAs}, or save it as .txt` };
  if (start.startsWith('<')) {
    if (/<\?mso-application\s+progid\s*=\s*"(?:Word|Excel)\.|<(?:w:wordDocument|ss:Workbook|Workbook)\b/i.test(head)) return { what: sheet ? 'an Excel XML file (Excel 2003 XML)' : 'a Word XML file (Word 2003 XML)', hint: saveAs };
    if (/<office:document\b/.test(head)) return { what: 'a flat OpenDocument file (.fodt/.fods)', hint: saveAs };
    if (/<(?:!doctype\s+html|html|head|body|table|meta|p)\b/i.test(head)) return { what: sheet ? 'a web page (HTML; a table saved as "Web Page" or exported as if for Excel)' : 'a web page (HTML; Word\'s "Save as Web Page")', hint: sheet ? `${saveAs}, or save the table as .csv` : `${saveAs}, or save the text as .txt` };
  }
  // text: no control characters but tab, LF, CR among the first bytes
  if (head.trim() && !/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffd]/.test(head.slice(0, 1024))) {
    return sheet
      ? { what: 'a text file (a table as CSV or tab-separated text?)', hint: 'if it is a table of answers, rename it to .csv (or .tsv); else open it in Excel or LibreOffice Calc and save it as .xlsx' }
      : { what: 'a plain text file', hint: 'rename it to .txt (or .md), or open it in Word or LibreOffice and save it as .' + format };
  }
  return undefined;
}

/**
 * Check a .docx/.odt/.xlsx before its parser reads it: declared sizes first (no
 * inflation), then the real sizes while inflating. Throws `unreadable-document`
 * (not a zip, unsupported compression), `document-too-large` or `zip-bomb`.
 */
export async function checkZipDocument(bytes: Uint8Array, file: string, format: string, limits: DocumentLimits): Promise<void> {
  let entries: ZipEntryInfo[];
  try {
    entries = listZipEntries(bytes, file);
  } catch (e) {
    const why = ((e as Error).message.split('\n')[0] ?? '').replace(/^.*?error: not a REFI-QDA project archive: /, '').replace(/ \[ingest:[\w-]+\]$/, '');
    const other = otherFormat(bytes, format);
    throw inputError('ingest', 'unreadable-document', other ? `cannot read this .${format} file: it is ${other.what}, not ${format === 'docx' ? 'a' : 'an'} .${format} (${why})` : `cannot read this .${format} file (${why})`, {
      file,
      hint: other?.hint ?? `open it in Word or LibreOffice and save it again as .${format}`,
    });
  }
  const bomb = (what: string, total: number, compressed: number) =>
    inputError('ingest', 'zip-bomb', `refused: ${what} expand ${Math.round(total / Math.max(1, compressed))}:1 (limit ${limits.maxRatio}:1)`, {
      file,
      hint: 'this looks like a zip bomb or a damaged file; check where it came from, or open it in Word or LibreOffice and save it again',
    });
  const tooLarge = (what: string, n: number, limit: number) =>
    inputError('ingest', 'document-too-large', `this .${format} file holds ${what} of ${mb(n)}, more than the limit of ${mb(limit)}`, {
      file,
      hint: `save the text as .txt, or split the document; or ${RAISE}`,
    });
  const check = (total: number, xml: number, xmlCompressed: number, allCompressed: number, declared: boolean) => {
    const how = declared ? 'declared ' : '';
    if (total > limits.maxTotalBytes) throw tooLarge(`${how}contents`, total, limits.maxTotalBytes);
    if (xml > limits.maxPartsBytes) throw tooLarge(`${how}XML`, xml, limits.maxPartsBytes);
    if (xml > limits.ratioFloorBytes && xml / Math.max(1, xmlCompressed) > limits.maxRatio) throw bomb(`its ${how}XML parts`, xml, xmlCompressed);
    if (total > limits.ratioFloorBytes && total / Math.max(1, allCompressed) > limits.maxRatio) throw bomb(`its ${how}contents`, total, allCompressed);
  };

  // 1. declared sizes (central directory)
  let total = 0;
  let xml = 0;
  let xmlC = 0;
  let allC = 0;
  for (const e of entries) {
    if (e.directory) continue;
    total += e.size;
    allC += e.compressedSize;
    if (isXmlPart(e)) {
      xml += e.size;
      xmlC += e.compressedSize;
    }
  }
  check(total, xml, xmlC, allC, true);

  // 2. real sizes: inflate every entry with running counters
  const { Inflate } = await import('fflate');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  total = 0;
  xml = 0;
  for (const e of entries) {
    if (e.directory) continue;
    const h = e.offset;
    if (h + 30 > bytes.length || dv.getUint32(h, true) !== 0x04034b50) {
      throw inputError('ingest', 'unreadable-document', `cannot read this .${format} file (the zip entry "${e.name}" has no local header)`, { file, hint: `open it in Word or LibreOffice and save it again as .${format}` });
    }
    const start = h + 30 + dv.getUint16(h + 26, true) + dv.getUint16(h + 28, true);
    const data = bytes.subarray(start, Math.min(bytes.length, start + e.compressedSize));
    const part = isXmlPart(e);
    const count = (n: number) => {
      total += n;
      if (part) xml += n;
      check(total, xml, xmlC, allC, false);
    };
    if (e.method === 0) {
      count(data.length);
      continue;
    }
    if (e.method !== 8) {
      throw inputError('ingest', 'unreadable-document', `cannot read this .${format} file (the zip entry "${e.name}" uses compression method ${e.method})`, { file, hint: `open it in Word or LibreOffice and save it again as .${format}` });
    }
    let failure: unknown;
    const inf = new Inflate((chunk) => {
      if (failure) return;
      try {
        count(chunk.length);
      } catch (err) {
        failure = err;
      }
    });
    const STEP = 64 * 1024;
    try {
      for (let i = 0; i < data.length && !failure; i += STEP) inf.push(data.subarray(i, Math.min(data.length, i + STEP)), i + STEP >= data.length);
    } catch {
      // a damaged entry: the parser reports it in its own words
    }
    if (failure) throw failure;
  }
}

/**
 * Check a PDF before pdf.js reads it: every Flate stream that a text extraction
 * decodes (content streams, forms, fonts, object streams; not images) is
 * inflated with a counter, through chains of Flate, ASCIIHex and ASCII85
 * filters. Throws `document-too-large` when they pass `maxPartsBytes` together.
 * Streams with other filters (LZW, RunLength) or in an encrypted PDF are
 * counted by their stored size.
 */
export async function checkPdfStreams(bytes: Uint8Array, file: string, limits: DocumentLimits): Promise<void> {
  const { Unzlib, Inflate } = await import('fflate');
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let total = 0;
  const tooLarge = () =>
    inputError('ingest', 'document-too-large', `this .pdf file holds more than ${mb(limits.maxPartsBytes)} of page content and fonts (decompressed), the limit`, {
      file,
      hint: `this may be a decompression bomb; else save the text as .txt, or split the PDF; or ${RAISE}`,
    });
  const add = (n: number) => {
    total += n;
    if (total > limits.maxPartsBytes) throw tooLarge();
  };
  /** Inflate with a counter; returns the bytes only when `keep` (for a further filter), else counts them. */
  const inflate = (data: Uint8Array, keep: boolean): Uint8Array | undefined => {
    const chunks: Uint8Array[] = [];
    let n = 0;
    let failure: unknown;
    const onData = (chunk: Uint8Array) => {
      if (failure) return;
      try {
        n += chunk.length;
        if (keep) {
          if (n > limits.maxPartsBytes) throw tooLarge();
          chunks.push(chunk);
        } else add(chunk.length);
      } catch (err) {
        failure = err;
      }
    };
    const zlib = data.length >= 2 && (data[0] & 0x0f) === 8 && ((data[0] << 8) | data[1]) % 31 === 0;
    const s = zlib ? new Unzlib(onData) : new Inflate(onData);
    const STEP = 64 * 1024;
    try {
      for (let i = 0; i < data.length && !failure; i += STEP) s.push(data.subarray(i, Math.min(data.length, i + STEP)), i + STEP >= data.length);
    } catch {
      // damaged or encrypted data: what was inflated so far is counted
    }
    if (failure) throw failure;
    if (!keep) return undefined;
    const out = new Uint8Array(n);
    let o = 0;
    for (const c of chunks) {
      out.set(c, o);
      o += c.length;
    }
    return out;
  };
  for (let pos = buf.indexOf('stream', 0, 'latin1'); pos !== -1; pos = buf.indexOf('stream', pos + 6, 'latin1')) {
    if (pos >= 3 && buf.toString('latin1', pos - 3, pos) === 'end') continue;
    let dataStart = pos + 6;
    if (buf[dataStart] === 0x0d) dataStart++;
    if (buf[dataStart] !== 0x0a && buf[dataStart - 1] !== 0x0d) continue;
    if (buf[dataStart] === 0x0a) dataStart++;
    const dictFrom = Math.max(0, buf.lastIndexOf('obj', pos, 'latin1'), pos - 65536);
    const dict = buf.toString('latin1', dictFrom, pos);
    if (!dict.includes('<<')) continue;
    let dataEnd = buf.indexOf('endstream', dataStart, 'latin1');
    if (dataEnd === -1) dataEnd = buf.length;
    pos = dataEnd;
    if (/\/Subtype\s*\/Image\b/.test(dict)) continue;
    const fm = /\/Filter\s*(\[[^\]]*\]|\/[A-Za-z0-9]+)/.exec(dict);
    const filters = fm ? (fm[1].match(/\/[A-Za-z0-9]+/g) ?? []).map((f) => f.slice(1)) : [];
    let data: Uint8Array = bytes.subarray(dataStart, dataEnd);
    for (let k = 0; k < filters.length; k++) {
      const f = filters[k];
      const last = k === filters.length - 1;
      if (f === 'FlateDecode' || f === 'Fl') {
        const r = inflate(data, !last);
        if (last) {
          data = new Uint8Array(0);
          break;
        }
        data = r!;
      } else if (f === 'ASCIIHexDecode' || f === 'AHx') data = asciiHex(data);
      else if (f === 'ASCII85Decode' || f === 'A85') data = ascii85(data);
      else break; // LZW, RunLength, image codecs: counted by the stored size below
    }
    add(data.length);
  }
}

function asciiHex(d: Uint8Array): Uint8Array {
  const out: number[] = [];
  let hi = -1;
  for (const c of d) {
    if (c === 0x3e) break; // '>'
    const v = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x41 && c <= 0x46 ? c - 0x37 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1;
    if (v < 0) continue;
    if (hi < 0) hi = v;
    else {
      out.push(hi * 16 + v);
      hi = -1;
    }
  }
  if (hi >= 0) out.push(hi * 16);
  return Uint8Array.from(out);
}

function ascii85(d: Uint8Array): Uint8Array {
  const out: number[] = [];
  let group: number[] = [];
  const flush = (n: number) => {
    while (group.length < 5) group.push(84);
    let v = 0;
    for (const g of group) v = v * 85 + g;
    const b = [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
    for (let i = 0; i < n; i++) out.push(b[i]);
    group = [];
  };
  for (let i = 0; i < d.length; i++) {
    const c = d[i];
    if (c === 0x7e) break; // '~>'
    if (c === 0x7a && group.length === 0) {
      out.push(0, 0, 0, 0);
      continue;
    }
    if (c < 0x21 || c > 0x75) continue;
    group.push(c - 0x21);
    if (group.length === 5) flush(4);
  }
  if (group.length > 1) flush(group.length - 1);
  return Uint8Array.from(out);
}
