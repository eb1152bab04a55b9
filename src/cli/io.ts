import { fstatSync } from 'node:fs';
/** Injected I/O so commands can be run in-process by tests without patching console. */
export interface Out {
  write(chunk: string | Uint8Array): void;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface Io {
  readonly stdout: Out;
  readonly stderr: Out;
  readonly stdin?: NodeJS.ReadableStream;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export function processIo(): Io {
  return {
    stdout: process.stdout,
    stderr: coalescedStderr(),
    stdin: process.stdin,
    cwd: process.cwd(),
    env: process.env,
  };
}

let stderrOut: Out | undefined;

/**
 * process.stderr, its writes gathered when it goes to a pipe or a file that is not also stdout
 * (`2>warnings.txt`, a program reading it): each write to a pipe is a system call of its own, and
 * a corpus with thousands of warnings spent ≈ 50 ms of a 2.4 s run in them. Gathered writes go out
 * at 16 K, 50 ms after the first of them, and when the process exits (also on process.exit and an
 * uncaught error), in their order. A terminal, and stderr going where stdout goes (`2>&1`, so that
 * the two stay in their order), are written to at once, as before.
 */
function coalescedStderr(): Out {
  if (stderrOut) return stderrOut;
  const err = process.stderr;
  let direct = err.isTTY === true;
  if (!direct) {
    try {
      const a = fstatSync(1);
      const b = fstatSync(2);
      direct = a.dev === b.dev && a.ino === b.ino;
    } catch {
      direct = true;
    }
  }
  if (direct) return (stderrOut = err);
  const held: string[] = [];
  let size = 0;
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!held.length) return;
    const chunk = held.length === 1 ? held[0] : held.join('');
    held.length = 0;
    size = 0;
    err.write(chunk);
  };
  process.on('exit', flush);
  return (stderrOut = {
    write(chunk: string | Uint8Array) {
      held.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      size += chunk.length;
      if (size >= 16384) flush();
      else if (!timer) (timer = setTimeout(flush, 50)).unref();
    },
    isTTY: false,
  });
}

/** An Io that collects output in strings (for tests). */
export function memoryIo(cwd: string, env: Record<string, string | undefined> = {}): Io & { out(): string; err(): string; outBytes(): Uint8Array } {
  const out: Uint8Array[] = [];
  const err: string[] = [];
  const enc = new TextEncoder();
  return {
    stdout: { write: (c) => void out.push(typeof c === 'string' ? enc.encode(c) : c), isTTY: false },
    stderr: { write: (c) => void err.push(typeof c === 'string' ? c : new TextDecoder().decode(c)), isTTY: false },
    cwd,
    env: { NO_COLOR: '1', ...env },
    out: () => new TextDecoder().decode(Buffer.concat(out)),
    err: () => err.join(''),
    outBytes: () => new Uint8Array(Buffer.concat(out)),
  };
}
