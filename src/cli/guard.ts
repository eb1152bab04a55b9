/**
 * No command writes over what it reads. Called by every command (program.ts, before the
 * command module runs): every output (-o, --plot, --key, --decisions, --export-decisions,
 * output folders) is resolved — `..`, symbolic links (realpath), hard links (device + inode)
 * — and compared with every file the command reads: the inputs, every option that names an
 * existing file (codings, learn-from, cases, codebook, guide, names, aliases, config, …), the
 * project file that applies and what it names (sources, codebooks, cases, guide), and the
 * files in input folders that would be read. An output that is one of them, an input folder,
 * or a folder holding an input stops the command with exit 2 naming both paths.
 */
import { open, realpath, stat } from 'node:fs/promises';
import { realpathSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { formatDiagnostic, inputError } from '../model/errors.js';
import type { Io } from './io.js';

/** Options that name what a command writes (the rest that name existing files are inputs). */
const OUTPUT_OPTS: Readonly<Record<string, string>> = { out: '-o', plot: '--plot', key: '--key', exportDecisions: '--export-decisions', decisions: '--decisions', charts: '--charts' };
/** Commands whose -o is a folder. */
const FOLDER_OUT = new Set(['run', 'refi import', 'anonymize', 'anonymise']);
/** Options that name an output folder in every command (`qda survey --charts DIR`). */
const FOLDER_OPTS = new Set(['charts']);
/** Options that never name files (values compared as paths would only give false alarms). */
const NOT_PATHS = new Set(['format', 'lang', 'unit', 'speakers', 'by', 'cols', 'rows', 'measure', 'within', 'coder', 'coders', 'order', 'level', 'base', 'run', 'threshold', 'permutations', 'seed', 'minScore', 'quotes', 'name', 'id', 'only', 'acceptAbove', 'store', 'interviewer', 'encoding', 'notAsked', 'columns', 'debug', 'force', 'group', 'lenient', 'testSmall', 'surveyGroup']);

/** Extensions of the files a folder walk reads as sources whatever they hold (a CSV or XLSX is one only when it has an answers column). */
const READ_AS_SOURCE = new Set(['txt', 'md', 'markdown', 'docx', 'odt', 'pdf', 'vtt', 'srt']);

interface Known {
  readonly what: string;
  readonly shown: string;
  /** The path as given, made absolute (no links resolved). */
  readonly full: string;
  readonly real: string;
  readonly st: Stats;
}

const kebab = (k: string) => k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

/** realpath of the longest part that exists, with the rest appended (the OS's meaning of `..` after a link). */
async function realLoose(p: string): Promise<string> {
  try {
    return await realpath(p);
  } catch {
    const parent = dirname(p);
    if (parent === p) return p;
    return join(await realLoose(parent), basename(p));
  }
}

const inside = (child: string, parent: string) => child !== parent && child.startsWith(parent.endsWith(sep) ? parent : parent + sep);

function shownPath(cwd: string, p: string): string {
  const rel = relative(cwd, p);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : p;
}

/** A file of an input folder that the folder walk takes (`walkFolder`) and the reader reads as a source (a codings table, which the reader skips, is not). */
async function readAsSource(file: string): Promise<boolean> {
  const ext = extname(file).slice(1).toLowerCase();
  if (ext === 'csv' || ext === 'tsv') {
    const head = (await fileHead(file, 16000)).slice(0, 4000).replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0].toLowerCase();
    const cols = head.split(/[,;\t]/).map((c) => c.trim().replace(/^"|"$/g, ''));
    if (cols.includes('code') || cols.includes('codes')) return false;
  }
  return true;
}

/** The first `bytes` bytes of a file as UTF-8 text ('' when it cannot be read). */
async function fileHead(file: string, bytes: number): Promise<string> {
  const fh = await open(file, 'r').catch(() => undefined);
  if (!fh) return '';
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.toString('utf8', 0, bytesRead);
  } catch {
    return '';
  } finally {
    await fh.close().catch(() => {});
  }
}

/**
 * Every file a folder walk would read (links followed, as the reader does), with its real path and inode.
 * (Each file's stat and realpath synchronously: the same system calls, without a promise and a trip
 * through the thread pool for each of hundreds of files.)
 */
