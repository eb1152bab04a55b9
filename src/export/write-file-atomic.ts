import * as fsp from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { dirname, basename, join, resolve } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { AsyncLocalStorage } from 'node:async_hooks';
import { QdaInputError, inputError } from '../model/errors.js';

/**
 * The one module through which qdakit writes files. Every write is complete or does not
 * happen: the bytes go to a hidden temp file beside the target (`.NAME.PID.HEX.tmp`), every
 * short write is continued until all bytes are written, the temp file is fsynced and only
 * then renamed over the target (and the folder fsynced). On any failure the temp file is
 * removed, the target is untouched and an input error (exit 2) names the target, what
 * happened and what to do (for a full disk: how much is free).
 *
 * Hidden temp and spool files of runs that were killed (the process id in their name no
 * longer runs) are removed by the next write to the same target.
 */

/** What this module needs of a file handle (node's FileHandle has it). */
export interface AtomicFileHandle {
  write(buffer: Uint8Array, offset: number, length: number, position: number | null): Promise<{ bytesWritten: number }>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** The file-system calls this module makes: replaceable in tests (a disk that fills up, short writes). */
export interface AtomicFs {
  open(path: string, flags: string, mode?: number): Promise<AtomicFileHandle>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  rm(path: string): Promise<void>;
  link(from: string, to: string): Promise<void>;
  copyFile(from: string, to: string): Promise<void>;
  mkdir(path: string): Promise<void>;
  stat(path: string): Promise<Stats>;
  readFile(path: string): Promise<Uint8Array>;
  readdir(path: string): Promise<string[]>;
  /** Bytes free for this user on the disk that holds `path`. */
  free(path: string): Promise<number | undefined>;
}

/**
 * `mkdir -p`: the folder and any missing parents, one at a time from the deepest that exists.
 * (Node's own recursive mkdir never returns where a folder exists but refuses a new one with
 * ENOENT, as /proc does: `-o /proc/x/out.csv` hung for ever. Here that is the error it is.)
 */
export async function makeFolders(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let d = resolve(dir); ; ) {
    const st = await fsp.stat(d).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? undefined : Promise.reject(e)));
    if (st) {
      if (!st.isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${dir}'`), { code: 'ENOTDIR', path: d });
      break;
    }
    missing.push(d);
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  for (let i = missing.length - 1; i >= 0; i--) {
    try {
      await fsp.mkdir(missing[i]);
    } catch (e) {
      // (made meanwhile by another writer: fine if it is a folder)
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || !(await fsp.stat(missing[i]).then((st) => st.isDirectory(), () => false))) throw e;
    }
  }
}

const realFs: AtomicFs = {
  open: (p, f, m) => fsp.open(p, f, m),
  rename: (a, b) => fsp.rename(a, b),
  unlink: (p) => fsp.unlink(p),
  rm: (p) => fsp.rm(p, { recursive: true, force: true }),
  link: (a, b) => fsp.link(a, b),
  copyFile: (a, b) => fsp.copyFile(a, b, fsp.constants.COPYFILE_EXCL),
  mkdir: (p) => makeFolders(p),
  stat: (p) => fsp.stat(p),
  readFile: async (p) => new Uint8Array(await fsp.readFile(p)),
  readdir: (p) => fsp.readdir(p),
  free: async (p) => {
    try {
      const s = await fsp.statfs(p);
      return Number(s.bavail) * Number(s.bsize);
    } catch {
      return undefined;
    }
  },
};

let layer: AtomicFs = realFs;

/**
 * The files a command wrote, in order (each target as its messages name it), for main (cli/main.ts):
 * when a later output of the same run fails, the error said of the failed one only that "no file
 * was written", and the ones written before were not named. `written.run(list, …)` collects them.
 */
export const written = new AsyncLocalStorage<Array<{ readonly path: string; readonly shown: string }>>();

/** A written file that was put back as it was (the guard of qda code): not among the written ones. */
export function unwritten(path: string): void {
  const list = written.getStore();
  if (!list) return;
  for (let i = list.length - 1; i >= 0; i--) if (list[i].path === path) list.splice(i, 1);
}

function wrote(path: string, shown: string): void {
  const list = written.getStore();
  if (!list) return;
  unwritten(path);
  list.push({ path, shown });
}

/** Written bytes between the background syncs of a large file (see writeStreamAtomic). */
const EARLY_SYNC_BYTES = 8 << 20;

