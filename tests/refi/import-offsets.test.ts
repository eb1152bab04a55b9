/**
 * Offsets counted otherwise than the REFI-QDA standard (code points of the file's text): in UTF-16
 * units, as .NET and JavaScript programs count (an emoji counts two), or with CRLF as one
 * character. A selection whose quoted text fits only such a count is moved onto it; before, one
 * counted in UTF-16 units was kept where it pointed (a mismatch). A selection without a quoted
 * text was placed by the standard's count even where every selection of its source that has one
 * fits only another count: shifted without a word. Now it is placed as they are, and said; and
 * where nothing tells, a selection after an emoji is said to be unchecked.
 */
import { describe, expect, it } from 'vitest';
import { zipSync, strToU8 } from 'fflate';
import { parseRefiProject } from '../../src/ingest/read-refi.js';
import { cpLength, cpSlice } from '../../src/model/codepoints.js';

const G = (n: number) => `a2000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const project = (sels: Array<{ n: number; start: number; end: number; quote?: string }>) => `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="P">
<CodeBook><Codes><Code guid="${G(1)}" name="Oordeel" isCodable="true"/></Codes></CodeBook>
<Sources><TextSource guid="${G(10)}" name="chat" plainTextPath="internal://${G(10)}.txt">
${sels.map((x) => `<PlainTextSelection guid="${G(x.n)}"${x.quote ? ` name="${x.quote}"` : ''} startPosition="${x.start}" endPosition="${x.end}"><Coding guid="${G(x.n + 100)}"><CodeRef targetGUID="${G(1)}"/></Coding></PlainTextSelection>`).join('\n')}
</TextSource></Sources></Project>`;
const imp = async (xml: string, text: string) => parseRefiProject(zipSync({ 'project.qde': strToU8(xml), [`sources/${G(10)}.txt`]: strToU8(text) }), 'o.qdpx');
const line = (xml: string, n: number) => xml.split('\n').findIndex((l) => l.includes(`guid="${G(n)}"`)) + 1;
/** UTF-16 and code-point offsets of `words` in `text` (over the text as given). */
const at = (text: string, words: string) => {
  const u = text.indexOf(words);
  return { u16: u, cp: cpLength(text.slice(0, u)), len: cpLength(words), u16len: words.length };
};

describe('refi import: offsets counted in UTF-16 units or with CRLF as one', () => {
  const TEXT = 'Anna: Goed 😀😀, echt goed.\nBert: Ook 👍 prima hier.\nAnna: Nou, prima.\n';

  it('a selection counted in UTF-16 units whose quote fits so: moved and said (was kept where it pointed)', async () => {
    const p = at(TEXT, 'prima hier');
    const xml = project([{ n: 20, start: p.u16, end: p.u16 + p.u16len, quote: 'prima hier' }]);
    const r = await imp(xml, TEXT);
    expect(r.doc.codings.map((c) => cpSlice(TEXT, c.start, c.end))).toEqual(['prima hier']);
    expect(r.diagnostics.map((d) => [d.ruleId, d.line, d.message])).toEqual([
      ['offset-utf16', line(xml, 20), 'source "chat": 1 selection(s) matched their quoted text only with their offsets counted in UTF-16 units (a character beyond U+FFFF, as an emoji, counted as two); fixed (the first at this line)'],
    ]);
  });

  it('a selection without a quote, in a source whose quoted selections are all counted in UTF-16 units: placed as they are, and said (was shifted without a word)', async () => {
    const p = at(TEXT, 'prima hier');
    const q = at(TEXT, 'Nou, prima.');
    const xml = project([
      { n: 20, start: p.u16, end: p.u16 + p.u16len, quote: 'prima hier' },
      { n: 21, start: q.u16, end: q.u16 + q.u16len },
    ]);
    const r = await imp(xml, TEXT);
    expect(r.doc.codings.map((c) => cpSlice(TEXT, c.start, c.end))).toEqual(['prima hier', 'Nou, prima.']);
    expect(r.diagnostics.find((d) => d.ruleId === 'offset-inferred')).toMatchObject({
      line: line(xml, 21),
      message: 'source "chat": 1 selection(s) without a quoted text are placed with their offsets counted in UTF-16 units (an emoji counted as two), as every selection of this source with a quoted text is (the first at this line)',
    });
  });

  it('likewise with CRLF counted as one character (as ATLAS.ti counts), in a CRLF file', async () => {
    const crlf = 'Anna: Goed, echt goed.\r\nBert: Ook prima hier.\r\nAnna: Nou, prima.\r\n';
    const lf = crlf.replace(/\r\n/g, '\n');
    const p = at(lf, 'prima hier');
    const q = at(lf, 'Nou, prima.');
    const xml = project([
      { n: 20, start: p.cp, end: p.cp + p.len, quote: 'prima hier' },
      { n: 21, start: q.cp, end: q.cp + q.len },
    ]);
    const r = await imp(xml, crlf);
    expect(r.doc.codings.map((c) => cpSlice(lf, c.start, c.end))).toEqual(['prima hier', 'Nou, prima.']);
    expect(r.diagnostics.find((d) => d.ruleId === 'offset-inferred')?.message).toBe(
      'source "chat": 1 selection(s) without a quoted text are placed with their offsets counted with a CRLF line end as one character, as every selection of this source with a quoted text is (the first at this line)',
    );
  });

  it('a selection without a quote after an emoji, nothing to tell the count by: placed by the standard and said', async () => {
    const q = at(TEXT, 'Nou, prima.');
    const xml = project([{ n: 21, start: q.cp, end: q.cp + q.len }]);
    const r = await imp(xml, TEXT);
    expect(r.doc.codings.map((c) => cpSlice(TEXT, c.start, c.end))).toEqual(['Nou, prima.']);
    expect(r.diagnostics.map((d) => [d.ruleId, d.line, d.message])).toEqual([
      ['offset-unchecked', line(xml, 21), 'source "chat": 1 selection(s) without a quoted text lie after "😀" (line 1 of the text), a character beyond U+FFFF: placed by the REFI-QDA count (code points); a program that counted UTF-16 units (NVivo, …) meant them up to 3 character(s) earlier (the first at this line)'],
    ]);
  });

  it('offsets in code points with quotes: no warning', async () => {
    const p = at(TEXT, 'prima hier');
    const q = at(TEXT, 'Nou, prima.');
    const xml = project([
      { n: 20, start: p.cp, end: p.cp + p.len, quote: 'prima hier' },
      { n: 21, start: q.cp, end: q.cp + q.len, quote: 'Nou, prima.' },
    ]);
    const r = await imp(xml, TEXT);
    expect(r.doc.codings.map((c) => cpSlice(TEXT, c.start, c.end))).toEqual(['prima hier', 'Nou, prima.']);
    expect(r.diagnostics).toEqual([]);
  });
});
