import type { Io } from '../io.js';
import type { CodingsDocument, Diagnostic, Unit } from '../../model/types.js';
import { isHumanCoder } from '../../model/types.js';
import type { Codebook } from '../../codebook/types.js';
import type { ProjectConfig } from '../../ingest/read-project.js';
import type { MarkerAccounting } from '../../coding/human-codings.js';
import type { LabelAlias } from '../../coding/label-resolver.js';
import type { CodeSourcesOptions, CodingSummary } from '../../pipeline/code-sources.js';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { availableParallelism } from 'node:os';
import { QdaInputError, formatDiagnostic, inputError } from '../../model/errors.js';
import { VERSION } from '../../version.js';
import { emit } from '../output.js';
import { markerSummary as markerLine } from '../marker-summary.js';

interface CodeOpts {
  inputs?: string[];
  codebook?: string[];
  unit?: Unit;
  speakers?: 'respondent' | 'all';
  cases?: string;
  config?: string;
  interviewer?: string[];
  codings?: string[];
  aliases?: string;
  learnFrom?: string;
  suggest?: boolean;
  minScore?: string;
  explain?: boolean;
  rules?: boolean;
  format?: 'json' | 'jsonl' | 'csv' | 'xlsx';
  out?: string;
  strict?: boolean;
}

/**
 * `qda code`: the coding pipeline (src/pipeline) from the options, into the codings
 * document (JSON, JSON Lines), the flat CSV or XLSX. Merging codings files and learning
 * from human codings need the whole corpus: the pipeline's document in memory, then codeCorpus.
 */
export async function run(raw: Record<string, unknown>, io: Io): Promise<number> {
  const held: { release?: () => Promise<void> } = {};
  try {
    return await codeRun(raw, io, held);
  } finally {
    await held.release?.();
    // (the worker started ahead, when no pipeline took it: an input error, codings merged in memory)
    const { dropSpareWorker } = await import('../../pipeline/prespawn.js');
    await dropSpareWorker();
  }
}

/** Inputs of this size get a worker started ahead (the pipeline codes on several threads from WORKERS_MIN_BYTES, the same 12 MB of the files it reads). */
const PRESPAWN_MIN_BYTES = 12 * 1024 * 1024;

const threadsOf = (io: Io) => (io.env?.QDA_THREADS && /^\d+$/.test(io.env.QDA_THREADS) ? Math.max(1, Number(io.env.QDA_THREADS)) : undefined);
const workerUrlOf = (io: Io) => (io.env?.QDA_STREAM_WORKER ? new URL(io.env.QDA_STREAM_WORKER) : undefined);

/**
 * A worker thread started now loads its modules while this one checks the outputs, loads the
 * codebooks and plans the inputs; the pipeline takes it if the inputs are large enough for two
 * threads, else stops it (`run` always stops one not taken).
 */
async function startWorkerAhead(inputs: readonly string[], threads: number | undefined, workerUrl: URL | undefined, io: Io): Promise<void> {
  if (threads === 1 || availableParallelism() < 2) return;
  const { inputsLikelyLarge, prespawnWorker, spareWaiting } = await import('../../pipeline/prespawn.js');
  // (one started before the output check is not looked for again: the inputs' sizes are read once)
  if (spareWaiting(workerUrl)) return;
  if (threads || inputsLikelyLarge(inputs, io.cwd, PRESPAWN_MIN_BYTES)) prespawnWorker(workerUrl);
}

/** Before the output guard (program.ts): the worker started ahead (it reads and writes nothing); stopped again when the guard refuses. */
export function beforeGuard(raw: Record<string, unknown>, io: Io): () => Promise<void> {
  const started = startWorkerAhead((raw.inputs as string[] | undefined) ?? [], threadsOf(io), workerUrlOf(io), io);
  return async () => {
    await started;
    const { dropSpareWorker } = await import('../../pipeline/prespawn.js');
    await dropSpareWorker();
  };
}

