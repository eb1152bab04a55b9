import { strToU8, zipSync } from 'fflate';

const NSS =
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

/**
 * A minimal .docx whose body is `body` (WordprocessingML, prefix `w:`), written by hand so that a
 * test can hold what Word writes and the docx library does not (a carriage return, hidden text, a
 * table of turns); `numbering` and `styles` are the insides of word/numbering.xml and
 * word/styles.xml when given.
 */
export function rawDocx(body: string, numbering?: string, styles?: string): Uint8Array {
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
        (numbering ? '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>' : '') +
        '</Types>',
    ),
    '_rels/.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ),
    'word/document.xml': strToU8(`<?xml version="1.0" encoding="UTF-8"?><w:document ${NSS}><w:body>${body}</w:body></w:document>`),
  };
  const rels: string[] = [];
  if (numbering) {
    rels.push('<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>');
    files['word/numbering.xml'] = strToU8(`<?xml version="1.0" encoding="UTF-8"?><w:numbering ${NSS}>${numbering}</w:numbering>`);
  }
  if (styles) {
    rels.push('<Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>');
    files['word/styles.xml'] = strToU8(`<?xml version="1.0" encoding="UTF-8"?><w:styles ${NSS}>${styles}</w:styles>`);
  }
  if (rels.length) {
    files['word/_rels/document.xml.rels'] = strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>`,
    );
  }
  return zipSync(files);
}

/** A paragraph of one run holding `text` (already XML-escaped). */
export const para = (text: string) => `<w:p><w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;

/** A table whose rows hold these cells (one paragraph each). */
export const table = (...rows: string[][]) => `<w:tbl>${rows.map((r) => `<w:tr>${r.map((c) => `<w:tc>${para(c)}</w:tc>`).join('')}</w:tr>`).join('')}</w:tbl>`;
