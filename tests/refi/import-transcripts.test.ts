/**
 * A recording's transcript (AudioSource/VideoSource > Transcript, as QualCoder exports a transcribed
 * recording) is a text: imported as a text source with the codings of its TranscriptSelections,
 * placed by the positions of their SyncPoints, and the recording's memo and case. Before, the
 * recording was skipped and the warning counted only its AudioSelection codings: the transcript's
 * text and codings were lost without a word.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { parseRefiProject } from '../../src/ingest/read-refi.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import type { Diagnostic } from '../../src/model/types.js';

const G = (n: number) => `f0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const TEXT = 'Interviewer: Hoe was het?\nAnna: We vertrouwen elkaar.\n';
const XML = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Opnames">
<Users><User guid="${G(900)}" name="fem"/></Users>
<CodeBook><Codes><Code guid="${G(1)}" name="Vertrouwen" isCodable="true"/></Codes></CodeBook>
<Cases><Case guid="${G(700)}" name="Anna"><SourceRef targetGUID="${G(13)}"/></Case></Cases>
<Sources>
<AudioSource guid="${G(13)}" name="anna.m4a" path="internal://${G(13)}.m4a">
<Description>Opgenomen in de kantine</Description>
<Transcript guid="${G(14)}" name="anna.m4a.transcribed" plainTextPath="internal://${G(14)}.txt">
<SyncPoint guid="${G(40)}" position="32" timeStamp="4000"/>
<SyncPoint guid="${G(41)}" position="54" timeStamp="6000"/>
<SyncPoint guid="${G(42)}" timeStamp="9000"/>
<TranscriptSelection guid="${G(22)}" name="anna.m4a" fromSyncPoint="${G(40)}" toSyncPoint="${G(41)}" creatingUser="${G(900)}"><Description>Zonder aarzelen</Description><Coding guid="${G(32)}" creatingUser="${G(900)}"><CodeRef targetGUID="${G(1)}"/></Coding></TranscriptSelection>
<TranscriptSelection guid="${G(23)}" name="anna.m4a" fromSyncPoint="${G(40)}" toSyncPoint="${G(42)}"><Coding guid="${G(33)}"><CodeRef targetGUID="${G(1)}"/></Coding></TranscriptSelection>
</Transcript>
<AudioSelection guid="${G(24)}" begin="0" end="1000"><Coding guid="${G(34)}"><CodeRef targetGUID="${G(1)}"/></Coding></AudioSelection>
</AudioSource>
</Sources>
</Project>`;
const line = (n: number) => XML.split('\n').findIndex((l) => l.includes(`guid="${G(n)}"`)) + 1;
const zip = () => zipSync({ 'project.qde': strToU8(XML), [`sources/${G(14)}.txt`]: strToU8(TEXT) });

describe("refi import of a recording's transcript", () => {
  it('is a text source with its placed codings, the recording\'s memo and case; what cannot be placed is said', async () => {
    const diags: Diagnostic[] = [];
    const imp = await parseRefiProject(zip(), 'rec.qdpx', { report: (d) => diags.push(d) });
    expect(imp.doc.sources.map((s) => [s.id, s.case, s.kind, s.text, s.meta])).toEqual([
      ['anna.m4a.transcribed', 'Anna', 'transcript', TEXT, { memos: ['Opgenomen in de kantine'], refiName: 'anna.m4a.transcribed' }],
    ]);
    expect(imp.doc.codings.map((c) => [c.code, c.coder, c.start, c.end, [...TEXT].slice(c.start, c.end).join(''), c.memo ?? ''])).toEqual([['vertrouwen', 'fem', 32, 54, 'We vertrouwen elkaar.\n', 'Zonder aarzelen']]);
    expect(imp.doc.codings[0].segmentId).toBeDefined();
    const said = (rule: string) => diags.filter((d) => d.ruleId === rule).map((d) => [d.line, d.message]);
    expect(said('transcript-selection-unplaced')).toEqual([
      [line(23), `1 selection(s) of a transcript (${G(14)}) start or end at a SyncPoint without a position in the text; their 1 coding(s) are not imported (the first at this line)`],
    ]);
    expect(said('unsupported-source')).toEqual([
      [line(13), '1 AudioSource element(s) skipped ("anna.m4a") with their 1 coding(s): only text (and PDF text representations) are imported; the transcripts of 1 of them are imported as text sources, with the codings of their passages'],
    ]);
    expect(said('coding-not-imported')).toEqual([]);
    expect(said('case-unknown-source')).toEqual([]);
  });

  it('qda refi import writes the transcript as a source and leaves the .qdpx byte-identical', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-refi-transcript-'));
    try {
      const bytes = zip();
      writeFileSync(join(dir, 'rec.qdpx'), bytes);
      const io = memoryIo(dir);
      expect(await main(['refi', 'import', 'rec.qdpx', '-o', 'imp'], io), io.err()).toBe(0);
      expect(io.out()).toContain('1 sources, 1 codes, 1 codings, 1 coders');
      expect(readFileSync(join(dir, 'imp', 'sources', 'anna.m4a.transcribed.txt'), 'utf8')).toBe(TEXT);
      expect(readFileSync(join(dir, 'imp', 'cases.csv'), 'utf8')).toBe('source,case\nanna.m4a.transcribed,Anna\n');
      expect(Buffer.compare(readFileSync(join(dir, 'rec.qdpx')), Buffer.from(bytes))).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