async function codeRun(raw: Record<string, unknown>, io: Io, lock: { release?: () => Promise<void> }): Promise<number> {
  const opts = raw as unknown as CodeOpts;
  const inputs = opts.inputs ?? [];
  const unit: Unit = opts.unit ?? 'turn';
  // while a progress bar is drawn, warnings wait and are printed after it
  let held: Diagnostic[] | undefined;
  // (warnings and notes said: a table written (CSV, XLSX) has no place for them, unlike the document)
  let said = 0;
  const report = (d: Diagnostic) => {
    if (d.severity !== 'error') said++;
    if (held) held.push(d);
    else io.stderr.write(formatDiagnostic(d) + '\n');
  };
  const minScore = opts.minScore === undefined ? undefined : Number(opts.minScore);
  if (minScore !== undefined && (!Number.isFinite(minScore) || minScore < 0 || minScore > 1)) {
    throw inputError('cli', 'bad-min-score', `--min-score must be a number between 0 and 1, not "${opts.minScore}"`, { hint: 'e.g. --min-score 0.6' });
  }
  const threads = threadsOf(io);
  const workerUrl = workerUrlOf(io);
  await startWorkerAhead(inputs, threads, workerUrl, io);
  const { findProject } = await import('../../ingest/read-corpus-stream.js');
  const project = await findProject(inputs, { cwd: io.cwd, config: opts.config, report });
  if (!inputs.length && !project?.sources?.length) {
    throw inputError('cli', 'no-inputs', project ? `no sources given, and ${project.file} lists no sources:` : 'no sources given, and there is no qda.yaml here that lists sources:', {
      ...(project ? { file: project.file } : {}),
      hint: 'give files or folders, e.g. `qda code interviews/ -c coordination-collaboration -o codings.json`, or add `sources: [interviews]` to qda.yaml',
    });
  }
  const { bookIds, books } = await loadCodebooks(opts, project, io, report);
  const aliases = opts.aliases ? await loadAliases(opts.aliases, books, io, report) : undefined;
  // the decisions of qda review kept in a file (its default store) are human codings too
  const decisions = await reviewDecisions(io, project, inputs.length ? inputs : (project?.sources ?? []).map((s) => resolve(project!.dir, s)), opts.codings ?? [], report);
  if (decisions.length) opts.codings = [...(opts.codings ?? []), ...decisions];
  const imported = await loadImported(opts, io, report);
  // what became of the markers' labels, summed over the sources (printed after the summary)
  let markers: MarkerAccounting | undefined;
  const onMarkers = (a: MarkerAccounting) => {
    const sum: Record<string, number> = { ...a };
    if (markers) for (const [k, v] of Object.entries(markers)) sum[k] += v;
    markers = sum as unknown as MarkerAccounting;
  };
  // (a symbolic link: its target, which the write goes through to, as the guard said; the old
  // output kept aside and put back, and the lock, are the target's)
  const { linkTarget } = await import('../../export/write-file-atomic.js');
  const out = opts.out && opts.out !== '-' ? await linkTarget(resolve(io.cwd, opts.out)) : undefined;
  const format = opts.format ?? (/\.csv$/i.test(opts.out ?? '') ? 'csv' : /\.(jsonl|ndjson)$/i.test(opts.out ?? '') ? 'jsonl' : /\.xlsx$/i.test(opts.out ?? '') ? 'xlsx' : 'json');
  // (an -o whose extension names another format: JSON was written into codings.txt, which the
  // next `qda code` of its folder read as a transcript, and into codings.xls or .md, without a word)
  const ext = /\.([^./\\]+)$/.exec(opts.out && opts.out !== '-' ? opts.out : '')?.[1].toLowerCase();
  if (!opts.format && ext && !['json', 'jsonl', 'ndjson', 'csv', 'xlsx'].includes(ext)) {
    throw inputError('cli', 'unknown-extension', `cannot tell the output format from the file name "${opts.out}": qda code writes a codings document (.json), a table (.csv, .xlsx) or lines of JSON (.jsonl)`, {
      file: opts.out,
      hint: `end the file name in .json, .csv, .xlsx or .jsonl, or give --format${ext === 'xls' ? ' (Excel: use .xlsx)' : ''}`,
    });
  }
  if (format === 'xlsx' && !out) throw inputError('cli', 'binary-to-stdout', 'XLSX is a binary format and cannot be written to the terminal', { hint: 'add -o FILE, e.g. -o codings.xlsx' });

  // an output that holds human codings (added by hand, or from a file not given now): kept aside
  // until the run shows it makes them all again
  // one run at a time on one output (a lock beside it, as qda review's on its decisions file): the
  // guard of a second run put the old file back over the first one's new output, without a word
  if (out && !(await import('node:fs/promises').then((fs) => fs.stat(out)).then((st) => !st.isFile(), () => false))) {
    const { lockBeside, outputInUse } = await import('../output-lock.js');
    lock.release = await lockBeside(out, opts.out!, { command: 'qda code', report, inUse: (pid, by) => outputInUse(opts.out!, pid, by) });
  }
  if (out) await keptLeftovers(out, opts.out!, report);
  const before = out ? await humanCodingsIn(out) : undefined;
  const progress = await makeProgress(io);
  const pipeline: CodeSourcesOptions = {
    inputs,
    cwd: io.cwd,
    books,
    unit,
    speakers: opts.speakers ?? 'respondent',
    rules: opts.rules !== false,
    cases: opts.cases,
    config: opts.config,
    interviewers: opts.interviewer,
    strict: opts.strict,
    project: project ?? null,
    version: VERSION,
    command: 'qda code',
    options: {
      unit,
      speakers: opts.speakers ?? 'respondent',
      codebooks: bookIds.map((p) => shown(p, io.cwd)),
      rules: opts.rules !== false,
      ...(opts.codings?.length ? { codings: opts.codings } : {}),
      ...(opts.learnFrom ? { learnFrom: opts.learnFrom, minScore: minScore ?? 'auto' } : opts.suggest ? { suggest: true, minScore: minScore ?? 'auto' } : {}),
      ...(opts.cases ? { cases: opts.cases } : {}),
      ...(opts.aliases ? { aliases: opts.aliases } : {}),
      // (the project's language, so that later commands on this document follow it: resolveLang)
      ...(project?.language ? { language: project.language } : {}),
    },
    report,
    ...(aliases ? { aliases } : {}),
    onMarkers,
    ...(threads ? { threads } : {}),
    ...(workerUrl ? { workerUrl } : {}),
    ...(io.env?.QDA_STREAM_MIN_BYTES && /^\d+$/.test(io.env.QDA_STREAM_MIN_BYTES) ? { workersMinBytes: Number(io.env.QDA_STREAM_MIN_BYTES) } : {}),
    // (how two threads share the work: see CodeSourcesOptions.split; for tests and measurements)
    ...(io.env?.QDA_SPLIT === 'sources' || io.env?.QDA_SPLIT === 'stages' ? { split: io.env.QDA_SPLIT } : {}),
    onPlan: (files, bytes) => {
      if (progress.start(files, bytes)) held = [];
    },
    onProgress: (files, bytes) => progress.update(files, bytes),
  };
  const stopProgress = () => {
    progress.stop();
    const h = held;
    held = undefined;
    for (const d of h ?? []) io.stderr.write(formatDiagnostic(d) + '\n');
  };

  let summary: Pick<CodingsDocument, 'sources' | 'segments' | 'codings'> | CodingSummary;
  try {
    if (!imported.codings.length && !imported.learnFrom && !opts.suggest && !opts.explain && format !== 'xlsx') {
      // the usual case: source by source into the file (or stdout), never the whole corpus in memory
      const sinks = await import('../../pipeline/sinks.js');
      if (out) summary = await sinks.codeToFile(pipeline, out, format, { shown: opts.out });
      else if (format === 'csv') {
        const { tmpdir } = await import('node:os');
        const { join } = await import('node:path');
        const sink = await sinks.csvSink(join(tmpdir(), 'qda-code.csv'), { write: (s) => void io.stdout.write(s) });
        try {
          summary = await (await import('../../pipeline/code-sources.js')).codeSources(pipeline, sink);
        } finally {
          await sink.close();
        }
      } else summary = await sinks.codeToWrite(pipeline, format, (s) => void io.stdout.write(s));
      stopProgress();
    } else {
      const doc = await codeWhole(pipeline, imported, books, { minScore, suggest: !!opts.suggest, learnFrom: opts.learnFrom }, io);
      stopProgress();
      summary = doc;
      // --explain: to stdout when the document goes to a file; else to stderr, after the document
      const { explainCodings } = await import('../../export/codings-explain.js');
      if (opts.explain && out) io.stdout.write(explainCodings(doc));
      await writeDocument(doc, books, format, out ? opts.out : undefined, io);
      if (opts.explain && !out) io.stderr.write(explainCodings(doc) || 'qda code --explain: nothing was coded\n');
    }
  } catch (e) {
    await before?.drop();
    throw e;
  } finally {
    stopProgress();
  }
  if (before) await before.check(summary, opts.out!);
  if (out) io.stderr.write(codingSummary(summary, opts.out!));
  if (markers) io.stderr.write(markerSummary(markers));
  // (the document keeps them for qda matrix, report, … to say again; a table does not: said, with the way to keep them)
  if (said && (format === 'csv' || format === 'xlsx')) {
    io.stderr.write(`qda code: the ${said} warning${said === 1 ? '' : 's'} and note${said === 1 ? '' : 's'} above ${said === 1 ? 'is' : 'are'} not in the ${format === 'xlsx' ? 'workbook' : 'CSV'} written (a table has no place for them), so commands reading it cannot say ${said === 1 ? 'it' : 'them'} again: write the codings document as well (-o codings.json) to keep them\n`);
  }
  return 0;
}

