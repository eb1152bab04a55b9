/**
 * Code ids that a project restores (qdakit-id lines) and that differ only in case or in how an accent
 * is encoded (NFC, NFD) are one code to qdakit's labels and codings tables. Before: imported as two ids,
 * and the codebook.yaml written was refused by qda codebook validate (look-alike-code-ids); now the
 * second is told apart and said with its line. Ids that differ by an accent (coördinatie, coordinatie)
 * are two codes and stay so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { readCodings } from '../../src/ingest/read-codings.js';
import { importQdpx } from '../helpers/refi-import.js';

const G = (n: number) => `f1000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const NFD = 'coo\u0308rdinatie';
const XML = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Ids">
<CodeBook><Codes>
<Code guid="${G(1)}" name="Coördinatie" isCodable="true"><Description>qdakit-id: coördinatie</Description></Code>
<Code guid="${G(2)}" name="Coördinatie (oud)" isCodable="true"><Description>qdakit-id: ${NFD}</Description></Code>
<Code guid="${G(3)}" name="Coordinatie" isCodable="true"><Description>qdakit-id: coordinatie</Description></Code>
<Code guid="${G(4)}" name="Vertrouwen" isCodable="true"><Description>qdakit-id: Trust</Description></Code>
<Code guid="${G(5)}" name="vertrouwen" isCodable="true"><Description>qdakit-id: trust</Description></Code>
</Codes></CodeBook>
<Sources>
<TextSource guid="${G(10)}" name="gesprek" plainTextPath="internal://${G(10)}.txt">
<PlainTextSelection guid="${G(20)}" startPosition="0" endPosition="4"><Coding guid="${G(30)}"><CodeRef targetGUID="${G(2)}"/></Coding><Coding guid="${G(31)}"><CodeRef targetGUID="${G(5)}"/></Coding><Coding guid="${G(32)}"><CodeRef targetGUID="${G(3)}"/></Coding></PlainTextSelection>
</TextSource>
</Sources>
</Project>`;
const line = (n: number) => XML.split('\n').findIndex((l) => l.includes(`guid="${G(n)}"`)) + 1;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-refi-ids-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('refi import: code ids that differ only in case or Unicode form', () => {
  it('are told apart and said with their line; the codebook written validates; codings stay with their own code', async () => {
    const err = await importQdpx(dir, 'ids.qdpx', XML, G(10), 'Goed gedaan.\n');
    expect(err).toContain(
      `ids.qdpx:project.qde:${line(2)}: warning: the id "${NFD}" of the code "Coördinatie (oud)" differs from the id of an earlier code, "coördinatie", only in how an accent is encoded (Unicode NFC and NFD), and qdakit reads such ids as one code; it is imported as "${NFD}-2" [ingest:duplicate-code]`,
    );
    expect(err).toContain(`ids.qdpx:project.qde:${line(5)}: warning: the id "trust" of the code "vertrouwen" differs from the id of an earlier code, "Trust", only in case, and qdakit reads such ids as one code; it is imported as "trust-2" [ingest:duplicate-code]`);
    // (an accent more or less: two codes, nothing to say)
    expect(err).not.toContain('"coordinatie"');
    const v = memoryIo(dir);
    expect(await main(['codebook', 'validate', 'imp/codebook.yaml'], v), v.err()).toBe(0);
    const doc = await readCodings('imp/codings.json', { cwd: dir });
    expect(doc.codings.map((c) => c.code).sort()).toEqual(['coordinatie', `${NFD}-2`, 'trust-2'].sort());
  });
});
