import { readdir, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Io } from '../io.js';
import type { CodingsDocument, Diagnostic, Lang, Table } from '../../model/types.js';
import { isHumanCoder } from '../../model/types.js';
import type { Codebook } from '../../codebook/types.js';
import type { ProjectConfig } from '../../ingest/read-project.js';
import type { Guide } from '../../analysis/guide.js';
import type { MarkerAccounting } from '../../coding/human-codings.js';
import type { CodeSourcesOptions } from '../../pipeline/code-sources.js';
import { formatDiagnostic, inputError } from '../../model/errors.js';
import { VERSION } from '../../version.js';
import { strList } from '../output.js';
import { resolveLang } from '../lang.js';
import { markerSummary } from '../marker-summary.js';
import { escapeMarkdown } from '../../export/escape.js';

export const DEFAULT_CODEBOOKS = ['coordination-collaboration', 'kaats-opheij', 'hovik-hanssen'];

export interface Loaded {
  readonly doc: CodingsDocument;
  readonly books: Codebook[];
  readonly project?: ProjectConfig;
  /** Absolute path of the project file, when there is one. */
  readonly projectFile?: string;
  readonly fromCodings: boolean;
}

/** qda.yaml by the one rule of every command (projectFileFor): --config, else in cwd, else in or above an input's folder, else above cwd. */
export async function findProject(io: Io, inputs: readonly string[], config?: string, report?: (d: Diagnostic) => void): Promise<{ project?: ProjectConfig; file?: string }> {
  const { readProject, projectFileFor, projectAboveInfo } = await import('../../ingest/read-project.js');
  if (config) return { project: await readProject(io.cwd, config, report), file: resolve(io.cwd, config) };
  const found = await projectFileFor(io.cwd, inputs);
  if (!found) return {};
  const project = await readProject(found.dir, undefined, report);
  if (project && found.above) report?.(projectAboveInfo(io.cwd, found.file));
  return { project, file: found.file };
}

function isCodingsFile(path: string): boolean {
  return /\.jsonl?$/i.test(path) || /\.codings\.csv$/i.test(path);
}

async function csvHasCodeColumn(full: string): Promise<boolean> {
  if (!/\.(csv|tsv)$/i.test(full)) return false;
  const { readFile } = await import('node:fs/promises');
  const head = (await readFile(full, 'utf8').catch(() => '')).replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0].toLowerCase().split(/[,;\t]/).map((h) => h.trim());
  return head.includes('code') && head.includes('source');
}

export async function loadBooks(ids: readonly string[], cwd: string, report?: (d: Diagnostic) => void, project?: ProjectConfig): Promise<Codebook[]> {
  const { readCodebook, addCodebookOnce } = await import('../../ingest/read-codebook.js');
  const { readNamedByProject } = await import('../../ingest/read-project.js');
  const books: Codebook[] = [];
  // (`project`: the ids are its codebooks: entries, one that names nothing is said with its place there)
  for (const [i, id] of ids.entries()) addCodebookOnce(books, await readNamedByProject(project, `/codebooks/${i}`, () => readCodebook(id, { cwd, report })), id, report);
  return books;
}

/** Full built-in codebooks named by a codings document (custom ones cannot be re-read). */
export async function booksOfDoc(doc: CodingsDocument, io: Io): Promise<Codebook[]> {
  const { isBuiltinCodebookId } = await import('../../codebook/builtins.js');
  const ids = doc.codebooks.map((b) => b.id).filter((id) => isBuiltinCodebookId(id));
  return loadBooks(ids, io.cwd);
}

/**
 * Sources → read + code (like `qda code`, codebooks from -c, else qda.yaml, else the
 * default trio); a single codings document → read it.
 */
