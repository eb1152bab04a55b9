import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, readFileSync, mkdirSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { unzipSync, strFromU8 } from 'fflate';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import type { CodingsDocument } from '../../src/model/types.js';
import { findMarkers } from '../../src/coding/markers.js';
import { readCodings } from '../../src/ingest/read-codings.js';

const projectXsd = readFileSync(join(__dirname, '../../schemas/refi-qda/Project.xsd'), 'utf8');

/** An invented say/do study: a policy note with labelled promises, an interview whose passages link to them. */
const POLICY = ['---', 'kind: document', 'team: noord', '---', 'Elk gezin krijgt één plan en één vaste contactpersoon. {{espoused theory #e1}}', '', 'Signalen worden binnen een week besproken. {{espoused theory #e2}}', ''].join('\n');
const INTERVIEW = [
  'Interviewer: Hoe gaat het in de praktijk?',
  'Sanne: Eigenlijk heeft elk gezin drie contactpersonen. {{theory-in-use #p1 -> e1 enacts: inconsistent}}',
  'Sanne: We bespreken signalen pas als het escaleert. {{theory-in-use -> e2 enacts: inconsistnt | te laat}}',
  'Sanne: Wel proberen we één plan te maken. {{theory-in-use -> e1 enacts: alignment-wish -> e9 enacts}} En de wijkagent? [[Die belt ons soms]]{{theory-in-use -> p1 steunt}}',
  'Sanne: Overleg is er nog niet. {{theory-in-use -> #!x}}',
  '',
].join('\n');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-link-markers-'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src/beleid.md'), POLICY);
  writeFileSync(join(dir, 'src/int-01.txt'), INTERVIEW);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[], cwd = dir) {
  const io = memoryIo(cwd);
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}
const linksOf = (doc: CodingsDocument) =>
  doc.codings
    .filter((c) => c.ref !== undefined || c.links?.length)
    .map((c) => `${c.sourceId} ${c.code}${c.ref ? ` #${c.ref}` : ''}${(c.links ?? []).map((l) => ` -> ${l.to}${l.relation ? ` ${l.relation}` : ''}${l.verdict ? `: ${l.verdict}` : ''}`).join('')}`)
    .sort();

const EXPECTED = [
  'beleid espoused theory #e1',
  'beleid espoused theory #e2',
  'int-01 theory-in-use #p1 -> e1 enacts: inconsistent',
  'int-01 theory-in-use -> e1 enacts: alignment-wish -> e9 enacts',
  'int-01 theory-in-use -> e2 enacts: inconsistnt',
  'int-01 theory-in-use -> p1 steunt',
];

describe('links in inline markers', () => {
  it('findMarkers reads the label and links; the code labels stay the codes', () => {
    const [m] = findMarkers('x {{in-use, reflectie #p3 -> e1 enacts: consistent -> e2 @anna | memo}}');
    expect(m.labels).toEqual(['in-use', 'reflectie']);
    expect(m.ref).toBe('p3');
    expect(m.links).toEqual([{ to: 'e1', relation: 'enacts', verdict: 'consistent' }, { to: 'e2' }]);
    expect(m.coder).toBe('anna');
    expect(m.memo).toBe('memo');
  });

  it('qda code: labels and links on the codings; bad link text, unknown relations and verdicts and the dangling link reported with file:line', async () => {
    const r = await run(['code', 'src', '-c', 'theories-in-use', '--no-rules', '-o', 'c.json']);
    expect(r.code, r.err).toBe(0);
    const doc = (await readCodings(join(dir, 'c.json')));
    expect(linksOf(doc)).toEqual(EXPECTED);
    expect(doc.relations?.map((x) => x.id)).toEqual(['enacts', 'contradicts', 'supports', 'leads-to']);
    expect(r.err).toMatch(/src\/int-01\.txt:5:\d+: warning: marker "\{\{theory-in-use -> #!x\}\}": "#!x" is not a label/);
    expect(r.err).toMatch(/src\/int-01\.txt:3: warning: the verdict "inconsistnt" is not one of the relation enacts's verdicts/);
    expect(r.err).toMatch(/src\/int-01\.txt:4: warning: the link from theory-in-use to #e9 points at no coding[^\n]*kept as a dangling link/);
    expect(r.err).toMatch(/src\/int-01\.txt:4: warning: the relation "steunt"[^\n]*kept as free text/);
    // the coded text of a linking marker is the passage before it, without the marker
    const p1 = doc.codings.find((c) => c.ref === 'p1')!;
    expect([...doc.sources.find((s) => s.id === 'int-01')!.text].slice(p1.start, p1.end).join('')).toBe('Eigenlijk heeft elk gezin drie contactpersonen.');
  });

  it('survive re-runs (same links, sources untouched) and the CSV output', async () => {
    const before = readFileSync(join(dir, 'src/int-01.txt'));
    const again = await run(['code', 'src', '-c', 'theories-in-use', '--no-rules', '-o', 'c2.json']);
    expect(again.code).toBe(0);
    expect(linksOf((await readCodings(join(dir, 'c2.json'))))).toEqual(EXPECTED);
    expect(readFileSync(join(dir, 'src/int-01.txt'))).toEqual(before);
    const csv = await run(['code', 'src', '-c', 'theories-in-use', '--no-rules', '-o', 'c.csv']);
    expect(csv.code).toBe(0);
    const r = await run(['contrast', 'c.csv', '-c', 'theories-in-use', '--from', 'theory-in-use', '--to', 'espoused theory', '--format', 'json']);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(j[0].rows.map((x: Record<string, string>) => x.verdict).sort()).toEqual(['inconsistent (espoused ≠ in use)', 'inconsistnt', 'wish to align', ''].sort());
  });

  it('survive the REFI-QDA round trip (project valid against Project.xsd)', async () => {
    const e = await run(['refi', 'export', 'src', '-c', 'theories-in-use', '-o', 'p.qdpx']);
    expect(e.code, e.err).toBe(0);
    const files = unzipSync(new Uint8Array(readFileSync(join(dir, 'p.qdpx'))));
    const xml = strFromU8(files['project.qde']);
    const v = await validateXML({ xml: [{ fileName: 'project.qde', contents: xml }], schema: [projectXsd] });
    expect(v.errors).toEqual([]);
    expect((xml.match(/<Link /g) ?? []).length).toBe(5);
    const i = await run(['refi', 'import', 'p.qdpx', '-o', 'imported']);
    expect(i.code, i.err).toBe(0);
    const doc = (await readCodings(join(dir, 'imported/codings.json')));
    expect(linksOf(doc)).toEqual(EXPECTED);
  });

  it('survive qda review (suggestions accepted inline; the link markers are not touched)', async () => {
    const work = join(dir, 'review');
    cpSync(join(dir, 'src'), work, { recursive: true });
    const r = await run(['review', work, '-c', 'theories-in-use', '--accept-above', '0', '--store', 'inline']);
    expect(r.code, r.err).toBe(0);
    const after = readFileSync(join(work, 'int-01.txt'), 'utf8');
    for (const m of INTERVIEW.match(/\{\{[^}]*(?:->|#)[^}]*\}\}/g)!) expect(after).toContain(m);
    const c = await run(['code', work, '-c', 'theories-in-use', '--no-rules', '-o', 'rv.json']);
    expect(c.code).toBe(0);
    expect(linksOf((await readCodings(join(dir, 'rv.json')))).filter((x) => x.includes('#') || x.includes('->'))).toEqual(EXPECTED);
  });

  it('qda run writes said-done.md and .xlsx and a report with the "Said vs. done" section when the markers link codings', async () => {
    const r = await run(['run', 'src', '-c', 'theories-in-use', '-o', 'out']);
    expect(r.code, r.err).toBe(0);
    const md = readFileSync(join(dir, 'out/said-done.md'), 'utf8');
    expect(md).toContain('| inconsistent (espoused ≠ in use) |');
    expect(md).toContain('(no coding labelled #e9)');
    expect(readFileSync(join(dir, 'out/said-done.xlsx')).subarray(0, 2).toString()).toBe('PK');
    expect(readFileSync(join(dir, 'out/report.html'), 'utf8')).toContain('id="said-done"');
  }, 60_000);
});
