#!/usr/bin/env node
// A run is short (seconds) and its hot code is compiled on the same two or so cores that do
// the work: V8's optimising compiler inlining less per function costs a little speed in the
// compiled code and saves more in compiling it (measured end to end: `npm run bench`, README).
// A value given on node's command line is kept.
import { setFlagsFromString } from 'node:v8';
if (!process.execArgv.some((a) => a.startsWith('--max-inlined-bytecode-size-cumulative'))) setFlagsFromString('--max-inlined-bytecode-size-cumulative=300');
const { main } = await import('../dist/cli/main.js');
main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
