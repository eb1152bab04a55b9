import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * scripts/semantic-eval.mjs (the issue-17 experiment with embedding representations) measures on
 * the same gold and fold rules as `npm run eval`: its rules rows must be the README's rules row
 * (which eval-readme.test.ts holds to eval.mjs), so a drift of its copied loading code shows here.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const data = fileURLToPath(new URL('../../../shared/data/enschede-interviews/participant_A.txt', import.meta.url));
const built = existsSync(`${root}dist/coding/suggest.js`);
const have = existsSync(data) && built;

interface Row {
  method: string;
  P: number;
  R: number;
  F1: number;
}
interface Result {
  embedder: string;
  train: string;
  test: string;
  rows: Row[];
}

describe.skipIf(!have)(`scripts/semantic-eval.mjs${have ? '' : existsSync(data) ? ' (skipped: dist/ not built; npm test builds it)' : ' (skipped: ../shared/data/enschede-interviews not found)'}`, () => {
  it('measures the fold rules exactly as npm run eval does, and every method on both directions', () => {
    const out = execFileSync(process.execPath, ['scripts/semantic-eval.mjs', '--embedder', 'chargram', '--json'], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
    const results = (JSON.parse(out) as { results: Result[] }).results;
    expect(results.map((r) => `${r.train}→${r.test}`)).toEqual(['A→B', 'B→A']);
    const rules = results.map((r) => r.rows.find((x) => x.method === 'rules (fold)')!);
    const cells = rules.flatMap((m) => [m.P, m.R, m.F1]).map((x) => x.toFixed(3));
    expect(readFileSync(`${root}README.md`, 'utf8')).toContain(`| rules (\`-c coordination-collaboration\`) | ${cells.join(' | ')} |`);
    for (const r of results) {
      expect(r.rows.map((x) => x.method)).toEqual(['rules (fold)', 'zero-shot (codebook texts)', 'zero-shot (codebook texts) ∪ rules', 'kNN (turns + codebook texts)', 'kNN (turns + codebook texts) ∪ rules']);
      for (const x of r.rows) for (const v of [x.P, x.R, x.F1]) expect(v).toBeGreaterThanOrEqual(0);
    }
    // (≈ 30 s alone; beside the rest of the suite on 2 cores it took over 60 s)
  }, 240_000);
  it('an unknown representation is an input error (exit 2) that names the choices', () => {
    const r = spawnSync(process.execPath, ['scripts/semantic-eval.mjs', '--embedder', 'bogus'], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--embedder bogus: unknown \(use semantic:MODEL, chargram or words\)/);
  });
});
