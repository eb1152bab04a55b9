import type { Io } from '../io.js';
import type { Diagnostic, Lang } from '../../model/types.js';
import type { Codebook } from '../../codebook/types.js';
import { QdaInputError, formatDiagnostic, inputError, type Report } from '../../model/errors.js';
import { emit } from '../output.js';
import { resolveLang } from '../lang.js';
import { maxOf } from '../../model/arrays.js';

type Opts = Record<string, unknown>;

const FORMATS = ['md', 'html', 'docx', 'latex', 'csv', 'json', 'yaml', 'qdc'] as const;
type CodebookExportFormat = (typeof FORMATS)[number];

const stderrReport = (io: Io): Report => (d) => io.stderr.write(formatDiagnostic(d) + '\n');

function pad(s: string, n: number): string {
  const len = [...s].length;
  return len >= n ? s : s + ' '.repeat(n - len);
}

/** `qda codebook list`: the built-in codebooks with name, number of codes, ladder. */
export async function runList(opts: Opts, io: Io): Promise<number> {
  const lang = await resolveLang(io, opts);
  const { BUILTIN_CODEBOOK_IDS } = await import('../../codebook/builtins.js');
  const { readCodebook } = await import('../../ingest/read-codebook.js');
  const { localise } = await import('../../codebook/localise.js');
  const rows: string[][] = [['id', lang === 'nl' ? 'naam' : 'name', 'codes', 'ladder']];
  for (const id of BUILTIN_CODEBOOK_IDS) {
    try {
      const b = await readCodebook(id, { cwd: io.cwd });
      rows.push([id, localise(b.name, lang), String(b.codes.length), b.ladder ? (lang === 'nl' ? 'ja' : 'yes') : (lang === 'nl' ? 'nee' : 'no')]);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      const what = e.code === 'ENOENT' ? (lang === 'nl' ? '(niet geïnstalleerd)' : '(not installed)') : (lang === 'nl' ? '(ongeldig: qda codebook validate)' : '(invalid: run qda codebook validate)');
      if (!(err instanceof QdaInputError) && e.code !== 'ENOENT') throw err;
      rows.push([id, what, '', '']);
    }
  }
  const widths = rows[0].map((_, k) => maxOf(rows.map((r) => [...r[k]].length)));
  for (const r of rows) io.stdout.write(r.map((c, k) => (k === r.length - 1 ? c : pad(c, widths[k]))).join('  ').trimEnd() + '\n');
  return 0;
}

/** `qda codebook show ID|FILE`: the code tree with ids, names and levels. */
export async function runShow(opts: Opts, io: Io): Promise<number> {
  const lang = await resolveLang(io, opts, [opts.codebook]);
  const { readCodebook } = await import('../../ingest/read-codebook.js');
  const { codeTree } = await import('../../codebook/tree.js');
  const { localise } = await import('../../codebook/localise.js');
  const book = await readCodebook(String(opts.codebook), { cwd: io.cwd, report: stderrReport(io) });
  const n = book.codes.length;
  const out: string[] = [`${localise(book.name, lang) || book.id} (${book.id}, ${n} ${n === 1 ? 'code' : 'codes'}${book.ladder ? ', ladder' : ''})`];
  if (book.reference) out.push(book.reference);
  type N = ReturnType<typeof codeTree>[number];
  const walk = (nodes: readonly N[], prefix: string) => {
    nodes.forEach((node, i) => {
      const last = i === nodes.length - 1;
      const c = node.code;
      const lvl = c.level !== undefined ? `[${c.level}] ` : '';
      const name = localise(c.name, lang);
      const k = c.rules?.length ?? 0;
      const rules = k ? `  (${k} ${lang === 'nl' ? (k === 1 ? 'regel' : 'regels') : k === 1 ? 'rule' : 'rules'})` : '';
      out.push(`${prefix}${last ? '└─ ' : '├─ '}${lvl}${c.id}${name && name !== c.id ? `  ${name}` : ''}${rules}`);
      walk(node.children, prefix + (last ? '   ' : '│  '));
    });
  };
  walk(codeTree(book), '');
  if (book.relations?.length) {
    out.push(lang === 'nl' ? 'relaties (koppelingen tussen coderingen):' : 'relations (links between codings):');
    for (const r of book.relations) {
      const name = localise(r.name, lang);
      const verdicts = r.verdicts?.length ? `: ${r.verdicts.map((v) => v.id).join(', ')}` : '';
      out.push(`  ${r.id}${name && name !== r.id ? `  ${name}` : ''}${r.from || r.to ? `  (${(r.from ?? ['…']).join('/')} → ${(r.to ?? ['…']).join('/')})` : ''}${verdicts}`);
    }
  }
  io.stdout.write(out.join('\n') + '\n');
  return 0;
}

