import { resolve } from 'node:path';
import type { Io } from '../io.js';
import type { Diagnostic, Lang, Table } from '../../model/types.js';
import { formatDiagnostic, inputError } from '../../model/errors.js';
import { emitTables, parseLang } from '../output.js';
import { checkTableOut, emitTablesDocx, readCodingsChecked, strList, wantsDocx } from './analysis-common.js';
import { loadSurvey } from './survey-load.js';

/** `qda survey DATA… --spec SPEC [-c CODEBOOK] [--codings CODINGS] [--charts DIR] [-f FORMAT] [-o FILE]` */
export async function run(opts: Record<string, unknown>, io: Io): Promise<number> {
  const lang = parseLang(opts.lang as string | undefined, io.env);
  const docx = wantsDocx(opts.format, opts.out);
  if (!docx) checkTableOut(opts.format, opts.out, io);
  const data = strList(opts.inputs) ?? [];
  const report = (d: Diagnostic) => io.stderr.write(formatDiagnostic(d) + '\n');
  const res = await loadSurvey(
    io,
    {
      data,
      spec: opts.spec as string | undefined,
      codebook: (strList(opts.codebook) ?? [])[0],
      group: opts.group as string | undefined,
      lenient: opts.lenient === true,
      permutations: opts.permutations,
      seed: opts.seed,
      testSmall: opts.testSmall === true,
      lang,
    },
    report,
  );
  if (!res.dimensions.length && !res.looseItems.length) {
    throw inputError('analysis', 'nothing-to-score', 'no item of the spec or codebook is in the data', { file: data[0], hint: 'check the warnings above: the item names must be the column names of the data (or give column: per item)' });
  }
  const { surveyTables } = await import('../../analysis/survey-tables.js');
  const tables: Table[] = surveyTables(res, lang);
  if (typeof opts.codings === 'string' && opts.codings) {
    const doc = await readCodingsChecked(opts.codings, io, 'codings');
    const { surveyJoint } = await import('../../analysis/survey-joint.js');
    const quotes = opts.quotes === undefined ? 2 : Number(opts.quotes);
    if (!Number.isInteger(quotes) || quotes < 0) throw inputError('cli', 'bad-option', `--quotes must be a whole number ≥ 0 (found "${String(opts.quotes)}")`, { hint: 'e.g. --quotes 2' });
    const j = surveyJoint(res, doc, { lang, by: opts.by as string | undefined, coders: strList(opts.coder), quotes });
    const at = tables.findIndex((t) => t.title === tables[0].title) + (res.comparisons.some((c) => c.subject === 'dimension') ? 2 : 1);
    tables.splice(at, 0, j.table);
  }
  if (typeof opts.charts === 'string' && opts.charts) {
    const { renderSurveyCharts } = await import('../../export/chart-survey.js');
    const { svgToPng } = await import('../../export/svg-to-png.js');
    const { openOutputFolder } = await import('../output-folder.js');
    const charts = await renderSurveyCharts(res, lang);
    const folder = await openOutputFolder(resolve(io.cwd, opts.charts), { command: 'qda survey', shown: opts.charts, names: ['survey-*.svg', 'survey-*.png'], report });
    const written: string[] = [];
    for (const c of charts) {
      written.push(await folder.put(`${c.name}.svg`, c.svg));
      written.push(await folder.put(`${c.name}.png`, await svgToPng(c.svg, { report, file: `${opts.charts}/${c.name}.png` })));
    }
    await folder.finish();
    io.stderr.write(lang === 'nl' ? `${charts.length} grafieken geschreven in ${opts.charts}/ (svg en png)\n` : `${charts.length} charts written to ${opts.charts}/ (svg and png)\n`);
  }
  const { localiseTables } = await import('../../export/report-html.js');
  const fmtOut = typeof opts.format === 'string' ? opts.format.toLowerCase() : typeof opts.out === 'string' && /\.(md|markdown)$/i.test(opts.out) ? 'md' : !opts.out || opts.out === '-' ? 'md' : '';
  const shown = fmtOut === 'md' || fmtOut === 'markdown' ? localiseTables(tables, lang) : tables;
  const title = lang === 'nl' ? 'Vragenlijst per dimensie en groep' : 'Questionnaire by dimension and group';
  if (docx) await emitTablesDocx(io, shown, title, opts.out, lang);
  else await emitTables(io, shown, { format: opts.format as string | undefined, out: opts.out as string | undefined, lang });
  return 0;
}
