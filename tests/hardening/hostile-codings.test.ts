/**
 * Hostile codings tables and case tables fed to the analysis commands: nothing may be merged,
 * dropped or re-attributed without a word. Each case runs the real command (in process) on an
 * invented fixture and checks the exit code, the message and that the input is left as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { parseCodingsCsv } from '../../src/ingest/read-codings.js';
import { neutraliseFormula } from '../../src/export/escape.js';
import { csvCell } from '../../src/export/render-table.js';
import type { Diagnostic } from '../../src/model/types.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-hostile-codings-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Write `name`, run `qda args…` in the folder, and check the file is byte-identical afterwards. */
async function run(name: string, content: string, args: string[], extra: Record<string, string> = {}) {
  writeFileSync(join(dir, name), content);
  for (const [n, c] of Object.entries(extra)) writeFileSync(join(dir, n), c);
  const io = memoryIo(dir);
  const code = await main(args, io);
  expect(readFileSync(join(dir, name), 'utf8')).toBe(content);
  for (const [n, c] of Object.entries(extra)) expect(readFileSync(join(dir, n), 'utf8')).toBe(c);
  return { code, out: io.out(), err: io.err() };
}

const NFC = 'Co\u00f6rdinatie';
const NFD = 'Coo\u0308rdinatie';

describe('look-alike names are one name, and said so', () => {
  it('a code in NFC and NFD, with a zero-width space or a no-break space: one row each, and a warning with the lines', async () => {
    const csv = `source,code,group\nR1,${NFC},a\nR2,${NFD},a\nR3,Vertrouwen,b\nR4,Vertr\u200bouwen,b\nR5,goed\u00a0werk,b\nR6,goed werk,b\n`;
    const r = await run('lookalike.csv', csv, ['matrix', 'lookalike.csv', '--cols', 'group', '--format', 'csv']);
    expect(r.code).toBe(0);
    const rows = r.out.trim().split('\n');
    // before: Coördinatie twice (1 + 1), Vertrouwen twice, goed werk twice
    expect(rows.filter((l) => l.startsWith('Coo') || l.startsWith('Co\u00f6'))).toEqual([`${NFC},${NFC},2,0,2`]);
    expect(rows.filter((l) => l.startsWith('Vertr'))).toEqual(['Vertrouwen,Vertrouwen,0,2,2']);
    expect(rows.filter((l) => l.startsWith('goed'))).toHaveLength(1);
    expect(r.err).toMatch(/lookalike\.csv:3: warning: 3 codes are written in ways that look the same/);
    expect(r.err).toContain('decomposed accents (not NFC) (1 row, line 3)');
    expect(r.err).toContain('U+200B (1 row, line 5)');
    expect(r.err).toContain('U+00A0 (1 row, line 6)');
    expect(r.err).toContain('[ingest:look-alike-names]');
  });

  it('respondents and groups that look alike are one respondent and one group ("k of N" unchanged by the spelling)', () => {
    const diags: Diagnostic[] = [];
    const doc = parseCodingsCsv(`source,code,group\nAn\u00efs,A,wijk\nAni\u0308s,B,wijk\u00a0\nBo,A,wijk\n`, 'c.csv', (d) => diags.push(d));
    expect(doc.sources.map((s) => s.id)).toEqual(['An\u00efs', 'Bo']);
    expect(new Set(doc.codings.map((c) => c.attributes?.group))).toEqual(new Set(['wijk']));
    expect(diags.map((d) => d.message).join('\n')).toMatch(/1 source is written in ways that look the same/);
  });

  it('a group or code written with a non-breaking hyphen (U+2011) or a hyphen (U+2010) beside "-" is one, and said (were two columns both shown as Zuid-Oost)', () => {
    const diags: Diagnostic[] = [];
    const doc = parseCodingsCsv('source,code,group\nR1,samen-werken,Zuid-Oost\nR2,samen\u2011werken,Zuid\u2011Oost\nR3,samen\u2010werken,Noord\n', 'c.csv', (d) => diags.push(d));
    expect(new Set(doc.codings.map((c) => c.attributes?.group))).toEqual(new Set(['Zuid-Oost', 'Noord']));
    expect(doc.codes.map((c) => c.id)).toEqual(['samen-werken']);
    const said = diags.filter((d) => d.ruleId === 'look-alike-names').map((d) => d.message).join('\n');
    expect(said).toContain('U+2011 (1 row, line 3)');
    expect(said).toContain('U+2010 (1 row, line 4)');
  });

  it('names that differ only in case stay apart and are named', () => {
    const diags: Diagnostic[] = [];
    const doc = parseCodingsCsv('source,code,coder\nR1,Trust,anna\nR2,trust,Anna\n', 'c.csv', (d) => diags.push(d));
    expect(doc.codes.map((c) => c.id).sort()).toEqual(['Trust', 'trust']);
    const msgs = diags.filter((d) => d.ruleId === 'names-differ-in-case').map((d) => d.message);
    expect(msgs).toEqual([
      '1 code is written with different capitals and counted apart (unless a codebook given with them names the code: then they are joined into it, and that is said): "Trust" (1 row) vs "trust" (1 row)',
      '1 coder is written with different capitals and counted apart: "anna" (1 row) vs "Anna" (1 row)',
    ]);
  });

  it('a cell of only invisible characters is empty (a row without a code stops, not a code without a name)', () => {
    expect(() => parseCodingsCsv('source,code\nR1,\u200b\n', 'c.csv')).toThrow(/row has an empty code/);
  });
});

