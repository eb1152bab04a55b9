import { Command, Option } from 'commander';
import type { Io } from './io.js';
import { VERSION } from '../version.js';
import { QdaInputError } from '../model/errors.js';

/**
 * The option table. Only declarations live here: each action lazily imports
 * its command module (so `qda --help` loads none of them) and calls
 * `run(options, io)`, which returns the exit code.
 */

type Opts = Record<string, unknown>;
type Runner = (opts: Opts, io: Io) => Promise<number>;
/**
 * A command module: `run`, and optionally `beforeGuard`, started before the output guard
 * (work that reads no input and writes nothing, e.g. starting a worker thread that loads its
 * modules meanwhile); it returns what undoes it when the guard refuses.
 */
type Loader = () => Promise<{ run: Runner; beforeGuard?: (opts: Opts, io: Io) => (() => Promise<void>) | undefined }>;

export interface ProgramState {
  exitCode: number;
}

const formatOpt = (formats: string, dflt?: string) =>
  new Option('-f, --format <format>', `output format: ${formats}`).default(dflt, dflt ? undefined : 'from -o extension, else md');
const outOpt = () => new Option('-o, --out <file>', 'write to FILE (atomically) instead of stdout');
const langOpt = () => new Option('--lang <lang>', 'output language: nl|en (default: $QDA_LANG, else language: of the nearest qda.yaml, else the one a codings document was made in, else en)');
const casesOpt = () => new Option('--cases <file>', 'case attributes: CSV with a source/file column and any attribute columns');
const configOpt = () => new Option('--config <file>', 'project file (default: qda.yaml in the current or an input folder)');
const collect = (v: string, prev: string[] = []) => [...prev, ...v.split(',').map((s) => s.trim()).filter(Boolean)];