export async function loadOrCode(
  io: Io,
  opts: { inputs: readonly string[]; codebook?: string[]; cases?: string; config?: string; command: string; defaultBooks: boolean; exclude?: ReadonlyMap<string, string>; onMarkers?: (a: MarkerAccounting) => void },
  report: (d: Diagnostic) => void,
): Promise<Loaded> {
  const inputs = [...opts.inputs];
  if (inputs.length === 1) {
    const full = resolve(io.cwd, inputs[0]);
    const st = await stat(full).catch(() => undefined);
    if (st?.isFile() && (isCodingsFile(full) || (await csvHasCodeColumn(full)))) {
      const { readCodings, withCodebooks, kindNotGiven } = await import('../../ingest/read-codings.js');
      // (the reader's warnings — rows under "(no question)", an attribute that varies within a
      // source, a code by its name — are reported, as by the other analysis commands)
      let read = await readCodings(inputs[0], { cwd: io.cwd, report });
      // (the warnings the document was made with: their number said here, each in the report)
      const { documentWarnings } = await import('../../analysis/document-warnings.js');
      const made = documentWarnings(read, inputs[0]);
      if (made) report(made);
      const kinds = kindNotGiven(read);
      if (kinds) report(kinds);
      // qda.yaml in cwd (or --config) still gives the language, group nouns, guide and cases
      const { project, file } = await findProject(io, inputs, opts.config, report);
      // --cases with a codings file: the table's attributes go to the codings' sources (they were
      // once ignored without a word); without --cases, the cases of qda.yaml (a CSV or a map) do,
      // and the run says so (they too were once ignored without a word)
      if (opts.cases) read = await casesOnCodings(read, opts.cases, io, report);
      else read = await projectCasesOnCodings(read, project, file, io, report);
      const books = opts.codebook?.length ? await loadBooks(opts.codebook, io.cwd, report) : await booksOfDoc(read, io);
      // -c: the codebooks' hierarchy (and names) for a flat CSV, as on matrix/compare
      const doc = opts.codebook?.length ? withCodebooks(read, books, report, inputs[0]) : read;
      return { doc, books, project, projectFile: file, fromCodings: true };
    }
  }
  const { project, file } = await findProject(io, inputs, opts.config, report);
  let given = inputs;
  // `qda run samples`: the project folder itself → its `sources:`
  if (project && file && project.sources?.length) {
    const projDir = dirname(file);
    const isProjectDir = async (p: string) => resolve(io.cwd, p) === projDir;
    if (given.length === 0 || (given.length === 1 && (await isProjectDir(given[0])))) {
      given = project.sources.map((s) => resolve(projDir, s));
      // (an entry that names nothing: said with qda.yaml's line, and that it is relative to qda.yaml)
      const { checkNamedByProject } = await import('../../ingest/read-project.js');
      for (const [i, s] of given.entries()) await checkNamedByProject(project, `/sources/${i}`, s, io.cwd);
    }
  }
  if (!given.length) {
    throw inputError('cli', 'no-inputs', 'no sources given and no qda.yaml with `sources:` found', { hint: 'give source folders or files, e.g. `qda run samples -o out`' });
  }
  const bookIds = opts.codebook?.length ? opts.codebook : project?.codebooks?.length ? project.codebooks : opts.defaultBooks ? DEFAULT_CODEBOOKS : [];
  const books = await loadBooks(bookIds, project?.dir ?? io.cwd, report, opts.codebook?.length ? undefined : project);
  // the coding pipeline, into a document in memory (the report needs all of it), with the
  // decisions of qda review kept in a file (its default store): human codings too
  const { reviewDecisions, loadImported, codeWhole } = await import('./code.js');
  const decisions = await reviewDecisions(io, project, given, [], report);
  const pipeline: CodeSourcesOptions = {
    inputs: given,
    cwd: io.cwd,
    books,
    unit: 'turn',
    speakers: 'respondent',
    rules: true,
    cases: opts.cases,
    config: file ? relative(io.cwd, file) || file : opts.config,
    ...(opts.exclude ? { exclude: opts.exclude } : {}),
    ...(opts.onMarkers ? { onMarkers: opts.onMarkers } : {}),
    version: VERSION,
    command: opts.command,
    options: { unit: 'turn', speakers: 'respondent', codebooks: bookIds, ...(opts.cases ? { cases: opts.cases } : {}), ...(project?.language ? { language: project.language } : {}) },
    report,
    ...(io.env?.QDA_THREADS && /^\d+$/.test(io.env.QDA_THREADS) ? { threads: Math.max(1, Number(io.env.QDA_THREADS)) } : {}),
  };
  const doc = await codeWhole(pipeline, await loadImported({ codings: decisions }, io, report), books, { suggest: false }, io);
  return { doc, books, project, projectFile: file, fromCodings: false };
}

/**
 * The file the sources' attributes were most likely written in, named in a warning about their
 * values (a date column that may be month-first): --cases, else the codings file read, else
 * qda.yaml's cases table (or qda.yaml itself for a map); undefined when they come from the
 * sources' own files (front matter: the report names the source's file).
 */
export function attributesFile(io: Io, loaded: Loaded, inputs: readonly string[], cases?: string): string | undefined {
  if (cases) return cases;
  if (loaded.fromCodings && inputs.length) return inputs[0];
  const p = loaded.project;
  if (p?.cases) return relative(io.cwd, resolve(p.dir, p.cases)) || p.cases;
  if (p?.caseAttributes && loaded.projectFile) return relative(io.cwd, loaded.projectFile) || loaded.projectFile;
  return undefined;
}

/**
 * The cases of qda.yaml (`cases:` a table, or a map in the file) applied to the sources of a
 * codings file, and said (info). Without a project or its cases: `doc` as it is. `hint`: how to
 * use another table (the commands differ: --cases, or none).
 */
export async function projectCasesOnCodings(
  doc: CodingsDocument,
  project: Awaited<ReturnType<typeof findProject>>['project'],
  file: string | undefined,
  io: Io,
  report: (d: Diagnostic) => void,
  hint = 'give --cases FILE to use another table, or remove cases: from qda.yaml',
): Promise<CodingsDocument> {
  if (!project?.cases && !project?.caseAttributes) return doc;
  const table = project.cases ? resolve(project.dir, project.cases) : (project.caseAttributes as NonNullable<typeof project.caseAttributes>);
  if (typeof table === 'string') await (await import('../../ingest/read-project.js')).checkNamedByProject(project, '/cases', table, io.cwd);
  const out = await casesOnCodings(doc, table, io, report, file, project.caseLines);
  report({
    severity: 'info',
    source: 'cli',
    ruleId: 'project-cases-on-codings',
    message: `the cases of ${file ? relative(io.cwd, file) || file : 'qda.yaml'} (${project.cases ? `cases: ${project.cases}` : 'cases: in the file'}) are applied to the sources of the codings file`,
    ...(file ? { file: relative(io.cwd, file) || file } : {}),
    hint,
  });
  return out;
}

/**
 * A case table (`--cases`) applied to the sources of a codings document: case ids and attributes as
 * for sources read from files (rows naming no source of the codings are reported). A coding's own
 * attribute of the same name (a column of a flat CSV) keeps its value in the analyses; where it
 * differs from the table, that is reported with the count.
 */
