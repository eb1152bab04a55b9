import type { Io } from '../io.js';
import type { Coding, CodingsDocument, Corpus, Diagnostic, Lang, Segment, Source, Table, Unit } from '../../model/types.js';
import type { Codebook } from '../../codebook/types.js';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { formatDiagnostic, inputError } from '../../model/errors.js';
import { OffsetMap } from '../../model/codepoints.js';
import { VERSION } from '../../version.js';
import { emit, emitCsvTable, emitJson } from '../output.js';

interface CodeOpts {
  inputs?: string[];
  codebook?: string[];
  unit?: Unit;
  speakers?: 'respondent' | 'all';
  cases?: string;
  config?: string;
  interviewer?: string[];
  codings?: string[];
  learnFrom?: string;
  minScore?: string;
  explain?: boolean;
  rules?: boolean;
  format?: 'json' | 'csv';
  out?: string;
  strict?: boolean;
}

/** `qda code`: read sources and codebooks, apply rules, merge human codings and learned suggestions. */
export async function run(raw: Record<string, unknown>, io: Io): Promise<number> {
  const opts = raw as unknown as CodeOpts;
  const inputs = opts.inputs ?? [];
  const unit: Unit = opts.unit ?? 'turn';
  const warnings: Diagnostic[] = [];
  // while a progress bar is drawn, warnings wait and are printed after it
  let held: Diagnostic[] | undefined;
  const report = (d: Diagnostic) => {
    warnings.push(d);
    if (held) held.push(d);
    else io.stderr.write(formatDiagnostic(d) + '\n');
  };
  const minScore = opts.minScore === undefined ? undefined : Number(opts.minScore);
  if (minScore !== undefined && (!Number.isFinite(minScore) || minScore < 0 || minScore > 1)) {
    throw inputError('cli', 'bad-min-score', `--min-score must be a number between 0 and 1, not "${opts.minScore}"`, { hint: 'e.g. --min-score 0.6' });
  }

  // the project file that applies (--config, ./qda.yaml, or the nearest one in or above an input):
  // its sources (when no inputs are given), codebooks (when no -c), cases, language and interviewers
  const { findProject } = await import('../../ingest/read-corpus-stream.js');
  const project = await findProject(inputs, { cwd: io.cwd, config: opts.config, report });
  if (!inputs.length && !project?.sources?.length) {
    throw inputError('cli', 'no-inputs', project ? `no sources given, and ${project.file} lists no sources:` : 'no sources given, and there is no qda.yaml here that lists sources:', {
      ...(project ? { file: project.file } : {}),
      hint: 'give files or folders, e.g. `qda code interviews/ -c coordination-collaboration -o codings.json`, or add `sources: [interviews]` to qda.yaml',
    });
  }
  const { isBuiltinCodebookId } = await import('../../codebook/builtins.js');
  const shown = (p: string) => {
    if (!isAbsolute(p)) return p;
    const rel = relative(io.cwd, p);
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : p;
  };
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
  const { readCodebook } = await import('../../ingest/read-codebook.js');
  const books: Codebook[] = [];
  for (const id of bookIds) {
    const b = await readCodebook(id, { cwd: io.cwd, report });
    const twin = books.find((x) => x.id === b.id);
    if (twin) {
      report({
        severity: 'warning',
        source: 'cli',
        ruleId: 'codebook-twice',
        message: `codebook "${b.id}" is loaded twice (${twin.file ?? twin.id} and ${b.file ?? id}); the second is ignored`,
        hint: twin.sha256 && b.sha256 && twin.sha256 !== b.sha256 ? 'the two files differ: give one of them another id:' : 'give each codebook once (-c or codebooks: in qda.yaml)',
      });
      continue;
    }
    books.push(b);
  }

  const loadImported = async (file: string) => {
    const { readCodings } = await import('../../ingest/read-codings.js');
    const doc = await readCodings(file, { cwd: io.cwd });
    let turnNumbers = false;
    if (!/\.json$/i.test(file)) {
      const { readFile } = await import('node:fs/promises');
      const head = (await readFile(resolve(io.cwd, file), 'utf8')).split(/\r?\n/, 1)[0].toLowerCase().split(/[,;\t]/).map((h) => h.trim());
      turnNumbers = head.includes('turn') && !head.includes('segment');
    }
    return { doc, file, turnNumbers };
  };
  const codings = [];
  for (const f of opts.codings ?? []) codings.push(await loadImported(f));
  const learnFrom = opts.learnFrom ? await loadImported(opts.learnFrom) : undefined;

  const speakers = opts.speakers ?? 'respondent';
  // the interviewer labels the sources were segmented with (for rules at another unit)
  const interviewers = opts.interviewer?.length ? opts.interviewer : project?.interviewers;
  const options: Record<string, unknown> = {
    unit,
    speakers,
    codebooks: bookIds.map(shown),
    rules: opts.rules !== false,
    ...(opts.codings?.length ? { codings: opts.codings } : {}),
    ...(opts.learnFrom ? { learnFrom: opts.learnFrom, minScore: minScore ?? 'auto' } : {}),
    ...(opts.cases ? { cases: opts.cases } : {}),
  };
  const baseOpts = {
    unit,
    speakers,
    rules: opts.rules !== false,
    codings,
    learnFrom,
    minScore,
    version: VERSION,
    command: 'qda code',
    options,
    report,
  };
  const readOpts = { cwd: io.cwd, unit, cases: opts.cases, config: opts.config, interviewers: opts.interviewer, strict: opts.strict, report, project: project ?? null };
  const format = opts.format ?? (opts.out && /\.csv$/i.test(opts.out) ? 'csv' : 'json');
  const runRules = opts.rules !== false && books.length > 0;
  const { codeCorpus, codeIdCollisions, rulesLanguages } = await import('../../coding/code-corpus.js');
  const { compileCodebook } = await import('../../coding/compile-codebook.js');
  const otherUnits = books.some((b) => b.codes.some((c) => (c.rules ?? []).some((r) => r.unit && r.unit !== unit)));
  // worker.js exists next to the built parallel.js (not when running from the TypeScript sources)
  const { existsSync } = await import('node:fs');
  const workerBuilt = existsSync(new URL('../../coding/worker.js', import.meta.url));
  const mayParallelise = runRules && workerBuilt && !io.env?.QDA_THREADS?.match(/^[01]$/);
  const threads = io.env?.QDA_THREADS && /^\d+$/.test(io.env?.QDA_THREADS) ? Number(io.env?.QDA_THREADS) : undefined;
  // the stream workers (built stream-worker.js, or QDA_STREAM_WORKER: its URL, for tests)
  const mayStreamWorkers = runRules && !io.env?.QDA_THREADS?.match(/^[01]$/) && (!!io.env?.QDA_STREAM_WORKER || existsSync(new URL('../stream-worker.js', import.meta.url)));
  const progressFor = async (total: number) => {
    const bar = await makeProgress(io, total);
    if (bar.active) held = [];
    return {
      update: (n: number) => bar.update(n),
      stop: () => {
        bar.stop();
        const h = held;
        held = undefined;
        for (const d of h ?? []) io.stderr.write(formatDiagnostic(d) + '\n');
      },
    };
  };

  // Streaming: a CSV written to a file, without codings files to merge or a model to learn,
  // is read, coded and written source by source (readCorpusStream). Held in memory: one
  // source (with stream workers: one per worker, and the results of at most about
  // STREAM_AHEAD_BYTES of files waiting for an earlier one), the compiled codebooks, the per-run word memo and the attributes of each source; NOT the
  // corpus, the codings nor the CSV (rows wait in a spool file until the attribute columns are known).
  const streaming = format === 'csv' && !!opts.out && opts.out !== '-' && !opts.explain && !codings.length && !learnFrom;
  if (streaming) {
    // every language a source can have (compiling one that no source has changes no coding)
    // compile each codebook first for both languages: codebook errors (bad regex) surface before any work
    const compiled = new Map<Lang, ReturnType<typeof compileCodebook>[]>();
    if (runRules) for (const l of ['en', 'nl'] as Lang[]) compiled.set(l, books.map((b) => compileCodebook(b, l)));
    for (const d of codeIdCollisions(books)) report(d);
    const { readCorpusStream } = await import('../../ingest/read-corpus-stream.js');
    const { RuleCoder } = await import('../../coding/apply-codebook.js');
    const { segmentSource } = await import('../../ingest/segment.js');
    // One coder per source language (a source without one: both), made when first needed: the
    // same codings as compiling for rulesLanguages(corpus), without stemming every word in a
    // language no source has. Each coder's memo of word types is emptied beyond STREAM_MAX_TYPES
    // (a corpus whose vocabulary never stops growing would otherwise fill it up to 2 M types).
    const coders = new Map<string, InstanceType<typeof RuleCoder>>();
    const codeRules = (src: Source, segments: Segment[]): Coding[] | undefined => {
      if (!runRules) return undefined;
      const langs: Lang[] = src.language ? [src.language] : ['en', 'nl'];
      const key = langs.join(',');
      let coder = coders.get(key);
      if (!coder) coders.set(key, (coder = new RuleCoder(books.flatMap((_, i) => langs.map((l) => compiled.get(l)![i])), { unit, speakers, hasSegmentsFor: otherUnits, maxTypes: STREAM_MAX_TYPES })));
      return coder.codeSource(src, segments, otherUnits ? (u) => segmentSource(src, u, { interviewers }) : undefined);
    };
    let total = 0;
    let progress: Awaited<ReturnType<typeof progressFor>> | undefined;
    let done = 0;
    const spool = await (await import('../../export/write-file-atomic.js')).openSpool(resolve(io.cwd, opts.out!), { shown: opts.out });
    // the attributes of each source (the CSV's attribute columns are known only at the end)
    const attributes = new Map<string, Source['attributes']>();
    const codeOne = async (src: Source, segments: Segment[], ruleCodings: Coding[] | undefined) => {
      const doc = codeCorpus({ sources: [src], segments }, books, { ...baseOpts, warnCollisions: false, ...(ruleCodings ? { ruleCodings } : { rules: false }) });
      if (Object.keys(src.attributes).length) attributes.set(src.id, src.attributes);
      for (const row of codingsTable(doc, []).rows) await spool.write(JSON.stringify(row) + '\n');
      progress?.update(++done);
    };
    try {
      // worker threads that each read, code and format whole sources (stream-workers.ts), on a
      // large enough set of files: the files are listed first (with the warnings held back, as
      // readCorpusStream gives them again when the stream is coded here instead)
      let onWorkers = false;
      const envThreads = threads ?? (mayStreamWorkers ? (await import('node:os')).availableParallelism() : 1);
      if (mayStreamWorkers && envThreads >= 2) {
        const sw = await import('../stream-workers.js');
        const heldBack: Diagnostic[] = [];
        const plan = await sw.planStream(inputs, { cwd: io.cwd, unit, cases: opts.cases, interviewers: opts.interviewer, project: project ?? null, report: (d) => void heldBack.push(d) });
        const minBytes = io.env?.QDA_STREAM_MIN_BYTES && /^\d+$/.test(io.env.QDA_STREAM_MIN_BYTES) ? Number(io.env.QDA_STREAM_MIN_BYTES) : sw.STREAM_WORKERS_MIN_BYTES;
        if (plan.files.length >= 2 && plan.bytes >= minBytes) {
          onWorkers = true;
          for (const d of heldBack) report(d);
          progress = await progressFor(plan.files.length);
          const { minScore: ms, version, command, options: o, rules } = baseOpts;
          await sw.codeStreamWorkers(plan, {
            ctx: { speakers, books, runRules, maxTypes: STREAM_MAX_TYPES, ruleInterviewers: interviewers, strict: opts.strict, codeOpts: { minScore: ms, version, command, options: o, rules } },
            threads: envThreads,
            report,
            ...(io.env?.QDA_STREAM_WORKER ? { workerUrl: new URL(io.env.QDA_STREAM_WORKER) } : {}),
            onSource: async (r) => {
              if (r.attributes) attributes.set(r.id!, r.attributes);
              if (r.spool) await spool.write(r.spool);
              progress?.update(++done);
            },
          });
          progress?.stop();
          progress = undefined;
          // rows come ready-made: only the attribute cells go in between (one rendering per source)
          const { renderTables } = await import('../../export/render-table.js');
          const attrs = attributeColumns([...attributes.values()].map((a) => ({ attributes: a }) as Source));
          const columns = codingsTable({ sources: [], segments: [], codes: [], codings: [] } as unknown as CodingsDocument, attrs).columns;
          const { writeStreamAtomic } = await import('../../export/write-file-atomic.js');
          const header = (await renderTables([{ columns, rows: [] }], 'csv')) as string;
          await writeStreamAtomic(resolve(io.cwd, opts.out!), async (write) => {
            await write(header);
            let buf: string[] = [];
            let size = 0;
            for await (const line of spool.lines()) {
              const [id, prefix, tails] = JSON.parse(line) as [string, string, string[]];
              let mid = ',';
              if (attrs.length) {
                const own = attributes.get(id);
                const csv = (await renderTables([{ columns: attrs.map((key) => ({ key, label: 'h' })), rows: [Object.fromEntries(attrs.map((a) => [a, own?.[a] ?? '']))] }], 'csv')) as string;
                mid = ',' + csv.slice(csv.indexOf('\n') + 1, -1) + ',';
              }
              const head = prefix + mid;
              for (const t of tails) {
                buf.push(head, t, '\n');
                size += head.length + t.length + 1;
              }
              if (size > 1 << 20) {
                await write(buf.join(''));
                buf = [];
                size = 0;
              }
            }
            if (buf.length) await write(buf.join(''));
          }, { shown: opts.out });
          return 0;
        }
      }
      if (!onWorkers) for await (const item of readCorpusStream(inputs, { ...readOpts, onFiles: (n) => (total = n) })) {
        progress ??= await progressFor(total);
        await codeOne(item.source, item.segments, codeRules(item.source, item.segments));
      }
      progress?.stop();
      progress = undefined;
      const { renderTables } = await import('../../export/render-table.js');
      const attrs = attributeColumns([...attributes.values()].map((a) => ({ attributes: a }) as Source));
      const columns = codingsTable({ sources: [], segments: [], codes: [], codings: [] } as unknown as CodingsDocument, attrs).columns;
      let first = true;
      const { writeStreamAtomic } = await import('../../export/write-file-atomic.js');
      await writeStreamAtomic(resolve(io.cwd, opts.out!), async (write) => {
        const flush = async (rows: Array<Record<string, string | number | null>>) => {
          const csv = (await renderTables([{ columns, rows }], 'csv')) as string;
          await write(first ? csv : csv.slice(csv.indexOf('\n') + 1));
          first = false;
        };
        let rows: Array<Record<string, string | number | null>> = [];
        let size = 0;
        for await (const line of spool.lines()) {
          const row = JSON.parse(line) as Record<string, string | number | null>;
          const own = attributes.get(String(row.source));
          for (const a of attrs) row[a] = own?.[a] ?? '';
          rows.push(row);
          size += line.length;
          // by size too: rows of a 50 MB turn would not fit in one string 2000 at a time
          if (rows.length >= 2000 || size >= 8 << 20) {
            await flush(rows);
            rows = [];
            size = 0;
          }
        }
        if (rows.length || first) await flush(rows);
      }, { shown: opts.out });
    } finally {
      progress?.stop();
      await spool.remove();
    }
    return 0;
  }

  const { readCorpus } = await import('../../ingest/read-corpus.js');
  const { corpus } = await readCorpus(inputs, readOpts);
  if (!corpus.sources.length) {
    throw inputError('cli', 'no-sources', `no readable sources in ${inputs.join(', ')}`, { hint: 'give transcript files (.txt, .md, .docx, .odt, .vtt, .srt, .csv, .xlsx, .pdf) or folders with them' });
  }
  const { segmentSource } = await import('../../ingest/segment.js');
  const segCache = new Map<Unit, ReturnType<typeof segmentSource>>();
  const segmentsFor = (u: Unit) => {
    let s = segCache.get(u);
    if (!s) segCache.set(u, (s = corpus.sources.flatMap((src) => segmentSource(src, u, { interviewers }))));
    return s;
  };
  const onQuality = (q: import('../../coding/learn.js').Quality & { trainedOn: number; skipped: readonly string[] }) => {
    const lines = [`learned suggestions: held-out quality (${q.method}, threshold ${q.threshold}, ${q.trainedOn} training segments)`];
    lines.push('  code                          tp   fp   fn      P      R     F1');
    for (const r of [...q.perCode, q.micro]) {
      lines.push(`  ${r.code.slice(0, 28).padEnd(28)} ${String(r.tp).padStart(4)} ${String(r.fp).padStart(4)} ${String(r.fn).padStart(4)} ${r.precision.toFixed(3).padStart(6)} ${r.recall.toFixed(3).padStart(6)} ${r.f1.toFixed(3).padStart(6)}`);
    }
    if (q.skipped.length) lines.push(`  not learned (fewer than 2 examples): ${q.skipped.join(', ')}`);
    if (q.chosenThreshold !== undefined) lines.push(`  threshold chosen on the training data by cross-validated F1: ${q.chosenThreshold}`);
    io.stderr.write(lines.join('\n') + '\n');
  };

  const langs = rulesLanguages(corpus);
  // compile here first: codebook errors (bad regex) surface as input errors before any work
  const compiled = runRules ? books.flatMap((b) => langs.map((l) => compileCodebook(b, l))) : [];
  // (parallel.js and worker_threads are loaded only for a corpus that may be large enough)
  let chars = 0;
  for (const s of corpus.sources) chars += s.text.length;
  const par = mayParallelise && corpus.sources.length > 1 && chars > 1_000_000 ? await import('../../coding/parallel.js') : undefined;
  const parallel = !!par && par.shouldParallelise(corpus);
  const progress = await progressFor(corpus.sources.length);
  let ruleCodings: Coding[] | undefined;
  try {
    if (parallel) {
      ruleCodings = await par!.codeRulesParallel(corpus, books, { unit, speakers, langs, interviewers, threads, onProgress: (d) => progress.update(d) });
    } else if (runRules && corpus.sources.length > 1) {
      const { RuleCoder, segmentsBySource } = await import('../../coding/apply-codebook.js');
      const coder = new RuleCoder(compiled, { unit, speakers, hasSegmentsFor: otherUnits });
      const bySource = segmentsBySource(corpus.segments);
      ruleCodings = [];
      let done = 0;
      const seen = new Set<string>();
      for (const src of corpus.sources) {
        if (seen.has(src.id)) continue;
        seen.add(src.id);
        for (const c of coder.codeSource(src, bySource.get(src.id) ?? [], otherUnits ? (u) => segmentsFor(u).filter((g) => g.sourceId === src.id) : undefined)) ruleCodings.push(c);
        progress.update(++done);
      }
    }
  } finally {
    progress.stop();
  }
  const doc = codeCorpus(corpus, books, { ...baseOpts, ...(ruleCodings ? { ruleCodings } : {}), segmentsFor, onQuality });

  // --explain: to stdout when the document goes to a file; else to stderr, after the
  // document (so that in a terminal it is what is left on screen, not scrolled away)
  const toFile = !!opts.out && opts.out !== '-';
  if (opts.explain && toFile) io.stdout.write(explain(doc));
  if (format === 'csv') {
    await emitCsvTable(io, codingsTable(doc), opts.out);
  } else {
    await emitJson(io, doc, opts.out);
  }
  if (opts.explain && !toFile) {
    const text = explain(doc);
    io.stderr.write(text || 'qda code --explain: nothing was coded\n');
  }
  if (toFile) io.stderr.write(codingSummary(doc, opts.out!));
  return 0;
}

