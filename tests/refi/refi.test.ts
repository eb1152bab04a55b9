import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync, unzipSync, strToU8, strFromU8 } from 'fflate';
import { validateXML } from 'xmllint-wasm';
import { buildRefiProject, zipRefiProject, toLf } from '../../src/export/refi-project.js';
import { refiGuid, GUID_PATTERN } from '../../src/export/refi-guid.js';
import { parseRefiProject } from '../../src/ingest/read-refi.js';
import { QdaInputError } from '../../src/model/errors.js';
import { cpSlice } from '../../src/model/codepoints.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { sampleDoc } from './helpers.js';
import { readCodings } from '../../src/ingest/read-codings.js';

const root = join(__dirname, '../..');
const projectXsd = readFileSync(join(root, 'schemas/refi-qda/Project.xsd'), 'utf8');

async function validate(xml: string) {
  return validateXML({ xml: [{ fileName: 'project.qde', contents: xml }], schema: [projectXsd] });
}

async function ruleOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof QdaInputError) return e.diagnostics[0].ruleId;
    throw e;
  }
  return 'no error';
}

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'qda-refi-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('refi GUIDs', () => {
  it('are deterministic, version 5, RFC variant and match the XSD pattern', () => {
    const a = refiGuid('code', 'trust');
    expect(a).toBe(refiGuid('code', 'trust'));
    expect(a).not.toBe(refiGuid('code', 'trusts'));
    expect(a).toMatch(GUID_PATTERN);
    expect(a[14]).toBe('5');
    expect('89ab').toContain(a[19]);
  });
});

