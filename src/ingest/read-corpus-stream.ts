import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve, sep } from 'node:path';
import type { Diagnostic, Segment, Source, Unit } from '../model/types.js';
import { QdaInputError, inputError, type Report } from '../model/errors.js';
import { OUTPUT_MANIFEST, parseOutputManifest } from '../model/output-manifest.js';
import { SOURCE_EXTENSIONS, displayPath, readSource } from './read-source.js';
import { readNamedByProject, readProject, type ProjectConfig } from './read-project.js';
import { applyCases, caseKey, withCaseLanguage, casesFromMap, readCases, type CaseRow, type CaseTable } from './read-cases.js';
import { segmentSource, type SegmentPlan } from './segment.js';
import { DEFAULT_INTERVIEWERS } from './roles.js';
import { passagePrints, SameTextCheck, textFingerprint } from './same-text.js';

export interface ReadCorpusOptions {
  readonly cwd: string;
  readonly unit?: Unit;
  /** cases CSV (relative to cwd). */
  readonly cases?: string;
  /** project file (default: qda.yaml in cwd, else in the first input folder). */
  readonly config?: string;
  readonly interviewers?: string[];
  readonly encoding?: string;
  /** Stop at the first source that cannot be read (default: skip it with a warning). */
  readonly strict?: boolean;
  readonly report?: Report;
  /** Largest source file read, in bytes (default: env QDA_MAX_SOURCE_BYTES, else 512 MB). */
  readonly maxSourceBytes?: number;
  /** Hash each source file (`Source.sha256`; default true; false: '', for outputs that do not show it). */
  readonly hash?: boolean;
  /** Guess the language of each source without one (`Source.language`; default true; false: only a front matter's or the project's, for outputs that do not show it). */
  readonly guessLanguage?: boolean;
  /** Files found in folders that are not sources (absolute path → why), e.g. qdakit's own output; each skip is reported. */
  readonly exclude?: ReadonlyMap<string, string>;
}

export interface ReadCorpusStreamOptions extends ReadCorpusOptions {
  /**
   * The project file as found by `findProject` (null: there is none), so a caller that
   * needs it first (e.g. for its codebooks) does not read it twice. Default: found here.
   */
  readonly project?: ProjectConfig | null;
  /** Called once the inputs are expanded, with the number of files that will be read (e.g. for a progress bar). */
  readonly onFiles?: (count: number) => void;
  /**
   * false: the segments are not made (`segments` is empty); each item has the `plan` to go
   * through them with `eachSegment` (for a writer of their cells). Default true.
   */
  readonly segmentObjects?: boolean;
}

/**
 * Two sources whose names give one id (r1.txt and r1.md, R1.docx): the later is read as r1-2. That
 * id is what codings, tables and case files then call it, so the renaming is said (the id was
 * changed without a word; a cases.csv row or a codings CSV naming "r1" then meant only the first).
 */
export function duplicateIdWarning(id0: string, id: string, path: string, firstPath: string | undefined): Diagnostic {
  return {
    severity: 'warning',
    source: 'ingest',
    ruleId: 'duplicate-source-id',
    message: `${firstPath ? `${firstPath} is also named "${id0}"` : `another source is named "${id0}"`}: this source is read as "${id}" (its id and case in the codings, tables and report)`,
    file: path,
    hint: `rename one of the files so that their names differ without the extension, or refer to this one as "${id}" (in a cases.csv, by its file name ${basename(path)})`,
  };
}

/** One source with its segments (at `unit`), as `readCorpusStream` yields them. */
export interface CorpusItem {
  readonly source: Source;
  /** (Empty when read with `segmentObjects: false`: see `plan`.) */
  readonly segments: Segment[];
  /** With `segmentObjects: false`: what segmentSource would make the segments with (eachSegment goes through them). */
  readonly plan?: SegmentPlan;
}

