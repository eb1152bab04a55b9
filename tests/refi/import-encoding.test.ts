/**
 * REFI-QDA projects not in UTF-8: a project.qde whose XML declaration names another encoding
 * (ISO-8859-1, as older tools write it) and a source text with bytes that are not UTF-8. Before,
 * both were read as UTF-8 and every such letter became U+FFFD without a word (a code "Überleg"
 * came in as "�berleg", id "berleg").
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { parseRefiProject } from '../../src/ingest/read-refi.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import type { Diagnostic } from '../../src/model/types.js';

const G = (n: number) => `d0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const latin1 = (s: string) => Uint8Array.from([...s].map((c) => c.charCodeAt(0)));
const project = (decl: string, quote: string, start: number, end: number) => `<?xml version="1.0" encoding="${decl}"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Prüfung">
<CodeBook><Codes><Code guid="${G(1)}" name="Überleg" isCodable="true"/></Codes></CodeBook>
<Sources><TextSource guid="${G(10)}" name="café" plainTextPath="internal://${G(10)}.txt">
<PlainTextSelection guid="${G(20)}" name="${quote}" startPosition="${start}" endPosition="${end}"><Coding guid="${G(30)}"><CodeRef targetGUID="${G(1)}"/></Coding></PlainTextSelection>
</TextSource></Sources>
</Project>`;

describe('refi import of a project that is not in UTF-8', () => {
  it('a project.qde in ISO-8859-1 (declared) is read in it: names and quotes keep their letters', async () => {
    const text = 'Anna: het café is één overleg.\n';
    const bytes = zipSync({ 'project.qde': latin1(project('ISO-8859-1', 'café', 10, 14)), [`sources/${G(10)}.txt`]: strToU8(text) });
    const diags: Diagnostic[] = [];
    const imp = await parseRefiProject(bytes, 'l1.qdpx', { report: (d) => diags.push(d) });
    expect(imp.name).toBe('Prüfung');
    expect(imp.codebook.codes.map((c) => [c.id, c.name.en])).toEqual([['überleg', 'Überleg']]); // (the one slug of names: accents kept, as a .qdc gives it; was uberleg)
    expect(imp.doc.sources.map((s) => s.id)).toEqual(['café']);
    expect(imp.doc.codings.map((c) => [c.code, c.start, c.end])).toEqual([['überleg', 10, 14]]);
    expect(diags).toEqual([]);
  });

  it('an encoding qdakit cannot read: exit 2 naming it, project.qde and line 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-refi-enc-'));
    try {
      const bytes = zipSync({ 'project.qde': strToU8(project('x-klingon', 'x', 0, 1)), [`sources/${G(10)}.txt`]: strToU8('x') });
      writeFileSync(join(dir, 'k.qdpx'), bytes);
      const io = memoryIo(dir);
      expect(await main(['refi', 'import', 'k.qdpx', '-o', 'imp'], io)).toBe(2);
      expect(io.err()).toContain('k.qdpx:project.qde:1: error: project.qde declares the encoding "x-klingon", which qdakit cannot read [ingest:unknown-encoding]');
      expect(Buffer.compare(readFileSync(join(dir, 'k.qdpx')), Buffer.from(bytes))).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a source with a byte that is not UTF-8: read as its Windows-1252 letter and said with the entry, line and column (was U+FFFD, silently)', async () => {
    const enc = new TextEncoder();
    const raw = Uint8Array.from([...enc.encode('Anna: hoi.\nAnna: het caf'), 0xe9, ...enc.encode(' is één overleg.\n')]);
    const dir = mkdtempSync(join(tmpdir(), 'qda-refi-enc-'));
    try {
      const bytes = zipSync({ 'project.qde': strToU8(project('utf-8', 'café', 21, 25)), [`sources/${G(10)}.txt`]: raw });
      writeFileSync(join(dir, 'u.qdpx'), bytes);
      const io = memoryIo(dir);
      expect(await main(['refi', 'import', 'u.qdpx', '-o', 'imp'], io), io.err()).toBe(0);
      expect(io.err()).toContain(`u.qdpx:sources/${G(10)}.txt:2:14: warning: 1 byte(s) on this line are not valid UTF-8 (0xE9): read as Windows-1252 "é"`);
      expect(readFileSync(join(dir, 'imp', 'sources', 'café.txt'), 'utf8')).toBe('Anna: hoi.\nAnna: het café is één overleg.\n');
      expect(io.err()).not.toContain('selection-mismatch');
      expect(Buffer.compare(readFileSync(join(dir, 'u.qdpx')), Buffer.from(bytes))).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