/** "run", "refi import", "codebook export": the command's name under `qda`. */
const commandPath = (cmd: Command): string => {
  const names: string[] = [];
  for (let c: Command | null = cmd; c && c.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
};

export function buildProgram(io: Io, state: ProgramState): Command {
  const program = new Command();
  program
    .name('qda')
    .description('qdakit: qualitative data analysis from the command line.\nCode transcripts with deductive codebooks; build matrices, saturation curves, comparisons, agreement and appendices.')
    .version(VERSION, '-V, --version')
    .option('--debug', 'print stack traces of internal errors')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .exitOverride()
    .addHelpText(
      'after',
      '\nExamples (on the bundled samples, from the repository root):\n  qda run samples -o out                      # everything: codings, matrices, report.html, appendices\n  qda code samples -o codings.json            # codebooks and settings from samples/qda.yaml\n  qda matrix codings.json --cols group --measure respondents\n  qda compare codings.json --by group --ladder hovik-hanssen --lang nl\n  qda review samples -c kaats-opheij           # review suggestions in the terminal\n\nqda <command> --help shows each command\'s options and examples.',
    );

  // (values of each one-value option given on the command line, per command: see onceOptions)
  const given = new Map<Command, Map<string, string[]>>();
  const action = (load: Loader, positional: string[] = []) =>
    async (...args: unknown[]) => {
      const cmd = args[args.length - 1] as Command;
      checkGivenOnce(given.get(cmd), commandPath(cmd));
      const opts: Opts = { ...cmd.opts() };
      positional.forEach((name, i) => {
        opts[name] = args[i];
      });
      if (program.opts().debug) opts.debug = true;
      const mod = await load();
      const undo = mod.beforeGuard?.(opts, io);
      // no command writes over what it reads: outputs are checked against the inputs before any work
      const { guardCommand } = await import('./guard.js');
      try {
        await guardCommand(commandPath(cmd), opts, io);
      } catch (e) {
        await undo?.();
        throw e;
      }
      state.exitCode = await mod.run(opts, io);
    };

  program
    .command('run')
    .description('the main job: code every source in a folder with its codebooks and write the report, matrices, saturation plot and appendices')
    .argument('[inputs...]', 'source files or folders (default: the folder of qda.yaml, or .)')
    .addOption(new Option('-o, --out <dir>', 'output folder (qda never overwrites a file in it that qda run did not write there itself)').default('out'))
    .option('--force', 'files in the output folder that qda run did not write are kept and its own are written beside them (codings.qda.csv), instead of stopping')
    .option('-c, --codebook <id|file>', 'codebook id or file (repeatable; default from qda.yaml)', collect)
    .option('--by <attr>', 'group attribute for comparison, saturation and sentences (default: group/team)')
    .option('--coder <coder>', 'only codings by these coders, everywhere (repeatable; default: tables count every coder, sentences and quotes the human coders when there are any)', collect)
    .option('--not-asked <code>', 'a code meaning "not asked / no answer" (repeatable): left out of Y in the per-question sentences', collect)
    .option('--framework <file>', "the researcher's judgements (CSV: case or group, dimension, judgement, level): framework matrix beside the coded evidence, in framework.md/.xlsx and the report (default: framework: of qda.yaml)")
    .option('--survey <file>', 'questionnaire responses (CSV or XLSX; repeatable): in the report beside the coded interviews, and survey.md/.xlsx (default: survey: of qda.yaml)', collect)
    .option('--survey-spec <file>', 'with --survey: the survey spec (YAML)')
    .addOption(casesOpt())
    .addOption(configOpt())
    .addOption(langOpt())
    .addHelpText('after', '\nExamples:\n  qda run samples -o out\n  qda run interviews/ -c hovik-hanssen --cases cases.csv --lang nl\n  qda run codings.json -c hovik-hanssen --framework oordelen.csv -o out')
    .action(action(() => import('./commands/run.js'), ['inputs']));

  program
    .command('segments')
    .description('split sources into segments (turns, sentences, paragraphs) and show them')
    .argument('[inputs...]', 'source files or folders (default: the sources: of qda.yaml)')
    .addOption(new Option('-u, --unit <unit>', 'segment unit').choices(['turn', 'sentence', 'paragraph']).default('turn'))
    .addOption(new Option('-f, --format <format>', 'output format').choices(['json', 'csv', 'md']).default('md'))
    .addOption(outOpt())
    .addOption(casesOpt())
    .addOption(configOpt())
    .option('--interviewer <name>', 'speaker label(s) of the interviewer (repeatable)', collect)
    .option('--encoding <enc>', 'force an encoding: utf-8|utf-16le|utf-16be|windows-1252')
    .option('--strict', 'stop at the first source that cannot be read (default: skip it with a warning)')
    .addHelpText('after', '\nExamples:\n  qda segments samples/interviews/wijkcoach-01.txt\n  qda segments samples --unit sentence --format csv -o segments.csv')
    .action(action(() => import('./commands/segments.js'), ['inputs']));

  const codebook = program.command('codebook').description('inspect, validate, import and export codebooks');
  codebook
    .command('list')
    .description('list the built-in codebooks')
    .addOption(langOpt())
    .addHelpText('after', '\nExamples:\n  qda codebook list\n  qda codebook list --lang nl')
    .action(action(() => import('./commands/codebook.js').then((m) => ({ run: m.runList }))));
  codebook
    .command('show')
    .description('show a codebook as a tree')
    .argument('<codebook>', 'built-in id or file')
    .addOption(langOpt())
    .addHelpText('after', '\nExamples:\n  qda codebook show hovik-hanssen\n  qda codebook show mijn-codeboek.yaml --lang nl')
    .action(action(() => import('./commands/codebook.js').then((m) => ({ run: m.runShow })), ['codebook']));
  codebook
    .command('validate')
    .description('check a codebook file: schema, ids, parents, ladder levels, regexes')
    .argument('<files...>', 'codebook files (.yaml, .json, .qdc) or built-in ids')
    .option('--lint', 'also measure the rules against human codings (--gold): per code how often they fire and how often rightly; codes firing more than 5 times with precision < 0.5 are flagged')
    .option('--gold <file>', 'human codings to lint against (repeatable): a document written by qda code (carries the texts), or a codings CSV with --sources', collect)
    .option('--sources <path>', 'the sources the --gold codings refer to (repeatable)', collect)
    .addHelpText('after', '\nPrints "FILE: ok (N codes)", or each problem as FILE:LINE:COLUMN with a hint; exit code 2 on any error.\nWith --lint: a table per codebook and a warning per low-precision code (exit 0).\n\nExamples:\n  qda codebook validate mijn-codeboek.yaml\n  qda codebook validate codebooks/*.yaml\n  qda codebook validate coordination-collaboration --lint --gold coded.json\n  qda codebook validate mijn-codeboek.yaml --lint --gold codings.csv --sources interviews/')
    .action(action(() => import('./commands/codebook.js').then((m) => ({ run: m.runValidate })), ['files']));
  codebook
    .command('export')
    .description('export a codebook as a thesis appendix or exchange file')
    .argument('<codebook>', 'built-in id or file')
    .addOption(formatOpt('md|html|docx|latex|csv|json|yaml|qdc'))
    .addOption(outOpt())
    .addOption(langOpt())
    .option('--columns <list>', 'table columns in order (md|html|docx|latex|csv): code, level, definition, include, exclude, indicators, examples, source, meta.KEY[.KEY] (each optionally =LABEL); default: those with content and every meta key', collect)
    .addHelpText(
      'after',
      '\nExamples:\n  qda codebook export kaats-opheij --format docx --lang nl -o bijlage-codeboek.docx\n  qda codebook export my-codebook.yaml --format qdc -o codebook.qdc\n  qda codebook export empowerment --columns "code,meta.items.coaches=Vragenlijst coaches,meta.items.organisaties=Vragenlijst organisaties,source" -o operationalisatie.docx',
    )
    .action(action(() => import('./commands/codebook.js').then((m) => ({ run: m.runExport })), ['codebook']));
  codebook
    .command('import')
    .description('import a REFI-QDA codebook (.qdc) as YAML')
    .argument('<file>', '.qdc file')
    .addOption(outOpt())
    .option('--id <id>', 'id for the imported codebook')
    .addHelpText('after', '\nExamples:\n  qda codebook import atlas-export.qdc -o mijn-codeboek.yaml\n  qda codebook import codebook.qdc --id my-codebook -o my-codebook.json')
    .action(action(() => import('./commands/codebook.js').then((m) => ({ run: m.runImport })), ['file']));

  program
    .command('code')
    .description('auto-code sources with codebook rules, read human codings, and write the codings document')
    .argument('[inputs...]', 'source files or folders (default: the sources: of qda.yaml)')
    .option('-c, --codebook <id|file>', 'codebook id or file (repeatable; default: the codebooks: of qda.yaml)', collect)
    .addOption(new Option('-u, --unit <unit>', 'coding unit').choices(['turn', 'sentence', 'paragraph']).default('turn'))
    .addOption(new Option('--speakers <who>', 'which turns to auto-code').choices(['respondent', 'all']).default('respondent'))
    .addOption(casesOpt())
    .addOption(configOpt())
    .option('--interviewer <name>', 'speaker label(s) of the interviewer (repeatable)', collect)
    .option('--codings <file>', 'human codings to merge in (CSV or JSON; repeatable)', collect)
    .option('--aliases <file>', 'CSV label,code: labels written in markers (variant spellings) read as these codes')
    .option('--learn-from <file>', 'learn from a coded document (qda code … -o coded.json, or a codings CSV with a text column) and the codebook; suggest codes as coder "model"')
    .option('--suggest', 'suggest codes as coder "model" from the codebook alone (definitions, criteria, indicators, examples, rule terms), before anything is coded by hand')
    .option('--min-score <p>', 'minimum probability for learned suggestions (default 0.5; with 30+ coded examples chosen by cross-validation in 0.3–0.7)')
    .option('--explain', 'print why each segment was coded (rule, matched words, offsets): on stdout with -o FILE, else on stderr after the document')
    .option('--no-rules', 'do not run the codebook rules (only read human codings / learned suggestions)')
    .addOption(new Option('-f, --format <format>', 'output format (default: from the -o extension: .csv, .jsonl, .xlsx; else json)').choices(['json', 'jsonl', 'csv', 'xlsx']))
    .addOption(outOpt())
    .option('--strict', 'stop at the first source that cannot be read')
    .addHelpText('after', '\nExamples:\n  qda code samples -c coordination-collaboration -o codings.json\n  qda code -o codings.json   (in a folder whose qda.yaml lists sources: and codebooks:)\n  qda code interview.txt -c kaats-opheij --explain\n  qda code thesis/ -c coordination-collaboration --aliases my-spellings.csv --interviewer "Mila Jansen" -o codings.csv\n  qda code samples -c hovik-hanssen --learn-from coded-by-hand.csv -o suggestions.json\n  qda code new-interviews/ -c coordination-collaboration --learn-from first-two.json -o suggestions.json\n  qda code interview.txt -c coordination-collaboration --suggest --explain')
    .action(action(() => import('./commands/code.js'), ['inputs']));

  program
    .command('matrix')
    .description('code × source / case / attribute matrix, or code co-occurrence')
    .argument('<codings>', 'codings document (JSON) or flat CSV with source and code columns')
    .option('--cols <by>', 'columns: source|case|ATTRIBUTE (default: case; with --framework: the first column of the judgements)')
    .addOption(new Option('--rows <by>', 'rows: code|category').choices(['code', 'category']).default('code'))
    .addOption(new Option('--measure <m>', 'cell value').choices(['segments', 'uses', 'sources', 'respondents', 'words', 'coverage']).default('segments'))
    .addOption(new Option('--coverage-of <text>', "with --measure coverage: a share of the respondents' turns (interviewer turns, labels and times left out) or of all the text").choices(['respondents', 'all']).default('respondents'))
    .option('--cooccur', 'code × code co-occurrence instead')
    .option('-c, --codebook <id|file>', 'codebooks whose hierarchy (parents) and names the codings use (repeatable; for a flat CSV)', collect)
    .addOption(new Option('--within <w>', 'co-occurrence window').choices(['segment', 'turn', 'source']).default('segment'))
    .option('--framework <file>', "framework matrix: the researcher's judgements (CSV: case or group, dimension, judgement or mark, level) beside the coded evidence")
    .option('--ladder <id|file>', 'with --framework: levels are levels of this ladder codebook (shown with their names)')
    .option('--row-order <list|file>', 'with --framework: order of the dimensions (comma list or a file, one per line; default: codebook order)', collect)
    .option('--col-order <list|file>', 'with --framework: order of the cases/groups (default: natural order, I II … X, 1 2 … 10)', collect)
    .option('--judged-only', 'with --framework: only the judged dimensions as rows (default: also codes with evidence from the same codebooks)')
    .addOption(new Option('--evidence <where>', 'with --framework: the evidence beside the judgement (own column), under it (same cell), or none').choices(['beside', 'under', 'none']).default('beside'))
    .option('--coder <coder>', 'only codings by these coders (repeatable)', collect)
    .addOption(formatOpt('json|csv|md|html|latex|xlsx|docx'))
    .addOption(outOpt())
    .addOption(langOpt())
    .addHelpText(
      'after',
      '\nExamples:\n  qda matrix codings.json --cols team --measure respondents\n  qda matrix codings.json --cols case -o matrix.xlsx\n  qda matrix codings.csv --cooccur --within turn --format md\n  qda matrix codings.json --framework oordelen.csv --cols team --ladder hovik-hanssen -o raamwerk.docx\n  qda matrix codings.json --framework druk.csv --cols opgave --row-order B9,A5,B2 --format md',
    )
    .action(action(() => import('./commands/matrix.js'), ['codings']));

  program
    .command('compare')
    .description('compare groups: per code, segments and respondents per group, shares, differences; ladder levels')
    .argument('<codings>', 'codings document or flat CSV')
    .requiredOption('--by <attr>', 'group attribute (e.g. team), or source-kind')
    .option('--within <attr>', 'per value of this attribute (e.g. question): "X of Y" per code and group, Y = respondents of the group who answered')
    .option('--not-asked <code>', 'with --within: a code meaning "not asked / no answer" (repeatable): shown, but its respondents are left out of Y', collect)
    .option('--guide <file>', 'with --within: order the values as the questions of this interview guide')
    .option('--ladder <id|file>', 'ladder codebook: report the highest level evidenced per case and group')
    .option('-c, --codebook <id|file>', 'codebooks whose hierarchy (parents) and names the codings use (repeatable; for a flat CSV)', collect)
    .option('--coder <coder>', 'only codings by these coders (repeatable)', collect)
    .addOption(formatOpt('json|csv|md|html|latex|xlsx|docx'))
    .addOption(outOpt())
    .addOption(langOpt())
    .addHelpText('after', '\nExamples:\n  qda compare codings.json --by team\n  qda compare codings.json --by team --ladder hovik-hanssen --lang nl\n  qda compare codings.json --by source-kind\n  qda compare labels.csv --by group --within question --not-asked Onbekend --lang nl -o per-vraag.docx')
    .action(action(() => import('./commands/compare.js'), ['codings']));

  program
    .command('contrast')
    .description('linked codings side by side: what is said beside what is done, with the verdict per pair and a count per case or group')
    .argument('<codings>', 'codings document or CSV with id, link, relation, verdict columns')
    .option('--from <code>', 'code on the left, with its sub-codes (e.g. espoused)')
    .option('--to <code>', 'code on the right, with its sub-codes (e.g. theory-in-use)')
    .option('--by <attr>', 'count per case (default), source, source-kind or a case attribute (e.g. team)')
    .option('--relation <id>', 'only links of this relation')
    .option('-c, --codebook <id|file>', 'codebook(s) with the relations and their names (when the codings are a CSV)', collect)
    .option('--coder <coder>', 'only codings by these coders (repeatable)', collect)
    .addOption(formatOpt('json|csv|md|html|latex|xlsx|docx'))
    .addOption(outOpt())
    .addOption(langOpt())
    .addHelpText(
      'after',
      '\nLinks are written in markers: {{espoused #e1}} labels a passage, {{in-use -> e1 enacts: consistent}} links another to it.\n\nExamples:\n  qda contrast codings.json --from espoused --to theory-in-use\n  qda contrast codings.json --from espoused --to theory-in-use --by team --lang nl -o gezegd-gedaan.docx\n  qda contrast codings.csv -c theories-in-use --format md',
    )
    .action(action(() => import('./commands/contrast.js'), ['codings']));

  program
    .command('agree')
    .description("intercoder agreement per code and pooled: percent agreement, Cohen's κ, Krippendorff's α, Brennan–Prediger κn, Fleiss' κ, Gwet's AC1")
    .argument('<codings...>', 'one file with several coders, or one file per coder')
    .addOption(new Option('--unit <unit>', 'unit of agreement').choices(['segment', 'source']).default('segment'))
    .option('--coders <a,b>', 'coders to compare (default: all coders found)', collect)
    .addOption(formatOpt('json|csv|md|html|latex|xlsx|docx'))
    .addOption(outOpt())
    .addOption(langOpt())
    .addHelpText('after', '\nExamples:\n  qda agree anna.json bart.json\n  qda agree codings.json --coders rules,human --unit segment')
    .action(action(() => import('./commands/agree.js'), ['codings']));

  program
    .command('saturation')
    .description('saturation: new codes per source in interview order, Guest et al. (2020) verdict, permutation band, richness estimate')
    .argument('<codings>', 'codings document or flat CSV')
    .option('--order <attr>', 'order sources by this attribute (e.g. date, order), or "file" for the given order')
    .option('--by <attr>', 'one curve per group')
    .addOption(new Option('--level <level>', 'count codes, categories (top-level parents) or labels').choices(['code', 'category', 'label']).default('code'))
    .option('-c, --codebook <id|file>', 'codebooks whose hierarchy (parents) and names the codings use (repeatable; for a flat CSV)', collect)
    .option('--base <n>', 'Guest et al. base size', '4')
    .option('--run <n>', 'Guest et al. run length', '2')
    .option('--threshold <x>', 'new-information threshold', '0.05')
    .option('--permutations <n>', 'random interview orders for the band', '0')
    .option('--seed <s>', 'seed for the permutations', '1')
    .option('--coder <coder>', 'only codings by these coders (repeatable)', collect)
    .option('--plot <file>', 'write the curve as FILE.svg or FILE.png')
    .addOption(formatOpt('json|csv|md|html|latex|xlsx|docx'))
    .addOption(outOpt())
    .addOption(langOpt())
    .addHelpText('after', '\nExamples:\n  qda saturation codings.json --order order --base 4 --run 2 --threshold 0.05\n  qda saturation codings.json --by team --permutations 1000 --seed 7 --plot saturation.svg --lang nl')
    .action(action(() => import('./commands/saturation.js'), ['codings']));

  program
    .command('appendix')
    .description('thesis appendix: the codebook with counts and quotes, or the labelschema per interview question')
    .argument('<codings>', 'codings document, or a codings table (CSV)')
    .addOption(new Option('--by <by>', 'organise by').choices(['code', 'question']).default('code'))
    .option('--guide <file>', 'interview guide (topics.yaml) for --by question (with a codings table: orders the questions)')
    .option('--group <attr>', 'with a codings table: one labelschema per value of this attribute (default: group, when it has 2+ values; "none" for one)')
    .option('-c, --codebook <id|file>', 'codebooks whose hierarchy (parents) and names the codings use (repeatable; for a flat CSV)', collect)
    .option('--coder <coder>', 'only codings by these coders (repeatable; default: the human coders when there are any)', collect)
    .addOption(formatOpt('md|html|docx|latex', 'md'))
    .addOption(outOpt())
    .addOption(langOpt())
    .option('--quotes <n>', 'example quotes per code', '2')
    .addHelpText('after', '\nExamples:\n  qda appendix codings.json --by code --format docx -o bijlage.docx --lang nl\n  qda appendix codings.json --by question --guide samples/topics.yaml --format md\n  qda appendix labels.csv --by question --lang nl -o labelschema.docx   (a table: source, question, code, sublabel, text, …)')
    .action(action(() => import('./commands/appendix.js'), ['codings']));

  program
    .command('report')
    .description('one self-contained HTML report: sources, codebook, matrix, heat map, comparison, saturation, quotes')
    .argument('<inputs...>', 'source folders/files, or a codings document')
    .option('-c, --codebook <id|file>', 'codebook id or file (repeatable)', collect)
    .addOption(casesOpt())
    .addOption(configOpt())
    .option('--by <attr>', 'group attribute for comparison and saturation (default: group/team)')
    .option('--framework <file>', "add a framework matrix: the researcher's judgements (CSV: case or group, dimension, judgement, level) beside the coded evidence (default: framework: of qda.yaml)")
    .option('--survey <file>', 'questionnaire responses (CSV or XLSX; repeatable): a section per dimension with the groups\' scores beside the coded interview passages (default: survey: of qda.yaml)', collect)
    .option('--survey-spec <file>', 'with --survey: the survey spec (YAML: group column, scales, reversed items, dimensions with their code)')
    .option('--survey-group <column>', 'with --survey: the group column (default: group: of the spec)')
    .option('--test-small', 'questionnaire: also test groups of fewer than 5 respondents')
    .option('--permutations <n>', 'questionnaire: add a permutation test with N random splits (exact when there are fewer)')
    .option('--seed <s>', 'questionnaire: seed for the permutation test')
    .option('--lenient', 'questionnaire: values outside the scale or not numeric count as missing, with a warning per column')
    .addOption(new Option('-o, --out <file>', 'output HTML file').default('report.html'))
    .option('--coder <coder>', 'only codings by these coders, everywhere (repeatable; default: tables count every coder, sentences and quotes the human coders when there are any)', collect)
    .option('--not-asked <code>', 'a code meaning "not asked / no answer" (repeatable): left out of Y in the per-question sentences', collect)
    .addOption(langOpt())
    .addHelpText('after', '\nExamples:\n  qda report samples -c hovik-hanssen -c kaats-opheij -o report.html --lang nl\n  qda report codings.json --framework oordelen.csv -o report.html\n  qda report samples --survey samples/survey/vragenlijst.csv --survey-spec samples/survey/vragenlijst.yaml --lang nl')
    .action(action(() => import('./commands/report.js'), ['inputs']));

  program
    .command('survey')
    .description('questionnaire scores per item and dimension, per group: n, mean, SD, median, share ≥ midpoint, differences (Welch CI, Mann–Whitney, permutation), Cronbach\'s α; charts; beside the coded interviews')
    .argument('<inputs...>', 'responses: CSV or XLSX, one row per respondent, a group column and one column per item')
    .option('--spec <file>', 'survey spec (YAML): group column, scales, reversed items, missing-value codes, dimensions per instrument')
    .option('-c, --codebook <id|file>', "codebook whose codes' meta.items give the dimensions (default: codebook: of the spec)", collect)
    .option('--group <column>', 'the group column (default: group: of the spec, else group/groep/team)')
    .option('--lenient', 'values outside the scale or not numeric count as missing, with a warning per column (default: exit 2 naming the cell)')
    .option('--permutations <n>', 'add a permutation test of the difference of means with N random splits (exact when there are fewer splits)', '0')
    .option('--seed <s>', 'seed for the permutation test', '1')
    .option('--test-small', 'also test groups of fewer than 5 respondents')
    .option('--codings <file>', 'codings (document or CSV): add the joint table, scores beside the coded passages per dimension')
    .option('--by <attr>', 'with --codings: group attribute of the interview sources (default: group/team)')
    .option('--coder <coder>', 'with --codings: only codings by these coders (repeatable; default: the human coders when there are any)', collect)
    .option('--quotes <n>', 'with --codings: quotes per dimension', '2')
    .option('--charts <dir>', 'write the charts (paired bars per dimension, diverging for bipolar scales, an overview per topic) as SVG and PNG into DIR')
    .addOption(formatOpt('json|csv|md|html|latex|xlsx|docx'))
    .addOption(outOpt())
    .addOption(langOpt())
    .addHelpText(
      'after',
      '\nExamples:\n  qda survey samples/survey/vragenlijst.csv --spec samples/survey/vragenlijst.yaml --lang nl\n  qda survey antwoorden.xlsx --spec vragenlijst.yaml --charts figuren -o vragenlijst.xlsx\n  qda survey antwoorden.csv -c empowerment --group groep --lenient --permutations 10000 --seed 7\n  qda survey antwoorden.csv --spec vragenlijst.yaml --codings codings.json --by group -o joint.docx',
    )
    .action(action(() => import('./commands/survey.js'), ['inputs']));

  program
    .command('anonymize')
    .alias('anonymise')
    .description('pseudonymise names, e-mail addresses, phone numbers, postcodes and BSNs; never in place')
    .argument('<inputs...>', 'source files or folders')
    .requiredOption('-o, --out <dir>', 'output folder (must differ from the inputs)')
    .option('--names <file>', 'names to replace (CSV or XLSX: name[,pseudonym])')
    .option('--key <file>', 'key file (CSV original,pseudonym): read if present, extended and written back')
    .option('--codings <file>', 'codings document whose offsets are carried over to the new text')
    .option('--no-heuristics', 'only replace listed names, speaker labels and patterns')
    .addHelpText('after', '\nExamples:\n  qda anonymize samples/interviews -o anon --key sleutel.csv\n  qda anonymize interviews -o anon --names namen.csv --codings codings.json')
    .action(action(() => import('./commands/anonymize.js'), ['inputs']));

  const refi = program.command('refi').description('REFI-QDA project exchange (ATLAS.ti, NVivo, MAXQDA, QualCoder)');
  refi
    .command('export')
    .description('write a REFI-QDA project (.qdpx)')
    .argument('<inputs...>', 'a codings document, or sources (then coded with -c)')
    .option('-c, --codebook <id|file>', 'codebook id or file (repeatable)', collect)
    .addOption(casesOpt())
    .requiredOption('-o, --out <file>', '.qdpx file')
    .option('--name <name>', 'project name')
    .addOption(langOpt())
    .addHelpText('after', '\nExamples:\n  qda refi export codings.json -o study.qdpx\n  qda refi export samples -c coordination-collaboration --cases samples/cases.csv -o study.qdpx --name "Mijn studie"')
    .action(action(() => import('./commands/refi.js').then((m) => ({ run: m.runExport })), ['inputs']));
  refi
    .command('import')
    .description('read a REFI-QDA project (.qdpx) into sources, codings, codebook and cases')
    .argument('<file>', '.qdpx file')
    .requiredOption('-o, --out <dir>', 'output folder (built beside it and moved in at the end; never overwrites a file qda refi import did not write there)')
    .option('--force', 'files in the output folder that qda refi import did not write are kept and its own are written beside them (codings.qda.json), instead of stopping')
    .addHelpText('after', '\nWrites DIR/sources/*.txt, DIR/codings.json, DIR/codebook.yaml and DIR/cases.csv.\n\nExamples:\n  qda refi import study.qdpx -o imported\n  qda matrix imported/codings.json --cols source')
    .action(action(() => import('./commands/refi.js').then((m) => ({ run: m.runImport })), ['file']));

  program
    .command('review')
    .description('review suggested codes in a full-screen terminal view: accept, reject, change, add, memo, undo')
    .argument('<inputs...>', 'source files or folders')
    .option('-c, --codebook <id|file>', 'codebook id or file (repeatable)', collect)
    .option('--only <code>', 'only these codes (repeatable)', collect)
    .addOption(new Option('--coder <coder>', 'which suggestions').choices(['rules', 'model']).default('rules'))
    .addOption(new Option('--order <order>', 'order of suggestions: likely (default; reordered after every decision by the model, which learns from each), uncertain (the ones the model is least sure of first), confidence (by the first score), source').choices(['likely', 'uncertain', 'confidence', 'source']))
    .option('--learn-from <file>', 'a coded document to learn suggestions from (with the codebook)')
    .option('--simulate <gold>', 'non-interactive: replay decisions from gold codings (CSV or JSON) and print the learning curve (F1 on the turns not reviewed yet after 10, 20, 50… decisions); nothing is saved')
    .option('--held-out <share>', 'with --simulate: the last share (0–1, e.g. 0.5) of each source\'s turns is never reviewed and every point of the curve is measured on exactly those turns')
    .option('--decisions <file>', 'decisions file (default: qda-decisions.json beside the inputs)')
    .option('--accept-above <p>', 'non-interactive: accept suggestions with score ≥ p, reject nothing')
    .option('--export-decisions <file>', 'non-interactive: write all decisions as a codings CSV')
    .addOption(new Option('--store <store>', 'where decisions go (default: codingsStore in qda.yaml, else file)').choices(['inline', 'file']))
    .addOption(casesOpt())
    .addOption(configOpt())
    .addOption(langOpt())
    .addHelpText('after', '\nExamples:\n  qda review samples/interviews -c coordination-collaboration\n  qda review interviews -c kaats-opheij --only relatie-vertrouwen --order confidence\n  qda review interviews -c hovik-hanssen --accept-above 0.9 --export-decisions decisions.csv   (no terminal needed)\n  qda review interview-3.txt -c coordination-collaboration --learn-from first-two.json --simulate interview-3.gold.csv\n  qda review interview-3.txt -c coordination-collaboration --simulate interview-3.gold.csv --held-out 0.5   (review the first half, measure on the second)')
    .action(action(() => import('./commands/review.js'), ['inputs']));

  onceOptions(program, given);
  return program;
}

/**
 * Listen to each option of every command that takes one value (not a repeatable list, `collect`):
 * commander keeps the last of several (`--measure coverage --measure sources` counted sources,
 * `-o a.json -o b.json` wrote b.json only), without a word. Each value given is kept, for
 * checkGivenOnce before the command runs.
 */
function onceOptions(cmd: Command, given: Map<Command, Map<string, string[]>>): void {
  for (const opt of cmd.options) {
    if (!(opt.required || opt.optional) || opt.variadic || opt.parseArg === collect) continue;
    const flag = opt.long ?? opt.short ?? opt.name();
    cmd.on(`option:${opt.name()}`, (value: unknown) => {
      const m = given.get(cmd) ?? given.set(cmd, new Map()).get(cmd)!;
      const vs = m.get(flag) ?? m.set(flag, []).get(flag)!;
      vs.push(String(value));
    });
  }
  for (const sub of cmd.commands) onceOptions(sub, given);
}

/** A one-value option given twice with different values: exit 2 (the same value twice loses nothing). */
function checkGivenOnce(m: ReadonlyMap<string, readonly string[]> | undefined, name: string): void {
  if (!m) return;
  const twice = [...m].filter(([, vs]) => new Set(vs).size > 1);
  if (!twice.length) return;
  throw new QdaInputError(
    twice.map(([flag, vs]) => ({
      severity: 'error' as const,
      source: 'cli',
      ruleId: 'option-given-twice',
      message: `qda ${name}: ${flag} was given ${vs.length} times (${vs.map((v) => `"${v}"`).join(', ')}); it takes one value, and only the last would have been used`,
      hint: `give ${flag} once; to get each, run the command once per value`,
    })),
  );
}
