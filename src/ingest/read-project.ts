import { readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { isBuiltinCodebookId } from '../codebook/builtins.js';
import type { Diagnostic, Lang } from '../model/types.js';
import { QdaInputError, inputError, type Report } from '../model/errors.js';
import { displayPath } from './read-source.js';
import { refuseSpecialFile } from './regular-file.js';
import { editDistance } from '../model/did-you-mean.js';

export interface ProjectConfig {
  /** The project file, as displayed (relative to cwd where possible). */
  readonly file: string;
  /** Absolute folder of the project file: relative paths in it resolve against this. */
  readonly dir: string;
  readonly sources?: string[];
  /**
   * Built-in codebook ids as written; entries naming an existing file relative to `dir` are
   * made absolute, so every command reads the same file whatever its working folder.
   */
  readonly codebooks?: string[];
  /** Path of a cases CSV (relative to `dir`). */
  readonly cases?: string;
  readonly language?: Lang;
  readonly interviewers?: string[];
  /** Inline case attributes: source id or file name → attributes (a `case` key sets the case id). */
  readonly caseAttributes?: Record<string, Record<string, string>>;
  /** The line of each source of the `cases:` map (for the warnings about its values). */
  readonly caseLines?: Record<string, number>;
  readonly codingsStore?: 'inline' | 'file';
  readonly codingsFile?: string;
  /** Interview guide (topics.yaml), absolute (given relative to `dir`). */
  readonly guide?: string;
  /** The researcher's judgements for the framework matrix (`framework: oordelen.csv`), absolute (given relative to `dir`). */
  readonly framework?: string;
  /**
   * Nouns per group value for the results skeleton and headings, e.g.
   * wijkcoach: { nl: wijkcoaches, en: neighbourhood coaches, singular: { nl: wijkcoach, en: neighbourhood coach } }.
   */
  readonly groups?: Record<string, ProjectGroupNouns>;
  /** Questionnaire data beside the interviews (`survey:`): files and spec absolute (given relative to `dir`). */
  readonly survey?: ProjectSurvey;
  /**
   * Where each file it names is written (JSON path such as /cases, /codebooks/1, /survey/data/0 →
   * line, column and the value as written), so that a file that is missing is said with its place.
   */
  readonly places?: Readonly<Record<string, ProjectPlace>>;
}

export interface ProjectPlace {
  readonly line: number;
  readonly column: number;
  readonly value: string;
}

/**
 * `read()` of a file the project file names at `path` (e.g. '/cases', '/codebooks/1'): a file
 * that is not there is said as an error of the project file — its name, line and key, the value as
 * written and where it was looked for — not only as a path the user never typed.
 */
export async function readNamedByProject<T>(project: ProjectConfig | undefined, path: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (e) {
    const place = project?.places?.[path];
    const d = e instanceof QdaInputError ? e.diagnostics[0] : undefined;
    if (!project || !place || !d || !/not-found|unknown-codebook/.test(d.ruleId)) throw e;
    // '/cases' → 'cases:', '/codebooks/1' → 'codebooks: entry', '/survey/spec' → 'survey: spec:'
    const parts = path.slice(1).split('/');
    const label = /^\d+$/.test(parts[parts.length - 1]) ? `${parts.slice(0, -1).join(': ')}: entry` : `${parts.join(': ')}:`;
    const looked = d.file ?? /not found: (.*)$/.exec(d.message)?.[1];
    const notFile = d.ruleId !== 'unknown-codebook' || /not found/.test(d.message);
    const what = path.startsWith('/sources/') ? 'file or folder' : 'file';
    throw inputError('ingest', 'project-file-not-found', notFile ? `${label} "${place.value}" names no ${what}${looked && looked !== place.value ? ` (looked for ${looked})` : ''}` : `${label} "${place.value}" is not a built-in codebook and names no file`, {
      file: project.file,
      line: place.line,
      column: place.column,
      path,
      ...(d.expected ? { expected: d.expected } : {}),
      hint: `paths in ${project.file} are relative to its folder; correct the path or remove the entry${d.hint && d.ruleId === 'unknown-codebook' ? ` (${d.hint})` : ''}`,
    });
  }
}

/** The file `full` that the project file names at `path` is there (else the error of `readNamedByProject`). */
export async function checkNamedByProject(project: ProjectConfig | undefined, path: string, full: string, cwd: string): Promise<void> {
  await readNamedByProject(project, path, async () => {
    if (!(await stat(full).catch(() => undefined))) throw inputError('ingest', 'file-not-found', 'file not found', { file: displayPath(cwd, full) });
  });
}

export interface ProjectSurvey {
  readonly data: readonly string[];
  readonly spec?: string;
  readonly group?: string;
  readonly testSmall?: boolean;
  readonly permutations?: number;
  readonly seed?: number;
}

export interface ProjectGroupNouns {
  readonly nl?: string;
  readonly en?: string;
  readonly singular?: { readonly nl?: string; readonly en?: string };
}

const KEYS = ['sources', 'codebooks', 'cases', 'language', 'lang', 'interviewers', 'interviewer', 'codingsStore', 'codings_store', 'codingsFile', 'codings_file', 'coder', 'guide', 'framework', 'groups', 'survey', 'name', 'title', 'description', 'output', 'out'];

/** The settings a project file has (named in messages). */
const SETTINGS = ['sources', 'codebooks', 'cases', 'language', 'interviewers', 'codingsStore', 'codingsFile', 'coder', 'guide', 'framework', 'groups', 'survey'];

/** The setting an unknown key is a misspelling of (case, a letter or two, singular/plural, - or _), if any. */
function nearKey(k: string): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[-_\s]/g, '');
  const n = norm(k);
  if (n.length < 3) return undefined;
  let best: { key: string; d: number } | undefined;
  // (only settings that change what a command does: a misspelled name: or title: loses nothing)
  for (const key of KEYS.filter((x) => !['name', 'title', 'description', 'output', 'out'].includes(x))) {
    const m = norm(key);
    const d = n === m || n + 's' === m || n === m + 's' ? 0 : editDistance(n, m);
    if (d <= (m.length >= 6 ? 2 : 1) && (!best || d < best.d)) best = { key, d };
  }
  return best?.key;
}