/** `qda codebook validate FILE…`: `file: ok (N codes)` or every diagnostic; exit 2 on any error. */
export async function runValidate(opts: Opts, io: Io): Promise<number> {
  const files = (opts.files as string[] | undefined) ?? [];
  if (!files.length) throw inputError('cli', 'missing-argument', 'no codebook files given', { hint: 'qda codebook validate my-codebook.yaml' });
  const { readCodebookWithDiagnostics } = await import('../../ingest/read-codebook.js');
  const lint = await lintData(opts, io);
  let failed = false;
  for (const f of files) {
    let diags: readonly Diagnostic[];
    let name = f;
    let codes = 0;
    try {
      const r = await readCodebookWithDiagnostics(f, { cwd: io.cwd });
      diags = r.diagnostics;
      name = r.file;
      codes = r.book?.codes.length ?? 0;
    } catch (err) {
      if (!(err instanceof QdaInputError)) throw err;
      diags = err.diagnostics;
    }
    const errors = diags.filter((d) => d.severity === 'error').length;
    const warnings = diags.filter((d) => d.severity === 'warning').length;
    for (const d of diags) io.stderr.write(formatDiagnostic(d) + '\n');
    if (errors) {
      failed = true;
      io.stderr.write(`${name}: ${errors} ${errors === 1 ? 'error' : 'errors'}${warnings ? `, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}` : ''}\n`);
    } else {
      io.stdout.write(`${name}: ok (${codes} ${codes === 1 ? 'code' : 'codes'}${warnings ? `, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}` : ''})\n`);
      if (lint) await lintOne(f, lint, io);
    }
  }
  return failed ? 2 : 0;
}

interface LintData {
  readonly corpus: import('../../model/types.js').Corpus;
  readonly doc: import('../../model/types.js').CodingsDocument;
  readonly file: string;
  readonly turnNumbers: boolean;
}

/** `--lint --gold FILE [--sources …]`: the evaluation data (read once for all codebooks). */
async function lintData(opts: Opts, io: Io): Promise<LintData | undefined> {
  if (!opts.lint) return undefined;
  const golds = (opts.gold as string[] | undefined) ?? [];
  if (!golds.length) {
    throw inputError('cli', 'lint-needs-gold', '--lint measures the rules against human codings: give them with --gold FILE', {
      hint: 'e.g. qda codebook validate my-codebook.yaml --lint --gold coded.json (written by qda code on hand-coded sources), or --gold codings.csv --sources interviews/',
    });
  }
  const { readCodings, numbersTurns } = await import('../../ingest/read-codings.js');
  const docs = [];
  let turnNumbers = false;
  for (const g of golds) {
    const d = await readCodings(g, { cwd: io.cwd, report: stderrReport(io) });
    docs.push(d);
    turnNumbers ||= numbersTurns(d);
  }
  const doc = { ...docs[0], sources: docs.flatMap((d) => d.sources), segments: docs.flatMap((d) => d.segments), codings: docs.flatMap((d) => d.codings) };
  const gold = golds.join(', ');
  const sources = (opts.sources as string[] | undefined) ?? [];
  if (sources.length) {
    const { readCorpus } = await import('../../ingest/read-corpus.js');
    const { corpus } = await readCorpus(sources, { cwd: io.cwd, unit: 'turn', report: stderrReport(io) });
    return { corpus, doc, file: gold, turnNumbers };
  }
  const withText = doc.sources.filter((x) => typeof x.text === 'string' && x.text.length > 0);
  if (!withText.length || !doc.segments.length) {
    throw inputError('cli', 'lint-needs-sources', `${gold} carries no source texts to run the rules on`, {
      file: gold,
      hint: 'give the coded sources with --sources FILES|FOLDER, or use the document written by qda code (it carries the texts)',
    });
  }
  const ids = new Set(withText.map((x) => x.id));
  return { corpus: { sources: withText, segments: doc.segments.filter((g) => ids.has(g.sourceId)) }, doc, file: gold, turnNumbers };
}

