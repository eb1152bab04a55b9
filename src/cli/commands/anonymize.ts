import { readFile, readdir, stat, realpath } from 'node:fs/promises';
import { resolve, relative, join, sep, dirname, extname, isAbsolute } from 'node:path';
import { createHash } from 'node:crypto';
import type { Io } from '../io.js';
import type { Diagnostic } from '../../model/types.js';
import { inputError, formatDiagnostic } from '../../model/errors.js';
import type { KeyEntry, NameEntry, PseudonymisedText } from '../../privacy/pseudonymise.js';
import { pushAll } from '../../model/arrays.js';

type Opts = Record<string, unknown>;

/** Text formats that can be rewritten as text (docx, odt, pdf and xlsx cannot). */
const TEXT_EXT = new Set(['.txt', '.md', '.markdown', '.vtt', '.srt', '.csv', '.tsv']);

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) pushAll(out, await walk(p));
    else out.push(p);
  }
  return out;
}

/** The deepest folder that contains every one of `dirs` (absolute paths). */
export function commonBase(dirs: readonly string[]): string {
  let base = dirs[0];
  while (!dirs.every((d) => inside(d, base))) {
    const up = dirname(base);
    if (up === base) break;
    base = up;
  }
  return base;
}

const inside = (child: string, parent: string) => child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);