/**
 * Read `qda.yaml` (or the given project file). Without `configPath`, looks for
 * qda.yaml / qda.yml in `cwd` and returns undefined when there is none.
 * Errors name the file, line and column.
 */
/**
 * The project file of a run, by one rule for every command (settings and language alike):
 * `--config`; else `qda.yaml` (or `qda.yml`) in the current folder; else the nearest one in an
 * input's folder or above it; else above the current folder. `above`: found in a folder above
 * the current folder or above an input's own (said by the commands that read its settings).
 * (Before: qda code and the library looked above an input only up to the current folder, and not
 * at all for an input outside it; qda run looked in the input's own folder; the language came
 * from the nearest file up to the root: `qda code /elders/project` wrote Dutch, as the
 * project's qda.yaml says, without its codebooks, cases and interviewers, without a word.)
 */
export async function projectFileFor(cwd: string, inputs: readonly string[], config?: string): Promise<{ readonly file: string; readonly dir: string; readonly above: boolean } | undefined> {
  if (config) {
    const file = resolve(cwd, config);
    return { file, dir: dirname(file), above: false };
  }
  const fileIn = async (dir: string): Promise<string | undefined> => {
    for (const n of ['qda.yaml', 'qda.yml']) {
      const f = resolve(dir, n);
      if (await stat(f).then((st) => st.isFile(), () => false)) return f;
    }
    return undefined;
  };
  const upFrom = async (start: string): Promise<{ file: string; dir: string; above: boolean } | undefined> => {
    for (let dir = start; ; ) {
      const file = await fileIn(dir);
      if (file) return { file, dir, above: dir !== start };
      const up = dirname(dir);
      if (up === dir) return undefined;
      dir = up;
    }
  };
  const here = resolve(cwd);
  const own = await fileIn(here);
  if (own) return { file: own, dir: here, above: false };
  for (const inp of inputs) {
    if (!inp || inp === '-') continue;
    const full = resolve(cwd, inp);
    const st = await stat(full).catch(() => undefined);
    if (!st) continue;
    const found = await upFrom(st.isDirectory() ? full : dirname(full));
    if (found) return found;
  }
  return upFrom(here);
}

