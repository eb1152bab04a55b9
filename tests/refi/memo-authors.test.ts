/**
 * Who wrote a memo and when (a Note's creatingUser, creationDateTime, modifiedDateTime) is kept by
 * qda refi import beside the memos and written back by qda refi export. Before, the import kept the
 * text only, and an export dated every memo anew (the source's date or 1980) under the coder.
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync, unzipSync, strToU8, strFromU8 } from 'fflate';
import { validateXML } from 'xmllint-wasm';
import { parseRefiProject } from '../../src/ingest/read-refi.js';
import { buildRefiProject } from '../../src/export/refi-project.js';
import { refiGuid } from '../../src/export/refi-guid.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { readCodings } from '../../src/ingest/read-codings.js';

const XSD = readFileSync(join(__dirname, '../../schemas/refi-qda/Project.xsd'), 'utf8');
const G = (n: number) => `e0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const XML = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="p">
<Users><User guid="${G(900)}" name="fem"/><User guid="${G(901)}" name="bas"/></Users>
<CodeBook><Codes><Code guid="${G(1)}" name="Trust" isCodable="true"><NoteRef targetGUID="${G(801)}"/></Code></Codes></CodeBook>
<Sources>
<TextSource guid="${G(10)}" name="gesprek" plainTextPath="internal://${G(10)}.txt">
<PlainTextSelection guid="${G(20)}" name="We vertrouwen elkaar." startPosition="6" endPosition="27" creatingUser="${G(900)}" creationDateTime="2023-01-01T09:00:00Z"><Coding guid="${G(30)}" creatingUser="${G(900)}" creationDateTime="2023-01-01T09:00:00Z"><CodeRef targetGUID="${G(1)}"/><NoteRef targetGUID="${G(802)}"/></Coding></PlainTextSelection>
<NoteRef targetGUID="${G(803)}"/>
</TextSource>
</Sources>
<Notes>
<Note guid="${G(801)}" creatingUser="${G(901)}" creationDateTime="2023-02-01T10:00:00Z" modifiedDateTime="2023-03-01T11:00:00Z"><PlainTextContent>Ook wantrouwen.</PlainTextContent></Note>
<Note guid="${G(802)}" creatingUser="${G(901)}" creationDateTime="2023-06-06T12:00:00Z"><PlainTextContent>Bas: sterk gezegd.</PlainTextContent></Note>
<Note guid="${G(803)}" creatingUser="${G(901)}" creationDateTime="2023-05-05T08:30:00Z"><PlainTextContent>Rumoerig gesprek.</PlainTextContent></Note>
</Notes>
</Project>`;
const qdpx = () => zipSync({ 'project.qde': strToU8(XML), [`sources/${G(10)}.txt`]: strToU8('Anna: We vertrouwen elkaar.\n') });
const noteOf = (xml: string, text: string) => new RegExp(`<Note guid="[^"]+" name="[^"]*"([^>]*)>\\s*<PlainTextContent>${text}</PlainTextContent>`).exec(xml)?.[1];

describe('refi import → export: the authors and dates of memos', () => {
  it('are kept beside the memos (code, source, coding) and written back (on the Notes; a source\'s in its Description), valid against Project.xsd', async () => {
    const imp = await parseRefiProject(qdpx(), 'p.qdpx');
    expect(imp.codebook.codes[0].meta?.memoNotes).toEqual([{ author: 'bas', created: '2023-02-01T10:00:00Z', modified: '2023-03-01T11:00:00Z' }]);
    const src = imp.doc.sources[0];
    expect(src.meta?.memos).toEqual(['Rumoerig gesprek.']);
    expect(src.meta?.memoNotes).toEqual([{ author: 'bas', created: '2023-05-05T08:30:00Z' }]);
    const c = imp.doc.codings[0];
    expect(c.memo).toBe('Bas: sterk gezegd.');
    expect(src.meta?.codingMemoNotes).toEqual({ [c.id]: { author: 'bas', created: '2023-06-06T12:00:00Z' } });

    const p = buildRefiProject(imp.doc, { lang: 'en', codebooks: [imp.codebook] });
    const bas = refiGuid('user', 'bas');
    expect(p.xml).toContain(`<User guid="${bas}" name="bas" id="bas"/>`);
    // (a code's memo with its author and dates: in the Code's Description after a line that holds them, where QualCoder
    // reads a code's memo; a Note the Code referred to was not shown there)
    expect(p.xml).toContain('<Description>[memo 1 of 1, by &quot;bas&quot;, created 2023-02-01T10:00:00Z, modified 2023-03-01T11:00:00Z]\nOok wantrouwen.');
    expect(noteOf(p.xml, 'Ook wantrouwen.')).toBeUndefined();
    expect(noteOf(p.xml, 'Bas: sterk gezegd.')).toBe(` creatingUser="${bas}" creationDateTime="2023-06-06T12:00:00Z" modifiedDateTime="2023-06-06T12:00:00Z"`);
    // (a source's memo with its author and date: in the Description after a line that holds them, not also in a Note)
    expect(p.xml).toContain('<Description>[memo 1 of 1, by &quot;bas&quot;, created 2023-05-05T08:30:00Z]\nRumoerig gesprek.</Description>');
    expect(noteOf(p.xml, 'Rumoerig gesprek.')).toBeUndefined();
    const r = await validateXML({ xml: [{ fileName: 'project.qde', contents: p.xml }], schema: [XSD], maxMemoryPages: 4096 });
    expect(r.errors).toEqual([]);
    // and back again: the same
    const files: Record<string, Uint8Array> = { 'project.qde': strToU8(p.xml) };
    for (const f of p.files) files[f.path] = strToU8(f.text);
    const again = await parseRefiProject(zipSync(files), 'again.qdpx');
    expect(again.doc.sources[0].meta?.memos).toEqual(['Rumoerig gesprek.']);
    expect(again.doc.sources[0].meta?.memoNotes).toEqual(src.meta?.memoNotes);
    expect(Object.values(again.doc.sources[0].meta?.codingMemoNotes as object)).toEqual([{ author: 'bas', created: '2023-06-06T12:00:00Z' }]);
    expect(again.codebook.codes[0].meta?.memoNotes).toEqual(imp.codebook.codes[0].meta?.memoNotes);
  });

  it('through the CLI (codings.json and codebook.yaml of the import), the input left as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-refi-authors-'));
    writeFileSync(join(dir, 'p.qdpx'), qdpx());
    const before = readFileSync(join(dir, 'p.qdpx'));
    const run = async (args: string[]) => {
      const io = memoryIo(dir);
      expect(await main(args, io), io.err()).toBe(0);
      return io;
    };
    await run(['refi', 'import', 'p.qdpx', '-o', 'one']);
    await run(['refi', 'export', 'one/codings.json', '-c', 'one/codebook.yaml', '-o', 'b.qdpx']);
    const xml = strFromU8(unzipSync(new Uint8Array(readFileSync(join(dir, 'b.qdpx'))))['project.qde']);
    expect(xml).toContain('[memo 1 of 1, by &quot;bas&quot;, created 2023-02-01T10:00:00Z, modified 2023-03-01T11:00:00Z]\nOok wantrouwen.');
    expect(noteOf(xml, 'Bas: sterk gezegd.')).toContain(`creatingUser="${refiGuid('user', 'bas')}" creationDateTime="2023-06-06T12:00:00Z"`);
    await run(['refi', 'import', 'b.qdpx', '-o', 'two']);
    const two = await readCodings('two/codings.json', { cwd: dir });
    expect(two.sources[0].meta?.memoNotes).toEqual([{ author: 'bas', created: '2023-05-05T08:30:00Z' }]);
    expect(readFileSync(join(dir, 'two', 'codebook.yaml'), 'utf8')).toMatch(/memos:\n\s+- Ook wantrouwen\.\n\s+memoNotes:\n\s+- author: bas\n\s+created: "?2023-02-01T10:00:00Z"?\n\s+modified: "?2023-03-01T11:00:00Z"?/);
    expect(readFileSync(join(dir, 'p.qdpx')).equals(before)).toBe(true);
  });
});
