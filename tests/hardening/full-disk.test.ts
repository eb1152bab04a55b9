/**
 * Every write is complete or does not happen (issue 13, item 1): writeFileAtomic continues
 * after short writes; on a full disk (ENOSPC/EDQUOT), an I/O error, a read-only file system
 * or a permission error the target keeps its old bytes, no temp file is left, and the error
 * (exit 2) names the target — not the hidden temp file — with what happened and what to do.
 * The file system is an injected layer (setAtomicFsForTests): a disk with a byte budget, a
 * disk that takes a few bytes per call. Every command that writes is run through main().
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { QdaInputError } from '../../src/model/errors.js';
import { openSpool, realAtomicFs, removeLeftovers, setAtomicFsForTests, writeFileAtomic, writeStreamAtomic, type AtomicFileHandle, type AtomicFs } from '../../src/export/write-file-atomic.js';

const root = resolve(__dirname, '../..');
let work: string;
let restore: (() => void) | undefined;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'qda-fulldisk-'));
  cpSync(join(root, 'samples'), join(work, 'samples'), { recursive: true });
  // (transcripts without a project file or front matter: a CSV of segments without attribute columns)
  mkdirSync(join(work, 'plain'));
  for (const f of ['jongerenwerker-01.txt', 'wijkcoach-01.txt']) cpSync(join(root, 'samples/interviews', f), join(work, 'plain', f));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));
afterEach(() => {
  restore?.();
  restore = undefined;
});

const errnoError = (code: string, syscall = 'write') => Object.assign(new Error(`${code}: simulated, ${syscall}`), { code, syscall });

/** A handle that passes writes to the real one through `write` (the fake decides how many bytes go). */
function wrap(fh: AtomicFileHandle, write: (buf: Uint8Array, off: number, len: number) => Promise<{ bytesWritten: number }>): AtomicFileHandle {
  return { write: (buf, off, len) => write(buf, off, len).then(async (r) => (r.bytesWritten ? fh.write(buf, off, r.bytesWritten, null) : r)), sync: () => fh.sync(), close: () => fh.close() };
}

/** A disk with `budget` bytes left: a write beyond it is short, the next one ENOSPC (as Linux does). */
function fullDisk(budget: number, code = 'ENOSPC'): { restore: () => void; calls: () => number } {
  let left = budget;
  let calls = 0;
  const r = setAtomicFsForTests({
    open: async (p, f, m) => {
      const fh = await realAtomicFs.open(p, f, m);
      if (f === 'r') return fh;
      return wrap(fh, async (_b, _o, len) => {
        calls++;
        if (left <= 0) throw errnoError(code);
        const n = Math.min(len, left);
        left -= n;
        return { bytesWritten: n };
      });
    },
    // (what is free once the temp file is gone: the budget)
    free: async () => budget,
  });
  return { restore: r, calls: () => calls };
}

