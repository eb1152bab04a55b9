/**
 * What a coding carries beyond its code and passage — its own attributes, a rule's matched words
 * and score, a model's features — travels in a Note only its Coding refers to (REFI-QDA has no
 * attribute for it), and each coding's memo is its selection's Description. Before: scores and evidence were
 * not exported and nothing said so; attributes were the last line of the memo, so QualCoder showed a
 * coding with attributes and no memo as the annotation `qdakit-attributes: {…}`; the memos of two
 * codings of one passage were two annotations at one place, of which QualCoder shows the first; then
 * one QualCoder annotation per passage that joined them, a memo of the whole source in other programs.
 */
import { describe, it, expect } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { zipSync, strToU8 } from 'fflate';
import { validateXML } from 'xmllint-wasm';
import { buildRefiProject } from '../../src/export/refi-project.js';
import { writeRefiProject } from '../../src/export/refi-write.js';
import { parseRefiProject } from '../../src/ingest/read-refi.js';
import { codingsDocumentText } from '../../src/export/codings-document.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { cpSlice } from '../../src/model/codepoints.js';
import type { CodingsDocument, Diagnostic } from '../../src/model/types.js';
import { codeWords, mkSource } from './helpers.js';

const ROOT = join(__dirname, '../..');
const XSD = readFileSync(join(ROOT, 'schemas/refi-qda/Project.xsd'), 'utf8');

function doc(): CodingsDocument {
  // CRLF: the matched words' places move with the passage onto the LF text
  const s = mkSource('gesprek', 'Interviewer: En?\r\nAnna: We vertrouwen elkaar echt.\r\nAnna: Het is te duur.\r\n');
  const hit = codeWords(s, 'We vertrouwen elkaar echt.', 'trust', 'rules');
  const at = s.text.indexOf('vertrouwen');
  return {
    provenance: { tool: 'qdakit', version: '0' },
    codebooks: [{ id: 'b' }],
    codes: [{ id: 'trust', name: { en: 'Trust' } }, { id: 'cost', name: { en: 'Cost' } }],
    sources: [s],
    segments: [],
    codings: [
      { ...hit, score: 0.8, evidence: { codebook: 'b', ruleId: 'trust/r1', rule: 'keywords en: vertrouw*', matches: [{ start: at, end: at + 10, term: 'vertrouwen' }] } },
      codeWords(s, 'We vertrouwen elkaar echt.', 'trust', 'fem', { memo: 'Sterk gezegd.' }),
      codeWords(s, 'We vertrouwen elkaar echt.', 'cost', 'bas', { memo: 'Of gaat het om geld?' }),
      codeWords(s, 'Het is te duur.', 'cost', 'fem', { attributes: { vraag: 'Q3' }, evidence: { marker: 'Code: cost' } }),
    ],
  };
}

const zipOf = (p: ReturnType<typeof buildRefiProject>) => {
  const files: Record<string, Uint8Array> = { 'project.qde': strToU8(p.xml) };
  for (const f of p.files) files[f.path] = strToU8(f.text);
  return zipSync(files);
};
const textSourceRefs = (xml: string) => [...xml.replace(/<PlainTextSelection[\s\S]*?<\/PlainTextSelection>/g, '').matchAll(/<NoteRef targetGUID="([^"]+)"\/>/g)].map((m) => m[1]);
const noteText = (xml: string, guid: string) => new RegExp(`<Note guid="${guid}"[^>]*>\\s*<PlainTextContent>([\\s\\S]*?)</PlainTextContent>`).exec(xml)?.[1];

