#!/usr/bin/env node
// npm run bench: start-up times, then each area's benchmark. One summary line per figure,
// "bench: <name> <value> <unit> (<detail>)", so results can be compared between commits.
// Timings are printed, never asserted.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import os from 'node:os';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const qda = join(root, 'bin/qda.js');
const quick = process.argv.includes('--quick');

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeCommand(args, runs = 7) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [qda, ...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) return { error: r.stderr.toString().split('\n')[0] };
    times.push(ms);
  }
  return { median: median(times), min: Math.min(...times) };
}

console.log(`# qdakit bench on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'cpu'}), node ${process.version}`);
const help = timeCommand(['--help']);
console.log(`bench: startup-help ${help.median?.toFixed(0)} ms (median of 7, min ${help.min?.toFixed(0)} ms; target < 300 ms)`);
const sample = join(root, 'samples/interviews');
const oneTranscript = existsSync(sample) ? readdirSync(sample).filter((f) => f.endsWith('.txt')).sort()[0] : undefined;
if (oneTranscript) {
  const r = timeCommand(['code', join(sample, oneTranscript), '-c', 'coordination-collaboration', '-o', '/dev/null']);
  if (r.error) console.log(`bench: startup-code-one-transcript error (${r.error})`);
  else console.log(`bench: startup-code-one-transcript ${r.median.toFixed(0)} ms (median of 7, ${oneTranscript}; target < 300 ms)`);
}

for (const script of ['bench-coding.mjs', 'bench-saturation.mjs', 'bench-analysis.mjs']) {
  const p = join(root, 'scripts', script);
  if (!existsSync(p)) continue;
  const r = spawnSync(process.execPath, ['--expose-gc', p, ...(quick ? ['--quick'] : [])], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) console.log(`bench: ${script} failed with exit ${r.status}`);
}