/**
 * Human codings per coder that no inline marker makes (from codings files and qda review's
 * decisions): none when the run streamed (it reads no codings file), else counted in the document.
 */
function humanCounts(summary: Pick<CodingsDocument, 'sources' | 'segments' | 'codings'> | CodingSummary, HumanCounts: typeof import('../../ingest/coder-counts.js').HumanCounts, codingKey: typeof import('../../ingest/coder-counts.js').codingKey): InstanceType<typeof HumanCounts> {
  const m = new HumanCounts();
  const d = m.detail!;
  if (typeof summary.sources !== 'number') {
    for (const c of (summary as Pick<CodingsDocument, 'codings'>).codings) {
      if (!isHumanCoder(c.coder) || c.evidence?.marker) continue;
      m.set(c.coder, (m.get(c.coder) ?? 0) + 1);
      const k = codingKey(c.coder, c.sourceId, c.code);
      d.set(k, (d.get(k) ?? 0) + 1);
    }
  }
  return m;
}

/**
 * The guard of an output file `out` (JSON, JSON Lines, CSV, XLSX) that holds human codings the run
 * does not make (codings added by hand, in Excel, read from a codings file not given now, decided
 * in qda review: inline markers' codings are not counted, the sources keep them). An existing
 * `out` is kept by a hard link (a copy where the file system has none) while the run writes the
 * new one over it; its human codings are counted meanwhile by a byte scan, or taken from what
 * this guard noted when qda last wrote that very file (same size, time and inode: not edited
 * since). `check` puts it back and stops (exit 2) when the new output has fewer codings of a
 * human coder, or when it is a workbook changed since qda wrote it whose codings cannot be read
 * (`output-edited`), else lets it go and notes the new file; `drop` lets it go.
 */