describe('refi export: a coding\'s attributes, score and evidence', () => {
  it('are written in a Note only the Coding refers to, valid against Project.xsd, and come back on import', async () => {
    const p = buildRefiProject(doc(), { lang: 'en' });
    const r = await validateXML({ xml: [{ fileName: 'project.qde', contents: p.xml }], schema: [XSD], maxMemoryPages: 4096 });
    expect(r.errors).toEqual([]);
    expect(p.counts.dataNotes).toBe(2);
    expect(p.xml).toContain('qdakit-evidence: {&quot;score&quot;:0.8,&quot;evidence&quot;:{&quot;codebook&quot;:&quot;b&quot;,&quot;ruleId&quot;:&quot;trust/r1&quot;');
    expect(p.xml).toContain('<PlainTextContent>qdakit-attributes: {&quot;vraag&quot;:&quot;Q3&quot;}\nqdakit-evidence: {&quot;evidence&quot;:{&quot;marker&quot;:&quot;Code: cost&quot;}}</PlainTextContent>');
    // no annotation holds them: the TextSource lists memos only
    for (const g of textSourceRefs(p.xml)) expect(noteText(p.xml, g)).not.toContain('qdakit-');

    const diags: Diagnostic[] = [];
    const back = await parseRefiProject(zipOf(p), 'data.qdpx', { report: (d) => diags.push(d) });
    expect(diags).toEqual([]);
    const src = back.doc.sources[0];
    const rules = back.doc.codings.find((c) => c.coder === 'rules')!;
    expect(rules.score).toBe(0.8);
    expect(rules.evidence?.ruleId).toBe('trust/r1');
    expect(rules.evidence?.rule).toBe('keywords en: vertrouw*');
    const m = rules.evidence!.matches![0];
    expect(cpSlice(src.text, m.start, m.end)).toBe('vertrouwen');
    expect(m.start).toBe(src.text.indexOf('vertrouwen'));
    const fem = back.doc.codings.find((c) => c.coder === 'fem' && c.code === 'cost')!;
    expect(fem.attributes).toEqual({ vraag: 'Q3' });
    expect(fem.evidence).toEqual({ marker: 'Code: cost' });
    expect(fem.memo).toBeUndefined();
    expect(fem.score).toBe(1);
    expect(src.meta?.memos).toBeUndefined();
  });

  it('an older export (attributes on the last line of the memo) still reads back', async () => {
    const p = buildRefiProject(doc(), { lang: 'en' });
    // as exports before this wrote it: memo and attributes in one Note the Coding refers to
    const fem = /<PlainTextSelection [^>]+>\n\s+<Description>Sterk gezegd.<\/Description>\n\s+<Coding guid="[^"]+" creatingUser="[^"]+" creationDateTime="[^"]+">\n\s+<CodeRef targetGUID="[^"]+"\/>\n/.exec(p.xml)![0];
    const G = '0b0b0b0b-0000-4000-8000-000000000001';
    const old = p.xml
      .replace(fem, fem.replace(/\s+<Description>Sterk gezegd.<\/Description>/, '') + `          <NoteRef targetGUID="${G}"/>\n`)
      .replace('</Notes>', `<Note guid="${G}" creationDateTime="2024-01-01T00:00:00Z"><PlainTextContent>Sterk gezegd.\n\nqdakit-attributes: {"vraag":"Q1"}</PlainTextContent></Note></Notes>`);
    expect(old).not.toBe(p.xml);
    const back = await parseRefiProject(zipOf({ ...p, xml: old }), 'old.qdpx');
    const c = back.doc.codings.find((k) => k.coder === 'fem' && k.code === 'trust')!;
    expect(c.memo).toBe('Sterk gezegd.');
    expect(c.attributes).toEqual({ vraag: 'Q1' });
  });

  it('qda refi export says how many notes hold them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-refi-data-'));
    writeFileSync(join(dir, 'c.json'), codingsDocumentText(doc()));
    const before = readFileSync(join(dir, 'c.json'));
    const io = memoryIo(dir);
    expect(await main(['refi', 'export', 'c.json', '-o', 'c.qdpx'], io)).toBe(0);
    expect(io.out()).toContain("2 notes (2 of them hold codings' attributes, scores and evidence, which REFI-QDA has no place for: qda refi import reads them back");
    expect(readFileSync(join(dir, 'c.json')).equals(before)).toBe(true);
  });
});

