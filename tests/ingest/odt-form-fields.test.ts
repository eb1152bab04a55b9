/**
 * Form fields in an .odt (found by huntdoc, session 23): a check box or drop-down form field as
 * LibreOffice writes one (`field:fieldmark` of type FORMCHECKBOX or FORMDROPDOWN: Word's legacy form
 * fields, LibreOffice's Form → Legacy fields) holds no text, its state in its parameters; it was
 * dropped without a word, so a ticked box and a chosen entry were lost. Now a check box is read as
 * ☒ (ticked) or ☐, a drop-down as the entry it shows, and both are said (`odt-form-fields-read`).
 * A check box content control (its character as text) reads as before. A placeholder
 * (`text:placeholder`, `<Naam respondent>`: a template's prompt, shown until typed over) was read
 * as the speaker's words; now it is left out and said (`odt-placeholder-text-not-read`), as a
 * .docx's empty content control is. Our own invented text.
 */
import { describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { readOdtText } from '../../src/ingest/read-odt.js';
import type { Diagnostic } from '../../src/model/types.js';

const NS =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:field="urn:openoffice:names:experimental:ooo-ms-interop:xmlns:field:1.0" xmlns:loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"';
const odt = (body: string) =>
  zipSync({
    mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }],
    'content.xml': strToU8(`<?xml version="1.0" encoding="UTF-8"?><office:document-content ${NS}><office:body><office:text>${body}</office:text></office:body></office:document-content>`),
  });
const box = (ticked: boolean) =>
  `<field:fieldmark text:name="__Fieldmark__1" field:type="vnd.oasis.opendocument.field.FORMCHECKBOX">${ticked ? '<field:param field:name="Checkbox_Checked" field:value="true"/>' : ''}</field:fieldmark>`;
const dropDown = (entries: string[], selected?: number) =>
  `<field:fieldmark text:name="__Fieldmark__2" field:type="vnd.oasis.opendocument.field.FORMDROPDOWN">${entries.map((e) => `<field:param field:name="Dropdown_ListEntry" field:value="${e}"/>`).join('')}${selected !== undefined ? `<field:param field:name="Dropdown_Selected" field:value="${selected}"/>` : ''}</field:fieldmark>`;

describe('.odt form fields', () => {
  it('a check box is read as ☒ or ☐, a drop-down as the entry it shows, and said', async () => {
    const body =
      '<text:p>Interviewer: Mag ik het gesprek opnemen?</text:p>' +
      `<text:p>Respondent: ${box(true)} Ja ${box(false)} Nee, en ik kom ${dropDown(['nooit', 'soms', 'vaak'], 2)} in het buurthuis, de bieb ${dropDown(['nooit', 'soms'])}, ` +
      '<loext:content-control loext:checkbox="true" loext:checked="true" loext:checked-state="☒" loext:unchecked-state="☐">☒</loext:content-control> klaar.</text:p>';
    const said: Diagnostic[] = [];
    expect(await readOdtText(odt(body), 'opname.odt', (x) => said.push(x))).toBe(
      'Interviewer: Mag ik het gesprek opnemen?\n\nRespondent: ☒ Ja ☐ Nee, en ik kom vaak in het buurthuis, de bieb nooit, ☒ klaar.',
    );
    expect(said.map((x) => [x.ruleId, x.severity, x.message])).toEqual([
      [
        'odt-form-fields-read',
        'info',
        '4 form fields are read as they show: 2 check boxes (1 ticked, read as ☒; 1 not, read as ☐) and 2 drop-downs (read as the entry they show, the first "vaak"); the first in paragraph 2',
      ],
    ]);
  });

  it('a placeholder is left out and said', async () => {
    const body =
      '<text:p>Interviewer: U bent <text:placeholder text:placeholder-type="text">&lt;leeftijd&gt;</text:placeholder> jaar?</text:p>' +
      '<text:p>Respondent: Ja, <text:placeholder text:placeholder-type="text">&lt;antwoord&gt;</text:placeholder></text:p>';
    const said: Diagnostic[] = [];
    expect(await readOdtText(odt(body), 'sjabloon.odt', (x) => said.push(x))).toBe('Interviewer: U bent  jaar?\n\nRespondent: Ja, ');
    expect(said.map((x) => [x.ruleId, x.message])).toEqual([
      ['odt-placeholder-text-not-read', '2 placeholders (a template\'s prompt, shown until typed over) are not read as text (the first in paragraph 1: "<leeftijd>")'],
    ]);
  });
});
