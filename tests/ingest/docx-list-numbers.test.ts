/**
 * The numbers of a numbered list in a .docx (Word's numbering, `w:numPr`) are not in the text
 * mammoth gives: a transcript whose questions are a numbered list lost `1.`, `2.` without a word,
 * and with them what identifies a question of the questionnaire. They are now said, with the count
 * and the first number and its paragraph (bullets are not numbers: not said). Our own invented text.
 */
import { describe, expect, it } from 'vitest';
import { readDocxText } from '../../src/ingest/read-docx.js';
import type { Diagnostic } from '../../src/model/types.js';
import { para, rawDocx } from '../helpers/raw-docx.js';

const NUMBERING =
  '<w:abstractNum w:abstractNumId="4"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1%2)"/></w:lvl></w:abstractNum>' +
  '<w:abstractNum w:abstractNumId="7"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="o"/></w:lvl></w:abstractNum>' +
  '<w:num w:numId="1"><w:abstractNumId w:val="4"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="7"/></w:num>';
const item = (text: string, numId: number, ilvl = 0) => `<w:p><w:pPr><w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="${ilvl}"/><w:numId w:val="${numId}"/></w:numPr></w:pPr><w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;

describe('.docx numbered lists', () => {
  it('the numbers are not in the text; said once with the count, the first number and its paragraph; bullets not counted', async () => {
    const body =
      para('Vragenlijst buurtapp') +
      item('Interviewer: Hoe vaak gebruikt u de app?', 1) +
      para('Respondent: Elke dag wel.') +
      item('Interviewer: Wat vindt u van de meldingen?', 1) +
      item('Interviewer: En die van de gemeente?', 1, 1) +
      para('Respondent: Te veel.') +
      item('Respondent: een punt van een opsomming', 2);
    const said: Diagnostic[] = [];
    const text = await readDocxText(rawDocx(body, NUMBERING), 'vragen.docx', (x) => said.push(x));
    expect(text).toContain('\n\nInterviewer: Hoe vaak gebruikt u de app?\n\n');
    expect(said.map((x) => [x.ruleId, x.file, x.message, x.hint])).toEqual([
      [
        'docx-list-numbers-not-read',
        'vragen.docx',
        '3 paragraphs are numbered by a numbered list (Word\'s numbering, not typed), and their numbers are not part of the text read (the first: "1.", before paragraph 2 ("Interviewer: Hoe vaak gebruikt u de app?")): a question\'s number in a numbered list of questions is not in its turn',
        'if the numbers identify the questions, make them text: in Word select the list, copy it, and paste it in its place as text only (Paste Special → Unformatted text), then save the file again',
      ],
    ]);
  });

  it('a list of bullets only, numId 0 (numbering taken off) and a tracked change\'s old numbering: nothing said', async () => {
    const body =
      item('Respondent: een punt', 2) +
      item('Respondent: nog een punt', 0) +
      `<w:p><w:pPr><w:pPrChange w:id="1" w:author="x"><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr></w:pPrChange></w:pPr><w:r><w:t>Interviewer: Vroeger genummerd.</w:t></w:r></w:p>`;
    const said: Diagnostic[] = [];
    await readDocxText(rawDocx(body, NUMBERING), 'punten.docx', (x) => said.push(x));
    expect(said).toEqual([]);
  });
});
