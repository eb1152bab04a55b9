import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Lang } from '../model/types.js';
import { inputError, type Report } from '../model/errors.js';
import { displayPath } from './read-source.js';

export interface ProjectConfig {
  /** The project file, as displayed (relative to cwd where possible). */
  readonly file: string;
  /** Absolute folder of the project file: relative paths in it resolve against this. */
  readonly dir: string;
  readonly sources?: string[];
  readonly codebooks?: string[];
  /** Path of a cases CSV (relative to `dir`). */
  readonly cases?: string;
  readonly language?: Lang;
  readonly interviewers?: string[];
  /** Inline case attributes: source id or file name → attributes (a `case` key sets the case id). */
  readonly caseAttributes?: Record<string, Record<string, string>>;
  readonly codingsStore?: 'inline' | 'file';
  readonly codingsFile?: string;
}

const KEYS = ['sources', 'codebooks', 'cases', 'language', 'lang', 'interviewers', 'interviewer', 'codingsStore', 'codings_store', 'codingsFile', 'codings_file', 'coder', 'guide', 'name', 'title', 'description', 'output', 'out'];

/**
 * Read `qda.yaml` (or the given project file). Without `configPath`, looks for
 * qda.yaml / qda.yml in `cwd` and returns undefined when there is none.
 * Errors name the file, line and column.
 */
export async function readProject(cwd: string, configPath?: string, report?: Report): Promise<ProjectConfig | undefined> {
  let full: string | undefined;
  let text: string | undefined;
  if (configPath) {
    full = resolve(cwd, configPath);
    try {
      text = await readFile(full, 'utf8');
    } catch {
      throw inputError('ingest', 'file-not-found', 'project file not found', { file: displayPath(cwd, full), hint: 'check the --config path' });
    }
  } else {
    for (const name of ['qda.yaml', 'qda.yml']) {
      try {
        full = resolve(cwd, name);
        text = await readFile(full, 'utf8');
        break;
      } catch {
        full = undefined;
      }
    }
    if (!full || text === undefined) return undefined;
  }
  return parseProject(text.replace(/^\uFEFF/, ''), displayPath(cwd, full), dirname(full), report);
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
  const js = (doc.toJS() ?? {}) as unknown;
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
    if (!KEYS.includes(k)) report?.({ severity: 'warning', source: 'ingest', ruleId: 'unknown-project-key', message: `unknown setting "${k}" (ignored)`, file, ...at(k), expected: ['sources', 'codebooks', 'cases', 'language', 'interviewers', 'codingsStore', 'codingsFile', 'coder', 'guide'] });
  }
  const list = (key: string): string[] | undefined => {
    const v = o[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return [v];
    if (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) return v.map(String);
    throw inputError('ingest', 'bad-project', `"${key}" must be a string or a list of strings`, { file, path: `/${key}`, ...at(key), hint: `write e.g. ${key}: [a, b]` });
  };
  const cfg: { -readonly [K in keyof ProjectConfig]: ProjectConfig[K] } = { file, dir };
  const sources = list('sources');
  if (sources) cfg.sources = sources;
  const codebooks = list('codebooks');
  if (codebooks) cfg.codebooks = codebooks;
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
  return cfg;
}