/** The info a command gives when its settings come from a project file above the inputs or the current folder (projectFileFor). */
export function projectAboveInfo(cwd: string, file: string): Diagnostic {
  return {
    severity: 'info',
    source: 'ingest',
    ruleId: 'project-file-above',
    message: `settings from ${displayPath(cwd, file)}, the nearest project file above the inputs (codebooks, cases, interviewers, language)`,
    file: displayPath(cwd, file),
    hint: 'to run without it, give --config with another project file, or run from a folder with a qda.yaml of its own',
  };
}

export async function readProject(cwd: string, configPath?: string, report?: Report): Promise<ProjectConfig | undefined> {
  let full: string | undefined;
  let text: string | undefined;
  if (configPath) {
    full = resolve(cwd, configPath);
    await refuseSpecialFile(full, displayPath(cwd, full));
    let bytes: Buffer;
    try {
      bytes = await readFile(full);
    } catch {
      throw inputError('ingest', 'file-not-found', 'project file not found', { file: displayPath(cwd, full), hint: 'check the --config path' });
    }
    text = await projectText(bytes, displayPath(cwd, full), report);
  } else {
    let bytes: Buffer | undefined;
    for (const name of ['qda.yaml', 'qda.yml']) {
      try {
        full = resolve(cwd, name);
        await refuseSpecialFile(full, name);
        bytes = await readFile(full);
        break;
      } catch {
        full = undefined;
      }
    }
    if (!full || bytes === undefined) return undefined;
    text = await projectText(bytes, displayPath(cwd, full), report);
  }
  return parseProject(text.replace(/^\uFEFF/, ''), displayPath(cwd, full), dirname(full), report);
}

/**
 * The text of a project file: decoded as every input is (UTF-8 with or without BOM, UTF-16 with
 * BOM, Windows-1252 from a Windows editor; a NUL refused with its place). Read as UTF-8 without a
 * word, a Windows-1252 "équipe" in `cases:` became "\uFFFDquipe", a group of its own.
 */
async function projectText(bytes: Uint8Array, file: string, report?: Report): Promise<string> {
  const { decodeBytes } = await import('./decode.js');
  try {
    return (await decodeBytes(bytes, { file, ...(report ? { report } : {}) })).text;
  } catch (e) {
    const { withNulPlace } = await import('./nul-place.js');
    throw withNulPlace(e, bytes, file, 'project file');
  }
}