describe('the shape of the table: nothing read past or over', () => {
  it('a column named twice stops with exit 2 (before: the second "team" overwrote the first on every row)', async () => {
    const csv = 'source,code,team,team\nR1,A,noord,zuid\n';
    const r = await run('dupcol.csv', csv, ['matrix', 'dupcol.csv', '--cols', 'team']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('dupcol.csv:1: error: the codings CSV has two columns for "team": column 3 ("team") and column 4 ("team")');
    expect(r.out).toBe('');
  });

  it('two names for one column (bron and respondent) stop too (before: the second was dropped)', () => {
    expect(() => parseCodingsCsv('bron,respondent,code\nR1,R2,A\n', 'c.csv')).toThrow(/two columns for "source": column 1 \("bron"\) and column 2 \("respondent"\)/);
  });

  it('a second code column stops (before: its codes were lost)', async () => {
    const r = await run('twocodes.csv', 'source,code,code\nR1,A,B\n', ['compare', 'twocodes.csv', '--by', 'source']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('[ingest:duplicate-column]');
  });

  it('a row with more values than the header (an unquoted comma) stops with its line (before: the last value was dropped)', async () => {
    const csv = 'source,code,text\nR1,A,ja\nR2,Samenwerking, informeel,en dat werkt\n';
    const r = await run('comma.csv', csv, ['saturation', 'comma.csv']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('comma.csv:3: error: this row has 4 values, but the header names 3 columns: "en dat werkt" would be lost');
    expect(r.err).toMatch(/hint: put a value that holds the separator .* in double quotes/);
  });

  it('empty trailing cells (Excel) are no extra values', () => {
    const doc = parseCodingsCsv('source;code\nR1;A;;\n', 'c.csv');
    expect(doc.codings).toHaveLength(1);
  });

  it('a column without a name that holds values is reported, not read in silence', () => {
    const diags: Diagnostic[] = [];
    parseCodingsCsv('source,code,\nR1,A,noord\nR2,A,\n', 'c.csv', (d) => diags.push(d));
    expect(diags.find((d) => d.ruleId === 'unnamed-column')?.message).toBe('column 3 has no name in the header (line 1); its 1 value(s) (lines 2) are not read');
  });

  it('a row repeated cell for cell is reported with both lines', async () => {
    const csv = 'source,code,coder,segment\nR1,A,ann,1\nR1,A,ann,1\nR1,A,bob,1\n';
    const r = await run('repeat.csv', csv, ['matrix', 'repeat.csv', '--measure', 'uses', '--format', 'csv']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('repeat.csv:3: warning: 1 row(s) repeat an earlier row cell for cell (line 3 = line 2)');
    // the same code on the same passage by two coders is no repeat
    expect(r.err).not.toContain('line 4 =');
  });
});

describe("qdakit's own codings.csv reads back as it was written (the formula guard)", () => {
  it("the ' put before = + - @ is taken off again, once, and said so", () => {
    const values = ['- ja, dat klopt', '=1+2', "'=al een quote", '@team', '+31 6', 'gewoon'];
    const csv = 'source,code,text\n' + values.map((v, i) => `R${i},${csvCell(v)},${csvCell(v)}`).join('\n') + '\n';
    const diags: Diagnostic[] = [];
    const doc = parseCodingsCsv(csv, 'c.csv', (d) => diags.push(d));
    expect(doc.codings.map((c) => c.code)).toEqual(values);
    expect(doc.segments.map((g) => g.text)).toEqual(values);
    expect(diags.find((d) => d.ruleId === 'formula-guard-removed')?.message).toMatch(/^5 row\(s\) have a cell that starts with ' /);
  });
  it("a value that starts with ' before a formula character gets one more ' when written", () => {
    expect(neutraliseFormula("'=x")).toBe("''=x");
    expect(neutraliseFormula("'gewoon")).toBe("'gewoon");
  });
});

describe('case tables', () => {
  it('--cases with a codings file is applied (before: ignored without a word), and conflicts are named', async () => {
    const codings = 'source,code,group\nR1,A,g\nR2,B,h\n';
    const cases = 'source,team,group\nR1,noord,g\nR2,zuid,x\nR9,west,g\nr2,oost,h\n';
    const out = join(dir, 'out-cases');
    const r = await run('c1.csv', codings, ['run', 'c1.csv', '--cases', 'cases1.csv', '--by', 'team', '-o', out], { 'cases1.csv': cases });
    expect(r.code, r.err).toBe(0);
    const compare = readFileSync(join(out, 'compare-team.md'), 'utf8');
    expect(compare).toContain('noord');
    expect(compare).toContain('oost');
    // one source on two rows of the cases file (R2 and r2)
    expect(r.err).toContain('cases1.csv:5: warning: 1 source(s) are on two rows with different values; the later row\'s value is used: "r2" on lines 3 and 5: team "zuid" vs "oost", group "x" vs "h"');
    // (a row naming no source of the codings: said once for all such rows, with what it means for N)
    expect(r.err).toContain('cases1.csv:4: warning: 1 row(s) of the case table name a source that no coding names: "R9" (line 4); their attributes are not used, and these sources are counted in no group\'s N [ingest:unknown-case-source]');
    expect(r.err).toContain('hint: a source without codings counts in N when the codings CSV has a row for it with its source and an empty code');
  });

  it('the codings\' own value that differs from the cases file is named', async () => {
    const out = join(dir, 'out-cases2');
    const r = await run('c2.csv', 'source,code,group\nR1,A,g\nR2,B,h\n', ['report', 'c2.csv', '--cases', 'cases2.csv', '-o', join(out, 'r.html')], { 'cases2.csv': 'source,group\nR1,h\nR2,h\n' });
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('1 attribute value(s) of the cases file differ from the codings\' own; the codings\' value is used for those codings: source "R1" group: "h" in the cases, "g" on 1 coding(s) [ingest:cases-differ-from-codings]');
  });

  it('a cases file with a column named twice stops with exit 2', async () => {
    const r = await run('c3.csv', 'source,code\nR1,A\n', ['run', 'c3.csv', '--cases', 'cases3.csv', '-o', join(dir, 'out-cases3')], { 'cases3.csv': 'source,group,group\nR1,a,b\n' });
    expect(r.code).toBe(2);
    expect(r.err).toContain('the cases file has two columns named "group" (columns 2 and 3)');
  });
});

describe('one source, one case; one segment, one speaker', () => {
  it('a source given two cases stops with both lines (before: every row counted under the first case)', async () => {
    const r = await run('casevar.csv', 'source,case,code\nS1,A,x\nS1,B,y\nS2,C,x\n', ['matrix', 'casevar.csv', '--cols', 'case']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('casevar.csv:3: error: source "S1" has case "A" (line 2) and "B" (line 3); only one can hold [ingest:conflicting-value]');
  });
  it('a source given two kinds stops (before: an observation row counted as a transcript respondent)', () => {
    expect(() => parseCodingsCsv('source,kind,code\nS1,transcript,x\nS1,observation,y\n', 'c.csv')).toThrow(/source "S1" has kind "transcript" \(line 2\) and "observation" \(line 3\)/);
  });
  it('a segment given two speakers or roles stops (before: the code went to the first speaker, or was set aside as the interviewer\'s)', async () => {
    const r = await run('segvar.csv', 'source,segment,speaker,role,code\nF1,1,Anna,respondent,x\nF1,1,Bart,respondent,y\n', ['matrix', 'segvar.csv', '--measure', 'respondents']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('segvar.csv:3: error: segment "1" of source "F1" has speaker "Anna" (line 2) and "Bart" (line 3)');
    expect(() => parseCodingsCsv('source,segment,speaker,role,code\nF1,3,Ivo,interviewer,x\nF1,3,Ivo,respondent,z\n', 'c.csv')).toThrow(/segment "3" of source "F1" has role "interviewer" \(line 2\) and "respondent" \(line 3\)/);
  });
  it('rows that leave case, speaker or role empty agree with any', () => {
    const doc = parseCodingsCsv('source,case,segment,speaker,role,code\nS1,A,1,Anna,respondent,x\nS1,,1,,,y\n', 'c.csv');
    expect(doc.codings).toHaveLength(2);
  });
});

describe('who is a respondent', () => {
  it('observation notes in a group of interviews are named in the note of compare and matrix --measure respondents (before: counted in N without a word)', async () => {
    const csv = 'source,kind,code,group\nR1,transcript,x,g\nR2,transcript,y,g\nO1,observation,x,g\nO2,observation,x,obs\n';
    const c = await run('obs.csv', csv, ['compare', 'obs.csv', '--by', 'group', '--format', 'json']);
    expect(c.code).toBe(0);
    const note = 'N of a group counts 1 observation note(s) or document(s) beside the interviews, each as one respondent: g: O1 (observation). To count interviews only, give them a group of their own, or compare with --by source-kind.';
    expect(c.out).toContain(note);
    const m = await run('obs.csv', csv, ['matrix', 'obs.csv', '--cols', 'group', '--measure', 'respondents', '--lang', 'nl']);
    expect(m.out).toContain('N van een groep telt naast de interviews 1 observatieverslag(en) of document(en) mee, elk als één respondent: g: O1 (observatie).');
    // a group of observations only, and --by source-kind, need no note
    const k = await run('obs.csv', csv, ['compare', 'obs.csv', '--by', 'source-kind']);
    expect(k.out).not.toContain('beside the interviews');
  });
});

describe('questionnaire rows', () => {
  const spec = 'group: groep\nid: respondent\nscale: 0..4\ndimensions:\n  d: {items: [1A, 1B]}\n';
  it('one respondent id on two rows, and groups written two ways, are warned about (before: n counted the row twice in silence)', async () => {
    const data = 'respondent,groep,1A,1B\nW01,wijkcoach,2,3\nW02,wijkcoach,1,1\nW01,wijkcoach,2,3\nJ01,Wijkcoach,4,4\nJ02,jongerenwerker,0,1\n';
    const r = await run('sv.csv', data, ['survey', 'sv.csv', '--spec', 'sv.yaml', '--format', 'csv'], { 'sv.yaml': spec });
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('warning: 1 respondent id(s) in "respondent" are on more than one row, and each row counts as a respondent: W01 (sv.csv:2, sv.csv:4) [analysis:duplicate-respondent]');
    expect(r.err).toContain('1 group(s) in "groep" are written in more than one way and counted as separate groups: "wijkcoach" (3 rows) vs "Wijkcoach" (1 row)');
  });
});

describe('agreement between files', () => {
  it('sources in only some coders\' files are named, and ids written alike but not the same are pointed out (before: 0 units without a word on why)', async () => {
    const a = 'source,segment,code,coder\nAna\u00efs,1,x,ann\nBo,1,y,ann\n';
    const b = 'source,segment,code,coder\nAnai\u0308s,1,x,bob\nbo,1,y,bob\n';
    const r = await run('ag1.csv', a, ['agree', 'ag1.csv', 'ag2.csv'], { 'ag2.csv': b });
    expect(r.code).toBe(0);
    expect(r.out).toContain("4 source(s) are not rated by every coder (not in every coder's file)");
    expect(r.out).toContain('Written alike but not the same (capitals, accents, spaces or a file extension), so never compared:');
    expect(r.out).toContain('"Bo" vs "bo"');
  });
});

describe('codes of the codings against the codebook (-c)', () => {
  it('a code id or name written with decomposed accents or a no-break space is the codebook\'s code, reported (before: a code of its own beside it)', async () => {
    const book = 'id: hb\nname: {nl: Boek, en: Book}\nlanguage: nl\ncodes:\n  - id: co\u00f6rdinatie\n    name: {nl: Co\u00f6rdinatie, en: Coordination}\n  - id: trust\n    name: {nl: Goed vertrouwen, en: Trust}\n';
    const csv = 'source,code\nR1,coo\u0308rdinatie\nR2,Goed\u00a0vertrouwen\nR3,nieuw\n';
    const r = await run('cb.csv', csv, ['matrix', 'cb.csv', '-c', 'hb.yaml', '--format', 'csv'], { 'hb.yaml': book });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^co\u00f6rdinatie,Coordination,1,0,0,1$/m);
    expect(r.out).toMatch(/^trust,Trust,0,1,0,1$/m);
    expect(r.err).toContain('1 coding(s) write the code id "co\u00f6rdinatie" with other characters (decomposed accents (not NFC)); they are counted under the codebook\'s id "co\u00f6rdinatie" [ingest:code-look-alike-id]');
    expect(r.err).toContain('1 coding(s) name the code "Goed\u00a0vertrouwen" by its name; they are counted under its id "trust"');
    expect(r.err).toContain('"nieuw" (1)');
  });
});

describe('the order of the interviews (saturation)', () => {
  it('missing, shared and non-numeric order values are named in the notes (before: placed last / by id / alphabetically without a word)', async () => {
    const csv = 'source,code,order\nR1,a,1\nR2,b,2\nR3,c,2\nR4,d,\nR5,a,x\nR6,f,3\n';
    const r = await run('sat.csv', csv, ['saturation', 'sat.csv', '--order', 'order', '--base', '2', '--run', '1', '--lang', 'en']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Order by "order": values that are not numbers (R5: "x") make the order alphabetical; sources that share a value are placed by their id (2: R2, R3); sources without a value are placed last (R4).');
    const clean = await run('sat2.csv', 'source,code,order\nR1,a,1\nR2,b,2\nR3,c,3\n', ['saturation', 'sat2.csv', '--base', '1', '--run', '1']);
    expect(clean.out).not.toContain('Order by');
  });
});

describe('names that meet in outputs', () => {
  it('a code given two names in code_name is named (before: the later name was dropped in silence)', () => {
    const diags: Diagnostic[] = [];
    const doc = parseCodingsCsv('source,code,code_name\nR1,x,Samenwerking\nR2,x,Coördinatie\nR3,y,Y\n', 'c.csv', (d) => diags.push(d));
    expect(doc.codes.find((c) => c.id === 'x')?.name?.en).toBe('Samenwerking');
    expect(diags.find((d) => d.ruleId === 'code-name-differs')?.message).toBe('1 code(s) have more than one name in the code_name column; the first is shown: "x" is "Samenwerking" (line 2) but "Coördinatie" on line 3');
  });
  it('codes and groups whose ids slug alike ("Trust"/"trust", "Team A"/"team-a", two non-Latin ids) get HTML ids of their own in the appendix and the report', async () => {
    const csv = 'source,code,group,text\nR1,Trust,Team A,een\nR2,trust,team-a,twee\nR3,\u4fe1\u4efb,Team A,drie\nR4,\u5408\u4f5c,team-a,vier\n';
    const a = await run('ids.csv', csv, ['appendix', 'ids.csv', '--by', 'code', '-o', 'ap.html']);
    expect(a.code, a.err).toBe(0);
    const r = await run('ids.csv', csv, ['report', 'ids.csv', '--by', 'group', '-o', 'rp.html']);
    expect(r.code, r.err).toBe(0);
    for (const f of ['ap.html', 'rp.html']) {
      const ids = [...readFileSync(join(dir, f), 'utf8').matchAll(/ id="([^"]*)"/g)].map((m) => m[1]);
      expect(ids.length).toBeGreaterThan(3);
      expect(ids.filter((id, i) => ids.indexOf(id) !== i), f).toEqual([]);
    }
  });
});

describe('case tables and files of one name in two folders', () => {
  it('wijk/r1.txt and jong/r1.txt in the cases file go to their own source (before: both sources got the last row\'s group)', async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, 'two/wijk'), { recursive: true });
    mkdirSync(join(dir, 'two/jong'), { recursive: true });
    const t = (name: string, code: string) => `Interviewer: Hoe gaat het?\n${name}: We werken goed samen. {{${code}}}\nInterviewer: En verder?\n${name}: Niets.\n`;
    writeFileSync(join(dir, 'two/wijk/r1.txt'), t('Anna', 'samenwerking'));
    writeFileSync(join(dir, 'two/jong/r1.txt'), t('Bert', 'informeren'));
    const r = await run('two/cases.csv', 'source,group\nwijk/r1.txt,wijk\njong/r1.txt,jong\n', ['code', 'two/wijk', 'two/jong', '--cases', 'two/cases.csv', '-o', 'two.json']);
    expect(r.code, r.err).toBe(0);
    const doc = JSON.parse(readFileSync(join(dir, 'two.json'), 'utf8')) as { sources: Array<{ path: string; attributes: Record<string, string> }> };
    expect(Object.fromEntries(doc.sources.map((s) => [s.path, s.attributes.group]))).toEqual({ 'two/wijk/r1.txt': 'wijk', 'two/jong/r1.txt': 'jong' });
    expect(r.err).not.toContain('conflicting-case-rows');
    // a row without the folder names both, and says so
    const a = await run('two/cases2.csv', 'source,group\nr1.txt,x\n', ['code', 'two/wijk', 'two/jong', '--cases', 'two/cases2.csv', '-o', 'two2.json']);
    expect(a.err).toContain('1 row(s) of the case table name more than one source, and give each of them their values: "r1.txt" (line 2) → two/wijk/r1.txt, two/jong/r1.txt [ingest:ambiguous-case-row]');
  });
});

describe('a codings document with two sources of one id', () => {
  it('stops with exit 2 naming both paths (before: the second\'s codings counted under the first\'s group)', async () => {
    const doc = {
      codes: [{ id: 'a' }],
      sources: [
        { id: 'r1', path: 'wijk/r1.txt', case: 'r1', kind: 'transcript', format: 'txt', attributes: { group: 'wijk' }, encoding: 'utf-8', newline: 'lf', sha256: '', text: '', length: 0 },
        { id: 'r1', path: 'jong/r1.txt', case: 'r1', kind: 'transcript', format: 'txt', attributes: { group: 'jong' }, encoding: 'utf-8', newline: 'lf', sha256: '', text: '', length: 0 },
      ],
      segments: [],
      codings: [{ id: 'c1', sourceId: 'r1', code: 'a', coder: 'human', start: 0, end: 0 }],
    };
    const text = JSON.stringify(doc);
    const r = await run('twoids.json', text, ['matrix', 'twoids.json', '--cols', 'group']);
    expect(r.code).toBe(2);
    // (now refused when the document is read, with both places)
    expect(r.err).toContain('twoids.json (/sources/1): error: the codings document has two sources with the id "r1": /sources/0 (wijk/r1.txt) and /sources/1 (jong/r1.txt)');
  });
});
