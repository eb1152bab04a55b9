import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseQdc } from '../../src/codebook/parse-qdc.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

/**
 * What a .qdc cannot carry, said both ways: a colour another program wrote in a form qdakit does
 * not hold (#RRGGBBAA, a name) was dropped on import without a word; a codebook's version and
 * reference were left out of the exported .qdc without a word.
 */
describe('REFI-QDA codebooks: colours and the codebook version', () => {
  it('import: a colour that is not #RRGGBB or #RGB is named with its code and place', () => {
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
<Code guid="a" name="Overleg" isCodable="true" color="#FF8800"/>
<Code guid="b" name="Afstemming" isCodable="true" color="#FF8800CC"><Code guid="c" name="Bellen" isCodable="true" color="red"/></Code>
</Codes></CodeBook>`;
    const r = parseQdc(xml, { file: 'x.qdc' });
    expect(r.book!.codes.map((c) => [c.id, c.color])).toEqual([
      ['overleg', '#FF8800'],
      // (session 21: a colour with transparency is read without it, and said)
      ['afstemming', '#FF8800'],
      ['bellen', undefined],
    ]);
    const d = r.diagnostics.find((x) => x.ruleId === 'qdc-color-not-read')!;
    expect(d.severity).toBe('warning');
    expect(d.message).toBe('1 code colour is not #RRGGBB and is not read: "Bellen" (/CodeBook/Codes/Code[2]/Code[1]): red');
    expect(r.diagnostics.find((x) => x.ruleId === 'qdc-color-alpha')!.message).toBe('1 code colour is written with a transparency (#RRGGBBAA), which a qdakit codebook does not hold, and read without it: "Afstemming" (/CodeBook/Codes/Code[2]): #FF8800CC as #FF8800');
  });

  it('export: the version and reference the .qdc does not hold are said; the codebook is left as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-qdc-said-'));
    writeFileSync(join(dir, 'cb.yaml'), 'id: vol\nversion: "2.0"\nreference: "Auteur (2020)"\ncodes:\n  - id: a\n    definition: Def a\n');
    const before = readFileSync(join(dir, 'cb.yaml'));
    const io = memoryIo(dir);
    const code = await main(['codebook', 'export', 'cb.yaml', '--format', 'qdc', '--lang', 'nl', '-o', 'cb.qdc'], io);
    expect(code, io.err()).toBe(0);
    expect(io.err()).toContain("the codebook's version (2.0) and reference; they are not in the .qdc (export --format yaml or json to keep them) [cli:qdc-drops-operationalisation]");
    expect(readFileSync(join(dir, 'cb.qdc'), 'utf8')).not.toMatch(/2\.0|Auteur/);
    expect(readFileSync(join(dir, 'cb.yaml')).equals(before)).toBe(true);
  });
});
