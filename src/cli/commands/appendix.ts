import { relative, resolve } from 'node:path';
import type { Io } from '../io.js';
import { inputError } from '../../model/errors.js';
import { emit } from '../output.js';
import { resolveLang } from '../lang.js';
import { printDiagnostics, readCodingsChecked, strList } from './analysis-common.js';

/** `qda appendix CODINGS --by code|question [--guide topics.yaml] --format md|html|docx|latex [-o] [--lang] [--quotes N]` */
export async function run(opts: Record<string, unknown>, io: Io): Promise<number> {
  const lang = await resolveLang(io, opts, [opts.codings]);
  const out = opts.out as string | undefined;
  const { APPENDIX_FORMATS, renderAppendix } = await import('../../export/appendix-render.js');
  const ext = out?.split('.').pop()?.toLowerCase();
  const byExt: Record<string, string> = { md: 'md', markdown: 'md', html: 'html', htm: 'html', tex: 'latex', latex: 'latex', docx: 'docx' };
  // --format defaults to md in the option table: an -o extension (.docx, .html, .tex) decides then
  const given = opts.format as string | undefined;
  const raw = ((given && !(given === 'md' && ext && byExt[ext] && byExt[ext] !== 'md') ? given : undefined) ?? (ext ? byExt[ext] : undefined) ?? 'md').toLowerCase();
  const format = raw === 'tex' ? 'latex' : raw === 'markdown' ? 'md' : raw;
  if (!(APPENDIX_FORMATS as readonly string[]).includes(format)) {
    throw inputError('cli', 'unknown-format', `unknown appendix format "${raw}"`, { expected: [...APPENDIX_FORMATS], hint: `use --format ${APPENDIX_FORMATS.join('|')}` });
  }
  const quotes = opts.quotes === undefined ? 2 : Number(opts.quotes);
  if (!Number.isInteger(quotes) || quotes < 0 || quotes > 50) {
    throw inputError('cli', 'bad-quotes', `--quotes must be a whole number from 0 to 50, got "${String(opts.quotes)}"`, { hint: 'e.g. --quotes 2' });
  }
  // (the codebooks given with -c: their definitions and inclusion/exclusion criteria go into the
  // appendix by code, as those of the built-in codebooks do; they were used for the code tree only)
  let cbGiven: readonly import('../../codebook/types.js').Codebook[] = [];
  const doc = await readCodingsChecked(opts.codings, io, 'codings', strList(opts.codebook), { projectCases: true, codeTree: true, onBooks: (b) => (cbGiven = b) });
  const coders = strList(opts.coder);
  const by = (opts.by as string | undefined) ?? 'code';
  let appendix;
  if (by === 'question') {
    let guidePath = opts.guide as string | undefined;
    if (!guidePath) {
      // default: `guide:` of qda.yaml (in the current folder, else beside the codings file, up to the current folder)
      const { findProject } = await import('./run.js');
      const { project } = await findProject(io, [String(opts.codings)]);
      guidePath = project?.guide;
      if (guidePath) await (await import('../../ingest/read-project.js')).checkNamedByProject(project, '/guide', guidePath, io.cwd);
    }
    const { readGuide } = await import('../../ingest/read-guide.js');
    const { questionAttribute } = await import('../../analysis/compare-within.js');
    const fromTable = !doc.segments.some((s) => s.role === 'interviewer') && questionAttribute(doc) !== undefined;
    if (fromTable) {
      // a codings table with a question column: the labelschema straight from its rows
      const { buildTableLabelschema } = await import('../../analysis/labelschema-table.js');
      const guide = guidePath ? await readGuide(guidePath, { cwd: io.cwd }) : undefined;
      printDiagnostics(io, guide?.warnings ?? []);
      const group = opts.group === 'none' ? null : (opts.group as string | undefined);
      const { codingPlace } = await import('../../ingest/coding-places.js');
      const r = buildTableLabelschema(doc, { lang, guide, coders, group, codingsFile: String(opts.codings), placeOf: codingPlace, ...(guidePath ? { guideFile: relative(io.cwd, resolve(io.cwd, guidePath)) || guidePath } : {}) });
      printDiagnostics(io, r.warnings);
      appendix = r.document;
    } else {
      if (!guidePath) {
        throw inputError('cli', 'missing-guide', '--by question needs the interview guide, or a codings table with a question column', {
          hint: 'add --guide topics.yaml (parts → questions with id and text), or `guide: topics.yaml` in qda.yaml; or give a codings CSV with source, question, code and text columns',
        });
      }
      const { buildLabelschema } = await import('../../analysis/labelschema.js');
      const { guideStemmer } = await import('./run.js');
      const guide = await readGuide(guidePath, { cwd: io.cwd });
      printDiagnostics(io, guide.warnings ?? []);
      if (!doc.segments.some((s) => s.role === 'interviewer')) {
        io.stderr.write('warning: the codings carry no interviewer turns and no question column, so answers cannot be matched to questions; use the JSON document written by `qda code`, or add a question column to the CSV\n');
      }
      appendix = buildLabelschema(doc, guide, { lang, stem: await guideStemmer(), coders }).document;
    }
  } else if (by === 'code') {
    const { buildCodeAppendix } = await import('../../analysis/appendix.js');
    const { booksOfDoc } = await import('./run.js');
    const builtins = (await booksOfDoc(doc, io)).filter((b) => !cbGiven.some((g) => g.id === b.id));
    appendix = buildCodeAppendix(doc, { lang, codebooks: [...cbGiven, ...builtins], quotes, coders });
    // a codebook of one's own that no -c gives: the document holds its codes' names and definitions,
    // not their inclusion and exclusion criteria, so that column stayed empty without a word
    const { isBuiltinCodebookId } = await import('../../codebook/builtins.js');
    const coded = new Set(doc.codings.map((c) => c.code));
    const own = doc.codebooks.filter((b) => !isBuiltinCodebookId(b.id) && !cbGiven.some((g) => g.id === b.id) && doc.codes.some((c) => c.codebook === b.id && coded.has(c.id)));
    if (own.length) {
      const paths = (doc.provenance as { options?: { codebooks?: unknown } } | undefined)?.options?.codebooks;
      const files = Array.isArray(paths) ? paths.filter((x): x is string => typeof x === 'string' && !isBuiltinCodebookId(x)) : [];
      printDiagnostics(io, [
        {
          severity: 'info',
          source: 'cli',
          ruleId: 'codebook-criteria-not-given',
          message: `the codings document holds the names and definitions of codebook${own.length > 1 ? 's' : ''} ${own.map((b) => `"${b.id}"`).join(', ')}, not ${own.length > 1 ? 'their' : 'its'} inclusion and exclusion criteria: that column of the appendix stays empty for ${own.length > 1 ? 'their' : 'its'} codes`,
          file: String(opts.codings),
          hint: `give the codebook with -c${files.length ? ` (coded with ${files.slice(0, 3).join(', ')})` : ''} to show its criteria`,
        },
      ]);
    }
    // codings without any text (a codings CSV of source and code): the quote column stayed empty without a word
    if (quotes > 0 && !doc.sources.some((x) => x.text) && !doc.segments.some((g) => g.text)) {
      io.stderr.write(
        `${String(opts.codings)}: warning: the codings carry no text (no source texts, no text column), so the appendix has no example quotes [cli:no-quotes]\n` +
          '  hint: give the codings document written by `qda code` (it holds the texts), or add a text column with the coded passage to the CSV\n',
      );
    } else if (quotes > 0) {
      // codings that carry text only partly (a text column filled on some rows): the codes whose
      // codings carry none had an empty quote column, without a word
      const { codesWithoutQuotes } = await import('../../analysis/appendix.js');
      const cs = coders ?? [];
      const none = codesWithoutQuotes(doc, cs.length ? cs : undefined);
      if (none.length) {
        const withCodings = new Set(doc.codings.filter((c) => !cs.length || cs.includes(c.coder)).map((c) => c.code)).size;
        const shown = none.slice(0, 5).map((x) => `"${x.code}" (${x.codings} coding${x.codings === 1 ? '' : 's'})`);
        io.stderr.write(
          `${String(opts.codings)}: warning: ${none.length} of the ${withCodings} coded code(s) have no example quote, as none of their codings carries text: ${shown.join(', ')}${none.length > 5 ? `, and ${none.length - 5} more` : ''} [cli:codes-without-quotes]\n` +
            '  hint: fill in the text of their rows (the coded passage), or give the codings document written by `qda code` (it holds the texts)\n',
        );
      }
    }
  } else {
    throw inputError('cli', 'unknown-by', `unknown --by "${by}"`, { expected: ['code', 'question'], hint: 'use --by code or --by question' });
  }
  const content = await renderAppendix(appendix, format as 'md' | 'html' | 'latex' | 'docx');
  await emit(io, content, out, `--format ${format}`);
  return 0;
}
