import type { Io } from '../io.js';
import type { CodingsDocument, Diagnostic, Table, Unit } from '../../model/types.js';
import { formatDiagnostic, inputError } from '../../model/errors.js';
import { VERSION } from '../../version.js';
import { emit } from '../output.js';

interface CodeOpts {
  inputs: string[];
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
  const unit: Unit = opts.unit ?? 'turn';
  const warnings: Diagnostic[] = [];
  const report = (d: Diagnostic) => {
    warnings.push(d);
    io.stderr.write(formatDiagnostic(d) + '\n');
  };
  const minScore = opts.minScore === undefined ? 0.5 : Number(opts.minScore);
  if (!Number.isFinite(minScore) || minScore < 0 || minScore > 1) {
    throw inputError('cli', 'bad-min-score', `--min-score must be a number between 0 and 1, not "${opts.minScore}"`, { hint: 'e.g. --min-score 0.6' });
  }

  const { readCorpus } = await import('../../ingest/read-corpus.js');
  const { readCodebook } = await import('../../ingest/read-codebook.js');
  const { readCodings } = await import('../../ingest/read-codings.js');

  let bookIds = opts.codebook ?? [];
  if (!bookIds.length) {
    const { readProject } = await import('../../ingest/read-project.js');
    const project = await readProject(io.cwd, opts.config, report);
    bookIds = project?.codebooks ?? [];
    if (!bookIds.length && opts.rules !== false) {
      io.stderr.write('qda code: no codebook given (-c ID|FILE): only human codings are read\n');
    }
  }
  const books = [];
  for (const id of bookIds) books.push(await readCodebook(id, { cwd: io.cwd, report }));

  const { corpus } = await readCorpus(opts.inputs, {
    cwd: io.cwd,
    unit,
    cases: opts.cases,
    config: opts.config,
    interviewers: opts.interviewer,
    strict: opts.strict,
    report,
  });
  if (!corpus.sources.length) {
    throw inputError('cli', 'no-sources', `no readable sources in ${opts.inputs.join(', ')}`, { hint: 'give transcript files (.txt, .md, .docx, .odt, .vtt, .srt, .csv, .xlsx, .pdf) or folders with them' });
  }

  const loadImported = async (file: string) => {
    const doc = await readCodings(file, { cwd: io.cwd });
    let turnNumbers = false;
    if (!/\.json$/i.test(file)) {
      const { readFile } = await import('node:fs/promises');
      const { resolve } = await import('node:path');
      const head = (await readFile(resolve(io.cwd, file), 'utf8')).split(/\r?\n/, 1)[0].toLowerCase().split(/[,;\t]/).map((h) => h.trim());
      turnNumbers = head.includes('turn') && !head.includes('segment');
    }
    return { doc, file, turnNumbers };
  };
  const codings = [];
  for (const f of opts.codings ?? []) codings.push(await loadImported(f));
  const learnFrom = opts.learnFrom ? await loadImported(opts.learnFrom) : undefined;

  const { segmentSource } = await import('../../ingest/segment.js');
  const { codeCorpus } = await import('../../coding/code-corpus.js');
  const segCache = new Map<Unit, ReturnType<typeof segmentSource>>();
  const options: Record<string, unknown> = {
    unit,
    speakers: opts.speakers ?? 'respondent',
    codebooks: bookIds,
    rules: opts.rules !== false,
    ...(opts.codings?.length ? { codings: opts.codings } : {}),
    ...(opts.learnFrom ? { learnFrom: opts.learnFrom, minScore } : {}),
    ...(opts.cases ? { cases: opts.cases } : {}),
  };
  const doc = codeCorpus(corpus, books, {
    unit,
    speakers: opts.speakers ?? 'respondent',
    rules: opts.rules !== false,
    codings,
    learnFrom,
    minScore,
    version: VERSION,
    command: 'qda code',
    options,
    report,
    segmentsFor: (u) => {
      let s = segCache.get(u);
      if (!s) segCache.set(u, (s = corpus.sources.flatMap((src) => segmentSource(src, u, { interviewers: opts.interviewer }))));
      return s;
    },
    onQuality: (q) => {
      const lines = [`learned suggestions: held-out quality (${q.method}, threshold ${q.threshold}, ${q.trainedOn} training segments)`];
      lines.push('  code                          tp   fp   fn      P      R     F1');
      for (const r of [...q.perCode, q.micro]) {
        lines.push(`  ${r.code.slice(0, 28).padEnd(28)} ${String(r.tp).padStart(4)} ${String(r.fp).padStart(4)} ${String(r.fn).padStart(4)} ${r.precision.toFixed(3).padStart(6)} ${r.recall.toFixed(3).padStart(6)} ${r.f1.toFixed(3).padStart(6)}`);
      }
      if (q.skipped.length) lines.push(`  not learned (fewer than 2 examples): ${q.skipped.join(', ')}`);
      io.stderr.write(lines.join('\n') + '\n');
    },
  });

  if (opts.explain) {
    const text = explain(doc);
    if (opts.out && opts.out !== '-') io.stdout.write(text);
    else io.stderr.write(text);
  }

  const format = opts.format ?? (opts.out && /\.csv$/i.test(opts.out) ? 'csv' : 'json');
  if (format === 'csv') {
    const { renderTables } = await import('../../export/render-table.js');
    await emit(io, (await renderTables([codingsTable(doc)], 'csv')) as string, opts.out, 'codings CSV');
  } else {
    await emit(io, JSON.stringify(doc, null, 2) + '\n', opts.out, 'codings document');
  }
  return 0;
}

/** One row per coding (the flat CSV every analysis command reads). */
export function codingsTable(doc: CodingsDocument): Table {
  const sources = new Map(doc.sources.map((s) => [s.id, s]));
  const segs = new Map(doc.segments.map((s) => [s.id, s]));
  const names = new Map(doc.codes.map((c) => [c.id, c.name?.en ?? c.name?.nl ?? '']));
  const attrs = [...new Set(doc.sources.flatMap((s) => Object.keys(s.attributes)))].filter((a) => !['source', 'case', 'segment', 'speaker', 'role', 'start', 'end', 'code', 'code_name', 'coder', 'score', 'evidence', 'text'].includes(a)).sort();
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
    if (src && c.start !== (seg?.start ?? -1)) text = sliceCp(src.text, c.start, c.end);
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

function sliceCp(text: string, start: number, end: number): string {
  return Array.from(text).slice(start, end).join('');
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