async function folderFiles(folder: string, out: Known[], shownFolder: string, cwd: string): Promise<void> {
  const { walkFolder } = await import('../ingest/read-corpus-stream.js');
  for (const p of await walkFolder(folder).catch(() => [])) {
    if (!(await readAsSource(p))) continue;
    let st: Stats | undefined;
    try {
      st = statSync(p);
    } catch {
      continue;
    }
    let real = p;
    try {
      real = realpathSync.native(p);
    } catch {
      // (as realpath(p).catch(() => p))
    }
    out.push({ what: `a source in the input folder ${shownFolder}`, shown: shownPath(cwd, p), full: p, real, st });
  }
}

export interface GuardOptions {
  /** Names the command writes into its output folder (for `qda run`, `qda refi import`). */
  readonly folderFiles?: readonly string[];
}

/**
 * Refuse (exit 2, before any work) any output of `command` that resolves to something it reads.
 * `opts`: the command's options as commander gives them (positional arguments included).
 */
export async function guardCommand(command: string, opts: Record<string, unknown>, io: Io, extra: GuardOptions = {}): Promise<void> {
  const cwd = io.cwd;
  const outputs: Array<{ key: string; label: string; value: string }> = [];
  for (const [key, label] of Object.entries(OUTPUT_OPTS)) {
    const v = opts[key];
    if (typeof v === 'string' && v && v !== '-') outputs.push({ key, label, value: v });
  }
  const project = await projectOf(command, opts, io);
  // review's decisions file defaults to codingsFile: of qda.yaml
  // (and else qda-decisions.json beside the first input: `--export-decisions qda-decisions.json`
  // wrote the CSV over the decisions file review had just saved, without a word)
  if (command === 'review' && !opts.decisions && !opts.simulate) {
    if (project?.codingsFile) outputs.push({ key: 'decisions', label: 'codingsFile: in qda.yaml', value: resolve(project.dir, project.codingsFile) });
    else {
      const { decisionsPathOf } = await import('./decisions-file.js');
      const named = Array.isArray(opts.inputs) ? opts.inputs.filter((x): x is string => typeof x === 'string') : [];
      outputs.push({ key: 'decisions', label: 'the decisions file of qda review', value: shownPath(cwd, await decisionsPathOf(cwd, project, named)) });
    }
  }
  if (!outputs.length) return;

  // what the command reads
  const inputs: Known[] = [];
  const add = async (value: string, what: string, base = cwd) => {
    const full = resolve(base, value);
    const st = await stat(full).catch(() => undefined);
    if (!st || (!st.isFile() && !st.isDirectory())) return;
    inputs.push({ what, shown: shownPath(cwd, full), full, real: await realpath(full).catch(() => full), st });
  };
  for (const [key, v] of Object.entries(opts)) {
    if (key in OUTPUT_OPTS || NOT_PATHS.has(key)) continue;
    const what = ['inputs', 'file', 'files'].includes(key) ? 'the input' : key === 'codings' ? 'the codings file' : key === 'codebook' ? 'the codebook' : `the --${kebab(key)} file`;
    for (const s of Array.isArray(v) ? v : [v]) if (typeof s === 'string' && s && s !== '-') await add(s, what);
  }
  if (project) {
    const pf = [resolve(cwd, project.file), join(project.dir, basename(project.file))];
    for (const f of pf) if (await stat(f).then((s) => s.isFile(), () => false)) {
      await add(f, 'the project file');
      break;
    }
    const noInputs = !(Array.isArray(opts.inputs) && opts.inputs.length);
    if (noInputs || command === 'run') for (const s of project.sources ?? []) await add(s, 'a source listed in qda.yaml', project.dir);
    for (const c of project.codebooks ?? []) await add(c, 'a codebook listed in qda.yaml', project.dir);
    if (project.cases) await add(project.cases, 'the cases file of qda.yaml', project.dir);
    if (project.guide) await add(project.guide, 'the interview guide of qda.yaml', project.dir);
    if (project.framework) await add(project.framework, 'the judgements file (framework:) of qda.yaml', project.dir);
    for (const f of project.survey?.data ?? []) await add(f, 'the questionnaire data of qda.yaml', project.dir);
    if (project.survey?.spec) await add(project.survey.spec, 'the survey spec of qda.yaml', project.dir);
  }
  // the decisions files of qda review that qda code, qda run and qda report read with the sources
  if (command === 'code' || command === 'run' || command === 'report') {
    const named = Array.isArray(opts.inputs) ? opts.inputs.filter((x): x is string => typeof x === 'string') : [];
    const sources = named.length ? named : (project?.sources ?? []).map((s) => resolve(project!.dir, s));
    const { reviewDecisionsFiles } = await import('./decisions-file.js');
    for (const f of await reviewDecisionsFiles(cwd, project, sources, () => {})) await add(f, 'the decisions file of qda review');
  }
  const folders = inputs.filter((i) => i.st.isDirectory());
  let walked: Known[] | undefined;
  const inFolders = async () => {
    if (!walked) {
      walked = [];
      for (const f of folders) await folderFiles(f.real, walked, f.shown, cwd);
    }
    return walked;
  };

  let recorded: Known[] | undefined;
  const recordedFolders = async () => (recorded ??= await sourceFoldersOfDocuments(inputs.filter((i) => i.st.isFile() && i.what !== 'the project file'), cwd));

  const refuse = (label: string, value: string, message: string, hint = 'choose another output path: qda never writes over what it reads') =>
    inputError('cli', 'output-is-input', `${label} ${value} ${message}`, { file: value, hint });
  const same = (real: string, st: Stats | undefined, i: Known) => real === i.real || (!!st && st.dev === i.st.dev && st.ino === i.st.ino);
  const how = (real: string, i: Known, full: string) => (full === i.full ? '' : real === i.real ? ' (the same file by another path or a symbolic link)' : ' (a hard link to it)');

  const seen: Array<{ label: string; value: string; real: string }> = [];
  for (const o of outputs) {
    const full = resolve(cwd, o.value);
    const given = isAbsolute(o.value) ? o.value : cwd + sep + o.value;
    // (a symbolic link is written through, to its target: also one whose target does not exist yet)
    const { linkTarget } = await import('../export/write-file-atomic.js');
    const through = await linkTarget(given);
    const real = await realLoose(through);
    const st = await stat(real).catch(() => undefined);
    if (st && !st.isFile() && !st.isDirectory()) continue; // a device or pipe (-o /dev/null)
    const folderOut = (o.key === 'out' && FOLDER_OUT.has(command)) || FOLDER_OPTS.has(o.key);
    // (the key and decisions files are read and written back: as options they are never among the inputs)
    for (const i of inputs) {
      if (i.st.isFile() && same(real, st, i)) throw refuse(o.label, o.value, `is ${i.what} ${i.shown}${how(real, i, full)}`);
      if (!folderOut && i.st.isDirectory() && real === i.real) throw refuse(o.label, o.value, `is the input folder ${i.shown}`);
      if (!folderOut && st?.isDirectory() && inside(i.real, real)) throw refuse(o.label, o.value, `is a folder that holds ${i.what} ${i.shown}`, 'give a file name for the output, outside the inputs');
    }
    if (!folderOut && st?.isFile()) {
      // a file of an input folder that would be read as a source, or a hard link to one
      // (also one reached by a link in the folder, or a hard link to one)
      for (const i of await inFolders()) if (same(real, st, i)) throw refuse(o.label, o.value, real === i.full ? `is ${i.what}` : `is ${i.what} ${i.shown}${how(real, i, full)}`);
    }
    if (folderOut) {
      // the files it writes into the folder
      for (const name of extra.folderFiles ?? []) {
        const target = join(real, name);
        const tst = await stat(target).catch(() => undefined);
        if (!tst) continue;
        for (const i of [...inputs, ...(tst.nlink > 1 ? await inFolders() : [])]) {
          if (i.st.isFile() && same(target, tst, i)) throw refuse(o.label, o.value, `would write ${shownPath(cwd, join(full, name))} over ${i.what} ${i.shown}`);
        }
      }
    }
    if (!folderOut) await checkWritablePlace(o.label, o.value, full, st);
    // a decisions file of qda review (its log of every decision, rejections included, which no
    // other file holds when the codings went inline): only review itself writes it
    if (!folderOut && st?.isFile() && !(command === 'review' && o.key === 'decisions')) {
      const n = await decisionsIn(real);
      if (n) {
        throw inputError('cli', 'output-is-decisions-file', `${o.label} ${o.value} is a decisions file of qda review (${n} decision${n === 1 ? '' : 's'}): written over, ${n === 1 ? 'it' : 'they'} would be lost (and the suggestions rejected there asked again); nothing was written`, {
          file: o.value,
          hint: 'choose another output path; only qda review writes its decisions file (to read its codings: --codings FILE)',
        });
      }
    }
    // an output that a later read of a source folder would take for a source (`qda compare … -o
    // interviews/x.md`: the next `qda code` counted the table as an interview): said before it is written
    const readsAs = READ_AS_SOURCE.has(extname(real).slice(1).toLowerCase());
    // (the source folders: the input folders, and the folders of the sources a codings document
    // given as input records: `qda matrix codings.json -o interviews/table.md` was not warned)
    const holder = !folderOut && readsAs ? (folders.find((f) => inside(real, f.real)) ?? (await recordedFolders()).find((f) => inside(real, f.real))) : undefined;
    if (holder) {
      io.stderr.write(
        formatDiagnostic({
          severity: 'warning',
          source: 'cli',
          ruleId: 'output-in-source-folder',
          message: `${o.label} ${o.value} is written into the source folder ${holder.shown} (${holder.what}): a later qda code, qda run or qda report on that folder reads it as a source`,
          file: o.value,
          hint: 'write it outside the source folders (e.g. into an out/ folder beside them)',
        }) + '\n',
      );
    }
    if (!folderOut && through !== given) {
      // (the rename of the atomic write made a file of the link, and its target kept the old content)
      io.stderr.write(
        formatDiagnostic({
          severity: 'info',
          source: 'cli',
          ruleId: 'output-through-link',
          message: `${o.label} ${o.value} is a symbolic link to ${shownPath(cwd, real)}: that file is written${st ? '' : ' (it does not exist yet)'}, and the link is kept`,
          file: o.value,
          hint: `to write a file of its own at ${o.value} instead, remove the link first (rm ${o.value})`,
        }) + '\n',
      );
    }
    for (const s of seen) if (s.real === real) throw inputError('cli', 'outputs-collide', `${o.label} ${o.value} and ${s.label} ${s.value} are the same file`, { file: o.value, hint: 'give each output its own path' });
    seen.push({ label: o.label, value: o.value, real });
  }
}

