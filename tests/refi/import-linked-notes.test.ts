/**
 * NVivo writes a memo of a passage as a Link between the passage's PlainTextSelection and a Note.
 * Such a note is now the memo of the passage: of its codings, or, on a passage without a code,
 * a memo of the source after the passage. Before, the Link was counted among the Links that are
 * not imported and the note among the notes attached to nothing: the memo was lost.
 */
import { describe, expect, it } from 'vitest';
import { zipSync, strToU8 } from 'fflate';
import { parseRefiProject } from '../../src/ingest/read-refi.js';

const G = (n: number) => `a4000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const XML = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="NVivo-achtig">
<CodeBook><Codes><Code guid="${G(1)}" name="Overleg" isCodable="true"/></Codes></CodeBook>
<Sources>
<TextSource guid="${G(10)}" name="anna"><PlainTextContent>Anna: we overleggen elke week.</PlainTextContent>
<PlainTextSelection guid="${G(20)}" startPosition="6" endPosition="19"><Coding guid="${G(30)}"><CodeRef targetGUID="${G(1)}"/></Coding></PlainTextSelection>
<PlainTextSelection guid="${G(21)}" startPosition="20" endPosition="30"/>
</TextSource>
</Sources>
<Notes>
<Note guid="${G(800)}" name="Annotation 1"><PlainTextContent>Op dinsdag</PlainTextContent></Note>
<Note guid="${G(801)}" name="Annotation 2"><PlainTextContent>Klopt dit wel?</PlainTextContent></Note>
</Notes>
<Links>
<Link guid="${G(900)}" name="Annotation" direction="OneWay" originGUID="${G(800)}" targetGUID="${G(20)}"/>
<Link guid="${G(901)}" name="Annotation" direction="OneWay" originGUID="${G(801)}" targetGUID="${G(21)}"/>
</Links>
</Project>`;

describe('refi import: a note linked to a passage', () => {
  it('is the memo of its codings, or kept on the source after a passage without a code (was dropped, counted twice)', async () => {
    const imp = await parseRefiProject(zipSync({ 'project.qde': strToU8(XML) }), 'n.qdpx');
    expect(imp.doc.codings.map((c) => [c.start, c.end, c.memo])).toEqual([[6, 19, 'Op dinsdag']]);
    expect(imp.doc.sources[0].meta).toEqual({ memos: ['On "elke week." (characters 20–30): Klopt dit wel?'], refiName: 'anna' });
    expect(imp.diagnostics.map((d) => d.ruleId).sort()).toEqual(['passage-memo-on-source', 'selection-without-coding']);
  });
});
