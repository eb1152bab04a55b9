/**
 * Worker threads and child processes cannot load .ts: transpile an entry file and everything it
 * imports relatively (static and dynamic imports) to plain JS under `outDir`, keeping the layout
 * below the repository root. Returns the file URL of the transpiled entry.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function transpileTree(entry: string, outDir: string): URL {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    const js = ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
    const target = join(outDir, file.slice(ROOT.length)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, js);
    for (const m of code.matchAll(/(?:from\s+|import\(\s*)['"](\.[^'"]+)['"]/g)) {
      const dep = resolve(dirname(file), m[1].replace(/\.js$/, '.ts'));
      if (existsSync(dep)) visit(dep);
    }
  };
  const abs = resolve(ROOT, entry);
  visit(abs);
  return pathToFileURL(join(outDir, abs.slice(ROOT.length)).replace(/\.ts$/, '.js'));
}
