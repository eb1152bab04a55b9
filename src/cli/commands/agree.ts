import type { Io } from '../io.js';
import { emitTables } from '../output.js';
import { resolveLang } from '../lang.js';
import { checkTableOut, fileStem, readCodingsChecked, strList } from './analysis-common.js';

/** `qda agree CODINGS... [--unit segment|source] [--coders A,B]` */
export async function run(opts: Record<string, unknown>, io: Io): Promise<number> {
  const lang = await resolveLang(io, opts, Array.isArray(opts.codings) ? opts.codings : [opts.codings]);
  checkTableOut(opts.format, opts.out, io);
  const files = strList(opts.codings) ?? [];
  const docs = [];
  for (const f of files) docs.push(await readCodingsChecked(f, io));
  // names from the file names, made unique
  const stems = files.map(fileStem);
  const names = stems.map((s, i) => (stems.indexOf(s) !== i || stems.lastIndexOf(s) !== i ? `${s}(${i + 1})` : s));
  const { computeAgreement } = await import('../../analysis/agreement.js');
  const r = computeAgreement(docs.length === 1 ? docs[0] : docs, {
    unit: (opts.unit as 'segment' | 'source') ?? 'segment',
    coders: strList(opts.coders),
    names,
    lang,
  });
  await emitTables(io, r.tables, { format: opts.format as string | undefined, out: opts.out as string | undefined, lang });
  return 0;
}