/** Precision of one codebook's rules on the evaluation data: a table, and a warning per low-precision code. */
async function lintOne(f: string, data: LintData, io: Io): Promise<void> {
  const { readCodebook } = await import('../../ingest/read-codebook.js');
  const { mapImportedCodings } = await import('../../coding/human-codings.js');
  const { codebookCodeRefs } = await import('../../coding/code-corpus.js');
  const { lintRules } = await import('../../coding/lint.js');
  const book = await readCodebook(f, { cwd: io.cwd });
  const human = data.doc.codings.filter((c) => c.coder !== 'rules' && c.coder !== 'model');
  const mapped = mapImportedCodings({ ...data.doc, codings: human }, data.corpus, codebookCodeRefs(book), { file: data.file, turnNumbers: data.turnNumbers });
  const gold = mapped.codings.filter((c) => c.segmentId);
  if (!gold.length) {
    throw inputError('cli', 'lint-no-gold', `${data.file} has no human codings on the sources to measure ${book.id} against`, {
      file: data.file,
      hint: 'the gold codings must name the same sources (file names without extension) and segments or turns',
    });
  }
  const r = lintRules(book, data.corpus, gold, { file: book.file ?? f, goldFile: data.file });
  for (const d of r.diagnostics) io.stderr.write(formatDiagnostic(d) + '\n');
  const rows = r.codes.filter((c) => c.fired || c.gold).map((c) => [c.code, String(c.fired), String(c.tp), c.fired ? c.precision.toFixed(2) : '—', String(c.gold), c.gold ? c.recall.toFixed(2) : '—', c.flagged ? 'LOW PRECISION' : '']);
  const head = ['code', 'fired', 'correct', 'precision', 'gold', 'recall', ''];
  const w = head.map((h, i) => Math.max(h.length, maxOf(rows.map((x) => [...x[i]].length))));
  const line = (x: string[]) => x.map((c, i) => (i === 0 ? pad(c, w[i]) : c.padStart(w[i]))).join('  ').trimEnd();
  const flagged = r.codes.filter((c) => c.flagged).length;
  io.stdout.write(
    `${book.id}: rules against ${data.file} (${r.segments} segments of coded sources; flagged: precision < 0.5 on more than 5 firings)\n` +
      [line(head), ...rows.map(line)].join('\n') +
      `\n${flagged ? `${flagged} code${flagged === 1 ? '' : 's'} with low precision (see the warnings)` : 'no code with low precision'}\n`,
  );
}

function exportFormat(format: string | undefined, out: string | undefined): CodebookExportFormat {
  if (format) {
    const f = format.toLowerCase();
    const alias: Record<string, CodebookExportFormat> = { tex: 'latex', markdown: 'md', yml: 'yaml', htm: 'html' };
    const g = alias[f] ?? f;
    if (!(FORMATS as readonly string[]).includes(g)) {
      throw inputError('cli', 'unknown-format', `unknown format "${format}"`, { expected: [...FORMATS], hint: `use --format ${FORMATS.join('|')}` });
    }
    return g as CodebookExportFormat;
  }
  const ext = out?.split('.').pop()?.toLowerCase();
  const byExt: Record<string, CodebookExportFormat> = { md: 'md', markdown: 'md', html: 'html', htm: 'html', docx: 'docx', tex: 'latex', csv: 'csv', json: 'json', yaml: 'yaml', yml: 'yaml', qdc: 'qdc' };
  if (out && out !== '-' && out.includes('.') && !(ext && byExt[ext])) {
    throw inputError('cli', 'unknown-extension', `cannot tell the export format from the file name "${out}"`, {
      hint: `end the file name in .md, .html, .docx, .tex, .csv, .json, .yaml or .qdc, or give --format${ext === 'pdf' ? ' (for a PDF: export .docx or .tex and print that)' : ''}`,
    });
  }
  return (ext && byExt[ext]) || 'md';
}

/** Render a codebook in one of the export formats (no I/O). */
export async function renderCodebook(
  book: import('../../codebook/types.js').Codebook,
  format: CodebookExportFormat,
  lang: Lang,
  opts: import('../../export/codebook-sections.js').AppendixOptions = {},
): Promise<string | Uint8Array> {
  switch (format) {
    case 'md':
      return (await import('../../export/codebook-md.js')).renderCodebookMarkdown(book, lang, opts);
    case 'html':
      return (await import('../../export/codebook-html.js')).renderCodebookHtml(book, lang, opts);
    case 'docx':
      return (await import('../../export/codebook-docx.js')).renderCodebookDocx(book, lang, opts);
    case 'latex':
      return (await import('../../export/codebook-latex.js')).renderCodebookLatex(book, lang, opts);
    case 'csv':
      return (await import('../../export/codebook-csv.js')).renderCodebookCsv(book, lang, opts);
    case 'json':
    case 'yaml':
      return (await import('../../codebook/serialize-codebook.js')).serializeCodebook(book, format);
    case 'qdc':
      return (await import('../../export/codebook-qdc.js')).renderCodebookQdc(book, lang);
  }
}

