import type { Diagnostic, Encoding } from '../model/types.js';
import { inputError, type Report } from '../model/errors.js';
import { cpLength, knownWithoutSurrogates } from '../model/codepoints.js';

/** Lead bytes of 4-byte UTF-8 sequences (astral characters, two UTF-16 units). */
const FOUR_BYTE_LEADS = [0xf0, 0xf1, 0xf2, 0xf3, 0xf4];

export interface Decoded {
  /** Decoded text, BOM removed, newlines as in the file. */
  readonly text: string;
  readonly encoding: Exclude<Encoding, 'binary-container'>;
  readonly newline: 'lf' | 'crlf';
  /**
   * Bytes that were not valid UTF-8 in a file read as UTF-8 (each decoded on its
   * own: as Windows-1252 where that gives a letter or typographic punctuation,
   * else U+FFFD); absent when there were none. Each is also reported.
   */
  readonly repairs?: EncodingRepairs;
  /**
   * NUL and other control characters removed from a file read with `strays: 'remove'` (a text
   * with a few of them, not a binary file); absent when none were removed. Also reported.
   */
  readonly strays?: StrayControls;
}

export interface StrayControls {
  /** Characters removed in all (C0/C1 control characters other than tab, LF, CR, FF). */
  readonly removed: number;
  /** Of those, NUL characters. */
  readonly nul: number;
  /** 1-based line and code-point column of the first one, in the file as an editor shows it. */
  readonly line: number;
  readonly column: number;
  /**
   * Those that stood between two letters or digits (`de\u0000fusie`): the words on both sides are
   * now one (`defusie`). Their count, and the first: its place and the word as read. Absent when none.
   */
  readonly glued?: { readonly count: number; readonly line: number; readonly column: number; readonly word: string };
}

export interface EncodingRepairs {
  /** Invalid bytes in all. */
  readonly bytes: number;
  /** Of those, decoded as a Windows-1252 character. */
  readonly asWindows1252: number;
  /** Of those, replaced by U+FFFD. */
  readonly replaced: number;
  /** 1-based line and code-point column of the first one in the decoded text. */
  readonly line: number;
  readonly column: number;
}

/** Values accepted by `--encoding` (aliases map onto the model's Encoding names). */
const ENCODING_ALIASES: Record<string, Decoded['encoding']> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'utf-8-bom': 'utf-8-bom',
  'utf-8-sig': 'utf-8-bom',
  'utf-16le': 'utf-16le',
  'utf16le': 'utf-16le',
  'utf-16': 'utf-16le',
  'utf-16be': 'utf-16be',
  'utf16be': 'utf-16be',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  'latin1': 'windows-1252',
  'latin-1': 'windows-1252',
  'iso-8859-1': 'windows-1252',
  ansi: 'windows-1252',
};

export const SUPPORTED_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] as const;

/** Normalise an `--encoding` value; throws `unknown-encoding` for anything else. */
export function parseEncodingOption(value: string): Decoded['encoding'] {
  const e = ENCODING_ALIASES[value.trim().toLowerCase()];
  if (!e) {
    throw inputError('ingest', 'unknown-encoding', `unknown encoding "${value}"`, {
      path: '--encoding',
      expected: [...SUPPORTED_ENCODINGS],
      hint: `use --encoding ${SUPPORTED_ENCODINGS.join('|')}`,
    });
  }
  return e;
}

/** 'crlf' when most line breaks are CRLF, else 'lf'. */
export function detectNewline(text: string): 'lf' | 'crlf' {
  // (no CR: no CRLF either)
  if (text.indexOf('\r') === -1) return 'lf';
  // the CRLFs first (found as pairs), then the LFs only until there are more lone LFs than CRLFs
  // (the answer is then 'lf', whatever follows): a file with few CRs is not read line by line
  let crlf = 0;
  for (let i = text.indexOf('\r\n'); i !== -1; i = text.indexOf('\r\n', i + 2)) crlf++;
  if (crlf === 0) return 'lf';
  let lines = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) if (++lines - crlf > crlf) return 'lf';
  return 'crlf';
}

/**
 * What a binary file given as text is, told by its first bytes: a Word, OpenDocument or Excel file
 * (a zip holding word/, content.xml or xl/), another zip, a PDF, an old Word or Excel file (OLE2);
 * undefined otherwise.
 */
