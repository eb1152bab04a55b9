#!/usr/bin/env node
// V8 compiles a run's hot code on background threads; without inlining our functions into one
// another that work is a third less (≈ 0.3 CPU-s of 3.5 on the realistic corpus, measured with
// `npm run bench`), and the code it makes is not slower here. Set before anything is compiled;
// QDA_V8_INLINING=1 keeps V8's default. (Flags are the process's: the worker threads share them.)
import v8 from 'node:v8';
if (process.env.QDA_V8_INLINING !== '1') v8.setFlagsFromString('--no-turbo-inlining');
const { main } = await import('../dist/cli/main.js');
main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
