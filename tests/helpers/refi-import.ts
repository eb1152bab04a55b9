import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { zipSync, strToU8 } from 'fflate';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

/**
 * A .qdpx of `xml` (project.qde) and one source text (`sources/<guid>.txt`) written to `dir/name`,
 * imported with `qda refi import name -o imp` (exit 0 expected); checks the .qdpx is left
 * byte-identical and returns standard error.
 */
export async function importQdpx(dir: string, name: string, xml: string, sourceGuid: string, text: string): Promise<string> {
  const bytes = zipSync({ 'project.qde': strToU8(xml), [`sources/${sourceGuid}.txt`]: strToU8(text) });
  writeFileSync(join(dir, name), bytes);
  const io = memoryIo(dir);
  expect(await main(['refi', 'import', name, '-o', 'imp'], io), io.err()).toBe(0);
  expect(Buffer.compare(readFileSync(join(dir, name)), Buffer.from(bytes))).toBe(0);
  return io.err();
}