/**
 * An output file whose place cannot hold a file (it is a folder, or a part of its path is a file)
 * stops the command before any work: with two outputs (-o and --plot) the first would be written
 * and the command would then fail on the second.
 */
/**
 * The folders of the sources that the codings documents among `files` record (each source's
 * `path`, as given when it was coded: relative to the folder it was coded in, taken from the
 * current folder and from the document's own folder), as inputs of kind "the folder of …".
 * A file that is no codings document (JSON or JSON Lines) gives none. The document is read as
 * bytes, its `"path": "…"` members only (a quote inside a JSON string is escaped, so no text
 * holds one).
 */
async function sourceFoldersOfDocuments(files: readonly Known[], cwd: string): Promise<Known[]> {
  const out: Known[] = [];
  const seen = new Set<string>();
  for (const f of files) {
    const ext = extname(f.full).slice(1).toLowerCase();
    if (ext !== 'json' && ext !== 'jsonl' && ext !== 'ndjson') continue;
    if (!/^\s*\{/.test((await fileHead(f.full, 64).catch(() => '')).replace(/^\uFEFF/, ''))) continue;
    const paths = new Map<string, string>();
    const { createReadStream } = await import('node:fs');
    const dec = new TextDecoder();
    const re = /"path"\s*:\s*"((?:[^"\\]|\\.){1,4096})"/g;
    let carry = '';
    try {
      for await (const chunk of createReadStream(f.full)) {
        const text = carry + dec.decode(chunk as Uint8Array, { stream: true });
        let last = 0;
        re.lastIndex = 0;
        for (let m = re.exec(text); m; m = re.exec(text)) {
          last = re.lastIndex;
          let p: unknown;
          try {
            p = JSON.parse(`"${m[1]}"`);
          } catch {
            continue;
          }
          if (typeof p === 'string' && p && !paths.has(p)) paths.set(p, p);
        }
        // (a member cut by the chunk's end is read with the next)
        carry = text.slice(Math.max(last, text.length - 8192));
      }
    } catch {
      continue;
    }
    for (const p of paths.keys()) {
      for (const base of [cwd, dirname(f.full)]) {
        const dir = dirname(resolve(base, p));
        const st = await stat(dir).catch(() => undefined);
        if (!st?.isDirectory()) continue;
        const real = await realpath(dir).catch(() => dir);
        if (seen.has(real)) continue;
        seen.add(real);
        out.push({ what: `the folder of the source ${p} recorded in ${f.shown}`, shown: shownPath(cwd, dir), full: dir, real, st });
      }
    }
  }
  return out;
}

