import { join, resolve } from 'node:path';
import type { CodingsDocument } from '../model/types.js';
import type { RefiImport } from '../ingest/read-refi.js';
import { writeFileAtomic, type AtomicWriteOptions } from './write-file-atomic.js';
import { neutraliseFormula } from './escape.js';
import { buildRefiProject, zipRefiProject, type RefiExportOptions, type RefiProjectFiles } from './refi-project.js';

/** Build and write a .qdpx atomically. Returns the counts written. */
export async function writeRefiProject(doc: CodingsDocument, outPath: string, opts: RefiExportOptions = {}, write: AtomicWriteOptions = {}): Promise<RefiProjectFiles['counts']> {
  const project = buildRefiProject(doc, opts);
  const bytes = await zipRefiProject(project);
  await writeFileAtomic(outPath, bytes, write);
  return project.counts;
}

function csvField(raw: string): string {
  // (=HYPERLINK(…), +, -, @ at the start: neutralised as in every CSV qdakit writes)
  const s = neutraliseFormula(raw);
  return /[",\r\n;]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** cases.csv text: source, case, then every attribute (sorted). */
export function refiCasesCsv(imp: RefiImport): string {
  const keys = [...new Set(imp.cases.flatMap((c) => Object.keys(c.attributes)))].sort();
  const rows = [['source', 'case', ...keys], ...imp.cases.map((c) => [c.source, c.case, ...keys.map((k) => c.attributes[k] ?? '')])];
  return rows.map((r) => r.map(csvField).join(',')).join('\n') + '\n';
}

/**
 * Write an imported project into DIR: sources/<id>.txt, codings.json,
 * codebook.yaml, cases.csv. Only names we choose are written (source ids are
 * sanitised by the reader), so nothing lands outside DIR. `write` (rel with /, data) does
 * the writing when given (the CLI's output folder: staged, never over another's file).
 */
export async function writeRefiImport(imp: RefiImport, dir: string, write?: (rel: string, data: string) => Promise<string>): Promise<{ files: string[] }> {
  const root = resolve(dir);
  const files: string[] = [];
  const put = async (rel: string, data: string) => {
    const full = resolve(root, rel);
    if (!full.startsWith(root + '/') && !full.startsWith(root + '\\')) throw new Error(`refusing to write outside ${root}: ${rel}`);
    if (write) files.push(await write(rel.split('\\').join('/'), data));
    else {
      await writeFileAtomic(full, data);
      files.push(rel);
    }
  };
  for (const s of imp.doc.sources) await put(join('sources', `${s.id}.txt`), s.text);
  const { codingsDocumentText } = await import('./codings-document.js');
  await put('codings.json', codingsDocumentText(imp.doc));
  const YAML = await import('yaml');
  const book = {
    id: imp.codebook.id,
    name: imp.codebook.name,
    codes: imp.codebook.codes.map((c) => ({
      id: c.id,
      ...(c.parent ? { parent: c.parent } : {}),
      name: c.name,
      ...(c.definition ? { definition: c.definition.en ?? c.definition.nl } : {}),
      ...Object.fromEntries((['include', 'exclude', 'indicators', 'examples'] as const).filter((k) => (c[k]?.en ?? c[k]?.nl)?.length).map((k) => [k, c[k]!.en ?? c[k]!.nl])),
      ...(c.color ? { color: c.color } : {}),
      // (a category that is not codable, a code's memos: were left out of codebook.yaml)
      ...(c.codable === false ? { codable: false } : {}),
      ...(c.meta ? { meta: c.meta } : {}),
    })),
  };
  await put('codebook.yaml', `# imported from a REFI-QDA project by qda refi import\n${YAML.stringify(book)}`);
  await put('cases.csv', refiCasesCsv(imp));
  return { files };
}
