import { readdir, stat } from 'node:fs/promises';
import { dirname, extname, join, resolve, sep } from 'node:path';
import type { Corpus, Diagnostic, Segment, Source, Unit } from '../model/types.js';
import { QdaInputError, inputError, type Report } from '../model/errors.js';
import { SOURCE_EXTENSIONS, displayPath, readSource, type ReadSourceResult } from './read-source.js';
import { readProject, type ProjectConfig } from './read-project.js';
import { applyCases, casesFromMap, readCases, type CaseTable } from './read-cases.js';
import { segmentSource } from './segment.js';
import { DEFAULT_INTERVIEWERS } from './roles.js';

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
}

/** Folder entries that are never sources. */
const SKIP_DIRS = new Set(['node_modules', 'out', 'dist', 'build', 'coverage', '__pycache__']);
const SKIP_FILES = /^(readme|changelog|license|licence|contributing|notice)(\.[a-z]+)?$/i;
const SKIP_SUFFIXES = ['.gold.csv', '.codings.csv', '.codings.json'];

/** Files in a folder that are sources: known extensions, no hidden files, no README/LICENSE, no output folders. */
async function walk(dir: string, ignored: string[] = []): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries) {
    if (e.name.startsWith('.') || e.name.startsWith('~$')) continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) out.push(...(await walk(full, ignored)));
      continue;
    }
    if (!e.isFile()) continue;
    const lower = e.name.toLowerCase();
    if (SKIP_FILES.test(e.name) || SKIP_SUFFIXES.some((s) => lower.endsWith(s))) continue;
    if ((SOURCE_EXTENSIONS as readonly string[]).includes(extname(lower).slice(1))) out.push(full);
    else ignored.push(e.name);
  }
  return out;
}

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

const byPath = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Read sources into a corpus.
 * - Inputs are files or folders (folders are searched recursively; only files
 *   with a source extension are taken; hidden files, node_modules, out/,
 *   README/LICENSE, *.gold.csv and CSV/XLSX tables without an answer column
 *   such as cases.csv are skipped). Paths are sorted within each folder.
 * - Without inputs, the project file's `sources:` are read.
 * - A missing input, an unknown extension given explicitly, a folder with no
 *   sources: QdaInputError. A file given explicitly that cannot be read is an
 *   error; one found in a folder is skipped with a warning (an error with `strict`).
 * - The project file: `config`, else qda.yaml in cwd, else the nearest qda.yaml in or
 *   above an input (below cwd).
 * - Case attributes: qda.yaml `cases:` (CSV path or map), then `--cases`.
 */
