#!/usr/bin/env node
/**
 * Experiment (issue 17), not part of the product: does a sentence-embedding model carry codes
 * from one development interview to the other where the word model does not? Measured like
 * `npm run eval` (uses the BUILT dist/): the same gold, folds (rules without the revisions made
 * on the interview measured, scripts/eval-revisions.json) and turn-level micro P/R/F1 over the
 * leaf codes of `coordination-collaboration`. Per direction (A→B, B→A), on one representation:
 *  (a) zero-shot: per code, the highest cosine between a turn and the code's codebook texts
 *      (name + definition, include criteria, indicators, examples; nl and en);
 *  (b) kNN: similarity-weighted vote of the k nearest labelled items (the training interview's
 *      respondent turns with their leaf codes, and the codebook texts);
 *  (b') logistic: one logistic regression per code on the embeddings (dense models only);
 *  (c) each of these united with the rules.
 * Every threshold, k and cap (codes per turn) is chosen on the TRAINING interview alone
 * (leave-one-out for kNN, 5-fold cross-validation for the logistic layer); nothing is tuned on
 * the interview measured.
 *
 * Representations (`--embedder`):
 *  - `semantic:MODEL` (default `semantic:Xenova/multilingual-e5-small`): a sentence-embedding model
 *    run by transformers.js. That package is NOT a dependency of qdakit (about 475 MB installed,
 *    and its onnxruntime-node install step downloads CUDA libraries on linux x64); install it for
 *    the experiment with
 *      npm install --no-save @huggingface/transformers@4.3.2 --onnxruntime-node-install=skip
 *    The model comes from the Hugging Face hub, or offline from `--model-dir DIR` (DIR/MODEL/…,
 *    the hub's file layout). When the package or the model is not available the script says so
 *    and measures the lexical representations instead (exit 0).
 *  - `chargram`: hashed character 3–5-grams of the words, sublinear tf·idf (idf from the training
 *    side: training turns and codebook texts);
 *  - `words`: the learner's own stemmed content words (src/coding/learn.ts), tf·idf likewise.
 * Usage: node scripts/semantic-eval.mjs [--embedder semantic:MODEL|chargram|words] [--model-dir DIR] [--json] [DATA_DIR]
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const args = process.argv.slice(2);
const opt = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const asJson = args.includes('--json');
const valued = new Set(['--embedder', '--model-dir']);
const dataDir = resolve(args.find((a, i) => !a.startsWith('--') && !valued.has(args[i - 1])) ?? join(root, '..', 'shared', 'data', 'enschede-interviews'));
const wanted = opt('--embedder') ?? 'semantic:Xenova/multilingual-e5-small';
if (!/^semantic:.+/.test(wanted) && wanted !== 'chargram' && wanted !== 'words') {
  console.error(`semantic-eval: --embedder ${wanted}: unknown (use semantic:MODEL, chargram or words)`);
  process.exit(2);
}
if (!existsSync(join(dataDir, 'participant_A.txt'))) {
  console.log(`semantic-eval: skipped: development data not found at ${dataDir}`);
  process.exit(0);
}
const { foldRules } = await import('./eval-folds.mjs');
const dist = (p) => import(join(root, 'dist', p));
const { readCorpus } = await dist('ingest/read-corpus.js');
const { readCodebook } = await dist('ingest/read-codebook.js');
const { codeCorpus } = await dist('coding/code-corpus.js');
const { labelKey } = await dist('coding/markers.js');
const { withoutMarkers } = await dist('coding/suggest.js');
const { makeFeaturizer } = await dist('coding/learn.js');
const { parseCodebook } = await dist('codebook/parse-codebook.js');

// ------------------------------------------------ data, gold and fold rules (as scripts/eval.mjs)
const parts = ['A', 'B'];
const book = await readCodebook('coordination-collaboration', { cwd: root });
/** The shipped rules without the revisions made on `on` (scripts/eval-folds.mjs). */
const rulesWithout = foldRules(root, parseCodebook);
/** The rules used when training on `train` (revised on it only) and measuring on the other interview. */
const foldBook = { A: rulesWithout('B'), B: rulesWithout('A') };
const leafIds = [...new Set(book.codes.filter((c) => (c.rules ?? []).length).map((c) => labelKey(c.id)))].sort();
const leafSet = new Set(leafIds);
const corpora = {};
for (const p of parts) corpora[p] = (await readCorpus([join(dataDir, `participant_${p}.txt`)], { cwd: dataDir, unit: 'turn', report: () => {} })).corpus;
const turnOf = (s) => (s.turn ?? s.index) + 1;
const respondent = (p) => corpora[p].segments.filter((s) => s.role !== 'interviewer');
/** gold: part → turn → Set(leaf code key) */
const gold = {};
for (const p of parts) {
  const m = new Map();
  for (const l of readFileSync(join(dataDir, `participant_${p}.gold.csv`), 'utf8').trim().split(/\r?\n/).slice(1)) {
    const f = l.split(',');
    const c = labelKey(f.slice(4).join(','));
    if (!leafSet.has(c)) continue;
    const t = Number(f[2]);
    (m.get(t) ?? m.set(t, new Set()).get(t)).add(c);
  }
  gold[p] = m;
}
/** The fold's rule codes on interview `p` (turn → Set(code)), with the engine's in-sample mechanisms off as in eval.mjs. */
function rulesOn(bookKey, p) {
  const doc = codeCorpus(corpora[p], [foldBook[bookKey]], { unit: 'turn', version: 'eval', command: 'qda code', clarifications: 'keep' });
  const byId = new Map(corpora[p].segments.map((s) => [s.id, s]));
  const out = new Map();
  for (const c of doc.codings) {
    const s = c.coder === 'rules' && c.segmentId ? byId.get(c.segmentId) : undefined;
    const k = labelKey(c.code);
    if (!s || !leafSet.has(k)) continue;
    (out.get(turnOf(s)) ?? out.set(turnOf(s), new Set()).get(turnOf(s))).add(k);
  }
  return out;
}
function micro(p, pred) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const s of respondent(p)) {
    const g = gold[p].get(turnOf(s)) ?? new Set();
    const q = pred.get(turnOf(s)) ?? new Set();
    for (const c of leafIds) {
      if (g.has(c) && q.has(c)) tp++;
      else if (q.has(c)) fp++;
      else if (g.has(c)) fn++;
    }
  }
  const r3 = (v) => Math.round(v * 1000) / 1000;
  const P = tp + fp ? tp / (tp + fp) : 0;
  const R = tp + fn ? tp / (tp + fn) : 0;
  return { P: r3(P), R: r3(R), F1: r3(P + R ? (2 * P * R) / (P + R) : 0), tp, fp, fn };
}