/**
 * A large file synced as it grows: after each EARLY_SYNC_BYTES written (`poke` after each write),
 * an fsync in the background while the producer goes on, so that the fsync before the rename has
 * little left to flush (it was the last ≈ 40 ms of a 50 MB run). `settle` waits for the one in
 * flight and throws the first that failed; `quiet` waits without throwing (before a close).
 */
function earlySyncs(fh: AtomicFileHandle, w: { readonly written: number }): { poke(): void; settle(): Promise<void>; quiet(): Promise<void> } {
  let early: Promise<void> | undefined;
  let failed: { err: unknown } | undefined;
  let synced = 0;
  return {
    poke() {
      if (early || w.written - synced < EARLY_SYNC_BYTES) return;
      synced = w.written;
      early = fh.sync().then(
        () => void (early = undefined),
        (err: unknown) => void ((failed ??= { err }), (early = undefined)),
      );
    },
    async settle() {
      if (early) await early;
      if (failed) await own(Promise.reject(failed.err));
    },
    async quiet() {
      if (early) await early;
    },
  };
}

/** Errors thrown by this module's own file-system calls (others, e.g. of a producer reading its input, pass through as they are). */
const ours = new WeakSet<object>();
async function own<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    if (err && typeof err === 'object') ours.add(err);
    throw err;
  }
}

/** Tests: replace some of the file-system calls (e.g. `open` with a handle that runs out of space). Returns the undo. */
export function setAtomicFsForTests(over: Partial<AtomicFs>): () => void {
  const before = layer;
  layer = { ...realFs, ...over };
  return () => void (layer = before);
}

/** The real calls (for a test layer that wraps them). */
export const realAtomicFs: Readonly<AtomicFs> = realFs;

export interface AtomicWriteOptions {
  /** How to name the target in messages (default: its path as given). */
  readonly shown?: string;
  /**
   * Read the temp file back before renaming it over the target and check that it holds
   * exactly the bytes written; `verify` may check more (e.g. the decoded text).
   */
  readonly readBack?: boolean;
  readonly verify?: (bytes: Uint8Array) => void | Promise<void>;
  /** The size of the whole output in bytes, when known (for the message on a full disk). */
  readonly size?: number;
  /** File mode of the new file (default 0o644; e.g. the mode of a source edited in place). */
  readonly mode?: number;
}

/**
 * Write a file atomically: write a temp file in the same directory, fsync it,
 * rename it over the target, fsync the directory. A crash at any point leaves
 * either the old file or the new one, never a partial file. Concurrent writers
 * each rename a complete file: the last one wins, and the file is always whole.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, opts: AtomicWriteOptions = {}): Promise<void> {
  await writeStreamAtomic(path, (write) => write(data), { size: typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : data.length, ...opts });
}

/**
 * The same guarantees for a file produced in chunks, without holding it in memory: chunks are
 * buffered up to about 1 MB, written to the temp file, and the temp file is renamed over the
 * target only when `produce` has finished. If `produce` throws, the target is untouched.
 */
