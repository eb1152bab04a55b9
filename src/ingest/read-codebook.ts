import { readFile, stat, readdir } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { resolve, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../model/types.js';
import { inputError, type Report } from '../model/errors.js';
import type { Codebook } from '../codebook/types.js';
import { BUILTIN_CODEBOOK_IDS, isBuiltinCodebookId } from '../codebook/builtins.js';
import { didYouMean } from '../model/did-you-mean.js';
import { refuseSpecialFile } from './regular-file.js';

/** Folder of the built-in codebooks (`codebooks/` at the package root; works from src/ and dist/). */
export function builtinCodebookDir(): string {
  return fileURLToPath(new URL('../../codebooks/', import.meta.url));
}

export function builtinCodebookPath(id: string): string {
  return resolve(builtinCodebookDir(), `${id}.yaml`);
}

export interface ReadCodebookOptions {
  readonly cwd: string;
  readonly report?: Report;
  /** For .qdc imports. */
  readonly id?: string;
}

export interface CodebookSource {
  /** Absolute path of the file. */
  readonly path: string;
  /** As shown in messages (relative to cwd, or `codebooks/<id>.yaml` for built-ins). */
  readonly display: string;
  readonly builtin: boolean;
}

/** = MAX_CODEBOOK_CHARS of parse-codebook.ts (not imported from there: that module loads ajv, yaml and fast-xml-parser). */
const MAX_CODEBOOK_CHARS = 20 * 1024 * 1024;

/** Where a codebook id or path lives. Throws `unknown-codebook` (with did-you-mean) when neither. */
export async function resolveCodebook(idOrPath: string, opts: { cwd: string }): Promise<CodebookSource> {
  const asPath = resolve(opts.cwd, idOrPath);
  const looksLikePath = /[\\/]|\.(ya?ml|json|qdc|xml)$/i.test(idOrPath);
  if (looksLikePath || !isBuiltinCodebookId(idOrPath)) {
    const st = await stat(asPath).catch(() => undefined); // not there: try a built-in id
    const rel = relative(opts.cwd, asPath);
    const display = rel && !rel.startsWith('..') ? rel.split(sep).join('/') : asPath;
    // a named pipe or device would block or never end
    if (st && !st.isFile() && !st.isDirectory()) await refuseSpecialFile(asPath, display, 'codebook');
    if (st?.isFile()) return { path: asPath, display, builtin: false };
  }
  if (isBuiltinCodebookId(idOrPath)) {
    return { path: builtinCodebookPath(idOrPath), display: `codebooks/${idOrPath}.yaml`, builtin: true };
  }
  const expected = didYouMean(idOrPath.replace(/\.(ya?ml|json|qdc)$/i, ''), BUILTIN_CODEBOOK_IDS);
  throw inputError('codebook', 'unknown-codebook', looksLikePath ? `codebook file not found: ${idOrPath}` : `unknown codebook "${idOrPath}": not a built-in codebook and not a file`, {
    ...(expected.length ? { expected } : {}),
    hint: `give a codebook file (.yaml, .json, .qdc) or one of the built-ins: ${BUILTIN_CODEBOOK_IDS.join(', ')}`,
  });
}

async function readText(src: CodebookSource): Promise<{ text: string; sha256: string; diagnostics: Diagnostic[] }> {
  // a table is not a codebook (qda codebook export writes CSV/XLSX for reading, not for reading back)
  const table = /\.(csv|tsv|xlsx|xls|ods)$/i.exec(src.path);
  if (table) {
    throw inputError('codebook', 'codebook-format', `a .${table[1].toLowerCase()} table cannot be read as a codebook: codebooks are YAML, JSON or REFI-QDA .qdc`, {
      file: src.display,
      hint: 'write the codebook as YAML (id:, name:, codes: with id, name, parent, definition, rules; see the README), or import a .qdc with qda codebook import; a codings table (source, code columns) is given to the analysis commands, not to -c',
    });
  }
  const st = await stat(src.path);
  if (!st.isFile() && !st.isDirectory()) await refuseSpecialFile(src.path, src.display, 'codebook');
  if (st.size > MAX_CODEBOOK_CHARS) {
    throw inputError('codebook', 'codebook-too-large', `codebook is ${(st.size / 1048576).toFixed(1)} MB; at most ${MAX_CODEBOOK_CHARS / 1048576} MB is read`, {
      file: src.display,
      hint: 'split it into several codebooks (use -c more than once), or remove example text',
    });
  }
  const bytes = await readFile(src.path);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (bytes.includes(0) && !(bytes[0] === 0xff && bytes[1] === 0xfe) && !(bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw inputError('codebook', 'binary-codebook', 'this is a binary file, not a codebook', { file: src.display, hint: 'give a .yaml, .json or .qdc file' });
  }
  let text: string;
  const diagnostics: Diagnostic[] = [];
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      // not UTF-8 (a codebook saved as Windows-1252 by Notepad or Excel, "Co\xf6rdinatie"): each such
      // byte was read as U+FFFD without a word, so keywords with ö or é never matched and names showed
      // "Co�rdinatie"; now decoded as the sources are (Windows-1252, or UTF-8 with its few bad bytes
      // repaired), and said
      const { decodeBytes } = await import('./decode.js');
      const d = await decodeBytes(bytes, { file: src.display, report: (x) => diagnostics.push(x) });
      text = d.text;
      if (d.encoding === 'windows-1252') {
        diagnostics.push({
          severity: 'warning',
          source: 'codebook',
          ruleId: 'codebook-not-utf8',
          file: src.display,
          message: 'the codebook is not UTF-8: read as Windows-1252 (its accented letters and signs as that encoding writes them)',
          hint: 'save the codebook as UTF-8 (in Notepad: Save as, Encoding UTF-8), so that every program reads it alike',
        });
      }
    }
  }
  return { text, sha256, diagnostics };
}