export async function readCorpus(inputs: string[], opts: ReadCorpusOptions): Promise<{ corpus: Corpus; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const report: Report = (d) => {
    diagnostics.push(d);
    opts.report?.(d);
  };
  const cwd = opts.cwd;

  let project: ProjectConfig | undefined = await readProject(cwd, opts.config, report);
  if (!project && !opts.config) {
    // the nearest qda.yaml of an input: in the input folder, or in a folder above an input, below cwd
    const root = resolve(cwd);
    search: for (const inp of inputs) {
      const full = resolve(cwd, inp);
      const st = await stat(full).catch(() => undefined);
      if (!st) continue;
      let dir = st.isDirectory() ? full : dirname(full);
      while (dir !== root && dir.startsWith(root + sep)) {
        project = await readProject(dir, undefined, report);
        if (project) break search;
        dir = dirname(dir);
      }
    }
  }
  let given = inputs;
  let base = cwd;
  if (given.length === 0) {
    if (project?.sources?.length) {
      given = project.sources;
      base = project.dir;
    } else {
      throw inputError('ingest', 'no-inputs', 'no sources given', { hint: 'give files or folders, e.g. `qda segments interviews/`, or list them under `sources:` in qda.yaml' });
    }
  }

  // expand inputs
  const files: Array<{ path: string; explicit: boolean }> = [];
  let fromFolders = false;
  for (const inp of given) {
    const full = resolve(base, inp);
    const st = await stat(full).catch(() => undefined);
    if (!st) {
      throw inputError('ingest', 'file-not-found', 'file or folder not found', { file: displayPath(cwd, full), hint: 'check the path (it is relative to the current folder)' });
    }
    if (st.isDirectory()) {
      fromFolders = true;
      const ignored: string[] = [];
      const found = (await walk(full, ignored)).sort(byPath);
      if (found.length === 0) {
        const media = ignored.some((n) => NO_TEXT_EXT.test(extname(n)));
        throw inputError('ingest', 'no-sources', `this folder has no readable sources${ignored.length ? ` (it holds ${describeIgnored(ignored)})` : ''}`, {
          file: displayPath(cwd, full),
          hint: `${media ? 'images, audio and video have no text: transcribe them first (e.g. a .txt or .vtt transcript); ' : ''}put transcripts or documents in it with one of the extensions ${SOURCE_EXTENSIONS.map((e) => '.' + e).join(' ')}`,
        });
      }
      const media = ignored.filter((n) => NO_TEXT_EXT.test(extname(n)));
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
      for (const f of found) files.push({ path: f, explicit: false });
    } else files.push({ path: full, explicit: true });
  }
  const seen = new Set<string>();
  const unique = files.filter((f) => (seen.has(f.path) ? false : (seen.add(f.path), true)));

  const interviewers = opts.interviewers?.length ? opts.interviewers : project?.interviewers?.length ? project.interviewers : [...DEFAULT_INTERVIEWERS];
  const results: ReadSourceResult[] = [];
  for (const f of unique) {
    try {
      const r = await readSource(f.path, { cwd, encoding: opts.encoding, interviewers, fromFolder: !f.explicit, report, maxSourceBytes: opts.maxSourceBytes });
      if (r) results.push(r);
    } catch (e) {
      if (!(e instanceof QdaInputError) || f.explicit || opts.strict) throw e;
      for (const d of e.diagnostics) report({ ...d, severity: 'warning', hint: `${d.hint ? d.hint + '; ' : ''}skipped (use --strict to stop instead)` });
    }
  }
  if (results.length === 0) {
    throw inputError('ingest', 'no-sources', 'no readable sources among the inputs', {
      file: given.length === 1 ? displayPath(cwd, resolve(base, given[0])) : undefined,
      hint: 'see the warnings above; give transcripts (.txt, .md, .docx, .odt, .vtt, .srt), documents (.pdf) or answer tables (.csv, .xlsx)',
    });
  }

  // unique ids: the file name without extension; later duplicates get -2, -3, …
  const used = new Map<string, number>();
  let sources: Source[] = results.map((r) => {
    const id0 = r.source.id;
    const n = (used.get(id0.toLowerCase()) ?? 0) + 1;
    used.set(id0.toLowerCase(), n);
    if (n === 1) return r.source;
    let id = `${id0}-${n}`;
    while (used.has(id.toLowerCase())) id = `${id}-${n}`;
    used.set(id.toLowerCase(), 1);
    return { ...r.source, id, case: id };
  });

  // cases
  const tables: CaseTable[] = [];
  if (project?.cases) tables.push(await readCases(resolve(project.dir, project.cases), { cwd }));
  if (project?.caseAttributes) tables.push(casesFromMap(project.caseAttributes, project.file));
  if (opts.cases) tables.push(await readCases(opts.cases, { cwd }));
  if (tables.length) sources = applyCases(sources, tables, report, fromFolders);
  if (project?.language) sources = sources.map((s) => (s.language ? s : { ...s, language: project!.language }));

  const unit = opts.unit ?? 'turn';
  const segments: Segment[] = [];
  sources.forEach((s, i) => {
    const r = results[i];
    const segs = segmentSource(s, unit, {
      blocks: r.blocks,
      interviewers,
      observers: r.observers,
      knownSpeakers: r.participants,
    });
    // (no push(...segs): a source with 100,000+ segments overflows the call stack)
    for (const seg of segs) segments.push(seg);
  });
  return { corpus: { sources, segments }, diagnostics };
}
