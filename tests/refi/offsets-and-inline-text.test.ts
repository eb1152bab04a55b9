/**
 * Offsets that are not whole numbers: a decimal one ("6.5") is read outward to whole numbers and said;
 * any other form ("1e1", "0x10") is no offset and its codings are not imported, said. Before, Number()
 * took them all: a coding from 6.5 to 12, or from 10 to 16, without a word.
 */
import { describe, it, expect } from 'vitest';
import { zipSync, strToU8 } from 'fflate';
import { parseRefiProject } from '../../src/ingest/read-refi.js';
import type { Diagnostic } from '../../src/model/types.js';

const G = (n: number) => `e0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const XML = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="h">
<CodeBook><Codes><Code guid="${G(1)}" name="Trust" isCodable="true"/></Codes></CodeBook>
<Sources><TextSource guid="${G(10)}" name="a" plainTextPath="internal://a.txt">
<PlainTextSelection guid="${G(20)}" name="" startPosition="6.5" endPosition="12.0"><Coding guid="${G(30)}"><CodeRef targetGUID="${G(1)}"/></Coding></PlainTextSelection>
<PlainTextSelection guid="${G(21)}" name="" startPosition="1e1" endPosition="0x10"><Coding guid="${G(31)}"><CodeRef targetGUID="${G(1)}"/></Coding></PlainTextSelection>
<PlainTextSelection guid="${G(22)}" name="" startPosition=" 9 " endPosition="14"><Coding guid="${G(32)}"><CodeRef targetGUID="${G(1)}"/></Coding></PlainTextSelection>
</TextSource></Sources></Project>`;

describe('refi import: offsets that are not whole numbers', () => {
  it('a decimal offset is read outward and said; "1e1" and "0x10" are no offsets, said', async () => {
    const diags: Diagnostic[] = [];
    const imp = await parseRefiProject(zipSync({ 'project.qde': strToU8(XML), 'sources/a.txt': strToU8('Anna: We trust each other.\n') }), 'f.qdpx', { report: (d) => diags.push(d) });
    expect(imp.doc.codings.map((c) => [c.start, c.end])).toEqual([
      [6, 12],
      [9, 14],
    ]);
    const frac = diags.filter((d) => d.ruleId === 'offsets-not-whole');
    expect(frac.map((d) => [d.message, d.line])).toEqual([['source "a": 1 selection(s) have offsets that are not whole numbers; each is read from the whole number below its start to the one above its end (the first at this line)', 5]]);
    const bad = diags.filter((d) => d.ruleId === 'bad-offsets');
    expect(bad.map((d) => [d.message, d.line])).toEqual([['a selection in "a" has no startPosition/endPosition in whole numbers ("1e1", "0x10"); its 1 coding(s) are not imported', 6]]);
  });
});

describe('refi import: a source with its text both inline and in a file', () => {
  it('reads the inline text and says that the file differs', async () => {
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="h"><Sources>
<TextSource guid="${G(10)}" name="a" plainTextPath="internal://a.txt"><PlainTextContent>Anna: inline.</PlainTextContent></TextSource>
<TextSource guid="${G(11)}" name="b" plainTextPath="internal://b.txt"><PlainTextContent>Anna: the same.</PlainTextContent></TextSource>
</Sources></Project>`;
    const diags: Diagnostic[] = [];
    const imp = await parseRefiProject(zipSync({ 'project.qde': strToU8(xml), 'sources/a.txt': strToU8('Anna: the file says something else.\n'), 'sources/b.txt': strToU8('Anna: the same.') }), 't.qdpx', { report: (d) => diags.push(d) });
    expect(imp.doc.sources.map((s) => s.text)).toEqual(['Anna: inline.', 'Anna: the same.']);
    expect(diags.filter((d) => d.ruleId === 'source-text-twice').map((d) => [d.message, d.line])).toEqual([
      ['source "a" has its text twice, inline (PlainTextContent, 13 characters) and in internal://a.txt (36 characters), and they differ: the inline text is read and the selections are placed on it', 3],
    ]);
  });
});
