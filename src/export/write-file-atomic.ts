import { open, rename, unlink, mkdir, stat, type FileHandle } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Write a file atomically: write a temp file in the same directory, fsync it,
 * rename it over the target, fsync the directory. A crash at any point leaves
 * either the old file or the new one, never a partial file. Concurrent writers
 * each rename a complete file: the last one wins, and the file is always whole.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await writeStreamAtomic(path, (write) => write(data));
}

/**
 * The same guarantees for a file produced in chunks, without holding it in memory: chunks are
 * buffered up to about 1 MB, written to the temp file, and the temp file is renamed over the
 * target only when `produce` has finished. If `produce` throws, the target is untouched.
 */
export async function writeStreamAtomic(
  path: string,
  produce: (write: (chunk: string | Uint8Array) => Promise<void>) => Promise<void>,
): Promise<void> {
  // A device, pipe or socket (e.g. `-o /dev/null`, `-o /dev/stdout`, a named pipe) is written
  // through, never replaced: renaming over it would turn /dev/null into a regular file.
  const existing = await stat(path).catch(() => undefined);
  if (existing && !existing.isFile() && !existing.isDirectory()) {
    const fh = await open(path, 'w');
    try {
      await produce(async (chunk) => void (await fh.write(toBytes(chunk))));
    } finally {
      await fh.close();
    }
    return;
  }
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let fh: FileHandle | undefined;
  try {
    fh = await open(tmp, 'wx', 0o644);
    const out = fh;
    let pending: Array<string | Uint8Array> = [];
    let size = 0;
    const flush = async () => {
      if (!pending.length) return;
      const parts = pending;
      pending = [];
      size = 0;
      await out.write(parts.length === 1 ? toBytes(parts[0]) : Buffer.concat(parts.map(toBytes)));
    };
    await produce(async (chunk) => {
      pending.push(chunk);
      size += chunk.length;
      if (size > 1 << 20) await flush();
    });
    await flush();
    await fh.sync();
    await fh.close();
    fh = undefined;
    await rename(tmp, path);
  } catch (err) {
    if (fh) await fh.close().catch(() => {});
    await unlink(tmp).catch(() => {});
    throw err;
  }
  try {
    const dh = await open(dir, 'r');
    try {
      await dh.sync();
    } finally {
      await dh.close();
    }
  } catch {
    // some file systems do not support fsync on directories; the rename is still atomic
  }
}

const toBytes = (c: string | Uint8Array): Uint8Array => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c);
