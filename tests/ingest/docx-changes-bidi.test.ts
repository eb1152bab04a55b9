/**
 * What a .docx's tracked changes and bidirectional runs did without a word:
 * - a passage moved with Track Changes on (`w:moveFrom` … `w:moveTo`) is read at its new place
 *   only (mammoth leaves the old place out), as if accepted, and was not said;
 * - a deleted paragraph end (`w:del` in the paragraph mark's properties) joins its paragraph to
 *   the next, as if accepted, and was not said; read as an open tag, it also gave the first
 *   deletion's words another paragraph's place;
 * - the runs of a bidirectional embedding or override (`w:dir`, `w:bdo`: right-to-left words)
 *   were left out by mammoth, words and all (said only as "elements not read").
 * - an empty content control's placeholder text (`Klik of tik om tekst in te voeren.`, shown in
 *   grey by Word) was read as the speaker's words, without a word.
 * Now the moves and joined paragraphs are said with the tracked changes, the runs are read, and a
 * placeholder is left out and said.
 * Our own invented text.
 */
import { describe, expect, it } from 'vitest';
import { readDocxText } from '../../src/ingest/read-docx.js';
import type { Diagnostic } from '../../src/model/types.js';
import { rawDocx } from '../helpers/raw-docx.js';

const run = (t: string) => `<w:r><w:t xml:space="preserve">${t}</w:t></w:r>`;
const P = (...r: string[]) => `<w:p>${r.join('')}</w:p>`;
const W = 'w:id="1" w:author="a" w:date="2026-01-01T00:00:00Z"';

async function read(bytes: Uint8Array) {
  const said: Diagnostic[] = [];
  const text = await readDocxText(bytes, 'x.docx', (d) => said.push(d));
  return { text, said: said.map((d) => [d.ruleId, d.message]) };
}

describe('.docx tracked moves, deleted paragraph ends, bidirectional runs', () => {
  it('a move is read at its new place and said with the first and where it came from', async () => {
    const r = await read(
      rawDocx(
        P(run('Interviewer: Hoe gaat het?')) +
          P(run('Respondent: Goed. '), `<w:moveFrom ${W}>${run('Verplaatste zin.')}</w:moveFrom>`) +
          P(run('Interviewer: En verder?')) +
          P(run('Respondent: Niets. '), `<w:moveTo ${W}>${run('Verplaatste zin.')}</w:moveTo>`),
      ),
    );
    expect(r.text).toBe('Interviewer: Hoe gaat het?\n\nRespondent: Goed. \n\nInterviewer: En verder?\n\nRespondent: Niets. Verplaatste zin.');
    expect(r.said).toEqual([
      [
        'docx-tracked-changes',
        'this document has tracked changes that are not accepted or rejected; it is read as if all were accepted: 0 deletions left out, 0 insertions read, 1 passage moved read at its new place only (the first: "Verplaatste zin.", moved from paragraph 2 ("Respondent: Goed. Verplaatste zin."))',
      ],
    ]);
  });

  it('a deleted paragraph end is said; the first deletion keeps its own place', async () => {
    const r = await read(
      rawDocx(
        P(run('Interviewer: Hoe gaat het?')) +
          `<w:p><w:pPr><w:rPr><w:del ${W}/></w:rPr></w:pPr>${run('Respondent: Eerste helft')}</w:p>` +
          P(run(' tweede helft.')) +
          P(run('Interviewer: '), `<w:del ${W}><w:r><w:delText>Weg</w:delText></w:r></w:del>`, run('klaar?')),
      ),
    );
    expect(r.text).toBe('Interviewer: Hoe gaat het?\n\nRespondent: Eerste helft tweede helft.\n\nInterviewer: klaar?');
    // (before: not said at all without the deletion; with it, "Weg" was placed in paragraph 2)
    expect(r.said).toEqual([
      [
        'docx-tracked-changes',
        'this document has tracked changes that are not accepted or rejected; it is read as if all were accepted: 1 deletion left out (the first: "Weg", in paragraph 4 ("Interviewer: klaar?")), 0 insertions read, 1 deleted paragraph end read as one paragraph with the next',
      ],
    ]);
    const only = await read(rawDocx(`<w:p><w:pPr><w:rPr><w:del ${W}/></w:rPr></w:pPr>${run('Respondent: Eerste helft')}</w:p>` + P(run(' tweede helft.'))));
    expect(only.said.map((x) => x[0])).toEqual(['docx-tracked-changes']);
  });

  it('an empty content control\'s placeholder is left out and said; a filled one is read', async () => {
    const r = await read(
      rawDocx(
        P(run('Interviewer: Hoe gaat het?')) +
          P(run('Respondent: '), `<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>${run('Klik of tik om tekst in te voeren.')}</w:sdtContent></w:sdt>`) +
          P(run('Interviewer: En?')) +
          P(run('Respondent: '), `<w:sdt><w:sdtPr><w:alias w:val="antwoord"/></w:sdtPr><w:sdtContent>${run('Goed.')}</w:sdtContent></w:sdt>`),
      ),
    );
    expect(r.text).toBe('Interviewer: Hoe gaat het?\n\nRespondent: \n\nInterviewer: En?\n\nRespondent: Goed.');
    expect(r.said).toEqual([
      ['docx-placeholder-text-not-read', '1 content control shows its placeholder text (left empty), not read as text (the first: "Klik of tik om tekst in te voeren.", in paragraph 2 ("Respondent:"))'],
    ]);
  });

  it('the runs of w:dir and w:bdo are read', async () => {
    const r = await read(rawDocx(P(run('Interviewer: Hoe heet '), `<w:dir w:val="rtl">${run('مرحبا')}</w:dir>`, `<w:bdo w:val="rtl">${run(' שלום')}</w:bdo>`, run(' in uw taal?')) + P(run('Respondent: Zo.'))));
    expect(r.text).toBe('Interviewer: Hoe heet مرحبا שלום in uw taal?\n\nRespondent: Zo.');
    expect(r.said).toEqual([]);
  });
});