/** Folder entries that are never sources. */
const SKIP_DIRS = new Set(['node_modules', 'out', 'dist', 'build', 'coverage', '__pycache__']);
const SKIP_FILES = /^(readme|changelog|license|licence|contributing|notice)(\.[a-z]+)?$/i;
const SKIP_SUFFIXES = ['.gold.csv', '.codings.csv', '.codings.json'];

/**
 * What a folder walk did not read, or read once, because of a symbolic link or a special file:
 * each is said (a link to a transcript was passed over in silence, as was a linked folder).
 */
export interface WalkNote {
  /** The entry in the folder (absolute). */
  readonly path: string;
  readonly why: 'broken-link' | 'folder-twice' | 'file-twice' | 'not-a-regular-file' | 'folder-skipped';
  /** Where the link points (broken-link), the path read already (folder-twice, file-twice), what the entry is (not-a-regular-file), or the source files in it (folder-skipped). */
  readonly detail: string;
}

/** A name a folder walk takes as a source: a known extension, not README/LICENSE, not a codings or gold table. */
export function sourceName(name: string): boolean {
  const lower = name.toLowerCase();
  if (SKIP_FILES.test(name) || SKIP_SUFFIXES.some((s) => lower.endsWith(s))) return false;
  return (SOURCE_EXTENSIONS as readonly string[]).includes(extname(lower).slice(1));
}

/**
 * Files in a folder that are sources: known extensions, no hidden files, no README/LICENSE, no
 * output folders. Symbolic links are followed (a link to a transcript is a source; a linked
 * folder is searched), each file and folder read once by its real path; a broken link, a folder
 * reached twice (a link loop) and a named pipe or device with a source extension go to `notes`.
 */
