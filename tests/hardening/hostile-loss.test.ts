/**
 * Leftover holes of "nothing dropped, merged or re-attributed silently", each with the input a
 * real user produces, its message (file, place, fix), exit code and every input file
 * byte-identical before and after:
 * - a .qda-manifest.json that cannot be read or is not one (a truncated copy, `{}`) was ignored:
 *   the source walk then read qda run's report, tables and appendices as sources (1 transcript
 *   became 5 sources, 0 codings 158), and `qda run -o` the folder replaced it with a new one
 *   that forgot the files it had written. Now both stop with exit 2 naming the manifest.
 * - a file qda.yaml names (cases:, guide:, framework:, survey:, codebooks:, sources:) that is not
 *   there was said by its path only ("cases.csv: error: cases file not found", "codebook file not
 *   found: /abs/boek.yaml", qda run: "nope: file or folder not found … relative to the current
 *   folder"): now qda.yaml, the line, the key and that paths are relative to qda.yaml; qda run
 *   says so before it writes anything (a missing guide: came after 13 files were written).
 * - two sources whose names differ only in the extension (r1.txt, r1.md) : the second became
 *   "r1-2" (its id and case) without a word; now said with both files (qda code/run, segments).
 * - a case file with rows r1.txt and r1.md: "1 source(s) are on two rows …, the later row's value
 *   is used" although they name two sources and each got its own value; now no false clash (rows
 *   "r1" and "r1.txt" still do clash).
 * - a codings CSV given to qda code/segments as a source was read as a table of answers: its codes
 *   became the text ("overleg", "afspraken") and its codings were dropped (0 codings), without a
 *   word; now exit 2 with how to give it (--codings, or qda matrix/run FILE).
 * - a cases CSV row with more values than the header (a comma in an unquoted value) lost the extra
 *   values silently, a column without a name and a row without a source were dropped silently;
 *   now exit 2 with the line (as the codings CSV already did), and warnings with the lines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs, writeProject } from '../helpers/inputs-untouched.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-hostile-loss-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const qda = qdaLeavingInputs;

const project = (name: string, files: Record<string, string | Uint8Array>) => writeProject(dir, name, files);

const TRANSCRIPT = 'Interviewer: Hoe werkt u samen?\nAnna: We overleggen elke week.\nInterviewer: En verder?\nAnna: Niets meer.\n';

describe('an output manifest that cannot be read', () => {
  it.each([
    ['truncated', (good: string) => good.slice(0, 200), /is not valid JSON \(/],
    ['empty', () => '', /is not valid JSON \(/],
    ['not a manifest', () => '{}\n', /is not a qdakit output manifest \(no "qdakit": "output-folder"\)/],
    ['an entry without its hash', (good: string) => good.replace(/"sha256": "[0-9a-f]+"/, '"sha256": 1'), /has an entry that is not a file name with its "sha256" and "command"/],
  ])('%s: the source walk and qda run -o stop (exit 2) instead of reading qda run’s report and appendices as sources', async (name, corrupt, problem) => {
    const d = project(`manifest-${name.replace(/\W+/g, '-')}`, { 'interviews/r1.txt': TRANSCRIPT, 'qda.yaml': 'sources: [interviews]\ncodebooks: [coordination-collaboration]\n' });
    const first = await qda(d, ['run', '-o', 'interviews'], ['interviews']);
    expect(first.code, first.err).toBe(0);
    const m = join(d, 'interviews', '.qda-manifest.json');
    writeFileSync(m, corrupt(readFileSync(m, 'utf8')));

    const code = await qda(d, ['code', 'interviews', '-o', 'c.json']);
    expect(code.code, code.err).toBe(2);
    expect(code.err).toMatch(/^interviews\/\.qda-manifest\.json: error: this list of the files qda run wrote in interviews /m);
    expect(code.err).toMatch(problem);
    expect(code.err).toContain('so its report, tables and appendices cannot be told from sources; nothing was read [ingest:output-manifest-unreadable]');
    expect(code.err).toContain('hint: if interviews holds the output of an earlier qda run, move it out of the sources or delete it');

    const seg = await qda(d, ['segments']);
    expect(seg.code).toBe(2);
    expect(seg.err).toContain('[ingest:output-manifest-unreadable]');

    const again = await qda(d, ['run', '-o', 'interviews']);
    expect(again.code, again.err).toBe(2);
    expect(again.err).toMatch(/^interviews\/\.qda-manifest\.json: error: interviews\/\.qda-manifest\.json .*: it records which files in interviews qdakit wrote, so qda run cannot tell its own files from yours \(interviews\/appendix-codebook\.docx, .* may be its earlier output or yours\); nothing was written \[cli:out-manifest-unreadable\]/m);
    expect(again.err).toMatch(problem);
    // also with --force: a new manifest would forget what it had written
    expect((await qda(d, ['run', '-o', 'interviews', '--force'])).code).toBe(2);
  }, 120_000);

  it('the fix the hint gives works: the output moved away and the manifest deleted, the next run reads one source', async () => {
    const d = project('manifest-fixed', { 'interviews/r1.txt': TRANSCRIPT, 'qda.yaml': 'sources: [interviews]\ncodebooks: [coordination-collaboration]\n' });
    expect((await qda(d, ['run', '-o', 'interviews'], ['interviews'])).code).toBe(0);
    writeFileSync(join(d, 'interviews', '.qda-manifest.json'), '{"qdakit":');
    for (const f of readdirSync(join(d, 'interviews'))) if (f !== 'r1.txt') rmSync(join(d, 'interviews', f));
    const r = await qda(d, ['run', '-o', 'interviews'], ['interviews']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('qda run: 1 sources');
  }, 120_000);
});

describe('a file qda.yaml names that is not there: qda.yaml, line and key', () => {
  const yaml = (extra: string) => `sources: [interviews]\ncodebooks: [coordination-collaboration]\n${extra}`;
  it.each([
    ['cases: cases.csv\n', ['run', '-o', 'out'], 'qda.yaml:3:8 (/cases): error: cases: "cases.csv" names no file [ingest:project-file-not-found]'],
    ['cases: cases.csv\n', ['code', '-o', 'c.json'], 'qda.yaml:3:8 (/cases): error: cases: "cases.csv" names no file [ingest:project-file-not-found]'],
    ['guide: gids.yaml\n', ['run', '-o', 'out'], 'qda.yaml:3:8 (/guide): error: guide: "gids.yaml" names no file [ingest:project-file-not-found]'],
    ['framework: oordelen.csv\n', ['run', '-o', 'out'], 'qda.yaml:3:12 (/framework): error: framework: "oordelen.csv" names no file [ingest:project-file-not-found]'],
    ['survey: {data: [antwoorden.csv], spec: vragen.yaml}\n', ['run', '-o', 'out'], 'qda.yaml:3:17 (/survey/data/0): error: survey: data: entry "antwoorden.csv" names no file [ingest:project-file-not-found]'],
    ['survey: {data: [antwoorden.csv], spec: vragen.yaml}\n', ['report', 'interviews', '-o', 'r.html'], 'qda.yaml:3:17 (/survey/data/0): error: survey: data: entry "antwoorden.csv" names no file [ingest:project-file-not-found]'],
  ])('%s qda %s', async (extra, args, message) => {
    const d = project(`yaml-${args[0]}-${extra.split(':')[0]}`, { 'interviews/r1.txt': TRANSCRIPT, 'qda.yaml': yaml(extra) });
    const r = await qda(d, args);
    expect(r.code, r.err).toBe(2);
    expect(r.err).toContain(message);
    expect(r.err).toContain('hint: paths in qda.yaml are relative to its folder; correct the path or remove the entry');
    // nothing written (qda run stops before its first file)
    expect(readdirSync(d).sort()).toEqual(['interviews', 'qda.yaml']);
  }, 60_000);

  it('codebooks: a missing file and a misspelled built-in, from run, code and review, also from another folder (--config)', async () => {
    const d = project('yaml-books', { 'interviews/r1.txt': TRANSCRIPT, 'qda.yaml': 'sources: [interviews]\ncodebooks: [coordination-collaboration, boeken/mijn.yaml]\n' });
    for (const args of [['run', '-o', 'out'], ['code', '-o', 'c.json'], ['review', 'interviews', '--accept-above', '0.9']]) {
      const r = await qda(d, args);
      expect(r.code, `${args[0]}: ${r.err}`).toBe(2);
      expect(r.err).toContain('qda.yaml:2:41 (/codebooks/1): error: codebooks: entry "boeken/mijn.yaml" names no file');
    }
    const other = await qda(dir, ['code', '--config', 'yaml-books/qda.yaml', '-o', 'yaml-books/c.json']);
    expect(other.code).toBe(2);
    expect(other.err).toContain(`yaml-books/qda.yaml:2:41 (/codebooks/1): error: codebooks: entry "boeken/mijn.yaml" names no file (looked for ${join(dir, 'yaml-books/boeken/mijn.yaml')})`);
    writeFileSync(join(d, 'qda.yaml'), 'sources: [interviews]\ncodebooks: [coordinaton-collaboration]\n');
    const typo = await qda(d, ['run', '-o', 'out']);
    expect(typo.code).toBe(2);
    expect(typo.err).toContain('qda.yaml:2:13 (/codebooks/0): error: codebooks: entry "coordinaton-collaboration" is not a built-in codebook and names no file [ingest:project-file-not-found]');
    expect(typo.err).toContain('did you mean: coordination-collaboration');
    expect(readdirSync(d).sort()).toEqual(['interviews', 'qda.yaml']);
  }, 60_000);

  it('sources: qda run said "nope: file or folder not found … relative to the current folder"; now qda.yaml and its line', async () => {
    const d = project('yaml-sources', { 'interviews/r1.txt': TRANSCRIPT, 'qda.yaml': 'sources: [interviews, nope]\ncodebooks: [coordination-collaboration]\n' });
    const r = await qda(d, ['run', '-o', 'out']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('qda.yaml:1:23 (/sources/1): error: sources: entry "nope" names no file or folder');
    expect(r.err).not.toContain('relative to the current folder');
    const c = await qda(d, ['code', '-o', 'c.json']);
    expect(c.code).toBe(2);
    expect(c.err).toContain('qda.yaml:1:23 (/sources/1): error: sources: entry "nope" names no file or folder');
  }, 60_000);
});

describe('qda run . -o . twice in a row', () => {
  it('the second run reads nothing the first wrote, says nothing else, and leaves the transcripts byte-identical', async () => {
    const d = project('dot', {
      'r1.txt': TRANSCRIPT,
      'r2.txt': 'Interviewer: Wat gaat goed?\nBert: We maken afspraken en overleggen vaak.\n',
      'notes/r3.md': 'Interviewer: En de wijk?\nCees: Samenwerking met de wijkcoach loopt goed.\n',
    });
    const first = await qda(d, ['run', '.', '-o', '.'], ['.qda-manifest.json', 'codings', 'matrix', 'compare', 'results', 'saturation', 'appendix', 'report']);
    expect(first.code, first.err).toBe(0);
    const sources = (f: string) => (JSON.parse(readFileSync(join(d, f), 'utf8')) as { sources: Array<{ path: string }> }).sources.map((s) => s.path);
    const before = sources('codings.json');
    expect(before).toEqual(['notes/r3.md', 'r1.txt', 'r2.txt']);
    const firstSummary = first.out.split('\n')[0];
    const second = await qda(d, ['run', '.', '-o', '.'], ['.qda-manifest.json', 'codings', 'matrix', 'compare', 'results', 'saturation', 'appendix', 'report']);
    expect(second.code, second.err).toBe(0);
    expect(second.out.split('\n')[0]).toBe(firstSummary);
    expect(sources('codings.json')).toEqual(before);
    expect(second.out).toMatch(/not read as sources: \d+ files that qda run wrote in \.\/ earlier/);
    // nothing on stderr but what the first run said too
    expect(second.err).toBe(first.err);
    expect(readFileSync(join(d, 'r1.txt'), 'utf8')).toBe(TRANSCRIPT);
  }, 120_000);
});

describe('sources whose names differ only in the extension', () => {
  it('the second is read as r1-2, and said so (was silent), by qda code, run and segments', async () => {
    const d = project('stems', {
      'iv/r1.md': 'Interviewer: Hoe werkt u samen?\nAnna: We overleggen elke week.\n',
      'iv/r1.txt': 'Interviewer: En jij?\nBert: Wij overleggen ook.\n',
      'cases.csv': 'source,team\nr1.md,noord\nr1.txt,zuid\n',
    });
    const msg = 'iv/r1.txt: warning: iv/r1.md is also named "r1": this source is read as "r1-2" (its id and case in the codings, tables and report) [ingest:duplicate-source-id]';
    const code = await qda(d, ['code', 'iv', '-c', 'coordination-collaboration', '--cases', 'cases.csv', '-o', 'c.json']);
    expect(code.code, code.err).toBe(0);
    expect(code.err).toContain(msg);
    // each file its own row's value, and no false "two rows" clash
    expect(code.err).not.toContain('conflicting-case-rows');
    const doc = JSON.parse(readFileSync(join(d, 'c.json'), 'utf8')) as { sources: Array<{ id: string; path: string; attributes: Record<string, string> }> };
    expect(doc.sources.map((s) => [s.id, s.path, s.attributes.team])).toEqual([
      ['r1', 'iv/r1.md', 'noord'],
      ['r1-2', 'iv/r1.txt', 'zuid'],
    ]);
    const seg = await qda(d, ['segments', 'iv', '--cases', 'cases.csv']);
    expect(seg.code).toBe(0);
    expect(seg.err).toContain(msg);
    expect(seg.err).not.toContain('conflicting-case-rows');
    const run = await qda(d, ['run', 'iv', '--cases', 'cases.csv', '-o', 'out'], ['out']);
    expect(run.code, run.err).toBe(0);
    expect(run.err).toContain(msg);
    // rows that do name one source twice still clash
    writeFileSync(join(d, 'cases2.csv'), 'source,team\nr1,noord\nr1.md,zuid\n');
    const clash = await qda(d, ['segments', 'iv', '--cases', 'cases2.csv']);
    expect(clash.err).toContain('cases2.csv:3: warning: 1 source(s) are on two rows with different values; the later row\'s value is used: "r1.md" on lines 2 and 3: team "noord" vs "zuid" [ingest:conflicting-case-rows]');
  }, 120_000);
});

describe('CSV tables in the wrong place or with cells the header does not name', () => {
  it('a codings CSV given as a source: exit 2 (was read as answers: its codes became text, its codings were dropped)', async () => {
    const d = project('codings-as-source', { 'mijn-codes.csv': 'source,code,coder,team\nr1,overleg,anna,noord\nr1,afspraken,anna,noord\n' });
    for (const args of [['code', 'mijn-codes.csv', '-o', 'c.json'], ['segments', 'mijn-codes.csv']]) {
      const r = await qda(d, args);
      expect(r.code, r.err).toBe(2);
      expect(r.err).toContain('mijn-codes.csv: error: this table has a "code" column and no column of answers: it is a codings table, not a source (read as one, its codes would be the text and none of its codings would count) [ingest:codings-table-as-source]');
      expect(r.err).toContain('hint: give it with --codings (qda code SOURCES --codings FILE), or analyse it directly (qda matrix FILE, qda run FILE)');
    }
    // read as what it is, it counts
    const m = await qda(d, ['matrix', 'mijn-codes.csv']);
    expect(m.code, m.err).toBe(0);
    expect(m.out).toMatch(/\| overleg \| overleg \| 1 \|/);
    // in a folder it is passed over, as before (a codings table beside the transcripts)
    writeFileSync(join(d, 'r1.txt'), TRANSCRIPT);
    const folder = await qda(d, ['code', '.', '-o', 'c.json'], ['c.json']);
    expect(folder.code, folder.err).toBe(0);
    // an answers table with a code column and a text column is a source
    writeFileSync(join(d, 'antwoorden.csv'), 'respondent,code,antwoord\nR1,a,We overleggen elke week.\n');
    expect((await qda(d, ['segments', 'antwoorden.csv'])).code).toBe(0);
  }, 60_000);

  it('a cases CSV: a row with more values than the header is refused with its line; an unnamed column and a row without a source are said', async () => {
    const d = project('cases-cells', { 'iv/r1.txt': TRANSCRIPT, 'extra.csv': 'source,team\nr1.txt,noord,oost\n', 'loose.csv': 'source,,team\nr1.txt,x,noord\n,,zuid\n' });
    const r = await qda(d, ['segments', 'iv', '--cases', 'extra.csv']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('extra.csv:2: error: this row has 3 values, but the header names 2 columns: "oost" would be lost and the values before it may be in the wrong columns [ingest:too-many-values]');
    const l = await qda(d, ['segments', 'iv', '--cases', 'loose.csv']);
    expect(l.code, l.err).toBe(0);
    expect(l.err).toContain('loose.csv:1: warning: column 2 has no name in the header (line 1); its 1 value(s) (line 2) are not read [ingest:unnamed-column]');
    expect(l.err).toContain('loose.csv:3: warning: 1 row(s) have values but an empty "source" cell (line 3): they describe no source and are not used [ingest:row-without-source]');
    expect(l.out).toContain('team=noord');
  }, 60_000);
});
