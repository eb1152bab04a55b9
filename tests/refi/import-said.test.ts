import { describe, expect, it } from 'vitest';
import { zipSync, strToU8 } from 'fflate';
import { parseRefiProject } from '../../src/ingest/read-refi.js';
import type { Diagnostic } from '../../src/model/types.js';

const G = (n: number) => `b0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('refi import: two users of one name', () => {
  const X = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Twee Anna's">
  <Users><User guid="${G(900)}" name="anna"/>
  <User guid="${G(901)}" name="anna"/></Users>
  <CodeBook><Codes><Code guid="${G(1)}" name="Overleg" isCodable="true"/></Codes></CodeBook>
  <Sources>
    <TextSource guid="${G(10)}" name="gesprek">
      <PlainTextContent>Bert: we overleggen elke week.</PlainTextContent>
      <PlainTextSelection guid="${G(20)}" startPosition="6" endPosition="17"><Coding guid="${G(30)}" creatingUser="${G(900)}"><CodeRef targetGUID="${G(1)}"/></Coding></PlainTextSelection>
      <PlainTextSelection guid="${G(21)}" startPosition="6" endPosition="17"><Coding guid="${G(31)}" creatingUser="${G(901)}"><CodeRef targetGUID="${G(1)}"/></Coding></PlainTextSelection>
    </TextSource>
  </Sources>
</Project>`;
  it('keeps their codings apart (the second with a number) and names both GUIDs', async () => {
    const diags: Diagnostic[] = [];
    const imp = await parseRefiProject(zipSync({ 'project.qde': strToU8(X) }), 'twee.qdpx', { report: (d) => diags.push(d) });
    expect(imp.doc.codings.map((c) => c.coder).sort()).toEqual(['anna', 'anna-2']);
    const d = diags.find((x) => x.ruleId === 'refi-user-name-twice');
    expect(d?.message).toBe(`two users are named "anna" (GUIDs ${G(900)} and ${G(901)}); their codings are kept apart: the second user's as coder "anna-2"`);
    expect(d?.line).toBe(X.split('\n').findIndex((l) => l.includes(`guid="${G(901)}"`)) + 1);
  });
});

describe('refi import: a selection that starts outside every segment (in a speaker label)', () => {
  const X = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Voor de eerste beurt">
  <CodeBook><Codes><Code guid="${G(1)}" name="Overleg" isCodable="true"/></Codes></CodeBook>
  <Sources>
    <TextSource guid="${G(10)}" name="gesprek">
      <PlainTextContent>Interview 3, 12 mei

Interviewer: Hoe gaat het?
Bert: we overleggen elke week.</PlainTextContent>
      <PlainTextSelection guid="${G(20)}" startPosition="48" endPosition="63"><Coding guid="${G(30)}"><CodeRef targetGUID="${G(1)}"/></Coding></PlainTextSelection>
      <PlainTextSelection guid="${G(21)}" startPosition="54" endPosition="64"><Coding guid="${G(31)}"><CodeRef targetGUID="${G(1)}"/></Coding></PlainTextSelection>
    </TextSource>
  </Sources>
</Project>`;
  it('is kept without a segment, and said with its line', async () => {
    const diags: Diagnostic[] = [];
    const imp = await parseRefiProject(zipSync({ 'project.qde': strToU8(X) }), 'voor.qdpx', { report: (d) => diags.push(d) });
    expect(imp.doc.codings.map((c) => c.segmentId ?? null)).toEqual([null, 'gesprek#2']);
    const d = diags.find((x) => x.ruleId === 'selection-outside-segments');
    expect(d?.message).toMatch(/^source "gesprek": 1 coding\(s\) of selections that start outside every segment .* are imported without a segment/);
    expect(d?.line).toBe(X.split('\n').findIndex((l) => l.includes(`guid="${G(30)}"`)) + 1);
  });
});

describe('refi import: who coded, and which case, when the project says it otherwise', () => {
  const X = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Anders gezegd">
  <Users><User guid="${G(900)}" name="fem"/></Users>
  <CodeBook><Codes><Code guid="${G(1)}" name="Overleg" isCodable="true"/></Codes></CodeBook>
  <Variables><Variable guid="${G(600)}" name="case" typeOfVariable="Text"/></Variables>
  <Cases><Case guid="${G(700)}" name="Team A"><SourceRef targetGUID="${G(10)}"/></Case></Cases>
  <Sources>
    <TextSource guid="${G(10)}" name="gesprek">
      <PlainTextContent>Bert: we overleggen elke week.</PlainTextContent>
      <PlainTextSelection guid="${G(20)}" startPosition="6" endPosition="17" modifyingUser="${G(900)}"><Coding guid="${G(30)}"><CodeRef targetGUID="${G(1)}"/></Coding></PlainTextSelection>
      <VariableValue><VariableRef targetGUID="${G(600)}"/><TextValue>Team B</TextValue></VariableValue>
    </TextSource>
  </Sources>
</Project>`;
  const line = (n: number) => X.split('\n').findIndex((l) => l.includes(`guid="${G(n)}"`)) + 1;
  it('a selection with only a modifyingUser: that user is the coder, and said (was "human", silently)', async () => {
    const imp = await parseRefiProject(zipSync({ 'project.qde': strToU8(X) }), 'm.qdpx');
    expect(imp.doc.codings.map((c) => c.coder)).toEqual(['fem']);
    const d = imp.diagnostics.find((x) => x.ruleId === 'coder-from-modifying-user');
    expect(d?.line).toBe(line(20));
    expect(d?.message).toBe('source "gesprek": 1 coding(s) name no creatingUser, and their selection only the user who modified it (modifyingUser): that user is their coder (the first at this line)');
  });
  it('a source in a Case whose variable "case" names another: the variable\'s case, and said (was silent)', async () => {
    const imp = await parseRefiProject(zipSync({ 'project.qde': strToU8(X) }), 'm.qdpx');
    expect(imp.cases).toEqual([{ source: 'gesprek', case: 'Team B', attributes: {} }]);
    const d = imp.diagnostics.find((x) => x.ruleId === 'source-case-differs');
    expect(d?.line).toBe(line(10));
    expect(d?.message).toBe(`source "gesprek" is in the case "Team A" (line ${line(700)}) and its variable "case" says "Team B"; it is imported under "Team B" (with the values of "Team A")`);
  });
});
