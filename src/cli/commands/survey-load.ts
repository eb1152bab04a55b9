import { resolve } from 'node:path';
import type { Io } from '../io.js';
import type { Diagnostic, Lang } from '../../model/types.js';
import { inputError } from '../../model/errors.js';
import { strList } from '../output.js';
import type { SurveyResult } from '../../analysis/survey.js';
import type { SurveySpec } from '../../analysis/survey-model.js';

/** What `qda survey` and `qda report --survey` share: read the data, the spec, the codebook; compute. */
export async function loadSurvey(
  io: Io,
  o: { data: readonly string[]; spec?: string; codebook?: string; group?: string; lenient?: boolean; permutations?: unknown; seed?: unknown; testSmall?: boolean; lang: Lang; cwd?: string },
  report: (d: Diagnostic) => void,
): Promise<SurveyResult> {
  const cwd = o.cwd ?? io.cwd;
  const { readSurveySpec, readSurveyTable } = await import('../../ingest/read-survey.js');
  const spec: SurveySpec = o.spec ? await readSurveySpec(o.spec, { cwd, report }) : { items: {}, dimensions: [] };
  const bookRef = o.codebook ?? spec.codebook;
  if (!o.spec && !bookRef) {
    throw inputError('cli', 'no-survey-spec', 'no spec and no codebook: qda cannot tell what the columns measure', {
      hint: 'give --spec vragenlijst.yaml (scales, reversed items, dimensions), or -c CODEBOOK whose codes carry meta.items',
    });
  }
  let codebook: { book: import('../../codebook/types.js').Codebook; shown: string } | undefined;
  if (bookRef) {
    const { readCodebook, resolveCodebook } = await import('../../ingest/read-codebook.js');
    // the spec's codebook: relative to the spec file
    const base = !o.codebook && o.spec ? resolve(cwd, o.spec, '..') : cwd;
    const book = await readCodebook(bookRef, { cwd: base, report });
    codebook = { book, shown: (await resolveCodebook(bookRef, { cwd: base })).display };
  }
  // (the columns the spec names: a row naming one of them below a title is the header)
  const known = [
    ...[spec.group, spec.id, o.group].filter((x): x is string => !!x),
    ...Object.entries(spec.items ?? {}).flatMap(([k, it]) => [k, ...(it.column ? [it.column] : [])]),
    ...(spec.attributes ?? []),
    ...(spec.dimensions ?? []).flatMap((d) => (Array.isArray(d.items) ? d.items : Object.values(d.items).flat())),
    ...(spec.instruments ?? []).flatMap((i) => Object.entries(i.items ?? {}).flatMap(([k, it]) => [k, ...(it.column ? [it.column] : [])])),
  ];
  const table = await readSurveyTable(o.data, { cwd, report, known });
  const num = (v: unknown, name: string, dflt: number) => {
    if (v === undefined || v === null || v === '') return dflt;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw inputError('cli', 'bad-option', `${name} must be a number ≥ 0 (found "${String(v)}")`, { hint: `e.g. ${name} 10000` });
    return n;
  };
  const { computeSurvey } = await import('../../analysis/survey.js');
  const res = computeSurvey(table, spec, {
    lang: o.lang,
    ...(codebook ? { codebook } : {}),
    ...(o.group ? { group: o.group } : {}),
    lenient: o.lenient === true,
    permutations: num(o.permutations, '--permutations', 0),
    seed: num(o.seed, '--seed', 1),
    testSmall: o.testSmall === true,
  });
  for (const d of res.diagnostics) report(d);
  return res;
}

/**
 * The questionnaire of `qda report` and `qda run`: `--survey DATA` (repeatable) with
 * `--survey-spec SPEC`, else `survey:` of qda.yaml; undefined when there is neither.
 */
export async function surveyForReport(
  io: Io,
  opts: Record<string, unknown>,
  project: import('../../ingest/read-project.js').ProjectConfig | undefined,
  lang: Lang,
  report: (d: Diagnostic) => void,
): Promise<SurveyResult | undefined> {
  const given = strList(opts.survey);
  if (!given && typeof opts.surveySpec === 'string') {
    throw inputError('cli', 'bad-option', '--survey-spec needs --survey DATA (the responses, CSV or XLSX)', { hint: 'e.g. --survey antwoorden.csv --survey-spec vragenlijst.yaml' });
  }
  const ps = given ? undefined : project?.survey;
  if (!given && !ps) return undefined;
  const data = given ?? ps!.data;
  if (!given && ps) {
    // (a file survey: names that is missing: said with qda.yaml's line)
    const { checkNamedByProject } = await import('../../ingest/read-project.js');
    for (const [i, f] of ps.data.entries()) await checkNamedByProject(project, `/survey/data/${i}`, f, io.cwd);
    if (ps.spec) await checkNamedByProject(project, '/survey/spec', ps.spec, io.cwd);
  }
  const res = await loadSurvey(
    io,
    {
      data,
      ...(given ? (typeof opts.surveySpec === 'string' ? { spec: opts.surveySpec } : {}) : ps!.spec ? { spec: ps!.spec } : {}),
      ...(typeof opts.surveyGroup === 'string' ? { group: opts.surveyGroup } : ps?.group ? { group: ps.group } : {}),
      lenient: opts.lenient === true,
      permutations: opts.permutations ?? ps?.permutations,
      seed: opts.seed ?? ps?.seed,
      testSmall: opts.testSmall === true || ps?.testSmall === true,
      lang,
    },
    report,
  );
  if (!res.dimensions.length) {
    throw inputError('analysis', 'nothing-to-score', 'no dimension of the survey spec or codebook has an item in the data: the report has nothing to put beside the interviews', {
      file: given ? data[0] : project!.file,
      hint: 'check the warnings above: the item names must be the column names of the data (or give column: per item), and the spec needs dimensions:',
    });
  }
  return res;
}
