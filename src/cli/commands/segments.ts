import type { Io } from '../io.js';
import type { Corpus, Segment, Source, Unit } from '../../model/types.js';
import { formatDiagnostic, inputError } from '../../model/errors.js';
import { emit, emitJson } from '../output.js';

const FORMATS = ['json', 'csv', 'md'] as const;
type Format = (typeof FORMATS)[number];

function pickFormat(format: unknown, out: unknown): Format {
  if (typeof format === 'string' && format) {
    const f = format.toLowerCase();
    if ((FORMATS as readonly string[]).includes(f)) return f as Format;
    throw inputError('cli', 'unknown-format', `unknown format "${format}"`, { expected: [...FORMATS], hint: 'use --format json|csv|md' });
  }
  const ext = typeof out === 'string' ? out.split('.').pop()?.toLowerCase() : undefined;
  return ext === 'json' || ext === 'csv' ? ext : 'md';
}

/** `qda segments <inputs…>`: read sources, split them into segments and print them. */
export async function run(opts: Record<string, unknown>, io: Io): Promise<number> {
  const inputs = (opts.inputs as string[] | undefined) ?? [];
  const unit = (opts.unit as Unit | undefined) ?? 'turn';
  if (!['turn', 'sentence', 'paragraph'].includes(unit)) {
    throw inputError('cli', 'unknown-unit', `unknown unit "${unit}"`, { expected: ['turn', 'sentence', 'paragraph'], hint: 'use --unit turn|sentence|paragraph' });
  }
  // an explicit --format wins; the commander default 'md' yields to the -o extension
  const format = pickFormat(opts.format === 'md' && typeof opts.out === 'string' && /\.(json|csv)$/i.test(opts.out) ? undefined : opts.format, opts.out);
  const { readCorpus } = await import('../../ingest/read-corpus.js');
  const { corpus } = await readCorpus(inputs, {
    cwd: io.cwd,
    unit,
    cases: opts.cases as string | undefined,
    config: opts.config as string | undefined,
    interviewers: opts.interviewer as string[] | undefined,
    encoding: opts.encoding as string | undefined,
    strict: Boolean(opts.strict),
    report: (d) => io.stderr.write(formatDiagnostic(d) + '\n'),
  });
  if (format === 'json') {
    await emitJson(io, jsonOf(corpus), opts.out as string | undefined);
    return 0;
  }
  const content = format === 'csv' ? await renderCsv(corpus) : renderMd(corpus, unit);
  await emit(io, content, opts.out as string | undefined, `--format ${format}`);
  return 0;
}

/** Sources without their full text (it is in the files), and the segments. */
export function renderJson(corpus: Corpus): string {
  return JSON.stringify(jsonOf(corpus), null, 2) + '\n';
}

function jsonOf(corpus: Corpus): { sources: unknown[]; segments: Corpus['segments'] } {
  const sources = corpus.sources.map(({ text: _text, ...rest }) => rest);
  return { sources, segments: corpus.segments };
}

function attributeKeys(sources: readonly Source[]): string[] {
  const keys = new Set<string>();
  for (const s of sources) for (const k of Object.keys(s.attributes)) keys.add(k);
  const reserved = new Set(['source', 'case', 'index', 'speaker', 'role', 'start', 'end', 'time_start', 'time_end', 'text', 'kind', 'line', 'unit', 'turn', 'segment']);
  return [...keys].filter((k) => !reserved.has(k)).sort();
}

export async function renderCsv(corpus: Corpus): Promise<string> {
  const Papa = (await import('papaparse')).default;
  const { neutraliseFormula } = await import('../../export/escape.js');
  const attrs = attributeKeys(corpus.sources);
  const byId = new Map(corpus.sources.map((s) => [s.id, s]));
  const header = ['segment', 'source', 'case', 'kind', ...attrs, 'index', 'turn', 'line', 'speaker', 'role', 'start', 'end', 'time_start', 'time_end', 'text'];
  const rows = corpus.segments.map((g) => {
    const s = byId.get(g.sourceId)!;
    const cells: Array<string | number> = [
      g.id,
      g.sourceId,
      s.case,
      s.kind,
      ...attrs.map((k) => s.attributes[k] ?? ''),
      g.index,
      g.turn ?? '',
      g.line ?? '',
      g.speaker ?? '',
      g.role,
      g.start,
      g.end,
      g.time?.start ?? '',
      g.time?.end ?? '',
      g.text,
    ];
    return cells.map((c) => (typeof c === 'string' ? neutraliseFormula(c) : c));
  });
  return Papa.unparse({ fields: header.map(neutraliseFormula), data: rows }, { newline: '\n' }) + '\n';
}

function clock(sec: number): string {
  const h = Math.floor(sec / 3600);
  const m = Math.floor((sec % 3600) / 60);
  const s = Math.floor(sec % 60);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(h)}:${p(m)}:${p(s)}`;
}

function mdCell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n|\r/g, ' ').replace(/</g, '&lt;');
}

export function renderMd(corpus: Corpus, unit: Unit): string {
  const bySource = new Map<string, Segment[]>();
  for (const g of corpus.segments) {
    const l = bySource.get(g.sourceId) ?? [];
    l.push(g);
    bySource.set(g.sourceId, l);
  }
  const out: string[] = [];
  for (const s of corpus.sources) {
    const segs = bySource.get(s.id) ?? [];
    out.push(`## ${mdCell(s.id)}`, '');
    const attrs = Object.entries(s.attributes)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
    out.push(
      `${mdCell(s.path)} · ${s.kind} · ${s.format} · ${s.encoding} · ${s.newline.toUpperCase()}${s.language ? ' · ' + s.language : ''} · case ${mdCell(s.case)}${attrs ? ' · ' + mdCell(attrs) : ''} · ${segs.length} ${unit}${segs.length === 1 ? '' : 's'}`,
      '',
    );
    if (segs.length === 0) continue;
    const hasTime = segs.some((g) => g.time);
    out.push(`| # | speaker | role | start–end${hasTime ? ' | time' : ''} | text |`);
    out.push(`|--:|---|---|---${hasTime ? '|---' : ''}|---|`);
    for (const g of segs) {
      const time = g.time ? clock(g.time.start) + (g.time.end !== undefined ? '–' + clock(g.time.end) : '') : '';
      out.push(`| ${g.index} | ${mdCell(g.speaker ?? '')} | ${g.role} | ${g.start}–${g.end}${hasTime ? ` | ${time}` : ''} | ${mdCell(g.text)} |`);
    }
    out.push('');
  }
  return out.join('\n');
}
