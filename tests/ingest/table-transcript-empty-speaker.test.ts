import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qdaLeavingInputs } from '../helpers/inputs-untouched.js';

/**
 * A transcript exported as a table (`Speaker,Start,Text`) with a row whose speaker cell is empty
 * (a long turn split over two rows): the row was a turn of no one (role other), its words in no
 * respondent's text, without a word. Now it goes on with the speaker of the row above, as a line
 * without a name does in a text transcript, and is said (`turn-without-speaker`). Invented content.
 */
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'qda-table-no-speaker-'));
  writeFileSync(
    join(dir, 't.csv'),
    'Speaker,Start,Text\n,00:00:00,Goedemiddag allemaal en welkom bij dit gesprek.\nInterviewer,00:00:01,Hoe gaat het met de samenwerking in de wijk?\nAnna,00:00:05,Het gaat goed met de samenwerking hier.\n,00:00:09,En ook met de buren gaat het eigenlijk prima.\nInterviewer,00:00:12,Kunt u een voorbeeld geven van iets?\nAnna,00:00:15,Ja de moestuin die we samen hebben opgezet.\n',
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a table transcript row with words and no speaker', () => {
  it('is the turn of the speaker above, said with its line; one with no speaker above is said too', async () => {
    const r = await qdaLeavingInputs(dir, ['segments', 't.csv', '-f', 'json']);
    expect(r.code, r.err).toBe(0);
    const segs = (JSON.parse(r.out) as { segments: Array<{ speaker: string | null; role: string; text: string; meta: Record<string, string> }> }).segments;
    const row5 = segs.find((s) => s.meta.row === '5')!;
    expect([row5.speaker, row5.role, row5.text]).toEqual(['Anna', 'respondent', 'En ook met de buren gaat het eigenlijk prima.']);
    expect(segs.find((s) => s.meta.row === '2')!.speaker).toBeNull();
    expect(r.err).toContain('t.csv:2: warning: 2 rows have words but an empty "Speaker" cell: line 5 read as the speaker of the row above ("Anna"), as a line without a name goes on with the turn before it; line 2 read as no one\'s (no speaker above): in no respondent\'s text [ingest:turn-without-speaker]');
  });
});
