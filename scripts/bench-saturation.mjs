#!/usr/bin/env node
/**
 * Saturation benchmark (uses the BUILT dist/): 200 synthetic sources over 500
 * codes (Zipf-like code prevalence, deterministic PRNG), then
 * computeSaturation with 10,000 permutations (bitsets + popcount), timed end
 * to end (median of 3 runs after a warm-up). Target: < 2 s.
 * Usage: node scripts/bench-saturation.mjs [PERMUTATIONS=10000] [SOURCES=200] [CODES=500] [--quick]
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const quick = process.argv.includes('--quick');
const P = Number(args[0] ?? 10000);
const N = Number(args[1] ?? 200);
const K = Number(args[2] ?? 500);
const { computeSaturation } = await import(join(root, 'dist/analysis/saturation.js'));
const { mulberry32 } = await import(join(root, 'dist/analysis/prng.js'));

const rng = mulberry32(2024);
const sources = [];
const codings = [];
for (let s = 0; s < N; s++) {
  const id = `s${String(s + 1).padStart(3, '0')}`;
  sources.push({ id, path: id, kind: 'transcript', format: 'txt', case: id, attributes: { order: String(s + 1) }, encoding: 'utf-8', newline: 'lf', sha256: '', text: '', length: 0 });
  for (let c = 0; c < K; c++) {
    // prevalence of code c ~ 0.6 / (1 + c/8): common codes early, a long tail of rare ones
    if (rng() < 0.6 / (1 + c / 8)) codings.push({ id: `${id}:${c}`, sourceId: id, code: `c${c}`, coder: 'human', start: 0, end: 0 });
  }
}
const doc = { provenance: { tool: 'qdakit', version: 'bench' }, codebooks: [], codes: [], sources, segments: [], codings };

const runOnce = () => {
  const t0 = process.hrtime.bigint();
  const res = computeSaturation(doc, { permutations: P, seed: 1 });
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, res };
};
runOnce(); // warm-up (JIT)
const runs = quick ? 1 : 3;
const times = [];
let res;
for (let i = 0; i < runs; i++) {
  const r = runOnce();
  times.push(r.ms);
  res = r.res;
}
times.sort((a, b) => a - b);
const med = times[Math.floor(times.length / 2)];
const o = res.overall;
console.log(
  `bench: saturation-permutations ${med.toFixed(0)} ms (${P} permutations, ${N} sources, ${o.totalCodes} codes observed of ${K}, ${codings.length} codings; median of ${runs}; Guest ${o.guest.notation ?? o.guest.reason}, share of orders saturated ${(o.band.shareReached * 100).toFixed(1)}%, Chao2 ${o.richness.estimate.toFixed(1)}; target < 2000 ms)`,
);