export function binaryKind(bytes: Uint8Array): { what: string; hint: string } | undefined {
  const b = bytes;
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 3 && b[3] === 4) {
    // (the names of the first entries stand in their local headers, in the first bytes)
    const head = new TextDecoder('latin1').decode(b.subarray(0, 65536));
    if (head.includes('word/')) return { what: 'a Word document (.docx) with another extension', hint: 'rename it to .docx (or save the text as .txt)' };
    if (head.includes('opendocument.text')) return { what: 'an OpenDocument text (.odt) with another extension', hint: 'rename it to .odt (or save the text as .txt)' };
    // (a LibreOffice Calc sheet: it was "a zip archive", with the hint to unpack it)
    if (head.includes('opendocument.spreadsheet')) return { what: 'an OpenDocument spreadsheet (.ods, LibreOffice Calc), which qda does not read', hint: 'open it in LibreOffice Calc and save it as .xlsx (File > Save As, "Excel 2007-365") or as .csv, and give that file' };
    if (head.includes('xl/')) return { what: 'an Excel workbook (.xlsx) with another extension', hint: 'rename it to .xlsx (or save the table as .csv)' };
    return { what: 'a zip archive', hint: 'unpack it and give the files in it, or give the document with its own extension (.docx, .odt, .xlsx)' };
  }
  if (b.length >= 5 && b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46 && b[4] === 0x2d) return { what: 'a PDF with another extension', hint: 'rename it to .pdf' };
  if (b.length >= 8 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0 && b[4] === 0xa1 && b[5] === 0xb1 && b[6] === 0x1a && b[7] === 0xe1) {
    return { what: 'an old Word or Excel file (.doc, .xls: Office 97–2003)', hint: 'open it in Word, Excel or LibreOffice and save it as .docx (a table as .xlsx or .csv); qda does not read the old binary format' };
  }
  return undefined;
}

const BINARY_HINT = 'give a text source (.txt, .md, .vtt, .srt, .csv) or a document (.docx, .odt, .pdf, .xlsx); if this is text, re-save it as UTF-8';

/** One strict decoder for every file (making one costs ≈ 30 µs: a quarter of decoding a 45 KB transcript); a new one after it threw. */
let strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function utf8Strict(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    return undefined;
  }
}

function utf16(bytes: Uint8Array, be: boolean): string {
  if (!be) return new TextDecoder('utf-16le', { ignoreBOM: true }).decode(bytes);
  const swapped = new Uint8Array(bytes.length);
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    swapped[i] = bytes[i + 1];
    swapped[i + 1] = bytes[i];
  }
  return new TextDecoder('utf-16le', { ignoreBOM: true }).decode(swapped);
}

/** 'le' / 'be' when (almost) every other byte of a sample is NUL, as in UTF-16 text of Latin script. */
export function sniffUtf16(bytes: Uint8Array): 'le' | 'be' | undefined {
  const n = Math.min(bytes.length, 8192) & ~1;
  if (n < 4) return undefined;
  // (no NUL among the bytes sampled, as in almost every text: neither count can be reached; found natively)
  const nul = bytes.indexOf(0);
  if (nul === -1 || nul >= n) return undefined;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero >= pairs * 0.7 && evenZero <= pairs * 0.05) return 'le';
  if (evenZero >= pairs * 0.7 && oddZero <= pairs * 0.05) return 'be';
  return undefined;
}

/** C0/C1 control characters other than tab, LF, CR and FF (and U+FFFD), for `controlShare`. */
const CONTROL = /[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]/g;
const CONTROL_BUT_FFFD = /[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]/g;

/** Share of characters that are C0/C1 control characters other than tab, CR, LF, FF (and U+FFFD unless `repaired`: those are counted and reported apart). */
function controlShare(text: string, repaired = false): number {
  if (text.length === 0) return 0;
  const { bad, length } = controlCount(text, repaired);
  return bad / length;
}

/**
 * Control characters (as `controlShare` counts them) in the first 64 K characters, that sample's
 * length, and how many of them are not U+FFFD (`strays`: those `removeStrays` removes).
 */
function controlCount(text: string, repaired: boolean): { bad: number; length: number; strays: number } {
  const sample = text.length > 65536 ? text.slice(0, 65536) : text;
  // (found by a regular expression: in text they are rare, and it skips the rest natively)
  const re = repaired ? CONTROL_BUT_FFFD : CONTROL;
  re.lastIndex = 0;
  let bad = 0;
  let fffd = 0;
  while (re.exec(sample) !== null) {
    bad++;
    if (sample.charCodeAt(re.lastIndex - 1) === 0xfffd) fffd++;
  }
  return { bad, length: sample.length, strays: bad - fffd };
}

/** The ASCII control bytes `removeStrays` removes (C0 other than tab, LF, FF, CR; and DEL), NUL first. */
const STRAY_BYTES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 11, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 127];
/** U+FFFD in UTF-8. */
const FFFD_BYTES = new Uint8Array([0xef, 0xbf, 0xbd]);

/**
 * What the bytes of a text read as strict UTF-8 hold of the characters CONTROL finds, in the
 * whole file: `strays`, whether any is one `removeStrays` removes (an ASCII control byte, or
 * a C1 control character: 0xC2 then 0x80–0x9F), and `fffd`, whether any is U+FFFD (EF BF BD).
 * In valid UTF-8 an ASCII byte is always its own character, so this is exactly what a search of
 * the decoded text finds; made with native byte searches (memchr), several times cheaper than a
 * regular expression over the text.
 */
