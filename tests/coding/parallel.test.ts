import { describe, it, expect, beforeAll } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { transpileTree } from '../helpers/transpile.js';
import { codeRulesParallel, shouldParallelise } from '../../src/coding/parallel.js';
import { compileCodebook } from '../../src/coding/compile-codebook.js';
import { applyCodebook } from '../../src/coding/apply-codebook.js';
import { codeCorpus, rulesLanguages } from '../../src/coding/code-corpus.js';
import { book, corpusOf, kw, source } from './helpers.js';
import { packCodings, unpackCodings } from '../../src/coding/pack.js';
import type { Rule } from '../../src/codebook/types.js';

const root = resolve(__dirname, '../..');
const out = join(root, 'node_modules/.cache/qdakit-worker-test');

const transpileWorker = (): URL => transpileTree('src/coding/worker.ts', out);

const words = 'samenwerking overleg afspraken gemeente wijkteam vertrouwen school jeugd zorg en de het een met over van op één lijn ideeën café-overleg 😀 𝒜'.split(' ');
function text(seed: number, turns: number): string {
  let x = seed;
  const rnd = () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const out: string[] = [];
  for (let t = 0; t < turns; t++) {
    const n = 5 + Math.floor(rnd() * 25);
    const w: string[] = [];
    for (let i = 0; i < n; i++) w.push(words[Math.floor(rnd() * words.length)]);
    out.push(`${t % 2 ? 'Interviewer' : 'Respondent'}: ${w.join(' ')}.`);
  }
  return out.join('\n\n');
}

const rules = (): Rule[] => [kw('x/r1', ['samenwerking', 'overleg*']), { kind: 'near', id: 'x/r2', a: { nl: ['afspraak'] }, b: { nl: ['gemeente'] }, distance: 4 } as Rule, { kind: 'regex', id: 'x/r3', pattern: 'op (één|een) lijn' } as Rule, kw('x/r4', ['school', 'jeugd'], { minMatches: 2, exclude: { nl: ['zorg'] } })];

describe('codeRulesParallel', () => {
  let workerUrl: URL;
  beforeAll(() => {
    workerUrl = transpileWorker();
  });

  it('gives exactly the single-threaded result, whatever the thread count and batch size', async () => {
    const sources = Array.from({ length: 9 }, (_, i) => source(`s${i}`, text(i + 1, 40), i === 4 ? 'en' : 'nl'));
    const corpus = corpusOf(sources);
    const b = book([{ id: 'x', rules: rules() }, { id: 'y', rules: [kw('y/r1', ['vertrouwen', 'ideeen'])] }]);
    const langs = rulesLanguages(corpus);
    const single = applyCodebook(corpus, langs.map((l) => compileCodebook(b, l)), { speakers: 'all' });
    expect(single.length).toBeGreaterThan(50);
    // here: false makes the workers do every batch (else this thread may code them all before a worker is up)
    for (const [threads, batchBytes, here] of [[2, 1, true], [2, 1, false], [3, 5000, true], [3, 5000, false], [1, 1e9, true], [1, 1e9, false]] as const) {
      const progress: number[] = [];
      const par = await codeRulesParallel(corpus, [b], { unit: 'turn', speakers: 'all', langs, threads, batchBytes, workerUrl, here, onProgress: (d) => progress.push(d) });
      expect(JSON.stringify(par)).toBe(JSON.stringify(single));
      expect(progress.at(-1)).toBe(9);
    }
    // streaming: batches arrive in source order
    const streamed: string[] = [];
    const got: unknown[] = [];
    const none = await codeRulesParallel(corpus, [b], { unit: 'turn', speakers: 'all', langs, threads: 2, batchBytes: 1, workerUrl, here: false, onBatch: (srcs, cods) => { streamed.push(...srcs.map((s) => s.id)); got.push(...cods); } });
    expect(none).toEqual([]);
    expect(streamed).toEqual(sources.map((s) => s.id));
    expect(JSON.stringify(got)).toBe(JSON.stringify(single));
    // and codeCorpus with precomputed rule codings is the same document
    const doc1 = codeCorpus(corpus, [b], { version: 't', speakers: 'all' });
    const par = await codeRulesParallel(corpus, [b], { unit: 'turn', speakers: 'all', langs, threads: 2, batchBytes: 1, workerUrl });
    const doc2 = codeCorpus(corpus, [b], { version: 't', speakers: 'all', ruleCodings: par });
    // (but for the warning of the rules run here, which a caller that ran them says: codings of a
    // code without English keywords in an English source; the document keeps each warning said)
    expect(doc1.warnings?.map((d) => d.ruleId)).toEqual(['rules-not-in-source-language']);
    expect(doc2.warnings).toBeUndefined();
    expect(JSON.stringify({ ...doc2, warnings: undefined })).toBe(JSON.stringify({ ...doc1, warnings: undefined }));
  });

  it('reports a worker failure as an error', async () => {
    const corpus = corpusOf([source('a', text(1, 4)), source('b', text(2, 4))]);
    const bad = book([{ id: 'x', rules: [{ kind: 'regex', id: 'x/r1', pattern: '(a+)+' } as Rule] }]);
    await expect(codeRulesParallel(corpus, [bad], { unit: 'turn', langs: ['nl'], threads: 2, batchBytes: 1, workerUrl })).rejects.toThrow(/nested quantifier/);
    await expect(codeRulesParallel(corpus, [bad], { unit: 'turn', langs: ['nl'], threads: 2, batchBytes: 1, workerUrl, here: false })).rejects.toThrow(/nested quantifier/);
  });

  it('only small corpora stay on one thread', () => {
    const small = corpusOf([source('a', 'R: kort.'), source('b', 'R: kort.')]);
    expect(shouldParallelise(small, 2)).toBe(false);
    const big = { sources: [source('a', 'x'.repeat(12_000_000)), source('b', 'y'.repeat(12_000_000))], segments: [] };
    expect(shouldParallelise(big, 2)).toBe(true);
    expect(shouldParallelise(big, 1)).toBe(false);
  });

  it('packs codings for the thread boundary without changing them (with and without a codebook version)', () => {
    const corpus = corpusOf([source('a', text(3, 30))]);
    for (const version of ['2.1', undefined]) {
      const b = { ...book([{ id: 'x', rules: rules() }]), version };
      const c = applyCodebook(corpus, compileCodebook(b, 'nl'), { speakers: 'all' });
      expect(c.length).toBeGreaterThan(3);
      expect(JSON.stringify(unpackCodings(packCodings(c)))).toBe(JSON.stringify(c));
    }
  });
});
