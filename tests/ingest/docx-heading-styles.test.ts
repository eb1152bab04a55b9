/**
 * A heading of a .docx in a style of the document's own (`Thema`, based on Heading 2; `Deel`, with
 * an outline level as Word's Paragraph dialog gives it) after a turn was read as the words of the
 * speaker before it without a word: only Word's own heading styles (`Heading 2`, `Kop 2`) were
 * known. Such a style is a heading now, as Word's navigation pane shows it: the heading ends the
 * turn and is said (`heading-ends-turn`); a style of the document's own that is no heading
 * (`Nadruk`, based on Normal) is text as before. Our own invented text.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import { readDocxText } from '../../src/ingest/read-docx.js';
import type { Diagnostic } from '../../src/model/types.js';

async function styledDocx(): Promise<Uint8Array> {
  const d = await import('docx');
  const p = (text: string, style?: string) => new d.Paragraph({ children: [new d.TextRun(text)], ...(style ? { style } : {}) });
  const doc = new d.Document({
    styles: {
      paragraphStyles: [
        { id: 'Thema', name: 'Thema', basedOn: 'Heading2', next: 'Normal', run: { bold: true } },
        { id: 'Deel', name: 'Deel', basedOn: 'Normal', paragraph: { outlineLevel: 0 } },
        { id: 'Nadruk', name: 'Nadruk', basedOn: 'Normal', run: { italics: true } },
        { id: 'Inhoudskop', name: 'Inhoudskop', basedOn: 'Heading1', paragraph: { outlineLevel: 9 } },
      ],
    },
    sections: [
      {
        children: [
          p('Interviewer: Hoe loopt het contact met de huisarts?'),
          p('Respondent: Moeizaam, we missen elkaar steeds.'),
          p('Samenwerking', 'Thema'),
          p('Interviewer: En met de school?'),
          p('Respondent: Beter, daar is één aanspreekpunt.'),
          p('Afronding', 'Deel'),
          p('Interviewer: Bedankt voor je tijd.'),
          p('Respondent: Graag gedaan.'),
          p('Dat meen ik echt.', 'Nadruk'),
          p('Nog iets.', 'Inhoudskop'),
        ],
      },
    ],
  });
  return new Uint8Array(await d.Packer.toBuffer(doc));
}

describe('a .docx heading in a style of the document\'s own', () => {
  it('based on a heading style or with an outline level: ends the turn, said; other styles are text', async () => {
    const bytes = await styledDocx();
    const dir = mkdtempSync(join(tmpdir(), 'qda-heading-styles-'));
    writeFileSync(join(dir, 'stijlen.docx'), bytes);
    const seen: Diagnostic[] = [];
    const { corpus } = await readCorpus(['stijlen.docx'], { cwd: dir, unit: 'turn', report: (x) => seen.push(x) });
    expect(corpus.segments.map((s) => [s.speaker, s.text])).toEqual([
      ['Interviewer', 'Hoe loopt het contact met de huisarts?'],
      ['Respondent', 'Moeizaam, we missen elkaar steeds.'],
      [null, 'Samenwerking'],
      ['Interviewer', 'En met de school?'],
      ['Respondent', 'Beter, daar is één aanspreekpunt.'],
      [null, 'Afronding'],
      ['Interviewer', 'Bedankt voor je tijd.'],
      ['Respondent', 'Graag gedaan.\n\nDat meen ik echt.\n\nNog iets.'],
    ]);
    const said = seen.filter((x) => x.ruleId === 'heading-ends-turn');
    expect(said.map((x) => [x.line, x.message.slice(0, 60)])).toEqual([[5, '2 headings of the document (a paragraph in a heading style) ']]);
    // (the text and its offsets as before)
    expect(corpus.sources[0].text).toBe(await readDocxText(bytes, 'stijlen.docx'));
  });
});
