/**
 * Codes in no codebook are kept under their label key, so spellings that differ in letter case,
 * spaces or underscores become one code ("Vertrouwen", "vertrouwen ", "VERTROUWEN" → "vertrouwen").
 * The warning named the first spelling only: the others were merged into it unseen. Now every
 * spelling is named with its count and place (a codings file's rows; markers' lines).
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { readCodings } from '../../src/ingest/read-codings.js';

const TEXT = 'Interviewer: Hoe werken jullie samen?\nAnna: We overleggen elke week samen in het team.\nInterviewer: En verder?\nAnna: We vertrouwen elkaar.\n';

describe('spellings of a code in no codebook kept as one code', () => {
  it('a codings file: the warning names all three spellings, with counts and lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-spellings-'));
    
    writeFileSync(join(dir, 'r1.txt'), TEXT);
    const csv = 'source,segment,code,coder\nr1,1,Vertrouwen,anna\nr1,3,vertrouwen,anna\nr1,3,VERTROUWEN,bob\nr1,1,VERTROUWEN,anna\n';
    writeFileSync(join(dir, 'c.csv'), csv);
    const io = memoryIo(dir);
    expect(await main(['code', 'r1.txt', '-c', 'coordination-collaboration', '--no-rules', '--codings', 'c.csv', '-o', 'o.json'], io)).toBe(0);
    expect(io.err()).toContain(
      'c.csv:2: warning: 3 spellings of a code that is in no codebook (they differ in letter case, spaces or underscores) are kept as one uncategorised human code "vertrouwen": "Vertrouwen" (1 coding, first on line 2), "vertrouwen" (1 coding, first on line 3), "VERTROUWEN" (2 codings, first on line 4) [coding:unknown-code]',
    );
    expect((await readCodings(join(dir, 'o.json'))).codings.map((c) => c.code)).toEqual(['vertrouwen', 'vertrouwen', 'vertrouwen', 'vertrouwen']);
    expect(readFileSync(join(dir, 'c.csv'), 'utf8')).toBe(csv);
    expect(readFileSync(join(dir, 'r1.txt'), 'utf8')).toBe(TEXT);
  });
  it('markers: the warning names all three spellings with their lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-spellings-markers-'));
    const text = 'Interviewer: Hoe?\nAnna: We overleggen. {{Vertrouwen}}\nInterviewer: En?\nAnna: Wij ook. {{vertrouwen }} en {{VERTROUWEN}}\n';
    writeFileSync(join(dir, 'r2.txt'), text);
    const io = memoryIo(dir);
    expect(await main(['code', 'r2.txt', '-c', 'coordination-collaboration', '--no-rules', '-o', 'o.json'], io)).toBe(0);
    expect(io.err()).toContain(
      'r2.txt:2:22: warning: markers name a code that is in no codebook in 3 spellings (letter case, spaces or underscores): "Vertrouwen" (line 2), "vertrouwen" (line 4), "VERTROUWEN" (line 4); all are kept as one uncategorised human code "vertrouwen" [coding:unknown-code]',
    );
    expect(readFileSync(join(dir, 'r2.txt'), 'utf8')).toBe(text);
  });
  it('one spelling: the warning as before', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-spellings-one-'));
    writeFileSync(join(dir, 'r1.txt'), TEXT);
    writeFileSync(join(dir, 'c.csv'), 'source,segment,code,coder\nr1,1,Vertrouwen,anna\nr1,3,Vertrouwen,anna\n');
    const io = memoryIo(dir);
    expect(await main(['code', 'r1.txt', '-c', 'coordination-collaboration', '--no-rules', '--codings', 'c.csv', '-o', 'o.json'], io)).toBe(0);
    expect(io.err()).toContain('c.csv:2: warning: code "Vertrouwen" is in no codebook (first on line 2); kept as an uncategorised human code "vertrouwen" [coding:unknown-code]');
  });
});
