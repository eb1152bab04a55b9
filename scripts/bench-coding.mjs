#!/usr/bin/env node
/**
 * Auto-coding throughput and memory (uses the BUILT dist/: `npx tsc -p .` first).
 *
 * A generated Dutch-like corpus (deterministic PRNG; sources of ~200 KB, turns of
 * 40–120 words) and a synthetic codebook (per 20 rules: 18 stemmed keywords, one
 * prefix wildcard, one two-word phrase) are coded at turn level, every speaker.
 * Two codebooks of that shape: the dense one (every term is a corpus word: about
 * 6 codings per KB, far denser than real transcripts) and a realistic-density one
 * (`2000r`: most terms absent from the corpus, about 1.7 codings per KB like
 * `qda code samples -c coordination-collaboration`); the corpus is the same.
 *
 * Single thread: sources are generated and coded ONE AT A TIME with one RuleCoder
 * (as `qda code … --format csv -o FILE` streams them), so the corpus is never held;
 * the clock runs only around coding (tokenise + match + Coding objects with
 * evidence), not around generating the text. MB = UTF-8 bytes of source text.
 * Each configuration runs in its own child process, so peak RSS is its own.
 *
 * Parallel: the corpus is generated in memory first, then coded by
 * `codeRulesParallel` (worker threads; the clock includes sending sources to the
 * workers, the workers' warm-up, and getting the codings back in source order).
 *
 * Usage: node scripts/bench-coding.mjs [--quick] [--full]   (QDA_THREADS=n: parallel worker count)
 *        node scripts/bench-coding.mjs --child digest 2000 20   (sha256 of the codings, to check output is unchanged)
 *   --quick: 10 MB only; --full: adds 1 GB (single thread, 2,000 rules).
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

// ---------------------------------------------------------------- generator
/**
 * Realistic-density codebook: this share of the terms are corpus words, the rest are
 * words the corpus never uses (as most terms of a big real codebook are absent from
 * any one corpus); tuned so codings per KB come close to `qda code samples -c
 * coordination-collaboration` (1.7 per KB of source text).
 */
