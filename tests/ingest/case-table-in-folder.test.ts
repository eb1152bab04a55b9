/**
 * A case table in a source folder (a column naming sources, `bron`, and none naming respondents)
 * is a case table whatever its other columns: one with an `opmerking` column (notes per source)
 * was read as a questionnaire source, its notes coded as answers. It is named, not read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/io.js';
import { readCodings } from '../../src/ingest/read-codings.js';

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'qda-case-table-'));
  mkdirSync(join(work, 'd'));
  writeFileSync(join(work, 'd/r1.txt'), 'Interviewer: Hoe werkt het?\nR: We vertrouwen elkaar.\nInterviewer: En verder?\nR: Prima.\n');
  writeFileSync(join(work, 'd/kenmerken.csv'), 'bron;team;opmerking\nr1;jeugd;vertrouwen is laag volgens de teamleider\n');
  writeFileSync(join(work, 'd/antwoorden.csv'), 'respondent,bron,antwoord\np1,web,We werken goed samen met het wijkteam.\np2,papier,Er is weinig vertrouwen tussen de partners.\n');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a case table in a source folder', () => {
  it('is not read as a source, and is named with how to apply it; an answers table with a respondent column still is', async () => {
    const io = memoryIo(work);
    expect(await main(['code', 'd', '-c', 'kaats-opheij', '-o', 'c.json'], io)).toBe(0);
    expect(io.err()).toMatch(/d\/kenmerken\.csv:1: warning: not read as a source and not applied: this table in the folder has a "bron" column \(a case table: attributes per source\)/);
    const doc = await readCodings(join(work, 'c.json'));
    expect(doc.sources.map((s) => s.id).sort()).toEqual(['antwoorden', 'r1']);
  });
});
