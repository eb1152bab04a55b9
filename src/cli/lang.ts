import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Lang } from '../model/types.js';
import { inputError } from '../model/errors.js';
import type { Io } from './io.js';

/**
 * The one language of a run, for every command: `--lang`, else `QDA_LANG` (nl…, en…), else the
 * `language:` of the nearest qda.yaml (the `--config` file, else the first found from each
 * input's folder upwards, else from the current folder upwards), else the language a codings
 * document given as input was made in (recordedLanguage), else English. Commands that
 * have read their project already pass its language and file (`project`), so the two agree.
 */
export async function resolveLang(
  io: Io,
  opts: { readonly lang?: unknown; readonly config?: unknown },
  inputs: readonly unknown[] = [],
  project?: { readonly language?: Lang; readonly file?: string },
): Promise<Lang> {
  const explicit = typeof opts.lang === 'string' && opts.lang ? opts.lang : undefined;
  if (explicit !== undefined) {
    if (explicit === 'nl' || explicit === 'en') return explicit;
    throw inputError('cli', 'unknown-lang', `unknown language "${explicit}"`, { expected: ['nl', 'en'], hint: 'use --lang nl or --lang en' });
  }
  const env = (io.env?.QDA_LANG ?? '').toLowerCase();
  if (env.startsWith('nl')) return 'nl';
  if (env.startsWith('en')) return 'en';
  if (project?.file) return project.language ?? 'en';
  const given = inputs.filter((x): x is string => typeof x === 'string' && x !== '' && x !== '-');
  const file = await nearestProjectFile(io, typeof opts.config === 'string' ? opts.config : undefined, given);
  return (file ? await projectLanguage(io, file) : undefined) ?? (await recordedLanguage(io, given)) ?? 'en';
}

/**
 * The language a codings document was made in: `qda code` and `qda run` record their project's
 * `language:` in the provenance (`options.language`), so that `qda matrix codings.json` run where
 * no qda.yaml is near follows the project the codings came from. Read from the head of the file.
 */
export async function recordedLanguage(io: Io, inputs: readonly string[]): Promise<Lang | undefined> {
  const { open } = await import('node:fs/promises');
  for (const inp of inputs) {
    if (!/\.json$/i.test(inp)) continue;
    // only a regular file: opening a named pipe blocks until someone writes to it (the command says so later)
    const full = resolve(io.cwd, inp);
    if (!(await stat(full).then((s) => s.isFile(), () => false))) continue;
    const fh = await open(full, 'r').catch(() => undefined);
    if (!fh) continue;
    try {
      const buf = Buffer.alloc(16384);
      const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
      const head = buf.subarray(0, bytesRead).toString('utf8');
      const m = /"provenance"\s*:\s*\{\s*"tool"\s*:\s*"qdakit"[\s\S]*?"options"\s*:\s*\{[^{}]*?"language"\s*:\s*"(nl|en)"/.exec(head);
      if (m) return m[1] as Lang;
    } finally {
      await fh.close();
    }
  }
  return undefined;
}

/** The project file that applies (projectFileFor): --config, else in the current folder, else nearest to an input (its folder, then upwards), else above the current folder. */
export async function nearestProjectFile(io: Io, config: string | undefined, inputs: readonly string[]): Promise<string | undefined> {
  // (the rule every command finds its project file by: the language comes from the file whose settings are used)
  const { projectFileFor } = await import('../ingest/read-project.js');
  return (await projectFileFor(io.cwd, inputs.filter((x) => x !== '' && x !== '-'), config))?.file;
}

/** `language:` of a project file, read lightly (a file that cannot be read gives a warning, not an error: the command may not need it). */
async function projectLanguage(io: Io, file: string): Promise<Lang | undefined> {
  try {
    const { parse: parseYaml } = await import('yaml');
    const data = parseYaml(await readFile(file, 'utf8')) as unknown;
    const o = data && typeof data === 'object' ? (data as Record<string, unknown>) : {};
    const l = o.language ?? o.lang;
    if (l === undefined || l === null) return undefined;
    if (l === 'nl' || l === 'en') return l;
    io.stderr.write(`${file}: warning: language "${String(l)}" is not nl or en; writing English [cli:project-language]\n`);
    return undefined;
  } catch (e) {
    io.stderr.write(`${file}: warning: could not read the language (${(e as Error).message.split('\n')[0]}); writing English [cli:project-unreadable]\n`);
    return undefined;
  }
}