async function checkWritablePlace(label: string, value: string, full: string, st: Stats | undefined): Promise<void> {
  if (st?.isDirectory()) {
    throw inputError('cli', 'out-is-folder', `${label} ${value} is a folder, not a file; nothing was written`, { file: value, hint: `give a file name, e.g. ${join(value, 'table.md')}` });
  }
  // (a path that ends in a slash names a folder: `-o tables/` wrote a file named "tables")
  if (/[\\/]$/.test(value) && value.replace(/[\\/]+$/, '')) {
    const name = value.replace(/[\\/]+$/, '');
    throw inputError('cli', 'out-is-folder', `${label} ${value} ends in a slash, so it names a folder, but this output is one file; nothing was written`, { file: value, hint: `give a file name, e.g. ${name}/table.md (or ${name} without the slash for a file of that name)` });
  }
  // (write-protected by its owner, e.g. to keep codings made by hand: the atomic write would
  // replace it all the same, since it renames a new file over it)
  if (st?.isFile() && (st.mode & 0o222) === 0) {
    throw inputError('cli', 'out-read-only', `${label} ${value} is read-only (write-protected), so it is not written over; nothing was written`, { file: value, hint: `choose another output path, or make it writable first (chmod u+w ${value}) if it may be replaced` });
  }
  if (st) return;
  for (let dir = dirname(full); ; dir = dirname(dir)) {
    const d = await stat(dir).catch(() => undefined);
    if (d) {
      if (!d.isDirectory()) {
        throw inputError('cli', 'out-parent-not-folder', `${label} ${value}: ${dir} is a file, not a folder, so the output cannot be written there; nothing was written`, { file: value, hint: 'choose an output path in a folder (or move that file away)' });
      }
      return;
    }
    if (dirname(dir) === dir) return;
  }
}