/** One line on stderr after writing to a file: what was read and coded, per coder. */
export function codingSummary(doc: Pick<CodingsDocument, 'sources' | 'segments' | 'codings'>, out: string): string {
  const perCoder = new Map<string, number>();
  for (const c of doc.codings) perCoder.set(c.coder, (perCoder.get(c.coder) ?? 0) + 1);
  const coders = [...perCoder].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, n]) => `${k} ${n}`).join(', ');
  return `qda code: ${doc.sources.length} sources, ${doc.segments.length} segments, ${doc.codings.length} codings${coders ? ` (${coders})` : ''} → ${out}\n`;
}

/** Word types the streaming coder memoises before starting afresh (a real corpus has far fewer). */
const STREAM_MAX_TYPES = 250_000;


const FIXED_COLUMNS = ['source', 'case', 'segment', 'speaker', 'role', 'start', 'end', 'code', 'code_name', 'coder', 'score', 'evidence', 'text'];

/** The case-attribute columns of the codings CSV (sorted, without the fixed column names). */
export function attributeColumns(sources: readonly Source[]): string[] {
  return [...new Set(sources.flatMap((s) => Object.keys(s.attributes)))].filter((a) => !FIXED_COLUMNS.includes(a)).sort();
}

/** One row per coding (the flat CSV every analysis command reads). `attrs`: the attribute columns (default: those of doc.sources). */
export function codingsTable(doc: CodingsDocument, attrs: readonly string[] = attributeColumns(doc.sources)): Table {
  const sources = new Map(doc.sources.map((s) => [s.id, s]));
  const segs = new Map(doc.segments.map((s) => [s.id, s]));
  const names = new Map(doc.codes.map((c) => [c.id, c.name?.en ?? c.name?.nl ?? '']));
  const maps = new Map<string, OffsetMap>();
  const mapFor = (src: Source) => maps.get(src.id) ?? maps.set(src.id, new OffsetMap(src.text)).get(src.id)!;
  const cols = ['source', 'case', ...attrs, 'segment', 'speaker', 'role', 'start', 'end', 'code', 'code_name', 'coder', 'score', 'evidence', 'text'];
  const rows = doc.codings.map((c) => {
    const src = sources.get(c.sourceId);
    const seg = c.segmentId ? segs.get(c.segmentId) : undefined;
    const ev = c.evidence;
    const evidence = ev
      ? [ev.matches?.length ? `matched: ${[...new Set(ev.matches.map((m) => m.term))].join(', ')}` : '', ev.rule ? `rule: ${ev.rule}` : '', ev.features?.length ? `features: ${ev.features.join(', ')}` : '', ev.marker ? `marker: ${ev.marker}` : '']
          .filter(Boolean)
          .join('; ')
      : '';
    let text = seg?.text ?? '';
    if (src && c.start !== (seg?.start ?? -1)) text = mapFor(src).slice(c.start, c.end);
    const row: Record<string, string | number | null> = {
      source: c.sourceId,
      case: src?.case ?? c.sourceId,
      segment: c.segmentId ?? '',
      speaker: seg?.speaker ?? '',
      role: seg?.role ?? '',
      start: c.start,
      end: c.end,
      code: c.code,
      code_name: names.get(c.code) ?? '',
      coder: c.coder,
      score: c.score ?? null,
      evidence,
      text,
    };
    for (const a of attrs) row[a] = src?.attributes[a] ?? '';
    return row;
  });
  return { columns: cols.map((k) => ({ key: k, label: k })), rows };
}

