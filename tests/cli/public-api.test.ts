import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

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
