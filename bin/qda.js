#!/usr/bin/env node
// A run is short (seconds) and its hot code is compiled on the same two or so cores that do the
// work: V8's optimising compiler inlining less per function and not peeling loops costs little
// speed in the compiled code and saves more in compiling it (measured end to end, alternating
// runs: realistic corpus JSON 1.84 → 1.70 s, 100 MB 4.17 → 3.57 s; `npm run bench`, README).
// No pretenuring by allocation site: V8 switching a site to old-space allocation after a GC threw
// away compiled code that depended on it (parseBlocks and others, at random moments of a run);
// without it, alternating runs: realistic JSON 1.87 → 1.78 s, 100 MB 3.91 → 3.81 s, dense 50 MB
// 6.27 → 6.11 s (peak RSS 531 → 402 MB), matrix and saturation of a 48 MB document 3 % faster.
// A flag given on node's command line is kept.
import { setFlagsFromString } from 'node:v8';
for (const [flag, value] of [['--max-inlined-bytecode-size-cumulative', '=300'], ['--turbo-loop-peeling', ''], ['--allocation-site-pretenuring', '']]) {
  const given = process.execArgv.some((a) => a.startsWith(flag) || a.startsWith('--no-' + flag.slice(2)));
  if (!given) setFlagsFromString(value ? flag + value : '--no-' + flag.slice(2));
}
const { main } = await import('../dist/cli/main.js');
main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
