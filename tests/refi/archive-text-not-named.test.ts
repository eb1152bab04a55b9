import { describe, expect, it } from 'vitest';
import { zipSync, strToU8 } from 'fflate';
import { parseRefiProject } from '../../src/ingest/read-refi.js';
import type { Diagnostic } from '../../src/model/types.js';

const G = (n: number) => `c0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const X = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Tuinen">
  <CodeBook><Codes><Code guid="${G(1)}" name="Buren" isCodable="true"/></Codes></CodeBook>
  <Sources>
    <TextSource guid="${G(10)}" name="tuin-1" plainTextPath="internal://${G(10)}.txt">
      <PlainTextSelection guid="${G(20)}" startPosition="0" endPosition="5"><Coding guid="${G(30)}"><CodeRef targetGUID="${G(1)}"/></Coding></PlainTextSelection>
    </TextSource>
    <TextSource guid="${G(11)}" name="tuin &amp; erf" plainTextPath="internal://tuin%20%26%20erf.txt"/>
  </Sources>
  <Notes><Note guid="${G(70)}" name="n" plainTextPath="internal://${G(70)}.txt"/></Notes>
</Project>`;

describe('refi import: a text file in the archive that the project does not name', () => {
  it('is said with its name and first words (it was passed over without a word)', async () => {
    const diags: Diagnostic[] = [];
    const zip = zipSync({
      'project.qde': strToU8(X),
      [`sources/${G(10)}.txt`]: strToU8('Buren helpen elkaar.'),
      'sources/tuin & erf.txt': strToU8('Het erf is van iedereen.'),
      [`sources/${G(70)}.txt`]: strToU8('Een memo.'),
      [`sources/${G(12)}.txt`]: strToU8('De   moestuin ligt achter het huis.'),
    });
    const imp = await parseRefiProject(zip, 'tuinen.qdpx', { report: (d) => diags.push(d) });
    expect(imp.doc.sources.map((s) => s.id)).toEqual(['tuin-1', 'tuin & erf']);
    const d = diags.filter((x) => x.ruleId === 'archive-text-not-named');
    expect(d.map((x) => x.message)).toEqual([`the archive holds 1 text file(s) that no source or note of the project names: "sources/${G(12)}.txt" ("De moestuin ligt achter het huis."); not imported`]);
    expect(d[0].file).toBe('tuinen.qdpx');
  });

  it('says nothing when every text file is named', async () => {
    const diags: Diagnostic[] = [];
    const zip = zipSync({
      'project.qde': strToU8(X),
      [`sources/${G(10)}.txt`]: strToU8('Buren helpen elkaar.'),
      'sources/tuin & erf.txt': strToU8('Het erf is van iedereen.'),
      [`sources/${G(70)}.txt`]: strToU8('Een memo.'),
    });
    await parseRefiProject(zip, 'tuinen.qdpx', { report: (d) => diags.push(d) });
    expect(diags.filter((x) => x.ruleId === 'archive-text-not-named')).toEqual([]);
  });
});