function utf8Controls(bytes: Uint8Array): { strays: boolean; fffd: boolean } {
  // (a Buffer's indexOf is memchr; a plain Uint8Array's would look for an element equal to the needle)
  const b = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let strays = false;
  for (let k = 0; k < STRAY_BYTES.length && !strays; k++) strays = b.indexOf(STRAY_BYTES[k]) !== -1;
  for (let i = b.indexOf(0xc2); i !== -1 && !strays; i = b.indexOf(0xc2, i + 1)) {
    const c = b[i + 1];
    strays = c >= 0x80 && c <= 0x9f;
  }
  return { strays, fffd: b.indexOf(FFFD_BYTES) !== -1 };
}

/** U+FFFD among the first 64 K characters (the sample of `controlCount`), found natively. */
function fffdInSample(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\ufffd'); i !== -1 && i < 65536; i = text.indexOf('\ufffd', i + 1)) n++;
  return n;
}

function hasNul(bytes: Uint8Array): boolean {
  return bytes.indexOf(0) !== -1;
}

/** At most this many stray control characters are removed from a text whatever its length (a short text with one NUL is text too). */
const FEW_STRAYS = 3;

/**
 * A binary signature: two or more NUL/C0 control bytes (other than tab, LF, CR, FF) among the
 * first 8 bytes, as in a zip (PK\x03\x04: .docx/.xlsx/.odt renamed), gzip, OLE2 (.doc, .xls),
 * ELF or an .exe. Text does not start like that (a stray byte or two lies in the text, not in
 * its first 8 bytes together); a zip that stores a text file uncompressed holds only a few such
 * bytes in all, so its signature is what tells it.
 */
function binarySignature(bytes: Uint8Array): boolean {
  let n = 0;
  for (let i = 0; i < 8 && i < bytes.length; i++) {
    const b = bytes[i];
    if ((b < 0x20 && b !== 9 && b !== 10 && b !== 12 && b !== 13) || b === 0x7f) n++;
  }
  return n >= 2;
}

/** More than 3 NUL bytes, and more than 2% of the bytes, among the first 64 KB (found by native searches). */
function manyNuls(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 65536);
  let nul = 0;
  for (let i = bytes.indexOf(0); i !== -1 && i < n; i = bytes.indexOf(0, i + 1)) nul++;
  return nul > FEW_STRAYS && nul / n > 0.02;
}

/**
 * `text` without its C0/C1 control characters other than tab, LF, CR, FF (NUL, BEL, ESC, …:
 * never text, often a byte or two that an export or a broken save left), the count and the
 * place of the first (line:column in the text as it was, which is the file as an editor shows it).
 */
function removeStrays(text: string): { text: string; strays?: StrayControls } {
  const re = CONTROL_BUT_FFFD;
  re.lastIndex = 0;
  const parts: string[] = [];
  let from = 0;
  let removed = 0;
  let nul = 0;
  let first = -1;
  // (those between two letters or digits: the words on both sides read as one; the first's place)
  let glued = 0;
  let firstGlued = -1;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (first < 0) first = m.index;
    removed++;
    if (text.charCodeAt(m.index) === 0) nul++;
    if (m.index > 0 && WORD_CHAR.test(text[m.index - 1]) && WORD_CHAR.test(text[m.index + 1] ?? '')) {
      glued++;
      if (firstGlued < 0) firstGlued = m.index;
    }
    parts.push(text.slice(from, m.index));
    from = m.index + 1;
  }
  if (removed === 0) return { text };
  parts.push(text.slice(from));
  const place = (at: number) => {
    let line = 1;
    for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) line++;
    return { line, column: 1 + cpLength(text.slice(text.lastIndexOf('\n', at - 1) + 1, at)) };
  };
  const { line, column } = place(first);
  if (glued === 0) return { text: parts.join(''), strays: { removed, nul, line, column } };
  // (the word as read: the letters and digits on both sides of the first, at most 30 on each)
  const before = /[\p{L}\p{N}\p{M}]{1,30}$/u.exec(text.slice(Math.max(0, firstGlued - 30), firstGlued))?.[0] ?? '';
  const after = /^[\p{L}\p{N}\p{M}]{1,30}/u.exec(text.slice(firstGlued + 1, firstGlued + 31))?.[0] ?? '';
  const g = place(firstGlued);
  return { text: parts.join(''), strays: { removed, nul, line, column, glued: { count: glued, line: g.line, column: g.column, word: before + after } } };
}

/** A letter or a digit (a control character between two of them glues the words on both sides). */
const WORD_CHAR = /^[\p{L}\p{N}]$/u;

