/**
 * `npm test` says why each skipped test skipped (issue 19): the skip-reasons reporter prints the
 * titles of every skipped test, so (1) every conditionally skipped test or suite says in its
 * title when it skips (`skipped …` or `needs …`), and (2) there are no placeholder tests with an
 * empty body: a placeholder that skips when a tool *is* present (`it.skipIf(CHROMIUM)('… skipped:
 * no chromium')`) told the summary that chromium, R and TeX were missing when they were not.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? testFiles(join(dir, e.name)) : e.name.endsWith('.test.ts') ? [join(dir, e.name)] : []));
}
const files = testFiles(join(root, 'tests')).filter((f) => !f.endsWith('skip-reasons.test.ts')).map((f) => ({ name: relative(root, f), text: readFileSync(f, 'utf8') }));

/** Each `describe|it|test.skipIf|runIf(cond)('title'`: the title (conditions may hold parentheses). */
function conditionalTitles(src: string): string[] {
  const out: string[] = [];
  for (const m of src.matchAll(/\b(?:describe|it|test)\.(?:skipIf|runIf)\(/g)) {
    let i = m.index! + m[0].length;
    let depth = 1;
    while (i < src.length && depth) {
      if (src[i] === '(') depth++;
      else if (src[i] === ')') depth--;
      i++;
    }
    const t = /^\(\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1/.exec(src.slice(i));
    if (t) out.push(t[2]);
  }
  return out;
}

/** Tests with an empty body: `it…('title', () => {})`, `it.skip(REASON, () => {})`. */
function emptyTests(src: string): string[] {
  return [...src.matchAll(/\b(?:it|test)(?:\.\w+(?:\([^()]*\))?)?\(\s*(?:(['"`])[^'"`]*\1|[A-Z_][A-Z0-9_]*)\s*,\s*(?:async\s*)?\(\)\s*=>\s*\{\s*\}\s*\)/g)].map((m) => m[0]);
}

describe('skipped tests say why', () => {
  it('the scanner finds titles behind conditions with parentheses', () => {
    expect(conditionalTitles("describe.skipIf(!existsSync(join(a, 'b')))('needs b', () => {}); it.runIf(x)(`t (skipped: y)`, f)")).toEqual(['needs b', 't (skipped: y)']);
  });

  it('every conditionally skipped test or suite says in its title when it skips', () => {
    // (a title built from the reason, `…${why ? … : ''}`, says it when it skips)
    const silent = files.flatMap((f) => conditionalTitles(f.text).filter((t) => !/\bskip|\bneeds\b|\$\{(?:why|reason)\b/i.test(t)).map((t) => `${f.name}: ${t}`));
    expect(silent).toEqual([]);
    expect(files.reduce((n, f) => n + conditionalTitles(f.text).length, 0)).toBeGreaterThan(10);
  });

  it('no placeholder tests (an empty body cannot fail, and skipping one tells a false reason)', () => {
    const placeholders = files.flatMap((f) => emptyTests(f.text).map((m) => `${f.name}: ${m}`));
    expect(placeholders).toEqual([]);
    expect(emptyTests("it.skipIf(CHROMIUM)('skipped: no chromium', () => {});\n  it.skip(NO_TEX, () => {});\n  it('x', async () => { expect(1).toBe(1); });")).toEqual(["it.skipIf(CHROMIUM)('skipped: no chromium', () => {})", 'it.skip(NO_TEX, () => {})']);
  });
});