async function humanCodingsIn(out: string): Promise<{ check(summary: Parameters<typeof humanCounts>[0], shownOut: string): Promise<void>; drop(): Promise<void> } | undefined> {
  type Counts = import('../../ingest/coder-counts.js').HumanCounts;
  if (!/\.(json|jsonl|ndjson|csv|xlsx)$/i.test(out)) return undefined;
  const xlsx = /\.xlsx$/i.test(out);
  const fs = await import('node:fs/promises');
  // (the new output put back to the old one is no file this run wrote)
  const { unwritten } = await import('../../export/write-file-atomic.js');
  const st = await fs.stat(out).catch(() => undefined);
  if (st && !st.isFile()) return undefined;
  const note = await outputNote(out);
  let aside: string | undefined;
  const { HumanCounts, codingKey } = await import('../../ingest/coder-counts.js');
  let counting: Promise<Counts | undefined> = Promise.resolve(new HumanCounts());
  let unreadable: string | undefined;
  if (st) {
    aside = `${out}.qda-kept-${process.pid}`;
    try {
      await fs.link(out, aside);
    } catch {
      // (no hard link, and no room or right for a copy either: the write itself will say what is wrong)
      if (!(await fs.copyFile(out, aside).then(() => true, () => false))) {
        await fs.rm(aside, { force: true }).catch(() => undefined);
        return undefined;
      }
    }
    const noted = await note.read(st);
    if (noted) counting = Promise.resolve(noted);
    else {
      const { humanCodingCounts } = await import('../../ingest/coder-counts.js');
      // (read from the kept file: the run may have replaced `out` by the time the scan reads on)
      counting = humanCodingCounts(aside, out).catch((e: Error) => {
        unreadable = e.message.split('\n')[0];
        return undefined;
      });
    }
  }
  const drop = async () => {
    await counting;
    if (aside) await fs.rm(aside, { force: true });
  };
  return {
    drop,
    async check(summary, shownOut) {
      const old = await counting;
      const now = humanCounts(summary, HumanCounts, codingKey);
      if (xlsx && aside && !old) {
        // (a workbook that is not the one qda code last wrote there, and whose codings cannot be
        // read: edited in Excel, or another workbook; written over, hand-made rows would be gone)
        await fs.rename(aside, out);
        unwritten(out);
        throw inputError('cli', 'output-edited', `${shownOut} is not the workbook qda code last wrote there (it was changed since, or another program wrote it) and no codings sheet could be read from it (${unreadable ?? 'no sheet has a coder or code column'}): it may hold rows added by hand; ${shownOut} is kept as it was and the new codings are not written`, {
          file: shownOut,
          hint: `write elsewhere (qda code … -o NEW.xlsx), or move ${shownOut} away first if it holds nothing you need`,
        });
      }
      const lost = old ? [...old].filter(([k, n]) => (now.get(k) ?? 0) < n) : [];
      // (as many per coder, but other codes or sources: codings changed by hand)
      const changed = !lost.length && old?.detail && now.detail ? [...old.detail].filter(([k, x]) => (now.detail!.get(k) ?? 0) < x) : [];
      // (the same codes on the same sources, but at other places: a start or end moved by hand;
      // the new file is read as the old one was, so that places are compared as written)
      let moved: Array<[string, number]> = [];
      let placed: Counts | undefined;
      if (!lost.length && !changed.length && old?.spans?.size) {
        const { humanCodingCounts } = await import('../../ingest/coder-counts.js');
        placed = await humanCodingCounts(out).catch(() => undefined);
        if (placed?.spans) moved = [...old.spans].filter(([k, x]) => (placed!.spans!.get(k) ?? 0) < x);
      }
      if (!lost.length && !changed.length && !moved.length) {
        await drop();
        return note.write(now);
      }
      await fs.rename(aside!, out);
      unwritten(out);
      const n = lost.length
        ? lost.reduce((a, [k, x]) => a + x - (now.get(k) ?? 0), 0)
        : changed.length
          ? changed.reduce((a, [k, x]) => a + x - (now.detail!.get(k) ?? 0), 0)
          : moved.reduce((a, [k, x]) => a + x - (placed!.spans!.get(k) ?? 0), 0);
      const place = (segment: string, start: string, end: string) => [segment && `segment ${segment}`, (start || end) && `${start || '?'}–${end || '?'}`].filter(Boolean).join(', ') || 'the whole source';
      const which = lost.length
        ? lost.map(([k, x]) => `${k}: ${x} there, ${now.get(k) ?? 0} now`).join('; ')
        : changed.length
          ? `${changed.slice(0, 6).map(([k, x]) => {
              const [coder, source, code] = k.split('\u0000');
              return `${coder}: ${code} on source "${source}", ${x} there, ${now.detail!.get(k) ?? 0} now`;
            }).join('; ')}${changed.length > 6 ? '; …' : ''}; as many per coder as this run makes, but with other codes or sources: changed by hand?`
          : `${moved.slice(0, 6).map(([k, x]) => {
              const [coder, source, code, segment, start, end] = k.split('\u0000');
              return `${coder}: ${code} on source "${source}" at ${place(segment, start, end)}, ${x} there, ${placed!.spans!.get(k) ?? 0} now`;
            }).join('; ')}${moved.length > 6 ? '; …' : ''}; the same codes on the same sources as this run makes, but at other places: moved by hand (start or end changed)?`;
      throw inputError('cli', 'output-has-human-codings', `${shownOut} holds ${n} human coding${n === 1 ? '' : 's'} that this run does not make (${which}): codings added or changed by hand, read from a codings file not given now, or decided in qda review (not inline markers, which the sources keep); ${shownOut} is kept as it was and the new codings are not written`, {
        file: shownOut,
        hint: xlsx
          ? `to keep them, save its codings sheet as CSV (in Excel: Save As, CSV) and add that file to the run (qda code … --codings ${shownOut.replace(/\.xlsx$/i, '.csv')} -o ${shownOut}: its rows are written again); to write over it anyway, move it away first`
          : `to keep them, add the file to the run and write elsewhere (qda code … --codings ${shownOut} -o NEW); to write over it anyway, move it away first`,
      });
    },
  };
}