/**
 * A built-in codebook precompiled at build time (scripts/build-builtins.mjs writes
 * dist/builtin-codebooks/<id>.json with the full parser's result and the YAML's sha256).
 * Used only when the hash matches the YAML read now; undefined otherwise.
 */
async function precompiledBuiltin(id: string, sha256: string): Promise<Codebook | undefined> {
  if (!/^[a-z0-9-]+$/.test(id)) return undefined;
  try {
    const j = JSON.parse(await readFile(new URL(`../builtin-codebooks/${id}.json`, import.meta.url), 'utf8')) as { sha256?: string; book?: Codebook };
    return j.sha256 === sha256 && j.book && typeof j.book === 'object' ? j.book : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Fast path for the built-in codebooks (start-up time of `qda code -c <id>`): plain
 * YAML.parse + normalise + validate, without loading ajv (schema compile ~200 ms),
 * fast-xml-parser and the YAML position locator. The built-ins are schema-checked by
 * the tests; if anything at all is reported here, undefined is returned and the full
 * parser runs, so messages and warnings are exactly those of parseCodebook.
 */
export async function parseBuiltinCodebookFast(text: string, file: string): Promise<Codebook | undefined> {
  try {
    const { parse } = await import('yaml');
    const raw: unknown = parse(text.replace(/^\uFEFF/, ''), { uniqueKeys: true, maxAliasCount: 100 });
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
    const { normaliseCodebook } = await import('../codebook/normalise-codebook.js');
    const { validateCodebook } = await import('../codebook/validate-codebook.js');
    const diags: Diagnostic[] = [];
    const book = normaliseCodebook(raw as Record<string, unknown>, diags, file);
    if (diags.length || validateCodebook(book, { file }).length) return undefined;
    return book;
  } catch {
    return undefined;
  }
}

/** Read, parse and check a codebook (throws QdaInputError listing all errors, with positions). */
export async function readCodebook(idOrPath: string, opts: ReadCodebookOptions): Promise<Codebook> {
  const src = await resolveCodebook(idOrPath, opts);
  const { text, sha256, diagnostics } = await readText(src);
  if (opts.report) for (const d of diagnostics) opts.report(d);
  if (src.builtin && opts.report) await sayFileBesideBuiltin(idOrPath, sha256, opts.cwd, opts.report);
  if (src.builtin && opts.id === undefined) {
    const pre = await precompiledBuiltin(idOrPath, sha256);
    if (pre) return { ...pre, file: src.display, sha256 };
    const fast = await parseBuiltinCodebookFast(text, src.display);
    if (fast) return { ...fast, file: src.display, sha256 };
  }
  const { parseCodebook } = await import('../codebook/parse-codebook.js');
  const book = parseCodebook(text, { file: src.display, report: opts.report, id: opts.id });
  return { ...book, file: src.display, sha256 };
}

/**
 * A built-in id (`-c kaats-opheij`) names the built-in codebook even where a file of that name
 * lies (`kaats-opheij.yaml`, e.g. the built-in exported with `qda codebook export … --format yaml`
 * and adapted): the run then used the built-in without a word. Said when such a file differs
 * from the built-in, with the way to use the file.
 */
async function sayFileBesideBuiltin(id: string, builtinSha: string, cwd: string, report: Report): Promise<void> {
  for (const ext of ['.yaml', '.yml', '.json', '.qdc']) {
    const f = resolve(cwd, id + ext);
    const st = await stat(f).catch(() => undefined);
    if (!st?.isFile() || st.size > MAX_CODEBOOK_CHARS) continue;
    const bytes = await readFile(f).catch(() => undefined);
    if (!bytes || createHash('sha256').update(bytes).digest('hex') === builtinSha) continue;
    const rel = relative(cwd, f).split(sep).join('/');
    report({
      severity: 'warning',
      source: 'codebook',
      ruleId: 'builtin-beside-file',
      message: `"${id}" is the built-in codebook (codebooks/${id}.yaml), not the file ${rel} beside it, which differs from it: ${rel} is not used`,
      file: rel,
      hint: `to code with the file, give its name with the extension (-c ${rel}, or codebooks: [${rel}] in qda.yaml); to use the built-in and silence this, rename or move the file`,
    });
  }
}

/** Like readCodebook, but returns every diagnostic instead of throwing (for `qda codebook validate`). */
export async function readCodebookWithDiagnostics(idOrPath: string, opts: ReadCodebookOptions): Promise<{ book?: Codebook; diagnostics: readonly Diagnostic[]; file: string }> {
  const src = await resolveCodebook(idOrPath, opts);
  const { text, sha256, diagnostics } = await readText(src);
  const { parseCodebookWithDiagnostics } = await import('../codebook/parse-codebook.js');
  const r = parseCodebookWithDiagnostics(text, { file: src.display, id: opts.id });
  return { book: r.book ? { ...r.book, file: src.display, sha256 } : undefined, diagnostics: [...diagnostics, ...r.diagnostics], file: src.display };
}

/** The built-in codebooks that are present in the package (id order of BUILTIN_CODEBOOK_IDS). */
export async function listBuiltinCodebooks(opts: { report?: Report } = {}): Promise<Codebook[]> {
  let files: string[] = [];
  try {
    files = await readdir(builtinCodebookDir());
  } catch {
    return [];
  }
  const out: Codebook[] = [];
  for (const id of BUILTIN_CODEBOOK_IDS) {
    if (!files.includes(`${id}.yaml`)) continue;
    out.push(await readCodebook(id, { cwd: builtinCodebookDir(), report: opts.report }));
  }
  return out;
}

/**
 * Add a codebook read to those of a run, each id once: a second codebook with an id already
 * there is left out and said (`codebook-twice`): the same file or the same bytes given twice, or
 * another codebook under that id, with the codes it has that the first lacks (they are not
 * coded). Both were used by qda run, qda review and qda refi export without a word (each rule
 * twice, its score raised as a second rule's; the codes table with each code twice).
 */
export function addCodebookOnce(books: Codebook[], b: Codebook, given: string, report?: Report): void {
  const twin = books.find((x) => x.id === b.id);
  if (!twin) {
    books.push(b);
    return;
  }
  const first = twin.file ?? twin.id;
  const second = b.file ?? given;
  const same = twin.file === b.file || (twin.sha256 !== undefined && twin.sha256 === b.sha256);
  if (same) {
    report?.({
      severity: 'warning',
      source: 'cli',
      ruleId: 'codebook-twice',
      message: `codebook "${b.id}" is loaded twice (${first} and ${second}); the second is ignored`,
      hint: 'give each codebook once (-c or codebooks: in qda.yaml)',
    });
    return;
  }
  const have = new Set(twin.codes.map((c) => c.id));
  const extra = b.codes.filter((c) => !have.has(c.id)).map((c) => c.id);
  report?.({
    severity: 'warning',
    source: 'cli',
    ruleId: 'codebook-twice',
    message: `codebook "${b.id}" is loaded twice (${first} and ${second}), and the two files differ; the second is ignored${extra.length ? `: its ${extra.length} code${extra.length === 1 ? '' : 's'} that the first lacks (${extra.slice(0, 6).map((x) => `"${x}"`).join(', ')}${extra.length > 6 ? ', …' : ''}) ${extra.length === 1 ? 'is' : 'are'} not coded` : ' (its codes are those of the first; their names or rules may differ)'}`,
    hint: `if both are meant, give one of them another id (id: at the top of ${second}, e.g. "${b.id}-2"); else give only the one meant`,
  });
}
