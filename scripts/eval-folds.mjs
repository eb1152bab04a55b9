/**
 * The honest protocol's rules, shared by scripts/eval.mjs and scripts/semantic-eval.mjs: the
 * shipped rules without the revisions made on `on` (a string of transcript letters). Each
 * recorded edit in scripts/eval-revisions.json turns the shipped text back into the text before
 * the revision (codebooks/README.md).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** `rulesWithout(on)` for the codebook of scripts/eval-revisions.json, parsed with `parseCodebook` (from dist/). */
export function foldRules(root, parseCodebook) {
  const revisionsFile = join(here, 'eval-revisions.json');
  const revisions = JSON.parse(readFileSync(revisionsFile, 'utf8'));
  const shippedText = readFileSync(join(root, 'codebooks', `${revisions.codebook}.yaml`), 'utf8');
  return function rulesWithout(on) {
    let text = shippedText;
    for (const r of revisions.revisions) {
      if (![...r.on].some((x) => on.includes(x))) continue;
      for (const e of r.edits) {
        const n = text.split(e.shipped).length - 1;
        if (n !== 1) throw new Error(`${revisionsFile}: revision on ${r.on} (${r.why}): its shipped text is found ${n} times in codebooks/${revisions.codebook}.yaml (must be once): ${JSON.stringify(e.shipped.slice(0, 80))}`);
        text = text.replace(e.shipped, () => e.before);
      }
    }
    return parseCodebook(text, { file: `codebooks/${revisions.codebook}.yaml (without the revisions made on ${on})` });
  };
}
