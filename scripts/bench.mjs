#!/usr/bin/env node
// npm run bench: start-up times, then each area's benchmark. One summary line per figure,
// "bench: <name> <value> <unit> (<detail>)", so results can be compared between commits.
// Timings are printed, never asserted.
//   node scripts/bench.mjs            default set (~3 min on 2 cores)
//   node scripts/bench.mjs --quick    a fast subset (10 MB, 100k units)
//   node scripts/bench.mjs --full     adds the 1 GB ingest corpus and 100 MB coding
//   node scripts/bench.mjs --big      adds the 1 GB point of the end-to-end curve (bench-e2e.mjs)
//   node scripts/bench.mjs --e2e      only the end-to-end figures (bench-e2e.mjs)
//   node scripts/bench.mjs --env-as-is  keep NODE_EXTRA_CA_CERTS in the runs (scripts/bench-env.mjs)
//   node scripts/bench.mjs --startup  only the start-up figures (qda --help via node, npx and the bin; qda code on one file)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { delimiter, dirname, join } from 'node:path';
import os from 'node:os';
import { envAsIs, runEnv } from './bench-env.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const qda = join(root, 'bin/qda.js');
const quick = process.argv.includes('--quick');
const full = process.argv.includes('--full');
const big = process.argv.includes('--big');
const e2eOnly = process.argv.includes('--e2e');
const startupOnly = process.argv.includes('--startup');

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const hasTime = existsSync('/usr/bin/time');

/** Wall-clock median and min of `runs` runs, and the median CPU time (user+sys, via /usr/bin/time) when available. */
function timeCommand(args, runs = 7) {
  const times = [];
  const cpu = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = hasTime
      ? spawnSync('/usr/bin/time', ['-f', 'QDA-CPU %U %S', process.execPath, qda, ...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], env: runEnv })
      : spawnSync(process.execPath, [qda, ...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], env: runEnv });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) return { error: r.stderr.toString().split('\n')[0] };
    times.push(ms);
    const m = /QDA-CPU ([\d.]+) ([\d.]+)/.exec(r.stderr.toString());
    if (m) cpu.push((Number(m[1]) + Number(m[2])) * 1000);
  }
  return { median: median(times), min: Math.min(...times), cpu: cpu.length ? median(cpu) : undefined };
}
/** Wall-clock median and min of `runs` runs of a program (not through node: its own launcher counts). */
function timeExec(file, args, runs) {
  const times = [];
  const cpu = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = hasTime
      ? spawnSync('/usr/bin/time', ['-f', 'QDA-CPU %U %S', file, ...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], env: runEnv })
      : spawnSync(file, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], shell: process.platform === 'win32', env: runEnv });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.error) return { error: r.error.message };
    if (r.status !== 0) return { error: `exit ${r.status}: ${r.stderr.toString().split('\n')[0]}` };
    times.push(ms);
    const m = /QDA-CPU ([\d.]+) ([\d.]+)/.exec(r.stderr.toString());
    if (m) cpu.push((Number(m[1]) + Number(m[2])) * 1000);
  }
  return { median: median(times), min: Math.min(...times), cpu: cpu.length ? median(cpu) : undefined };
}

/** The `qda` on the PATH when it is this checkout's bin/qda.js (after `npm link`), else undefined. */
function linkedBin() {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const f = join(dir, process.platform === 'win32' ? 'qda.cmd' : 'qda');
    try {
      if (realpathSync(f) === realpathSync(qda)) return f;
    } catch {
      // not there
    }
  }
  return undefined;
}
const cpuNote = (r) => (r.cpu !== undefined ? `, CPU ${r.cpu.toFixed(0)} ms` : '');

// end to end as a user runs the CLI: the realistic corpus (qda code to JSON and CSV, qda segments,
// R tidytext in the same run), the dense 50 MB corpus and the 10 MB / 100 MB (/ 1 GB) curve
if (!startupOnly) {
  const p = join(root, 'scripts/bench-e2e.mjs');
  const r = spawnSync(process.execPath, [p, ...(quick ? ['--quick'] : []), ...(big || full ? ['--big'] : []), ...(envAsIs ? ['--env-as-is'] : [])], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) console.log(`bench: bench-e2e.mjs failed with exit ${r.status}`);
  if (e2eOnly) process.exit(0);
}

