/**
 * A source's id after qda refi export → qda refi import. Any ending of up to five letters or digits
 * after a dot was taken for a file extension and dropped: "gesprek.anna" came back as "gesprek"
 * (and "gesprek.bert" as "gesprek-2"), so the cases, compare and every command that names a
 * source by its id saw other sources; a name changed to be a file name ("CON" → "source-CON")
 * was not said. Now only the extensions of document, media and text files are dropped, and a
 * name changed otherwise is said with its line.
 */
import { describe, expect, it } from 'vitest';
import { zipSync, strToU8 } from 'fflate';
import { buildRefiProject, zipRefiProject } from '../../src/export/refi-project.js';
import { parseRefiProject } from '../../src/ingest/read-refi.js';
import type { CodingsDocument } from '../../src/model/types.js';
import { codeWords, mkSource } from './helpers.js';

describe('refi export → import keeps source ids', () => {
  it('"gesprek.anna" and "gesprek.bert" stay apart and as they were; "CON" is renamed and said', async () => {
    const a = mkSource('gesprek.anna', 'Anna: we overleggen.\n', { case: 'team A' });
    const b = mkSource('gesprek.bert', 'Bert: we overleggen ook.\n', { case: 'team A' });
    const c = mkSource('CON', 'Carla: nooit overleg.\n');
    const doc: CodingsDocument = {
      provenance: { tool: 'qdakit', version: '0' },
      codebooks: [],
      codes: [{ id: 'overleg' }],
      sources: [a, b, c],
      segments: [],
      codings: [codeWords(a, 'we overleggen', 'overleg', 'fem'), codeWords(b, 'we overleggen', 'overleg', 'fem'), codeWords(c, 'nooit overleg', 'overleg', 'fem')],
    };
    const project = buildRefiProject(doc);
    const imp = await parseRefiProject(await zipRefiProject(project), 'ids.qdpx');
    expect(imp.doc.sources.map((s) => [s.id, s.case])).toEqual([
      ['gesprek.anna', 'team A'],
      ['gesprek.bert', 'team A'],
      ['source-CON', 'CON'],
    ]);
    expect(imp.doc.codings.map((k) => k.sourceId)).toEqual(['gesprek.anna', 'gesprek.bert', 'source-CON']);
    const line = project.xml.split('\n').findIndex((l) => l.includes('<TextSource') && l.includes('name="CON"')) + 1;
    expect(imp.diagnostics.map((d) => [d.ruleId, d.line, d.message])).toEqual([['source-renamed', line, 'source "CON" is imported as "source-CON" (sources/source-CON.txt): its name is reserved on Windows']]);
  });

  it("other programs' names lose their file extension, without a word", async () => {
    const G = (n: number) => `a1000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="P"><Sources>
<TextSource guid="${G(10)}" name="Interview 3.DOCX"><PlainTextContent>Anna: ja.</PlainTextContent></TextSource>
<TextSource guid="${G(11)}" name="verslag.v2.txt"><PlainTextContent>Bert: nee.</PlainTextContent></TextSource>
</Sources></Project>`;
    const imp = await parseRefiProject(zipSync({ 'project.qde': strToU8(xml) }), 'p.qdpx');
    expect(imp.doc.sources.map((s) => s.id)).toEqual(['Interview 3', 'verslag.v2']);
    expect(imp.diagnostics.filter((d) => d.ruleId === 'source-renamed')).toEqual([]);
  });
});
