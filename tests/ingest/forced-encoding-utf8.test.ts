/**
 * `--encoding windows-1252` on a file that is valid UTF-8 reads "café" as "cafÃ©" in every
 * segment: it is read as asked, and said with the first such character's place. A real
 * Windows-1252 file, or one of ASCII only, says nothing.
 */
import { describe, expect, it } from 'vitest';
import { decodeBytes } from '../../src/ingest/decode.js';
import type { Diagnostic } from '../../src/model/types.js';

async function read(bytes: Uint8Array) {
  const said: Diagnostic[] = [];
  const d = await decodeBytes(bytes, { file: 'f.txt', encoding: 'windows-1252', report: (x) => said.push(x) });
  return { text: d.text, said: said.filter((x) => x.ruleId === 'forced-encoding-looks-utf8') };
}

describe('--encoding windows-1252 on UTF-8', () => {
  it('UTF-8 with é: read as asked, warned with the place', async () => {
    const r = await read(Buffer.from('Interviewer: Hoe?\nR: Het café is dicht.\n', 'utf8'));
    expect(r.text).toContain('cafÃ©');
    expect(r.said).toHaveLength(1);
    expect(r.said[0]).toMatchObject({ severity: 'warning', line: 2, column: 11 });
    expect(r.said[0].message).toMatch(/the first "é" at line 2, column 11/);
  });
  it('Windows-1252 bytes, or ASCII only: nothing said', async () => {
    expect((await read(Buffer.from('R: Het caf\xe9 is dicht.\n', 'latin1'))).said).toEqual([]);
    expect((await read(Buffer.from('R: plain text\n', 'utf8'))).said).toEqual([]);
  });
});
