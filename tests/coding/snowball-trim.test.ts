/**
 * The Dutch and English stemmers cut out of snowball-stemmers at build time
 * (scripts/snowball-trim.mjs, loaded by stem.ts) stem every word as the package does: the
 * samples' vocabulary, the built-in codebooks' stem seed and generated suffix-heavy words. A
 * package of another layout gives an error (and the package is then used as it is).
 */
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import vm from 'node:vm';
// @ts-expect-error plain ESM script without types
import { trimSnowball } from '../../scripts/snowball-trim.mjs';
import { STEM_SEED } from '../../src/coding/stem-seed.js';

const root = resolve(__dirname, '../..');
const require = createRequire(join(root, 'package.json'));
type Snowball = { newStemmer(l: string): { stem(w: string): string }; algorithms(): string[] };

function load(source: string): Snowball {
  const module = { exports: {} as Record<string, unknown> };
  vm.runInThisContext(`(function (exports, module) {${source}\n})`)(module.exports, module);
  return module.exports as unknown as Snowball;
}

describe('the Dutch and English stemmers cut out of snowball-stemmers', () => {
  const source = readFileSync(require.resolve('snowball-stemmers'), 'utf8');
  const full = require('snowball-stemmers') as Snowball;

  it('the same stems as the package on the samples, the stem seed and generated words; an eighth of its size', () => {
    const out = trimSnowball(source, ['dutch', 'english']);
    expect(out).not.toBeInstanceOf(Error);
    expect((out as string).length).toBeLessThan(source.length / 6);
    const trimmed = load(out as string);
    expect(trimmed.algorithms()).toEqual(['dutch', 'english']);
    const words = new Set<string>();
    const dir = join(root, 'samples/interviews');
    for (const f of readdirSync(dir)) for (const w of readFileSync(join(dir, f), 'utf8').toLowerCase().match(/\p{L}+/gu) ?? []) words.add(w);
    for (const l of ['nl', 'en'] as const) for (const line of STEM_SEED[l].split('\n')) if (line) words.add(line.split(' ')[0]);
    for (const stem of ['werk', 'samen', 'organis', 'behav', 'gemeent', 'vrijheid', 'connect']) for (const end of ['', 's', 'en', 'ing', 'ingen', 'heden', 'ation', 'ational', 'isation', 'lijk', 'lijke', 'ies', 'ied', 'ly', 'ness']) words.add(stem + end);
    expect(words.size).toBeGreaterThan(1500);
    for (const lang of ['dutch', 'english']) {
      const a = full.newStemmer(lang);
      const b = trimmed.newStemmer(lang);
      const differ = [...words].filter((w) => a.stem(w) !== b.stem(w));
      expect(differ, lang).toEqual([]);
    }
    expect(() => trimmed.newStemmer('german')).toThrow();
  });

  it('a package of another layout: an error, nothing cut', () => {
    expect(trimSnowball('module.exports = {}', ['dutch', 'english'])).toBeInstanceOf(Error);
    expect(trimSnowball(source.replace(/var dutchStemmer = function/, 'var dutchStemmerX = function'), ['dutch', 'english'])).toBeInstanceOf(Error);
    expect(trimSnowball(source.replace(/function newStemmer\(lng\) \{/, 'function makeStemmer(lng) {'), ['dutch', 'english'])).toBeInstanceOf(Error);
  });
});
