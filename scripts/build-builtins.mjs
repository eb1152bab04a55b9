#!/usr/bin/env node
/**
 * Build step (after tsc): the built-in codebooks, parsed and checked by the full parser,
 * as JSON in dist/builtin-codebooks/<id>.json with the sha256 of their YAML. `readCodebook`
 * uses such a file only when the hash still matches the YAML (so it can never be stale),
 * which spares `qda code -c <id>` the YAML parse at start-up. A codebook that does not
 * parse is skipped with a warning (the YAML is then read as usual and reports its errors).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { BUILTIN_CODEBOOK_IDS } = await import(join(root, 'dist/codebook/builtins.js'));
const { parseCodebook } = await import(join(root, 'dist/codebook/parse-codebook.js'));
const { writeFileAtomic } = await import(join(root, 'dist/export/write-file-atomic.js'));
let n = 0;
for (const id of BUILTIN_CODEBOOK_IDS) {
  const yamlPath = join(root, 'codebooks', `${id}.yaml`);
  if (!existsSync(yamlPath)) continue;
  const bytes = readFileSync(yamlPath);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  try {
    const book = parseCodebook(new TextDecoder('utf-8').decode(bytes), { file: `codebooks/${id}.yaml` });
    await writeFileAtomic(join(root, 'dist/builtin-codebooks', `${id}.json`), JSON.stringify({ sha256, book }));
    n++;
  } catch (e) {
    console.error(`build-builtins: skipped ${id}: ${String(e.message).split('\n')[0]}`);
  }
}
console.error(`build-builtins: ${n} built-in codebooks precompiled`);
