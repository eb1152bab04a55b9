import type { Encoding } from '../model/types.js';
import { inputError } from '../model/errors.js';

export interface Decoded {
  /** Decoded text, BOM removed, newlines as in the file. */
  readonly text: string;
  readonly encoding: Exclude<Encoding, 'binary-container'>;
  readonly newline: 'lf' | 'crlf';
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
  let crlf = 0;
  let lf = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    if (i > 0 && text.charCodeAt(i - 1) === 13) crlf++;
    else lf++;
  }
  return crlf > 0 && crlf >= lf ? 'crlf' : 'lf';
}

const BINARY_HINT = 'give a text source (.txt, .md, .vtt, .srt, .csv) or a document (.docx, .odt, .pdf, .xlsx); if this is text, re-save it as UTF-8';

function utf8Strict(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
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

/** Share of characters that are C0/C1 control characters other than tab, CR, LF, FF. */
function controlShare(text: string): number {
  if (text.length === 0) return 0;
  const sample = text.length > 65536 ? text.slice(0, 65536) : text;
  let bad = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0x7f || (c >= 0x80 && c <= 0x9f) || c === 0xfffd) bad++;
  }
  return bad / sample.length;
}

function hasNul(bytes: Uint8Array): boolean {
  return bytes.indexOf(0) !== -1;
}

/**
 * Bytes → text with a deterministic cascade:
 * BOM (UTF-8, UTF-16 LE/BE) → strict UTF-8 → UTF-16 without BOM (NUL in every
 * other byte) → Windows-1252 (iconv-lite; Node 20's TextDecoder maps 0x80–0x9F
 * wrongly). NUL bytes in a non-UTF-16 file, or many control characters, mean a
 * binary file (`binary-file`). `encoding` forces a decoder (`undecodable` when
 * the bytes do not fit it). The text is never renormalised; the BOM is removed.
 */
export async function decodeBytes(bytes: Uint8Array, opts: { file: string; encoding?: string }): Promise<Decoded> {
  const { file } = opts;
  const binary = () =>
    inputError('ingest', 'binary-file', 'this looks like a binary file, not text (it contains NUL or control bytes)', { file, hint: BINARY_HINT });
  const done = (text: string, encoding: Decoded['encoding']): Decoded => {
    if (controlShare(text) > 0.02) throw binary();
    return { text, encoding, newline: detectNewline(text) };
  };

  if (opts.encoding) {
    const forced = parseEncodingOption(opts.encoding);
    const undecodable = (why: string) =>
      inputError('ingest', 'undecodable', `cannot decode the file as ${forced}: ${why}`, {
        file,
        hint: 'leave out --encoding to detect the encoding, or try --encoding windows-1252',
      });
    if (forced === 'utf-8' || forced === 'utf-8-bom') {
      const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
      const t = utf8Strict(hasBom ? bytes.subarray(3) : bytes);
      if (t === undefined) throw undecodable('invalid UTF-8 byte sequence');
      return done(t, hasBom ? 'utf-8-bom' : 'utf-8');
    }
    if (forced === 'utf-16le' || forced === 'utf-16be') {
      const be = forced === 'utf-16be';
      let body = bytes;
      if ((bytes[0] === 0xff && bytes[1] === 0xfe && !be) || (bytes[0] === 0xfe && bytes[1] === 0xff && be)) body = bytes.subarray(2);
      if (body.length % 2 !== 0) throw undecodable('odd number of bytes');
      return done(utf16(body, be), forced);
    }
    if (hasNul(bytes)) throw binary();
    return done(await cp1252(bytes), 'windows-1252');
  }

  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const t = utf8Strict(bytes.subarray(3));
    if (t === undefined) {
      throw inputError('ingest', 'undecodable', 'the file starts with a UTF-8 byte order mark but is not valid UTF-8', {
        file,
        hint: 're-save the file as UTF-8, or force another encoding with --encoding windows-1252',
      });
    }
    if (t.includes('\u0000')) throw binary();
    return done(t, 'utf-8-bom');
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
    return done(utf16(body, be), be ? 'utf-16be' : 'utf-16le');
  }
  const u16 = sniffUtf16(bytes);
  if (u16 && bytes.length % 2 === 0) return done(utf16(bytes, u16 === 'be'), u16 === 'be' ? 'utf-16be' : 'utf-16le');
  if (hasNul(bytes)) throw binary();
  const t = utf8Strict(bytes);
  if (t !== undefined) return done(t, 'utf-8');
  return done(await cp1252(bytes), 'windows-1252');
}

async function cp1252(bytes: Uint8Array): Promise<string> {
  const iconv = (await import('iconv-lite')).default;
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'windows-1252');
}