/**
 * What runs of qda code that were stopped (killed, the machine off) left beside `out`: the old
 * output kept aside by the guard (`OUT.qda-kept-PID`, humanCodingsIn) while the run wrote the new
 * one. One whose process is gone and that is `out` itself (a hard link to it, or the same bytes)
 * holds nothing else and is removed (said); any other is said (its human codings counted) and
 * left as it is: it may be the only copy of codings added by hand. Those of running processes
 * (another qda code writing the same output now) are not touched.
 */
async function keptLeftovers(out: string, shownOut: string, report: (d: Diagnostic) => void): Promise<void> {
  const fs = await import('node:fs/promises');
  const { basename, dirname, join } = await import('node:path');
  const { alive } = await import('../../export/write-file-atomic.js');
  const dir = dirname(out);
  const base = basename(out);
  const names = (await fs.readdir(dir).catch(() => [] as string[])).filter((n) => n.startsWith(`${base}.qda-kept-`) && /^\d+$/.test(n.slice(base.length + 10)));
  if (!names.length) return;
  const st = await fs.stat(out).catch(() => undefined);
  const shownDir = shownOut.slice(0, shownOut.length - basename(shownOut).length);
  const removed: string[] = [];
  const kept: string[] = [];
  for (const n of names.sort()) {
    if (alive(Number(n.slice(base.length + 10)))) continue;
    const p = join(dir, n);
    const k = await fs.lstat(p).catch(() => undefined);
    if (!k?.isFile()) continue;
    let same = !!st && st.dev === k.dev && st.ino === k.ino;
    if (!same && st?.isFile() && st.size === k.size) {
      const [a, b] = await Promise.all([fs.readFile(out).catch(() => undefined), fs.readFile(p).catch(() => undefined)]);
      same = !!a && !!b && a.equals(b);
    }
    if (same && (await fs.rm(p).then(() => true, () => false))) removed.push(shownDir + n);
    else {
      const { humanCodingCounts } = await import('../../ingest/coder-counts.js');
      const counts = await humanCodingCounts(p, out).catch(() => undefined);
      const n2 = counts ? [...counts.values()].reduce((a, x) => a + x, 0) : undefined;
      kept.push(`${shownDir + n}${n2 === undefined ? '' : n2 ? ` (${n2} human coding${n2 === 1 ? '' : 's'} that no marker makes: ${[...counts!].map(([c, x]) => `${c} ${x}`).join(', ')})` : ' (no human codings but those of markers)'}`);
    }
  }
  if (removed.length) {
    report({ severity: 'info', source: 'cli', ruleId: 'output-kept-removed', message: `removed ${removed.join(', ')}: left by a qda code run that was stopped, ${removed.length === 1 ? 'it was' : 'they were'} ${shownOut} itself (the same file or the same bytes), so nothing is lost`, file: shownOut });
  }
  if (kept.length) {
    report({
      severity: 'warning',
      source: 'cli',
      ruleId: 'output-kept-left',
      message: `${kept.join(', ')} ${kept.length === 1 ? 'is' : 'are'} left by a qda code run that was stopped before it finished (its process is gone): ${kept.length === 1 ? 'it is' : 'each is'} ${shownOut} as it was before that run, which may hold codings ${shownOut} no longer has; not touched`,
      file: shownOut,
      hint: `compare it with ${shownOut}; to keep its codings, rename it (e.g. to ${shownDir + keptName(base)}) and read them with the sources (qda code … --codings ${shownDir + keptName(base)} -o NEW); delete it when it holds nothing you need`,
    });
  }
}

