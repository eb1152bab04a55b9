/**
 * Headings that are headings by their outline level, not by a heading style's name (found by
 * huntdoc, session 23). Before, each was read as the words of the speaker before it, without a word:
 * - a .docx paragraph with its own outline level (`w:outlineLvl` in its `w:pPr`, Word's Paragraph
 *   dialog → Outline level: Level 2), in the Normal style: Word shows it in its navigation pane;
 * - an .odt `text:p` (not `text:h`) in a heading style (an automatic style based on Heading 1, a
 *   style with `style:default-outline-level`, or Heading 2 itself), as other programs write one.
 * Now each ends the turn before it and is text without a speaker, said (`heading-ends-turn`); the
 * text read and its offsets are as before. Level 9 (body text) and a style whose outline level is
 * empty (body text) stay the speaker's words. Our own invented text.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { strToU8, zipSync } from 'fflate';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import { readDocxText } from '../../src/ingest/read-docx.js';
import { readOdtText } from '../../src/ingest/read-odt.js';
import type { Diagnostic } from '../../src/model/types.js';

async function read(name: string, bytes: Uint8Array) {
  const dir = mkdtempSync(join(tmpdir(), 'qda-outline-'));
  writeFileSync(join(dir, name), bytes);
  const seen: Diagnostic[] = [];
  const { corpus } = await readCorpus([name], { cwd: dir, unit: 'turn', report: (x) => seen.push(x) });
  return { corpus, seen, rows: corpus.segments.map((s) => [s.speaker, s.text, s.line]) };
}

const NS =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"';
const odt = (auto: string, body: string, styles: string) =>
  zipSync({
    mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }],
    'content.xml': strToU8(`<?xml version="1.0" encoding="UTF-8"?><office:document-content ${NS}><office:automatic-styles>${auto}</office:automatic-styles><office:body><office:text>${body}</office:text></office:body></office:document-content>`),
    'styles.xml': strToU8(`<?xml version="1.0" encoding="UTF-8"?><office:document-styles ${NS}><office:styles>${styles}</office:styles></office:document-styles>`),
  });

describe('a heading by its outline level', () => {
  it('.docx: a paragraph with its own outline level (no heading style) ends the turn, said; level 9 is text', async () => {
    const d = await import('docx');
    const p = (text: string, more: Record<string, unknown> = {}) => new d.Paragraph({ children: [new d.TextRun(text)], ...more });
    const doc = new d.Document({
      sections: [
        {
          children: [
            p('Interviewer: Hoe bent u bij de voedselbank gekomen?'),
            p('Respondent: Via de wijkverpleging, twee jaar terug.'),
            p('Deel 2: vrijwilligers', { outlineLevel: 1 }),
            p('Interviewer: Wie doet het uitdelen?'),
            p('Respondent: Vooral gepensioneerden.'),
            p('En een paar studenten.', { outlineLevel: 9 }),
          ],
        },
      ],
    });
    const bytes = new Uint8Array(await d.Packer.toBuffer(doc));
    const { corpus, seen, rows } = await read('voedselbank.docx', bytes);
    expect(rows).toEqual([
      ['Interviewer', 'Hoe bent u bij de voedselbank gekomen?', 1],
      ['Respondent', 'Via de wijkverpleging, twee jaar terug.', 3],
      [null, 'Deel 2: vrijwilligers', 5],
      ['Interviewer', 'Wie doet het uitdelen?', 7],
      ['Respondent', 'Vooral gepensioneerden.\n\nEn een paar studenten.', 9],
    ]);
    expect(seen.filter((x) => x.ruleId === 'heading-ends-turn').map((x) => x.line)).toEqual([5]);
    // (no other warning: the style id given to the paragraph for mammoth is not said as missing)
    expect(seen.filter((x) => x.severity !== 'info').map((x) => x.ruleId)).toEqual([]);
    expect(corpus.sources[0].text).toBe(await readDocxText(bytes, 'voedselbank.docx'));
  });

  it('.odt: a text:p in a heading style (based on Heading 1, with an outline level, or Heading 2) ends the turn, said', async () => {
    const auto =
      '<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Heading_20_1"/>' +
      '<style:style style:name="P2" style:family="paragraph" style:parent-style-name="Heading_20_1" style:default-outline-level=""/>';
    const styles =
      '<style:style style:name="Heading" style:family="paragraph"/>' +
      '<style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" style:parent-style-name="Heading" style:default-outline-level="1"/>' +
      '<style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph" style:parent-style-name="Heading" style:default-outline-level="2"/>' +
      '<style:style style:name="Vraag" style:family="paragraph" style:default-outline-level="3"/>';
    const body =
      '<text:p>Interviewer: Hoe bent u bij de voedselbank gekomen?</text:p>' +
      '<text:p>Respondent: Via de wijkverpleging.</text:p>' +
      '<text:p text:style-name="P1">Deel 2</text:p>' +
      '<text:p>Interviewer: Wie doet het uitdelen?</text:p>' +
      '<text:p>Respondent: Vooral gepensioneerden.</text:p>' +
      '<text:p text:style-name="Heading_20_2">Deel 3</text:p>' +
      '<text:p>Interviewer: En de kosten?</text:p>' +
      '<text:p>Respondent: Giften, vooral.</text:p>' +
      '<text:p text:style-name="Vraag">Slotvraag</text:p>' +
      '<text:p>Interviewer: Nog iets?</text:p>' +
      '<text:p>Respondent: Nee.</text:p>' +
      '<text:p text:style-name="P2">Dat was het.</text:p>';
    const bytes = odt(auto, body, styles);
    const { corpus, seen, rows } = await read('voedselbank.odt', bytes);
    expect(rows.map((r) => [r[0], r[1]])).toEqual([
      ['Interviewer', 'Hoe bent u bij de voedselbank gekomen?'],
      ['Respondent', 'Via de wijkverpleging.'],
      [null, 'Deel 2'],
      ['Interviewer', 'Wie doet het uitdelen?'],
      ['Respondent', 'Vooral gepensioneerden.'],
      [null, 'Deel 3'],
      ['Interviewer', 'En de kosten?'],
      ['Respondent', 'Giften, vooral.'],
      [null, 'Slotvraag'],
      ['Interviewer', 'Nog iets?'],
      ['Respondent', 'Nee.\n\nDat was het.'],
    ]);
    const h = seen.filter((x) => x.ruleId === 'heading-ends-turn');
    expect(h.map((x) => [x.line, x.message.slice(0, 36)])).toEqual([[5, '3 headings of the document (a paragr']]);
    expect(corpus.sources[0].text).toBe(await readOdtText(bytes, 'voedselbank.odt'));
  });
});
