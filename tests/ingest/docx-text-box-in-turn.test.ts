/**
 * A text box in a speaker's paragraph of a .docx (a caption, a note beside the words): mammoth reads
 * its paragraphs after the paragraph it stands in, and its words were read as that speaker's
 * without a word. Said now (`text-box-in-turn`), with the line, the words and the speaker; the text
 * is as before. Our own invented text.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { strToU8, zipSync } from 'fflate';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import type { Diagnostic } from '../../src/model/types.js';

const W =
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"';
const docx = (body: string) =>
  zipSync({
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
    '_rels/.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ),
    'word/document.xml': strToU8(`<?xml version="1.0" encoding="UTF-8"?><w:document ${W}><w:body>${body}</w:body></w:document>`),
  });
const p = (t: string) => `<w:p><w:r><w:t xml:space="preserve">${t}</w:t></w:r></w:p>`;
const box = (t: string) =>
  `<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing/></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>${p(t)}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>`;

async function read(name: string, bytes: Uint8Array) {
  const dir = mkdtempSync(join(tmpdir(), 'qda-text-box-'));
  writeFileSync(join(dir, name), bytes);
  const seen: Diagnostic[] = [];
  const { corpus } = await readCorpus([name], { cwd: dir, unit: 'turn', report: (x) => seen.push(x) });
  return { corpus, said: seen.filter((x) => x.ruleId === 'text-box-in-turn') };
}

describe('a .docx or .odt text box inside a turn', () => {
  it('is said with its line, words and the speaker; its words stay that turn\'s text', async () => {
    const body =
      p('Interviewer: Wat ziet u op de kaart?') +
      `<w:p><w:r><w:t xml:space="preserve">Respondent: Drie buurten, </w:t></w:r>${box('Foto van de wijkkaart &amp; drie cirkels')}<w:r><w:t>kijk maar.</w:t></w:r></w:p>` +
      p('Interviewer: En verder?') +
      p('Respondent: Niets.');
    const { corpus, said } = await read('kaart.docx', docx(body));
    expect(corpus.segments.find((s) => s.text.includes('wijkkaart'))?.speaker).toBe('Respondent');
    expect(said.map((x) => [x.severity, x.line, x.actual])).toEqual([['warning', 5, 'Foto van de wijkkaart & drie cirkels']]);
    expect(said[0].message).toContain("in Respondent's turn");
  });

  it('a text box before the first turn says nothing', async () => {
    const body = `<w:p>${box('Interview 4, buurthuis')}</w:p>` + p('Interviewer: Hoe gaat het?') + p('Respondent: Goed.');
    expect((await read('kop.docx', docx(body))).said).toEqual([]);
  });

  it('.odt alike (a frame\'s text box, read after its paragraph)', async () => {
    const NS =
      'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"';
    const odt = zipSync({
      mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }],
      'content.xml': strToU8(
        `<?xml version="1.0" encoding="UTF-8"?><office:document-content ${NS}><office:body><office:text>` +
          '<text:p>Interviewer: Wat staat er op de poster?</text:p>' +
          '<text:p>Respondent: Dat zie je hier <draw:frame draw:name="Kader1"><draw:text-box><text:p>Samen sterk</text:p><text:p>in de wijk</text:p></draw:text-box></draw:frame>op de muur.</text:p>' +
          '<text:p>Interviewer: Mooi.</text:p><text:p>Respondent: Ja.</text:p>' +
          '</office:text></office:body></office:document-content>',
      ),
    });
    const { said } = await read('poster.odt', odt);
    expect(said.map((x) => [x.line, x.actual])).toEqual([[5, 'Samen sterk']]);
    expect(said[0].message).toMatch(/^2 paragraphs of text boxes stand inside/);
  });
});