function straysDiagnostic(file: string, s: StrayControls): Diagnostic {
  const other = s.removed - s.nul;
  const what = [...(s.nul ? [`${s.nul} NUL`] : []), ...(other ? [`${other} other control character(s)`] : [])].join(' and ');
  return {
    severity: 'warning',
    source: 'ingest',
    ruleId: 'control-characters',
    message: `${s.removed} character(s) that are not text removed (${what}), the first at line ${s.line}, column ${s.column}; the rest of the file is read as text${
      s.glued
        ? `; ${s.glued.count === s.removed ? (s.removed === 1 ? 'it' : 'each') : s.glued.count} stood between two letters or digits, so the words on both sides are read as one (${s.glued.count === 1 ? '' : 'the first: '}line ${s.glued.line}, column ${s.glued.column}, read as "${s.glued.word}")`
        : ''
    }`,
    file,
    line: s.line,
    column: s.column,
    hint: s.glued
      ? 'open the file in an editor at that place (they may show as ␀, ^@ or a box); where one stands between two words, put a space in its place, else delete it; save the file as UTF-8; offsets of this source follow the text without them'
      : 'open the file in an editor at that place (they may show as ␀, ^@ or a box), delete them and save the file as UTF-8; offsets of this source follow the text without them',
  };
}

/**
 * Bytes → text with a deterministic cascade:
 * BOM (UTF-8, UTF-16 LE/BE) → UTF-8 → UTF-16 without BOM (NUL in every other
 * byte) → Windows-1252 (iconv-lite; Node 20's TextDecoder maps 0x80–0x9F
 * wrongly). A file that is UTF-8 except for a few bytes (at least as many valid
 * multi-byte UTF-8 characters as invalid bytes) is read as UTF-8, each invalid
 * byte decoded on its own (`repairUtf8`) and reported with line:column; a file
 * where most non-ASCII bytes are not UTF-8 is read as Windows-1252 as a whole.
 * NUL bytes in a non-UTF-16 file, or many control characters, mean a binary
 * file (`binary-file`). With `strays: 'remove'` (sources), a text with only a
 * few NUL/control characters (at most 3, or at most 2% of the characters, and
 * not two among the first 8 bytes as in a binary signature) is read as text
 * without them, reported once with the count and the first line:column.
 * `encoding` forces a decoder (`undecodable` when the bytes do not fit it; a
 * forced UTF-8 is repaired as above when mostly UTF-8).
 * The text is never renormalised; the BOM is removed.
 */
