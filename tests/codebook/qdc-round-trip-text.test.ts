import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseQdc, splitQdcDescription } from '../../src/codebook/parse-qdc.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

/**
 * A .qdc round trip kept a list item's line breaks as spaces (an example quote of two lines came
 * back as one), and a definition with a paragraph "Examples:" followed by "- " lines came back as
 * the code's examples, its definition cut short. Both come back as written now.
 */
describe('REFI-QDA codebooks: definitions and list items come back as written', () => {
  const yaml = `id: rt
codes:
  - id: a
    name: {nl: Overleg}
    definition: |-
      Samen praten.

      Voorbeelden:
      - iets dat geen voorbeeld is
    examples:
      nl:
        - "I: Hoe ging dat?\\nR: Goed, we belden elke week."
        - een regel
    include:
      nl: ["eerste\\n\\ntweede alinea"]
  - id: b
    name: {nl: Bellen}
    definition: "Examples:\\n- als definitie geschreven"
`;

  it('qda codebook export --format qdc, then back to YAML: the same definitions, examples and criteria; the files left as they were', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-qdc-rt-'));
    writeFileSync(join(dir, 'cb.yaml'), yaml);
    const before = readFileSync(join(dir, 'cb.yaml'));
    let io = memoryIo(dir);
    expect(await main(['codebook', 'export', 'cb.yaml', '--format', 'qdc', '--lang', 'nl', '-o', 'cb.qdc'], io), io.err()).toBe(0);
    const qdc = readFileSync(join(dir, 'cb.qdc'));
    io = memoryIo(dir);
    expect(await main(['codebook', 'export', 'cb.qdc', '--format', 'yaml', '-o', 'back.yaml'], io), io.err()).toBe(0);
    const back = parse(readFileSync(join(dir, 'back.yaml'), 'utf8')) as { codes: Array<Record<string, { nl?: unknown }>> };
    expect(back.codes[0].definition.nl).toBe('Samen praten.\n\nVoorbeelden:\n- iets dat geen voorbeeld is');
    expect(back.codes[0].examples.nl).toEqual(['I: Hoe ging dat?\nR: Goed, we belden elke week.', 'een regel']);
    expect(back.codes[0].include.nl).toEqual(['eerste\n\ntweede alinea']);
    expect(back.codes[1].definition.nl).toBe('Examples:\n- als definitie geschreven');
    expect(back.codes[1].examples).toBeUndefined();
    expect(readFileSync(join(dir, 'cb.yaml')).equals(before)).toBe(true);
    expect(readFileSync(join(dir, 'cb.qdc')).equals(qdc)).toBe(true);
  });

  it('a Description written by another program (or an older qdakit) reads as before', () => {
    expect(splitQdcDescription('Samen praten.\n\nExamples:\n- een\n- twee\n\n(qdakit id: a)')).toEqual({ id: 'a', definition: 'Samen praten.', examples: ['een', 'twee'] });
    // a paragraph with a line that is neither an item nor its continuation is definition text
    expect(splitQdcDescription('Examples:\n- een\nlos\n\nInclude:\n- x')).toEqual({ definition: 'Examples:\n- een\nlos', include: ['x'] });
    const xml = '<?xml version="1.0"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="g" name="Overleg" isCodable="true"><Description>Def.\n\nVoorbeelden:\n- regel een\n  regel twee</Description></Code></Codes></CodeBook>';
    expect(parseQdc(xml, { file: 'x.qdc' }).book!.codes[0]).toMatchObject({ definition: { nl: 'Def.' }, examples: { nl: ['regel een\nregel twee'] } });
  });
});
