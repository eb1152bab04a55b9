/**
 * A Coding with two CodeRefs (the schema allows one; a project merged by hand or by a script writes
 * them): the codes after the first were dropped without a word. Now each is a coding of its own,
 * with the passage and coder, said (`coding-several-code-refs`).
 */
import { describe, it, expect } from 'vitest';
import { zipSync, strToU8 } from 'fflate';
import { parseRefiProject } from '../../src/ingest/read-refi.js';

const guid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const TEXT = 'Interviewer: Hoe gaat het?\nRespondent: Goed, we werken samen en vertrouwen elkaar.\n';

describe('refi import: a Coding with several CodeRefs', () => {
  it('gives a coding of each code, said', async () => {
    const a = TEXT.indexOf('we werken');
    const b = TEXT.indexOf(' en vertrouwen');
    const qde = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="p" origin="handmade">
<Users><User guid="${guid(1)}" name="anna"/></Users>
<CodeBook><Codes><Code guid="${guid(2)}" name="Samenwerking" isCodable="true"/><Code guid="${guid(3)}" name="Vertrouwen" isCodable="true"/></Codes></CodeBook>
<Sources>
<TextSource guid="${guid(4)}" name="r1" plainTextPath="internal://${guid(4)}.txt">
<PlainTextSelection guid="${guid(5)}" startPosition="${a}" endPosition="${b}" creatingUser="${guid(1)}"><Coding guid="${guid(6)}" creatingUser="${guid(1)}"><CodeRef targetGUID="${guid(2)}"/><CodeRef targetGUID="${guid(3)}"/></Coding></PlainTextSelection>
</TextSource>
</Sources>
</Project>`;
    const r = await parseRefiProject(zipSync({ 'project.qde': strToU8(qde), [`sources/${guid(4)}.txt`]: strToU8(TEXT) }), 'p.qdpx');
    expect(r.doc.codings.map((c) => [c.code, c.coder, c.start, c.end])).toEqual([
      ['samenwerking', 'anna', a, b],
      ['vertrouwen', 'anna', a, b],
    ]);
    const d = r.diagnostics.find((x) => x.ruleId === 'coding-several-code-refs')!;
    expect(d.message).toContain('1 CodeRef(s) stand in a Coding after its first one');
    expect(d.line).toBe(7);
    expect(r.diagnostics.map((x) => x.ruleId)).not.toContain('coding-not-imported');
  });
});