export async function writeStreamAtomic(
  path: string,
  produce: (write: (chunk: string | Uint8Array) => Promise<void>) => Promise<void>,
  opts: AtomicWriteOptions = {},
): Promise<void> {
  const shown = opts.shown ?? path;
  // A symbolic link is written through: its target gets the new content and the link stays (the
  // rename made a file of the link, and its target kept the old content). The guard of every
  // command (cli/guard.ts) says so, and refuses a target that is one of the command's inputs.
  path = await linkTarget(path);
  // A device, pipe or socket (e.g. `-o /dev/null`, `-o /dev/stdout`, a named pipe) is written
  // through, never replaced: renaming over it would turn /dev/null into a regular file.
  const existing = await layer.stat(path).catch(() => undefined);
  if (existing && !existing.isFile() && !existing.isDirectory()) {
    const w = { written: 0 };
    let fh: AtomicFileHandle | undefined;
    try {
      fh = await own(layer.open(path, 'w'));
      const out = fh;
      await produce(async (chunk) => writeAll(out, toBytes(chunk), w));
      await own(fh.close());
      fh = undefined;
    } catch (err) {
      if (fh) await fh.close().catch(() => {});
      throw await writeFailure(err, { target: path, shown, written: w.written, existed: true, device: true });
    }
    return;
  }
  if (existing?.isDirectory()) {
    throw writeFailureOf('EISDIR', { target: path, shown, written: 0, existed: true });
  }
  const dir = dirname(path);
  try {
    await own(layer.mkdir(dir));
  } catch (err) {
    throw await writeFailure(err, { target: path, shown, written: 0, existed: !!existing, phase: 'folder' });
  }
  await removeLeftovers(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const w = { written: 0 };
  const hash = opts.readBack || opts.verify ? createHash('sha256') : undefined;
  let fh: AtomicFileHandle | undefined;
  let created = false;
  try {
    fh = await own(layer.open(tmp, 'wx', opts.mode ?? 0o644));
    created = true;
    const out = fh;
    let pending: Array<string | Uint8Array> = [];
    let size = 0;
    const flush = async () => {
      if (!pending.length) return;
      const parts = pending;
      pending = [];
      size = 0;
      const bytes = parts.length === 1 ? toBytes(parts[0]) : Buffer.concat(parts.map(toBytes));
      hash?.update(bytes);
      await writeAll(out, bytes, w);
    };
    const early = earlySyncs(out, w);
    await produce(async (chunk) => {
      pending.push(chunk);
      size += chunk.length;
      if (size > 1 << 20) {
        await flush();
        early.poke();
      }
    });
    await flush();
    await early.settle();
    await own(fh.sync());
    await own(fh.close());
    fh = undefined;
    if (hash) {
      const back = await own(layer.readFile(tmp));
      if (back.length !== w.written || createHash('sha256').update(back).digest('hex') !== hash.digest('hex')) {
        await own(Promise.reject(Object.assign(new Error(`the file read back (${back.length} bytes) differs from what was written (${w.written} bytes)`), { code: 'EIO' })));
      }
      await opts.verify?.(back);
    }
    await own(layer.rename(tmp, path));
    wrote(path, shown);
  } catch (err) {
    if (fh) await fh.close().catch(() => {});
    if (created) await layer.unlink(tmp).catch(() => {});
    throw await writeFailure(err, { target: path, shown, written: w.written, size: opts.size, existed: !!existing, phase: created ? undefined : 'folder' });
  }
  await syncDir(dir);
}

/**
 * The file a path names once symbolic links are followed (also a link whose target does not exist
 * yet: that target, as a shell's `>` makes it); the path itself when it is no link. A loop of
 * links is left to the write, which says ELOOP.
 */
export async function linkTarget(path: string): Promise<string> {
  let p = path;
  for (let hops = 0; hops < 40; hops++) {
    const st = await fsp.lstat(p).catch(() => undefined);
    if (!st?.isSymbolicLink()) return p;
    const to = await fsp.readlink(p).catch(() => undefined);
    if (to === undefined) return p;
    p = resolve(dirname(p), to);
  }
  return path;
}

async function syncDir(dir: string): Promise<void> {
  try {
    const dh = await layer.open(dir, 'r');
    try {
      await dh.sync();
    } finally {
      await dh.close();
    }
  } catch {
    // some file systems do not support fsync on directories; the rename is still atomic
  }
}

/** Write all of `bytes`, continuing after short writes. */
async function writeAll(fh: AtomicFileHandle, bytes: Uint8Array, w: { written: number }): Promise<void> {
  let off = 0;
  let stalls = 0;
  while (off < bytes.length) {
    const { bytesWritten } = await own(fh.write(bytes, off, bytes.length - off, null));
    if (!(bytesWritten > 0)) {
      // a regular file that takes no bytes and gives no error: try a few times, then give up
      if (++stalls >= 3) await own(Promise.reject(Object.assign(new Error(`the file system took 0 of ${bytes.length - off} bytes`), { code: 'EIO' })));
      continue;
    }
    stalls = 0;
    off += bytesWritten;
    w.written += bytesWritten;
  }
}

const toBytes = (c: string | Uint8Array): Uint8Array => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c);

/** Errors of the file system that are the user's to fix (disk full, permissions, …): exit 2, not a bug. */
const WRITE_CODES = new Set(['ENOSPC', 'EDQUOT', 'EIO', 'EROFS', 'EACCES', 'EPERM', 'EISDIR', 'ENOTDIR', 'EEXIST', 'EFBIG', 'ENAMETOOLONG', 'EMFILE', 'ENFILE', 'EBUSY', 'ETXTBSY', 'ENOENT', 'ELOOP']);

interface FailureContext {
  readonly target: string;
  readonly shown: string;
  /** Bytes written before the failure. */
  readonly written: number;
  /** Bytes of the whole output, when known. */
  readonly size?: number;
  /** The target existed before (then it is unchanged). */
  readonly existed: boolean;
  /** The failure was in making the folder or the temp file (not in writing it). */
  readonly phase?: 'folder';
  readonly device?: boolean;
}