/** Parse the text of a project file (exported for tests). */
export async function parseProject(text: string, file: string, dir: string, report?: Report): Promise<ProjectConfig> {
  const YAML = await import('yaml');
  const lc = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter: lc, prettyErrors: true });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const lp = e.linePos?.[0];
    throw inputError('ingest', 'bad-yaml', `the project file cannot be parsed: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`, {
      file,
      ...(lp ? { line: lp.line, column: lp.col } : {}),
      hint: 'fix the YAML syntax (key: value; lists with "- item"; indent with spaces)',
    });
  }
  const { yamlToJs } = await import('./yaml-js.js');
  const js = (yamlToJs(doc, text, file, { what: 'the project file' }) ?? {}) as unknown;
  const at = (key: string) => {
    const node = doc.get(key, true) as { range?: [number, number, number] } | undefined;
    const pos = node?.range ? lc.linePos(node.range[0]) : undefined;
    return pos ? { line: pos.line, column: pos.col } : {};
  };
  if (typeof js !== 'object' || Array.isArray(js) || js === null) {
    throw inputError('ingest', 'bad-project', 'the project file must be a map of settings (sources:, cases:, codebooks:, …)', { file, line: 1, column: 1, hint: 'see the README for an example qda.yaml' });
  }
  const o = js as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (KEYS.includes(k)) continue;
    // a misspelled setting (codebok:, Sources:, languge:) would silently run without it: an error
    const near = nearKey(k);
    if (near) {
      throw inputError('ingest', 'misspelled-project-key', `unknown setting "${k}": did you mean "${near}"? (without it qda would run with the default ${near})`, { file, path: `/${k}`, ...at(k), expected: [near], hint: `rename "${k}:" to "${near}:"` });
    }
    report?.({ severity: 'warning', source: 'ingest', ruleId: 'unknown-project-key', message: `unknown setting "${k}" (ignored)`, file, ...at(k), expected: SETTINGS });
  }
  for (const k of ['output', 'out']) {
    if (o[k] !== undefined && o[k] !== null) {
      report?.({ severity: 'warning', source: 'ingest', ruleId: 'unused-project-key', message: `"${k}: ${String(o[k])}" is not used: the output goes where -o says (qda run: out/ unless -o DIR is given)`, file, ...at(k), hint: `give the folder on the command line, e.g. qda run -o ${String(o[k])}, and remove "${k}:" from the project file` });
    }
  }
  const list = (key: string): string[] | undefined => {
    const v = o[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return [v];
    if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) return v.map(String);
    throw inputError('ingest', 'bad-project', `"${key}" must be a string or a list of strings`, { file, path: `/${key}`, ...at(key), hint: `write e.g. ${key}: [a, b]` });
  };
  const cfg: { -readonly [K in keyof ProjectConfig]: ProjectConfig[K] } = { file, dir };
  // where each file named is written (for "not found" at the moment it is read)
  const places: Record<string, ProjectPlace> = {};
  const place = (keys: Array<string | number>) => {
    const node = doc.getIn(keys, true) as { range?: [number, number, number]; value?: unknown } | undefined;
    if (!node?.range || (typeof node.value !== 'string' && typeof node.value !== 'number')) return;
    const pos = lc.linePos(node.range[0]);
    places['/' + keys.join('/')] = { line: pos.line, column: pos.col, value: String(node.value) };
  };
  for (const k of ['sources', 'codebooks']) {
    const v = o[k];
    if (Array.isArray(v)) v.forEach((_, i) => place([k, i]));
    else {
      place([k]);
      // (a single value is the list's entry 0)
      if (places['/' + k]) places[`/${k}/0`] = places['/' + k];
    }
  }
  for (const k of ['cases', 'guide', 'framework']) place([k]);
  const sv = o.survey as Record<string, unknown> | undefined;
  if (sv && typeof sv === 'object') {
    if (Array.isArray(sv.data)) sv.data.forEach((_, i) => place(['survey', 'data', i]));
    else {
      place(['survey', 'data']);
      if (places['/survey/data']) places['/survey/data/0'] = places['/survey/data'];
    }
    place(['survey', 'spec']);
  }
  if (Object.keys(places).length) cfg.places = places;
  const sources = list('sources');
  if (sources) cfg.sources = sources;
  const codebooks = list('codebooks');
  if (codebooks) {
    // a file beside qda.yaml → absolute (qda code resolves against cwd, run/report against the project)
    const isFile = (p: string) => stat(p).then((st) => st.isFile(), () => false);
    cfg.codebooks = await Promise.all(
      codebooks.map(async (c) => (isBuiltinCodebookId(c) || isAbsolute(c) || !(await isFile(resolve(dir, c))) ? c : resolve(dir, c))),
    );
  }
  const interviewers = list('interviewers') ?? list('interviewer');
  if (interviewers) cfg.interviewers = interviewers;
  const lang = o.language ?? o.lang;
  if (lang !== undefined) {
    if (lang !== 'nl' && lang !== 'en') {
      throw inputError('ingest', 'bad-project', `unknown language "${String(lang)}"`, { file, path: '/language', ...at(o.language !== undefined ? 'language' : 'lang'), expected: ['nl', 'en'], hint: 'write language: nl or language: en' });
    }
    cfg.language = lang;
  }
  const cases = o.cases;
  if (typeof cases === 'string') cfg.cases = cases;
  else if (cases && typeof cases === 'object' && !Array.isArray(cases)) {
    const map: Record<string, Record<string, string>> = {};
    for (const [src, attrs] of Object.entries(cases as Record<string, unknown>)) {
      if (!attrs || typeof attrs !== 'object' || Array.isArray(attrs)) {
        throw inputError('ingest', 'bad-project', `case attributes of "${src}" must be a map (team: A, date: 2024-03-01, …)`, { file, path: `/cases/${src}`, ...at('cases'), hint: 'write cases: { source-id: { case: R01, team: A } } or cases: cases.csv' });
      }
      map[src] = Object.fromEntries(
        Object.entries(attrs as Record<string, unknown>)
          .filter(([, v]) => v !== null && v !== undefined)
          .map(([k, v]) => [k, v instanceof Date ? v.toISOString().slice(0, 10) : String(v)]),
      );
    }
    cfg.caseAttributes = map;
    const lines: Record<string, number> = {};
    const node = doc.get('cases', true) as { items?: Array<{ key?: { range?: [number, number, number]; value?: unknown } }> } | undefined;
    for (const it of node?.items ?? []) {
      const r = it.key?.range;
      if (r && it.key?.value !== undefined) lines[String(it.key.value)] = lc.linePos(r[0]).line;
    }
    cfg.caseLines = lines;
  } else if (cases !== undefined && cases !== null) {
    throw inputError('ingest', 'bad-project', '"cases" must be a path to a CSV or a map of source → attributes', { file, path: '/cases', ...at('cases'), hint: 'write cases: cases.csv' });
  }
  const store = o.codingsStore ?? o.codings_store;
  if (store !== undefined) {
    if (store !== 'inline' && store !== 'file') throw inputError('ingest', 'bad-project', `codingsStore must be "inline" or "file"`, { file, path: '/codingsStore', ...at('codingsStore'), expected: ['inline', 'file'] });
    cfg.codingsStore = store;
  }
  const cf = o.codingsFile ?? o.codings_file;
  if (typeof cf === 'string') cfg.codingsFile = cf;
  const guide = o.guide;
  if (typeof guide === 'string' && guide.trim()) cfg.guide = resolve(dir, guide.trim());
  else if (guide !== undefined && guide !== null) {
    throw inputError('ingest', 'bad-project', '"guide" must be the path of the interview guide', { file, path: '/guide', ...at('guide'), hint: 'write guide: topics.yaml' });
  }
  const framework = o.framework;
  if (typeof framework === 'string' && framework.trim()) cfg.framework = resolve(dir, framework.trim());
  else if (framework !== undefined && framework !== null) {
    throw inputError('ingest', 'bad-project', '"framework" must be the path of the judgements CSV', { file, path: '/framework', ...at('framework'), hint: 'write framework: oordelen.csv (columns: case or group, dimension, judgement, level)' });
  }
  if (o.groups !== undefined && o.groups !== null) cfg.groups = parseGroups(o.groups, file, at('groups'));
  if (o.survey !== undefined && o.survey !== null) cfg.survey = parseSurvey(o.survey, file, dir, at('survey'), report);
  return cfg;
}

