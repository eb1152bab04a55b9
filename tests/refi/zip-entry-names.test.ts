/**
 * Zip entries with odd names: a name in the DOS code page (no UTF-8 flag, as Windows zip tools write
 * it), a name with decomposed accents (a Mac's zip), a path written with %20, and two entries of one
 * name. Before: the first three sources were "not in the archive" and came without their text, and of
 * two entries of one name the later one was read over the first without a word.
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { parseRefiProject } from '../../src/ingest/read-refi.js';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import type { Diagnostic } from '../../src/model/types.js';

const G = (n: number) => `e0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const XML = `<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Sources>
<TextSource guid="${G(10)}" name="dos" plainTextPath="internal://Müller.txt"/>
<TextSource guid="${G(11)}" name="mac" plainTextPath="internal://Zoë.txt"/>
<TextSource guid="${G(12)}" name="pct" plainTextPath="internal://Interview%20Anna.txt"/>
<TextSource guid="${G(13)}" name="twice" plainTextPath="internal://d.txt"/>
</Sources></Project>`;

/** The archive, its names patched as other tools write them: "MXller" in CP437 (ü = 0x81), "e.txt" renamed to a second "d.txt". */
function archive(): Uint8Array {
  const z = Buffer.from(
    zipSync({
      'project.qde': strToU8(XML),
      'sources/MXller.txt': strToU8('Anna: uit Windows.\n'),
      'sources/Zoe\u0308.txt': strToU8('Anna: van een Mac.\n'),
      'sources/Interview Anna.txt': strToU8('Anna: met een spatie.\n'),
      'sources/d.txt': strToU8('Anna: de eerste.\n'),
      'sources/e.txt': strToU8('Anna: de tweede.\n'),
    }),
  );
  const patch = (from: Buffer, to: Buffer) => {
    let n = 0;
    for (let i = z.indexOf(from); i >= 0; i = z.indexOf(from, i + 1)) (z.set(to, i), n++);
    expect(n).toBe(2); // local header and central directory
  };
  patch(Buffer.from('sources/MXller'), Buffer.from([...Buffer.from('sources/M'), 0x81, ...Buffer.from('ller')]));
  patch(Buffer.from('sources/e.txt'), Buffer.from('sources/d.txt'));
  return new Uint8Array(z);
}

describe('refi import: zip entries with odd names', () => {
  it('finds each source (CP437, NFD, %20) and reads the first of two entries of one name, and says so', async () => {
    const diags: Diagnostic[] = [];
    const imp = await parseRefiProject(archive(), 'odd.qdpx', { report: (d) => diags.push(d) });
    expect(imp.doc.sources.map((s) => [s.id, s.text])).toEqual([
      ['dos', 'Anna: uit Windows.\n'],
      ['mac', 'Anna: van een Mac.\n'],
      ['pct', 'Anna: met een spatie.\n'],
      ['twice', 'Anna: de eerste.\n'],
    ]);
    expect(diags.filter((d) => d.ruleId === 'missing-source-file')).toEqual([]);
    const dup = diags.filter((d) => d.ruleId === 'duplicate-entry');
    expect(dup).toHaveLength(1);
    expect(dup[0].message).toBe('the archive holds 1 name(s) more than once: "sources/d.txt" (2×); the first entry of each is read, the others are not');
    expect(dup[0].file).toBe('odd.qdpx');
    const dos = diags.filter((d) => d.ruleId === 'entry-name-cp437');
    expect(dos.map((d) => [d.severity, d.message])).toEqual([['info', '1 entry name(s) are not UTF-8 and are read as the DOS code page 437, as Windows zip tools write them: "sources/Müller.txt"']]);
  });

  it('through the CLI: the warning on stderr, the archive left as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-refi-zipnames-'));
    writeFileSync(join(dir, 'odd.qdpx'), archive());
    const before = readFileSync(join(dir, 'odd.qdpx'));
    const io = memoryIo(dir);
    expect(await main(['refi', 'import', 'odd.qdpx', '-o', 'out'], io)).toBe(0);
    expect(io.err()).toContain('"sources/d.txt" (2×); the first entry of each is read');
    expect(readFileSync(join(dir, 'out', 'sources', 'twice.txt'), 'utf8')).toBe('Anna: de eerste.\n');
    expect(readFileSync(join(dir, 'odd.qdpx')).equals(before)).toBe(true);
  });
});