/** KB/MB/GB, one decimal. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v >= 100 ? Math.round(v) : v.toFixed(1)} ${units[u]}`;
}

/** An input error for a failed write (or `err` itself when it is not a file-system error). */
export async function writeFailure(err: unknown, ctx: FailureContext): Promise<unknown> {
  if (err instanceof QdaInputError) return err;
  const code = (err as NodeJS.ErrnoException)?.code;
  if (!code || !WRITE_CODES.has(code) || !ours.has(err as object)) return err;
  let free: number | undefined;
  if (code === 'ENOSPC' || code === 'EDQUOT') free = await layer.free(dirname(ctx.target)).catch(() => undefined);
  return writeFailureOf(code, ctx, free, (err as Error).message);
}

function writeFailureOf(code: string, ctx: FailureContext, free?: number, raw?: string): QdaInputError {
  // (a file of a staged folder, tempFolderFor: the folder the stage is in, not the hidden stage)
  const dir = dirname(ctx.target).replace(/[\\/]\.[^\\/]+\.\d+\.[0-9a-f]{12}\.tmpdir(?:[\\/].*)?$/, '');
  const kept = ctx.device ? '' : ctx.existed ? '; the existing file is unchanged' : '; no file was written';
  const elsewhere = 'or write the output somewhere else (-o)';
  let what: string;
  let hint: string;
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT': {
      const full = code === 'ENOSPC' ? 'the disk is full' : 'the disk quota is used up';
      const parts: string[] = [];
      if (ctx.size !== undefined) parts.push(`the output needs ${formatBytes(ctx.size)}`);
      else if (ctx.written) parts.push(`it stopped after ${formatBytes(ctx.written)}`);
      if (free !== undefined) parts.push(`${formatBytes(free)} free`);
      what = full + (parts.length ? ` (${parts.join(', ')})` : '');
      const need = ctx.size !== undefined && free !== undefined && ctx.size > free ? `at least ${formatBytes(ctx.size - free)}` : ctx.written ? `more than ${formatBytes(ctx.written)}` : 'some space';
      hint = `free ${need} on the disk that holds ${dir}, ${elsewhere}`;
      break;
    }
    case 'EIO':
      what = `the disk reported an input/output error${raw && !/^EIO\b/.test(raw) ? ` (${raw.replace(/^[A-Z]+: /, '')})` : ''}`;
      hint = `check the disk or network share that holds ${dir}, ${elsewhere}`;
      break;
    case 'EROFS':
      what = 'the file system is read-only';
      hint = `write the output to a writable folder (-o)`;
      break;
    case 'EACCES':
    case 'EPERM':
      what = ctx.phase === 'folder' ? `no permission to write in the folder ${dir}` : 'no permission to write or replace this file';
      hint = `check the permissions of ${ctx.phase === 'folder' ? 'that folder' : 'the file and its folder'}, ${elsewhere}`;
      break;
    case 'EISDIR':
      what = 'this is a folder, not a file';
      hint = `give a file name, e.g. ${join(ctx.shown, basename(ctx.target).includes('.') ? basename(ctx.target) : 'output')}`;
      break;
    case 'ENOTDIR':
    case 'EEXIST':
      what = 'a part of the path is a file, not a folder';
      hint = 'check the path of the output';
      break;
    case 'ENOENT':
      // (in the folder phase: its folder could not be made, e.g. under /proc, which has no new folders)
      what = ctx.phase === 'folder' ? `the folder ${dir} cannot be made there` : 'the folder disappeared while writing';
      hint = ctx.phase === 'folder' ? 'give an output path in a folder that exists or can be made (not under /proc or /sys)' : 'check the path of the output and run again';
      break;
    case 'EFBIG':
      what = 'the file is too large for this file system';
      hint = `write the output to another disk (-o)`;
      break;
    case 'ENAMETOOLONG':
      what = 'the file name is too long';
      hint = 'choose a shorter path';
      break;
    case 'ELOOP':
      what = 'the path has a loop of symbolic links';
      hint = 'check the path of the output';
      break;
    default:
      what = `the file could not be written (${raw ?? code})`;
      hint = `close other programs that hold files open, ${elsewhere}`;
  }
  return inputError('io', code.toLowerCase(), `cannot write the output: ${what}${kept}`, { file: ctx.shown, hint });
}

