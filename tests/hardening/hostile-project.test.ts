/**
 * Hostile codebooks and project files: each problem stops with exit 2 (or warns) with the file,
 * the place and the fix, and every input is left byte-identical. Found in this pass and fixed:
 * - code ids that differ only in case or in how an accent is encoded were accepted; a marker with
 *   the second id's exact spelling ({{overleg}}) was silently coded as the first ("Overleg");
 * - a misspelled qda.yaml setting (codebok:, languge:) only warned, and the run went on without it;
 *   `output:` was accepted and silently not used; a sources: entry that names nothing did not name
 *   the project file or the entry (and globs are not expanded);
 * - what `qda run` wrote into a folder (report, tables, appendices) was read back as sources by a
 *   later run reaching that folder through another -o or a symbolic link, or by qda code
 *   (1 transcript became 5 sources, 0 codings became 158).
 * Checks that already held are kept here as regressions (duplicate keys, duplicate ids, a missing
 * parent, a cycle, a rule field that does not exist).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs } from '../helpers/inputs-untouched.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-hostile-project-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const qda = qdaLeavingInputs;

const TRANSCRIPT = 'Interviewer: Hoe werkt u samen?\nAnna: We overleggen elke week. {{overleg}}\nInterviewer: En verder?\nAnna: Niets meer.\n';

describe('codebooks', () => {
  const book = (name: string, body: string) => {
    const d = join(dir, 'cb');
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, name), body);
    return d;
  };

  it('code ids that differ only in case: exit 2 with both places (before: ok, and {{overleg}} went to "Overleg")', async () => {
    const d = book('case.yaml', 'id: cb\nname: T\ncodes:\n  - id: Overleg\n    name: A\n  - id: overleg\n    name: B\n');
    writeFileSync(join(d, 't.txt'), TRANSCRIPT);
    const v = await qda(d, ['codebook', 'validate', 'case.yaml']);
    expect(v.code).toBe(2);
    expect(v.err).toContain('case.yaml:6:9 (/codes/1/id): error: code ids "Overleg" (/codes/0, line 4) and "overleg" differ only in case; a label such as {{overleg}} is read as "Overleg"');
    expect(v.err).toContain('[codebook:look-alike-code-ids]');
    const c = await qda(d, ['code', 't.txt', '-c', 'case.yaml', '-o', 'out.json'], ['out.json']);
    expect(c.code).toBe(2);
    expect(readdirSync(d)).not.toContain('out.json');
  });

  it('code ids equal after NFC (one accent decomposed): exit 2, said so', async () => {
    const d = book('nfc.json', JSON.stringify({ id: 'cb', name: 'T', codes: [{ id: 'Co\u00f6rdinatie', name: 'A' }, { id: 'Coo\u0308rdinatie', name: 'B' }] }));
    const v = await qda(d, ['codebook', 'validate', 'nfc.json']);
    expect(v.code).toBe(2);
    expect(v.err).toContain('look the same but encode an accent differently (Unicode NFC and NFD)');
  });

  it('a name written like another code\'s name or id: a warning naming which code a label goes to (exit 0)', async () => {
    const d = book('names.yaml', 'id: cb\nname: T\ncodes:\n  - id: x\n    name: Overleg\n  - id: y\n    name: overleg\n  - id: z\n    name: X\n');
    const v = await qda(d, ['codebook', 'validate', 'names.yaml']);
    expect(v.code).toBe(0);
    expect(v.err).toContain('names.yaml:7:11 (/codes/1/name): warning: the name "overleg" of code "y" is written like the name of code "x" (/codes/0); a label {{overleg}} is read as "x" [codebook:look-alike-code-names]');
    expect(v.err).toContain('the name "X" of code "z" is written like the id of code "x"');
  });

  it('a CSV given as a codebook: exit 2 saying that codebooks are YAML, JSON or .qdc (was "must be a map … not the text …")', async () => {
    const d = book('codes.csv', 'id,name,parent\na,A,\nb,B,a\n');
    const v = await qda(d, ['codebook', 'validate', 'codes.csv']);
    expect(v.code).toBe(2);
    expect(v.err).toContain('codes.csv: error: a .csv table cannot be read as a codebook: codebooks are YAML, JSON or REFI-QDA .qdc [codebook:codebook-format]');
    writeFileSync(join(d, 't.txt'), TRANSCRIPT);
    const c = await qda(d, ['code', 't.txt', '-c', 'codes.csv', '-o', 'o.json'], ['o.json']);
    expect(c.code).toBe(2);
    expect(c.err).toContain('[codebook:codebook-format]');
  });

  it('evidence for a ladder that is not there (a misspelled id): a warning with did-you-mean (was silent: it never counted)', async () => {
    const d = book('ev.yaml', 'id: cb\nname: T\ncodes:\n  - id: a\n    name: A\n    evidences: [{codebook: hovik-hansen, level: 2}]\n');
    const v = await qda(d, ['codebook', 'validate', 'ev.yaml']);
    expect(v.code).toBe(0);
    expect(v.err).toContain('ev.yaml:6:28 (/codes/0/evidences/0/codebook): warning: code "a" gives evidence for the ladder "hovik-hansen", which is neither this codebook nor a built-in ladder');
    expect(v.err).toContain('did you mean "hovik-hanssen"?');
  });

  it('regressions: duplicate keys (YAML, JSON), duplicate ids, a missing parent, a cycle, an unknown rule field: exit 2 with line and column', async () => {
    const cases: Array<[string, string, string]> = [
      ['dupkey.yaml', 'id: cb\nname: T\ncodes:\n  - id: a\n    name: A\n    name: B\n', 'dupkey.yaml:6:5: error: malformed YAML: Map keys must be unique'],
      ['dupkey.json', '{"id":"cb","name":"T","codes":[{"id":"a","name":"A","name":"B"}]}', 'the key "name" appears twice in one object'],
      ['dupid.yaml', 'id: cb\nname: T\ncodes:\n  - id: a\n    name: A\n  - id: a\n    name: B\n', 'dupid.yaml:6:9 (/codes/1/id): error: duplicate code id "a"'],
      ['orphan.yaml', 'id: cb\nname: T\ncodes:\n  - id: a\n    name: A\n    parent: weg\n', 'orphan.yaml:6:13 (/codes/0/parent): error: code "a" has unknown parent "weg"'],
      ['cycle.yaml', 'id: cb\nname: T\ncodes:\n  - id: a\n    name: A\n    parent: b\n  - id: b\n    name: B\n    parent: a\n', 'error: parent cycle: a → b → a'],
      ['rule.yaml', 'id: cb\nname: T\ncodes:\n  - id: a\n    name: A\n    rules:\n      - keywords: [overleg]\n        code: zzz\n', 'rule.yaml:8:9 (/codes/0/rules/0/code): error: /codes/0/rules/0/code unknown field "code"'],
    ];
    for (const [name, body, says] of cases) {
      const d = book(name, body);
      const v = await qda(d, ['codebook', 'validate', name]);
      expect(v.code, name).toBe(2);
      expect(v.err, name).toContain(says);
    }
  });
});

describe('qda.yaml', () => {
  const project = (name: string, yaml: string) => {
    const d = join(dir, name);
    mkdirSync(join(d, 'interviews'), { recursive: true });
    writeFileSync(join(d, 'interviews', 'r1.txt'), TRANSCRIPT);
    writeFileSync(join(d, 'qda.yaml'), yaml);
    return d;
  };

  it('a misspelled setting stops with exit 2 and the line (before: a warning, and the run went on without it)', async () => {
    const d = project('typo', 'sources: [interviews]\ncodebok: [hovik-hanssen]\n');
    for (const args of [['code', '-o', 'c.json'], ['run', '-o', 'out']]) {
      const r = await qda(d, args, ['c.json', 'out']);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toContain('qda.yaml:2:10 (/codebok): error: unknown setting "codebok": did you mean "codebooks"?');
      expect(r.err).toContain('hint: rename "codebok:" to "codebooks:"');
    }
    const d2 = project('typo2', 'Sources: [interviews]\nlanguge: en\n');
    const r2 = await qda(d2, ['code', '-o', 'c.json'], ['c.json']);
    expect(r2.code).toBe(2);
    expect(r2.err).toMatch(/unknown setting "(Sources|languge)": did you mean "(sources|language)"/);
  });

  it('a setting qdakit does not know at all warns and is ignored; output: warns that it is not used', async () => {
    const d = project('unknown', 'sources: [interviews]\nauteur: Fem\noutput: resultaten\n');
    const r = await qda(d, ['code', '-o', 'c.json'], ['c.json']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('qda.yaml:2:9: warning: unknown setting "auteur" (ignored) [ingest:unknown-project-key]');
    expect(r.err).toContain('"output: resultaten" is not used: the output goes where -o says');
  });

  it('a sources: entry that names nothing: exit 2 naming qda.yaml, the entry and that patterns are not expanded', async () => {
    const d = project('missing', 'sources: [interviews, "*.docx"]\n');
    const r = await qda(d, ['code', '-o', 'c.json'], ['c.json']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('qda.yaml:1:23 (/sources/1): error: sources: entry "*.docx" names no file or folder');
    expect(r.err).toContain('patterns such as *.docx are not expanded');
  });

  it('what qda run wrote into the sources folder is never read as a source, through another -o or a link (before: 1 transcript → 5 sources)', async () => {
    const d = project('ownout', 'sources: [interviews]\ncodebooks: [coordination-collaboration]\n');
    const first = await qda(d, ['run', '-o', 'interviews'], ['interviews']);
    expect(first.code, first.err).toBe(0);
    expect(first.out).toContain('qda run: 1 sources');
    expect(readFileSync(join(d, 'interviews', 'r1.txt'), 'utf8')).toBe(TRANSCRIPT);
    symlinkSync('interviews', join(d, 'linkout'));
    const again = await qda(d, ['run', '-o', 'linkout'], ['interviews']);
    expect(again.code, again.err).toBe(0);
    expect(again.out).toContain('qda run: 1 sources');
    const code = await qda(d, ['code', 'interviews', '-o', 'c.json'], ['c.json']);
    expect(code.code, code.err).toBe(0);
    expect(code.err).toContain('interviews/results-skeleton.md: warning: skipped: written by qda run (listed in interviews/.qda-manifest.json), not a source [ingest:not-a-source]');
    expect(code.err).not.toContain('media-skipped');
    const doc = JSON.parse(readFileSync(join(d, 'c.json'), 'utf8')) as { sources: Array<{ path: string }> };
    expect(doc.sources.map((s) => s.path)).toEqual(['interviews/r1.txt']);
  }, 120_000);

  it('an output folder inside the sources folder: the next run with another -o reads only the transcript', async () => {
    const d = project('inside', 'sources: [interviews]\ncodebooks: [coordination-collaboration]\n');
    expect((await qda(d, ['run', '-o', 'interviews/resultaten'], ['interviews/resultaten'])).code).toBe(0);
    const r = await qda(d, ['run', '-o', 'elders'], ['elders']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('qda run: 1 sources');
  }, 120_000);
});
