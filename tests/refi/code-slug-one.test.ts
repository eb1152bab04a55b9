/**
 * One code name, one id, whichever way it comes in. The .qdc reader kept the accents of a name
 * (`Coördinatie` → `coördinatie`) and the .qdpx reader took them off (`coordinatie`): the same code
 * of another program had two ids, and codings of it from the two files were counted as two codes.
 * Now both readers use one slug (model/refi.ts), as a codebook.yaml writes the id. A project qdakit
 * itself wrote before keeps the ids it had (read with the slug of its export).
 */
import { describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { parseCodebook } from '../../src/codebook/parse-codebook.js';
import { parseQdc } from '../../src/codebook/parse-qdc.js';
import { parseRefiProject } from '../../src/ingest/read-refi.js';
import { buildRefiProject, zipRefiProject } from '../../src/export/refi-project.js';
import { renderCodebookQdc } from '../../src/export/codebook-qdc.js';
import { codeWords, mkSource } from './helpers.js';
import type { CodingsDocument } from '../../src/model/types.js';

const YAML = `id: gemeente
name: {nl: Gemeente}
language: nl
codes:
  - id: coördinatie
    name: {nl: Coördinatie}
  - id: één-loket
    name: {nl: Één loket}
  - id: ελληνικά
    name: {nl: Ελληνικά}
`;
const G = (n: number) => `f2000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const codesXml = `<Codes>
<Code guid="${G(1)}" name="Coördinatie" isCodable="true"/>
<Code guid="${G(2)}" name="Één loket" isCodable="true"/>
<Code guid="${G(3)}" name="Ελληνικά" isCodable="true"/>
</Codes>`;
const QDC = `<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="ATLAS.ti">${codesXml}</CodeBook>`;
const project = (origin: string) => `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Gemeente" origin="${origin}">
<CodeBook>${codesXml}</CodeBook>
<Sources>
<TextSource guid="${G(10)}" name="gesprek" plainTextPath="internal://${G(10)}.txt">
<PlainTextSelection guid="${G(20)}" startPosition="0" endPosition="4"><Coding guid="${G(30)}"><CodeRef targetGUID="${G(1)}"/></Coding></PlainTextSelection>
</TextSource>
</Sources>
</Project>`;
const qdpx = (xml: string) => zipSync({ 'project.qde': strToU8(xml), [`sources/${G(10)}.txt`]: strToU8('Goed gedaan.\n') });

describe('a code named with accents or in another script', () => {
  it('gets the same id from a codebook.yaml, a .qdc and a REFI-QDA project of another program', async () => {
    const yaml = parseCodebook(YAML, { file: 'gemeente.yaml' }).codes.map((c) => c.id);
    expect(yaml).toEqual(['coördinatie', 'één-loket', 'ελληνικά']);
    const qdc = parseQdc(QDC, { file: 'atlas.qdc' });
    expect(qdc.book?.codes.map((c) => c.id)).toEqual(yaml);
    const refi = await parseRefiProject(qdpx(project('ATLAS.ti 24')), 'atlas.qdpx');
    // (the project's were coordinatie, een-loket and code-3)
    expect(refi.codebook.codes.map((c) => c.id)).toEqual(yaml);
    expect(refi.doc.codings.map((c) => c.code)).toEqual(['coördinatie']);
  });

  it('a project qdakit wrote before (no qdakit-id where the name gave the id without accents) keeps its ids', async () => {
    const refi = await parseRefiProject(qdpx(project('qdakit 0.19.0')), 'old.qdpx');
    expect(refi.codebook.codes.map((c) => c.id)).toEqual(['coordinatie', 'een-loket', 'code-3']);
    expect(refi.doc.codings.map((c) => c.code)).toEqual(['coordinatie']);
  });

  it('qdakit ids with accents, and without them under an accented name, come back from qda refi export and a .qdc', async () => {
    const src = mkSource('g1', 'We stemmen af via één loket.\n');
    const book = parseCodebook(YAML.replace('  - id: ελληνικά', '  - id: coordinatie-oud\n    name: {nl: Coördinatie oud}\n  - id: ελληνικά'), { file: 'g.yaml' });
    const ids = book.codes.map((c) => c.id);
    const doc: CodingsDocument = {
      provenance: { tool: 'qdakit', version: '0.1.0' },
      codebooks: [{ id: 'gemeente' }],
      codes: book.codes.map((c) => ({ id: c.id, name: c.name })),
      sources: [src],
      segments: [],
      codings: [codeWords(src, 'We stemmen af', 'coördinatie', 'human'), codeWords(src, 'één loket', 'één-loket', 'human'), codeWords(src, 'via', 'coordinatie-oud', 'human')],
    };
    const back = await parseRefiProject(await zipRefiProject(buildRefiProject(doc, { name: 'g' })), 'g.qdpx');
    expect(back.codebook.codes.map((c) => c.id)).toEqual(ids);
    expect(back.doc.codings.map((c) => c.code).sort()).toEqual(['coordinatie-oud', 'coördinatie', 'één-loket']);
    const qdc = parseQdc(renderCodebookQdc(book, 'nl'), { file: 'g.qdc' });
    expect(qdc.book?.codes.map((c) => c.id)).toEqual(ids);
  });

  it('a .qdc whose qdakit ids differ only in case (Trust, trust) tells the second apart and says it (both were kept, and the codebook refused as look-alike ids)', () => {
    const qdc = `<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="MAXQDA"><Codes>
<Code guid="${G(1)}" name="Vertrouwen" isCodable="true"><Description>(qdakit id: Trust)</Description></Code>
<Code guid="${G(2)}" name="Vertrouwen oud" isCodable="true"><Description>(qdakit id: trust)</Description></Code>
</Codes></CodeBook>`;
    const r = parseQdc(qdc, { file: 'm.qdc' });
    expect(r.book?.codes.map((c) => c.id)).toEqual(['Trust', 'trust-2']);
    expect(r.diagnostics.find((d) => d.ruleId === 'qdc-duplicate-id')?.message).toBe(
      '1 code would get the id of a code before it, and is given a numbered id: "Vertrouwen oud" (/CodeBook/Codes/Code[2]) → trust-2, as "Trust" is /CodeBook/Codes/Code[1] (its id "trust" differs from it only in case, Unicode form or spaces, which labels read as one)',
    );
  });
});
