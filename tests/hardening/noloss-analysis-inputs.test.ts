/**
 * Hostile but plausible inputs to the analysis commands, built from the samples' codings: what is
 * merged or re-attributed is said. A codings CSV whose coder cell is empty on some rows, while
 * the other rows name their coder, counted those rows as coder "human" without a word (a coder of
 * its own in qda agree, or merged with a coder named "human"). A source of the codings that the
 * case table has no row for was counted under "(no group)" without a word. The files are left
 * byte-identical.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs, writeProject } from '../helpers/inputs-untouched.js';

const anna = readFileSync(join(__dirname, '../../samples/codings/anna.csv'), 'utf8');
const bram = readFileSync(join(__dirname, '../../samples/codings/bram.csv'), 'utf8');

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'qda-noloss-analysis-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** anna.csv with the coder cell of its 2nd and 4th codings emptied. */
function annaWithoutCoder(): string {
  const lines = anna.split('\n');
  for (const k of [2, 4]) lines[k] = lines[k].replace(/,anna$/, ',');
  return lines.join('\n');
}

describe('codings whose coder cell is empty', () => {
  it('are said with their lines and the coder they are counted as (matrix, agree)', async () => {
    const d = writeProject(tmp, 'empty-coder', { 'anna.csv': annaWithoutCoder(), 'bram.csv': bram });
    const m = await qdaLeavingInputs(d, ['matrix', 'anna.csv', '--format', 'md']);
    expect(m.code).toBe(0);
    expect(m.err).toContain(
      'anna.csv:3: warning: 2 coding(s) leave "coder" empty (lines 3, 5), while the other rows name their coder (anna); they are counted as coder "human" (a coder of its own in qda agree and --coder) [ingest:empty-coder]\n' +
        '  hint: fill in the coder on these rows (with --coder NAME, only the rows of that coder are counted)',
    );
    const a = await qdaLeavingInputs(d, ['agree', 'anna.csv', 'bram.csv', '--format', 'md']);
    expect(a.code).toBe(0);
    expect(a.err).toContain('anna.csv:3: warning: 2 coding(s) leave "coder" empty (lines 3, 5)');
  });

  it('merged with the rows that say "human": said so', async () => {
    const d = writeProject(tmp, 'human-coder', { 'c.csv': 'source,code,coder\nr1,trust,human\nr2,trust,\nr3,trust,human\n' });
    const r = await qdaLeavingInputs(d, ['saturation', 'c.csv']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('c.csv:3: warning: 1 coding(s) leave "coder" empty (line 3), while the other rows name their coder (human); they are counted as coder "human", together with the rows that say "human" [ingest:empty-coder]');
  });

  it('a coder column left empty on every row, or no coder column: nothing said', async () => {
    const d = writeProject(tmp, 'no-coder', { 'a.csv': 'source,code,coder\nr1,trust,\nr2,trust,\n', 'b.csv': 'source,code\nr1,trust\n' });
    for (const f of ['a.csv', 'b.csv']) {
      const r = await qdaLeavingInputs(d, ['matrix', f, '--format', 'md']);
      expect(r.code).toBe(0);
      expect(r.err).not.toContain('empty-coder');
    }
  });
});

describe('sources without a row in the case table', () => {
  const cases = readFileSync(join(__dirname, '../../samples/cases.csv'), 'utf8');
  it('are said with their ids and where they count (report with --cases)', async () => {
    // the table without jongerenwerker-03's row; anna.csv codes wijkcoach-01 and jongerenwerker-03
    const table = cases.split('\n').filter((l) => !l.startsWith('jongerenwerker-03,')).join('\n');
    const d = writeProject(tmp, 'rowless', { 'anna.csv': anna, 'cases.csv': table });
    const r = await qdaLeavingInputs(d, ['report', 'anna.csv', '--cases', 'cases.csv', '-o', 'r.html'], ['r.html']);
    expect(r.code).toBe(0);
    expect(r.err).toContain(
      'cases.csv: warning: 1 source(s) have no row in the case table (cases.csv) and no attributes of their own: "jongerenwerker-03"; each is a case of its own (its id), without attributes: grouped by an attribute, it counts under "(no …)" (e.g. "(no group)") [ingest:source-without-case-row]\n' +
        "  hint: add a row for it (source, case and attributes such as group or team); if a row is there, write the source's file name (or the name without extension) in its source column",
    );
    // qda code with sources given as files (not a folder): said too
    const d3 = writeProject(tmp, 'rowless-files', {
      'r1.txt': 'Interviewer: Hoe gaat het?\nAnna: We vertrouwen elkaar.\n',
      'r2.txt': 'Interviewer: En jij?\nBob: Ik vertrouw de partners niet.\n',
      'cases.csv': 'source,group\nr1,wijk\n',
    });
    const r3 = await qdaLeavingInputs(d3, ['code', 'r1.txt', 'r2.txt', '-c', 'kaats-opheij', '--cases', 'cases.csv', '-o', 'c.json'], ['c.json']);
    expect(r3.code).toBe(0);
    expect(r3.err).toContain('cases.csv: warning: 1 source(s) have no row in the case table (cases.csv) and no attributes of their own: "r2"; each is a case of its own (its id), without attributes');
    // with every row: nothing said
    const d2 = writeProject(tmp, 'all-rows', { 'anna.csv': anna, 'cases.csv': cases });
    const r2 = await qdaLeavingInputs(d2, ['report', 'anna.csv', '--cases', 'cases.csv', '-o', 'r.html'], ['r.html']);
    expect(r2.code).toBe(0);
    expect(r2.err).not.toContain('source-without-case-row');
  });
});

describe('qda.yaml cases with a codings CSV: matrix, compare and saturation apply them', () => {
  // (they gave the language of qda.yaml, but not its cases: --cols case showed the source ids and
  // --by group found no group, without a word)
  const cases = 'source,case,group\nwijkcoach-01,WC1,wijkcoach\njongerenwerker-03,JW3,jongerenwerker\njongerenwerker-09,JW9,jongerenwerker\n';
  it('the cases and attributes are used and said; rows naming no source of the codings are said once, with what that means for N', async () => {
    const d = writeProject(tmp, 'project-cases', { 'qda.yaml': 'cases: cases.csv\nlanguage: en\n', 'cases.csv': cases, 'anna.csv': anna });
    const m = await qdaLeavingInputs(d, ['matrix', 'anna.csv', '--format', 'csv']);
    expect(m.code).toBe(0);
    expect(m.out.split('\n')[0]).toBe('Code,Name,JW3,WC1,Total');
    expect(m.err).toContain(
      'qda.yaml: info: the cases of qda.yaml (cases: cases.csv) are applied to the sources of the codings file [cli:project-cases-on-codings]\n' +
        '  hint: remove cases: from qda.yaml to count the sources by their own ids (qda report and qda run take --cases FILE for another table)',
    );
    expect(m.err).toContain(
      'cases.csv:4: warning: 1 row(s) of the case table name a source that no coding names: "jongerenwerker-09" (line 4); their attributes are not used, and these sources are counted in no group\'s N [ingest:unknown-case-source]',
    );
    const c = await qdaLeavingInputs(d, ['compare', 'anna.csv', '--by', 'group', '--format', 'md']);
    expect(c.code).toBe(0);
    expect(c.out).toContain('Groups (2): jongerenwerker (N=1 respondents), wijkcoach (N=1 respondents)');
    const s = await qdaLeavingInputs(d, ['saturation', 'anna.csv', '--by', 'group']);
    expect(s.code).toBe(0);
    expect(s.err).toContain('[cli:project-cases-on-codings]');
    expect(s.out).toContain('Group wijkcoach');
  });
});

describe('a version-1 codings JSON whose codings have no id or no coder', () => {
  it('each coding is a unit of its own, and codings without a coder are said (they were one unit, and coder undefined)', async () => {
    const doc = { codings: [
      { sourceId: 'r1', code: 'x', start: 0, end: 0 },
      { sourceId: 'r2', code: 'x', start: 0, end: 0, coder: 'anna' },
      { sourceId: 'r3', code: 'x', start: 0, end: 0, coder: 'anna', id: 'r1:x:human:0' },
    ] };
    const d = writeProject(tmp, 'v1', { 'v1.json': JSON.stringify(doc) });
    const r = await qdaLeavingInputs(d, ['matrix', 'v1.json', '--format', 'csv']);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[1]).toBe('x,x,1,1,1,3');
    expect(r.err).toContain(
      'v1.json (/codings/0): warning: 1 coding(s) have no "coder" (the first at /codings/0); they are counted as coder "human" [ingest:empty-coder]\n' +
        '  hint: give each coding its "coder" (the person who coded it, or "rules" for automatic codings)',
    );
    const a = await qdaLeavingInputs(d, ['agree', 'v1.json', '--format', 'md']);
    expect(a.out).not.toContain('against undefined');
    expect(a.out).toContain('against human');
  });
});

