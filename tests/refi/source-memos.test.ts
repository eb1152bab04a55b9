/**
 * A source with several memos (its Description and the Notes it lists, as a project brings them in)
 * keeps them apart through qda refi export → qda refi import. Before: the export joined them in the
 * Description (where QualCoder reads a source's memo) and the import brought back one memo.
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
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { readCodings } from '../../src/ingest/read-codings.js';
import type { CodingsDocument, Diagnostic } from '../../src/model/types.js';
import { codeWords, mkSource } from './helpers.js';

const ROOT = join(__dirname, '../..');
const XSD = readFileSync(join(ROOT, 'schemas/refi-qda/Project.xsd'), 'utf8');
const MEMOS = ['Gesprek op kantoor.', 'Rumoerig:\n\nveel onderbrekingen.', 'On "Het is te duur." (characters 40–55): later nagevraagd'];

function doc(): CodingsDocument {
  const s = mkSource('gesprek', 'Interviewer: En?\nAnna: We vertrouwen elkaar.\nAnna: Het is te duur.\n', { meta: { memos: MEMOS } });
  return { provenance: { tool: 'qdakit', version: '0' }, codebooks: [], codes: [{ id: 'trust' }], sources: [s], segments: [], codings: [codeWords(s, 'We vertrouwen elkaar.', 'trust', 'fem', { memo: 'Sterk.' })] };
}
const zipOf = (p: ReturnType<typeof buildRefiProject>) => {
  const files: Record<string, Uint8Array> = { 'project.qde': strToU8(p.xml) };
  for (const f of p.files) files[f.path] = strToU8(f.text);
  return zipSync(files);
};

describe('refi export → import: several memos of one source', () => {
  it('stay apart (the Description joins them for QualCoder; each is also a Note of the source), valid against Project.xsd', async () => {
    const p = buildRefiProject(doc(), { lang: 'en' });
    expect(p.xml).toContain(`<Description>Gesprek op kantoor.\n\nRumoerig:\n\nveel onderbrekingen.\n\nOn &quot;Het is te duur.&quot; (characters 40–55): later nagevraagd</Description>`);
    expect(p.xml).toContain('name="Memo 2 of 3: gesprek"');
    const r = await validateXML({ xml: [{ fileName: 'project.qde', contents: p.xml }], schema: [XSD], maxMemoryPages: 4096 });
    expect(r.errors).toEqual([]);
    const diags: Diagnostic[] = [];
    const back = await parseRefiProject(zipOf(p), 'memos.qdpx', { report: (d) => diags.push(d) });
    expect(diags).toEqual([]);
    expect(back.doc.sources[0].meta?.memos).toEqual(MEMOS);
    expect(back.doc.codings[0].memo).toBe('Sterk.');
    // once more: the same bytes
    const again = buildRefiProject({ ...doc(), sources: [{ ...doc().sources[0], meta: back.doc.sources[0].meta }] }, { lang: 'en' });
    expect(again.xml.replace(/name="gesprek"/, '')).toBe(p.xml.replace(/name="gesprek"/, ''));
  });

  it('one memo is the Description alone, as before; a Description edited since is kept beside the notes', async () => {
    const one = buildRefiProject({ ...doc(), sources: [{ ...doc().sources[0], meta: { memos: ['Alleen dit.'] } }] }, { lang: 'en' });
    expect(one.xml).not.toContain('Memo 1 of');
    const p = buildRefiProject(doc(), { lang: 'en' });
    const edited = p.xml.replace('<Description>Gesprek op kantoor.', '<Description>Gesprek op kantoor, later aangevuld.');
    const back = await parseRefiProject(zipOf({ ...p, xml: edited }), 'edited.qdpx');
    expect(back.doc.sources[0].meta?.memos).toEqual([`Gesprek op kantoor, later aangevuld.\n\n${MEMOS.slice(1).join('\n\n')}`, ...MEMOS]);
  });

  it('through the CLI: a project with a source Description and a source Note, imported, exported and imported again, keeps two memos', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-refi-srcmemos-'));
    const G = (n: number) => `e0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="p">
<Sources><TextSource guid="${G(10)}" name="gesprek" plainTextPath="internal://${G(10)}.txt"><Description>Op kantoor.</Description><NoteRef targetGUID="${G(800)}"/></TextSource></Sources>
<Notes><Note guid="${G(800)}" creationDateTime="2024-01-01T00:00:00Z"><PlainTextContent>Tweede memo.</PlainTextContent></Note></Notes>
</Project>`;
    writeFileSync(join(dir, 'a.qdpx'), zipSync({ 'project.qde': strToU8(xml), [`sources/${G(10)}.txt`]: strToU8('Anna: Ja.\n') }));
    const run = async (args: string[]) => {
      const io = memoryIo(dir);
      expect(await main(args, io), io.err()).toBe(0);
      return io;
    };
    await run(['refi', 'import', 'a.qdpx', '-o', 'one']);
    expect((await readCodings('one/codings.json', { cwd: dir })).sources[0].meta?.memos).toEqual(['Op kantoor.', 'Tweede memo.']);
    await run(['refi', 'export', 'one/codings.json', '-o', 'b.qdpx']);
    await run(['refi', 'import', 'b.qdpx', '-o', 'two']);
    expect((await readCodings('two/codings.json', { cwd: dir })).sources[0].meta?.memos).toEqual(['Op kantoor.', 'Tweede memo.']);
  });
});

const DRIVER = join(ROOT, '../shared/tools/qualcoder/qc_import.py');
const QC_SRC = process.env.QUALCODER_SRC ?? '/tmp/qualcoder/src';
const QUALCODER = existsSync(DRIVER) && existsSync(join(QC_SRC, 'qualcoder', 'refi.py')) && existsSync('/usr/bin/python3') && spawnSync('/usr/bin/python3', ['-c', 'import PyQt6.QtWidgets'], { timeout: 60_000 }).status === 0;

describe.skipIf(!QUALCODER)('QualCoder\'s own importer (skipped without QualCoder\'s source and PyQt6)', () => {
  it('imports the project; the source memos\' Notes are no annotations, the coding\'s memo is the coding\'s', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-refi-srcmemos-qc-'));
    await writeRefiProject(doc(), join(dir, 'd.qdpx'), { lang: 'en' });
    const qc = spawnSync('/usr/bin/python3', [DRIVER, QC_SRC, join(dir, 'd.qdpx'), join(dir, 'qc'), '--json'], { encoding: 'utf8', timeout: 300_000, maxBuffer: 64 << 20 });
    expect(qc.status, qc.stderr.slice(-2000)).toBe(0);
    const out = JSON.parse(qc.stdout.slice(qc.stdout.indexOf('{')));
    // (the coding's memo is its own, no annotation: its selection's Description)
    expect(out.counts.annotations).toBe(0);
    const db = spawnSync('/usr/bin/python3', ['-c', 'import sqlite3,sys,json;c=sqlite3.connect(sys.argv[1]);print(json.dumps(c.execute("select memo from code_text").fetchall()))', join(out.project, 'data.qda')], { encoding: 'utf8' });
    expect(JSON.parse(db.stdout)).toEqual([['Sterk.']]);
    expect(out.counts.journals).toBe(0);
  }, 400_000);
});