/**
 * What a `.qdc` cannot hold besides meta, source, relations and aliases, and `codebook import`
 * would not get back: the rules, the ladder levels, the texts in the other language, the
 * codebook's own name. Each is named when the codebook has it.
 */
function qdcAlsoDrops(book: Codebook, lang: Lang): string[] {
  const out: string[] = [];
  const ruled = book.codes.filter((c) => c.rules?.length);
  const rules = ruled.reduce((a, c) => a + c.rules!.length, 0);
  if (rules) out.push(`the auto-coding rules (${rules} rule${rules === 1 ? '' : 's'} of ${ruled.length} code${ruled.length === 1 ? '' : 's'})`);
  if (book.ladder || book.codes.some((c) => c.level !== undefined || c.evidences?.length)) out.push('the ladder levels');
  const other: Lang = lang === 'nl' ? 'en' : 'nl';
  const differs = (t: { readonly nl?: unknown; readonly en?: unknown } | undefined) => {
    const o = t?.[other];
    // (a text only in the other language is written in its place: said by lang-fallback, not lost)
    return o !== undefined && t?.[lang] !== undefined && (Array.isArray(o) ? o.length > 0 : o !== '') && JSON.stringify(o) !== JSON.stringify(t?.[lang]);
  };
  if (book.codes.some((c) => [c.name, c.definition, c.include, c.exclude, c.indicators, c.examples].some(differs))) {
    out.push(`the ${other === 'nl' ? 'Dutch' : 'English'} names and texts (a .qdc holds one language; this one --lang ${lang})`);
  }
  if (book.name?.nl || book.name?.en || book.description) out.push("the codebook's own name and description (import names it by its id)");
  const about = [book.version ? `version (${book.version})` : '', book.reference ? 'reference' : ''].filter(Boolean);
  if (about.length) out.push(`the codebook's ${about.join(' and ')}`);
  return out;
}

