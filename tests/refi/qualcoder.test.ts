import { describe, it, expect } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { unzipSync, strFromU8 } from 'fflate';
import { validateXML } from 'xmllint-wasm';
import { buildRefiProject } from '../../src/export/refi-project.js';
import { parseRefiProject } from '../../src/ingest/read-refi.js';
import { zipSync, strToU8 } from 'fflate';
import { writeRefiProject } from '../../src/export/refi-write.js';
import type { Diagnostic } from '../../src/model/types.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { sampleDoc, codeWords } from './helpers.js';
import type { CodingsDocument } from '../../src/model/types.js';

const ROOT = join(__dirname, '../..');
const XSD = readFileSync(join(ROOT, 'schemas/refi-qda/Project.xsd'), 'utf8');
const DRIVER = join(ROOT, '../shared/tools/qualcoder/qc_import.py');
/** QualCoder's source tree (its `src` folder): QUALCODER_SRC, else where the README's recipe puts it. */
const QC_SRC = process.env.QUALCODER_SRC ?? '/tmp/qualcoder/src';
const PYQT = existsSync('/usr/bin/python3') && spawnSync('/usr/bin/python3', ['-c', 'import PyQt6.QtWidgets'], { timeout: 60_000 }).status === 0;
const QUALCODER = existsSync(DRIVER) && existsSync(join(QC_SRC, 'qualcoder', 'refi.py')) && PYQT;
const SKIP = !existsSync(DRIVER)
  ? 'no ../shared/tools/qualcoder/qc_import.py'
  : !existsSync(join(QC_SRC, 'qualcoder', 'refi.py'))
    ? `no QualCoder source in ${QC_SRC} (see the README's interop section; set QUALCODER_SRC)`
    : 'PyQt6 not importable by /usr/bin/python3 (apt-get install python3-pyqt6 python3-pyqt6.sip python3-pil)';

/** Two codebooks that both name a code "Coordination", one memo on a coding. */
function clashDoc(): CodingsDocument {
  const d = sampleDoc();
  return {
    ...d,
    codebooks: [{ id: 'book-a', name: { en: 'Coordination and collaboration' } }, { id: 'book-b', name: { en: 'Hovik & Hanssen: coordination ladder' } }],
    codes: [...d.codes, { id: 'coordination', codebook: 'book-a', name: { en: 'Coordination' } }, { id: 'actual coordination', codebook: 'book-b', name: { en: 'Coordination' } }],
    codings: [
      ...d.codings,
      { ...d.codings[3], id: 'x1', code: 'coordination', memo: 'Costs come up as coordination.' },
      { ...d.codings[5], id: 'x2', code: 'actual coordination' },
    ],
  };
}