describe('refi export: a coding\'s memo', () => {
  it('is its selection\'s Description; codings of one passage and coder with another memo (or none) have a selection of their own; import gives each its memo back', async () => {
    const p = buildRefiProject(doc(), { lang: 'en' });
    // no annotation (a Note the TextSource lists): other programs showed it as a memo of the whole source
    expect(textSourceRefs(p.xml)).toEqual([]);
    expect(p.xml).not.toContain('name="Memo: ');
    const sels = [...p.xml.matchAll(/<PlainTextSelection [^>]*creatingUser="([^"]+)"[^>]*>([\s\S]*?)<\/PlainTextSelection>/g)].map((m) => [/<Description>([^<]*)</.exec(m[2])?.[1] ?? '', (m[2].match(/<Coding /g) ?? []).length]);
    expect(sels).toEqual([
      ['', 1],
      ['Sterk gezegd.', 1],
      ['Of gaat het om geld?', 1],
      ['', 1],
    ]);
    expect(p.counts.codingMemos).toBe(2);
    const r = await validateXML({ xml: [{ fileName: 'project.qde', contents: p.xml }], schema: [XSD], maxMemoryPages: 4096 });
    expect(r.errors).toEqual([]);
    const diags: Diagnostic[] = [];
    const back = await parseRefiProject(zipOf(p), 'memos.qdpx', { report: (d) => diags.push(d) });
    expect(diags).toEqual([]);
    expect(back.doc.codings.map((c) => [c.coder, c.code, c.memo ?? ''])).toEqual([
      ['rules', 'trust', ''],
      ['fem', 'trust', 'Sterk gezegd.'],
      ['bas', 'cost', 'Of gaat het om geld?'],
      ['fem', 'cost', ''],
    ]);
    expect(back.doc.sources[0].meta?.memos).toBeUndefined();
  });

  it('two codes of one coder on one passage, one with a memo: two selections, so the memo stays the one coding\'s', () => {
    const d = doc();
    const s = d.sources[0];
    const p = buildRefiProject({ ...d, codings: [codeWords(s, 'Het is te duur.', 'cost', 'fem', { memo: 'Geld.' }), codeWords(s, 'Het is te duur.', 'trust', 'fem')] }, { lang: 'en' });
    const sels = [...p.xml.matchAll(/<PlainTextSelection guid="([^"]+)"[^>]*>([\s\S]*?)<\/PlainTextSelection>/g)];
    expect(sels).toHaveLength(2);
    expect(sels[0][1]).not.toBe(sels[1][1]);
    expect(sels.map((m) => /<Description>([^<]*)</.exec(m[2])?.[1] ?? '')).toEqual(['Geld.', '']);
  });
});

const DRIVER = join(ROOT, '../shared/tools/qualcoder/qc_import.py');
const QC_SRC = process.env.QUALCODER_SRC ?? '/tmp/qualcoder/src';
const QUALCODER = existsSync(DRIVER) && existsSync(join(QC_SRC, 'qualcoder', 'refi.py')) && existsSync('/usr/bin/python3') && spawnSync('/usr/bin/python3', ['-c', 'import PyQt6.QtWidgets'], { timeout: 60_000 }).status === 0;

describe.skipIf(!QUALCODER)('QualCoder\'s own importer (skipped without QualCoder\'s source and PyQt6)', () => {
  it('gives each coding its own memo (the Description of its selection), no annotation, and no qdakit data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-refi-data-qc-'));
    await writeRefiProject(doc(), join(dir, 'd.qdpx'), { lang: 'en' });
    const qc = spawnSync('/usr/bin/python3', [DRIVER, QC_SRC, join(dir, 'd.qdpx'), join(dir, 'qc'), '--json'], { encoding: 'utf8', timeout: 300_000, maxBuffer: 64 << 20 });
    expect(qc.status, qc.stderr.slice(-2000)).toBe(0);
    const out = JSON.parse(qc.stdout.slice(qc.stdout.indexOf('{')));
    expect(out.counts.text_codings).toBe(4);
    expect(out.counts.annotations).toBe(0);
    // (the driver does not list a coding's memo: read from the project QualCoder wrote)
    const db = spawnSync('/usr/bin/python3', ['-c', 'import sqlite3,sys,json;c=sqlite3.connect(sys.argv[1]);print(json.dumps(c.execute("select n.name, t.owner, t.memo from code_text t join code_name n on n.cid=t.cid order by t.ctid").fetchall()))', join(out.project, 'data.qda')], { encoding: 'utf8' });
    expect(JSON.parse(db.stdout)).toEqual([
      ['Trust', 'rules', ''],
      ['Trust', 'fem', 'Sterk gezegd.'],
      ['Cost', 'bas', 'Of gaat het om geld?'],
      ['Cost', 'fem', ''],
    ]);
  }, 400_000);
});
