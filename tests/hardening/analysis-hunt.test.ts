/**
 * Hand-edited codings files given to the analysis commands: what was counted otherwise than the
 * file says without a word is now said (file, place, count, fix); each test checks the message,
 * the exit code, the numbers, and that every input file is byte-identical after the run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs, writeProject } from '../helpers/inputs-untouched.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-analysis-hunt-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const qda = qdaLeavingInputs;
const project = (name: string, files: Record<string, string | Uint8Array>) => writeProject(dir, name, files);

describe('a codings CSV with a segment cell left empty among rows of its source that name theirs', () => {
  it('is said with its lines (segment-missing): the coding counts as a passage of its own; exit 0; inputs untouched', async () => {
    const d = project('segment-missing', {
      'c.csv':
        'source,segment,code,coder,text\n' +
        'r1,r1#1,collaboration,anna,We overleggen elke week met het team\n' +
        'r1,,collaboration,bart,iets dat geen segment heeft\n' +
        'r1,r1#2,systems,anna,In het dossier\n' +
        'r2,r2#1,collaboration,anna,Samen\n',
      'full.csv': 'source,segment,code,coder,text\nr1,r1#1,collaboration,anna,We overleggen\nr1,r1#1,collaboration,bart,elke week\n',
    });
    const r = await qda(d, ['matrix', 'c.csv', '--cols', 'source', '--format', 'json']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(
      'c.csv:3: warning: 1 coding row(s) leave "segment" empty while other rows of their source name it: "r1" (line 3); each such coding is counted as a passage of its own (its text, else its place), not in the segment it lies in: a segment coded on such a row and on another counts twice, and their codes do not co-occur [ingest:segment-missing]',
    );
    expect(r.err).toContain('hint: fill in the segment on these rows (the segment each coding lies in, as the other rows of its source name it)');
    // counted as the message says: r1's one segment coded twice counts as two passages
    const m = JSON.parse(r.out) as { rows: Array<Record<string, unknown>> };
    expect(m.rows.find((x) => x.code === 'collaboration')?.r1).toBe(2);
    // every row naming its segment: nothing said, the segment counted once
    const f = await qda(d, ['matrix', 'full.csv', '--cols', 'source', '--format', 'json']);
    expect(f.code, f.err).toBe(0);
    expect(f.err).not.toContain('segment-missing');
    expect((JSON.parse(f.out) as { rows: Array<Record<string, unknown>> }).rows.find((x) => x.code === 'collaboration')?.r1).toBe(1);
  }, 60_000);

  it('with a text that one segment of its source has (segment_text, else text; else its passage in that text): placed there and said (segment-placed-by-text); counted once; inputs untouched', async () => {
    const d = project('segment-placed', {
      'c.csv':
        'source,segment,code,coder,text,segment_text\n' +
        'r1,r1#1,collaboration,anna,We overleggen elke week met het team,\n' +
        'r1,,collaboration,bart,elke week,We overleggen elke week met het team\n' +
        'r1,r1#2,systems,anna,In het dossier staat het,\n' +
        'r1,,systems,bart,dossier,\n' +
        'r1,,exchange,bart,het,\n' +
        'r2,r2#1,collaboration,anna,Samen,\n',
    });
    const r = await qda(d, ['matrix', 'c.csv', '--cols', 'source', '--format', 'json']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(
      'c.csv:3: warning: 2 coding row(s) leave "segment" empty while other rows of their source name it, and are placed in the segment of their source whose text is theirs: line 3 → r1#1, line 5 → r1#2 (its text holds the passage) [ingest:segment-placed-by-text]',
    );
    expect(r.err).toContain('hint: fill in the segment on these rows to place them yourself (the text places a row only when one segment of its source has it)');
    // "het" is in both segments' texts: not placed, said as before
    expect(r.err).toContain('c.csv:6: warning: 1 coding row(s) leave "segment" empty while other rows of their source name it: "r1" (line 6);');
    const m = JSON.parse(r.out) as { rows: Array<Record<string, unknown>> };
    expect(m.rows.find((x) => x.code === 'collaboration')?.r1).toBe(1);
    expect(m.rows.find((x) => x.code === 'systems')?.r1).toBe(1);
  }, 60_000);
});

describe('a codings CSV whose segment cell writes the source id in other capitals', () => {
  it('is read as the source\'s own segment and said with the lines (segment-prefix-case): one segment coded by two coders counts once; inputs untouched', async () => {
    const d = project('segment-prefix-case', {
      'c.csv': 'source,segment,code,coder\nwijkcoach-01,wijkcoach-01#4,collaboration,anna\nwijkcoach-01,Wijkcoach-01#4,collaboration,bart\nwijkcoach-01,5,systems,anna\nr2,R1#1,systems,anna\n',
    });
    const r = await qda(d, ['matrix', 'c.csv', '--cols', 'source', '--format', 'json']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('c.csv:3: warning: 1 segment cell(s) write their source\'s id in other capitals or spacing, and are read as that source\'s segment: "Wijkcoach-01#4" (line 3) as wijkcoach-01#4 [ingest:segment-prefix-case]');
    expect(r.err).toContain('hint: write the segment as the source id is written in the source column (or the segment number alone)');
    const m = JSON.parse(r.out) as { rows: Array<Record<string, unknown>> };
    expect(m.rows.find((x) => x.code === 'collaboration')?.['wijkcoach-01']).toBe(1);
  }, 60_000);
});

describe('a codings CSV whose case (respondent) is written two ways', () => {
  it('in other capitals: said (names-differ-in-case), two respondents as before; with decomposed accents: one respondent, said (look-alike-names); inputs untouched', async () => {
    const nfd = 'Jose\u0301';
    const d = project('case-spellings', {
      'caps.csv': 'source,case,team,code\nr1,R01,noord,collaboration\nr2,r01,noord,collaboration\nr3,R03,noord,systems\n',
      'nfd.csv': `source,case,team,code\nr1,José,noord,collaboration\nr2,${nfd},noord,collaboration\nr3,R03,noord,systems\n`,
      'plain.csv': 'source,case,team,code\nr1,R01,noord,collaboration\nr2,R02,noord,collaboration\n',
    });
    const c = await qda(d, ['compare', 'caps.csv', '--by', 'team', '--format', 'json']);
    expect(c.code, c.err).toBe(0);
    expect(c.err).toContain('caps.csv: warning: 1 case is written with different capitals and counted apart (as different respondents): "R01" (1 row) vs "r01" (1 row) [ingest:names-differ-in-case]');
    expect(c.out).toContain('"respondents:noord": 2');
    const n = await qda(d, ['compare', 'nfd.csv', '--by', 'team', '--format', 'json']);
    expect(n.code, n.err).toBe(0);
    expect(n.err).toContain('nfd.csv:3: warning: 1 case is written in ways that look the same but differ in Unicode normalisation, invisible characters or spaces; each is read as one case (its first spelling): "José" as plain (1 row, line 2) and decomposed accents (not NFC) (1 row, line 3) [ingest:look-alike-names]');
    // one respondent (José) mentions collaboration: 1 of the team's 2 respondents
    expect(n.out).toContain('"respondents:noord": 1');
    expect(n.out).toContain('"share:noord": 50');
    const p = await qda(d, ['compare', 'plain.csv', '--by', 'team']);
    expect(p.code, p.err).toBe(0);
    expect(p.err).not.toMatch(/names-differ-in-case|look-alike-names/);
  }, 60_000);
});

describe('qda agree on one file where a coder coded only some of the sources the others coded', () => {
  it('names the coder, the counts and the sources (coder-coded-nothing-there) with the fix; split per coder: not said; inputs untouched', async () => {
    const d = project('coded-nothing-there', {
      'both.csv':
        'source,segment,code,coder\n' +
        'r1,1,trust,anna\nr1,1,trust,rules\nr1,2,help,rules\nr2,1,trust,rules\nr3,1,help,rules\nr3,2,trust,rules\n',
      'anna.csv': 'source,segment,code,coder\nr1,1,trust,anna\n',
      'rules.csv': 'source,segment,code,coder\nr1,1,trust,rules\nr1,2,help,rules\n',
    });
    const r = await qda(d, ['agree', 'both.csv', '--format', 'json']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(
      "both.csv: warning: anna has codings in 1 source(s) and none in 2 that another coder coded (r2, r3); these sources are in the coder's file, so there the coder counts as rating every code absent and each of the other coders' codings there is a disagreement [analysis:coder-coded-nothing-there]",
    );
    expect(r.err).toContain(
      "hint: if anna read those sources and found nothing to code, nothing to do; if not, give anna's codings in a file of their own that holds only the sources anna coded (qda agree anna.csv other.csv): a source not in a coder's file is not rated by that coder",
    );
    // the fix: one file per coder, anna's holding only r1: r2 and r3 are not rated by anna, unsaid
    const s = await qda(d, ['agree', 'anna.csv', 'rules.csv', '--format', 'json']);
    expect(s.code, s.err).toBe(0);
    expect(s.err).not.toContain('coder-coded-nothing-there');
  }, 60_000);
});

describe('qda contrast with a verdict or relation written in other capitals on some links', () => {
  it('names each spelling with its links and the first place (verdicts-written-apart, relations-written-apart); counted apart as before; inputs untouched', async () => {
    const d = project('verdict-capitals', {
      'links.csv':
        'source,case,team,segment,code,coder,id,link,relation,verdict,text\n' +
        'r1,R1,a,1,espoused,human,e1,,,,we always share\n' +
        'r1,R1,a,3,in-use,human,,e1,enacts,consistent,shared it\n' +
        'r2,R2,b,1,espoused,human,e2,,,,we inform\n' +
        'r2,R2,b,2,in-use,human,,e2,Enacts,Consistent,did not inform\n' +
        'r3,R3,b,1,espoused,human,e3,,,,we meet\n' +
        'r3,R3,b,2,in-use,human,,e3,enacts,inconsistent,never met\n',
      'plain.csv':
        'source,case,team,segment,code,coder,id,link,relation,verdict,text\n' +
        'r1,R1,a,1,espoused,human,e1,,,,we always share\n' +
        'r1,R1,a,3,in-use,human,,e1,enacts,consistent,shared it\n',
    });
    const r = await qda(d, ['contrast', 'links.csv', '--from', 'espoused', '--to', 'in-use', '--by', 'team', '--format', 'json']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(
      'links.csv: warning: 1 verdict is written in different capitals or spaces on the links and counted apart (a column each in the verdicts table): "consistent" (1 link, first at r1#3) vs "Consistent" (1 link, first at r2#2) [analysis:verdicts-written-apart]',
    );
    expect(r.err).toContain(
      'links.csv: warning: 1 relation is written in different capitals or spaces on the links and counted apart (--relation takes one spelling only): "enacts" (2 links, first at r1#3) vs "Enacts" (1 link, first at r2#2) [analysis:relations-written-apart]',
    );
    expect(r.err).toContain('hint: if they are one and the same, write the verdict alike on every link; if they are different, nothing to do');
    // counted apart, as the message says: a column for each spelling
    const summary = (JSON.parse(r.out) as Array<{ columns: Array<{ label: string }> }>)[1];
    expect(summary.columns.map((c) => c.label)).toEqual(expect.arrayContaining(['consistent', 'Consistent', 'inconsistent']));
    const p = await qda(d, ['contrast', 'plain.csv', '--from', 'espoused', '--to', 'in-use']);
    expect(p.code, p.err).toBe(0);
    expect(p.err).not.toMatch(/written-apart/);
  }, 60_000);
});

describe('a codings CSV of a group conversation whose speaker is written two ways', () => {
  it('in other capitals: said with its source (names-differ-in-case), two respondents as before; with decomposed accents: one respondent, said (look-alike-names); another source\'s speaker apart; inputs untouched', async () => {
    const zoeNfd = 'Zoe\u0308';
    const d = project('speaker-spellings', {
      'fg.csv':
        'source,case,team,segment,speaker,role,code,coder\n' +
        'fg1,FG1,a,1,Piet,respondent,trust,human\n' +
        'fg1,FG1,a,2,Zoë,respondent,trust,human\n' +
        'fg1,FG1,a,3,piet,respondent,help,human\n' +
        `fg1,FG1,a,4,${zoeNfd},respondent,help,human\n` +
        'r2,R2,a,1,piet,respondent,trust,human\n',
      'plain.csv': 'source,case,team,segment,speaker,role,code,coder\nfg1,FG1,a,1,Piet,respondent,trust,human\nfg1,FG1,a,2,Zoë,respondent,help,human\nr2,R2,a,1,piet,respondent,trust,human\n',
    });
    const r = await qda(d, ['compare', 'fg.csv', '--by', 'team', '--format', 'json']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('fg.csv: warning: 1 speaker is written with different capitals and counted apart (as different respondents): "Piet" (1 row) vs "piet" (1 row) in source "fg1" [ingest:names-differ-in-case]');
    expect(r.err).toContain('fg.csv:5: warning: 1 speaker is written in ways that look the same but differ in Unicode normalisation, invisible characters or spaces; each is read as one speaker (its first spelling): "Zoë" in source "fg1" as plain (1 row, line 3) and decomposed accents (not NFC) (1 row, line 5) [ingest:look-alike-names]');
    // respondents: Piet, piet, Zoë (one, both spellings) in fg1, and r2: N = 4; Zoë mentions both codes
    expect(r.out).toContain('"label": "a: respondents (N=4)"');
    expect(r.out).toContain('"respondents:a": 3');
    const p = await qda(d, ['compare', 'plain.csv', '--by', 'team']);
    expect(p.code, p.err).toBe(0);
    expect(p.err).not.toMatch(/names-differ-in-case|look-alike-names/);
  }, 60_000);
});

describe('qda agree on flat codings files (CSV: no source texts)', () => {
  it('says in a note that only coded segments are units (agreement on absence in uncoded segments is not counted); not said with --unit source; inputs untouched', async () => {
    const d = project('agree-flat', {
      'a.csv': 'source,segment,code,coder\nr1,1,trust,anna\nr1,2,help,anna\nr2,1,trust,anna\n',
      'b.csv': 'source,segment,code,coder\nr1,1,trust,bart\nr1,3,help,bart\nr2,1,trust,bart\n',
    });
    const note =
      'The codings carry no source texts (a flat file): only the segments some coder coded are units; segments no coder coded (where all agree on absence) are not counted, so N is smaller and % and AC1 lower than from the codings document of qda code (codings.json), which holds every segment.';
    const r = await qda(d, ['agree', 'a.csv', 'b.csv', '--format', 'json']);
    expect(r.code, r.err).toBe(0);
    const t = JSON.parse(r.out) as { notes: string[]; rows: Array<Record<string, unknown>> };
    expect(t.notes).toContain(note);
    // the units are the 4 coded segments (r1#1, r1#2, r1#3, r2#1), as the note says
    expect(t.notes[0]).toContain('N = 4 units');
    const s = await qda(d, ['agree', 'a.csv', 'b.csv', '--unit', 'source', '--format', 'json']);
    expect(s.code, s.err).toBe(0);
    expect((JSON.parse(s.out) as { notes: string[] }).notes).not.toContain(note);
  }, 60_000);
});

describe('a codings JSON document whose sources carry a group or case in other capitals', () => {
  it('said as for a CSV (names-differ-in-case) with the count of sources of each spelling and the place; counted apart as before; inputs untouched', async () => {
    const d = project('json-attribute-capitals', {
      'iv/r1.txt': 'Interviewer: Hoe werkt u samen?\nAnna: We overleggen elke week met het team.\n',
      'iv/r2.txt': 'Interviewer: Hoe werkt u samen?\nBart: We delen het dossier.\n',
      'iv/r3.txt': 'Interviewer: Hoe werkt u samen?\nCees: We bellen elkaar.\n',
      'cases.csv': 'source,case,team\nr1,R1,Noord\nr2,r1,noord\nr3,R3,zuid\n',
    });
    const c = await qda(d, ['code', 'iv', '-c', 'coordination-collaboration', '--cases', 'cases.csv', '-o', 'c.json'], ['c.json']);
    expect(c.code, c.err).toBe(0);
    const r = await qda(d, ['compare', 'c.json', '--by', 'team', '--format', 'json']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/c\.json \(\/sources\/1\): warning: 1 case is written with different capitals and counted apart \(as different respondents\): "R1" \(1 source: "r1"\) vs "r1" \(1 source: "r2"\) \[ingest:names-differ-in-case\]/);
    expect(r.err).toContain('warning: 1 value of "team" is written with different capitals and counted apart: "Noord" (1 source: "r1") vs "noord" (1 source: "r2") [ingest:names-differ-in-case]');
    expect(r.err).toContain('hint: if they are one and the same, write them alike on every source (in the document, or in the cases table it was coded with); if they are different, nothing to do');
    // counted apart, as said: Noord and noord are two groups
    expect(r.out).toContain('"label": "Noord: respondents (N=1)"');
    expect(r.out).toContain('"label": "noord: respondents (N=1)"');
  }, 60_000);
});

describe('a codings CSV without a kind column that holds observation notes or documents', () => {
  it('is said (kind-not-given) with the sources read as interviews; with a kind column: not said, and saturation leaves them out; inputs untouched', async () => {
    const rows =
      'r1,R1,a,r1#1,Anna,respondent,trust\n' +
      'r2,R2,a,r2#1,Bart,respondent,help\n' +
      'obs1,OBS1,obs,obs1#1,,observer,trust\n' +
      'obs1,OBS1,obs,obs1#2,,observer,meeting\n' +
      'doc1,DOC1,doc,doc1#1,,other,policy\n';
    const withKind = rows
      .split('\n')
      .filter(Boolean)
      .map((l) => l.replace(/^(\w+),(\w+),/, (m, s: string) => `${m}${s.startsWith('obs') ? 'observation' : s.startsWith('doc') ? 'document' : 'transcript'},`))
      .join('\n');
    const d = project('kind-not-given', {
      'c.csv': 'source,case,group,segment,speaker,role,code\n' + rows,
      'k.csv': 'source,case,kind,group,segment,speaker,role,code\n' + withKind + '\n',
      'iv/r1.txt': 'Interviewer: Hoe werkt u samen?\nAnna: We overleggen elke week.\n',
    });
    const r = await qda(d, ['saturation', 'c.csv', '--format', 'json']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(
      'c.csv:4: warning: the codings CSV has no "kind" column, so every source is read as an interview, also 1 whose every row is an observer\'s ("obs1") and 1 whose every row is text without a speaker, role "other" ("doc1"): if they are observation notes or documents, saturation counts them as interviews, the report compares them as groups of interviews and compare --by source-kind puts them with the interviews (from the codings document of the same coding, which keeps the kinds, none of these) [ingest:kind-not-given]',
    );
    expect(r.err).toContain('hint: add a "kind" column: observation or document on the rows of such sources, transcript on the others; or give the analyses the codings document (qda code … -o codings.json), which keeps each source\'s kind');
    // as said: 4 sources counted as interviews
    expect(r.out).toMatch(/"sources": 4/);
    // said by the commands that count sources as interviews, not by qda code, which reads the sources' kinds itself
    const m = await qda(d, ['compare', 'c.csv', '--by', 'source-kind']);
    expect(m.code, m.err).toBe(0);
    expect(m.err).toContain('[ingest:kind-not-given]');
    const c = await qda(d, ['code', 'iv', '-c', 'coordination-collaboration', '--codings', 'c.csv', '-o', 'out.json'], ['out.json']);
    expect(c.err).not.toContain('kind-not-given');
    const k = await qda(d, ['saturation', 'k.csv', '--format', 'json']);
    expect(k.code, k.err).toBe(0);
    expect(k.err).not.toContain('kind-not-given');
    expect(k.out).toMatch(/"sources": 2/);
  }, 60_000);
});

describe('qda compare on a flat codings file (CSV: no source texts)', () => {
  it('says in a note that N counts only the sources and respondents in the file, as the matrix does; inputs untouched', async () => {
    const d = project('compare-flat', {
      'c.csv': 'source,case,team,code\nr1,R1,a,trust\nr2,R2,a,help\nr3,R3,b,trust\n',
    });
    const r = await qda(d, ['compare', 'c.csv', '--by', 'team', '--format', 'json']);
    expect(r.code, r.err).toBe(0);
    const t = JSON.parse(r.out) as { notes: string[] };
    expect(t.notes).toContain('The codings carry no source texts (a flat file): N counts only the sources and respondents that occur in it.');
    const m = await qda(d, ['matrix', 'c.csv', '--cols', 'team', '--measure', 'respondents', '--format', 'json']);
    expect((JSON.parse(m.out) as { notes: string[] }).notes).toContain('The codings carry no source texts (a flat file): N counts only the sources and respondents that occur in it.');
  }, 60_000);
});

describe('qda saturation ordered by a column that varies within a source', () => {
  it('names the source with its values (placed last, as without a value), not as a source without a value; inputs untouched', async () => {
    const d = project('order-varies', {
      'c.csv':
        'source,order,code\n' +
        'r1,1,trust\nr2,2,help\nr3,3,trust\nr3,16,meeting\nr4,4,plan\nr5,5,trust\nr6,,help\n',
    });
    const r = await qda(d, ['saturation', 'c.csv', '--order', 'order', '--format', 'md']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('Order by "order": sources without a value are placed last (r6); sources with more than one value on their rows are placed last, as without a value (r3: "3" and "16"): give each source one value.');
    expect(r.out).not.toContain('placed last (r3, r6)');
  }, 60_000);
});

describe('qda saturation --by a group that varies within a source', () => {
  it('names the sources counted in more than one group, with their groups; inputs untouched', async () => {
    const d = project('saturation-two-groups', {
      'c.csv': 'source,order,team,code\nr1,1,a,trust\nr2,2,a,help\nr3,3,a,trust\nr3,3,b,meeting\nr4,4,b,plan\nr5,5,b,trust\nr6,6,b,help\n',
    });
    const r = await qda(d, ['saturation', 'c.csv', '--by', 'team', '--format', 'md']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(
      '1 source(s) count in more than one group, as their rows give more than one value of "team": r3 (a, b); each group counts such a source as an interview with only the codes under its value, so the groups together count more sources than there are.',
    );
    // as said: a 3 sources and b 4, of 6
    expect(r.out).toMatch(/\| a \| 3 \|/);
    expect(r.out).toMatch(/\| b \| 4 \|/);
  }, 60_000);
});