/** `codings.json` → `codings.kept.json`: a name whose extension says the format. */
const keptName = (base: string) => base.replace(/(\.[^.]+)?$/, (ext) => `.kept${ext}`);

/**
 * What qda code noted about the output file it last wrote at `out` (in the temporary folder,
 * by the path's hash): its size, modification time and inode, and its human codings per coder
 * that no marker makes. A file with the same size, time and inode was not edited since, and its
 * counts need no scan. A note that cannot be read or written is none (the scan is made).
 */
async function outputNote(out: string): Promise<{ read(st: import('node:fs').Stats): Promise<import('../../ingest/coder-counts.js').HumanCounts | undefined>; write(counts: import('../../ingest/coder-counts.js').HumanCounts): Promise<void> }> {
  const { HumanCounts } = await import('../../ingest/coder-counts.js');
  const fs = await import('node:fs/promises');
  const { createHash } = await import('node:crypto');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = join(tmpdir(), 'qdakit-outputs');
  const file = join(dir, `${createHash('sha256').update(out).digest('hex').slice(0, 32)}.json`);
  const same = (a: { size: number; mtimeMs: number; ino: number }, b: { size: number; mtimeMs: number; ino: number }) => a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino;
  return {
    async read(st) {
      try {
        const n = JSON.parse(await fs.readFile(file, 'utf8')) as { path?: unknown; size: number; mtimeMs: number; ino: number; counts?: unknown; detail?: unknown };
        if (n.path !== out || !same(n, st) || !n.counts || typeof n.counts !== 'object') return undefined;
        const m = new HumanCounts();
        for (const [k, v] of Object.entries(n.counts as Record<string, unknown>)) if (typeof v === 'number') m.set(k, v);
        // (a note of an older version has no detail: the counts per coder only; a file not edited
        // since qda wrote it has its codings where the run's inputs put them: no places are needed)
        m.detail = undefined;
        m.spans = undefined;
        if (n.detail && typeof n.detail === 'object') {
          m.detail = new Map();
          for (const [k, v] of Object.entries(n.detail as Record<string, unknown>)) if (typeof v === 'number') m.detail.set(k, v);
        }
        return m;
      } catch {
        return undefined;
      }
    },
    async write(counts) {
      try {
        const st = await fs.stat(out);
        await fs.mkdir(dir, { recursive: true });
        const tmp = `${file}.${process.pid}.tmp`;
        await fs.writeFile(tmp, JSON.stringify({ path: out, size: st.size, mtimeMs: st.mtimeMs, ino: st.ino, counts: Object.fromEntries(counts), ...(counts.detail ? { detail: Object.fromEntries(counts.detail) } : {}) }));
        await fs.rename(tmp, file);
      } catch {
        // (no note: the next run scans the file)
      }
    },
  };
}

/** The accounting of the markers' code labels, one line (nothing when no marker was found). */
export function markerSummary(a: MarkerAccounting): string {
  return markerLine(a, { prefix: 'qda code: ' });
}

/** An alias file: label,code (errors exit 2 with the file and line). */
async function loadAliases(file: string, books: Codebook[], io: Io, report: (d: Diagnostic) => void): Promise<LabelAlias[]> {
  const { readAliasFile } = await import('../../ingest/read-aliases.js');
  const { checkAliasEntries } = await import('../../coding/label-resolver.js');
  const { codebookCodeRefs } = await import('../../coding/code-corpus.js');
  const checked = checkAliasEntries(await readAliasFile(file, { cwd: io.cwd, report }), books.flatMap(codebookCodeRefs), file);
  if (checked.errors.length) throw new QdaInputError(checked.errors);
  for (const d of checked.warnings) report(d);
  return checked.aliases;
}

/** Codes the whole corpus into a document in memory; codings files and learned suggestions merged in (codeCorpus). */
export async function codeWhole(pipeline: CodeSourcesOptions, imported: Awaited<ReturnType<typeof loadImported>>, books: Codebook[], learn: { minScore?: number; suggest: boolean; learnFrom?: string }, io: Io): Promise<CodingsDocument> {
  const { codeToDocument } = await import('../../pipeline/sinks.js');
  const merge = imported.codings.length > 0 || !!imported.learnFrom || learn.suggest;
  // (with codings to merge, markers are read by codeCorpus over the whole corpus, with the imported codings)
  const { doc } = await codeToDocument({ ...pipeline, ...(merge ? { inline: false } : {}) });
  if (!merge) return doc;
  const { codeCorpus } = await import('../../coding/code-corpus.js');
  const merged = codeCorpus({ sources: doc.sources, segments: doc.segments }, books, {
    unit: pipeline.unit,
    speakers: pipeline.speakers,
    ruleCodings: doc.codings,
    codings: imported.codings,
    learnFrom: imported.learnFrom,
    suggest: learn.suggest,
    minScore: learn.minScore,
    version: VERSION,
    command: pipeline.command ?? 'qda code',
    options: pipeline.options,
    report: pipeline.report,
    // (the sources' warnings, said while reading them: kept in the document written)
    ...(doc.warnings ? { warnings: doc.warnings } : {}),
    warnCollisions: false,
    ...(pipeline.aliases ? { aliases: pipeline.aliases } : {}),
    ...(pipeline.onMarkers ? { onMarkers: pipeline.onMarkers } : {}),
    onQuality: (q) => io.stderr.write(qualityText(q, learn.learnFrom)),
  });
  // (codes of the markers and codings files that a built-in codebook not given holds)
  const bookCodes = new Set(books.flatMap((b) => b.codes.map((c) => c.id)));
  const found = merged.codes.filter((c) => !bookCodes.has(c.id));
  const { codesOfOtherBuiltins } = await import('../../ingest/codes-of-builtins.js');
  const others = await codesOfOtherBuiltins(found, books, io.cwd);
  for (const d of others) pipeline.report?.(d);
  return others.length ? { ...merged, warnings: [...(merged.warnings ?? []), ...others] } : merged;
}