const REAL_SHARE = Number(process.env.QDA_BENCH_SHARE ?? 0.29);
function generator(rules, realistic = false) {
  let seed = 42;
  const rnd = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  // words from letters with Dutch-like frequencies (syllable concatenation would turn every
  // word into an accidental compound of others)
  const letters = 'eeeeeeennnnnaaaaatttrrrrooooiiiidddsssllggvvhhkkmmuubbppwjzcfëï';
  const word = () => {
    let w = '';
    const n = 3 + Math.floor(rnd() * 9);
    for (let i = 0; i < n; i++) w += letters[Math.floor(rnd() * letters.length)];
    return w;
  };
  const vocab = Array.from({ length: 30000 }, word);
  const stop = 'de het een en van ik je dat die in is niet op te met voor zijn er maar ook als dan wel nog wat we ze'.split(' ');
  const zipf = () => vocab[Math.floor(Math.pow(rnd(), 2.2) * vocab.length)];
  const anyWord = () => vocab[Math.floor(rnd() * vocab.length)];
  const codes = [];
  for (let r = 0; r < rules; r++) {
    let terms;
    if (r % 20 === 19) terms = [`${anyWord()} ${anyWord()}`];
    else if (r % 20 === 18) terms = [`${anyWord().slice(0, 7)}*`];
    else terms = [anyWord()];
    codes.push({ id: `c${r}`, name: { nl: `c${r}`, en: `c${r}` }, rules: [{ kind: 'keywords', id: `c${r}/r1`, terms: { nl: terms } }] });
  }
  let book = { id: 'bench', name: { nl: 'bench', en: 'bench' }, language: 'nl', codes };
  if (realistic) {
    // the same rule shapes, terms drawn with their own PRNG (so the corpus is the same), see REAL_SHARE
    let s2 = 4242;
    const r2 = () => {
      s2 = (s2 + 0x6d2b79f5) | 0;
      let t = Math.imul(s2 ^ (s2 >>> 15), 1 | s2);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const fresh = () => {
      let w = '';
      const n = 5 + Math.floor(r2() * 7);
      for (let i = 0; i < n; i++) w += letters[Math.floor(r2() * letters.length)];
      return w;
    };
    const rare = () => (r2() < REAL_SHARE ? anyWord2() : fresh());
    const rcodes = [];
    for (let r = 0; r < rules; r++) {
      let terms;
      if (r % 20 === 19) terms = [`${rare()} ${anyWord2()}`];
      else if (r % 20 === 18) terms = [`${rare().slice(0, 7)}*`];
      else terms = [rare()];
      rcodes.push({ id: `c${r}`, name: { nl: `c${r}`, en: `c${r}` }, rules: [{ kind: 'keywords', id: `c${r}/r1`, terms: { nl: terms } }] });
    }
    function anyWord2() {
      return vocab[Math.floor(r2() * vocab.length)];
    }
    book = { id: 'bench-realistic', name: { nl: 'bench', en: 'bench' }, language: 'nl', codes: rcodes };
  }
  // a pool of turn bodies, sampled per source (generation stays cheap next to coding)
  const pool = [];
  for (let k = 0; k < 20000; k++) {
    const n = 40 + Math.floor(rnd() * 80);
    const words = [];
    for (let i = 0; i < n; i++) words.push(rnd() < 0.45 ? stop[Math.floor(rnd() * stop.length)] : zipf());
    pool.push(words.join(' ') + '.');
  }
  let si = 0;
  /** One source of ~200 KB with its turn segments. */
  const nextSource = () => {
    const id = `s${si++}`;
    const parts = [];
    const spans = [];
    let len = 0;
    let index = 0;
    while (len < 200_000) {
      const speaker = index % 2 ? 'Interviewer' : 'Respondent';
      const label = `${speaker}: `;
      const body = pool[Math.floor(rnd() * pool.length)];
      spans.push([len + label.length, body.length, speaker]);
      parts.push(label, body, '\n\n');
      len += label.length + body.length + 2;
      index++;
    }
    const text = parts.join('');
    const segments = spans.map(([start, n, speaker], i) => ({ id: `${id}#${i}`, sourceId: id, index: i, unit: 'turn', speaker, role: i % 2 ? 'interviewer' : 'respondent', start, end: start + n, text: text.slice(start, start + n), turn: i }));
    const source = { id, path: `${id}.txt`, kind: 'transcript', format: 'txt', case: id, attributes: {}, encoding: 'utf-8', newline: 'lf', sha256: '', language: 'nl', text, length: text.length };
    return { source, segments, bytes: Buffer.byteLength(text) };
  };
  return { book, nextSource };
}

// ---------------------------------------------------------------- child modes
if (args[0] === '--child') {
  const [, mode, rulesArg, mbArg] = args;
  // '2000' = the dense synthetic codebook, '2000r' = the realistic-density one
  const realistic = rulesArg.endsWith('r');
  const rules = Number(rulesArg.replace(/r$/, ''));
  const target = Number(mbArg) * 1024 * 1024;
  const { compileCodebook } = await import(join(root, 'dist/coding/compile-codebook.js'));
  const gen = generator(rules, realistic);
  const t0 = performance.now();
  const compiled = compileCodebook(gen.book, 'nl');
  const compileMs = performance.now() - t0;
  let bytes = 0;
  let turns = 0;
  let codings = 0;
  let codeMs = 0;
  let threads = 1;
  let cpuMs = 0;
  if (mode === 'baseline') {
    // calibration under the current machine load: the bare token scan of npm-ecosystem.md §9
    const re = /[\p{L}\p{N}]+(?:['’\-][\p{L}\p{N}]+)*/gu;
    const set = new Set();
    while (bytes < target) {
      const { source, segments, bytes: b } = gen.nextSource();
      const t = performance.now();
      const u = process.cpuUsage();
      for (const m of source.text.matchAll(re)) set.add(m[0]);
      codeMs += performance.now() - t;
      const d = process.cpuUsage(u);
      cpuMs += (d.user + d.system) / 1000;
      bytes += b;
      turns += segments.length;
    }
  } else if (mode === 'digest') {
    // sha256 of the JSON of every coding (to check that engine changes keep output byte-identical)
    const { createHash } = await import('node:crypto');
    const { RuleCoder } = await import(join(root, 'dist/coding/apply-codebook.js'));
    const coder = new RuleCoder(compiled, { unit: 'turn', speakers: 'all' });
    const hash = createHash('sha256');
    while (bytes < target) {
      const { source, segments, bytes: b } = gen.nextSource();
      const out = coder.codeSource(source, segments);
      hash.update(JSON.stringify(out));
      codings += out.length;
      bytes += b;
    }
    console.log(JSON.stringify({ mode, rules, codings, sha256: hash.digest('hex') }));
    process.exit(0);
  } else if (mode === 'single') {
    const { RuleCoder } = await import(join(root, 'dist/coding/apply-codebook.js'));
    const coder = new RuleCoder(compiled, { unit: 'turn', speakers: 'all' });
    while (bytes < target) {
      const { source, segments, bytes: b } = gen.nextSource();
      const t = performance.now();
      const u = process.cpuUsage();
      const out = coder.codeSource(source, segments);
      codeMs += performance.now() - t;
      const d = process.cpuUsage(u);
      cpuMs += (d.user + d.system) / 1000;
      codings += out.length;
      bytes += b;
      turns += segments.length;
    }
  } else if (mode === 'stream') {
    // the CLI streaming path on a corpus on disk: `qda code DIR -c BOOK --format csv -o FILE`,
    // QDA_THREADS threads (1: read, code and write on this thread; more: stream workers)
    const { mkdtempSync, mkdirSync, writeFileSync, rmSync, statSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'qda-bench-stream-'));
    try {
      mkdirSync(join(dir, 'corpus'));
      const yamlBook = { ...gen.book, codes: gen.book.codes.map((c) => ({ id: c.id, name: c.name, rules: c.rules.map((r) => ({ keywords: r.terms })) })) };
      writeFileSync(join(dir, 'book.json'), JSON.stringify(yamlBook));
      while (bytes < target) {
        const { source, segments, bytes: b } = gen.nextSource();
        writeFileSync(join(dir, 'corpus', `${source.id.padStart(6, '0')}.txt`), source.text);
        bytes += b;
        turns += segments.length;
      }
      const { main } = await import(join(root, 'dist/cli/main.js'));
      const { memoryIo } = await import(join(root, 'dist/cli/io.js'));
      threads = Number(process.env.QDA_THREADS) || 1;
      const io = memoryIo(dir, { QDA_THREADS: String(threads) });
      const t = performance.now();
      const u = process.cpuUsage();
      const code = await main(['code', 'corpus', '-c', 'book.json', '--speakers', 'all', '--format', 'csv', '-o', 'out.csv'], io);
      codeMs = performance.now() - t;
      const d = process.cpuUsage(u);
      cpuMs = (d.user + d.system) / 1000;
      if (code !== 0) throw new Error(io.err());
      codings = statSync(join(dir, 'out.csv')).size; // (CSV bytes, not codings)
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else {
    const { codeRulesParallel } = await import(join(root, 'dist/coding/parallel.js'));
    const sources = [];
    const segments = [];
    while (bytes < target) {
      const s = gen.nextSource();
      sources.push(s.source);
      for (const g of s.segments) segments.push(g);
      bytes += s.bytes;
      turns += s.segments.length;
    }
    threads = Number(process.env.QDA_THREADS) || availableParallelism();
    const t = performance.now();
    const u = process.cpuUsage();
    // as `qda code … --format csv -o FILE` does: batches come back in source order and are dropped
    await codeRulesParallel({ sources, segments }, [gen.book], { unit: 'turn', speakers: 'all', langs: ['nl'], threads, onBatch: (_s, c) => void (codings += c.length) });
    codeMs = performance.now() - t;
    const d = process.cpuUsage(u);
    cpuMs = (d.user + d.system) / 1000;
  }
  const mb = bytes / 1024 / 1024;
  console.log(JSON.stringify({ mode, rules, mb, turns, codings, compileMs, codeMs, mbps: mb / (codeMs / 1000), cpuMbps: mb / (cpuMs / 1000), threads, rssMB: process.resourceUsage().maxRSS / 1024 }));
  process.exit(0);
}

// ---------------------------------------------------------------- parent
const quick = args.includes('--quick');
const full = args.includes('--full');
const run = (mode, rules, mb, env) => {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', mode, String(rules), String(mb)], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 20, ...(env ? { env: { ...process.env, ...env } } : {}) });
  if (r.status !== 0) {
    console.log(`bench: coding-${rules}-rules-${mode}-${mb}MB failed (${(r.stderr || '').trim().split('\n').slice(-3).join(' / ')})`);
    return undefined;
  }
  return JSON.parse(r.stdout.trim().split('\n').pop());
};
const fmt = (x) => x.toLocaleString('en-US');
const base = run('baseline', 0, quick ? 10 : 50);
if (base) console.log(`bench: coding-baseline-scan ${base.mbps.toFixed(1)} MB/s (calibration: bare matchAll + Set over the same text, no coding; wall clock, ${base.mb.toFixed(0)} MB; compare the figures below with it when the machine is loaded)`);
const sizes = quick ? [10] : full ? [10, 100, 1024] : [10, 100];
const results = {};
const perKB = (r) => (r.codings / (r.mb * 1024)).toFixed(2);
// '2000' = dense synthetic codebook (every term is a corpus word: ~6 codings per KB);
// '2000r' = realistic density (~1.7 codings per KB, like the built-in codebook on the samples)
for (const rules of ['2000', '2000r', '200']) {
  for (const mb of sizes) {
    if (mb > 100 && rules !== '2000') continue;
    const r = run('single', rules, mb);
    if (!r) continue;
    results[`${rules}-${mb}`] = r;
    const label = rules.endsWith('r') ? `${rules.slice(0, -1)}-rules-realistic` : `${rules}-rules`;
    console.log(`bench: coding-${label}-${mb}MB ${r.mbps.toFixed(1)} MB/s (single thread, wall clock; ${r.cpuMbps.toFixed(1)} MB per CPU-second; ${r.mb.toFixed(0)} MB, ${fmt(r.turns)} turns, ${fmt(r.codings)} codings = ${perKB(r)} per KB; compile ${r.compileMs.toFixed(0)} ms; peak RSS ${r.rssMB.toFixed(0)} MB)`);
  }
}
const big = Math.max(...sizes.filter((s) => s <= 100));
const head = results[`2000-${big}`];
if (head) console.log(`bench: coding-2000-rules ${head.mbps.toFixed(1)} MB/s (single thread, ${big} MB, wall clock; ${head.cpuMbps.toFixed(1)} MB per CPU-second; dense synthetic codebook, ${perKB(head)} codings per KB; target ≥ 50 MB/s per core)`);
const real = results[`2000r-${big}`];
if (real) console.log(`bench: coding-2000-rules-realistic ${real.mbps.toFixed(1)} MB/s (single thread, ${big} MB, wall clock; ${real.cpuMbps.toFixed(1)} MB per CPU-second; realistic density, ${perKB(real)} codings per KB vs 1.7 for the samples with coordination-collaboration; target ≥ 50 MB/s per core)`);
const h200 = results[`200-${big}`];
if (h200) console.log(`bench: coding-200-rules ${h200.mbps.toFixed(1)} MB/s (single thread, ${big} MB, wall clock; ${h200.cpuMbps.toFixed(1)} MB per CPU-second)`);
if (results['2000-10'] && results['2000-100']) {
  console.log(`bench: coding-rss-10MB-vs-100MB ${results['2000-10'].rssMB.toFixed(0)} MB vs ${results['2000-100'].rssMB.toFixed(0)} MB (peak RSS, streaming single thread, 2,000 rules)`);
}
for (const rules of ['2000', '2000r']) {
  const p = run('parallel', rules, big);
  const label = rules.endsWith('r') ? '2000-rules-realistic' : '2000-rules';
  if (p) console.log(`bench: coding-${label}-parallel ${p.mbps.toFixed(1)} MB/s (${p.threads} threads: the calling one + ${p.threads - 1} worker(s), wall clock, ${p.mb.toFixed(0)} MB in memory, incl. transfer and merge; ${p.cpuMbps.toFixed(1)} MB per CPU-second of all threads; ${fmt(p.codings)} codings; peak RSS ${p.rssMB.toFixed(0)} MB)`);
}
// the CLI streaming path (read, segment, code, format, write) on a corpus on disk: 1 vs 2 threads
{
  const mb = quick ? 10 : 100;
  const one = run('stream', '2000r', mb, { QDA_THREADS: '1' });
  const two = run('stream', '2000r', mb, { QDA_THREADS: '2' });
  if (one && two) {
    console.log(`bench: coding-2000-rules-stream-2threads ${two.mbps.toFixed(1)} MB/s vs ${one.mbps.toFixed(1)} MB/s on 1 thread (x${(two.mbps / one.mbps).toFixed(2)}; \`qda code DIR --format csv -o FILE\` in process on ${two.mb.toFixed(0)} MB of .txt files on disk, realistic-density 2,000 rules, every speaker; wall clock incl. reading, segmenting and writing ${(two.codings / 1048576).toFixed(0)} MB of CSV; ${two.cpuMbps.toFixed(1)} vs ${one.cpuMbps.toFixed(1)} MB per CPU-second of all threads; peak RSS ${two.rssMB.toFixed(0)} vs ${one.rssMB.toFixed(0)} MB)`);
  }
}
