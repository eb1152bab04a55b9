import { readFile, realpath, stat } from 'node:fs/promises';
import type { Encoding } from '../model/types.js';
import { inputError } from '../model/errors.js';
import { writeFileAtomic, type AtomicWriteOptions } from '../export/write-file-atomic.js';
import type { Insert } from './inline.js';

/** How the file is replaced (default writeFileAtomic; a WriteTransaction's write to undo it with other files). */
export type ReplaceFile = (path: string, data: Uint8Array, opts: AtomicWriteOptions) => Promise<void>;

/**
 * Insert marker text into a source file (a human edit the researcher asked for):
 * the bytes are spliced, so everything else — encoding, BOM, CRLF — stays
 * byte-identical. The file on disk must still be `expected` (else it was edited
 * meanwhile and nothing is written). Written atomically with fsync: the new version goes
 * to a temp file that is read back and decoded, and replaces the source (the file a
 * symbolic link points to, with the source's file mode) only when it holds exactly the
 * text meant. Returns the new bytes and text.
 */
export async function writeInlineMarker(
  path: string,
  opts: { expected: Uint8Array; text: string; encoding: Encoding; inserts: readonly Insert[]; file: string; write?: ReplaceFile },
): Promise<{ bytes: Uint8Array; text: string }> {
  const disk = new Uint8Array(await readFile(path));
  if (!sameBytes(disk, opts.expected)) {
    throw inputError('export', 'source-changed', 'the source file changed on disk since the review started; no marker was written', { file: opts.file, hint: 'restart qda review to read the file again' });
  }
  const bom = bomLength(disk, opts.encoding);
  const enc = await encoder(opts.encoding);
  const parts: Uint8Array[] = [];
  let prevByte = 0;
  let newText = opts.text;
  for (const ins of [...opts.inserts].sort((a, b) => a.at - b.at)) {
    const at = bom + enc.length(opts.text.slice(0, ins.at));
    const bytes = enc.encode(ins.text);
    if (enc.decode(bytes) !== ins.text) {
      throw inputError('export', 'unencodable-marker', `the marker ${JSON.stringify(ins.text)} cannot be written in ${opts.encoding}`, { file: opts.file, hint: 'use the file store (codingsStore: file)' });
    }
    parts.push(disk.subarray(prevByte, at), bytes);
    prevByte = at;
  }
  parts.push(disk.subarray(prevByte));
  for (const ins of [...opts.inserts].sort((a, b) => b.at - a.at)) newText = newText.slice(0, ins.at) + ins.text + newText.slice(ins.at);
  const out = concat(parts);
  // verify: decoding the new bytes gives exactly the expected text
  const { decodeBytes } = await import('../ingest/decode.js');
  const check = await decodeBytes(out, { file: opts.file });
  if (check.text !== newText) {
    throw inputError('export', 'marker-roundtrip', 'inserting the marker would not round-trip through the file encoding; nothing was written', { file: opts.file, hint: 'use the file store (codingsStore: file)' });
  }
  const verify = async (back: Uint8Array) => {
    const again = await decodeBytes(back, { file: opts.file });
    if (!sameBytes(back, out) || again.text !== newText) {
      throw inputError('export', 'marker-verify', 'the new version of the source did not read back as written; the source was not changed', { file: opts.file, hint: 'check the disk, then run qda review again' });
    }
  };
  await replaceInPlace(path, out, opts.file, opts.write, verify);
  return { bytes: out, text: newText };
}

/** Put back earlier bytes (undo), when the file is still as we left it. */
export async function writeRestoredSource(path: string, opts: { expected: Uint8Array; previous: Uint8Array; file: string; write?: ReplaceFile }): Promise<void> {
  const disk = new Uint8Array(await readFile(path));
  if (!sameBytes(disk, opts.expected)) {
    throw inputError('export', 'source-changed', 'the source file changed on disk; the marker was not removed', { file: opts.file, hint: 'remove the marker by hand' });
  }
  await replaceInPlace(path, opts.previous, opts.file, opts.write, (back) => {
    if (!sameBytes(back, opts.previous)) throw inputError('export', 'marker-verify', 'the restored source did not read back as written; the source was not changed', { file: opts.file, hint: 'check the disk' });
  });
}

/** Replace a source in place: the file behind a symbolic link, keeping its mode, read back and verified before the rename. */
async function replaceInPlace(path: string, bytes: Uint8Array, shown: string, write: ReplaceFile | undefined, verify: (back: Uint8Array) => void | Promise<void>): Promise<void> {
  const real = await realpath(path).catch(() => path);
  const mode = (await stat(real).catch(() => undefined))?.mode;
  const opts: AtomicWriteOptions = { shown, readBack: true, verify, ...(mode !== undefined ? { mode: mode & 0o7777 } : {}) };
  await (write ?? writeFileAtomic)(real, bytes, opts);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function bomLength(bytes: Uint8Array, encoding: Encoding): number {
  if (encoding === 'utf-8-bom') return 3;
  if ((encoding === 'utf-16le' && bytes[0] === 0xff && bytes[1] === 0xfe) || (encoding === 'utf-16be' && bytes[0] === 0xfe && bytes[1] === 0xff)) return 2;
  return 0;
}

async function encoder(encoding: Encoding): Promise<{ length: (s: string) => number; encode: (s: string) => Uint8Array; decode: (b: Uint8Array) => string }> {
  switch (encoding) {
    case 'utf-8':
    case 'utf-8-bom':
      return { length: (s) => Buffer.byteLength(s, 'utf8'), encode: (s) => new Uint8Array(Buffer.from(s, 'utf8')), decode: (b) => Buffer.from(b).toString('utf8') };
    case 'utf-16le':
      return { length: (s) => s.length * 2, encode: (s) => new Uint8Array(Buffer.from(s, 'utf16le')), decode: (b) => Buffer.from(b).toString('utf16le') };
    case 'utf-16be': {
      const swap = (b: Uint8Array) => {
        const o = new Uint8Array(b.length);
        for (let i = 0; i + 1 < b.length; i += 2) {
          o[i] = b[i + 1];
          o[i + 1] = b[i];
        }
        return o;
      };
      return { length: (s) => s.length * 2, encode: (s) => swap(new Uint8Array(Buffer.from(s, 'utf16le'))), decode: (b) => Buffer.from(swap(b)).toString('utf16le') };
    }
    case 'windows-1252': {
      const iconv = (await import('iconv-lite')).default;
      return { length: (s) => s.length, encode: (s) => new Uint8Array(iconv.encode(s, 'windows-1252')), decode: (b) => iconv.decode(Buffer.from(b), 'windows-1252') };
    }
    default:
      throw inputError('export', 'not-inline', `inline markers cannot be written into a ${encoding} file`, { hint: 'use the file store (codingsStore: file)' });
  }
}