/** A document held in memory to `out` (as given; atomically) or stdout. */
async function writeDocument(doc: CodingsDocument, books: Codebook[], format: string, out: string | undefined, io: Io): Promise<void> {
  if (format === 'csv' || format === 'xlsx') {
    const { renderTables } = await import('../../export/render-table.js');
    const { codingsTable } = await import('../../export/codings-csv.js');
    const table = codingsTable(doc);
    if (format === 'xlsx' && table.rows.length > 1_000_000) {
      throw inputError('cli', 'too-large-for-xlsx', `${table.rows.length} codings do not fit in an Excel sheet (at most 1,048,575 rows)`, { hint: 'write CSV (-o codings.csv) or the codings document (-o codings.json) instead' });
    }
    await emit(io, (await renderTables([table], format)) as string | Uint8Array, out, `codings ${format.toUpperCase()}`);
    return;
  }
  const { renderCodingsDocument } = await import('../../export/codings-document.js');
  const { ruleIndexFor } = await import('../../coding/rule-index.js');
  const pieces = renderCodingsDocument(doc, { rules: ruleIndexFor(books), format: format === 'jsonl' ? 'jsonl' : 'json' });
  if (!out) {
    for (const p of pieces) io.stdout.write(p);
    return;
  }
  const { writeStreamAtomic } = await import('../../export/write-file-atomic.js');
  await writeStreamAtomic(
    resolve(io.cwd, out),
    async (write) => {
      for (const p of pieces) await write(p);
    },
    { shown: out },
  );
}

/** The codebooks: -c, else the project's `codebooks:` (relative to qda.yaml); each once. */
async function loadCodebooks(opts: CodeOpts, project: ProjectConfig | undefined, io: Io, report: (d: Diagnostic) => void): Promise<{ bookIds: string[]; books: Codebook[] }> {
  const { isBuiltinCodebookId } = await import('../../codebook/builtins.js');
  let bookIds: string[];
  if (opts.codebook?.length) bookIds = opts.codebook;
  else {
    // entries of qda.yaml are relative to its folder (readProject makes existing files absolute)
    const looksLikePath = (c: string) => /[\\/]|\.(ya?ml|json|qdc|xml)$/i.test(c);
    bookIds = (project?.codebooks ?? []).map((c) => (isBuiltinCodebookId(c) || isAbsolute(c) || !looksLikePath(c) ? c : resolve(project!.dir, c)));
    if (!bookIds.length && opts.rules !== false) {
      io.stderr.write(`qda code: no codebook given (-c ID|FILE${project ? `, or codebooks: in ${project.file}` : ''}): only human codings are read\n`);
    }
  }
  const { readCodebook, addCodebookOnce } = await import('../../ingest/read-codebook.js');
  const books: Codebook[] = [];
  const { readNamedByProject } = await import('../../ingest/read-project.js');
  for (const [i, id] of bookIds.entries()) {
    // (an entry of qda.yaml that names nothing is said with its place there)
    const b = await readNamedByProject(opts.codebook?.length ? undefined : project, `/codebooks/${i}`, () => readCodebook(id, { cwd: io.cwd, report }));
    addCodebookOnce(books, b, id, report);
  }
  return { bookIds, books };
}

/**
 * The decisions files of qda review for these inputs (see cli/decisions-file) not given with
 * --codings already, as paths to read with them; each said (info).
 */
export async function reviewDecisions(io: Io, project: ProjectConfig | undefined, inputs: readonly string[], given: readonly string[], report: (d: Diagnostic) => void): Promise<string[]> {
  const { reviewDecisionsFiles, decisionsReadNote } = await import('../decisions-file.js');
  const { displayPath } = await import('../../ingest/read-source.js');
  const named = new Set(given.map((f) => resolve(io.cwd, f)));
  const files = (await reviewDecisionsFiles(io.cwd, project, inputs, report)).filter((f) => !named.has(f));
  for (const f of files) report(decisionsReadNote(io.cwd, f));
  return files.map((f) => displayPath(io.cwd, f));
}

