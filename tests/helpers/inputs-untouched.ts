import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

/** Every file under `d` with its bytes (base64). */
export function snapshot(d: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (p: string) => {
    for (const e of readdirSync(p, { withFileTypes: true })) {
      const f = join(p, e.name);
      if (e.isDirectory()) walk(f);
      else if (e.isFile()) out.set(f, readFileSync(f).toString('base64'));
    }
  };
  walk(d);
  return out;
}

/** Run qda in `cwd` (with `env`); every file there before must be byte-identical after (`outputs`, paths under cwd, aside). */
export async function qdaLeavingInputs(cwd: string, args: string[], outputs: string[] = [], env: Record<string, string> = {}) {
  const before = snapshot(cwd);
  const io = memoryIo(cwd, env);
  const code = await main(args, io);
  const after = snapshot(cwd);
  for (const [f, b] of before) if (!outputs.some((o) => f.startsWith(join(cwd, o)))) expect(after.get(f), f).toBe(b);
  return { code, out: io.out(), err: io.err() };
}

/** A project folder `root/name` with these files (relative path → text or bytes); returns its path. */
export function writeProject(root: string, name: string, files: Record<string, string | Uint8Array>): string {
  const d = join(root, name);
  for (const [rel, body] of Object.entries(files)) {
    mkdirSync(join(d, rel, '..'), { recursive: true });
    writeFileSync(join(d, rel), body);
  }
  return d;
}