export async function decodeBytes(bytes: Uint8Array, opts: { file: string; encoding?: string; report?: Report; strays?: 'refuse' | 'remove' }): Promise<Decoded> {
  const { file } = opts;
  const report = opts.report ?? (() => {});
  const binary = () => {
    // (a document given another extension: said what it is and how to read it)
    const kind = binaryKind(bytes);
    return inputError('ingest', 'binary-file', `this looks like a binary file, not text (it contains NUL or control bytes)${kind ? `: it is ${kind.what}` : ''}`, { file, hint: kind?.hint ?? BINARY_HINT });
  };
  const lenient = opts.strays === 'remove';
  // (lenient: NUL bytes do not refuse the file at once, unless it has a binary signature or many of them;
  // `done` weighs them with the other control characters, and is told whether the bytes hold one)
  let nulSeen: boolean | undefined;
  const refuseNul = (b: Uint8Array) => {
    if (!lenient) {
      if (hasNul(b)) throw binary();
    } else if ((nulSeen = hasNul(b)) && (binarySignature(bytes) || manyNuls(b))) {
      // (refused before it is decoded: no warning about its encoding first)
      throw binary();
    }
  };
  const done = (text: string, encoding: Decoded['encoding'], repairs?: EncodingRepairs): Decoded => {
    const bytewise = encoding === 'windows-1252' || encoding === 'utf-8' || encoding === 'utf-8-bom';
    // (strict UTF-8, the common case: its bytes say natively whether the text holds any control
    // character or U+FFFD, in the whole file; other texts are searched as text)
    const strict = (encoding === 'utf-8' || encoding === 'utf-8-bom') && repairs === undefined;
    const inBytes = strict ? utf8Controls(bytes) : undefined;
    let strays: StrayControls | undefined;
    if (!lenient) {
      if (inBytes) {
        // (only U+FFFD, or none: their share in the sample, as controlShare counts it)
        if (!inBytes.strays) {
          if (inBytes.fffd && text.length > 0 && fffdInSample(text) / Math.min(text.length, 65536) > 0.02) throw binary();
        } else if (controlShare(text) > 0.02) throw binary();
      } else if (controlShare(text, repairs !== undefined) > 0.02) throw binary();
    } else if (inBytes && !inBytes.strays) {
      // no control character to remove anywhere (no NUL either): only U+FFFD, which stays, weighed
      // in the sample as below (a text with a binary signature has control bytes: not this one)
      if (inBytes.fffd) {
        const bad = fffdInSample(text);
        if (bad > FEW_STRAYS && bad / Math.min(text.length, 65536) > 0.02) throw binary();
      }
    } else {
      const sample = controlCount(text, repairs !== undefined);
      // (the whole text is searched for strays when the sample holds control characters, the text a NUL,
      // or (strict UTF-8) the bytes a control character anywhere; else only past the sample)
      const anyNul = () => (bytewise ? (nulSeen ?? hasNul(bytes)) : text.indexOf('\0') !== -1);
      const beyond = () => {
        if (text.length <= sample.length) return false;
        CONTROL_BUT_FFFD.lastIndex = sample.length;
        return CONTROL_BUT_FFFD.exec(text) !== null;
      };
      if (sample.bad > 0 || inBytes !== undefined || anyNul() || beyond()) {
        if (bytewise && binarySignature(bytes)) throw binary();
        if (sample.bad > FEW_STRAYS && sample.bad / sample.length > 0.02) throw binary();
        // (a whole text in the sample whose control characters are all U+FFFD, which stay, has none to remove: not searched again)
        const r = sample.strays > 0 || text.length > sample.length || anyNul() ? removeStrays(text) : { text, strays: undefined };
        if (r.strays) {
          if (r.strays.removed > FEW_STRAYS && r.strays.removed / text.length > 0.02) throw binary();
          strays = r.strays;
          text = r.text;
          report(straysDiagnostic(file, strays));
        }
      }
    }
    // (UTF-8 without a 4-byte sequence, or Windows-1252, decodes to no surrogates: the reader's later stages need not search)
    if (encoding === 'windows-1252' || (bytewise && !FOUR_BYTE_LEADS.some((b) => bytes.includes(b)))) knownWithoutSurrogates(text);
    // (UTF-8, repaired or not, and Windows-1252 text holds a CR where its bytes hold 0x0D and nowhere
    // else: without one in the bytes, the text is LF; the bytes are searched natively)
    const newline = bytewise && bytes.indexOf(13) === -1 ? 'lf' : detectNewline(text);
    return { text, encoding, newline, ...(repairs ? { repairs } : {}), ...(strays ? { strays } : {}) };
  };
  /** Declared or forced UTF-8: repaired when mostly UTF-8, else `undecodable`. */
  const utf8Declared = (body: Uint8Array, encoding: 'utf-8' | 'utf-8-bom', notUtf8: (at: string) => Error): Decoded => {
    const t = utf8Strict(body);
    if (t !== undefined) return done(t, encoding);
    const scan = scanUtf8(body);
    if (!mostlyUtf8(scan)) throw notUtf8(placeOfByte(body, scan.firstInvalid));
    const r = repairUtf8(body, file, report);
    return done(r.text, encoding, r.repairs);
  };

  if (opts.encoding) {
    const forced = parseEncodingOption(opts.encoding);
    const undecodable = (why: string, place?: { line: number; column: number }) =>
      inputError('ingest', 'undecodable', `cannot decode the file as ${forced}: ${why}`, {
        file,
        ...(place ?? {}),
        hint: 'leave out --encoding to detect the encoding, or try --encoding windows-1252',
      });
    if (forced === 'utf-8' || forced === 'utf-8-bom') {
      const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
      return utf8Declared(hasBom ? bytes.subarray(3) : bytes, hasBom ? 'utf-8-bom' : 'utf-8', (at) =>
        undecodable(`invalid UTF-8 byte sequence (most of its non-ASCII bytes are not UTF-8; the first at ${at})`, parsePlace(at)),
      );
    }
    if (forced === 'utf-16le' || forced === 'utf-16be') {
      const be = forced === 'utf-16be';
      let body = bytes;
      if ((bytes[0] === 0xff && bytes[1] === 0xfe && !be) || (bytes[0] === 0xfe && bytes[1] === 0xff && be)) body = bytes.subarray(2);
      if (body.length % 2 !== 0) throw undecodable('odd number of bytes');
      return loneSurrogates(done(utf16(body, be), forced), body, be, file, report);
    }
    refuseNul(bytes);
    // (forced Windows-1252 on bytes that are UTF-8 with characters beyond ASCII — a BOM, or valid
    // multi-byte sequences — reads "café" as "cafÃ©" everywhere: read as asked, and said)
    const utf8Too = bytes.some((b) => b >= 0x80) ? utf8Strict(bytes) : undefined;
    if (utf8Too !== undefined) {
      const i = utf8Too.search(/[^\x00-\x7f\ufeff]/u);
      const at = i === -1 ? { line: 1, column: 1 } : placeInText(utf8Too, i);
      const first = i === -1 ? 'its UTF-8 byte order mark' : `its characters beyond ASCII (the first "${String.fromCodePoint(utf8Too.codePointAt(i)!)}" at line ${at.line}, column ${at.column})`;
      report({
        severity: 'warning',
        source: 'ingest',
        ruleId: 'forced-encoding-looks-utf8',
        message: `read as Windows-1252 as --encoding asks, but the file is valid UTF-8: ${first} ${i === -1 ? 'is read as "ï»¿" at its start' : 'are read as two or three characters each (as "Ã©" for "é")'}`,
        file,
        line: at.line,
        column: at.column,
        hint: 'leave out --encoding (the encoding is detected), or give --encoding utf-8',
      });
    }
    return undefinedBytes(done(await cp1252(bytes), 'windows-1252'), bytes, file, report);
  }

  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const body = bytes.subarray(3);
    refuseNul(body);
    return utf8Declared(body, 'utf-8-bom', (at) =>
      inputError('ingest', 'undecodable', 'the file starts with a UTF-8 byte order mark but is not valid UTF-8', {
        file,
        ...parsePlace(at),
        hint: 're-save the file as UTF-8, or force another encoding with --encoding windows-1252',
      }),
    );
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    const be = bytes[0] === 0xfe;
    const body = bytes.subarray(2);
    if (body.length % 2 !== 0) {
      throw inputError('ingest', 'undecodable', `the file starts with a UTF-16 ${be ? 'BE' : 'LE'} byte order mark but has an odd number of bytes`, {
        file,
        hint: 'the file is truncated or not UTF-16; re-save it as UTF-8',
      });
    }
    return loneSurrogates(done(utf16(body, be), be ? 'utf-16be' : 'utf-16le'), body, be, file, report);
  }
  const u16 = sniffUtf16(bytes);
  if (u16 && bytes.length % 2 === 0) return loneSurrogates(done(utf16(bytes, u16 === 'be'), u16 === 'be' ? 'utf-16be' : 'utf-16le'), bytes, u16 === 'be', file, report);
  refuseNul(bytes);
  const t = utf8Strict(bytes);
  if (t !== undefined) return done(t, 'utf-8');
  const scan = scanUtf8(bytes);
  if (mostlyUtf8(scan)) {
    const r = repairUtf8(bytes, file, report);
    return done(r.text, 'utf-8', r.repairs);
  }
  const text = await cp1252(bytes);
  if (scan.validMulti > 0) {
    // a Windows-1252 file that also holds UTF-8 characters: they are read as Windows-1252 too (mojibake), so say where
    const at = placeOfByte(bytes, scan.firstValidMulti);
    report({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'mixed-encoding',
      message: `read as Windows-1252 (${scan.invalid} of its non-ASCII characters are not UTF-8), but ${scan.validMulti} character(s) are valid UTF-8 and now read as Windows-1252 (e.g. "Ã©" for "é"), the first at ${at}`,
      file,
      ...parsePlace(at),
      hint: 'open the file in an editor, fix those characters and save the file as UTF-8',
    });
  }
  return undefinedBytes(done(text, 'windows-1252'), bytes, file, report);
}