describe('REFI-QDA export for QualCoder: unique names, and coding memos in their selections', () => {
  it('qualifies codes that share a name by their codebook, and stays valid against Project.xsd', async () => {
    const p = buildRefiProject(clashDoc(), { lang: 'en' });
    const names = [...p.xml.matchAll(/<Code guid="[^"]+" name="([^"]+)"/g)].map((m) => m[1]);
    expect(names).toContain('Coordination (book-a)');
    expect(names).toContain('Coordination (Hovik &amp; Hanssen)');
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
    const r = await validateXML({ xml: [{ fileName: 'project.qde', contents: p.xml }], schema: [XSD], maxMemoryPages: 4096 });
    expect(r.errors).toEqual([]);
  });

  it('says so (info: each code, its name and what it is written as), and qda refi import gives both their own name back', async () => {
    // old: renamed without a word, and imported as "Coordination (book-a)" for good
    const diags: Diagnostic[] = [];
    const p = buildRefiProject(clashDoc(), { lang: 'en', report: (d) => diags.push(d) });
    const said = diags.filter((d) => d.ruleId === 'code-names-qualified');
    expect(said).toHaveLength(1);
    expect(said[0].severity).toBe('info');
    expect(said[0].message).toContain('2 codes share a name with another code');
    expect(said[0].message).toContain('"Coordination" (coordination) as "Coordination (book-a)"');
    expect(said[0].message).toContain('"Coordination" (actual coordination) as "Coordination (Hovik & Hanssen)"');
    expect(p.xml).toContain('qdakit-name: Coordination</Description>');
    const r = await validateXML({ xml: [{ fileName: 'project.qde', contents: p.xml }], schema: [XSD], maxMemoryPages: 4096 });
    expect(r.errors).toEqual([]);
    const files: Record<string, Uint8Array> = { 'project.qde': strToU8(p.xml) };
    for (const f of p.files) files[f.path] = strToU8(f.text);
    const back = await parseRefiProject(zipSync(files), 'clash.qdpx');
    const name = (id: string) => back.codebook.codes.find((c) => c.id === id)?.name.en;
    expect(name('coordination')).toBe('Coordination');
    expect(name('actual coordination')).toBe('Coordination');
    expect(back.codebook.codes.find((c) => c.id === 'coordination')?.definition).toBeUndefined();
  });

  it('writes each coding\'s memo as its selection\'s Description (QualCoder\'s memo of the coding), not as a Note the TextSource lists (an annotation)', async () => {
    const p = buildRefiProject(clashDoc(), { lang: 'en' });
    const memos = [...p.xml.matchAll(/<PlainTextSelection [^>]+>\n\s+<Description>([^<]*)<\/Description>/g)].map((m) => m[1]);
    expect(memos.sort()).toEqual(['Costs come up as coordination.', 'Wekelijks overleg: structuur.']);
    expect(p.xml).not.toContain('<Notes>');
    const r = await validateXML({ xml: [{ fileName: 'project.qde', contents: p.xml }], schema: [XSD], maxMemoryPages: 4096 });
    expect(r.errors).toEqual([]);
  });

  describe.skipIf(!QUALCODER || !existsSync(join(ROOT, 'samples', 'qda.yaml')))(`QualCoder's own importer on the samples' .qdpx (skipped: ${QUALCODER ? 'samples absent' : SKIP})`, () => {
    it('keeps every code, coding and memo', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'qda-qualcoder-'));
      const io = memoryIo(ROOT);
      expect(await main(['run', 'samples', '-o', join(dir, 'out')], io)).toBe(0);
      const ex = memoryIo(ROOT);
      expect(await main(['refi', 'export', join(dir, 'out', 'codings.json'), '-o', join(dir, 'samples.qdpx')], ex)).toBe(0);
      const m = /(\d+) sources, (\d+) codes, (\d+) codings, \d+ users, \d+ cases, (\d+) notes/.exec(ex.out())!;
      const [sources, codes, codings, notes] = m.slice(1).map(Number);
      expect(notes).toBeGreaterThan(0);
      const xml = strFromU8(unzipSync(readFileSync(join(dir, 'samples.qdpx')))['project.qde']);
      const r = await validateXML({ xml: [{ fileName: 'project.qde', contents: xml }], schema: [XSD], maxMemoryPages: 4096 });
      expect(r.errors).toEqual([]);
      const qc = spawnSync('/usr/bin/python3', [DRIVER, QC_SRC, join(dir, 'samples.qdpx'), join(dir, 'qc'), '--json'], { encoding: 'utf8', timeout: 300_000, maxBuffer: 64 << 20 });
      expect(qc.status, qc.stderr.slice(-2000)).toBe(0);
      const out = JSON.parse(qc.stdout.slice(qc.stdout.indexOf('{')));
      const counts = out.counts ?? out;
      expect(counts.text_sources).toBe(sources);
      expect(counts.codes + counts.code_categories).toBe(codes);
      expect(counts.text_codings).toBe(codings);
      expect(counts.text_codings_without_code).toBe(0);
      // each coding's memo is its own in QualCoder (its selection's Description), none an annotation, none qdakit data
      expect(counts.annotations).toBe(0);
      const unescape = (t: string) => t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
      const expected = [...xml.matchAll(/<PlainTextSelection [^>]+>\n\s+<Description>([^<]*)<\/Description>([\s\S]*?)<\/PlainTextSelection>/g)].flatMap((m) => Array((m[2].match(/<Coding /g) ?? []).length).fill(unescape(m[1])));
      expect(expected.length).toBeGreaterThan(0);
      const db = spawnSync('/usr/bin/python3', ['-c', 'import sqlite3,sys,json;c=sqlite3.connect(sys.argv[1]);print(json.dumps([r[0] for r in c.execute("select memo from code_text where memo != \'\'")]))', join(out.project, 'data.qda')], { encoding: 'utf8' });
      expect((JSON.parse(db.stdout) as string[]).sort()).toEqual(expected.sort());
    }, 400_000);
  });
});

