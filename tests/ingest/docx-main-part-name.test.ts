/**
 * A .docx whose main part is not `word/document.xml` (found by huntdoc, session 23): Word Online
 * (Office 365, SharePoint) writes `word/document2.xml`, with its relationships in
 * `word/_rels/document2.xml.rels`; a package names its main part in `_rels/.rels`. mammoth read such
 * a file, but what qdakit reads beside mammoth looked only at `word/document.xml`: hidden text was
 * read as speech, a carriage return glued two turns into one line, and tracked changes and notes
 * named by the main part's relationships were not said, all without a word. Now the main part and
 * its parts are found as mammoth finds them. Our own invented text.
 */
import { describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { readDocxText } from '../../src/ingest/read-docx.js';
import type { Diagnostic } from '../../src/model/types.js';

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const run = (t: string, rPr = '') => `<w:r>${rPr}<w:t xml:space="preserve">${t}</w:t></w:r>`;

function wordOnline(body: string, notes: string): Uint8Array {
  const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  return zipSync({
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
    '_rels/.rels': strToU8(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="/word/document2.xml"/></Relationships>`),
    'word/_rels/document2.xml.rels': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId5" Type="${REL}/footnotes" Target="/word/footnotes2.xml"/></Relationships>`,
    ),
    'word/document2.xml': strToU8(`<?xml version="1.0" encoding="UTF-8"?><w:document ${W}><w:body>${body}</w:body></w:document>`),
    'word/footnotes2.xml': strToU8(`<?xml version="1.0" encoding="UTF-8"?><w:footnotes ${W}>${notes}</w:footnotes>`),
  });
}

describe('a .docx from Word Online (its main part word/document2.xml)', () => {
  it('is read as one from Word: hidden text left out and said, a carriage return a line end, its notes and changes said', async () => {
    const bytes = wordOnline(
      `<w:p>${run('Interviewer: Hoe gaat het met de moestuin?')}</w:p>` +
        `<w:p>${run('Respondent: Goed, de bonen doen het. ')}${run('[navragen bij coördinator]', '<w:rPr><w:vanish/></w:rPr>')}</w:p>` +
        `<w:p>${run('Interviewer: En de buren?')}<w:r><w:cr/></w:r>${run('Respondent: Die helpen mee')}<w:del w:id="1" w:author="A"><w:r><w:delText> soms</w:delText></w:r></w:del>${run('.')}<w:r><w:footnoteReference w:id="2"/></w:r></w:p>`,
      '<w:footnote w:id="2"><w:p><w:r><w:t>Buren van nummer 12.</w:t></w:r></w:p></w:footnote>',
    );
    const said: Diagnostic[] = [];
    expect(await readDocxText(bytes, 'tuin.docx', (x) => said.push(x))).toBe(
      'Interviewer: Hoe gaat het met de moestuin?\n\nRespondent: Goed, de bonen doen het. \n\nInterviewer: En de buren?\nRespondent: Die helpen mee.',
    );
    expect(said.map((x) => x.ruleId).sort()).toEqual(['docx-hidden-text-not-read', 'docx-notes-not-read', 'docx-tracked-changes']);
    expect(said.find((x) => x.ruleId === 'docx-hidden-text-not-read')!.message).toContain('"[navragen bij coördinator]", in paragraph 2');
  });
});