// ------------------------------------------------ representations
const dot = (a, b) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};
function unit(v) {
  const n = Math.sqrt(dot(v, v)) || 1;
  for (let i = 0; i < v.length; i++) v[i] /= n;
  return v;
}
/** A sentence-embedding model through transformers.js, or the reason it is not available. */
async function semantic(model, modelDir) {
  let tf;
  try {
    tf = await import('@huggingface/transformers');
  } catch {
    return { unavailable: 'the package @huggingface/transformers is not installed (not a qdakit dependency; for this experiment: npm install --no-save @huggingface/transformers@4.3.2 --onnxruntime-node-install=skip)' };
  }
  if (modelDir) {
    tf.env.allowRemoteModels = false;
    tf.env.localModelPath = resolve(modelDir);
  }
  let extractor;
  const t0 = Date.now();
  try {
    extractor = await tf.pipeline('feature-extraction', model, { dtype: 'q8' });
  } catch (err) {
    const why = [err?.cause?.code, err?.message].filter(Boolean).join(': ');
    return { unavailable: `the model ${model} could not be loaded (${why}); it is fetched from the Hugging Face hub on first use, or read offline with --model-dir DIR` };
  }
  const loadMs = Date.now() - t0;
  // e5 models are trained with "query: " / "passage: " prefixes
  const e5 = /(^|\/)(multilingual-)?e5-/i.test(model);
  return {
    name: `semantic:${model}`,
    loadMs,
    dense: true,
    fit() {},
    async embed(texts, kind) {
      const prefix = e5 ? (kind === 'query' ? 'query: ' : 'passage: ') : '';
      const out = [];
      for (let i = 0; i < texts.length; i += 16) {
        const r = await extractor(texts.slice(i, i + 16).map((t) => prefix + t), { pooling: 'mean', normalize: true });
        for (const v of r.tolist()) out.push(Float32Array.from(v));
      }
      return out;
    },
  };
}
/** Hashed sparse-as-dense tf·idf vectors of character n-grams or of the learner's stemmed words. */
function lexical(kind) {
  const D = 1 << 15;
  const fz = makeFeaturizer(false);
  const grams =
    kind === 'words'
      ? (t, lang) => fz(t, lang)
      : (t) => {
          const out = [];
          for (const w of t.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').split(/[^a-z0-9]+/)) {
            if (w.length < 3) continue;
            const x = `<${w}>`;
            for (let n = 3; n <= 5; n++) for (let i = 0; i + n <= x.length; i++) out.push(x.slice(i, i + n));
          }
          return out;
        };
  const hash = (s) => {
    let x = 2166136261;
    for (let i = 0; i < s.length; i++) x = Math.imul(x ^ s.charCodeAt(i), 16777619);
    return (x >>> 0) % D;
  };
  let idf = new Float32Array(D).fill(1);
  return {
    name: kind,
    dense: false,
    fit(texts, langs) {
      const df = new Float32Array(D);
      texts.forEach((t, i) => {
        for (const g of new Set(grams(t, langs[i]).map(hash))) df[g]++;
      });
      idf = df.map((d) => Math.log((texts.length + 1) / (d + 1)) + 1);
    },
    async embed(texts, _kind, langs) {
      return texts.map((t, i) => {
        const v = new Float32Array(D);
        const tf = new Map();
        for (const g of grams(t, langs[i]).map(hash)) tf.set(g, (tf.get(g) ?? 0) + 1);
        for (const [g, n] of tf) v[g] = (1 + Math.log(n)) * idf[g];
        return unit(v);
      });
    },
  };
}

