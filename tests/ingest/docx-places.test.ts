/**
 * Warnings of the .docx reader (notes, comments, tracked changes, text boxes, elements mammoth
 * passes over) named the file but not the place. They now name the paragraph of the body (counted
 * as Word has them: empty ones and those in tables too) and its first words, to find it in Word.
 * Headers and footers belong to no paragraph: said without one.
 */
import { describe, expect, it } from 'vitest';
import { readDocxText } from '../../src/ingest/read-docx.js';
import type { Diagnostic } from '../../src/model/types.js';

async function build(): Promise<Uint8Array> {
  const d = await import('docx');
  const cell = (t: string) => new d.TableCell({ children: [new d.Paragraph(t)] });
  const doc = new d.Document({
    comments: { children: [{ id: 3, author: 'Coder', date: new Date(0), children: [new d.Paragraph('hier twijfel ik over')] }] },
    footnotes: { 7: { children: [new d.Paragraph('Ze bedoelt de wijkcoach.')] } },
    sections: [
      {
        headers: { default: new d.Header({ children: [new d.Paragraph('Gesprek 12, vertrouwelijk')] }) },
        children: [
          new d.Paragraph('Interviewer: Met wie werkt u het meest samen?'), // 1
          new d.Paragraph(''), // 2 (empty)
          new d.Table({ rows: [new d.TableRow({ children: [cell('Naam'), cell('Rol')] })] }), // 3, 4
          new d.Paragraph({ children: [new d.TextRun('Yara: Vooral met haar'), new d.FootnoteReferenceRun(7), new d.TextRun(', elke dag.')] }), // 5
          new d.Paragraph({ children: [new d.DeletedTextRun({ text: 'Yara: Dit zei ik niet.', id: 1, author: 'x', date: '2020-01-01T00:00:00Z' })] }), // 6 (no text shown)
          new d.Paragraph({ children: [new d.TextRun('Interviewer: En de gemeente? '), new d.CommentRangeStart(3), new d.TextRun('Hoe gaat dat?'), new d.CommentRangeEnd(3), new d.TextRun({ children: [new d.CommentReference(3)] })] }), // 7
        ],
      },
    ],
  });
  return new Uint8Array(await d.Packer.toBuffer(doc));
}

describe('.docx warnings name the paragraph', () => {
  it('notes, comments and tracked changes: the paragraph number (empty ones and table cells counted) and its first words; a header: no place', async () => {
    const diags: Diagnostic[] = [];
    const text = await readDocxText(await build(), 'gesprek.docx', (x) => diags.push(x));
    expect(text).toContain('Yara: Vooral met haar, elke dag.');
    const msg = (rule: string) => diags.find((x) => x.ruleId === rule)?.message;
    expect(msg('docx-notes-not-read')).toBe('1 footnote is not read as text (the first: "Ze bedoelt de wijkcoach.", its mark in paragraph 5 ("Yara: Vooral met haar, elke dag."))');
    expect(msg('docx-comments-not-read')).toBe('1 comment is not read as text (the first: "hier twijfel ik over", on paragraph 7 ("Interviewer: En de gemeente? Hoe gaat dat?"))');
    // a paragraph whose only words are deleted shows no text: the paragraph before it is named
    expect(msg('docx-tracked-changes')).toBe(
      'this document has tracked changes that are not accepted or rejected; it is read as if all were accepted: 1 deletion left out (the first: "Yara: Dit zei ik niet.", in paragraph 6 (no text shown; after paragraph 5, "Yara: Vooral met haar, elke dag.")), 0 insertions read',
    );
    expect(msg('docx-headers-not-read')).toBe('1 header/footer text is not read as text: "Gesprek 12, vertrouwelijk"');
    for (const x of diags) expect(x.file).toBe('gesprek.docx');
  });
});
