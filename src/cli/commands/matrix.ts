import type { Io } from '../io.js';
import { emitTables } from '../output.js';
import { resolveLang } from '../lang.js';
import { checkTableOut, readCodingsChecked, strList } from './analysis-common.js';

/** `qda matrix CODINGS [--cols] [--rows] [--measure] | --cooccur [--within]` */
export async function run(opts: Record<string, unknown>, io: Io): Promise<number> {
  const lang = await resolveLang(io, opts, [opts.codings]);
  checkTableOut(opts.format, opts.out, io);
  const doc = await readCodingsChecked(opts.codings, io, 'codings', strList(opts.codebook));
  const coders = strList(opts.coder);
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
    coders,
    lang,
  });
  await emitTables(io, [table], { format: opts.format as string | undefined, out: opts.out as string | undefined, lang });
  return 0;
}
