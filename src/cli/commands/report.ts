import { resolve } from 'node:path';
import type { Io } from '../io.js';
import type { Diagnostic, Lang } from '../../model/types.js';
import { formatDiagnostic, inputError } from '../../model/errors.js';
import { resolveLang } from '../lang.js';

/** `qda report <inputs…> [-c ID…] [--cases] [--config] [--by ATTR] [--survey DATA --survey-spec SPEC] -o report.html [--lang]` */
export async function run(opts: Record<string, unknown>, io: Io): Promise<number> {
  const inputs = (opts.inputs as string[] | undefined) ?? [];
  if (!inputs.length) throw inputError('cli', 'no-inputs', 'no inputs given', { hint: 'give source folders/files or one codings document, e.g. `qda report samples -o report.html`' });
  const out = (opts.out as string | undefined) ?? 'report.html';
  // (the report is an HTML page: `-o report.docx` or `-o report.md` wrote HTML under that name,
  // which Word refused and a Markdown viewer showed as tags, without a word)
  const ext = /\.([^./\\]+)$/.exec(out === '-' ? '' : out)?.[1].toLowerCase();
  if (ext && ext !== 'html' && ext !== 'htm') {
    throw inputError('cli', 'unknown-extension', `qda report writes an HTML page, not a .${ext} file: "${out}"`, {
      file: out,
      hint: `end the file name in .html (-o report.html)${ext === 'pdf' ? '; for a PDF, print the page from a browser' : ext === 'docx' || ext === 'doc' ? '; open it in Word, or export the tables with qda matrix/compare -o FILE.docx' : ext === 'md' ? '; the results skeleton as Markdown is written by qda run (results-skeleton.md)' : ''}`,
    });
  }
  const warnings: Diagnostic[] = [];
  const report = (d: Diagnostic) => {
    if (d.severity === 'error') io.stderr.write(formatDiagnostic(d) + '\n');
    else warnings.push(d);
  };
  const { loadOrCode, withDocumentWarnings } = await import('./run.js');
  const loaded = await loadOrCode(io, { inputs, codebook: opts.codebook as string[] | undefined, cases: opts.cases as string | undefined, config: opts.config as string | undefined, command: 'qda report', defaultBooks: true }, report);
  const lang: Lang = await resolveLang(io, opts, (opts.inputs as string[] | undefined) ?? [], { language: loaded.project?.language, file: loaded.projectFile });
  // a codings table's warnings are shown (they say which rows count where); coding sources gives
  // many small ones, which `qda code` lists: here their number
  if (loaded.fromCodings) {
    // a codings document's codes outside its code table, and repeated codings, as the analysis commands name them
    const { repeatedCodings, undeclaredCodes } = await import('./analysis-common.js');
    const c = opts.codebook as string[] | undefined;
    for (const d of [c?.length ? undefined : undeclaredCodes(loaded.doc, inputs[0]), repeatedCodings(loaded.doc, inputs[0])]) if (d) warnings.push(d);
    for (const d of warnings) io.stderr.write(formatDiagnostic(d) + '\n');
  }
  else if (warnings.length) {
    io.stderr.write(lang === 'nl' ? `${warnings.length} ${warnings.length === 1 ? 'waarschuwing' : 'waarschuwingen'} bij het lezen van de bronnen: in het rapport onder Waarschuwingen (\`qda code\` op de invoer toont ze ook)\n` : `${warnings.length} ${warnings.length === 1 ? 'warning' : 'warnings'} while reading the sources: in the report under Warnings (\`qda code\` on the inputs prints them too)\n`);
  }
  if (!loaded.doc.codings.length) {
    io.stderr.write(lang === 'nl' ? 'waarschuwing: er zijn geen coderingen; het rapport bevat alleen de bronnen\n' : 'warning: there are no codings; the report only shows the sources\n');
  }
  const { loadFramework } = await import('./run.js');
  const framework = await loadFramework(io, opts.framework, loaded);
  // questionnaire scores beside the coded interviews (--survey, or survey: in qda.yaml)
  const { surveyForReport } = await import('./survey-load.js');
  const survey = await surveyForReport(io, opts, loaded.project, lang, (d) => {
    io.stderr.write(formatDiagnostic(d) + '\n');
    if (d.severity !== 'error') warnings.push(d);
  });
  const { renderReportHtml } = await import('../../export/report-html.js');
  const { strList } = await import('./analysis-common.js');
  const coders = strList(opts.coder);
  const { attributesFile } = await import('./run.js');
  const attrFile = attributesFile(io, loaded, inputs, opts.cases as string | undefined);
  const r = await renderReportHtml({ ...(attrFile ? { attributesFile: attrFile } : {}), doc: loaded.doc, codebooks: loaded.books, lang, by: opts.by as string | undefined, groups: loaded.project?.groups, options: { command: 'qda report', ...(coders ? { coders } : {}) }, coders, notAsked: strList(opts.notAsked), ...(framework ? { framework } : {}), ...(survey ? { survey } : {}), notices: withDocumentWarnings(loaded, warnings) });
  if (r.frameworkDiagnostics) for (const d of r.frameworkDiagnostics) io.stderr.write(formatDiagnostic(d) + '\n');
  if (out === '-') {
    io.stdout.write(r.html);
    return 0;
  }
  const { writeFileAtomic } = await import('../../export/write-file-atomic.js');
  await writeFileAtomic(resolve(io.cwd, out), r.html, { shown: out });
  const groups = r.compare.groups.map((g) => g.group || '–').join(', ');
  const sv = survey ? (lang === 'nl' ? `; vragenlijst: ${survey.dimensions.length} dimensies, ${survey.groups.map((g) => `${g.label} n = ${g.respondents}`).join(', ')}` : `; questionnaire: ${survey.dimensions.length} dimensions, ${survey.groups.map((g) => `${g.label} n = ${g.respondents}`).join(', ')}`) : '';
  io.stderr.write(lang === 'nl' ? `rapport geschreven: ${out} (groepen vergeleken naar ${r.byLabel}: ${groups || '–'}${sv})\n` : `report written: ${out} (groups compared by ${r.byLabel}: ${groups || '–'}${sv})\n`);
  return 0;
}
