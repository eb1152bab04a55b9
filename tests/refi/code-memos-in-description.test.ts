/**
 * A code's memos are written after its definition in the Code's Description, each after a line
 * `[memo 1 of 2, by "fem", created …]`, where QualCoder reads a code's memo; qda refi import reads
 * them apart again. They were Notes the Code referred to (a NoteRef), which QualCoder does not show:
 * a project opened there had the codes without their memos, without a word.
 */
import { describe, it, expect } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { zipSync, strToU8 } from 'fflate';
import { validateXML } from 'xmllint-wasm';
import { parseRefiProject } from '../../src/ingest/read-refi.js';
import { buildRefiProject } from '../../src/export/refi-project.js';

const ROOT = join(__dirname, '../..');
const XSD = readFileSync(join(ROOT, 'schemas/refi-qda/Project.xsd'), 'utf8');
const G = (n: number) => `d0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const XML = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Tuinen">
<Users><User guid="${G(900)}" name="fem"/></Users>
<CodeBook><Codes>
<Code guid="${G(1)}" name="Buren" isCodable="true"><Description>Hulp van de buren.</Description><NoteRef targetGUID="${G(801)}"/><NoteRef targetGUID="${G(802)}"/></Code>
<Code guid="${G(2)}" name="Oogst" isCodable="true"><NoteRef targetGUID="${G(803)}"/></Code>
</Codes></CodeBook>
<Sources>
<TextSource guid="${G(10)}" name="tuin" plainTextPath="internal://${G(10)}.txt">
<PlainTextSelection guid="${G(20)}" startPosition="7" endPosition="16" creatingUser="${G(900)}"><Coding guid="${G(30)}" creatingUser="${G(900)}"><CodeRef targetGUID="${G(1)}"/></Coding></PlainTextSelection>
</TextSource>
</Sources>
<Notes>
<Note guid="${G(801)}" creatingUser="${G(900)}" creationDateTime="2024-04-01T09:00:00Z"><PlainTextContent>Ook familie?</PlainTextContent></Note>
<Note guid="${G(802)}"><PlainTextContent>Twee regels:
een tweede.</PlainTextContent></Note>
<Note guid="${G(803)}"><PlainTextContent>Alleen een memo.</PlainTextContent></Note>
</Notes>
</Project>`;
const qdpx = () => zipSync({ 'project.qde': strToU8(XML), [`sources/${G(10)}.txt`]: strToU8('Sanne: De buren helpen.\n') });

describe('refi export: a code\'s memos', () => {
  it('are in the Code\'s Description after its definition (no Note), valid against Project.xsd, and come back apart with their authors', async () => {
    const imp = await parseRefiProject(qdpx(), 'tuinen.qdpx');
    const buren = imp.codebook.codes.find((c) => c.id === 'buren')!;
    expect(buren.meta?.memos).toEqual(['Ook familie?', 'Twee regels:\neen tweede.']);
    const p = buildRefiProject(imp.doc, { lang: 'en', codebooks: [imp.codebook] });
    expect(p.xml).toContain('<Description>Hulp van de buren.\n\n[memo 1 of 2, by &quot;fem&quot;, created 2024-04-01T09:00:00Z]\nOok familie?\n\n[memo 2 of 2]\nTwee regels:\neen tweede.\nqdakit-codebook: refi-import</Description>');
    expect(p.xml).toContain('<Description>[memo 1 of 1]\nAlleen een memo.\nqdakit-codebook: refi-import</Description>');
    expect(p.xml).not.toMatch(/<PlainTextContent>(Ook familie\?|Alleen een memo\.)/);
    expect(p.xml).not.toMatch(/<Code [^>]+>\s*<Description>[^<]*<\/Description>\s*<NoteRef/);
    const v = await validateXML({ xml: [{ fileName: 'project.qde', contents: p.xml }], schema: [XSD], maxMemoryPages: 4096 });
    expect(v.errors).toEqual([]);
    const files: Record<string, Uint8Array> = { 'project.qde': strToU8(p.xml) };
    for (const f of p.files) files[f.path] = strToU8(f.text);
    const again = await parseRefiProject(zipSync(files), 'again.qdpx');
    for (const id of ['buren', 'oogst']) {
      const a = again.codebook.codes.find((c) => c.id === id)!;
      const b = imp.codebook.codes.find((c) => c.id === id)!;
      expect([a.definition, a.meta], id).toEqual([b.definition, b.meta]);
    }
  });

  const DRIVER = join(ROOT, '../shared/tools/qualcoder/qc_import.py');
  const QC_SRC = process.env.QUALCODER_SRC ?? '/tmp/qualcoder/src';
  const QC = existsSync(DRIVER) && existsSync(join(QC_SRC, 'qualcoder', 'refi.py')) && existsSync('/usr/bin/python3') && spawnSync('/usr/bin/python3', ['-c', 'import PyQt6.QtWidgets'], { timeout: 60_000 }).status === 0;
  it.skipIf(!QC)('QualCoder shows them as the code\'s memo (skipped without ../shared/tools/qualcoder and QualCoder\'s source)', async () => {
    const imp = await parseRefiProject(qdpx(), 'tuinen.qdpx');
    const p = buildRefiProject(imp.doc, { lang: 'en', codebooks: [imp.codebook] });
    const files: Record<string, Uint8Array> = { 'project.qde': strToU8(p.xml) };
    for (const f of p.files) files[f.path] = strToU8(f.text);
    const dir = mkdtempSync(join(tmpdir(), 'qda-code-memos-qc-'));
    writeFileSync(join(dir, 't.qdpx'), zipSync(files));
    const qc = spawnSync('/usr/bin/python3', [DRIVER, QC_SRC, join(dir, 't.qdpx'), join(dir, 'qc'), '--json'], { encoding: 'utf8', timeout: 300_000, maxBuffer: 64 << 20 });
    expect(qc.status, qc.stderr.slice(-2000)).toBe(0);
    const out = JSON.parse(qc.stdout.slice(qc.stdout.indexOf('{')));
    const db = spawnSync('/usr/bin/python3', ['-c', 'import sqlite3,sys,json;c=sqlite3.connect(sys.argv[1]);print(json.dumps({r[0]: r[1] for r in c.execute("select name, memo from code_name")}))', join(out.project, 'data.qda')], { encoding: 'utf8' });
    const memos = JSON.parse(db.stdout) as Record<string, string>;
    expect(memos.Buren).toContain('Ook familie?');
    expect(memos.Buren).toContain('Twee regels:\neen tweede.');
    expect(memos.Oogst).toContain('Alleen een memo.');
  }, 400_000);
});