export async function casesOnCodings(doc: CodingsDocument, cases: string | Readonly<Record<string, Record<string, string>>>, io: Io, report: (d: Diagnostic) => void, projectFile?: string, caseLines?: Readonly<Record<string, number>>): Promise<CodingsDocument> {
  const { readCases, applyCases, casesFromMap } = await import('../../ingest/read-cases.js');
  const casesPath = typeof cases === 'string' ? cases : projectFile ?? 'qda.yaml';
  const table = typeof cases === 'string' ? await readCases(cases, { cwd: io.cwd, report }) : await casesFromMap(cases, projectFile, report, caseLines);
  // (an attribute the codings carry themselves is said below, with the codings' count: the coding's value counts)
  const onCodings = new Set(doc.codings.flatMap((c) => Object.keys(c.attributes ?? {}).map((k) => `${c.sourceId}\u0000${k}`)));
  const sources = applyCases(doc.sources, [table], report, true, { own: () => 'in the codings', ownIn: 'the codings', skipOwn: (s, k) => onCodings.has(`${s.id}\u0000${k}`), ofCodings: true });
  // a case the codings record for a source (other than its id, the default) that the table
  // replaces: the table wins, said as for an attribute (source, both values, where each came from)
  const recorded = new Map(doc.sources.map((s) => [s.id, s.case]));
  const { caseKey, caseOverrideWarning } = await import('../../ingest/read-cases.js');
  const replaced: Array<{ text: string; file: string; line?: number }> = [];
  for (const s of sources) {
    const mine = recorded.get(s.id);
    if (mine === undefined || mine === s.id || mine === s.case) continue;
    const rows = table.rows.filter((r) => r.case === s.case);
    const row = rows.find((r) => caseKey(r.key) === s.id.toLowerCase() || caseKey(r.key) === caseKey(s.path)) ?? rows[0];
    replaced.push({ text: `source "${s.id}" "${mine}" (in the codings) then "${s.case}" (${table.file ?? casesPath}${row?.line ? `:${row.line}` : ''})`, file: table.file ?? casesPath, ...(row?.line ? { line: row.line } : {}) });
  }
  if (replaced.length) report(caseOverrideWarning('case', replaced, 'the codings'));
  const byId = new Map(sources.map((s) => [s.id, s]));
  const clash = new Map<string, { n: number; own: Set<string>; table: string }>();
  for (const c of doc.codings) {
    const s = byId.get(c.sourceId);
    if (!s || !c.attributes) continue;
    for (const [k, v] of Object.entries(c.attributes)) {
      const tv = s.attributes[k];
      if (tv === undefined || tv === v) continue;
      const key = `${c.sourceId}\u0000${k}`;
      const e = clash.get(key) ?? { n: 0, own: new Set<string>(), table: tv };
      e.n++;
      e.own.add(v);
      clash.set(key, e);
    }
  }
  if (clash.size) {
    const list = [...clash].map(([key, e]) => {
      const [src, k] = key.split('\u0000');
      return `source "${src}" ${k}: "${e.table}" in the cases, ${[...e.own].map((v) => `"${v}"`).join(', ')} on ${e.n} coding(s)`;
    });
    report({
      severity: 'warning',
      source: 'ingest',
      ruleId: 'cases-differ-from-codings',
      message: `${clash.size} attribute value(s) of the cases file differ from the codings' own; the codings' value is used for those codings: ${list.slice(0, 8).join('; ')}${list.length > 8 ? '; …' : ''}`,
      file: table.file ?? casesPath,
      hint: 'correct the cases file or the codings so that they agree, or leave the attribute out of one of them',
    });
  }
  return { ...doc, sources };
}

/**
 * The judgements for the framework matrix: `--framework FILE`, else `framework:` of qda.yaml
 * (relative to it); its first column names the grouping; a ladder among the codebooks names the levels.
 */
export async function loadFramework(io: Io, option: unknown, loaded: Loaded): Promise<import('../../export/report-html.js').ReportInput['framework']> {
  const path = typeof option === 'string' && option ? option : loaded.project?.framework;
  if (!path) return undefined;
  if (path === loaded.project?.framework) await (await import('../../ingest/read-project.js')).checkNamedByProject(loaded.project, '/framework', path, io.cwd);
  const { readJudgements } = await import('../../ingest/read-judgements.js');
  const { colsFor } = await import('./framework-cols.js');
  const j = await readJudgements(path, { cwd: io.cwd, report: (d) => io.stderr.write(formatDiagnostic(d) + '\n') });
  const shown = relative(io.cwd, resolve(io.cwd, path)) || path;
  const ladder = loaded.books.find((b) => b.ladder);
  return { rows: j.rows, file: shown, cols: colsFor(j.columnHeader, loaded.doc), ...(ladder ? { ladder } : {}) };
}

/** An interview guide beside the project file (topics.yaml, guide.yaml, topiclijst.yaml), when qda.yaml has no `guide:`. */
export async function findGuide(projectFile: string | undefined): Promise<string | undefined> {
  if (!projectFile) return undefined;
  const dir = dirname(projectFile);
  for (const n of ['topics.yaml', 'topics.yml', 'guide.yaml', 'topiclijst.yaml']) {
    if (await stat(join(dir, n)).then((s) => s.isFile(), () => false)) return join(dir, n);
  }
  return undefined;
}

export async function guideStemmer(): Promise<(lang: Lang) => (w: string) => string> {
  const { makeStemmer } = await import('../../coding/stem.js');
  return (lang) => makeStemmer(lang);
}

/** Every file `qda run` may write into its output folder (a test checks this against the put() calls). */
export const RUN_OUTPUTS = [
  'codings.json', 'codings.csv', 'codings.notes.md', 'matrix-case.csv', 'matrix-case.notes.md', 'matrix-group.csv', 'matrix-group.notes.md', 'matrix-group.xlsx', 'compare-*.md', 'compare-*.xlsx', 'said-observed.md', 'said-done.md', 'said-done.xlsx', 'framework.md', 'framework.xlsx',
  'results-skeleton.md', 'saturation.svg', 'saturation.png', 'saturation.csv', 'saturation.notes.md', 'agreement.md', 'appendix-codebook.md', 'appendix-codebook.docx',
  'labelschema.md', 'labelschema.docx', 'survey.md', 'survey.xlsx', 'report.html',
];

/**
 * The warnings for the report: those of this run, and when it read a codings document, the ones that
 * document was made with first (each in full; the run's note counting them left out).
 */
export function withDocumentWarnings(loaded: { readonly doc: CodingsDocument; readonly fromCodings: boolean }, warnings: readonly Diagnostic[]): Diagnostic[] {
  if (!loaded.fromCodings || !loaded.doc.warnings?.length) return [...warnings];
  return [...loaded.doc.warnings, ...warnings.filter((d) => d.ruleId !== 'document-warnings')];
}