describe('qda agree: two coders whose units never meet', () => {
  it('one file codes segments, the other spans of text: said with the source, the coders and an example of each unit', async () => {
    const d = writeProject(tmp, 'units', {
      'ua.csv': 'source,segment,code,coder\nr1,1,trust,anna\nr1,2,help,anna\n',
      'ub.csv': 'source,start,end,code,coder\nr1,0,10,trust,bram\nr1,11,20,help,bram\n',
    });
    const r = await qdaLeavingInputs(d, ['agree', 'ua.csv', 'ub.csv', '--format', 'md']);
    expect(r.code).toBe(0);
    expect(r.err).toContain(
      'ub.csv: warning: in 1 source(s) one coder codes segments and another spans of text that no segment of the source holds, so their units are never the same and every coding of either counts as a disagreement: "r1" (anna: segments, bram: spans); e.g. anna\'s unit "r1#1" and bram\'s "r1@0-10" in "r1" [analysis:units-never-meet]\n' +
        '  hint: give both coders the same unit: a segment column in both files, or start and end in both; or compare against the codings document from qda code (its segments hold the spans); or compare whole sources with --unit source',
    );
    // the samples' two coders (both by segment): nothing said; by source: nothing said
    const s = writeProject(tmp, 'units-samples', { 'anna.csv': anna, 'bram.csv': bram });
    expect((await qdaLeavingInputs(s, ['agree', 'anna.csv', 'bram.csv', '--format', 'md'])).err).not.toContain('units-never-meet');
    expect((await qdaLeavingInputs(d, ['agree', 'ua.csv', 'ub.csv', '--unit', 'source', '--format', 'md'])).err).not.toContain('units-never-meet');
  });
});

