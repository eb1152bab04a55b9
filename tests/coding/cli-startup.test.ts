/**
 * Start-up path of `qda code`: what a small run loads. The CLI sources are transpiled to
 * plain JS (as in a build) and run in a child process that records every module resolved
 * (ESM) or required (CJS). Heavy modules must not load before they are needed: yaml only
 * when a qda.yaml exists (built-in codebooks come precompiled), ajv never for built-ins,
 * worker threads only for a large corpus, the codings reader only with --codings.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync, existsSync, symlinkSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { transpileTree } from '../helpers/transpile.js';
import { parseCodebook } from '../../src/codebook/parse-codebook.js';

const root = resolve(__dirname, '../..');
const out = join(root, 'node_modules/.cache/qdakit-startup-test');
const BOOK = 'coordination-collaboration';

const transpile = (entry: string): void => void transpileTree(entry, out);

const have = existsSync(join(root, 'codebooks', `${BOOK}.yaml`));

describe.skipIf(!have)('qda code start-up: modules loaded (skipped: needs the built-in codebook in codebooks/)', () => {
  beforeAll(() => {
    rmSync(out, { recursive: true, force: true });
    transpile(join(root, 'src/cli/main.ts'));
    transpile(join(root, 'src/coding/worker.ts'));
    symlinkSync(join(root, 'codebooks'), join(out, 'codebooks'));
    // the precompiled built-in, as scripts/build-builtins.mjs writes it
    const bytes = readFileSync(join(root, 'codebooks', `${BOOK}.yaml`));
    const book = parseCodebook(bytes.toString('utf8'), { file: `codebooks/${BOOK}.yaml` });
    mkdirSync(join(out, 'src/builtin-codebooks'), { recursive: true });
    writeFileSync(join(out, 'src/builtin-codebooks', `${BOOK}.json`), JSON.stringify({ sha256: createHash('sha256').update(bytes).digest('hex'), book }));
    writeFileSync(join(out, 'hooks.mjs'), `export async function resolve(spec, ctx, next) { const r = await next(spec, ctx); process.stderr.write('LOADED ' + r.url + '\\n'); return r; }\n`);
    writeFileSync(join(out, 'register.mjs'), `import { register } from 'node:module';\nregister(new URL('./hooks.mjs', import.meta.url));\n`);
    writeFileSync(
      join(out, 'run.mjs'),
      `import { createRequire } from 'node:module';\nimport { main } from './src/cli/main.js';\nprocess.exitCode = await main(process.argv.slice(2));\nfor (const k of Object.keys(createRequire(import.meta.url).cache)) process.stderr.write('LOADED ' + k + '\\n');\n`,
    );
  }, 60_000);

  /** The packages (node_modules) and qdakit modules a run loaded. */
  function loaded(args: string[], files: Record<string, string>): { packages: string[]; modules: string[]; status: number | null } {
    const dir = mkdtempSync(join(tmpdir(), 'qda-startup-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const r = spawnSync(process.execPath, ['--import', join(out, 'register.mjs'), join(out, 'run.mjs'), ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const urls = r.stderr.split('\n').filter((l) => l.startsWith('LOADED ')).map((l) => decodeURIComponent(l.slice(7)));
    const packages = [...new Set(urls.map((u) => /node_modules\/((?:@[^/]+\/)?[^/.][^/]*)\//.exec(u)?.[1]).filter((p): p is string => !!p))].sort();
    const modules = [...new Set(urls.map((u) => /qdakit-startup-test\/src\/(.+)\.js$/.exec(u)?.[1]).filter((p): p is string => !!p))].sort();
    return { packages, modules, status: r.status };
  }

  const transcript = { 'a.txt': 'Interviewer: Hoe gaat het?\n\nRespondent: De samenwerking met de gemeente is goed.\n' };

  it('a built-in codebook, no qda.yaml: commander and the stemmer only (no yaml, ajv, worker threads, codings reader)', () => {
    const r = loaded(['code', 'a.txt', '-c', BOOK, '-o', 'c.json'], transcript);
    expect(r.status).toBe(0);
    expect(r.packages.filter((p) => p !== 'commander' && p !== 'snowball-stemmers')).toEqual([]);
    expect(r.modules).toContain('cli/commands/code');
    for (const m of ['coding/parallel', 'ingest/read-codings', 'codebook/parse-codebook', 'codebook/validate-codebook']) expect(r.modules).not.toContain(m);
  });

  it('with a qda.yaml: yaml is loaded for it, ajv still not', () => {
    const r = loaded(['code', 'a.txt', '-o', 'c.json'], { ...transcript, 'qda.yaml': `codebooks: [${BOOK}]\n` });
    expect(r.status).toBe(0);
    expect(r.packages).toContain('yaml');
    expect(r.packages).not.toContain('ajv');
  });
});
