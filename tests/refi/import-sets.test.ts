/**
 * Sets of sources (MAXQDA's document groups, ATLAS.ti's document groups, QualCoder's exports):
 * each member source gets an attribute named by the set with the set's name as its value, as
 * QualCoder imports them, so `compare --by` can group by it; what a set holds besides sources
 * (codes, notes, a picture) is said. Before, the sets were counted and dropped.
 */
import { describe, expect, it } from 'vitest';
import { zipSync, strToU8 } from 'fflate';
import { parseRefiProject } from '../../src/ingest/read-refi.js';
import { refiCasesCsv } from '../../src/export/refi-write.js';

const G = (n: number) => `a3000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const XML = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Groepen">
<CodeBook><Codes><Code guid="${G(1)}" name="Overleg" isCodable="true"/></Codes></CodeBook>
<Variables><Variable guid="${G(600)}" name="Noord" typeOfVariable="Text"/></Variables>
<Sources>
<TextSource guid="${G(10)}" name="anna"><PlainTextContent>Anna: ja.</PlainTextContent></TextSource>
<TextSource guid="${G(11)}" name="bert"><PlainTextContent>Bert: nee.</PlainTextContent><VariableValue><VariableRef targetGUID="${G(600)}"/><TextValue>deels</TextValue></VariableValue></TextSource>
<PictureSource guid="${G(12)}" name="foto.png" path="internal://foto.png"/>
</Sources>
<Sets>
<Set guid="${G(500)}" name="Noord"><MemberSource targetGUID="${G(10)}"/><MemberSource targetGUID="${G(11)}"/><MemberSource targetGUID="${G(12)}"/><MemberCode targetGUID="${G(1)}"/></Set>
<Set guid="${G(501)}" name="Jong"><MemberSource targetGUID="${G(10)}"/></Set>
</Sets>
</Project>`;
const line = (n: number) => XML.split('\n').findIndex((l) => l.includes(`guid="${G(n)}"`)) + 1;

describe('refi import of Sets', () => {
  it('gives member sources an attribute per set, and says what is not imported', async () => {
    const imp = await parseRefiProject(zipSync({ 'project.qde': strToU8(XML) }), 's.qdpx');
    expect(imp.doc.sources.map((s) => [s.id, s.attributes])).toEqual([
      ['anna', { Noord: 'Noord', Jong: 'Jong' }],
      ['bert', { Noord: 'deels' }],
    ]);
    expect(refiCasesCsv(imp)).toBe('source,case,Jong,Noord\nanna,anna,Jong,Noord\nbert,bert,,deels\n');
    const said = (rule: string) => imp.diagnostics.filter((d) => d.ruleId === rule).map((d) => [d.line, d.message]);
    expect(said('set-name-taken')).toEqual([[line(500), 'source "bert" is in the set "Noord", but it has a variable of that name ("deels"); the variable\'s value is kept']]);
    expect(said('not-imported')).toEqual([
      [line(500), "the project's 2 Set(s) (<Sets>): the sources of 2 are given an attribute named by the set (its name as the value), as QualCoder imports them; not imported: 1 code member(s), 1 member(s) that are no source imported (a picture, a recording without a transcript, a missing source)"],
    ]);
  });
});
