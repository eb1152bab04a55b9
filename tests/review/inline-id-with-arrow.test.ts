/**
 * A code id with "->" (`oorzaak->gevolg`, which the schema allows): a marker {{oorzaak->gevolg}}
 * is read as code "oorzaak" with a link to "gevolg". qda review --store inline wrote such markers
 * into the source, so each accepted coding came back as another code; codebook validate said ok.
 * Now the decision goes to the decisions file (said: inline-fallback, with why), the source is
 * left as it was, and the codebook says the id (code-id-reads-as-link).
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { markerText } from '../../src/review/inline.js';

const BOOK = `id: ar
language: nl
codes:
  - id: oorzaak->gevolg
    name: Oorzaak en gevolg
    rules:
      - keywords: [wachtlijst]
`;
const TEXT = 'Interviewer: Hoe?\nAnna: Door de wachtlijst werd het erger.\nInterviewer: Dank.\nAnna: Graag.\n';

describe('a code id with "->"', () => {
  it('is never written as an inline marker (it would read as another code with a link)', () => {
    expect(markerText('oorzaak->gevolg', 'human')).toBeUndefined();
    expect(markerText('oorzaak-gevolg', 'human')).toBe('{{oorzaak-gevolg}}');
  });

  it('qda review --store inline saves the decision in the decisions file and says why; the source is left as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-review-arrow-'));
    writeFileSync(join(dir, 'cb.yaml'), BOOK);
    writeFileSync(join(dir, 'r.txt'), TEXT);
    const io = memoryIo(dir);
    expect(await main(['review', 'r.txt', '-c', 'cb.yaml', '--accept-above', '0.1', '--store', 'inline', '--decisions', 'd.json'], io), io.err()).toBe(0);
    expect(readFileSync(join(dir, 'r.txt'), 'utf8')).toBe(TEXT);
    expect(io.err()).toContain('r.txt:2: warning: saved in d.json, not inline: the code id "oorzaak->gevolg" holds "->", which a marker reads as a link or a label (the coding would be read back as another code) (the passage r#1, coded oorzaak->gevolg) [cli:inline-fallback]');
    expect(io.err()).toContain('cb.yaml:4:9 (/codes/0/id): warning: the code id "oorzaak->gevolg" holds "->", which a marker reads as a link: {{oorzaak->gevolg}} codes "oorzaak" with a link to "gevolg", not this code [codebook:code-id-reads-as-link]');
    const doc = JSON.parse(readFileSync(join(dir, 'd.json'), 'utf8')) as { codings: Array<{ code: string }> };
    expect(doc.codings.map((c) => c.code)).toEqual(['oorzaak->gevolg']);
  });
});
