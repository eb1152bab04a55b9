import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('the library (src/index.ts)', () => {
  it('exposes one verb per step of the pipeline', async () => {
    const lib = await import('../../src/index.js');
    for (const name of [
      // ingest
      'readCorpus', 'readCorpusStream', 'readSource', 'segmentSource', 'readProject', 'readCases', 'readCodings', 'decodeBytes',
      // codebook
      'parseCodebook', 'validateCodebook', 'readCodebook', 'listBuiltinCodebooks', 'BUILTIN_CODEBOOK_IDS', 'codebookToCodeRefs',
      // coding
      'compileCodebook', 'applyCodebook', 'codeCorpus',
      // the coding pipeline (any size, bounded memory) and the codings document
      'codeSources', 'codeToFile', 'codeToDocument', 'documentSink', 'renderCodingsDocument', 'codingsTable', 'parseCodingsJsonl',
      // analysis
      'computeMatrix', 'computeCooccurrence', 'compareGroups', 'computeAgreement', 'krippendorffAlphaNominal', 'cohenKappa', 'fleissKappa', 'computeSaturation',
      // export
      'renderTables', 'writeFileAtomic', 'renderSaturationSvg', 'svgToPng', 'buildRefiProject', 'readRefiProject', 'renderReportHtml', 'renderAppendix', 'buildCodeAppendix',
      // privacy
      'Pseudonymiser', 'remapCodings',
      // model
      'QdaInputError', 'formatDiagnostic', 'OffsetMap', 'cpSlice', 'VERSION',
    ]) {
      expect(lib, name).toHaveProperty(name);
    }
  });

  it.skipIf(!existsSync(`${ROOT}/dist/index.js`))('importing the built library prints nothing and loads no database client (natural is imported by parts) (skipped without dist/: needs npm run build)', () => {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', "await import('./dist/index.js');"], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    const loaded = spawnSync(process.execPath, ['--input-type=commonjs', '-e', "import('./dist/index.js').then(() => { const mods = Object.keys(require.cache).join('\\n'); console.log(/mongo|pg\\/lib|redis|memjs/.test(mods) ? 'DB' : 'ok'); })"], { cwd: ROOT, encoding: 'utf8' });
    expect(loaded.stdout.trim()).toBe('ok');
  });
});

describe("the README's library example", () => {
  // (the first code block of "## Use as a library", run as a user would, on a copy of the sample
  // interviews with a file that cannot be read: its warning must reach the document)
  it.skipIf(!existsSync(`${ROOT}/dist/index.js`))('runs, prints a matrix and κ, and the document keeps the reading\'s warnings (skipped without dist/: needs npm run build)', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const at = readme.indexOf('## Use as a library');
    const block = /```js\n([\s\S]*?)```/.exec(readme.slice(at))![1];
    expect(block).toContain('warnings: diagnostics');
    const dir = mkdtempSync(join(tmpdir(), 'qda-readme-'));
    cpSync(join(ROOT, 'samples'), join(dir, 'samples'), { recursive: true });
    writeFileSync(join(dir, 'samples/interviews/kapot.docx'), 'not a zip archive');
    writeFileSync(join(dir, 'example.mjs'), block.replace("from 'qdakit'", `from ${JSON.stringify(pathToFileURL(join(ROOT, 'dist/index.js')).href)}`));
    const r = spawnSync(process.execPath, ['example.mjs'], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).toContain('kapot.docx');
    expect(r.stderr).toContain('[ingest:unreadable-document]');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^\|.*\|$/m);
    expect(r.stdout.trim().split('\n').at(-1)).toMatch(/^-?\d/);
  });
});
