#!/usr/bin/env node
/**
 * Build step: the Snowball stemmers qdakit uses (Dutch, English), cut out of the
 * snowball-stemmers package (ISC licence) into dist/vendor/snowball-nl-en.cjs. The package is
 * one 850 KB file with 24 languages, which every thread that stems parses whole when it loads
 * (≈ 15 ms); the cut-out keeps the package's own code for the two languages, unchanged: its
 * common part (up to the first language), the two languages' classes and `newStemmer` with only
 * them. stem.ts loads it when it is there, else the package (tests check the two give the same
 * stems). When the package's layout is not the one expected, nothing is written (and the package
 * is used).
 *   node scripts/snowball-trim.mjs [--check]
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's source cut to `langs` (e.g. ['dutch', 'english']), or an Error saying why it cannot be. */
export function trimSnowball(source, langs) {
  const starts = [...source.matchAll(/^ {4}var (\w+)Stemmer = function \(_SnowballStemmer\d*\) \{$/gm)].map((m) => ({ lang: m[1], at: m.index }));
  const factory = source.search(/^ {4}function newStemmer\(lng\) \{$/m);
  const algorithms = source.search(/^ {4}function algorithms\(\) \{$/m);
  if (starts.length < langs.length || factory < 0 || algorithms < factory) return new Error('snowball-stemmers: not the layout this script knows (language classes, newStemmer, algorithms)');
  const blocks = [];
  for (const lang of langs) {
    const i = starts.findIndex((s) => s.lang === lang);
    if (i < 0) return new Error(`snowball-stemmers: no ${lang} stemmer`);
    blocks.push(source.slice(starts[i].at, i + 1 < starts.length ? starts[i + 1].at : factory));
  }
  const map = langs.map((l) => `            ${l}: ${l}Stemmer`).join(',\n');
  const newStemmer = source
    .slice(factory, algorithms)
    .replace(/var stemMap = \{[^}]*\};/, `var stemMap = {\n${map}\n        };`);
  if (!newStemmer.includes(`${langs[0]}: ${langs[0]}Stemmer`)) return new Error('snowball-stemmers: newStemmer is not the one this script knows');
  const tail = `    function algorithms() {\n        return ${JSON.stringify(langs)};\n    }\n});\n`;
  const header = `// The ${langs.join(' and ')} stemmers of snowball-stemmers (ISC licence, https://www.npmjs.com/package/snowball-stemmers),\n// cut out of the package by scripts/snowball-trim.mjs: its code for these languages, unchanged.\n`;
  return header + source.slice(0, starts[0].at) + blocks.join('') + newStemmer + tail;
}

const here = dirname(fileURLToPath(import.meta.url));
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(here, '..');
  const out = join(root, 'dist/vendor/snowball-nl-en.cjs');
  const pkg = createRequire(join(root, 'package.json')).resolve('snowball-stemmers');
  const trimmed = trimSnowball(readFileSync(pkg, 'utf8'), ['dutch', 'english']);
  if (trimmed instanceof Error) {
    console.error(`snowball-trim: ${trimmed.message}; the stemmers are loaded from the package`);
    if (existsSync(out)) rmSync(out);
  } else {
    mkdirSync(dirname(out), { recursive: true });
    const tmp = `${out}.${process.pid}.tmp`;
    writeFileSync(tmp, trimmed);
    renameSync(tmp, out);
  }
}