/** `qda run [inputs…] -o out`: the main job. */
export async function run(opts: Record<string, unknown>, io: Io): Promise<number> {
  const t0 = performance.now();
  const tty = io.stderr.isTTY === true;
  const progress = (s: string) => {
    if (tty) io.stderr.write(`qda run: ${s}\n`);
  };
  const warnings: Diagnostic[] = [];
  // every warning is printed where it arises, on a terminal or not (a log of `qda run 2> log`
  // must hold the places, not only a count)
  // (the project file is read more than once: the same diagnostic, same place, is said once)
  const said = new Set<string>();
  const report = (d: Diagnostic) => {
    const text = formatDiagnostic(d);
    if (said.has(text)) return;
    said.add(text);
    warnings.push(d);
    io.stderr.write(text + '\n');
  };
  const inputs = (opts.inputs as string[] | undefined) ?? [];
  const outArg = (opts.out as string | undefined) ?? 'out';
  const outDir = resolve(io.cwd, outArg);
  // (a missing input is said first: it is the first thing to fix)
  for (const i of inputs) {
    if (!(await stat(resolve(io.cwd, i)).catch(() => undefined))) throw inputError('ingest', 'file-not-found', 'file or folder not found', { file: i, hint: 'check the path (it is relative to the current folder)' });
  }
  // the output folder: every file this run may write is checked first (qdakit's own output of
  // qda run, else exit 2, or beside it with --force); qdakit's files in it are never read as sources
  const { openOutputFolder, MANIFEST } = await import('../output-folder.js');
  const folder = await openOutputFolder(outDir, { command: 'qda run', shown: outArg, force: opts.force === true, names: RUN_OUTPUTS, report });
  // (one changed since it was written — your notes in results-skeleton.md — is named, not only counted)
  const { changedSinceWritten, runOutputWhy, RUN_OUTPUT_CHANGED } = await import('../../ingest/read-corpus-stream.js');
  const { parseOutputManifest } = await import('../../model/output-manifest.js');
  const { readFile } = await import('node:fs/promises');
  const recorded = parseOutputManifest((await readFile(join(outDir, MANIFEST), 'utf8').catch(() => '')) || '{}');
  const shaOf = 'files' in recorded ? recorded.files : {};
  const ownOutput = new Map<string, string>();
  // (hashed only where a source walk can meet them: files of a source type, in a folder among the inputs)
  const { SOURCE_EXTENSIONS } = await import('../../ingest/read-source.js');
  const walked = !inputs.length || inputs.some((i) => {
    const r = relative(resolve(io.cwd, i), outDir);
    return !r.startsWith('..') && !isAbsolute(r);
  });
  for (const f of folder.ours()) {
    const rec = shaOf[relative(outDir, f).split(sep).join('/')];
    const ext = f.slice(f.lastIndexOf('.') + 1).toLowerCase();
    const changed = walked && !!rec && (SOURCE_EXTENSIONS as readonly string[]).includes(ext) && (await changedSinceWritten(f, rec.sha256));
    ownOutput.set(f, runOutputWhy(join(outArg, MANIFEST), changed, outArg.replace(/[\\/]+$/, '')));
  }
  // (a codings table in the way, kept with --force, is not a source either: said so)
  for (const f of folder.kept()) if (/\.(csv|json)$/i.test(f)) ownOutput.set(f, 'a codings file qda run did not write (kept), not a source');
  // (per folder: an earlier run's output in a source folder, `qda run src -o src`, was counted as
  // written "in out/" of this run)
  const skippedOwn = new Map<string, number>();
  const skippedKept: string[] = [];
  const skippedChanged: string[] = [];
  // the language (final once the project is read; the nearest qda.yaml gives it for the first message)
  let lang: Lang = await resolveLang(io, opts, inputs);
  const t = (en: string, nl: string) => (lang === 'nl' ? nl : en);
  progress(t('reading and coding sources …', 'bronnen lezen en coderen …'));
  // what became of the markers' code labels, summed over the sources (issue 14; a line of the summary)
  let markers: Record<string, number> | undefined;
  const onMarkers = (a: MarkerAccounting) => {
    const sum: Record<string, number> = { ...a };
    if (markers) for (const [k, v] of Object.entries(markers)) sum[k] = (sum[k] ?? 0) + v;
    markers = sum;
  };
  const loaded = await loadOrCode(io, { inputs, codebook: opts.codebook as string[] | undefined, cases: opts.cases as string | undefined, config: opts.config as string | undefined, command: 'qda run', defaultBooks: true, exclude: ownOutput, onMarkers }, (d) => {
    if (d.ruleId === 'not-a-source' && d.source === 'ingest') {
      if (d.message.includes('(kept)')) skippedKept.push(d.file ?? '');
      else if (d.message.includes(RUN_OUTPUT_CHANGED)) skippedChanged.push(d.file ?? '');
      else {
        const m = /\(listed in (?:(.+?)[\\/])?\.qda-manifest\.json\)/.exec(d.message);
        const where = m ? (m[1] ?? '.') : outArg.replace(/[\\/]+$/, '');
        skippedOwn.set(where, (skippedOwn.get(where) ?? 0) + 1);
      }
    }
    else {
      report(d);
    }
  });
  const { books } = loaded;
  if (skippedChanged.length) {
    // outputs of an earlier run that were edited since: not read as sources, and named (a count hid them)
    const list = skippedChanged.slice(0, 8).join(', ') + (skippedChanged.length > 8 ? ` and ${skippedChanged.length - 8} more` : '');
    report({
      severity: 'warning',
      source: 'cli',
      ruleId: 'run-output-changed',
      message: t(
        `${list} ${skippedChanged.length === 1 ? 'was' : 'were'} written by an earlier qda run and changed since: not read as ${skippedChanged.length === 1 ? 'a source' : 'sources'}`,
        `${list} ${skippedChanged.length === 1 ? 'is' : 'zijn'} door een eerdere qda run geschreven en daarna gewijzigd: niet als bron gelezen`,
      ),
      file: skippedChanged[0],
      hint: t(
        `if ${skippedChanged.length === 1 ? 'it holds' : 'they hold'} text of yours to code, copy ${skippedChanged.length === 1 ? 'it' : 'them'} out of ${outArg} (e.g. next to the other sources); qda run never overwrites ${skippedChanged.length === 1 ? 'it' : 'them'} (it stops, or writes its own file beside with --force)`,
        `staat er tekst van jou in die gecodeerd moet worden, kopieer ${skippedChanged.length === 1 ? 'het bestand' : 'de bestanden'} dan uit ${outArg} (bijv. naast de andere bronnen); qda run overschrijft ${skippedChanged.length === 1 ? 'het' : 'ze'} nooit (het stopt, of schrijft met --force een eigen bestand ernaast)`,
      ),
    });
  }
  // what is written (codings.json, .csv) keeps the names as coded; tables, report and appendices
  // show two codes with one name qualified by their codebook
  const { uniqueCodeNames } = await import('../../analysis/hierarchy.js');
  const doc = uniqueCodeNames(loaded.doc);
  lang = await resolveLang(io, opts, inputs, { language: loaded.project?.language, file: loaded.projectFile });

  // the files qda.yaml names that are read later (guide, judgements, questionnaire): one that is
  // missing stops the run before anything is written, naming qda.yaml, the key and its line
  if (loaded.project) {
    const { checkNamedByProject } = await import('../../ingest/read-project.js');
    const p = loaded.project;
    if (p.guide) await checkNamedByProject(p, '/guide', p.guide, io.cwd);
    if (p.framework && !(typeof opts.framework === 'string' && opts.framework)) await checkNamedByProject(p, '/framework', p.framework, io.cwd);
    if (p.survey && !opts.survey) {
      for (const [i, f] of p.survey.data.entries()) await checkNamedByProject(p, `/survey/data/${i}`, f, io.cwd);
      if (p.survey.spec) await checkNamedByProject(p, '/survey/spec', p.survey.spec, io.cwd);
    }
  }

  const { renderTables } = await import('../../export/render-table.js');
  const written: string[] = [];
  const put = async (name: string, data: string | Uint8Array) => {
    written.push(await folder.put(name, data));
  };
  // a CSV holds the rows only: the notes under its tables (codes left out, small groups, missing
  // values …, which the .xlsx and the report carry) go in a file beside it, X.notes.md
  const notesFiles: string[] = [];
  const csvNotes = (csv: string, tables: readonly Table[]): string | undefined => {
    const withNotes = tables.filter((tb) => tb.notes?.length);
    if (!withNotes.length) return undefined;
    notesFiles.push(csv.replace(/\.csv$/, '.notes.md'));
    return [
      t(`# Notes to ${csv}`, `# Noten bij ${csv}`),
      '',
      t(
        `${csv} holds the rows only; these notes belong to its table${tables.length > 1 ? 's' : ''} (report.html shows them under the table).`,
        `${csv} bevat alleen de rijen; deze noten horen bij de tabel${tables.length > 1 ? 'len' : ''} (report.html toont ze onder de tabel).`,
      ),
      ...withNotes.flatMap((tb) => ['', `## ${escapeMarkdown(tb.title ?? t('table', 'tabel'), 'heading')}`, '', ...tb.notes!.map((n) => `- ${escapeMarkdown(n)}`)]),
      '',
    ].join('\n');
  };

  // codings
  const { codingsTable } = await import('../../export/codings-csv.js');
  const { renderCodingsDocument } = await import('../../export/codings-document.js');
  const { ruleIndexFor } = await import('../../coding/rule-index.js');
  // (the document of a run that fits in memory for the report: its pieces joined; names as coded)
  await put('codings.json', [...renderCodingsDocument(loaded.doc, { rules: ruleIndexFor(books) })].join(''));
  const codingsCsvTable = codingsTable(loaded.doc);
  await put('codings.csv', (await renderTables([codingsCsvTable], 'csv')) as string);
  const codingsNotes = csvNotes('codings.csv', [codingsCsvTable]);
  if (codingsNotes) await put('codings.notes.md', codingsNotes);

  // report (also computes the comparison and the skeleton)
  progress(t('analysing and writing the report …', 'analyseren en het rapport schrijven …'));
  const { renderReportHtml, localiseTables } = await import('../../export/report-html.js');
  const coders = strList(opts.coder);
  const notAsked = strList(opts.notAsked);
  const framework = await loadFramework(io, opts.framework, loaded);
  // questionnaire scores beside the coded interviews (--survey, or survey: in qda.yaml)
  const { surveyForReport } = await import('./survey-load.js');
  const survey = await surveyForReport(io, opts, loaded.project, lang, report);
  const attrFile = attributesFile(io, loaded, inputs, opts.cases as string | undefined);
  const rep = await renderReportHtml({ doc, codebooks: books, lang, by: opts.by as string | undefined, groups: loaded.project?.groups, options: { command: 'qda run', ...(coders ? { coders } : {}) }, coders, notAsked, ...(framework ? { framework } : {}), ...(survey ? { survey } : {}), ...(attrFile ? { attributesFile: attrFile } : {}) });
  for (const d of rep.frameworkDiagnostics ?? []) {
    report(d);
    if (!tty) io.stderr.write(formatDiagnostic(d) + '\n');
  }
  const by = rep.by;

  // matrices
  const { computeMatrix } = await import('../../analysis/matrix.js');
  await put('matrix-case.csv', (await renderTables([rep.matrix], 'csv')) as string);
  const caseNotes = csvNotes('matrix-case.csv', [rep.matrix]);
  if (caseNotes) await put('matrix-case.notes.md', caseNotes);
  const groupTables: Table[] = [computeMatrix(doc, { cols: by, measure: 'segments', lang, coders }), computeMatrix(doc, { cols: by, measure: 'respondents', lang, coders })];
  await put('matrix-group.csv', (await renderTables(groupTables, 'csv')) as string);
  const groupNotes = csvNotes('matrix-group.csv', groupTables);
  if (groupNotes) await put('matrix-group.notes.md', groupNotes);
  await put('matrix-group.xlsx', (await renderTables(groupTables, 'xlsx')) as Uint8Array);

  // comparison
  const safeBy = by.replace(/[^\p{L}\p{N}_-]+/gu, '-');
  const { flagCompareTables } = await import('../../export/small-groups.js');
  const compareTables = flagCompareTables(rep.compare, lang);
  await put(`compare-${safeBy}.md`, (await renderTables(localiseTables(compareTables, lang), 'md')) as string);
  await put(`compare-${safeBy}.xlsx`, (await renderTables(compareTables, 'xlsx')) as Uint8Array);
  if (rep.saidSeen) await put('said-observed.md', (await renderTables(localiseTables([rep.saidSeen.table], lang), 'md')) as string);
  // linked codings ({{code -> e1 relation: verdict}}): the said-vs-done pairs and verdict counts
  const { computeContrast, hasLinks } = await import('../../analysis/contrast.js');
  if (hasLinks(doc)) {
    const c = computeContrast(doc, { lang });
    await put('said-done.md', (await renderTables([c.pairsTable, c.summaryTable], 'md')) as string);
    await put('said-done.xlsx', (await renderTables([c.pairsTable, c.summaryTable], 'xlsx')) as Uint8Array);
  }
  // the framework matrix (--framework, or framework: of qda.yaml): judgements beside the coded evidence
  let frameworkLine = '';
  if (framework) {
    const { computeFramework } = await import('../../analysis/framework.js');
    const f = computeFramework(doc, framework.rows, { file: framework.file, lang, coders, ...(framework.cols ? { cols: framework.cols } : {}), ...(framework.ladder ? { ladder: framework.ladder } : {}) });
    await put('framework.md', (await renderTables(localiseTables(f.tables, lang), 'md')) as string);
    await put('framework.xlsx', (await renderTables(f.tables, 'xlsx')) as Uint8Array);
    const cells = [...f.cells.values()];
    const judged = cells.filter((c) => c.judgement).length;
    const bare = cells.filter((c) => c.unsupported).length;
    frameworkLine = t(
      `${judged} judged cells of ${cells.length} (${framework.file})${bare ? `, ${bare} without coded evidence` : ''}`,
      `${judged} beoordeelde cellen van ${cells.length} (${framework.file})${bare ? `, ${bare} zonder gecodeerd bewijs` : ''}`,
    );
  }
  const { skeletonMarkdown } = await import('../../analysis/results-skeleton.js');
  if (rep.withinSkeleton) {
    // the codings carry a question: the sentences per question, Y = respondents who answered it
    const { withinSkeletonMarkdown } = await import('../../analysis/results-skeleton-within.js');
    await put('results-skeleton.md', withinSkeletonMarkdown(rep.withinSkeleton, 2));
  } else await put('results-skeleton.md', skeletonMarkdown(rep.skeleton, 2));

  // saturation: interview groups, permutation band (1000 orders, seed 1) — computed once, by the report
  const { saturationTables, saturationMethodsText } = await import('../../analysis/saturation-text.js');
  let satSentence = '';
  if (rep.saturation && rep.saturationSvg) {
    const { svgToPng } = await import('../../export/svg-to-png.js');
    await put('saturation.svg', rep.saturationSvg);
    await put('saturation.png', await svgToPng(rep.saturationSvg, { report, file: `${outArg.replace(/\/+$/, '')}/saturation.png` }));
    const satTables = saturationTables(rep.saturation, lang);
    await put('saturation.csv', (await renderTables(satTables, 'csv')) as string);
    const satNotes = csvNotes('saturation.csv', satTables);
    if (satNotes) await put('saturation.notes.md', satNotes);
    satSentence = saturationMethodsText(rep.saturation, lang)[0];
  }

  // agreement: coders' files beside the project (codings/*.csv|json), else two human coders in one source
  let agreementLine = '';
  const agreeDocs: CodingsDocument[] = [];
  const agreeNames: string[] = [];
  if (loaded.projectFile) {
    const dir = join(dirname(loaded.projectFile), 'codings');
    const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => /\.(csv|json)$/i.test(f)).sort();
    const { readCodings } = await import('../../ingest/read-codings.js');
    for (const f of files) {
      try {
        // (its reader's warnings too: look-alike codes merged, repeated rows, are said as by qda agree)
        const d = await readCodings(join(dir, f), { cwd: io.cwd, report });
        if (d.codings.length) {
          agreeDocs.push(d);
          agreeNames.push(f.replace(/\.(csv|json)$/i, ''));
        }
      } catch (e) {
        report({ severity: 'warning', source: 'cli', ruleId: 'codings-unreadable', message: `skipped ${f}: ${(e as Error).message.split('\n')[0]}`, file: join(dir, f) });
      }
    }
  }
  const { computeAgreement } = await import('../../analysis/agreement.js');
  const humanCoders = new Set(agreeDocs.flatMap((d) => d.codings.map((c) => c.coder)).filter(isHumanCoder));
  let agreement: ReturnType<typeof computeAgreement> | undefined;
  if (agreeDocs.length >= 2 && humanCoders.size >= 2) agreement = computeAgreement(agreeDocs, { names: agreeNames, lang });
  else {
    const humans = [...new Set(doc.codings.map((c) => c.coder))].filter(isHumanCoder);
    const shared = humans.length >= 2 && doc.sources.some((s) => humans.filter((h) => doc.codings.some((c) => c.coder === h && c.sourceId === s.id)).length >= 2);
    if (shared) agreement = computeAgreement(doc, { coders: humans, lang });
  }
  if (agreement) {
    await put('agreement.md', (await renderTables(localiseTables(agreement.tables, lang), 'md')) as string);
    const a = agreement.pooled.krippendorffAlpha;
    const num = (x: number | null) => (x === null ? '–' : t(x.toFixed(3), x.toFixed(3).replace('.', ',')));
    agreementLine = t(
      `${agreement.coders.join(' vs ')}: ${agreement.units} units, pooled α = ${num(a)}, κ = ${num(agreement.pooled.cohenKappa)}`,
      `${agreement.coders.join(' vs ')}: ${agreement.units} eenheden, gepoold α = ${num(a)}, κ = ${num(agreement.pooled.cohenKappa)}`,
    );
  }

  // appendices
  progress(t('writing the appendices …', 'bijlagen schrijven …'));
  const { buildCodeAppendix } = await import('../../analysis/appendix.js');
  const { renderAppendix } = await import('../../export/appendix-render.js');
  const app = buildCodeAppendix(doc, { lang, codebooks: books, quotes: 2, coders });
  await put('appendix-codebook.md', (await renderAppendix(app, 'md')) as string);
  await put('appendix-codebook.docx', (await renderAppendix(app, 'docx')) as Uint8Array);
  const guidePath = loaded.project?.guide ?? (await findGuide(loaded.projectFile));
  let mappingLine = '';
  const { questionAttribute } = await import('../../analysis/compare-within.js');
  if (!doc.segments.some((g) => g.role === 'interviewer') && questionAttribute(doc)) {
    // a codings table with a question column: the labelschema straight from its rows
    const { readGuide } = await import('../../ingest/read-guide.js');
    const { buildTableLabelschema } = await import('../../analysis/labelschema-table.js');
    const tableGuide = guidePath ? await readGuide(guidePath, { cwd: io.cwd }) : undefined;
    for (const w of tableGuide?.warnings ?? []) report(w);
    const ls = buildTableLabelschema(doc, {
      lang,
      coders,
      guide: tableGuide,
      ...(loaded.fromCodings && inputs.length === 1 ? { codingsFile: String(inputs[0]), placeOf: (await import('../../ingest/coding-places.js')).codingPlace } : {}),
      ...(guidePath ? { guideFile: relative(io.cwd, guidePath) || guidePath } : {}),
    });
    for (const w of ls.warnings) report(w);
    await put('labelschema.md', (await renderAppendix(ls.document, 'md')) as string);
    await put('labelschema.docx', (await renderAppendix(ls.document, 'docx')) as Uint8Array);
    mappingLine = t(`labelschema from the codings table: ${ls.rows.length} rows`, `labelschema uit de coderingentabel: ${ls.rows.length} rijen`);
  } else if (guidePath) {
    const { readGuide } = await import('../../ingest/read-guide.js');
    const { buildLabelschema } = await import('../../analysis/labelschema.js');
    const guide: Guide = await readGuide(guidePath, { cwd: io.cwd });
    for (const w of guide.warnings ?? []) report(w);
    const ls = buildLabelschema(doc, guide, { lang, stem: await guideStemmer(), coders });
    await put('labelschema.md', (await renderAppendix(ls.document, 'md')) as string);
    await put('labelschema.docx', (await renderAppendix(ls.document, 'docx')) as Uint8Array);
    const m = ls.mapping.interviewerTurns;
    const matched = m.filter((x) => x.question).length;
    const guideName = relative(io.cwd, guidePath) || guidePath;
    mappingLine = t(`${matched} of ${m.length} interviewer turns matched to ${guideName}`, `${matched} van de ${m.length} beurten van de interviewer gekoppeld aan ${guideName}`);
  }
  // questionnaire: its tables and the joint table (the same numbers as the report's section)
  let surveyLine = '';
  if (survey) {
    const { surveyTables } = await import('../../analysis/survey-tables.js');
    const { surveyJoint } = await import('../../analysis/survey-joint.js');
    const st = surveyTables(survey, lang);
    const j = surveyJoint(survey, doc, { lang, ...(opts.by ? { by: opts.by as string } : {}), ...(coders ? { coders } : {}) });
    const tables = doc.codings.length ? [...st.slice(0, 1), j.table, ...st.slice(1)] : st;
    await put('survey.md', (await renderTables(localiseTables(tables, lang), 'md')) as string);
    await put('survey.xlsx', (await renderTables(tables, 'xlsx')) as Uint8Array);
    const both = j.rows.filter((r) => r.status === 'both').length;
    surveyLine = t(
      `${survey.dimensions.length} dimensions (${both} with coded passages), groups ${survey.groups.map((g) => `${g.label} n = ${g.respondents}`).join(', ')}`,
      `${survey.dimensions.length} dimensies (${both} met gecodeerde passages), groepen ${survey.groups.map((g) => `${g.label} n = ${g.respondents}`).join(', ')}`,
    );
  }
  // (with every warning said so far: reading, coding, and the outputs before it)
  await put('report.html', rep.withNotices(withDocumentWarnings(loaded, warnings)));

  // files an earlier run wrote here and this one did not (no questionnaire now, another grouping):
  // beside the new output they look like part of it; said, not deleted
  const leftOver = await folder.leftOver();
  if (leftOver.length) {
    report({
      severity: 'warning',
      source: 'cli',
      ruleId: 'out-left-from-earlier-run',
      message: `${leftOver.length} file(s) in ${outArg.replace(/[\\/]+$/, '')}/ are from an earlier qda run and were not written by this one, so they may not match this run's results: ${leftOver.slice(0, 12).join(', ')}${leftOver.length > 12 ? `, and ${leftOver.length - 12} more` : ''}`,
      file: outArg,
      hint: 'delete them if they no longer apply (qda run never deletes files), or run with the inputs and settings that made them',
    });
  }

  // summary
  const perCoder = new Map<string, number>();
  for (const c of doc.codings) perCoder.set(c.coder, (perCoder.get(c.coder) ?? 0) + 1);
  const rel = relative(io.cwd, outDir) || '.';
  const byLabel = rep.byLabel;
  const coderList = [...perCoder].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([k, n]) => `${k} ${n}`).join(', ');
  const groupList = rep.compare.groups.map((g) => `${g.group} ${g.respondents}`).join(', ');
  const textGap = rep.textGaps?.[0];
  const flagged = rep.saidSeen ? rep.saidSeen.rows.filter((r) => r.flag).length : 0;
  const lines = [
    t(`qda run: ${doc.sources.length} sources, ${doc.segments.length} segments, ${doc.codings.length} codings (${coderList})`, `qda run: ${doc.sources.length} bronnen, ${doc.segments.length} segmenten, ${doc.codings.length} coderingen (${coderList})`),
    ...(markers ? [markerSummary(markers as unknown as MarkerAccounting, { lang }).trimEnd()].filter(Boolean) : []),
    t(`codebooks: ${books.map((b) => b.id).join(', ') || '–'}; groups by ${byLabel}${rep.interviewsOnly ? ' (interviews)' : ''}: ${groupList}`, `codeboeken: ${books.map((b) => b.id).join(', ') || '–'}; groepen naar ${byLabel}${rep.interviewsOnly ? ' (interviews)' : ''}: ${groupList}`),
    ...(rep.saidSeen ? [t(`said vs observed: ${rep.saidSeen.interviews} interviewees vs ${rep.saidSeen.observations} observation notes, ${flagged} codes differ notably`, `gezegd vs gezien: ${rep.saidSeen.interviews} geïnterviewden tegenover ${rep.saidSeen.observations} observatieverslagen, ${flagged} codes verschillen opvallend`)] : []),
    ...(satSentence ? [`${t('saturation', 'saturatie')}: ${satSentence}`] : []),
    t(
      `sentences and quotes count: ${rep.textCoders.join(', ') || '–'}${coders ? ' (--coder)' : rep.textCoders.length < new Set(doc.codings.map((c) => c.coder)).size ? ' (the human coders; suggestions in their own section of the report)' : ''}${textGap ? `; ${textGap.sources.length} source(s) that ${textGap.by.join(', ')} coded have no coding of theirs (${textGap.sources.slice(0, 4).join(', ')}${textGap.sources.length > 4 ? ', …' : ''}), counted in N as if nothing was found there: see the report` : ''}`,
      `zinnen en citaten tellen: ${rep.textCoders.join(', ') || '–'}${coders ? ' (--coder)' : rep.textCoders.length < new Set(doc.codings.map((c) => c.coder)).size ? ' (de menselijke codeurs; suggesties in een eigen deel van het rapport)' : ''}${textGap ? `; ${textGap.sources.length} bron(nen) die ${textGap.by.join(', ')} codeerde(n) hebben geen codering van hen (${textGap.sources.slice(0, 4).join(', ')}${textGap.sources.length > 4 ? ', …' : ''}), in N geteld alsof er niets was gevonden: zie het rapport` : ''}`,
    ),
    ...(agreementLine ? [`${t('agreement', 'overeenstemming')}: ${agreementLine}`] : []),
    ...(frameworkLine ? [`${t('framework matrix', 'raamwerkmatrix')}: ${frameworkLine}`] : []),
    ...(mappingLine ? [`${t('guide', 'topiclijst')}: ${mappingLine}`] : []),
    ...(surveyLine ? [`${t('questionnaire', 'vragenlijst')}: ${surveyLine}`] : []),
    ...(notesFiles.length ? [t(`notes the CSVs cannot hold: ${notesFiles.join(', ')}`, `noten waarvoor de CSV's geen plaats hebben: ${notesFiles.join(', ')}`)] : []),
    ...(warnings.length
      ? [t(`${warnings.length} ${warnings.length === 1 ? 'warning' : 'warnings'} (on stderr, and in report.html under Warnings)`, `${warnings.length} ${warnings.length === 1 ? 'waarschuwing' : 'waarschuwingen'} (op stderr, en in report.html onder Waarschuwingen)`)]
      : []),
    ...(skippedOwn.size || skippedKept.length || skippedChanged.length
      ? [
          t(
            `not read as sources: ${[...[...skippedOwn].map(([where, n]) => `${n} file${n === 1 ? '' : 's'} that qda run wrote in ${where}/ earlier`), skippedChanged.length ? `${skippedChanged.join(', ')} (written by qda run, changed since: see the warning)` : '', skippedKept.length ? `${skippedKept.join(', ')} (kept: not written by qda run)` : ''].filter(Boolean).join('; ')}`,
            `niet als bron gelezen: ${[...[...skippedOwn].map(([where, n]) => `${n} ${n === 1 ? 'bestand' : 'bestanden'} die qda run eerder in ${where}/ schreef`), skippedChanged.length ? `${skippedChanged.join(', ')} (door qda run geschreven, daarna gewijzigd: zie de waarschuwing)` : '', skippedKept.length ? `${skippedKept.join(', ')} (bewaard: niet door qda run geschreven)` : ''].filter(Boolean).join('; ')}`,
          ),
        ]
      : []),
    t(`wrote ${written.length} files to ${rel}/: ${written.join(', ')}`, `${written.length} bestanden geschreven naar ${rel}/: ${written.join(', ')}`),
    ...(leftOver.length
      ? [t(`also in ${rel}/, from an earlier run and not written now (see the warning): ${leftOver.join(', ')}`, `ook in ${rel}/, van een eerdere run en nu niet geschreven (zie de waarschuwing): ${leftOver.join(', ')}`)]
      : []),
  ];
  io.stdout.write(lines.join('\n') + '\n');
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  progress(t(`done in ${secs} s`, `klaar in ${secs.replace('.', ',')} s`));
  return 0;
}
