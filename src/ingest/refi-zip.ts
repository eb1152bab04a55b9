import { inputError } from '../model/errors.js';

/**
 * A defensive zip reader for `.qdpx` archives. Entry names and declared sizes
 * come from the central directory and are checked BEFORE anything is inflated;
 * inflation is streamed with a running byte counter that stops at the limit,
 * so a lying header cannot blow up memory. Nothing is ever written to disk here.
 */

export interface ZipLimits {
  /** Compressed archive size limit (default 500 MB). */
  readonly maxArchiveBytes?: number;
  /** Total uncompressed size limit (default 2 GB). */
  readonly maxTotalBytes?: number;
  /** Uncompressed:compressed ratio limit (default 200), applied once more than `ratioFloorBytes` are inflated. */
  readonly maxRatio?: number;
  /** Below this many uncompressed bytes the ratio is not checked (default 1 MB: tiny files compress well). */
  readonly ratioFloorBytes?: number;
}

export const DEFAULT_ZIP_LIMITS: Required<ZipLimits> = {
  maxArchiveBytes: 500 * 1024 * 1024,
  maxTotalBytes: 2 * 1024 * 1024 * 1024,
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
};

export interface ZipEntryInfo {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  /** Offset of the local file header. */
  readonly offset: number;
  readonly directory: boolean;
  /** The name was not UTF-8 (no UTF-8 flag, and its bytes are not UTF-8): read as the old DOS code page 437, as zip tools on Windows write it. */
  readonly cp437?: boolean;
}

/** Code page 437, bytes 0x80–0xFF (the names of zip entries written without the UTF-8 flag by Windows tools). */
const CP437_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';
function cp437(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += x < 0x80 ? String.fromCharCode(x) : CP437_HIGH[x - 0x80];
  return s;
}

const SRC = 'ingest';

/** Why an entry name is unsafe, or undefined when it is a plain relative path. */
export function unsafeEntryName(name: string): string | undefined {
  if (name.includes('\0')) return 'contains a NUL character';
  const n = name.replace(/\\/g, '/');
  if (n.startsWith('/')) return 'is an absolute path';
  if (/^[a-zA-Z]:/.test(n)) return 'starts with a drive letter';
  if (n.split('/').some((p) => p === '..')) return 'climbs out of the archive folder (..)';
  return undefined;
}

