import type { Io } from '../io.js';
import type { CodingsDocument } from '../../model/types.js';
import { formatDiagnostic } from '../../model/errors.js';
import { emitTables } from '../output.js';
import { resolveLang } from '../lang.js';
import { checkTableOut, readCodingsChecked, strList } from './analysis-common.js';
import { colsFor } from './framework-cols.js';

/** `qda matrix CODINGS [--cols] [--rows] [--measure] | --cooccur [--within] | --framework JUDGEMENTS.csv` */
export async function run(opts: Record<string, unknown>, io: Io): Promise<number> {
  const lang = await resolveLang(io, opts, [opts.codings]);
  checkTableOut(opts.format, opts.out, io);
  const doc = await readCodingsChecked(opts.codings, io, 'codings', strList(opts.codebook), { projectCases: true, codeTree: true });
  const coders = strList(opts.coder);
  if (typeof opts.framework === 'string') return framework(doc, opts, io, lang, coders);
  if (opts.cooccur) {
    const { computeCooccurrence } = await import('../../analysis/cooccurrence.js');
    const r = computeCooccurrence(doc, { within: (opts.within as 'segment' | 'turn' | 'source') ?? 'segment', coders, lang });
    await emitTables(io, r.tables, { format: opts.format as string | undefined, out: opts.out as string | undefined, lang });
    return 0;
  }
  const { computeMatrix } = await import('../../analysis/matrix.js');
  const table = computeMatrix(doc, {
    cols: (opts.cols as string) ?? 'case',
    rows: (opts.rows as 'code' | 'category') ?? 'code',
    measure: (opts.measure as 'segments') ?? 'segments',
    coverageOf: (opts.coverageOf as 'respondents' | 'all' | undefined) ?? 'respondents',
    coders,
    lang,
  });
  await emitTables(io, [table], { format: opts.format as string | undefined, out: opts.out as string | undefined, lang });
  return 0;
}

/** `--framework JUDGEMENTS.csv`: dimension × case/group with the researcher's judgements beside the coded evidence. */
async function framework(doc: CodingsDocument, opts: Record<string, unknown>, io: Io, lang: 'nl' | 'en', coders: string[] | undefined): Promise<number> {
  const { readJudgements, readOrder } = await import('../../ingest/read-judgements.js');
  const file = String(opts.framework);
  const j = await readJudgements(file, { cwd: io.cwd, report: (d) => io.stderr.write(formatDiagnostic(d) + '\n'), ...(typeof opts.cols === 'string' ? { cols: opts.cols } : {}) });
  const cols = typeof opts.cols === 'string' ? opts.cols : colsFor(j.columnHeader, doc);
  let ladder;
  if (typeof opts.ladder === 'string' && opts.ladder) {
    const { readCodebook } = await import('../../ingest/read-codebook.js');
    ladder = await readCodebook(opts.ladder, { cwd: io.cwd, report: (d) => io.stderr.write(formatDiagnostic(d) + '\n') });
  }
  const { computeFramework } = await import('../../analysis/framework.js');
  const rowOrder = await readOrder(opts.rowOrder as string[] | undefined, { cwd: io.cwd });
  const colOrder = await readOrder(opts.colOrder as string[] | undefined, { cwd: io.cwd });
  const r = computeFramework(doc, j.rows, {
    cols,
    file,
    ...(ladder ? { ladder } : {}),
    ...(rowOrder ? { rowOrder } : {}),
    ...(colOrder ? { colOrder } : {}),
    judgedOnly: !!opts.judgedOnly,
    evidence: (opts.evidence as 'beside' | 'under' | 'none' | undefined) ?? 'beside',
    coders,
    lang,
  });
  for (const d of r.diagnostics) io.stderr.write(formatDiagnostic(d) + '\n');
  await emitTables(io, r.tables, { format: opts.format as string | undefined, out: opts.out as string | undefined, lang });
  return 0;
}

export { colsFor };