describe('a codings document with "coder": ""', () => {
  it('is counted as coder "human" and said with the place (it was a coder without a name)', async () => {
    const d = writeProject(tmp, 'v2-empty-coder', { 'r1.txt': 'Interviewer: Hoe gaat het?\nAnna: We vertrouwen elkaar en werken samen.\n' });
    expect((await qdaLeavingInputs(d, ['code', 'r1.txt', '-c', 'kaats-opheij', '-o', 'c.json'], ['c.json'])).code).toBe(0);
    const doc = JSON.parse(readFileSync(join(d, 'c.json'), 'utf8')) as { sources: Array<{ codings: Array<Record<string, unknown>> }> };
    doc.sources[0].codings.push({ segment: 1, code: 'relatie-vertrouwen', coder: '' });
    const text = JSON.stringify(doc);
    const e = writeProject(tmp, 'v2-empty-coder-2', { 'e.json': text });
    const r = await qdaLeavingInputs(e, ['matrix', 'e.json', '--format', 'md', '--lang', 'en']);
    expect(r.code).toBe(0);
    expect(r.err).toContain(
      'e.json (/sources/0): warning: 1 coding(s) have an empty "coder" (the first: code "relatie-vertrouwen" in source "r1", at /sources/0); they are counted as coder "human" [ingest:empty-coder]\n' +
        '  hint: give each coding its "coder" (the person who coded it), or leave "coder" out for a coding by the rules',
    );
    expect(r.out).toMatch(/Coders: human, rules\./);
  });

  it('a code written with other capitals by the other coder: said (two rows, neither agreeing, without a word)', async () => {
    const d = writeProject(tmp, 'codes-apart', { 'ca.csv': 'source,segment,code,coder\nr1,1,Trust,anna\nr2,1,help,anna\n', 'cb.csv': 'source,segment,code,coder\nr1,1,trust,bram\nr2,1,help,bram\n' });
    const r = await qdaLeavingInputs(d, ['agree', 'ca.csv', 'cb.csv', '--format', 'md']);
    expect(r.code).toBe(0);
    expect(r.err).toContain(
      'cb.csv: warning: 1 code(s) are written differently by the coders (capitals, accents or spaces) and compared as different codes, so they never agree: "Trust" (anna) vs "trust" (bram) [analysis:codes-written-apart]\n' +
        '  hint: write each code the same way in every file (or code again with one codebook)',
    );
  });

  it('a code written with accents by one coder and without by the other (ids of a REFI-QDA import by an earlier qdakit, "coordinatie" for Coördinatie): said', async () => {
    const d = writeProject(tmp, 'codes-accents', { 'ca.csv': 'source,segment,code,coder\nr1,1,coordinatie,anna\nr2,1,een-loket,anna\n', 'cb.csv': 'source,segment,code,coder\nr1,1,coördinatie,bram\nr2,1,één-loket,bram\n' });
    const r = await qdaLeavingInputs(d, ['agree', 'ca.csv', 'cb.csv', '--format', 'md']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('warning: 2 code(s) are written differently by the coders (capitals, accents or spaces) and compared as different codes, so they never agree: "coordinatie" (anna) vs "coördinatie" (bram); "een-loket" (anna) vs "één-loket" (bram) [analysis:codes-written-apart]');
    expect(r.err).toContain('the ids of a REFI-QDA project imported by an earlier qdakit have no accents ("coordinatie" for Coördinatie): import it again, or rename them in its codings.json');
  });

  it('codings with no place (source and code only) in a source both coders coded: said, with the fix (two coders with the very same codes had κ < 0)', async () => {
    const d = writeProject(tmp, 'no-place', { 'na.csv': 'source,code,coder\nr1,trust,anna\nr2,help,anna\n', 'nb.csv': 'source,code,coder\nr1,trust,bram\nr2,help,bram\n' });
    const r = await qdaLeavingInputs(d, ['agree', 'na.csv', 'nb.csv', '--format', 'md']);
    expect(r.code).toBe(0);
    expect(r.err).toContain(
      'na.csv: warning: 4 coding(s) of anna, bram have no place in their source (no segment, start or end), in 2 source(s) that another coder coded too: "r1", "r2"; each is a unit of its own, so at --unit segment none of them can agree with another coder\'s coding (each counts as a disagreement) [analysis:codings-without-place]\n' +
        '  hint: compare whole sources with --unit source, or give the codings a segment (or start and end) in every file',
    );
    const s = await qdaLeavingInputs(d, ['agree', 'na.csv', 'nb.csv', '--unit', 'source', '--format', 'csv']);
    expect(s.err).not.toContain('codings-without-place');
    expect(s.out).toContain('trust,trust,2,1,1,100,1,1,1,1,1,1,1,1');
  });
});

describe('matrix --cooccur with codings that have no place', () => {
  it('says how many there are and that their 0s say nothing (they co-occurred with nothing, without a word)', async () => {
    const d = writeProject(tmp, 'cooccur-no-place', { 'co.csv': 'source,code,coder\nr1,trust,anna\nr1,help,anna\nr2,help,anna\nr2,trust,anna\n' });
    const r = await qdaLeavingInputs(d, ['matrix', 'co.csv', '--cooccur', '--format', 'md']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('*4 coding(s) have no place in their source (no segment, start or end): each is a unit of its own, so within a segment they co-occur with no other code (their 0s say nothing); use --within source to count them by source.*');
    const s = await qdaLeavingInputs(d, ['matrix', 'co.csv', '--cooccur', '--within', 'source', '--format', 'md']);
    expect(s.out).not.toContain('no place');
    expect(s.out).toMatch(/\| trust \| trust \| 2 \|  \| 2 \|/);
  });
});

describe('qda appendix --by code on codings without text', () => {
  it('says that the appendix has no example quotes, and why (the column stayed empty without a word)', async () => {
    const d = writeProject(tmp, 'appendix-no-text', { 'anna.csv': anna, 'quoted.csv': 'source,code,text\nr1,trust,Wij vertrouwen elkaar echt heel erg goed hier\n' });
    const r = await qdaLeavingInputs(d, ['appendix', 'anna.csv', '--by', 'code', '--format', 'md']);
    expect(r.code).toBe(0);
    expect(r.err).toContain(
      'anna.csv: warning: the codings carry no text (no source texts, no text column), so the appendix has no example quotes [cli:no-quotes]\n' +
        '  hint: give the codings document written by `qda code` (it holds the texts), or add a text column with the coded passage to the CSV',
    );
    const q = await qdaLeavingInputs(d, ['appendix', 'quoted.csv', '--by', 'code', '--format', 'md']);
    expect(q.err).not.toContain('no-quotes');
    expect((await qdaLeavingInputs(d, ['appendix', 'anna.csv', '--by', 'code', '--quotes', '0'])).err).not.toContain('no-quotes');
  });
});

describe('qda appendix on a codings CSV beside a qda.yaml with cases', () => {
  // (it applied no cases, without a word: respondents were the source ids, their characteristics empty)
  const cases = 'source,case,group\nwijkcoach-01,WC1,wijkcoach\njongerenwerker-03,JW3,jongerenwerker\n';
  const table =
    'source,question,code,coder,text\n' +
    'wijkcoach-01,Q1,exchange,anna,We wisselen heel veel informatie uit met elkaar hier\n' +
    'jongerenwerker-03,Q1,exchange,anna,\n' +
    'jongerenwerker-03,Q1,expectations,anna,\n' +
    'wijkcoach-01,Q2,expectations,anna,\n' +
    'wijkcoach-01,Q2,joint-measure,anna,\n';
  it('applies the cases and says so (--by question shows the cases and their attributes)', async () => {
    const d = writeProject(tmp, 'appendix-cases', { 'qda.yaml': 'cases: cases.csv\nlanguage: en\n', 'cases.csv': cases, 'table.csv': table });
    const r = await qdaLeavingInputs(d, ['appendix', 'table.csv', '--by', 'question', '--format', 'md']);
    expect(r.code).toBe(0);
    expect(r.err).toContain(
      'qda.yaml: info: the cases of qda.yaml (cases: cases.csv) are applied to the sources of the codings file [cli:project-cases-on-codings]\n' +
        '  hint: remove cases: from qda.yaml to count the sources by their own ids (qda report and qda run take --cases FILE for another table)',
    );
    // (per group of the case table, the respondents by case)
    expect(r.out).toContain('## jongerenwerker\n\n| Question (main label) | Label | Sub-label | Respondent | Quote |\n| --- | --- | --- | --- | --- |\n| Q1 | exchange |  | JW3 | – |');
    expect(r.out).toContain('## wijkcoach\n\n| Question (main label) | Label | Sub-label | Respondent | Quote |\n| --- | --- | --- | --- | --- |\n| Q1 | exchange |  | WC1 | “We wisselen (…) elkaar hier” |');
    expect(r.out).not.toContain('wijkcoach-01 |');
    const c = await qdaLeavingInputs(d, ['appendix', 'table.csv', '--by', 'code', '--format', 'md']);
    expect(c.code).toBe(0);
    expect(c.err).toContain('[cli:project-cases-on-codings]');
  });

  it('codings with text on some rows only: the codes left without an example quote are said, with their count', async () => {
    const d = writeProject(tmp, 'appendix-partly', { 'table.csv': table });
    const r = await qdaLeavingInputs(d, ['appendix', 'table.csv', '--by', 'code', '--format', 'md']);
    expect(r.code).toBe(0);
    expect(r.err).toContain(
      'table.csv: warning: 2 of the 3 coded code(s) have no example quote, as none of their codings carries text: "expectations" (2 codings), "joint-measure" (1 coding) [cli:codes-without-quotes]\n' +
        '  hint: fill in the text of their rows (the coded passage), or give the codings document written by `qda code` (it holds the texts)',
    );
    expect(r.err).not.toContain('[cli:no-quotes]');
    expect(r.out).toMatch(/\| expectations \|  \|  \| 2 \| 2 \|  \|/);
    // (the quote of a row without a place in a source text names no line: it said "line 0")
    expect(r.out).toContain('| exchange |  |  | 2 | 2 | “We wisselen heel veel informatie uit met elkaar hier” (wijkcoach-01) |');
    expect(r.out).not.toContain('line 0');
    // with --quotes 0 no quote is asked for
    expect((await qdaLeavingInputs(d, ['appendix', 'table.csv', '--by', 'code', '--quotes', '0'])).err).not.toContain('codes-without-quotes');
    // all rows with text: nothing to say
    const full = writeProject(tmp, 'appendix-full', { 'table.csv': 'source,code,text\nr1,trust,Wij vertrouwen elkaar echt heel erg goed hier\n' });
    expect((await qdaLeavingInputs(full, ['appendix', 'table.csv', '--by', 'code'])).err).not.toContain('codes-without-quotes');
  });
});

describe('question values of a codings table that the guide does not hold', () => {
  it('are said with the codings file, the line of each and the guide file (the warning named no file)', async () => {
    const guide =
      'id: gids\nlanguage: nl\nparts:\n  - id: deel1\n    title: {nl: Deel een}\n    questions:\n' +
      '      - id: q1\n        number: "1"\n        label: {nl: Eerste vraag}\n        text: {nl: Wat is de eerste vraag hier?}\n';
    const d = writeProject(tmp, 'guide-unmatched', {
      'topics.yaml': guide,
      'table.csv': 'source,question,code,coder,text\nr1,1,trust,anna,Wij vertrouwen elkaar echt heel erg goed\nr1,Q9,trust,anna,Ook later vertrouwen wij elkaar nog steeds\nr2,Onbekend,doubt,anna,Ik twijfel er soms toch wel een beetje aan\n',
    });
    const r = await qdaLeavingInputs(d, ['appendix', 'table.csv', '--by', 'question', '--guide', 'topics.yaml', '--format', 'md']);
    expect(r.code).toBe(0);
    expect(r.err).toContain(
      `table.csv:3: warning: 2 question value(s) of the codings are not in the guide (topics.yaml); they follow the guide's questions: "Q9" (first on line 3), "Onbekend" (first on line 4) [analysis:question-not-in-guide]\n` +
        "  hint: write the question as in the guide (its id, number, label, or 'number. label')",
    );
  });
});
