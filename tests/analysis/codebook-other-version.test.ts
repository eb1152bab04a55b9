/**
 * -c with a codebook whose id the codings document's own codebook has, in another version (a code
 * renamed since the coding): the document's codes are used and -c changes nothing, which was not
 * said (qda matrix codings.json -c codebook-v2.yaml counted by version 1 without a word).
 * The codebook and transcript are our own writing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs, writeProject } from '../helpers/inputs-untouched.js';

const V1 = 'id: t\nname: test\nversion: "1"\ncodes:\n  - {id: samen, name: Samenwerking}\n  - {id: vert, name: Vertrouwen}\n';
const V2 = 'id: t\nname: test\nversion: "2"\ncodes:\n  - {id: samenwerking, name: Samenwerking}\n  - {id: vert, name: Vertrouwen}\n';
const TEXT = 'Interviewer: Hoe gaat het?\nAnna: De samenwerking gaat goed. {{samen}} We vertrouwen elkaar. {{vert}}\n';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'qda-cb-version-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('-c with another version of the codings document\'s codebook', () => {
  it('is said with both versions, the new codes and the coded codes it lacks', async () => {
    const d = writeProject(tmp, 'v', { 'v1.yaml': V1, 'v2.yaml': V2, 'src/r1.txt': TEXT });
    const c = await qdaLeavingInputs(d, ['code', 'src', '-c', 'v1.yaml', '-o', 'codings.json'], ['codings.json']);
    expect(c.code).toBe(0);
    const m = await qdaLeavingInputs(d, ['matrix', 'codings.json', '-c', 'v2.yaml', '--format', 'md']);
    expect(m.code).toBe(0);
    expect(m.err).toContain(
      `codings.json: warning: codebook "t" given with -c (version 2) is another version than the one the codings document was coded with (version 1, other content): the document's codes, names and parents are used, and -c changes nothing; codes of the given codebook that the document lacks: samenwerking; coded codes that the given codebook lacks: "samen" (1 coding) [ingest:codebook-differs-from-document]`,
    );
    // the same codebook again: nothing to say
    const same = await qdaLeavingInputs(d, ['matrix', 'codings.json', '-c', 'v1.yaml', '--format', 'md']);
    expect(same.err).not.toContain('codebook-differs-from-document');
  });
});

describe('qda appendix --by code with a codebook of one\'s own', () => {
  const CB = 'id: own\nname: eigen\nversion: "1"\ncodes:\n  - id: vert\n    name: Vertrouwen\n    definition: Vertrouwen in elkaar.\n    include: [vertrouwen uitgesproken]\n    exclude: [wantrouwen]\n';
  it('-c gives its inclusion and exclusion criteria (the column was empty); without -c that is said', async () => {
    const d = writeProject(tmp, 'own', { 'own.yaml': CB, 'src/r1.txt': 'Interviewer: Hoe gaat het?\nAnna: We vertrouwen elkaar echt heel erg goed. {{vert}}\n' });
    expect((await qdaLeavingInputs(d, ['code', 'src', '-c', 'own.yaml', '-o', 'codings.json'], ['codings.json'])).code).toBe(0);
    const withC = await qdaLeavingInputs(d, ['appendix', 'codings.json', '-c', 'own.yaml', '--format', 'md', '--lang', 'en']);
    expect(withC.out).toContain('| Vertrouwen (vert) | Vertrouwen in elkaar. | Include: vertrouwen uitgesproken — Exclude: wantrouwen |');
    expect(withC.err).not.toContain('codebook-criteria-not-given');
    const without = await qdaLeavingInputs(d, ['appendix', 'codings.json', '--format', 'md', '--lang', 'en']);
    expect(without.out).toContain('| Vertrouwen (vert) | Vertrouwen in elkaar. |  |');
    expect(without.err).toMatch(/codings\.json: info: the codings document holds the names and definitions of codebook "own", not its inclusion and exclusion criteria: that column of the appendix stays empty for its codes \[cli:codebook-criteria-not-given\]\n  hint: give the codebook with -c \(coded with .*own\.yaml\) to show its criteria/);
  });
});
