/**
 * One GUID on several elements of a project (two sources, notes, users, variables, selections): said
 * with each element's line; a note's texts are joined, the rest goes to the first. Before, the later
 * note's text, user's name or variable's name replaced the first's, and a case's source was two
 * sources, without a word.
 */
import { describe, it, expect } from 'vitest';
import { zipSync, strToU8 } from 'fflate';
import { parseRefiProject } from '../../src/ingest/read-refi.js';
import type { Diagnostic } from '../../src/model/types.js';

const G = (n: number) => `e0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const T = 'Anna: We trust each other.\nBram: It costs too much.\n';
const XML = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="h" origin="ATLAS.ti 23">
<Users><User guid="${G(900)}" name="ann"/><User guid="${G(900)}" name="bob"/></Users>
<CodeBook><Codes><Code guid="${G(1)}" name="Trust" isCodable="true"/><Code guid="${G(2)}" name="Positive" isCodable="true"><Code guid="${G(3)}" name="Trust" isCodable="true"/></Code></Codes></CodeBook>
<Variables><Variable guid="${G(50)}" name="age" typeOfVariable="Text"/><Variable guid="${G(50)}" name="role" typeOfVariable="Text"/></Variables>
<Cases><Case guid="${G(40)}" name="c1"><SourceRef targetGUID="${G(10)}"/></Case></Cases>
<Sources>
<TextSource guid="${G(10)}" name="a" plainTextPath="internal://a.txt"><PlainTextSelection guid="${G(20)}" name="We trust each other." startPosition="6" endPosition="26" creatingUser="${G(900)}"><Coding guid="${G(30)}" creatingUser="${G(900)}"><CodeRef targetGUID="${G(1)}"/><NoteRef targetGUID="${G(800)}"/></Coding></PlainTextSelection><VariableValue><VariableRef targetGUID="${G(50)}"/><TextValue>41</TextValue></VariableValue></TextSource>
<TextSource guid="${G(10)}" name="b" plainTextPath="internal://b.txt"><PlainTextSelection guid="${G(21)}" name="It costs too much." startPosition="33" endPosition="50"><Coding guid="${G(31)}"><CodeRef targetGUID="${G(3)}"/></Coding></PlainTextSelection></TextSource>
</Sources>
<Notes><Note guid="${G(800)}" creationDateTime="2024-01-01T00:00:00Z"><PlainTextContent>first note</PlainTextContent></Note>
<Note guid="${G(800)}" creationDateTime="2024-01-01T00:00:00Z"><PlainTextContent>second note, same GUID</PlainTextContent></Note></Notes>
</Project>`;

describe('refi import: one GUID on several elements', () => {
  it('is said with each element\'s line; the notes\' texts are joined, the user and variable are the first', async () => {
    const diags: Diagnostic[] = [];
    const imp = await parseRefiProject(zipSync({ 'project.qde': strToU8(XML), 'sources/a.txt': strToU8(T), 'sources/b.txt': strToU8(T) }), 'dup.qdpx', { report: (d) => diags.push(d) });
    const said = diags.filter((d) => d.ruleId === 'duplicate-guid');
    expect(said).toHaveLength(1);
    expect(said[0].message).toBe(
      `4 GUID(s) are used by more than one element: ${G(900)} (User at line 3, User at line 3); ${G(50)} (Variable at line 5, Variable at line 5); ${G(10)} (TextSource at line 8, TextSource at line 9); ${G(800)} (Note at line 11, Note at line 12); what refers to such a GUID (a coding's user, a variable value, a link) goes to the first of those elements, the texts of notes of one GUID are joined, and a case or set that names such a source holds them all`,
    );
    expect(said[0].line).toBe(3);
    expect(said[0].file).toBe('dup.qdpx:project.qde');
    const c = imp.doc.codings.find((k) => k.sourceId === 'a')!;
    expect(c.memo).toBe('first note\n\nsecond note, same GUID');
    expect(c.coder).toBe('ann');
    expect(imp.doc.sources[0].attributes).toEqual({ age: '41' });
    expect(imp.cases.map((k) => [k.source, k.case])).toEqual([['a', 'c1'], ['b', 'c1']]);
    // two codes of one name under different parents: the second's id told apart, and where it is
    expect(diags.find((d) => d.ruleId === 'duplicate-code')?.message).toBe('two codes map to the id "trust"; the second ("Trust" under "Positive") is "trust-2"');
  });
});