/** 1-based line and code-point column of UTF-16 index `at` in `text`. */
function placeInText(text: string, at: number): { line: number; column: number } {
  let line = 1;
  let from = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) {
    line++;
    from = i + 1;
  }
  return { line, column: cpLength(text.slice(from, at)) + 1 };
}

/**
 * A text read as Windows-1252 whose bytes hold one that Windows-1252 leaves undefined (0x81,
 * 0x8D, 0x8F, 0x90, 0x9D): each became U+FFFD (the only way one comes into such a text). Said as
 * a repair is (count, first line:column), and kept in `repairs`.
 */
function undefinedBytes(d: Decoded, bytes: Uint8Array, file: string, report: Report): Decoded {
  const first = d.text.indexOf('\ufffd');
  if (first === -1) return d;
  let n = 0;
  for (let i = first; i !== -1; i = d.text.indexOf('\ufffd', i + 1)) n++;
  const kinds = [0x81, 0x8d, 0x8f, 0x90, 0x9d].filter((b) => bytes.indexOf(b) !== -1).map((b) => '0x' + b.toString(16).toUpperCase());
  const at = placeInText(d.text, first);
  report({
    severity: 'warning',
    source: 'ingest',
    ruleId: 'undefined-windows-1252',
    message: `${n} byte(s) (${kinds.join(', ')}) have no character in Windows-1252, the encoding this file is read in: each is replaced by U+FFFD (�), the first at line ${at.line}, column ${at.column}`,
    file,
    line: at.line,
    column: at.column,
    hint: 'open the file in the program that wrote it and save it as UTF-8 (or give its encoding with --encoding); check the characters at these places',
  });
  return { ...d, repairs: { bytes: n, asWindows1252: 0, replaced: n, line: at.line, column: at.column } };
}

