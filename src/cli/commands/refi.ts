import { resolve, extname } from 'node:path';
import { readFile, stat } from 'node:fs/promises';
import type { Io } from '../io.js';
import type { CodingsDocument, Diagnostic } from '../../model/types.js';
import type { Codebook } from '../../codebook/types.js';
import { inputError, formatDiagnostic } from '../../model/errors.js';
import { VERSION } from '../../version.js';

type Opts = Record<string, unknown>;

async function looksLikeCodings(path: string, cwd: string): Promise<boolean> {
  const ext = extname(path).toLowerCase();
  if (ext === '.json' || ext === '.jsonl') return true;
  if (ext !== '.csv') return false;
  const head = (await readFile(resolve(cwd, path), 'utf8')).slice(0, 2000).split(/\r?\n/)[0].toLowerCase();
  const cols = head.replace(/^\uFEFF/, '').split(/[,;\t]/).map((c) => c.trim().replace(/^"|"$/g, ''));
  return cols.includes('source') && cols.includes('code');
}

function sourceDateEpoch(io: Io): string | undefined {
  const v = io.env.SOURCE_DATE_EPOCH;
  if (!v || !/^\d+$/.test(v)) return undefined;
  return new Date(Number(v) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const warnings = (io: Io) => (d: Diagnostic) => io.stderr.write(formatDiagnostic(d) + '\n');

export async function runExport(opts: Opts, io: Io): Promise<number> {
  const inputs = (opts.inputs as string[] | undefined) ?? [];
  const out = opts.out as string;
  if (!out) throw inputError('cli', 'missing-out', 'give the output file with -o study.qdpx');
  if (!/\.qdpx$/i.test(out)) {
    throw inputError('cli', 'bad-extension', `the output file "${out}" should end in .qdpx`, { hint: 'REFI-QDA tools only open project files named *.qdpx' });
  }
  const codebookIds = (opts.codebook as string[] | undefined) ?? [];
  const report = warnings(io);
  let doc: CodingsDocument;
  const books: Codebook[] = [];
  let project: { language?: 'nl' | 'en'; file?: string } | undefined;
  if (codebookIds.length) {
    const { readCodebook, addCodebookOnce } = await import('../../ingest/read-codebook.js');
    for (const id of codebookIds) addCodebookOnce(books, await readCodebook(id, { cwd: io.cwd }), id, report);
  }
  if (inputs.length === 1 && (await looksLikeCodings(inputs[0], io.cwd))) {
    const { readCodings } = await import('../../ingest/read-codings.js');
    doc = await readCodings(inputs[0], { cwd: io.cwd, report });
  } else {
    if (inputs.length === 0) throw inputError('cli', 'no-inputs', 'give a codings document or source files', { hint: 'qda refi export codings.json -o study.qdpx' });
    if (!codebookIds.length) {
      // no -c: the sources are read and coded as `qda code` does, with the project's qda.yaml
      // (its codebooks, cases and interviewers), so the samples' own hand codings find their codes
      const { loadOrCode } = await import('./run.js');
      const loaded = await loadOrCode(io, { inputs, cases: opts.cases as string | undefined, command: 'qda refi export', defaultBooks: false }, report);
      doc = loaded.doc;
      for (const b of loaded.books) books.push(b);
      project = loaded.project?.language ? { language: loaded.project.language, file: loaded.projectFile } : undefined;
    } else {
      const { readCorpus } = await import('../../ingest/read-corpus.js');
      const { corpus } = await readCorpus(inputs, { cwd: io.cwd, cases: opts.cases as string | undefined, report });
      const { codeCorpus } = await import('../../coding/code-corpus.js');
      doc = codeCorpus(corpus, books, { report, version: VERSION, command: 'refi export', rules: books.length > 0 });
    }
  }
  // code names in the run's language (--lang, QDA_LANG, the nearest qda.yaml, English)
  const { resolveLang } = await import('../lang.js');
  const lang = await resolveLang(io, opts, inputs, project);
  const { writeRefiProject } = await import('../../export/refi-write.js');
  const counts = await writeRefiProject(doc, resolve(io.cwd, out), { name: (opts.name as string | undefined) ?? undefined, codebooks: books, now: sourceDateEpoch(io), report, lang }, { shown: out });
  io.stdout.write(`wrote ${out}: ${counts.sources} sources, ${counts.codes} codes, ${counts.codings} codings, ${counts.users} users, ${counts.cases} cases, ${counts.notes} notes${counts.dataNotes ? ` (${counts.dataNotes} of them hold codings' attributes, scores and evidence, which REFI-QDA has no place for: qda refi import reads them back, other programs show them as notes of the coding or not at all)` : ''}\n`);
  return 0;
}

export async function runImport(opts: Opts, io: Io): Promise<number> {
  const file = opts.file as string;
  const out = opts.out as string;
  if (!out) throw inputError('cli', 'missing-out', 'give the output folder with -o DIR');
  const dir = resolve(io.cwd, out);
  const st = await stat(dir).catch(() => undefined);
  if (st && !st.isDirectory()) throw inputError('cli', 'out-not-a-folder', `"${out}" exists and is not a folder`, { hint: 'give a (new or existing) folder with -o' });
  const { readRefiProject } = await import('../../ingest/read-refi.js');
  const imp = await readRefiProject(file, { cwd: io.cwd, report: warnings(io) });
  // built in a hidden folder beside DIR and moved in at the end: a failed import leaves DIR as it was;
  // a file in DIR that qda refi import did not write is never overwritten (exit 2, or beside it with --force)
  const { openOutputFolder } = await import('../output-folder.js');
  const names = [...imp.doc.sources.map((s) => `sources/${s.id}.txt`), 'codings.json', 'codebook.yaml', 'cases.csv'];
  const folder = await openOutputFolder(dir, { command: 'qda refi import', shown: out, force: opts.force === true, names, staged: true, report: warnings(io) });
  const { writeRefiImport } = await import('../../export/refi-write.js');
  try {
    await writeRefiImport(imp, dir, (rel, data) => folder.put(rel, data));
    await folder.finish();
  } catch (err) {
    await folder.abandon();
    throw err;
  }
  io.stdout.write(
    `imported ${file} into ${out}: ${imp.doc.sources.length} sources, ${imp.codebook.codes.length} codes, ${imp.doc.codings.length} codings, ${new Set(imp.doc.codings.map((c) => c.coder)).size} coders (sources/, codings.json, codebook.yaml, cases.csv)${imp.diagnostics.length ? `; ${imp.diagnostics.length} warning${imp.diagnostics.length === 1 ? '' : 's'} above: what was not imported as it was` : ''}\n`,
  );
  return 0;
}