/**
 * A process with this id is running (or cannot be asked: then it counts as running). A zombie (a
 * process killed and not yet reaped by its parent, which signal 0 still finds) runs no more: a
 * review killed a moment ago held its decisions file's lock "alive" until then.
 */
export function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // (Linux: the state letter after the command name in parentheses; elsewhere no such file)
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat[stat.lastIndexOf(')') + 2] !== 'Z';
  } catch {
    return true;
  }
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Remove the hidden temp files, spool files, backups and temp folders that runs writing `target`
 * left when they were killed: `.NAME.PID.HEX.tmp|spool|bak|tmpdir` beside it whose process
 * is gone. Files of running processes (this one included) are never touched. Returns the
 * names removed.
 */
export async function removeLeftovers(target: string): Promise<string[]> {
  const dir = dirname(target);
  const re = new RegExp(`^\\.${escapeRe(basename(target))}\\.(\\d+)\\.[0-9a-f]+\\.(tmp|spool|tmpdir|bak)$`);
  const names = await layer.readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const n of names) {
    const m = re.exec(n);
    if (!m || alive(Number(m[1]))) continue;
    try {
      if (m[2] === 'tmpdir') await layer.rm(join(dir, n));
      else await layer.unlink(join(dir, n));
      removed.push(n);
    } catch {
      // gone already, or not ours to remove: leave it
    }
  }
  return removed;
}

/** A hidden temp path beside `target` for a folder built before it is renamed into place. */
export function tempFolderFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmpdir`);
}

/** A spool: a temporary file of lines beside `target` (for rows that must wait), read back line by line. */
export interface Spool {
  /** One line or more, each ending in a line break (text, or its UTF-8 bytes). */
  write(line: string | Uint8Array): Promise<void>;
  lines(): AsyncIterable<string>;
  /** The bytes written, in chunks as read back (closes the spool for writing, as `lines()`). */
  chunks(): AsyncIterable<Uint8Array>;
  /**
   * Make the spool the target file itself, when what was written is the whole output (no copy):
   * it is synced and renamed over the target, then the folder is synced, as writeStreamAtomic
   * does with its temp file (the target is replaced whole or not at all; a failure is an input
   * error naming the target). Open the spool with the file's mode (`mode`) for this, and with
   * `asFile` to have it synced as it grows (then the last fsync has little left). Afterwards
   * the spool is gone and `remove()` does nothing.
   */
  commit(): Promise<void>;
  remove(): Promise<void>;
}

/**
 * Open a spool beside `target` (`.NAME.PID.HEX.spool`, mode 600). Writes continue after
 * short writes; a failed write (full disk, …) is an input error naming the target. The
 * caller removes it (`remove()`) when done or failed; a killed run's spool is removed by
 * the next write to the same target.
 */
export async function openSpool(target: string, opts: { shown?: string; mode?: number; asFile?: boolean } = {}): Promise<Spool> {
  const { createReadStream } = await import('node:fs');
  const shown = opts.shown ?? target;
  const dir = dirname(target);
  const existed = !!(await layer.stat(target).catch(() => undefined));
  try {
    await own(layer.mkdir(dir));
  } catch (err) {
    throw await writeFailure(err, { target, shown, written: 0, existed, phase: 'folder' });
  }
  await removeLeftovers(target);
  const path = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.spool`);
  let fh: AtomicFileHandle;
  try {
    fh = await own(layer.open(path, 'wx', opts.mode ?? 0o600));
  } catch (err) {
    throw await writeFailure(err, { target, shown, written: 0, existed, phase: 'folder' });
  }
  let closed = false;
  let pending: Array<string | Uint8Array> = [];
  let size = 0;
  const w = { written: 0 };
  let committed = false;
  // (a spool that will mostly become the file is synced as it grows, as writeStreamAtomic's file)
  const early = opts.asFile ? earlySyncs(fh, w) : undefined;
  const flush = async () => {
    if (!pending.length) return;
    const parts = pending;
    pending = [];
    size = 0;
    const data = parts.every((p) => typeof p === 'string') ? Buffer.from(parts.join(''), 'utf8') : parts.length === 1 ? (parts[0] as Uint8Array) : Buffer.concat(parts.map(toBytes));
    try {
      await writeAll(fh, data, w);
    } catch (err) {
      // (removed first, so that the free space reported is what there is without it)
      await early?.quiet();
      closed = true;
      await fh.close().catch(() => {});
      await layer.unlink(path).catch(() => {});
      throw await writeFailure(err, { target, shown, written: w.written, existed });
    }
  };
  return {
    async write(line) {
      pending.push(line);
      size += line.length;
      if (size > 1 << 20) {
        await flush();
        early?.poke();
      }
    },
    async *lines() {
      await flush();
      await early?.quiet();
      if (!closed) {
        closed = true;
        await fh.close();
      }
      // (lines are JSON: no raw line breaks inside; split by hand, readline's splitting costs more)
      // (the start of a line that spans chunks waits in `carry`, searched no more)
      let carry: string[] = [];
      for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
        const text = chunk as string;
        let from = 0;
        for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', from)) {
          const line = carry.length ? carry.join('') + text.slice(from, at) : text.slice(from, at);
          carry = [];
          if (line) yield line;
          from = at + 1;
        }
        if (from < text.length) carry.push(text.slice(from));
      }
      if (carry.length) yield carry.join('');
    },
    async *chunks() {
      await flush();
      await early?.quiet();
      if (!closed) {
        closed = true;
        await fh.close();
      }
      for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) yield chunk as Uint8Array;
    },
    async commit() {
      await flush();
      try {
        if (closed) await own(Promise.reject(Object.assign(new Error('the spool was closed before it was committed'), { code: 'EIO' })));
        await early?.settle();
        await own(fh.sync());
        closed = true;
        await own(fh.close());
        await own(layer.rename(path, target));
        committed = true;
      } catch (err) {
        if (!closed) {
          closed = true;
          await fh.close().catch(() => {});
        }
        await layer.unlink(path).catch(() => {});
        throw await writeFailure(err, { target, shown, written: w.written, existed });
      }
      await syncDir(dir);
    },
    async remove() {
      if (committed) return;
      await early?.quiet();
      if (!closed) {
        closed = true;
        await fh.close().catch(() => {});
      }
      await layer.unlink(path).catch(() => {});
    },
  };
}

