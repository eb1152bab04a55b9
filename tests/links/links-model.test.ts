import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { buildRefiProject, zipRefiProject } from '../../src/export/refi-project.js';
import { parseRefiProject } from '../../src/ingest/read-refi.js';
import { parseCodingsCsv, parseCodingsJson } from '../../src/ingest/read-codings.js';
import { codingsTable } from '../../src/export/codings-csv.js';
import { renderTables } from '../../src/export/render-table.js';
import { linkedPassages, parseLinkSpec, resolveLinks, splitMarkerLinks } from '../../src/coding/links.js';
import type { Coding, CodingsDocument } from '../../src/model/types.js';
import { linkedDoc } from './fixtures.js';
import { mkSource, codeWords } from '../refi/helpers.js';

const root = join(__dirname, '../..');
const projectXsd = readFileSync(join(root, 'schemas/refi-qda/Project.xsd'), 'utf8');

const linksOf = (doc: CodingsDocument) =>
  doc.codings
    .filter((c) => c.ref !== undefined || c.links?.length)
    .map((c) => ({ code: c.code, start: c.start, end: c.end, ref: c.ref, links: c.links ?? [] }))
    .sort((a, b) => a.start - b.start || a.code.localeCompare(b.code));

describe('link syntax in markers', () => {
  it('reads a label, links with relation and verdict, and reports what it cannot read', () => {
    expect(splitMarkerLinks('espoused #e1')).toEqual({ rest: 'espoused', ref: 'e1', links: [], problems: [] });
    expect(splitMarkerLinks('in-use #p3 -> e1 enacts: consistent -> e2 supports')).toEqual({
      rest: 'in-use',
      ref: 'p3',
      links: [{ to: 'e1', relation: 'enacts', verdict: 'consistent' }, { to: 'e2', relation: 'supports' }],
      problems: [],
    });
    expect(parseLinkSpec(' e1')).toEqual({ to: 'e1' });
    expect(parseLinkSpec(' #e1 leads-to: wish to align ')).toEqual({ to: 'e1', relation: 'leads-to', verdict: 'wish to align' });
    expect(splitMarkerLinks('a -> ').problems[0]).toContain('names no target');
    expect(splitMarkerLinks('a #!x').problems[0]).toContain('is not a label');
  });
});

describe('resolving links', () => {
  it('resolves labels, keeps the dangling link, allows the cycle e2 ⇄ p2, and reports unknown verdicts', () => {
    const doc = linkedDoc();
    const r = resolveLinks(doc);
    expect(r.links.length).toBe(5);
    const dangling = r.links.filter((l) => l.to.length === 0);
    expect(dangling.map((l) => l.link.to)).toEqual(['e9']);
    expect(r.diagnostics.map((d) => `${d.ruleId} ${d.file}:${d.line}`)).toEqual(['dangling-link interviews/int-03.txt:4']);
    const cycle = r.links.filter((l) => (l.from.ref === 'e2' && l.link.to === 'p2') || (l.from.ref === 'p2' && l.link.to === 'e2'));
    expect(cycle.length).toBe(2);
    const bad = resolveLinks({ ...doc, codings: [...doc.codings.slice(0, 4), { ...doc.codings[4], links: [{ to: 'e1', relation: 'enact', verdict: 'x' }] }] });
    expect(bad.diagnostics.map((d) => d.ruleId)).toEqual(['unknown-relation']);
    expect(bad.diagnostics[0].expected).toEqual(['enacts']);
    const v = resolveLinks({ ...doc, codings: [...doc.codings.slice(0, 4), { ...doc.codings[4], links: [{ to: 'e1', relation: 'enacts', verdict: 'consistnt' }] }] });
    expect(v.diagnostics.map((d) => d.ruleId)).toEqual(['unknown-verdict']);
  });

  it('one marker over several segments is one passage; a label on two separate passages is reported', () => {
    const s = mkSource('x', 'Eén. Twee.\n\nDrie.\n');
    const c1 = codeWords(s, 'Eén.', 'a', 'h', { ref: 'r1' });
    const c2 = codeWords(s, 'Twee.', 'a', 'h', { ref: 'r1' });
    const c3 = codeWords(s, 'Drie.', 'a', 'h', { ref: 'r1' });
    const doc = { sources: [s], codings: [c1, c2, { ...c3, code: 'b' }] };
    expect(linkedPassages(doc).map((p) => [p.code, p.start, p.end])).toEqual([['a', 0, 10], ['b', 12, 17]]);
    const r = resolveLinks(doc);
    expect(r.diagnostics.map((d) => d.ruleId)).toEqual(['duplicate-link-label']);
  });
});