/** --codings and --learn-from files (a CSV with a `turn` column and no `segment` one numbers turns from 1). */
export async function loadImported(opts: Pick<CodeOpts, 'codings' | 'learnFrom'>, io: Io, report: (d: Diagnostic) => void) {
  const load = async (file: string) => {
    const { readCodings, numbersTurns } = await import('../../ingest/read-codings.js');
    const doc = await readCodings(file, { cwd: io.cwd, report });
    return { doc, file, turnNumbers: numbersTurns(doc) };
  };
  const codings = [];
  for (const f of opts.codings ?? []) codings.push(await load(f));
  return { codings, learnFrom: opts.learnFrom ? await load(opts.learnFrom) : undefined };
}

function qualityText(q: Parameters<NonNullable<import('../../coding/code-corpus.js').CodeCorpusOptions['onQuality']>>[0], learnFrom: string | undefined): string {
  const from = q.textFrom === 'document' ? `${q.trainedOn} segments of ${q.sources} coded source(s) in ${learnFrom}` : `${q.trainedOn} segments of ${q.sources} coded source(s) among the inputs`;
  const lines = [`learned suggestions: trained on ${from} (${q.used} of ${q.humanCodings} human codings used) and the codebook; held-out quality (${q.method}, threshold ${q.threshold}):`];
  lines.push('  code                          tp   fp   fn      P      R     F1');
  for (const r of [...q.perCode, q.micro]) {
    lines.push(`  ${r.code.slice(0, 28).padEnd(28)} ${String(r.tp).padStart(4)} ${String(r.fp).padStart(4)} ${String(r.fn).padStart(4)} ${r.precision.toFixed(3).padStart(6)} ${r.recall.toFixed(3).padStart(6)} ${r.f1.toFixed(3).padStart(6)}`);
  }
  if (q.skipped.length) lines.push(`  not learned (fewer than 2 examples and not in a codebook): ${q.skipped.join(', ')}`);
  if (q.thresholdReason) lines.push(`  threshold ${q.thresholdReason}`);
  return lines.join('\n') + '\n';
}

const shown = (p: string, cwd: string) => {
  if (!isAbsolute(p)) return p;
  const rel = relative(cwd, p);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : p;
};

/** One line on stderr after writing to a file: what was read and coded, per coder. */
export function codingSummary(doc: Pick<CodingsDocument, 'sources' | 'segments' | 'codings'> | CodingSummary, out: string): string {
  let sources: number, segments: number, codings: number;
  let perCoder: Array<[string, number]>;
  if (typeof doc.sources === 'number') {
    const s = doc as CodingSummary;
    ({ sources, segments, codings } = s);
    perCoder = Object.entries(s.coders);
  } else {
    const d = doc as Pick<CodingsDocument, 'sources' | 'segments' | 'codings'>;
    const m = new Map<string, number>();
    for (const c of d.codings) m.set(c.coder, (m.get(c.coder) ?? 0) + 1);
    [sources, segments, codings, perCoder] = [d.sources.length, d.segments.length, d.codings.length, [...m]];
  }
  const coders = perCoder.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, n]) => `${k} ${n}`).join(', ');
  return `qda code: ${sources} sources, ${segments} segments, ${codings} codings${coders ? ` (${coders})` : ''} → ${out}\n`;
}

/** A progress bar on stderr (cli-progress): files, MB, MB/s and time left; only on a TTY and for more than a few sources. */
async function makeProgress(io: Io) {
  const tty = io.stderr.isTTY && !io.env?.CI;
  // (cli-progress is loaded only for a terminal)
  const lib = tty ? await import('cli-progress') : undefined;
  let bar: InstanceType<NonNullable<typeof lib>['SingleBar']> | undefined;
  let t0 = 0;
  let totalBytes = 0;
  return {
    /** True when a bar is drawn. */
    start(files: number, bytes: number): boolean {
      if (!lib || files < 5) return false;
      totalBytes = bytes;
      t0 = performance.now();
      bar = new lib.SingleBar({ stream: process.stderr, format: 'coding [{bar}] {value}/{total} sources, {mb} of {total_mb} MB, {speed} MB/s, {left} left', hideCursor: true, clearOnComplete: true }, lib.Presets.shades_classic);
      bar.start(files, 0, { mb: '0', total_mb: (bytes / 1048576).toFixed(0), speed: '–', left: '–' });
      return true;
    },
    update(files: number, bytes: number) {
      if (!bar) return;
      const s = (performance.now() - t0) / 1000;
      const rate = s > 0 ? bytes / 1048576 / s : 0;
      const left = rate > 0 ? (totalBytes - bytes) / 1048576 / rate : 0;
      bar.update(files, { mb: (bytes / 1048576).toFixed(0), speed: rate.toFixed(1), left: left >= 60 ? `${Math.floor(left / 60)} min ${Math.round(left % 60)} s` : `${Math.round(left)} s` });
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
