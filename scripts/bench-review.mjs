#!/usr/bin/env node
/**
 * The review loop that learns: time to retrain after each decision on a 20-interview project
 * (npm run bench; uses the BUILT dist/). The interviews are the bundled samples' invented
 * interviews, each project interview made of all of them in a rotated order (about 25 KB,
 * 100+ turns each). The suggester starts from the coordination-collaboration codebook; then
 * 200 decisions on the rules' suggestions (two accepted, one rejected, …), each followed by a
 * retrain and a reorder of the whole remaining queue, as in `qda review`.
 * One line per figure: "bench: <name> <value> <unit> (<detail>)". Timings are printed, never asserted.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => import(join(root, 'dist', p));
const { readCorpus } = await dist('ingest/read-corpus.js');
const { readCodebook } = await dist('ingest/read-codebook.js');
const { codeCorpus, ruleFeatures } = await dist('coding/code-corpus.js');
const { Suggester } = await dist('coding/suggest.js');
const { ReviewLearner } = await dist('review/learning.js');

const sampleDir = join(root, 'samples/interviews');
const samples = readdirSync(sampleDir).filter((f) => f.endsWith('.txt')).sort().map((f) => readFileSync(join(sampleDir, f), 'utf8').trim());
const dir = mkdtempSync(join(tmpdir(), 'qda-bench-review-'));
const N = 20;
for (let i = 0; i < N; i++) {
  const parts = samples.map((_, k) => samples[(i + k) % samples.length]);
  writeFileSync(join(dir, `interview-${String(i + 1).padStart(2, '0')}.txt`), parts.join('\n\n') + '\n');
}
try {
  const { corpus } = await readCorpus([dir], { cwd: dir, unit: 'turn', report: () => {} });
  const book = await readCodebook('coordination-collaboration', { cwd: root });
  const coded = codeCorpus(corpus, [book], { unit: 'turn', version: 'bench', inline: false });
  const eligible = coded.segments.filter((s) => s.role !== 'interviewer');
  const t0 = performance.now();
  const suggester = new Suggester(eligible, { books: [book], ruleFeatures: ruleFeatures(coded.codings), langOf: () => 'nl', context: coded.segments });
  const setup = performance.now() - t0;
  const learner = new ReviewLearner(suggester, 0.5, 'likely', () => performance.now());
  const bySeg = new Map(coded.segments.map((s) => [s.id, s]));
  let items = coded.codings.filter((c) => c.coder === 'rules').map((c) => ({ key: `${c.segmentId} ${c.code}`, coding: c, segment: bySeg.get(c.segmentId) }));
  const per = [];
  const decisions = Math.min(200, items.length);
  let completed = 0;
  let added = 0;
  const decided = new Set();
  for (let k = 0; k < decisions; k++) {
    const it = items[k];
    const decision = k % 3 === 2 ? 'reject' : 'accept';
    const t = performance.now();
    learner.apply({ source: it.coding.sourceId, segment: it.segment.id, start: it.coding.start, end: it.coding.end, code: it.coding.code, coder: 'bench', decision, originalCode: it.coding.code });
    // as qda review does: a segment whose suggestions are all decided counts as coded completely (every code retrains)
    if (!items.slice(k + 1).some((x) => x.segment.id === it.segment.id)) {
      learner.complete(it.segment.id, true);
      completed++;
    }
    // on screen, what the model has learned to suggest joins the queue
    const risen = learner.risen(items, eligible, (key) => decided.has(key));
    decided.add(it.key);
    if (risen.length) {
      items = [...items, ...risen];
      added += risen.length;
    }
    items = learner.reorder(items, k + 1);
    per.push(performance.now() - t);
  }
  const sorted = [...per].sort((a, b) => a - b);
  const q = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  const kb = Math.round(corpus.sources.reduce((n, s) => n + s.text.length, 0) / 1024);
  console.log(`bench: review-setup ${setup.toFixed(0)} ms (suggester from the codebook on ${N} interviews, ${kb} KB, ${eligible.length} respondent turns)`);
  console.log(`bench: review-retrain-per-decision ${q(0.5).toFixed(1)} ms (median of ${decisions} decisions: retrain the decided code, every code when the segment is complete (${completed} times), add what the model now suggests (${added}), and reorder ${items.length} suggestions; p95 ${q(0.95).toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms; target < 200 ms)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
