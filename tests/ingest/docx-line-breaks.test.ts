/**
 * A line break inside a Word paragraph (Shift+Enter, `w:br`) was read as nothing: mammoth's raw
 * text leaves breaks out. The words on both sides were glued together ("gaat het?Respondent:")
 * and the turns a transcriber typed on lines of one paragraph were read as one turn, the
 * respondent's answers inside the interviewer's turn (and no respondent turn coded). A break is
 * now a line end: each label starts its turn, and no word is glued to another. Our own invented text.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import { readDocxText } from '../../src/ingest/read-docx.js';
import type { Diagnostic } from '../../src/model/types.js';

async function build(): Promise<Uint8Array> {
  const d = await import('docx');
  const doc = new d.Document({
    sections: [
      {
        children: [
          // one paragraph, four turns on lines of their own (Shift+Enter between them)
          new d.Paragraph({
            children: [
              new d.TextRun('Interviewer: Hoe gaat het met de buurtapp?'),
              new d.TextRun({ text: 'Respondent: Wisselend, de oudere bewoners haken af.', break: 1 }),
              new d.TextRun({ text: 'Interviewer: Waarom denk je dat?', break: 1 }),
              new d.TextRun({ text: 'Respondent: Te veel meldingen.', break: 1 }),
            ],
          }),
          // a break between two words of one sentence, and a page break between two turns
          new d.Paragraph({ children: [new d.TextRun('Interviewer: En de'), new d.TextRun({ text: 'wijkagent?', break: 1 })] }),
          new d.Paragraph({ children: [new d.TextRun('Respondent: Die komt langs.'), new d.PageBreak(), new d.TextRun('Interviewer: Dank je.')] }),
        ],
      },
    ],
  });
  return new Uint8Array(await d.Packer.toBuffer(doc));
}

describe('.docx line breaks inside a paragraph', () => {
  it('a break is a line end: no words glued together', async () => {
    const text = await readDocxText(await build(), 'gesprek.docx');
    expect(text).toBe(
      'Interviewer: Hoe gaat het met de buurtapp?\nRespondent: Wisselend, de oudere bewoners haken af.\nInterviewer: Waarom denk je dat?\nRespondent: Te veel meldingen.' +
        '\n\nInterviewer: En de\nwijkagent?\n\nRespondent: Die komt langs.\nInterviewer: Dank je.',
    );
  });

  it('each label after a break starts its own turn, with its speaker and role; the file is left as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-docx-br-'));
    const bytes = await build();
    writeFileSync(join(dir, 'gesprek.docx'), bytes);
    const seen: Diagnostic[] = [];
    const { corpus } = await readCorpus(['gesprek.docx'], { cwd: dir, unit: 'turn', report: (x) => seen.push(x) });
    expect(corpus.segments.map((s) => [s.speaker, s.role, s.text])).toEqual([
      ['Interviewer', 'interviewer', 'Hoe gaat het met de buurtapp?'],
      ['Respondent', 'respondent', 'Wisselend, de oudere bewoners haken af.'],
      ['Interviewer', 'interviewer', 'Waarom denk je dat?'],
      ['Respondent', 'respondent', 'Te veel meldingen.'],
      ['Interviewer', 'interviewer', 'En de\nwijkagent?'],
      ['Respondent', 'respondent', 'Die komt langs.'],
      ['Interviewer', 'interviewer', 'Dank je.'],
    ]);
    expect(seen.filter((x) => x.severity !== 'info')).toEqual([]);
    expect(new Uint8Array(readFileSync(join(dir, 'gesprek.docx')))).toEqual(bytes);
  });
});