export async function walkFolder(dir: string, ignored: string[] = [], manifests: string[] = [], notes: WalkNote[] = []): Promise<string[]> {
  const found: Array<{ path: string; real: string; linked: boolean }> = [];
  const realDirs = new Map<string, string>();
  const { realpath } = await import('node:fs/promises');
  const realOf = (p: string) => realpath(p).catch(() => p);
  const visit = async (d: string, real: string, linked: boolean): Promise<void> => {
    const had = realDirs.get(real);
    if (had !== undefined) {
      notes.push({ path: d, why: 'folder-twice', detail: had });
      return;
    }
    realDirs.set(real, d);
    // (by name: which of two paths to one folder is searched does not depend on the file system's order)
    const entries = (await readdir(d, { withFileTypes: true })).sort((a, b) => byPath(a.name, b.name));
    for (const e of entries) {
      if (e.name === OUTPUT_MANIFEST && e.isFile()) manifests.push(join(d, e.name));
      if (e.name.startsWith('.') || e.name.startsWith('~$')) continue;
      const full = join(d, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      let realFull = join(real, e.name);
      if (e.isSymbolicLink()) {
        const st = await stat(full).catch(() => undefined);
        if (!st) {
          if (sourceName(e.name)) {
            const { readlink } = await import('node:fs/promises');
            notes.push({ path: full, why: 'broken-link', detail: await readlink(full).catch(() => '?') });
          }
          continue;
        }
        isDir = st.isDirectory();
        isFile = st.isFile();
        realFull = await realOf(full);
        if (!isDir && !isFile) {
          if (sourceName(e.name)) notes.push({ path: full, why: 'not-a-regular-file', detail: specialKind(st) });
          continue;
        }
      }
      if (isDir) {
        if (!SKIP_DIRS.has(e.name)) await visit(full, realFull, linked || e.isSymbolicLink());
        else if (e.name !== 'node_modules' && e.name !== '__pycache__') {
          // (a folder of that name, `out/` or `build/`, with transcripts in it was passed over without a
          // word; one qda run wrote, with its list of outputs, is qda's own and not said)
          const inside = await readdir(full).catch(() => [] as string[]);
          // (tables there are more likely outputs, `out/codings.csv`: only transcripts and documents count)
          const sources = inside.filter((n) => !n.startsWith('.') && sourceName(n) && !/\.(csv|tsv|xlsx)$/i.test(n));
          if (sources.length && !inside.includes(OUTPUT_MANIFEST)) notes.push({ path: full, why: 'folder-skipped', detail: `${sources.length} file(s) with a source's extension (${sources.slice(0, 3).join(', ')}${sources.length > 3 ? ', …' : ''})` });
        }
        continue;
      }
      if (!isFile) {
        if (sourceName(e.name)) notes.push({ path: full, why: 'not-a-regular-file', detail: specialKind(e) });
        continue;
      }
      if (sourceName(e.name)) found.push({ path: full, real: realFull, linked: linked || e.isSymbolicLink() });
      else if (!SKIP_FILES.test(e.name) && !SKIP_SUFFIXES.some((s) => e.name.toLowerCase().endsWith(s))) ignored.push(full);
    }
  };
  await visit(dir, await realOf(dir), false);
  // one file reached by two paths (a link beside its target) is read once: under the path without
  // a link if there is one, else the first
  const keep = new Map<string, string>();
  for (const f of found.sort((a, b) => Number(a.linked) - Number(b.linked) || byPath(a.path, b.path))) {
    const had = keep.get(f.real);
    if (had !== undefined) notes.push({ path: f.path, why: 'file-twice', detail: had });
    else keep.set(f.real, f.path);
  }
  return [...keep.values()].sort(byPath);
}

/** What a special folder entry is, for messages. */
function specialKind(x: { isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  return x.isFIFO() ? 'a named pipe (FIFO)' : x.isCharacterDevice() ? 'a character device' : x.isBlockDevice() ? 'a block device' : x.isSocket() ? 'a socket' : 'not a regular file';
}

/**
 * Files that `qda run` wrote into a folder (its manifest lists them): its report, tables and
 * appendices are never sources, whichever -o or link later reaches that folder. (The texts that
 * `qda refi import` writes are sources, and are not skipped.) A manifest that cannot be read or
 * is not one stops the reading (exit 2): the files it should vouch for (a report, appendices that
 * quote every transcript) would otherwise be read as more sources, and guessing them by name
 * could as well drop a real one.
 */
async function runOutputs(manifests: readonly string[], cwd: string): Promise<Map<string, { manifest: string; sha256: string }>> {
  const out = new Map<string, { manifest: string; sha256: string }>();
  for (const m of manifests) {
    let parsed: ReturnType<typeof parseOutputManifest>;
    try {
      parsed = parseOutputManifest(await readFile(m, 'utf8'));
    } catch (e) {
      parsed = { problem: `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
    }
    if ('problem' in parsed) {
      const folder = displayPath(cwd, dirname(m)) || '.';
      throw inputError('ingest', 'output-manifest-unreadable', `this list of the files qda run wrote in ${folder} ${parsed.problem}, so its report, tables and appendices cannot be told from sources; nothing was read`, {
        file: displayPath(cwd, m),
        hint: `if ${folder} holds the output of an earlier qda run, move it out of the sources or delete it (qda run writes it again); if every file in ${folder} is a source, delete ${displayPath(cwd, m)}; or give the source files themselves instead of the folder`,
      });
    }
    for (const [rel, v] of Object.entries(parsed.files)) {
      if (v.command === 'qda run') out.set(join(dirname(m), ...rel.split('/')), { manifest: displayPath(cwd, m), sha256: v.sha256 });
    }
  }
  return out;
}

/** Is the file's content other than what its manifest recorded (edited since qda run wrote it)? Unreadable: no. */
export async function changedSinceWritten(file: string, sha256: string): Promise<boolean> {
  const { createHash } = await import('node:crypto');
  const bytes = await readFile(file).catch(() => undefined);
  return !!bytes && createHash('sha256').update(bytes).digest('hex') !== sha256;
}

/**
 * Why an output of an earlier qda run is not read as a source. One that was changed since it was
 * written (your notes in results-skeleton.md) is said as such, with what to do (`RUN_OUTPUT_CHANGED`
 * is in its message).
 */
export function runOutputWhy(manifest: string, changed: boolean, folder: string): string {
  return changed
    ? `written by qda run (listed in ${manifest}) and ${RUN_OUTPUT_CHANGED}: not read as a source (to read your text in it as a source, copy it out of ${folder}/; qda run does not overwrite it)`
    : `written by qda run (listed in ${manifest}), not a source`;
}
export const RUN_OUTPUT_CHANGED = 'changed since';

/** "2 .png, 1 .jpg, 1 without extension" for the files a folder walk passed over. */
function describeIgnored(names: readonly string[]): string {
  const by = new Map<string, number>();
  for (const n of names) {
    const ext = extname(n).toLowerCase() || '(no extension)';
    by.set(ext, (by.get(ext) ?? 0) + 1);
  }
  return [...by].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([e, k]) => `${k} ${e}`).join(', ');
}

const NO_TEXT_EXT = /^\.(png|jpe?g|gif|tiff?|bmp|heic|webp|mp3|m4a|wav|ogg|flac|mp4|mov|avi|mkv|webm)$/i;

/** Text documents, spreadsheets and slides in formats qda does not read (a folder's other files, such as .yaml or .json, are not said). */
const OTHER_DOCUMENT_EXT = /^\.(doc|docm|dot|dotx|rtf|wpd|wps|pages|htm|html|xhtml|epub|xls|xlsm|ods|numbers|ppt|pptx|odp|key)$/i;

/** Project files of QDA programs (REFI-QDA, QualCoder, NVivo, ATLAS.ti, MAXQDA): their sources and codings are not read from a folder. */
const QDA_PROJECT_EXT = /^\.(qdpx|qdc|qde|qda|nvp|nvpx|atlproj\d*|atlcb|hpr\d+|mx\d+|mex\d+|mx\d+b)$/i;
const REFI_IMPORT_HINT = 'import a REFI-QDA project with `qda refi import FILE.qdpx -o DIR` (its sources, codings.json and codebook.yaml) and work from DIR; give a .qdc codebook with -c FILE.qdc; export other programs\' projects as .qdpx first';

const byPath = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Each link or special file a folder walk passed over or read once: a warning naming it, what it is and what to do. */
function reportWalkNotes(notes: readonly WalkNote[], cwd: string, report: Report): void {
  for (const n of notes) {
    const file = displayPath(cwd, n.path);
    const other = displayPath(cwd, n.detail);
    const d =
      n.why === 'broken-link'
        ? { ruleId: 'broken-link', message: `a link to ${n.detail}, which is not there: not read`, hint: 'point the link at the file, or remove it' }
        : n.why === 'folder-twice'
          ? { ruleId: 'folder-read-twice', message: `a link to the folder ${other}, which is searched already: its files are read once, as ${other}/…`, hint: 'nothing to do if that is meant; to read a second copy as other sources, copy the folder' }
          : n.why === 'file-twice'
            ? { ruleId: 'file-read-twice', message: `the same file as ${other} (a link between them): read once, as ${other}`, hint: 'remove the link if it is not meant as a second source; to read a second copy as another source, copy the file' }
            : n.why === 'folder-skipped'
              ? { ruleId: 'folder-skipped', message: `the folder ${basename(n.path)}/ is not searched (folders named ${[...SKIP_DIRS].join(', ')} hold a program's files), but it holds ${n.detail}: not read`, hint: `if they are sources, give the folder itself (qda … ${file}) or move them to a folder of another name` }
              : { ruleId: 'not-a-regular-file', message: `this is ${n.detail}, not a regular file: not read`, hint: 'save the data to a file first (e.g. `cat … > interview.txt`) and put that in the folder' };
    report({ severity: 'warning', source: 'ingest', ...d, file });
  }
}

/**
 * The project file that applies to these inputs: `config`, else qda.yaml in cwd,
 * else the nearest qda.yaml in an input folder or a folder above an input (below cwd).
 */
export async function findProject(inputs: readonly string[], opts: { cwd: string; config?: string; report?: Report }): Promise<ProjectConfig | undefined> {
  const cwd = opts.cwd;
  const project = await readProject(cwd, opts.config, opts.report);
  if (project || opts.config) return project;
  const root = resolve(cwd);
  for (const inp of inputs) {
    const full = resolve(cwd, inp);
    const st = await stat(full).catch(() => undefined);
    if (!st) continue;
    let dir = st.isDirectory() ? full : dirname(full);
    while (dir !== root && dir.startsWith(root + sep)) {
      const p = await readProject(dir, undefined, opts.report);
      if (p) return p;
      dir = dirname(dir);
    }
  }
  return undefined;
}

/** Case tables indexed by the keys a row can match (file name, id, name without extension). */
export class CaseIndex {
  private readonly byKey = new Map<string, Array<{ t: number; r: number }>>();
  constructor(private readonly tables: readonly CaseTable[]) {
    tables.forEach((t, ti) =>
      t.rows.forEach((row, ri) => {
        const k = row.key.trim().replace(/\\/g, '/');
        for (const key of new Set([basename(k).toLowerCase(), caseKey(k)])) {
          const l = this.byKey.get(key);
          if (l) l.push({ t: ti, r: ri });
          else this.byKey.set(key, [{ t: ti, r: ri }]);
        }
      }),
    );
  }

  /**
   * The source with the attributes of the rows that name it (as applyCases on the whole corpus),
   * coded in the language a `language` column gives it (withCaseLanguage: said to `report`).
   */
  apply(src: Source, report: Report, opts: { readonly guessed?: boolean } = {}): Source {
    const hits = new Map<string, { t: number; r: number }>();
    for (const key of [src.id.toLowerCase(), caseKey(src.path), basename(src.path).toLowerCase()]) {
      for (const h of this.byKey.get(key) ?? []) hits.set(`${h.t}:${h.r}`, h);
    }
    if (!hits.size) return src;
    const rows = [...hits.values()].sort((a, b) => a.t - b.t || a.r - b.r);
    const tables: CaseTable[] = this.tables.map((t, ti) => ({ ...t, rows: rows.filter((h) => h.t === ti).map((h): CaseRow => t.rows[h.r]) }));
    return withCaseLanguage(applyCases([src], tables, () => {}, false)[0], src.language, this.tables, report, opts.guessed);
  }
}

/** The files to read (expanded, sorted, unique), the case tables and the interviewer names. */
export interface InputPlan {
  readonly files: Array<{ path: string; explicit: boolean }>;
  readonly fromFolders: boolean;
  readonly given: readonly string[];
  readonly base: string;
  readonly tables: CaseTable[];
  readonly interviewers: string[];
  /** The tables the run uses otherwise (case tables, the project's survey data and judgements), as display paths: one found in a folder is not a source, and not said to be skipped. */
  readonly usedTables: string[];
}

/**
 * Expand inputs into the files to read, as readCorpusStream does (also used by the
 * stream workers of `qda code`, so that both list the same files with the same errors).
 */
export async function planInputs(
  inputs: readonly string[],
  opts: { cwd: string; project?: ProjectConfig; cases?: string; interviewers?: readonly string[]; report: Report; exclude?: ReadonlyMap<string, string> },
): Promise<InputPlan> {
  const { cwd, project, report } = opts;
  let given: readonly string[] = inputs;
  let base = cwd;
  let fromProject = false;
  if (given.length === 0) {
    if (project?.sources?.length) {
      given = project.sources;
      base = project.dir;
      fromProject = true;
    } else {
      throw inputError('ingest', 'no-inputs', project ? `no sources given, and ${project.file} lists no sources:` : 'no sources given (and no qda.yaml here that lists sources:)', {
        ...(project ? { file: project.file } : {}),
        hint: 'give files or folders, e.g. `qda segments interviews/`, or list them under `sources:` in qda.yaml',
      });
    }
  }

  // expand inputs
  const files: Array<{ path: string; explicit: boolean }> = [];
  let fromFolders = false;
  for (const [k, inp] of given.entries()) {
    const full = resolve(base, inp);
    const st = await stat(full).catch(() => undefined);
    if (!st && fromProject && project) {
      // an entry of sources: in qda.yaml that names nothing: the project file and the entry
      throw inputError('ingest', 'source-not-found', `sources: entry "${inp}" names no file or folder (looked for ${displayPath(cwd, full)})`, {
        file: project.file,
        ...(project.places?.[`/sources/${k}`] ? { line: project.places[`/sources/${k}`].line, column: project.places[`/sources/${k}`].column } : {}),
        path: `/sources/${k}`,
        hint: `${/[*?[\]{}]/.test(inp) ? 'patterns such as *.docx are not expanded: list the folder or the files; ' : ''}paths in ${project.file} are relative to its folder; correct or remove the entry`,
      });
    }
    if (!st) {
      throw inputError('ingest', 'file-not-found', 'file or folder not found', {
        file: displayPath(cwd, full),
        hint: base === cwd ? 'check the path (it is relative to the current folder)' : `check the path in ${project?.file ?? 'qda.yaml'} (it is relative to its folder)`,
      });
    }
    if (st.isDirectory()) {
      fromFolders = true;
      const ignored: string[] = [];
      const manifests: string[] = [];
      const notes: WalkNote[] = [];
      const found = await walkFolder(full, ignored, manifests, notes);
      reportWalkNotes(notes, cwd, report);
      const written = manifests.length ? await runOutputs(manifests, cwd) : undefined;
      if (found.length === 0) {
        const media = ignored.some((n) => NO_TEXT_EXT.test(extname(n)));
        const qda = ignored.some((n) => QDA_PROJECT_EXT.test(extname(n)));
        throw inputError('ingest', 'no-sources', `this folder has no readable sources${ignored.length ? ` (it holds ${describeIgnored(ignored)})` : ''}`, {
          file: displayPath(cwd, full),
          hint: `${qda ? `${REFI_IMPORT_HINT}; ` : ''}${media ? 'images, audio and video have no text: transcribe them first (e.g. a .txt or .vtt transcript); ' : ''}put transcripts or documents in it with one of the extensions ${SOURCE_EXTENSIONS.map((e) => '.' + e).join(' ')}`,
        });
      }
      const media = ignored.filter((n) => NO_TEXT_EXT.test(extname(n)) && !opts.exclude?.has(n) && !written?.has(n));
      if (media.length) {
        report({
          severity: 'warning',
          source: 'ingest',
          ruleId: 'media-skipped',
          message: `skipped ${describeIgnored(media)} file(s): images, audio and video have no text`,
          file: displayPath(cwd, full),
          hint: 'transcribe them first (e.g. a .txt or .vtt transcript next to the recording)',
        });
      }
      // a QDA program's project among the transcripts (a .qdpx exported from QualCoder, ATLAS.ti, …): its codings
      // would be left out without a word (it was passed over like any other file)
      const projects = ignored.filter((n) => QDA_PROJECT_EXT.test(extname(n)) && !opts.exclude?.has(n) && !written?.has(n));
      if (projects.length) {
        const names = projects.map((n) => displayPath(cwd, n));
        report({
          severity: 'warning',
          source: 'ingest',
          ruleId: 'qda-project-skipped',
          message: `skipped ${projects.length} project file(s) of a QDA program: ${names.slice(0, 5).join(', ')}${names.length > 5 ? ` and ${names.length - 5} more` : ''}; their sources, codes and codings are not read`,
          file: displayPath(cwd, full),
          hint: REFI_IMPORT_HINT,
        });
      }
      // documents in a format qda does not read (an old .doc, an .rtf): an interview among them
      // would be left out without a word
      const docs = ignored.filter((n) => OTHER_DOCUMENT_EXT.test(extname(n)) && !opts.exclude?.has(n) && !written?.has(n));
      if (docs.length) {
        const names = docs.map((n) => displayPath(cwd, n));
        report({
          severity: 'warning',
          source: 'ingest',
          ruleId: 'documents-skipped',
          message: `skipped ${describeIgnored(docs)} file(s) in a format qda does not read: ${names.slice(0, 5).join(', ')}${names.length > 5 ? ` and ${names.length - 5} more` : ''}`,
          file: displayPath(cwd, full),
          hint: `if they are sources, save them as .docx, .odt or .txt (Word or LibreOffice: Save As) next to the others; qda reads ${SOURCE_EXTENSIONS.map((e) => '.' + e).join(' ')}`,
        });
      }
      for (const f of found) {
        const w = opts.exclude?.has(f) ? undefined : written?.get(f);
        const why = opts.exclude?.get(f) ?? (w ? runOutputWhy(w.manifest, await changedSinceWritten(f, w.sha256), dirname(w.manifest)) : undefined);
        if (why === undefined) files.push({ path: f, explicit: false });
        else report({ severity: 'warning', source: 'ingest', ruleId: 'not-a-source', message: `skipped: ${why}`, file: displayPath(cwd, f) });
      }
    } else files.push({ path: full, explicit: true });
  }
  const seen = new Set<string>();
  const twice: string[] = [];
  const unique = files.filter((f) => (seen.has(f.path) ? (twice.push(f.path), false) : (seen.add(f.path), true)));
  // (a file given by name and in a folder given too, or named twice: read once, as the user means; said)
  if (twice.length) {
    const names = [...new Set(twice)].map((f) => displayPath(cwd, f));
    report({
      severity: 'info',
      source: 'ingest',
      ruleId: 'input-given-twice',
      message:
        names.length === 1
          ? 'among the inputs more than once (named, and in a folder given, or named twice): read once, as one source'
          : `${names.length} files are among the inputs more than once (named, and in a folder given, or named twice): ${names.slice(0, 5).join(', ')}${names.length > 5 ? ` and ${names.length - 5} more` : ''}; each is read once, as one source`,
      file: names[0],
      hint: 'nothing to do; to read a second copy as another source, copy the file under another name',
    });
  }

  // cases (read before the sources: they are applied to each source as it is read)
  const tables: CaseTable[] = [];
  if (project?.cases) tables.push(await readNamedByProject(project, '/cases', () => readCases(resolve(project.dir, project.cases!), { cwd, report })));
  if (project?.caseAttributes) tables.push(await casesFromMap(project.caseAttributes, project.file, report, project.caseLines));
  if (opts.cases) tables.push(await readCases(opts.cases, { cwd, report }));

  const interviewers = opts.interviewers?.length ? opts.interviewers : project?.interviewers?.length ? project.interviewers : [...DEFAULT_INTERVIEWERS];
  const usedTables: string[] = [];
  for (const t of tables) if (t.file) usedTables.push(t.file);
  for (const f of [...(project?.survey?.data ?? []), ...(project?.framework ? [project.framework] : [])]) usedTables.push(displayPath(cwd, resolve(project!.dir, f)));
  return { files: unique, fromFolders, given, base, tables, interviewers: [...interviewers], usedTables };
}

/**
 * Read sources one at a time: yields each source (with id, case attributes and
 * project language applied) and its segments at `opts.unit`, in the same order
 * and with the same diagnostics as `readCorpus`, without holding the corpus.
 * - Inputs are files or folders (folders are searched recursively; only files
 *   with a source extension are taken; hidden files, node_modules, out/,
 *   README/LICENSE, *.gold.csv and CSV/XLSX tables without an answer column
 *   such as cases.csv are skipped). Paths are sorted within each folder.
 * - Without inputs, the project file's `sources:` are read (relative to its folder).
 * - A missing input, an unknown extension given explicitly, a folder with no
 *   sources: QdaInputError (before anything is yielded). A file given explicitly that
 *   cannot be read is an error; one found in a folder is skipped with a warning (an
 *   error with `strict`). No readable source at all: QdaInputError at the end.
 * - The project file: see `findProject` (or `opts.project`).
 * - Case attributes: qda.yaml `cases:` (CSV path or map), then `--cases`; rows that
 *   name no source read are reported at the end (when a folder was read).
 */
export async function* readCorpusStream(inputs: readonly string[], opts: ReadCorpusStreamOptions): AsyncGenerator<CorpusItem, void, undefined> {
  const report: Report = opts.report ?? (() => {});
  const cwd = opts.cwd;
  const project = opts.project === undefined ? await findProject(inputs, { cwd, config: opts.config, report }) : opts.project ?? undefined;

  const { files: unique, fromFolders, tables, interviewers, given, base, usedTables } = await planInputs(inputs, { cwd, project, cases: opts.cases, interviewers: opts.interviewers, report, exclude: opts.exclude });
  opts.onFiles?.(unique.length);
  const cases = tables.length ? new CaseIndex(tables) : undefined;

  const unit = opts.unit ?? 'turn';
  // unique ids: the file name without extension; later duplicates get -2, -3, …
  const used = new Map<string, number>();
  /** The first source read under each id (lower case), for the warning about a later one. */
  const firstPath = new Map<string, string>();
  // what the end-of-stream case check needs of each source (not its text)
  const stubs: Source[] = [];
  const sameText = new SameTextCheck();
  for (const f of unique) {
    let r;
    try {
      r = await readSource(f.path, { cwd, encoding: opts.encoding, interviewers, fromFolder: !f.explicit, usedTables, report, maxSourceBytes: opts.maxSourceBytes, hash: opts.hash, guessLanguage: opts.guessLanguage });
    } catch (e) {
      if (!(e instanceof QdaInputError) || f.explicit || opts.strict) throw e;
      for (const d of e.diagnostics) report({ ...d, severity: 'warning', hint: `${d.hint ? d.hint + '; ' : ''}skipped (use --strict to stop instead)` });
      continue;
    }
    if (!r) continue;
    let source = r.source;
    const id0 = source.id;
    const n = (used.get(id0.toLowerCase()) ?? 0) + 1;
    used.set(id0.toLowerCase(), n);
    if (n > 1) {
      let id = `${id0}-${n}`;
      while (used.has(id.toLowerCase())) id = `${id}-${n}`;
      used.set(id.toLowerCase(), 1);
      report(duplicateIdWarning(id0, id, source.path, firstPath.get(id0.toLowerCase())));
      source = { ...source, id, case: id };
    } else firstPath.set(id0.toLowerCase(), source.path);
    const same = sameText.check(source, textFingerprint(source.text), passagePrints(source, r.blocks, { interviewers, observers: r.observers }));
    if (same) report(same);
    const own = source.attributes;
    if (cases) source = cases.apply(source, report, { guessed: opts.guessLanguage !== false });
    if (project?.language && !source.language) source = { ...source, language: project.language };
    stubs.push({ id: source.id, path: source.path, case: source.case, attributes: cases ? own : {} } as unknown as Source);
    const options = { blocks: r.blocks, interviewers, observers: r.observers, knownSpeakers: r.participants };
    r = undefined;
    if (opts.segmentObjects === false) yield { source, segments: [], plan: { unit, options } };
    else yield { source, segments: segmentSource(source, unit, options) };
  }
  if (stubs.length === 0) {
    throw inputError('ingest', 'no-sources', 'no readable sources among the inputs', {
      file: given.length === 1 ? displayPath(cwd, resolve(base, given[0])) : undefined,
      hint: 'see the warnings above; give transcripts (.txt, .md, .docx, .odt, .vtt, .srt), documents (.pdf) or answer tables (.csv, .xlsx)',
    });
  }
  // (rows naming no source are said when a folder was read; a table value that replaces a source's
  // own, and two tables that differ, always)
  if (tables.length) applyCases(stubs, tables, report, fromFolders);
}