/** `qda codebook export ID|FILE --format … [--lang] [-o]`. */
export async function runExport(opts: Opts, io: Io): Promise<number> {
  const lang = await resolveLang(io, opts, [opts.codebook]);
  const out = opts.out as string | undefined;
  const format = exportFormat(opts.format as string | undefined, out);
  const columns = Array.isArray(opts.columns) && opts.columns.length ? (opts.columns as string[]) : undefined;
  if (columns && (format === 'json' || format === 'yaml' || format === 'qdc')) {
    throw inputError('cli', 'columns-with-format', `--columns chooses table columns, but --format ${format} writes the whole codebook`, { hint: 'use --columns with --format md, html, docx, latex or csv, or leave --columns out' });
  }
  const { readCodebook } = await import('../../ingest/read-codebook.js');
  const book = await readCodebook(String(opts.codebook), { cwd: io.cwd, report: stderrReport(io) });
  if (columns) {
    const { checkColumns } = await import('../../export/codebook-sections.js');
    const { didYouMean } = await import('../../model/did-you-mean.js');
    const bad = checkColumns(book, columns);
    if (bad.length) {
      const b = bad[0];
      const expected = didYouMean(b.name, b.known);
      const metaKnown = b.known.filter((k) => k.startsWith('meta.'));
      throw inputError('cli', 'unknown-column', `--columns: unknown column "${b.name}"${bad.length > 1 ? ` (and ${bad.length - 1} more: ${bad.slice(1).map((x) => x.name).join(', ')})` : ''}`, {
        ...(expected.length ? { expected } : {}),
        hint: `${expected.length ? `did you mean "${expected[0]}"? ` : ''}columns: code, level, definition, include, exclude, indicators, examples, source${metaKnown.length ? `, ${metaKnown.join(', ')}` : ' (this codebook has no meta)'}`,
      });
    }
  }
  if (format === 'qdc') {
    const lost = [
      book.codes.some((c) => c.meta) ? 'meta' : '',
      book.codes.some((c) => c.source) ? 'source' : '',
      book.relations?.length ? 'relations' : '',
      book.codes.some((c) => c.aliases?.nl?.length || c.aliases?.en?.length) ? 'aliases' : '',
      ...qdcAlsoDrops(book, lang),
    ].filter(Boolean);
    if (lost.length) io.stderr.write(`warning: a REFI-QDA codebook has no place for ${lost.join(', ')}; they are not in the .qdc (export --format yaml or json to keep them) [cli:qdc-drops-operationalisation]\n`);
    const { qdcNames } = await import('../../export/codebook-qdc.js');
    const { qualified: all } = qdcNames(book, lang);
    // names that only look the same (`Trust ` and `Trust`, an accent in NFC and NFD): a warning of their own
    const alike = all.filter((q) => q.alike);
    if (alike.length) {
      const { spellingMarks } = await import('../../model/name-identity.js');
      const list = alike.slice(0, 6).map((q) => `"${q.name}" (${q.id}: ${spellingMarks(q.name)}) as "${q.as}"`).join(', ');
      io.stderr.write(
        `warning: ${alike.length} codes have names that look the same but are written otherwise (a space before or after, an accent encoded otherwise (NFC, NFD), an invisible character): QualCoder and other programs would show them as codes of one name; written told apart: ${list}${alike.length > 6 ? ', …' : ''}; qda codebook import gives them their own names back [cli:qdc-names-look-alike]\n` +
          '  hint: if they are one code, merge them in the codebook; if not, give them names that differ in visible letters\n',
      );
    }
    const qualified = all.filter((q) => !q.alike);
    if (qualified.length) {
      const list = qualified.slice(0, 6).map((q) => `"${q.name}" (${q.id}) as "${q.as}"`).join(', ');
      io.stderr.write(
        `info: ${qualified.length} codes share a name with another code, and REFI-QDA programs (QualCoder, …) merge codes of one name into one: written with what tells them apart: ${list}${qualified.length > 6 ? ', …' : ''}; qda codebook import gives them their own names back [cli:qdc-names-qualified]\n` +
          '  hint: to keep the names as they are in other programs, give each code a name of its own in the codebook\n',
      );
    }
  }
  // texts the codebook has only in the other language are written in that language: said, per code and field
  if (format !== 'json' && format !== 'yaml') {
    const { textsInOtherLanguage, CODE_TEXT_FIELDS } = await import('../../codebook/localise.js');
    const shown = columns ? CODE_TEXT_FIELDS.filter((k) => k === 'name' || columns.includes(k)) : CODE_TEXT_FIELDS;
    const all = textsInOtherLanguage(book, lang, shown);
    // (a .qdc holds no codebook name)
    const fb = format === 'qdc' ? { ...all, bookName: false } : all;
    if (fb.codes.length || fb.bookName) {
      const want = lang === 'en' ? 'English' : 'Dutch';
      const have = lang === 'en' ? 'Dutch' : 'English';
      const n = fb.codes.reduce((a, c) => a + c.fields.length, 0);
      const list = fb.codes.slice(0, 8).map((c) => `${c.id} (${c.fields.join(', ')})`);
      const first = fb.codes[0];
      stderrReport(io)({
        severity: 'warning',
        source: 'cli',
        ruleId: 'lang-fallback',
        ...(book.file ? { file: book.file } : {}),
        ...(first ? { path: `/codes/${first.index}/${first.fields[0]}` } : {}),
        message: `--lang ${lang}: ${[
          fb.codes.length ? `${n} text${n === 1 ? '' : 's'} of ${fb.codes.length} of the ${book.codes.length} codes ${n === 1 ? 'has' : 'have'} no ${want} and ${n === 1 ? 'is' : 'are'} written in ${have}: ${list.join(', ')}${fb.codes.length > 8 ? `, … (${fb.codes.length} codes in all)` : ''}` : '',
          fb.bookName ? `the codebook's name has no ${want} and is written in ${have}` : '',
        ]
          .filter(Boolean)
          .join('; ')}`,
        hint: `add the ${want} texts to the codebook${book.file ? ` (${book.file})` : ''} beside the ${have} ones, e.g. ${first ? `under the code "${first.id}": ${first.fields[0]}: {${lang === 'en' ? 'nl: …, en: …' : 'nl: …, en: …'}}` : 'name: {nl: …, en: …}'}; or export with --lang ${lang === 'en' ? 'nl' : 'en'}`,
      });
    }
  }
  const content = await renderCodebook(book, format, lang, columns ? { columns } : {});
  await emit(io, content, out, `--format ${format}`);
  return 0;
}

/** `qda codebook import FILE.qdc [-o out.yaml] [--id ID]`: a REFI-QDA codebook as qdakit YAML. */
export async function runImport(opts: Opts, io: Io): Promise<number> {
  const file = String(opts.file);
  const { readCodebook } = await import('../../ingest/read-codebook.js');
  const { serializeCodebook } = await import('../../codebook/serialize-codebook.js');
  const book = await readCodebook(file, { cwd: io.cwd, report: stderrReport(io), id: opts.id as string | undefined });
  const out = opts.out as string | undefined;
  const json = out?.toLowerCase().endsWith('.json');
  const body = serializeCodebook(book, json ? 'json' : 'yaml');
  await emit(io, json ? body : `# imported from ${book.file ?? file} by qdakit\n${body}`, out);
  return 0;
}
