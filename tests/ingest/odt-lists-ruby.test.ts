/**
 * An .odt's numbered list lost its numbers without a word (`Vraag 3:` drawn by LibreOffice, not
 * typed: a question's number gone from its turn), and a ruby (small text over words) was glued to
 * its base (`下町shitamachi`: neither word found by a rule). The numbers are now said with their
 * count and the first (odt-list-numbers-not-read, as the .docx reader has them); the ruby is read
 * as its base, then its text in parentheses, and said as info (odt-ruby-read). Our own invented text.
 */
import { describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { readOdtText } from '../../src/ingest/read-odt.js';
import type { Diagnostic } from '../../src/model/types.js';

const NS =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"';
const odt = (body: string, auto = '') =>
  zipSync({
    mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }],
    'content.xml': strToU8(`<?xml version="1.0" encoding="UTF-8"?><office:document-content ${NS}><office:automatic-styles>${auto}</office:automatic-styles><office:body><office:text>${body}</office:text></office:body></office:document-content>`),
  });

async function read(bytes: Uint8Array) {
  const said: Diagnostic[] = [];
  const text = await readOdtText(bytes, 'x.odt', (d) => said.push(d));
  return { text, said, rules: said.map((d) => d.ruleId) };
}

describe('.odt numbered lists and ruby', () => {
  it('the numbers of a numbered list are said with their count and the first as shown; bullets are not', async () => {
    const r = await read(
      odt(
        '<text:p>Interviewer: Ik heb drie vragen.</text:p><text:list text:style-name="L1"><text:list-item><text:p>Hoe lang woont u hier?</text:p></text:list-item><text:list-item><text:p>Wat is er veranderd?</text:p><text:list><text:list-item><text:p>in de straat</text:p></text:list-item></text:list></text:list-item></text:list>' +
          '<text:list text:style-name="L2"><text:list-item><text:p>een punt</text:p></text:list-item></text:list><text:p>Respondent: Sinds 2011.</text:p>',
        '<text:list-style style:name="L1"><text:list-level-style-number text:level="1" style:num-prefix="Vraag " style:num-suffix=":" style:num-format="1" text:start-value="3"/><text:list-level-style-number text:level="2" style:num-suffix=")" style:num-format="a"/></text:list-style><text:list-style style:name="L2"><text:list-level-style-bullet text:level="1" text:bullet-char="•"/></text:list-style>',
      ),
    );
    expect(r.rules).toEqual(['odt-list-numbers-not-read']);
    expect(r.said[0].message).toContain('3 paragraphs are numbered');
    expect(r.said[0].message).toContain('(the first: "Vraag 3:", before paragraph 2)');
    expect(r.text).toContain('Hoe lang woont u hier?');
  });

  it('a list with bullets only, or numbering without a number, says nothing', async () => {
    const r = await read(
      odt('<text:list text:style-name="L2"><text:list-item><text:p>een punt</text:p></text:list-item></text:list>', '<text:list-style style:name="L2"><text:list-level-style-bullet text:level="1" text:bullet-char="•"/></text:list-style>'),
    );
    expect(r.rules).toEqual([]);
  });

  it('a ruby is read as its base, then its text in parentheses; said as info', async () => {
    const r = await read(odt('<text:p>Respondent: Wij zeggen <text:ruby text:style-name="Ru1"><text:ruby-base>下町</text:ruby-base><text:ruby-text>shitamachi</text:ruby-text></text:ruby>, de oude stad.</text:p>'));
    expect(r.text).toBe('Respondent: Wij zeggen 下町 (shitamachi), de oude stad.');
    expect(r.rules).toEqual(['odt-ruby-read']);
    expect(r.said[0].severity).toBe('info');
  });
});