/** The project file that applies (as the commands find it); undefined when there is none or it cannot be read. */
async function projectOf(command: string, opts: Record<string, unknown>, io: Io): Promise<import('../ingest/read-project.js').ProjectConfig | undefined> {
  // (every command but the codebook tools reads qda.yaml, or one near its inputs: its language,
  // cases, codebooks, guide; matrix, saturation, contrast, agree and survey were left out here,
  // and `qda matrix codings.json -o cases.csv` wrote over the project's cases table)
  if (command === 'codebook' || command.startsWith('codebook ')) return undefined;
  const named = [opts.inputs, opts.codings, opts.files].flat();
  const inputs = named.filter((x): x is string => typeof x === 'string' && x !== '' && x !== '-');
  try {
    // (as the analysis commands and qda run find it: the current folder, then each input's own
    // folder and its parents up to the current folder)
    const { findProject } = await import('./commands/run.js');
    return (await findProject(io, inputs, typeof opts.config === 'string' ? opts.config : undefined, () => {})).project;
  } catch {
    return undefined; // the command reports a bad project file itself
  }
}

/**
 * The number of decisions in a decisions file of qda review (a JSON document whose provenance
 * names the command `qda review`, in its first bytes: serializeDecisions writes it first), or
 * undefined for any other file.
 */
async function decisionsIn(file: string): Promise<number | undefined> {
  const head = (await fileHead(file, 4096)).replace(/^\uFEFF/, '');
  if (!/^\s*\{/.test(head) || !/"command"\s*:\s*"qda review"/.test(head)) return undefined;
  const { readFile } = await import('node:fs/promises');
  const text = await readFile(file, 'utf8').catch(() => '');
  try {
    const d = (JSON.parse(text.replace(/^\uFEFF/, '')) as { decisions?: unknown }).decisions;
    return Array.isArray(d) ? d.length : undefined;
  } catch {
    // (not whole JSON: count the records as written)
    return (text.match(/"decision"\s*:/g) ?? []).length;
  }
}
