/**
 * An output folder that qdakit never lets overwrite a file it did not write itself
 * (`qda run -o DIR`, `qda refi import -o DIR`). A hidden manifest, DIR/.qda-manifest.json,
 * records each file qdakit wrote there (name → sha256 and the command). A file that is
 * about to be written and already exists must be in the manifest with the same content
 * (qdakit's own, unchanged output of the same command); any other file — a human
 * codings.csv, a file edited since, the output of another command — stops the command
 * before any work (exit 2), or, with --force, is kept and qdakit's file is written beside
 * it (codings.qda.csv) and reported.
 *
 * Staged folders (`refi import`) are built in a hidden temp folder beside DIR and moved
 * into place at the end, so that a failed run leaves DIR as it was.
 */
import { lstat, readdir, readFile, readlink, rename, rmdir, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { inputError } from '../model/errors.js';
import type { Diagnostic } from '../model/types.js';
import { pushAll } from '../model/arrays.js';

import { OUTPUT_MANIFEST, parseOutputManifest } from '../model/output-manifest.js';

export const MANIFEST = OUTPUT_MANIFEST;

interface Manifest {
  readonly qdakit: 'output-folder';
  readonly files: Record<string, { sha256: string; command: string }>;
}

export interface OutputFolderOptions {
  /** The command, as in provenance ("qda run", "qda refi import"). */
  readonly command: string;
  /** How to name the folder in messages (the -o value). */
  readonly shown: string;
  /** Write beside files that are not qdakit's instead of stopping. */
  readonly force?: boolean;
  /** Names (relative, with /) the command may write, or patterns with one `*` (e.g. compare-*.md). */
  readonly names: readonly string[];
  /** Build the folder beside DIR and move it into place at `finish()` (nothing lands in DIR before). */
  readonly staged?: boolean;
  readonly report?: (d: Diagnostic) => void;
}

export interface OutputFolder {
  /** Absolute path of the folder. */
  readonly dir: string;
  /** Write `name` (atomically) and record it; returns the name written (beside the asked one with --force). */
  put(name: string, data: string | Uint8Array): Promise<string>;
  /** The files qdakit wrote in this folder (before and in this run): never sources. */
  ours(): string[];
  /** Files in the way that are kept (not qdakit's; with --force its own are written beside them). */
  kept(): string[];
  /**
   * Files an earlier run of this command wrote here that this run has not written (its inputs or
   * settings changed: no questionnaire now, another grouping), still in the folder beside the new
   * output and easily taken for it: relative names, sorted. Not deleted (they are said).
   */
  leftOver(): Promise<string[]>;
  /** Staged: move everything into DIR. Always: write the manifest. */
  finish(): Promise<void>;
  /** Staged: remove the temp folder (after a failure). */
  abandon(): Promise<void>;
}

const sha = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

/** `name` fits `pattern` (one `*`: any characters but /). */
const matches = (name: string, pattern: string) => {
  const i = pattern.indexOf('*');
  if (i < 0) return name === pattern;
  const head = pattern.slice(0, i);
  const tail = pattern.slice(i + 1);
  return name.length >= head.length + tail.length && name.startsWith(head) && name.endsWith(tail) && !name.slice(head.length, name.length - tail.length).includes('/');
};

/** Files under `dir` (relative, with /), not following symbolic links. */
async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) pushAll(out, await listFiles(join(dir, e.name), rel));
    else out.push(rel);
  }
  return out;
}

