/**
 * A CSV table has no place for the notes under it ("these code ids are defined in more than one
 * codebook; their codings are counted together in one row", who coded, what a cell counts): they
 * were dropped without a word. Now each note goes to stderr, with where it belongs.
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

describe('notes of a table written as CSV', () => {
  it('every note of the table is on stderr (matrix, compare, agree), the CSV itself unchanged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-csv-notes-'));
    writeFileSync(join(dir, 'c.csv'), 'source,segment,code,coder,group\np1,1,trust,ann,north\np2,1,time,ann,south\np1,1,trust,bob,north\np2,1,trust,bob,south\n');
    for (const args of [['matrix', 'c.csv', '--cols', 'group'], ['compare', 'c.csv', '--by', 'group'], ['agree', 'c.csv']]) {
      const json = memoryIo(dir);
      expect(await main([...args, '--format', 'json'], json), json.err()).toBe(0);
      const parsed = JSON.parse(json.out());
      const notes: string[] = (Array.isArray(parsed) ? parsed : [parsed]).flatMap((t: { notes: string[] }) => t.notes);
      expect(notes.length, args[0]).toBeGreaterThan(0);
      const io = memoryIo(dir);
      expect(await main([...args, '--format', 'csv', '-o', `${args[0]}.csv`], io)).toBe(0);
      for (const n of notes) expect(io.err(), `${args[0]}: ${n}`).toContain(`  - ${n}\n`);
      expect(io.err()).toContain(`${args[0]}.csv: the CSV has no place for the`);
      expect(readFileSync(join(dir, `${args[0]}.csv`), 'utf8')).not.toContain(notes[0]);
    }
  });
});