/** Read the central directory (no inflation). Throws `not-a-qdpx` for anything that is not a zip. */
export function listZipEntries(bytes: Uint8Array, file: string): ZipEntryInfo[] {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const notZip = (why: string) =>
    inputError(SRC, 'not-a-qdpx', `not a REFI-QDA project archive: ${why}`, { file, hint: 'give a .qdpx file exported by ATLAS.ti, NVivo, MAXQDA, QualCoder or `qda refi export` (a zip holding project.qde)' });
  if (bytes.length < 22 || dv.getUint32(0, true) !== 0x04034b50) {
    if (bytes.length >= 22 && dv.getUint32(0, true) === 0x06054b50) return [];
    throw notZip('the file is not a zip archive');
  }
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (dv.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw notZip('the zip has no end-of-central-directory record (truncated?)');
  const count = dv.getUint16(eocd + 10, true);
  let p = dv.getUint32(eocd + 16, true);
  const entries: ZipEntryInfo[] = [];
  const dec = new TextDecoder('utf-8');
  const strict = new TextDecoder('utf-8', { fatal: true });
  for (let k = 0; k < count; k++) {
    if (p + 46 > bytes.length || dv.getUint32(p, true) !== 0x02014b50) throw notZip('the zip central directory is damaged');
    const method = dv.getUint16(p + 10, true);
    let compressedSize = dv.getUint32(p + 20, true);
    let size = dv.getUint32(p + 24, true);
    const nameLen = dv.getUint16(p + 28, true);
    const extraLen = dv.getUint16(p + 30, true);
    const commentLen = dv.getUint16(p + 32, true);
    let offset = dv.getUint32(p + 42, true);
    // (a name without the UTF-8 flag whose bytes are not UTF-8 is code page 437, as Windows zip tools write it: was read
    // as UTF-8 with U+FFFD for each accented letter, and the source it held was "not in the archive")
    const raw = bytes.subarray(p + 46, p + 46 + nameLen);
    const utf8Flag = (dv.getUint16(p + 8, true) & 0x0800) !== 0;
    let name: string;
    let isCp437 = false;
    if (utf8Flag) name = dec.decode(raw);
    else {
      try {
        name = strict.decode(raw);
      } catch {
        name = cp437(raw);
        isCp437 = true;
      }
    }
    // ZIP64 extra field: sizes declared as 0xFFFFFFFF live there
    if (size === 0xffffffff || compressedSize === 0xffffffff || offset === 0xffffffff) {
      let e = p + 46 + nameLen;
      const eEnd = e + extraLen;
      while (e + 4 <= eEnd) {
        const id = dv.getUint16(e, true);
        const len = dv.getUint16(e + 2, true);
        if (id === 0x0001) {
          let q = e + 4;
          const big = () => {
            const v = Number(dv.getBigUint64(q, true));
            q += 8;
            return v;
          };
          if (size === 0xffffffff) size = big();
          if (compressedSize === 0xffffffff) compressedSize = big();
          if (offset === 0xffffffff) offset = big();
        }
        e += 4 + len;
      }
    }
    entries.push({ name, method, compressedSize, size, offset, directory: name.endsWith('/'), ...(isCp437 ? { cp437: true } : {}) });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** Check entry names and declared sizes. Throws `zip-slip` / `zip-bomb`. */
export function checkZipEntries(entries: readonly ZipEntryInfo[], archiveBytes: number, file: string, limits: ZipLimits = {}): void {
  const L = { ...DEFAULT_ZIP_LIMITS, ...limits };
  for (const e of entries) {
    const why = unsafeEntryName(e.name);
    if (why) {
      throw inputError(SRC, 'zip-slip', `refused: the archive entry "${e.name}" ${why}`, {
        file,
        hint: 'this archive tries to write outside the output folder; do not use it, or re-export it from the original tool',
      });
    }
  }
  const total = entries.reduce((a, e) => a + e.size, 0);
  if (total > L.maxTotalBytes) {
    throw inputError(SRC, 'zip-bomb', `refused: the archive declares ${total} uncompressed bytes (limit ${L.maxTotalBytes})`, { file, hint: 'a REFI-QDA project of this size is unusual; check where the file came from' });
  }
  if (total > L.ratioFloorBytes && total / Math.max(1, archiveBytes) > L.maxRatio) {
    throw inputError(SRC, 'zip-bomb', `refused: the archive expands ${Math.round(total / Math.max(1, archiveBytes))}:1 (limit ${L.maxRatio}:1)`, { file, hint: 'this looks like a zip bomb; check where the file came from' });
  }
}

/**
 * Inflate the chosen entries with running limits. `want` selects entries by name.
 * Returns name → bytes. Throws `zip-bomb` as soon as a counter passes a limit.
 */
export async function inflateZipEntries(
  bytes: Uint8Array,
  entries: readonly ZipEntryInfo[],
  want: (e: ZipEntryInfo) => boolean,
  file: string,
  limits: ZipLimits = {},
): Promise<Map<string, Uint8Array>> {
  const L = { ...DEFAULT_ZIP_LIMITS, ...limits };
  const { Inflate } = await import('fflate');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Map<string, Uint8Array>();
  let total = 0;
  let compressedSeen = 0;
  const bomb = (why: string) => inputError(SRC, 'zip-bomb', `refused: ${why}`, { file, hint: 'this looks like a zip bomb or a damaged archive; check where the file came from' });
  const count = (n: number, e: ZipEntryInfo) => {
    total += n;
    if (total > L.maxTotalBytes) throw bomb(`inflating "${e.name}" passes ${L.maxTotalBytes} bytes`);
    if (total > L.ratioFloorBytes && total / Math.max(1, Math.min(compressedSeen, bytes.length)) > L.maxRatio) {
      throw bomb(`inflating "${e.name}" expands more than ${L.maxRatio}:1`);
    }
  };
  for (const e of entries) {
    // (two entries of one name: the first is read, as the reader says; the later one overwrote it without a word)
    if (e.directory || !want(e) || out.has(e.name)) continue;
    const h = e.offset;
    if (h + 30 > bytes.length || dv.getUint32(h, true) !== 0x04034b50) {
      throw inputError(SRC, 'not-a-qdpx', `the zip entry "${e.name}" has no local header (damaged archive)`, { file });
    }
    const start = h + 30 + dv.getUint16(h + 26, true) + dv.getUint16(h + 28, true);
    const end = start + e.compressedSize;
    if (end > bytes.length) throw inputError(SRC, 'not-a-qdpx', `the zip entry "${e.name}" runs past the end of the file (truncated archive)`, { file });
    const data = bytes.subarray(start, end);
    compressedSeen += e.compressedSize;
    if (e.method === 0) {
      count(data.length, e);
      out.set(e.name, data.slice());
      continue;
    }
    if (e.method !== 8) {
      throw inputError(SRC, 'not-a-qdpx', `the zip entry "${e.name}" uses compression method ${e.method}; only stored and deflate are supported`, { file, hint: 're-create the archive with a standard zip tool' });
    }
    const chunks: Uint8Array[] = [];
    let failure: unknown;
    const inf = new Inflate((chunk) => {
      if (failure) return;
      try {
        count(chunk.length, e);
        chunks.push(chunk);
      } catch (err) {
        failure = err;
      }
    });
    const STEP = 64 * 1024;
    try {
      for (let i = 0; i < data.length && !failure; i += STEP) inf.push(data.subarray(i, Math.min(data.length, i + STEP)), i + STEP >= data.length);
      if (data.length === 0) inf.push(new Uint8Array(0), true);
    } catch (err) {
      if (failure) throw failure;
      throw inputError(SRC, 'not-a-qdpx', `the zip entry "${e.name}" cannot be inflated: ${(err as Error).message}`, { file });
    }
    if (failure) throw failure;
    const n = chunks.reduce((a, c) => a + c.length, 0);
    const buf = new Uint8Array(n);
    let o = 0;
    for (const c of chunks) {
      buf.set(c, o);
      o += c.length;
    }
    out.set(e.name, buf);
  }
  return out;
}
