import type { Io } from '../io.js';
import type { Codebook } from '../../codebook/types.js';
import { emitTables, parseLang } from '../output.js';
import { checkTableOut, readCodingsChecked, strList } from './analysis-common.js';

/** `qda compare CODINGS --by ATTR|source-kind [--ladder ID|FILE]` */
export async function run(opts: Record<string, unknown>, io: Io): Promise<number> {
  const lang = parseLang(opts.lang as string | undefined, io.env);
  checkTableOut(opts.format, opts.out, io);
  const doc = await readCodingsChecked(opts.codings, io);
  let ladder: Codebook | undefined;
  const codebooks: Codebook[] = [];
  if (typeof opts.ladder === 'string' && opts.ladder) {
    const { readCodebook } = await import('../../ingest/read-codebook.js');
    ladder = await readCodebook(opts.ladder, { cwd: io.cwd });
    // full definitions of the codebooks used in the codings: their codes may declare `evidences` of ladder levels
    const { isBuiltinCodebookId } = await import('../../codebook/builtins.js');
    for (const ref of doc.codebooks) {
      if (ref.id === ladder.id) continue;
      if (!isBuiltinCodebookId(ref.id)) {
        io.stderr.write(`warning: codebook "${ref.id}" is not a built-in codebook; its evidences of ladder levels are not used [cli:codebook-not-loaded]\n`);
        continue;
      }
      try {
        codebooks.push(await readCodebook(ref.id, { cwd: io.cwd }));
      } catch (e) {
        io.stderr.write(`warning: could not load codebook "${ref.id}": ${(e as Error).message.split('\n')[0]} [cli:codebook-not-loaded]\n`);
      }
    }
  }
  const { compareGroups } = await import('../../analysis/compare.js');
  const r = compareGroups(doc, { by: String(opts.by), ladder, codebooks, coders: strList(opts.coder), lang });
  const { flagCompareTables } = await import('../../export/small-groups.js');
  await emitTables(io, flagCompareTables(r, lang), { format: opts.format as string | undefined, out: opts.out as string | undefined, lang });
  return 0;
}
