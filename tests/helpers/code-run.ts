import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

/** A new temporary folder (its name starting `prefix`) holding r1.txt with `text`. */
export function oneSourceProject(prefix: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  writeFileSync(join(dir, 'r1.txt'), text);
  return dir;
}

/** `qda code r1.txt -c coordination-collaboration ARGS` in `dir`: exit code and standard error. */
export async function codeR1(dir: string, ...args: string[]): Promise<{ rc: number; err: string }> {
  const io = memoryIo(dir);
  const rc = await main(['code', 'r1.txt', '-c', 'coordination-collaboration', ...args], io);
  return { rc, err: io.err() };
}
