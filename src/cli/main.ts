import { CommanderError } from 'commander';
import { buildProgram } from './program.js';
import { processIo, type Io } from './io.js';
import { QdaInputError, formatDiagnostic } from '../model/errors.js';

/**
 * The one exit point. Returns the exit code: 0 ok, 2 bad input or usage,
 * 1 internal error (stack trace only with --debug).
 */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  guardProcessStreams(io);
  const state = { exitCode: 0 };
  const program = buildProgram(io, state);
  const debug = argv.includes('--debug');
  const { written } = await import('../export/write-file-atomic.js');
  const files: Array<{ readonly path: string; readonly shown: string }> = [];
  try {
    await written.run(files, () => program.parseAsync([...argv], { from: 'user' }));
    return state.exitCode;
  } catch (err) {
    // (files this run wrote before the error stay, each whole: named after it, since the error speaks of its own file only)
    const shown = files.map((f) => f.shown);
    const before = shown.length
      ? `qda: before this error, ${shown.length === 1 ? '1 file was' : `${shown.length} files were`} written (whole) and ${shown.length === 1 ? 'stays' : 'stay'}: ${shown.slice(0, 10).join(', ')}${shown.length > 10 ? `, … (+${shown.length - 10})` : ''}\n`
      : '';
    if (err instanceof CommanderError) {
      // help and version exit with 0; usage errors with 2
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
      if (err.exitCode === 0) return 0;
      return 2;
    }
    if (err instanceof QdaInputError) {
      for (const d of err.diagnostics) io.stderr.write(formatDiagnostic(d) + '\n');
      io.stderr.write(before);
      return 2;
    }
    const e = err as NodeJS.ErrnoException;
    if (e && (e.code === 'ENOENT' || e.code === 'EACCES' || e.code === 'EISDIR' || e.code === 'ENOTDIR' || e.code === 'EEXIST' || e.code === 'ENOSPC' || e.code === 'EROFS')) {
      const hints: Record<string, string> = {
        ENOENT: 'check the path (it is relative to the current folder)',
        EACCES: 'check the file permissions',
        EISDIR: 'give a file, not a folder',
        ENOTDIR: 'a part of the path is a file, not a folder',
        EEXIST: 'choose another output path',
        ENOSPC: 'free some disk space',
        EROFS: 'write to a writable location',
      };
      io.stderr.write(`${e.path ?? ''}${e.path ? ': ' : ''}error: ${e.message.replace(/^[A-Z]+: /, '')} [io:${e.code}]\n  hint: ${hints[e.code!]}\n`);
      io.stderr.write(before);
      return 2;
    }
    io.stderr.write(`qda: internal error: ${(err as Error)?.message ?? String(err)}\n`);
    if (debug) io.stderr.write(`${(err as Error)?.stack ?? ''}\n`);
    else io.stderr.write('  (run again with --debug for a stack trace, and please report it)\n');
    io.stderr.write(before);
    return 1;
  }
}

let guarded = false;

/**
 * Output to a closed pipe (`qda segments … | head`) or a full disk: Node emits an 'error'
 * event on process.stdout, which would crash with a stack trace. A closed pipe ends the
 * run quietly (the reader has what it wanted); any other write error is one clear message
 * and exit code 2.
 */
function guardProcessStreams(io: Io): void {
  if (guarded || io.stdout !== process.stdout) return;
  guarded = true;
  const onError = (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    try {
      // (through io.stderr: after what it holds, all written as the process exits)
      io.stderr.write(`qda: error: cannot write the output (${err.message.replace(/^[A-Z]+: /, '')}) [io:${err.code ?? 'write'}]\n  hint: ${err.code === 'ENOSPC' ? 'free some disk space, or write elsewhere with -o' : 'check where the output goes (-o FILE)'}\n`);
    } catch {
      /* stderr is gone too */
    }
    process.exit(2);
  };
  process.stdout.on('error', onError);
  process.stderr.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') return;
    process.exit(2);
  });
}