/** Open DIR for writing: checks every file the command may write, before any work. */
export async function openOutputFolder(dir: string, opts: OutputFolderOptions): Promise<OutputFolder> {
  const root = resolve(dir);
  const st = await stat(root).catch(() => undefined);
  if (st && !st.isDirectory()) {
    throw inputError('cli', 'out-not-a-folder', `${opts.shown} exists and is not a folder`, { file: opts.shown, hint: 'give a new or existing folder with -o' });
  }
  const { makeFolders, removeLeftovers, tempFolderFor, writeFileAtomic } = await import('../export/write-file-atomic.js');
  await removeLeftovers(root);
  const manifest: Manifest = { qdakit: 'output-folder', files: {} };
  const shownOf = (rel: string) => (opts.shown === '.' || opts.shown === './' ? rel : `${opts.shown.replace(/[\\/]+$/, '')}/${rel}`);
  const text = await readFile(join(root, MANIFEST), 'utf8').catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? undefined : { problem: `cannot be read (${e.code ?? e.message})` }));
  // no manifest: a new folder, or one qdakit never wrote in (every existing file is someone else's);
  // one that cannot be read is said: writing a new one would forget which files qdakit wrote there
  const parsed = typeof text === 'string' ? parseOutputManifest(text) : text;
  if (parsed && 'problem' in parsed) {
    const mine = (await listFiles(root)).filter((f) => opts.names.some((n) => matches(f, n))).sort();
    const named = mine.length ? ` (${mine.slice(0, 6).map(shownOf).join(', ')}${mine.length > 6 ? ` and ${mine.length - 6} more` : ''} may be its earlier output or yours)` : '';
    throw inputError('cli', 'out-manifest-unreadable', `${shownOf(MANIFEST)} ${parsed.problem}: it records which files in ${opts.shown} qdakit wrote, so ${opts.command} cannot tell its own files from yours${named}; nothing was written`, {
      file: shownOf(MANIFEST),
      hint: `move ${opts.command}'s earlier output out of ${opts.shown} and delete ${shownOf(MANIFEST)}, or choose another folder with -o (deleting only ${shownOf(MANIFEST)} makes every file in ${opts.shown} count as yours: none is overwritten, and a later source walk reads them all as sources)`,
    });
  }
  if (parsed) Object.assign(manifest.files, parsed.files);
  /** Is DIR/rel qdakit's own, unchanged output of this command? */
  const isOurs = async (rel: string): Promise<boolean> => {
    const m = manifest.files[rel];
    if (m && m.command === opts.command) {
      const bytes = await readFile(join(root, rel)).catch(() => undefined);
      return !!bytes && sha(bytes) === m.sha256;
    }
    // a folder written before qdakit kept manifests: its codings.json says which command wrote it
    if (rel === 'codings.json' && !Object.keys(manifest.files).length) {
      try {
        const js = JSON.parse(await readFile(join(root, rel), 'utf8')) as { provenance?: { tool?: string; command?: string } };
        return js?.provenance?.tool === 'qdakit' && js.provenance.command === opts.command;
      } catch {
        return false;
      }
    }
    return false;
  };

  // symbolic links inside DIR never take a write outside it
  const checkLinks = async (rel: string) => {
    const parts = rel.split('/');
    for (let k = 1; k < parts.length; k++) {
      const p = join(root, ...parts.slice(0, k));
      const l = await lstat(p).catch(() => undefined);
      if (!l) return;
      if (l.isSymbolicLink()) {
        const to = await readlink(p).catch(() => '?');
        throw inputError('cli', 'out-symlink', `${shownOf(parts.slice(0, k).join('/'))} is a symbolic link (to ${to}); ${opts.command} writes only inside ${opts.shown}`, {
          file: shownOf(parts.slice(0, k).join('/')),
          hint: `remove the link or choose another output folder`,
        });
      }
      if (!l.isDirectory()) throw inputError('cli', 'out-not-a-folder', `${shownOf(parts.slice(0, k).join('/'))} is a file, but ${opts.command} writes a folder there`, { file: shownOf(parts.slice(0, k).join('/')), hint: 'move the file away or choose another output folder' });
    }
  };

  // the files that exist and may be written: each must be ours
  const existing = st ? (await listFiles(root)).filter((f) => f !== MANIFEST && !basename(f).startsWith('.')) : [];
  const planned = new Set<string>();
  // files that only fit a pattern (compare-*.md): this run may or may not write them
  const byPattern = new Set<string>();
  for (const n of opts.names) {
    if (!n.includes('*')) planned.add(n);
    else for (const f of existing) if (matches(f, n) && !opts.names.includes(f)) planned.add(f), byPattern.add(f);
  }
  const conflicts: string[] = [];
  for (const rel of planned) {
    await checkLinks(rel);
    const l = await lstat(join(root, rel)).catch(() => undefined);
    if (!l) continue;
    if (l.isSymbolicLink() || !(await isOurs(rel))) conflicts.push(rel);
  }
  const beside = new Map<string, string>();
  // a folder written by qda run before qdakit kept manifests: its files cannot be told apart from
  // edited ones, so none is overwritten; the message says what it is and what to do
  const legacy = conflicts.length > 1 && !Object.keys(manifest.files).length && conflicts.every((c) => c !== 'codings.json') && planned.has('codings.json') && (await isOurs('codings.json'));
  if (legacy && !opts.force) {
    throw inputError('cli', 'out-not-ours', `${opts.shown} holds the output of ${opts.command} from an earlier qdakit version, which kept no record (${MANIFEST}) of the files it wrote, so ${opts.command} cannot tell whether you changed any of its ${conflicts.length + 1} files; they are kept and nothing was written`, {
      file: opts.shown,
      hint: `move or delete ${opts.shown} (it holds your earlier results) and run again, choose another folder with -o, or add --force to write ${opts.command}'s files beside them (e.g. ${besideName(conflicts[0], 1)})`,
    });
  }
  if (conflicts.length && !opts.force) {
    const list = conflicts.slice(0, 8).map(shownOf).join(', ') + (conflicts.length > 8 ? ` and ${conflicts.length - 8} more` : '');
    const exact = conflicts.find((c) => !byPattern.has(c));
    throw inputError('cli', 'out-not-ours', `${list} ${conflicts.length === 1 ? 'exists and is' : 'exist and are'} not the output of ${opts.command} (or ${conflicts.length === 1 ? 'was' : 'were'} changed since); ${conflicts.length === 1 ? 'it is' : 'they are'} kept and nothing was written`, {
      file: shownOf(conflicts[0]),
      hint: exact
        ? `move ${conflicts.length === 1 ? 'it' : 'them'} elsewhere, choose another folder with -o, or add --force to write ${opts.command}'s file${conflicts.length === 1 ? '' : 's'} beside ${conflicts.length === 1 ? 'it' : 'them'} (e.g. ${besideName(exact, 1)})`
        : `rename ${conflicts.length === 1 ? 'it' : 'them'} (${opts.command} may write files of ${conflicts.length === 1 ? 'that name' : 'those names'}), choose another folder with -o, or add --force (${conflicts.length === 1 ? 'it is' : 'they are'} kept, and a file of ${opts.command} of the same name is written beside)`,
    });
  }
  const taken = async (rel: string) => !!(await lstat(join(root, rel)).catch(() => undefined)) && !(await isOurs(rel));
  const pickBeside = async (rel: string) => {
    for (let k = 1; ; k++) {
      const alt = besideName(rel, k);
      if (!(await taken(alt))) return alt;
    }
  };
  for (const rel of conflicts) {
    // (one that only fits a pattern is checked again if this run writes it: no word about it before)
    if (byPattern.has(rel)) {
      planned.delete(rel);
      continue;
    }
    const alt = await pickBeside(rel);
    beside.set(rel, alt);
    opts.report?.({ severity: 'warning', source: 'cli', ruleId: 'out-written-beside', message: `${shownOf(rel)} is not the output of ${opts.command}: it is kept, and ${shownOf(alt)} is written instead (--force)`, file: shownOf(rel) });
  }

  const stage = opts.staged ? tempFolderFor(root) : undefined;
  if (stage) await makeFolders(stage);
  const written = new Map<string, string>(); // rel → sha256, in this run
  let changed = false;
  const writeManifest = async (into: string) => {
    const files: Manifest['files'] = { ...manifest.files };
    for (const [rel, h] of written) files[rel] = { sha256: h, command: opts.command };
    await writeFileAtomic(join(into, MANIFEST), JSON.stringify({ qdakit: 'output-folder', files }, null, 2) + '\n', { shown: shownOf(MANIFEST) });
  };

  return {
    dir: root,
    async put(name, data) {
      let rel = beside.get(name) ?? name;
      if (!planned.has(name) && !beside.has(name)) {
        // a name known only now (compare-<attribute>.md): the same check
        await checkLinks(rel);
        if (await taken(rel)) {
          if (!opts.force) {
            throw inputError('cli', 'out-not-ours', `${shownOf(rel)} exists and is not the output of ${opts.command}; it is kept`, { file: shownOf(rel), hint: `move it elsewhere, choose another folder with -o, or add --force` });
          }
          const alt = await pickBeside(rel);
          opts.report?.({ severity: 'warning', source: 'cli', ruleId: 'out-written-beside', message: `${shownOf(rel)} is not the output of ${opts.command}: it is kept, and ${shownOf(alt)} is written instead (--force)`, file: shownOf(rel) });
          beside.set(name, alt);
          rel = alt;
        }
        planned.add(name);
      }
      const into = stage ?? root;
      await writeFileAtomic(join(into, ...rel.split('/')), data, { shown: shownOf(rel) });
      written.set(rel, sha(data));
      changed = true;
      // (recorded at once: a run that fails later has still written these, whole, and they are its own)
      if (!stage) await writeManifest(root);
      return rel;
    },
    kept() {
      return [...beside.keys()].map((rel) => join(root, ...rel.split('/')));
    },
    async leftOver() {
      const out: string[] = [];
      for (const [rel, m] of Object.entries(manifest.files)) {
        // (a file in the way that this run wrote beside, --force, is said as kept already)
        if (m.command !== opts.command || written.has(rel) || beside.has(rel)) continue;
        const l = await lstat(join(root, ...rel.split('/'))).catch(() => undefined);
        if (l?.isFile()) out.push(rel);
      }
      return out.sort();
    },
    ours() {
      return [...new Set([...Object.keys(manifest.files), ...written.keys()])].map((rel) => join(root, ...rel.split('/')));
    },
    async finish() {
      if (!stage) {
        if (!changed) await writeManifest(root);
        return;
      }
      await writeManifest(stage);
      const empty = !st || (!(await lstat(root)).isSymbolicLink() && (await readdir(root).catch(() => [])).length === 0);
      if (empty) {
        if (st) await rmdir(root);
        else await makeFolders(dirname(root));
        await rename(stage, root);
        return;
      }
      // DIR has other files: move ours in one by one (renames on one disk: no space needed)
      for (const rel of [...written.keys(), MANIFEST]) {
        await checkLinks(rel);
        const to = join(root, ...rel.split('/'));
        await makeFolders(dirname(to));
        await rename(join(stage, ...rel.split('/')), to);
      }
      const { rm } = await import('node:fs/promises');
      await rm(stage, { recursive: true, force: true });
    },
    async abandon() {
      if (!stage) return;
      const { rm } = await import('node:fs/promises');
      await rm(stage, { recursive: true, force: true }).catch(() => {});
      // (gone with the stage: the exit message listed them as "written (whole) and stay")
      const { unwritten } = await import('../export/write-file-atomic.js');
      for (const rel of [...written.keys(), MANIFEST]) unwritten(join(stage, ...rel.split('/')));
    },
  };
}

/** codings.csv → codings.qda.csv (k = 1), codings.qda-2.csv, …; in the same subfolder. */
function besideName(rel: string, k: number): string {
  const dir = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/') + 1) : '';
  const base = rel.slice(dir.length);
  const ext = extname(base);
  const stem = ext ? base.slice(0, -ext.length) : base;
  return `${dir}${stem}.qda${k > 1 ? `-${k}` : ''}${ext}`;
}

