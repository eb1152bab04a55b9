/**
 * Several codebooks given with -c whose ids, names or aliases fold to one label (`trust` and
 * `Trust`, `Samen Werken` and `samen_werken`, an alias of one that is another's id): a marker or a
 * codings-file label that names both was read as the first codebook's code without a word, even
 * when the other codebook has that very id as written. Now an id as written wins, and every such
 * label is said with both codes and how to write the other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs, writeProject } from '../helpers/inputs-untouched.js';

const A = `id: boek-a
name: {nl: Boek A}
language: nl
codes:
  - id: trust
    name: {nl: Vertrouwen}
    aliases: {nl: [steun, overleg]}
  - id: Samen Werken
    name: {nl: Samenwerking}
`;
const B = `id: boek-b
name: {nl: Boek B}
language: nl
codes:
  - id: Trust
    name: {nl: Vertrouwen in de leiding}
  - id: support
    name: {nl: Ondersteuning}
    aliases: {nl: [steun]}
  - id: overleg
    name: {nl: Overleg}
  - id: samen_werken
    name: {nl: Samenwerken}
`;
const TEXT = 'Interviewer: Hoe gaat het?\nAnna: Goed. {{Trust}}\nInterviewer: En verder?\nAnna: Ja. {{steun}}\nAnna: Nee. {{overleg}}\nAnna: Vaak. {{samen_werken}}\nAnna: Weer goed. {{Trust}}\nAnna: Gewoon. {{trust}}\n';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'qda-label-two-books-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

type Doc = { sources: Array<{ text: string; codings: Array<{ code: string; marker?: string; coder?: string }> }> };

describe('a label that names codes of two codebooks', () => {
  it('markers: an id as written wins ({{Trust}} is boek-b\'s Trust, {{trust}} boek-a\'s), and each label that names two codes is said with both', async () => {
    const dir = writeProject(root, 'm', { 'a.yaml': A, 'b.yaml': B, 'src/r1.txt': TEXT });
    const r = await qdaLeavingInputs(dir, ['code', 'src', '-c', 'a.yaml', '-c', 'b.yaml', '-o', 'out.json'], ['out.json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as Doc;
    const read = doc.sources[0].codings.filter((c) => c.coder === 'human').map((c) => `${c.marker} ${c.code}`);
    expect(read).toEqual(['{{Trust}} Trust', '{{steun}} trust', '{{overleg}} overleg', '{{samen_werken}} samen_werken', '{{Trust}} Trust', '{{trust}} trust']);
    expect(r.err).toContain('src/r1.txt:2:13: warning: marker label "Trust" (2×, lines 2, 7) is read as code "Trust" of boek-b (by the id), but it is also the id of code "trust" of boek-a; it counts under "Trust" of boek-b only [coding:label-names-two-codes]');
    expect(r.err).toContain('hint: write the id of the code meant, as its codebook has it ({{trust}} for the other, {{Trust}} for this one), or give one of the codes another name or alias in your own codebook');
    expect(r.err).toContain('marker label "trust" (1×, line 8) is read as code "trust" of boek-a (by the id), but it is also the id of code "Trust" of boek-b');
    expect(r.err).toContain('marker label "steun" (1×, line 4) is read as code "trust" of boek-a (by the alias "steun"), but it is also the alias "steun" of code "support" of boek-b');
    expect(r.err).toContain('marker label "overleg" (1×, line 5) is read as code "overleg" of boek-b (by the id), but it is also the alias "overleg" of code "trust" of boek-a');
    expect(r.err).toContain('marker label "samen_werken" (1×, line 6) is read as code "samen_werken" of boek-b (by the id), but it is also the id of code "Samen Werken" of boek-a');
  });

  it('a codings CSV: its code "Trust" is boek-b\'s, said with the file and the row', async () => {
    const dir = writeProject(root, 'c', { 'a.yaml': A, 'b.yaml': B, 'src/r1.txt': 'Interviewer: Hoe gaat het?\nAnna: Goed, echt goed.\n', 'codings.csv': 'source,code,text\nr1,Trust,"Goed, echt goed."\n' });
    const r = await qdaLeavingInputs(dir, ['code', 'src', '-c', 'a.yaml', '-c', 'b.yaml', '--codings', 'codings.csv', '--no-rules', '-o', 'out.json'], ['out.json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as Doc;
    expect(doc.sources[0].codings.map((c) => c.code)).toEqual(['Trust']);
    expect(r.err).toContain('codings.csv:2: warning: code "Trust" (first on line 2) is read as code "Trust" of boek-b (by the id), but it is also the id of code "trust" of boek-a; it counts under "Trust" of boek-b only [coding:label-names-two-codes]');
  });
});