/** The codebook texts of each leaf code: one item per definition, include criterion, indicator list and example, nl and en. */
function codebookTexts() {
  const out = [];
  for (const c of book.codes) {
    const code = labelKey(c.id);
    if (!leafSet.has(code)) continue;
    for (const lang of ['nl', 'en']) {
      const name = c.name?.[lang] ?? c.id;
      const add = (part, text) => out.push({ code, part: `${part} (${lang})`, lang, text });
      if (c.definition?.[lang]) add('definition', `${name}: ${c.definition[lang]}`);
      for (const x of c.include?.[lang] ?? []) add('include', `${name}: ${x}`);
      if ((c.indicators?.[lang] ?? []).length) add('indicators', `${name}: ${c.indicators[lang].join(', ')}`);
      for (const x of c.examples?.[lang] ?? []) add('example', x);
    }
  }
  return out;
}

// ------------------------------------------------ scorers: per turn, code → score
function zeroShot(vecs, cb, cbVecs) {
  return vecs.map((v) => {
    const s = new Map(leafIds.map((c) => [c, -1]));
    cb.forEach((x, i) => s.set(x.code, Math.max(s.get(x.code), dot(v, cbVecs[i]))));
    return s;
  });
}
function knn(vecs, items, k, skip = () => false) {
  return vecs.map((v, ti) => {
    const near = items
      .map((it, j) => ({ it, s: skip(ti, j) ? -Infinity : dot(v, it.vec) }))
      .sort((a, b) => b.s - a.s)
      .slice(0, k);
    const den = near.reduce((a, x) => a + Math.max(0, x.s), 0) || 1;
    const sc = new Map(leafIds.map((c) => [c, 0]));
    for (const { it, s } of near) for (const c of it.codes) sc.set(c, sc.get(c) + Math.max(0, s) / den);
    return sc;
  });
}
/** One L2-regularised logistic regression per code (positives weighted to balance), full-batch gradient descent. */
function logistic(X, Y, { l2 = 1e-2, iters = 300, lr = 0.5 } = {}) {
  const d = X[0].length;
  const models = new Map();
  for (const c of leafIds) {
    const y = Y.map((s) => (s.has(c) ? 1 : 0));
    const npos = y.reduce((a, b) => a + b, 0);
    if (!npos) continue;
    const wpos = (y.length - npos) / npos;
    const w = new Float64Array(d);
    let b = 0;
    for (let it = 0; it < iters; it++) {
      const g = new Float64Array(d);
      let gb = 0;
      let W = 0;
      for (let i = 0; i < X.length; i++) {
        const p = 1 / (1 + Math.exp(-(dot(w, X[i]) + b)));
        const ww = y[i] ? wpos : 1;
        const e = (p - y[i]) * ww;
        for (let j = 0; j < d; j++) g[j] += e * X[i][j];
        gb += e;
        W += ww;
      }
      for (let j = 0; j < d; j++) w[j] -= lr * (g[j] / W + l2 * w[j]);
      b -= lr * (gb / W);
    }
    models.set(c, { w, b });
  }
  return (v) => new Map(leafIds.map((c) => [c, models.has(c) ? 1 / (1 + Math.exp(-(dot(models.get(c).w, v) + models.get(c).b))) : 0]));
}
/** Codes with score ≥ thr, at most `top` per turn. */
function decide(turns, scores, thr, top) {
  const out = new Map();
  turns.forEach((t, i) => {
    const cs = [...scores[i]].filter(([, s]) => s >= thr).sort((a, b) => b[1] - a[1]).slice(0, top).map(([c]) => c);
    if (cs.length) out.set(t, new Set(cs));
  });
  return out;
}
function union(a, b) {
  const o = new Map();
  for (const m of [a, b]) for (const [t, s] of m) o.set(t, new Set([...(o.get(t) ?? []), ...s]));
  return o;
}
/** The threshold and cap with the best micro-F1 on the training interview (scores there computed without each turn's own label). */
function tune(p, turns, scores, rules = new Map()) {
  let best = { F1: -1 };
  const all = [...new Set(scores.flatMap((m) => [...m.values()]))].sort((a, b) => a - b);
  const grid = all.length > 200 ? Array.from({ length: 200 }, (_, i) => all[Math.floor((i * all.length) / 200)]) : all;
  for (const top of [1, 2, Infinity]) {
    for (const thr of grid) {
      const m = micro(p, union(decide(turns, scores, thr, top), rules));
      if (m.F1 > best.F1) best = { F1: m.F1, thr, top };
    }
  }
  return best;
}