const SURVEY_KEYS = ['data', 'spec', 'group', 'test-small', 'testSmall', 'permutations', 'seed'];

/** `survey: {data: FILE or [FILES], spec: SPEC.yaml, group: COLUMN, test-small: true, permutations: N, seed: S}`. */
function parseSurvey(v: unknown, file: string, dir: string, pos: { line?: number; column?: number }, report?: Report): ProjectSurvey {
  const hint = 'write survey: { data: survey/antwoorden.csv, spec: survey/vragenlijst.yaml } (paths relative to the project file)';
  const bad = (path: string, what: string) => inputError('ingest', 'bad-project', what, { file, path, ...pos, hint });
  if (typeof v !== 'object' || Array.isArray(v)) throw bad('/survey', '"survey" must be a map with data: (the responses, CSV or XLSX) and spec: (the survey spec)');
  const m = v as Record<string, unknown>;
  for (const k of Object.keys(m)) {
    if (!SURVEY_KEYS.includes(k)) report?.({ severity: 'warning', source: 'ingest', ruleId: 'unknown-project-key', message: `unknown setting "survey/${k}" (ignored)`, file, ...pos, expected: ['data', 'spec', 'group', 'test-small', 'permutations', 'seed'] });
  }
  const data = typeof m.data === 'string' ? [m.data] : Array.isArray(m.data) && m.data.length && m.data.every((x) => typeof x === 'string' && x.trim()) ? (m.data as string[]) : undefined;
  if (!data || !data.every((x) => x.trim())) throw bad('/survey/data', 'survey/data must name the response file(s) (CSV or XLSX)');
  const out: { -readonly [K in keyof ProjectSurvey]: ProjectSurvey[K] } = { data: data.map((x) => resolve(dir, x.trim())) };
  if (m.spec !== undefined && m.spec !== null) {
    if (typeof m.spec !== 'string' || !m.spec.trim()) throw bad('/survey/spec', 'survey/spec must be the path of the survey spec (YAML)');
    out.spec = resolve(dir, m.spec.trim());
  }
  if (m.group !== undefined && m.group !== null) {
    if (typeof m.group !== 'string' || !m.group.trim()) throw bad('/survey/group', 'survey/group must be the name of the group column');
    out.group = m.group.trim();
  }
  const ts = m['test-small'] ?? m.testSmall;
  if (ts !== undefined && ts !== null) {
    if (typeof ts !== 'boolean') throw bad('/survey/test-small', 'survey/test-small must be true or false');
    out.testSmall = ts;
  }
  for (const k of ['permutations', 'seed'] as const) {
    const x = m[k];
    if (x === undefined || x === null) continue;
    if (typeof x !== 'number' || !Number.isInteger(x) || x < 0) throw bad(`/survey/${k}`, `survey/${k} must be a whole number ≥ 0`);
    out[k] = x;
  }
  return out;
}