/**
 * A UTF-16 text (`body` without its BOM) with a surrogate that is not one of a pair: each became
 * U+FFFD. Said with the count and the first line:column, and kept in `repairs`. (Searched only
 * when the decoded text holds a U+FFFD: a U+FFFD written in the file is no repair.)
 */
function loneSurrogates(d: Decoded, body: Uint8Array, be: boolean, file: string, report: Report): Decoded {
  if (d.text.indexOf('\ufffd') === -1) return d;
  const unit = (k: number) => (be ? (body[2 * k] << 8) | body[2 * k + 1] : body[2 * k] | (body[2 * k + 1] << 8));
  const units = body.length >> 1;
  let n = 0;
  let first = -1;
  for (let k = 0; k < units; k++) {
    const u = unit(k);
    if (u >= 0xd800 && u <= 0xdbff && k + 1 < units) {
      const v = unit(k + 1);
      if (v >= 0xdc00 && v <= 0xdfff) {
        k++;
        continue;
      }
    }
    if (u >= 0xd800 && u <= 0xdfff) {
      n++;
      if (first === -1) first = k;
    }
  }
  if (n === 0) return d;
  // (each code unit of the file is one of the text: a pair two, a lone surrogate its U+FFFD; unless control characters were removed before it)
  const at = placeInText(d.text, Math.min(first, d.text.length));
  report({
    severity: 'warning',
    source: 'ingest',
    ruleId: 'lone-surrogate',
    message: `${n} UTF-16 code unit(s) are half of a character (a surrogate without its pair): each is replaced by U+FFFD (�), the first at line ${at.line}, column ${at.column}`,
    file,
    line: at.line,
    column: at.column,
    hint: 'the file was cut or written by a program that split a character (an emoji, a rare letter): check the characters at these places, and save the file as UTF-8',
  });
  return { ...d, repairs: { bytes: 2 * n, asWindows1252: 0, replaced: n, line: at.line, column: at.column } };
}

async function cp1252(bytes: Uint8Array): Promise<string> {
  const iconv = (await import('iconv-lite')).default;
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'windows-1252');
}

/** Length of the valid UTF-8 sequence that starts at `i`, or 0 when none starts there (WHATWG/Unicode well-formedness). */
export function utf8SequenceLength(b: Uint8Array, i: number): number {
  const c = b[i];
  if (c < 0x80) return 1;
  const n = b.length;
  if (c >= 0xc2 && c <= 0xdf) return i + 1 < n && (b[i + 1] & 0xc0) === 0x80 ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    if (i + 2 >= n) return 0;
    const c1 = b[i + 1];
    const lo = c === 0xe0 ? 0xa0 : 0x80;
    const hi = c === 0xed ? 0x9f : 0xbf;
    return c1 >= lo && c1 <= hi && (b[i + 2] & 0xc0) === 0x80 ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    if (i + 3 >= n) return 0;
    const c1 = b[i + 1];
    const lo = c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xf4 ? 0x8f : 0xbf;
    return c1 >= lo && c1 <= hi && (b[i + 2] & 0xc0) === 0x80 && (b[i + 3] & 0xc0) === 0x80 ? 4 : 0;
  }
  return 0;
}

interface Utf8Scan {
  /** Valid multi-byte UTF-8 characters. */
  readonly validMulti: number;
  /** Bytes that are not part of a valid UTF-8 sequence. */
  readonly invalid: number;
  readonly firstInvalid: number;
  readonly firstValidMulti: number;
}

function scanUtf8(b: Uint8Array): Utf8Scan {
  let validMulti = 0;
  let invalid = 0;
  let firstInvalid = -1;
  let firstValidMulti = -1;
  const n = b.length;
  for (let i = 0; i < n; ) {
    if (b[i] < 0x80) {
      i++;
      continue;
    }
    const len = utf8SequenceLength(b, i);
    if (len === 0) {
      if (firstInvalid < 0) firstInvalid = i;
      invalid++;
      i++;
    } else {
      if (firstValidMulti < 0) firstValidMulti = i;
      validMulti++;
      i += len;
    }
  }
  return { validMulti, invalid, firstInvalid, firstValidMulti };
}

/** The threshold: a file is UTF-8 (to be repaired) when it has at least as many valid multi-byte characters as invalid bytes. */
function mostlyUtf8(s: Utf8Scan): boolean {
  return s.validMulti > 0 && s.validMulti >= s.invalid;
}

/** `line:column` (1-based, column in characters) of byte `at` in a file of single-byte or UTF-8 text, for messages. */
function placeOfByte(b: Uint8Array, at: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = b.indexOf(10); i !== -1 && i < at; i = b.indexOf(10, i + 1)) {
    line++;
    lineStart = i + 1;
  }
  let column = 1;
  for (let i = lineStart; i < at; ) {
    const len = utf8SequenceLength(b, i);
    i += len || 1;
    column++;
  }
  return `${line}:${column}`;
}

function parsePlace(at: string): { line: number; column: number } {
  const [line, column] = at.split(':').map(Number);
  return { line, column };
}