// ------------------------------------------------ run
const embedders = [];
const notes = [];
if (wanted.startsWith('semantic:')) {
  const s = await semantic(wanted.slice('semantic:'.length), opt('--model-dir'));
  if (s.unavailable) {
    notes.push(`semantic model skipped: ${s.unavailable}. Measuring the lexical representations instead.`);
    embedders.push(lexical('chargram'), lexical('words'));
  } else embedders.push(s);
} else embedders.push(lexical(wanted));
const cb = codebookTexts();
const text = (s) => withoutMarkers(s.text).replace(/\s+/g, ' ').trim();
const results = [];
for (const emb of embedders) {
  for (const [train, test] of [['A', 'B'], ['B', 'A']]) {
    const trS = respondent(train);
    const teS = respondent(test);
    const trT = trS.map(turnOf);
    const teT = teS.map(turnOf);
    emb.fit([...trS.map(text), ...cb.map((x) => x.text)], [...trS.map(() => 'nl'), ...cb.map((x) => x.lang)]);
    const t0 = Date.now();
    const trV = await emb.embed(trS.map(text), 'query', trS.map(() => 'nl'));
    const teV = await emb.embed(teS.map(text), 'query', teS.map(() => 'nl'));
    const cbV = await emb.embed(cb.map((x) => x.text), 'passage', cb.map((x) => x.lang));
    const embedMs = Date.now() - t0;
    const rulesTrain = rulesOn(train, train);
    const rulesTest = rulesOn(train, test);
    const rows = [{ method: 'rules (fold)', ...micro(test, rulesTest) }];
    const both = (method, trainScores, testScores, extra) => {
      const a = tune(train, trT, trainScores);
      rows.push({ method, chosen: `thr ${a.thr.toFixed(3)}, top ${a.top}${extra}; on ${train} ${a.F1.toFixed(3)}`, ...micro(test, decide(teT, testScores, a.thr, a.top)) });
      const b = tune(train, trT, trainScores, rulesTrain);
      rows.push({ method: `${method} ∪ rules`, chosen: `thr ${b.thr.toFixed(3)}, top ${b.top}`, ...micro(test, union(decide(teT, testScores, b.thr, b.top), rulesTest)) });
    };
    // (a) zero-shot
    both('zero-shot (codebook texts)', zeroShot(trV, cb, cbV), zeroShot(teV, cb, cbV), '');
    // (b) kNN; k by leave-one-out on the training interview
    const items = [...trV.map((vec, i) => ({ vec, codes: [...(gold[train].get(trT[i]) ?? [])] })), ...cbV.map((vec, i) => ({ vec, codes: [cb[i].code] }))];
    let bestK = { F1: -1, k: 1 };
    for (const k of [1, 3, 5, 10, 20]) {
      const t = tune(train, trT, knn(trV, items, k, (ti, j) => ti === j));
      if (t.F1 > bestK.F1) bestK = { F1: t.F1, k };
    }
    both('kNN (turns + codebook texts)', knn(trV, items, bestK.k, (ti, j) => ti === j), knn(teV, items, bestK.k), `, k ${bestK.k}`);
    // (b') logistic layer on dense embeddings; threshold by 5-fold cross-validation within the training interview
    if (emb.dense) {
      const Y = trT.map((t) => gold[train].get(t) ?? new Set());
      const cbY = cb.map((x) => new Set([x.code]));
      const cv = new Array(trV.length);
      for (let f = 0; f < 5; f++) {
        const idx = trV.map((_, i) => i).filter((i) => i % 5 !== f);
        const model = logistic([...idx.map((i) => trV[i]), ...cbV], [...idx.map((i) => Y[i]), ...cbY]);
        trV.forEach((v, i) => {
          if (i % 5 === f) cv[i] = model(v);
        });
      }
      const model = logistic([...trV, ...cbV], [...Y, ...cbY]);
      both('logistic (turns + codebook texts)', cv, teV.map(model), '');
    }
    results.push({ embedder: emb.name, loadMs: emb.loadMs, train, test, texts: trS.length + teS.length + cb.length, embedMs, rows });
  }
}

if (asJson) console.log(JSON.stringify({ notes, results }, null, 2));
else {
  for (const n of notes) console.log(n);
  const f3 = (x) => x.toFixed(3).padStart(6);
  for (const r of results) {
    console.log(`\n${r.embedder}: ${r.train}→${r.test} (trained and tuned on participant_${r.train}, measured on participant_${r.test}; ${r.texts} texts embedded in ${r.embedMs} ms${r.loadMs ? `, model loaded in ${r.loadMs} ms` : ''})`);
    for (const x of r.rows) console.log(`  ${x.method.padEnd(44)} P ${f3(x.P)}  R ${f3(x.R)}  F1 ${f3(x.F1)}  (tp ${x.tp}, fp ${x.fp}, fn ${x.fn})${x.chosen ? `  [${x.chosen}]` : ''}`);
  }
}