describe('refi export', () => {
  it('writes a project.qde that validates against Project.xsd', async () => {
    const p = buildRefiProject(sampleDoc(), { name: 'Test & <study>', now: '2024-05-01T09:00:00Z' });
    const r = await validate(p.xml);
    expect(r.errors).toEqual([]);
    expect(r.valid).toBe(true);
    expect(p.counts).toMatchObject({ sources: 2, codes: 4, codings: 6, users: 3, notes: 0, cases: 2, codingMemos: 1 });
    // the coding's memo is its selection's Description (was a Note listed under the TextSource, a QualCoder annotation)
    expect(p.xml).toMatch(/<PlainTextSelection [^>]+>\n\s+<Description>Wekelijks overleg: structuur.<\/Description>\n\s+<Coding /);
    expect(p.xml).not.toContain('<Notes>');
    // no inline source text; internal paths
    expect(p.xml).not.toContain('<PlainTextContent>Interviewer');
    expect(p.xml).toContain(`plainTextPath="internal://${refiGuid('source', 'int-01')}.txt"`);
  });

  it('an empty codings document still validates (no empty containers)', async () => {
    const d = sampleDoc();
    const p = buildRefiProject({ ...d, codes: [], codings: [], sources: [] });
    expect((await validate(p.xml)).valid).toBe(true);
  });

  it('gives byte-identical archives for the same input', async () => {
    const a = await zipRefiProject(buildRefiProject(sampleDoc()));
    const b = await zipRefiProject(buildRefiProject(sampleDoc()));
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('writes CRLF sources as LF without BOM and shifts offsets (code points)', async () => {
    const doc = sampleDoc();
    const bytes = await zipRefiProject(buildRefiProject(doc));
    const files = unzipSync(bytes);
    const guid = refiGuid('source', 'int-01');
    const raw = files[`sources/${guid}.txt`];
    expect(raw[0]).not.toBe(0xef);
    const text = strFromU8(raw);
    expect(text).not.toContain('\r');
    const xml = strFromU8(files['project.qde']);
    const sels = [...xml.matchAll(/name="([^"]*)" startPosition="(\d+)" endPosition="(\d+)"/g)];
    expect(sels.length).toBe(6); // 6 codings, 2 on the same span by two coders: a selection each (QualCoder reads the coder from the selection)
    const unesc = (s: string) => s.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    for (const m of sels.slice(0, 3)) expect(cpSlice(text, Number(m[2]), Number(m[3]))).toBe(unesc(m[1]));
    // "Te duur — echt te duur." is after 4 CRLFs and an emoji: the shift is 4
    const orig = doc.codings.find((c) => c.code === 'cost' && c.sourceId === 'int-01')!;
    const m = sels.find((s) => s[1].startsWith('Te duur'))!;
    expect(Number(m[2])).toBe(orig.start - 4);
    expect(toLf('a\r\nb\r\nc').map(5)).toBe(3);
  });
});

describe('refi round trip', () => {
  it('import(export(x)) keeps sources, codes and codings', async () => {
    const doc = sampleDoc();
    const bytes = await zipRefiProject(buildRefiProject(doc, { name: 'RT' }));
    const imp = await parseRefiProject(bytes, 'rt.qdpx');
    expect(imp.diagnostics).toEqual([]);
    expect(imp.name).toBe('RT');
    expect(imp.doc.sources.map((s) => s.id)).toEqual(['int-01', 'int-02']);
    for (const s of doc.sources) expect(imp.doc.sources.find((x) => x.id === s.id)!.text).toBe(s.text.replace(/\r\n/g, '\n'));
    const codes = (c: { id: string; parent?: string; name?: { en?: string } }[]) => c.map((x) => [x.id, x.parent ?? null, x.name?.en ?? null]).sort();
    expect(codes(imp.doc.codes)).toEqual(codes(doc.codes));
    expect(imp.codebook.codes.find((c) => c.id === 'trust')!.definition?.en).toBe('Trust in each other.');
    // codings: same code, coder and covered text
    const key = (d: typeof doc, c: (typeof doc.codings)[number]) => {
      const s = d.sources.find((x) => x.id === c.sourceId)!;
      return `${c.sourceId}|${c.code}|${c.coder}|${cpSlice(s.text, c.start, c.end).replace(/\r\n/g, '\n')}`;
    };
    expect(imp.doc.codings.map((c) => key(imp.doc, c)).sort()).toEqual(doc.codings.map((c) => key(doc, c)).sort());
    expect(imp.doc.codings.find((c) => c.memo)?.memo).toBe('Wekelijks overleg: structuur.');
    // LF source: offsets identical
    const b1 = doc.codings.filter((c) => c.sourceId === 'int-02').map((c) => [c.code, c.start, c.end]).sort();
    const b2 = imp.doc.codings.filter((c) => c.sourceId === 'int-02').map((c) => [c.code, c.start, c.end]).sort();
    expect(b2).toEqual(b1);
    // cases and attributes
    const a = imp.cases.find((c) => c.source === 'int-01')!;
    expect(a).toEqual({ source: 'int-01', case: 'team-a', attributes: { team: 'A', date: '2024-03-05', role: 'coordinator' } });
    // every coding sits in the segment where it starts
    for (const c of imp.doc.codings) {
      const seg = imp.doc.segments.find((s) => s.id === c.segmentId)!;
      expect(seg.start <= c.start && c.start < seg.end).toBe(true);
    }
  });
});

function zipDir(dir: string): Uint8Array {
  const entries: Record<string, Uint8Array> = {};
  const walk = (d: string, pre: string) => {
    for (const n of readdirSync(d, { withFileTypes: true })) {
      if (n.isDirectory()) walk(join(d, n.name), `${pre}${n.name}/`);
      else entries[`${pre}${n.name}`] = readFileSync(join(d, n.name));
    }
  };
  walk(dir, '');
  return zipSync(entries);
}

describe('refi import of other tools', () => {
  it('imports the minimal-project fixture cleanly', async () => {
    const bytes = zipDir(join(root, 'tests/fixtures/refi-qda/minimal-project'));
    const imp = await parseRefiProject(bytes, 'minimal.qdpx');
    expect(imp.diagnostics).toEqual([]);
    expect(imp.doc.sources.length).toBe(1);
    expect(imp.codebook.codes.map((c) => [c.id, c.parent ?? null])).toEqual([
      ['barriers', null],
      ['cost', 'barriers'],
    ]);
    expect(imp.doc.codings.length).toBe(1);
    const c = imp.doc.codings[0];
    expect(cpSlice(imp.doc.sources[0].text, c.start, c.end)).toBe('too expensive');
    expect(c.coder).toBe('Coder A');
    expect(c.memo).toBe('Cost is framed as fees, not price.');
    expect(imp.cases).toEqual([{ source: 'Interview P01', case: 'P01', attributes: { 'Age group': '18-25', Age: '23' } }]);
  });

  it('is lenient: another .qde name, inline text, CRLF + BOM files with ATLAS.ti-style offsets', async () => {
    const text = 'Line one\r\nLine two has cost\r\nthird';
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Other">
  <CodeBook><Codes><Code guid="{AAAAAAAA-0000-4000-8000-000000000001}" name="Kosten &amp; prijs" isCodable="true"/></Codes></CodeBook>
  <Sources>
    <TextSource guid="b0000000-0000-4000-8000-000000000001" name="../../etc/passwd" plainTextPath="internal://b0000000-0000-4000-8000-000000000001.txt">
      <PlainTextSelection guid="c0000000-0000-4000-8000-000000000001" name="cost" startPosition="22" endPosition="26">
        <Coding guid="d0000000-0000-4000-8000-000000000001"><CodeRef targetGUID="aaaaaaaa-0000-4000-8000-000000000001"/></Coding>
      </PlainTextSelection>
    </TextSource>
    <TextSource guid="b0000000-0000-4000-8000-000000000002" name="inline">
      <PlainTextContent>Inline text here</PlainTextContent>
      <PlainTextSelection guid="c0000000-0000-4000-8000-000000000002" startPosition="7" endPosition="11">
        <Coding guid="d0000000-0000-4000-8000-000000000002"><CodeRef targetGUID="aaaaaaaa-0000-4000-8000-000000000001"/></Coding>
      </PlainTextSelection>
    </TextSource>
  </Sources>
</Project>`;
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...strToU8(text)]);
    const bytes = zipSync({ 'Other Project.qde': strToU8(xml), 'sources/b0000000-0000-4000-8000-000000000001.txt': bom });
    const imp = await parseRefiProject(bytes, 'other.qdpx');
    const rules = imp.diagnostics.map((d) => d.ruleId);
    expect(rules).toContain('qde-name');
    expect(rules).toContain('offset-shift');
    const [s1, s2] = imp.doc.sources;
    expect(s1.id).toBe('.._.._etc_passwd'.replace(/^[.\s]+/, ''));
    expect(s1.text).toBe('Line one\nLine two has cost\nthird');
    // ATLAS.ti counted CRLF as one: 22..26 (the file has it at 23..27)
    expect(cpSlice(s1.text, imp.doc.codings[0].start, imp.doc.codings[0].end)).toBe('cost');
    expect(imp.doc.codings[0].code).toBe('kosten-prijs');
    expect(imp.doc.codings[0].coder).toBe('human');
    expect(cpSlice(s2.text, imp.doc.codings[1].start, imp.doc.codings[1].end)).toBe('text');
  });

  it('decodes character references once (&amp;#10; stays literal)', async () => {
    const { decodeXmlEntities } = await import('../../src/ingest/read-refi.js');
    expect(decodeXmlEntities('a&#10;b&#x1F600;&amp;#10;&lt;&unknown;')).toBe('a\nb😀&#10;<&unknown;');
  });

  it('reports a codebook given as a project clearly, and the invalid Taguette-style .qdc too', async () => {
    for (const f of ['minimal-codebook.qdc', 'invalid-empty-sets.qdc']) {
      const io = memoryIo(join(root, 'tests/fixtures/refi-qda'));
      expect(await main(['refi', 'import', f, '-o', join(tmp, 'qdc-out')], io)).toBe(2);
      expect(io.err()).toContain('codebook (.qdc), not a project [ingest:not-a-qdpx]');
    }
    expect(existsSync(join(tmp, 'qdc-out'))).toBe(false);
  });

  it('reports a file that is not a zip, and a zip without project.qde', async () => {
    expect(await ruleOf(parseRefiProject(strToU8('hello world, not a zip at all......'), 'x.qdpx'))).toBe('not-a-qdpx');
    expect(await ruleOf(parseRefiProject(zipSync({ 'codebook.qdc': strToU8('<CodeBook/>') }), 'x.qdpx'))).toBe('no-project-qde');
  });
});

describe('refi import safety', () => {
  const qde = strToU8('<?xml version="1.0"?><Project xmlns="urn:QDA-XML:project:1.0" name="x"/>');
  const listing = (d: string) => readdirSync(d).sort();

  async function cliImport(bytes: Uint8Array, name: string) {
    const work = join(tmp, name);
    mkdirSync(work, { recursive: true });
    writeFileSync(join(work, 'in.qdpx'), bytes);
    const before = listing(work);
    const io = memoryIo(work);
    const code = await main(['refi', 'import', 'in.qdpx', '-o', 'out/deep'], io);
    return { code, err: io.err(), before, after: listing(work), work };
  }

  it('refuses zip-slip entries (../../evil, absolute, drive letter) and writes nothing', async () => {
    for (const [i, bad] of ['../../evil', '/tmp/evil-abs', 'C:/evil', 'sources/../../evil'].entries()) {
      const r = await cliImport(zipSync({ 'project.qde': qde, [bad]: strToU8('pwned') }), `slip${i}`);
      expect(r.code).toBe(2);
      expect(r.err).toContain('[ingest:zip-slip]');
      expect(r.after).toEqual(r.before);
      expect(existsSync(join(r.work, 'out'))).toBe(false);
    }
    expect(existsSync(join(tmp, 'evil'))).toBe(false);
  });

  it('refuses an entity bomb / DOCTYPE before parsing', async () => {
    const bomb = `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&lol3;"/>`;
    const r = await cliImport(zipSync({ 'project.qde': strToU8(bomb) }), 'bomb');
    expect(r.code).toBe(2);
    expect(r.err).toContain('[ingest:xml-entities]');
    expect(r.after).toEqual(r.before);
    const xxe = '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]><Project name="&x;"/>';
    expect(await ruleOf(parseRefiProject(zipSync({ 'project.qde': strToU8(xxe) }), 'x.qdpx'))).toBe('xml-entities');
  });

  it('refuses archives that declare a huge or highly compressed content', async () => {
    const zeros = new Uint8Array(50 * 1024 * 1024);
    const honest = zipSync({ 'project.qde': qde, 'sources/z.txt': zeros }, { level: 9 });
    expect(honest.length).toBeLessThan(1024 * 1024);
    expect(await ruleOf(parseRefiProject(honest, 'z.qdpx'))).toBe('zip-bomb');
    expect(await ruleOf(parseRefiProject(honest, 'z.qdpx', { maxTotalBytes: 10 * 1024 * 1024, maxRatio: 1e9 }))).toBe('zip-bomb');
    // a lying header: declared 1000 bytes, really 50 MB; the running counter stops it
    const liar = Buffer.from(honest);
    for (let i = 0; i < liar.length - 4; i++) {
      const sig = liar.readUInt32LE(i);
      if (sig === 0x02014b50 && liar.toString('utf8', i + 46, i + 46 + 13) === 'sources/z.txt') liar.writeUInt32LE(1000, i + 24);
      if (sig === 0x04034b50 && liar.toString('utf8', i + 30, i + 30 + 13) === 'sources/z.txt') liar.writeUInt32LE(1000, i + 22);
    }
    expect(await ruleOf(parseRefiProject(new Uint8Array(liar), 'liar.qdpx', { maxTotalBytes: 5 * 1024 * 1024 }))).toBe('zip-bomb');
    const r = await cliImport(new Uint8Array(liar), 'liar');
    expect(r.code).toBe(2);
    expect(r.err).toContain('[ingest:zip-bomb]');
    expect(r.after).toEqual(r.before);
    // the archive size limit
    expect(await ruleOf(parseRefiProject(honest, 'z.qdpx', { maxArchiveBytes: 100 }))).toBe('zip-bomb');
  });
});

describe('qda refi (CLI)', () => {
  it('exports a codings document and imports it again', async () => {
    const work = join(tmp, 'cli');
    mkdirSync(work, { recursive: true });
    writeFileSync(join(work, 'codings.json'), JSON.stringify(sampleDoc()));
    const io = memoryIo(work, { SOURCE_DATE_EPOCH: '1714554000' });
    expect(await main(['refi', 'export', 'codings.json', '-o', 'study.qdpx', '--name', 'CLI study'], io)).toBe(0);
    expect(io.out()).toContain('2 sources, 4 codes, 6 codings, 3 users, 2 cases, 0 notes');
    const files = unzipSync(readFileSync(join(work, 'study.qdpx')));
    expect(Object.keys(files).sort()[0]).toBe('project.qde');
    expect(strFromU8(files['project.qde'])).toContain('creationDateTime="2024-05-01T09:00:00Z"');
    expect((await validate(strFromU8(files['project.qde']))).valid).toBe(true);

    const io2 = memoryIo(work);
    expect(await main(['refi', 'import', 'study.qdpx', '-o', 'imported'], io2)).toBe(0);
    expect(io2.err()).toBe('');
    expect(readdirSync(join(work, 'imported')).sort()).toEqual(['.qda-manifest.json', 'cases.csv', 'codebook.yaml', 'codings.json', 'sources']);
    expect(readdirSync(join(work, 'imported/sources')).sort()).toEqual(['int-01.txt', 'int-02.txt']);
    expect(readFileSync(join(work, 'imported/cases.csv'), 'utf8')).toBe('source,case,date,role,team\nint-01,team-a,2024-03-05,coordinator,A\nint-02,team-b,2024-03-07,,B\n');
    const back = await readCodings(join(work, 'imported/codings.json'));
    expect(back.codings.length).toBe(6);
    expect(readFileSync(join(work, 'imported/codebook.yaml'), 'utf8')).toContain('id: joint-meeting');

    const io3 = memoryIo(work);
    expect(await main(['refi', 'export', 'codings.json', '-o', 'study.zip'], io3)).toBe(2);
    expect(io3.err()).toContain('bad-extension');
  });
});

describe('refi round trip keeps which codebook a code belongs to', () => {
  it('qdakit-codebook lines restore CodeRef.codebook; other tools\' codes get none; the XML stays valid', async () => {
    const base = sampleDoc();
    const used = [...new Set(base.codings.map((c) => c.code))];
    const doc = { ...base, codes: used.map((id, i) => ({ id, name: { en: id, nl: id }, ...(i === 0 ? { codebook: 'hovik-hanssen' } : {}) })) };
    const project = buildRefiProject(doc);
    expect((await validate(project.xml)).valid).toBe(true);
    expect(project.xml).toContain(`qdakit-codebook: hovik-hanssen`);
    const imp = await parseRefiProject(await zipRefiProject(project), 'study.qdpx');
    const ref = (id: string) => imp.doc.codes.find((c) => c.id === id)!;
    expect(ref(used[0]).codebook).toBe('hovik-hanssen');
    expect(ref(used[0]).definition).toBeUndefined(); // the marker line is not part of the description
    for (const id of used.slice(1)) expect(ref(id).codebook).toBeUndefined();
    expect(imp.doc.codebooks.map((b) => b.id)).toEqual(['refi-import', 'hovik-hanssen']);
  });
});