/** Three coders on one passage (two with the same code, one with a code of its own), and a coding repeated by one coder. */
function codersDoc(): CodingsDocument {
  const d = sampleDoc();
  const a = d.sources[0];
  return {
    ...d,
    codings: [
      ...d.codings, // (rules and anna-coder already both code "we vertrouwen elkaar" as trust)
      codeWords(a, 'we vertrouwen elkaar', 'trust', 'Bram', { id: 'b1' }),
      codeWords(a, 'we vertrouwen elkaar', 'cost', 'anna-coder', { id: 'b2' }),
      codeWords(a, 'Te duur — echt te duur.', 'cost', 'human', { id: 'b3', memo: 'the same again' }),
    ],
  };
}

describe('REFI-QDA export: each selection is one coder\'s (QualCoder takes the coder from the selection)', () => {
  it('writes one PlainTextSelection per passage and coder, its creatingUser that of its Codings, valid against Project.xsd', async () => {
    const warnings: Diagnostic[] = [];
    const p = buildRefiProject(codersDoc(), { lang: 'en', report: (d) => warnings.push(d as Diagnostic) });
    const sels = [...p.xml.matchAll(/<PlainTextSelection guid="([^"]+)" name="[^"]*" startPosition="(\d+)" endPosition="(\d+)" creatingUser="([^"]+)"[^>]*>([\s\S]*?)<\/PlainTextSelection>/g)];
    let codings = 0;
    for (const [, , , , user, body] of sels) {
      const users = [...body.matchAll(/<Coding guid="[^"]+" creatingUser="([^"]+)"/g)].map((m) => m[1]);
      codings += users.length;
      expect(new Set(users)).toEqual(new Set([user]));
    }
    expect(codings).toBe(codersDoc().codings.length);
    const spans = sels.map((m) => `${m[2]}-${m[3]}`);
    expect(spans.filter((x) => x === spans[0]).length).toBe(3); // rules, anna-coder, Bram on "we vertrouwen elkaar"
    expect(new Set(sels.map((m) => m[1])).size).toBe(sels.length);
    const r = await validateXML({ xml: [{ fileName: 'project.qde', contents: p.xml }], schema: [XSD], maxMemoryPages: 4096 });
    expect(r.errors).toEqual([]);
    // the repeated coding is exported and named in a warning (QualCoder keeps one of the two)
    const rep = warnings.filter((w) => w.ruleId === 'repeated-coding');
    expect(rep).toHaveLength(1);
    expect(rep[0].message).toContain('"cost" by human');
    expect(rep[0].message).toContain('1 coding(s)');
  });

  it('a passage of one coder keeps the selection GUID it had', () => {
    const one = buildRefiProject(sampleDoc(), { lang: 'en' }).xml;
    const both = buildRefiProject(codersDoc(), { lang: 'en' }).xml;
    const guids = (x: string) => new Set([...x.matchAll(/<PlainTextSelection guid="([^"]+)"/g)].map((m) => m[1]));
    for (const g of guids(one)) expect(guids(both).has(g)).toBe(true);
  });

  describe.skipIf(!QUALCODER)(`QualCoder's own importer, three coders on one passage (skipped: ${SKIP})`, () => {
    it('stores every coding under its own coder', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'qda-qualcoder-coders-'));
      const doc = codersDoc();
      await writeRefiProject(doc, join(dir, 'coders.qdpx'), { lang: 'en' });
      const qc = spawnSync('/usr/bin/python3', [DRIVER, QC_SRC, join(dir, 'coders.qdpx'), join(dir, 'qc'), '--json'], { encoding: 'utf8', timeout: 300_000, maxBuffer: 64 << 20 });
      expect(qc.status, qc.stderr.slice(-2000)).toBe(0);
      const out = JSON.parse(qc.stdout.slice(qc.stdout.indexOf('{')));
      const got = (out.details.text_codings as Array<{ code: string; owner: string; pos0: number }>).map((c) => `${c.owner}:${c.pos0}`).sort();
      // every coding but the one repeated (same code, passage and coder), each under its coder
      expect(got.length).toBe(doc.codings.length - 1);
      const want = [...new Set(doc.codings.map((k) => `${k.coder}:${k.code}:${k.start}`))].length;
      expect(got.length).toBe(want);
      const owners = (out.details.text_codings as Array<{ owner: string; seltext: string }>).filter((c) => c.seltext === 'we vertrouwen elkaar').map((c) => c.owner).sort();
      expect(owners).toEqual(['Bram', 'anna-coder', 'anna-coder', 'rules']);
    }, 400_000);
  });
});
