/**
 * A source with several memos (its Description and the Notes it lists, as a project brings them in)
 * keeps them apart through qda refi export → qda refi import. Before: the export joined them in the
 * Description (where QualCoder reads a source's memo) and the import brought back one memo; then
 * each memo was also a Note the TextSource listed, so that programs other than QualCoder showed every
 * memo twice. Now the Description alone holds them, each after a line "[memo k of n]".
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
  it('stay apart (the Description holds them, each after a line "[memo k of n]"; no Note repeats them), valid against Project.xsd', async () => {
    const p = buildRefiProject(doc(), { lang: 'en' });
    expect(p.xml).toContain(`<Description>[memo 1 of 3]\nGesprek op kantoor.\n\n[memo 2 of 3]\nRumoerig:\n\nveel onderbrekingen.\n\n[memo 3 of 3]\nOn &quot;Het is te duur.&quot; (characters 40–55): later nagevraagd</Description>`);
    expect(p.xml).not.toContain('<Note ');
    expect(p.counts.notes).toBe(0);
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

  it('one memo is the Description alone, as before; a Description edited since keeps its memos apart, or is one memo when its lines are gone', async () => {
    const one = buildRefiProject({ ...doc(), sources: [{ ...doc().sources[0], meta: { memos: ['Alleen dit.'] } }] }, { lang: 'en' });
    expect(one.xml).toContain('<Description>Alleen dit.</Description>');
    const p = buildRefiProject(doc(), { lang: 'en' });
    const edited = p.xml.replace('\nGesprek op kantoor.', '\nGesprek op kantoor, later aangevuld.');
    const back = await parseRefiProject(zipOf({ ...p, xml: edited }), 'edited.qdpx');
    expect(back.doc.sources[0].meta?.memos).toEqual(['Gesprek op kantoor, later aangevuld.', ...MEMOS.slice(1)]);
    const gone = p.xml.replace('[memo 2 of 3]\n', '');
    const whole = await parseRefiProject(zipOf({ ...p, xml: gone }), 'gone.qdpx');
    expect(whole.doc.sources[0].meta?.memos).toEqual([`[memo 1 of 3]\nGesprek op kantoor.\n\n${MEMOS.slice(1, 2).join('')}\n\n[memo 3 of 3]\n${MEMOS[2]}`]);
  });

  it('an export before this one (the Description joins them, each also a Note of the source) still reads back apart', async () => {
    const p = buildRefiProject(doc(), { lang: 'en' });
    const G = (n: number) => `0c0c0c0c-0000-4000-8000-00000000000${n}`;
    const old = p.xml
      .replace(/<Description>\[memo 1 of 3\][\s\S]*?<\/Description>/, `<Description>${MEMOS.join('\n\n').replace(/"/g, '&quot;')}</Description>`)
      .replace(/(<VariableValue>)/, `<NoteRef targetGUID="${G(1)}"/><NoteRef targetGUID="${G(2)}"/><NoteRef targetGUID="${G(3)}"/>\n      $1`)
      .replace('</Project>', `<Notes>${MEMOS.map((m, i) => `<Note guid="${G(i + 1)}" name="Memo ${i + 1} of 3: gesprek" creationDateTime="1980-01-01T00:00:00Z"><PlainTextContent>${m.replace(/"/g, '&quot;')}</PlainTextContent></Note>`).join('')}</Notes></Project>`);
    const back = await parseRefiProject(zipOf({ ...p, xml: old }), 'old.qdpx');
    expect(back.doc.sources[0].meta?.memos).toEqual(MEMOS);
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
