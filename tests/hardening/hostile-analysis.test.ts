/**
 * Hostile codings, codebooks and outputs for the commands that read codings and write tables
 * (second round): every merge the reader makes must be said by every command that reads codings,
 * every count must equal an independent count, and the inputs stay as they were.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-hostile-analysis-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Write the files, run `qda args…` in the folder, and check every file is byte-identical afterwards. */
async function run(files: Record<string, string>, args: string[]) {
  for (const [n, c] of Object.entries(files)) writeFileSync(join(dir, n), c);
  const io = memoryIo(dir);
  const code = await main(args, io);
  for (const [n, c] of Object.entries(files)) expect(readFileSync(join(dir, n), 'utf8')).toBe(c);
  return { code, out: io.out(), err: io.err() };
}

const NFC = 'Co\u00f6rdinatie';
const NFD = 'Coo\u0308rdinatie';
/** Two codes that look the same (NFC and NFD): the reader reads them as one and must say so. */
const LOOK_ALIKE = `source,code,coder,text\nr1,${NFC},anna,hallo daar\nr1,${NFD},anna,nog iets\n`;

describe('every command that reads a codings file says what the reader merged', () => {
  it('refi export of a codings CSV: the look-alike codes are named (they were merged in silence)', async () => {
    const r = await run({ 'lk.csv': LOOK_ALIKE }, ['refi', 'export', 'lk.csv', '-o', 'lk.qdpx']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('[ingest:look-alike-names]');
    expect(r.err).toContain('lk.csv:3');
  });

  it('code --codings: the look-alike codes of the imported human codings are named', async () => {
    const r = await run({ 'lk.csv': LOOK_ALIKE, 'r1.txt': 'Anna: hallo daar\nBram: nog iets\n' }, ['code', 'r1.txt', '-c', 'hovik-hanssen', '--codings', 'lk.csv', '-o', 'lk.json']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('[ingest:look-alike-names]');
  });

  it('anonymize --codings: the look-alike codes are named', async () => {
    const r = await run({ 'lk.csv': LOOK_ALIKE, 'r1.txt': 'Anna: hallo daar\nBram: nog iets\n' }, ['anonymize', 'r1.txt', '-o', 'anon', '--codings', 'lk.csv']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('[ingest:look-alike-names]');
  });
});

describe('empty denominators are said, not left as a bare empty cell', () => {
  it('matrix --measure coverage: a column whose sources hold no text is empty and named in a note', async () => {
    const { computeMatrix } = await import('../../src/analysis/matrix.js');
    const { twoTeams } = await import('../fixtures/analysis/build.js');
    const doc = twoTeams();
    // a third team whose only source has no text and no segments (an empty transcript)
    const empty = { ...doc.sources[0], id: 'leeg', case: 'p9', path: 'leeg.txt', attributes: { team: 'C' }, text: '', length: 0 };
    const t = computeMatrix({ ...doc, sources: [...doc.sources, empty] }, { cols: 'team', measure: 'coverage' });
    const coop = t.rows.find((r) => r.code === 'coop')!;
    expect(coop.C).toBeNull();
    expect(typeof coop.A).toBe('number');
    expect(t.notes!.join(' ')).toContain('Empty column "C": its sources hold no text of respondents (0 characters');
  });
});

describe('saturation: numeric order values written differently are one value', () => {
  it('"007" and "7", "10" and "1e1" share a place: named as ties (they were placed by id in silence)', async () => {
    const { parseCodingsCsv } = await import('../../src/ingest/read-codings.js');
    const { computeSaturation } = await import('../../src/analysis/saturation.js');
    const doc = parseCodingsCsv('source,code,order\nr1,a,007\nr2,b,7\nr3,c,10\nr4,d,2\nr6,a,1e1\n', 'sat.csv');
    const res = computeSaturation(doc, { order: 'order' });
    expect(res.order.type).toBe('numeric');
    expect(res.orderIssues?.ties).toEqual([
      { value: '007 = 7', ids: ['r1', 'r2'] },
      { value: '10 = 1e1', ids: ['r3', 'r6'] },
    ]);
  });
});

describe('a parent cycle in a codings document is refused, not broken in silence', () => {
  it('computeMatrix on codes whose parents form a cycle: exit-2 error naming the cycle (before: one link cut, the roll-up silently changed)', async () => {
    const { computeMatrix } = await import('../../src/analysis/matrix.js');
    const { twoTeams } = await import('../fixtures/analysis/build.js');
    const { QdaInputError } = await import('../../src/model/errors.js');
    const doc = twoTeams();
    const codes = doc.codes.map((c) => (c.id === 'coop' ? { ...c, parent: 'coop.meet' } : c));
    let err: unknown;
    try {
      computeMatrix({ ...doc, codes }, { cols: 'team' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(QdaInputError);
    expect(String((err as Error).message)).toContain('"coop" → "coop.meet" → "coop"');
    expect((err as InstanceType<typeof QdaInputError>).diagnostics[0].ruleId).toBe('code-parent-cycle');
  });

  it('a code that is its own parent in a codings JSON: qda matrix exits 2, the file untouched', async () => {
    const { twoTeams } = await import('../fixtures/analysis/build.js');
    const { codingsDocumentText } = await import('../../src/export/codings-document.js');
    const doc = twoTeams();
    const codes = doc.codes.map((c) => (c.id === 'trust' ? { ...c, parent: 'trust' } : c));
    const text = codingsDocumentText({ ...doc, codes });
    const r = await run({ 'self.json': text }, ['matrix', 'self.json', '--cols', 'team']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('"trust" is its own parent');
    expect(r.err).toContain('[analysis:code-parent-cycle]');
  });

  it('a parent missing from the codes table is shown as a code by its id, with its children under it', async () => {
    const { computeMatrix } = await import('../../src/analysis/matrix.js');
    const { twoTeams } = await import('../fixtures/analysis/build.js');
    const doc = twoTeams();
    // "coop" itself is coded once (fg#3): drop it from the codes table and from the codings
    const t = computeMatrix({ ...doc, codes: doc.codes.filter((c) => c.id !== 'coop'), codings: doc.codings.filter((c) => c.code !== 'coop') }, { cols: 'team' });
    const coop = t.rows.find((r) => r.code === 'coop');
    expect(coop).toBeDefined();
    // the roll-up of its two children: A = s1#1, s2#1; B = s3#1, fg#1, fg#2
    expect([coop!.A, coop!.B]).toEqual([2, 3]);
  });
});

describe('codebook export --format qdc names everything the .qdc cannot hold', () => {
  it('rules, ladder levels, the other language and the codebook name are named (before: dropped without a word)', async () => {
    const yaml = [
      'id: two-lang',
      'name: {nl: Twee talen, en: Two languages}',
      'ladder: true',
      'codes:',
      '  - id: low',
      '    level: 1',
      '    name: {nl: Laag, en: Low}',
      '    rules:',
      '      - keywords: {nl: [laag], en: [low]}',
      '  - id: high',
      '    level: 2',
      '    name: {nl: Hoog, en: High}',
      '',
    ].join('\n');
    const r = await run({ 'two.yaml': yaml }, ['codebook', 'export', 'two.yaml', '--format', 'qdc', '--lang', 'en', '-o', 'two.qdc']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('[cli:qdc-drops-operationalisation]');
    expect(r.err).toContain('the auto-coding rules (1 rule of 1 code)');
    expect(r.err).toContain('the ladder levels');
    expect(r.err).toContain('the Dutch names and texts');
    expect(r.err).toContain("the codebook's own name");
    // and what the warning says is true: the .qdc read back has none of it
    const back = await run({}, ['codebook', 'import', 'two.qdc', '-o', 'two-back.yaml']);
    expect(back.code).toBe(0);
    const text = readFileSync(join(dir, 'two-back.yaml'), 'utf8');
    expect(text).not.toContain('Laag');
    expect(text).not.toContain('keywords');
    expect(text).not.toContain('level:');
  });
});

describe('agree: a file numbered by turn beside one numbered by segment is said', () => {
  it('turn (from 1) vs segment (from 0): a warning naming both files and the fix; one numbering: no warning', async () => {
    const a = 'source,segment,code,coder\nr1,1,a,anna\nr1,2,b,anna\n';
    const b = 'source,turn,code,coder\nr1,2,a,bram\nr1,3,b,bram\n';
    const r = await run({ 'ga.csv': a, 'gb.csv': b }, ['agree', 'ga.csv', 'gb.csv']);
    expect(r.code).toBe(0);
    expect(r.err).toContain('[cli:turn-vs-segment]');
    expect(r.err).toMatch(/gb\.csv numbers the passages by "turn".*ga\.csv by segment/);
    const same = await run({ 'ga.csv': a, 'gc.csv': a.replace(/anna/g, 'bram') }, ['agree', 'ga.csv', 'gc.csv']);
    expect(same.err).not.toContain('turn-vs-segment');
  });

  it('a file saved as Excel\'s "Unicode text" (UTF-16 with its byte order mark, tab-separated) numbered by turn: said as well (was: its head read as UTF-8, no turn column seen)', async () => {
    writeFileSync(join(dir, 'ga.csv'), 'source,segment,code,coder\nr1,1,a,anna\nr1,2,b,anna\n');
    const u16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('source\tturn\tcode\tcoder\r\nr1\t2\ta\tbram\r\nr1\t3\tb\tbram\r\n', 'utf16le')]);
    writeFileSync(join(dir, 'gu.txt'), u16);
    const r = await run({}, ['agree', 'ga.csv', 'gu.txt']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/gu\.txt: warning: gu\.txt numbers the passages by "turn".*ga\.csv by segment.*\[cli:turn-vs-segment\]/);
    expect(readFileSync(join(dir, 'gu.txt')).equals(u16)).toBe(true);
  });
});

describe('an output place that cannot hold a file stops the command before anything is written', () => {
  const csv = 'source,code\nr1,a\nr2,b\n';
  it('saturation -o table --plot under a file: exit 2 and the table is not written either (before: table written, then exit 2)', async () => {
    writeFileSync(join(dir, 'plain'), 'x');
    const r = await run({ 'sat.csv': csv }, ['saturation', 'sat.csv', '-o', 'sat-table.md', '--plot', 'plain/sat.svg']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('[cli:out-parent-not-folder]');
    expect(r.err).toContain('plain/sat.svg');
    expect(() => readFileSync(join(dir, 'sat-table.md'))).toThrow();
    expect(readFileSync(join(dir, 'plain'), 'utf8')).toBe('x');
  });

  it('matrix -o an existing folder: exit 2 before the work, the folder unchanged', async () => {
    const { mkdirSync, readdirSync } = await import('node:fs');
    mkdirSync(join(dir, 'a-folder'), { recursive: true });
    const r = await run({ 'm.csv': csv }, ['matrix', 'm.csv', '--cols', 'source', '-o', 'a-folder']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('[cli:out-is-folder]');
    expect(readdirSync(join(dir, 'a-folder'))).toEqual([]);
  });
});

describe('a codings document whose codings name a code its table does not hold', () => {
  it('matrix and saturation name the code and the code of the table it is written like (before: a row of its own, unsaid)', async () => {
    const { twoTeams } = await import('../fixtures/analysis/build.js');
    const { codingsDocumentText } = await import('../../src/export/codings-document.js');
    const doc = twoTeams();
    // "trust" renamed in the table to "Trust": its codings still say "trust"
    const codes = doc.codes.map((c) => (c.id === 'trust' ? { ...c, id: 'Trust' } : c));
    const text = codingsDocumentText({ ...doc, codes });
    for (const cmd of [['matrix', 'ren.json', '--cols', 'team'], ['saturation', 'ren.json']]) {
      const r = await run({ 'ren.json': text }, cmd);
      expect(r.code).toBe(0);
      expect(r.err).toContain('[cli:code-not-in-document]');
      expect(r.err).toMatch(/"trust" \(\d+ codings?; written like the code "Trust"\)/);
    }
    const rep = await run({ 'ren.json': text }, ['report', 'ren.json', '-o', 'ren.html']);
    expect(rep.code).toBe(0);
    expect(rep.err).toContain('[cli:code-not-in-document]');
    const ok = await run({ 'ok.json': codingsDocumentText(doc) }, ['matrix', 'ok.json', '--cols', 'team']);
    expect(ok.err).not.toContain('code-not-in-document');
  });
});

describe('a codings document with a coding repeated', () => {
  it('matrix --measure uses counts it twice, and now says so; segments count it once', async () => {
    const { twoTeams } = await import('../fixtures/analysis/build.js');
    const { codingsDocumentText } = await import('../../src/export/codings-document.js');
    const doc = twoTeams();
    const again = doc.codings.find((c) => c.code === 'coop.meet' && c.sourceId === 's3')!;
    const text = codingsDocumentText({ ...doc, codings: [...doc.codings, { ...again, id: `${again.id}-again` }] });
    const uses = await run({ 'rep.json': text }, ['matrix', 'rep.json', '--cols', 'team', '--measure', 'uses', '--format', 'json']);
    expect(uses.code).toBe(0);
    expect(uses.err).toContain('[cli:repeated-coding]');
    expect(uses.err).toContain('1 coding(s) repeat');
    const row = (JSON.parse(uses.out) as { rows: Array<Record<string, unknown>> }).rows.find((r) => r.code === 'coop.meet')!;
    expect(row.B).toBe(4); // s3#1 twice, fg#1, fg#2: the note is true
    const segs = await run({ 'rep.json': text }, ['matrix', 'rep.json', '--cols', 'team', '--format', 'json']);
    expect((JSON.parse(segs.out) as { rows: Array<Record<string, unknown>> }).rows.find((r) => r.code === 'coop.meet')!.B).toBe(3);
  });
});

describe('review --decisions pointed at a codings document', () => {
  it('is refused (exit 2) instead of being rewritten in the decisions form on the first decision (schemaVersion, rules, unit … lost)', async () => {
    const { parseDecisions } = await import('../../src/review/decisions.js');
    const { QdaInputError } = await import('../../src/model/errors.js');
    const { twoTeams } = await import('../fixtures/analysis/build.js');
    const { codingsDocumentText } = await import('../../src/export/codings-document.js');
    const text = codingsDocumentText(twoTeams());
    let err: unknown;
    try {
      parseDecisions(text, 'codings.json', '0');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(QdaInputError);
    expect((err as InstanceType<typeof QdaInputError>).diagnostics[0]).toMatchObject({ ruleId: 'not-a-decisions-file', file: 'codings.json' });
    // a decisions file (also an empty one) is still read
    expect(parseDecisions('{"decisions":[],"codings":[]}', 'd.json', '0').decisions).toEqual([]);
    expect(parseDecisions('{}', 'd.json', '0').codings).toEqual([]);
  });
});

describe('framework: a judgement goes to the column written exactly as it, never to one that differs in capitals', () => {
  const codings = 'source,code,team\nr1,a,Noord\nr2,b,noord\nr3,a,Zuid\n';
  it('"Noord" and "noord" are two teams: each judgement in its own column (before: all three in "noord")', async () => {
    const j = 'team,dimension,judgement\nNoord,a,X\nnoord,a,Y\nZuid ,a,W\n';
    const r = await run({ 'fw.csv': codings, 'j.csv': j }, ['matrix', 'fw.csv', '--framework', 'j.csv', '--cols', 'team', '--format', 'json']);
    expect(r.code).toBe(0);
    const [first] = JSON.parse(r.out) as Array<{ columns: Array<{ key: string; label: string }>; rows: Array<Record<string, unknown>> }>;
    const a = first.rows.find((x) => x.dimension === 'a')!;
    const cell = (label: string) => a[first.columns.find((c) => c.label === label)!.key];
    expect([cell('Noord'), cell('noord'), cell('Zuid')]).toEqual(['X', 'Y', 'W']);
    expect(r.err).not.toContain('judgement-twice');
  });

  it('"NOORD" is like both: exit 2 naming both, the files untouched', async () => {
    const r = await run({ 'fw.csv': codings, 'j.csv': 'team,dimension,judgement\nNOORD,a,Z\n' }, ['matrix', 'fw.csv', '--framework', 'j.csv', '--cols', 'team']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('j.csv:2: the team "NOORD" is written like "Noord" and "noord"');
  });
});

describe('saturation: dates in another form among ISO dates', () => {
  it('"03-11-2024" beside "2024-11-12" is read as day-month-year and ordered as a date, and said so (before: alphabetical with a note)', async () => {
    const { parseCodingsCsv } = await import('../../src/ingest/read-codings.js');
    const { computeSaturation } = await import('../../src/analysis/saturation.js');
    const { saturationMethodsText } = await import('../../src/analysis/saturation-text.js');
    const doc = parseCodingsCsv('source,code,date\nr1,a,2024-11-12\nr2,b,2024-12-01\nr3,c,03-11-2024\nr4,d,2024-10-05\n', 'dt.csv');
    const res = computeSaturation(doc, { order: 'date' });
    expect(res.order.type).toBe('date');
    expect(res.overall.points.map((p) => p.sourceId)).toEqual(['r4', 'r3', 'r1', 'r2']);
    expect(res.dayFirst?.values).toEqual([{ id: 'r3', value: '03-11-2024', read: '2024-11-03' }]);
    expect(res.orderIssues).toBeUndefined();
    expect(saturationMethodsText(res, 'en').join(' ')).toContain('ordered by "date" (read as day-month-year)');
    // all ISO: nothing to say
    const ok = computeSaturation(parseCodingsCsv('source,code,date\nr1,a,2024-11-12\nr2,b,2024-12-01\n', 'ok.csv'), { order: 'date' });
    expect(ok.orderIssues).toBeUndefined();
    expect(ok.dayFirst).toBeUndefined();
  });
});

describe('a source with only interviewer turns is named where it counts in N', () => {
  it('matrix --measure respondents and compare: a note names it (before: one respondent with 0% in silence)', async () => {
    const { computeMatrix } = await import('../../src/analysis/matrix.js');
    const { compareGroups } = await import('../../src/analysis/compare.js');
    const { twoTeams } = await import('../fixtures/analysis/build.js');
    const doc = twoTeams();
    // s4 (team B): its respondent Dirk read as an interviewer
    const segments = doc.segments.map((g) => (g.sourceId === 's4' ? { ...g, role: 'interviewer' as const } : g));
    const t = computeMatrix({ ...doc, segments }, { cols: 'team', measure: 'respondents' });
    expect(t.notes!.join(' ')).toContain('1 source(s) have only interviewer turns, so nothing in them is counted, yet each counts in N as a respondent: s4.');
    const c = compareGroups({ ...doc, segments }, { by: 'team' });
    expect(c.tables.flatMap((x) => x.notes ?? []).join(' ')).toContain('only interviewer turns');
    // the untouched document: no such note
    expect(computeMatrix(doc, { cols: 'team', measure: 'respondents' }).notes!.join(' ')).not.toContain('only interviewer turns');
  });
});

describe('codes of no codebook that share a name with a codebook code', () => {
  it('are qualified as "(no codebook)", in each language from the names as they were (before: "Alpha (Alpha, Alpha)")', async () => {
    const { uniqueCodeNames } = await import('../../src/analysis/hierarchy.js');
    const { twoTeams } = await import('../fixtures/analysis/build.js');
    const doc = twoTeams();
    const codes = [
      { id: 'a', codebook: 'cb', name: { nl: 'Alfa', en: 'Alpha' } },
      { id: 'Alpha' }, // a code of the codings only, without names
      { id: 'Trust', name: { nl: 'Vertrouwen' } }, // a code of no codebook with a Dutch name only
      { id: 't', codebook: 'cb', name: { nl: 'Vertrouwen', en: 'Trust' } },
    ];
    const u = uniqueCodeNames({ ...doc, codebooks: [{ id: 'cb', name: { nl: 'Boek', en: 'Book' } }], codes });
    const name = (id: string) => u.codes.find((c) => c.id === id)!.name;
    expect(name('Alpha')).toEqual({ en: 'Alpha (no codebook)' });
    expect(name('a')).toEqual({ nl: 'Alfa', en: 'Alpha (cb)' });
    expect(name('Trust')!.nl).toBe('Vertrouwen (geen codeboek)');
    expect(name('t')!.nl).toBe('Vertrouwen (cb)');
  });
});
