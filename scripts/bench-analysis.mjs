#!/usr/bin/env node
/**
 * Analysis benchmarks (uses the BUILT dist/ library exports):
 *  - agreement: two coders over 1,000,000 segment units (20 codes), computeAgreement;
 *  - matrix: 1,000,000 codings over 200 sources (200 codes, 4 teams), computeMatrix by team;
 *  - saturation: 200 sources, 500 codes, 10,000 permutations (skipped with --no-saturation,
 *    e.g. when scripts/bench-saturation.mjs reports it).
 * --quick: 100,000 units/codings and 1,000 permutations.
 * One line per figure: `bench: <name> <value> <unit> (<detail>)`.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prng } from './gen-corpus.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const lib = await import(join(root, 'dist/index.js'));
const quick = process.argv.includes('--quick');
const N = quick ? 100_000 : 1_000_000;
const PERMS = quick ? 1000 : 10_000;

const provenance = { tool: 'qdakit', version: 'bench' };
const source = (id, attributes = {}) => ({ id, path: `${id}.txt`, kind: 'transcript', format: 'txt', case: id, attributes, encoding: 'utf-8', newline: 'lf', sha256: '', text: '', length: 0 });

function peakRss(fn) {
  let peak = process.memoryUsage().rss;
  globalThis.gc?.();
  const base = process.memoryUsage().rss;
  const t0 = performance.now();
  const result = fn();
  const s = (performance.now() - t0) / 1000;
  peak = Math.max(peak, process.memoryUsage().rss);
  return { result, s, base, peak };
}
const mb = (b) => (b / 1048576).toFixed(0);
const k = (n) => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`);

// --- agreement on N segment units
{
  const rnd = prng(11);
  const perSource = 1000;
  const sources = [];
  const segments = [];
  const codings = [];
  for (let s = 0; s < N / perSource; s++) {
    const sid = `s${s}`;
    sources.push(source(sid));
    for (let i = 0; i < perSource; i++) {
      const id = `${sid}#${i}`;
      segments.push({ id, sourceId: sid, index: i, unit: 'turn', speaker: 'Anna', role: 'respondent', start: i * 10, end: i * 10 + 9, text: '' });
      if (rnd() < 0.3) {
        const code = `c${Math.floor(rnd() * 20)}`;
        codings.push({ id: `${id}:${code}:anna`, sourceId: sid, segmentId: id, code, coder: 'anna', start: i * 10, end: i * 10 + 9 });
        const other = rnd() < 0.8 ? code : `c${Math.floor(rnd() * 20)}`;
        codings.push({ id: `${id}:${other}:bram`, sourceId: sid, segmentId: id, code: other, coder: 'bram', start: i * 10, end: i * 10 + 9 });
      }
    }
  }
  const doc = { provenance, codebooks: [], codes: Array.from({ length: 20 }, (_, i) => ({ id: `c${i}` })), sources, segments, codings };
  const r = peakRss(() => lib.computeAgreement(doc, { coders: ['anna', 'bram'] }));
  console.log(`bench: agreement-${k(N)}-units ${r.s.toFixed(2)} s (2 coders, 20 codes, ${codings.length} codings, pooled kappa ${r.result.pooled.cohenKappa?.toFixed(3)}, RSS ${mb(r.peak)} MB)`);
}

// --- matrix on N codings
{
  const rnd = prng(12);
  const sources = Array.from({ length: 200 }, (_, i) => source(`s${i}`, { team: `team-${i % 4}` }));
  const codings = [];
  for (let i = 0; i < N; i++) {
    const s = Math.floor(rnd() * 200);
    const seg = Math.floor(rnd() * 2000);
    const code = `c${Math.floor(Math.pow(rnd(), 1.5) * 200)}`;
    codings.push({ id: `${i}`, sourceId: `s${s}`, segmentId: `s${s}#${seg}`, code, coder: 'rules', start: seg * 10, end: seg * 10 + 9 });
  }
  const doc = { provenance, codebooks: [], codes: Array.from({ length: 200 }, (_, i) => ({ id: `c${i}` })), sources, segments: [], codings };
  const r = peakRss(() => lib.computeMatrix(doc, { cols: 'team' }));
  console.log(`bench: matrix-${k(N)}-codings ${r.s.toFixed(2)} s (200 sources, 200 codes × 4 teams, ${r.result.rows.length} rows, RSS ${mb(r.peak)} MB)`);
}

// --- saturation: 200 sources, 500 codes, PERMS permutations
if (!process.argv.includes('--no-saturation') && lib.computeSaturation) {
  const rnd = prng(13);
  const sources = Array.from({ length: 200 }, (_, i) => source(`s${String(i).padStart(3, '0')}`));
  const codings = [];
  for (const s of sources) {
    const n = 20 + Math.floor(rnd() * 60);
    for (let j = 0; j < n; j++) {
      const code = `c${Math.floor(Math.pow(rnd(), 2) * 500)}`;
      codings.push({ id: `${s.id}:${j}`, sourceId: s.id, segmentId: `${s.id}#${j}`, code, coder: 'rules', start: j, end: j + 1 });
    }
  }
  const doc = { provenance, codebooks: [], codes: Array.from({ length: 500 }, (_, i) => ({ id: `c${i}` })), sources, segments: [], codings };
  const r = peakRss(() => lib.computeSaturation(doc, { permutations: PERMS, seed: 1 }));
  console.log(`bench: saturation-${k(PERMS)}-permutations ${r.s.toFixed(2)} s (200 sources, 500 codes, ${codings.length} codings, RSS ${mb(r.peak)} MB)`);
} else if (!lib.computeSaturation && !process.argv.includes('--no-saturation')) {
  console.log('bench: saturation skipped (computeSaturation is not exported from dist/index.js)');
}