/** Windows-1252 0x80–0x9F (0x81, 0x8D, 0x8F, 0x90, 0x9D are undefined). */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
/** What a stray byte may become: a letter, or punctuation that word processors put in text. */
const REPAIRABLE = /^(?:[\p{Lu}\p{Ll}\p{Lo}]|[€‚„…‘’“”•–—‹›«»])$/u;

/** The character an invalid byte stands for when read as Windows-1252, or U+FFFD when that is not a letter or typographic punctuation. */
export function repairByte(byte: number): string {
  const c = byte >= 0xa0 ? String.fromCharCode(byte) : byte >= 0x80 ? CP1252_HIGH[byte - 0x80] : '';
  return REPAIRABLE.test(c) ? c : '\ufffd';
}

/** Lines reported one by one before the rest is summed up. */
const MAX_REPAIR_LINES = 20;

/**
 * UTF-8 bytes with some invalid ones → text: valid sequences decoded as UTF-8,
 * each invalid byte on its own by `repairByte`. Every repaired line is reported
 * (line:column of its first repair, the count, what was read), up to 20 lines,
 * then one summary with the rest. Offsets stay code points of the returned text.
 */
export function repairUtf8(b: Uint8Array, file: string, report: Report): { text: string; repairs: EncodingRepairs } {
  const dec = new TextDecoder('utf-8', { ignoreBOM: true });
  const parts: string[] = [];
  let line = 1;
  let column = 1;
  let asWindows1252 = 0;
  let replaced = 0;
  let first: { line: number; column: number } | undefined;
  // per line: the first place, the bytes and what they became
  let cur: { line: number; column: number; bytes: number[]; chars: string[] } | undefined;
  let linesReported = 0;
  let moreBytes = 0;
  let moreLines = 0;
  const flush = () => {
    if (!cur) return;
    if (linesReported < MAX_REPAIR_LINES) {
      linesReported++;
      report(repairDiagnostic(file, cur));
    } else {
      moreLines++;
      moreBytes += cur.bytes.length;
    }
    cur = undefined;
  };
  const advance = (s: string) => {
    const nl = s.lastIndexOf('\n');
    if (nl === -1) {
      column += cpLength(s);
      return;
    }
    for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) line++;
    column = 1 + cpLength(s.slice(nl + 1));
  };
  const n = b.length;
  let runStart = 0;
  for (let i = 0; i < n; ) {
    if (b[i] < 0x80) {
      i++;
      continue;
    }
    const len = utf8SequenceLength(b, i);
    if (len > 0) {
      i += len;
      continue;
    }
    if (i > runStart) {
      const s = dec.decode(b.subarray(runStart, i));
      parts.push(s);
      advance(s);
    }
    if (cur && cur.line !== line) flush();
    const ch = repairByte(b[i]);
    if (ch === '\ufffd') replaced++;
    else asWindows1252++;
    first ??= { line, column };
    cur ??= { line, column, bytes: [], chars: [] };
    cur.bytes.push(b[i]);
    cur.chars.push(ch);
    parts.push(ch);
    column++;
    i++;
    runStart = i;
  }
  if (runStart < n) parts.push(dec.decode(b.subarray(runStart)));
  flush();
  if (moreLines > 0) {
    report({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'invalid-utf8',
      message: `${moreBytes} more byte(s) that are not valid UTF-8 on ${moreLines} more line(s), decoded the same way (${asWindows1252 + replaced} in all: ${asWindows1252} read as Windows-1252, ${replaced} replaced by U+FFFD)`,
      file,
      hint: 'open the file in an editor, check these characters and save it as UTF-8',
    });
  }
  return { text: parts.join(''), repairs: { bytes: asWindows1252 + replaced, asWindows1252, replaced, line: first!.line, column: first!.column } };
}

function repairDiagnostic(file: string, r: { line: number; column: number; bytes: number[]; chars: string[] }): Diagnostic {
  const hex = r.bytes.map((x) => '0x' + x.toString(16).toUpperCase().padStart(2, '0')).join(' ');
  const read = r.chars.filter((c) => c !== '\ufffd');
  const bad = r.chars.length - read.length;
  const what = [
    ...(read.length ? [`read as Windows-1252 "${read.join('')}"`] : []),
    ...(bad ? [`${bad} replaced by U+FFFD (not a letter in Windows-1252)`] : []),
  ].join('; ');
  return {
    severity: 'warning',
    source: 'ingest',
    ruleId: 'invalid-utf8',
    message: `${r.bytes.length} byte(s) on this line are not valid UTF-8 (${hex}): ${what}; the rest of the file is read as UTF-8`,
    file,
    line: r.line,
    column: r.column,
    hint: 'probably pasted from a Windows-1252 text: check the characters, and save the file as UTF-8 to keep them',
  };
}

