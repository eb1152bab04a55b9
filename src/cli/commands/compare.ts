import type { Io } from '../io.js';
import type { Codebook } from '../../codebook/types.js';
import { emitTables, tableFormat } from '../output.js';
import { resolveLang } from '../lang.js';
import { checkTableOut, emitTablesDocx, printDiagnostics, readCodingsChecked, strList, wantsDocx } from './analysis-common.js';

/** `qda compare CODINGS --by ATTR|source-kind [--ladder ID|FILE]` */
export async function run(opts: Record<string, unknown>, io: Io): Promise<number> {
  const lang = await resolveLang(io, opts, [opts.codings]);
  const docx = wantsDocx(opts.format, opts.out);
  if (!docx) checkTableOut(opts.format, opts.out, io);
  const doc = await readCodingsChecked(opts.codings, io, 'codings', strList(opts.codebook), { projectCases: true, codeTree: true });
  const write = async (tables: Parameters<typeof emitTablesDocx>[1], title: string) =>
    docx ? emitTablesDocx(io, tables, title, opts.out, lang) : emitTables(io, tables, { format: opts.format as string | undefined, out: opts.out as string | undefined, lang });
  if (typeof opts.within === 'string' && opts.within) {
    if (opts.ladder) io.stderr.write('warning: --ladder is not used with --within [cli:ladder-within]\n');
    const { compareWithin } = await import('../../analysis/compare-within.js');
    const g = await guideOrder(opts.guide, io, lang);
    const r = compareWithin(doc, {
      by: String(opts.by),
      within: opts.within,
      notAsked: strList(opts.notAsked),
      ...(g ? { order: g.rank, guideQuestions: g.questions, ambiguity: g.ambiguity, guideFile: String(opts.guide) } : {}),
      codingsFile: String(opts.codings),
      placeOf: (await import('../../ingest/coding-places.js')).codingPlace,
      coders: strList(opts.coder),
      lang,
    });
    printDiagnostics(io, r.warnings);
    let tables = r.tables;
    // for print (LaTeX, Word): a column a group, "X/Y (%)" (four columns a group were split into parts)
    if (docx || tableFormat(opts.format as string | undefined, opts.out as string | undefined) === 'latex') {
      const { withinForPrint } = await import('../../export/compare-print.js');
      tables = tables.map((t) => withinForPrint(t, lang));
    }
    await write(tables, r.tables[0].title ?? 'X of Y');
    return 0;
  }
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
  printDiagnostics(io, r.diagnostics.map((d) => (d.file ? d : { ...d, file: String(opts.codings) })));
  const { flagCompareTables } = await import('../../export/small-groups.js');
  let tables = flagCompareTables(r, lang);
  // for print (LaTeX, Word): the groups side by side, "n (%)" a group, the segments in a table of
  // their own (three columns a group were split into a part a group, the groups never side by side)
  if (docx || tableFormat(opts.format as string | undefined, opts.out as string | undefined) === 'latex') {
    const { comparisonForPrint } = await import('../../export/compare-print.js');
    tables = [...comparisonForPrint(tables[0], lang), ...tables.slice(1)];
  }
  await write(tables, r.tables[0].title ?? 'Comparison');
  return 0;
}

/**
 * The values of --within in the order of the guide's questions (ids, numbers, labels and texts, as a
 * codings table may name them), and the guide's questions (place and title: those no coding names
 * are shown and said).
 */
async function guideOrder(guide: unknown, io: Io, lang: 'nl' | 'en'): Promise<{ rank: (value: string) => number | undefined; questions: Array<{ index: number; title: string }>; ambiguity: (value: string) => string[] | undefined } | undefined> {
  if (typeof guide !== 'string' || !guide) return undefined;
  const { readGuide } = await import('../../ingest/read-guide.js');
  const { guideAmbiguity, guideRank } = await import('../../analysis/labelschema-table.js');
  const { guideQuestions, localText } = await import('../../analysis/guide.js');
  const g = await readGuide(guide, { cwd: io.cwd });
  printDiagnostics(io, g.warnings ?? []);
  const rank = guideRank(g);
  const questions = guideQuestions(g).map((q) => ({ index: q.index, title: `${q.number ? `${q.number}. ` : ''}${localText(q.label, lang) || localText(q.text, lang) || q.id}` }));
  return { rank: (v) => rank(v)?.index, questions, ambiguity: guideAmbiguity(g) };
}
