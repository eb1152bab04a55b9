/**
 * Check boxes in a .docx (found by huntdoc, session 23): a content control's check box
 * (`w14:checkbox`, Developer → Check Box Content Control; its character ☒ or ☐ in the control)
 * and a legacy check box form field (FORMCHECKBOX, which has no character: Word draws the box)
 * were left out of the text without a word: mammoth gives each as an element of its own, which
 * its raw text drops, character and all, so a ticked `☒ Ja ☐ Nee` read as ` Ja  Nee`, the answer
 * lost. Now each is read as Word shows it, ☒ (ticked) or ☐, and said with the counts and the first's
 * paragraph (`docx-check-boxes-read`). A legacy drop-down form field (FORMDROPDOWN) has no text of
 * its own either (Word shows the entry chosen, `w:result`, else the default, else the first): it
 * was dropped, the answer lost; now read as that entry, and said (`docx-drop-downs-read`); a
 * drop-down content control (its entry as text in the control) reads as before. Our own invented text.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCorpus } from '../../src/ingest/read-corpus.js';
import { readDocxText } from '../../src/ingest/read-docx.js';
import type { Diagnostic } from '../../src/model/types.js';
import { rawDocx } from '../helpers/raw-docx.js';

const run = (t: string) => `<w:r><w:t xml:space="preserve">${t}</w:t></w:r>`;
const W14 = 'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"';
/** A check box content control as Word 2010 and later write it, showing ☒ or ☐. */
const control = (ticked: boolean) =>
  `<w:sdt><w:sdtPr><w14:checkbox ${W14}><w14:checked w14:val="${ticked ? 1 : 0}"/><w14:checkedState w14:val="2612" w14:font="MS Gothic"/><w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/></w14:checkbox></w:sdtPr><w:sdtContent><w:r><w:t>${ticked ? '☒' : '☐'}</w:t></w:r></w:sdtContent></w:sdt>`;
/** A legacy check box form field (no character of its own). */
const field = (ticked: boolean) =>
  `<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Check1"/><w:enabled/><w:calcOnExit w:val="0"/><w:checkBox><w:sizeAuto/><w:default w:val="0"/>${ticked ? '<w:checked/>' : ''}</w:checkBox></w:ffData></w:fldChar></w:r><w:r><w:instrText xml:space="preserve"> FORMCHECKBOX </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>`;

const body =
  `<w:p>${run('Interviewer: Heeft u het formulier ingevuld?')}</w:p>` +
  `<w:p>${run('Respondent: Toestemming opname: ')}${control(true)}${run(' Ja ')}${control(false)}${run(' Nee')}</w:p>` +
  `<w:p>${run('Interviewer: En de nazending?')}</w:p>` +
  `<w:p>${run('Respondent: ')}${field(false)}${run(' per post ')}${field(true)}${run(' per mail')}</w:p>`;

describe('.docx check boxes', () => {
  it('are read as Word shows them (☒ ticked, ☐ not), and said with their counts and place', async () => {
    const bytes = rawDocx(body);
    expect(await readDocxText(bytes, 'x.docx')).toBe(
      'Interviewer: Heeft u het formulier ingevuld?\n\nRespondent: Toestemming opname: ☒ Ja ☐ Nee\n\nInterviewer: En de nazending?\n\nRespondent: ☐ per post ☒ per mail',
    );
    const dir = mkdtempSync(join(tmpdir(), 'qda-check-boxes-'));
    writeFileSync(join(dir, 'formulier.docx'), bytes);
    const said: Diagnostic[] = [];
    const { corpus } = await readCorpus(['formulier.docx'], { cwd: dir, unit: 'turn', report: (x) => said.push(x) });
    expect(corpus.segments.map((s) => [s.speaker, s.text])).toEqual([
      ['Interviewer', 'Heeft u het formulier ingevuld?'],
      ['Respondent', 'Toestemming opname: ☒ Ja ☐ Nee'],
      ['Interviewer', 'En de nazending?'],
      ['Respondent', '☐ per post ☒ per mail'],
    ]);
    const boxes = said.filter((x) => x.ruleId === 'docx-check-boxes-read');
    expect(boxes.map((x) => [x.severity, x.message])).toEqual([
      ['info', '4 check boxes are read as Word shows them: 2 ticked (☒), 2 not ticked (☐), the first in paragraph 2 ("Respondent: Toestemming opname: ☒ Ja ☐ Nee")'],
    ]);
    expect(said.filter((x) => x.severity !== 'info')).toEqual([]);
  });

  it('a drop-down form field is read as the entry it shows, and said', async () => {
    const dd = (entries: string[], result?: number, def?: number) =>
      `<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Keuze"/><w:enabled/><w:ddList>${result !== undefined ? `<w:result w:val="${result}"/>` : ''}${def !== undefined ? `<w:default w:val="${def}"/>` : ''}${entries.map((e) => `<w:listEntry w:val="${e}"/>`).join('')}</w:ddList></w:ffData></w:fldChar></w:r><w:r><w:instrText xml:space="preserve"> FORMDROPDOWN </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>`;
    const control = `<w:sdt><w:sdtPr><w:dropDownList><w:listItem w:displayText="Wekelijks" w:value="2"/></w:dropDownList></w:sdtPr><w:sdtContent>${run('Wekelijks')}</w:sdtContent></w:sdt>`;
    const bytes = rawDocx(
      `<w:p>${run('Interviewer: Hoe vaak komt u bij het buurthuis?')}</w:p>` +
        `<w:p>${run('Respondent: ')}${dd(['Nooit', 'Soms', 'Vaak'], 2)}${run(', en de markt ')}${dd(['Nooit', 'Soms &amp; graag'], undefined, 1)}${run(', de bieb ')}${dd(['Nooit', 'Soms'])}${run(', het café ')}${control}${run('.')}</w:p>`,
    );
    expect(await readDocxText(bytes, 'x.docx')).toBe('Interviewer: Hoe vaak komt u bij het buurthuis?\n\nRespondent: Vaak, en de markt Soms & graag, de bieb Nooit, het café Wekelijks.');
    const said: Diagnostic[] = [];
    await readDocxText(bytes, 'keuze.docx', (x) => said.push(x));
    expect(said.map((x) => [x.ruleId, x.severity, x.message])).toEqual([
      ['docx-drop-downs-read', 'info', '3 drop-down form fields are read as the entry they show (the first: "Vaak", in paragraph 2 ("Respondent: Vaak, en de markt Soms & graag, de bieb Nooit, h…"))'],
    ]);
  });
});
