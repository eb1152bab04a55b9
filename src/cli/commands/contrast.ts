import type { Io } from '../io.js';
import type { CodingsDocument } from '../../model/types.js';
import type { Codebook } from '../../codebook/types.js';
import { formatDiagnostic, inputError } from '../../model/errors.js';
import { emitTables } from '../output.js';
import { resolveLang } from '../lang.js';
import { checkTableOut, readCodingsChecked, strList } from './analysis-common.js';

/** `qda contrast CODINGS [--from CODE] [--to CODE] [--by ATTR] [--relation R] [-c CODEBOOK]` */
export async function run(opts: Record<string, unknown>, io: Io): Promise<number> {
  const lang = await resolveLang(io, opts, [opts.codings]);
  checkTableOut(opts.format, opts.out, io);
  // -c: the codebooks' code tree (parents, names) and relations for codings that carry none (a CSV)
  const books = strList(opts.codebook) ?? [];
  const family = (['from', 'to'] as const).filter((k) => typeof opts[k] === 'string').map((k) => ({ option: `--${k}`, code: opts[k] as string }));
  let loaded: readonly Codebook[] = [];
  let doc: CodingsDocument = await readCodingsChecked(opts.codings, io, 'codings', books, { codeTree: { kind: 'families', codes: family }, onBooks: (b) => void (loaded = b) });
  if (loaded.length) {
    const { codebookRelationRefs } = await import('../../coding/code-corpus.js');
    doc = { ...doc, relations: [...(doc.relations ?? []), ...codebookRelationRefs([...loaded]).filter((r) => !(doc.relations ?? []).some((x) => x.id === r.id))] };
  }
  const { computeContrast, hasLinks } = await import('../../analysis/contrast.js');
  if (!hasLinks(doc)) {
    throw inputError('analysis', 'no-links', 'the codings contain no links between codings', {
      file: String(opts.codings),
      hint: 'label a passage with {{espoused #e1}} and link another to it with {{in-use -> e1 enacts: consistent}} (or fill the id, link, relation and verdict columns of a codings CSV); for the contrast of unlinked codings by source kind use `qda compare CODINGS --by source-kind`',
    });
  }
  const r = computeContrast(doc, {
    ...(typeof opts.from === 'string' ? { from: opts.from } : {}),
    ...(typeof opts.to === 'string' ? { to: opts.to } : {}),
    ...(typeof opts.by === 'string' ? { by: opts.by } : {}),
    ...(typeof opts.relation === 'string' ? { relation: opts.relation } : {}),
    coders: strList(opts.coder),
    lang,
  });
  // (the analysis knows no file: its warnings are about the codings file given)
  for (const d of r.diagnostics) io.stderr.write(formatDiagnostic(d.file ? d : { ...d, file: String(opts.codings) }) + '\n');
  if (!r.pairs.length) {
    io.stderr.write(`qda contrast: no linked pair${opts.from || opts.to ? ` between ${opts.from ?? 'any code'} and ${opts.to ?? 'any code'}` : ''}${opts.relation ? ` with relation ${opts.relation}` : ''}${r.leftOutAcrossCoders ? ` among the passages of ${strList(opts.coder)?.join(', ')} (${r.leftOutAcrossCoders} link(s) to or from other coders' passages left out: link-across-coders above)` : ''}; the tables are empty\n`);
  }
  await emitTables(io, [r.pairsTable, r.summaryTable], { format: opts.format as string | undefined, out: opts.out as string | undefined, lang });
  return 0;
}