function csvField(s: string): string {
  return /[",\r\n;]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
const csvRow = (r: readonly (string | number)[]) => r.map((v) => csvField(String(v))).join(',');

async function readCsv(path: string, cwd: string): Promise<{ header: string[]; records: string[][]; lines: number[] }> {
  const { parseCsvRecords } = await import('../../ingest/read-codings.js');
  const text = await readFile(resolve(cwd, path), 'utf8');
  return parseCsvRecords(text, path);
}

async function readNames(path: string, cwd: string): Promise<NameEntry[]> {
  const { header, records } = await readCsv(path, cwd);
  const h = header.map((x) => x.trim().toLowerCase());
  const hasHeader = h.includes('name') || h.includes('naam');
  const rows = hasHeader ? records : [header, ...records];
  const ni = hasHeader ? Math.max(h.indexOf('name'), h.indexOf('naam')) : 0;
  const pi = hasHeader ? Math.max(h.indexOf('pseudonym'), h.indexOf('pseudoniem')) : 1;
  return rows.filter((r) => (r[ni] ?? '').trim()).map((r) => ({ name: r[ni].trim(), ...(pi >= 0 && (r[pi] ?? '').trim() ? { pseudonym: r[pi].trim() } : {}) }));
}

async function readKey(path: string, cwd: string): Promise<KeyEntry[]> {
  const full = resolve(cwd, path);
  if (!(await stat(full).catch(() => undefined))) return [];
  const { header, records, lines } = await readCsv(path, cwd);
  const h = header.map((x) => x.trim().toLowerCase());
  const oi = h.indexOf('original');
  const pi = h.indexOf('pseudonym');
  if (oi < 0 || pi < 0) {
    throw inputError('cli', 'bad-key-file', 'the key file needs the columns original and pseudonym', { file: path, line: 1, actual: header.join(','), hint: 'a key file is written by `qda anonymize --key FILE`: original,pseudonym,kind' });
  }
  const ki = h.indexOf('kind');
  return records
    .map((r, i) => ({ r, line: lines[i] }))
    .filter(({ r }) => (r[oi] ?? '').trim())
    .map(({ r, line }) => {
      const pseudonym = (r[pi] ?? '').trim();
      if (!pseudonym) throw inputError('cli', 'bad-key-file', `row has no pseudonym for "${r[oi]}"`, { file: path, line, hint: 'fill in a pseudonym or delete the row' });
      const kind = ((ki >= 0 ? r[ki] : '') || 'person').trim() as KeyEntry['kind'];
      return { original: r[oi].trim(), pseudonym, kind };
    });
}

export async function run(opts: Opts, io: Io): Promise<number> {
  const inputs = (opts.inputs as string[] | undefined) ?? [];
  const out = opts.out as string;
  if (!inputs.length) throw inputError('cli', 'no-inputs', 'give the files or folders to pseudonymise', { hint: 'qda anonymize interviews -o anon' });
  const outDir = resolve(io.cwd, out);
  const outReal = await realpath(outDir).catch(() => outDir);
  const report = (d: Diagnostic) => io.stderr.write(formatDiagnostic(d) + '\n');

  // 1. the input files
  const files: string[] = [];
  const folders: string[] = [];
  const anchors: string[] = [];
  for (const i of inputs) {
    const full = resolve(io.cwd, i);
    const st = await stat(full);
    if (st.isDirectory()) {
      folders.push(full);
      for (const f of await walk(full)) if (!files.includes(f)) files.push(f);
      anchors.push(inputs.length === 1 ? full : dirname(full));
    } else {
      if (!files.includes(full)) files.push(full);
      anchors.push(dirname(full));
    }
  }
  for (const f of folders) {
    const real = await realpath(f);
    if (inside(outReal, real) || inside(outDir, f)) {
      throw inputError('cli', 'out-overlaps-input', `the output folder "${out}" is (inside) the input folder "${relative(io.cwd, f) || '.'}"`, {
        hint: 'anonymize never writes next to or over the sources: choose a folder outside the inputs, e.g. -o ../anon',
      });
    }
  }
  // nor into a folder that holds the inputs (the pseudonymised files would lie next to the sources)
  for (const i of inputs) {
    const full = resolve(io.cwd, i);
    const real = await realpath(full).catch(() => full);
    if (inside(full, outDir) || inside(real, outReal)) {
      throw inputError('cli', 'out-overlaps-input', `the output folder "${out}" contains the input "${i}"`, {
        hint: 'anonymize never writes next to or over the sources: choose a folder outside the inputs, e.g. -o ../anon',
      });
    }
  }
  const keyPath = opts.key as string | undefined;
  const helpers = new Set([keyPath, opts.names as string | undefined, opts.codings as string | undefined].filter((x): x is string => !!x).map((x) => resolve(io.cwd, x)));
  if (keyPath && inside(resolve(io.cwd, keyPath), outDir)) {
    throw inputError('cli', 'key-in-output', `the key file "${keyPath}" lies inside the output folder "${out}"`, { hint: 'keep the key apart from the pseudonymised files you share, e.g. --key ../sleutel.csv' });
  }
  const texts = files.filter((f) => {
    if (helpers.has(f)) return false;
    if (TEXT_EXT.has(extname(f).toLowerCase())) return true;
    report({ severity: 'warning', source: 'cli', ruleId: 'unsupported-format', message: 'not a text file; skipped (convert .docx/.odt/.pdf to .txt first to pseudonymise it)', file: relative(io.cwd, f) });
    return false;
  });
  if (!texts.length) throw inputError('cli', 'no-text-files', 'none of the inputs is a text file (.txt, .md, .vtt, .srt, .csv)', { hint: 'save the transcripts as .txt' });

  // output paths: relative to the common base folder of the inputs — one folder: the folder
  // itself (`qda anonymize samples/interviews -o anon` writes anon/*.txt); several folders (or
  // files): their common parent, so the folder names are kept (anon/interviews/…, anon/observations/…)
  const base = commonBase(anchors);
  const rel = (f: string) => relative(base, f).split(sep).join('/');
  const targets = new Map<string, string>();
  for (const f of texts) {
    const r = rel(f);
    if (r.startsWith('..') || isAbsolute(r)) throw inputError('cli', 'bad-path', `cannot place ${f} under the output folder`);
    const t = resolve(outDir, r);
    if (t === f || (await realpath(f)) === (await realpath(t).catch(() => t))) {
      throw inputError('cli', 'out-overlaps-input', `writing "${relative(io.cwd, t)}" would overwrite the source "${relative(io.cwd, f)}"`, { hint: 'choose an output folder outside the inputs' });
    }
    targets.set(f, t);
  }

  // 2. names and key
  const { Pseudonymiser } = await import('../../privacy/pseudonymise.js');
  const names = opts.names ? await readNames(opts.names as string, io.cwd) : [];
  const key = keyPath ? await readKey(keyPath, io.cwd) : [];
  const ps = new Pseudonymiser({ names, key, heuristics: opts.heuristics !== false });

  // 3. decode, learn, apply
  const { decodeBytes } = await import('../../ingest/decode.js');
  const decoded = new Map<string, string>();
  for (const f of texts) {
    const bytes = new Uint8Array(await readFile(f));
    const d = await decodeBytes(bytes, { file: relative(io.cwd, f) });
    decoded.set(f, d.text);
    ps.learn(d.text);
  }
  const results = new Map<string, PseudonymisedText>();
  const reportRows: Array<Array<string | number>> = [];
  for (const f of texts) {
    const r = ps.apply(decoded.get(f)!);
    results.set(f, r);
    for (const e of r.edits) reportRows.push([relative(outDir, targets.get(f)!).split(sep).join('/'), e.line, e.column, e.original, e.replacement, e.kind, e.rule]);
  }

  // 4. codings
  let codingsOut: string | undefined;
  if (opts.codings) {
    const { readCodings } = await import('../../ingest/read-codings.js');
    const { remapCodings } = await import('../../privacy/remap.js');
    const doc = await readCodings(opts.codings as string, { cwd: io.cwd });
    const bySource = new Map<string, { text: string; edits: PseudonymisedText['edits']; path?: string; sha256?: string }>();
    for (const s of doc.sources) {
      const file = texts.find((f) => f === resolve(io.cwd, s.path));
      if (file && decoded.get(file) === s.text) {
        const r = results.get(file)!;
        const t = targets.get(file)!;
        bySource.set(s.id, { text: r.text, edits: r.edits, path: relative(io.cwd, t).split(sep).join('/'), sha256: createHash('sha256').update(r.text, 'utf8').digest('hex') });
      } else if (s.text) {
        const r = ps.apply(s.text);
        for (const e of r.edits) reportRows.push([`codings.json#${s.id}`, e.line, e.column, e.original, e.replacement, e.kind, e.rule]);
        bySource.set(s.id, { text: r.text, edits: r.edits });
        if (file) report({ severity: 'warning', source: 'cli', ruleId: 'codings-text-differs', message: `the text of source "${s.id}" in the codings document differs from the file; its codings follow the document's text`, file: s.path });
      }
    }
    const next = remapCodings(doc, bySource, (s) => ps.apply(s).text);
    codingsOut = JSON.stringify(next, null, 2) + '\n';
  }

  // 5. write: outputs, report, codings, key
  const { writeFileAtomic } = await import('../../export/write-file-atomic.js');
  for (const f of texts) await writeFileAtomic(targets.get(f)!, results.get(f)!.text);
  const header = ['file', 'line', 'column', 'original', 'replacement', 'kind', 'rule'];
  await writeFileAtomic(join(outDir, 'anonymize-report.csv'), [csvRow(header), ...reportRows.map(csvRow)].join('\n') + '\n');
  if (codingsOut) await writeFileAtomic(join(outDir, 'codings.json'), codingsOut);
  if (keyPath) {
    const rows = ps.keyEntries().map((k) => csvRow([k.original, k.pseudonym, k.kind]));
    await writeFileAtomic(resolve(io.cwd, keyPath), [csvRow(['original', 'pseudonym', 'kind']), ...rows].join('\n') + '\n');
  }
  const kinds = new Map<string, number>();
  for (const r of reportRows) kinds.set(String(r[5]), (kinds.get(String(r[5])) ?? 0) + 1);
  const heur = reportRows.filter((r) => String(r[6]).startsWith('heuristic')).length;
  io.stdout.write(
    `pseudonymised ${texts.length} file(s) into ${out}: ${reportRows.length} replacement(s) (${[...kinds].sort().map(([k, n]) => `${n} ${k}`).join(', ') || 'none'})` +
      `${heur ? `; ${heur} by heuristics: review them in ${join(out, 'anonymize-report.csv')}` : ''}${keyPath ? `; key: ${keyPath}` : ''}\n`,
  );
  return 0;
}
