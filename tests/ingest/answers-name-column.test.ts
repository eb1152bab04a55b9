/**
 * An answers table whose respondent column is named `naam`/`name` (`naam;antwoord`): each row was
 * a respondent "row N" of its own, so one person on two rows was counted as two, without a word.
 * The column is now the respondent (after the id columns: `respondent`, `id`, … come first), and a
 * name on several rows is said (respondent-on-several-rows). A case table in a folder (`bron;naam;groep`)
 * is still a case table.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';

describe('an answers table with a name column', () => {
  it('reads the name as the respondent and says a name on several rows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-answers-name-'));
    writeFileSync(join(dir, 'n.csv'), 'naam;antwoord\nAnna;Het gaat goed met de samenwerking\nAnna;Niet zo goed met het overleg\nBen;Prima\n');
    const io = memoryIo(dir);
    expect(await main(['segments', 'n.csv', '--format', 'csv'], io), io.err()).toBe(0);
    const speakers = io.out().trim().split('\n').slice(1).map((l) => l.split(',')[7]);
    expect(speakers).toEqual(['Anna', 'Anna', 'Ben']);
    expect(io.err()).toContain('[ingest:respondent-on-several-rows]');
    // an id column comes first
    writeFileSync(join(dir, 'm.csv'), 'respondent;naam;antwoord\nr1;Anna;Het gaat goed\nr2;Bram;Het gaat niet goed\n');
    const io2 = memoryIo(dir);
    expect(await main(['segments', 'm.csv', '--format', 'csv'], io2), io2.err()).toBe(0);
    expect(io2.out().trim().split('\n').slice(1).map((l) => l.split(',')[7])).toEqual(['r1', 'r2']);
  });

  it('a case table in a folder is still a case table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qda-answers-name-cases-'));
    writeFileSync(join(dir, 'cases.csv'), 'bron;naam;groep\na.txt;Anna;wijkcoach\n');
    writeFileSync(join(dir, 'a.txt'), 'Interviewer: Hoe gaat het?\n\nAnna: Goed.\n');
    const io = memoryIo(dir);
    expect(await main(['segments', '.', '--format', 'csv'], io), io.err()).toBe(0);
    expect(io.err()).toContain('[ingest:cases-table-not-applied]');
    expect(io.out()).not.toContain('cases#');
  });
});
