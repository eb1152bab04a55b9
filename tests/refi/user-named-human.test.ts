/**
 * A project whose user is named "human" (qdakit's coder for codings without a coder) with codings
 * that name no user: those were read as coder "human" too, one coder with that user's codings in
 * every count and in qda agree, while the warning said to "rename coder human" (which renamed
 * both). Now they are coder "human-2", said.
 */
import { describe, it, expect } from 'vitest';
import { zipSync, strToU8 } from 'fflate';
import { parseRefiProject } from '../../src/ingest/read-refi.js';

const guid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const TEXT = 'Interviewer: Hoe gaat het?\nRespondent: Goed, we werken samen.\nInterviewer: En verder?\nRespondent: Vertrouwen is er ook.\n';

function project(user: string): Uint8Array {
  const a = TEXT.indexOf('Goed');
  const b = TEXT.indexOf('Vertrouwen');
  const qde = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="p" origin="handmade">
<Users><User guid="${guid(1)}" name="${user}"/></Users>
<CodeBook><Codes><Code guid="${guid(2)}" name="Samenwerking" isCodable="true"/></Codes></CodeBook>
<Sources>
<TextSource guid="${guid(3)}" name="r1" plainTextPath="internal://${guid(3)}.txt">
<PlainTextSelection guid="${guid(4)}" startPosition="${a}" endPosition="${a + 4}" creatingUser="${guid(1)}"><Coding guid="${guid(5)}" creatingUser="${guid(1)}"><CodeRef targetGUID="${guid(2)}"/></Coding></PlainTextSelection>
<PlainTextSelection guid="${guid(6)}" startPosition="${b}" endPosition="${b + 10}"><Coding guid="${guid(7)}"><CodeRef targetGUID="${guid(2)}"/></Coding></PlainTextSelection>
</TextSource>
</Sources>
</Project>`;
  return zipSync({ 'project.qde': strToU8(qde), [`sources/${guid(3)}.txt`]: strToU8(TEXT) });
}

describe('refi import: codings without a user beside a user named "human"', () => {
  it('are coder "human-2", said; the user keeps "human"', async () => {
    const r = await parseRefiProject(project('human'), 'p.qdpx');
    expect(r.doc.codings.map((c) => c.coder)).toEqual(['human', 'human-2']);
    const d = r.diagnostics.find((x) => x.ruleId === 'coding-without-user')!;
    expect(d.message).toContain('their coder is "human-2" (the first in source "r1"), not "human": a user of the project is named so, and its codings stay that user\'s');
    expect(d.hint).toContain('rename coder "human-2"');
  });

  it('beside another user they are "human", as before', async () => {
    const r = await parseRefiProject(project('anna'), 'p.qdpx');
    expect(r.doc.codings.map((c) => c.coder)).toEqual(['anna', 'human']);
  });
});
