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
    stderr: process.stderr,
    stdin: process.stdin,
    cwd: process.cwd(),
    env: process.env,
  };
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
