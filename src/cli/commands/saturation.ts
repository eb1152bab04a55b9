import { resolve } from 'node:path';
import type { Io } from '../io.js';
import { inputError } from '../../model/errors.js';
import type { Diagnostic } from '../../model/types.js';
import { emitTables, tableFormat } from '../output.js';
import { resolveLang } from '../lang.js';
import { checkTableOut, csvWithoutTree, projectCasesOnCsv, repeatedCodings, undeclaredCodes } from './analysis-common.js';

/**
 * `qda saturation CODINGS`: the saturation tables (summary + curve), the
 * methods sentences, and optionally a plot (--plot FILE.svg|FILE.png; with --by one panel
 * per group with its permutation band, as in the report).
 * The sentences are notes of the summary table (md/html/latex/json); for csv
 * and xlsx, or whenever the tables go to a file, they are also printed: to
 * stderr when stdout carries the table, else to stdout.
 */

function numberOpt(name: string, raw: unknown, opts: { integer?: boolean; percent?: boolean; hint: string }): number | undefined {
  if (raw === undefined || raw === null) return undefined;
  let s = String(raw).trim();
  let scale = 1;
  if (opts.percent && s.endsWith('%')) {
    s = s.slice(0, -1).trim();
    scale = 0.01;
  }
  const v = s === '' ? NaN : Number(s.replace(',', '.')) * scale;
  if (!Number.isFinite(v) || (opts.integer && !Number.isInteger(v))) {
    throw inputError('cli', `bad-${name}`, `--${name} must be ${opts.integer ? 'a whole number' : 'a number'}, got "${String(raw)}"`, { hint: opts.hint });
  }
  return v;
}

export async function run(opts: Record<string, unknown>, io: Io): Promise<number> {
  const lang = await resolveLang(io, opts, [opts.codings]);
  const out = opts.out as string | undefined;
  checkTableOut(opts.format, out, io);
  const format = tableFormat(opts.format as string | undefined, out, 'md');
  const plot = opts.plot as string | undefined;
  if (plot !== undefined) {
    const ext = plot.split('.').pop()?.toLowerCase();
    if (ext !== 'svg' && ext !== 'png') {
      throw inputError('cli', 'bad-plot-file', `--plot needs a file ending in .svg or .png, got "${plot}"`, { hint: 'e.g. --plot saturation.svg or --plot saturation.png' });
    }
  }
  const base = numberOpt('base', opts.base, { integer: true, hint: 'Guest et al. (2020) recommend --base 4' });
  const runLen = numberOpt('run', opts.run, { integer: true, hint: 'Guest et al. (2020) used --run 2 or 3' });
  const threshold = numberOpt('threshold', opts.threshold, { percent: true, hint: 'a proportion such as 0.05 (or 5%)' });
  const permutations = numberOpt('permutations', opts.permutations, { integer: true, hint: 'e.g. --permutations 1000' });
  const seed = numberOpt('seed', opts.seed, { integer: true, hint: 'e.g. --seed 7' });

  const { readCodings, kindNotGiven } = await import('../../ingest/read-codings.js');
  const { computeSaturation } = await import('../../analysis/saturation.js');
  const { saturationTables, saturationMethodsText } = await import('../../analysis/saturation-text.js');
  const codingsPath = opts.codings as string;
  const { formatDiagnostic } = await import('../../model/errors.js');
  let doc = await readCodings(codingsPath, { cwd: io.cwd, report: (d) => io.stderr.write(formatDiagnostic(d) + '\n') });
  const kinds = kindNotGiven(doc);
  if (kinds) io.stderr.write(formatDiagnostic(kinds) + '\n');
  doc = await projectCasesOnCsv(doc, codingsPath, io, (d) => io.stderr.write(formatDiagnostic(d) + '\n'));
  // (with -c the codes outside the codebooks are named by withCodebooks)
  const undeclared = Array.isArray(opts.codebook) && opts.codebook.length ? undefined : undeclaredCodes(doc, codingsPath);
  if (undeclared) io.stderr.write(formatDiagnostic(undeclared) + '\n');
  const repeated = repeatedCodings(doc, codingsPath);
  if (repeated) io.stderr.write(formatDiagnostic(repeated) + '\n');
  if (Array.isArray(opts.codebook) && opts.codebook.length) {
    const { withCodebooks } = await import('../../ingest/read-codings.js');
    const { loadBooks } = await import('./run.js');
    const report = (d: Diagnostic) => io.stderr.write(formatDiagnostic(d) + '\n');
    doc = withCodebooks(doc, await loadBooks(opts.codebook as string[], io.cwd, report), report, codingsPath);
  } else if (opts.level === 'category') {
    // (--level code and label count each code by itself, as a codings document does: the tree changes nothing there)
    const flat = await csvWithoutTree(doc, codingsPath, io, { kind: 'categories' });
    if (flat) io.stderr.write(formatDiagnostic(flat) + '\n');
  }
  const res = computeSaturation(doc, {
    order: opts.order as string | undefined,
    by: opts.by as string | undefined,
    level: (opts.level as 'code' | 'category' | 'label' | undefined) ?? 'code',
    coders: opts.coder as string[] | undefined,
    base,
    run: runLen,
    threshold,
    permutations,
    seed,
    lang,
    file: codingsPath,
  });
  if (res.dayFirst) {
    // (an info; a warning when every date could be month-first too)
    const { dayFirstDiagnostic } = await import('../../analysis/saturation.js');
    io.stderr.write(formatDiagnostic(dayFirstDiagnostic(res.dayFirst, codingsPath)) + '\n');
  }
  if (res.overall.points.length === 0) {
    throw inputError('cli', 'no-sources', 'the codings file has no sources to assess', {
      file: codingsPath,
      hint: 'give the document written by `qda code`, or a CSV with source and code columns',
    });
  }
  const tables = saturationTables(res, lang);
  await emitTables(io, tables, { format, out, lang });

  const sentences = saturationMethodsText(res, lang).join('\n') + '\n';
  const toFile = out !== undefined && out !== '-';
  if (toFile) io.stdout.write(sentences);
  else if (format === 'csv' || format === 'json') io.stderr.write(sentences);

  if (plot) {
    const { writeFileAtomic } = await import('../../export/write-file-atomic.js');
    // the figure of the report and `qda run`: with --by one stacked panel per group, each with its
    // own permutation band (the band the methods sentences describe) and no labels over the lines
    const { renderSaturationFigure } = await import('../../export/report-saturation.js');
    const fig = await renderSaturationFigure(res, { lang });
    const svg = fig.svg;
    if (fig.omitted.length) {
      const { groupLabel } = await import('../../analysis/saturation-text.js');
      const list = fig.omitted.map((o) => `${groupLabel(o.group, lang, res.by)} (${o.sources})`).join(', ');
      io.stderr.write(lang === 'nl' ? `niet in de grafiek (minder dan 2 interviews): ${list}\n` : `not in the plot (fewer than 2 interviews): ${list}\n`);
    }
    if (plot.toLowerCase().endsWith('.png')) {
      const { svgToPng } = await import('../../export/svg-to-png.js');
      await writeFileAtomic(resolve(io.cwd, plot), await svgToPng(svg, { report: (d) => io.stderr.write(formatDiagnostic(d) + '\n'), file: plot }), { shown: plot });
    } else {
      await writeFileAtomic(resolve(io.cwd, plot), svg, { shown: plot });
    }
    io.stderr.write(lang === 'nl' ? `grafiek geschreven: ${plot}\n` : `plot written: ${plot}\n`);
  }
  return 0;
}