/** `groups:` → nouns per group value; a plain string is the plural in both languages. */
function parseGroups(v: unknown, file: string, pos: { line?: number; column?: number }): Record<string, ProjectGroupNouns> {
  const hint = 'write groups: { wijkcoach: { nl: wijkcoaches, en: neighbourhood coaches, singular: { nl: wijkcoach, en: neighbourhood coach } } }';
  const bad = (path: string, what: string) => inputError('ingest', 'bad-project', what, { file, path, ...pos, hint });
  if (typeof v !== 'object' || Array.isArray(v)) throw bad('/groups', '"groups" must be a map of group value → nouns');
  const out: Record<string, ProjectGroupNouns> = {};
  const langs = (x: unknown, path: string): { nl?: string; en?: string } => {
    if (typeof x === 'string') return { nl: x, en: x };
    if (!x || typeof x !== 'object' || Array.isArray(x)) throw bad(path, `${path.slice(1)} must be a noun or a map { nl: …, en: … }`);
    const r: { nl?: string; en?: string } = {};
    for (const [k, val] of Object.entries(x as Record<string, unknown>)) {
      if (k === 'singular' && path.split('/').length === 3) continue;
      if (k !== 'nl' && k !== 'en') throw bad(`${path}/${k}`, `unknown key "${k}" in ${path.slice(1)} (nl, en${path.split('/').length === 3 ? ', singular' : ''})`);
      if (typeof val !== 'string' || !val.trim()) throw bad(`${path}/${k}`, `${path.slice(1)}/${k} must be a noun`);
      r[k] = val.trim();
    }
    return r;
  };
  for (const [group, spec] of Object.entries(v as Record<string, unknown>)) {
    const path = `/groups/${group}`;
    const plural = langs(spec, path);
    const sg = spec && typeof spec === 'object' ? (spec as Record<string, unknown>).singular : undefined;
    out[String(group)] = { ...plural, ...(sg !== undefined && sg !== null ? { singular: langs(sg, `${path}/singular`) } : {}) };
  }
  return out;
}