describe('links in the codings files', () => {
  it('JSON: kept as read; a malformed link is refused with its path', () => {
    const doc = linkedDoc();
    const back = parseCodingsJson(JSON.stringify(doc), 'c.json');
    expect(linksOf(back)).toEqual(linksOf(doc));
    const bad = JSON.parse(JSON.stringify(doc));
    bad.codings[2].links = [{ relation: 'enacts' }];
    expect(() => parseCodingsJson(JSON.stringify(bad), 'c.json')).toThrow(/codings\/2\/links\/0|a link must be an object with a non-empty string "to"/);
  });

  it('CSV: the columns id, link, relation, verdict written by qda code read back to the same links', async () => {
    const doc = linkedDoc();
    const csv = (await renderTables([codingsTable(doc)], 'csv')) as string;
    // (a kind column: one source is not an interview transcript)
    expect(csv.split('\n')[0]).toBe('source,case,kind,team,segment,speaker,role,start,end,code,code_name,coder,score,evidence,id,link,relation,verdict,text,segment_text');
    const back = parseCodingsCsv(csv, 'c.csv');
    expect(back.sources.map((s) => s.kind)).toEqual(doc.sources.map((s) => s.kind));
    expect(linksOf(back)).toEqual(linksOf(doc));
    expect(back.sources.map((s) => s.attributes)).toEqual([{ team: 'noord' }, { team: 'noord' }]);
    // without a link column an id column is not read as labels (often a row or respondent number)
    const plain = parseCodingsCsv('source,code,id\nint-01,trust,R1\nint-01,cost,R1\n', 'p.csv');
    expect(plain.codings.map((c) => c.ref)).toEqual([undefined, undefined]);
  });
});

describe('links in REFI-QDA', () => {
  it('export: a Link per link (dangling without target), valid against Project.xsd; import restores labels, links and verdicts', async () => {
    const doc = linkedDoc();
    const warnings: string[] = [];
    const p = buildRefiProject(doc, { report: (d) => warnings.push(d.ruleId) });
    const r = await validateXML({ xml: [{ fileName: 'project.qde', contents: p.xml }], schema: [projectXsd] });
    expect(r.errors).toEqual([]);
    expect(r.valid).toBe(true);
    const linkEls = p.xml.match(/<Link /g) ?? [];
    expect(linkEls.length).toBe(5);
    expect((p.xml.match(/<Link [^>]*targetGUID=/g) ?? []).length).toBe(4);
    expect(warnings).toEqual([]);
    const imp = await parseRefiProject(await zipRefiProject(p), 'links.qdpx');
    expect(linksOf(imp.doc)).toEqual(linksOf(doc));
    // a second round writes the same Links (GUIDs differ: imported codings get new ids)
    const shape = (xml: string) => (xml.match(/<Link [^>]*>/g) ?? []).map((l) => l.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, 'G'));
    expect(shape(buildRefiProject(imp.doc).xml)).toEqual(shape(p.xml));
  });

  it("another tool's Link between two codings: its name is the relation, the target gets a label", async () => {
    const doc = linkedDoc();
    const p = buildRefiProject({ ...doc, codings: doc.codings.map(({ ref: _r, links: _l, ...c }) => c) });
    const guids = [...p.xml.matchAll(/<Coding guid="([^"]+)"/g)].map((m) => m[1]);
    const xml = p.xml.replace('</Project>', `  <Links>\n    <Link guid="${'1'.repeat(8)}-1111-4111-8111-${'1'.repeat(12)}" name="supports" direction="OneWay" originGUID="${guids[2]}" targetGUID="${guids[0]}"/>\n  </Links>\n</Project>`);
    expect((await validateXML({ xml: [{ fileName: 'project.qde', contents: xml }], schema: [projectXsd] })).valid).toBe(true);
    const imp = await parseRefiProject(await zipRefiProject({ ...p, xml }), 'other.qdpx');
    const linked = imp.doc.codings.filter((c) => c.links?.length);
    expect(linked.length).toBe(1);
    expect(linked[0].links).toEqual([{ to: 'link-1', relation: 'supports' }]);
    expect(imp.doc.codings.filter((c) => c.ref === 'link-1').length).toBe(1);
  });
});