function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(relative(dir, p), createHash('sha256').update(readFileSync(p)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

describe('writeFileAtomic: short writes', () => {
  it('a disk that takes at most 7 bytes per call still gets the whole file (the writes are continued)', async () => {
    const dir = mkdtempSync(join(work, 'short-'));
    let calls = 0;
    restore = setAtomicFsForTests({
      open: async (p, f, m) => {
        const fh = await realAtomicFs.open(p, f, m);
        return f === 'r' ? fh : wrap(fh, async (_b, _o, len) => (calls++, { bytesWritten: Math.min(7, len) }));
      },
    });
    const text = 'één regel met ümlauts 😀\n'.repeat(200);
    await writeFileAtomic(join(dir, 'out.txt'), text);
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toBe(text);
    expect(calls).toBe(Math.ceil(Buffer.byteLength(text) / 7));
    // also for chunks of a stream and for the spool of `qda code --format csv`
    await writeStreamAtomic(join(dir, 'stream.txt'), async (write) => {
      for (let i = 0; i < 50; i++) await write(`regel ${i}\n`);
    });
    expect(readFileSync(join(dir, 'stream.txt'), 'utf8')).toBe(Array.from({ length: 50 }, (_, i) => `regel ${i}\n`).join(''));
    const spool = await openSpool(join(dir, 'rows.csv'));
    for (let i = 0; i < 100; i++) await spool.write(`["row ${i}"]\n`);
    const back: string[] = [];
    for await (const l of spool.lines()) back.push(l);
    await spool.remove();
    expect(back).toEqual(Array.from({ length: 100 }, (_, i) => `["row ${i}"]`));
    expect(readdirSync(dir).sort()).toEqual(['out.txt', 'stream.txt']);
  });

  it('a disk that takes 0 bytes without an error is an I/O error, not an endless loop', async () => {
    const dir = mkdtempSync(join(work, 'zero-'));
    writeFileSync(join(dir, 'out.txt'), 'old');
    restore = setAtomicFsForTests({
      open: async (p, f, m) => {
        const fh = await realAtomicFs.open(p, f, m);
        return f === 'r' ? fh : wrap(fh, async () => ({ bytesWritten: 0 }));
      },
    });
    const err = await writeFileAtomic(join(dir, 'out.txt'), 'new text', { shown: 'out.txt' }).catch((e) => e);
    expect(err).toBeInstanceOf(QdaInputError);
    expect(err.diagnostics[0]).toMatchObject({ file: 'out.txt', ruleId: 'eio' });
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['out.txt']);
  });
});

describe('writeFileAtomic: failures leave the target as it was', () => {
  it('full disk: the old file is unchanged, the temp file removed, the message names the target and the free space', async () => {
    const dir = mkdtempSync(join(work, 'enospc-'));
    const target = join(dir, 'codings.json');
    writeFileSync(target, '{"old": true}\n');
    const disk = fullDisk(5000);
    restore = disk.restore;
    const err = await writeFileAtomic(target, 'x'.repeat(20_000), { shown: 'codings.json' }).catch((e) => e);
    expect(err).toBeInstanceOf(QdaInputError);
    const d = err.diagnostics[0];
    expect(d).toMatchObject({ file: 'codings.json', ruleId: 'enospc', source: 'io' });
    expect(d.message).toContain('the disk is full (the output needs 19.5 KB, 4.9 KB free)');
    expect(d.message).toContain('the existing file is unchanged');
    expect(d.hint).toContain('free at least 14.6 KB');
    expect(d.message).not.toMatch(/\.tmp/);
    expect(disk.calls()).toBeGreaterThan(1); // the short write was continued until the disk said no
    expect(readFileSync(target, 'utf8')).toBe('{"old": true}\n');
    expect(readdirSync(dir)).toEqual(['codings.json']);
  });

  it.each([
    ['EDQUOT', 'write', 'the disk quota is used up'],
    ['EIO', 'write', 'input/output error'],
    ['EROFS', 'open', 'the file system is read-only'],
    ['EACCES', 'open', 'no permission to write'],
    ['EPERM', 'rename', 'no permission to write or replace this file'],
  ])('%s in %s: exit-2 error naming the target, old bytes kept, no temp file', async (code, where, text) => {
    const dir = mkdtempSync(join(work, `${code}-`));
    const target = join(dir, 'out.csv');
    writeFileSync(target, 'a,b\n1,2\n');
    const over: Partial<AtomicFs> =
      where === 'open'
        ? { open: async (p, f, m) => (f === 'r' ? realAtomicFs.open(p, f, m) : Promise.reject(errnoError(code, 'open'))) }
        : where === 'rename'
          ? { rename: async () => Promise.reject(errnoError(code, 'rename')) }
          : { open: async (p, f, m) => { const fh = await realAtomicFs.open(p, f, m); return f === 'r' ? fh : wrap(fh, () => Promise.reject(errnoError(code))); } };
    restore = setAtomicFsForTests(over);
    const err = await writeFileAtomic(target, 'c,d\n3,4\n', { shown: 'results/out.csv' }).catch((e) => e);
    expect(err).toBeInstanceOf(QdaInputError);
    expect(err.diagnostics[0].file).toBe('results/out.csv');
    expect(err.diagnostics[0].message).toContain(text);
    expect(err.message).not.toMatch(/\.out\.csv\.\d+/);
    expect(readFileSync(target, 'utf8')).toBe('a,b\n1,2\n');
    expect(readdirSync(dir)).toEqual(['out.csv']);
  });

  it('a folder as target: "this is a folder", nothing changed', async () => {
    const dir = mkdtempSync(join(work, 'isdir-'));
    mkdirSync(join(dir, 'report.html'));
    const err = await writeFileAtomic(join(dir, 'report.html'), '<html>', { shown: 'report.html' }).catch((e) => e);
    expect(err).toBeInstanceOf(QdaInputError);
    expect(err.diagnostics[0]).toMatchObject({ file: 'report.html', ruleId: 'eisdir' });
    expect(statSync(join(dir, 'report.html')).isDirectory()).toBe(true);
  });

  it('a producer that fails with its own (read) error: that error, not a write error; target untouched', async () => {
    const dir = mkdtempSync(join(work, 'prod-'));
    writeFileSync(join(dir, 'o.txt'), 'old');
    const err = await writeStreamAtomic(join(dir, 'o.txt'), async (write) => {
      await write('half');
      readFileSync(join(dir, 'does-not-exist'));
    }).catch((e) => e);
    expect(err).not.toBeInstanceOf(QdaInputError);
    expect(err.code).toBe('ENOENT');
    expect(readFileSync(join(dir, 'o.txt'), 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['o.txt']);
  });

  it('readBack + verify: a file that reads back differently is never renamed over the target', async () => {
    const dir = mkdtempSync(join(work, 'verify-'));
    writeFileSync(join(dir, 't.txt'), 'original');
    restore = setAtomicFsForTests({ readFile: async (p) => { const b = await realAtomicFs.readFile(p); b[0] ^= 1; return b; } });
    const err = await writeFileAtomic(join(dir, 't.txt'), 'new text', { readBack: true, shown: 't.txt' }).catch((e) => e);
    expect(err).toBeInstanceOf(QdaInputError);
    expect(err.diagnostics[0].message).toContain('differs from what was written');
    restore();
    restore = undefined;
    const err2 = await writeFileAtomic(join(dir, 't.txt'), 'new text', { verify: () => { throw new QdaInputError({ severity: 'error', source: 't', ruleId: 'no', message: 'not what was meant' }); } }).catch((e) => e);
    expect(err2.diagnostics[0].message).toBe('not what was meant');
    expect(readFileSync(join(dir, 't.txt'), 'utf8')).toBe('original');
    expect(readdirSync(dir)).toEqual(['t.txt']);
  });
});

describe('every command that writes: full disk → exit 2, the old output intact, no temp or spool file', () => {
  const codings = () => join(work, 'codings.json');
  beforeAll(async () => {
    const io = memoryIo(work);
    expect(await main(['code', 'samples', '-c', 'coordination-collaboration', '-o', 'codings.json'], io), io.err()).toBe(0);
  });
  const cases: Array<[string, string[], string]> = [
    ['code → JSON', ['code', 'samples', '-c', 'coordination-collaboration', '-o', 'out/full/code.json'], 'code.json'],
    ['code → CSV (spool)', ['code', 'samples/interviews', '-c', 'kaats-opheij', '--format', 'csv', '-o', 'out/full/code.csv'], 'code.csv'],
    ['matrix → XLSX', ['matrix', 'codings.json', '-o', 'out/full/m.xlsx'], 'm.xlsx'],
    ['compare → HTML', ['compare', 'codings.json', '--by', 'team', '-o', 'out/full/c.html'], 'c.html'],
    ['agree → CSV', ['agree', 'samples/codings/anna.csv', 'samples/codings/bram.csv', '-o', 'out/full/a.csv'], 'a.csv'],
    ['saturation --plot PNG', ['saturation', 'codings.json', '--plot', 'out/full/s.png'], 's.png'],
    ['appendix → DOCX', ['appendix', 'codings.json', '--format', 'docx', '-o', 'out/full/app.docx'], 'app.docx'],
    ['report → HTML', ['report', 'codings.json', '-o', 'out/full/r.html'], 'r.html'],
    ['segments → JSON', ['segments', 'samples', '--format', 'json', '-o', 'out/full/seg.json'], 'seg.json'],
    ['segments → CSV (the spool renamed into place)', ['segments', 'plain', '--format', 'csv', '-o', 'out/full/seg.csv'], 'seg.csv'],
    ['segments → CSV with case columns (written again from the spool)', ['segments', 'samples', '--format', 'csv', '-o', 'out/full/seg2.csv'], 'seg2.csv'],
    ['codebook export → DOCX', ['codebook', 'export', 'kaats-opheij', '--format', 'docx', '-o', 'out/full/cb.docx'], 'cb.docx'],
    ['refi export → .qdpx', ['refi', 'export', 'codings.json', '-o', 'out/full/p.qdpx'], 'p.qdpx'],
  ];
  it.each(cases)('%s', { timeout: 60_000 }, async (_name, args, file) => {
    const dir = join(work, 'out/full');
    mkdirSync(dir, { recursive: true });
    const target = join(dir, file);
    writeFileSync(target, 'the output of an earlier run\n');
    const before = snapshot(dir);
    const disk = fullDisk(100);
    restore = disk.restore;
    const io = memoryIo(work);
    const code = await main(args, io);
    restore();
    restore = undefined;
    expect(code, io.err()).toBe(2);
    expect(io.err()).toMatch(new RegExp(`^out/full/${file.replace('.', '\\.')}: error: cannot write the output: the disk is full`, 'm'));
    expect(io.err()).toContain('free)');
    expect(io.err()).not.toMatch(/\.(tmp|spool)\b/);
    expect(snapshot(dir)).toEqual(before);
    expect(existsSync(codings())).toBe(true);
  });

  it('run -o DIR: exit 2, every file in DIR is whole (earlier ones complete, the failed one absent)', { timeout: 120_000 }, async () => {
    const disk = fullDisk(800_000);
    restore = disk.restore;
    const io = memoryIo(work);
    const code = await main(['run', 'samples', '-o', 'out/run-full'], io);
    restore();
    restore = undefined;
    expect(code, io.err()).toBe(2);
    expect(io.err()).toMatch(/^out\/run-full\/[\w.-]+: error: cannot write the output: the disk is full/m);
    const names = readdirSync(join(work, 'out/run-full'));
    expect(names.filter((n) => n.startsWith('.') && !n.startsWith('.qda-'))).toEqual([]);
    // what was written is whole: the JSON parses
    if (names.includes('codings.json')) expect(() => JSON.parse(readFileSync(join(work, 'out/run-full/codings.json'), 'utf8'))).not.toThrow();
  });
});

describe('qda anonymize on a full disk', () => {
  // (it writes all or nothing: the files written before the error are removed again; the exit
  // message said they "were written (whole) and stay", naming files that were gone)
  it('exit 2, nothing left in the output folder, and the message says the files written before were removed again', { timeout: 60_000 }, async () => {
    const disk = fullDisk(20_000);
    restore = disk.restore;
    const io = memoryIo(work);
    const code = await main(['anonymize', 'samples/interviews', '-o', 'out/anon-full'], io);
    restore();
    restore = undefined;
    expect(code, io.err()).toBe(2);
    expect(io.err()).toMatch(/^out\/anon-full\/[\w.-]+: error: cannot write the output: the disk is full/m);
    expect(io.err()).toMatch(/qda anonymize: the \d+ files written before this error were removed again \(out\/anon-full\/beleidsadviseur-01\.txt, /);
    expect(io.err()).not.toContain('written (whole) and stay');
    expect(existsSync(join(work, 'out/anon-full')) ? readdirSync(join(work, 'out/anon-full')) : []).toEqual([]);
  });
});

describe('qda refi import on a full disk (a staged folder)', () => {
  // (nothing lands in DIR on failure; the exit message listed the stage's files as "written (whole)
  // and stay" under DIR, and the hint named the hidden stage folder)
  it('exit 2, DIR not made, no file said to stay, the hint names the folder beside it', { timeout: 60_000 }, async () => {
    const io0 = memoryIo(work);
    expect(await main(['refi', 'export', 'samples/interviews', '-c', 'kaats-opheij', '-o', 'out/import-me.qdpx'], io0), io0.err()).toBe(0);
    const disk = fullDisk(30_000);
    restore = disk.restore;
    const io = memoryIo(work);
    const code = await main(['refi', 'import', 'out/import-me.qdpx', '-o', 'out/imp-full'], io);
    restore();
    restore = undefined;
    expect(code, io.err()).toBe(2);
    expect(io.err()).toMatch(/^out\/imp-full\/[\w./-]+: error: cannot write the output: the disk is full/m);
    expect(io.err()).not.toContain('written (whole) and stay');
    expect(io.err()).not.toContain('.tmpdir');
    expect(existsSync(join(work, 'out/imp-full'))).toBe(false);
    expect(readdirSync(join(work, 'out')).filter((n) => n.includes('imp-full'))).toEqual([]);
  });
});

describe('qda segments CSV: the spool becomes the output file', () => {
  it('without attribute columns: the same bytes and mode as a file written through writeStreamAtomic; a failing rename keeps the old file and leaves no spool', async () => {
    const dir = join(work, 'out/seg-commit');
    mkdirSync(dir, { recursive: true });
    const io = memoryIo(work);
    expect(await main(['segments', 'plain', '--format', 'csv', '-o', 'out/seg-commit/a.csv'], io), io.err()).toBe(0);
    const io2 = memoryIo(work);
    expect(await main(['segments', 'plain', '--format', 'csv'], io2), io2.err()).toBe(0);
    expect(readFileSync(join(dir, 'a.csv'), 'utf8')).toBe(io2.out());
    expect(io2.out().split('\n')[0]).toBe('segment,source,case,kind,index,turn,line,speaker,role,start,end,time_start,time_end,text');
    await writeFileAtomic(join(dir, 'b.txt'), 'x');
    expect(statSync(join(dir, 'a.csv')).mode).toBe(statSync(join(dir, 'b.txt')).mode);
    const before = snapshot(dir);
    restore = setAtomicFsForTests({ rename: async () => Promise.reject(errnoError('EIO', 'rename')) });
    const io3 = memoryIo(work);
    expect(await main(['segments', 'plain', '--format', 'csv', '-o', 'out/seg-commit/a.csv'], io3)).toBe(2);
    restore();
    restore = undefined;
    expect(io3.err()).toMatch(/^out\/seg-commit\/a\.csv: error: cannot write the output: the disk reported an input\/output error/m);
    expect(io3.err()).not.toMatch(/\.(tmp|spool)\b/);
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('leftovers of killed runs', () => {
  it('the next write to the same target removes temp/spool files of processes that are gone, never of running ones', async () => {
    const dir = mkdtempSync(join(work, 'left-'));
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(dead.stdout);
    const livePid = process.ppid; // the process that started this test: running
    const names = {
      deadTmp: `.codings.csv.${deadPid}.0a1b2c3d4e5f.tmp`,
      deadSpool: `.codings.csv.${deadPid}.abcdefabcdef.spool`,
      liveSpool: `.codings.csv.${livePid}.111111111111.spool`,
      ownTmp: `.codings.csv.${process.pid}.222222222222.tmp`,
      otherTarget: `.other.csv.${deadPid}.333333333333.spool`,
      userFile: '.codings.csv.notes',
    };
    for (const n of Object.values(names)) writeFileSync(join(dir, n), 'leftover');
    mkdirSync(join(dir, `.codings.csv.${deadPid}.444444444444.tmpdir`));
    writeFileSync(join(dir, `.codings.csv.${deadPid}.444444444444.tmpdir`, 'x'), 'x');
    await writeFileAtomic(join(dir, 'codings.csv'), 'source,code\n');
    expect(readdirSync(dir).sort()).toEqual([names.liveSpool, names.ownTmp, names.otherTarget, names.userFile, 'codings.csv'].sort());
    expect(await removeLeftovers(join(dir, 'other.csv'))).toEqual([names.otherTarget]);
  });

  it('qda code --format csv after a killed run: the dead run’s spool is gone afterwards', async () => {
    const dir = mkdtempSync(join(work, 'left-code-'));
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const spool = join(dir, `.c.csv.${Number(dead.stdout)}.a1a1a1a1a1a1.spool`);
    writeFileSync(spool, '["x"]\n'.repeat(1000));
    const io = memoryIo(work);
    expect(await main(['code', 'samples/interviews', '-c', 'kaats-opheij', '-o', join(dir, 'c.csv')], io), io.err()).toBe(0);
    expect(readdirSync(dir)).toEqual(['c.csv']);
  });
});
