/**
 * Hidden text in an .odt (LibreOffice's Hidden font effect: a character or paragraph style with
 * `text:display="none"`, also through a parent style; a hidden-text field or a hidden paragraph
 * shown as hidden) was read as spoken text without a word. It is now left out and said with its
 * count, first words and paragraph, as in a .docx. Our own invented text.
 */
import { describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { readOdtText } from '../../src/ingest/read-odt.js';
import type { Diagnostic } from '../../src/model/types.js';

const NS =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"';
const odt = (styles: string, body: string, common = '') =>
  zipSync({
    mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }],
    'content.xml': strToU8(`<?xml version="1.0" encoding="UTF-8"?><office:document-content ${NS}><office:automatic-styles>${styles}</office:automatic-styles><office:body><office:text>${body}</office:text></office:body></office:document-content>`),
    'styles.xml': strToU8(`<?xml version="1.0" encoding="UTF-8"?><office:document-styles ${NS}><office:styles>${common}</office:styles></office:document-styles>`),
  });

describe('.odt hidden text', () => {
  it('left out (span, paragraph style, parent style, hidden-text field, hidden paragraph); said once with the count, the first and its paragraph', async () => {
    const styles =
      '<style:style style:name="T1" style:family="text"><style:text-properties text:display="none"/></style:style>' +
      '<style:style style:name="T2" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>' +
      '<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Notitie"/>';
    const common = '<style:style style:name="Notitie" style:family="paragraph"><style:text-properties text:display="none"/></style:style>';
    const body =
      '<text:p>Interviewer: Hoe bevalt de buurtapp?</text:p>' +
      '<text:p>Respondent: Wisselend <text:span text:style-name="T1">[NB: ze aarzelt]</text:span><text:span text:style-name="T2">eigenlijk</text:span>.</text:p>' +
      '<text:p text:style-name="P1">Vraag 4 uit de gids.</text:p>' +
      '<text:p>Interviewer: En de <text:hidden-text text:condition="ooow:1" text:string-value="x" text:is-hidden="true">verborgen veld</text:hidden-text>meldingen?</text:p>' +
      '<text:p><text:hidden-paragraph text:condition="ooow:1" text:is-hidden="true"/>Een verborgen alinea.</text:p>' +
      '<text:p>Respondent: Te veel.</text:p>';
    const said: Diagnostic[] = [];
    const text = await readOdtText(odt(styles, body, common), 'verborgen.odt', (x) => said.push(x));
    expect(text).toBe('Interviewer: Hoe bevalt de buurtapp?\n\nRespondent: Wisselend eigenlijk.\n\n\n\nInterviewer: En de meldingen?\n\n\n\nRespondent: Te veel.');
    expect(said.map((x) => [x.ruleId, x.file, x.message])).toEqual([
      ['odt-hidden-text-not-read', 'verborgen.odt', '4 passages of hidden text (formatted as hidden: not shown nor printed) are not read as text (the first in paragraph 2: "[NB: ze aarzelt]")'],
    ]);
  });

  it('hidden by the default paragraph style or a section; shown by a span\'s own style in a paragraph hidden by its style (were read as spoken, or dropped)', async () => {
    // (before: the paragraphs under a hidden default style and in a hidden section were read as
    // spoken text, without a word; the word shown by its span's style in a hidden paragraph was left out)
    const styles =
      '<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Zichtbaar"/>' +
      '<style:style style:name="P2" style:family="paragraph" style:parent-style-name="Notitie"/>' +
      '<style:style style:name="T1" style:family="text"><style:text-properties text:display="true"/></style:style>' +
      // (a text style named as a paragraph style: each family its own)
      '<style:style style:name="Notitie" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>';
    const common =
      '<style:default-style style:family="paragraph"><style:text-properties text:display="none"/></style:default-style>' +
      '<style:style style:name="Zichtbaar" style:family="paragraph"><style:text-properties text:display="true"/></style:style>' +
      '<style:style style:name="Notitie" style:family="paragraph"/>';
    const body =
      '<text:p text:style-name="P1">Interviewer: Hoe bevalt de buurtapp?</text:p>' +
      '<text:p>Instructie zonder stijl.</text:p>' +
      '<text:p text:style-name="P2">Notitie van de stijl, <text:span text:style-name="T1">Respondent: Goed.</text:span></text:p>' +
      '<text:section text:name="S1" text:display="none"><text:p text:style-name="P1">Verborgen sectie.</text:p><text:p text:style-name="P1"><text:span text:style-name="T1">Ook verborgen.</text:span></text:p></text:section>' +
      '<text:section text:name="S2"><text:p text:style-name="P1">Interviewer: Dank u.</text:p></text:section>';
    const said: Diagnostic[] = [];
    const text = await readOdtText(odt(styles, body, common), 'standaard.odt', (x) => said.push(x));
    expect(text).toBe('Interviewer: Hoe bevalt de buurtapp?\n\n\n\nRespondent: Goed.\n\n\n\n\n\nInterviewer: Dank u.');
    expect(said.map((x) => [x.ruleId, x.message])).toEqual([
      ['odt-hidden-text-not-read', '4 passages of hidden text (formatted as hidden: not shown nor printed) are not read as text (the first in paragraph 2: "Instructie zonder stijl.")'],
    ]);
  });

  it('no hidden style: nothing said, everything read', async () => {
    const said: Diagnostic[] = [];
    const text = await readOdtText(odt('<style:style style:name="T2" style:family="text"><style:text-properties text:display="true"/></style:style>', '<text:p>Respondent: <text:span text:style-name="T2">Gewoon</text:span> zichtbaar.</text:p>'), 'x.odt', (x) => said.push(x));
    expect(text).toBe('Respondent: Gewoon zichtbaar.');
    expect(said).toEqual([]);
  });
});
