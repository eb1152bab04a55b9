/**
 * A ruby (`w:ruby`: small text over words, furigana) and a part imported whole (`w:altChunk`: an
 * HTML, text or Word file Word shows in place) were left out of a .docx's text, words and all,
 * said only as "elements not read". The ruby is now read (its base, then its text in parentheses)
 * and said as info (docx-ruby-read); an HTML, text or Word part is read as paragraphs in its place
 * (docx-alt-chunks-read), any other (RTF) said as not read (docx-alt-chunks-not-read). Our own
 * invented text.
 */
import { describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { readDocxText } from '../../src/ingest/read-docx.js';
import type { Diagnostic } from '../../src/model/types.js';

const NSS =
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const p = (t: string) => `<w:p><w:r><w:t xml:space="preserve">${t}</w:t></w:r></w:p>`;

function docx(body: string, parts: Record<string, Uint8Array> = {}, rels: string[] = []): Uint8Array {
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
    '_rels/.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ),
    'word/document.xml': strToU8(`<?xml version="1.0" encoding="UTF-8"?><w:document ${NSS}><w:body>${body}</w:body></w:document>`),
    ...parts,
  };
  if (rels.length) files['word/_rels/document.xml.rels'] = strToU8(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>`);
  return zipSync(files);
}
const rel = (id: string, target: string) => `<Relationship Id="${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk" Target="${target}"/>`;

async function read(bytes: Uint8Array) {
  const said: Diagnostic[] = [];
  const text = await readDocxText(bytes, 'x.docx', (d) => said.push(d));
  return { text, said, rules: said.map((d) => d.ruleId) };
}

describe('.docx ruby and altChunk', () => {
  it('a ruby is read: its base, then its text in parentheses; said as info', async () => {
    const r = await read(
      docx(
        p('Interviewer: Hoe heet die wijk?') +
          '<w:p><w:r><w:t xml:space="preserve">Respondent: Wij zeggen </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:ruby><w:rubyPr><w:rubyAlign w:val="center"/></w:rubyPr><w:rt><w:r><w:t>shitamachi</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>下町</w:t></w:r></w:rubyBase></w:ruby></w:r><w:r><w:t xml:space="preserve">, de oude stad.</w:t></w:r></w:p>',
      ),
    );
    expect(r.text).toBe('Interviewer: Hoe heet die wijk?\n\nRespondent: Wij zeggen 下町 (shitamachi), de oude stad.');
    expect(r.rules).toEqual(['docx-ruby-read']);
    expect(r.said[0].severity).toBe('info');
    expect(r.said[0].message).toContain('"shitamachi", in paragraph 2');
  });

  it('an HTML part is read as paragraphs in its place (a <br> a line end, entities decoded), a text part too', async () => {
    const html = '<html><head><meta charset="utf-8"><title>t</title><style>p{}</style></head><body><p>Respondent: De brief kwam op dinsdag &amp; ik<br>las hem meteen.</p><div>Interviewer: En toen?</div><p>Respondent: Ik belde de w&eacute;th&#111;uder.</p></body></html>';
    const r = await read(
      docx(p('Interviewer: Wat stond er in de brief?') + '<w:altChunk r:id="rIdA"/>' + '<w:altChunk r:id="rIdB"><w:altChunkPr/></w:altChunk>' + p('Interviewer: Dank u.'), { 'word/chunk1.htm': strToU8(html), 'word/chunk2.txt': strToU8('Respondent: Nog een ding.\n\nDe bus reed niet.') }, [
        rel('rIdA', 'chunk1.htm'),
        rel('rIdB', 'chunk2.txt'),
      ]),
    );
    expect(r.text).toBe(
      'Interviewer: Wat stond er in de brief?\n\nRespondent: De brief kwam op dinsdag & ik\nlas hem meteen.\n\nInterviewer: En toen?\n\nRespondent: Ik belde de wéthouder.\n\nRespondent: Nog een ding.\n\nDe bus reed niet.\n\nInterviewer: Dank u.',
    );
    expect(r.rules).toEqual(['docx-alt-chunks-read']);
    expect(r.said[0].message).toContain('2 parts imported whole');
  });

  it('an HTML part\'s named characters are read by name and case (huntdoc, session 23: `&ccedil;` stayed text, `&Eacute;` read é)', async () => {
    const html = '<html><body><p>Respondent: Fran&ccedil;ois zei: &Eacute;&eacute;n keer &euro;&nbsp;5, na&iuml;ef &mdash; &laquo;gro&szlig;&raquo;.</p></body></html>';
    const r = await read(docx(p('Interviewer: Wie betaalde?') + '<w:altChunk r:id="rIdA"/>', { 'word/chunk1.htm': strToU8(html) }, [rel('rIdA', 'chunk1.htm')]));
    expect(r.text).toBe('Interviewer: Wie betaalde?\n\nRespondent: François zei: Één keer €\u00a05, naïef — «groß».');
  });

  it('a Word part is read as a .docx is; an RTF part is said as not read, with its name', async () => {
    const inner = docx(p('Respondent: Uit het andere bestand.'));
    const r = await read(
      docx(p('Interviewer: Vraag.') + '<w:altChunk r:id="rIdD"/>' + '<w:altChunk r:id="rIdR"/>' + p('Interviewer: Slot.'), { 'word/sub.docx': inner, 'word/oud.rtf': strToU8('{\\rtf1 Respondent: tekst}') }, [rel('rIdD', 'sub.docx'), rel('rIdR', 'oud.rtf')]),
    );
    expect(r.text).toBe('Interviewer: Vraag.\n\nRespondent: Uit het andere bestand.\n\nInterviewer: Slot.');
    expect(r.rules.sort()).toEqual(['docx-alt-chunks-not-read', 'docx-alt-chunks-read']);
    const not = r.said.find((d) => d.ruleId === 'docx-alt-chunks-not-read')!;
    expect([not.severity, not.message.includes('"oud.rtf"')]).toEqual(['warning', true]);
  });
});
