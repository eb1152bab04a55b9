#!/usr/bin/env node
/**
 * Ingest throughput (uses the BUILT dist/): readCorpus (read, decode, parse turns,
 * segment by turn) on generated Dutch-like corpora, with peak RSS sampled every 20 ms.
 *   node scripts/bench-ingest.mjs [--quick] [--full] [--mb 10,100]
 * --quick: 10 MB; default: 10 and 100 MB; --full adds 1 GB.
 * One line per figure: `bench: ingest-<size> <MB/s> MB/s (…, peak RSS … MB)`.
 */
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCorpus } from './gen-corpus.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { readCorpus } = await import(join(root, 'dist/ingest/read-corpus.js'));
const quick = process.argv.includes('--quick');
const full = process.argv.includes('--full');
const mbArg = process.argv.indexOf('--mb');
const sizes = mbArg >= 0 ? process.argv[mbArg + 1].split(',').map(Number) : quick ? [10] : full ? [10, 100, 1024] : [10, 100];
const units = process.argv.includes('--all-units') ? ['turn', 'sentence'] : ['turn'];

for (const mb of sizes) {
  const gen = generateCorpus({ mb, fileKb: 512, seed: 7 });
  try {
    for (const unit of units) {
      globalThis.gc?.();
      const base = process.memoryUsage().rss;
      let peak = base;
      const timer = setInterval(() => {
        const r = process.memoryUsage().rss;
        if (r > peak) peak = r;
      }, 20);
      const t0 = performance.now();
      const { corpus } = await readCorpus([gen.dir], { cwd: gen.dir, unit });
      const s = (performance.now() - t0) / 1000;
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      const label = mb >= 1024 ? `${mb / 1024}gb` : `${mb}mb`;
      console.log(
        `bench: ingest-${label}${unit === 'turn' ? '' : '-' + unit} ${(gen.bytes / 1048576 / s).toFixed(1)} MB/s (${(gen.bytes / 1048576).toFixed(0)} MB in ${gen.files.length} files, ${corpus.segments.length} ${unit} segments, ${s.toFixed(2)} s, peak RSS ${(peak / 1048576).toFixed(0)} MB, +${((peak - base) / 1048576).toFixed(0)} MB)`,
      );
    }
  } finally {
    rmSync(gen.dir, { recursive: true, force: true });
  }
}
