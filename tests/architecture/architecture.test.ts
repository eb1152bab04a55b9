import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, dirname, resolve, relative } from 'node:path';

const root = resolve(__dirname, '../..');
const src = join(root, 'src');

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Static `import … from '…'` and `export … from '…'` (not `import type`, not dynamic import()). */
function staticImports(file: string): string[] {
  const code = readFileSync(file, 'utf8');
  const out: string[] = [];
  const re = /^\s*(?:import|export)\s+(?!type\b)([^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;
  for (const m of code.matchAll(re)) {
    const clause = m[1] ?? '';
    // `import { type A, type B } from` is type-only too
    if (/^\s*(?:import|export)\s*\{\s*(?:type\s+[\w$]+\s*,?\s*)+\}\s*from\s*$/.test(m[0].replace(/['"][^'"]+['"]\s*$/, ''))) continue;
    if (clause.trim().startsWith('type ')) continue;
    out.push(m[2]);
  }
  return out;
}

const HEAVY = ['exceljs', 'docx', 'mammoth', 'd3-scale', 'd3-shape', 'd3-scale-chromatic', '@resvg/resvg-js', 'ajv', 'yaml', 'fast-xml-parser', 'fflate', 'natural', 'snowball-stemmers', 'unpdf', 'iconv-lite', 'papaparse', 'cli-progress', 'cli-table3', 'xmllint-wasm'];

describe('architecture', () => {
  it('qda --help stays light: the static import graph of src/cli/main.ts reaches no heavy module', () => {
    const seen = new Set<string>();
    const heavy: string[] = [];
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const spec of staticImports(file)) {
        if (spec.startsWith('.')) {
          const target = resolve(dirname(file), spec.replace(/\.js$/, '.ts'));
          if (existsSync(target)) visit(target);
        } else {
          const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
          if (HEAVY.includes(pkg)) heavy.push(`${relative(root, file)} → ${spec}`);
        }
      }
    };
    visit(join(src, 'cli/main.ts'));
    expect(seen.size).toBeGreaterThan(2);
    expect(heavy).toEqual([]);
  });

  it('the pure layers never touch the file system, the process, the console, the clock or Math.random', () => {
    const pure = ['model', 'codebook', 'coding', 'analysis', 'privacy'].flatMap((d) => walk(join(src, d)));
    // worker-thread orchestration is the one allowed exception in src/coding
    const allowed = new Set(['coding/parallel.ts', 'coding/worker.ts']);
    const bad: string[] = [];
    for (const f of pure) {
      const rel = relative(src, f);
      if (allowed.has(rel)) continue;
      const code = readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
      for (const [re, what] of [
        [/from\s+['"](?:node:)?fs(?:\/promises)?['"]/, 'node:fs'],
        [/import\(\s*['"](?:node:)?fs(?:\/promises)?['"]\s*\)/, 'node:fs'],
        [/\bprocess\.(?!env\b)\w+/, 'process'],
        [/\bconsole\.\w+/, 'console'],
        [/\bDate\.now\(/, 'Date.now()'],
        [/\bnew Date\(\s*\)/, 'new Date()'],
        [/\bMath\.random\(/, 'Math.random()'],
      ] as const) {
        if (re.test(code)) bad.push(`${rel}: ${what}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('no import cycles anywhere in src (static or dynamic imports): e.g. the CLI commands and the pipeline they call', () => {
    const graph = new Map<string, string[]>();
    for (const f of walk(src)) {
      const code = readFileSync(f, 'utf8');
      const deps: string[] = [];
      for (const m of code.matchAll(/(?:from\s+|import\(\s*)['"](\.[^'"]+)['"]/g)) {
        const t = resolve(dirname(f), m[1].replace(/\.js$/, '.ts'));
        if (existsSync(t)) deps.push(t);
      }
      graph.set(f, deps);
    }
    // depth-first search for a back edge; the cycle found is named
    const state = new Map<string, 1 | 2>();
    const cycles: string[] = [];
    const stack: string[] = [];
    const visit = (f: string) => {
      state.set(f, 1);
      stack.push(f);
      for (const d of graph.get(f) ?? []) {
        if (state.get(d) === 1) cycles.push([...stack.slice(stack.indexOf(d)), d].map((x) => relative(src, x)).join(' → '));
        else if (!state.has(d)) visit(d);
      }
      stack.pop();
      state.set(f, 2);
    };
    for (const f of graph.keys()) if (!state.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });
});
