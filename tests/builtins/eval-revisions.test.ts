import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCodebook } from '../../src/codebook/parse-codebook.js';

/**
 * `npm run eval` measures each development transcript with the shipped rules minus the
 * revisions that were made by looking at that transcript (scripts/eval-revisions.json holds
 * each revision's text before and after). If a later edit of the codebook changed a revised
 * passage without updating the record, the eval would silently measure rules that were tuned
 * on the transcript it measures; this test fails instead.
 */
interface Revisions {
  codebook: string;
  revisions: Array<{ on: string; why: string; by: string; edits: Array<{ shipped: string; before: string }> }>;
}
const file = fileURLToPath(new URL('../../scripts/eval-revisions.json', import.meta.url));
const rev = JSON.parse(readFileSync(file, 'utf8')) as Revisions;
const shipped = readFileSync(fileURLToPath(new URL(`../../codebooks/${rev.codebook}.yaml`, import.meta.url)), 'utf8');

function without(on: string): string {
  let text = shipped;
  for (const r of rev.revisions) {
    if (![...r.on].some((x) => on.includes(x))) continue;
    for (const e of r.edits) {
      expect(text.split(e.shipped).length - 1, `${r.on}: ${r.why}: ${JSON.stringify(e.shipped.slice(0, 80))}`).toBe(1);
      text = text.replace(e.shipped, () => e.before);
    }
  }
  return text;
}

describe('scripts/eval-revisions.json (provenance of the rule revisions for the honest two-fold eval)', () => {
  it('names each revision, the transcript(s) it was made on and a reason', () => {
    expect(rev.revisions.length).toBeGreaterThan(0);
    for (const r of rev.revisions) {
      expect(r.on).toMatch(/^(A|B|AB)$/);
      expect(r.why.length).toBeGreaterThan(10);
      expect(r.edits.length).toBeGreaterThan(0);
      for (const e of r.edits) expect(e.shipped).not.toBe(e.before);
    }
  });

  for (const on of ['A', 'B', 'AB']) {
    it(`every edit of the revisions made on ${on} is found exactly once, and the rules without them parse`, () => {
      const text = without(on);
      expect(text).not.toBe(shipped);
      const book = parseCodebook(text, { file: `${rev.codebook} without ${on}` });
      const leaves = book.codes.filter((c) => (c.rules ?? []).length).length;
      expect(leaves).toBe(parseCodebook(shipped, { file: rev.codebook }).codes.filter((c) => (c.rules ?? []).length).length);
    });
  }
});