/**
 * Replacements of several files that stand or fall together (e.g. a source edited in place
 * and the decisions file that records the edit). Before a file is first replaced, its
 * current version is kept under a hidden name (`.NAME.PID.HEX.bak`, a hard link: it takes
 * no disk space; a copy where links are not possible). `rollback()` renames every kept
 * version back, so the files are byte-identical to before the first write, without needing
 * disk space; `commit()` removes the kept versions.
 */
export class WriteTransaction {
  private readonly kept = new Map<string, string | null>();

  /** writeFileAtomic, remembering the file as it was before this transaction's first write to it. */
  async write(path: string, data: string | Uint8Array, opts: AtomicWriteOptions = {}): Promise<void> {
    if (!this.kept.has(path)) {
      const st = await layer.stat(path).catch(() => undefined);
      if (st?.isFile()) {
        const backup = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.bak`);
        try {
          await own(layer.link(path, backup));
        } catch {
          try {
            await own(layer.copyFile(path, backup));
          } catch (err) {
            await layer.unlink(backup).catch(() => {});
            throw await writeFailure(err, { target: path, shown: opts.shown ?? path, written: 0, size: st.size, existed: true });
          }
        }
        this.kept.set(path, backup);
      } else this.kept.set(path, null);
    }
    await writeFileAtomic(path, data, opts);
  }

  /** Put every file back as it was before the first write (a file that did not exist is removed). */
  async rollback(): Promise<void> {
    const failed: string[] = [];
    for (const [path, backup] of [...this.kept].reverse()) {
      try {
        if (backup) {
          // (still the same file — never replaced: the kept link is just removed; rename would do nothing)
          const [a, b] = await Promise.all([layer.stat(backup), layer.stat(path).catch(() => undefined)]);
          if (b && a.ino === b.ino && a.dev === b.dev) await layer.unlink(backup);
          else await layer.rename(backup, path);
        } else await layer.unlink(path).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? undefined : Promise.reject(e)));
        await syncDir(dirname(path));
      } catch {
        failed.push(backup ? `${path} (its previous version is in ${backup})` : path);
      }
    }
    this.kept.clear();
    if (failed.length) {
      throw inputError('io', 'rollback-failed', `could not put back ${failed.join(', ')}`, { hint: 'rename the kept previous version back by hand' });
    }
  }

  /** Keep the new versions: remove the kept previous ones. */
  async commit(): Promise<void> {
    for (const backup of this.kept.values()) if (backup) await layer.unlink(backup).catch(() => {});
    this.kept.clear();
  }
}
