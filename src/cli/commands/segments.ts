import type { Io } from '../io.js';
import type { Unit } from '../../model/types.js';
import { resolve } from 'node:path';
import { formatDiagnostic, inputError } from '../../model/errors.js';

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
  // source by source (readCorpusStream), written as it comes (CSV and JSON through a spool)
  const { readCorpusStream } = await import('../../ingest/read-corpus-stream.js');
  const items = readCorpusStream(inputs, {
    cwd: io.cwd,
    unit,
    cases: opts.cases as string | undefined,
    config: opts.config as string | undefined,
    interviewers: opts.interviewer as string[] | undefined,
    encoding: opts.encoding as string | undefined,
    strict: Boolean(opts.strict),
    // (the files' sha256 is shown in JSON only, their language in JSON and Markdown)
    hash: format === 'json',
    guessLanguage: format !== 'csv',
    // (CSV rows are written from each source's plan, without Segment objects)
    segmentObjects: format !== 'csv',
    report: (d) => io.stderr.write(formatDiagnostic(d) + '\n'),
  });
  const { writeSegments } = await import('../../export/segments-output.js');
  const out = opts.out as string | undefined;
  if (out && out !== '-') await writeSegments(items, format, unit, { path: resolve(io.cwd, out), shown: out });
  else await writeSegments(items, format, unit, { write: (c) => void io.stdout.write(c) });
  return 0;
}
