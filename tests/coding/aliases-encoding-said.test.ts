/**
 * An alias file (qda code --aliases) was decoded and parsed without a report: a Windows-1252 byte
 * in a UTF-8 file, or a quote inside a value, was read without a word (an alias garbled that way
 * never matches its markers). Now said as in every other table (invalid-utf8, quote-inside-value).
 * (Found by hunttable.) Our own words.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

describe('an alias file decoded and parsed with a report', () => {
  it('a Windows-1252 byte in a UTF-8 alias file is said with its line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-aliases-enc-'));
    writeFileSync(join(dir, 'a.txt'), 'Anna: We werken samen in de buurt. {{overleggen}}\n');
    writeFileSync(join(dir, 'aliases.csv'), Buffer.concat([Buffer.from('label,code\nco'), Buffer.from([0xf6]), Buffer.from('rdinatie,communication\ncaf\u00e9,exchange\novergleggen,"common "discussions"\n')]));
    const io = memoryIo(dir);
    expect(await main(['code', 'a.txt', '-c', 'coordination-collaboration', '--aliases', 'aliases.csv', '-o', 'c.json'], io), io.err()).not.toBe(1);
    expect(io.err()).toContain('aliases.csv:2:3: warning: 1 byte(s) on this line are not valid UTF-8 (0xF6)');
    expect(io.err()).toContain('[ingest:quote-inside-value]');
  });
});
