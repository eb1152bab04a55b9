/**
 * V8 settings for the commands that read and code whole corpora (`qda code`, `qda segments`):
 * V8 compiles a run's hot code on background threads, and without inlining our functions into
 * one another that work is a third less (≈ 0.3 CPU-s of 3.5 on the realistic corpus of
 * `npm run bench`: 0.92–1.07 → 0.64–0.76 s, each thread's own CPU unchanged). Set before the
 * command's work compiles anything; the worker threads share the process's flags. Not set for
 * the analysis commands (their short hot loops gain from inlining) nor for library users.
 * `QDA_V8_INLINING=1` keeps V8's default.
 */
import { setFlagsFromString } from 'node:v8';

export function compileLessForCorpora(env: Readonly<Record<string, string | undefined>> | undefined): void {
  if (env?.QDA_V8_INLINING !== '1') setFlagsFromString('--no-turbo-inlining');
}