console.log(`# qdakit bench on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'cpu'}), node ${process.version}`);
const help = timeCommand(['--help']);
console.log(`bench: startup-help ${help.median?.toFixed(0)} ms (median of 7, min ${help.min?.toFixed(0)} ms${cpuNote(help)}; target < 300 ms)`);
// the same, as a user types it: `npx qda --help` (npm's launcher first) and `qda --help` through the
// bin (the `qda` that `npm link` put on the PATH when it points here, else bin/qda.js run by its
// #! line, which is what that link runs)
{
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  const r = timeExec(npx, ['--no-install', 'qda', '--help'], 5);
  if (r.error) console.log(`bench: startup-help-npx error (${r.error})`);
  else console.log(`bench: startup-help-npx ${r.median.toFixed(0)} ms (npx qda --help, median of 5, min ${r.min.toFixed(0)} ms${cpuNote(r)}; target < 300 ms${r.median < 300 ? '' : ': not met — npx starts npm first; qda on the PATH (npm link) does not'})`);
  const linked = linkedBin();
  const b = timeExec(linked ?? qda, ['--help'], 7);
  const how = linked ? `qda --help via ${linked} (npm link)` : 'bin/qda.js --help run by its #! line; no qda on the PATH that points here (npm link)';
  if (b.error) console.log(`bench: startup-help-bin error (${b.error})`);
  else console.log(`bench: startup-help-bin ${b.median.toFixed(0)} ms (${how}, median of 7, min ${b.min.toFixed(0)} ms${cpuNote(b)}; target < 300 ms)`);
}
const sample = join(root, 'samples/interviews');
const oneTranscript = existsSync(sample) ? readdirSync(sample).filter((f) => f.endsWith('.txt')).sort()[0] : undefined;
if (oneTranscript) {
  const r = timeCommand(['code', join(sample, oneTranscript), '-c', 'coordination-collaboration', '-o', '/dev/null']);
  if (r.error) console.log(`bench: startup-code-one-transcript error (${r.error})`);
  else console.log(`bench: startup-code-one-transcript ${r.median.toFixed(0)} ms (median of 7, min ${r.min.toFixed(0)} ms${cpuNote(r)}, ${oneTranscript}; target < 300 ms)`);
}

// peak RSS of the start-up runs via /usr/bin/time -v when available
function peakRssOf(args) {
  if (!existsSync('/usr/bin/time')) return undefined;
  const r = spawnSync('/usr/bin/time', ['-v', process.execPath, qda, ...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], env: runEnv });
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr.toString());
  return m ? Number(m[1]) / 1024 : undefined;
}
if (oneTranscript) {
  const rss = peakRssOf(['code', join(sample, oneTranscript), '-c', 'coordination-collaboration', '-o', '/dev/null']);
  if (rss) console.log(`bench: startup-code-peak-rss ${rss.toFixed(0)} MB (qda code on ${oneTranscript}, /usr/bin/time -v)`);
}

if (startupOnly) process.exit(0);

const passArgs = [...(quick ? ['--quick'] : []), ...(full ? ['--full'] : [])];
const run = (script, args = passArgs, opts = {}) => {
  const p = join(root, 'scripts', script);
  if (!existsSync(p)) return undefined;
  const r = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=6144', p, ...args], { cwd: root, stdio: opts.capture ? ['ignore', 'pipe', 'inherit'] : 'inherit', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) console.log(`bench: ${script} failed with exit ${r.status}`);
  return r;
};

// ingest throughput (read + decode + turns + segments) on generated corpora
run('bench-ingest.mjs');

// auto-coding throughput: the coding helper's script (sizes and rule counts are its own;
// it takes --quick/--full). Its `bench:` lines pass through; an older version that printed
// "code … MB/s" is turned into one line.
{
  const r = run('bench-coding.mjs', passArgs, { capture: true });
  if (r) {
    const out = r.stdout.toString();
    const benchLines = out.split('\n').filter((l) => l.startsWith('bench: '));
    for (const l of benchLines) console.log(l);
    const code = /code (\d+) ms → ([\d.]+) MB\/s single thread; (\d+) codings/.exec(out);
    const corpus = /corpus ([\d.]+) MB, (\d+) turns, (\d+) rules/.exec(out);
    if (!benchLines.length && code) console.log(`bench: coding-${corpus?.[3] ?? '?'}-rules ${code[2]} MB/s (one thread, ${corpus?.[1]} MB, ${corpus?.[2]} turns, ${code[3]} codings)`);
  }
}

// the review loop that learns: retraining per decision on a 20-interview project
run('bench-review.mjs', []);

// saturation (its own script when present), agreement and matrix
const hasSaturation = existsSync(join(root, 'scripts/bench-saturation.mjs'));
if (hasSaturation) run('bench-saturation.mjs');
run('bench-analysis.mjs', [...passArgs, ...(hasSaturation ? ['--no-saturation'] : [])]);
