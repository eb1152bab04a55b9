/**
 * Hostile subtitle files and REFI-QDA codebooks: no word moves to another speaker, no text between
 * a `<` and a `>` that is not a tag disappears, a lone word after a blank line inside a cue is
 * kept, an imported .qdc never renames or leaves out a code or a set without a word, and the
 * footnotes and comments of an .odt that are not read are said.
 * All content is invented.
 */
import { describe, expect, it } from 'vitest';
import { parseSubtitles, subtitlesToTranscript, type SubtitleWarning } from '../../src/ingest/parse-subtitles.js';
import { parseQdc } from '../../src/codebook/parse-qdc.js';

describe('subtitles', () => {
  it('a cue with two voices: each voice keeps its own words (before: "Nee hoor." was Anna\'s)', () => {
    const cues = parseSubtitles('WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Anna>Ja, dat klopt.</v>\n<v Bram>Nee hoor.</v> <v Anna>Toch wel.</v>\n');
    expect(cues.map((c) => [c.speaker, c.text, c.start])).toEqual([
      ['Anna', 'Ja, dat klopt.', 1],
      ['Bram', 'Nee hoor.', 1],
      ['Anna', 'Toch wel.', 1],
    ]);
    expect(subtitlesToTranscript(cues).text).toBe('Anna: Ja, dat klopt.\n\nBram: Nee hoor.\n\nAnna: Toch wel.');
  });

  it('a < that opens no tag is text (before: "3 < 5 en 7 > 6" became "3  6"); tags and time stamps are stripped', () => {
    const cues = parseSubtitles('1\n00:00:01,000 --> 00:00:02,000\nIk vind 3 < 5 en 7 > 6 <i>logisch</i>.\n\n2\n00:00:02,000 --> 00:00:03,000\n<c.geel>Goed</c> <00:00:02.500>zo <font color="red">dan</font>\n');
    expect(cues.map((c) => c.text)).toEqual(['Ik vind 3 < 5 en 7 > 6 logisch.', 'Goed zo dan']);
  });

  it('a one-word line after a blank line inside a cue joins the cue (before: dropped as a "cue number")', () => {
    const warnings: SubtitleWarning[] = [];
    const cues = parseSubtitles('WEBVTT\n\n00:00:04.000 --> 00:00:06.000\n<v Anna>Klopt dat?\n\nJa.\n\n7\n\n00:00:07.000 --> 00:00:08.000\n<v Bram>Oké.\n', (w) => warnings.push(w));
    expect(cues.map((c) => [c.speaker, c.text])).toEqual([
      ['Anna', 'Klopt dat? Ja.'],
      ['Bram', 'Oké.'],
    ]);
    expect(warnings.map((w) => [w.line, w.ruleId])).toEqual([
      [6, 'subtitle-no-timing'],
      [8, 'subtitle-no-timing'],
    ]);
    expect(warnings[1].message).toContain('"7"');
  });
});

describe('REFI-QDA codebooks (.qdc)', () => {
  const qdc = (codes: string, sets = '') =>
    `<?xml version="1.0" encoding="utf-8"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>${codes}</Codes>${sets}</CodeBook>`;
  const code = (guid: string, name: string, inner = '') => `<Code guid="${guid}" name="${name}" isCodable="true">${inner}</Code>`;

  it('two codes whose names give one id: the second gets a numbered id, said with both places (before: renamed in silence)', () => {
    const r = parseQdc(qdc(code('a', 'Samen werken') + code('b', 'samen-werken', code('c', 'Samen Werken'))), { file: 'x.qdc' });
    expect(r.book!.codes.map((c) => c.id)).toEqual(['samen-werken', 'samen-werken-2', 'samen-werken-3']);
    const d = r.diagnostics.find((x) => x.ruleId === 'qdc-duplicate-id')!;
    expect(d).toMatchObject({ severity: 'warning', file: 'x.qdc', path: '/CodeBook/Codes/Code[2]' });
    expect(d.message).toContain('"samen-werken" (/CodeBook/Codes/Code[2]) → samen-werken-2, as "samen-werken" is /CodeBook/Codes/Code[1]');
    expect(d.message).toContain('"Samen Werken" (/CodeBook/Codes/Code[2]/Code[1]) → samen-werken-3');
  });

  it('sets of codes are named as not read (before: ignored in silence)', () => {
    const r = parseQdc(qdc(code('a', 'Overleg') + code('b', 'Afstemming'), '<Sets><Set guid="s" name="Samenwerking"><MemberCode targetGUID="a"/><MemberCode targetGUID="b"/></Set></Sets>'), { file: 'x.qdc' });
    expect(r.book!.codes).toHaveLength(2);
    expect(r.diagnostics.find((x) => x.ruleId === 'qdc-sets-not-read')?.message).toContain('"Samenwerking" (2 codes)');
  });
});

describe('.odt footnotes and comments', () => {
  it('are said with their count and the first one\'s words (before: left out in silence)', async () => {
    const { zipSync, strToU8 } = await import('fflate');
    const { readOdtText } = await import('../../src/ingest/read-odt.js');
    const content = `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.2">
<office:body><office:text>
<text:p>Interviewer: Hoe vaak overleggen jullie?</text:p>
<text:p>Lotte: Elke week<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>Behalve in de zomer.</text:p></text:note-body></text:note>, op maandag.<office:annotation><dc:creator>Onderzoeker</dc:creator><text:p>Vraag na wie er bij is.</text:p></office:annotation></text:p>
</office:text></office:body></office:document-content>`;
    const bytes = zipSync({ mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }], 'content.xml': strToU8(content) });
    const diags: import('../../src/model/types.js').Diagnostic[] = [];
    const text = await readOdtText(bytes, 'notes.odt', (d) => diags.push(d));
    expect(text).toBe('Interviewer: Hoe vaak overleggen jullie?\n\nLotte: Elke week, op maandag.');
    expect(diags.map((d) => [d.ruleId, d.file])).toEqual([
      ['odt-notes-not-read', 'notes.odt'],
      ['odt-comments-not-read', 'notes.odt'],
    ]);
    expect(diags[0].message).toBe('1 footnote/endnote is not read as text (the first in paragraph 2: "Behalve in de zomer.")');
    expect(diags[1].message).toContain('(the first in paragraph 2: "Vraag na wie er bij is.")');
  });
});
