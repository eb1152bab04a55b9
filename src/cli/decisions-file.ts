/**
 * The decisions file of `qda review` (the file store, its default): where review writes it, and
 * which such files `qda code`, `qda run` and `qda report` read as human codings. They were read
 * by no command unless named with `--codings`: a review's accepted, changed and added codings
 * were left out of every count after it, without a word.
 */
import { stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Diagnostic } from '../model/types.js';
import type { ProjectConfig } from '../ingest/read-project.js';
import { displayPath } from '../ingest/read-source.js';

/** The decisions file's name when neither --decisions nor `codingsFile:` names one. */
export const DECISIONS_FILE = 'qda-decisions.json';

/** The folder an input stands for: itself when a folder, else the folder of the file. */
async function folderOf(cwd: string, input: string): Promise<string> {
  const full = resolve(cwd, input);
  const st = await stat(full).catch(() => undefined);
  return st?.isDirectory() ? full : dirname(full);
}

/**
 * Where `qda review` keeps its decisions: --decisions, else `codingsFile:` of qda.yaml, else
 * qda-decisions.json in the first input's folder (the input itself when it is a folder).
 */
export async function decisionsPathOf(cwd: string, project: ProjectConfig | undefined, inputs: readonly string[], given?: string): Promise<string> {
  if (given) return resolve(cwd, given);
  if (project?.codingsFile) return resolve(project.dir, project.codingsFile);
  return join(await folderOf(cwd, inputs[0] ?? '.'), DECISIONS_FILE);
}

/**
 * The decisions files of `qda review` that belong to these inputs and exist: `codingsFile:` of
 * qda.yaml, else qda-decisions.json in the folder of any input (as review put it for the inputs it
 * was given) or of the project. None when the project keeps decisions inline (markers in the
 * sources, read with them); an existing file is then named in a warning, since it is not read.
 */
export async function reviewDecisionsFiles(cwd: string, project: ProjectConfig | undefined, inputs: readonly string[], report: (d: Diagnostic) => void): Promise<string[]> {
  const candidates = new Set<string>();
  if (project?.codingsFile) candidates.add(resolve(project.dir, project.codingsFile));
  else {
    for (const i of inputs) candidates.add(join(await folderOf(cwd, i), DECISIONS_FILE));
    if (project) candidates.add(join(project.dir, DECISIONS_FILE));
  }
  const found: string[] = [];
  for (const c of candidates) if (await stat(c).then((s) => s.isFile(), () => false)) found.push(c);
  if (project?.codingsStore === 'inline') {
    for (const f of found) {
      report({
        severity: 'warning',
        source: 'cli',
        ruleId: 'decisions-file-not-read',
        message: `${project.file} keeps review decisions inline (codingsStore: inline), so this decisions file of qda review is not read: the human codings in it do not count`,
        file: displayPath(cwd, f),
        hint: `add them with --codings ${displayPath(cwd, f)}, or set codingsStore: file in ${project.file}`,
      });
    }
    return [];
  }
  return found;
}

/** The info that a decisions file was read as human codings. */
export function decisionsReadNote(cwd: string, file: string): Diagnostic {
  return {
    severity: 'info',
    source: 'cli',
    ruleId: 'decisions-file-read',
    message: 'the decisions of qda review in this file are read as human codings',
    file: displayPath(cwd, file),
    hint: 'move or rename the file to leave them out',
  };
}
