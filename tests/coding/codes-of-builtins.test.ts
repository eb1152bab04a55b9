/**
 * Codes in the markers or a codings file that no loaded codebook holds, but a built-in codebook
 * that was not given does (`{{exchange}}` coded with only `-c kaats-opheij`): each was said on its
 * own as "in no codebook" (with the nearest codes of kaats-opheij) and kept flat, without the one
 * fix that reads them all. Now one warning names the built-ins, their codes found and the `-c`.
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { codesOfOtherBuiltins } from '../../src/ingest/codes-of-builtins.js';
import { readCodebook } from '../../src/ingest/read-codebook.js';
import { readCodings } from '../../src/ingest/read-codings.js';

const TEXT =
  'Interviewer: Hoe werken jullie samen?\n' +
  'Respondent: We wisselen elke week gegevens uit met het wijkteam. {{exchange}}\n' +
  'Interviewer: En met de huisarts?\n' +
  'Respondent: Daar helpen we elkaar, dat is echt samenwerken. {{Helping, zomaar-iets}}\n';

describe('codes of a built-in codebook that was not given', () => {
  it('markers: one warning names the built-in, its codes and the -c; codings and inputs unchanged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-other-builtin-'));
    writeFileSync(join(dir, 'r1.txt'), TEXT);
    const io = memoryIo(dir);
    expect(await main(['code', 'r1.txt', '-c', 'kaats-opheij', '--no-rules', '-o', 'o.json'], io)).toBe(0);
    const err = io.err();
    expect(err).toContain(
      'warning: 2 codes found in the markers or codings that no codebook of this run holds are codes of the built-in codebook not given: coordination-collaboration (Coordination and collaboration in support activities): "exchange", "Helping"; kept as uncategorised codes, outside that codebook\'s tree [coding:codes-of-builtin-not-given]',
    );
    expect(err).toContain('hint: to read them as its codes, add -c coordination-collaboration (or under codebooks: in qda.yaml)');
    // (a label no built-in holds is not named)
    expect(err.split('\n').find((l) => l.includes('codes-of-builtin-not-given'))).not.toContain('zomaar');
    const doc = await readCodings(join(dir, 'o.json'));
    expect(doc.codings.map((c) => c.code).sort()).toEqual(['exchange', 'helping', 'zomaar-iets']);
    expect(readFileSync(join(dir, 'r1.txt'), 'utf8')).toBe(TEXT);
  });

  it('with that codebook given, nothing is said and the markers read as its codes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-other-builtin-given-'));
    writeFileSync(join(dir, 'r1.txt'), TEXT);
    const io = memoryIo(dir);
    expect(await main(['code', 'r1.txt', '-c', 'kaats-opheij', '-c', 'coordination-collaboration', '--no-rules', '-o', 'o.json'], io)).toBe(0);
    expect(io.err()).not.toContain('codes-of-builtin-not-given');
  });

  it('a codings file (the whole-document path): said the same way', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-other-builtin-csv-'));
    const text = 'Interviewer: Hoe?\nRespondent: We wisselen gegevens uit.\n';
    writeFileSync(join(dir, 'r1.txt'), text);
    const csv = 'source,segment,code,coder\nr1,2,exchange,anna\n';
    writeFileSync(join(dir, 'c.csv'), csv);
    const io = memoryIo(dir);
    expect(await main(['code', 'r1.txt', '-c', 'kaats-opheij', '--no-rules', '--codings', 'c.csv', '-o', 'o.json'], io)).toBe(0);
    expect(io.err()).toContain('are codes of the built-in codebook not given: coordination-collaboration'.replace('are codes', 'is a code'));
    expect(readFileSync(join(dir, 'c.csv'), 'utf8')).toBe(csv);
  });

  it('a near miss of a built-in code is not claimed; several built-ins are each named', async () => {
    const kaats = await readCodebook('kaats-opheij', { cwd: process.cwd() });
    expect(await codesOfOtherBuiltins([{ id: 'exchanges', name: { en: 'exchanges', nl: 'exchanges' } }], [kaats], process.cwd())).toHaveLength(1);
    expect(await codesOfOtherBuiltins([{ id: 'exchangx', name: { en: 'exchangx', nl: 'exchangx' } }], [kaats], process.cwd())).toEqual([]);
    const [d] = await codesOfOtherBuiltins([{ id: 'coordination', name: { en: 'Coordination', nl: 'Coordination' } }], [kaats], process.cwd());
    expect(d.message).toContain('built-in codebooks not given: ');
    expect(d.message).toContain('coordination-collaboration (');
    expect(d.message).toContain('hovik-hanssen (');
    expect(d.hint).toContain('-c coordination-collaboration or -c hovik-hanssen');
    expect(await codesOfOtherBuiltins([], [kaats], process.cwd())).toEqual([]);
  });
});
