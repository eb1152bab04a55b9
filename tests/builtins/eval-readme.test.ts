import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * The README's "How good is the auto-coder?" table must be the out-of-sample numbers that
 * `npm run eval` prints (rules revised on the other transcript, learned from the other
 * transcript's coded document), not numbers from an older or in-sample run.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const data = fileURLToPath(new URL('../../../shared/data/enschede-interviews/participant_A.txt', import.meta.url));
const built = existsSync(`${root}dist/coding/suggest.js`);
const have = existsSync(data) && built;

interface Micro {
  P: number;
  R: number;
  F1: number;
}
interface Fold {
  train: string;
  test: string;
  rules: { micro: Micro };
  learned: { micro: Micro };
  both: { micro: Micro };
}

describe.skipIf(!have)(`README eval numbers${have ? '' : existsSync(data) ? ' (skipped: dist/ not built; npm test builds it)' : ' (skipped: ../shared/data/enschede-interviews not found)'}`, () => {
  it('the two-fold rows for rules, learned and both are what npm run eval measures', () => {
    const out = execFileSync(process.execPath, ['scripts/eval.mjs', '--json'], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
    const folds = (JSON.parse(out) as { folds: Fold[] }).folds;
    const ab = folds.find((f) => f.train === 'A')!;
    const ba = folds.find((f) => f.train === 'B')!;
    const readme = readFileSync(`${root}README.md`, 'utf8');
    const f = (x: number) => x.toFixed(3);
    for (const [label, key] of [
      ['rules (`-c coordination-collaboration`)', 'rules'],
      ['learned (`--learn-from` the other interview)', 'learned'],
      ['rules + learned', 'both'],
    ] as const) {
      const cells = [ab[key].micro, ba[key].micro].flatMap((m) => [m.P, m.R, m.F1]).map(f);
      expect(readme).toContain(`| ${label} | ${cells.join(' | ')} |`);
    }
  });
});
