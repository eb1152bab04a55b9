import { describe, it, expect } from 'vitest';
import { computeSaturation } from '../../src/analysis/saturation.js';
import { saturationMethodsText, saturationTables } from '../../src/analysis/saturation-text.js';
import { docFrom } from './helpers.js';

// two groups: "solo" has a single interview, "team" six
const doc = docFrom([
  ['s1', ['a', 'b', 'c'], { g: 'solo' }],
  ['t1', ['a', 'b'], { g: 'team' }],
  ['t2', ['b', 'c'], { g: 'team' }],
  ['t3', ['a', 'd'], { g: 'team' }],
  ['t4', ['a'], { g: 'team' }],
  ['t5', ['b'], { g: 'team' }],
  ['t6', ['a', 'b'], { g: 'team' }],
]);

describe('saturation text: a group with one source', () => {
  it('gives no Chao2 estimate (it would claim 0 unseen codes) and no band sentence', () => {
    const res = computeSaturation(doc, { by: 'g', permutations: 50, seed: 1, lang: 'en' });
    const text = saturationMethodsText(res, 'en');
    const solo = text.filter((t) => t.startsWith('Group solo:'));
    expect(solo.some((t) => /Chao2 estimator \(Chao, 1987\) needs at least 2 sources \(here 1 source\)/.test(t))).toBe(true);
    expect(solo.some((t) => /still unseen/.test(t))).toBe(false);
    expect(solo.some((t) => /random interview orders/.test(t))).toBe(false);
    const [summary] = saturationTables(res, 'en');
    const row = summary.rows.find((r) => r.group === 'solo')!;
    expect([row.chao2, row.se, row.ciLow, row.ciHigh, row.unseen]).toEqual([null, null, null, null, null]);
    // team (6 sources) keeps its estimate
    expect(summary.rows.find((r) => r.group === 'team')!.chao2).not.toBeNull();
  });
  it('Dutch band sentence reads as Dutch ("In … volgordes … werd in …% van de gevallen")', () => {
    const res = computeSaturation(doc, { permutations: 50, seed: 1, lang: 'nl' });
    const band = saturationMethodsText(res, 'nl').find((t) => t.includes('willekeurige volgordes'))!;
    expect(band).toMatch(/^In 50 willekeurige volgordes van de interviews \(seed 1\) werd in [\d,]+% van de gevallen saturatie bereikt volgens dezelfde regel/);
    expect(saturationMethodsText(res, 'en').find((t) => t.includes('random interview orders'))).toMatch(/^Across 50 random interview orders/);
  });
});
