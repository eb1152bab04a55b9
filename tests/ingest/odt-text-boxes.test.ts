/**
 * A text box (a frame) in a paragraph of an .odt was read into that paragraph with no space around
 * it, its own paragraphs glued to each other too ("beginkaderregel eenkaderregel tweeeind."): the
 * words at the seams were lost to the rules (no keyword matches a glued word). A text box's
 * paragraphs are now paragraphs of their own after the paragraph it stands in, as the .docx reader
 * (mammoth) has them; an image's title is set apart by spaces. Our own invented text.
 */
import { describe, expect, it } from 'vitest';
import { zipSync, strToU8 } from 'fflate';
import { readOdtText } from '../../src/ingest/read-odt.js';

const NS =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"';
const odt = (body: string) =>
  zipSync({
    mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }],
    'content.xml': strToU8(`<?xml version="1.0" encoding="UTF-8"?><office:document-content ${NS}><office:body><office:text>${body}</office:text></office:body></office:document-content>`),
  });

describe('.odt text boxes', () => {
  it('a text box in a paragraph: its paragraphs follow that paragraph, none glued to another word', async () => {
    const text = await readOdtText(
      odt(
        '<text:p>Interviewer: Wat staat er op de poster?</text:p>' +
          '<text:p>Respondent: Dat zie je hier <draw:frame draw:name="Kader1"><draw:text-box><text:p>Samen sterk</text:p><text:p>in de wijk</text:p></draw:text-box></draw:frame>op de muur.</text:p>' +
          '<text:p>Interviewer: Mooi.</text:p>',
      ),
      'poster.odt',
    );
    expect(text).toBe('Interviewer: Wat staat er op de poster?\n\nRespondent: Dat zie je hier op de muur.\n\nSamen sterk\n\nin de wijk\n\nInterviewer: Mooi.');
  });

  it('an image\'s title stands apart from the words around it', async () => {
    const text = await readOdtText(
      odt('<text:p>Respondent: Kijk<draw:frame draw:name="Foto"><draw:image/><svg:title>foto van het plein</svg:title></draw:frame>daar.</text:p>'),
      'foto.odt',
    );
    expect(text.split(/\s+/)).toEqual(['Respondent:', 'Kijk', 'foto', 'van', 'het', 'plein', 'daar.']);
  });
});