/** Human-readable "why was this coded": segment, code, rule, matched words with line:col. */
export function explain(doc: CodingsDocument): string {
  const out: string[] = [];
  const sources = new Map(doc.sources.map((s) => [s.id, s]));
  const lineIdx = new Map<string, (cp: number) => string>();
  const place = (srcId: string, cp: number) => {
    let f = lineIdx.get(srcId);
    if (!f) {
      const text = sources.get(srcId)?.text ?? '';
      const starts = [0];
      const cps = Array.from(text);
      for (let i = 0; i < cps.length; i++) if (cps[i] === '\n') starts.push(i + 1);
      f = (p: number) => {
        let lo = 0;
        let hi = starts.length - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if (starts[mid] <= p) lo = mid;
          else hi = mid - 1;
        }
        return `${lo + 1}:${p - starts[lo] + 1}`;
      };
      lineIdx.set(srcId, f);
    }
    return f(cp);
  };
  for (const c of doc.codings) {
    const path = sources.get(c.sourceId)?.path ?? c.sourceId;
    const head = `${path}:${place(c.sourceId, c.start)} ${c.segmentId ?? ''} ${c.code} [${c.coder}${c.score !== undefined && c.coder !== 'human' ? ` ${c.score}` : ''}]`;
    out.push(head);
    const ev = c.evidence;
    if (ev?.rule) out.push(`    rule ${ev.ruleId ? ev.ruleId + ': ' : ''}${ev.rule}`);
    if (ev?.matches?.length) out.push(`    matched ${ev.matches.map((m) => `"${m.term}" @${place(c.sourceId, m.start)}`).join(', ')}`);
    if (ev?.features?.length) out.push(`    features ${ev.features.join(', ')}`);
    if (ev?.marker) out.push(`    marker ${ev.marker}`);
    if (c.memo) out.push(`    memo ${c.memo}`);
  }
  return out.join('\n') + (out.length ? '\n' : '');
}

/** A progress bar on stderr (cli-progress), only on a TTY and for more than a few sources. */
async function makeProgress(io: Io, total: number): Promise<{ active: boolean; update(n: number): void; stop(): void }> {
  const noop = { active: false, update() {}, stop() {} };
  if (!io.stderr.isTTY || total < 5 || io.env?.CI) return noop;
  const { SingleBar, Presets } = await import('cli-progress');
  const bar = new SingleBar({ stream: process.stderr, format: 'coding [{bar}] {value}/{total} sources', hideCursor: true, clearOnComplete: true }, Presets.shades_classic);
  bar.start(total, 0);
  return { active: true, update: (n) => bar.update(n), stop: () => bar.stop() };
}
